"""Arms suppliers: who supplies each country's major arms, a supplier's recipients, the deliveries."""

import streamlit as st

from src import arms, data, state, summaries, ui
from src import claims as report_claims
from src.figures import arms as arms_figures
from src.text import escape_markdown

ui.setup_page("Arms suppliers")
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
countries, labels = tables["countries"], arms.actor_labels(tables)
years = meta.coverage("arms_transfers_by_year")
names, supplier_names = data.country_names(countries), lambda s: labels.get(s, s)
url = ui.read_url(state.read_arms(ui.query(), countries["iso3"], years, ui.suppliers, names, supplier_names))
scope, mode, window, supplier, country, scale = (
    url[k] for k in ("scope", "mode", "window", "supplier", "country", "scale")
)
ctx = arms.ArmsContext(view, countries, labels, window, scope, mode, supplier)

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
    ui.widget(url.bound("scale"), controls[2].radio, "Colour scale", horizontal=True)
ui.widget(url.bound("window"), controls[3].slider, "Years (delivery)")
presets = state.arms_presets(years, report_claims.sources_last_year(tables))
ui.preset_buttons(url.bound("window"), presets, controls[3])

claims = report_claims.claims_against_data(
    tables["report_arms_supplier_claims"], view, countries, labels, *window
)
map_column, detail_column = st.columns([3, 2], gap="medium") if scope == "africa" else (st.container(),) * 2
with map_column:
    shares = ctx.shares()
    options = dict(
        mode=mode, supplier=supplier, labels=labels, window=window, scope=scope, meta=meta, scale=scale
    )
    figure = arms_figures.build_arms_map(shares, countries, claims, highlight=country, **options)
    table = arms.map_table(shares, mode, labels, supplier)
    summary = summaries.arms_map(shares, mode, ctx.label(), labels, ctx.period)
    event = ui.chart(figure, "arms_map", ctx.file_name(), selectable=True, summary=summary, table=table)
    ui.follow_click(event, "arms_map", country)
    if mode == "share" and (note := ctx.not_on_map_note()):
        st.caption(escape_markdown(note))
    if mode == "share":
        recipients = ctx.recipients()
        ranked = arms_figures.build_supplier_recipients_bar(
            recipients, supplier, ctx.label(), window, scope, meta
        )
        summary = summaries.supplier_recipients(recipients, ctx.label(), ctx.period)
        ranked_table = arms.recipients_table(recipients)
        ui.chart(ranked, "arms_recipients", ctx.file_name("recipients"), summary=summary, table=ranked_table)
    st.markdown(f"**The table behind the map** ({ctx.period})")
    # The share first, beside the country: the column the table is for is never behind a scroll.
    key_columns = ["Country", "Share (%)"]
    order = key_columns + [c for c in table.columns if c not in key_columns]
    st.dataframe(table, hide_index=True, height=300, key="arms_table", column_order=order)
    ui.csv_download(table, "Download this table (CSV)", ctx.file_name(), key="arms_csv", figure=figure)
    st.caption(
        escape_markdown(
            f"Empty share: no recorded imports in the window (not 0 %). {meta.source_line('sipri')}"
        )
    )

with detail_column:
    ui.country_picker(url.bound("country"), label="Country (or click the map)", where=st)
    ui.profile_link(country)
    if not country:
        st.info("Click a country on the map, or choose one above, to see who supplied it.")
    elif (by_supplier := arms.recipient_suppliers(view, country, *window)).empty:
        st.info(
            escape_markdown(
                f"SIPRI records no deliveries of major arms to {ctx.country(country)} in {ctx.period}."
            )
        )
    else:
        name = ctx.country(country)
        bar = arms_figures.build_recipient_suppliers_bar(
            by_supplier, country_name=name, labels=labels, window=window, meta=meta
        )  # noqa: E501
        summary = summaries.recipient_suppliers(by_supplier, name, labels, ctx.period)
        bar_table = arms.suppliers_table(by_supplier, labels)
        ui.chart(
            bar, "arms_country_bar", ctx.file_name("suppliers", country), summary=summary, table=bar_table
        )
        st.markdown(f"**Deliveries to {escape_markdown(name)}, {ctx.period}** (SIPRI trade register)")
        register = arms.deliveries_for(
            tables["arms_deliveries_africa"], tables["sipri_actors"], country, *window
        )
        if register.empty:
            st.caption("The deal-level register here covers African recipients only.")
        else:
            st.dataframe(
                arms.register_table(register, labels), hide_index=True, height=320, key="arms_register"
            )

st.page_link("pages/5_Report_vs_data.py", label="How the report's claims hold up: Report vs data", icon="⚖️")
ui.finish()
