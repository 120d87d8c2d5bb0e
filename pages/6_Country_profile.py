"""Country profile: one country's arms imports, coups and regime type on one time axis, and everything
the report says about it; or a few countries side by side on the same axes."""

import streamlit as st

from src.analysis import profile
from src.data.text import escape_markdown
from src.web import state, ui
from src.web.sections import profile as section

ui.setup_page("Country profile")
inputs = section.inputs()
countries = inputs.countries
url = ui.read_url(state.read_profile(ui.query(), countries["iso3"], ui.country_names()))
country, compared = url[state.COUNTRY], url[state.COMPARE]
# Today's countries from a cached mapping; a historical entity (a V-Dem code) from the table.
name = (ui.country_names().get(country) or profile.country_name(countries, country)) if country else None
once = ui.per_view(url)  # each part computed once per view (and layout), then shared (src/web/cache.py)

st.title(f"Country profile: {escape_markdown(name)}" if name and not compared else "Country profiles")
section.pickers(url, country, compared)
if compared:
    with ui.section("the comparison"):
        section.compare(inputs, compared)
elif not country:
    st.info("Choose a country above, or click one on a map and follow the link to its profile.")
else:
    mine = once("country's arms", profile.country_view, inputs.view, country)  # for every section below
    has_relations = True  # unless the section says there are none
    with ui.section("the timeline"):
        section.timeline(inputs, country, once)
    with ui.section("the arms imports"):
        section.arms_imports(inputs, country, name, mine, once)
    with ui.section("the coups"):
        section.coup_events(inputs, country, name, once)
    with ui.section("the interventions and assistance"):
        has_relations = section.involvement(inputs, country, name, once)
    with ui.section("what the report says"):
        section.statements(inputs, country, name, has_relations, once)
    with ui.section("the verdicts"):
        section.verdicts(inputs, country, name, once)
ui.finish()
