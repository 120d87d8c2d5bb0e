"""What every chart carries inside the image: title, subtitle (measure, period) and source line, laid
out for the width the chart is drawn at.

Plotly does not wrap text, and a chart is drawn at many widths: the full page, a column, a phone, a
slide. So the text is wrapped here, in pixels, for a known width: `frame` lays a figure out for the
narrowest width of its class on a desktop window, and `fit` lays it out again for any other width
(a phone, an export). The words are measured with Helvetica/Arial advance widths: the browser draws
Source Sans, which is narrower, and an export draws Liberation Sans, which has Arial's widths, so a
line wrapped here fits in both.
"""

from __future__ import annotations

import json
import math
import pkgutil
import re
import unicodedata
from dataclasses import dataclass
from numbers import Number
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BasePlotlyType

from src.data.text import escape_plotly

# The trace types the figures draw, and the subplot types they never make.
TRACE_TYPES = ("bar", "choropleth", "heatmap", "scatter", "scattergeo")
_NO_SUBPLOTS = ("polar", "scene", "ternary")


def _template() -> go.layout.Template:
    """Plotly's "plotly_white", kept for the trace types the figures draw. Every figure carries its
    template: the whole of plotly_white is 7 KB of each chart's JSON (about 40 %), and building it
    imports the classes of two dozen trace types no figure uses (scatter3d, carpet, table, ...), so it
    is read from Plotly's own file and trimmed before it becomes a Template. What the kept trace
    types and the page's layout look like is unchanged (tests/test_figures.py)."""
    white = json.loads(pkgutil.get_data("plotly", "package_data/templates/plotly_white.json") or b"{}")
    layout = {key: value for key, value in white["layout"].items() if key not in _NO_SUBPLOTS}
    data = {kind: white["data"][kind] for kind in TRACE_TYPES}
    return go.layout.Template(layout=layout, data=data)


# Every figure is built after this module is imported: set the template once as the default, which
# Plotly applies unvalidated when a figure is created, rather than in each update_layout, which
# validates the whole template every time (bench/FINDINGS.md: 28 of frame()'s 46 ms).
TEMPLATE = "dashboard"
pio.templates[TEMPLATE] = _template()
pio.templates.default = TEMPLATE


def _own_template(fig: go.Figure) -> None:
    """Streamlit's Plotly module makes its own template the default when it is imported. A server
    imports Streamlit first; a process that imports this module first (a test, a script) would then
    build figures in Streamlit's theme: the default and this figure's template are put back."""
    if pio.templates.default != TEMPLATE:
        pio.templates.default = TEMPLATE
        fig.layout.template = pio.templates[TEMPLATE]


def relayout(fig: go.Figure, **props: Any) -> go.Figure:
    """fig.update_layout(**props) for plain props and nested dicts (no magic underscores, no lists),
    merged as Plotly merges them, at a fraction of the cost: Plotly replays an update of a figure
    through its batch machinery, 3.7 ms for a title, while assigning the merged value costs 0.2 ms
    (bench/FINDINGS.md). Returns the same figure."""
    for name, value in props.items():
        current = fig.layout[name]
        if isinstance(value, dict) and isinstance(current, BasePlotlyType):
            value = _merged(current.to_plotly_json(), value)
        fig.layout[name] = value
    return fig


def _merged(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in update.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merged(out[key], value) if both else value
    return out


FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE, LEGEND_SIZE, TICK_SIZE = 18, 13, 11, 12, 13
PAD = 12  # px between the figure's edge and its text, left and right
VALUE_AXIS, VALUE_AXIS_TITLE = 64, 24  # px that a y axis of numbers (and its title) may take
TOOLBAR_SPACE = 30  # px above the title kept free for Plotly's toolbar, so it never covers the title
# A legend above the plot is laid out by Plotly as "grouped": each entry (or legend group) takes its
# own width, and the entries wrap like words; each row is an entry's height plus the group gap.
LEGEND_GROUP_GAP = 6
LEGEND_ROW = 22 + LEGEND_GROUP_GAP
LEGEND_SWATCH = 45  # px of a legend entry besides its text: the swatch and the gaps around it


@dataclass(frozen=True)
class Width:
    """The widths (px) a chart of one layout class is drawn at: text is wrapped for the narrowest,
    and a map is sized to fill the widest."""

    narrowest: int
    widest: int


# Measured in Chromium with the sidebar open: a window 1280 px wide draws a full-width chart 820 px
# wide, a 3/5 column 476, a half column 394 and a 2/5 column 312; a window 1600 px wide draws them
# 1140, 668, 554 and 440 px wide. A phone 390 px wide draws every chart 358 px wide.
WIDTHS = {
    "full": Width(800, 1140),
    "wide": Width(460, 668),
    "half": Width(380, 554),
    "narrow": Width(300, 440),
}
PHONE = Width(350, 358)

# Advance widths (thousandths of an em) of Helvetica/Arial for the characters from ' ' to '~'.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
_OTHER = {"–": 556, "—": 1000, "’": 278, "‘": 278, "“": 500, "”": 500, "≥": 549, "→": 1000, "…": 1000}
_TAG = re.compile(r"<[^>]+>")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in px of one line of text (HTML tags ignored), at least as wide as Arial draws it."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in _TAG.sub("", text):
        if " " <= char <= "~":
            total += table[ord(char) - 32]
        elif char in _OTHER:
            total += _OTHER[char]
        else:
            # An accented letter is as wide as its base letter; anything else, as wide as an 'M'.
            base = unicodedata.normalize("NFKD", char)[:1]
            total += table[ord(base) - 32] if " " <= base <= "~" else 833
    return total * size / 1000


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Words of `text` in lines no wider than `width` px (a word wider than that gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _line_height(size: float) -> float:
    return size * 1.3


def _traces_in_legend(fig: go.Figure) -> list[str]:
    """The (first) legend's entries: one per trace shown in it (one per legend group); a trace in
    another legend (`legend="legend2"`, drawn elsewhere) is not one."""
    names, groups = [], set()
    colour_scaled = {"choropleth", "heatmap"}  # Plotly leaves these out of the legend unless asked
    for trace in fig.data:
        shown = trace.showlegend
        if shown is False or (shown is None and trace.type in colour_scaled) or not trace.name:
            continue
        if getattr(trace, "legend", None) not in (None, "legend"):
            continue
        group = getattr(trace, "legendgroup", None)
        if group:
            if group in groups:
                continue
            groups.add(group)
        names.append(str(trace.name))
    return names if len(names) > 1 or any(t.showlegend for t in fig.data) else []


_BREAK = re.compile(r"<br\s*/?>")


def legend_lines(name: str, width: float) -> list[str]:
    """A legend entry's text in lines that fit `width` px with its swatch (one line if it fits)."""
    plain = _BREAK.sub(" ", name)
    if LEGEND_SWATCH + text_width(plain, LEGEND_SIZE) <= width:
        return [plain]
    return wrap(plain, width - LEGEND_SWATCH, LEGEND_SIZE) or [plain]


def _legend_rows_and_lines(fig: go.Figure, width: float) -> tuple[int, int]:
    """(rows, extra lines) of a grouped horizontal legend in `width` px: Plotly gives each entry 45 px
    for its swatch and gaps plus its text, and starts a new row when the next would not fit. An entry
    too long for the width is wrapped (see fit); each of its lines after the first is an extra line."""
    rows, extra, used = 0, 0, 0.0
    for name in _traces_in_legend(fig):
        lines = legend_lines(name, width)
        item = LEGEND_SWATCH + max(text_width(line, LEGEND_SIZE) for line in lines)
        if rows == 0 or (used > 0 and used + item > width):
            rows, used = rows + 1, 0.0
        used += item
        extra += len(lines) - 1
    return rows, extra


def legend_rows(fig: go.Figure, width: float) -> int:
    """How many lines a grouped horizontal legend takes in `width` px: its rows of entries, and each
    line of a wrapped entry after its first."""
    rows, extra = _legend_rows_and_lines(fig, width)
    return rows + extra


def legend_height(fig: go.Figure, width: float) -> float:
    """The px a grouped horizontal legend takes in `width` px: a row of entries is an entry's height
    and the gap between groups; a wrapped entry's further lines are a line of text each (counted as
    whole rows, a phone's legend of long names left a blank band above it as tall as two entries)."""
    rows, extra = _legend_rows_and_lines(fig, width)
    return rows * LEGEND_ROW + extra * _line_height(LEGEND_SIZE)


def _legend_on_top(fig: go.Figure) -> bool:
    legend = fig.layout.legend
    return legend.orientation == "h" and (legend.y is None or legend.y >= 1)


def category_labels_width(fig: go.Figure) -> int:
    """The px the y-axis category labels need at the left of the plot (0 if there are none): the
    left margin is set to it, so the plot's left edge is known and the source line can start at
    the figure's edge, under the title."""
    labels: list[str] = []
    axis = fig.layout.yaxis
    if axis.categoryarray is not None:
        labels += [str(c) for c in axis.categoryarray]
    for trace in fig.data:
        y = getattr(trace, "y", None)
        if trace.type in ("bar", "scatter", "heatmap") and y is not None:
            labels += [v for v in y if isinstance(v, str)]
    lines = [line for label in labels for line in re.split(r"<br\s*/?>", label)]
    return round(max((text_width(line, TICK_SIZE) for line in lines), default=-12) + 12)


def value_axis_width(fig: go.Figure) -> int:
    """The px kept for a y axis of numbers (Plotly sizes it from its tick labels; 0 if there is none,
    or if the y axis holds categories, which category_labels_width measures)."""
    if category_labels_width(fig):
        return 0
    for trace in fig.data:
        y = getattr(trace, "y", None)
        horizontal = getattr(trace, "orientation", None) == "h"
        numbers = y is not None and any(isinstance(v, Number) and not isinstance(v, bool) for v in y)
        if trace.type in ("bar", "scatter") and not horizontal and numbers:
            return VALUE_AXIS + (VALUE_AXIS_TITLE if fig.layout.yaxis.title.text else 0)
    return 0


# How Plotly's automargin sizes a y axis at the left of the plot, measured in Chromium: its tick
# labels' width and 13 px, and for a title its standoff and three quarters of its font size.
TICK_LABEL_GAP = 13
TITLE_DEPTH = 0.75


def left_axes_depth(fig: go.Figure) -> int:
    """The px that the y axes at the left of the plot take, tick labels and titles, as Plotly's
    automargin measures them, from above (0 if none has tick labels to show).

    The left margin is set to at least this. Plotly lays a chart out in its margins as given, then
    widens any margin too narrow for an axis and draws the whole chart again: a figure given room
    enough is drawn once (about half the time, bench/FINDINGS.md). Numbers are estimated by the
    digits of the axis's top (Plotly's largest tick is no longer), tick texts by their widths."""
    depth = 0.0
    for axis in fig.select_yaxes():
        if axis.side == "right" or axis.visible is False or axis.showticklabels is False:
            continue
        size = _tick_size(fig, axis)
        if axis.ticktext:
            labels = [str(text) for text in axis.ticktext]
        elif axis.type == "category" or axis.categoryarray is not None:
            continue  # category labels: category_labels_width
        else:
            top = _axis_top(fig, axis)
            if top is None:
                continue
            labels = [f"{int(top)}" if top >= 10 else "0.0"]  # below 10, ticks may be halves
        width = max(text_width(line, size) for label in labels for line in _BREAK.split(label))
        title = axis.title.text and (axis.title.standoff or 15) + TITLE_DEPTH * (axis.title.font.size or size)
        depth = max(depth, width + TICK_LABEL_GAP + (title or 0))
    return math.ceil(depth)


def last_tick_overflow(fig: go.Figure, width: float, left: float) -> int:
    """The px by which an x axis's last tick label runs past the plot's right edge (0 if none does),
    for a chart `width` px wide with a left margin of `left`: a label centred on a tick half a step
    from the edge (the years of a timeline) sticks out, and Plotly then widens the right margin to
    PAD more than that and draws the chart again. Only axes whose ticks the figure fixes (a range
    and a step, labels level) are measured; others are left to Plotly."""
    overflow = 0.0
    for axis in fig.select_xaxes():
        if axis.visible is False or axis.showticklabels is False or axis.range is None:
            continue
        if (
            not _is_number(axis.dtick)
            or axis.tickangle not in (None, 0)
            or axis.tickformat not in ("d", None)
        ):
            continue
        low, high = (float(end) for end in axis.range)
        start = float(axis.tick0) if _is_number(axis.tick0) else 0.0
        last = start + ((high - start) // float(axis.dtick)) * float(axis.dtick)
        plot = width - left - PAD
        if high <= low or plot <= 0:
            continue
        label = text_width(f"{last:.0f}" if float(last).is_integer() else f"{last:g}", _tick_size(fig, axis))
        overflow = max(overflow, label / 2 - (high - last) / (high - low) * plot)
    return max(0, math.ceil(overflow))


def _tick_size(fig: go.Figure, axis: Any) -> float:
    return float(axis.tickfont.size or fig.layout.font.size or TICK_SIZE)


def _axis_top(fig: go.Figure, axis: Any) -> float | None:
    """The largest absolute value an axis of numbers shows: its range's, or its traces' data (bars
    stacked where the layout stacks them), with room for Plotly's padding; None with no numbers."""
    if axis.range is not None:
        return max(abs(float(end)) for end in axis.range)
    ref = "y" + axis.plotly_name[len("yaxis") :]
    stacked: dict[Any, float] = {}
    top = None
    for trace in fig.data:
        if (getattr(trace, "yaxis", None) or "y") != ref or trace.type not in ("bar", "scatter"):
            continue
        values = [abs(float(v)) for v in (trace.y if trace.y is not None else ()) if _is_number(v)]
        if not values:
            continue
        if trace.type == "bar" and fig.layout.barmode in ("stack", "relative"):
            for x, value in zip(trace.x if trace.x is not None else range(len(values)), values, strict=False):
                stacked[x] = stacked.get(x, 0.0) + value
        else:
            top = max(top or 0.0, *values)
    if stacked:
        top = max(top or 0.0, *stacked.values())
    return None if top is None else top * 1.1


def _is_number(value: Any) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool) and value == value  # not NaN


def frame(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    source: str,
    height: int | None = None,
    legend_space: int | None = None,
    axis_space: int = 0,
    width: str = "full",
    map_aspect: float | None = None,
    plot_height: int | None = None,
    full_source: str | None = None,
) -> go.Figure:
    """Put title, subtitle and source inside the figure, so a screenshot explains itself.

    width: the chart's layout class (a key of WIDTHS): its text is wrapped to fit the narrowest
    width of that class. height: the whole figure's height at that width. For a map, give
    map_aspect (the map's height over its width): the figure is made as tall as the map needs to
    fill the widest width of its class, or `height` if that is less (the map then fills the
    height). legend_space: px reserved above the plot for the legend (by default, as many rows as
    a horizontal legend above the plot needs); axis_space: px below the plot for axis labels or a
    colour bar. plot_height: instead of height, the height of the plot area alone (the text, legend
    and axis space are added to it, at every width). full_source: where the chart shows a short
    source (small charts side by side, their sources in full once under the set), the full line,
    which every export of the chart carries (src.export.figure_texts).
    """
    spec = dict(  # kept in the figure (fit lays it out again), escaped: data text in it stays text
        title=escape_plotly(title),
        subtitle=escape_plotly(subtitle),
        source=escape_plotly(source),
        full_source=escape_plotly(full_source or source),
        legend_space=legend_space,
        axis_space=axis_space,
        map_aspect=map_aspect,
        width=width,
        # The value axis's range as built: fit widens it at a width where bar labels need the room.
        value_range=list(fig.layout.xaxis.range) if fig.layout.xaxis.range else None,
    )
    _own_template(fig)
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    relayout(
        fig,
        meta={**meta, "frame": spec},
        font=dict(family=FONT, size=13, color="#222222"),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
    )
    laid = _text_layout(fig, WIDTHS[width].narrowest)
    # The plot area keeps its height at every width: only the text around it grows or shrinks.
    if plot_height is None and (height or not map_aspect):
        plot_height = max(100, (height or 450) - laid["top"] - laid["bottom"])
    spec["plot_height"] = plot_height
    relayout(fig, meta={**meta, "frame": spec})
    return fit(fig, WIDTHS[width])


def _text_layout(fig: go.Figure, width: float, toolbar: bool = True) -> dict[str, Any]:
    spec = fig.layout.meta["frame"]
    usable = width - 2 * PAD
    title_lines = wrap(spec["title"], usable, TITLE_SIZE, bold=True) or [""]
    subtitle_lines = wrap(spec["subtitle"], usable, SUBTITLE_SIZE) or [""]
    # The source line starts at the figure's edge, except beside a value axis, whose labels Plotly
    # sizes itself: there it starts at the plot's edge, so it is wrapped short of that axis.
    source_lines = wrap(spec["source"], usable - value_axis_width(fig), SOURCE_SIZE)
    # The legend starts at the plot's left edge, right of any axis labels, and wraps at its width.
    drawn = (
        legend_height(fig, usable - category_labels_width(fig) - value_axis_width(fig))
        if _legend_on_top(fig)
        else 0
    )
    legend = round(drawn) + 4 if drawn else 0
    if spec["legend_space"] is not None:
        # A figure that reserves its own room keeps it, unless this width needs more rows (a phone).
        legend = max(spec["legend_space"], legend)
    above = TOOLBAR_SPACE if toolbar else PAD
    top = (
        above
        + _line_height(TITLE_SIZE) * len(title_lines)
        + 18  # Plotly's gap between title and subtitle
        + _line_height(SUBTITLE_SIZE) * len(subtitle_lines)
        + 10
        + legend
    )
    bottom = spec["axis_space"] + 8 + _line_height(SOURCE_SIZE) * len(source_lines)
    # Plain text in, escaped line by line after wrapping: data text in a title or source line
    # cannot add a link or a tag.
    return dict(
        title=[escape_plotly(line) for line in title_lines],
        subtitle=[escape_plotly(line) for line in subtitle_lines],
        source=[escape_plotly(line) for line in source_lines],
        above=above,
        top=round(top),
        bottom=round(bottom),
    )


def is_framed(fig: go.Figure) -> bool:
    """Whether `frame` laid this figure out (so `fit` can lay it out again)."""
    return isinstance(fig.layout.meta, dict) and "frame" in fig.layout.meta


def fit(fig: go.Figure, width: Width | int, *, toolbar: bool = True) -> go.Figure:
    """Lay a framed figure's text out again for a chart drawn `width` px wide (a Width: text for its
    narrowest, a map's height for its widest). toolbar=False drops the space kept for Plotly's
    toolbar (an exported image has none). Returns the same figure."""
    widths = width if isinstance(width, Width) else Width(width, width)
    spec = fig.layout.meta["frame"]
    laid = _text_layout(fig, widths.narrowest, toolbar)
    plot_height = spec["plot_height"]
    if spec["map_aspect"]:
        fill_width = spec["map_aspect"] * (widths.widest - 2 * PAD)
        plot_height = min(plot_height, fill_width) if plot_height else fill_width
    height = round(laid["top"] + plot_height + laid["bottom"])
    labels = category_labels_width(fig)
    if _legend_on_top(fig) and spec["legend_space"] is None:
        # Laid out as legend_rows counts it (a figure that reserves its own legend space keeps its own).
        legend = dict(traceorder="grouped", tracegroupgap=LEGEND_GROUP_GAP, font=dict(size=LEGEND_SIZE))
        relayout(fig, legend=legend)
        for index, trace in enumerate(fig.data):
            if not getattr(trace, "legendgroup", None):
                trace.legendgroup = f"entry {index}"  # grouped, traces with no group would stack
    if _legend_on_top(fig):
        # Plotly does not wrap a legend entry: one longer than the legend's width is broken here.
        room = widths.narrowest - 2 * PAD - labels - value_axis_width(fig)
        for trace in fig.data:
            if (
                trace.name
                and "<br" not in str(trace.name)
                and len(lines := legend_lines(str(trace.name), room)) > 1
            ):
                trace.name = "<br>".join(lines)
    _room_for_bar_labels(fig, spec.get("value_range"), widths.narrowest - 2 * PAD - labels)
    # Margins wide enough for the axes' labels as Plotly sizes them: it would otherwise widen them
    # and draw the whole chart a second time.
    left = max(PAD + labels, left_axes_depth(fig))
    right = PAD + last_tick_overflow(fig, widths.narrowest, left)
    relayout(
        fig,
        height=height,
        margin=dict(t=laid["top"], b=laid["bottom"], l=left, r=right),
        title=dict(
            text=f"<b>{'<br>'.join(laid['title'])}</b>",
            subtitle=dict(text="<br>".join(laid["subtitle"]), font=dict(size=SUBTITLE_SIZE, color="#444444")),
            # From the figure's left edge, not the plot's: axis labels must not push it off the side.
            x=0,
            xanchor="left",
            xref="container",
            pad=dict(l=PAD),
            # Plotly puts the top of a one-line title at y, but the first baseline of a longer one.
            y=1 - (laid["above"] + (0.9 * TITLE_SIZE if len(laid["title"]) > 1 else 3)) / height,
            yanchor="top",
            yref="container",
            font=dict(size=TITLE_SIZE),
        ),
    )
    source = "<br>".join(laid["source"])
    kept = [a for a in fig.layout.annotations if a.name != "source"]
    # One assignment, not Plotly's add_annotation (which costs five times as much).
    fig.layout.annotations = kept + [
        go.layout.Annotation(
            text=source,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xshift=-labels,  # back from the plot's left edge to the figure's, under the title
            yshift=-(laid["bottom"] - 4),
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font=dict(size=SOURCE_SIZE, color="#555555"),
            name="source",
        )
    ]
    return fig


BAR_TEXT_GAP = 8  # px: Plotly's gap between a bar's end and a label outside it, and some slack
BAR_TEXT_SIZE = 13  # px: the figures' font (frame), which a label outside a bar is drawn in


def _room_for_bar_labels(fig: go.Figure, built: list[float] | None, plot_width: float) -> None:
    """Widen the value axis of horizontal bars labelled outside their ends (never narrower than it was
    built) so that every label ends inside the figure, beside a plot `plot_width` px wide: Plotly does
    not wrap or move them, and beyond the figure's edge they are cut. Each bar keeps at least a
    quarter of the plot."""
    labelled = [
        trace
        for trace in fig.data
        if trace.type == "bar" and trace.orientation == "h" and trace.textposition == "outside"
    ]
    if not labelled or not built or not all(isinstance(end, Number) for end in built):
        return
    needed = float(built[1])
    for trace in labelled:
        values, texts = trace.x if trace.x is not None else (), trace.text if trace.text is not None else ()
        if isinstance(texts, str):  # one label for every bar
            texts = [texts] * len(values)
        for value, text in zip(values, texts, strict=False):
            # A label may run into the plot's right margin (PAD), not past the figure's edge.
            room = max(plot_width / 4, plot_width + PAD - BAR_TEXT_GAP - text_width(str(text), BAR_TEXT_SIZE))
            needed = max(needed, float(value) * plot_width / room)
    fig.update_xaxes(range=[built[0], needed])
