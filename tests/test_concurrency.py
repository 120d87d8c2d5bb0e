"""Sixteen browser sessions with different filters on one server, all open at once.

Streamlit runs every session's script in the same process; a value kept in a module, a cache that hands
one session another's mutable result, or a widget key shared across sessions would show one reader
another reader's view. Each session opens its own deep link; then all sixteen rerun at the same moment.
Each must still show exactly what it asked for: its charts' titles and its address bar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from scripts.serve import CHROMIUM
from tests.browser import CHARTS_DRAWN, READY, server_log
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not at {CHROMIUM}", allow_module_level=True)

# The few selectors this test relies on (Streamlit's test ids and Plotly's classes).
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


def rendered(page, charts: int) -> None:
    """Until the title is shown, `charts` Plotly charts are drawn and the script has finished."""
    page.wait_for_selector(TITLE, timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, state="attached", timeout=TIMEOUT_MS)


def what_it_shows(page, view: View) -> list[str]:
    """Everything that differs from what `view` asked for (empty: the session shows its own view)."""
    problems = [f"error on the page: {t}" for t in page.locator(ERROR).all_inner_texts()]
    query = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    if not page.url.split("?")[0].endswith(view.path):
        problems.append(f"on {page.url}, not {view.path}")
    problems += [
        f"URL has {k}={query.get(k)!r}, asked {v!r}" for k, v in view.query.items() if query.get(k) != v
    ]
    charts = page.evaluate(CHART_TEXT)
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


# Counts every change of the script state: a quick run may pass through "running" between two looks, but
# never without changing the attribute.
COUNT_RUNS = """() => { const app = document.querySelector('[data-testid="stApp"]'); window.changes = 0;
    new MutationObserver(records => { window.changes += records.length; })
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


def open_all(browser, origin: str) -> list[list[str]]:
    # Sixteen tabs of one browser context: each tab is its own Streamlit session (its own WebSocket), and
    # the tabs share the HTTP cache, so Plotly's JavaScript is fetched once rather than sixteen times.
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pages: list = []

    def finish(number: int) -> None:
        try:
            rendered(pages[number], len(VIEWS[number].titles))
        except Exception as exc:
            raise AssertionError(f"session {number} ({VIEWS[number].link}) did not render: {exc}") from exc

    try:
        # Each tab starts loading (the browser loads them side by side) once the tab LOADING places before
        # it has rendered; every tab stays open.
        for number, view in enumerate(VIEWS):
            if number >= LOADING:
                finish(number - LOADING)
            pages.append(context.new_page())
            pages[number].goto(origin + view.link, wait_until="commit", timeout=TIMEOUT_MS)
        for number in range(max(0, len(VIEWS) - LOADING), len(VIEWS)):
            finish(number)
        # All sixteen open: each shows its own view, even after the others have run.
        first = [what_it_shows(page, view) for page, view in zip(pages, VIEWS, strict=True)]
        # All sixteen scripts rerun at the same moment in the one server (Streamlit's R shortcut, as a
        # filter change would): every key pressed before any rerun is waited for.
        for page in pages:
            page.evaluate(COUNT_RUNS)
        for page in pages:
            page.locator("body").press("r")
        for number, page in enumerate(pages):
            try:
                page.wait_for_function("() => window.changes > 0", timeout=TIMEOUT_MS)
                page.wait_for_selector(READY, state="attached", timeout=TIMEOUT_MS)
            except Exception as exc:
                raise AssertionError(f"session {number} ({VIEWS[number].link}) did not rerun: {exc}") from exc
        second = [what_it_shows(page, view) for page, view in zip(pages, VIEWS, strict=True)]
        for number, page in enumerate(pages):
            page.screenshot(path=str(ARTIFACTS / f"concurrent-{number:02d}.png"))
        return [a + [f"after the joint rerun: {p}" for p in b] for a, b in zip(first, second, strict=True)]
    except Exception:
        for number, page in enumerate(pages):
            page.screenshot(path=str(ARTIFACTS / f"concurrent-{number:02d}-failed.png"))
        raise
    finally:
        context.close()


def test_sixteen_sessions_each_see_only_their_own_filters(browser, server):
    """On the session's server, which earlier tests have used: a value one session left in a module or
    a cache would show here too."""
    ARTIFACTS.mkdir(exist_ok=True)
    log = server_log(server)
    logged_before = log.stat().st_size
    problems = open_all(browser, server)
    wrong = {VIEWS[n].link: p for n, p in enumerate(problems) if p}
    assert not wrong, "\n".join(f"{link}: {problems}" for link, problems in wrong.items())
    with log.open(encoding="utf-8") as handle:  # what the server logged while these sessions ran
        handle.seek(logged_before)
        text = handle.read()
    assert not re.search(r"Traceback|Exception|\bERROR\b", text), text[-3000:]
