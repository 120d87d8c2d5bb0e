"""The Report vs data page in a real browser at the sizes analysts use for slides."""

from __future__ import annotations

import pytest

from tests.browser import OfflinePage, screenshot_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(1600, 900), (1280, 720)])
def test_verdict_grid_fits_and_reads(browser, server, width, height):
    page = OfflinePage(browser, server, viewport={"width": width, "height": height})
    try:
        page.open("/Report_vs_data?window=2019-2023&mix=MOZ", charts=3)
        grid = page.page.locator(".js-plotly-plot").first
        grid.scroll_into_view_if_needed()
        sizes = grid.evaluate(
            """plot => {
                const svg = plot.querySelector('.main-svg').getBoundingClientRect();
                const title = plot.querySelector('.gtitle').getBoundingClientRect();
                const cells = Array.from(plot.querySelectorAll('.hm image, .heatmaplayer image'));
                return {svg: [svg.left, svg.right], title: [title.left, title.right], cells: cells.length,
                        text: Array.from(plot.querySelectorAll('.textpoint text, text.textpoint, g.textpoint'))
                                   .map(t => t.textContent).join(' ')};
            }"""
        )
        assert sizes["svg"][0] <= sizes["title"][0] and sizes["title"][1] <= sizes["svg"][1], sizes
        assert "Claims about China as an arms supplier" in page.titles()[0]
        assert page.exceptions() == 0
        grid.screenshot(path=str(screenshot_path(f"verdict-grid-{width}x{height}")))
    finally:
        page.close()
