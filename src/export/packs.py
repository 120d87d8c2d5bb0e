"""Briefing packs: a PowerPoint deck (one slide per chart, native where PowerPoint can draw the chart,
provenance in the speaker notes) and a ZIP of PNGs, SVGs, CSVs, the view as an interactive HTML
file and a SOURCES.md."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from src.data.text import file_name
from src.export.provenance import Provenance
from src.export.render import render_many
from src.export.slides import slide_figure
from src.export.tables import csv_with_provenance


class PackItem(NamedTuple):
    """One chart of a briefing pack: the figure as built for the page, its provenance, and the
    table behind it (or None)."""

    figure: go.Figure
    provenance: Provenance
    table: pd.DataFrame | None = None


@dataclass(frozen=True)
class RenderedItem:
    provenance: Provenance
    slide: go.Figure  # the figure as laid out for the slide (slide_figure)
    png: bytes
    svg: bytes
    table: pd.DataFrame | None
    stem: str  # unique within the pack
    figure: go.Figure  # the figure as built for the page (native charts, the HTML file)


def _unique_stems(stems: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        unique.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return unique


def render_items(items: Sequence[PackItem | tuple]) -> list[RenderedItem]:
    """Each chart's slide rendered once as PNG and once as SVG (all in one batch)."""
    packed = [PackItem(*item) for item in items]
    stems = _unique_stems([item.provenance.stem for item in packed])
    slides = [slide_figure(item.figure, item.provenance) for item in packed]
    images = render_many([(slide, format) for slide in slides for format in ("png", "svg")])
    return [
        RenderedItem(
            item.provenance, slides[n], images[2 * n], images[2 * n + 1], item.table, stem, item.figure
        )
        for n, (item, stem) in enumerate(zip(packed, stems, strict=True))
    ]


def sources_markdown(rendered: Sequence[RenderedItem], *, title: str, exported: date, view: str = "") -> str:
    """SOURCES.md: every chart's provenance and the files made from it (view: the interactive file)."""
    lines = [f"# {title}", "", f"Exported {exported.isoformat()}. One section per chart; the files", ""]
    lines[-2] += " named under each section are in this archive."
    if view:
        lines += [
            f"`{view}`: every chart of the view, interactive (hover, zoom), with its table; it opens",
            "",
        ]
        lines[-2] += " in any browser with no network."
    for number, item in enumerate(rendered, start=1):
        lines += [f"## {number}. {item.provenance.title}", ""]
        for name, value in item.provenance.records()[1:]:
            shown = f"<{value}>" if name == "Link" else value
            lines.append(f"- **{name}**: {shown}")
        files = [f"`{item.stem}.png`", f"`{item.stem}.svg`"]
        files += [f"`{item.stem}.csv`"] if item.table is not None else []
        lines += [f"- **Files**: {', '.join(files)}", ""]
    return "\n".join(lines)


def _zip(rendered: Sequence[RenderedItem], sources: str, view: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(*view)
        for item in rendered:
            archive.writestr(f"{item.stem}.png", item.png)
            archive.writestr(f"{item.stem}.svg", item.svg)
            if item.table is not None:
                archive.writestr(f"{item.stem}.csv", csv_with_provenance(item.table, item.provenance))
        archive.writestr("SOURCES.md", sources)
    return out.getvalue()


def briefing_pack(
    items: Sequence[PackItem | tuple],
    *,
    title: str = "Briefing pack",
    link: str = "",
    exported: date | None = None,
    stem: str | None = None,
) -> tuple[bytes, bytes]:
    """A PowerPoint deck and a ZIP for a page's charts: (pptx bytes, zip bytes).

    items: (figure, provenance, table or None) per chart, in slide order. The deck has a title
    slide (title, date, link of the page) and one slide per chart: a native, editable chart where
    PowerPoint can draw it (bar, column and dot charts, their numbers from the table: see
    src/export/deck.py), else the slide image; speaker notes with sources, filters, dataset
    versions and the restore link. The ZIP holds each chart's PNG and SVG, its table as CSV with
    provenance, the view as one interactive HTML file (`<stem>.html`) and SOURCES.md. Each chart is
    rendered once per format; the PNG serves both the deck and the ZIP.
    """
    return pack_rendered(render_items(items), title=title, link=link, exported=exported, stem=stem)


def pack_rendered(
    rendered: Sequence[RenderedItem],
    *,
    title: str = "Briefing pack",
    link: str = "",
    exported: date | None = None,
    stem: str | None = None,
) -> tuple[bytes, bytes]:
    """briefing_pack from charts already rendered by render_items."""
    # python-pptx and plotly.js's bundle: loaded when a pack is first made, not at start-up.
    from src.export.deck import deck
    from src.export.interactive import interactive_html

    exported = exported or date.today()
    count = f"{len(rendered)} chart{'s' if len(rendered) != 1 else ''}"
    subtitle = f"{count}, exported {exported.day} {exported:%B %Y}" + (f"\n{link}" if link else "")
    view = f"{stem or file_name(title)}.html"
    page = interactive_html(
        [(item.figure, item.provenance, item.table) for item in rendered],
        title=title,
        link=link,
        exported=exported,
    )
    sources = sources_markdown(rendered, title=title, exported=exported, view=view)
    return deck(rendered, title=title, subtitle=subtitle), _zip(rendered, sources, (view, page))
