"""What every chart carries inside the image: title, subtitle (measure, period) and source line."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from src.text import escape_plotly

FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
SOURCE_WRAP = 120  # characters per source line before it wraps
SUBTITLE_WRAP = 95
TITLE_WRAP = 75


def frame(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    source: str,
    height: int,
    legend_space: int = 0,
    axis_space: int = 0,
    narrow: bool = False,
) -> go.Figure:
    """Put title, subtitle and source inside the figure, so a screenshot explains itself.

    Subtitle and source wrap, and the margins grow to fit them: a chart rendered narrow (in a
    column, or exported) still shows every word. legend_space and axis_space reserve room above
    the plot for a horizontal legend and below it for axis labels. narrow: the chart is drawn
    in a half-width column, so every line wraps sooner.
    """
    scale = 0.45 if narrow else 1.0
    # Plain text in, escaped line by line: data text in a title or source line cannot add a link.
    title_lines = [escape_plotly(line) for line in textwrap.wrap(title, int(TITLE_WRAP * scale))] or [""]
    subtitle_lines = [
        escape_plotly(line) for line in textwrap.wrap(subtitle, int(SUBTITLE_WRAP * scale))
    ] or [""]
    source_lines = [escape_plotly(line) for line in textwrap.wrap(source, int(SOURCE_WRAP * scale))]
    top = 24 + 22 * len(title_lines) + 18 * len(subtitle_lines) + legend_space
    bottom = axis_space + 14 + 15 * len(source_lines)
    fig.update_layout(
        template="plotly_white",
        font=dict(family=FONT, size=13, color="#222222"),
        height=height,
        margin=dict(t=top, b=bottom, l=12, r=12),
        title=dict(
            text=f"<b>{'<br>'.join(title_lines)}</b>",
            subtitle=dict(text="<br>".join(subtitle_lines), font=dict(size=13, color="#444444")),
            # From the figure's left edge, not the plot's: axis labels must not push it off the side.
            x=0,
            xanchor="left",
            xref="container",
            pad=dict(l=12),
            y=1 - 14 / height,
            yanchor="top",
            font=dict(size=18),
        ),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
    )
    fig.add_annotation(
        text="<br>".join(source_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(bottom - 6),
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font=dict(size=11, color="#555555"),
        name="source",
    )
    return fig
