"""Text from the data package is shown as text: a corrupted copy carries Markdown, HTML, KaTeX and
colour-tag payloads in every free-text field (tests/hostile.py), passes the loader, and every page
shows it without letting any of it act; an option whose name is a payload can still be chosen.

The whole module runs with DASHBOARD_DATA_DIR on the corrupted copy: no test here may use the
session's `tables` fixture, which would keep the corrupted tables for every later test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from src.data import loader as data
from tests import hostile
from tests.conftest import ROOT, app_test, figure_spec, static_tables

ALL_PAGES = [None, *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]
# Links that put data text on the page: a country chosen (its name in titles and captions).
LINKS = {
    "pages/1_Arms_suppliers.py": {"country": "NAM"},
    "pages/2_Coups.py": {"country": "SDN"},
    "pages/6_Country_profile.py": {"country": "SDN"},
}
# Every element whose body Streamlit renders as Markdown.
MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "title",
    "header",
    "subheader",
)
# Where the figure builders still hand data text to Plotly unescaped (see escape_plotly in src/data/text.py).


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory) -> Iterator[Path]:
    """The app pointed at the corrupted copy for this module, with Streamlit's caches emptied."""
    folder = hostile.corrupted_copy(tmp_path_factory.mktemp("hostile") / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(data.DATA_DIR_ENV, str(folder))
        st.cache_data.clear()
        st.cache_resource.clear()
        yield folder
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def pages(corrupted) -> dict[str | None, AppTest]:
    """Every page opened on the corrupted copy (with a country where a page shows its name)."""
    opened = {}
    for page in ALL_PAGES:
        at = app_test(page, timeout=300)
        at.query_params.update(LINKS.get(page, {}))
        at.run()
        opened[page] = at
    return opened


def test_the_corrupted_copy_passes_the_loader(corrupted):
    tables = data.load_tables(corrupted)
    descriptor = data.read_descriptor(corrupted)
    for resource in descriptor["resources"]:
        if resource["name"].startswith("report_") or resource["name"] == "footnotes":
            fields = hostile.text_fields(resource)
            table = tables[resource["name"]]
            assert all(table[f].str.contains("injlink", regex=False).all() for f in fields), resource["name"]
    assert tables["countries"]["name"].str.endswith(hostile.SHORT_PAYLOAD).all()
    # Enough of the package is corrupted to matter: the report's paraphrases, footnotes, countries.
    assert {"paraphrase", "title", "authors"} <= {
        f for r in descriptor["resources"] for f in hostile.text_fields(r)
    }


@pytest.mark.parametrize("page", ALL_PAGES)
def test_data_text_is_never_markup(pages, page):
    at = pages[page]
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    shown = 0
    for kind in MARKDOWN_ELEMENTS:
        for element in at.get(kind):
            assert hostile.markup_problems(element.value) == [], (kind, element.value[:300])
            shown += "injlink" in element.value
    for metric in at.metric:
        assert hostile.markup_problems(metric.label) == [], metric.label
        shown += "injlink" in metric.label
    for expander in at.expander:
        assert hostile.markup_problems(expander.label) == []
    # Data grids show the text as it is (cells are plain text, never Markdown).
    cells = [str(v) for frame in at.dataframe for column in frame.value.columns for v in frame.value[column]]
    shown += sum(hostile.PAYLOAD in cell for cell in cells)
    # Static tables are HTML made on the server (src/web/tables.py): the only tags are the table's
    # own, and the payload reads whole as a cell's text.
    for element in at.html:
        if "<table" in element.value:
            tags = set(re.findall(r"<([A-Za-z][\w-]*)", element.value))
            assert tags <= {"style", "div", "table", "thead", "tbody", "tr", "th", "td"}, tags
    cells = [v for frame in static_tables(at) for column in frame.columns for v in frame[column]]
    shown += sum(hostile.PAYLOAD in cell for cell in cells)
    assert shown, "the page shows none of the data's text: the test would prove nothing"


def test_the_payload_reads_as_plain_text(pages):
    """Escaped, the payload is still all there for a reader: every word and sign, no markup."""
    remark = [i.value for i in pages["pages/4_Interventions.py"].caption if "injimage" in i.value]
    assert remark
    text = hostile.rendered_text(remark[0])
    assert "[injlink](http://evil.example/link) ![injimage](http://tracker.example/image.png)" in text
    assert "<b>injhtml</b>" in text and "$injmath$ :red[injred] :skull:" in text


@pytest.mark.parametrize("page", ALL_PAGES[1:])
def test_charts_draw_data_text_as_text(pages, page):
    """Plotly reads <a href>, <b>, <span style>... in titles, labels and hover text: data text must
    reach it with < and > escaped. Titles, subtitles and source lines are (figures/common.frame)."""
    if not pages[page].get("plotly_chart"):
        pytest.skip("the page draws no chart")
    problems = {}
    for i, chart in enumerate(pages[page].get("plotly_chart")):
        spec = figure_spec(chart.proto.spec)
        assert hostile.plotly_problems(spec["layout"].get("title", {})) == [], "titles are escaped"
        if found := hostile.plotly_problems(spec):
            problems[i] = sorted({re.sub(r"\[\d+\]", "[]", p) for p in found})
    assert problems == {}


def test_chart_titles_and_sources_are_escaped(pages):
    for page in ALL_PAGES[1:]:
        for chart in pages[page].get("plotly_chart"):
            spec = figure_spec(chart.proto.spec)
            source = [a for a in spec["layout"].get("annotations", []) if a.get("name") == "source"]
            assert hostile.plotly_problems([spec["layout"]["title"], source]) == [], page


def test_options_with_payloads_round_trip(pages):
    """An actor whose name is a payload can be chosen in the widget, and the link restores it."""
    at = pages["pages/4_Interventions.py"]
    actors = at.multiselect(key="url:actor").options
    chosen = [a for a in actors if "injlink" in a][:2]
    assert len(chosen) == 2
    at.multiselect(key="url:actor").set_value(chosen).run()
    assert not at.exception and not at.warning
    assert at.multiselect(key="url:actor").value == chosen
    link = at.query_params["actor"]
    at.query_params.clear()
    at.query_params["actor"] = link
    at.run()
    assert not at.warning
    assert at.multiselect(key="url:actor").value == chosen
