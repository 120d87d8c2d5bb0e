"""The country profile's figure: arms imports by supplier, coup events and regime type on ONE time axis.

One x axis (years; a year Y spans Y - 0.5 to Y + 0.5) and three y axes stacked on it: yearly arms
imports as stacked bars, the coup events on their exact dates, and V-Dem's Regimes of the World category
as a strip. A pure builder: a src.analysis.profile.Timeline in, a go.Figure out.
"""

from __future__ import annotations

import plotly.graph_objects as go

from src.analysis.claims import ROW_LABELS
from src.analysis.mix import OTHER_SUPPLIERS
from src.analysis.profile import Timeline, fractional_year, no_imports_line
from src.data.meta import Meta
from src.data.text import upper_first, window_label
from src.figures import palette
from src.figures.claims import _supplier_styles
from src.figures.common import frame
from src.figures.coups import LEGEND_LABELS, event_hover, listed_label
from src.figures.plain import plain_text_in

# The three panels, bottom to top, as fractions of the plot's height (the y axes' domains).
REGIME_DOMAIN, COUP_DOMAIN, ARMS_DOMAIN = (0.0, 0.09), (0.13, 0.22), (0.29, 1.0)
ARMS_AXIS, COUP_AXIS, REGIME_AXIS = "y", "y2", "y3"
AFTER_ARMS_FILL = "#F2F2F2"
REGIME_LEGEND = "legend2"  # the regime categories' own legend, beneath the strip


# Under each of the small charts compared side by side: their sources are given once, under the set.
COMPARED_SOURCE = "Sources: under these charts."


def source_line(meta: Meta, *timelines: Timeline) -> str:
    """Every dataset drawn, the report by the footnotes of the coups it lists, and where Cline ends;
    for charts compared side by side, once for the set."""
    footnotes = [f for t in timelines if not t.events.empty for f in t.events["report_footnote"].dropna()]
    ids = ["sipri", "powell-thyne", "cline", "vdem-row"] + (["report"] if footnotes else [])
    cline = meta.source("cline")
    note = f"Cline's data end in {cline.coverage[1]}." if cline.coverage else ""
    return meta.source_line(*ids, footnotes=footnotes, note=note)


# Traces are plain dicts: go.Figure validates them once (go.Bar objects would be validated twice).


def _arms_traces(timeline: Timeline, labels: dict[str, str]) -> list[dict]:
    mix = timeline.mix
    suppliers = list(dict.fromkeys(mix.sort_values(["order", "supplier"])["supplier"]))
    suppliers = [s for s in suppliers if s != OTHER_SUPPLIERS] + (
        [OTHER_SUPPLIERS] if OTHER_SUPPLIERS in suppliers else []
    )
    styles = _supplier_styles(suppliers)
    traces = []
    for supplier in suppliers:
        part = mix[mix["supplier"].eq(supplier)]
        label = labels.get(supplier, supplier)
        hover = [
            f"<b>{timeline.name}, {r.year}</b><br>{label}: {r.tiv:,.1f} TIV"
            + (f"<br>{r.detail}" if r.detail else "")
            for r in part.itertuples()
        ]
        traces.append(
            dict(
                type="bar",
                x=part["year"],
                y=part["tiv"],
                name=label,
                legendgroup=f"supplier:{supplier}",
                marker=dict(line=dict(width=0), **styles[supplier]),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                xaxis="x",
                yaxis=ARMS_AXIS,
            )
        )
    return traces


def _coup_traces(timeline: Timeline, meta: Meta) -> list[dict]:
    events = timeline.events
    if events.empty:
        return []
    pt, cline = meta.source("powell-thyne"), meta.source("cline")
    listed = events[events["in_report"]]
    report_counts = listed.groupby(["iso3", "year"]).size().to_dict()
    position = fractional_year(events["date"])
    traces = []
    for outcome in ("successful", "failed"):
        rows = events[events["outcome"].eq(outcome)]
        if rows.empty:
            continue
        colour = palette.OUTCOME_COLOURS[outcome]
        traces.append(
            dict(
                type="scatter",
                x=position[rows.index],
                y=[0] * len(rows),
                mode="markers",
                marker=dict(
                    symbol=palette.OUTCOME_SYMBOLS[outcome],
                    size=13 if outcome == "successful" else 12,
                    color=colour,
                    line=dict(width=2.5, color=colour),
                ),
                text=[event_hover(e, report_counts, pt, cline) for _, e in rows.iterrows()],
                customdata=rows["event_id"],
                hovertemplate="%{text}<extra></extra>",
                name=LEGEND_LABELS[outcome],
                legendgroup=f"coup:{outcome}",
                xaxis="x",
                yaxis=COUP_AXIS,
            )
        )
    if not listed.empty:
        traces.append(
            dict(
                type="scatter",
                x=position[listed.index],
                y=[0] * len(listed),
                mode="markers",
                marker=dict(symbol="circle-open", size=24, color=palette.HIGHLIGHT, line=dict(width=1.5)),
                hoverinfo="skip",
                name=listed_label(listed),
                xaxis="x",
                yaxis=COUP_AXIS,
            )
        )
    return traces


def _regime_traces(timeline: Timeline) -> list[dict]:
    """One bar per year, a full-height cell of the strip, coloured by category (one trace per category,
    so the legend names them)."""
    traces = []
    for category, label in ROW_LABELS.items():
        rows = timeline.regimes[timeline.regimes["regime"].eq(category)]
        if rows.empty:
            continue
        traces.append(
            dict(
                type="bar",
                x=rows["year"],
                y=[1] * len(rows),
                width=1,
                name=upper_first(label),
                legend=REGIME_LEGEND,
                legendgroup=f"regime:{category}",
                marker=dict(color=palette.REGIME_COLOURS[category], line=dict(width=0.5, color="#FFFFFF")),
                hovertemplate=f"<b>{timeline.name}, %{{x}}</b><br>V-Dem RoW: {label}<extra></extra>",
                xaxis="x",
                yaxis=REGIME_AXIS,
            )
        )
    return traces


def _panel_note(text: str, axis: str) -> dict:
    """A line of text in the middle of an empty panel."""
    return dict(
        text=text,
        xref="x domain",
        yref=f"{axis} domain",
        x=0.5,
        y=0.5,
        showarrow=False,
        font=dict(size=12, color="#555555"),
        name="no data",
    )


def legend_lines(timeline: Timeline, compact: bool = False) -> int:
    """Lines the legend above the plot takes: about seven entries fit on a line (four when narrow)."""
    events = timeline.events
    coup_entries = (
        events["outcome"].nunique() + int(bool(events["in_report"].any())) if not events.empty else 0
    )
    return 1 + (timeline.mix["supplier"].nunique() + coup_entries) // (4 if compact else 7)


@plain_text_in
def build_profile_timeline(
    timeline: Timeline,
    *,
    meta: Meta,
    labels: dict[str, str] | None = None,
    tiv_max: float | None = None,
    compact: bool = False,
) -> go.Figure:
    """Arms imports by supplier per year (stacked bars), the coup events on their dates, and the regime
    type as a strip beneath, all on one year axis.

    tiv_max: the top of the TIV axis (a comparison gives every country the same); compact: the smaller
    version a comparison draws side by side (see line_up)."""
    labels = labels or {}
    start, end = timeline.years
    arms_start, arms_end = timeline.arms_years
    traces = [*_arms_traces(timeline, labels), *_coup_traces(timeline, meta), *_regime_traces(timeline)]
    peak = tiv_max if tiv_max is not None else timeline.peak_tiv
    annotations, shapes = [], []
    if timeline.mix.empty:
        annotations.append(
            _panel_note(no_imports_line(timeline.name, window_label(arms_start, arms_end)), "y")
        )
    if timeline.events.empty:
        annotations.append(_panel_note(f"No coup events recorded in {window_label(start, end)}", "y2"))
    if timeline.regimes.empty:
        annotations.append(_panel_note("No V-Dem category for these years", "y3"))
    if end > arms_end:
        after = dict(xref="x", yref="y domain", name="after the arms data")
        shapes.append(
            dict(
                type="rect",
                x0=arms_end + 0.5,
                x1=end + 0.5,
                y0=0,
                y1=1,
                fillcolor=AFTER_ARMS_FILL,
                line_width=0,
                layer="below",
                **after,
            )  # fmt: skip
        )
        annotations.append(
            dict(
                text=f"SIPRI data<br>end in {arms_end}",
                x=(arms_end + end + 1) / 2,
                y=0.98,
                yanchor="top",
                showarrow=False,
                font=dict(size=10, color="#555555"),
                **after,
            )  # fmt: skip
        )
    positions = fractional_year(timeline.events["date"]) if not timeline.events.empty else []
    for position, outcome in zip(positions, timeline.events["outcome"], strict=True):
        # A thin line from the strip to the top of the bars: what came before and after each coup.
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=position,
                x1=position,
                y0=REGIME_DOMAIN[0],
                y1=ARMS_DOMAIN[1],
                line=dict(color=palette.OUTCOME_COLOURS[outcome], width=1, dash="dot"),
                opacity=0.7,
                layer="above",
                name="coup line",
            )  # fmt: skip
        )
    # An empty panel still needs a trace on its axis, or Plotly does not draw the axis at all.
    traces += [
        dict(
            type="scatter", x=[], y=[], xaxis="x", yaxis=axis, showlegend=False, hoverinfo="skip", name="axis"
        )
        for axis in (ARMS_AXIS, COUP_AXIS, REGIME_AXIS)
    ]
    tick_step = 5 if compact else 1
    layout = dict(
        annotations=annotations,
        shapes=shapes,
        barmode="stack",
        bargap=0.15,
        xaxis=dict(
            range=[start - 0.5, end + 0.5],
            dtick=tick_step,
            tickformat="d",
            tickangle=0 if compact else None,  # a full-width chart turns the labels only if they collide
            anchor=REGIME_AXIS,
            showgrid=False,
        ),
        yaxis=dict(
            domain=list(ARMS_DOMAIN),
            title=dict(text="TIV (millions)", font=dict(size=11)),
            range=[0, max(peak, 1.0) * 1.05],
            rangemode="tozero",
            gridcolor="#EEEEEE",
        ),
        yaxis2=dict(
            domain=list(COUP_DOMAIN),
            range=[-1, 1],
            tickvals=[0],
            ticktext=["Coups"],
            showgrid=False,
            zeroline=False,
            fixedrange=True,
        ),
        yaxis3=dict(
            domain=list(REGIME_DOMAIN),
            range=[0, 1],
            tickvals=[0.5],
            ticktext=["Regime"],
            showgrid=False,
            zeroline=False,
            fixedrange=True,
        ),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=11 if compact else 12)),
        **{
            REGIME_LEGEND: dict(
                orientation="h",
                x=0,
                yanchor="top",
                title=dict(text="V-Dem Regimes of the World:"),
                font=dict(size=11 if compact else 12),
            )
        },
    )
    fig = go.Figure(data=traces, layout=layout)  # one validation of everything (update_layout copies)
    legend_rows = legend_lines(timeline, compact)
    height = (600 if compact else 560) + 22 * legend_rows
    period = window_label(start, end)
    title = timeline.name if compact else f"{timeline.name}: arms imports, coups and regime type, {period}"
    subtitle = (
        f"Arms imports by supplier per year (TIV, SIPRI to {arms_end}); coup events on their date; "
        "regime type (V-Dem) beneath"
        if compact
        else f"Bars: major arms delivered each year by supplier (SIPRI trend-indicator values, {arms_start}–"
        f"{arms_end}). Marks and dotted lines: coup events on their exact date (Powell & Thyne; hover for "
        "Cline's dating). Strip: V-Dem Regimes of the World category each year."
    )
    full_source = source_line(meta, timeline)
    frame(
        fig,
        title=title,
        subtitle=subtitle,
        source=COMPARED_SOURCE if compact else full_source,
        full_source=full_source,
        height=height,
        legend_space=22 * legend_rows,
        axis_space=(72 if not compact else 62),
        width="half" if compact else "full",
    )
    # The regime legend sits just below the year labels: its place in the plot's own units.
    plot_height = height - fig.layout.margin.t - fig.layout.margin.b
    fig.layout[REGIME_LEGEND].y = -(44 if not compact else 26) / plot_height
    return fig


def with_plot_height(fig: go.Figure, plot_height: int) -> go.Figure:
    """Make the plot area (the figure less its margins) at least plot_height pixels tall, keeping the
    title where src.figures.common.frame put it: a grid of one or two rows is otherwise all margin."""
    height, margin = fig.layout.height, fig.layout.margin
    missing = plot_height - (height - margin.t - margin.b)
    if missing > 0:
        fig.update_layout(
            height=height + missing, title_y=1 - (1 - fig.layout.title.y) * height / (height + missing)
        )
    return fig


def line_up(figures: list[go.Figure]) -> list[go.Figure]:
    """Figures drawn side by side, given the same margins and plot height (the largest of each), so that
    their axes line up whatever the length of their legends and source lines. Titles keep their distance
    from the top, the regime legend its distance below the plot."""
    if not figures:
        return figures
    top = max(f.layout.margin.t for f in figures)
    bottom = max(f.layout.margin.b for f in figures)
    plot = max(f.layout.height - f.layout.margin.t - f.layout.margin.b for f in figures)
    for fig in figures:
        height, own_plot = fig.layout.height, fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        title_px = (1 - fig.layout.title.y) * height
        fig.update_layout(height=top + plot + bottom, margin=dict(t=top, b=bottom))
        fig.layout.title.y = 1 - title_px / fig.layout.height
        if fig.layout[REGIME_LEGEND].y is not None:
            fig.layout[REGIME_LEGEND].y = fig.layout[REGIME_LEGEND].y * own_plot / plot
        for note in fig.layout.annotations:
            if note.name == "source":  # at the figure's bottom edge, as src.figures.common.frame puts it
                note.yshift = -(bottom - 6)
    return figures
