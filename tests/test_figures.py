"""Figure builders: the right countries carry the right values, and every chart explains itself."""

from __future__ import annotations

import pytest

from src import arms, coups, palette
from src import claims as report_claims
from src.figures import arms as arms_figures
from src.figures import coups as coup_figures
from src.figures import exercises as exercise_figures
from src.figures import interventions as intervention_figures
from tests.conftest import all_text, figure_spec, trace


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
    choropleth = trace(spec, "Share from China")
    values = dict(zip(choropleth["locations"], choropleth["z"], strict=True))
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


def test_small_states_are_markers_on_the_share_scale(china_map):
    spec, shares = china_map
    markers = trace(spec, "Small state")
    codes = markers["customdata"]
    assert {"SYC", "MUS", "CPV", "COM", "STP"} <= set(codes)
    colours = dict(zip(codes, markers["marker"]["color"], strict=True))
    assert colours["SYC"] == pytest.approx(shares.loc["SYC", "share_pct"])
    assert markers["marker"]["cmin"] == -1 and markers["marker"]["cmax"] == 100
    # A small state without imports gets the no-data grey (-1), not 0 %.
    for code in codes:
        if not shares.loc[code, "has_imports"]:
            assert colours[code] == -1


def test_report_named_countries_are_marked_with_claim_and_data(china_map):
    spec, shares = china_map
    named = trace(spec, "Named in the report")
    hover = dict(zip(named["customdata"], named["text"], strict=True))
    assert set(hover) == {"MOZ", "NAM", "SYC", "ZWE", "BDI", "GHA", "KEN", "DZA", "AGO", "SDN"}
    assert "Report (fn 121, Hendrix 2020): more than 90% from China (period not stated)" in hover["SYC"]
    assert f"Data: {shares.loc['SYC', 'share_pct']:.1f}% from China in 2019–2023" in hover["SYC"]
    assert "among Russia's top recipients" in hover["DZA"]


def test_share_map_hover_reports_estimated_part(china_map):
    spec, _ = china_map
    choropleth = trace(spec, "Share from China")
    zimbabwe = choropleth["text"][choropleth["locations"].index("ZWE")]
    assert "SIPRI marks 100% of this TIV as estimated" in zimbabwe


def test_share_map_carries_title_period_source_and_offline_layout(china_map):
    spec, _ = china_map
    text = all_text(spec)
    assert "China's share of each country's arms imports, 2019–2023" in text
    assert "SIPRI Arms Transfers Database" in text and "fn 121" in text
    geo = spec["layout"]["geo"]
    assert geo["scope"] == "africa" and geo["resolution"] == 50
    assert trace(spec, "Share from China")["colorbar"]["title"]["text"].startswith("Share from China")
    assert trace(spec, "Selected: Zimbabwe")["locations"] == ["ZWE"]


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
    assert "the report names one coup here in 2022, P&T record 2" in burkina
    assert len(trace(spec, "Listed by the report")["x"]) == 9
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
    choropleth = trace(spec, "Coup events")
    values = dict(zip(choropleth["locations"], choropleth["z"], strict=True))
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
    # The open end: a dotted continuation past each bar, ending in an arrow head.
    ends = {t["name"]: t for t in spec["data"] if t["name"].endswith("open end")}
    assert ends["CSTO open end"]["x"][0] == 38 and ends["CSTO open end"]["x"][1] > 38
    assert ends["CSTO open end"]["line"]["dash"] == "dot"
    text = all_text(spec)
    assert "2002–2016" in text and "fn 112" in text and "De Haas" in text and "lower bounds" in text


def test_exercises_filter(tables, meta):
    one = tables["report_exercises"][tables["report_exercises"]["organization"].eq("SCO")]
    spec = figure_spec(exercise_figures.build_exercises_chart(one, footnotes=tables["footnotes"], meta=meta))
    assert [t["name"] for t in spec["data"] if t["type"] == "bar"] == ["SCO"]


def test_interventions_map(tables, meta):
    from src import interventions

    relations = interventions.relation_view(tables)
    spec = figure_spec(
        intervention_figures.build_interventions_map(
            relations, tables["countries"], meta=meta, highlight="SYR"
        )
    )
    targets = trace(spec, "Target country")["locations"]
    assert set(targets) == {"MOZ", "COD", "KAZ", "SYR", "MLI", "SDN"}
    lines = [t for t in spec["data"] if t.get("mode") == "lines"]
    assert len(lines) == 5  # Iran, Russia, China and the Wagner Group (twice) have a state of origin
    texts = " ".join(t["text"] for t in lines)
    assert "Iran → Syria" in texts and "From 2011" in texts and "fn 115" in texts
    assert "Wagner Group → Mali" in texts
    assert trace(spec, "Selected: Syria")["locations"] == ["SYR"]
    assert "fn 111, 113, 115, 116, 118, 124" in all_text(spec)


def test_interventions_filter(tables):
    from src import interventions

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
    from src import interventions

    table = interventions.relation_table(interventions.relation_view(tables)).set_index("Actor")
    assert table.loc["Iran", "From (year)"] == "2011"
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

    from src import data
    from src.meta import Meta

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
