"""Data text reaches Plotly as plain text: the figure builders' arguments escaped (< and >) before
they build, and the name of the builder kept in the figure (exports read it)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

from src.data.text import escape_plotly

Builder = TypeVar("Builder", bound=Callable[..., go.Figure])


def _plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with < and > escaped in every text cell (a copy only where a cell has one)."""
    escaped = frame
    for position in range(frame.shape[1]):
        cells = frame.iloc[:, position]
        if cells.dtype != object and not pd.api.types.is_string_dtype(cells):
            continue
        if any(isinstance(v, str) and ("<" in v or ">" in v) for v in cells):
            if escaped is frame:
                escaped = frame.copy()
            escaped.iloc[:, position] = cells.map(lambda v: escape_plotly(v) if isinstance(v, str) else v)
    return escaped


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return escape_plotly(value)
    if isinstance(value, pd.DataFrame):
        return _plain_frame(value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {key: escape_plotly(v) for key, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return dataclasses.replace(
            value, **{k: _plain(v) for k, v in parts.items() if isinstance(v, str | pd.DataFrame)}
        )
    return value


def plain_text_in(builder: Builder) -> Builder:
    """A figure builder whose text arguments (strings, the text cells of DataFrames, labels, the
    frames of a dataclass) reach it with < and > escaped: Plotly reads a small HTML subset (<a href>,
    <b>, <span style>...) in every trace name, hover text, axis category and label, and text from the
    data package must be drawn as the text it is. Real names hold no < or >: nothing they are
    matched or coloured by changes. The figure's layout.meta names the builder (builder_name)."""

    @functools.wraps(builder)
    def plain(*args: Any, **kwargs: Any) -> go.Figure:
        fig = builder(*(_plain(a) for a in args), **{k: _plain(v) for k, v in kwargs.items()})
        # The figure names its builder, so an export can tell what kind of chart it holds (a
        # PowerPoint deck draws bar, line and dot charts as native charts: src/export/native.py).
        meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
        fig.layout.meta = {**meta, BUILDER: builder.__name__}
        return fig

    return plain  # type: ignore[return-value]


BUILDER = "builder"  # the key of layout.meta that names the figure's builder (plain_text_in)


def builder_name(fig: go.Figure) -> str | None:
    """The name of the builder that made the figure (set by plain_text_in), or None."""
    meta = fig.layout.meta
    return meta.get(BUILDER) if isinstance(meta, dict) else None
