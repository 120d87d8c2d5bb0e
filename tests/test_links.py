"""Ordinary links render: views that once crashed, a link read into one canonical view, a section that
fails costing only itself, the app's own links never warned about, echoes cut, downloads that deliver."""

from __future__ import annotations

import urllib.parse

import pytest

from src.data import loader as data
from src.figures import coups as coup_figures
from src.web import exports as exports_ui
from tests.conftest import figure_spec, static_tables, trace
from tests.test_pages import ALL_PAGES, ARMS, COUPS, charts, open_page, shown, url, warnings

DARKEST = "rgb(68, 1, 84)"  # the end of the share scale (Viridis reversed)


def test_the_last_five_years_of_coups_draw_the_busiest_country_darkest():
    """/Coups?years=2019-2023 crashed: the busiest country has 4 events, and the colour for 4 of 4 was
    asked at 0.2 + 0.8 * 3/3 = 1.0000000000000002, past the end of Plotly's scale."""
    at = open_page(COUPS, years="2019-2023")
    assert not at.error
    timeline, coup_map, _strip = charts(at)
    busiest = trace(coup_map, "4 events")
    assert busiest["colorscale"][0][1] == DARKEST
    assert "4 events" in [t["name"] for t in coup_map["data"]]
    assert len(trace(timeline, "Successful coups")["x"]) > 0


def test_the_world_map_with_india_as_supplier_draws_its_small_states():
    """/Arms_suppliers?scope=world&supplier=India crashed: a small state's share from India, summed in
    another order than its total, came out a hair above 100 % and past the end of the colour scale."""
    at = open_page(ARMS, scope="world", supplier="India")
    assert not at.error
    spec, _ranked = charts(at)
    small = trace(spec, "Small state (drawn as a marker)")
    shares = trace(spec, "Share from India")
    full = [iso3 for iso3, z in zip(shares["locations"], shares["z"], strict=True) if z == 100]
    assert full, "some country imports all its arms from India in 2019-2023"
    colours = dict(zip(small["customdata"], small["marker"]["color"], strict=True))
    assert any(colours.get(iso3) == DARKEST for iso3 in full)
    assert max(shares["z"]) <= 100


@pytest.mark.parametrize("window", ["2000-2010", " 2000 - 2010 ", "2000–2010", "2000 -2010"])
def test_a_window_is_read_into_one_canonical_view(window):
    """However a valid window is spelt, the page computes from the same view and draws the same map."""
    at = open_page(ARMS, scope="world", mode="share", window=window, supplier="India", country="NPL")
    assert not at.warning and not at.error
    assert at.session_state["_exports:live"].query["window"] == "2000-2010"
    reference = open_page(
        ARMS, scope="world", mode="share", window="2000-2010", supplier="India", country="NPL"
    )
    assert charts(at) == charts(reference)


def test_a_misspelt_window_falls_back_to_the_default_with_a_warning():
    at = open_page(ARMS, scope="world", mode="share", window="00002000-2010", supplier="India", country="NPL")
    assert "window='00002000-2010' was ignored" in warnings(at)
    assert url(at)["window"] == "2019-2023"
    assert "India's share of each country's arms imports, 2019–2023" in shown(
        figure_spec(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    )


def test_a_corrected_links_warnings_stay_while_the_address_shows_its_correction():
    at = open_page(COUPS, years="1950-2025-2025")
    assert "years='1950-2025-2025' was ignored" in warnings(at)
    assert url(at)["years"] == "2020-2023"  # the address bar shows the corrected link
    at.run()  # a rerun that changes nothing (the window's width arriving): the reason stays
    assert "years='1950-2025-2025' was ignored" in warnings(at)
    at.query_params.clear()
    at.query_params["map"] = "count"  # another address, even to the same view: read afresh
    at.run()
    assert warnings(at) == ""


def test_a_failing_chart_costs_only_its_own_section(monkeypatch, src_log):
    """A builder that raises: the page names what it could not draw, logs the exception with the full
    link, and draws everything else."""

    def broken_map(*args, **kwargs):
        raise RuntimeError("a crash the tests put here")

    monkeypatch.setattr(coup_figures, "build_coup_map", broken_map)
    at = open_page(COUPS, years="2021-2022", country="SDN")
    assert not at.exception
    errors = " ".join(shown(e.value) for e in at.error)
    assert "Could not draw the map of coups for this view" in errors
    titles = [spec["layout"]["title"]["text"] for spec in charts(at)]
    assert len(titles) == 2  # the timeline and the regime strip
    assert any("Coups in Africa" in t for t in titles)
    # The events table below still renders.
    assert [t for t in static_tables(at) if "Recorded by" in t.columns]
    logged = src_log.text
    assert "could not draw the map of coups" in logged and "years=2021-2022" in logged
    assert "country=SDN" in logged and "RuntimeError: a crash the tests put here" in logged


@pytest.mark.parametrize("page", ALL_PAGES)
def test_the_sidebar_never_carries_a_parameter_the_next_page_would_warn_about(page):
    """After a country is chosen, every sidebar link opens without a warning about its own link."""
    from src import pages

    chosen = open_page(COUPS, country="SDN")
    links = {link.proto.page: link.proto.query_string for link in chosen.get("page_link")}
    for one in pages.ALL:
        carried = links.get(one.url_path, "")
        assert ("country=SDN" in carried) == one.has_country, (one.label, carried)
    query = dict(part.split("=") for part in links.get(_name(page), "").split("&") if part)
    at = open_page(page, **query)
    assert not at.warning, [w.value for w in at.warning]


def _name(page: str | None) -> str:
    return "" if page is None else page.removeprefix("pages/").removesuffix(".py").split("_", 1)[1]


LONG = 20_000
COUNTRIES = data.load_tables()["countries"]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("pages/6_Country_profile.py", {"countries": ",".join(sorted(data.country_names(COUNTRIES)) * 20)}),
        ("pages/6_Country_profile.py", {"countries": "X" * LONG}),
        ("pages/6_Country_profile.py", {"country": "X" * LONG}),
        (ARMS, {"window": "1" * LONG, "supplier": "S" * LONG, "scope": "s" * LONG}),
        ("pages/4_Interventions.py", {"actor": ",".join(["Russia", "X"] * 3_000), "kind": "k," * 8_000}),
        (COUPS, {"years": "2-" * 8_000, "present": ["1"] * 10 + ["x" * LONG]}),
        (None, {"x" * LONG: "y"}),
    ],
)
def test_every_echo_of_a_link_is_cut_the_same_way(page, query):
    """A value quoted back in a warning is cut short (a list parameter's too): no warning is longer
    than a few lines, however long the link."""
    at = open_page(page, **query)
    assert at.warning
    for warning in at.warning:
        assert len(shown(warning.value)) < 400, shown(warning.value)[:500]


def test_present_reads_its_first_valid_value_like_every_other_key():
    """present=1&present=0: the first valid value is used, with a warning, as for every parameter."""
    at = open_page(COUPS, present=["1", "0"])
    assert "The link gives present 2 times: the first valid value, '1', is used" in warnings(at)
    assert at.session_state["_exports:present"] is True
    at = open_page(COUPS, present=["maybe", "0"])
    assert at.session_state["_exports:present"] is False
    assert "1 before it is not valid" in warnings(at)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_download_button_delivers_without_a_rerun(page):
    """A download that reran the page dropped the deferred files of the run before (the slides'
    PNG and SVG): a slide clicked right after a CSV gave nothing. No download button reruns."""
    at = open_page(page)
    at.sidebar.button(key=exports_ui.OPEN).click().run()  # the export dialog's buttons too
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons].count("PNG") == len(at.session_state[exports_ui.ITEMS])
    for button in buttons:
        assert button.proto.ignore_rerun, button.proto.label


@pytest.mark.parametrize("page", ALL_PAGES)
def test_the_export_dialog_is_built_only_when_asked_for(page):
    """The sidebar holds one button; the link, presentation mode and a file per chart are built in
    the run its click starts, in a dialog (they cost every run of every page in the sidebar)."""
    at = open_page(page)
    exported = {"Interactive file (HTML, works offline)", "Briefing pack (PowerPoint)", "PNG", "SVG"}
    assert not exported & {b.proto.label for b in at.get("download_button")}
    assert not at.get("code") and not at.get("link_button")
    at.sidebar.button(key=exports_ui.OPEN).click().run()
    assert not at.exception
    charts = len(at.session_state[exports_ui.ITEMS])
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("PNG") == labels.count("SVG") == charts
    assert ("Briefing pack (PowerPoint)" in labels) == (charts > 0)
    # AppTest has no address bar: the view's query is what the panel would show.
    query = urllib.parse.urlencode(at.session_state["_exports:live"].query, safe=",:")
    assert [c.value for c in at.get("code")] == [
        f"?{query}" if query else "(the address in your browser's bar)"
    ]
    assert [b.proto.label for b in at.get("link_button")] == ["Open this view in presentation mode"]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_the_registry_says_which_pages_have_a_country(page):
    """src/pages.py's has_country is what the page reads: a page said to have one takes ?country=
    silently, any other names it as a parameter it does not use."""
    from src import pages

    at = open_page(page, country="SDN")
    ignored = "The link parameter 'country' is not used on this page" in warnings(at)
    assert ignored != pages.BY_PATH[page or "app.py"].has_country
