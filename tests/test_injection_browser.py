"""In a real browser (Playwright on Debian's Chromium, offline): hostile data and hostile links add
nothing to the page. With the corrupted data package of tests/hostile.py, and with payloads in the
query string, every page opens without an injected link, image, heading or styled text, without a
request to the payloads' hosts and without a dialog."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from src.data.text import WORD_JOINER
from tests import hostile
from tests.browser import OfflinePage, export_dialog, streamlit_server
from tests.conftest import ARTIFACTS, ROOT

# A server of its own (below): in `make rest`, whole on one worker (its server is started once).
pytestmark = [pytest.mark.browser, pytest.mark.own_server, pytest.mark.xdist_group("hostile-data")]

PATHS = ["/", *(f"/{p.stem.split('_', 1)[1]}" for p in sorted((ROOT / "pages").glob("*.py")))]
# A link with a payload for every filter any page has, and payloads as parameter names; before
# them, a valid country where a page then shows that country's (corrupted) name. A page reads the
# first valid value of a repeated key.
HOSTILE_LINK = urlencode(
    {
        **dict.fromkeys(
            ["country", "supplier", "scope", "window", "years", "map", "org", "actor", "kind"],
            hostile.PAYLOAD,
        ),
        hostile.PAYLOAD_PARTS["html link"]: "1",
        hostile.PAYLOAD_PARTS["link"]: hostile.PAYLOAD_PARTS["image"],
    }
)
COUNTRY = {"/Arms_suppliers": "country=NAM&", "/Coups": "country=SDN&"}


# Elements the payload would create if it acted, looked for outside the charts (and inside them by
# the last test): links or images to its hosts, an element whose whole text is one of its marker
# words (<strong>injbold</strong>, <h1>injhead</h1>, a KaTeX or colour span...), the emoji it names.
FIND_INJECTED = """([inside, hosts, markers]) => {
    const found = [];
    const inPlot = el => el.closest('.js-plotly-plot') !== null;
    for (const el of document.querySelectorAll('body *')) {
        if (inPlot(el) !== inside) continue;
        for (const attr of el.attributes) {
            if (hosts.some(h => attr.value.includes(h)) && ['href', 'src', 'xlink:href', 'srcset', 'style',
                    'action', 'data', 'poster'].includes(attr.name)) {
                found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value.slice(0, 60)}">`);
            }
        }
        if (markers.includes(el.textContent.trim())) found.push(`<${el.tagName.toLowerCase()}>${el.textContent.trim()}`);
        const text = el.textContent;
        if (/^H[1-6]$/.test(el.tagName) && text.includes('inj')) found.push(`heading ${text.slice(0, 40)}`);
        if (el.tagName === 'SCRIPT' && el.textContent.includes('inj')) found.push('script');
    }
    if (!inside && document.body.innerText.includes('💀')) found.push('emoji :skull:');
    return found;
}"""
MARKER_WORDS = [
    "injlink", "injimage", "injanchor", "injhtml", "injbold", "injem", "injcode", "injdel", "injmath", "injred",
    "injhead", "injlist", "injquote", "injindent", "injtable",
]  # fmt: skip
HOSTS = [hostile.EVIL, hostile.TRACKER]


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory) -> Iterator[str]:
    """A server of its own, on the corrupted copy of the data package (the session's `server` reads
    data/)."""
    folder = hostile.corrupted_copy(tmp_path_factory.mktemp("hostile") / "data")
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(env={"DASHBOARD_DATA_DIR": str(folder)}) as base:
        # The first page loads and validates the package: once, with time to spare, before any test.
        warm = browser.new_page()
        warm.goto(base + "/")
        warm.wait_for_selector('[data-testid="stMetric"]', timeout=300_000)
        warm.close()
        yield base


class WatchedPage(OfflinePage):
    """An offline page that also records every dialog (alert, confirm, prompt) and dismisses it."""

    # More time: the Report vs data page computes for a while, and long payloads in every label make
    # the charts slow to draw on a busy machine.
    timeout_ms = 240_000

    def __init__(self, browser, base: str):
        super().__init__(browser, base)
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def injected(self, inside_charts: bool = False) -> list[str]:
        return self.page.evaluate(FIND_INJECTED, [inside_charts, HOSTS, MARKER_WORDS])

    def reached_payload_hosts(self) -> list[str]:
        return [url for url in self.blocked if any(host in url for host in HOSTS)]


@pytest.fixture()
def page(browser, server) -> Iterator[WatchedPage]:
    watched = WatchedPage(browser, server)
    yield watched
    watched.close()


def shot_name(prefix: str, path: str) -> str:
    return prefix + (path.replace("/", "-") if path != "/" else "-overview")


@pytest.mark.parametrize("path", PATHS)
def test_hostile_data_and_links_add_nothing_to_the_page(page, path):
    """Corrupted data, and a link with payloads as values and as names: the page opens, warns about
    the link, and shows every payload as plain text."""
    page.open(f"{path}?{COUNTRY.get(path, '')}{HOSTILE_LINK}")
    assert page.exceptions() == 0
    assert page.page.get_by_test_id("stAlertContentError").count() == 0  # the copy passed the loader
    warnings = page.page.get_by_test_id("stAlertContentWarning").all_inner_texts()
    assert any("not used on this page" in w for w in warnings)
    assert page.injected() == []
    assert page.reached_payload_hosts() == []
    assert page.dialogs == []
    assert hostile.PAYLOAD_PARTS["html link"] not in page.query()  # the address bar was cleaned
    page.shot(shot_name("hostile", path))
    export_dialog(page.page)  # the charts' titles as the export dialog lists them, and the view's link
    assert page.injected() == [] and page.dialogs == [] and page.exceptions() == 0


def test_the_payload_is_shown_as_text(page):
    page.open("/Interventions")
    text = page.page.get_by_test_id("stMain").inner_text().replace(WORD_JOINER, "")  # invisible
    assert "[injlink](http://evil.example/link) ![injimage](http://tracker.example/image.png)" in text
    assert "<b>injhtml</b>" in text and "$injmath$ :red[injred] :skull:" in text


def test_hostile_data_adds_nothing_to_the_charts(browser, server):
    """Plotly draws <a href> and styled text from data in axis labels, legends and hover labels."""
    page = WatchedPage(browser, server)
    try:
        found = []
        # Each page with charts (the profile of a country whose name is corrupted; Sources and methods
        # draws none).
        links = {"/Country_profile": "?country=SDN", "/Sources_and_methods": None}
        for path in PATHS[1:]:
            if (link := links.get(path, "")) is not None:
                page.open(path + link, charts=1)
            found += [f"{path}: {f}" for f in page.injected(inside_charts=True)]
        assert found == []
    finally:
        page.close()
