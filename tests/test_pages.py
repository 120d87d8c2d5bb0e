"""Each page through streamlit.testing.v1.AppTest: defaults, links with filters, filter changes, bad input."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from src.data.text import WORD_JOINER
from tests.conftest import ROOT, all_text, app_test, figure_spec, static_table, static_tables, trace

ARMS, COUPS, EXERCISES, INTERVENTIONS, REPORT_VS_DATA = (
    "pages/1_Arms_suppliers.py",
    "pages/2_Coups.py",
    "pages/3_Exercises.py",
    "pages/4_Interventions.py",
    "pages/5_Report_vs_data.py",  # tested in tests/test_claims.py
)
# Every page, found in pages/ (None: the overview, app.py): a new page is tested without a word here.
ALL_PAGES = [None, *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]


def open_page(page: str | None = None, **query: str) -> AppTest:
    """The page opened from a link with this query (the overview: None), checked for exceptions."""
    at = app_test(page)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [figure_spec(element.proto.spec) for element in at.get("plotly_chart")]


def url(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def shown(markdown: str) -> str:
    """What a reader sees of escaped Markdown: the text without its backslash escapes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def warnings(at: AppTest) -> str:
    return " ".join(shown(w.value) for w in at.warning)


def page_texts(at: AppTest) -> list[str]:
    """Every text of every element on the page (its body, label, help), as Streamlit sends it."""
    texts: list[str] = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            # A download made when clicked is named by an id drawn afresh each run: not a text.
            texts += [
                value
                for field, value in proto.ListFields()
                if isinstance(value, str) and field.name != "deferred_file_id"
            ]
    return texts


def test_home_shows_headline_figures_with_sources():
    at = open_page()
    metrics = {shown(m.label): m.value for m in at.metric}
    assert metrics["Russia's share, 2019–2023"] == "24.5%"
    assert metrics["China's share, 2019–2023"] == "13.3%"
    assert metrics["Coups in Africa, 2020–2023"] == "9 successful"
    assert metrics["CSTO exercises, 2002–2016"] == "≥ 38"
    assert metrics["SCO exercises, 2002–2016"] == "≥ 22"
    # The rest of each sentence (what, where, when) beside the short value.
    said = " ".join(shown(m.value) for m in at.markdown)
    assert "of Africa's imports of major arms, 2019–2023" in said
    assert "and 5 failed attempts, 2020–2023" in said and "joint military exercises in Central Asia" in said
    captions = " ".join(shown(c.value) for c in at.caption)
    assert "Report, fn 112 (De Haas 2016)" in captions
    assert "Powell & Thyne, Global Instances of Coups, V2025.09.12 (reconstructed)" in captions
    assert "SIPRI Arms Transfers Database, trade register generated 3 Jan 2025" in captions
    assert "P&T record 2 in Burkina Faso in 2022" in captions  # computed, not typed
    # A card's source and its detail are one caption, on two lines (one element fewer to send).
    lines = [shown(c.value).split("\n") for c in at.caption]
    assert any(
        len(parts) == 2 and parts[0].startswith("Source: Powell & Thyne") and "P&T record 2" in parts[1]
        for parts in lines
    )


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_opens_clean_with_titled_sourced_charts(page):
    """Default view of every page in pages/: no exception, no warning, and every chart carries a
    title, a subtitle and a source line."""
    at = open_page(page)
    assert not at.warning and not at.error
    headings = {shown(h.value).casefold() for h in [*at.title, *at.header, *at.subheader]}
    assert not [t for t in page_texts(at) if WORD_JOINER in t]  # a copied address or name pastes whole
    for spec in charts(at):
        title = spec["layout"]["title"]
        assert title["text"] and title["subtitle"]["text"], title
        assert "Source: " in all_text(spec)
        # A heading the chart's title repeats right below reads twice: the titled chart heads its section.
        assert re.sub(r"<[^>]+>", "", title["text"]).casefold() not in headings


@pytest.mark.parametrize("query", [{"country": "ZAF"}, {"countries": "MOZ,ZAF"}])
def test_a_profile_holds_no_invisible_characters(query):
    """A profile names memberships and their sources: nothing invisible in any text (see also every page above)."""
    at = open_page("pages/6_Country_profile.py", **query)
    assert not [t for t in page_texts(at) if WORD_JOINER in t]


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (COUPS, "Coups in Africa, 2020–2023"),
        (EXERCISES, "Military exercises by organization, 2002–2016"),
        (INTERVENTIONS, "Who intervenes for whom"),
    ],
)
def test_default_views(page, title):
    at = open_page(page)
    assert title in all_text(charts(at)[0])


def test_arms_default_view():
    at = open_page(ARMS)
    # The address bar keeps the short link (no second history entry); a copied link names every filter.
    assert url(at) == {}
    assert at.session_state["_exports:live"].query == {
        "scope": "africa", "mode": "share", "scale": "continuous", "window": "2019-2023", "supplier": "China",
    }  # fmt: skip
    spec, ranked = charts(at)
    assert "China's share of each country's arms imports, 2019–2023" in all_text(spec)
    assert spec["layout"]["geo"]["scope"] == "africa"
    assert not at.warning
    # The supplier view: China's recipients ranked by TIV, the largest at the top of the bar chart.
    assert "China's largest arms recipients, 2019–2023" in all_text(ranked)
    assert ranked["data"][0]["x"] == sorted(ranked["data"][0]["x"])  # drawn bottom-up: largest last
    assert "Egypt included" in all_text(ranked)


def test_arms_link_with_filters_restores_the_view():
    at = open_page(ARMS, supplier="Russia", window="2000-2019", scope="world", country="NAM")
    assert url(at)["supplier"] == "Russia" and url(at)["window"] == "2000-2019"
    spec, _ranked, bar = charts(at)
    assert spec["layout"]["geo"]["scope"] == "world"
    shares = trace(spec, "Share from Russia")
    assert "IND" in shares["locations"]  # the world map shows India
    assert trace(spec, "Selected: Namibia")["locations"] == ["NAM"]
    assert "Who supplied Namibia's major arms, 2000–2019" in all_text(bar)
    assert at.selectbox(key="url:supplier").value == "Russia"
    assert at.slider(key="url:window").value == (2000, 2019)


def test_arms_supplier_change_goes_to_the_url_and_the_map():
    at = open_page(ARMS)
    at.selectbox(key="url:supplier").set_value("France").run()
    assert not at.exception
    assert url(at)["supplier"] == "France"
    spec, ranked = charts(at)
    assert "France's share of each country's arms imports" in all_text(spec)
    assert "France's largest arms recipients" in all_text(ranked)
    assert trace(spec, "Share from France")


def test_arms_window_preset_and_leading_mode():
    at = open_page(ARMS)
    preset = [b for b in at.button if b.label == "2000–2019"][0]
    preset.click().run()
    assert url(at)["window"] == "2000-2019"
    at.radio(key="url:mode").set_value("leading").run()
    assert url(at)["mode"] == "leading"
    (spec,) = charts(at)  # no supplier in leading mode: no ranked recipients
    assert "Largest arms supplier of each country, 2000–2019" in all_text(spec)
    assert "ZWE" not in trace(spec, "Russia")["locations"]


def test_arms_country_detail_lists_deliveries():
    at = open_page(ARMS, country="NAM", window="2000-2019")
    # The register is a grid (long, sorted and searched), drawn when the reader asks: none before.
    assert not at.dataframe
    shown_switch = at.toggle(key="arms_register:shown")
    assert re.fullmatch(r"Show the \d+ deliveries", shown_switch.label) and not shown_switch.value
    shown_switch.set_value(True).run()
    (register,) = [df.value for df in at.dataframe if "Designation" in df.value.columns]
    assert shown_switch.label == f"Show the {len(register)} deliveries" and "country" in url(at)
    assert (register["Supplier"] == "China").any()
    assert register["Delivered"].between(2000, 2019).all()
    table = static_table(at, "Share (%)")  # the table behind the map: as read
    assert table.set_index("ISO3").loc["NAM", "Share (%)"] == "79.05"
    assert table.set_index("ISO3").loc["STP", "Share (%)"] == ""  # no imports: empty, not 0


def test_arms_bad_link_falls_back_with_warnings():
    at = open_page(ARMS, supplier="Atlantis", window="1990-2050", country="XXX", scope="moon")
    text = warnings(at)
    assert "supplier='Atlantis' was ignored" in text
    assert "window='1990-2050' was ignored: years must lie between 2000 and 2023" in text
    assert "country='XXX' was ignored: it is not a country code" in text
    assert "scope='moon' was ignored" in text
    assert url(at) == {
        "scope": "africa", "mode": "share", "scale": "continuous", "window": "2019-2023", "supplier": "China",
    }  # fmt: skip
    assert "China's share" in all_text(charts(at)[0])


def test_coups_default_and_toggle():
    at = open_page(COUPS)
    assert url(at) == {}
    assert at.session_state["_exports:live"].query == {
        "years": "2020-2023",
        "failed": "1",
        "cline": "1",
        "map": "count",
    }
    timeline = charts(at)[0]
    assert len(trace(timeline, "Successful coups")["x"]) == 9
    assert len(trace(timeline, "Failed attempts")["x"]) == 5
    assert len(trace(timeline, "Only the Cline Center records")["x"]) == 6
    assert any("Turse" in shown(i.value) and "fn 142" in shown(i.value) for i in at.info)
    # The events behind the charts, in date order (not the per-country counts of the map's table).
    events = static_table(at, "Recorded by")
    assert len(events) == 20 and list(events["Date"]) == sorted(events["Date"])
    at.toggle(key="url:failed").set_value(False).run()
    assert url(at)["failed"] == "0"
    timeline = charts(at)[0]
    assert "Failed attempts" not in [t["name"] for t in timeline["data"]]
    at.toggle(key="url:cline").set_value(False).run()
    assert url(at)["cline"] == "0"
    assert "Only the Cline Center records" not in [t["name"] for t in charts(at)[0]["data"]]


def test_coups_link_with_years_and_country():
    at = open_page(COUPS, years="2021-2021", map="outcome", country="SDN")
    timeline, coup_map, strip = charts(at)
    assert sorted(trace(timeline, "Successful coups")["y"]) == ["Chad", "Guinea", "Mali", "Sudan"]
    assert trace(coup_map, "At least one successful coup")
    assert any(s.get("type") == "rect" for s in timeline["layout"].get("shapes", []))  # Sudan highlighted
    assert strip["data"][0]["x"][0] == 2019  # two years before the window


def test_exercises_filter():
    at = open_page(EXERCISES, org="SCO")
    (spec,) = charts(at)
    assert [t["text"][0] for t in spec["data"] if t["type"] == "bar"] == ["≥ 22"]
    at.multiselect(key="url:org").set_value(["CSTO", "SCO"]).run()
    assert url(at)["org"] == "CSTO,SCO"
    (spec,) = charts(at)
    assert sorted(t["text"][0] for t in spec["data"] if t["type"] == "bar") == ["≥ 22", "≥ 38"]


def test_interventions_filters():
    at = open_page(INTERVENTIONS, actor="Wagner Group")
    (spec,) = charts(at)
    assert set(trace(spec, "Target country")["locations"]) == {"MLI", "SDN"}
    (table,) = static_tables(at)
    assert list(table.columns[:3]) == ["Actor", "Target", "What the report says (paraphrased)"]
    assert set(table["Target"]) == {"Mali", "Sudan"} and set(table["Footnote"]) == {"124"}
    at.multiselect(key="url:actor").set_value([]).run()
    assert "actor" not in url(at)
    assert len(static_tables(at)[0]) == 8


def test_interventions_bad_target_warns():
    at = open_page(INTERVENTIONS, target="ATL")
    assert (
        "target='ATL' was ignored: there is no target country by that name. Showing all instead."
        in warnings(at)
    )
    assert len(static_tables(at)[0]) == 8


@pytest.fixture()
def broken_data(tmp_path: Path, data_from):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "report_coups.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("GAB,2023", "XYZ,2023"), encoding="utf-8")
    data_from(folder)
    return folder


@pytest.mark.parametrize("page", ALL_PAGES)
def test_broken_data_is_refused_on_every_page(broken_data, page):
    at = open_page(page)  # no exception (open_page checks): the page says what is wrong instead
    errors = " ".join(shown(e.value) for e in at.error)
    assert "The data package failed its checks" in errors
    assert (
        "data/report_coups.csv, line 2, column 'iso3': 'XYZ' is not a known code in countries.iso3" in errors
    )
    assert not at.get("plotly_chart") and not at.metric


def test_every_page_is_in_the_sidebar():
    """A page in pages/ that the sidebar does not list cannot be reached by a reader."""
    from src import pages

    assert [page.path for page in pages.ALL] == ["app.py", *ALL_PAGES[1:]]
    assert all(page.label and page.label.lower() != "app" for page in pages.ALL)
    # The address each page is served at, as Streamlit derives it from the file's name.
    assert [page.url_path for page in pages.ALL] == [
        "", "Arms_suppliers", "Coups", "Exercises", "Interventions", "Report_vs_data", "Country_profile",
        "Sources_and_methods",
    ]  # fmt: skip


def test_home_cards_link_to_the_views_they_summarise():
    """Each card opens the view it summarises, with that view's filters in the link."""
    at = open_page()
    links = {
        shown(link.proto.label): (link.proto.page, link.proto.query_string) for link in at.get("page_link")
    }
    assert links["Map of Russia's shares, 2019–2023"] == (
        "Arms_suppliers",
        "scope=africa&mode=share&window=2019-2023&supplier=Russia",
    )
    assert links["Coups timeline and map, 2020–2023"] == ("Coups", "years=2020-2023&failed=1")
    assert links["Interventions map"][0] == "Interventions"


def test_arms_scale_link_shows_bands_at_the_reports_thresholds():
    at = open_page(ARMS, scale="bins", window="2000-2019")
    assert url(at)["scale"] == "bins"
    spec = charts(at)[0]
    names = [t["name"] for t in spec["data"]]
    assert "More than 90%" in names and "Share from China" not in names
    at = open_page(ARMS, scale="rainbow")
    assert "scale='rainbow' was ignored" in warnings(at)
    assert "Share from China" in [t["name"] for t in charts(at)[0]["data"]]


def test_arms_supplier_view_says_what_each_share_is_a_share_of():
    """China 2000–2018: Algeria's 24.1 % is of China's deliveries to African states, the 7.3 % beside its
    bar of Algeria's own imports; each number names its base, in the sentence, the bar and the hover."""
    at = open_page(ARMS, supplier="China", window="2000-2018")
    _spec, ranked = charts(at)
    page = " ".join(shown(c.value) for c in at.caption) + " " + " ".join(shown(m.value) for m in at.markdown)
    assert (
        "Algeria received the most from China in 2000–2018: 1,101 TIV, 24.1% of China's deliveries to "
        "African states; China supplied 7.3% of Algeria's arms imports." in page
    )
    assert "deliveries here" not in page and "of its deliveries" not in page
    bars = ranked["data"][0]
    algeria = [i for i, y in enumerate(bars["y"]) if y.endswith("Algeria")][0]
    assert bars["text"][algeria] == "7.3% of its imports"
    assert (
        bars["customdata"][algeria]
        == "24.1% of China's deliveries to African states · 7.3% of Algeria's arms imports"
    )


def test_counted_nouns_agree_with_their_number():
    """'6 closed autocracies', '3 regional organizations': never '6 closed autocracy' under a chart."""
    said = {}
    for page in (COUPS, INTERVENTIONS):
        said[page] = " ".join(shown(c.value) for c in open_page(page).caption)
    assert "In 2025, the coup countries were: 6 closed autocracies, 5 electoral autocracies" in said[COUPS]
    assert "by 7 actors (3 regional organizations, 3 states, 1 paramilitary)" in said[INTERVENTIONS]
    singular_after_many = r"\b(?:[2-9]|\d\d+) (?:[a-z]+ )?(?:autocracy|democracy|organization|state)\b"
    assert not re.findall(singular_after_many, " ".join(said.values()))


def _one_filter_each() -> list[dict[str, str]]:
    """Every Interventions view with one filter set to one of its values, then one with a country."""
    from src.analysis import interventions
    from src.data import loader

    options = interventions.filter_options(interventions.relation_view(loader.load_tables()))
    views = [
        {key: value}
        for key, values in zip(("actor", "target", "kind"), options, strict=True)
        for value in values
    ]
    return views + [{"actor": "Russia", "country": "SYR"}]


# Views that differ from the one before in one value each: a part cached per view (src/web/cache.py,
# per_view) under a key missing that value would show the other view's figure or text.
ONE_VALUE_APART = {
    ARMS: [
        {"supplier": "China"},
        {"supplier": "France"},
        {"supplier": "France", "window": "2010-2015"},
        {"supplier": "France", "window": "2010-2015", "scale": "bins"},
        {"supplier": "France", "window": "2010-2015", "scale": "bins", "country": "NAM"},
        {"supplier": "France", "window": "2010-2015", "scale": "bins", "country": "NAM", "scope": "world"},
        {"mode": "leading", "window": "2010-2015", "country": "NAM", "scope": "world"},
    ],
    COUPS: [
        {"years": "2020-2023"},
        {"years": "2021-2021"},
        {"years": "2021-2021", "failed": "0"},
        {"years": "2021-2021", "failed": "0", "cline": "0"},
        {"years": "2021-2021", "failed": "0", "cline": "0", "map": "outcome"},
        {"years": "2021-2021", "failed": "0", "cline": "0", "map": "outcome", "country": "SDN"},
    ],
    "pages/6_Country_profile.py": [{"country": "SDN"}, {"country": "MOZ"}, {"countries": "MOZ,NAM"}],
    "pages/5_Report_vs_data.py": [
        {"window": "2019-2023"},
        {"window": "2005-2012"},  # not a standard window: the grids add it
        {"window": "2005-2012", "mix": "NAM"},
    ],
    # Few values: each of each filter alone, walked whole (the options the data give).
    EXERCISES: [{"org": "CSTO"}, {"org": "SCO"}, {"org": "CSTO,SCO"}],
    INTERVENTIONS: _one_filter_each(),
}


@pytest.mark.parametrize("page", ONE_VALUE_APART)
def test_each_view_shows_its_own_parts_whatever_was_opened_before(page):
    """The views opened one after another, then again in the reverse order with every cache emptied
    first: each shows the same charts and words both times."""
    import streamlit as st

    def shown_for(query: dict[str, str]) -> list:
        at = open_page(page, **query)
        return [charts(at), page_texts(at)]

    views = ONE_VALUE_APART[page]
    forward = [shown_for(query) for query in views]
    st.cache_data.clear()
    st.cache_resource.clear()
    backward = [shown_for(query) for query in reversed(views)][::-1]
    for query, first, second in zip(views, forward, backward, strict=True):
        assert first[0] == second[0], f"{query}: the charts differ"
        assert first[1] == second[1], f"{query}: the words differ"
    assert len({str(f[0]) for f in forward}) == len(views)  # each value changes what the charts show


@pytest.fixture()
def serving(monkeypatch):
    """Runs as on a server with a browser behind them (AppTest has none); the collector as it was after."""
    import gc

    from src.web import heap, viewport

    monkeypatch.setattr(heap, "_settled", set())
    monkeypatch.setattr(viewport, "browser_behind", lambda: True)
    interval = sys.getswitchinterval()
    yield
    gc.enable()
    sys.setswitchinterval(interval)


def test_a_first_visit_builds_its_charts_once_for_the_measured_width(serving):
    """A browser's first visit (no width reported, no cookie) draws the page's frame and waits for the
    width: no chart is built for a guessed width and drawn again a moment later. Once the width is
    known, the charts are laid out for it (src/web/viewport.py)."""
    from src.web import viewport

    at = open_page(COUPS)
    assert charts(at) == [] and not at.title
    assert [c.value for c in at.caption] == [viewport.WAITING]

    def title_lines(window: int, content: int) -> list[int]:
        """The charts' title lines once the component has reported this width."""
        at.session_state[viewport._KNOWN] = viewport.Viewport(window, content)  # as the report keeps it
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == "Coups in Africa"
        return [c["layout"]["title"]["text"].count("<br>") + 1 for c in charts(at)]

    narrow, wide = title_lines(1000, 700), title_lines(1900, 1500)
    assert len(narrow) == len(wide) == 3 and sum(narrow) > sum(wide), (narrow, wide)


def test_each_chart_is_laid_out_once_per_width_for_every_reader(monkeypatch):
    """On a server the window's width is known, and each chart is a copy of its shared figure laid out
    for it (11–18 ms a chart through Plotly's validators): made once per figure and width, then
    shared. A second reader at the same width gets the same charts with none laid out again; a
    reader at another width gets charts laid out for theirs."""
    from src.figures import common
    from src.web import viewport

    open_page(COUPS)  # its figures built (laid out for their default widths), none for a window yet
    laid: list[object] = []
    fit = common.fit
    monkeypatch.setattr(common, "fit", lambda fig, width, **kw: laid.append(width) or fit(fig, width, **kw))

    def reader(window: int, content: int) -> list[dict]:
        at = app_test(COUPS)
        # As the width's report keeps it:
        at.session_state[viewport._KNOWN] = viewport.Viewport(window, content)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return charts(at)

    first = reader(1377, 1013)  # a width no other test lays out for
    assert len(first) == 3 and len(laid) == 3, laid
    assert reader(1377, 1013) == first and len(laid) == 3, laid
    other = reader(1901, 1531)
    assert len(laid) == 6 and [c["layout"]["height"] for c in other] != [c["layout"]["height"] for c in first]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        (REPORT_VS_DATA, {}),
        ("pages/6_Country_profile.py", {"country": "SDN"}),
        ("pages/7_Sources_and_methods.py", {}),
    ],
)
def test_a_list_of_lines_is_one_list(page, query):
    """Lines of a kind (regime verdicts, claims the data cannot test, methods) are one Markdown list:
    one list a reader reads as such, not a list of one item per element with a gap after each (and
    one element to send, not one per line: every element costs the server a wake-up of its event loop)."""
    at = open_page(page, **query)

    def one_item(node) -> bool:
        value = getattr(node, "value", None)
        return (
            node.type == "markdown"
            and isinstance(value, str)
            and value.startswith("- ")
            and "\n" not in value
        )

    nodes = [node for node in at.main if getattr(node, "type", None) not in (None, "block")]
    split = [b.value[:60] for a, b in zip(nodes, nodes[1:], strict=False) if one_item(a) and one_item(b)]
    assert not split, split


def test_a_server_hands_the_interpreter_between_sessions_sooner(serving):
    """Serving browsers, a page's thread waits for the interpreter at most 0.5 ms, not Python's 5 ms:
    each element it sends wakes the event loop and lets go of the interpreter (src/web/threads.py)."""
    from src.web import threads

    sys.setswitchinterval(0.005)
    open_page(EXERCISES)
    assert sys.getswitchinterval() == pytest.approx(threads.SWITCH_INTERVAL_S)


def test_apptest_keeps_pythons_switch_interval():
    sys.setswitchinterval(0.005)
    open_page(EXERCISES)
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_after_a_page_has_run_a_collection_skips_the_long_lived_objects(monkeypatch):
    """Streamlit collects garbage after every run: after a page's first run, the objects alive then
    (modules, tables, caches) are frozen, and a collection looks only at newer ones (src/web/heap.py)."""
    import gc

    from src.web import heap

    monkeypatch.setattr(heap, "_settled", set())
    gc.unfreeze()
    open_page(EXERCISES)
    assert gc.get_freeze_count() > 50_000
    assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    assert gc.isenabled()  # AppTest collects nothing after a run: the automatic collections stay on


def test_a_server_freezes_again_what_its_caches_gained(serving, monkeypatch):
    """Serving, every REFREEZE_RUNS complete runs the heap is collected in full and frozen again: what
    the caches gained since (new views' figures and parts) is not walked by the collection after every
    run, and what died among the frozen objects is freed (src/web/heap.py)."""
    import gc

    from src.web import heap, viewport

    monkeypatch.setattr(viewport, "current", lambda: viewport.Viewport(1400, 1100))  # measured
    monkeypatch.setattr(heap, "REFREEZE_RUNS", 2)
    monkeypatch.setattr(heap, "_runs", 1)
    open_page(EXERCISES)  # the page's first run (run 2 of 2): collected and frozen
    gained = [[n] for n in range(50_000)]  # as a cache's new entries: alive, tracked, not frozen
    assert len(gc.get_objects()) > 50_000
    open_page(EXERCISES)  # run 3: nothing
    assert len(gc.get_objects()) > 50_000
    open_page(EXERCISES)  # run 4: thawed, collected, frozen again
    assert len(gc.get_objects()) < 20_000 and gained


def test_a_server_hands_free_memory_back_after_each_full_collection(serving, monkeypatch):
    """Serving, after a page's first run and after each refreeze, the memory the C allocator holds free
    is handed back to the system (glibc's malloc_trim; src/web/heap.py); between them, never."""
    from src.web import heap, viewport

    trimmed: list[int] = []
    monkeypatch.setattr(heap, "_malloc_trim", lambda: lambda pad: trimmed.append(pad) or 1)
    monkeypatch.setattr(viewport, "current", lambda: viewport.Viewport(1400, 1100))  # measured
    monkeypatch.setattr(heap, "REFREEZE_RUNS", 2)
    monkeypatch.setattr(heap, "_runs", 1)
    monkeypatch.setattr(heap, "_due_since", None)
    open_page(EXERCISES)  # the page's first run (run 2 of 2): collected, frozen, handed back
    assert trimmed == [0]
    open_page(EXERCISES)  # run 3: nothing
    assert trimmed == [0]
    open_page(EXERCISES)  # run 4: refrozen, handed back
    assert trimmed == [0, 0]


def test_apptest_hands_nothing_back(monkeypatch):
    """Under AppTest (no browser behind the run, a test's process) the allocator is left alone."""
    from src.web import heap

    trimmed: list[int] = []
    monkeypatch.setattr(heap, "_malloc_trim", lambda: lambda pad: trimmed.append(pad) or 1)
    monkeypatch.setattr(heap, "_settled", set())
    open_page(EXERCISES)
    assert trimmed == []


def test_the_c_library_can_hand_free_memory_back():
    """On the Linux the app is served from (glibc), malloc_trim is there to call."""
    from src.web import heap

    assert heap.hand_back_free_memory() is (heap._malloc_trim() is not None)
    assert heap._malloc_trim() is not None


def test_a_due_refreeze_waits_until_no_other_session_runs(serving, monkeypatch):
    """The full pass holds the interpreter for a quarter of a second under load, so a due refreeze
    waits for a run that ends while no other session's script runs; on a server never idle it is made
    after REFREEZE_WAIT_RUNS more runs anyway (src/web/heap.py)."""
    import gc
    import threading

    from src.web import heap, viewport

    monkeypatch.setattr(viewport, "current", lambda: viewport.Viewport(1400, 1100))  # measured
    monkeypatch.setattr(heap, "REFREEZE_RUNS", 2)
    monkeypatch.setattr(heap, "REFREEZE_WAIT_RUNS", 3)
    monkeypatch.setattr(heap, "_runs", 0)
    monkeypatch.setattr(heap, "_due_since", None)
    open_page(EXERCISES)  # run 1, the page's first: collected and frozen
    gained = [[n] for n in range(50_000)]  # as a cache's new entries: alive, tracked, not frozen
    release = threading.Event()
    other = threading.Thread(target=release.wait, name=heap._SCRIPT_THREAD)  # another session's run
    other.start()
    try:
        assert heap.others_running() == 1
        open_page(EXERCISES)  # run 2: due, but another session runs
        open_page(EXERCISES)  # run 3: still waiting
        assert len(gc.get_objects()) > 50_000
        open_page(EXERCISES)  # run 4: still waiting
        assert len(gc.get_objects()) > 50_000
        open_page(EXERCISES)  # run 5: waited REFREEZE_WAIT_RUNS runs, made anyway
        assert len(gc.get_objects()) < 20_000
        gained += [[n] for n in range(50_000)]
        open_page(EXERCISES)  # run 6: due again, the other session still runs
        assert len(gc.get_objects()) > 50_000
    finally:
        release.set()
        other.join()
    assert heap.others_running() == 0
    open_page(EXERCISES)  # run 7: nobody else runs: made now
    assert len(gc.get_objects()) < 20_000 and gained


def test_each_script_run_has_the_thread_name_the_heap_counts():
    """heap.others_running counts Streamlit's script threads by name; a Streamlit that named them
    otherwise would make every due refreeze wait its longest."""
    from streamlit.testing.v1 import AppTest

    from src.web import heap

    def script() -> None:
        import threading

        import streamlit as st

        st.session_state["thread"] = threading.current_thread().name

    at = AppTest.from_function(script).run()
    assert at.session_state["thread"] == heap._SCRIPT_THREAD


def test_a_server_leaves_collecting_to_the_collection_after_each_run(serving, monkeypatch):
    """Serving browsers, automatic collections stop once a page has run (src/web/heap.py: CPython
    3.11's parser fails when a collection in one thread's parse lets another thread parse)."""
    import gc

    from src.web import viewport

    monkeypatch.setattr(viewport, "current", lambda: viewport.Viewport(1400, 1100))  # measured
    open_page(EXERCISES)
    assert not gc.isenabled()
