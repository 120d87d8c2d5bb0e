"""Arms suppliers: who supplies each country's major arms, a supplier's recipients, the deliveries."""

import streamlit as st

from src import pages
from src.analysis import arms, windows
from src.analysis import claims as report_claims
from src.web import state, ui
from src.web.sections import arms as section

ui.setup_page("Arms suppliers")
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
countries, labels = tables["countries"], ui.actor_labels()
years, latest = meta.coverage(arms.TABLE), meta.latest_window(arms.TABLE)
names, supplier_names = ui.country_names(), lambda s: labels.get(s, s)


def read_view() -> state.ReadResult:
    """The view in the address bar: scope and window first, then a supplier active in them."""
    return state.read_arms(ui.query(), countries["iso3"], years, latest, ui.suppliers, names, supplier_names)


ui.read_url(read_view())

st.title("Arms suppliers")
st.caption("Who supplies each country's major arms (SIPRI TIV). Click a country for its suppliers.")


# The controls, the map and the chosen country's suppliers rerun alone when a control changes
# (st.fragment); another country, or a supplier the new window lacks (its warning), reruns the whole page.
@st.fragment
def arms_shown() -> None:
    url = ui.current_view(read_view())
    scope, mode, window, supplier, country, scale = (
        url[k] for k in ("scope", "mode", "window", "supplier", "country", "scale")
    )
    ctx = arms.ArmsContext(view, countries, labels, window, scope, mode, supplier)
    once = ui.per_view(url)  # each part computed once per view, then shared (src/web/cache.py)
    # One row of controls, so the map is in the first screen; the colour scale sits under the map.
    controls = st.columns([0.9, 1.1, 1.5, 2.1, 0.9])
    ui.widget(url.bound("scope"), controls[0].radio, "Map", horizontal=True)
    ui.widget(url.bound("mode"), controls[1].radio, "Colour by")
    if mode == "share":
        ui.widget(url.bound("supplier"), controls[2].selectbox, "Supplier (largest first)")
    ui.widget(url.bound("window"), controls[3].slider, "Years (delivery)")
    presets = windows.presets(meta, arms.TABLE, report_claims.sources_last_year(tables))
    ui.preset_buttons(url.bound("window"), presets, controls[4], stacked=True)

    map_column, detail_column = (
        st.columns([3, 2], gap="medium") if scope == "africa" else (st.container(),) * 2
    )
    with map_column:
        drawn = None
        with ui.section("the map"):
            drawn = section.arms_map(ctx, meta, country, scale, once)
        if mode == "share":
            ui.widget(url.bound("scale"), st.radio, "Colour scale", horizontal=True)
        st.caption(
            "Share of each country's imports of major conventional arms that came from one supplier, in SIPRI "
            "trend-indicator values (TIV: military capability transferred, not money). Pick a supplier and a "
            "window; click a country for its suppliers and the deliveries behind them."
        )
        if mode == "share":
            with ui.section("the supplier's recipients"):
                section.supplier_ranking(ctx, meta, once)
        if drawn:
            with ui.section("the table behind the map"):
                section.map_table(ctx, meta, *drawn, once)
    with detail_column:
        ui.country_picker(url.bound("country"), label="Country (or click the map)", where=st)
        ui.profile_link(country)
        with ui.section("the chosen country's suppliers"):
            section.country_detail(ctx, meta, tables, country, once)


arms_shown()
st.page_link(pages.REPORT_VS_DATA.path, label="How the report's claims hold up: Report vs data", icon="⚖️")
ui.finish()
