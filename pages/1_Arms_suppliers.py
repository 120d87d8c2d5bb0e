"""Arms suppliers: who supplies each country's major arms, against what the report claims."""

import streamlit as st

from src import arms, state, ui
from src.figures import arms as arms_figures
from src.text import pct, window_label

ui.setup_page("Arms suppliers")
tables = ui.tables()
view = ui.transfers_view()
countries = tables["countries"]
labels = arms.actor_labels(tables)

result = state.read_arms(
    ui.query(),
    countries["iso3"],
    lambda scope, window: arms.suppliers_by_volume(view, *window, scope),
)
values = ui.url_values(result)
scope, mode, window, supplier, country = (
    values["scope"],
    values["mode"],
    values["window"],
    values["supplier"],
    values[state.COUNTRY],
)
start, end = window
period = window_label(start, end)

st.title("Arms suppliers")
st.caption(
    "Share of each country's imports of major conventional arms that came from one supplier, in SIPRI "
    "trend-indicator values (TIV: military capability transferred, not money). Pick a supplier and a window; "
    "click a country for its suppliers and the deliveries behind them."
)

controls = st.columns([1.1, 1.3, 1.6, 2.6])
controls[0].radio(
    "Map",
    state.ARMS_SCOPES,
    format_func={"africa": "Africa", "world": "World"}.get,
    key=ui.bind("scope", scope),
    on_change=ui.push,
    args=("scope",),
    horizontal=True,
)
controls[1].radio(
    "Colour by",
    state.ARMS_MODES,
    format_func={"share": "Share from a supplier", "leading": "Leading supplier"}.get,
    key=ui.bind("mode", mode),
    on_change=ui.push,
    args=("mode",),
)
suppliers = arms.suppliers_by_volume(view, start, end, scope)
if mode == "share":
    controls[2].selectbox(
        "Supplier (largest first)",
        suppliers,
        format_func=lambda s: labels.get(s, s),
        key=ui.bind("supplier", supplier),
        on_change=ui.push,
        args=("supplier",),
    )
window_format = state.year_range(state.ARMS_FIRST_YEAR, state.ARMS_LAST_YEAR)[1]
controls[3].slider(
    "Years (delivery)",
    state.ARMS_FIRST_YEAR,
    state.ARMS_LAST_YEAR,
    key=ui.bind("window", window),
    on_change=ui.push,
    args=("window", window_format),
)
presets = controls[3].columns(len(state.ARMS_PRESETS))
for column, (label, preset) in zip(presets, state.ARMS_PRESETS.items(), strict=True):
    column.button(
        label.split(":")[0],
        help=label,
        key=f"preset:{preset}",
        on_click=ui.set_param,
        args=("window", window_format(preset)),
        type="primary" if preset == window else "secondary",
        width="stretch",
    )

claims = arms.claims_against_data(tables["report_arms_supplier_claims"], view, countries, labels, start, end)
map_column, detail_column = st.columns([3, 2], gap="medium")
with map_column:
    if mode == "share":
        shares = arms.supplier_shares(view, countries, supplier, start, end, scope)
        figure = arms_figures.build_supplier_share_map(
            shares,
            countries,
            claims,
            supplier=supplier,
            supplier_label=labels.get(supplier, supplier),
            window=window,
            scope=scope,
            highlight=country,
        )
    else:
        shares = arms.leading_suppliers(view, countries, start, end, scope)
        figure = arms_figures.build_leading_supplier_map(
            shares,
            countries,
            claims,
            labels=labels,
            window=window,
            scope=scope,
            highlight=country,
        )
    event = ui.chart(figure, key="arms_map", filename=f"arms-{mode}-{scope}-{start}-{end}", selectable=True)
    clicked = ui.clicked_country(event, "arms_map")
    if clicked and clicked != country:
        ui.set_param(state.COUNTRY, clicked)
        st.rerun()

    others = arms.non_state_recipients(view, supplier, start, end, scope) if mode == "share" else None
    if others is not None and not others.empty:
        listed = "; ".join(
            f"{r.recipient} ({r.recipient_kind}, in {labels.get(r.located_in_iso3, r.located_in_iso3)}): "
            f"{r.tiv:,.1f} TIV"
            for r in others.itertuples()
        )
        st.caption(f"Not on the map (not states): {listed}.")

    st.markdown(f"**The table behind the map** ({period})")
    if mode == "share":
        table = shares.assign(supplier=labels.get(supplier, supplier))[
            ["name", "iso3", "supplier", "tiv_supplier", "tiv_total", "share_pct", "estimated_pct"]
        ]
        column_config = {
            "name": "Country",
            "iso3": "ISO3",
            "supplier": "Supplier",
            "tiv_supplier": st.column_config.NumberColumn("TIV from supplier", format="%.1f"),
            "tiv_total": st.column_config.NumberColumn("TIV from all suppliers", format="%.1f"),
            "share_pct": st.column_config.NumberColumn("Share (%)", format="%.1f"),
            "estimated_pct": st.column_config.NumberColumn("Of which estimated (%)", format="%.0f"),
        }
    else:
        table = shares.assign(leading_supplier=shares["leading_supplier"].map(lambda s: labels.get(s, s)))[
            ["name", "iso3", "leading_supplier", "tiv_leading", "tiv_total", "share_pct"]
        ]
        column_config = {
            "name": "Country",
            "iso3": "ISO3",
            "leading_supplier": "Leading supplier",
            "tiv_leading": st.column_config.NumberColumn("TIV from leading supplier", format="%.1f"),
            "tiv_total": st.column_config.NumberColumn("TIV from all suppliers", format="%.1f"),
            "share_pct": st.column_config.NumberColumn("Share (%)", format="%.1f"),
        }
    st.dataframe(table, hide_index=True, column_config=column_config, height=300, key="arms_table")
    ui.csv_download(
        table,
        label="Download this table (CSV)",
        file_name=f"arms-{mode}-{supplier if mode == 'share' else 'leading'}-{scope}-{start}-{end}.csv".replace(
            " ", "_"
        ),
        key="arms_csv",
    )
    st.caption(
        "Empty share: no recorded imports in the window (not 0 %). Source: SIPRI Arms Transfers Database."
    )

with detail_column:
    ui.country_picker(countries, country, label="Country (or click the map)", where=st)
    if not country:
        st.info("Click a country on the map, or choose one above, to see who supplied it.")
    else:
        name = countries.set_index("iso3")["name"].get(country, country)
        by_supplier = arms.recipient_suppliers(view, country, start, end)
        if by_supplier.empty:
            st.info(f"SIPRI records no deliveries of major arms to {name} in {period}.")
        else:
            ui.chart(
                arms_figures.build_recipient_suppliers_bar(
                    by_supplier, country_name=name, labels=labels, window=window
                ),
                key="arms_country_bar",
                filename=f"suppliers-{country}-{start}-{end}",
            )
            st.markdown(f"**Deliveries to {name}, {period}** (SIPRI trade register)")
            register = arms.deliveries_for(
                tables["arms_deliveries_africa"], tables["sipri_actors"], country, start, end
            )
            if register.empty:
                st.caption("The deal-level register here covers African recipients only.")
            else:
                register = register.assign(supplier=register["supplier"].map(lambda s: labels.get(s, s)))
                st.dataframe(
                    register,
                    hide_index=True,
                    height=320,
                    column_config={
                        "delivery_year": st.column_config.NumberColumn("Delivered", format="%d"),
                        "supplier": "Supplier",
                        "designation": "Designation",
                        "description": "What",
                        "armament_category": "Category",
                        "number_delivered": st.column_config.NumberColumn("Number", format="%d"),
                        "tiv_delivered": st.column_config.NumberColumn("TIV", format="%.1f"),
                        "estimated": st.column_config.CheckboxColumn(
                            "Estimated", help="SIPRI marks the number or the year as estimated"
                        ),
                        "order_year": st.column_config.NumberColumn("Ordered", format="%d"),
                        "status": "Status",
                        "sipri_deal_id": st.column_config.NumberColumn("SIPRI deal ID", format="%d"),
                    },
                    key="arms_register",
                )

st.subheader("What the report says, and what the data say for this window")
st.caption(
    "The report's figures come from Hendrix (2020, fn 121) and Kondratenko (2020, fn 122), who used SIPRI data "
    "for years the report does not state. The values beside them are computed here from the current SIPRI "
    f"release for {period}; change the window to see how much the answer depends on it."
)
st.dataframe(
    arms.claims_table(claims, period),
    hide_index=True,
    column_config={
        "country": "Country",
        "report_says": "The report says",
        "footnote": "Footnote",
        "source": "Report's source",
        "data_say": f"SIPRI data, {period}",
    },
    key="claims_table",
)
continent = tables["report_arms_supplier_claims"]
continent = continent[continent["scope"].eq("Africa")]
africa_shares = arms.region_supplier_shares(view, start, end, "africa_sipri")
if not africa_shares.empty:
    top = africa_shares.iloc[0]
    for claim in continent.itertuples():
        by_supplier = africa_shares.set_index("supplier")["share_pct"]
        st.markdown(
            f"- Report (fn {claim.footnote}): {claim.paraphrase}  \n"
            f"  SIPRI data, {period}, Africa as SIPRI counts it (Egypt excluded): the largest supplier is "
            f"**{labels.get(top.supplier, top.supplier)}** ({pct(top.share_pct)}); Russia "
            f"{pct(by_supplier.get('Russia', 0.0))}, China {pct(by_supplier.get('China', 0.0))}."
        )

st.subheader("The report's regime characterizations, checked against V-Dem")
check_year = min(end, int(tables["regime_type"]["year"].max()))
check = arms.regime_claim_check(tables["report_regime_claims"], tables["regime_type"], countries, check_year)
for _, group in check.groupby("claim_id", sort=False):
    first = group.iloc[0]
    members = ", ".join(f"{r.name} ({r.regime_label})" for r in group.itertuples())
    st.markdown(
        f"- Report (fn {first.footnote}): {first.paraphrase}  \n"
        f"  V-Dem Regimes of the World, {check_year}: {members}. **Verdict: {first.verdict}.**"
    )
st.caption(
    "How each is measured: the report does not define its regime terms. V-Dem's Regimes of the World has four "
    "categories (closed autocracy, electoral autocracy, electoral democracy, liberal democracy); here the first "
    "two count as autocracies and the last two as democracies. 'Hybrid regime' has no RoW category: electoral "
    "autocracies are closest. Year checked: the end of the window (at most the latest V-Dem year)."
)
