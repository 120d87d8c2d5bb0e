"""Headline figures for the overview page, computed from the data package (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from src import pages
from src.analysis import arms, coups
from src.data.meta import Meta, footnote_refs
from src.data.text import count, pct, window_label


@dataclass(frozen=True)
class Headline:
    """One card. label and value are short (a card is about 230 px wide at 1280 px, and Streamlit
    cuts what does not fit); `what` finishes the sentence the value starts (period included);
    `page` and `query` are the view the card summarises."""

    label: str
    value: str
    source: str  # footnote or dataset and version
    detail: str = ""
    what: str = ""
    page: str = ""
    query: dict[str, str] = field(default_factory=dict)
    link: str = ""  # the link's words: what opens
    key: str = ""  # stays the same when the data move the period or the value (the change record's key)


def _arms_headlines(view: pd.DataFrame, meta: Meta) -> list[Headline]:
    """Russia's and China's shares of Africa's imports in the latest SIPRI window, and who leads."""
    window = meta.latest_window(arms.TABLE)
    period = window_label(*window)
    africa = arms.region_supplier_shares(view, *window, "africa_sipri").set_index("supplier")
    source = f"{meta.source('sipri').label}; Africa as SIPRI counts it, Egypt excluded"
    top = africa.index[0]
    cards = []
    for supplier in meta.headline_suppliers:
        rank = list(africa.index).index(supplier) + 1 if supplier in africa.index else None
        detail = (
            "Africa's largest supplier in this window."
            if supplier == top
            else (f"Number {rank} among Africa's suppliers in this window." if rank else "")
        )
        share = pct(africa.loc[supplier, "share_pct"]) if supplier in africa.index else "0%"
        query = {
            "scope": "africa",
            "mode": "share",
            "window": f"{window[0]}-{window[1]}",
            "supplier": supplier,
        }
        cards.append(
            Headline(
                f"{supplier}'s share, {period}",
                share,
                source,
                detail,
                what=f"of Africa's imports of major arms, {period}",
                page=pages.ARMS.path,
                query=query,
                link=f"Map of {supplier}'s shares, {period}",
                key=f"africa-share-{supplier}",
            )
        )
    return cards


def _coup_headline(tables: Mapping[str, pd.DataFrame], meta: Meta) -> Headline:
    """The coups in the report's window, and where Powell & Thyne record more than the report lists."""
    listed = tables["report_coups"]
    window = coups.report_window(listed)
    events = coups.select_events(coups.coup_view(tables), *window, include_failed=True)
    counts = events["outcome"].value_counts()
    successful = events[events["outcome"].eq("successful") & events["in_report"]]
    repeats = successful.groupby(["name", "year"]).size()
    more = "; ".join(
        f"P&T record {n} in {name} in {year}" for (name, year), n in repeats[repeats > 1].items()
    )
    detail = (
        f"The report lists {len(listed)} successful coups in {listed['iso3'].nunique()} countries "
        f"({footnote_refs(listed['footnote'])}). " + (f"Where it names one, {more}." if more else "")
    )
    failed = counts.get("failed", 0)
    return Headline(
        f"Coups in Africa, {window_label(*window)}",
        f"{counts.get('successful', 0)} successful",
        meta.source("powell-thyne").label,
        detail.strip(),
        what=f"and {failed} failed attempt{'s' if failed != 1 else ''}, {window_label(*window)}",
        page=pages.COUPS.path,
        query={"years": f"{window[0]}-{window[1]}", "failed": "1"},
        link=f"Coups timeline and map, {window_label(*window)}",
        key="africa-coups",
    )


def _exercise_headline(row: pd.Series) -> Headline:
    where = f" in {row['area']}" if pd.notna(row["area"]) else ""
    period = window_label(row["period_start"], row["period_end"])
    return Headline(
        f"{row['organization']} exercises, {period}",
        f"≥ {row['exercises_lower_bound']}"
        if row["bound_kind"] == "at least"
        else str(row["exercises_lower_bound"]),
        f"Report, fn {row['footnote']} ({row['source_author']} {row['source_year']})",
        "A lower bound: the report says “at least”." if row["bound_kind"] == "at least" else "",
        what=f"joint military exercises{where}, {period}",
        page=pages.EXERCISES.path,
        link=f"Exercises chart ({row['organization']})",
        key=f"exercises-{row['organization']}",
    )


def _actor_kinds(relations: pd.DataFrame) -> str:
    """'6 actors: 3 states, 2 regional organizations, 1 paramilitary' (2 paramilitaries)."""
    actors = relations.drop_duplicates("actor")
    kinds = actors["actor_kind"].value_counts()
    parts = ", ".join(count(n, kind) for kind, n in kinds.items())
    return f"{len(actors)} actors: {parts}."


def intro(tables: Mapping[str, pd.DataFrame], meta: Meta) -> str:
    """What the dashboard is: the report it draws its facts from and the datasets set beside them."""
    coup_years = window_label(*coups.report_window(tables["report_coups"]))
    datasets = [meta.source(s).short_title for s in ("sipri", "powell-thyne", "cline", "vdem-row")]
    return (
        "Who arms whom, who trains whom, who intervenes for whom, and what happened in Africa's "
        f"{coup_years} coups. The facts come from {meta.source('report').attribution} (each cited by its "
        f"footnote), set beside the {', '.join(datasets[:-1])} and {datasets[-1]}. Where the data and the "
        "report disagree, both are shown."
    )


def headlines(tables: Mapping[str, pd.DataFrame], view: pd.DataFrame, meta: Meta) -> list[Headline]:
    relations = tables["report_interventions"]
    return [
        *_arms_headlines(view, meta),
        _coup_headline(tables, meta),
        *(_exercise_headline(row) for _, row in tables["report_exercises"].iterrows()),
        Headline(
            "Interventions named",
            str(len(relations)),
            f"Report, {footnote_refs(relations['footnote'])}",
            _actor_kinds(relations),
            what="relations of intervention or security assistance in the report",
            page=pages.INTERVENTIONS.path,
            link="Interventions map",
            key="interventions-named",
        ),
    ]
