"""Coups in Africa: every event on its exact date, where they happened, and regime types."""

import streamlit as st

from src.analysis import coups, summaries
from src.data.text import escape_markdown, file_name, window_label
from src.figures import coups as coup_figures
from src.web import state, ui

ui.setup_page("Coups in Africa")
tables, meta = ui.tables(), ui.package_meta()
countries, view = tables["countries"], ui.coup_view()
spans = coups.year_span(view), coups.report_window(tables["report_coups"])
params = state.coups_params(countries["iso3"], *spans, ui.country_names())
url = ui.read_url(state.read(ui.query(), params))

st.title("Coups in Africa")
st.caption("Every coup and failed attempt on its date, where they happened, and the regimes around them.")


# The controls and everything they drive rerun alone when one changes (st.fragment); a click on the map
# reruns the whole page (ui.follow_click), since the country is in every page's links.
@st.fragment
def coups_shown() -> None:
    url = ui.current_view(state.read(ui.query(), params))
    years, show_failed, show_cline, map_mode, country = (
        url[k] for k in ("years", "failed", "cline", "map", "country")
    )
    period = window_label(*years)
    once = ui.per_view(url)  # each part computed once per view, then shared (src/web/cache.py)
    controls = st.columns([3, 1.6, 1.5])
    ui.widget(url.bound("years"), controls[0].slider, "Years")
    ui.widget(url.bound("failed"), controls[1].toggle, "Show failed attempts")
    ui.widget(url.bound("cline"), controls[1].toggle, "Show Cline-only events", help=coups.CLINE_ONLY_HELP)
    ui.widget(url.bound("map"), controls[2].radio, "Map colour", horizontal=True)

    events = once(
        "events", coups.select_events, view, *years, include_failed=show_failed, include_cline_only=show_cline
    )
    if events.empty:
        st.info(coups.no_events_note(show_failed, period, show_cline))
        return
    options = dict(years=years, show_failed=show_failed, meta=meta, highlight=country)
    shown = dict(options, show_cline=show_cline)
    table, timeline = once("event table", coups.event_table, events), None
    with ui.section("the timeline of coups"):
        timeline = once("timeline", ui.build, coup_figures.build_coup_timeline, events, **shown)
        stem = file_name("coups", "africa", *years, country)
        summary = once("timeline summary", summaries.coup_events, events, period)
        ui.chart(timeline, "coup_timeline", stem, summary=summary, table=table)
    st.caption(once("intro", coups.page_intro, tables))  # what the page shows, exactly: under the chart
    if remark := once("training remark", coups.training_remark, tables):
        st.info(escape_markdown(remark))
    if unmatched := once("unmatched", coups.unmatched_note, view, tables):
        st.warning(escape_markdown(unmatched))
    if unsure := once("ambiguous tags", coups.ambiguous_tags_note, events):
        st.caption(escape_markdown(unsure))

    left, right = st.columns(2, gap="medium")
    with left, ui.section("the map of coups"):
        counts = once("counts", coups.counts_by_country, events)
        coup_map = once(
            "map",
            ui.build,
            coup_figures.build_coup_map,
            counts,
            countries,
            mode=map_mode,
            events=events,
            **shown,
        )
        stem = file_name("coup-map", map_mode, *years, country)
        count_table = once("count table", coups.counts_table, counts)
        event = ui.chart(
            coup_map, "coup_map", stem, selectable=True, table=count_table, show_table=True, once=once
        )
        ui.follow_click(event, "coup_map", country)
        ui.profile_link(country)
    with right, ui.section("the regime types of the coup countries"):
        first_year, last_year = years[0] - coups.REGIME_LEAD_YEARS, int(tables["regime_type"]["year"].max())
        in_events = list(events["iso3"].unique())
        strip = once(
            "regime strip",
            coups.regime_strip,
            tables["regime_type"],
            countries,
            in_events,
            first_year,
            last_year,
        )
        regime_figure = once(
            "regime figure",
            ui.build,
            coup_figures.build_regime_strip,
            strip,
            events,
            first_year=first_year,
            last_year=last_year,
            meta=meta,
            highlight=country,
        )
        stem, summary = (
            file_name("coup-regimes", first_year, last_year, country),
            once("regime summary", summaries.regime_strip, strip, last_year),
        )
        strip_table = once("regime table", coups.strip_table, strip)
        ui.chart(
            regime_figure,
            "regime_strip",
            stem,
            summary=summary,
            table=strip_table,
            show_table=True,
            once=once,
        )

    with ui.section("the table of events"):
        st.markdown(f"**The events behind the charts** ({period})")
        ui.static_table(table, "coup_events", "The events behind the charts", once)
        stem = file_name("coups", "africa", *years)
        ui.csv_download(table, "Download these events (CSV)", stem, key="coup_csv", figure=timeline)
        source = once("source line", coup_figures.source_line, meta, events)
        st.caption(escape_markdown(source + " " + meta.method("coupsCounted")))


coups_shown()
# In the sidebar, outside the part above: a change reruns the whole page, since every link has the country.
ui.country_picker(url.bound("country"))
ui.finish()
