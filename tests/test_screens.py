"""Every chart page as a reader's window shows it, measured in a real browser with a desktop user
agent: no chart's title or legend wider than the chart and no legend over a subtitle at every width
from a phone's to a tablet's (the layout follows the window's width, not the user agent; 1280 and
1600 px, and the main chart in the first screen, are tests/test_layout.py's); and presentation mode with
one chart per screen, each at least 80 % of the window's width, and nothing but the page's title, its
slides and the view's link. Screenshots in test-artifacts/screens-*.png."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import MEASURED, OfflinePage

pytestmark = pytest.mark.browser

# Every chart page, with how many charts its view draws; its main chart is the first.
PAGES = {
    "arms": ("/Arms_suppliers", 2),  # the map, the supplier's recipients
    "coups": ("/Coups", 3),  # the timeline, the map, the regime strip
    "exercises": ("/Exercises", 1),
    "interventions": ("/Interventions", 1),
    "report-vs-data": ("/Report_vs_data", 3),  # the two verdict grids, the supplier mix
    "profile": ("/Country_profile?country=MOZ", 2),  # the shared time axis, the verdict grid
}
NARROW_WIDTHS = [360, 390, 768]  # 1280 and 1600: tests/test_layout.py, with the first-screen test

# Per chart: the boxes (left, top, width, height) of its SVG, title, subtitle and legend.
BOXES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
    const box = el => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return r.width || r.height ? [r.left, r.top, r.width, r.height] : null;
    };
    return {
        title: plot.querySelector('.gtitle')?.textContent || '',
        svg: box(plot.querySelector('.main-svg')),
        gtitle: box(plot.querySelector('.gtitle')),
        subtitle: box(plot.querySelector('.gtitle-subtitle')),
        legend: box(plot.querySelector('.legend')),
    };
})"""
# Every chart's title within its chart's width (the check below, as a condition to wait for).
TITLES_FIT = f"""() => ({BOXES})().every(c => !c.gtitle || !c.svg
    || (c.gtitle[0] >= c.svg[0] - 1 && c.gtitle[0] + c.gtitle[2] <= c.svg[0] + c.svg[2] + 1))"""


def open_sized(browser, server: str, path: str, charts: int, width: int, height: int) -> OfflinePage:
    """The page in a window of this size, after its charts were laid out again for the measured width."""
    page = OfflinePage(browser, server, viewport={"width": width, "height": height})
    page.timeout_ms = 120_000  # a loaded machine draws slowly
    page.open(path, charts=charts)
    page.page.wait_for_function(MEASURED, arg=width, timeout=page.timeout_ms)
    page.wait(charts)
    return page


def _overlap(a: list[float] | None, b: list[float] | None) -> bool:
    if not a or not b:
        return False
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def assert_text_fits(charts: list[dict], where: str) -> None:
    """Each chart's title and legend lie within its width; no legend runs into its subtitle."""
    for chart in charts:
        svg, name = chart["svg"], f"{where}: {chart['title'][:50]}"
        for part in ("gtitle", "legend"):
            box = chart[part]
            if box:
                assert box[0] >= svg[0] - 1 and box[0] + box[2] <= svg[0] + svg[2] + 1, (
                    f"{name}: the {part} ({box[0]:.0f}–{box[0] + box[2]:.0f} px) is wider than the chart "
                    f"({svg[0]:.0f}–{svg[0] + svg[2]:.0f} px)"
                )
        assert not _overlap(chart["legend"], chart["subtitle"]), f"{name}: the legend runs into the subtitle"


@pytest.mark.parametrize("name", PAGES)
def test_chart_text_fits_at_every_width(browser, server, name):
    """A desktop browser in a narrow window gets the narrow layout (no phone user agent needed). One
    load per page, then the window narrowed, as a reader drags its edge: each width is reported and
    the charts laid out again for it (a load per width cost about a minute of the suite)."""
    path, charts = PAGES[name]
    widths = sorted(NARROW_WIDTHS, reverse=True)
    page = open_sized(browser, server, path, charts, widths[0], 900)
    try:
        for width in widths:
            if width != widths[0]:
                page.page.set_viewport_size({"width": width, "height": 900})
                page.page.wait_for_function(MEASURED, arg=width, timeout=page.timeout_ms)
                page.wait(charts)
                # The rerun for the new width may start after the page looked still: wait (bounded)
                # until every chart's title lies within it, then measure and say what does not fit.
                with contextlib.suppress(PlaywrightTimeout):
                    page.page.wait_for_function(TITLES_FIT, timeout=20_000)
                page.wait(charts)
            page.shot(f"screens-{width}-{name}")
            drawn = page.page.evaluate(BOXES)
            assert len(drawn) == charts and page.exceptions() == 0
            assert_text_fits(drawn, f"{width} px")
    finally:
        page.close()


# What presentation mode shows: each visible element of the page, by what it is.
SHOWN = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]'))
    .filter(el => el.getBoundingClientRect().height > 0 && !el.querySelector('[data-testid="stElementContainer"]'))
    .map(el => el.querySelector('h1') ? 'title' : el.querySelector('[data-testid="stImage"]') ? 'slide'
         : el.closest('.st-key-present_link') ? 'link' : el.textContent.slice(0, 60))"""
SLIDES = """() => Array.from(document.querySelectorAll('[data-testid="stImage"] img')).map(img => {
    const r = img.getBoundingClientRect(); return [r.width, r.height]; })"""


@pytest.mark.parametrize("name", PAGES)
def test_presentation_mode_is_one_full_width_chart_per_screen(browser, server, name):
    path, charts = PAGES[name]
    path += ("&" if "?" in path else "?") + "present=1"
    page = OfflinePage(browser, server, viewport={"width": 1600, "height": 900})
    page.timeout_ms = 240_000  # every slide is rendered by kaleido on the server
    try:
        page.open(path)
        page.page.wait_for_function(
            "n => document.querySelectorAll('[data-testid=\"stImage\"] img').length >= n",
            arg=charts,
            timeout=page.timeout_ms,
        )
        page.wait()
        page.shot(f"screens-present-{name}", full=False)
        shown = page.page.evaluate(SHOWN)
        assert shown == ["title"] + ["slide"] * charts + ["link"], shown
        for shown_width, shown_height in page.page.evaluate(SLIDES):
            assert shown_width >= 0.8 * 1600, f"a slide {shown_width:.0f} px wide in a 1600 px window"
            assert abs(shown_width / shown_height - 16 / 9) < 0.02
            assert shown_height <= 900  # a slide fits on one screen
        assert page.exceptions() == 0
    finally:
        page.close()
