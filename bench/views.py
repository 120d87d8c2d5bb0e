"""What the benchmark opens: every page of the app as a view (a page and a query string), each with the
filter change timed on it, and the floor. Keep the changes in step with the pages' widgets: a change
names its widget's label (the browser finds it by label) and key (AppTest finds it by key)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from src import pages


@dataclass(frozen=True)
class Change:
    """One filter change, made as a reader makes it.

    kind: "select" (pick the option shown as `text`), "add" (add the option shown as `text` to a
    multiselect), "drop_last" (remove a multiselect's last choice) or "toggle".
    value: what AppTest sets (the widget's raw value; for "add", the option added)."""

    kind: str
    label: str
    key: str
    value: object = None
    text: str | None = None


@dataclass(frozen=True)
class View:
    name: str
    script: str  # from the project's folder, as AppTest opens it: the app's page, or the floor
    path: str  # the address the server serves it at, after the origin
    query: dict[str, str] = field(default_factory=dict)
    change: Change | None = None  # None: the page has no filter
    charts: bool = True  # it draws charts (so presentation mode draws slides)

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path


def _view(
    name: str,
    page: pages.Page,
    query: dict[str, str] | None = None,
    change: Change | None = None,
    charts: bool = True,
) -> View:
    return View(name, page.path, "/" + page.url_path, query or {}, change, charts)


SUPPLIER = Change("select", "Supplier (largest first)", "url:supplier", "Russia")
VIEWS: list[View] = [
    _view("Overview", pages.OVERVIEW, charts=False),
    _view("Arms suppliers", pages.ARMS, change=SUPPLIER),
    _view("Arms suppliers, NAM", pages.ARMS, {"country": "NAM"}, SUPPLIER),
    _view("Coups", pages.COUPS, change=Change("toggle", "Show failed attempts", "url:failed", False)),
    _view("Exercises", pages.EXERCISES, change=Change("drop_last", "Organizations", "url:org")),
    _view("Interventions", pages.INTERVENTIONS, change=Change("add", "Actor", "url:actor", "Russia")),
    _view(
        "Report vs data",
        pages.REPORT_VS_DATA,
        change=Change("select", "Country", "url:mix", "NAM", "Namibia"),
    ),
    _view(
        "Country profile, SDN",
        pages.PROFILE,
        {"country": "SDN"},
        Change("select", "Country", "url:country", "TCD", "Chad (TCD)"),
    ),
    _view(
        "Country profile, MOZ NAM ZWE",
        pages.PROFILE,
        {"countries": "MOZ,NAM,ZWE"},
        Change("drop_last", "Compare side by side (2 to 6 countries)", "url:countries"),
    ),
    _view("Sources and methods", pages.SOURCES, charts=False),
]
BY_NAME = {view.name: view for view in VIEWS}

# The floor (bench/floor_app.py): one map and one filter, the least such a page can cost.
FLOOR = View("floor", "bench/floor_app.py", "/", change=Change("select", "Values", "values", "Set B"))
