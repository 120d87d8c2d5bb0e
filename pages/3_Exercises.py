"""Military exercises by organization (the report's lower bounds)."""

import streamlit as st

from src.analysis import summaries
from src.figures import exercises as exercise_figures
from src.web import state, ui

ui.setup_page("Military exercises")
tables, meta = ui.tables(), ui.package_meta()
exercises = tables["report_exercises"]
organizations = exercises["organization"].astype(str).tolist()
names = dict(zip(organizations, exercises["organization_name"].astype(str), strict=True))
params = state.exercises_params(organizations, lambda o: f"{o}: {names[o]}")
ui.read_url(state.read(ui.query(), params))

st.title("Military exercises by organization")
st.caption(
    "How many joint military exercises the CSTO and the SCO held, as the report counts them (lower bounds)."
)


# The organizations with their chart, table and CSV rerun alone when the choice changes (st.fragment).
@st.fragment
def exercises_by_organization() -> None:
    url = ui.current_view(state.read(ui.query(), params))
    once = ui.per_view(url)  # each part computed once per view, then shared (src/web/cache.py)
    ui.widget(url.bound("org"), st.columns(2)[0].multiselect, "Organizations")
    chosen = once("chosen", lambda: exercises[exercises["organization"].isin(url["org"])])
    if chosen.empty:
        st.info("Choose at least one organization.")
        return
    stem, figure = exercise_figures.file_stem(chosen), None
    table = once("table", exercise_figures.exercises_table, chosen)
    with ui.section("the chart of exercises"):
        figure = once(
            "chart", ui.build, exercise_figures.build_exercises_chart, chosen, footnotes=tables["footnotes"],
            meta=meta,
        )  # fmt: skip
        ui.chart(
            figure, "exercises_chart", stem, summary=once("summary", summaries.exercises, chosen), table=table
        )
    with ui.section("the table of exercises"):
        # Two rows: no grid needed.
        ui.static_table(table, "exercise_counts", "The exercises the report counts", once)
        ui.csv_download(table, "Download this table (CSV)", stem, key="exercises_csv", figure=figure)


exercises_by_organization()
st.caption(
    "The report gives no membership or yearly breakdown for these counts; the dashboard adds none, since every "
    "fact shown must carry a cited source."
)
ui.finish()
