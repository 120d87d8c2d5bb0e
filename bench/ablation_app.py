"""What each part of a page costs in the browser: one Streamlit app that draws one case at a time
(`?case=<name>`), measured by bench/investigate.py's `ablation` section against the floor case.

The figures are the pages' own, built by src.figures with each page's default filters, and drawn
through the app's ui.chart (same config, same offline shapes). Served from a folder beside the
app's static/ and .streamlit/config.toml, with the project on PYTHONPATH. Not part of the app.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from src import pages
from src.analysis import arms, coups, interventions
from src.analysis.claims import claims_against_data
from src.figures import arms as arms_figures
from src.figures import coups as coup_figures
from src.figures import exercises as exercise_figures
from src.figures import interventions as intervention_figures
from src.web import ui

FLOOR_CODES = (
    "DZA AGO BEN BWA BFA BDI CMR CPV CAF TCD COM COD COG CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN GNB "
    "KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TZA TGO "
    "TUN UGA ZMB ZWE"
).split()


def floor_map(resolution: int = 50) -> go.Figure:
    figure = go.Figure(
        go.Choropleth(
            locations=FLOOR_CODES,
            z=[(i * 37 + 11) % 100 for i in range(len(FLOOR_CODES))],
            locationmode="ISO-3",
            colorscale="Blues",
        )
    )
    figure.update_geos(scope="africa", resolution=resolution, showcountries=True, showframe=False)
    return figure.update_layout(margin=dict(l=0, r=0, t=0, b=0), height=480)


def merged_lines(figure: go.Figure) -> go.Figure:
    """The same figure with its one-trace-per-line Scattergeo traces merged into one trace per
    colour (segments separated by None): what fewer traces would save."""
    keep, groups = [], {}
    for trace in figure.data:
        if trace.type == "scattergeo" and trace.mode in ("lines", "markers"):
            key = (trace.mode, trace.legendgroup, str(trace.marker.symbol), str(trace.line.color))
            group = groups.setdefault(key, {"lon": [], "lat": [], "text": [], "trace": trace})
            text = trace.text if isinstance(trace.text, str) else None
            for lon, lat in zip(trace.lon, trace.lat, strict=True):
                group["lon"].append(lon)
                group["lat"].append(lat)
                group["text"].append(text)
            if trace.mode == "lines":
                group["lon"].append(None), group["lat"].append(None), group["text"].append(None)
            if trace.showlegend:
                group["showlegend"] = True
        else:
            keep.append(trace)
    for group in groups.values():
        trace = group["trace"]
        keep.append(
            trace.update(
                lon=group["lon"],
                lat=group["lat"],
                text=group["text"],
                showlegend=group.get("showlegend", False),
            )
        )
    return go.Figure(data=keep, layout=figure.layout)


def page_figures(tables: dict, case: str) -> list[go.Figure]:
    countries = tables["countries"]
    if case.startswith("arms"):
        view = ui.transfers_view()
        labels = arms.actor_labels(tables)
        window = (2019, 2023)
        shares = arms.supplier_shares(view, countries, "China", *window, "africa")
        claims = claims_against_data(tables["report_arms_supplier_claims"], view, countries, labels, *window)
        return [
            arms_figures.build_supplier_share_map(
                shares, countries, claims, supplier="China", supplier_label=labels.get("China", "China"),
                window=window, scope="africa",
            )
        ]  # fmt: skip
    if case.startswith("coups"):
        view = coups.coup_view(tables)
        pt_version = str(view["pt_version"].iloc[0])
        events = coups.select_events(view, 2020, 2023, include_failed=True)
        strip_end = int(tables["regime_type"]["year"].max())
        first = 2020 - coups.REGIME_LEAD_YEARS
        strip = coups.regime_strip(
            tables["regime_type"], countries, events["iso3"].unique().tolist(), first, strip_end
        )
        built = {
            "timeline": lambda: coup_figures.build_coup_timeline(
                events, years=(2020, 2023), show_failed=True, pt_version=pt_version
            ),
            "map": lambda: coup_figures.build_coup_map(
                coups.counts_by_country(events), countries, mode="count", years=(2020, 2023), show_failed=True,
                pt_version=pt_version,
            ),
            "strip": lambda: coup_figures.build_regime_strip(
                strip, events, first_year=first, last_year=strip_end, vdem_version=f"data to {strip_end}"
            ),
        }  # fmt: skip
        chosen = [part for part in built if case.endswith(part)] or list(built)
        return [built[part]() for part in chosen]
    if case.startswith("exercises"):
        return [
            exercise_figures.build_exercises_chart(tables["report_exercises"], footnotes=tables["footnotes"])
        ]
    if case.startswith("interventions"):
        figure = intervention_figures.build_interventions_map(interventions.relation_view(tables), countries)
        return [merged_lines(figure) if case.endswith("merged") else figure]
    return []


CASES = {
    "floor": "the floor's map alone",
    "floor_110m": "the floor's map from the 110m shapes (africa_110m.json) instead of 50m",
    "sidebar": "the floor's map and the app's sidebar (page links, country selector)",
    "widgets": "the floor's map and the Coups page's controls (slider, toggle, radio, selectbox)",
    "dataframe": "the floor's map and the Coups page's event table (st.dataframe)",
    "table": "the floor's map and the same table as st.table (static HTML table)",
    "expander": "the floor's map and the same st.dataframe inside a collapsed st.expander",
    "arms": "the Arms page's map alone",
    "coups": "the Coups page's three charts alone",
    "coups_timeline": "the Coups timeline alone",
    "coups_map": "the Coups map alone",
    "coups_strip": "the Coups regime strip alone",
    "exercises": "the Exercises chart alone",
    "interventions": "the Interventions map alone (one trace per line and marker)",
    "interventions_merged": "the Interventions map with its lines and markers merged by colour",
}

case = st.query_params.get("case", "floor")
if case == "sidebar":  # what ui.setup_page draws, with this script standing in for app.py
    st.set_page_config(page_title="Ablation", layout="wide")
    with st.sidebar:
        st.markdown(f"**{ui.APP_TITLE}**")
        for path, label in [("ablation_app.py", "Overview"), *((p.path, p.label) for p in pages.ALL[1:])]:
            st.page_link(path, label=label)
        st.divider()
tables = ui.tables()
if case == "sidebar":
    ui.country_picker(tables["countries"], None)
if case == "widgets":
    controls = st.columns([3, 1.2, 1.5])
    controls[0].slider("Years", 1950, 2023, (2020, 2023))
    controls[1].toggle("Show failed attempts", value=True)
    controls[2].radio("Map colour", ["count", "outcome"], horizontal=True)
    st.selectbox("Highlight a country", [None, *tables["countries"]["iso3"]])
if case.startswith("floor") or case in ("sidebar", "dataframe", "widgets", "table", "expander"):
    resolution = 110 if case == "floor_110m" else 50
    st.plotly_chart(floor_map(resolution), width="stretch", theme=None, config={"topojsonURL": "app/static/"})
if case == "dataframe":
    view = coups.coup_view(tables)
    st.dataframe(
        coups.event_table(coups.select_events(view, 2020, 2023, include_failed=True)), hide_index=True
    )
for i, figure in enumerate(page_figures(tables, case)):
    ui.chart(figure, key=f"chart{i}", filename=f"ablation-{case}-{i}")
