"""Interventions and security assistance: who acts for whom, as the report describes it."""

import streamlit as st

from src.analysis import interventions, summaries
from src.data.text import escape_markdown
from src.figures import interventions as intervention_figures
from src.web import state, ui

ui.setup_page("Interventions and assistance")
tables, meta = ui.tables(), ui.package_meta()
countries, relations = tables["countries"], ui.relation_view()
params = state.interventions_params(*ui.relation_filters(), countries["iso3"], ui.country_names())
page_once = ui.per_view(ui.read_url(state.read(ui.query(), params)))  # parts once per view (cache.py)

st.title("Interventions and security assistance")
st.caption(
    "Every intervention, military education or paramilitary support the report names, with its footnote."
)


# The filters with the map, table and CSV they drive rerun alone when one changes (st.fragment); a
# click on the map reruns the whole page (ui.follow_click), since the country is in every page's links.
@st.fragment
def relations_shown() -> None:
    url = ui.current_view(state.read(ui.query(), params))
    filters = {key: url[key] for key in interventions.FILTERS}
    once = ui.per_view(url)
    for column, (key, (label, placeholder)) in zip(
        st.columns(len(filters)), interventions.FILTERS.items(), strict=True
    ):
        ui.widget(url.bound(key), column.multiselect, label, placeholder=placeholder)
    shown = once("relations", interventions.filter_relations, relations, **filters)
    if shown.empty:
        st.info("No relation matches these filters.")
        return
    stem, figure = interventions.file_stem(filters), None
    table = once("relation table", interventions.relation_table, shown)
    with ui.section("the map of interventions"):
        figure = once(
            "map",
            ui.build,
            intervention_figures.build_interventions_map,
            shown,
            countries,
            meta=meta,
            highlight=url["country"],
            filters=filters,
        )
        event = ui.chart(
            figure,
            "interventions_map",
            stem,
            selectable=True,
            summary=once("summary", summaries.interventions, shown),
            table=table,
        )
        ui.follow_click(event, "interventions_map", url["country"])
        ui.profile_link(url["country"])
    with ui.section("the table of interventions"):
        # Static: the paraphrases are read whole (wrapped, not cut at a grid cell's width).
        shown = once("said first", interventions.said_first, table)
        ui.static_table(shown, "relations_table", "The interventions the report names", once)
        ui.csv_download(table, "Download this table (CSV)", stem, key="interventions_csv", figure=figure)


relations_shown()
if context := page_once("context", interventions.context_remark, tables):
    st.caption(escape_markdown(context))
ui.finish()
