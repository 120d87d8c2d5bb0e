"""Real-browser tests: Playwright on Debian's Chromium against a running server, offline.

Every request that does not go to the local server is blocked, so a map that needs a CDN
would draw blank here. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scripts.serve import CHROMIUM
from tests.browser import MEASURED, OfflinePage, export_dialog, screenshot_path, streamlit_server
from tests.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not at {CHROMIUM}", allow_module_level=True)


@pytest.fixture()
def page(browser, server) -> Iterator[OfflinePage]:
    offline = OfflinePage(browser, server)
    yield offline
    offline.close()


def map_pixels(path: Path) -> dict[str, float]:
    """Share of coloured (non-white, non-grey) pixels and number of distinct colours."""
    image = Image.open(path).convert("RGB")
    image.thumbnail((600, 600))
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    coloured = pixels[pixels.max(axis=1) - pixels.min(axis=1) > 40]  # saturated: a share colour, not grey
    return {"coloured": len(coloured) / len(pixels), "colours": len({tuple(p) for p in coloured})}


def test_home_page(page):
    page.open("/")
    assert page.page.get_by_text("24.5%").first.is_visible()
    assert page.page.get_by_text("9 successful").is_visible()
    assert page.page.get_by_text("and 5 failed attempts, 2020–2023").is_visible()
    assert page.exceptions() == 0
    page.shot("home")


@pytest.mark.parametrize(
    ("path", "titles"),
    [
        (
            "/Arms_suppliers",
            [
                "China's share of each country's arms imports, 2019–2023",
                "China's largest arms recipients, 2019–2023",
            ],
        ),
        (
            "/Coups",
            [
                "Coups in Africa, 2020–2023",
                "Where the coups happened, 2020–2023",
                "Regime type of the coup countries, 2018–2025",
            ],
        ),
        ("/Exercises", ["Military exercises by organization, 2002–2016"]),
        ("/Interventions", ["Who intervenes for whom"]),
    ],
    ids=lambda value: value.strip("/") if isinstance(value, str) else None,
)
def test_each_page_renders_its_charts(page, path, titles):
    """Every chart of the page's default view drawn, in order, each with its own title (a chart that
    draws nothing, or one too many, is seen here)."""
    page.open(path, charts=len(titles))
    shown = page.titles()
    assert len(shown) == len(titles), shown
    for title, start in zip(shown, titles, strict=True):
        assert title.startswith(start), shown
    assert page.exceptions() == 0
    page.shot("page" + path.replace("/", "-"))


def test_africa_map_draws_offline_and_is_not_blank(page):
    page.open("/Arms_suppliers", charts=1)
    page.page.locator(".js-plotly-plot .choroplethlayer path").nth(49).wait_for(timeout=30_000)
    assert any(url.endswith("/app/static/africa_50m.json") for url in page.static), page.static
    assert not [u for u in page.blocked if "plot.ly" in u or "topojson" in u], page.blocked
    map_plot = page.page.locator(".js-plotly-plot").first
    assert map_plot.locator(".choroplethlayer path").count() >= 50
    path = screenshot_path("africa-map-china-2019-2023")
    map_plot.screenshot(path=str(path))
    pixels = map_pixels(path)
    # Coloured countries fill a good part of the frame, in many shades of the share scale.
    assert pixels["coloured"] > 0.12, pixels
    assert pixels["colours"] > 40, pixels


@pytest.mark.own_server
def test_deep_link_on_a_fresh_server(browser):
    with streamlit_server() as base:
        page = OfflinePage(browser, base)
        try:
            page.open("/Arms_suppliers?supplier=Russia&window=2000-2019&country=NAM&scope=africa", charts=2)
            titles = " ".join(page.titles())
            assert "Russia's share of each country's arms imports, 2000–2019" in titles
            assert "Who supplied Namibia's major arms, 2000–2019" in titles
            # The link stays as given (a valid link is not rewritten: no second history entry).
            assert page.query() == {
                "supplier": "Russia",
                "window": "2000-2019",
                "country": "NAM",
                "scope": "africa",
            }
            page.shot("deep-link-russia-2000-2019-namibia")
            page.open("/Coups?years=2021-2021&failed=0&country=SDN", charts=3)
            assert "Coups in Africa, 2021" in page.titles()[0]
            assert page.query() == {"years": "2021-2021", "failed": "0", "country": "SDN"}
            assert not page.page.get_by_label("Show failed attempts").is_checked()
        finally:
            page.close()


def test_filter_change_is_written_to_the_url(page):
    page.open("/Arms_suppliers", charts=1)
    box = page.page.get_by_test_id("stSelectbox").filter(has_text="Supplier")
    box.click()
    page.page.keyboard.type("France")
    page.page.keyboard.press("Enter")
    page.page.wait_for_function("() => location.search.includes('supplier=France')", timeout=30_000)
    page.page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot .gtitle')?.textContent.includes(\"France's share\")",
        timeout=60_000,
    )
    page.wait(charts=1)
    assert page.query()["supplier"] == "France"
    assert "France's share" in page.titles()[0]


def test_each_filter_change_runs_the_page_once(browser, server):
    """A reader's change runs no more than its part: the window's width is reported again only when it
    changed (each run changes the page's height, and the measuring component used to report the same
    width after every run: a second run of the whole page per change, and a race with the next click)."""
    import json
    import uuid

    from src.web.timing import CLIENT_COOKIE
    from tests.conftest import RUN_LOG

    client = uuid.uuid4().hex
    page = OfflinePage(browser, server)
    page.context.add_cookies([{"name": CLIENT_COOKIE, "value": client, "url": server}])

    def runs() -> list[dict]:
        lines = (json.loads(line) for line in RUN_LOG.read_text().splitlines() if line.strip())
        return [run for run in lines if run["client"] == client]

    try:
        page.open("/Arms_suppliers?window=2019-2023&supplier=China", charts=1)
        loaded = len(runs())  # a first visit's, with the rerun for the window's width
        for supplier in ("France", "Russia", "China"):
            page.page.get_by_test_id("stSelectbox").filter(has_text="Supplier").click()
            page.page.keyboard.type(supplier)
            page.page.keyboard.press("Enter")
            page.page.wait_for_function(
                "s => document.querySelector('.js-plotly-plot .gtitle')?.textContent.startsWith(s)",
                arg=f"{supplier}'s share",
                timeout=60_000,
            )
            page.wait(charts=1)
        # A page run is logged when it ends; the last change's run has ended once its chart is drawn.
        # The supplier reruns only its part of the page (st.fragment: tests/test_fragments.py), which
        # logs nothing; a width reported again would run the whole page.
        after = runs()[loaded:]
        assert after == [], after
    finally:
        page.close()


# Installed before the page's scripts: for its first seconds, the page's column cannot be found, as if
# the measuring component had been mounted before the column could be measured; counts the misses.
HIDE_COLUMN = """(() => {
  window.__columnHidden = 0;
  const until = performance.now() + 10000;
  const find = Document.prototype.querySelector;
  Document.prototype.querySelector = function (selector) {
    if (performance.now() < until && String(selector).includes('stMainBlockContainer')) {
      window.__columnHidden += 1;
      return null;
    }
    return find.call(this, selector);
  };
})();"""


def test_a_first_visit_whose_width_report_failed_is_laid_out_all_the_same(browser, server):
    """A first visit waits for the window's width (src/web/viewport.py). When the report made as the page
    mounts fails (here: the column not found) or is lost, the page reports again while it waits, and is
    laid out for the window, not left on its waiting line until the reader reloads it."""
    from playwright.sync_api import expect

    from src.web import viewport

    page = OfflinePage(browser, server)
    page.context.add_init_script(HIDE_COLUMN)
    try:
        page.page.goto(server + "/Exercises")
        main = page.page.get_by_test_id("stMain")
        expect(main).to_contain_text(viewport.WAITING, timeout=60_000)
        # The measuring component's code loads after the frame is drawn: its report at mount is missed.
        page.page.wait_for_function("window.__columnHidden > 0", timeout=8_000)
        expect(main.locator("h1")).to_have_count(1, timeout=60_000)
        expect(main).not_to_contain_text(viewport.WAITING)
        page.wait(charts=1)
        width = page.page.viewport_size["width"]
        assert page.page.evaluate(f"({MEASURED})({width})"), "laid out for a width it never measured"
        assert page.exceptions() == 0
    finally:
        page.close()


def test_clicking_the_map_selects_a_country(page):
    page.open("/Arms_suppliers?window=2000-2019", charts=1)
    page.page.locator(".js-plotly-plot .choroplethlayer path").nth(49).wait_for(timeout=30_000)
    map_plot = page.page.locator(".js-plotly-plot").first
    box = map_plot.locator(".choroplethlayer").bounding_box()
    # The middle of Africa's bounding box lies inside a large central African country.
    page.page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.55)
    page.page.wait_for_function("() => location.search.includes('country=')", timeout=30_000)
    page.wait(charts=2)
    code = page.query()["country"]
    assert len(code) == 3
    assert (
        page.page.get_by_text("Who supplied").first.is_visible()
        or page.page.get_by_text("records no deliveries").is_visible()
    )
    page.shot("map-click-selects-country")


def test_country_follows_to_other_pages(page):
    page.open("/Arms_suppliers?country=SDN")
    page.page.get_by_test_id("stSidebar").get_by_text("Coups in Africa").click()
    page.page.wait_for_url("**/Coups**", timeout=30_000)
    page.wait()
    page.page.wait_for_function("() => location.search.includes('country=SDN')", timeout=30_000)
    assert page.query()["country"] == "SDN"


def test_bad_link_shows_a_warning_not_a_traceback(page):
    page.open("/Arms_suppliers?supplier=Atlantis&window=1990-2050&country=XXX", charts=1)
    text = page.page.get_by_test_id("stMain").inner_text()
    assert "supplier='Atlantis' was ignored" in text
    assert "years must lie between 2000 and 2023" in text
    assert page.exceptions() == 0
    assert page.page.get_by_test_id("stAlertContentWarning").count() == 3  # supplier, window, country
    assert "China's share" in page.titles()[0]
    page.shot("bad-link-warning", full=False)


@pytest.mark.own_server
def test_broken_data_is_refused_in_the_browser(browser, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "arms_transfers_by_year.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",2019,13.6,", ",2019,-13.6,", 1), encoding="utf-8"
    )
    with streamlit_server(env={"DASHBOARD_DATA_DIR": str(folder)}) as base:
        page = OfflinePage(browser, base)
        try:
            page.open("/Arms_suppliers")
            text = page.page.get_by_test_id("stMain").inner_text()
            assert "The data package failed its checks" in text
            assert (
                "data/arms_transfers_by_year.csv, line 2, column 'tiv': -13.6 is below the minimum 0" in text
            )
            assert page.page.locator(".js-plotly-plot").count() == 0
            assert page.exceptions() == 0
            assert page.page.get_by_test_id("stAlertContentError").count() == 1
            page.shot("broken-data-refused", full=False)
        finally:
            page.close()


def test_csv_download_is_the_table_behind_the_map(page, tables, view):
    import pandas as pd

    from src import export
    from src.analysis import arms

    page.open("/Arms_suppliers?supplier=China&window=2019-2023", charts=1)
    with page.page.expect_download(timeout=30_000) as download:
        page.page.get_by_role("button", name="Download this table (CSV)").click()
    path = ARTIFACTS / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "arms-share-china-africa-2019-2023.csv"
    csv, provenance = export.read_csv_with_provenance(path.read_bytes())
    assert provenance["Title"] == "China's share of each country's arms imports, 2019–2023"
    assert "supplier=China" in provenance["Link"] and provenance["Link"].startswith("http://127.0.0.1:")
    shares = arms.supplier_shares(view, tables["countries"], "China", 2019, 2023, "africa")
    assert list(csv["ISO3"]) == list(shares["iso3"])  # every African country the map draws
    by_code = csv.set_index("ISO3")
    assert by_code.loc["ZWE", "Share (%)"] == 100
    assert pd.isna(by_code.loc["NAM", "Share (%)"])  # no imports: empty, not 0
    assert by_code.loc["NAM", "TIV from all suppliers (millions)"] == 0


@pytest.mark.parametrize("path", ["/Interventions", "/Exercises"])
def test_a_slide_downloads_right_after_a_csv(page, path):
    """A CSV download used to rerun the page, which dropped the slides' deferred files: the PNG
    clicked next delivered nothing (MediaFileStorageError in the log). Both files arrive now."""
    page.open(path, charts=1)
    with page.page.expect_download(timeout=30_000) as csv:
        page.page.get_by_role("button", name="Download this table (CSV)").click()
    assert csv.value.suggested_filename.endswith(".csv")
    dialog = export_dialog(page.page)
    with page.page.expect_download(timeout=120_000) as png:
        dialog.get_by_role("button", name="PNG", exact=True).first.click()
    saved = ARTIFACTS / png.value.suggested_filename
    png.value.save_as(saved)
    assert saved.suffix == ".png" and saved.stat().st_size > 10_000
    assert page.exceptions() == 0


def test_presentation_mode_shows_slides_without_chrome_or_widgets(page):
    """?present=1: no sidebar, header or filter widgets; each chart is its 16:9 slide; the link
    (present=1 and the filters) restores the same view."""
    page.open("/Coups?years=2021-2022&failed=0&present=1")
    page.page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stImage\"] img').length >= 3", timeout=180_000
    )
    page.wait()
    assert not page.page.get_by_test_id("stSidebar").is_visible()
    assert not page.page.get_by_test_id("stHeader").is_visible()
    for widget in ("stSlider", "stCheckbox", "stRadio", "stSelectbox", "stButton", "stDownloadButton"):
        assert page.page.get_by_test_id(widget).count() == 0, widget
    sizes = page.page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid="stImage"] img')).map(img => [
            img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width,
            img.getBoundingClientRect().height])"""
    )
    assert len(sizes) == 3
    for natural_w, natural_h, shown_w, shown_h in sizes:
        # The slide PNG (1600 x 900; Streamlit serves images at most the page's content width).
        assert natural_w >= 1400 and abs(natural_w / natural_h - 16 / 9) < 0.01
        assert abs(shown_w / shown_h - 16 / 9) < 0.02
    assert page.query() == {"years": "2021-2022", "failed": "0", "present": "1"}
    assert page.exceptions() == 0
    page.shot("present-mode-coups-2021-2022", full=False)


def test_export_panel_link_and_briefing_pack(page, tmp_path):
    """The sidebar's export dialog gives the view's full link (with its copy button) and a briefing pack
    whose deck has one slide per chart of the page, with sources and the link in the speaker notes."""
    import io

    from pptx import Presentation

    page.open("/Exercises?org=CSTO,SCO", charts=1)
    dialog = export_dialog(page.page)
    page.shot("export-dialog-exercises", full=False)
    code = dialog.get_by_test_id("stCode")
    link = code.inner_text().strip()
    assert link == page.base + "/Exercises?org=CSTO,SCO"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base)
    code.hover()
    code.get_by_role("button", name="Copy to clipboard").click()
    assert page.page.evaluate("() => navigator.clipboard.readText()") == link
    with page.page.expect_download(timeout=180_000) as download:
        dialog.get_by_role("button", name="Briefing pack (PowerPoint)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".pptx" and "military-exercises" in path.name
    deck = Presentation(io.BytesIO(path.read_bytes()))
    slides = list(deck.slides)
    assert len(slides) == 2  # the title slide and the one chart
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "Source: the report (Cottiero 2024), fn 112" in notes and link in notes
