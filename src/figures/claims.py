"""Figures of the Report vs data page: the verdict grid and the yearly supplier mix (pure builders)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from src.analysis.claims import (
    FAILS,
    HOLDS,
    PICKED,
    SOURCE_ERA,
    TOO_LITTLE,
    cell_text,
    claim_label,
    volume_text,
)
from src.analysis.mix import OTHER_SUPPLIERS
from src.data.text import tiv
from src.figures import palette
from src.figures.common import TICK_SIZE, frame, text_width, wrap
from src.figures.plain import plain_text_in

# Cell fills: where the claim holds the cell is filled and carries a check mark, so the mark does not
# rest on colour alone; too little to judge is left white and says so in words.
HOLDS_FILL = "#8CC2E3"  # a light blue from the RoW ramp: dark text stays readable on it
FAILS_FILL = "#F2F2F2"
TOO_LITTLE_FILL = "#FFFFFF"
HOLDS_MARK = "✓"
STATUS_VALUE = {FAILS: 0.0, TOO_LITTLE: 0.5, HOLDS: 1.0}
OTHER_GROUP_FILL = "#C8C8C8"  # 'Other suppliers': lighter than any named supplier's grey
# Named suppliers outside the palette share its grey; a pattern tells them apart within one figure.
PATTERNS = ["/", "\\", "x", "-", "|", "+", "."]
ROW_HEIGHT = 44
CELL_SIZE = 12
HEADER_LABEL_WIDTH = 170  # px a reading's name may take at the left before it wraps
ERA_COLUMN = "windows"  # the x category of the robustness column


def grid_subtitle(min_base_tiv: float) -> str:
    """What a cell says, for the chart's subtitle (no hover needed: a slide cannot hover)."""
    return (
        f"Each block is one reading. First column: in how many of the source's windows with enough volume "
        f"the claim holds; then its value in each window with the TIV it rests on. ✓ and blue: holds; "
        f"'too little': under {tiv(min_base_tiv)} TIV, too little to judge."
    )


def _column(row: pd.Series) -> str:
    """The x category of a cell (its window)."""
    if row["window_kind"] == SOURCE_ERA:
        return ERA_COLUMN
    return f"{row['window']} (yours)" if row["window_kind"] == PICKED else row["window"]


def _column_header(column: str, era: str) -> str:
    if column == ERA_COLUMN:  # the span is in the hover and the grid's subtitle: two short lines fit
        return "<b>Holds in</b><br>5+ yr windows"
    first, _, last = column.partition(" (yours)")
    return f"<b>{first}</b>" + ("<br>(yours)" if column.endswith("(yours)") else "")


def _column_hover(column: str, era: str, reading: str) -> str:
    if column == ERA_COLUMN:
        return f"{reading}: in how many of the windows of 5+ years {era} with enough volume the claim holds"
    return f"{reading}: the value in {column} and the TIV it rests on"


def _row_label(row: pd.Series) -> str:
    return f"{row['name']} · {claim_label(row)}"


def _header_label(label: str) -> str:
    """A reading's name as the label of its block's header row, wrapped and bold ('(as written)' on a
    line of its own)."""
    name, literal, _ = label.partition(" (as written)")
    lines = [f"<b>{line}</b>" for line in wrap(name, HEADER_LABEL_WIDTH, TICK_SIZE, bold=True)]
    return "<br>".join(lines + (["(as written)"] if literal else []))


def _text(row: pd.Series) -> str:
    """What a cell says: the count of windows, or the value over the TIV it rests on."""
    status = row["status"]
    mark = f"{HOLDS_MARK} " if status == HOLDS else ""
    if row["window_kind"] == SOURCE_ERA:
        if not row["windows_eligible"]:
            return "too little<br>to judge"
        return f"{mark}{row['windows_holding']} of {row['windows_eligible']}"
    base = row["denominator_tiv"]
    if not base > 0:
        return "no deliveries"
    if status == TOO_LITTLE:
        return f"too little<br>({tiv(base)} TIV)"
    if row["unit"] == "percent":
        return f"{mark}{cell_text(row)}<br>of {tiv(base)} TIV"
    return f"{mark}{cell_text(row)}<br>{tiv(row['numerator_tiv'])} TIV"


def _hover(row: pd.Series) -> str:
    head = f"<b>{row['name']}</b>: the report says {claim_label(row)} (fn {row['footnote']}, {row['source']})"
    if row["window_kind"] == SOURCE_ERA:
        short = row["windows_total"] - row["windows_eligible"]
        windows = (
            f"{row['window']}: holds in {row['windows_holding']} of {row['windows_eligible']} windows with "
            f"enough volume ({short} of {row['windows_total']} too little to judge)"
        )
    else:
        windows = f"{row['window']}: {volume_text(row)}"
    return f"{head}<br>{row['reading_label']}<br>{windows}<br>In words: {row['status']}"


def cell_widths(grid: pd.DataFrame) -> dict[str, float]:
    """The widest line of text (px, at the grid's cell size) in each column of a grid: what a column
    must be at least as wide as."""
    widths: dict[str, float] = {}
    for _, row in grid.iterrows():
        column = _column(row)
        lines = _text(row).split("<br>")
        widths[column] = max([widths.get(column, 0.0), *(text_width(line, CELL_SIZE) for line in lines)])
    return widths


@plain_text_in
def build_verdict_grid(
    grid: pd.DataFrame, *, title: str, subtitle: str, source: str, columns: str = "all"
) -> go.Figure:
    """One block per reading (the literal one first), each headed by a row naming the reading and its
    windows; one row per claim (country · claim); one column for the robustness over the source's
    windows, then one per window. Every word is inside the plot or at its left: nothing is drawn
    above the plot area, so a slide's subtitle never meets it. columns='robustness' keeps only the
    first column (a phone).

    `grid` comes from src.analysis.claims.claim_grid (any subset of its claims)."""
    cells = grid.assign(
        column=grid.apply(_column, axis=1),
        row_label=grid.apply(_row_label, axis=1),
        text=grid.apply(_text, axis=1),
        hover=grid.apply(_hover, axis=1),
        z=grid["status"].map(STATUS_VALUE).astype(float),
    )
    if columns == "robustness":
        cells = cells[cells["column"].eq(ERA_COLUMN)]
    readings = list(dict.fromkeys(cells["reading_label"]))
    rows = list(dict.fromkeys(cells["row_label"]))
    order = list(dict.fromkeys(cells["column"]))
    era = (
        str(grid.loc[grid["window_kind"].eq(SOURCE_ERA), "window"].iloc[0]).split(", ")[-1]
        if len(grid)
        else ""
    )
    fig = make_subplots(
        rows=len(readings),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06 / max(len(readings), 1),
        row_heights=[1] * len(readings),
    )
    scale = [[0.0, FAILS_FILL], [0.33, FAILS_FILL], [0.34, TOO_LITTLE_FILL], [0.66, TOO_LITTLE_FILL],
             [0.67, HOLDS_FILL], [1.0, HOLDS_FILL]]  # fmt: skip
    for i, reading in enumerate(readings, start=1):
        part = cells[cells["reading_label"].eq(reading)]
        header = _header_label(reading)

        # Rows × columns of each field (a cell with no value stays None: Plotly draws nothing there).
        where = {(r, c): i for i, (r, c) in enumerate(zip(part["row_label"], part["column"], strict=True))}

        def pivot(field: str, part: pd.DataFrame = part, where: dict = where) -> list[list]:
            values = part[field].tolist()
            return [[values[where[(r, c)]] if (r, c) in where else None for c in order] for r in rows]

        # One trace per block, its header row first: Plotly places a heatmap's text by the trace's own
        # row index, so a second trace on the same axis would write its text one row off.
        fig.add_trace(
            go.Heatmap(
                z=[[STATUS_VALUE[TOO_LITTLE]] * len(order), *pivot("z")],
                x=order,
                y=[header, *rows],
                text=[[_column_header(c, era) for c in order], *pivot("text")],
                customdata=[[_column_hover(c, era, reading) for c in order], *pivot("hover")],
                texttemplate="%{text}",
                textfont=dict(size=CELL_SIZE),
                hovertemplate="%{customdata}<extra></extra>",
                colorscale=scale,
                zmin=0,
                zmax=1,
                showscale=False,
                xgap=2,
                ygap=2,
                name=reading,
            ),
            row=i,
            col=1,
        )
        fig.update_yaxes(autorange="reversed", row=i, col=1)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(tickfont=dict(size=TICK_SIZE), showgrid=False)
    return frame(
        fig,
        title=title,
        subtitle=subtitle,
        source=source,
        plot_height=ROW_HEIGHT * (len(rows) + 1) * len(readings) + 12 * (len(readings) - 1),
        legend_space=0,
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
