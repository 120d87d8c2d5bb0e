"""Figures of the Report vs data page: the verdict grid and the yearly supplier mix (pure builders)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from src.analysis.claims import (
    MIN_WINDOW_YEARS,
    PICKED,
    SOURCE_ERA,
    cell_text,
    claim_label,
    region_text,
    volume_text,
)
from src.analysis.mix import OTHER_SUPPLIERS
from src.figures import palette
from src.figures.common import frame, plain_text_in

# Cell fills: where the claim holds the cell is filled and carries a check mark, so the mark does not
# rest on colour alone.
HOLDS_FILL = "#8CC2E3"  # a light blue from the RoW ramp: dark text stays readable on it
FAILS_FILL = "#F2F2F2"
NO_DATA_FILL = "#FFFFFF"
HOLDS_MARK = "✓"
OTHER_GROUP_FILL = "#C8C8C8"  # 'Other suppliers': lighter than any named supplier's grey
# Named suppliers outside the palette share its grey; a pattern tells them apart within one figure.
PATTERNS = ["/", "\\", "x", "-", "|", "+", "."]
ROW_HEIGHT = 44

GRID_SUBTITLE = (
    "Each cell: the value in that window; ✓ and blue where the claim holds. Hover for the TIV behind it."
)


def _group(row: pd.Series) -> str:
    """The column group a cell belongs to: its measure; for ranks, the Africa it ranks in (so a
    supplier's rank and a recipient's rank share the 'with Egypt' / 'without Egypt' columns)."""
    if row["unit"] == "rank":
        return f"Rank {region_text(row['measure'])}"
    return row["measure_label"]


def _column(row: pd.Series) -> str:
    """Two short lines, so labels stay level in narrow columns."""
    if row["window_kind"] == SOURCE_ERA:
        return f"{MIN_WINDOW_YEARS}+ yr windows<br>to {row['window'][-4:]}: best"
    first, _, last = row["window"].partition("–")
    label = f"{first}–<br>{last}" if last else first
    return label.replace("<br>", "<br>(yours) ") if row["window_kind"] == PICKED else label


def _row_label(row: pd.Series) -> str:
    return f"{row['name']} · {claim_label(row)}"


def _holds(row: pd.Series) -> bool | None:
    return None if pd.isna(row["holds"]) else bool(row["holds"])


def _text(row: pd.Series) -> str:
    text = cell_text(row)
    if row["window_kind"] == SOURCE_ERA and row["windows_with_data"]:
        text += f"<br>{row['windows_holding']}/{row['windows_with_data']}"
    return f"{HOLDS_MARK} {text}" if _holds(row) else text


def _hover(row: pd.Series) -> str:
    head = f"<b>{row['name']}</b>: the report says {claim_label(row)} (fn {row['footnote']}, {row['source']})"
    if row["window_kind"] == SOURCE_ERA:
        windows = (
            f"{row['window']}: the claim holds in {row['windows_holding']} of {row['windows_with_data']} "
            f"windows with data ({row['windows_total']} tried).<br>Most favourable: "
            f"{row['start']}–{row['end']}, {volume_text(row)}"
        )
    else:
        windows = f"{row['window']}: {volume_text(row)}"
    verdict = {True: "holds", False: "does not hold", None: "cannot be checked (no data)"}[_holds(row)]
    return f"{head}<br>{row['measure_label']}<br>{windows}<br>Claim {verdict}"


@plain_text_in
def build_verdict_grid(grid: pd.DataFrame, *, title: str, subtitle: str, source: str) -> go.Figure:
    """Claims (rows: country · claim) × (measure, window) (columns, grouped by measure): each cell the
    value, filled and ticked where the claim holds, the TIV behind it in the hover.

    `grid` comes from src.analysis.claims.claim_grid (any subset of its claims)."""
    cells = grid.assign(
        group=grid.apply(_group, axis=1),
        column=grid.apply(_column, axis=1),
        row_label=grid.apply(_row_label, axis=1),
        text=grid.apply(_text, axis=1),
        hover=grid.apply(_hover, axis=1),
        status=grid["holds"].astype("Float64").fillna(0.5).astype(float),
    )
    groups = list(dict.fromkeys(cells["group"]))
    rows = list(dict.fromkeys(cells["row_label"]))
    widths = [cells.loc[cells["group"].eq(g), "column"].nunique() for g in groups]
    fig = make_subplots(
        rows=1,
        cols=len(groups),
        shared_yaxes=True,
        column_widths=widths,
        horizontal_spacing=0.012,
        subplot_titles=groups,
    )
    scale = [[0.0, FAILS_FILL], [0.33, FAILS_FILL], [0.34, NO_DATA_FILL], [0.66, NO_DATA_FILL],
             [0.67, HOLDS_FILL], [1.0, HOLDS_FILL]]  # fmt: skip
    for i, group in enumerate(groups, start=1):
        part = cells[cells["group"].eq(group)]
        columns = list(dict.fromkeys(part["column"]))

        def pivot(field: str, part: pd.DataFrame = part, columns: list[str] = columns) -> list[list]:
            table = part.pivot(index="row_label", columns="column", values=field)
            return (
                table.reindex(index=rows, columns=columns)
                .astype(object)
                .where(lambda t: t.notna(), None)
                .values.tolist()
            )

        fig.add_trace(
            go.Heatmap(
                z=pivot("status"),
                x=columns,
                y=rows,
                text=pivot("text"),
                customdata=pivot("hover"),
                texttemplate="%{text}",
                textfont=dict(size=12),
                hovertemplate="%{customdata}<extra></extra>",
                colorscale=scale,
                zmin=0,
                zmax=1,
                showscale=False,
                xgap=2,
                ygap=2,
                name=group,
            ),
            row=1,
            col=i,
        )
        fig.update_xaxes(side="top", tickangle=0, tickfont=dict(size=11), row=1, col=i)
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=12))
    for annotation in fig.layout.annotations:  # the measure names, above the window labels
        annotation.update(yshift=40, font=dict(size=12, color="#222222"))
    return frame(
        fig,
        title=title,
        subtitle=subtitle,
        source=source,
        height=150 + ROW_HEIGHT * len(rows),
        legend_space=78,
    )


def _supplier_styles(suppliers: list[str]) -> dict[str, dict]:
    """Fill colour and pattern for each supplier: the palette's colour where it has one; its grey and a
    pattern (distinct within the figure) for other named suppliers; a light grey for the rest."""
    styles, patterns = {}, iter(PATTERNS * 4)
    for supplier in suppliers:
        if supplier == OTHER_SUPPLIERS:
            styles[supplier] = dict(color=OTHER_GROUP_FILL, pattern=dict(shape=""))
        elif supplier in palette.SUPPLIER_COLOURS:
            styles[supplier] = dict(color=palette.supplier_colour(supplier), pattern=dict(shape=""))
        else:
            styles[supplier] = dict(
                color=palette.OTHER_SUPPLIER,
                pattern=dict(shape=next(patterns), fgcolor="#FFFFFF", solidity=0.35),
            )
    return styles


@plain_text_in
def build_supplier_mix(
    mix: pd.DataFrame,
    *,
    first_year: int,
    last_year: int,
    title: str,
    subtitle: str,
    source: str,
    labels: dict[str, str] | None = None,
    source_cutoff: int | None = None,
) -> go.Figure:
    """Arms imports by supplier and year, one small chart per country (stacked bars, shared year axis),
    so a reader sees which years drive a window's share.

    `mix` comes from src.analysis.mix.supplier_mix. source_cutoff: the last year the report's source could see
    (a dotted line after it)."""
    labels = labels or {}
    countries = list(dict.fromkeys(mix["name"]))
    suppliers = list(dict.fromkeys(mix.sort_values(["order", "supplier"])["supplier"]))
    suppliers = [s for s in suppliers if s != OTHER_SUPPLIERS] + (
        [OTHER_SUPPLIERS] if OTHER_SUPPLIERS in suppliers else []
    )
    styles = _supplier_styles(suppliers)
    legend_rows = 1 + len(suppliers) // 7  # about seven entries fit on a line
    fig = make_subplots(
        rows=max(len(countries), 1),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.35 / max(len(countries), 1),
        subplot_titles=countries if len(countries) > 1 else None,  # one country: the title names it
    )
    shown: set[str] = set()
    for i, name in enumerate(countries, start=1):
        mine = mix[mix["name"].eq(name)]
        for supplier in suppliers:
            part = mine[mine["supplier"].eq(supplier)]
            if part.empty:
                continue
            label = labels.get(supplier, supplier)
            hover = [
                f"<b>{name}, {r.year}</b><br>{label}: {r.tiv:,.1f} TIV"
                + (f"<br>{r.detail}" if r.detail else "")
                for r in part.itertuples()
            ]
            fig.add_trace(
                go.Bar(
                    x=part["year"],
                    y=part["tiv"],
                    name=label,
                    legendgroup=supplier,
                    showlegend=supplier not in shown,
                    marker=dict(line=dict(width=0), **styles[supplier]),
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=i,
                col=1,
            )
            shown.add(supplier)
        fig.update_yaxes(title_text="TIV", title_font=dict(size=11), rangemode="tozero", row=i, col=1)
        if source_cutoff is not None and first_year <= source_cutoff < last_year:
            fig.add_vline(
                x=source_cutoff + 0.5, line=dict(color="#555555", width=1, dash="dot"), row=i, col=1
            )
    fig.update_layout(
        barmode="stack", bargap=0.15, legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom")
    )
    fig.update_xaxes(range=[first_year - 0.5, last_year + 0.5], dtick=2, tickformat="d")
    for annotation in fig.layout.annotations:
        annotation.update(x=0, xanchor="left", font=dict(size=13))
    return frame(
        fig,
        title=title,
        subtitle=subtitle,
        source=source,
        height=170 + 26 * legend_rows + (150 if len(countries) > 1 else 260) * max(len(countries), 1),
        legend_space=26 * legend_rows,
        axis_space=24,
    )
