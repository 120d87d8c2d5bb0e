"""Sixteen browser sessions with different filters on one server, all open at once.

Streamlit runs every session's script in the same process; a value kept in a module, a cache that hands
one session another's mutable result, or a widget key shared across sessions would show one reader
another reader's view. Each session opens its own deep link; then all sixteen rerun at the same moment.
Each must still show exactly what it asked for: its charts' titles and its address bar.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from scripts import serve
from scripts.serve import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not at {CHROMIUM}", allow_module_level=True)
async_api = pytest.importorskip("playwright.async_api")

# The few selectors this test relies on (Streamlit's test ids and Plotly's classes).
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TITLE = '[data-testid="stMain"] h1'
ERROR = '[data-testid="stException"]'
# Each chart's title and subtitle as one line, then every other word the charts draw (axes, labels).
CHART_TEXT = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
    const line = element => {
        if (!element) return '';
        const lines = element.querySelectorAll('tspan.line');
        return (lines.length ? Array.from(lines) : [element]).map(part => part.textContent).join(' ');
    };
    return {
        title: [line(plot.querySelector('.gtitle')), line(plot.querySelector('.gtitle-subtitle'))]
            .filter(Boolean).join(' '),
        text: Array.from(plot.querySelectorAll('svg text')).map(line).join(' | '),
    };
})"""
TIMEOUT_MS = 240_000  # two cores shared with other work: generous, never a measure
LOADING = 4  # sessions loading their first page at the same time


@dataclass(frozen=True)
class View:
    """One reader's deep link and what that reader must see."""

    path: str
    query: dict[str, str]
    titles: tuple[str, ...]  # each must begin one chart's title line
    absent: tuple[str, ...] = field(default=())  # words no chart of this view may draw

    @property
    def link(self) -> str:
        return f"{self.path}?{urlencode(self.query)}"


ARMS = "/Arms_suppliers"
COUPS = "/Coups"
VIEWS: list[View] = [
    View(ARMS, {"supplier": "Russia", "window": "2000-2019", "country": "NAM"},
         ("Russia's share of each country's arms imports, 2000–2019 African countries:",
          "Who supplied Namibia's major arms, 2000–2019")),
    View(ARMS, {"supplier": "France", "window": "2019-2023"},
         ("France's share of each country's arms imports, 2019–2023",)),
    View(ARMS, {"supplier": "United States", "window": "2008-2019", "country": "EGY"},
         ("United States's share of each country's arms imports, 2008–2019",
          "Who supplied Egypt's major arms, 2008–2019")),
    View(ARMS, {"supplier": "China", "window": "2010-2015", "country": "ZWE"},
         ("China's share of each country's arms imports, 2010–2015",)),
    View(ARMS, {"supplier": "Germany", "window": "2019-2023", "scope": "world"},
         ("Germany's share of each country's arms imports, 2019–2023 Countries: share of",)),
    View(ARMS, {"mode": "leading", "window": "2000-2019"}, ("Largest arms supplier of each country, 2000–2019",)),
    View(ARMS, {"supplier": "Ukraine", "window": "2005-2012", "country": "SDN"},
         ("Ukraine's share of each country's arms imports, 2005–2012", "Who supplied Sudan's major arms, 2005–2012")),
    View(ARMS, {"supplier": "Italy", "window": "2016-2023", "country": "NGA"},
         ("Italy's share of each country's arms imports, 2016–2023", "Who supplied Nigeria's major arms, 2016–2023")),
    View(COUPS, {"years": "2021-2021", "failed": "0", "country": "SDN"},
         ("Coups in Africa, 2021", "Where the coups happened, 2021")),
    View(COUPS, {"years": "2020-2022", "failed": "1"},
         ("Coups in Africa, 2020–2022", "Where the coups happened, 2020–2022")),
    View(COUPS, {"years": "2022-2023", "map": "outcome", "country": "BFA"},
         ("Coups in Africa, 2022–2023", "Where the coups happened, 2022–2023 Outcome of")),
    View(COUPS, {"years": "2020-2020"}, ("Coups in Africa, 2020", "Where the coups happened, 2020")),
    View("/Exercises", {"org": "CSTO"}, ("Military exercises by organization",), absent=("SCO (in Central Asia)",)),
    View("/Exercises", {"org": "SCO"}, ("Military exercises by organization",), absent=("CSTO",)),
    View("/Interventions", {"actor": "Wagner Group"}, ("Who intervenes for whom",), absent=("Kazakhstan: CSTO",)),
    View("/Interventions", {"actor": "CSTO"}, ("Who intervenes for whom",), absent=("Mali: Wagner Group",)),
]  # fmt: skip
# The words a view's charts must draw besides titles (map labels and bars that only its filter shows).
PRESENT: dict[int, tuple[str, ...]] = {
    12: ("CSTO",),
    13: ("SCO (in Central Asia)",),
    14: ("Mali: Wagner Group", "Sudan: Wagner Group"),
    15: ("Kazakhstan: CSTO",),
}


async def rendered(page, charts: int) -> None:
    """Until the title is shown, `charts` Plotly charts are drawn and the script has finished."""
    await page.wait_for_selector(TITLE, timeout=TIMEOUT_MS)
    await page.wait_for_function(
        """n => Array.from(document.querySelectorAll('.js-plotly-plot'))
                 .filter(plot => plot.querySelector('.main-svg')).length >= n""",
        arg=charts,
        timeout=TIMEOUT_MS,
    )
    await page.wait_for_selector(READY, timeout=TIMEOUT_MS)


async def what_it_shows(page, view: View) -> list[str]:
    """Everything that differs from what `view` asked for (empty: the session shows its own view)."""
    problems = [f"error on the page: {t}" for t in await page.locator(ERROR).all_inner_texts()]
    query = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    if not page.url.split("?")[0].endswith(view.path):
        problems.append(f"on {page.url}, not {view.path}")
    problems += [
        f"URL has {k}={query.get(k)!r}, asked {v!r}" for k, v in view.query.items() if query.get(k) != v
    ]
    charts = await page.evaluate(CHART_TEXT)
    titles = [chart["title"] for chart in charts]
    text = " | ".join(chart["text"] for chart in charts)
    problems += [
        f"no chart titled {t!r} in {titles}" for t in view.titles if not any(x.startswith(t) for x in titles)
    ]
    problems += [f"the charts show {word!r}" for word in view.absent if word in text]
    problems += [
        f"the charts lack {word!r}" for word in PRESENT.get(VIEWS.index(view), ()) if word not in text
    ]
    return problems


async def open_all(origin: str) -> list[list[str]]:
    async with async_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Sixteen tabs of one browser: each tab is its own Streamlit session (its own WebSocket), and the
        # tabs share the HTTP cache, so Plotly's JavaScript is fetched once rather than sixteen times.
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        loading = asyncio.Semaphore(LOADING)
        pages: dict = {}

        async def open_one(number: int, view: View):
            page = await context.new_page()
            pages[number] = page
            async with loading:
                try:
                    await page.goto(origin + view.link, timeout=TIMEOUT_MS)
                    await rendered(page, len(view.titles))
                except Exception as exc:
                    raise AssertionError(f"session {number} ({view.link}) did not render: {exc}") from exc
            return page

        async def rerun(number: int, page) -> None:
            """Rerun this session's script (Streamlit's R shortcut), as a filter change would."""
            # Count every change of the script state: a quick run may pass through "running" between two
            # looks, but never without changing the attribute.
            await page.evaluate(
                """() => { const app = document.querySelector('[data-testid="stApp"]'); window.changes = 0;
                    new MutationObserver(records => { window.changes += records.length; })
                        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
            )
            await page.locator("body").press("r")
            try:
                await page.wait_for_function("() => window.changes > 0", timeout=TIMEOUT_MS)
                await page.wait_for_selector(READY, timeout=TIMEOUT_MS)
            except Exception as exc:
                raise AssertionError(f"session {number} ({VIEWS[number].link}) did not rerun: {exc}") from exc

        try:
            opened = await asyncio.gather(*(open_one(n, view) for n, view in enumerate(VIEWS)))
            # All sixteen open: each shows its own view, even after the others have run.
            first = await asyncio.gather(
                *(what_it_shows(page, view) for page, view in zip(opened, VIEWS, strict=True))
            )
            # All sixteen scripts run at the same moment in the one server.
            await asyncio.gather(*(rerun(n, page) for n, page in enumerate(opened)))
            second = await asyncio.gather(
                *(what_it_shows(page, view) for page, view in zip(opened, VIEWS, strict=True))
            )
            for number, page in enumerate(opened):
                await page.screenshot(path=str(ARTIFACTS / f"concurrent-{number:02d}.png"))
            return [
                a + [f"after the joint rerun: {p}" for p in b] for a, b in zip(first, second, strict=True)
            ]
        except Exception:
            for number, page in pages.items():
                await page.screenshot(path=str(ARTIFACTS / f"concurrent-{number:02d}-failed.png"))
            raise
        finally:
            await browser.close()


def test_sixteen_sessions_each_see_only_their_own_filters():
    ARTIFACTS.mkdir(exist_ok=True)
    port = serve.free_port()
    log = ARTIFACTS / f"server-concurrent-{port}.log"
    with serve.streamlit_server(log, port=port) as server:
        problems = asyncio.run(open_all(server.origin))
    wrong = {VIEWS[n].link: p for n, p in enumerate(problems) if p}
    assert not wrong, "\n".join(f"{link}: {problems}" for link, problems in wrong.items())
    text = log.read_text()
    assert not re.search(r"Traceback|Exception|\bERROR\b", text), text[-3000:]
