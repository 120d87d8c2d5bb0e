"""The Streamlit side of exports and of presentation mode.

While a page runs, its widgets note the active filters in words and its charts note themselves
(figure, file stem, the table behind it). At the end of the page, `panel()` puts a button in the
sidebar that opens, in a dialog, the link of the view (with a copy button), the view as one
interactive HTML file that works offline, the briefing pack of the page (a PowerPoint deck with
native charts, a ZIP) and each chart as a 1600 × 900 slide (PNG, SVG), all made on the server by
src/export only when clicked. With
`?present=1` the page drops the sidebar, Streamlit's chrome and the filter widgets, and shows each
chart as its slide.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from src import export
from src.data import meta, text
from src.web import cache, state

PRESENT = state.Param("present", False, state.flag, state.format_flag)
_SHOWN, _PRESENTING, _LIVE = "_exports:shown", "_exports:present", "_exports:live"
ITEMS = "_exports:items"  # the page's charts with their provenance, as the export panel offers them
# Presentation mode: no sidebar, header or toolbar, less padding: the page is its charts. Only the
# page's title, its slides and the view's link are shown (every other element is hidden, whatever the
# page draws), in one column (columns are put under each other), each slide as wide as the window
# allows while it still fits on one screen at 16:9, with a screen of its own.
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 1.5rem !important; max-width: 100% !important; }
[data-testid="stMain"] [data-testid="stElementContainer"]:not(:has(h1, [data-testid="stImage"])):not(.st-key-present_link *),
[data-testid="stMain"] [data-testid="stExpander"] { display: none !important; }
[data-testid="stMain"] [data-testid="stHorizontalBlock"] { flex-direction: column !important; }
[data-testid="stMain"] [data-testid="stColumn"] { width: 100% !important; flex: 1 1 100% !important; }
[data-testid="stMain"] [data-testid="stElementContainer"]:has([data-testid="stImage"]) {
  min-height: calc(100vh - 2rem); display: flex; align-items: center; justify-content: center; }
[data-testid="stMain"] [data-testid="stImage"] img {
  width: min(100%, calc((100vh - 2rem) * 16 / 9)) !important; height: auto !important; margin: 0 auto; }
</style>"""


@dataclass(frozen=True)
class Shown:
    """A chart shown on the page in this run."""

    figure: go.Figure
    stem: str
    table: pd.DataFrame | None = None


@dataclass
class Live:
    """The view the page shows now, as its exports describe it: its link's parameters, its filters in
    words and its window. A run of the whole page starts a new one; a fragment's rerun (one control
    and what it drives, see ui.current_view) updates the same one in place, so a file made when its button
    is clicked (a deferred download, made outside the script) describes the view shown at the click,
    even when the button was drawn before the fragment's last rerun."""

    base: str = ""  # the page's address, without the query
    query: dict[str, str] | None = None  # every parameter, defaults included (set_view)
    said: dict[str, tuple[str, str] | None] = field(default_factory=dict)  # by parameter, in page order
    period: str = ""
    period_key: str | None = None

    @property
    def filters(self) -> list[tuple[str, str]]:
        return [said for said in self.said.values() if said is not None]

    def link(self, query: dict[str, str] | None = None) -> str:
        """The page's address with `query` (else the view's parameters)."""
        encoded = urllib.parse.urlencode((self.query or {}) if query is None else query, safe=",:")
        return f"{self.base}?{encoded}" if encoded else self.base


def start_run() -> None:
    """Forget the previous run's charts and filters (called when a page starts)."""
    st.session_state[_SHOWN] = []
    st.session_state[_LIVE] = Live(base=st.context.url or "")


def live() -> Live:
    """This session's view as its exports describe it (see Live)."""
    if not isinstance(current := st.session_state.get(_LIVE), Live):
        current = st.session_state[_LIVE] = Live(base=st.context.url or "")
    return current


def set_view(query: dict[str, str]) -> None:
    """Every parameter of the view this run shows, defaults included: the address bar may leave
    defaults out, a copied or exported link names them all so it keeps its meaning."""
    live().query = dict(query)


def _view_query() -> dict[str, str]:
    query = live().query
    return dict(query) if query is not None else st.query_params.to_dict()


def _name(words: str) -> str:
    """'Mozambique (MOZ), Namibia (NAM)' -> 'Mozambique, Namibia': a reader knows a country by name."""
    return re.sub(r" \([A-Z]{3}\)", "", words)


def said_as(
    key: str | None, label: str, value: Any, words: str, *, period: bool = False
) -> tuple[str, str] | None:
    """A filter as a reader says it, never as the widget's label: (label, value), with an empty
    label for a value that says itself ('2000–2018', 'Mozambique highlighted'); None for a setting
    that goes unsaid (the default colour scale, no country, 'all' of a list)."""
    if period:
        return ("", words)
    if key == "scope":
        return ("Map", words)
    if key == "mode":
        return ("", "Each country's leading supplier") if value == "leading" else None
    if key == "supplier":
        return ("Supplier", words)
    if key == "scale":
        return ("", "Shares in bands at the report's thresholds") if value == "bins" else None
    if key == "failed":
        return ("", "Failed attempts included" if value else "Successful coups only")
    if key == "cline":
        return ("", "Cline-only events included" if value else "Powell & Thyne's events only")
    if key == "map":
        return ("Map colour", text.lower_first(words))
    if key == state.COUNTRY:  # the profile's subject; elsewhere one country highlighted among others
        if not value:
            return None
        return ("Country", _name(words)) if label == "Country" else ("", f"{_name(words)} highlighted")
    if key == state.COMPARE:
        return ("Compared", _name(words)) if len(value or ()) > 1 else None
    if key == "org":
        return ("Organizations", ", ".join(value)) if value else None
    if key == "mix":
        return ("Year by year", _name(words))
    if isinstance(value, tuple | list) and not value:
        return None
    return (re.sub(r"\s*\(.*\)$", "", label), _name(words))


def note_filter(
    label: str, words: str, *, period: bool = False, key: str | None = None, value: Any = None
) -> None:
    """A widget's value as a reader says it (see said_as); period: it is the view's window of years."""
    view, name = live(), key or label
    # Assigned by name: a fragment's rerun replaces its own filters where they stand.
    view.said[name] = said_as(key, label, value, words, period=period)
    if period and view.period_key in (None, name):  # the page's first window is the view's
        view.period, view.period_key = words, name


def note_chart(figure: go.Figure, stem: str, table: pd.DataFrame | None = None) -> None:
    st.session_state.setdefault(_SHOWN, []).append(Shown(figure, stem, table))


def set_presenting(on: bool) -> None:
    st.session_state[_PRESENTING] = on


def presenting() -> bool:
    return bool(st.session_state.get(_PRESENTING, False))


def present_css() -> None:
    if presenting():
        st.html(_PRESENT_CSS)


def view_link() -> str:
    """The full link of the view: the page's address and its query string (filters, country)."""
    return live().link(_view_query())


def provenance(
    figure: go.Figure, stem: str, package: meta.Meta, view: Live | None = None
) -> export.Provenance:
    """Title, subtitle and source from the figure; filters from this run's widgets; the versions
    of the sources its source line names; the link of the view."""
    texts = cache.of_figure(figure, "texts", export.figure_texts)  # figures are shared (cache.build)
    return described(texts.title, texts.subtitle, texts.source, stem, package, view)


def described(
    title: str, subtitle: str, source: str, stem: str, package: meta.Meta, view: Live | None = None
) -> export.Provenance:
    """The provenance of an export that is no one chart (a table of the whole page): what it shows
    and its source line as given, with the view's filters (`view`, else this session's), the versions
    the source line names and the link of the view."""
    view = view or live()
    named = sorted(
        (source.find(s.short_title), s) for s in package.sources.values() if s.short_title in source
    )
    versions = [(s.short_title, s.version) for _, s in named]  # in the source line's order
    return export.Provenance(
        title=title,
        subtitle=subtitle,
        source=source,
        link=view.link() if view.query is not None else view_link(),
        stem=stem,
        filters=view.filters,
        period=view.period,
        versions=versions,
    )


# Streamlit serves an image at most this wide (streamlit.elements.lib.image_utils.MAXIMUM_CONTENT_WIDTH),
# decoding and re-encoding a wider one on every run (about 60 ms a slide); the slide is shown at this width.
SHOWN_WIDTH = 1460


def show_slide(figure: go.Figure, stem: str, package: meta.Meta) -> None:
    """Presentation mode: the chart as its 16:9 slide, the very image its PNG export is (title,
    filters, source, link and date inside), scaled to the page's width."""
    st.image(_shown_slide(figure.to_json(), provenance(figure, stem, package)), width="stretch")


# cache_resource, not cache_data: the bytes are shared read-only, not unpickled afresh on every run.
@st.cache_resource(show_spinner="Drawing the slide…", max_entries=64)
def _shown_slide(figure_json: str, slide_provenance: export.Provenance) -> bytes:
    """The slide's PNG, drawn once per figure and provenance, scaled down (Lanczos) to the width Streamlit
    serves, so that it is passed through as it is."""
    from PIL import Image

    png = export.slide_png(go.Figure(pio.from_json(figure_json)), slide_provenance)
    image = Image.open(io.BytesIO(png))
    if image.width <= SHOWN_WIDTH:
        return png
    height = round(image.height * SHOWN_WIDTH / image.width)
    out = io.BytesIO()
    image.resize((SHOWN_WIDTH, height), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=False)
    return out.getvalue()


def csv_bytes(
    table: pd.DataFrame,
    figure: go.Figure | None,
    stem: str,
    package: meta.Meta,
    about: tuple[str, str, str] | None = None,
    view: Live | None = None,
) -> bytes:
    """The table as CSV; with the chart it belongs to, headed by that chart's provenance, or with
    `about` (title, what it measures, source line), headed by that; described as `view` shows it
    (else as this session's view)."""
    if about is not None:
        return export.csv_with_provenance(table, described(*about, stem, package, view))
    if figure is None:
        return table.to_csv(index=False).encode("utf-8")
    return export.csv_with_provenance(table, provenance(figure, stem, package, view))


def csv_maker(
    table: pd.DataFrame,
    figure: go.Figure | None,
    stem: str,
    package: meta.Meta,
    about: tuple[str, str, str] | None = None,
) -> Callable[[], bytes]:
    """The CSV made when its button is clicked (a deferred download), with the provenance of the view
    shown at that moment: a fragment may have rerun since the button was drawn (see Live)."""
    view = live()
    return lambda: csv_bytes(table, figure, stem, package, about, view)


OPEN = "export:open"  # the sidebar's button that opens the export dialog


def panel(package: meta.Meta, page_title: str) -> None:
    """The sidebar's export section: one button that opens the view's link, presentation mode, the
    interactive file, the briefing pack and each chart as a slide, in a dialog. Built on demand: the
    dialog's dozen elements cost every run of every page when they sat in the sidebar, and the dialog,
    opened by a run of the whole page, always shows the view on the page."""
    shown: list[Shown] = st.session_state.get(_SHOWN, [])
    items = [export.PackItem(s.figure, provenance(s.figure, s.stem, package), s.table) for s in shown]
    st.session_state[ITEMS] = items
    if presenting():
        with st.container(key="present_link"):  # shown in presentation mode (see _PRESENT_CSS)
            st.code(view_link(), language=None, wrap_lines=True)
        return
    with st.sidebar:
        st.markdown("**Share or export this view**")
        label, what = (
            ("Link, slides and briefing pack", "The view's full link, presentation mode, an interactive file, "
             "the briefing pack (PowerPoint, ZIP) and each chart as a slide (PNG, SVG)")
            if items else ("Link to this view", "The view's full link and presentation mode")
        )  # fmt: skip
        if st.button(label, key=OPEN, icon=":material/ios_share:", width="stretch", help=what):
            _export_dialog(items, page_title)


@st.dialog("Share or export this view", width="large")
def _export_dialog(items: list[export.PackItem], page_title: str) -> None:
    """The view's link and files, each file made only when its button is clicked."""
    link = view_link()
    st.caption("Link to this view (copy it with the button at its right):")
    st.code(link or "(the address in your browser's bar)", language=None, wrap_lines=True)
    # urlencode leaves nothing in the query that Markdown could act on.
    present = urllib.parse.urlencode({**_view_query(), PRESENT.key: "1"})
    # A button, not a Markdown link: no page text is Markdown that data or a link could shape.
    st.link_button("Open this view in presentation mode", f"?{present}", help="For clean screenshots")
    if not items:
        return
    stem = text.file_name("briefing", page_title, *(f for _, f in live().filters))[:120]
    st.download_button("Interactive file (HTML, works offline)", _interactive(items, page_title, link),
                       f"{stem}.html", key="export:html", on_click="ignore", mime="text/html",
                       help="Every chart of this view with hover and zoom, its sources and its table, in one "
                       "file that opens in a browser with no network (about 5 MB: Plotly is inside)")  # fmt: skip
    pptx, zipped = _pack_makers(items, page_title, link, stem)
    st.download_button("Briefing pack (PowerPoint)", pptx, f"{stem}.pptx", key="export:pptx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       help="One slide per chart: bar, column and dot charts as charts PowerPoint edits "
                       "(Edit Data shows the numbers), maps as pictures; sources in the speaker notes")  # fmt: skip
    st.download_button("Briefing pack (ZIP: PNG, SVG, CSV, HTML)", zipped, f"{stem}.zip", key="export:zip",
                       on_click="ignore", mime="application/zip")  # fmt: skip
    st.caption("Each chart as a 16:9 slide (1600 × 900):")
    for index, item in enumerate(items):
        title, png, svg = st.columns([6, 1, 1], vertical_alignment="center")
        title.caption(text.escape_markdown(item.provenance.title))
        png.download_button("PNG", _slide(item, "png"), f"{item.provenance.stem}.png", key=f"export:png:{index}",
                            on_click="ignore", mime="image/png", width="stretch")  # fmt: skip
        svg.download_button("SVG", _slide(item, "svg"), f"{item.provenance.stem}.svg", key=f"export:svg:{index}",
                            on_click="ignore", mime="image/svg+xml", width="stretch")  # fmt: skip


def _slide(item: export.PackItem, fmt: str):  # noqa: ANN202 - a deferred download
    """The slide image, rendered only when its button is clicked."""
    return lambda: (export.slide_png if fmt == "png" else export.slide_svg)(item.figure, item.provenance)


def _interactive(items: list[export.PackItem], title: str, link: str):  # noqa: ANN202 - a deferred download
    """The view as one self-contained HTML file, made only when its button is clicked."""
    return lambda: export.interactive_html(items, title=title, link=link)


def _pack_makers(items: list[export.PackItem], title: str, link: str, stem: str):  # noqa: ANN202 - deferred downloads
    """Deferred deck and ZIP of the same pack; the images are rendered once for both. (The link is
    read here: the download runs on another thread, outside the script's context.)"""
    made: dict[str, tuple[bytes, bytes]] = {}

    def pack() -> tuple[bytes, bytes]:
        if "pack" not in made:
            made["pack"] = export.briefing_pack(items, title=title, link=link, stem=stem)
        return made["pack"]

    return (lambda: pack()[0]), (lambda: pack()[1])
