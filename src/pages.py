"""The app's pages, one registry: each page's file, its label in the sidebar, the address Streamlit
serves it at, and whether its view has a country. Every link to a page, in every layer, names it
here (it imports nothing, so every layer may read it; tests/test_pages.py checks it against pages/)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str  # the script, as st.page_link and st.switch_page take it
    label: str  # in the sidebar and in links
    has_country: bool = False  # its view has the shared `country` parameter

    @property
    def url_path(self) -> str:
        """The address Streamlit serves the page at, after the app's base URL ('' for the overview)."""
        if self.path == OVERVIEW.path:
            return ""
        return self.path.removeprefix("pages/").removesuffix(".py").split("_", 1)[1]


OVERVIEW = Page("app.py", "Overview")
ARMS = Page("pages/1_Arms_suppliers.py", "Arms suppliers", has_country=True)
COUPS = Page("pages/2_Coups.py", "Coups in Africa", has_country=True)
EXERCISES = Page("pages/3_Exercises.py", "Military exercises")
INTERVENTIONS = Page("pages/4_Interventions.py", "Interventions and assistance", has_country=True)
REPORT_VS_DATA = Page("pages/5_Report_vs_data.py", "Report vs data")
PROFILE = Page("pages/6_Country_profile.py", "Country profile", has_country=True)
SOURCES = Page("pages/7_Sources_and_methods.py", "Sources and methods")

ALL: tuple[Page, ...] = (OVERVIEW, ARMS, COUPS, EXERCISES, INTERVENTIONS, REPORT_VS_DATA, PROFILE, SOURCES)
BY_PATH = {page.path: page for page in ALL}
