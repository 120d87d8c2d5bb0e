"""Figures of the coups page: timeline, map of coup countries, regime-type strip."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from src import geo, palette
from src.figures.common import frame
from src.text import window_label

CLINE_LAST_YEAR = 2022  # Cline CDP 2.1.2 ends here
CLINE_TYPES = {"coup": "realized coup", "attempted": "attempt", "conspiracy": "conspiracy"}
OUTCOME_LABELS = {"successful": "Successful coup", "failed": "Failed attempt"}
LEGEND_LABELS = {"successful": "Successful coups", "failed": "Failed attempts"}
REGIME_LABELS = ["closed autocracy", "electoral autocracy", "electoral democracy", "liberal democracy"]


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b %Y}"


def source_line(pt_version: str) -> str:
    return (
        f"Source: Powell & Thyne, Global Instances of Coups, {pt_version} (reconstructed file; "
        "successful coups and failed attempts); Cline Center Coup d'État Project 2.1.2 (to 2022) for "
        "its dating of the same events; the report, fn 142."
    )


def event_hover(event: pd.Series, report_counts: dict[tuple[str, int], int]) -> str:
    """Date, outcome and dataset version; Cline's dating where it differs; the report's listing."""
    lines = [
        f"<b>{event['name']}</b>, {_day(event['date'])}",
        f"{OUTCOME_LABELS[event['outcome']]} (Powell & Thyne {event['pt_version']})",
    ]
    if pd.notna(event["cline_coup_id"]):
        kind = CLINE_TYPES.get(event["cline_event_type"], event["cline_event_type"])
        gap = int(event["cline_date_difference_days"])
        if gap == 0:
            lines.append(f"Cline 2.1.2: {kind}, same date")
        else:
            unit = "day" if abs(gap) == 1 else "days"
            when = "later" if gap > 0 else "earlier"
            lines.append(
                f"Cline 2.1.2 dates it differently: {_day(event['cline_date'])} "
                f"({abs(gap)} {unit} {when}), as a {kind}"
            )
    elif event["date"].year > CLINE_LAST_YEAR:
        lines.append("Cline 2.1.2: not covered (its data end in 2022)")
    else:
        lines.append("Cline 2.1.2: no matching event recorded")
    if event["in_report"]:
        listed = report_counts.get((event["iso3"], event["year"]), 1)
        note = "Listed by the report (fn 142)"
        if listed > 1:
            note += f"; the report names one coup here in {event['year']}, P&T record {listed}"
        lines.append(note)
    return "<br>".join(lines)


def build_coup_timeline(
    events: pd.DataFrame,
    *,
    years: tuple[int, int],
    show_failed: bool,
    pt_version: str,
    highlight: str | None = None,
) -> go.Figure:
    """x = exact date, y = country (first event at the top); one mark per event."""
    period = window_label(*years)
    order = events.drop_duplicates("iso3")["name"].tolist()  # events come in date order
    listed = events[events["in_report"]]
    report_counts = listed.groupby(["iso3", "year"]).size().to_dict()
    hover = events.apply(event_hover, axis=1, report_counts=report_counts)
    fig = go.Figure()
    for outcome in ("successful", "failed"):
        rows = events[events["outcome"].eq(outcome)]
        if outcome == "failed" and not show_failed:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["date"],
                y=rows["name"],
                mode="markers",
                marker=dict(
                    symbol=palette.OUTCOME_SYMBOLS[outcome],
                    size=13 if outcome == "successful" else 12,
                    color=palette.OUTCOME_COLOURS[outcome],
                    line=dict(width=2.5, color=palette.OUTCOME_COLOURS[outcome]),
                ),
                text=hover.reindex(rows.index),
                customdata=rows["event_id"],
                hovertemplate="%{text}<extra></extra>",
                name=LEGEND_LABELS[outcome],
            )
        )
    if not listed.empty:
        fig.add_trace(
            go.Scatter(
                x=listed["date"],
                y=listed["name"],
                mode="markers",
                marker=dict(symbol="circle-open", size=24, color=palette.HIGHLIGHT, line=dict(width=1.5)),
                hoverinfo="skip",
                name="Listed by the report (fn 142)",
            )
        )
    if highlight and highlight in set(events["iso3"]):
        name = events.loc[events["iso3"].eq(highlight), "name"].iloc[0]
        index = order.index(name)
        fig.add_hrect(
            y0=index - 0.45, y1=index + 0.45, fillcolor="#FFE9A8", opacity=0.6, line_width=0, layer="below"
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title_text=None, automargin=True)
    fig.update_xaxes(
        range=[pd.Timestamp(years[0], 1, 1) - pd.Timedelta(days=20), pd.Timestamp(years[1], 12, 31)],
        title_text=None,
        showgrid=True,
        gridcolor="#EEEEEE",
    )
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    counts = events["outcome"].value_counts()
    tally = f"{counts.get('successful', 0)} successful"
    if show_failed:
        tally += f", {counts.get('failed', 0)} failed"
    return frame(
        fig,
        title=f"Coups in Africa, {period}",
        subtitle=f"Each mark is one event on its exact date ({tally}); "
        + ("failed attempts shown" if show_failed else "failed attempts hidden"),
        source=source_line(pt_version),
        height=max(330, 190 + 34 * len(order)),
        legend_space=30,
        axis_space=30,
    )


def build_coup_map(
    counts: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    mode: str,
    years: tuple[int, int],
    show_failed: bool,
    pt_version: str,
    highlight: str | None = None,
) -> go.Figure:
    """African countries coloured by their number of coup events, or by outcome."""
    period = window_label(*years)
    africa = countries[countries["africa_geographic"] & ~countries["iso3"].str.startswith("OWID_")]
    none = africa[~africa["iso3"].isin(counts["iso3"])]
    fig = go.Figure()

    def hover(row: pd.Series) -> str:
        parts = [f"<b>{row['name']}</b>", f"Successful coups: {row['successful']}"]
        if show_failed:
            parts.append(f"Failed attempts: {row['failed']}")
        return "<br>".join(parts) + f"<br>({period})"

    text = counts.apply(hover, axis=1) if not counts.empty else pd.Series(dtype=str)
    if mode == "count":
        fig.add_trace(
            go.Choropleth(
                locations=counts["iso3"],
                z=counts["events"],
                text=text,
                hovertemplate="%{text}<extra></extra>",
                locationmode="ISO-3",
                colorscale=palette.SHARE_SCALE,
                zmin=0,
                zmax=max(3, int(counts["events"].max()) if not counts.empty else 3),
                colorbar=dict(title=dict(text="Events"), dtick=1, thickness=12, len=0.6),
                marker=dict(line=dict(color=palette.BORDER, width=0.6)),
                name="Coup events",
            )
        )
    else:
        for label, colour in (
            ("at least one successful coup", palette.OUTCOME_COLOURS["successful"]),
            ("failed attempts only", palette.OUTCOME_COLOURS["failed"]),
        ):
            rows = counts[counts["outcome_class"].eq(label)]
            fig.add_trace(
                geo.flat_choropleth(rows["iso3"], colour, label.capitalize(), text.reindex(rows.index))
            )
    no_events = [f"<b>{n}</b><br>No coup events recorded, {period}" for n in none["name"]]
    fig.add_trace(geo.flat_choropleth(none["iso3"], palette.NO_DATA, "No coup events recorded", no_events))
    if highlight and highlight in set(africa["iso3"]):
        fig.add_trace(geo.outline(highlight, "Selected country"))
    geo.style_geo(fig, "africa")
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    what = "successful coups and failed attempts" if show_failed else "successful coups"
    return frame(
        fig,
        title=f"Where the coups happened, {period}",
        subtitle=("Number of " if mode == "count" else "Outcome of ") + f"{what} per country, {period}",
        source=source_line(pt_version),
        height=560,
        legend_space=30,
        narrow=True,
    )


def build_regime_strip(
    strip: pd.DataFrame,
    events: pd.DataFrame,
    *,
    first_year: int,
    last_year: int,
    vdem_version: str,
    highlight: str | None = None,
) -> go.Figure:
    """Each coup country's V-Dem Regimes of the World category by year, with its coups marked."""
    order = events.drop_duplicates("iso3")["name"].tolist()
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
            colorbar=dict(
                title=dict(text="Regime (V-Dem RoW)"),
                tickvals=[0, 1, 2, 3],
                ticktext=REGIME_LABELS,
                thickness=12,
                len=0.9,
            ),
            xgap=2,
            ygap=2,
            name="Regime",
        )
    )
    for outcome in ("successful", "failed"):
        rows = events[events["outcome"].eq(outcome)]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["name"],
                mode="markers",
                marker=dict(
                    symbol=palette.OUTCOME_SYMBOLS[outcome],
                    size=11,
                    color="#FFFFFF" if outcome == "successful" else "#000000",
                    line=dict(width=2, color="#000000"),
                ),
                text=[
                    f"{OUTCOME_LABELS[o]}, {_day(d)}"
                    for o, d in zip(rows["outcome"], rows["date"], strict=True)
                ],
                hovertemplate="<b>%{y}</b>: %{text}<extra></extra>",
                name=OUTCOME_LABELS[outcome] + " (year)",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    fig.update_xaxes(dtick=1, range=[first_year - 0.5, last_year + 0.5], showgrid=False)
    if highlight and highlight in set(events["iso3"]):
        name = events.loc[events["iso3"].eq(highlight), "name"].iloc[0]
        index = order[::-1].index(name)
        fig.add_shape(
            type="rect",
            xref="paper",
            x0=0,
            x1=1,
            y0=index - 0.5,
            y1=index + 0.5,
            line=dict(color=palette.HIGHLIGHT, width=2.5),
            fillcolor="rgba(0,0,0,0)",
        )
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    return frame(
        fig,
        title=f"Regime type of the coup countries, {window_label(first_year, last_year)}",
        subtitle="V-Dem Regimes of the World category each year; marks: the year of each coup event",
        source=f"Source: V-Dem Regimes of the World via Our World in Data ({vdem_version}); "
        "coups: Powell & Thyne.",
        height=max(300, 190 + 32 * len(order)),
        legend_space=40,
        axis_space=30,
        narrow=True,
    )
