"""Sources and methods: every footnote the app uses, every dataset with its version, provenance, licence
and attribution, and the methods in short; all generated from the data package."""

import streamlit as st

from src import pages
from src.analysis import changes, sources
from src.data import meta as package_meta
from src.data.text import escape_markdown
from src.web import state, ui

ui.setup_page("Sources and methods")
ui.read_url(state.read(ui.query(), []))  # no filters: a stray parameter is named
tables, meta = ui.tables(), ui.package_meta()
names = dict(zip(tables["countries"]["iso3"], tables["countries"]["name"], strict=True))
labels = {page.path: page.label for page in pages.ALL}
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

datasets = {dataset.source.id: dataset for dataset in sources.datasets(meta)}
st.subheader(SECTIONS[0][0], anchor=SECTIONS[0][1])
st.markdown(sources.report_markdown(datasets[package_meta.REPORT]))

st.subheader(SECTIONS[1][0], anchor=SECTIONS[1][1])
st.caption(
    "Each footnote in full, as the report gives it, and where the app shows the rows that cite it "
    "(pages, and the profiles of the countries those rows name)."
)
with ui.section("the list of footnotes"):
    for footnote in sources.footnote_list(tables, [page.path for page in pages.ALL]):
        st.markdown(sources.footnote_markdown(footnote, labels, names))
if uncited := sources.uncited_references(tables):
    listed = ", ".join(f"fn {n}" for n in uncited)
    st.caption(
        f"footnotes.csv also transcribes {listed}: no row of the data package cites them, so no page shows them."
    )

st.subheader(SECTIONS[2][0], anchor=SECTIONS[2][1])
for dataset in datasets.values():
    if dataset.source.id != package_meta.REPORT:
        st.markdown(sources.dataset_markdown(dataset))
st.markdown(
    "**The data package** (its own curation): " + escape_markdown("; ".join(sources.package_licences(meta)))
)
st.dataframe(sources.table_overview(meta), hide_index=True, key="sources_tables")

st.subheader(SECTIONS[3][0], anchor=SECTIONS[3][1])
st.caption(
    "From the change record (updates.csv in the data package): each update of the data adds an entry "
    "with the datasets' versions, the rows of each table derived from them and every headline figure "
    "and claim verdict, before and after."
)
with ui.section("the last update"):
    record = tables[changes.RECORD]
    entry = changes.last_update(record)
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in changes.entry_summary(entry)))
    first = changes.is_first_entry(entry)
    for part, title in changes.ENTRY_PARTS:
        shown = changes.entry_table(entry, part)
        if shown.empty:
            continue
        st.markdown(f"**{escape_markdown(title)}**")
        if part in changes.READ_AS_LINES and not first:
            # Long sentences read best as lines; the whole section, unchanged rows too, is one click away.
            moved = changes.changed_lines(entry, part)
            st.markdown("\n".join(f"- {escape_markdown(line)}" for line in moved) or "None changed.")
            with st.expander(f"All {len(shown)}, before and after"):
                st.dataframe(shown, hide_index=True, key=f"sources_changes_{part}")
        else:
            st.dataframe(shown, hide_index=True, key=f"sources_changes_{part}")
    ui.csv_download(
        record, "Download the whole change record (CSV)", "change-record", key="sources_changes_csv"
    )

st.subheader(SECTIONS[4][0], anchor=SECTIONS[4][1])
with ui.section("the methods"):
    for what, how in sources.methods(meta, tables["countries"]):
        st.markdown(f"- **{escape_markdown(what)}**: {escape_markdown(how)}")
ui.finish()
