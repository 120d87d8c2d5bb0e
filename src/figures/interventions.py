"""Figure of the interventions page: actor → target relations on a world map."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from src import geo, palette
from src.figures.common import frame
from src.meta import Meta


def relation_points(relations: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Add origin and destination points: the actor's state (or its sponsor's), and the target
    country (or the centre of the target region). Actors tied to no state get no origin."""
    ct = geo.centroids()
    africa = countries.loc[countries["africa_geographic"], "iso3"]
    africa_points = [ct[c] for c in africa if c in ct]
    region_point = {
        "Africa": (
            sum(p[0] for p in africa_points) / len(africa_points),
            sum(p[1] for p in africa_points) / len(africa_points),
        )
    }
    out = relations.copy()
    origin = out["actor_iso3"].fillna(out["sponsor_iso3"])
    out["origin_iso3"] = origin
    out["origin_lon"] = origin.map(lambda c: ct[c][0] if isinstance(c, str) and c in ct else None)
    out["origin_lat"] = origin.map(lambda c: ct[c][1] if isinstance(c, str) and c in ct else None)
    dest = [
        ct.get(t) if isinstance(t, str) else region_point.get(r)
        for t, r in zip(out["target_iso3"], out["target_region"], strict=True)
    ]
    out["target_lon"] = [d[0] if d else None for d in dest]
    out["target_lat"] = [d[1] if d else None for d in dest]
    return out


def build_interventions_map(
    relations: pd.DataFrame, countries: pd.DataFrame, *, meta: Meta, highlight: str | None = None
) -> go.Figure:
    """Lines from actor to target, coloured by kind of actor; targets shaded and labelled."""
    names = countries.set_index("iso3")["name"]
    rows = relation_points(relations, countries)
    rows["target_label"] = [
        names.get(t, t) if isinstance(t, str) else f"{r} (continent-wide)"
        for t, r in zip(rows["target_iso3"], rows["target_region"], strict=True)
    ]
    rows["hover"] = [
        f"<b>{r.actor_name} → {r.target_label}</b><br>{r.actor_kind.capitalize()}; {r.support_kind}"
        + (f"<br>From {int(r.start_year)}" if pd.notna(r.start_year) else "<br>Start year not stated")
        + f"<br>Report fn {r.footnote}"
        + (
            f" (also fn {r.related_footnotes.replace(';', ', ')})"
            if isinstance(r.related_footnotes, str)
            else ""
        )
        for r in rows.itertuples()
    ]
    fig = go.Figure()
    targets = rows[rows["target_iso3"].notna()]
    fig.add_trace(
        geo.flat_choropleth(
            targets["target_iso3"].unique(), palette.TARGET, "Target country", hoverinfo="skip"
        )
    )
    shown_kinds: set[str] = set()
    for r in rows.itertuples():
        colour = palette.ACTOR_KIND_COLOURS[r.actor_kind]
        first = r.actor_kind not in shown_kinds
        shown_kinds.add(r.actor_kind)
        if pd.notna(r.origin_lon) and pd.notna(r.target_lon):
            fig.add_trace(
                go.Scattergeo(
                    lon=[r.origin_lon, r.target_lon],
                    lat=[r.origin_lat, r.target_lat],
                    mode="lines",
                    line=dict(width=2.5, color=colour),
                    hoverinfo="text",
                    text=r.hover,
                    name=r.actor_kind.capitalize(),
                    legendgroup=r.actor_kind,
                    showlegend=first,
                )
            )
            fig.add_trace(
                go.Scattergeo(
                    lon=[r.origin_lon],
                    lat=[r.origin_lat],
                    mode="markers",
                    marker=dict(size=9, color=colour, symbol="circle"),
                    hoverinfo="text",
                    text=f"<b>{r.actor_name}</b> ({r.actor_kind})",
                    legendgroup=r.actor_kind,
                    showlegend=False,
                    name=f"{r.actor} origin",
                )
            )
        fig.add_trace(
            go.Scattergeo(
                lon=[r.target_lon],
                lat=[r.target_lat],
                mode="markers",
                marker=dict(
                    size=13, color=colour, symbol="triangle-down", line=dict(color="#FFFFFF", width=1)
                ),
                hoverinfo="text",
                text=r.hover,
                legendgroup=r.actor_kind,
                showlegend=first and pd.isna(r.origin_lon),
                name=r.actor_kind.capitalize(),
            )
        )
    labels = rows.groupby("target_label", sort=False).agg(
        lon=("target_lon", "first"), lat=("target_lat", "first"), actors=("actor", lambda a: ", ".join(a))
    )
    fig.add_trace(
        go.Scattergeo(
            lon=labels["lon"],
            lat=labels["lat"],
            mode="text",
            text=[f"{t}: {a}" for t, a in zip(labels.index, labels["actors"], strict=True)],
            textposition="bottom center",
            textfont=dict(size=12, color="#222222"),
            hoverinfo="skip",
            showlegend=False,
            name="labels",
        )
    )
    if highlight and highlight in set(rows["target_iso3"].dropna()) | set(rows["origin_iso3"].dropna()):
        fig.add_trace(geo.outline(highlight, f"Selected: {names.get(highlight, highlight)}"))
    geo.style_geo(fig, "world")
    fig.update_geos(lonaxis_range=[-30, 150], lataxis_range=[-40, 75])
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    return frame(
        fig,
        title="Who intervenes for whom: interventions and security assistance in the report",
        subtitle="Lines run from the acting state (for the Wagner Group, Russia) to the target; "
        "regional organizations are marked at the country where they deployed",
        source=meta.source_line(
            "report",
            footnotes=rows["footnote"],
            note="Relations as the report describes them; start years only where it states one.",
        ),
        height=640,
        legend_space=30,
    )
