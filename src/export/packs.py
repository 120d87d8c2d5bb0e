"""Briefing packs: a PowerPoint deck (one slide per chart, provenance in the speaker notes) and a ZIP
of PNGs, SVGs, CSVs and a SOURCES.md."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

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
        RenderedItem(item.provenance, slides[n], images[2 * n], images[2 * n + 1], item.table, stem)
        for n, (item, stem) in enumerate(zip(packed, stems, strict=True))
    ]


def speaker_notes(provenance: Provenance) -> str:
    """Sources, filters, dataset versions and the restore link, one field a line."""
    return "\n".join(f"{name}: {value}" for name, value in provenance.records())


def sources_markdown(rendered: Sequence[RenderedItem], *, title: str, exported: date) -> str:
    """SOURCES.md: every chart's provenance and the files made from it."""
    lines = [f"# {title}", "", f"Exported {exported.isoformat()}. One section per chart; the files", ""]
    lines[-2] += " named under each section are in this archive."
    for number, item in enumerate(rendered, start=1):
        lines += [f"## {number}. {item.provenance.title}", ""]
        for name, value in item.provenance.records()[1:]:
            shown = f"<{value}>" if name == "Link" else value
            lines.append(f"- **{name}**: {shown}")
        files = [f"`{item.stem}.png`", f"`{item.stem}.svg`"]
        files += [f"`{item.stem}.csv`"] if item.table is not None else []
        lines += [f"- **Files**: {', '.join(files)}", ""]
    return "\n".join(lines)


def _pptx(rendered: Sequence[RenderedItem], *, title: str, subtitle: str) -> bytes:
    from pptx import Presentation  # noqa: PLC0415 - only a pack needs python-pptx
    from pptx.util import Emu, Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    deck.core_properties.title = title
    cover = deck.slides.add_slide(deck.slide_layouts[0])  # "Title Slide"
    cover.shapes.title.text = title
    cover.placeholders[1].text = subtitle
    # Layouts were drawn for 4:3: stretch the cover's two placeholders across the 16:9 slide (a
    # placeholder's own position replaces the layout's whole, so all four values are set).
    for shape in (cover.shapes.title, cover.placeholders[1]):
        top, height = shape.top, shape.height
        shape.left, shape.top = Inches(0.9), top
        shape.width, shape.height = deck.slide_width - Inches(1.8), height
    for item in rendered:
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        # The image carries the visible title; the slide's own title (for the outline, navigation and
        # screen readers) sits just above the slide's top edge, where it is not shown.
        heading = slide.shapes.title
        heading.text = item.provenance.title
        heading.left, heading.width, heading.height = Inches(0.5), deck.slide_width - Inches(1), Inches(0.9)
        heading.top = Emu(-int(Inches(1.0)))
        picture = slide.shapes.add_picture(
            io.BytesIO(item.png), 0, 0, width=deck.slide_width, height=deck.slide_height
        )
        picture._element.nvPicPr.cNvPr.set("descr", f"{item.provenance.title}. {item.provenance.subtitle}")  # noqa: SLF001
        slide.notes_slide.notes_text_frame.text = speaker_notes(item.provenance)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _zip(rendered: Sequence[RenderedItem], sources: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
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
) -> tuple[bytes, bytes]:
    """A PowerPoint deck and a ZIP for a page's charts: (pptx bytes, zip bytes).

    items: (figure, provenance, table or None) per chart, in slide order. The deck has a title
    slide (title, date, link of the page) and one slide per chart: the slide image, the chart's
    title, and speaker notes with sources, filters, dataset versions and the restore link. The ZIP
    holds each chart's PNG and SVG, its table as CSV with provenance, and SOURCES.md. Each chart is
    rendered once per format; the PNG serves both the deck and the ZIP.
    """
    return pack_rendered(render_items(items), title=title, link=link, exported=exported)


def pack_rendered(
    rendered: Sequence[RenderedItem],
    *,
    title: str = "Briefing pack",
    link: str = "",
    exported: date | None = None,
) -> tuple[bytes, bytes]:
    """briefing_pack from charts already rendered by render_items."""
    exported = exported or date.today()
    count = f"{len(rendered)} chart{'s' if len(rendered) != 1 else ''}"
    subtitle = f"{count}, exported {exported.day} {exported:%B %Y}" + (f"\n{link}" if link else "")
    sources = sources_markdown(rendered, title=title, exported=exported)
    return _pptx(rendered, title=title, subtitle=subtitle), _zip(rendered, sources)
