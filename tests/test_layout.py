"""Every view screenshot-clean at 1600 × 900, 1280 × 720 and on a phone (390 × 844), measured in
the browser, not in the code: the main chart in the first screen at 1600 and 1280, chart text inside
its chart and clear of the toolbar, maps filling their frames, São Tomé and Príncipe visible on the
coups map, tables showing their key columns, and no serious or critical accessibility violations
(axe-core).

Screenshots of every page at every size land in test-artifacts/ (layout-<size>-<page>.png), and
the measurements in test-artifacts/layout-measurements.jsonl.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.serve import CHROMIUM
from tests.browser import MEASURED, OfflinePage
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not at {CHROMIUM}", allow_module_level=True)

# A phone is a phone: small viewport, touch, and a phone browser's user agent (the app lays its
# charts out for a phone's width when the user agent says so).
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Mobile Safari/537.36"
)
VIEWPORTS = {
    "1600": dict(viewport={"width": 1600, "height": 900}),
    "1280": dict(viewport={"width": 1280, "height": 720}),
    "phone": dict(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT
    ),
}
# Every page, with the number of charts its view draws (a country chosen, so the detail charts draw).
PAGES = {
    "overview": ("/", 0),
    "arms": ("/Arms_suppliers?country=ZWE", 3),  # the map, the supplier's recipients, the country's suppliers
    "arms-leading-world": ("/Arms_suppliers?mode=leading&scope=world", 1),
    "arms-bins": ("/Arms_suppliers?scale=bins&window=2000-2019", 2),
    "coups": ("/Coups?country=STP", 3),
    "exercises": ("/Exercises", 1),
    "interventions": ("/Interventions", 1),
    "report-vs-data": ("/Report_vs_data", 3),
    "profile": ("/Country_profile?country=MOZ", 2),  # the shared time axis, the verdict grid
    "compare": ("/Country_profile?countries=MOZ,NAM,ZWE", 3),
}
MEASUREMENTS = ARTIFACTS / "layout-measurements.jsonl"
MIN_MAP_FILL = 0.8
MAX_LEGEND_GAP = 60  # px: about two rows of legend entries; the band the issue was about measured 90

# Per chart: the rendered boxes (left, top, width, height) of the SVG, the title and subtitle, the
# source line, the toolbar and the legend; for a map, the union of its drawn land and countries.
MEASURE = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
    const box = el => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return r.width || r.height ? [r.left, r.top, r.width, r.height] : null;
    };
    const union = els => {
        const boxes = els.map(box).filter(Boolean);
        if (!boxes.length) return null;
        const left = Math.min(...boxes.map(b => b[0])), top = Math.min(...boxes.map(b => b[1]));
        const right = Math.max(...boxes.map(b => b[0] + b[2])), bottom = Math.max(...boxes.map(b => b[1] + b[3]));
        return [left, top, right - left, bottom - top];
    };
    const source = Array.from(plot.querySelectorAll('.annotation'))
        .find(a => a.textContent.startsWith('Source'));
    const geo = plot.querySelector('.geo');
    return {
        title: plot.querySelector('.gtitle')?.textContent || '',
        svg: box(plot.querySelector('.main-svg')),
        gtitle: box(plot.querySelector('.gtitle')),
        subtitle: box(plot.querySelector('.gtitle-subtitle')),
        source: box(source),
        modebar: box(plot.querySelector('.modebar')),
        legend: box(plot.querySelector('.legend')),
        area: box(plot.querySelector('.nsewdrag') || plot.querySelector('.geo')),
        shapes: geo ? union(Array.from(geo.querySelectorAll('.layer.land, .choroplethlayer'))) : null,
        // Plotly keeps this count once its automargin has had to widen a margin and draw the whole
        // chart again (plots.doAutoMargin): a chart laid out with room enough is drawn once.
        redrawn: '_redrawFromAutoMarginCount' in (plot._fullLayout || {}),
    };
})"""


def _inside(inner: list[float], outer: list[float], slack: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[0] + inner[2] <= outer[0] + outer[2] + slack
        and inner[1] + inner[3] <= outer[1] + outer[3] + slack
    )


def _legend_gap(chart: dict) -> float | None:
    """The px between the subtitle's last line and a legend drawn above the plot (None: no legend
    there). The space kept for a legend is estimated from its entries' text (src/figures/common.py);
    kept too large, it shows as a blank band between the subtitle and the legend."""
    legend, subtitle, area = chart["legend"], chart["subtitle"], chart["area"]
    if not (legend and subtitle and area) or legend[1] + legend[3] > area[1] + 2:
        return None
    return legend[1] - (subtitle[1] + subtitle[3])


def _overlap(a: list[float] | None, b: list[float] | None) -> bool:
    if not a or not b:
        return False
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _clip(box: list[float], frame: list[float]) -> list[float]:
    left, top = max(box[0], frame[0]), max(box[1], frame[1])
    right, bottom = min(box[0] + box[2], frame[0] + frame[2]), min(box[1] + box[3], frame[1] + frame[3])
    return [left, top, max(0, right - left), max(0, bottom - top)]


class LayoutPage(OfflinePage):
    """OfflinePage at a given viewport (and, for a phone, touch and a phone's user agent), with more
    patience (a loaded machine draws slowly)."""

    timeout_ms = 120_000

    def __init__(self, browser, base: str, size: str, name: str = ""):
        super().__init__(browser, base, **VIEWPORTS[size])
        self.size, self.name = size, name

    def charts(self) -> list[dict]:
        return self.page.evaluate(MEASURE)


@pytest.fixture(scope="module", autouse=True)
def measurements() -> None:
    """This module's measurements only (the file is appended to by each test)."""
    ARTIFACTS.mkdir(exist_ok=True)
    MEASUREMENTS.unlink(missing_ok=True)


def open_page(browser, server, size: str, name: str) -> LayoutPage:
    """The page at this size, laid out for this window's width (a first visit waits for it to be
    measured), its charts drawn and still (OfflinePage.wait)."""
    page = LayoutPage(browser, server, size, name)
    path, charts = PAGES[name]
    page.open(path, charts=charts)
    page.page.wait_for_function(MEASURED, arg=page.page.viewport_size["width"], timeout=page.timeout_ms)
    page.wait(charts)
    return page


@pytest.fixture(scope="module")
def opened(request, browser, server) -> Iterator[LayoutPage]:
    """One page load per (size, page) for every test of this module that looks at it: the fixture is
    module-scoped and parametrized, so pytest runs the tests of one view one after another, then closes
    it (each view was loaded up to three times, once per test)."""
    size, name = request.param
    page = open_page(browser, server, size, name)
    yield page
    page.close()


def views(sizes: Iterable[str], names: Iterable[str]) -> Any:
    """Parametrize a test's `opened` page over these sizes and pages (ids: size-page)."""
    pairs = [(size, name) for size in sizes for name in names]
    return pytest.mark.parametrize("opened", pairs, indirect=True, ids=[f"{s}-{n}" for s, n in pairs])


def record(size: str, page: str, chart: dict, **values: object) -> None:
    with MEASUREMENTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"size": size, "page": page, "chart": chart["title"][:60], **values}) + "\n")


# Report vs data opens on its answer in words, one sentence per footnote, all in the first screen
# (tests/test_browser_verdicts.py); its grids, the evidence behind them, follow.
CHART_FIRST = [name for name, (_, charts) in PAGES.items() if charts and name != "report-vs-data"]


# First in the module: each view is measured as it was loaded (the full-page screenshots below grow
# the window, then put it back).
@views(["1600", "1280"], CHART_FIRST)
def test_the_main_chart_is_in_the_first_screen(opened):
    """At 1600 × 900 and 1280 × 720 at least half of the page's main chart (its first) is in the
    window as the page opens, with no scrolling. Screenshots: test-artifacts/screens-<size>-<page>.png."""
    page, name = opened.page, opened.name
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    opened.shot(f"screens-{width}x{height}-{name}", full=False)
    main = opened.charts()[0]
    top, tall = main["svg"][1], main["svg"][3]
    seen = max(0.0, min(top + tall, height) - max(top, 0))
    assert seen >= tall / 2, (
        f"{main['title'][:50]}: {seen:.0f} of its {tall:.0f} px in the first screen (top at {top:.0f})"
    )


@views(VIEWPORTS, PAGES)
def test_chart_text_fits_and_maps_fill_their_frames(opened):
    """Each chart's title, subtitle and source line lie inside its SVG, clear of Plotly's toolbar
    and of the legend; each map's land and countries fill at least 80 % of the chart's width or
    height; no chart's margins were too narrow for its axes (Plotly widens them and draws the
    chart a second time). Measured on the rendered page."""
    page, size, name = opened, opened.size, opened.name
    charts = page.charts()
    assert len(charts) == PAGES[name][1]
    assert page.exceptions() == 0
    page.shot(f"layout-{size}-{name}")
    for chart in charts:
        svg, title = chart["svg"], chart["title"][:50]
        assert chart["gtitle"], f"{title}: no title drawn"
        record(size, name, chart, svg_width=svg[2], title_width=chart["gtitle"][2])
        for part in ("gtitle", "subtitle", "source"):
            if chart[part]:
                assert _inside(chart[part], svg), (
                    f"{title}: the {part} {chart[part]} overflows the chart {svg}"
                )
        assert chart["source"], f"{title}: no source line"
        assert not chart["redrawn"], (
            f"{title}: its margins were too narrow for its axes, so it was drawn twice"
        )
        assert not _overlap(chart["modebar"], chart["gtitle"]), f"{title}: the toolbar covers the title"
        assert not _overlap(chart["modebar"], chart["subtitle"]), f"{title}: the toolbar covers the subtitle"
        assert not _overlap(chart["legend"], chart["subtitle"]), f"{title}: the legend runs into the subtitle"
        if (gap := _legend_gap(chart)) is not None:
            record(size, name, chart, legend_gap=gap)
            assert gap <= MAX_LEGEND_GAP, f"{title}: a blank band of {gap:.0f} px above its legend"
        if chart["shapes"]:
            shapes = _clip(chart["shapes"], svg)
            fill = max(shapes[2] / svg[2], shapes[3] / svg[3])
            record(size, name, chart, map_width=shapes[2], map_height=shapes[3], svg_height=svg[3], fill=fill)
            assert fill >= MIN_MAP_FILL, (
                f"{title}: the map is {shapes[2]:.0f} × {shapes[3]:.0f} px in a {svg[2]:.0f} × {svg[3]:.0f} "
                f"chart ({fill:.0%} of its width or height)"
            )


# The coups map's small-state markers: São Tomé and Príncipe's trace point, as drawn.
SAO_TOME = """() => {
    const plot = Array.from(document.querySelectorAll('.js-plotly-plot'))
        .find(p => p.querySelector('.gtitle')?.textContent.startsWith('Where the coups happened'));
    const index = plot.data.findIndex(t => (t.name || '').startsWith('Small state'));
    const trace = plot.data[index];
    const group = Array.from(plot.querySelectorAll('.geo .trace.scattergeo'))
        .find(g => g.__data__ && g.__data__[0] && g.__data__[0].trace.index === index);
    const point = group.querySelectorAll('path.point')[trace.customdata.indexOf('STP')];
    const r = point.getBoundingClientRect(), s = plot.querySelector('.main-svg').getBoundingClientRect();
    const counted = plot.data.find(t => t.name === '1 event');
    return {
        point: [r.left, r.top, r.width, r.height],
        svg: [s.left, s.top, s.width, s.height],
        fill: getComputedStyle(point).fill,
        colour: counted.colorscale[0][1],
    };
}"""


@views(VIEWPORTS, ["coups"])
def test_sao_tome_is_drawn_on_the_coups_map(opened):
    """São Tomé and Príncipe (a failed attempt in 2022) has no shape at this scale: its marker is
    drawn inside the map, in the colour of its count."""
    found = opened.page.evaluate(SAO_TOME)
    assert found["point"][2] >= 6 and found["point"][3] >= 6, found
    assert _inside(found["point"], found["svg"]), found
    assert found["fill"].replace(" ", "") == found["colour"].replace(" ", ""), found


# The key columns of each page's tables (in page order): the ones a reader opens the table for.
# Arms: the table behind the map (in an expander, opened here) and the country's deliveries.
KEY_COLUMNS = {
    "arms": [
        ["Country", "Share (%)"],
        ["Delivered", "Supplier", "Designation"],
    ],
    "coups": [["Date", "Country", "Outcome (P&T)"]],
    "exercises": [["Organization", "Exercises"]],
    "interventions": [["Actor", "Target", "What the report says (paraphrased)"]],
}
# What a reader opens to see them: an expander, a switch (the register's grid is drawn when asked for).
OPEN_EXPANDER = {"arms": ["The table behind the map", re.compile(r"^Show the \d+ deliveries$")]}
# A data grid draws on a canvas and keeps, for screen readers, a table of only the cells in view; a
# static table is HTML, where a header is in view when its cell lies inside the table's box (not
# behind a horizontal scroll). Tables in closed expanders ("The numbers behind this chart") are not
# shown (a closed expander's content keeps its box but is hidden) and are not counted.
SHOWN = "table.getBoundingClientRect().width > 0 && table.checkVisibility()"
HEADERS_IN_VIEW = """() => Array.from(document.querySelectorAll(
        '[data-testid="stDataFrame"], .static-table'))
    .filter(table => SHOWN)
    .map(table => {
        const box = table.getBoundingClientRect();
        const grid = table.dataset.testid === "stDataFrame";
        return Array.from(table.querySelectorAll('[role=columnheader], th'))
            .filter(th => { const r = th.getBoundingClientRect();
                            return grid || (r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1); })
            .map(th => th.textContent.trim());
    })
    .filter(headers => headers.length)""".replace("SHOWN", SHOWN)


@views(["1280"], KEY_COLUMNS)
def test_no_table_hides_its_key_column_at_1280(opened):
    page, name = opened, opened.name
    for label in OPEN_EXPANDER.get(name, []):
        page.page.get_by_text(label).click()
    tables = KEY_COLUMNS[name]
    page.page.wait_for_function(
        """n => Array.from(document.querySelectorAll('[data-testid="stDataFrame"], .static-table'))
            .filter(table => table.querySelector('[role=columnheader], th') && SHOWN).length >= n""".replace(
            "SHOWN", SHOWN
        ),
        arg=len(tables),
        timeout=120_000,
    )
    in_view = page.page.evaluate(HEADERS_IN_VIEW)
    assert len(in_view) == len(tables), in_view
    for headers, columns in zip(in_view, tables, strict=True):
        missing = [c for c in columns if c not in headers]
        assert not missing, f"{missing} only behind a horizontal scroll (in view: {headers})"


# Lines of text in each cell of a static table's column, by the height of the cell's paragraph.
CELL_LINES = """column => Array.from(document.querySelectorAll('.st-table-coup_events tbody tr'))
    .map(row => row.querySelectorAll('td')[column].querySelector('div'))
    .map(p => p ? Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)) : 0)"""


@views(["phone"], ["coups"])
def test_dates_in_a_static_table_keep_one_line_on_a_phone(opened):
    """A date broken at its hyphen ("2021-" over "03-31") misreads: short cells keep one line even
    where the table is squeezed; long text still wraps."""
    page = opened.page
    page.wait_for_selector(".st-table-coup_events tbody td > div", timeout=120_000)
    dates, names = page.evaluate(CELL_LINES, 0), page.evaluate(CELL_LINES, 1)
    assert len(dates) == 20 and set(dates) == {1}, dates  # 14 P&T events, 6 only the Cline Center records
    assert max(names) > 1, names  # "São Tomé and Príncipe" wraps: the phone does squeeze the table


@views(["1600"], PAGES)
def test_no_serious_accessibility_violations(opened):
    """axe-core on every page at 1600 × 900: nothing serious or critical (contrast, names, labels)."""
    results = axe_api.Axe().run(opened.page)
    serious = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
