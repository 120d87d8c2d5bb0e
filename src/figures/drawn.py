"""A figure as the browser's Plotly gets it: computed and drawn once, not twice.

Streamlit's chart hands its figure to `Plotly.react` a second time right after drawing it: a copy
parsed again, the same content in new objects. Plotly.react then decides what changed, and draws
the whole chart again for any of these:

- an array, unless the layout has a `datarevision` (arrays are compared by identity);
- a typed array (how Plotly writes a numpy array), whatever the data revision;
- the layout's `template` or `meta` (values of any type, compared by identity).

So the figure drawn in the browser carries its template's settings as its own and no template, its
numbers as plain lists, no `meta` (the frame's layout, which only the server reads: figures.common),
and a data revision that is a digest of everything in it (it changes whenever the data do, so a
chart given other data is never left showing the old). Plotly takes an explicitly set line, grid or
zero line colour as a request to draw that line, which a template's colour is not: each axis gets
the `showline`, `showgrid` and `zeroline` Plotly would have given it, and a trace's template colour
bar settings stay out unless the trace has a colour bar of its own. The chart looks the same, pixel
for pixel (bench/FINDINGS.md); exports keep their template (kaleido draws a figure once).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

# Layout keys that name subplots (xaxis2, geo3, ...): a template's settings for the kind apply to each.
_SUBPLOT = re.compile(r"^(xaxis|yaxis|geo|coloraxis|polar|ternary|scene|map|mapbox|smith)(\d*)$")
_CARTESIAN = {"bar", "heatmap", "scatter"}  # the figures' trace types drawn on x and y axes
_GEO = {"choropleth", "scattergeo"}
_ORIENTED = {"bar"}  # Plotly draws no grid along the axis a bar stands on
_ITEM_DEFAULTS = {"annotationdefaults": "annotations", "shapedefaults": "shapes"}


def for_browser(fig: go.Figure) -> go.Figure:
    """A new figure: `fig` as the browser's Plotly draws it once (see above)."""
    drawn = with_template_applied(fig)
    drawn.layout.meta = None  # the frame's layout, read only by the server (figures.common)
    return with_data_revision(drawn)


def with_template_applied(fig: go.Figure) -> go.Figure:
    """A new figure: `fig` with its template's settings under its own (its own win), no template,
    and its numbers as plain lists."""
    spec = _plain_arrays(fig.to_plotly_json())
    layout = dict(spec.get("layout") or {})
    template = layout.pop("template", None) or {}
    data = [
        _trace_with(trace, template.get("data") or {}, spec["data"][:index])
        for index, trace in enumerate(spec["data"])
    ]
    for key, value in (template.get("layout") or {}).items():
        if key in _ITEM_DEFAULTS:
            items = _ITEM_DEFAULTS[key]
            if layout.get(items):
                layout[items] = [_under(value, item) for item in layout[items]]
        elif match := _SUBPLOT.match(key):
            for name in _subplots(match.group(1), layout, data):
                own = layout.get(name) or {}
                if match.group(1) in ("xaxis", "yaxis"):
                    own = {**_axis_lines(name, data), **own}
                layout[name] = _under(value, own)
        else:
            layout[key] = _under(value, layout[key]) if key in layout else value
    drawn = go.Figure(data=data, layout=layout)
    drawn.layout.template = None  # the constructor gave it the default template
    return drawn


def with_data_revision(fig: go.Figure) -> go.Figure:
    """Set the figure's layout.datarevision to a digest of everything else in it; the same figure."""
    fig.layout.datarevision = None
    content = pio.to_json(fig, validate=False).encode()
    fig.layout.datarevision = hashlib.blake2b(content, digest_size=8).hexdigest()
    return fig


def _plain_arrays(value: Any) -> Any:
    """The figure's numbers as plain lists. Plotly writes a numpy array as a typed array spec
    ({"dtype", "bdata", "shape"}: base64), and Plotly.react takes typed arrays for changed data
    whatever the data revision: the whole chart computed again."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if isinstance(shape, str):  # "2, 3"
                shape = [int(part) for part in shape.split(",")]
            return (array.reshape(shape) if shape else array).tolist()
        return {key: _plain_arrays(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_arrays(item) for item in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def _axis_lines(name: str, data: list[dict]) -> dict[str, bool]:
    """The line, grid and zero line Plotly draws on this axis when nothing asks for them: no axis line;
    a grid and a zero line, except along the axis a bar stands on."""
    ref = name[0] + name[5:]  # xaxis2 -> x2
    along_bars = any(
        trace.get("type") in _ORIENTED
        and str(trace.get("yaxis" if trace.get("orientation") == "h" else "xaxis", name[0])) == ref
        and (name[0] == "y") == (trace.get("orientation") == "h")
        for trace in data
    )
    return {"showline": False, "showgrid": not along_bars, "zeroline": not along_bars}


def _under(defaults: Any, own: Any, only_if_own: frozenset[str] = frozenset()) -> Any:
    """own, with defaults filling what it leaves unset (objects merged key by key, at every depth);
    a key in `only_if_own` is filled only where own has that key itself."""
    if not isinstance(defaults, dict) or not isinstance(own, dict):
        return own
    merged = {key: value for key, value in defaults.items() if key not in only_if_own}
    for key, value in own.items():
        merged[key] = _under(defaults[key], value, only_if_own) if key in defaults else value
    return merged


def _trace_with(trace: dict, templates: dict, before: list[dict]) -> dict:
    """The trace with its type's template under it: a type's templates are used in turn, as plotly.js
    does (the n-th trace of a type gets item n modulo their number)."""
    kind = trace.get("type", "scatter")
    items = templates.get(kind)
    if not items:
        return trace
    nth = sum(1 for other in before if other.get("type", "scatter") == kind)
    item = {key: value for key, value in items[nth % len(items)].items() if key != "type"}
    # A colour bar set on a trace asks Plotly to draw it; a template's settings for one do not.
    return _under(item, trace, frozenset({"colorbar"}))


def _subplots(kind: str, layout: dict, data: list[dict]) -> set[str]:
    """Every subplot of this kind the figure has: named in its layout, or used by a trace."""
    names = {key for key in layout if (match := _SUBPLOT.match(key)) and match.group(1) == kind}
    for trace in data:
        trace_kind = trace.get("type", "scatter")
        if kind in ("xaxis", "yaxis") and trace_kind in _CARTESIAN:
            letter = kind[0]
            names.add(f"{kind}{str(trace.get(f'{letter}axis', letter))[1:]}")
        elif kind == "geo" and trace_kind in _GEO:
            names.add(str(trace.get("geo", "geo")))
    return names
