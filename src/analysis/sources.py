"""What the Sources and methods page says, generated from the data package (pure functions).

Every footnote the data cite, with the full reference footnotes.csv transcribes and where in the app
it is used; every dataset with its version, provenance, licence and the attribution its publisher
asks for; and the methods in short. Nothing here is typed that the data package or a constant of
src/ already states: the texts come from the descriptor (titles, descriptions, notes, licences) and
from the constants that define the app's methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from src import pages
from src.analysis import arms, claims, coups, interventions
from src.data.meta import Meta, Source
from src.data.text import escape_markdown, lower_first, markdown_link

# The pages by their files (src/pages.py): what the footnote list says where each footnote is shown.
OVERVIEW, COUPS, EXERCISES = pages.OVERVIEW.path, pages.COUPS.path, pages.EXERCISES.path
INTERVENTIONS, REPORT_VS_DATA, PROFILE = (
    pages.INTERVENTIONS.path,
    pages.REPORT_VS_DATA.path,
    pages.PROFILE.path,
)

# Which pages show the rows of which report table, with their footnotes (tests/test_sources.py opens
# each page and finds the footnotes there); 'table.column' where a footnote column is shown on fewer
# pages than its table. The profile shows a row on the profile of each country the row names.
# report_remarks is not here: each remark is shown where remark_pages says.
CITED_ON: dict[str, tuple[str, ...]] = {
    # (The arms map rings the countries the report names for the supplier shown, with that claim's
    # footnote; every claim is on Report vs data.)
    "report_arms_supplier_claims": (REPORT_VS_DATA, PROFILE),
    "report_regime_claims": (REPORT_VS_DATA, PROFILE),
    "report_organization_claims": (REPORT_VS_DATA, PROFILE),
    "report_coups": (OVERVIEW, COUPS, PROFILE),
    "report_exercises": (OVERVIEW, EXERCISES),
    "report_interventions": (OVERVIEW, INTERVENTIONS, PROFILE),
    "report_interventions.related_footnotes": (INTERVENTIONS, PROFILE),  # the overview counts main ones
}
REMARKS = "report_remarks"
REFERENCES = "footnotes"  # the table of the works the footnotes cite, not a table that cites them
# Columns of a table that name a country (a row shows on those countries' profiles).
COUNTRY_COLUMNS = ("iso3", "actor_iso3", "sponsor_iso3", "target_iso3")


def remark_pages(remarks: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """remark_id -> the pages that show the remark (none for a remark no page shows yet)."""
    shown = {coups.TRAINING_REMARK: (COUPS,), interventions.CONTEXT_REMARK: (INTERVENTIONS,)}
    unchecked = set(claims.unchecked_claims(remarks)["remark_id"])
    return {
        str(r): shown.get(str(r), ()) + ((REPORT_VS_DATA,) if r in unchecked else ())
        for r in remarks["remark_id"]
    }


def page_url(path: str) -> str:
    """The URL path Streamlit gives a page ('pages/6_Country_profile.py' -> 'Country_profile'); '' for
    the main page."""
    return pages.BY_PATH[path].url_path


def _footnote_columns(table: pd.DataFrame) -> list[str]:
    """A table's footnote columns: 'footnote' and lists such as 'related_footnotes'."""
    return [c for c in table.columns if c == "footnote" or c.endswith("_footnotes")]


def _numbers(value: object) -> list[int]:
    """A footnote cell as numbers: an integer, or a list separated by ';'."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    return [int(part) for part in str(value).split(";") if part.strip()]


def _named_countries(table_name: str, row: pd.Series, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The countries a row names; for an organization claim, the organization's members as of its date."""
    if table_name == "report_organization_claims":
        members = tables["regional_memberships"]
        chosen = members["organization"].eq(row["organization"]) & members["as_of"].eq(row["members_as_of"])
        return members.loc[chosen, "iso3"].astype(str).tolist()
    return [str(row[c]) for c in COUNTRY_COLUMNS if c in row.index and isinstance(row[c], str)]


def footnote_uses(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every citation of a footnote in the data package: one row per (footnote, table, row), with the
    pages that show the row and the countries whose profile shows it."""
    remark_shown = remark_pages(tables[REMARKS]) if REMARKS in tables else {}
    out = []
    for name, table in tables.items():
        columns = _footnote_columns(table)
        if name == REFERENCES or not columns:
            continue
        for index, row in table.iterrows():
            countries = _named_countries(name, row, tables)
            for column in columns:
                if name == REMARKS:
                    pages = remark_shown.get(str(row["remark_id"]), ())
                else:
                    pages = CITED_ON.get(f"{name}.{column}", CITED_ON.get(name, ()))
                for number in _numbers(row[column]):
                    out.append(
                        {
                            "footnote": number,
                            "table": name,
                            "row": int(index) + 2,  # the line of the CSV file (after the header)
                            "column": column,
                            "pages": tuple(p for p in pages if p != PROFILE or countries),
                            "countries": tuple(countries) if PROFILE in pages else (),
                        }
                    )
    columns = ["footnote", "table", "row", "column", "pages", "countries"]
    return pd.DataFrame(out, columns=columns).sort_values(["footnote", "table", "row"], ignore_index=True)


def used_footnotes(tables: Mapping[str, pd.DataFrame]) -> list[int]:
    return sorted(set(footnote_uses(tables)["footnote"]))


# The references, in full ------------------------------------------------------------------------------


def reference_text(row: pd.Series) -> str:
    """One work as the report cites it: authors (year). Title. Outlet, details, date. Remark."""

    def sentence(text: str) -> str:
        return text if text.endswith((".", "!", "?")) else text + "."

    parts = []
    if isinstance(row["authors"], str):
        parts.append(f"{row['authors']} ({row['year']}).")
    if isinstance(row["title"], str):
        parts.append(sentence(row["title"]))
    where = [row[c] for c in ("outlet", "details") if isinstance(row[c], str)]
    if pd.notna(row["published"]):
        where.append(f"{pd.Timestamp(row['published']).day} {pd.Timestamp(row['published']):%B %Y}")
    if where:
        parts.append(sentence(", ".join(where)))
    if isinstance(row["remark"], str):
        parts.append(row["remark"])
    return " ".join(parts)


def references(footnotes: pd.DataFrame, number: int) -> list[str]:
    """Each work footnote `number` cites, in full; for 'Ibid.' and cross-references, also the work of
    the footnote it repeats."""
    rows = footnotes[footnotes["footnote"].eq(number)].sort_values("reference")
    texts = []
    for _, row in rows.iterrows():
        texts.append(reference_text(row))
        if pd.notna(row["same_as_footnote"]):
            repeated = int(row["same_as_footnote"])
            texts += [
                f"(fn {repeated}) {text}" for text in references(footnotes, repeated) if repeated != number
            ]
    return texts


@dataclass(frozen=True)
class Footnote:
    number: int
    references: list[str]  # the works, in full (empty: footnotes.csv does not transcribe it)
    pages: list[str]  # page paths, in the app's order
    countries: list[str]  # ISO3 codes whose profile shows it
    tables: list[tuple[str, int]]  # (table, rows citing it)


def footnote_list(tables: Mapping[str, pd.DataFrame], page_order: Sequence[str]) -> list[Footnote]:
    """Every footnote the data cite, in number order, with its references and where it is used."""
    uses = footnote_uses(tables)
    out = []
    for number, rows in uses.groupby("footnote"):
        pages = {p for ps in rows["pages"] for p in ps}
        countries = list(dict.fromkeys(c for cs in rows["countries"] for c in cs))
        out.append(
            Footnote(
                number=int(number),
                references=references(tables[REFERENCES], int(number)),
                pages=[p for p in page_order if p in pages],
                countries=countries,
                tables=[
                    (str(t), int(n))
                    for t, n in rows.drop_duplicates(["table", "row"])["table"]
                    .value_counts(sort=False)
                    .items()
                ],
            )
        )
    return out


def uncited_references(tables: Mapping[str, pd.DataFrame]) -> list[int]:
    """Footnotes footnotes.csv transcribes that no row of the data package cites."""
    return sorted(set(tables[REFERENCES]["footnote"].astype(int)) - set(used_footnotes(tables)))


# Datasets ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    source: Source
    tables: list[tuple[str, str]]  # (name, title) of the package's tables drawn from it
    licences: list[str]  # the licences those tables carry, as the descriptor states them


def _licence_text(licence: dict) -> str:
    title = licence.get("title") or licence.get("name", "")
    name = licence.get("name", "")
    return f"{title} ({name})" if name and name not in title else title


def datasets(meta: Meta) -> list[Dataset]:
    """Every source the descriptor names, in its order, with the tables drawn from it and their licences."""
    out = []
    for source in meta.sources.values():
        names = [
            n
            for n, r in meta.resources.items()
            if any(s.get("id") == source.id for s in r.get("sources", []))
        ]
        licences = [_licence_text(lic) for n in names for lic in meta.resources[n].get("licenses", [])]
        out.append(
            Dataset(
                source=source,
                tables=[(n, meta.resources[n].get("title", n)) for n in names],
                licences=list(dict.fromkeys(licences)),
            )
        )
    return out


def package_licences(meta: Meta) -> list[str]:
    return [_licence_text(lic) for lic in meta.descriptor.get("licenses", [])]


def table_overview(meta: Meta) -> pd.DataFrame:
    """One row per table of the data package: title, rows, years covered, sources and licence."""
    rows = []
    for name, resource in meta.resources.items():
        coverage = resource.get("coverage")
        rows.append(
            {
                "Table": name,
                "What it holds": resource.get("title", ""),
                "Rows": int(resource.get("stats", {}).get("rows", 0)) or None,
                "Years": f"{coverage['start']}–{coverage['end']}" if coverage else "",
                "Sources": "; ".join(meta.source(s["id"]).label for s in resource.get("sources", [])),
                "Licence": "; ".join(lic.get("name", "") for lic in resource.get("licenses", [])),
            }
        )
    return pd.DataFrame(rows)


# Methods in short -------------------------------------------------------------------------------------


def _field(meta: Meta, resource: str, field: str) -> dict:
    return next(f for f in meta.resources[resource]["schema"]["fields"] if f["name"] == field)


def share_definition(meta: Meta) -> str:
    """The share definition as the descriptor of the yearly arms table states it."""
    description = meta.resources[arms.TABLE]["description"]
    start = description.find("Share definition")
    return description[start:] if start >= 0 else description


def africa_definitions(meta: Meta, countries: pd.DataFrame) -> list[tuple[str, str]]:
    """(title, description) of each region flag of the countries table, and which countries differ."""
    fields = tuple(meta.region_flags())
    lines = [
        (_field(meta, "countries", f)["title"], _field(meta, "countries", f)["description"]) for f in fields
    ]
    titles = {f: _field(meta, "countries", f)["title"] for f in fields[:2]}
    for inside, outside in (fields[:2], fields[:2][::-1]):
        only = countries.loc[countries[inside] & ~countries[outside], "name"].astype(str).tolist()
        if only:
            lines.append(
                (
                    "Where the two Africas differ",
                    f"{', '.join(only)}: {titles[inside]}, not {lower_first(titles[outside])}.",
                )
            )
    return lines


def methods(meta: Meta, countries: pd.DataFrame) -> list[tuple[str, str]]:
    """The methods in short, each (what, how), from the descriptor and the app's own definitions."""
    sipri, cline = meta.source("sipri"), meta.source("cline")
    regime = _field(meta, "regime_type", "regime")
    lines = [
        ("What TIV measures", sipri.note or ""),
        ("How shares are defined", share_definition(meta)),
        *africa_definitions(meta, countries),
        ("How Powell & Thyne and the Cline Center define a coup", meta.method("coupsCounted")),
        ("The Cline Center's data", cline.note or ""),
        ("Regimes of the World, four categories", regime["description"]),
        ("How the report's regime terms are read", meta.method("regimeWords")),
    ]
    for reading in meta.claim_readings():
        kind = "as the report words it" if reading.literal else "another reading"
        definitions = " ".join(m.definition for m in reading.measures)
        cited = reading.source or "No source found that measures it this way."
        how = f"{definitions} Why ({kind}): {reading.reason} Source: {cited}"
        lines.append((f"Report vs data: {reading.label}", how))
    lines.append(("Report vs data: top recipients", claims.TOP_RECIPIENTS_DEFINITION))
    lines.append(("Report vs data: the minimum volume", meta.volume_rule().why))
    lines.append(("Report vs data: which windows count", meta.verdict_windows()))
    lines += [(f"Verdict: {word}", meaning) for word, meaning in meta.verdict_words().items()]
    return [(what, how) for what, how in lines if how]


# Markdown for the Sources and methods page. Every text from the data package is escaped; the only
# links are the app's own pages (a dataset's address is shown as text, not as a link: it comes from
# the descriptor, which a page must not let shape the page).


def page_link_markdown(path: str, label: str) -> str:
    return f"[{escape_markdown(label)}]({page_url(path) or './'})"


def profile_link_markdown(iso3: str, name: str) -> str:
    return f"[{escape_markdown(name)}]({page_url(PROFILE)}?{urlencode({'country': iso3})})"


def report_markdown(report: Dataset) -> str:
    lines = [f"{escape_markdown(report.source.title)}, {escape_markdown(report.source.version)}."]
    if report.source.attribution:
        lines.append(f"Cite as: {escape_markdown(report.source.attribution)}.")
    lines.append("Tables of its facts here: " + escape_markdown(", ".join(name for name, _ in report.tables)))
    lines.append("Licence of those tables: " + escape_markdown("; ".join(report.licences)))
    return "  \n".join(lines)


def footnote_markdown(footnote: Footnote, page_labels: Mapping[str, str], names: Mapping[str, str]) -> str:
    """One footnote in full, the pages and profiles that show its rows, and the tables that cite it."""
    lines = [f"**fn {footnote.number}**"]
    lines += [escape_markdown(text) for text in footnote.references] or ["Not transcribed in footnotes.csv."]
    where = [page_link_markdown(p, page_labels.get(p, p)) for p in footnote.pages if p != PROFILE]
    if footnote.countries:
        profiles = ", ".join(profile_link_markdown(c, str(names.get(c, c))) for c in footnote.countries)
        where.append(f"country profiles: {profiles}")
    lines.append(
        "Used on: "
        + (" · ".join(where) if where else "no page (the data package records it; no view draws on it)")
    )
    cited = ", ".join(f"{table} ({n} row{'s' if n > 1 else ''})" for table, n in footnote.tables)
    lines.append(f"Cited in: {escape_markdown(cited)}")
    return "  \n".join(lines)


def dataset_markdown(dataset: Dataset) -> str:
    """A dataset's name and version, title and address, attribution, note, coverage, tables, licence."""
    source = dataset.source
    lines = [
        f"**{escape_markdown(source.short_title)}**, {escape_markdown(source.version)}",
        escape_markdown(source.title) + (f": {markdown_link(source.path)}" if source.path else ""),
    ]
    if source.attribution:
        lines.append(f"Attribution the publisher asks for: {escape_markdown(source.attribution)}")
    if source.note:
        lines.append(f"Note: {escape_markdown(source.note)}")
    if source.coverage:
        lines.append(f"Years the source covers: {source.coverage[0]}–{source.coverage[1]}")
    if dataset.tables:
        lines.append("Tables here: " + escape_markdown(", ".join(name for name, _ in dataset.tables)))
    if dataset.licences:
        lines.append("Licence: " + escape_markdown("; ".join(dataset.licences)))
    return "  \n".join(lines)


def datasets_markdown(datasets: Sequence[Dataset], meta: Meta) -> str:
    """Each dataset (dataset_markdown) a paragraph, in order, then the data package's own licences."""
    licences = escape_markdown("; ".join(package_licences(meta)))
    listed = [dataset_markdown(dataset) for dataset in datasets]
    return "\n\n".join([*listed, f"**The data package** (its own curation): {licences}"])
