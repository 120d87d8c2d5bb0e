"""Interventions and security assistance, prepared for the page (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from src.data.text import file_name

# The page's filters: URL parameter -> (widget label, what an empty filter means).
FILTERS = {
    "actor": ("Actor", "All actors"),
    "target": ("Target country", "All targets"),
    "kind": ("Kind of support", "All kinds"),
}
CONTEXT_REMARK = "ro-intervention-by-invitation"
SAID = "What the report says (paraphrased)"  # the relations table's column of the report's words


def relation_view(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's relations with readable target names."""
    names = tables["countries"].set_index("iso3")["name"]
    rows = tables["report_interventions"].copy()
    rows["target"] = [
        names.get(t, t) if isinstance(t, str) else f"{r} (continent-wide)"
        for t, r in zip(rows["target_iso3"], rows["target_region"], strict=True)
    ]
    return rows


def filter_options(relations: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Actors, target country codes and kinds of support, each in a stable order."""
    actors = list(dict.fromkeys(relations["actor"].astype(str)))
    targets = sorted(relations["target_iso3"].dropna().astype(str).unique())
    kinds = list(dict.fromkeys(relations["support_kind"].astype(str)))
    return actors, targets, kinds


def filter_relations(
    relations: pd.DataFrame, actor: Sequence[str] = (), target: Sequence[str] = (), kind: Sequence[str] = ()
) -> pd.DataFrame:
    """Relations matching every non-empty filter (an empty filter means all)."""
    keep = pd.Series(True, index=relations.index)
    for column, chosen in (("actor", actor), ("target_iso3", target), ("support_kind", kind)):
        if chosen:
            keep &= relations[column].isin(chosen)
    return relations[keep]


def file_stem(filters: dict[str, Sequence[str]]) -> str:
    """'interventions-Russia-SYR' for the filters chosen; 'interventions' for all."""
    return file_name("interventions", *(value for key in FILTERS for value in filters.get(key, ())))


def context_remark(tables: Mapping[str, pd.DataFrame]) -> str | None:
    """The report's remark on when African regional organizations intervene, as cited context."""
    remarks = tables["report_remarks"].set_index("remark_id")
    if CONTEXT_REMARK not in remarks.index:
        return None
    remark = remarks.loc[CONTEXT_REMARK]
    return f"Context (report, fn {remark['footnote']}): {remark['paraphrase']}"


def inferred_text(inferred: object, why: object) -> str:
    """'start year: <why>' for a row with an inferred part; '' for a row the report states whole."""
    return f"{inferred}: {why}" if isinstance(inferred, str) and inferred else ""


def start_text(year: object, inferred: object) -> str:
    """'2011', '2011 (inferred)' or 'not stated'."""
    if pd.isna(year):
        return "not stated"
    return f"{int(year)} (inferred)" if inferred == "start year" else str(int(year))


def inferred_line(relations: pd.DataFrame) -> str | None:
    """The relations with an inferred part, in one sentence (for a figure's subtitle and the page)."""
    rows = relations[relations["inferred"].fillna("").ne("")]
    if rows.empty:
        return None
    parts = [
        f"{r.actor} → {r.target}"
        + (f" from {int(r.start_year)}" if r.inferred == "start year" else "")
        + f" ({'the relation' if r.inferred == 'relation' else 'the start year'})"
        for r in rows.itertuples()
    ]
    return "Inferred, not stated by the report: " + "; ".join(parts) + "."


def relation_table(relations: pd.DataFrame) -> pd.DataFrame:
    """The relations for reading (and CSV); an empty start year means the report states none; a
    relation or start year the report does not state but the project inferred says so, and why."""
    return pd.DataFrame(
        {
            "Actor": relations["actor_name"],
            "Kind of actor": relations["actor_kind"],
            "Target": relations["target"],
            "Kind of support": relations["support_kind"],
            "From (year)": [
                start_text(y, i) for y, i in zip(relations["start_year"], relations["inferred"], strict=True)
            ],
            "Inferred, not stated (why)": [
                inferred_text(i, w)
                for i, w in zip(relations["inferred"], relations["inferred_why"], strict=True)
            ],
            "Footnote": relations["footnote"],
            "Also see footnotes": relations["related_footnotes"].str.replace(";", ", ").fillna(""),
            SAID: relations["paraphrase"],
        }
    ).reset_index(drop=True)


def said_first(table: pd.DataFrame, lead: tuple[str, ...] = ("Actor", "Target")) -> pd.DataFrame:
    """The relations table as a page shows it: what the report says right after who and whom (`lead`),
    so that on a narrow window the key column is never behind a sideways scroll."""
    first = [*lead, SAID]
    return table[first + [c for c in table.columns if c not in first]]
