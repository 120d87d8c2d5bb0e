"""The Report vs data page as a reader meets it (issue 18), measured in a real browser: the footnote
sentences one click away in the first screen at 1280 × 720 and 1600 × 900, no grid cell's text wider than its cell
at 1280, one card per claim on a phone, and an exported slide whose text boxes, read from its SVG,
do not overlap. Screenshots land in test-artifacts/verdicts-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import READY, screenshot_path, settle

pytestmark = pytest.mark.browser

PAGE = "/Report_vs_data?window=2010-2014"  # a picked window: the grid's widest form (five columns)
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Mobile Safari/537.36"
)
# Every footnote the page judges or says it cannot test, in the report's order.
FOOTNOTES = [111, 114, 116, 121, 122, 123, 141, 142]
# The sentences are the page's first list whose items start "fn <number>", one item per footnote
# (the method's joint lines, further down, start so too).
SENTENCES = """() => Array.from(
        Array.from(document.querySelectorAll('[data-testid="stMarkdown"] ul'))
            .find(ul => /^fn \\d+/.test(ul.textContent.trim()))?.querySelectorAll(':scope > li') || [])
    .map(li => { const r = li.getBoundingClientRect(); return [li.textContent.slice(0, 12), r.top, r.bottom]; })"""
# Each verdict grid's cells: the widest line of each label against its column's width.
CELLS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter(plot => (plot.data || []).some(t => t.type === 'heatmap'))
    .map(plot => {
        const layout = plot._fullLayout;
        const cell = layout.xaxis._length / plot.data[0].x.length;  // every block shares the x axis
        return Array.from(plot.querySelectorAll('.heatmap-label text')).map(text => {
            const lines = text.querySelectorAll('tspan.line');
            const widths = (lines.length ? Array.from(lines) : [text]).map(t => t.getBoundingClientRect().width);
            return [text.textContent, Math.max(...widths), cell];
        });
    })"""


def open_page(browser, server: str, path: str, **context: Any) -> Any:
    """A fresh context at the given size (the session's browser and server, tests/conftest.py), the
    page loaded, every chart drawn and the page settled; outside requests refused."""
    page = browser.new_context(**context).new_page()
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort()
    )
    page.goto(server + path)
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=120_000
    )
    settle(page, 120_000)
    return page


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1600, 900)])
def test_the_footnote_sentences_are_the_first_screen(browser, server, width, height):
    """The answer first: every footnote's sentence, in the report's order, lies in the first screen
    (the grids behind them follow; tests/test_screens.py measures charts on the other pages)."""
    page = open_page(browser, server, PAGE, viewport={"width": width, "height": height})
    try:
        page.wait_for_function(f"() => ({SENTENCES})().length === {len(FOOTNOTES)}", timeout=60_000)
        sentences = page.evaluate(SENTENCES)
        page.screenshot(path=str(screenshot_path(f"verdicts-first-screen-{width}x{height}")))
        assert [s[0].split(":")[0].split(" (")[0] for s in sentences] == [f"fn {n}" for n in FOOTNOTES]
        for label, top, bottom in sentences:
            assert top >= 0 and bottom <= height, f"{label} lies at {top:.0f}–{bottom:.0f} px, below the fold"
    finally:
        page.context.close()


def test_no_grid_cell_text_is_wider_than_its_cell_at_1280(browser, server):
    page = open_page(browser, server, PAGE, viewport={"width": 1280, "height": 720})
    try:
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .heatmap-label text').length > 40",
            timeout=60_000,
        )
        grids = page.evaluate(CELLS)
        assert len(grids) == 2 and all(len(cells) > 20 for cells in grids), [len(c) for c in grids]
        for cells in grids:
            for text, width, cell in cells:
                assert width <= cell - 4, f"{text!r} is {width:.0f} px wide in a {cell:.0f} px cell"
        plot = page.locator(".js-plotly-plot").first
        plot.scroll_into_view_if_needed()
        plot.screenshot(path=str(screenshot_path("verdicts-grid-1280")))
    finally:
        page.context.close()


def test_a_phone_gets_one_card_per_claim(browser, server):
    page = open_page(
        browser,
        server,
        PAGE,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_AGENT,
    )
    try:
        # Each card opens with its claim in bold: '<subject> · <claim> (fn N, source)', then the verdict.
        cards = page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-testid="stMarkdown"]'))
                .map(card => card.innerText).filter(text => /^.+ · .+ \\(fn 12[12]/.test(text))"""
        )
        assert len(cards) == 11, cards  # 7 claims of fn 121, 4 of fn 122
        assert any(c.startswith("Mozambique · China > 90%") and "does not hold" in c for c in cards)
        widths = page.evaluate(
            "() => Array.from(document.querySelectorAll('.js-plotly-plot')).slice(0, 2).map(p => p.data[0].x.length)"
        )
        assert widths == [1, 1]  # the phone's grids keep the robustness column only
        page.screenshot(path=str(screenshot_path("verdicts-phone")), full_page=True)
    finally:
        page.context.close()


# The exported slide, read from its SVG --------------------------------------------------------------

BOXES = """() => Array.from(document.querySelectorAll('svg text'))
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; })"""


def _overlap(a: list, b: list, slack: float = 0.5) -> bool:
    return a[1] < b[3] - slack and b[1] < a[3] - slack and a[2] < b[4] - slack and b[2] < a[4] - slack


def test_an_exported_grid_slide_has_no_text_over_text(browser):
    """Each section's grid as its 1600 × 900 slide (src.export.slide_svg, the SVG a reader downloads):
    every text box of the SVG, measured where Chromium draws it, clear of every other; no word asks
    the reader to hover."""
    from src import export
    from src.analysis import arms
    from src.analysis import claims as report_claims
    from src.data import loader as data
    from src.data.meta import Meta
    from src.figures import claims as claim_figures

    tables, meta = data.load_tables(), Meta(data.read_descriptor())
    view = arms.transfers_view(tables, meta.region_flags())
    evidence = report_claims.claim_evidence(
        tables["report_arms_supplier_claims"], view, tables["countries"], meta
    )
    grid = report_claims.claim_grid(evidence, (2010, 2014))
    subtitle = claim_figures.grid_subtitle(meta.volume_rule().min_base_tiv)
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    try:
        for title, supplier, part in report_claims.grid_sections(grid):
            figure = claim_figures.build_verdict_grid(
                part,
                title=title,
                subtitle=subtitle,
                source=meta.source_line("sipri", "report", footnotes=part["footnote"]),
            )
            provenance = export.Provenance.from_figure(
                figure,
                link="http://localhost:8501/Report_vs_data?window=2010-2014&mix=MOZ",
                stem=f"report-vs-data-{supplier}",
                filters=[("", "2010–2014")],  # the view in the reader's words, as the page gives it
                period="2010–2014",
            )
            svg = export.slide_svg(figure, provenance).decode("utf-8")
            (screenshot_path(f"verdicts-slide-{supplier}").with_suffix(".svg")).write_text(
                svg, encoding="utf-8"
            )
            page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
            boxes = page.evaluate(BOXES)
            assert len(boxes) > 30, len(boxes)
            assert not any("hover" in b[0].lower() for b in boxes)
            clashes = [
                (a[0][:40], b[0][:40]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _overlap(a, b)
            ]
            assert not clashes, clashes[:10]
            page.screenshot(path=str(screenshot_path(f"verdicts-slide-{supplier}")))
    finally:
        page.close()
