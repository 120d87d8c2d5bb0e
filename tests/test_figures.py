"""Figure builders: the right countries carry the right values, and every chart explains itself."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from src.analysis import arms, coups
from src.analysis import claims as report_claims
from src.figures import arms as arms_figures
from src.figures import common as layout
from src.figures import coups as coup_figures
from src.figures import drawn, geo, palette
from src.figures import exercises as exercise_figures
from src.figures import interventions as intervention_figures
from tests.conftest import all_text, figure_spec, trace


def drawn_shares(spec: dict) -> dict[str, float]:
    """Each country's share as the map draws it: a shade of the scale, or 0 (white)."""
    shaded = trace(spec, "Share from China")
    values = dict(zip(shaded["locations"], shaded["z"], strict=True))
    return values | dict.fromkeys(trace(spec, "0% from China")["locations"], 0.0)


@pytest.fixture(scope="module")
def china_map(view, tables, labels, meta):
    countries = tables["countries"]
    shares = arms.supplier_shares(view, countries, "China", 2019, 2023, "africa")
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, countries, labels, 2019, 2023
    )
    fig = arms_figures.build_supplier_share_map(
        shares,
        countries,
        claims,
        supplier="China",
        supplier_label="China",
        window=(2019, 2023),
        scope="africa",
        meta=meta,
        highlight="ZWE",
    )
    return figure_spec(fig), shares.set_index("iso3")


def test_share_map_values_for_report_named_countries(china_map, tables):
    """The share drawn for each country the report names equals the share computed by hand
    from the derived yearly table (China's TIV / all TIV, 2019-2023)."""
    spec, _ = china_map
    values = drawn_shares(spec)
    yearly = tables["arms_transfers_by_year"]
    window = yearly[yearly["year"].between(2019, 2023)]
    sipri_names = {"MOZ": "Mozambique", "SYC": "Seychelles", "ZWE": "Zimbabwe", "BDI": "Burundi",
                   "GHA": "Ghana", "KEN": "Kenya", "DZA": "Algeria", "AGO": "Angola", "SDN": "Sudan"}  # fmt: skip
    for iso3, name in sipri_names.items():
        rows = window[window["recipient"].eq(name)]
        expected = 100 * rows.loc[rows["supplier"].eq("China"), "tiv"].sum() / rows["tiv"].sum()
        assert values[iso3] == pytest.approx(float(expected)), iso3
    assert values["ZWE"] == pytest.approx(100)
    assert spec["data"][0]["zmin"] == 0 and spec["data"][0]["zmax"] == 100


def test_no_data_countries_are_grey_not_zero(china_map):
    spec, shares = china_map
    shaded = trace(spec, "Share from China")["locations"]
    no_data = trace(spec, "No recorded imports")
    assert "NAM" in no_data["locations"] and "NAM" not in shaded
    assert set(no_data["locations"]) == set(shares.index[~shares["has_imports"]])
    assert no_data["colorscale"][0][1] == palette.NO_DATA
    namibia = no_data["text"][no_data["locations"].index("NAM")]
    assert "No recorded imports of major arms, 2019–2023" in namibia


def test_small_states_are_markers_on_the_share_scale(view, tables, labels, meta):
    countries = tables["countries"]
    shares = arms.supplier_shares(view, countries, "China", 2000, 2019, "africa")
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, countries, labels, 2000, 2019
    )
    spec = figure_spec(
        arms_figures.build_supplier_share_map(
            shares, countries, claims, supplier="China", supplier_label="China",
            window=(2000, 2019), scope="africa", meta=meta,
        )
    )  # fmt: skip
    shares = shares.set_index("iso3")
    markers = trace(spec, "Small state")
    codes = markers["customdata"]
    assert {"SYC", "MUS", "CPV", "COM", "STP"} <= set(codes)
    colours = dict(zip(codes, markers["marker"]["color"], strict=True))
    # Seychelles (23 % from China in 2000-2019) on the share scale; Mauritius (imports, none from
    # China) white; São Tomé (no imports) grey: as their shapes would be.
    seychelles = plotly.colors.sample_colorscale(palette.SHARE_SCALE, shares.loc["SYC", "share_pct"] / 100)
    assert colours["SYC"] == seychelles[0]
    assert colours["MUS"] == palette.ZERO_SHARE and colours["STP"] == palette.NO_DATA


def test_zero_share_is_not_drawn_as_a_small_share(china_map):
    """Mozambique imported arms in 2019-2023, none from China: it is white with an outline, apart
    from the share scale, whose lowest colour is kept for the smallest shares above 0."""
    spec, shares = china_map
    zero = trace(spec, "0% from China")
    assert "MOZ" in zero["locations"] and "MOZ" not in trace(spec, "Share from China")["locations"]
    assert set(zero["locations"]) == set(shares.index[shares["has_imports"] & shares["share_pct"].eq(0)])
    assert zero["colorscale"][0][1] == palette.ZERO_SHARE != palette.NO_DATA
    assert zero["marker"]["line"]["color"] == palette.ZERO_SHARE_BORDER
    assert min(trace(spec, "Share from China")["z"]) > 0
    # Its legend entry is a marker that shows (a white fill alone would show nothing).
    key = [t for t in spec["data"] if t["name"] == "0% from China" and t["type"] == "scattergeo"]
    assert key and key[0]["marker"]["line"]["color"] == palette.ZERO_SHARE_BORDER


def test_share_bins_at_the_reports_thresholds(view, tables, labels, meta):
    """scale='bins': one colour per band at the thresholds the report's claims use (50 %, 90 %)."""
    countries = tables["countries"]
    shares = arms.supplier_shares(view, countries, "China", 2019, 2023, "africa")
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, countries, labels, 2019, 2023
    )
    spec = figure_spec(
        arms_figures.build_supplier_share_map(
            shares, countries, claims, supplier="China", supplier_label="China",
            window=(2019, 2023), scope="africa", meta=meta, scale="bins",
        )
    )  # fmt: skip
    bands = {t["name"]: t for t in spec["data"] if t["type"] == "choropleth" and "%" in t["name"]}
    assert list(bands) == [
        "Above 0%, up to 50%",
        "More than 50%, up to 90%",
        "More than 90%",
        "0% from China",
    ]
    share = shares.set_index("iso3")["share_pct"]
    assert set(bands["More than 90%"]["locations"]) == set(share.index[share.gt(90)])
    assert "ZWE" in bands["More than 90%"]["locations"]
    colours = [bands[name]["colorscale"][0][1] for name in list(bands)[:3]]
    assert len(set(colours)) == 3 and palette.ZERO_SHARE not in colours
    assert "Share from China" not in [t["name"] for t in spec["data"]]  # no colour bar
    assert "bands at the report's thresholds (50%, 90%)" in all_text(spec)


def test_china_map_rings_only_claims_about_china(china_map):
    """Russia's claims (Algeria, Angola, Sudan) are not ringed on China's map."""
    spec, _ = china_map
    named = trace(spec, "Named in the report")
    assert set(named["customdata"]) == {"MOZ", "NAM", "SYC", "ZWE", "BDI", "GHA", "KEN"}
    assert named["name"] == "Named in the report (fn 121)"


def test_a_ring_does_not_hide_the_countrys_hover(china_map):
    """The ring takes no hover; the claim is in the country's own hover, beside its data."""
    spec, shares = china_map
    assert trace(spec, "Named in the report")["hoverinfo"] == "skip"
    small = trace(spec, "Small state")
    seychelles = small["text"][small["customdata"].index("SYC")]
    assert "Report (fn 121, Hendrix 2020): more than 90% from China (period not stated)" in seychelles
    assert f"Data: {shares.loc['SYC', 'share_pct']:.1f}% from China in 2019–2023" in seychelles
    assert "From China: <b>" in seychelles  # the country's own hover is still there
    zero = trace(spec, "0% from China")
    mozambique = zero["text"][zero["locations"].index("MOZ")]
    assert "<b>Mozambique</b>" in mozambique and "more than 90% from China" in mozambique


def test_leading_map_rings_every_claim_by_supplier(view, tables, labels, meta):
    countries = tables["countries"]
    leading = arms.leading_suppliers(view, countries, 2019, 2023, "africa")
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, countries, labels, 2019, 2023
    )
    spec = figure_spec(
        arms_figures.build_leading_supplier_map(
            leading, countries, claims, labels=labels, window=(2019, 2023), scope="africa", meta=meta
        )
    )
    china = trace(spec, "Named in the report, about China")
    russia = trace(spec, "Named in the report, about Russia")
    assert set(russia["customdata"]) == {"DZA", "AGO", "SDN"} and "ZWE" in china["customdata"]
    assert china["marker"]["symbol"] != russia["marker"]["symbol"]
    fills = trace(spec, "Russia")
    assert "among Russia's top recipients" in fills["text"][fills["locations"].index("DZA")]


def test_share_map_hover_reports_estimated_part(china_map):
    spec, _ = china_map
    choropleth = trace(spec, "Share from China")
    zimbabwe = choropleth["text"][choropleth["locations"].index("ZWE")]
    assert "SIPRI marks 100% of this TIV as estimated" in zimbabwe


def test_the_template_is_plotly_white_for_what_the_figures_draw(china_map):
    """Every chart's JSON carries its template: plotly_white's own settings for the trace types the
    figures draw and for the page's layout, without the two dozen other trace types and the 3-D,
    polar and ternary subplots no figure makes (the walk tier checks every view's trace types)."""
    spec, _ = china_map
    white = pio.templates["plotly_white"].to_plotly_json()
    template = spec["layout"]["template"]
    assert sorted(template["data"]) == sorted(layout.TRACE_TYPES)
    for kind in layout.TRACE_TYPES:
        assert template["data"][kind] == white["data"][kind], kind
    kept = {key: value for key, value in white["layout"].items() if key not in ("polar", "scene", "ternary")}
    assert template["layout"] == kept
    assert len(json.dumps(template)) < len(json.dumps(white)) / 2


def test_the_browsers_figure_has_nothing_plotly_react_takes_for_a_change(china_map, view, tables, meta):
    """Streamlit hands every chart to Plotly.react again right after drawing it. What the browser gets
    has none of what makes that a second drawing: no template and no meta (compared by identity),
    no typed arrays, and a data revision; the template's settings are its own, and each axis says
    whether it draws its line, grid and zero line as Plotly would have (tests/test_export.py
    compares the pixels, tests/test_fragments.py counts the computations in the browser)."""
    recipients = arms.supplier_recipients(view, tables["countries"], "China", 2019, 2023, "africa")
    bars = arms_figures.build_supplier_recipients_bar(
        recipients, "China", "China", (2019, 2023), "africa", meta
    )
    for built in (bars, go.Figure(china_map[0])):
        sent = json.loads(drawn.for_browser(built).to_json())
        assert "template" not in sent["layout"] and "meta" not in sent["layout"]
        assert '"bdata"' not in json.dumps(sent)
        assert sent["layout"]["datarevision"] and sent["layout"]["paper_bgcolor"] == "#FFFFFF"
    sent = json.loads(drawn.for_browser(bars).to_json())["layout"]
    white = pio.templates["plotly_white"].layout
    assert sent["xaxis"]["gridcolor"] == sent["yaxis"]["gridcolor"] == white.xaxis.gridcolor
    # Horizontal bars: a grid across the value axis, none along the names the bars stand on.
    assert (sent["xaxis"]["showgrid"], sent["yaxis"]["showgrid"]) == (True, False)
    assert sent["xaxis"]["showline"] is False and sent["yaxis"]["zeroline"] is False
    geo_sent = json.loads(drawn.for_browser(go.Figure(china_map[0])).to_json())["layout"]["geo"]
    assert geo_sent["subunitcolor"] == white.geo.subunitcolor


def test_the_data_revision_follows_the_figures_content():
    """Plotly.react skips a chart's new arrays whose data revision is unchanged: the revision must
    change with any value drawn, in a trace or in the layout's arrays."""

    def revision(values: list[float], order: list[str]) -> str:
        fig = go.Figure(go.Bar(x=values, y=["a", "b"], orientation="h"))
        fig.update_yaxes(categoryorder="array", categoryarray=order)
        return drawn.with_data_revision(fig).layout.datarevision

    first = revision([1, 2], ["a", "b"])
    assert first and revision([1, 2], ["a", "b"]) == first
    assert revision([1, 3], ["a", "b"]) != first
    assert revision([1, 2], ["b", "a"]) != first
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"]))
    once = drawn.with_data_revision(fig).layout.datarevision
    assert drawn.with_data_revision(fig).layout.datarevision == once  # a digest of the rest, not of itself


def test_streamlit_imported_later_does_not_change_the_figures_template():
    """Importing Streamlit makes its own Plotly template the default. A figure framed after that, in
    a process that imported the figures first (tests, scripts), still gets the dashboard's."""
    code = (
        "import json; from src.figures import common; import streamlit; import plotly.graph_objects as go; "
        "fig = common.frame(go.Figure(go.Bar(x=[1], y=['a'])), title='t', subtitle='s', source='x'); "
        "print(json.dumps(sorted(fig.layout.template.to_plotly_json()['data'])))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.splitlines()[-1]) == sorted(layout.TRACE_TYPES)


def test_building_a_figure_loads_no_class_of_an_unused_trace_type():
    """plotly_white's template would import the classes of every trace type it styles (scatter3d,
    carpet, table, ...) in every server: code held in memory that no figure uses."""
    code = (
        "import sys; import plotly.graph_objects as go; from src.figures import common; "
        "go.Figure(go.Bar(x=[1], y=[1])).to_plotly_json(); "
        "print(' '.join(m for m in sys.modules if m.startswith('plotly.graph_objs.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    kinds = {name.split(".")[2].lstrip("_") for name in loaded.split()}
    assert "bar" in kinds
    assert not kinds & {"scatter3d", "carpet", "table", "surface", "barpolar", "parcoords", "pie"}, kinds


def test_share_map_carries_title_period_source_and_offline_layout(china_map):
    spec, _ = china_map
    text = all_text(spec)
    assert "China's share of each country's arms imports, 2019–2023" in text
    assert "SIPRI Arms Transfers Database" in text and "fn 121" in text
    geo = spec["layout"]["geo"]
    assert geo["scope"] == "africa" and geo["resolution"] == 50
    # One line, clear of the colour bar's top label.
    assert trace(spec, "Share from China")["colorbar"]["title"]["text"] == "Share from China"
    assert trace(spec, "Selected: Zimbabwe")["locations"] == ["ZWE"]
    # The selection's legend entry has a swatch: a black square outline (an outline's own is empty).
    (key,) = [t for t in spec["data"] if t["name"] == "Selected: Zimbabwe" and t["type"] == "scattergeo"]
    assert key["marker"]["symbol"] == "square-open" and key["marker"]["line"]["width"] == 3


def test_leading_supplier_map(view, tables, labels, meta):
    countries = tables["countries"]
    leading = arms.leading_suppliers(view, countries, 2019, 2023, "africa")
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, countries, labels, 2019, 2023
    )
    spec = figure_spec(
        arms_figures.build_leading_supplier_map(
            leading, countries, claims, labels=labels, window=(2019, 2023), scope="africa", meta=meta
        )
    )
    russia = trace(spec, "Russia")
    assert "DZA" in russia["locations"] and russia["colorscale"][0][1] == palette.SUPPLIER_COLOURS["Russia"]
    china = trace(spec, "China")
    assert "ZWE" in china["locations"] and china["colorscale"][0][1] == palette.SUPPLIER_COLOURS["China"]
    algeria = russia["text"][russia["locations"].index("DZA")]
    assert "Leading supplier: <b>Russia</b>" in algeria
    assert "NAM" in trace(spec, "No recorded imports")["locations"]


def test_recipient_bar_uses_supplier_colours(view, labels, meta):
    suppliers = arms.recipient_suppliers(view, "NAM", 2000, 2019)
    spec = figure_spec(
        arms_figures.build_recipient_suppliers_bar(
            suppliers, country_name="Namibia", labels=labels, window=(2000, 2019), meta=meta
        )
    )
    bar = spec["data"][0]
    assert bar["y"][-1] == "China"  # largest at the top
    assert bar["marker"]["color"][-1] == palette.SUPPLIER_COLOURS["China"]
    assert bar["text"][-1] == "79.1%"
    assert "Who supplied Namibia's major arms, 2000–2019" in all_text(spec)


def test_coup_timeline_2020_2023(tables, meta):
    view = coups.coup_view(tables)
    events = coups.select_events(view, 2020, 2023, include_failed=True)
    spec = figure_spec(
        coup_figures.build_coup_timeline(events, years=(2020, 2023), show_failed=True, meta=meta)
    )
    successful, failed = trace(spec, "Successful coups"), trace(spec, "Failed attempts")
    assert len(successful["x"]) == 9 and len(failed["x"]) == 5
    assert successful["x"] == sorted(successful["x"])
    assert successful["y"].count("Burkina Faso") == 2
    assert successful["marker"]["symbol"] != failed["marker"]["symbol"]
    # Countries top to bottom in the order of their first event.
    assert spec["layout"]["yaxis"]["categoryarray"][::-1][:3] == ["Mali", "Niger", "Chad"]
    mali = successful["text"][successful["y"].index("Mali", 1)]
    assert "21 May 2021" in mali and "Cline 2.1.2 dates it differently: 24 May 2021 (3 days later)" in mali
    assert (
        "Powell & Thyne, Global Instances of Coups, V2025.09.12 (reconstructed)" in mali
        and "Listed by the report (fn 142)" in mali
    )
    burkina = successful["text"][successful["y"].index("Burkina Faso")]
    assert "names one coup here in 2022; P&T record 2, and which one the report means is not said" in burkina
    # The report names Burkina Faso 2022 once; P&T record two successful coups there: both are ringed
    # apart, as one of the two, not as named.
    assert len(trace(spec, "Listed by the report (fn 142)")["x"]) == 7
    assert len(trace(spec, "Listed by the report (fn 142): one of these")["y"]) == 2
    assert "Coups in Africa, 2020–2023" in all_text(spec) and "Powell & Thyne" in all_text(spec)


def test_coup_timeline_without_failed(tables, meta):
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=False)
    spec = figure_spec(
        coup_figures.build_coup_timeline(events, years=(2020, 2023), show_failed=False, meta=meta)
    )
    assert [t["name"] for t in spec["data"]].count("Failed attempts") == 0


def test_coup_map_and_regime_strip(tables, meta):
    view = coups.coup_view(tables)
    events = coups.select_events(view, 2020, 2023, include_failed=True)
    counts = coups.counts_by_country(events)
    spec = figure_spec(
        coup_figures.build_coup_map(
            counts,
            tables["countries"],
            mode="count",
            years=(2020, 2023),
            show_failed=True,
            meta=meta,
            events=events,
            highlight="SDN",
        )
    )
    # One colour per whole count, no continuous scale (nothing is ever 0.5 coups).
    counts_drawn = {t["name"]: t for t in spec["data"] if t["name"].endswith(("event", "events"))}
    assert list(counts_drawn) == ["1 event", "2 events", "3 events"]
    assert len({t["colorscale"][0][1] for t in counts_drawn.values()}) == 3
    assert not any(t.get("showscale") for t in spec["data"])
    values = {c: int(n.split()[0]) for n, t in counts_drawn.items() for c in t["locations"]}
    assert values == {
        "BFA": 2,
        "GAB": 1,
        "GIN": 1,
        "GNB": 1,
        "MLI": 2,
        "NER": 2,
        "SDN": 3,
        "STP": 1,
        "TCD": 1,
    }
    assert "NGA" in trace(spec, "No coup events recorded")["locations"]
    # São Tomé and Príncipe has no shape at this scale: a marker, in the colour of its count.
    small = trace(spec, "Small state")
    stp = small["customdata"].index("STP")
    assert small["marker"]["color"][stp] == counts_drawn["1 event"]["colorscale"][0][1]
    assert "Failed attempts (P&T): 1" in small["text"][stp]
    assert trace(spec, "Selected: Sudan")["locations"] == ["SDN"]
    strip = coups.regime_strip(tables["regime_type"], tables["countries"], list(values), 2018, 2025)
    heat = figure_spec(
        coup_figures.build_regime_strip(strip, events, first_year=2018, last_year=2025, meta=meta)
    )["data"][0]
    cells = dict(zip(zip(heat["y"], heat["x"], strict=True), heat["z"], strict=True))
    assert cells[("Mali", 2021)] == 0 and cells[("Niger", 2023)] == 0


def test_exercises_are_labelled_as_lower_bounds(tables, meta):
    spec = figure_spec(
        exercise_figures.build_exercises_chart(
            tables["report_exercises"], footnotes=tables["footnotes"], meta=meta
        )
    )
    bars = [t for t in spec["data"] if t["type"] == "bar"]
    labels = {t["name"]: t["text"][0] for t in bars}
    assert labels == {"CSTO": "≥ 38", "SCO": "≥ 22"}
    # Nothing is drawn past the bound in data units: a length there would read as more exercises.
    assert max(x for t in spec["data"] for x in t["x"]) == 38
    # The open end is an arrow of a fixed length in pixels, the same for both bars.
    arrows = [a for a in spec["layout"]["annotations"] if a.get("name", "").endswith("open end")]
    assert {(a["name"], a["x"], a["axref"], a["ax"]) for a in arrows} == {
        ("CSTO open end", 38, "pixel", -exercise_figures.ARROW_PX),
        ("SCO open end", 22, "pixel", -exercise_figures.ARROW_PX),
    }
    text = all_text(spec)
    assert "2002–2016" in text and "fn 112" in text and "De Haas" in text and "lower bounds" in text


def test_exercises_filter(tables, meta):
    one = tables["report_exercises"][tables["report_exercises"]["organization"].eq("SCO")]
    spec = figure_spec(exercise_figures.build_exercises_chart(one, footnotes=tables["footnotes"], meta=meta))
    assert [t["name"] for t in spec["data"] if t["type"] == "bar"] == ["SCO"]


def test_interventions_map(tables, meta):
    from src.analysis import interventions

    relations = interventions.relation_view(tables)
    spec = figure_spec(
        intervention_figures.build_interventions_map(
            relations, tables["countries"], meta=meta, highlight="SYR"
        )
    )
    targets = trace(spec, "Target country")["locations"]
    assert set(targets) == {"MOZ", "COD", "KAZ", "SYR", "MLI", "SDN"}
    lines = [t for t in spec["data"] if t.get("mode") == "lines"]
    assert len(lines) == 4  # Iran, Russia and the Wagner Group (twice): from a state to a country
    texts = " ".join(t["text"] for t in lines)
    assert "Iran → Syria" in texts and "From 2011" in texts and "fn 115" in texts
    assert "Wagner Group → Mali" in texts
    assert trace(spec, "Selected: Syria")["locations"] == ["SYR"]
    assert "fn 111, 113, 115, 116, 118, 124" in all_text(spec)
    assert "Who intervenes for whom: every relation the report names" in all_text(spec)


def test_continent_wide_relation_is_not_a_point_in_africa(tables, meta):
    """China's professional military education for Africa as a whole has no target country: it is
    marked and labelled at China, not drawn to a spot in Central Africa."""
    from src.analysis import interventions

    relations = interventions.relation_view(tables)
    china = relations[relations["actor"].eq("China")]
    spec = figure_spec(intervention_figures.build_interventions_map(china, tables["countries"], meta=meta))
    points = [
        (lon, lat)
        for t in spec["data"]
        if t["type"] == "scattergeo"
        for lon, lat in zip(t["lon"], t["lat"], strict=True)
        if lon is not None
    ]
    assert points and set(points) == {(116.40, 39.91)}  # Beijing, the point the table states
    (labelled,) = [t for t in spec["data"] if t.get("mode") == "markers+text"]
    assert labelled["text"] == ["China →<br>Africa (continent-wide)"]
    assert "a relation with Africa as a whole is marked at its actor" in all_text(spec)


def test_each_line_starts_at_its_stated_point_in_a_frame_that_holds_both_ends(tables, meta):
    """Wagner → Mali starts in Moscow (the capital of the state it acts for, as the table states and
    says why), not at Russia's centroid in Siberia; the map frames the region holding both ends of
    every line and each target's whole outline; no label covers the selected country's outline."""
    from src.analysis import interventions

    relations = interventions.relation_view(tables)
    stated = relations.set_index("relation_id")
    assert stated.loc["wagner-MLI", "origin_place"] == "Moscow"
    assert "acts for" in stated.loc["wagner-MLI", "origin_basis"]
    for view, selected in (
        (relations[relations["target_iso3"].eq("MLI")], "MLI"),
        (relations, "SYR"),
        (relations, "MOZ"),
    ):
        spec = figure_spec(
            intervention_figures.build_interventions_map(
                view, tables["countries"], meta=meta, highlight=selected
            )
        )
        (lon_lo, lon_hi), (lat_lo, lat_hi) = (
            spec["layout"]["geo"]["lonaxis"]["range"],
            spec["layout"]["geo"]["lataxis"]["range"],
        )
        lines = [t for t in spec["data"] if t.get("mode") == "lines"]
        assert lines
        for line in lines:
            relation = view[
                view["actor_name"].map(lambda a, line=line: line["text"].startswith(f"<b>{a} → "))
            ]
            starts = {(float(r.origin_lon), float(r.origin_lat)) for r in relation.itertuples()}
            assert (line["lon"][0], line["lat"][0]) in starts  # the stated point, exactly
            for lon, lat in zip(line["lon"], line["lat"], strict=True):
                assert lon_lo <= lon <= lon_hi and lat_lo <= lat <= lat_hi, (line["text"], lon, lat)
        for iso3 in set(view["target_iso3"].dropna()):
            west, south, east, north = geo.bounds()[iso3]
            assert lon_lo <= west and east <= lon_hi and lat_lo <= south and north <= lat_hi, iso3
        west, south, east, north = geo.bounds()[selected]
        labels = [t for t in spec["data"] if t.get("mode") in ("text", "markers+text")]
        assert labels
        for label in labels:
            for lon, lat in zip(label["lon"], label["lat"], strict=True):
                assert not (west <= lon <= east and south <= lat <= north), (label["name"], selected)
        (own,) = [t for t in labels if t["name"] == f"label {selected}"]
        # its own label runs away from the outline: down from below it, or up from above it
        assert (own["lat"][0] < south and own["textposition"].startswith("bottom")) or (
            own["lat"][0] > north and own["textposition"].startswith("top")
        )


def test_interventions_title_names_the_filters(tables, meta):
    from src.analysis import interventions

    relations = interventions.relation_view(tables)
    chosen = {"actor": ["Wagner Group"], "target": ["MLI"]}
    shown = interventions.filter_relations(relations, **chosen)
    spec = figure_spec(
        intervention_figures.build_interventions_map(shown, tables["countries"], meta=meta, filters=chosen)
    )
    assert "Who intervenes for whom, filtered: Actor: Wagner Group; target country: Mali" in all_text(spec)


def test_interventions_filter(tables):
    from src.analysis import interventions

    relations = interventions.relation_view(tables)
    shown = interventions.filter_relations(relations, actor=["Wagner Group"])
    assert set(shown["target_iso3"]) == {"MLI", "SDN"}
    shown = interventions.filter_relations(relations, target=["SYR"], kind=["military intervention"])
    assert shown["actor"].tolist() == ["Russia"]


def test_exercises_table_keeps_the_bound(tables):
    table = exercise_figures.exercises_table(tables["report_exercises"]).set_index("Organization")
    assert table.loc["CSTO", "Exercises"] == "≥ 38" and table.loc["SCO", "Exercises"] == "≥ 22"
    assert table.loc["SCO", "Area"] == "Central Asia" and table.loc["CSTO", "Period"] == "2002–2016"


def test_interventions_table_says_when_no_start_year_is_stated(tables):
    from src.analysis import interventions

    table = interventions.relation_table(interventions.relation_view(tables)).set_index("Actor")
    assert table.loc["Iran", "From (year)"] == "2011 (inferred)"
    assert table.loc["Southern African Development Community", "From (year)"] == "not stated"
    assert table.loc["China", "Also see footnotes"] == "119, 120"


def _highlighted_row(spec: dict) -> str:
    """The category a highlight shape covers, read from the shape's position on the y axis."""
    (shape,) = [s for s in spec["layout"].get("shapes", []) if s.get("name") == "highlight"]
    categories = spec["layout"]["yaxis"]["categoryarray"]
    middle = (shape["y0"] + shape["y1"]) / 2
    assert shape["y1"] - shape["y0"] <= 1 and middle == round(middle)  # one row, centred on it
    return categories[round(middle)]


@pytest.mark.parametrize("iso3", ["MLI", "BFA", "GAB", "NER", "SDN", "STP"])
def test_highlight_covers_the_chosen_countrys_row(tables, meta, iso3):
    """Mali shaded Gabon's row and Burkina Faso Guinea's before: the highlight must land on the
    chosen country, on the timeline and on the regime strip."""
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=True)
    name = tables["countries"].set_index("iso3").loc[iso3, "name"]
    timeline = figure_spec(
        coup_figures.build_coup_timeline(
            events, years=(2020, 2023), show_failed=True, meta=meta, highlight=iso3
        )
    )
    assert _highlighted_row(timeline) == name
    strip = coups.regime_strip(
        tables["regime_type"], tables["countries"], list(events["iso3"].unique()), 2018, 2025
    )
    regimes = figure_spec(
        coup_figures.build_regime_strip(
            strip, events, first_year=2018, last_year=2025, meta=meta, highlight=iso3
        )
    )
    assert _highlighted_row(regimes) == name
    # Both charts list the countries in the same order: first coup at the top.
    assert regimes["layout"]["yaxis"]["categoryarray"] == timeline["layout"]["yaxis"]["categoryarray"]


def test_chart_footnotes_come_from_the_rows_drawn(tables, meta):
    """Renumber the report's coup list: the timeline's legend, hover and source line follow."""
    changed = {**tables, "report_coups": tables["report_coups"].assign(footnote=999)}
    events = coups.select_events(coups.coup_view(changed), 2020, 2023, include_failed=True)
    spec = figure_spec(
        coup_figures.build_coup_timeline(events, years=(2020, 2023), show_failed=True, meta=meta)
    )
    assert trace(spec, "Listed by the report (fn 999)")
    assert "fn 999" in all_text(spec) and "fn 142" not in all_text(spec)
    # A window with no listed coup draws no ring and cites no footnote.
    earlier = coups.select_events(coups.coup_view(changed), 2010, 2015, include_failed=True)
    spec = figure_spec(
        coup_figures.build_coup_timeline(earlier, years=(2010, 2015), show_failed=True, meta=meta)
    )
    assert "fn " not in all_text(spec)


def test_source_lines_come_from_the_descriptor(tables):
    """A new dataset version in the descriptor is what every chart's source line says."""
    import copy

    from src.data import loader as data
    from src.data.meta import Meta

    descriptor = copy.deepcopy(data.read_descriptor())
    for entry in [descriptor, *descriptor["resources"]]:
        for source in entry.get("sources", []):
            if source["id"] == "cline":
                source.update(version="9.9.9", coverage={"start": 1945, "end": 2030})
    events = coups.select_events(coups.coup_view(tables), 2023, 2023, include_failed=True)
    spec = figure_spec(
        coup_figures.build_coup_timeline(events, years=(2023, 2023), show_failed=True, meta=Meta(descriptor))
    )
    assert "Cline Center Coup d'État Project, 9.9.9" in all_text(spec)
    assert "Cline's data end in 2030" in all_text(spec)
    assert "Cline 9.9.9: no matching event recorded" in trace(spec, "Successful coups")["text"][0]


def _every_chart(view, tables, labels, meta) -> dict[str, object]:
    """One figure of each builder, in each page's default view (a country chosen)."""
    from src.analysis import interventions

    countries = tables["countries"]
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, countries, labels, 2019, 2023
    )
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=True)
    strip = coups.regime_strip(tables["regime_type"], countries, list(events["iso3"].unique()), 2018, 2025)
    options = dict(labels=labels, window=(2019, 2023), meta=meta, highlight="ZWE")
    return {
        "share map": arms_figures.build_arms_map(
            arms.map_shares(view, countries, mode="share", supplier="China", window=(2019, 2023), scope="africa"),
            countries, claims, mode="share", supplier="China", scope="africa", **options,
        ),
        "leading world map": arms_figures.build_arms_map(
            arms.map_shares(view, countries, mode="leading", supplier=None, window=(2019, 2023), scope="world"),
            countries, claims, mode="leading", supplier=None, scope="world", **options,
        ),
        "suppliers bar": arms_figures.build_recipient_suppliers_bar(
            arms.recipient_suppliers(view, "NAM", 2000, 2019),
            country_name="Namibia", labels=labels, window=(2000, 2019), meta=meta,
        ),
        "coup timeline": coup_figures.build_coup_timeline(
            events, years=(2020, 2023), show_failed=True, meta=meta, highlight="STP"
        ),
        "coup map": coup_figures.build_coup_map(
            coups.counts_by_country(events), countries, mode="count", years=(2020, 2023),
            show_failed=True, meta=meta, events=events, highlight="STP",
        ),
        "regime strip": coup_figures.build_regime_strip(
            strip, events, first_year=2018, last_year=2025, meta=meta, highlight="STP"
        ),
        "exercises": exercise_figures.build_exercises_chart(
            tables["report_exercises"], footnotes=tables["footnotes"], meta=meta
        ),
        "interventions": intervention_figures.build_interventions_map(
            interventions.relation_view(tables), countries, meta=meta
        ),
    }  # fmt: skip


def _lines(html: str) -> list[str]:
    return [line for line in re.split(r"<br>", re.sub(r"</?b>", "", html)) if line]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_chart_text_is_wrapped_to_the_width_it_is_drawn_at(view, tables, labels, meta, phone):
    """Plotly does not wrap: every line of every title, subtitle and source line is no wider (in
    Arial's widths, wider than the browser's Source Sans) than the narrowest chart of its class, or
    a phone's chart; and the title starts below the toolbar's strip."""
    for name, fig in _every_chart(view, tables, labels, meta).items():
        spec = fig.layout.meta["frame"]
        width = (layout.PHONE if phone else layout.WIDTHS[spec["width"]]).narrowest
        if phone:
            layout.fit(fig, layout.PHONE)
        title = fig.layout.title
        source = [a for a in fig.layout.annotations if a.name == "source"][0]
        for part, size, bold in (
            (title.text, layout.TITLE_SIZE, True),
            (title.subtitle.text, layout.SUBTITLE_SIZE, False),
            (source.text, layout.SOURCE_SIZE, False),
        ):
            for line in _lines(part):
                assert layout.text_width(line, size, bold) <= width - 2 * layout.PAD, (name, line)
        # Plotly puts a one-line title's top at y, a longer one's first baseline.
        top = (1 - title.y) * fig.layout.height - (
            0 if len(_lines(title.text)) == 1 else 0.9 * layout.TITLE_SIZE
        )
        assert top >= layout.TOOLBAR_SPACE - 3, name
        # The source starts at the figure's left edge, under the title, whatever the axis labels.
        assert source.xshift == -(fig.layout.margin.l - layout.PAD), name


def test_phone_layout_keeps_the_plot_and_fits_a_map_to_the_width(view, tables, labels, meta):
    charts = _every_chart(view, tables, labels, meta)
    timeline = charts["coup timeline"]
    plot = timeline.layout.height - timeline.layout.margin.t - timeline.layout.margin.b
    layout.fit(timeline, layout.PHONE)
    assert timeline.layout.height - timeline.layout.margin.t - timeline.layout.margin.b == plot
    share_map = charts["share map"]
    layout.fit(share_map, layout.PHONE)
    plot_height = share_map.layout.height - share_map.layout.margin.t - share_map.layout.margin.b
    # As tall as the map needs to fill the phone's width, no more: no white bands above and below.
    assert plot_height == pytest.approx(
        geo.scope_aspect("africa") * (layout.PHONE.widest - 2 * layout.PAD), abs=1
    )


def test_wrap_measures_words_not_characters():
    line = "China's share of each country's arms imports, 2019–2023"
    wrapped = layout.wrap(line, 300, layout.TITLE_SIZE, bold=True)
    assert " ".join(wrapped) == line and len(wrapped) == 2
    assert all(layout.text_width(part, layout.TITLE_SIZE, True) <= 300 for part in wrapped)
    # Narrow letters fit more to a line than wide ones.
    assert len(layout.wrap("i " * 60, 200, 13)) < len(layout.wrap("W " * 60, 200, 13))


def test_map_aspect_is_the_projected_shape_of_its_box():
    """Africa's box [-26, 60] × [-36, 38] in Natural Earth is about as tall as wide (Chromium draws
    it 462 × 468 px); the world without Antarctica about half as tall as wide."""
    assert geo.aspect((-26, 60), (-36, 38)) / 1.03 == pytest.approx(468 / 462, rel=0.02)
    assert geo.aspect((-180, 180), (-58, 84)) / 1.03 == pytest.approx(0.44, rel=0.03)


def _labels_inside(fig, width: int) -> None:
    plot_width = width - 2 * layout.PAD - layout.category_labels_width(fig)
    (bars,) = fig.data
    end = fig.layout.xaxis.range[1]
    for value, text in zip(bars.x, bars.text, strict=True):
        label_end = value / end * plot_width + 3 + layout.text_width(text, layout.BAR_TEXT_SIZE)
        assert label_end <= plot_width + layout.PAD, (width, text, label_end, plot_width)  # the figure's edge


@pytest.mark.parametrize("width", [300, 360, 430, 560, 800, 1140])
def test_every_label_beside_a_ranked_bar_ends_inside_the_chart(view, tables, meta, width):
    """A label outside a bar ("43.6% of its imports") is cut at the figure's edge: at every width the
    value axis leaves room for the longest bar's label, and at a wide one it stays as built."""
    recipients = arms.supplier_recipients(view, tables["countries"], "China", 2019, 2023, "africa")
    built = arms_figures.build_supplier_recipients_bar(
        recipients, "China", "China", (2019, 2023), "africa", meta
    )
    fig = layout.fit(built.__class__(built), width)
    _labels_inside(fig, width)
    if width >= 800:
        assert fig.layout.xaxis.range[1] == pytest.approx(
            float(recipients["tiv_supplier"].head(15).max()) * 1.5
        )


@pytest.mark.parametrize("window", [(2019, 2023), (2000, 2019)])
def test_every_suppliers_ranking_keeps_its_labels_inside_on_a_narrow_window(view, tables, meta, window):
    """Every supplier of the two preset windows: its ranking's labels end inside the chart where it
    is narrowest (under the map at 768 px, and a phone's), whatever its names and shares."""
    for supplier in arms.suppliers_by_volume(view, *window, "africa"):
        recipients = arms.supplier_recipients(view, tables["countries"], supplier, *window, "africa")
        built = arms_figures.build_supplier_recipients_bar(
            recipients, supplier, supplier, window, "africa", meta
        )
        for width in (340, 430):
            _labels_inside(layout.fit(built.__class__(built), width), width)


def test_margins_leave_room_for_the_axes_labels_as_plotly_sizes_them():
    """Plotly widens a margin too narrow for an axis's labels and draws the chart again
    (tests/test_layout.py checks the drawn charts): the left margin is the y axes' depth, stacked
    bars counted to the top of their stack, and the right margin takes a timeline's last year,
    whose label sticks out past the plot's edge on a narrow chart."""

    def bars(barmode: str | None) -> go.Figure:
        fig = go.Figure(
            [go.Bar(x=[2000, 2001], y=[600, 30]), go.Bar(x=[2000, 2001], y=[600, 20])],
            layout=dict(barmode=barmode, font=dict(size=13)),
        )
        return fig.update_yaxes(title=dict(text="TIV", font=dict(size=11)))

    digits = layout.text_width("1320", 13) + layout.TICK_LABEL_GAP + 15 + layout.TITLE_DEPTH * 11
    assert layout.left_axes_depth(bars("stack")) == -int(-digits // 1)  # 1,200 stacked, and Plotly's pad
    assert layout.left_axes_depth(bars("group")) < layout.left_axes_depth(bars("stack"))  # 660: three digits
    texts = go.Figure(go.Bar(x=[1], y=[0])).update_yaxes(tickvals=[0], ticktext=["Regime"], range=[-1, 1])
    assert layout.left_axes_depth(texts) == -int(-(layout.text_width("Regime", 13) + 13) // 1)
    assert layout.left_axes_depth(go.Figure(go.Bar(x=[1], y=["a"]))) == 0  # categories: their own width

    years = go.Figure(go.Bar(x=[2000, 2025], y=[1, 2])).update_xaxes(range=[1999.5, 2025.5], dtick=5)
    half_label = layout.text_width("2025", 13) / 2
    narrow = layout.last_tick_overflow(years, 394, 58)
    assert narrow == -int(-(half_label - 0.5 / 26 * (394 - 58 - layout.PAD)) // 1) > 0
    assert layout.last_tick_overflow(years, 2000, 58) == 0  # half a year is wider than half a label
    assert layout.last_tick_overflow(years.update_xaxes(range=[1999.5, 2028]), 394, 58) == 0


def test_the_legend_above_the_plot_counts_only_its_own_entries():
    """Room above the plot is kept for the legend there, not for a second legend elsewhere (the
    profile's regime categories, beneath its strip): counted in, they left a gap of a row or two
    between the subtitle and the legend."""
    above = [go.Bar(x=[1], y=[1], name=name) for name in ("France", "China", "Russia")]
    beneath = [
        go.Bar(x=[1], y=[1], name=name, legend="legend2")
        for name in ("Closed autocracy", "Electoral autocracy")
    ]
    fig = go.Figure(above + beneath, layout=dict(legend=dict(orientation="h", y=1.0, yanchor="bottom")))
    alone = go.Figure(above, layout=dict(legend=dict(orientation="h", y=1.0, yanchor="bottom")))
    assert layout.legend_rows(fig, 200) == layout.legend_rows(alone, 200) == 2


def test_relayout_gives_what_update_layout_gives():
    """common.relayout, the figures' cheap update_layout: nested props merge into what the figure
    has (the title's colour stays when its text changes), plain values and meta are replaced."""

    def built() -> go.Figure:
        fig = go.Figure(go.Scattergeo(lon=[0], lat=[0]))
        fig.layout.title = dict(text="Before", font=dict(color="#123456", size=10), x=0.5)
        fig.layout.legend = dict(orientation="h", y=1.0)
        fig.layout.meta = {"frame": {"width": "full"}, "builder": "b"}
        return fig

    change = dict(
        title=dict(text="After", font=dict(size=18), subtitle=dict(text="Sub")),
        legend=dict(traceorder="grouped", font=dict(size=12)),
        geo=dict(projection=dict(type="mercator"), lonaxis=dict(range=[-20, 55])),
        meta={"frame": {"width": "half"}},
        height=400,
    )
    expected, fig = built().update_layout(**change), layout.relayout(built(), **change)
    assert fig.layout.to_plotly_json() == expected.layout.to_plotly_json()
    assert fig.layout.title.font.color == "#123456" and fig.layout.title.font.size == 18
    assert fig.layout.meta == {"frame": {"width": "half"}}
