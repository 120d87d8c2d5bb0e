"""Browser history: Back and Forward after filter changes restore each view; a reload keeps it.

Streamlit 1.67 listens to `popstate` and reruns the page with the query string of the history entry, so
every view that has its own entry comes back. Each `st.query_params` write from a script run pushes a new
entry, except during a run caused by Back or Forward (then it replaces the current one). So the app writes
the URL only for a reader's change (or to correct a bad link): never a country kept in the session, never
the defaults a short link left out, and a page switch is one entry (the sidebar links carry the country).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from scripts.serve import CHROMIUM, CONNECTED_IDLE
from tests.browser import CHART_TITLES, READY, screenshot_path, settle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not at {CHROMIUM}", allow_module_level=True)

# The few selectors these tests rely on (update here if the pages change).
SUPPLIER = "Supplier"  # the arms page's supplier selectbox, found by its label
COUNTRY = "Country"  # the arms page's country selectbox
PRESET_2000_2019 = "2000–2019"  # the arms page's window preset button
COUPS_LINK = "Coups in Africa"  # the sidebar link to the coups page
TIMEOUT_MS = 120_000
DROPPED_MS = 20_000  # no rerun this long after Back or Forward, the frontend idle: the change was dropped
POPSTATE_AGAIN = """() => { window.historyLog.push('popstate dispatched again (dropped)');
    window.dispatchEvent(new PopStateEvent('popstate', {state: history.state})); }"""
# Every history write and popstate, kept in the page, for the failure messages.
RECORD_HISTORY = """
window.historyLog = [];
for (const name of ['pushState', 'replaceState']) {
    const original = history[name].bind(history);
    history[name] = (state, title, url) => { window.historyLog.push(`${name} ${url}`); return original(state, title, url); };
}
window.addEventListener('popstate', () => window.historyLog.push(`popstate ${location.pathname}${location.search}`));
sessionStorage.setItem('documents', String(Number(sessionStorage.getItem('documents') || 0) + 1));
"""
# Counts every change of the script state: a quick run may pass through "running" between two looks.
COUNT_RUNS = """() => { window.stateChanges = 0;
    new MutationObserver(records => { window.stateChanges += records.length; }).observe(
        document.querySelector('[data-testid="stApp"]'),
        {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


class History:
    """One reader's tab: open a link, act, and read what the tab shows."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1500, "height": 1300})
        self.context.add_init_script(RECORD_HISTORY)
        self.page = self.context.new_page()

    def open(self, link: str) -> None:
        self.page.goto(self.base + link, timeout=TIMEOUT_MS)
        self.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT_MS)
        self.page.wait_for_selector(READY, timeout=TIMEOUT_MS)
        # Settled: the rerun the window's width asks for on a first visit (src/web/viewport.py) has
        # run too, as it has before a reader's first click.
        settle(self.page, TIMEOUT_MS)

    def after(self, action: Callable[[], object], history: bool = False) -> None:
        """Do `action` and wait for the rerun it causes (if the tab is still on the app). After Back or
        Forward (`history`), a frontend that stays idle and connected for a while with no rerun has
        dropped the history change (Streamlit's frontend does so now and then on a busy machine; the
        benchmark's readers see it too): the tab is given the same popstate again, once, and it is
        noted in the history log. The view the tab then shows is what the tests check."""
        self.page.evaluate(COUNT_RUNS)
        action()
        if not self.page.url.startswith(self.base):
            return
        # A rerun, or a new document (a browser may load the entry afresh: then the counter is gone).
        rerun = "() => window.stateChanges === undefined || window.stateChanges > 0"
        try:
            self.page.wait_for_function(rerun, timeout=DROPPED_MS if history else TIMEOUT_MS)
        except playwright_api.TimeoutError:
            if not history or self.page.locator(CONNECTED_IDLE).count() == 0:
                raise AssertionError(f"no rerun after the action\nhistory: {self.log()}") from None
            self.page.evaluate(POPSTATE_AGAIN)
            self.page.wait_for_function(rerun, timeout=TIMEOUT_MS)
        self.page.wait_for_selector(READY, timeout=TIMEOUT_MS)
        self.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT_MS)

    def pick(self, label: str, option: str) -> None:
        def choose() -> None:
            self.page.get_by_test_id("stSelectbox").filter(has_text=label).click()
            self.page.keyboard.type(option)
            self.page.keyboard.press("Enter")

        self.after(choose)

    def shows(self) -> dict:
        """Path, query and every chart's title line (title and subtitle, wrapped lines joined)."""
        url = urlparse(self.page.url)
        titles = self.page.evaluate(CHART_TITLES)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        return {"path": url.path, "query": query, "titles": titles}

    def log(self) -> list[str]:
        """This document's history writes and popstates, and how many documents the tab has loaded."""
        return self.page.evaluate(
            "() => [...(window.historyLog || []), `documents loaded: ${sessionStorage.getItem('documents')}`]"
        )

    def expect(self, path: str, title_starts: list[str], **query: str | None) -> None:
        """The tab is on `path`, its URL has these values (None: absent), its charts begin with these titles.
        Waited for: a chart the run adds is drawn after the run has ended (Plotly draws asynchronously)."""
        with contextlib.suppress(playwright_api.TimeoutError):  # what it shows instead is reported below
            self.page.wait_for_function(
                f"""starts => {{ const titles = ({CHART_TITLES})();
                    return titles.length === starts.length && starts.every((s, i) => titles[i].startsWith(s)); }}""",
                arg=title_starts,
                timeout=TIMEOUT_MS,
            )
        shown = self.shows()
        context = f"{shown}\nhistory: {self.log()}"
        assert shown["path"] == path, context
        for key, value in query.items():
            assert shown["query"].get(key) == value, context
        assert len(shown["titles"]) == len(title_starts), context
        for title, start in zip(shown["titles"], title_starts, strict=True):
            assert title.startswith(start), context

    def close(self, name: str) -> None:
        self.page.screenshot(path=str(screenshot_path(f"history-{name}")))
        self.context.close()


@pytest.fixture()
def tab(browser, server, request) -> Iterator[History]:
    history = History(browser, server)
    yield history
    history.close(request.node.name)


ARMS = "/Arms_suppliers"
# Each view of the arms page in share mode: the map, then the supplier's recipients ranked.
CHINA_2019 = [
    "China's share of each country's arms imports, 2019–2023",
    "China's largest arms recipients, 2019–2023",
]
CHINA_2000 = [
    "China's share of each country's arms imports, 2000–2019",
    "China's largest arms recipients, 2000–2019",
]
FRANCE_2019 = [
    "France's share of each country's arms imports, 2019–2023",
    "France's largest arms recipients, 2019–2023",
]
FRANCE_2000 = [
    "France's share of each country's arms imports, 2000–2019",
    "France's largest arms recipients, 2000–2019",
]


def test_back_and_forward_restore_each_filter_change_and_a_reload_keeps_the_view(tab):
    # A link that names every parameter, so the first view has one history entry whichever way the page
    # writes defaults (test_one_back_leaves_a_view_opened_from_a_short_link is about short links).
    tab.open(f"{ARMS}?scope=africa&mode=share&window=2019-2023&supplier=China")
    tab.expect(ARMS, CHINA_2019, supplier="China", window="2019-2023")
    tab.pick(SUPPLIER, "France")
    tab.expect(ARMS, FRANCE_2019, supplier="France", window="2019-2023")
    tab.after(lambda: tab.page.get_by_role("button", name=PRESET_2000_2019).click())
    tab.expect(ARMS, FRANCE_2000, supplier="France", window="2000-2019")

    tab.after(tab.page.go_back, history=True)
    tab.expect(ARMS, FRANCE_2019, supplier="France", window="2019-2023")
    tab.after(tab.page.go_back, history=True)
    tab.expect(ARMS, CHINA_2019, supplier="China", window="2019-2023")
    tab.after(tab.page.go_forward, history=True)
    tab.expect(ARMS, FRANCE_2019, supplier="France", window="2019-2023")
    tab.after(tab.page.go_forward, history=True)
    tab.expect(ARMS, FRANCE_2000, supplier="France", window="2000-2019")

    tab.page.reload(timeout=TIMEOUT_MS)
    tab.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT_MS)
    tab.page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    tab.expect(ARMS, FRANCE_2000, supplier="France", window="2000-2019")


def test_back_after_choosing_a_country_shows_the_view_without_it(tab):
    tab.open(f"{ARMS}?scope=africa&mode=share&window=2000-2019&supplier=China")
    tab.pick(COUNTRY, "Namibia")
    tab.expect(ARMS, [*CHINA_2000, "Who supplied Namibia's"], country="NAM")
    tab.after(tab.page.go_back, history=True)
    tab.expect(ARMS, CHINA_2000, country=None)


def test_one_back_after_switching_page_returns_to_the_previous_view(tab):
    tab.open(f"{ARMS}?scope=africa&mode=share&window=2000-2019&supplier=France")
    tab.after(lambda: tab.page.get_by_test_id("stSidebar").get_by_text(COUPS_LINK).click())
    tab.page.wait_for_url(re.compile(r"/Coups(\?|$)"), timeout=TIMEOUT_MS)
    tab.after(tab.page.go_back, history=True)
    tab.expect(ARMS, FRANCE_2000, supplier="France", window="2000-2019")


def test_one_back_leaves_a_view_opened_from_a_short_link(tab):
    tab.page.goto("about:blank")
    tab.open(f"{ARMS}?supplier=France")
    tab.after(tab.page.go_back, history=True)
    assert tab.page.url == "about:blank", f"{tab.shows()}\nhistory: {tab.log()}"
