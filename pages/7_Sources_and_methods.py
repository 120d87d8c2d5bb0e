"""Sources and methods: every footnote the app uses, every dataset with its version, provenance, licence
and attribution, and the methods in short; all generated from the data package."""

import streamlit as st

from src import meta as package_meta
from src import sources, state, ui
from src.text import escape_markdown

ui.setup_page("Sources and methods")
ui.read_url(state.read(ui.query(params_with_country=False), []))  # no filters: a stray parameter is named
tables, meta = ui.tables(), ui.package_meta()
names = tables["countries"].set_index("iso3")["name"]
labels = dict(ui.PAGES)


def page_link(path: str) -> str:
    return f"[{escape_markdown(labels.get(path, path))}]({sources.page_url(path) or './'})"


def profile_link(iso3: str) -> str:
    return (
        f"[{escape_markdown(str(names.get(iso3, iso3)))}]({sources.page_url(sources.PROFILE)}?country={iso3})"
    )


st.title("Sources and methods")
st.caption(
    "Generated from the data package (data/datapackage.json) and the definitions in the app's code: "
    "nothing on this page is typed twice."
)

datasets = {dataset.source.id: dataset for dataset in sources.datasets(meta)}
report = datasets[package_meta.REPORT]
st.subheader("The report")
lines = [f"{escape_markdown(report.source.title)}, {escape_markdown(report.source.version)}."]
if report.source.attribution:
    lines.append(f"Cite as: {escape_markdown(report.source.attribution)}.")
lines.append("Tables of its facts here: " + escape_markdown(", ".join(name for name, _ in report.tables)))
lines.append("Licence of those tables: " + escape_markdown("; ".join(report.licences)))
st.markdown("  \n".join(lines))

st.subheader("The report's footnotes the app uses")
st.caption(
    "Each footnote in full, as the report gives it, and where the app shows the rows that cite it "
    "(pages, and the profiles of the countries those rows name)."
)
for footnote in sources.footnote_list(tables, [path for path, _ in ui.PAGES]):
    lines = [f"**fn {footnote.number}**"]
    lines += [escape_markdown(text) for text in footnote.references] or ["Not transcribed in footnotes.csv."]
    where = [page_link(p) for p in footnote.pages if p != sources.PROFILE]
    if footnote.countries:
        where.append("country profiles: " + ", ".join(profile_link(c) for c in footnote.countries))
    lines.append("Used on: " + (" · ".join(where) if where else "no page yet (only in the data package)"))
    cited = ", ".join(f"{table} ({n} row{'s' if n > 1 else ''})" for table, n in footnote.tables)
    lines.append(f"Cited in: {escape_markdown(cited)}")
    st.markdown("  \n".join(lines))
if uncited := sources.uncited_references(tables):
    listed = ", ".join(f"fn {n}" for n in uncited)
    st.caption(
        f"footnotes.csv also transcribes {listed}: no row of the data package cites them, so no page shows them."
    )

st.subheader("Datasets")
for dataset in datasets.values():
    source = dataset.source
    if source.id == package_meta.REPORT:
        continue
    title = escape_markdown(source.title)
    lines = [
        f"**{escape_markdown(source.short_title)}**, {escape_markdown(source.version)}",
        f"[{title}](<{source.path}>)" if source.path else title,
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
    st.markdown("  \n".join(lines))
st.markdown(
    "**The data package** (its own curation): " + escape_markdown("; ".join(sources.package_licences(meta)))
)
st.dataframe(sources.table_overview(meta), hide_index=True, key="sources_tables")

st.subheader("Methods in short")
for what, how in sources.methods(meta, tables["countries"]):
    st.markdown(f"- **{escape_markdown(what)}**: {escape_markdown(how)}")
