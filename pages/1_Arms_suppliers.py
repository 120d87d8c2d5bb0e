"""Arms suppliers: who supplies each country's major arms, against what the report claims."""

import streamlit as st

from src import arms, data, state, ui
from src import claims as report_claims
from src.figures import arms as arms_figures

ui.setup_page("Arms suppliers")
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
countries, labels = tables["countries"], arms.actor_labels(tables)
years = meta.coverage("arms_transfers_by_year")
query = state.read_arms(
    ui.query(),
    countries["iso3"],
    years,
    ui.suppliers,
    data.country_names(countries),
    lambda s: labels.get(s, s),
)
url = ui.read_url(query)
scope, mode, window, supplier, country = (url[k] for k in ("scope", "mode", "window", "supplier", "country"))
ctx = arms.ArmsContext(view, countries, labels, window, scope)

st.title("Arms suppliers")
st.caption(
    "Share of each country's imports of major conventional arms that came from one supplier, in SIPRI "
    "trend-indicator values (TIV: military capability transferred, not money). Pick a supplier and a window; "
    "click a country for its suppliers and the deliveries behind them."
)
controls = st.columns([1.1, 1.3, 1.6, 2.6])
ui.widget(url.bound("scope"), controls[0].radio, "Map", horizontal=True)
ui.widget(url.bound("mode"), controls[1].radio, "Colour by")
if mode == "share":
    ui.widget(url.bound("supplier"), controls[2].selectbox, "Supplier (largest first)")
ui.widget(url.bound("window"), controls[3].slider, "Years (delivery)")
presets = state.arms_presets(years, report_claims.sources_last_year(tables))
ui.preset_buttons(url.bound("window"), presets, controls[3])

claims = report_claims.claims_against_data(
    tables["report_arms_supplier_claims"], view, countries, labels, *window
)
map_column, detail_column = st.columns([3, 2], gap="medium") if scope == "africa" else (st.container(),) * 2
with map_column:
    shares = arms.map_shares(view, countries, mode=mode, supplier=supplier, window=window, scope=scope)
    options = dict(mode=mode, supplier=supplier, labels=labels, window=window, scope=scope, meta=meta)
    figure = arms_figures.build_arms_map(shares, countries, claims, highlight=country, **options)
    event = ui.chart(figure, key="arms_map", filename=ctx.file_name(mode, supplier), selectable=True)
    ui.follow_click(event, "arms_map", country)
    if mode == "share" and (note := ctx.not_on_map_note(supplier)):
        st.caption(note)
    st.markdown(f"**The table behind the map** ({ctx.period})")
    table = arms.map_table(shares, mode, labels, supplier)
    st.dataframe(table, hide_index=True, height=300, key="arms_table")
    ui.csv_download(table, "Download this table (CSV)", ctx.file_name(mode, supplier), key="arms_csv")
    st.caption(f"Empty share: no recorded imports in the window (not 0 %). {meta.source_line('sipri')}")

with detail_column:
    ui.country_picker(url.bound("country"), label="Country (or click the map)", where=st)
    ui.profile_link(country)
    if not country:
        st.info("Click a country on the map, or choose one above, to see who supplied it.")
    elif (by_supplier := arms.recipient_suppliers(view, country, *window)).empty:
        st.info(f"SIPRI records no deliveries of major arms to {ctx.country(country)} in {ctx.period}.")
    else:
        bar = arms_figures.build_recipient_suppliers_bar(
            by_supplier, country_name=ctx.country(country), labels=labels, window=window, meta=meta
        )
        ui.chart(bar, key="arms_country_bar", filename=ctx.file_name("suppliers", country))
        st.markdown(f"**Deliveries to {ctx.country(country)}, {ctx.period}** (SIPRI trade register)")
        register = arms.deliveries_for(
            tables["arms_deliveries_africa"], tables["sipri_actors"], country, *window
        )
        if register.empty:
            st.caption("The deal-level register here covers African recipients only.")
        else:
            st.dataframe(
                arms.register_table(register, labels), hide_index=True, height=320, key="arms_register"
            )

st.subheader("What the report says, and what the data say for this window")
st.caption(report_claims.claims_caption(tables, ctx.period))
st.dataframe(report_claims.claims_table(claims, ctx.period), hide_index=True, key="claims_table")
africa = arms.region_supplier_shares(view, *window, "africa_sipri")
for line in report_claims.continent_claim_lines(
    tables["report_arms_supplier_claims"], africa, labels, ctx.period
):
    st.markdown(f"- {line}")

st.subheader("The report's regime characterizations, checked against V-Dem")
year = report_claims.regime_check_year(window[1], tables["regime_type"])
check = report_claims.regime_claim_check(
    tables["report_regime_claims"], tables["regime_type"], countries, year
)
for line in report_claims.regime_claim_lines(check):
    st.markdown(f"- {line}")
st.caption(report_claims.REGIME_MEASURE)
