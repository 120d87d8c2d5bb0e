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
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from src import export
from src.export import render
from src.export.deck import deck as make_deck
from src.figures import common as figure_layout
from src.figures import drawn, geo
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


def test_each_chart_looks_the_same_as_the_browser_gets_it(items):
    """The browser gets each chart with its template written into it, its numbers as plain lists,
    no meta and a data revision (src/figures/drawn.py), so that Plotly computes and draws it once.
    Drawn by kaleido at a desktop's and a phone's width, every chart of the export views is the
    same, pixel for pixel, as the figure with its template."""
    jobs = []
    for item in items:
        for width in (1000, 390):
            fig = figure_layout.fit(go.Figure(item.figure), width)
            fig.update_layout(width=width)
            jobs += [(fig, "png"), (drawn.for_browser(fig), "png")]
    images = render.render_many(jobs)
    for n in range(0, len(images), 2):
        with_template, for_browser = (
            Image.open(io.BytesIO(image)).convert("RGB") for image in images[n : n + 2]
        )
        assert with_template.size == for_browser.size
        difference = np.asarray(with_template, dtype=int) - np.asarray(for_browser, dtype=int)
        item = items[n // 4]
        assert not difference.any(), f"{item.provenance.stem} at {(1000, 390)[(n // 2) % 2]} px"


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
        expected += [provenance.filters_text]
        for text in expected:
            assert squashed(text) in words, f"{done.stem}: {text!r} not in the figure"
            assert squashed(text) in drawn, f"{done.stem}: {text!r} not drawn in the SVG"
        assert done.svg.lstrip().startswith(b"<svg")
        assert f'width="{export.SLIDE_WIDTH}"'.encode() in done.svg[:400]


def drawn_texts(svg: bytes) -> list[tuple[str, str, float, float]]:
    """(class, text, baseline y, font size) of every line of text in a Plotly SVG, its group
    translations added up (Plotly places each piece by translate())."""
    found: list[tuple[str, str, float, float]] = []

    def walk(element: ElementTree.Element, dy: float) -> None:
        moved = re.search(r"translate\(\s*[-\d.e]+\s*,?\s*([-\d.e]+)?\)", element.get("transform") or "")
        dy += float(moved.group(1) or 0) if moved else 0
        if element.tag.endswith("}text"):
            size = float(re.search(r"font-size: ([\d.]+)px", element.get("style", "")).group(1))
            lines = [t for t in element if t.tag.endswith("}tspan")] or [element]
            for n, line in enumerate(lines):
                y = dy + float(element.get("y") or 0) + n * 1.3 * size
                found.append((element.get("class") or "", "".join(line.itertext()), y, size))
        for child in element:
            walk(child, dy)

    walk(ElementTree.fromstring(svg), 0.0)
    return found


def test_the_colour_bar_title_clears_its_top_label(rendered):
    """On a share map's slide the colour bar's title ('Share from China') stands clear above '100%':
    the title's lowest point (its baseline plus a descender) above the label's top (baseline less a
    capital's height), with a few pixels between."""
    maps = [done for done in rendered if b'class="cbtitle"' in done.svg]
    assert maps
    for done in maps:
        texts = drawn_texts(done.svg)
        title = [t for t in texts if t[0].endswith("title") and t[0].startswith("ycb")]
        top = [t for t in texts if t[1] == "100%"]
        assert title and top, done.stem
        title_bottom = max(y + 0.25 * size for _, _, y, size in title)
        label_top = min(y - 0.75 * size for _, _, y, size in top)
        assert label_top - title_bottom >= 3, (done.stem, title, top)


@pytest.mark.parametrize(
    ("page", "query", "said"),
    [
        (
            "pages/1_Arms_suppliers.py",
            {"supplier": "China", "window": "2000-2018", "country": "MOZ"},
            "Map: Africa · Supplier: China · 2000–2018 · Mozambique highlighted",
        ),
        (
            "pages/1_Arms_suppliers.py",
            {"scale": "bins"},
            "Map: Africa · Supplier: China · 2019–2023 · Shares in bands at the report's thresholds",
        ),
        (
            "pages/1_Arms_suppliers.py",
            {"mode": "leading"},
            "Map: Africa · Each country's leading supplier · 2019–2023",
        ),
        (
            "pages/2_Coups.py",
            {"country": "MLI", "failed": "0"},
            "2020–2023 · Successful coups only · Cline-only events included · Map colour: number of events · "
            "Mali highlighted",
        ),
        ("pages/3_Exercises.py", {}, "Organizations: CSTO, SCO"),
        ("pages/4_Interventions.py", {"actor": "Wagner Group"}, "Actor: Wagner Group"),
        ("pages/6_Country_profile.py", {"country": "MLI"}, "Country: Mali"),
        ("pages/6_Country_profile.py", {"countries": "MOZ,NAM"}, "Compared: Mozambique, Namibia"),
    ],
)
def test_filters_are_said_in_the_readers_words(page, query, said):
    """A slide and a file's header say the view as a reader would ('Supplier: China · 2000–2018 ·
    Mozambique highlighted'), never the widgets' labels ('Country (or click the map)', 'Colour
    scale: Continuous')."""
    items = page_items(page, query)
    assert items
    for item in items:
        assert item.provenance.filters_text == said
        assert dict(item.provenance.records())["Filters"] == said
        assert squashed(said) in squashed(figure_words(export.slide_figure(item.figure, item.provenance)))
    for label in (
        "(or click the map)",
        "Colour scale",
        "Continuous",
        "Colour by",
        "Show ",
        "Compare side by",
    ):
        assert label not in said


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
    # The view in the reader's words, as the link set it (see export_views.VIEWS), no widget label.
    assert fields["Filters"] == "Map: Africa · Supplier: China · 2019–2023 · Zimbabwe highlighted"
    # Versions of the sources the chart's source line names, from the data package.
    assert fields["Versions"] == (
        "SIPRI Arms Transfers Database: trade register generated 3 Jan 2025; the report (Cottiero 2024): Spring 2024"
    )
    # Without our reader: the block is label/value rows ended by an empty line.
    lines = data.decode("utf-8-sig").split("\n")
    assert lines[len(fields)] == "" and all(line.startswith("# ") for line in lines[: len(fields)])
    plain = pd.read_csv(io.BytesIO(data), skiprows=len(fields) + 1, encoding="utf-8-sig")
    assert plain["Country"].tolist() == table["Country"].tolist()


@pytest.fixture(scope="module")
def pack(rendered) -> tuple[bytes, bytes]:
    """The briefing pack of every chart (saved to look at)."""
    deck_bytes, zip_bytes = export.pack_rendered(
        rendered, title="Everything", link="http://localhost:8501/", exported=EXPORTED, stem="everything"
    )
    (OUT / "briefing-pack.pptx").write_bytes(deck_bytes)
    (OUT / "briefing-pack.zip").write_bytes(zip_bytes)
    return deck_bytes, zip_bytes


@pytest.fixture(scope="module")
def deck(pack):
    from pptx import Presentation

    return Presentation(io.BytesIO(pack[0]))


# The builders whose charts PowerPoint can carry: bars, stacked columns, dots on a date axis.
NATIVE = {
    "build_supplier_recipients_bar",
    "build_recipient_suppliers_bar",
    "build_exercises_chart",
    "build_supplier_mix",
    "build_profile_timeline",
    "build_coup_timeline",
}


def builder(item) -> str:
    from src.figures.plain import builder_name

    return builder_name(item.figure) or ""


def test_pack_has_one_slide_per_chart_with_its_title_and_notes(items, deck):
    slides = list(deck.slides)
    assert len(slides) == 1 + len(items)
    assert slides[0].shapes.title.text == "Everything"
    assert "14 May 2026" in slides[0].placeholders[1].text
    for slide, item in zip(slides[1:], items, strict=True):
        provenance = item.provenance
        assert slide.shapes.title.text == provenance.title
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Source: {provenance.source.removeprefix('Source: ')}" in notes
        assert f"Link: {provenance.link}" in notes
        assert (
            f"Filters: {provenance.filters_text}" in notes
            and f"Versions: {provenance.versions_text}" in notes
        )


def test_every_bar_line_and_dot_chart_is_a_native_chart_and_every_map_a_picture(items, deck):
    """Each slide holds one chart or one picture: a native chart for the bar, column and dot charts
    (every builder of one is in the export set), the slide image for maps and heatmaps."""
    assert {builder(item) for item in items} >= NATIVE
    for slide, item in zip(list(deck.slides)[1:], items, strict=True):
        charts = [s for s in slide.shapes if s.has_chart]
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        if builder(item) in NATIVE and not (builder(item) == "build_profile_timeline" and item.table.empty):
            assert len(charts) == 1 and not pictures, item.provenance.stem
        else:
            assert not charts and len(pictures) == 1, item.provenance.stem
            assert Image.open(io.BytesIO(pictures[0].image.blob)).size == (1600, 900)
            assert (pictures[0].width, pictures[0].height) == (deck.slide_width, deck.slide_height)


def test_every_title_and_text_box_lies_inside_its_slide(deck):
    """Issue 19: the titles sat above the slide. Every shape (title, text, chart, picture) is on it."""
    for number, slide in enumerate(deck.slides, start=1):
        assert slide.shapes.title is not None and slide.shapes.title.text, number
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            assert None not in box, (number, shape.name)
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name, box)
            assert shape.left + shape.width <= deck.slide_width, (number, shape.name, box)
            assert shape.top + shape.height <= deck.slide_height, (number, shape.name, box)
            if shape.has_text_frame:
                assert shape.width > 0 and shape.height > 0, (number, shape.name)


def test_native_slides_say_title_measure_filters_source_link_and_date(items, deck):
    for slide, item in zip(list(deck.slides)[1:], items, strict=True):
        if not any(s.has_chart for s in slide.shapes):
            continue
        words = squashed(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
        provenance = item.provenance
        expected = [provenance.title, provenance.subtitle, provenance.source, provenance.link]
        expected += [
            provenance.exported_text,
            provenance.filters_text,
        ]
        for text in expected:
            assert squashed(text) in words, f"{provenance.stem}: {text!r} not on the slide"


def workbook_cells(chart) -> set[str]:
    """Every cell value of a chart's embedded workbook (what Edit Data shows), as text."""
    blob = chart.part.chart_workbook.xlsx_part.blob
    archive = zipfile.ZipFile(io.BytesIO(blob))
    shared = re.findall(r"<t[^>]*>([^<]*)</t>", archive.read("xl/sharedStrings.xml").decode("utf-8"))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    cells = set()
    for kind, value in re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="(\w+)")?><v>([^<]*)</v>', sheet):
        cells.add(html.unescape(shared[int(value)]) if kind == "s" else f"{float(value):g}")
    return cells


def chart_values(plot_series) -> list[float | None]:
    return [None if v is None else round(float(v), 6) for v in plot_series.values]


def csv_values(column: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else round(float(v), 6) for v in column]


def xy_points(plot_series) -> list[tuple[float, float]]:
    """An XY series' (x, y) points, from the chart's XML (python-pptx reads only the y values)."""
    xs = [float(v) for v in plot_series._element.xpath("./c:xVal//c:pt/c:v/text()")]  # noqa: SLF001
    return list(zip(xs, plot_series.values, strict=True))


def lower_bound(cell: str) -> float:
    """The report's '≥ 38' (at least 38) as the number the bar ends at."""
    return float(re.fullmatch(r"(≥ )?(\d+)", cell).group(2))


def test_native_charts_hold_the_numbers_of_their_csv(items, deck):
    """Read back with python-pptx, each native chart's categories and values are those of the CSV
    of the same chart (written by csv_with_provenance and read back), and its workbook holds them."""
    checked = set()
    for slide, item in zip(list(deck.slides)[1:], items, strict=True):
        charts = [s.chart for s in slide.shapes if s.has_chart]
        if not charts:
            continue
        chart, kind = charts[0], builder(item)
        csv, _ = export.read_csv_with_provenance(export.csv_with_provenance(item.table, item.provenance))
        plot = chart.plots[0]
        categories = [str(c) for c in plot.categories] if kind != "build_coup_timeline" else []
        series = list(plot.series)
        cells = workbook_cells(chart)
        if kind == "build_supplier_recipients_bar":
            drawn = len(item.figure.data[0].y)  # the top 15, as the figure; the rest are in the CSV
            assert drawn == min(15, len(csv))
            assert categories == csv["Recipient"].head(drawn).tolist()
            assert chart_values(series[0]) == csv_values(csv["TIV received (millions)"].head(drawn))
        elif kind == "build_recipient_suppliers_bar":
            assert categories == csv["Supplier"].tolist()
            assert chart_values(series[0]) == csv_values(csv["TIV (millions)"])
        elif kind == "build_exercises_chart":
            assert categories == csv["Organization"].tolist()
            assert chart_values(series[0]) == [lower_bound(c) for c in csv["Exercises"]]
            labels = [p.data_label.text_frame.text for p in series[0].points]
            assert [label.split(" (")[0] for label in labels] == csv[
                "Exercises"
            ].tolist()  # '≥ 38' as written
        elif kind == "build_supplier_mix":
            columns = [c for c in csv.columns if c.endswith(" (TIV)") and c != "All suppliers (TIV)"]
            assert categories == [str(y) for y in csv["Year"]]
            assert [s.name for s in series] == [c.removesuffix(" (TIV)") for c in columns]
            for plot_series, column in zip(series, columns, strict=True):
                assert chart_values(plot_series) == csv_values(csv[column])
            stacks = [sum(v or 0 for v in values) for values in zip(*(s.values for s in series), strict=True)]
            assert stacks == pytest.approx(csv["All suppliers (TIV)"].tolist(), abs=0.02)
        elif kind == "build_profile_timeline":
            low, high = item.figure.layout.xaxis.range
            assert categories == [str(y) for y in range(int(low + 0.5), int(high - 0.5) + 1)]
            cells_of = {(r.supplier, str(r.year)): round(float(r.tiv), 6) for r in csv.itertuples()}
            drawn = {
                (s.name, year): value
                for s in series
                for year, value in zip(categories, chart_values(s), strict=True)
                if value is not None
            }
            assert drawn == cells_of
        elif kind == "build_coup_timeline":
            rows: dict[float, str] = {}
            for plot_series in series:
                for point, (_, y) in zip(plot_series.points, xy_points(plot_series), strict=False):
                    if point.data_label.has_text_frame and point.data_label.text_frame.text.strip():
                        rows[y] = point.data_label.text_frame.text.strip()
            assert list(dict.fromkeys(rows[y] for y in sorted(rows))) == list(dict.fromkeys(csv["Country"]))
            cline_only = csv["Recorded by"].eq("Cline Center only")
            expected = {
                "Successful coups": csv[csv["Outcome (P&T)"].eq("successful")],
                "Failed attempts": csv[csv["Outcome (P&T)"].eq("failed")],
                "Only the Cline Center records": csv[cline_only],
                "Listed": csv[csv["Report footnote"].notna()],
            }
            for plot_series in series:
                points = {
                    ((date(1899, 12, 30) + pd.Timedelta(days=x)).isoformat(), rows[y])
                    for x, y in xy_points(plot_series)
                }
                rows_of = expected["Listed" if plot_series.name.startswith("Listed") else plot_series.name]
                assert points == set(zip(rows_of["Date"], rows_of["Country"], strict=True))
            assert {s.name for s in series} >= {"Successful coups", "Failed attempts"} | (
                {"Only the Cline Center records"} if cline_only.any() else set()
            )
        else:
            raise AssertionError(f"a native chart from {kind!r}, which this test does not know")
        for plot_series in series:  # Edit Data shows every number drawn
            assert plot_series.name in cells
            for value in plot_series.values:
                assert value is None or f"{float(value):g}" in cells, (item.provenance.stem, value)
        for category in categories:
            assert category in cells or f"{float(category):g}" in cells
        checked.add(kind)
    assert checked == NATIVE


def test_native_charts_wear_the_palette(items, deck):
    """Series colours are the palette's, as the figure draws them (China vermillion, Russia blue...)."""
    from src.figures import palette

    for slide, item in zip(list(deck.slides)[1:], items, strict=True):
        charts = [s.chart for s in slide.shapes if s.has_chart]
        if not charts or builder(item) not in ("build_supplier_mix", "build_profile_timeline"):
            continue
        for plot_series in charts[0].plots[0].series:
            fill = plot_series.format.fill
            if plot_series.name in palette.SUPPLIER_COLOURS or plot_series.name == "China":
                assert f"#{fill.fore_color.rgb}" == palette.SUPPLIER_COLOURS[plot_series.name]


def test_pack_zip_files_open(items, rendered, pack):
    archive = zipfile.ZipFile(io.BytesIO(pack[1]))
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
    assert "`everything.html`" in sources and archive.read("everything.html").startswith(b"<!DOCTYPE html>")
    assert len(names) == 2 + 2 * len(rendered) + sum(item.table is not None for item in rendered)


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
from src.export.deck import deck as make_deck
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


def test_interactive_file_holds_every_chart_its_provenance_table_and_shapes(items):
    """One HTML file for the view: plotly.js and the map shapes inlined, no script, style or image
    from anywhere else, a policy that forbids every request, and each chart's provenance and table."""
    page = export.interactive_html(
        items, title="Everything", link="http://localhost:8501/", exported=EXPORTED
    )
    text = page.decode("utf-8")
    OUT.mkdir(parents=True, exist_ok=True)  # a fresh clone's first test here may be this one
    (OUT / "everything.html").write_bytes(page)
    assert text.count('class="plotly-graph-div"') == len(items)
    assert "connect-src 'none'" in text and "default-src 'none'" in text
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", text, flags=re.IGNORECASE)
    assert "window.PlotlyGeoAssets = {topojson: {" in text
    for name in ("africa_50m", "world_110m"):  # the shipped shapes the maps draw, inside the file
        assert f'"{name}":{{"type":"Topology"' in text
    for item in items:
        for name, value in item.provenance.records():
            assert html.escape(str(value), quote=True) in text, (item.provenance.stem, name)
        if item.table is not None:
            assert f"({len(item.table)} row" in text
            data = export.csv_with_provenance(item.table, item.provenance).decode("utf-8-sig")
            csv = pd.read_csv(io.StringIO(data.split("\n\n", 1)[1]), dtype=str, keep_default_na=False)
            for cell in csv.head(5).to_numpy().ravel():  # each cell as the CSV writes it
                assert f"<td>{html.escape(cell, quote=False)}</td>" in text, (item.provenance.stem, cell)
    # What it costs: plotly.js is most of it (see README).
    assert len(page) < 6_000_000


def test_interactive_file_keeps_hostile_text_as_text():
    fig = go.Figure(go.Bar(x=[1], y=["a"]), layout=dict(title_text="</script><script>alert(1)</script>"))
    provenance = export.Provenance(
        title="</script><b>x</b>",
        subtitle="<img src=x onerror=alert(1)>",
        source="Source: <a href='javascript:alert(1)'>",
        link="javascript:alert(1)",
        stem="hostile",
    )
    table = pd.DataFrame({"Country": ["<script>alert(1)</script>"]})
    text = export.interactive_html([(fig, provenance, table)], title="<script>t</script>").decode("utf-8")
    body = text.split("</head>", 1)[1]
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body and "<b>x</b>" not in body
    assert 'href="javascript:' not in body  # a link that is not a web address is shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="needs LibreOffice (apt-get install libreoffice-impress)"
)
def test_libreoffice_draws_the_deck(items, pack, deck, tmp_path, request):
    """Optional (skipped without LibreOffice): Debian's LibreOffice converts the deck to PDF, one page
    a slide, each page saved as an image in test-artifacts/export/ to look at; a native chart's page
    has marks drawn in its first series' palette colour."""
    pdfium = pytest.importorskip("pypdfium2")
    path = tmp_path / "deck.pptx"
    path.write_bytes(pack[0])
    profile = (tmp_path / "profile").as_uri()  # its own profile: runs in parallel do not share one
    run = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    pdf = pdfium.PdfDocument(str(tmp_path / "deck.pdf"))
    request.addfinalizer(pdf.close)
    assert len(pdf) == len(deck.slides)
    for number, item in enumerate([None, *items]):
        image = pdf[number].render(scale=1600 / pdf[number].get_width()).to_pil().convert("RGB")
        image.save(OUT / f"deck-slide-{number:02d}.png")
        native = export.chart_data(item.figure, item.table) if item else None
        if native is None:
            continue
        first = native.marks[0] if hasattr(native, "marks") else native.series[0]
        colour = (getattr(first, "point_colours", ()) or (first.colour,))[0]
        target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        array = np.asarray(image).astype(int)
        matching = int((np.abs(array - target).max(axis=2) <= 16).sum())
        assert matching > 300, f"slide {number}: {colour} marks not drawn ({matching} pixels)"


def test_a_table_that_no_longer_fits_its_chart_gives_the_picture_not_a_broken_deck(caplog):
    from types import SimpleNamespace

    from pptx import Presentation

    fig = go.Figure(
        go.Bar(x=[3.0], y=["1 Algeria"], orientation="h"),
        layout=dict(meta={"builder": "build_supplier_recipients_bar"}),
    )
    png = io.BytesIO()
    Image.new("RGB", (1600, 900), "white").save(png, format="PNG")
    provenance = export.Provenance(title="Renamed", subtitle="", source="", link="", stem="renamed")
    item = SimpleNamespace(
        figure=fig, table=pd.DataFrame({"Renamed": [1]}), provenance=provenance, png=png.getvalue()
    )
    slides = list(Presentation(io.BytesIO(make_deck([item], title="t", subtitle="s"))).slides)
    assert [s.shape_type for s in slides[1].shapes if s.shape_type == 13] == [13]  # the picture
    assert "no native chart for renamed" in caplog.text


def test_the_app_starts_without_the_exports_it_may_never_make():
    """A fresh process that imports the pages' layer has not loaded python-pptx, kaleido or the
    interactive file's plotly.js (about a tenth of a cold start): they load with the first export."""
    code = (
        "import sys, src.web.ui; "
        "print(sorted(m for m in ('pptx', 'kaleido', 'src.export.deck', 'src.export.interactive') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]", loaded.stdout
    assert export.chart_data.__module__ == "src.export.native" and callable(export.interactive_html)
