"""Arms suppliers: who supplies each country's major arms, against what the report claims."""

import streamlit as st

from src import arms, state, ui
from src import claims as report_claims
from src.figures import arms as arms_figures
from src.text import window_label

ui.setup_page("Arms suppliers")
tables = ui.tables()
view = ui.transfers_view()
countries = tables["countries"]
names = countries.set_index("iso3")["name"]
labels = arms.actor_labels(tables)

values = ui.url_values(state.read_arms(ui.query(), countries["iso3"], ui.suppliers))
scope, mode, window, supplier, country = (
    values[k] for k in ("scope", "mode", "window", "supplier", state.COUNTRY)
)
start, end = window
period = window_label(start, end)

st.title("Arms suppliers")
st.caption(
    "Share of each country's imports of major conventional arms that came from one supplier, in SIPRI "
    "trend-indicator values (TIV: military capability transferred, not money). Pick a supplier and a window; "
    "click a country for its suppliers and the deliveries behind them."
)

# Controls: each bound to its URL parameter.
controls = st.columns([1.1, 1.3, 1.6, 2.6])
controls[0].radio(
    "Map", state.ARMS_SCOPES, format_func={"africa": "Africa", "world": "World"}.get,
    key=ui.bind("scope", scope), on_change=ui.push, args=("scope",), horizontal=True,
)  # fmt: skip
controls[1].radio(
    "Colour by", state.ARMS_MODES, format_func={"share": "Share from a supplier", "leading": "Leading supplier"}.get,
    key=ui.bind("mode", mode), on_change=ui.push, args=("mode",),
)  # fmt: skip
if mode == "share":
    controls[2].selectbox(
        "Supplier (largest first)", ui.suppliers(scope, window),
        format_func=lambda s: labels.get(s, s), key=ui.bind("supplier", supplier), on_change=ui.push,
        args=("supplier",),
    )  # fmt: skip
window_format = state.year_range(state.ARMS_FIRST_YEAR, state.ARMS_LAST_YEAR)[1]
controls[3].slider(
    "Years (delivery)", state.ARMS_FIRST_YEAR, state.ARMS_LAST_YEAR,
    key=ui.bind("window", window), on_change=ui.push, args=("window", window_format),
)  # fmt: skip
for column, (label, preset) in zip(
    controls[3].columns(len(state.ARMS_PRESETS)), state.ARMS_PRESETS.items(), strict=True
):
    column.button(
        label.split(":")[0], help=label, key=f"preset:{preset}", on_click=ui.set_param,
        args=("window", window_format(preset)), type="primary" if preset == window else "secondary", width="stretch",
    )  # fmt: skip

claims = report_claims.claims_against_data(
    tables["report_arms_supplier_claims"], view, countries, labels, start, end
)
# Africa is tall: the country detail sits beside it. The world is wide: it takes the full width.
if scope == "africa":
    map_column, detail_column = st.columns([3, 2], gap="medium")
else:
    map_column, detail_column = st.container(), st.container()
with map_column:
    if mode == "share":
        shares = arms.supplier_shares(view, countries, supplier, start, end, scope)
        figure = arms_figures.build_supplier_share_map(
            shares, countries, claims, supplier=supplier, supplier_label=labels.get(supplier, supplier),
            window=window, scope=scope, highlight=country,
        )  # fmt: skip
    else:
        shares = arms.leading_suppliers(view, countries, start, end, scope)
        figure = arms_figures.build_leading_supplier_map(
            shares, countries, claims, labels=labels, window=window, scope=scope, highlight=country
        )
    event = ui.chart(figure, key="arms_map", filename=f"arms-{mode}-{scope}-{start}-{end}", selectable=True)
    clicked = ui.clicked_country(event, "arms_map")
    if clicked and clicked != country:
        ui.set_param(state.COUNTRY, clicked)
        st.rerun()
    if mode == "share" and (
        note := arms.not_on_map_note(arms.non_state_recipients(view, supplier, start, end, scope), names)
    ):
        st.caption(note)

    st.markdown(f"**The table behind the map** ({period})")
    table = arms.map_table(shares, mode, labels, supplier)
    st.dataframe(table, hide_index=True, height=300, key="arms_table")
    ui.csv_download(
        table, label="Download this table (CSV)", key="arms_csv",
        file_name=f"arms-{mode}-{(supplier if mode == 'share' else 'leading').replace(' ', '_')}-{scope}-{start}-{end}.csv",
    )  # fmt: skip
    st.caption(
        "Empty share: no recorded imports in the window (not 0 %). Source: SIPRI Arms Transfers Database."
    )

with detail_column:
    ui.country_picker(countries, country, label="Country (or click the map)", where=st)
    if not country:
        st.info("Click a country on the map, or choose one above, to see who supplied it.")
    elif (by_supplier := arms.recipient_suppliers(view, country, start, end)).empty:
        st.info(f"SIPRI records no deliveries of major arms to {names.get(country, country)} in {period}.")
    else:
        name = names.get(country, country)
        bar = arms_figures.build_recipient_suppliers_bar(
            by_supplier, country_name=name, labels=labels, window=window
        )
        ui.chart(bar, key="arms_country_bar", filename=f"suppliers-{country}-{start}-{end}")
        st.markdown(f"**Deliveries to {name}, {period}** (SIPRI trade register)")
        register = arms.deliveries_for(
            tables["arms_deliveries_africa"], tables["sipri_actors"], country, start, end
        )
        if register.empty:
            st.caption("The deal-level register here covers African recipients only.")
        else:
            st.dataframe(
                arms.register_table(register, labels), hide_index=True, height=320, key="arms_register"
            )

st.subheader("What the report says, and what the data say for this window")
st.caption(
    "The report's figures come from Hendrix (2020, fn 121) and Kondratenko (2020, fn 122), who used SIPRI data "
    "for years the report does not state. The values beside them are computed here from the current SIPRI "
    f"release for {period}; change the window to see how much the answer depends on it."
)
st.dataframe(report_claims.claims_table(claims, period), hide_index=True, key="claims_table")
africa_shares = arms.region_supplier_shares(view, start, end, "africa_sipri")
for line in report_claims.continent_claim_lines(
    tables["report_arms_supplier_claims"], africa_shares, labels, period
):
    st.markdown(f"- {line}")

st.subheader("The report's regime characterizations, checked against V-Dem")
check_year = min(end, int(tables["regime_type"]["year"].max()))
check = report_claims.regime_claim_check(
    tables["report_regime_claims"], tables["regime_type"], countries, check_year
)
for line in report_claims.regime_claim_lines(check):
    st.markdown(f"- {line}")
st.caption(
    "How each is measured: the report does not define its regime terms. V-Dem's Regimes of the World has four "
    "categories (closed autocracy, electoral autocracy, electoral democracy, liberal democracy); here the first "
    "two count as autocracies and the last two as democracies. 'Hybrid regime' has no RoW category: electoral "
    "autocracies are closest. Year checked: the end of the window (at most the latest V-Dem year)."
)
