"""Controls that rerun only their own part of the page (st.fragment), in a real browser.

A control inside a fragment reruns that part alone: the page's script does not run (no line in the
shared server's run log, src/web/timing.py), yet the part shows the new choice, the address bar holds
the whole view, and a file drawn before the change (a CSV outside the part) describes the view shown
when it is clicked, not the one it was drawn for.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from scripts.serve import CHROMIUM
from tests.browser import COUNT_COMPUTED, TIMES_COMPUTED, OfflinePage
from tests.conftest import ARTIFACTS, RUN_LOG

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not at {CHROMIUM}", allow_module_level=True)


@dataclass(frozen=True)
class Change:
    """A view, one of its controls changed to `choice`, and what must show afterwards."""

    path: str
    charts: int
    control: str  # the widget's label
    choice: str  # typed into it, then Enter
    drawn: str  # words that only the new choice draws in a chart
    param: tuple[str, str]  # the address bar's new parameter
    kept: tuple[str, ...]  # chart titles outside the part: unchanged
    csv: str  # a CSV button outside the part (or inside it): its link must name the new value


CHANGES = [
    Change(
        "/Report_vs_data?window=2019-2023&mix=MOZ", 3, "Country", "Namibia",
        "Arms imports of Namibia by supplier", ("mix", "NAM"),
        ("Claims about China as an arms supplier",), "Download the whole grid (CSV)",
    ),
    Change(
        "/Report_vs_data?window=2019-2023&mix=MOZ", 3, "Your window", "",
        "Claims about China as an arms supplier", ("window", "2018-2023"),
        ("Arms imports of Mozambique by supplier",), "Download the whole grid (CSV)",
    ),
    Change(
        "/Arms_suppliers?window=2019-2023&supplier=China", 2, "Supplier", "France",
        "France's share of each country's arms imports", ("supplier", "France"), (),
        "Download this table (CSV)",
    ),
    Change(
        "/Coups?years=2021-2022", 3, "Years", "", "Coups in Africa, 2020–2022", ("years", "2020-2022"),
        (), "Download these events (CSV)",
    ),
    Change(
        "/Exercises?org=CSTO", 1, "Organizations", "SCO", "SCO (in Central Asia)", ("org", "CSTO,SCO"),
        (), "Download this table (CSV)",
    ),
    Change(
        "/Interventions?actor=CSTO", 1, "Actor", "Wagner Group", "Actor: CSTO, Wagner Group",
        ("actor", "CSTO,Wagner Group"), (), "Download this table (CSV)",
    ),
]  # fmt: skip


def _runs(client: str) -> list[dict]:
    lines = (json.loads(line) for line in RUN_LOG.read_text().splitlines() if line.strip())
    return [run for run in lines if run["client"] == client]


WIDGETS = '[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stSlider"]'


def _change(page: OfflinePage, change: Change) -> None:
    # Waited for, whatever its kind: a count taken at once may come before the control is drawn.
    label = page.page.get_by_test_id("stWidgetLabel").filter(
        has_text=re.compile(f"^{re.escape(change.control)}")
    )
    widget = page.page.locator(WIDGETS).filter(has=label).first
    expect(widget).to_be_visible(timeout=60_000)
    if widget.get_attribute("data-testid") == "stSlider":
        # A range slider: its first thumb one year to the left.
        widget.get_by_role("slider").first.focus()
        page.page.keyboard.press("ArrowLeft")
        return
    widget.locator("input").click()  # its box, not a chosen option's remove button
    page.page.keyboard.type(change.choice)
    page.page.keyboard.press("Enter")
    page.page.keyboard.press("Escape")  # a multiselect's list stays open, the page behind it hidden


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: f"{c.path.split('?')[0]}-{c.param[0]}")
def test_a_control_reruns_only_its_own_part(browser, server, change):
    from src import export
    from src.web.timing import CLIENT_COOKIE

    client = uuid.uuid4().hex
    page = OfflinePage(browser, server)
    page.context.add_cookies([{"name": CLIENT_COOKIE, "value": client, "url": server}])
    page.context.add_init_script(COUNT_COMPUTED)
    try:
        page.open(change.path, charts=change.charts)
        assert page.page.evaluate(TIMES_COMPUTED) == [1] * change.charts, "a chart computed twice"
        loaded = len(_runs(client))
        kept = [t for t in page.titles() if change.kept and t.startswith(change.kept)]
        assert len(kept) == len(change.kept), page.titles()
        _change(page, change)
        page.page.wait_for_function(
            """([words, key, value]) => new URLSearchParams(location.search).get(key) === value
                && Array.from(document.querySelectorAll('.js-plotly-plot svg text')).some(t => {
                    const lines = t.querySelectorAll('tspan.line');
                    return (lines.length ? Array.from(lines).map(l => l.textContent).join(' ')
                                         : t.textContent).includes(words);
                })""",
            arg=[change.drawn, *change.param],
            timeout=60_000,
        )
        page.wait(charts=change.charts)
        assert _runs(client)[loaded:] == [], "the whole page ran, not only the control's part"
        assert page.query()[change.param[0]] == change.param[1]
        assert [t for t in page.titles() if change.kept and t.startswith(change.kept)] == kept
        assert page.exceptions() == 0
        # The part's new charts, and those outside it (not drawn again), each computed once.
        assert page.page.evaluate(TIMES_COMPUTED) == [1] * change.charts, "a chart computed twice"
        with page.page.expect_download(timeout=30_000) as download:
            page.page.get_by_role("button", name=change.csv).click()
        saved = ARTIFACTS / f"fragment-{uuid.uuid4().hex[:8]}-{download.value.suggested_filename}"
        download.value.save_as(saved)
        _, provenance = export.read_csv_with_provenance(saved.read_bytes())
        link = urlparse(provenance["Link"])
        assert parse_qs(link.query)[change.param[0]] == [change.param[1]], provenance["Link"]
    finally:
        page.close()


def test_another_country_reruns_the_whole_page(browser, server):
    """The country picker sits inside the Arms page's part, but every page's links carry the country:
    choosing one runs the whole page, and the sidebar's links then carry it."""
    from src.web.timing import CLIENT_COOKIE

    client = uuid.uuid4().hex
    page = OfflinePage(browser, server)
    page.context.add_cookies([{"name": CLIENT_COOKIE, "value": client, "url": server}])
    page.context.add_init_script(COUNT_COMPUTED)
    try:
        page.open("/Arms_suppliers?window=2019-2023&supplier=China", charts=2)
        loaded = len(_runs(client))
        picker = page.page.get_by_test_id("stSelectbox").filter(has_text="Country (or click the map)")
        picker.click()
        page.page.keyboard.type("Namibia")
        page.page.keyboard.press("Enter")
        coups = page.page.get_by_test_id("stSidebar").get_by_role("link", name="Coups")
        expect(coups).to_have_attribute("href", re.compile(r"country=NAM"), timeout=60_000)
        page.wait(charts=2)
        assert [run["ended"] for run in _runs(client)[loaded:]] == ["finished"]
        assert page.query()["country"] == "NAM" and page.exceptions() == 0
        assert page.page.evaluate(TIMES_COMPUTED) == [1, 1], "a chart computed twice"
    finally:
        page.close()


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        ("/Country_profile?country=SDN", 2),  # the timeline, the verdicts' grid
        ("/Arms_suppliers?country=NAM&window=2000-2019", 3),  # the switch inside the page's own part
    ],
)
def test_a_register_is_drawn_when_asked_for_and_only_its_part_reruns(browser, server, path, charts):
    """A page opens with no data grid (none of its code loaded); the switch draws the deliveries'
    grid, sortable, and reruns only its own part: the charts stay as they were, the link unchanged."""
    from src.web.timing import CLIENT_COOKIE

    client = uuid.uuid4().hex
    page = OfflinePage(browser, server)
    page.context.add_cookies([{"name": CLIENT_COOKIE, "value": client, "url": server}])
    page.context.add_init_script(COUNT_COMPUTED)
    try:
        page.open(path, charts=charts)
        grids = page.page.get_by_test_id("stDataFrame")
        expect(grids).to_have_count(0)
        loaded, query = len(_runs(client)), page.query()
        switch = page.page.get_by_text(re.compile(r"^Show the \d+ deliveries$"))
        switch.click()
        expect(grids).to_have_count(1, timeout=60_000)
        grids.first.scroll_into_view_if_needed()
        header = grids.first.locator("[role=columnheader]").filter(has_text="Designation")
        expect(header).to_have_count(1, timeout=60_000)
        page.wait(charts=charts)
        assert _runs(client)[loaded:] == [], "the whole page ran, not only the register's part"
        assert page.query() == query and page.exceptions() == 0
        assert set(page.page.evaluate(TIMES_COMPUTED)) == {1}, "a chart was drawn again"
    finally:
        page.close()
