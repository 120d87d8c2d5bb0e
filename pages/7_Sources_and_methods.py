"""Sources and methods: every footnote the app uses, every dataset with its version, provenance, licence
and attribution, and the methods in short; all generated from the data package."""

import streamlit as st

from src.analysis import changes, sources
from src.data import meta as package_meta
from src.data.text import escape_markdown, markdown_list
from src.web import state, ui

ui.setup_page("Sources and methods")
# No filters: a stray parameter is named. The page is the same for every reader: each part made once.
once = ui.per_view(ui.read_url(state.read(ui.query(), [])))
tables, meta = ui.tables(), ui.package_meta()
# The page's sections, (heading, anchor): the contents list at the top links to each.
SECTIONS = [
    ("The report", "the-report"),
    ("The report's footnotes the app uses", "footnotes"),
    ("Datasets", "datasets"),
    ("What changed in the last update", "last-update"),
    ("Methods in short", "methods"),
]


st.title("Sources and methods")
st.caption(
    "Generated from the data package (data/datapackage.json) and the definitions in the app's code: "
    "nothing on this page is typed twice."
)
st.markdown("**On this page:** " + " · ".join(f"[{escape_markdown(h)}](#{anchor})" for h, anchor in SECTIONS))

datasets = {dataset.source.id: dataset for dataset in once("datasets", sources.datasets, meta)}
st.subheader(SECTIONS[0][0], anchor=SECTIONS[0][1])
st.markdown(once("report", sources.report_markdown, datasets[package_meta.REPORT]))

st.subheader(SECTIONS[1][0], anchor=SECTIONS[1][1])
st.caption(
    "Each footnote in full, as the report gives it, and where the app shows the rows that cite it "
    "(pages, and the profiles of the countries those rows name)."
)
with ui.section("the list of footnotes"):
    # One element, a paragraph each: every element a page sends costs the server a wake-up of its event
    # loop, and with many readers at once a wait for the interpreter (bench/FINDINGS.md).
    st.markdown(once("footnotes", lambda: "\n\n".join(ui.footnote_paragraphs())))
if uncited := once("uncited", sources.uncited_references, tables):
    listed = ", ".join(f"fn {n}" for n in uncited)
    st.caption(
        f"footnotes.csv also transcribes {listed}: no row of the data package cites them, so no page shows them."
    )

st.subheader(SECTIONS[2][0], anchor=SECTIONS[2][1])
others = [dataset for key, dataset in datasets.items() if key != package_meta.REPORT]
st.markdown(once("datasets text", sources.datasets_markdown, others, meta))  # one element, as the footnotes
st.dataframe(once("overview", sources.table_overview, meta), hide_index=True, key="sources_tables")

st.subheader(SECTIONS[3][0], anchor=SECTIONS[3][1])
st.caption(
    "From the change record (updates.csv in the data package): each update of the data adds an entry "
    "with the datasets' versions, the rows of each table derived from them and every headline figure "
    "and claim verdict, before and after."
)
with ui.section("the last update"):
    update = ui.last_update()
    st.markdown(markdown_list(update.summary))
    for part in update.parts:
        st.markdown(f"**{escape_markdown(part.title)}**")
        if part.lines is not None:
            # Long sentences read best as lines; the whole section, unchanged rows too, is one click away.
            st.markdown(markdown_list(part.lines) or "None changed.")
            with st.expander(f"All {len(part.table)}, before and after"):
                st.dataframe(part.table, hide_index=True, key=f"sources_changes_{part.section}")
        else:
            st.dataframe(part.table, hide_index=True, key=f"sources_changes_{part.section}")
    ui.csv_download(
        tables[changes.RECORD],
        "Download the whole change record (CSV)",
        "change-record",
        key="sources_changes_csv",
    )

st.subheader(SECTIONS[4][0], anchor=SECTIONS[4][1])
with ui.section("the methods"):
    st.markdown(once("methods", lambda: markdown_list(sources.methods(meta, tables["countries"]))))
ui.finish()
