"""Real browser: a country clicked on the arms map, then the link under it, opens that country's profile,
whose one time axis shows arms bars, coup marks and the regime strip. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.browser import OfflinePage, screenshot_path

pytestmark = pytest.mark.browser

SIZES = [(1600, 900), (1280, 720)]


def click_country(page: OfflinePage, iso3: str) -> None:
    """Click the middle of a country's shape on the first map of the page."""
    page.page.locator(".js-plotly-plot .choroplethlayer path").nth(49).wait_for(timeout=30_000)
    box = page.page.evaluate(
        """iso3 => {
            const path = Array.from(document.querySelectorAll('.js-plotly-plot .choroplethlayer path'))
                .find(p => p.__data__ && p.__data__.loc === iso3);
            path.scrollIntoView({block: 'center'});  // a short window may hold it below the fold
            const r = path.getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2};
        }""",
        iso3,
    )
    page.page.mouse.click(box["x"], box["y"])


def shared_axis_traces(page: OfflinePage) -> dict[str, dict]:
    """What the profile's first chart draws, by y axis: trace types, and how many marks each axis has."""
    return page.page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const out = {};
            for (const t of gd._fullData) {  // _fullData: arrays decoded, defaults filled in
                if (t.name === 'axis') continue;
                const axis = t.yaxis || 'y';
                out[axis] = out[axis] || {types: [], points: 0, xaxes: []};
                out[axis].types.push(t.type);
                out[axis].xaxes.push(t.xaxis || 'x');
                out[axis].points += (t.x || []).length;
            }
            return out;
        }"""
    )


@pytest.fixture()
def sized_page(browser, server):
    pages = []

    def make(width: int, height: int) -> OfflinePage:
        page = OfflinePage(browser, server, viewport={"width": width, "height": height})
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_profile_reached_by_clicking_the_arms_map(sized_page, width, height):
    page = sized_page(width, height)
    page.open("/Arms_suppliers?window=2000-2019", charts=1)
    click_country(page, "SDN")
    page.page.wait_for_function("() => location.search.includes('country=SDN')", timeout=30_000)
    page.wait(charts=2)
    page.page.get_by_text("Country profile of Sudan").click()
    page.page.wait_for_url("**/Country_profile?country=SDN", timeout=30_000)
    page.wait(charts=1)
    assert page.exceptions() == 0 and not page.blocked
    assert page.titles()[0].startswith("Sudan: arms imports, coups and regime type")
    drawn = shared_axis_traces(page)
    assert {x for panel in drawn.values() for x in panel["xaxes"]} == {"x"}  # one time axis
    assert set(drawn["y"]["types"]) == {"bar"} and drawn["y"]["points"] > 0  # arms bars
    assert set(drawn["y2"]["types"]) == {"scatter"} and drawn["y2"]["points"] > 0  # coup marks
    assert set(drawn["y3"]["types"]) == {"bar"} and drawn["y3"]["points"] > 0  # regime strip
    chart = page.page.locator(".js-plotly-plot").first
    assert chart.locator(".barlayer .point").count() > drawn["y3"]["points"]  # bars drawn beyond the strip
    assert chart.locator(".scatterlayer .point").count() >= drawn["y2"]["points"]
    page.shot(f"profile-from-arms-map-{width}x{height}", full=False)
    chart.screenshot(path=str(screenshot_path(f"profile-chart-{width}x{height}")))
