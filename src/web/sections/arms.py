"""The Arms suppliers page's sections (Streamlit): the map with the table behind it, a supplier's
recipients ranked, and one country's suppliers and deliveries. Logic lives in src.analysis.arms (pure); the
page reads its URL and calls these."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from src.analysis import arms, summaries
from src.analysis import claims as report_claims
from src.data.meta import Meta
from src.data.text import escape_markdown
from src.figures import arms as arms_figures
from src.web import ui

# The share first, beside the country: the column the table is for is never behind a scroll.
KEY_COLUMNS = ["Country", "Share (%)"]


@st.cache_data(show_spinner=False)
def _claims(start: int, end: int) -> pd.DataFrame:
    """The report's arms claims beside the data for a window (the map rings the countries named)."""
    tables = ui.tables()
    labels = ui.actor_labels()
    claims = tables["report_arms_supplier_claims"]
    return report_claims.claims_against_data(
        claims, ui.transfers_view(), tables["countries"], labels, start, end
    )


# The view's numbers, once per view (each costs 50–150 ms of pandas over the whole register): small
# frames, so st.cache_data's copy per call is cheap. The context is keyed by its view, not its frames.
def _view_key(ctx: arms.ArmsContext) -> tuple[object, ...]:
    return (ctx.mode, ctx.supplier, ctx.window, ctx.scope)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={arms.ArmsContext: _view_key})
def _shares(ctx: arms.ArmsContext) -> pd.DataFrame:
    return ctx.shares()


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={arms.ArmsContext: _view_key})
def _recipients(ctx: arms.ArmsContext) -> pd.DataFrame:
    return ctx.recipients()


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={arms.ArmsContext: _view_key})
def _not_on_map_note(ctx: arms.ArmsContext) -> str | None:
    return ctx.not_on_map_note()


def arms_map(
    ctx: arms.ArmsContext, meta: Meta, country: str | None, scale: str, once: ui.Once
) -> tuple[go.Figure, pd.DataFrame]:
    """The map (a click selects a country); returns it with the table behind it. `once`: the view's
    parts cache (ui.per_view)."""
    shares = once("shares", _shares, ctx)
    figure = once(
        "map", ui.build, arms_figures.build_arms_map,
        shares, ctx.countries, _claims(*ctx.window), highlight=country, mode=ctx.mode, supplier=ctx.supplier,
        labels=ctx.labels, window=ctx.window, scope=ctx.scope, meta=meta, scale=scale,
    )  # fmt: skip
    table = once("map table", arms.map_table, shares, ctx.mode, ctx.labels, ctx.supplier)
    summary = once("map summary", summaries.arms_map, shares, ctx.mode, ctx.label(), ctx.labels, ctx.period)
    event = ui.chart(figure, "arms_map", ctx.file_name(), selectable=True, summary=summary, table=table)
    ui.follow_click(event, "arms_map", country)
    if ctx.mode == "share" and (note := _not_on_map_note(ctx)):
        st.caption(escape_markdown(note))
    return figure, table


def supplier_ranking(ctx: arms.ArmsContext, meta: Meta, once: ui.Once) -> None:
    """The supplier's recipients ranked by TIV, with the share beside each."""
    recipients = once("recipients", _recipients, ctx)
    ranked = once(
        "ranking",
        ui.build,
        arms_figures.build_supplier_recipients_bar,
        recipients,
        ctx.supplier,
        ctx.label(),
        ctx.window,
        ctx.scope,
        meta,
    )
    summary = once(
        "ranking summary", summaries.supplier_recipients, recipients, ctx.label(), ctx.period, ctx.scope
    )
    table = once("ranking table", arms.recipients_table, recipients, ctx.scope)
    ui.chart(ranked, "arms_recipients", ctx.file_name("recipients"), summary=summary, table=table)


def map_table(
    ctx: arms.ArmsContext, meta: Meta, figure: go.Figure, table: pd.DataFrame, once: ui.Once
) -> None:
    order = KEY_COLUMNS + [c for c in table.columns if c not in KEY_COLUMNS]
    # Collapsed: one click away. A static table, not a data grid: a page with no grid loads none of
    # its code (bench/FINDINGS.md). The download beside it needs no click.
    with st.expander(f"The table behind the map ({ctx.period}, {len(table)} rows)"):
        ui.static_table(table[order], "arms_table", "The table behind the map", once)
    ui.csv_download(table, "Download this table (CSV)", ctx.file_name(), key="arms_csv", figure=figure)
    note = f"Empty share: no recorded imports in the window (not 0 %). {meta.source_line('sipri')}"
    st.caption(escape_markdown(note))


def country_detail(
    ctx: arms.ArmsContext, meta: Meta, tables: Mapping[str, pd.DataFrame], country: str | None, once: ui.Once
) -> None:
    """Who supplied the chosen country in the window, and the deliveries behind it."""
    if not country:
        st.info("Click a country on the map, or choose one above, to see who supplied it.")
        return
    name = ctx.country(country)
    by_supplier = once("country's suppliers", arms.recipient_suppliers, ctx.view, country, *ctx.window)
    if by_supplier.empty:
        st.info(escape_markdown(f"SIPRI records no deliveries of major arms to {name} in {ctx.period}."))
        return
    bar = once(
        "country's bar",
        ui.build,
        arms_figures.build_recipient_suppliers_bar,
        by_supplier,
        country_name=name,
        labels=ctx.labels,
        window=ctx.window,
        meta=meta,
    )
    summary = once(
        "country's summary", summaries.recipient_suppliers, by_supplier, name, ctx.labels, ctx.period
    )
    table = once("country's table", arms.suppliers_table, by_supplier, ctx.labels)
    ui.chart(bar, "arms_country_bar", ctx.file_name("suppliers", country), summary=summary, table=table)
    st.markdown(f"**Deliveries to {escape_markdown(name)}, {ctx.period}** (SIPRI trade register)")
    register = once("register", arms.deliveries_table, tables, country, *ctx.window, ctx.labels)
    if register.empty:
        st.caption("The deal-level register here covers African recipients only.")
    else:
        ui.long_table(register, "arms_register")
