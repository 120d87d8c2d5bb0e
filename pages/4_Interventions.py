"""Interventions and security assistance: who acts for whom, as the report describes it."""

import streamlit as st

from src import interventions, state, ui
from src.figures import interventions as intervention_figures

ui.setup_page("Interventions and assistance")
tables = ui.tables()
countries = tables["countries"]
relations = interventions.relation_view(tables)
actors, targets, kinds = interventions.filter_options(relations)
params = state.interventions_params(actors, targets, kinds, countries["iso3"])
values = ui.url_values(state.read(ui.query(), params))
country = values[state.COUNTRY]
ui.country_picker(countries, country)

st.title("Interventions and security assistance")
st.caption(
    "Every relation of intervention, military education or paramilitary support the report names, with its "
    "footnote. Filter by actor, target country or kind of support."
)
names = countries.set_index("iso3")["name"]
# One multiselect per filter, each bound to its URL parameter; empty means all.
filters = [
    ("actor", "Actor", actors, str, "All actors"),
    ("target", "Target country", targets, lambda c: names.get(c, c), "All targets"),
    ("kind", "Kind of support", kinds, str, "All kinds"),
]
formats = {p.key: p.format for p in params}
for column, (key, label, options, show, placeholder) in zip(st.columns(len(filters)), filters, strict=True):
    column.multiselect(
        label,
        options,
        format_func=show,
        key=ui.bind(key, list(values[key])),
        on_change=ui.push,
        args=(key, formats[key]),
        placeholder=placeholder,
    )
shown = interventions.filter_relations(relations, values["actor"], values["target"], values["kind"])
if shown.empty:
    st.info("No relation matches these filters.")
    st.stop()
ui.chart(
    intervention_figures.build_interventions_map(shown, countries, highlight=country),
    key="interventions_map",
    filename="interventions",
)
table = interventions.relation_table(shown)
st.dataframe(
    table,
    hide_index=True,
    column_config={"From (year)": st.column_config.TextColumn(help="Only where the report states one")},
    key="interventions_table",
)
ui.csv_download(
    table, label="Download this table (CSV)", file_name="interventions.csv", key="interventions_csv"
)
context = tables["report_remarks"].set_index("remark_id").loc["ro-intervention-by-invitation"]
st.caption(f"Context (report, fn {context['footnote']}): {context['paraphrase']}")
