"""Exports: every chart of every page as a 1600 × 900 slide rendered offline, CSVs that carry their
provenance, and the briefing pack (PowerPoint deck and ZIP)."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from src import export
from src.export import render
from src.figures import geo
from tests.conftest import ARTIFACTS, ROOT
from tests.export_views import VIEWS, all_items, page_items

OUT = ARTIFACTS / "export"
EXPORTED = date(2026, 5, 14)  # a fixed date for the packs made here


@pytest.fixture(scope="module")
def items() -> list[export.PackItem]:
    return all_items()


@pytest.fixture(scope="module")
def rendered(items) -> list[export.RenderedItem]:
    """Every chart rendered once as PNG and SVG by the persistent export browser (saved to look at)."""
    done = export.render_items(items)
    OUT.mkdir(parents=True, exist_ok=True)
    for item in done:
        (OUT / f"{item.stem}.png").write_bytes(item.png)
    return done


def squashed(text: str) -> str:
    """Text without any whitespace: wrapped lines compare equal to the unwrapped text."""
    return re.sub(r"\s+", "", text)


def figure_words(fig: go.Figure) -> str:
    """Everything the slide shows as words: title, subtitle, annotations."""
    parts = [fig.layout.title.text, fig.layout.title.subtitle.text]
    parts += [a.text for a in fig.layout.annotations]
    return " ".join(export.plain(p) for p in parts if p)


def svg_words(svg: bytes) -> str:
    """The text drawn in an SVG (Plotly draws each wrapped line as its own text node)."""
    return html.unescape(" ".join(re.findall(r">([^<>]+)<", svg.decode("utf-8"))))


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def is_map(fig: go.Figure) -> bool:
    return any(t.type in ("choropleth", "scattergeo") for t in fig.data)


def test_every_page_with_charts_is_in_the_export_set(items):
    """Every page that draws a chart is exported here (pages found in pages/), each of its charts with
    a file name of its own; every figure builder is used by some page (so it is exported with it)."""
    pages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    sources = {page: (ROOT / page).read_text(encoding="utf-8") for page in pages}
    with_charts = {page for page, text in sources.items() if "ui.chart(" in text}
    assert with_charts <= {page for page, _ in VIEWS}, with_charts - {page for page, _ in VIEWS}
    builders = {
        name
        for path in (ROOT / "src" / "figures").glob("*.py")
        for name in re.findall(r"^def (build_\w+)\(", path.read_text(encoding="utf-8"), flags=re.M)
    }
    # A page may render its sections through a module of its own (src/web/sections/).
    sections = " ".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "web" / "sections").glob("*.py")
    )
    # Called, or passed to ui.build (which builds a figure once per view).
    used = set(re.findall(r"\b(build_\w+)[(,]", " ".join(sources.values()) + sections))
    # Builders a page reaches through a dispatcher (build_arms_map) count as used through it.
    used |= {"build_supplier_share_map", "build_leading_supplier_map"} if "build_arms_map" in used else set()
    assert builders <= used, builders - used
    stems = [item.provenance.stem for item in items]
    assert len(stems) == len(set(stems)) >= 12


def test_slides_are_1600_by_900_and_not_blank(items, rendered):
    for item, done in zip(items, rendered, strict=True):
        image = pixels(done.png)
        assert image.shape == (export.SLIDE_HEIGHT, export.SLIDE_WIDTH, 3), done.stem
        slide = done.slide
        top, bottom = int(slide.layout.margin.t), int(export.SLIDE_HEIGHT - slide.layout.margin.b)
        plot = image[top:bottom]
        drawn = (plot.min(axis=2) < 245).mean()
        coloured = ((plot.max(axis=2) - plot.min(axis=2)) > 40).mean()
        # The sparsest slide, the coups timeline of 2020-2023 (20 events, with the Cline Center's own,
        # in 13 rows), draws about 8 %.
        assert drawn > 0.07, f"{done.stem}: only {drawn:.1%} of the plot area is drawn"
        if is_map(item.figure):
            # Coloured land: the shapes came from static/, so the map is more than markers and text.
            # (About 11 % of the China map is drawn, its 0 % countries white inside their outlines; markers,
            # rings and the colour bar alone draw a few per cent.)
            assert drawn > 0.09, f"{done.stem}: the map's shapes are missing ({drawn:.1%} drawn)"
            assert coloured > 0.01, f"{done.stem}: only {coloured:.1%} of the map has colour"


def test_the_slide_says_what_it_shows_and_where_it_comes_from(items, rendered):
    """Title, filters in words, source, link and date of export, in the figure and in the SVG."""
    for item, done in zip(items, rendered, strict=True):
        provenance = item.provenance
        words, drawn = squashed(figure_words(done.slide)), squashed(svg_words(done.svg))
        expected = [provenance.title, provenance.source, provenance.link, provenance.exported_text]
        expected += [f"{label}: {value}" for label, value in provenance.filters]
        for text in expected:
            assert squashed(text) in words, f"{done.stem}: {text!r} not in the figure"
            assert squashed(text) in drawn, f"{done.stem}: {text!r} not drawn in the SVG"
        assert done.svg.lstrip().startswith(b"<svg")
        assert f'width="{export.SLIDE_WIDTH}"'.encode() in done.svg[:400]


def test_slide_keeps_the_figure_and_replaces_its_source_line(items):
    item = items[0]
    before = item.figure.to_json()
    slide = export.slide_figure(item.figure, item.provenance)
    assert item.figure.to_json() == before  # the page's figure is not touched
    assert [a.name for a in slide.layout.annotations].count("source") == 1
    assert (slide.layout.width, slide.layout.height) == (1600, 900)
    assert len(slide.data) == len(item.figure.data)


def test_texts_are_read_from_span_subtitles_and_from_title_subtitle():
    old = go.Figure(
        layout=dict(
            title_text="<b>Coups in Africa,<br>2020–2023</b><br><span style='x'>Each mark is one trend-<br>indicator</span>"
        )
    )
    old.add_annotation(text="Source: Powell &amp; Thyne<br>V1", name="source", showarrow=False)
    assert export.figure_texts(old) == (
        "Coups in Africa, 2020–2023",
        "Each mark is one trend-indicator",
        "Source: Powell & Thyne V1",
    )
    new = go.Figure(layout=dict(title=dict(text="<b>Coups</b>", subtitle=dict(text="Each mark"))))
    assert export.figure_texts(new) == ("Coups", "Each mark", "")


def test_text_with_markup_characters_is_drawn_as_written():
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 1]))
    provenance = export.Provenance(
        title="Shares <0.5% & more",
        subtitle="Values <b>not bold</b>",
        source="Source: Powell & Thyne",
        link="http://host/Coups?years=2020-2023&failed=1",
        stem="markup",
        filters={"Share": "<0.5%"},
        exported=EXPORTED,
    )
    drawn = svg_words(export.slide_svg(fig, provenance))
    for text in ("Shares <0.5% & more", "Values <b>not bold</b>", "Powell & Thyne", "Share: <0.5%"):
        assert text in drawn
    assert "years=2020-2023&failed=1" in drawn


def test_file_stems_describe_the_view():
    from src.data.text import file_name

    assert (
        file_name("arms", "share", "China", "africa", (2019, 2023), "ZWE")
        == "arms-share-china-africa-2019-2023-zwe"
    )
    stem = file_name("suppliers", "São Tomé and Príncipe", (2022, 2022), None, "")
    assert stem == "suppliers-sao-tome-and-principe-2022"
    assert file_name("coups", "Côte d'Ivoire") == "coups-cote-d-ivoire"
    assert file_name("arms", 2019, 2023) == "arms-2019-2023"
    assert file_name(None) == "chart"


def test_view_link_is_a_full_url():
    link = export.view_link(
        "http://host:8501/", "/Arms_suppliers", {"window": "2019-2023", "supplier": "United States"}
    )
    assert link == "http://host:8501/Arms_suppliers?window=2019-2023&supplier=United+States"
    assert export.view_link("http://host", "Coups", {}) == "http://host/Coups"


def test_toolbar_download_uses_the_slide_size_and_the_view_name():
    options = geo.plotly_config("arms-share-china-africa-2019-2023")["toImageButtonOptions"]
    assert options["filename"] == "arms-share-china-africa-2019-2023"
    assert (options["format"], options["width"], options["height"], options["scale"]) == ("png", 1600, 900, 1)


def test_csv_carries_its_provenance_and_reads_back(items):
    provenance = items[0].provenance
    table = pd.DataFrame(
        {
            "Country": ["São Tomé and Príncipe", 'Côte d\'Ivoire, "CIV"'],
            "Share (%)": [12.5, None],
            "Note": ["#1", ""],
        }
    )
    data = export.csv_with_provenance(table, provenance)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    back, fields = export.read_csv_with_provenance(data)
    pd.testing.assert_frame_equal(back, table.assign(Note=["#1", np.nan]))
    assert (
        fields["Source"] == provenance.source.removeprefix("Source: ") and fields["Link"] == provenance.link
    )
    assert fields["Period"] == "2019–2023" and fields["Exported"] == provenance.exported.isoformat()
    # The page's widgets, in words, as the reader set them (the link said so: see export_views.VIEWS).
    assert fields["Filters"] == (
        "Map: Africa; Colour by: Share from a supplier; Supplier (largest first): China; Colour scale: Continuous; "
        "Years (delivery): 2019–2023; Country (or click the map): Zimbabwe (ZWE)"
    )
    # Versions of the sources the chart's source line names, from the data package.
    assert fields["Versions"] == (
        "SIPRI Arms Transfers Database: trade register generated 3 Jan 2025; the report (Cottiero 2024): Spring 2024"
    )
    # Without our reader: the block is label/value rows ended by an empty line.
    lines = data.decode("utf-8-sig").split("\n")
    assert lines[len(fields)] == "" and all(line.startswith("# ") for line in lines[: len(fields)])
    plain = pd.read_csv(io.BytesIO(data), skiprows=len(fields) + 1, encoding="utf-8-sig")
    assert plain["Country"].tolist() == table["Country"].tolist()


def test_pack_has_one_slide_per_chart_with_image_and_notes(items, rendered):
    from pptx import Presentation

    deck_bytes, zip_bytes = export.pack_rendered(
        rendered, title="Everything", link="http://localhost:8501/", exported=EXPORTED
    )
    (OUT / "briefing-pack.pptx").write_bytes(deck_bytes)
    (OUT / "briefing-pack.zip").write_bytes(zip_bytes)
    deck = Presentation(io.BytesIO(deck_bytes))
    slides = list(deck.slides)
    assert len(slides) == 1 + len(items)
    assert slides[0].shapes.title.text == "Everything"
    for shape in (slides[0].shapes.title, slides[0].placeholders[1]):  # on the slide, and visible
        assert shape.height > 0 and shape.top >= 0 and shape.top + shape.height <= deck.slide_height
    assert "14 May 2026" in slides[0].placeholders[1].text
    for slide, item in zip(slides[1:], items, strict=True):
        provenance = item.provenance
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        assert Image.open(io.BytesIO(pictures[0].image.blob)).size == (1600, 900)
        assert (pictures[0].width, pictures[0].height) == (deck.slide_width, deck.slide_height)
        assert slide.shapes.title.text == provenance.title
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Source: {provenance.source.removeprefix('Source: ')}" in notes
        assert f"Link: {provenance.link}" in notes
        assert (
            f"Filters: {provenance.filters_text}" in notes
            and f"Versions: {provenance.versions_text}" in notes
        )


def test_pack_zip_files_open(items, rendered):
    _, zip_bytes = export.pack_rendered(rendered, title="Everything", exported=EXPORTED)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    names = set(archive.namelist())
    sources = archive.read("SOURCES.md").decode("utf-8")
    for item in rendered:
        assert Image.open(io.BytesIO(archive.read(f"{item.stem}.png"))).size == (1600, 900)
        assert archive.read(f"{item.stem}.svg").lstrip().startswith(b"<svg")
        if item.table is not None:
            table, fields = export.read_csv_with_provenance(archive.read(f"{item.stem}.csv"))
            assert list(table.columns) == [str(c) for c in item.table.columns]
            assert len(table) == len(item.table) and fields["Link"] == item.provenance.link
        else:
            assert f"{item.stem}.csv" not in names
        assert item.provenance.title in sources and f"<{item.provenance.link}>" in sources
        assert item.provenance.source.removeprefix("Source: ") in sources and f"`{item.stem}.png`" in sources
    assert len(names) == 1 + 2 * len(rendered) + sum(item.table is not None for item in rendered)


def test_briefing_pack_end_to_end_with_duplicate_names():
    items = page_items("pages/3_Exercises.py", {}) * 2  # the same view twice: two slides, two distinct files
    deck_bytes, zip_bytes = export.briefing_pack(items, title="Exercises", exported=date(2026, 1, 2))
    from pptx import Presentation

    assert len(Presentation(io.BytesIO(deck_bytes)).slides) == 3
    names = zipfile.ZipFile(io.BytesIO(zip_bytes)).namelist()
    stem = items[0].provenance.stem
    assert {f"{stem}.png", f"{stem}-2.png", f"{stem}.csv", f"{stem}-2.csv"} <= set(names)


def test_concurrent_exports_get_their_own_image(tables, rendered):
    """Streamlit runs sessions in threads: each export must come back to the caller that asked."""
    figures = {
        f"Chart number {n}": go.Figure(
            go.Bar(x=[1, 2], y=[n, 1]), layout=dict(title_text=f"Chart number {n}")
        )
        for n in range(4)
    }
    results: dict[str, bytes] = {}

    def export_one(title: str) -> None:
        results[title] = export.to_svg(figures[title])

    threads = [threading.Thread(target=export_one, args=(title,)) for title in figures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(results) == set(figures)
    for title, svg in results.items():
        assert [t for t in figures if t in svg_words(svg)] == [title]


def test_outside_requests_are_refused(rendered):
    """The export browser reaches nothing outside: map shapes asked of the CDN fail at once,
    so every map drawn above was drawn from static/."""
    import kaleido

    fig = go.Figure(
        go.Choropleth(locations=["NGA"], z=[1], locationmode="ISO-3"), layout=dict(geo_scope="africa")
    )
    with render._render_lock, pytest.raises(Exception, match="topojson"):
        kaleido.calc_fig_sync(fig.to_dict(), opts=dict(format="png", width=400, height=300), topojson=None)


NO_NETWORK_SCRIPT = """
import io
import numpy as np
import plotly.graph_objects as go
from PIL import Image
from src import export
from src.export import render
from src.figures import geo
codes = sorted(geo.shape_codes("africa"))
fig = go.Figure(go.Choropleth(locations=codes, z=list(range(len(codes))), locationmode="ISO-3"))
geo.style_geo(fig, "africa")
fig.update_layout(width=800, height=800, margin=dict(l=0, r=0, t=0, b=0))
image = np.asarray(Image.open(io.BytesIO(export.to_png(fig))).convert("RGB")).astype(int)
print((image.min(axis=2) < 245).mean(), ((image.max(axis=2) - image.min(axis=2)) > 40).mean())
"""


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare (util-linux)")
def test_a_map_draws_with_no_network_at_all(tmp_path):
    """In a network namespace with no interface but loopback (down), an Africa map with every
    country coloured still draws: the shapes, plotly.js and the page all come from local files."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unshare -n is not permitted here")
    run = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", NO_NETWORK_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    drawn, coloured = (float(v) for v in run.stdout.split()[-2:])
    assert drawn > 0.3 and coloured > 0.25, (drawn, coloured)
