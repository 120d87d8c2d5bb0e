"""Figure of the interventions page: actor → target relations on a map of the region they span."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from src.analysis.interventions import FILTERS, inferred_line, inferred_text, start_text
from src.data.meta import Meta
from src.data.text import lower_first, upper_first
from src.figures import geo, palette
from src.figures.common import frame
from src.figures.plain import plain_text_in

PROJECTION = "miller"  # straight edges: a regional map cut from the world shows no curved seam
PADDING = {"west": 14, "east": 14, "south": 9, "north": 6}  # degrees around the points, room for labels
HEIGHT = 880  # at most: a desktop chart is this tall, and its map fills 80 % of that height
EDGE_ROOM = 30  # degrees of longitude a label needs on its side of a point
LABEL_GAP = 0.8  # degrees between a country's outline and its label
LABEL_ROOM = 7  # degrees of latitude a two-line label needs beyond its anchor


def relation_points(relations: pd.DataFrame) -> pd.DataFrame:
    """Add the line's two ends: its start at the point the table states for it (origin_lat/lon: the
    acting state's capital, or the capital of the state the actor acts for, origin_basis says
    which), and the target country's label point. An actor with no stated start (a regional
    organization) gets none; a target region (a whole continent) gets no point, since no one spot
    stands for it."""
    ct = geo.centroids()
    out = relations.copy()
    out["origin_iso3"] = out["actor_iso3"].fillna(out["sponsor_iso3"])
    out["origin_lon"] = pd.to_numeric(out["origin_lon"]).astype(object).where(out["origin_lon"].notna(), None)
    out["origin_lat"] = pd.to_numeric(out["origin_lat"]).astype(object).where(out["origin_lat"].notna(), None)
    out["target_lon"] = out["target_iso3"].map(lambda c: ct[c][0] if isinstance(c, str) and c in ct else None)
    out["target_lat"] = out["target_iso3"].map(lambda c: ct[c][1] if isinstance(c, str) and c in ct else None)
    return out


def label_anchor(iso3: str, where: tuple[float, float], vertical: str) -> tuple[float, float]:
    """Where a target's label is anchored: just outside its country's outline, below it (or above
    it), so the text never covers the outline; the label point itself if the shape is unknown."""
    box = geo.bounds().get(iso3)
    if box is None:
        return where
    west, south, east, north = box
    return (where[0], south - LABEL_GAP) if vertical == "bottom" else (where[0], north + LABEL_GAP)


def label_position(
    target: tuple[float, float], origins: Sequence[tuple[float, float]], lon_range: tuple[float, float]
) -> str:
    """Where a label goes: on the side away from the lines that arrive at its point (below it if none
    arrive), and never toward the map's edge when the point is near it (the text would be cut)."""
    dx = sum(o[0] - target[0] for o in origins) / len(origins) if origins else 0.0
    dy = sum(o[1] - target[1] for o in origins) / len(origins) if origins else 1.0
    vertical = "bottom" if dy >= 0 else "top"
    horizontal = "center" if abs(dx) < abs(dy) * 0.5 else ("left" if dx > 0 else "right")
    room_west, room_east = target[0] - lon_range[0], lon_range[1] - target[0]
    if room_east < EDGE_ROOM:
        horizontal = "left"
    elif room_west < EDGE_ROOM:
        horizontal = "right" if horizontal == "right" else "center"
    if horizontal == "center" and min(room_west, room_east) < EDGE_ROOM / 2:
        horizontal = "left" if room_east < room_west else "right"
    return f"{vertical} {horizontal}"


def filters_in_words(filters: Mapping[str, Sequence[str]], names: Mapping[str, str]) -> str:
    """'Actor: Wagner Group; target country: Mali' for the filters set; '' when none is."""
    parts = []
    for key, (label, _) in FILTERS.items():
        chosen = list(filters.get(key, ()))
        if chosen:
            shown = [names.get(c, c) for c in chosen] if key == "target" else chosen
            parts.append(f"{lower_first(label) if parts else label}: {', '.join(shown)}")
    return "; ".join(parts)


def map_ranges(rows: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """The lon/lat box around every line's two ends and every target country's whole outline,
    with room for labels: the region the relations span, nothing cut."""
    boxes = [geo.bounds()[c] for c in rows["target_iso3"].dropna().unique() if c in geo.bounds()]
    lons = pd.concat(
        [rows["origin_lon"], rows["target_lon"], pd.Series([b[i] for b in boxes for i in (0, 2)])]
    )
    lats = pd.concat(
        [rows["origin_lat"], rows["target_lat"], pd.Series([b[i] for b in boxes for i in (1, 3)])]
    )
    lons, lats = lons.dropna().astype(float), lats.dropna().astype(float)
    if lons.empty:
        return geo.RANGES["world"]
    lon = (max(-180.0, lons.min() - PADDING["west"]), min(180.0, lons.max() + PADDING["east"]))
    lat = (max(-80.0, lats.min() - PADDING["south"]), min(84.0, lats.max() + PADDING["north"]))
    return lon, lat


@plain_text_in
def build_interventions_map(
    relations: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    meta: Meta,
    highlight: str | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
) -> go.Figure:
    """Lines from actor to target, coloured by kind of actor; targets shaded and labelled. A relation
    with a whole region as its target is drawn at its actor only, and said in words. The title
    names the filters in force."""
    names = countries.set_index("iso3")["name"]
    rows = relation_points(relations)
    rows["target_label"] = [
        names.get(t, t) if isinstance(t, str) else f"{r} (continent-wide)"
        for t, r in zip(rows["target_iso3"], rows["target_region"], strict=True)
    ]
    rows["hover"] = [
        f"<b>{r.actor_name} → {r.target_label}</b><br>{upper_first(r.actor_kind)}; {r.support_kind}"
        + (
            f"<br>From {start_text(r.start_year, r.inferred)}"
            if pd.notna(r.start_year)
            else "<br>Start year not stated"
        )
        + (
            f"<br>Inferred, not stated: {inferred_text(r.inferred, r.inferred_why)}"
            if isinstance(r.inferred, str)
            else ""
        )
        + f"<br>Report fn {r.footnote}"
        + (
            f" (also fn {r.related_footnotes.replace(';', ', ')})"
            if isinstance(r.related_footnotes, str)
            else ""
        )
        for r in rows.itertuples()
    ]
    lon_range, lat_range = map_ranges(rows)
    fig = go.Figure()
    targets = rows[rows["target_iso3"].notna()]
    if not targets.empty:
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
        has_origin, has_target = pd.notna(r.origin_lon), pd.notna(r.target_lon)
        if has_origin and has_target:
            fig.add_trace(
                go.Scattergeo(
                    lon=[r.origin_lon, r.target_lon],
                    lat=[r.origin_lat, r.target_lat],
                    mode="lines",
                    line=dict(width=2.5, color=colour),
                    hoverinfo="text",
                    text=r.hover,
                    name=upper_first(r.actor_kind),
                    legendgroup=r.actor_kind,
                    showlegend=first,
                )
            )
        if has_origin:
            # A relation without a target point (a whole region) is labelled at its actor.
            label = f"{r.actor_name} →<br>{r.target_label}" if not has_target else None
            fig.add_trace(
                go.Scattergeo(
                    lon=[r.origin_lon],
                    lat=[r.origin_lat],
                    mode="markers+text" if label else "markers",
                    marker=dict(size=9, color=colour, symbol="circle"),
                    text=[label] if label else None,
                    textposition=label_position((r.origin_lon, r.origin_lat), [], lon_range),
                    textfont=dict(size=12, color="#222222", shadow="auto"),
                    hoverinfo="text",
                    hovertext=r.hover if label else f"<b>{r.actor_name}</b> ({r.actor_kind})",
                    legendgroup=r.actor_kind,
                    showlegend=first and not has_target,
                    name=upper_first(r.actor_kind) if label else f"{r.actor} origin",
                )
            )
        if has_target:
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
                    showlegend=first and not has_origin,
                    name=upper_first(r.actor_kind),
                )
            )
    for target, group in targets.groupby("target_iso3", sort=False):
        where = (group["target_lon"].iloc[0], group["target_lat"].iloc[0])
        origins = list(zip(group["origin_lon"].dropna(), group["origin_lat"].dropna(), strict=True))
        position = label_position(where, origins, lon_range)
        vertical = position.split()[0]
        anchor = label_anchor(str(target), where, vertical)
        fig.add_trace(
            go.Scattergeo(
                lon=[anchor[0]],
                lat=[anchor[1]],
                mode="text",
                # Two short lines, not one long one: narrower, so it runs into fewer lines and edges.
                text=[f"{names.get(target, target)}:<br>{', '.join(group['actor'])}"],
                # Centred under (or over) the outline: the text stays clear of the country it names.
                textposition=f"{vertical} center",
                textfont=dict(size=12, color="#222222", shadow="auto"),
                hoverinfo="skip",
                showlegend=False,
                name=f"label {target}",
            )
        )
    if highlight and highlight in set(rows["target_iso3"].dropna()) | set(rows["origin_iso3"].dropna()):
        fig.add_traces(geo.outline(highlight, f"Selected: {names.get(highlight, highlight)}"))
    geo.style_geo(fig, "world", lon_range, lat_range, projection=PROJECTION)
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    chosen = filters_in_words(filters or {}, names)
    regions = rows.loc[rows["target_iso3"].isna(), "target_region"].dropna().unique()
    lines = "Lines run from the acting state's capital (for the Wagner Group, Moscow: it acts for Russia) to the target"
    if len(regions):
        lines += f"; a relation with {' and '.join(regions)} as a whole is marked at its actor"
    inferred = inferred_line(rows.assign(target=rows["target_label"]))
    return frame(
        fig,
        title="Who intervenes for whom"
        + (f", filtered: {chosen}" if chosen else ": every relation the report names"),
        subtitle=f"{lines}. Regional organizations are marked where they deployed."
        + (f" {inferred}" if inferred else ""),
        source=meta.source_line(
            "report",
            footnotes=rows["footnote"],
            note="Relations as the report describes them; start years only where it states one.",
        ),
        height=HEIGHT,
        map_aspect=geo.aspect(lon_range, lat_range, PROJECTION),
    )
