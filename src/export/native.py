"""What a deck draws as a native PowerPoint chart: the numbers from the table behind the chart, the
rest (kind, colours, axis titles, the rows drawn) from the figure.

The table is the very frame the chart's CSV is written from (src/export/tables.py), so the deck's
numbers are the CSV's, rounded as the CSV rounds them, and its text is the table's own (not Plotly's
escaped copy). The figure says which builder made it (src/figures/plain.builder_name), and so which
columns hold the categories and the values; its traces give each series its palette colour and
pattern, exactly as the picture draws it. Maps and heatmaps have no native form: chart_data returns
None for them, and the deck shows their picture.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from src.analysis import coups
from src.data.text import pct
from src.figures import palette
from src.figures.coups import LEGEND_LABELS
from src.figures.plain import builder_name

DEFAULT_COLOUR = palette.OTHER_SUPPLIER


@dataclass(frozen=True)
class Series:
    """One series of a category chart: a value per category (None: no value, an empty cell)."""

    name: str
    values: tuple[float | None, ...]
    colour: str  # '#RRGGBB', from the figure (the palette's)
    pattern: str = ""  # Plotly's pattern shape ('/', '\\', 'x', '-', '|', '+', '.'): a hatched fill
    point_colours: tuple[str, ...] = ()  # a colour per category, where the bars differ
    labels: tuple[str, ...] = ()  # the text beside each bar, as the figure prints it


@dataclass(frozen=True)
class CategoryChart:
    """Bars over categories: horizontal ('bar', the first category at the top) or vertical ('column',
    stacked when there are several series). divider: a dotted line after this category (index)."""

    orientation: Literal["bar", "column"]
    categories: tuple[str | int, ...]
    series: tuple[Series, ...]
    value_title: str
    number_format: str = "#,##0.0#"
    divider: int | None = None
    value_max: float | None = None  # the top of the value axis, where the figure fixes it (comparisons)
    note: str = ""  # what the native chart leaves out, said under it on the slide


@dataclass(frozen=True)
class Marks:
    """Dated marks of one kind on a dot timeline: each on its row (1: the top row)."""

    name: str
    dates: tuple[date, ...]
    rows: tuple[int, ...]
    colour: str
    symbol: Literal["circle", "x", "diamond", "ring"]


@dataclass(frozen=True)
class DotTimeline:
    """Events on their exact dates, one row per country (an XY chart: x the date, y the row)."""

    rows: tuple[str, ...]  # row labels, the top row first
    marks: tuple[Marks, ...]
    start: date
    end: date
    note: str = ""


NativeChart = CategoryChart | DotTimeline


def _colour(value: object) -> str:
    """A trace's colour as '#RRGGBB' (the palette's are all hex); anything else is the neutral grey."""
    return (
        value.upper()
        if isinstance(value, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", value)
        else DEFAULT_COLOUR
    )


def _pattern(trace: go.Bar) -> str:
    shape = trace.marker.pattern.shape if trace.marker.pattern is not None else None
    return shape if isinstance(shape, str) else ""


def values(array: object) -> list:
    """A trace's array as a list: Plotly keeps numeric arrays as typed arrays, which a figure read back
    from its dict or JSON holds as {'dtype': ..., 'bdata': base64}."""
    if array is None:
        return []
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return flat.tolist()
    return list(array)


def _number(value: object) -> float | None:
    """A table cell as a chart value: NaN and empty cells are no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return float(value)


def _category(value: object) -> str | int:
    return int(value) if isinstance(value, int | float) and float(value).is_integer() else str(value)


# One recipe per builder of a bar, line or dot chart: (figure, table) -> the native chart.


def _recipients(fig: go.Figure, table: pd.DataFrame) -> CategoryChart:
    """A supplier's recipients ranked: the rows the figure draws (its top N), largest first; beside
    each bar, the share of the recipient's imports, as the figure labels it."""
    bars = fig.data[0]
    rows = table.head(len(values(bars.y)))
    return CategoryChart(
        orientation="bar",
        categories=tuple(str(c) for c in rows["Recipient"]),
        series=(
            Series(
                "TIV received (millions)",
                tuple(_number(v) for v in rows["TIV received (millions)"]),
                _colour(bars.marker.color),
                labels=tuple(pct(v) for v in rows["Share of the recipient's imports (%)"]),
            ),
        ),
        value_title=fig.layout.xaxis.title.text or "TIV (millions)",
        note=f"{len(table) - len(rows)} more recipients in the table (CSV)."
        if len(table) > len(rows)
        else "",
    )


def _suppliers(fig: go.Figure, table: pd.DataFrame) -> CategoryChart:
    """One country's suppliers, largest first, each in its supplier's colour; beside each bar its share."""
    bars = fig.data[0]
    colours = dict(zip(values(bars.y), (_colour(c) for c in values(bars.marker.color)), strict=True))
    names = [str(s) for s in table["Supplier"]]
    return CategoryChart(
        orientation="bar",
        categories=tuple(names),
        series=(
            Series(
                "TIV (millions)",
                tuple(_number(v) for v in table["TIV (millions)"]),
                DEFAULT_COLOUR,
                point_colours=tuple(colours.get(n, DEFAULT_COLOUR) for n in names),
                labels=tuple(pct(v) for v in table["Share of imports (%)"]),
            ),
        ),
        value_title=fig.layout.xaxis.title.text or "TIV (millions)",
    )


def lower_bound(cell: object) -> int:
    """'≥ 38' (at least 38) or '38' -> 38: the report's count, a lower bound where it says 'at least'."""
    match = re.search(r"\d+", str(cell))
    if not match:
        raise ValueError(f"no count in {cell!r}")
    return int(match.group())


def _exercises(fig: go.Figure, table: pd.DataFrame) -> CategoryChart:
    """The report's counts as bars to the lower bound; the label says '≥ 38' as the table does."""
    colour = _colour(fig.data[0].marker.color) if fig.data else DEFAULT_COLOUR
    areas = [f" (in {a})" if isinstance(a, str) and a else "" for a in table["Area"]]
    return CategoryChart(
        orientation="bar",
        categories=tuple(str(o) for o in table["Organization"]),
        series=(
            Series(
                "Exercises (lower bound)",
                tuple(float(lower_bound(c)) for c in table["Exercises"]),
                colour,
                labels=tuple(f"{c}{a}" for c, a in zip(table["Exercises"], areas, strict=True)),
            ),
        ),
        value_title=fig.layout.xaxis.title.text or "Military exercises (lower bound)",
        number_format="0",
    )


TIV_COLUMN = " (TIV)"
TOTAL_COLUMN = "All suppliers (TIV)"


def _bar_styles(fig: go.Figure) -> dict[str, tuple[str, str]]:
    """Each bar trace's (colour, pattern), by trace name and by legend group."""
    styles: dict[str, tuple[str, str]] = {}
    for trace in fig.data:
        if trace.type == "bar":
            style = (_colour(trace.marker.color), _pattern(trace))
            styles.setdefault(str(trace.name), style)
            if trace.legendgroup:
                styles.setdefault(str(trace.legendgroup), style)
    return styles


def _divider(fig: go.Figure, categories: list[int]) -> int | None:
    """The category after which the figure draws a dotted vertical line (the report's source cut-off)."""
    for shape in fig.layout.shapes:
        if (
            shape.type == "line"
            and shape.x0 is not None
            and shape.x0 == shape.x1
            and shape.xref in ("x", None)
        ):
            year = math.floor(float(shape.x0))
            if year in categories:
                return categories.index(year)
    return None


def _supplier_mix(fig: go.Figure, table: pd.DataFrame) -> CategoryChart:
    """Imports by supplier and year, stacked: one series per supplier column of the table (the total
    column is the stack's height, not a series)."""
    styles = _bar_styles(fig)
    years = [int(y) for y in table["Year"]]
    columns = [c for c in table.columns if str(c).endswith(TIV_COLUMN) and c != TOTAL_COLUMN]
    series = []
    for column in columns:
        name = str(column).removesuffix(TIV_COLUMN)
        colour, pattern = styles.get(name, (DEFAULT_COLOUR, ""))
        series.append(Series(name, tuple(_number(v) for v in table[column]), colour, pattern))
    return CategoryChart(
        orientation="column",
        categories=tuple(years),
        series=tuple(series),
        value_title=fig.layout.yaxis.title.text or "TIV",
        divider=_divider(fig, years),
    )


def _spells(years: list[int]) -> str:
    """[2000, 2001, 2002, 2010] -> '2000–2002, 2010'."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _profile_note(fig: go.Figure) -> str:
    """The profile's coup marks and regime strip, in words: a native chart carries only its bars."""
    regimes = [
        f"{t.name} {_spells([int(x) for x in values(t.x)])}"
        for t in fig.data
        if t.type == "bar" and t.yaxis == "y3"
    ]
    coups = [
        f"{t.name} {', '.join(str(math.floor(x)) for x in values(t.x))}"
        for t in fig.data
        if t.type == "scatter" and t.yaxis == "y2" and values(t.x) and t.marker.symbol != "circle-open"
    ]
    return (
        f"Regime type (V-Dem): {'; '.join(regimes) or 'no category'}. "
        f"Coup events: {'; '.join(coups) or 'none'}. (Drawn in the slide picture in the ZIP.)"
    )


def _profile(fig: go.Figure, table: pd.DataFrame) -> CategoryChart | None:
    """A country's arms imports per year, stacked by supplier, over every year of the figure's axis
    (empty cells where the table has no row); the coups and the regime strip said in words."""
    if table.empty:
        return None
    low, high = fig.layout.xaxis.range  # a year Y spans Y - 0.5 to Y + 0.5
    start, end = math.ceil(low), math.floor(high)
    years = list(range(start, end + 1))
    styles = _bar_styles(fig)
    cells = table.groupby(["supplier", "year"], sort=False)["tiv"].sum()
    series = []
    for supplier in dict.fromkeys(table["supplier"]):
        colour, pattern = styles.get(f"supplier:{supplier}", (DEFAULT_COLOUR, ""))
        values = tuple(_number(cells.get((supplier, year))) for year in years)
        series.append(Series(str(supplier), values, colour, pattern))
    return CategoryChart(
        orientation="column",
        categories=tuple(years),
        series=tuple(series),
        value_title=fig.layout.yaxis.title.text or "TIV (millions)",
        # Compared countries share the figure's axis (the largest year of any of them).
        value_max=float(fig.layout.yaxis.range[1]) if fig.layout.yaxis.range else None,
        note=_profile_note(fig),
    )


def _coup_timeline(fig: go.Figure, table: pd.DataFrame) -> DotTimeline:
    """Each event on its date (P&T's, or the Cline Center's for an event only it records), in its
    country's row (rows in the order of each country's first event, as the figure draws them), ringed
    where the report lists it; an event only the Cline Center records as a hollow diamond."""
    rows = list(dict.fromkeys(str(c) for c in table["Country"]))
    row_of = {name: n for n, name in enumerate(rows, start=1)}
    dates = [date.fromisoformat(str(d)) for d in table["Date"]]
    countries = [str(c) for c in table["Country"]]

    def marks(
        mask: list[bool], name: str, colour: str, symbol: Literal["circle", "x", "diamond", "ring"]
    ) -> Marks:
        chosen = [i for i, keep in enumerate(mask) if keep]
        return Marks(
            name, tuple(dates[i] for i in chosen), tuple(row_of[countries[i]] for i in chosen), colour, symbol
        )

    cline_only = coups.RECORDED_BY["cline"]
    outcomes = [
        "cline" if by == cline_only else str(o)
        for o, by in zip(table["Outcome (P&T)"], table["Recorded by"], strict=True)
    ]
    series = [
        marks(
            [o == outcome for o in outcomes], LEGEND_LABELS[outcome], palette.OUTCOME_COLOURS[outcome], symbol
        )
        for outcome, symbol in (("successful", "circle"), ("failed", "x"), ("cline", "diamond"))
        if outcome in outcomes
    ]
    listed = [bool(str(f).strip()) and str(f) != "nan" for f in table["Report footnote"]]
    if any(listed):
        rings = [t.name for t in fig.data if t.type == "scatter" and t.marker.symbol == "circle-open"]
        series.append(marks(listed, rings[0] if rings else "Listed by the report", palette.HIGHLIGHT, "ring"))
    # The figure's axis runs from a little before 1 January of the first year to 31 December of the last.
    first, last = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    start = date((first + pd.Timedelta(days=183)).year, 1, 1)
    return DotTimeline(rows=tuple(rows), marks=tuple(series), start=start, end=last.date())


RECIPES: dict[str, Callable[[go.Figure, pd.DataFrame], NativeChart | None]] = {
    "build_supplier_recipients_bar": _recipients,
    "build_recipient_suppliers_bar": _suppliers,
    "build_exercises_chart": _exercises,
    "build_supplier_mix": _supplier_mix,
    "build_profile_timeline": _profile,
    "build_coup_timeline": _coup_timeline,
}


def chart_data(fig: go.Figure, table: pd.DataFrame | None) -> NativeChart | None:
    """The native chart of a figure, its numbers from `table` (the chart's CSV); None for a chart
    PowerPoint cannot carry (maps, heatmaps) or one with no table."""
    recipe = RECIPES.get(builder_name(fig) or "")
    if recipe is None or table is None:
        return None
    return recipe(fig, table)
