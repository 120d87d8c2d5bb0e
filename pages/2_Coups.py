"""Coups in Africa: every event on its exact date, where they happened, and regime types."""

import streamlit as st

from src import coups, state, ui
from src.figures import coups as coup_figures
from src.text import window_label

ui.setup_page("Coups in Africa")
tables = ui.tables()
countries = tables["countries"]
view = coups.coup_view(tables)
pt_version = str(view["pt_version"].iloc[0])
last_year = int(view["year"].max())
params = state.coups_params(countries["iso3"], coups.FIRST_YEAR, last_year)
values = ui.url_values(state.read(ui.query(), params))
years, show_failed, map_mode, country = (
    values["years"],
    values["failed"],
    values["map"],
    values[state.COUNTRY],
)
period = window_label(*years)

st.title("Coups in Africa")
st.caption(
    "Successful coups and failed attempts as Powell & Thyne date them, with the Cline Center's dating where it "
    "differs, and the coups the report lists (fn 142) ringed."
)
controls = st.columns([3, 1.2, 1.5])
years_format = params[0].format
controls[0].slider(
    "Years",
    coups.FIRST_YEAR,
    last_year,
    key=ui.bind("years", years),
    on_change=ui.push,
    args=("years", years_format),
)
controls[1].toggle(
    "Show failed attempts",
    key=ui.bind("failed", show_failed),
    on_change=ui.push,
    args=("failed", state.format_flag),
)
controls[2].radio(
    "Map colour",
    state.COUP_MAP_MODES,
    format_func={"count": "Number of events", "outcome": "Outcome"}.get,
    key=ui.bind("map", map_mode),
    on_change=ui.push,
    args=("map",),
    horizontal=True,
)
ui.country_picker(countries, country)

events = coups.select_events(view, *years, include_failed=show_failed)
if events.empty:
    st.info(
        f"Powell & Thyne record no {'coup events' if show_failed else 'successful coups'} in Africa in {period}."
    )
    st.stop()

ui.chart(
    coup_figures.build_coup_timeline(
        events, years=years, show_failed=show_failed, pt_version=pt_version, highlight=country
    ),
    key="coup_timeline",
    filename=f"coups-africa-{years[0]}-{years[1]}",
)
remark = tables["report_remarks"].set_index("remark_id").loc["coup-officers-us-training"]
st.info(
    f"**Cited context, not data** (report, fn {remark['footnote']}): {remark['paraphrase']} "
    "This dashboard does not hold training records, so the remark is not checked here."
)
unmatched = coups.report_coups_unmatched(view, tables["report_coups"])
if not unmatched.empty:
    names = countries.set_index("iso3")["name"]
    st.warning(
        "Coups the report lists that Powell & Thyne do not record as successful in that year: "
        + ", ".join(f"{names[r.iso3]} {r.year}" for r in unmatched.itertuples())
    )

left, right = st.columns(2, gap="medium")
with left:
    counts = coups.counts_by_country(events)
    ui.chart(
        coup_figures.build_coup_map(
            counts,
            countries,
            mode=map_mode,
            years=years,
            show_failed=show_failed,
            pt_version=pt_version,
            highlight=country,
        ),
        key="coup_map",
        filename=f"coup-map-{years[0]}-{years[1]}",
    )
with right:
    first_year = years[0] - coups.REGIME_LEAD_YEARS
    regimes = tables["regime_type"]
    strip_end = int(regimes["year"].max())
    strip = coups.regime_strip(regimes, countries, events["iso3"].unique().tolist(), first_year, strip_end)
    ui.chart(
        coup_figures.build_regime_strip(
            strip,
            events,
            first_year=first_year,
            last_year=strip_end,
            vdem_version=f"data to {strip_end}",
            highlight=country,
        ),
        key="regime_strip",
        filename=f"coup-regimes-{first_year}-{strip_end}",
    )

st.markdown(f"**The events behind the charts** ({period})")
table = coups.event_table(events)
st.dataframe(table, hide_index=True, key="coup_table")
ui.csv_download(
    table,
    label="Download these events (CSV)",
    file_name=f"coups-africa-{years[0]}-{years[1]}.csv",
    key="coup_csv",
)
st.caption(
    "How each dataset counts: Powell & Thyne code an illegal, overt attempt by the military or other state elites "
    "to unseat the sitting executive (successful if the perpetrators hold power for at least seven days). The "
    "Cline Center also codes conspiracies and self-coups, dates events independently, and its release 2.1.2 ends "
    "in 2022. Both lists are shown as they are; neither is corrected by the other."
)
