"""Overview: what the dashboard is, and headline figures straight from the data package."""

import streamlit as st

from src import pages
from src.analysis import changes, overview
from src.data.text import escape_markdown
from src.web import state, ui

ui.setup_page("Overview")
url = ui.read_url(state.read(ui.query(), []))  # no filters: a stray parameter is named
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
once = ui.per_view(url)  # no filters: computed once per process (src/web/cache.py)

st.title("How authoritarian regimes collaborate on security")
st.markdown(escape_markdown(once("intro", overview.intro, tables, meta)))
if newer := once("newer than the report", changes.newer_than_report, meta, tables[changes.RECORD]):
    with st.container(border=True):
        st.markdown(escape_markdown(newer))
        st.page_link(
            pages.SOURCES.path, label="What changed in the last update (Sources and methods)", icon="➡️"
        )

with ui.section("the headline figures"):
    cards = once("headlines", overview.headlines, tables, view, meta)
    for row_start in range(0, len(cards), 3):
        for column, card in zip(st.columns(3), cards[row_start : row_start + 3], strict=False):
            with column.container(border=True):
                st.metric(escape_markdown(card.label), card.value)
                if card.what:
                    st.markdown(escape_markdown(card.what))
                # One caption, the detail on a line of its own: each element a page sends costs the server
                # a wake-up of its event loop (bench/FINDINGS.md).
                lines = [f"Source: {card.source}", *([card.detail] if card.detail else [])]
                st.caption("  \n".join(escape_markdown(line) for line in lines))
                if card.page:
                    st.page_link(
                        card.page, label=escape_markdown(card.link), query_params=card.query or None, icon="➡️"
                    )

st.subheader("Explore")
for page in pages.ALL[1:]:
    st.page_link(page.path, label=page.label)
st.caption(
    "Every view keeps its filters in the address bar: copy the link to share exactly what you see. "
    "Charts carry their own title, period and source, so a screenshot explains itself."
)
ui.finish()
