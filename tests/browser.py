"""Real-browser helpers: a Streamlit server on a free port, and Debian's Chromium via Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scripts import serve
from scripts.serve import free_port
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
    with serve.streamlit_server(ARTIFACTS / f"server-{port}.log", port=port, env=env) as server:
        yield server.origin


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
