"""The interactive HTML file of a view, opened in Chromium with every outside request blocked: each
chart draws (its traces counted), hover and zoom work, and the file asks nothing of any server."""

from __future__ import annotations

from datetime import date

import pytest

from src import export
from src.export.native import values
from tests.browser import export_dialog, screenshot_path, settle
from tests.conftest import ARTIFACTS
from tests.export_views import all_items

pytestmark = pytest.mark.browser

PLOTS = "Array.from(document.querySelectorAll('.js-plotly-plot'))"
# Each chart: its traces drawn (a cartesian, map or scatter trace is a g.trace; a heatmap a g.hm).
DRAWN = f"() => {PLOTS}.map(g => g.querySelectorAll('g.trace, g.hm').length)"
READY = f"() => {PLOTS}.length > 0 && {PLOTS}.every(g => g._fullLayout && !g._transitioning)"


def drawn_traces(figure) -> int:
    """The traces Plotly draws: all but the empty scatter traces that only keep an axis."""
    return sum(1 for t in figure.data if not (t.type == "scatter" and len(values(t.x)) == 0))


@pytest.fixture(scope="module")
def items():
    return all_items()


@pytest.fixture(scope="module")
def opened(items, tmp_path_factory, browser):
    """Every chart of every exported view in one file, opened from disk with no network."""
    path = tmp_path_factory.mktemp("interactive") / "every-view.html"
    path.write_bytes(
        export.interactive_html(
            items, title="Every view", link="http://localhost:8501/", exported=date(2026, 5, 14)
        )
    )
    (ARTIFACTS / "export").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "export" / "every-view.html").write_bytes(path.read_bytes())
    outside: list[str] = []
    errors: list[str] = []
    # The session's browser (tests/conftest.py), a context of this module's own.
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def route(request_route):
        if request_route.request.url.startswith(("file://", "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file://", "data:", "blob:")) else outside.append(r.url),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function(READY, timeout=60_000)
    yield page, outside, errors
    context.close()


def test_every_chart_draws_its_traces_with_no_request_outside(items, opened):
    page, outside, errors = opened
    drawn = page.evaluate(DRAWN)
    assert drawn == [drawn_traces(item.figure) for item in items]
    # The maps drew their shapes from the file: a shape for each country a choropleth colours.
    shapes = page.evaluate(f"() => {PLOTS}.map(g => g.querySelectorAll('path.choroplethlocation').length)")
    for item, count in zip(items, shapes, strict=True):
        located = sum(len(values(t.locations)) for t in item.figure.data if t.type == "choropleth")
        assert count == located, (item.provenance.stem, count, located)
    page.screenshot(path=screenshot_path("export-interactive-file"), full_page=False)
    assert outside == [] and errors == []


def test_hover_and_zoom_work_offline(items, opened):
    page, outside, errors = opened
    index = next(n for n, item in enumerate(items) if item.figure.data[0].type == "bar")
    plot = page.locator(".js-plotly-plot").nth(index)
    plot.scroll_into_view_if_needed()
    bar = plot.locator("g.trace.bars path").first.bounding_box()
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)  # over the drag layer
    page.wait_for_function(
        f"() => {PLOTS}[{index}].querySelectorAll('.hoverlayer .hovertext').length > 0", timeout=10_000
    )
    before = page.evaluate(f"() => {PLOTS}[{index}]._fullLayout.xaxis.range.slice()")
    box = plot.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.7, steps=8)
    page.mouse.up()
    page.wait_for_function(
        f"() => {PLOTS}[{index}]._fullLayout.xaxis.range[1] < {before[1]} - 1e-9", timeout=10_000
    )
    page.screenshot(path=screenshot_path("export-interactive-zoomed"), full_page=False)
    assert outside == [] and errors == []


def test_the_export_panel_gives_the_interactive_file_and_the_native_deck(tmp_path, server, browser):
    """In the running app: the export dialog's interactive file and briefing deck of the Exercises view,
    each made when its button is clicked, are the file tested above and a deck with a native chart."""
    import io

    from pptx import Presentation

    from tests.browser import READY

    base = server
    context = browser.new_context(viewport={"width": 1600, "height": 900}, accept_downloads=True)
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        # A returning reader: the first visit leaves the window's width in a cookie, so the second
        # lays out for it at once, with no width rerun that a click could race (src/web/viewport.py).
        page.goto(f"{base}/Exercises?org=CSTO,SCO")
        page.wait_for_function(
            "() => document.cookie.split('; ').some(c => c.startsWith('viewport='))", timeout=60_000
        )
        page.goto(f"{base}/Exercises?org=CSTO,SCO")
        page.wait_for_selector(READY, timeout=60_000)
        settle(page)
        dialog = export_dialog(page)
        files = {}
        for label in ("Interactive file (HTML, works offline)", "Briefing pack (PowerPoint)"):
            with page.expect_download(timeout=180_000) as download:
                dialog.get_by_role("button", name=label).click()
            files[label] = tmp_path / download.value.suggested_filename
            download.value.save_as(files[label])
    finally:
        context.close()
    html_file, pptx_file = files.values()
    assert html_file.suffix == ".html" and "military-exercises" in html_file.name
    text = html_file.read_text(encoding="utf-8")
    assert text.count('class="plotly-graph-div"') == 1 and "connect-src 'none'" in text
    assert f"{base}/Exercises?org=CSTO%2CSCO" in text or f"{base}/Exercises?org=CSTO,SCO" in text
    slides = list(Presentation(io.BytesIO(pptx_file.read_bytes())).slides)
    assert len(slides) == 2 and sum(s.has_chart for s in slides[1].shapes) == 1
    categories = [str(c) for c in next(s for s in slides[1].shapes if s.has_chart).chart.plots[0].categories]
    assert categories == ["CSTO", "SCO"]
