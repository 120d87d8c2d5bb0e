"""Real-browser helpers: a Streamlit server on a free port, Debian's Chromium via Playwright, a page
that may only talk to the local server, and waits on what the page shows (never on the clock).

One server and one browser serve the whole test session (the `server` and `browser` fixtures in
tests/conftest.py); a test that needs a server of its own (broken or corrupted data, a fresh process,
replicas) starts one with `streamlit_server` and still uses the session's browser."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from scripts import serve
from scripts.serve import free_port
from src.web import viewport
from tests.conftest import ARTIFACTS

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Each chart's title and subtitle as one line of text. Plotly draws a wrapped title as tspan.line
# elements (joined here with spaces) and a one-line title as one tspan; the subtitle is its own text.
CHART_TITLES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
    const line = element => {
        if (!element) return '';
        const lines = element.querySelectorAll('tspan.line');
        return (lines.length ? Array.from(lines) : [element]).map(part => part.textContent).join(' ');
    };
    return [line(plot.querySelector('.gtitle')), line(plot.querySelector('.gtitle-subtitle'))]
        .filter(Boolean).join(' ');
})"""
# At least `n` Plotly charts have drawn their SVG.
CHARTS_DRAWN = """n => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter(plot => plot.querySelector('.main-svg')).length >= n"""
# The page has settled: the script has finished, fonts and images have loaded, every map has drawn its
# shapes (Plotly fetches the map's topojson after drawing the chart's frame), and nothing a reader or a
# measurement sees has moved for `frames` animation frames in a row: the window's size, the number of
# elements, and each chart's size, title, legend and map. Plotly lays a chart out more than once (the
# container's width, then automargins for legends and long titles); Streamlit adds elements after the
# script's last message. Polled once per frame by Playwright (polling "raf").
SETTLED = """({frames, token}) => {
    const state = window.__settled && window.__settled.token === token
        ? window.__settled : (window.__settled = {token, last: null, same: 0});
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const box = el => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.width, r.height].map(Math.round);
    };
    const ready = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        && document.fonts.status === 'loaded'
        && Array.from(document.images).every(img => img.complete)
        && plots.every(plot => Array.from(plot.querySelectorAll('.geo')).every(geo => geo.querySelector('path')));
    const now = ready && JSON.stringify([
        window.innerWidth, window.innerHeight, document.getElementsByTagName('*').length,
        box(document.querySelector('[role="dialog"]')),
        plots.map(plot => [box(plot.querySelector('.main-svg')), box(plot.querySelector('.gtitle')),
                           box(plot.querySelector('.legend')), box(plot.querySelector('.geo'))]),
    ]);
    state.same = now && now === state.last ? state.same + 1 : 0;
    state.last = now;
    return state.same >= frames;
}"""
STILL_FRAMES = 5  # about 80 ms at 60 frames a second: longer than any relayout chain seen here
# The width the page was laid out for has reached the server (the measuring component's cookie,
# src/web/viewport.py): on a first visit the page waits for it before it builds its charts.
MEASURED = "width => document.cookie.split('; ').some(c => c.startsWith(`viewport=${width}x`))"
# Past a first visit's frame (src/web/viewport.py): the width has been measured (its cookie), and the
# page shows what only the run for that width draws (its title, or the message of refused data), not
# the line the frame shows while it waits. (The cookie alone is set before the frame's line is drawn.)
LAID_OUT = f"""() => {{
    const main = document.querySelector('[data-testid="stMain"]');
    return document.cookie.split('; ').some(c => c.startsWith('viewport=')) && !!main
        && !main.innerText.includes({json.dumps(viewport.WAITING)})
        && !!main.querySelector('h1, [data-testid="stAlertContentError"], [data-testid="stException"]');
}}"""
# Installed before a page's scripts: counts, on each chart's element, the times Plotly computed the
# chart (set its calcdata to a new array). Streamlit hands a chart to Plotly.react again right after
# drawing it; what the browser gets (src/figures/drawn.py) lets Plotly see nothing changed, so each
# chart drawn is computed once. `window.__timesComputed()`: one count per chart, in page order.
COUNT_COMPUTED = """(() => {
  const computed = new WeakMap();
  Object.defineProperty(HTMLElement.prototype, 'calcdata', {
    configurable: true,
    get() { return computed.get(this)?.value; },
    set(value) {
      const times = (computed.get(this)?.times ?? 0) + (Array.isArray(value) ? 1 : 0);
      computed.set(this, {value, times});
    },
  });
  window.__timesComputed = () => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(plot => computed.get(plot)?.times ?? 0);
})();"""
TIMES_COMPUTED = "() => window.__timesComputed()"
_settles = itertools.count()  # each wait counts its own still frames


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (sync API); always closed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=serve.CHROMIUM, args=serve.CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def streamlit_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """The app on a free port, its log in test-artifacts/; yields the base URL and always stops it."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    with serve.streamlit_server(server_log(port), port=port, env=env) as server:
        yield server.origin


def server_log(port_or_base: int | str) -> Path:
    """The log of the server on this port (or at this base URL)."""
    port = port_or_base if isinstance(port_or_base, int) else urlparse(port_or_base).port
    return ARTIFACTS / f"server-{port}.log"


def export_dialog(page: Any) -> Any:
    """Open the sidebar's export dialog (src/web/exports.py: built when asked for) and return it, open."""
    import re

    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile(r"^Link")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("stCode")).to_contain_text("http", timeout=120_000)
    settle(page)  # the dialog has finished opening (it slides in) and the run has ended
    return dialog


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def settle(page: Any, timeout_ms: float = 60_000) -> None:
    """Until the page has settled (SETTLED): the script done, the charts laid out and still."""
    page.wait_for_function(SETTLED, arg={"frames": STILL_FRAMES, "token": next(_settles)}, timeout=timeout_ms)


class OfflinePage:
    """A browser page that may only talk to the local server; records what it blocked."""

    timeout_ms = 60_000  # how long to wait for a page to finish; subclasses give slow pages more

    def __init__(self, browser: Any, base: str, **context: Any):
        self.base = base
        self.context = browser.new_context(**({"viewport": {"width": 1500, "height": 1300}} | context))
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.static: list[str] = []
        self.console_errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("response", lambda r: self.static.append(r.url) if "/app/static/" in r.url else None)
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: str, charts: int = 0) -> None:
        self.page.goto(self.base + path, timeout=self.timeout_ms)
        self.wait(charts)

    def wait(self, charts: int = 0) -> None:
        """Until the script has run, at least `charts` Plotly charts have drawn, and the page is still."""
        # "attached", not "visible": Playwright would keep re-checking the app container's visibility.
        self.page.wait_for_function(LAID_OUT, timeout=self.timeout_ms)
        self.page.wait_for_selector(READY, state="attached", timeout=self.timeout_ms)
        self.page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=self.timeout_ms)
        settle(self.page, self.timeout_ms)

    def titles(self) -> list[str]:
        """Each chart's title and subtitle as one line of text (wrapped lines joined by spaces)."""
        return self.page.evaluate(CHART_TITLES)

    def exceptions(self) -> int:
        """Streamlit's error boxes on the page (with showErrorDetails = "none" no traceback shows)."""
        return self.page.locator('[data-testid="stException"]').count()

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlparse(self.page.url).query).items()}

    def shot(self, name: str, full: bool = True) -> Path:
        """A screenshot; `full`: the whole page at this width (Streamlit scrolls inside its own
        container, so the window is grown to the content first, then put back)."""
        path = screenshot_path(name)
        viewport = self.page.viewport_size
        if full:
            height = self.page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0"
            )
            self.page.set_viewport_size(
                {"width": viewport["width"], "height": min(max(int(height) + 100, viewport["height"]), 6000)}
            )
            settle(self.page, self.timeout_ms)  # the charts laid out again for the taller window
        self.page.screenshot(path=str(path))
        if full:
            self.page.set_viewport_size(viewport)
            settle(self.page, self.timeout_ms)  # as it was, for whatever the test looks at next
        return path

    def close(self) -> None:
        self.context.close()
