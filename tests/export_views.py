"""Every chart of every page as the page itself builds it, with the provenance its export panel
gives it: each page runs in AppTest, and its charts are read from the run's export list."""

from __future__ import annotations

from src import export
from src.web import exports as exports_ui
from tests.conftest import app_test

# One view per page (or more where a page draws different charts in different modes), with a
# country highlighted where the page has one, so the filters in words include it.
VIEWS: list[tuple[str, dict[str, str]]] = [
    ("pages/1_Arms_suppliers.py", {"supplier": "China", "window": "2019-2023", "country": "ZWE"}),
    ("pages/1_Arms_suppliers.py", {"scope": "world", "mode": "leading", "window": "2019-2023"}),
    ("pages/2_Coups.py", {"years": "2020-2023", "country": "SDN"}),
    ("pages/3_Exercises.py", {}),
    ("pages/4_Interventions.py", {"country": "SYR"}),
    ("pages/5_Report_vs_data.py", {"mix": "NAM"}),
    ("pages/6_Country_profile.py", {"country": "MOZ"}),
    ("pages/6_Country_profile.py", {"countries": "MOZ,NAM"}),
]


def page_items(page: str, query: dict[str, str]) -> list[export.PackItem]:
    """The charts a page shows for this query, with their provenance (as its export panel has them)."""
    at = app_test(page, timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return list(at.session_state[exports_ui.ITEMS])


def all_items() -> list[export.PackItem]:
    return [item for page, query in VIEWS for item in page_items(page, query)]
