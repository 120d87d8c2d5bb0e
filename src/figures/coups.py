"""Figures of the coups page: timeline, map of coup countries, regime-type strip."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from src.data.meta import Meta, Source, footnote_refs
from src.data.text import escape_plotly, upper_first, window_label
from src.figures import geo, palette
from src.figures.common import frame
from src.figures.plain import plain_text_in

CLINE_TYPES = {"coup": "realized coup", "attempted": "attempt", "conspiracy": "conspiracy"}
OUTCOME_LABELS = {
    "successful": "Successful coup",
    "failed": "Failed attempt",
    "cline": "Recorded only by the Cline Center",
}
LEGEND_LABELS = {
    "successful": "Successful coups",
    "failed": "Failed attempts",
    "cline": "Only the Cline Center records",
}
# Why Powell & Thyne do not list an event the Cline Center records, as their definition says.
NOT_IN_PT = {
    "conspiracy": "they do not code conspiracies",
    "self-coup": "they do not code self-coups",
}


def _yes(value: object) -> bool:
    """A boolean cell that may be missing (no Cline event): missing reads as no."""
    return bool(value) if pd.notna(value) else False


def kinds(events: pd.DataFrame) -> pd.Series:
    """Each event's mark: P&T's outcome, or 'cline' for an event only the Cline Center records."""
    return events["outcome"].astype(object).where(~events["cline_only"], "cline")


REGIME_LABELS = ["closed autocracy", "electoral autocracy", "electoral democracy", "liberal democracy"]


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b %Y}"


def listed_label(events: pd.DataFrame) -> str:
    """'Listed by the report (fn N)', with the footnotes of the listed events drawn."""
    return f"Listed by the report ({footnote_refs(events['report_footnote'])})"


def source_line(meta: Meta, events: pd.DataFrame) -> str:
    """Powell & Thyne for the events, Cline for its dating, the report by the footnotes of the
    events it lists (none if no listed event is drawn)."""
    footnotes = events["report_footnote"].dropna()
    ids = ("powell-thyne", "cline", "report") if len(footnotes) else ("powell-thyne", "cline")
    cline = meta.source("cline")
    note = f"Cline's data end in {cline.coverage[1]}." if cline.coverage else ""
    return meta.source_line(*ids, footnotes=footnotes, note=note)


def event_hover(
    event: pd.Series, report_counts: dict[tuple[str, int], int], pt: Source, cline: Source
) -> str:
    """Date, outcome and dataset version; Cline's dating where it differs; for an event only Cline
    records, that it is only Cline's and why P&T do not list it; the report's listing (and where the
    report names one coup of several, that it does not say which)."""
    name = f"Cline {escape_plotly(cline.version)}"  # descriptor text: drawn as text
    kind = CLINE_TYPES.get(event["cline_event_type"], event["cline_event_type"])
    if event["cline_only"]:
        self_coup = _yes(event["cline_self_coup"])
        what = f"{kind}, a self-coup" if self_coup else kind
        why = NOT_IN_PT.get("self-coup" if self_coup else event["cline_event_type"], "not in their list")
        return "<br>".join(
            [
                f"<b>{event['name']}</b>, {_day(event['date'])}",
                f"Recorded only by the Cline Center ({name}): {what}",
                f"{escape_plotly(pt.label)}: {why}",
            ]
        )
    lines = [
        f"<b>{event['name']}</b>, {_day(event['date'])}",
        f"{OUTCOME_LABELS[event['outcome']]} ({escape_plotly(pt.label)})",
    ]
    if pd.notna(event["cline_coup_id"]):
        gap = int(event["cline_date_difference_days"])
        if _yes(event["cline_self_coup"]):
            kind += ", a self-coup"
        if gap == 0:
            lines.append(f"{name}: {kind}, same date")
        else:
            unit = "day" if abs(gap) == 1 else "days"
            when = "later" if gap > 0 else "earlier"
            lines.append(
                f"{name} dates it differently: {_day(event['cline_date'])} ({abs(gap)} {unit} {when}), as a {kind}"
            )
    elif cline.coverage and event["date"].year > cline.coverage[1]:
        lines.append(f"{name}: not covered (its data end in {cline.coverage[1]})")
    else:
        lines.append(f"{name}: no matching event recorded")
    if event["in_report"]:
        listed = report_counts.get((event["iso3"], event["year"]), 1)
        note = f"Listed by the report (fn {int(event['report_footnote'])})"
        if listed > 1:
            note = (
                f"The report (fn {int(event['report_footnote'])}) names one coup here in {event['year']}; "
                f"P&T record {listed}, and which one the report means is not said"
            )
        lines.append(note)
    return "<br>".join(lines)


def _outcome_traces(
    events: pd.DataFrame,
    *,
    x: str,
    marker: Callable[[str], dict],
    text: Callable[[pd.DataFrame], list[str]],
    name: Callable[[str], str],
    outcomes: tuple[str, ...] = ("successful", "failed", "cline"),
) -> list[go.Scatter]:
    """One trace of markers per outcome (successful coups, failed attempts, events only the Cline
    Center records), at the event's country row."""
    traces = []
    marks = kinds(events)
    for outcome in outcomes:
        rows = events[marks.eq(outcome)]
        if rows.empty:
            continue
        traces.append(
            go.Scatter(
                x=rows[x],
                y=rows["name"],
                mode="markers",
                marker=marker(outcome),
                text=text(rows),
                customdata=rows["event_id"],
                hovertemplate="%{text}<extra></extra>",
                name=name(outcome),
            )
        )
    return traces


def row_band(order: list[str], name: str, half_height: float) -> tuple[float, float]:
    """The y-extent of one country's row on a category axis whose categories are `order`, first at
    the bottom (as Plotly places category i at y = i)."""
    index = order.index(name)
    return index - half_height, index + half_height


@plain_text_in
def build_coup_timeline(
    events: pd.DataFrame,
    *,
    years: tuple[int, int],
    show_failed: bool,
    meta: Meta,
    highlight: str | None = None,
    show_cline: bool = False,
) -> go.Figure:
    """x = exact date, y = country (first event at the top); one mark per event (an event only the
    Cline Center records: an open diamond of its own colour, on its Cline date)."""
    period = window_label(*years)
    order = events.drop_duplicates("iso3")["name"].tolist()[::-1]  # date order, first event at the top
    listed = events[events["in_report"]]
    report_counts = listed.groupby(["iso3", "year"]).size().to_dict()
    pt, cline = meta.source("powell-thyne"), meta.source("cline")
    hover = events.apply(event_hover, axis=1, report_counts=report_counts, pt=pt, cline=cline)
    fig = go.Figure()
    traces = _outcome_traces(
        events,
        x="date",
        marker=lambda outcome: dict(
            symbol=palette.OUTCOME_SYMBOLS[outcome],
            size=13 if outcome == "successful" else 12,
            color=palette.OUTCOME_COLOURS[outcome],
            line=dict(width=2.5, color=palette.OUTCOME_COLOURS[outcome]),
        ),
        text=lambda rows: hover.reindex(rows.index).tolist(),
        name=LEGEND_LABELS.get,
        outcomes=("successful",) + (("failed",) if show_failed else ()) + (("cline",) if show_cline else ()),
    )
    fig.add_traces(traces)
    named = listed[listed["report_candidates"].le(1)]
    unsure = listed[listed["report_candidates"].gt(1)]
    for rows, dash, label in (
        (named, None, listed_label(named) if not named.empty else ""),
        (unsure, "dot", f"{listed_label(unsure)}: one of these, which is not said"),
    ):
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["date"],
                y=rows["name"],
                mode="markers",
                marker=dict(
                    symbol="circle-open" if dash is None else "square-open",
                    size=24 if dash is None else 22,
                    color=palette.HIGHLIGHT,
                    line=dict(width=1.5),
                ),
                hoverinfo="skip",
                name=label,
            )
        )
    if highlight and highlight in set(events["iso3"]):
        y0, y1 = row_band(order, events.loc[events["iso3"].eq(highlight), "name"].iloc[0], 0.45)
        fig.add_hrect(
            y0=y0, y1=y1, fillcolor="#FFE9A8", opacity=0.6, line_width=0, layer="below", name="highlight"
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order, title_text=None, automargin=True)
    fig.update_xaxes(
        range=[pd.Timestamp(years[0], 1, 1) - pd.Timedelta(days=20), pd.Timestamp(years[1], 12, 31)],
        title_text=None,
        showgrid=True,
        gridcolor="#EEEEEE",
    )
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    counts = kinds(events).value_counts()
    tally = f"{counts.get('successful', 0)} successful"
    if show_failed:
        tally += f", {counts.get('failed', 0)} failed"
    if show_cline:
        tally += f"; {counts.get('cline', 0)} only the Cline Center records"
    return frame(
        fig,
        title=f"Coups in Africa, {period}",
        subtitle=f"Each mark is one event on its exact date ({tally}); "
        + ("failed attempts shown" if show_failed else "failed attempts hidden"),
        source=source_line(meta, events),
        plot_height=max(140, 34 * len(order)),
        axis_space=30,
    )


CLINE_ONLY_LABEL = "Only the Cline Center records an event"


def map_categories(counts: pd.DataFrame, mode: str) -> list[tuple[pd.Series, str, str]]:
    """What the coups map colours, as (rows of `counts` in the category, its legend label, its colour):
    one category per whole number of Powell & Thyne's events from 1 to the largest (mode 'count'), or
    per outcome; a country whose only events are the Cline Center's has a category of its own."""
    cline_only = counts["events"].eq(0)
    if mode == "count":
        largest = int(counts["events"].max()) if not counts.empty else 0
        categories = [
            (counts["events"].eq(n), f"{n} event{'s' if n > 1 else ''}", colour)
            for n, colour in zip(range(1, largest + 1), palette.count_colours(largest), strict=True)
        ]
    else:
        categories = [
            (counts["outcome_class"].eq(label), upper_first(label), palette.OUTCOME_COLOURS[outcome])
            for label, outcome in (
                ("at least one successful coup", "successful"),
                ("failed attempts only", "failed"),
            )
        ]
    return categories + [(cline_only, CLINE_ONLY_LABEL, palette.CLINE_ONLY_FILL)]


def _cline_only_lines(events: pd.DataFrame) -> dict[str, str]:
    """Per country, the events only the Cline Center records, in words with their dates."""
    only = events[events["cline_only"]]
    return {
        iso3: "Only the Cline Center records: "
        + "; ".join(
            f"{CLINE_TYPES.get(t, t)}{', a self-coup' if _yes(a) else ''}, {_day(d)}"
            for t, a, d in zip(rows["cline_event_type"], rows["cline_self_coup"], rows["date"], strict=True)
        )
        for iso3, rows in only.groupby("iso3")
    }


@plain_text_in
def build_coup_map(
    counts: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    mode: str,
    years: tuple[int, int],
    show_failed: bool,
    meta: Meta,
    events: pd.DataFrame,
    highlight: str | None = None,
    show_cline: bool = False,
) -> go.Figure:
    """African countries coloured by their number of Powell & Thyne's coup events (one colour per
    count, counts being whole numbers), or by outcome; a country whose only events are the Cline
    Center's in a colour of its own; small states drawn as markers in the colour of their category.
    `events` are the events counted (for the source line's footnotes and the hover's Cline events)."""
    period = window_label(*years)
    africa = countries[countries["africa_geographic"] & ~countries["iso3"].str.startswith("OWID_")]
    none = africa[~africa["iso3"].isin(counts["iso3"])]
    cline_lines = _cline_only_lines(events)
    fig = go.Figure()

    def hover(row: pd.Series) -> str:
        parts = [f"<b>{row['name']}</b>", f"Successful coups (P&T): {row['successful']}"]
        if show_failed:
            parts.append(f"Failed attempts (P&T): {row['failed']}")
        if row["iso3"] in cline_lines:
            parts.append(cline_lines[row["iso3"]])
        return "<br>".join(parts) + f"<br>({period})"

    text = counts.apply(hover, axis=1) if not counts.empty else pd.Series(dtype=str)
    hover_by_code = dict(zip(counts["iso3"], text, strict=True))
    colour_by_code: dict[str, str] = {}
    for selected, label, colour in map_categories(counts, mode):
        rows = counts[selected]
        if rows.empty:
            continue
        colour_by_code.update(dict.fromkeys(rows["iso3"], colour))
        fig.add_trace(geo.flat_choropleth(rows["iso3"], colour, label, text.reindex(rows.index)))
    nothing = (
        "No event in either list"
        if show_cline
        else "No event in Powell & Thyne's list (events only the Cline Center records are hidden)"
    )
    no_events = [f"<b>{n}</b><br>{nothing}, {period}" for n in none["name"]]
    hover_by_code.update(zip(none["iso3"], no_events, strict=True))
    fig.add_trace(geo.flat_choropleth(none["iso3"], palette.NO_DATA, "No coup events recorded", no_events))
    small = geo.small_state_points(countries, africa["iso3"])
    fig.add_trace(
        go.Scattergeo(
            lat=small["lat"],
            lon=small["lon"],
            customdata=small["iso3"],
            text=[hover_by_code.get(c, c) for c in small["iso3"]],
            hovertemplate="%{text}<extra>small state</extra>",
            mode="markers",
            marker=dict(
                symbol="diamond",
                size=11,
                color=[colour_by_code.get(c, palette.NO_DATA) for c in small["iso3"]],
                line=dict(color="#333333", width=1),
            ),
            name="Small state (drawn as a marker)",
        )
    )
    if highlight and highlight in set(africa["iso3"]):
        fig.add_traces(geo.outline(highlight, f"Selected: {africa.set_index('iso3').loc[highlight, 'name']}"))
    geo.style_geo(fig, "africa")
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    what = "successful coups and failed attempts" if show_failed else "successful coups"
    subtitle = (
        "Number of " if mode == "count" else "Outcome of "
    ) + f"Powell & Thyne's {what} per country, {period}"
    if counts["cline_only"].any():
        subtitle += "; pale purple: only the Cline Center records an event"
    return frame(
        fig,
        title=f"Where the coups happened, {period}",
        subtitle=subtitle,
        source=source_line(meta, events),
        width="half",
        map_aspect=geo.scope_aspect("africa"),
    )


@plain_text_in
def build_regime_strip(
    strip: pd.DataFrame,
    events: pd.DataFrame,
    *,
    first_year: int,
    last_year: int,
    meta: Meta,
    highlight: str | None = None,
) -> go.Figure:
    """Each coup country's V-Dem Regimes of the World category by year, with its coups marked."""
    order = events.drop_duplicates("iso3")["name"].tolist()[::-1]  # as on the timeline
    fig = go.Figure(
        go.Heatmap(
            x=strip["year"],
            y=strip["name"],
            z=strip["regime"],
            zmin=-0.5,
            zmax=3.5,
            colorscale=[[i / 4 + d, c] for i, c in enumerate(palette.REGIME_COLOURS) for d in (0, 0.25)],
            text=strip["regime_label"],
            hovertemplate="<b>%{y}</b>, %{x}: %{text}<extra>V-Dem RoW</extra>",
            # One legend entry per category (below) instead of a colour bar: a bar with four long
            # labels beside a half-width chart would squeeze the strip to nothing.
            showscale=False,
            xgap=2,
            ygap=2,
            name="Regime",
        )
    )
    for label, colour in zip(REGIME_LABELS, palette.REGIME_COLOURS, strict=True):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(symbol="square", size=13, color=colour),
                name=upper_first(label),
                hoverinfo="skip",
            )
        )
    fig.add_traces(
        _outcome_traces(
            events,
            x="year",
            marker=lambda outcome: dict(
                symbol=palette.OUTCOME_SYMBOLS[outcome],
                size=11,
                color="#FFFFFF" if outcome == "successful" else "#000000",
                line=dict(width=2, color="#000000"),
            ),
            text=lambda rows: [
                f"<b>{n}</b>: {OUTCOME_LABELS[o]}, {_day(d)}"
                for n, o, d in zip(rows["name"], kinds(rows), rows["date"], strict=True)
            ],
            name=lambda outcome: OUTCOME_LABELS[outcome] + " (year)",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=order, automargin=True)
    # Every year labelled only where a half-width strip has room for it (on a phone, too).
    step = 1 if last_year - first_year < 6 else 2
    fig.update_xaxes(dtick=step, tickangle=0, range=[first_year - 0.5, last_year + 0.5], showgrid=False)
    if highlight and highlight in set(events["iso3"]):
        y0, y1 = row_band(order, events.loc[events["iso3"].eq(highlight), "name"].iloc[0], 0.5)
        fig.add_shape(
            type="rect",
            xref="paper",
            x0=0,
            x1=1,
            y0=y0,
            y1=y1,
            line=dict(color=palette.HIGHLIGHT, width=2.5),
            fillcolor="rgba(0,0,0,0)",
            name="highlight",
        )
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    return frame(
        fig,
        title=f"Regime type of the coup countries, {window_label(first_year, last_year)}",
        subtitle="V-Dem Regimes of the World category each year; marks: the year of each coup event",
        source=meta.source_line(
            "vdem-row", "powell-thyne", *(("cline",) if events["cline_only"].any() else ())
        ),
        plot_height=max(120, 30 * len(order)),
        axis_space=30,
        width="half",
    )
