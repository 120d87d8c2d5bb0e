"""Military exercises by organization (the report's lower bounds)."""

import streamlit as st

from src import state, ui
from src.figures import exercises as exercise_figures

ui.setup_page("Military exercises")
tables = ui.tables()
exercises = tables["report_exercises"]
organizations = exercises["organization"].astype(str).tolist()
params = state.exercises_params(organizations, tables["countries"]["iso3"])
values = ui.url_values(state.read(ui.query(), params))
ui.country_picker(tables["countries"], values[state.COUNTRY])

st.title("Military exercises by organization")
st.caption(
    "How many joint military exercises the CSTO and the SCO held, as the report counts them. "
    "Both figures are lower bounds."
)
st.multiselect(
    "Organizations",
    organizations,
    format_func=lambda o: f"{o}: {exercises.set_index('organization').loc[o, 'organization_name']}",
    key=ui.bind("org", list(values["org"])),
    on_change=ui.push,
    args=("org", params[0].format),
)
chosen = exercises[exercises["organization"].isin(values["org"])]
if chosen.empty:
    st.info("Choose at least one organization.")
    st.stop()
ui.chart(
    exercise_figures.build_exercises_chart(chosen, footnotes=tables["footnotes"]),
    key="exercises_chart",
    filename="exercises-csto-sco-2002-2016",
)
st.dataframe(exercise_figures.exercises_table(chosen), hide_index=True, key="exercises_table")
st.caption(
    "The report gives no membership or yearly breakdown for these counts; the dashboard adds none, since every "
    "fact shown must carry a cited source."
)
