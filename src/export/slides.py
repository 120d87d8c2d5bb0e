"""The 16:9 slide: the figure laid out at 1600 x 900 with its title, subtitle, filters, source, link
and date inside the image."""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go

from src.export.provenance import Provenance, plain
from src.figures import geo
from src.figures.common import text_width, wrap

SLIDE_WIDTH, SLIDE_HEIGHT = geo.EXPORT_WIDTH, geo.EXPORT_HEIGHT


FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
TEXT = "#222222"
MUTED = "#555555"
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE, FOOTER_SIZE = 30, 18, 14, 13
BODY_SIZE, LEGEND_SIZE = 16, 15
SIDE_MARGIN = 40
# Text lines are measured as the charts' own text is (src.figures.common.text_width): the slide's
# width less its margins, with a little room for the renderer's font differing from the estimate.
LINE_WIDTH = SLIDE_WIDTH - 2 * SIDE_MARGIN - 20


def _wrap(text: str, size: float, bold: bool = False) -> list[str]:
    """Lines no wider than the slide allows at this font size, each escaped for Plotly's pseudo-HTML
    ('<', '&')."""
    return [html.escape(line, quote=False) for line in wrap(text, LINE_WIDTH, size, bold)] if text else []


def _wrap_link(link: str, size: float) -> list[str]:
    """A long URL breaks after '&' or '?', never inside a value."""
    lines: list[str] = []
    for piece in re.split(r"(?<=[?&])", link):
        if lines and text_width(lines[-1] + piece, size) <= LINE_WIDTH:
            lines[-1] += piece
        else:
            lines.append(piece)
    return [html.escape(line, quote=False) for line in lines]


def _line_height(size: int) -> float:
    return size * 1.32


def _legend_rows(fig: go.Figure) -> int:
    """Rows a horizontal legend takes at the slide's width (entries laid out left to right)."""
    names = [
        plain(t.name)
        for t in fig.data
        if t.showlegend is not False
        and t.name
        and (t.showlegend or t.type not in ("choropleth", "heatmap"))
        and (t.legendgroup is None or t.showlegend)
    ]
    widths = [len(n) * LEGEND_SIZE * 0.52 + 50 for n in names]
    rows, used = 1, 0.0
    for width in widths:
        if used + width > SLIDE_WIDTH - 2 * SIDE_MARGIN and used:
            rows, used = rows + 1, 0.0
        used += width
    return rows


def _space_above_plot(fig: go.Figure) -> float:
    """Room between the subtitle and the plot for a horizontal legend placed on top of it."""
    legend = fig.layout.legend
    if fig.layout.showlegend is False or legend.orientation != "h" or (legend.y or 0) < 1:
        return 12
    return 14 + _line_height(LEGEND_SIZE) * _legend_rows(fig) + 6


def _space_below_plot(fig: go.Figure) -> float:
    """Room under the plot for what the builders put there: a horizontal colour bar, x-axis labels."""
    space = 10.0
    colourbars = [
        getattr(t, "colorbar", None) or getattr(getattr(t, "marker", None), "colorbar", None)
        for t in fig.data
    ]
    if any(c is not None and c.orientation == "h" and (c.y is None or c.y <= 0) for c in colourbars):
        space = max(space, 122)
    cartesian = any(t.type in ("bar", "scatter", "heatmap", "box", "histogram") for t in fig.data)
    if cartesian:
        has_title = bool(fig.layout.xaxis.title.text)
        space = max(space, 34 + (34 if has_title else 0))
    return space


def _category_labels(fig: go.Figure) -> list[str]:
    """Tick labels of categorical y axes (country or supplier names), which set the left margin."""
    labels: list[str] = []
    for t in fig.data:
        if t.type in ("bar", "scatter", "heatmap") and t.y is not None and len(t.y):
            labels += [str(v) for v in t.y if isinstance(v, str)]
    return labels


def _left_margin(fig: go.Figure) -> float:
    labels = _category_labels(fig)
    widest = max((text_width(label, BODY_SIZE) for label in labels), default=0)
    return max(SIDE_MARGIN, (fig.layout.margin.l or 0), SIDE_MARGIN + widest + 12 if labels else 0)


def _right_margin(fig: go.Figure) -> float:
    """Room for a legend drawn beside the plot, at the slide's legend size."""
    legend, right = fig.layout.legend, max(SIDE_MARGIN, fig.layout.margin.r or 0)
    if fig.layout.showlegend is not False and legend.orientation != "h" and (legend.x or 0) >= 1:
        names = [plain(t.name) for t in fig.data if t.name and t.showlegend is not False]
        right = max(right, max((text_width(n, LEGEND_SIZE) for n in names), default=0) + 70)
    return right


def slide_figure(fig: go.Figure, provenance: Provenance) -> go.Figure:
    """A copy of `fig` laid out as a 16:9 slide of SLIDE_WIDTH × SLIDE_HEIGHT pixels.

    From the top: the title; the subtitle (measure and period) with the active filters in words
    (in `layout.title.subtitle`); the plot; the source line; the link that restores the view and the
    date of export. The figure's own title, subtitle and source line are replaced by the
    provenance's. Fonts are sized for a slide; the margins grow with the wrapped text, so nothing
    is clipped. `fig` itself is not changed.
    """
    slide = go.Figure(fig.to_dict())
    title_lines = _wrap(provenance.title, TITLE_SIZE, bold=True) or [""]
    subtitle_lines = _wrap(provenance.subtitle, SUBTITLE_SIZE)
    if provenance.filters:
        subtitle_lines += _wrap(provenance.filters_text, SUBTITLE_SIZE)
    source_lines = _wrap(provenance.source, SOURCE_SIZE)
    footer_lines = _wrap_link(f"Link to this view: {provenance.link}", FOOTER_SIZE)
    footer_lines[-1] += f"   ·   Exported {provenance.exported_text}"

    title_top = 26
    title_height = _line_height(TITLE_SIZE) * len(title_lines)
    subtitle_height = _line_height(SUBTITLE_SIZE) * len(subtitle_lines) + (8 if subtitle_lines else 0)
    top = title_top + title_height + subtitle_height + _space_above_plot(slide)
    below = _space_below_plot(slide)
    source_height = _line_height(SOURCE_SIZE) * len(source_lines)
    footer_height = _line_height(FOOTER_SIZE) * len(footer_lines)
    bottom = below + source_height + 8 + footer_height + 18

    left = _left_margin(slide)
    slide.update_layout(
        width=SLIDE_WIDTH,
        height=SLIDE_HEIGHT,
        autosize=False,
        font=dict(family=FONT, size=BODY_SIZE, color=TEXT),
        margin=dict(
            t=top,
            b=bottom,
            l=left,
            r=_right_margin(slide),
            autoexpand=True,
        ),
        legend_font_size=LEGEND_SIZE,
        title=dict(
            text=f"<b>{'<br>'.join(title_lines)}</b>",
            subtitle=dict(text="<br>".join(subtitle_lines), font=dict(size=SUBTITLE_SIZE, color="#444444")),
            x=0,
            xanchor="left",
            xref="container",
            pad=dict(l=SIDE_MARGIN, t=0, b=0, r=0),
            y=1 - title_top / SLIDE_HEIGHT,
            yanchor="top",
            yref="container",
            font=dict(size=TITLE_SIZE, color=TEXT),
            automargin=False,
        ),
    )
    if _category_labels(slide):
        slide.update_yaxes(ticklabelstandoff=8)
    for trace in slide.data:
        # Labels drawn in the plot (bar values, map labels) at the slide's scale too.
        if getattr(trace, "textfont", None) is not None and trace.textfont.size is not None:
            trace.textfont.size = round(trace.textfont.size * 1.2)
    slide.layout.annotations = [a for a in slide.layout.annotations if a.name != "source"]
    # Annotations can only be placed relative to the plot: shift them back to the slide's margin.
    common = dict(xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", align="left")
    common.update(showarrow=False, xshift=-(left - SIDE_MARGIN))
    slide.add_annotation(
        text="<br>".join(source_lines),
        yshift=-below,
        font=dict(size=SOURCE_SIZE, color=MUTED),
        name="source",
        **common,
    )
    slide.add_annotation(
        text="<br>".join(footer_lines),
        yshift=-(below + source_height + 8),
        font=dict(size=FOOTER_SIZE, color=MUTED),
        name="provenance",
        **common,
    )
    return slide
