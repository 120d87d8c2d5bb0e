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

provenance: what an export says; slides: the 16:9 layout; render: kaleido and its one Chromium;
tables: CSVs with a provenance header; native: the numbers of a native PowerPoint chart, from the
table behind it; deck: the PowerPoint deck (native charts, pictures of maps); interactive: one
self-contained HTML file per view; packs: decks and ZIPs. This module lists what the app uses.
"""

from typing import Any

from src.export.packs import PackItem, RenderedItem, briefing_pack, pack_rendered, render_items
from src.export.provenance import Provenance, figure_texts, plain, view_link
from src.export.render import slide_png, slide_svg, stop_renderer, to_png, to_svg
from src.export.slides import SLIDE_HEIGHT, SLIDE_WIDTH, slide_figure
from src.export.tables import csv_with_provenance, read_csv_with_provenance

# Loaded when first used (an interactive file, a native chart's numbers), not when the app starts:
# python-pptx and plotly.js's bundle are about a tenth of the app's imports, and most sessions never
# export. The deck is src.export.deck.deck (a name of the package would be its submodule once loaded).
_LAZY = {
    "chart_data": "src.export.native",
    "interactive_html": "src.export.interactive",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'src.export' has no attribute {name!r}")


__all__ = [
    "PackItem",
    "Provenance",
    "RenderedItem",
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "briefing_pack",
    "chart_data",
    "csv_with_provenance",
    "figure_texts",
    "interactive_html",
    "pack_rendered",
    "plain",
    "read_csv_with_provenance",
    "render_items",
    "slide_figure",
    "slide_png",
    "slide_svg",
    "stop_renderer",
    "to_png",
    "to_svg",
    "view_link",
]
