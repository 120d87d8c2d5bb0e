"""The briefing pack's PowerPoint deck: a cover, then one 16:9 slide per chart.

A bar, column or dot chart is a native chart (python-pptx's chart API) that PowerPoint edits like
any other: its numbers sit in the chart's own workbook (Edit Data shows them), from the table
behind the chart (src/export/native.py), in the palette's colours, with the title, measure and
period, filters, source, link and date as text on the slide. Maps and heatmaps are the slide image
(the PNG export, its provenance inside the picture). Every slide's title is its title placeholder,
inside the slide (the outline, navigation and screen readers read it); speaker notes carry the
provenance, one field a line.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from src.export.native import CategoryChart, DotTimeline, Series, chart_data
from src.export.provenance import Provenance
from src.figures.common import text_width

logger = logging.getLogger(__name__)

# The slide in points (13.333 × 7.5 in, 16:9), and the frame the text and chart keep to.
SLIDE_W, SLIDE_H = 960, 540
SIDE, TOP, BOTTOM = 36, 20, 14
TEXT_W = SLIDE_W - 2 * SIDE
TITLE_PT, SUBTITLE_PT, NOTE_PT, SOURCE_PT, FOOTER_PT, CHART_PT = 24, 13, 11, 10, 9, 12
LINE = 1.22  # line height over font size
TEXT, MUTED, GRID = "222222", "555555", "E3E3E3"
# Plotly's pattern shapes as PowerPoint's pattern fills (the hatching that tells apart the grey
# suppliers outside the palette's eight).
PATTERNS = {
    "/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    "\\": MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
    "x": MSO_PATTERN.DIAGONAL_CROSS,
    "-": MSO_PATTERN.NARROW_HORIZONTAL,
    "|": MSO_PATTERN.NARROW_VERTICAL,
    "+": MSO_PATTERN.SMALL_GRID,
    ".": MSO_PATTERN.PERCENT_20,
}
# Days between Excel's day 0 and a date: a date in a chart's workbook is this serial number.
EXCEL_EPOCH = date(1899, 12, 30)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def lines(text: str, size: float, width: float = TEXT_W, bold: bool = False) -> int:
    """How many lines `text` takes in a box `width` points wide (Arial's widths: the theme's Calibri
    is narrower, so the box is never too short)."""
    width = width * 0.95  # a little room for a renderer whose font runs wider than the estimate
    count, used = 0, 0.0
    for word in text.split():
        needed = text_width(word if not used else f" {word}", size, bold)
        if used and used + needed <= width:
            used += needed
        else:
            count, used = count + 1, text_width(word, size, bold)
    return max(count, 1)


def _height(paragraphs: Sequence[tuple[str, float, bool, str]], width: float = TEXT_W) -> float:
    return sum(lines(text, size, width, bold) * size * LINE for text, size, bold, _ in paragraphs) + 2


def _fill_text(frame: Any, paragraphs: Sequence[tuple[str, float, bool, str]]) -> None:
    """Paragraphs of (text, size, bold, colour) in a text frame, top-aligned, wrapped, no autofit."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for index, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.line_spacing = LINE * 0.83  # PowerPoint's single spacing is about 1.2 × the size
        run = paragraph.add_run() if not paragraph.runs else paragraph.runs[0]
        run.text = text
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = _rgb(colour)


def _text_box(slide: Any, paragraphs: Sequence[tuple[str, float, bool, str]], top: float) -> float:
    """A text box across the slide's text width at `top` (points); returns its height."""
    height = _height(paragraphs)
    box = slide.shapes.add_textbox(Pt(SIDE), Pt(top), Pt(TEXT_W), Pt(height))
    _fill_text(box.text_frame, paragraphs)
    return height


def _title(slide: Any, text: str) -> float:
    """The slide's title placeholder, inside the slide at its top; returns its height in points."""
    paragraphs = [(text, TITLE_PT, True, TEXT)]
    height = _height(paragraphs)
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = Pt(SIDE), Pt(TOP), Pt(TEXT_W), Pt(height)
    heading.text_frame.clear()
    _fill_text(heading.text_frame, paragraphs)
    return height


def speaker_notes(provenance: Provenance) -> str:
    """Sources, filters, dataset versions and the restore link, one field a line."""
    return "\n".join(f"{name}: {value}" for name, value in provenance.records())


def _head(provenance: Provenance) -> list[tuple[str, float, bool, str]]:
    head = [(provenance.subtitle, SUBTITLE_PT, False, "444444")] if provenance.subtitle else []
    if provenance.filters:
        head.append((provenance.filters_text, SUBTITLE_PT, False, "444444"))
    return head


def _foot(provenance: Provenance) -> list[tuple[str, float, bool, str]]:
    return [
        (provenance.source, SOURCE_PT, False, MUTED),
        (
            f"Link to this view: {provenance.link}   ·   Exported {provenance.exported_text}",
            FOOTER_PT,
            False,
            MUTED,
        ),
    ]


# Native charts -------------------------------------------------------------------------------------


def _manual_plot_area(chart: Any, x: float, y: float, w: float, h: float) -> None:
    """Place the plot area (the axes' rectangle, without tick labels) at fractions of the chart's
    frame, so a shape drawn on the slide (a dotted divider) lands where the chart's data are."""
    plot_area = chart._chartSpace.plotArea  # noqa: SLF001 - python-pptx has no API for this
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = plot_area.makeelement(qn("c:layout"), {})
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = layout.makeelement(qn("c:manualLayout"), {})
    layout.append(manual)
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge")):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": value}))
    for tag, value in (("x", x), ("y", y), ("w", w), ("h", h)):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": f"{value:.4f}"}))


def _every_category_label(chart: Any) -> None:
    """Label every category (PowerPoint skips some when they are crowded: a ranking needs them all)."""
    axis = chart._chartSpace.catAx_lst[0]  # noqa: SLF001 - python-pptx has no API for tickLblSkip
    for old in axis.findall(qn("c:tickLblSkip")):
        axis.remove(old)
    skip = axis.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    # Its place in the schema: after c:lblOffset (or c:lblAlgn), before c:tickMarkSkip and c:noMultiLvlLbl.
    following = [axis.find(qn(f"c:{tag}")) for tag in ("tickMarkSkip", "noMultiLvlLbl", "extLst")]
    anchor = next((element for element in following if element is not None), None)
    if anchor is not None:
        anchor.addprevious(skip)
    else:
        axis.append(skip)


def _fill(fill: Any, colour: str, pattern: str = "") -> None:
    if pattern in PATTERNS:
        fill.patterned()
        fill.pattern = PATTERNS[pattern]
        fill.fore_color.rgb = _rgb(colour)
        fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    else:
        fill.solid()
        fill.fore_color.rgb = _rgb(colour)


def _style_axes(chart: Any, value_title: str) -> None:
    chart.font.size = Pt(CHART_PT)
    chart.font.color.rgb = _rgb(TEXT)
    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb(GRID)
    values.format.line.fill.background()
    values.tick_labels.number_format = "#,##0"
    values.tick_labels.number_format_is_linked = False
    values.major_tick_mark = XL_TICK_MARK.NONE
    values.has_title = True
    values.axis_title.text_frame.text = value_title
    values.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_PT)
    values.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    categories = chart.category_axis
    categories.tick_labels.font.size = Pt(CHART_PT - 1)
    categories.major_tick_mark = XL_TICK_MARK.NONE
    categories.format.line.color.rgb = _rgb("BBBBBB")


def _series_style(plot_series: Any, data: Series) -> None:
    _fill(plot_series.format.fill, data.colour, data.pattern)
    plot_series.format.line.fill.background()
    for index, colour in enumerate(data.point_colours):
        _fill(plot_series.points[index].format.fill, colour)
    for index, text in enumerate(data.labels):
        if data.values[index] is None:
            continue
        label = plot_series.points[index].data_label
        label.has_text_frame = True
        label.text_frame.text = text
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.font.size = Pt(CHART_PT - 1)
        label.font.color.rgb = _rgb(TEXT)


def _category_chart(
    slide: Any, data: CategoryChart, left: float, top: float, width: float, height: float
) -> Any:
    chart_data_ = CategoryChartData(number_format=data.number_format)
    chart_data_.categories = list(data.categories)
    for series in data.series:
        chart_data_.add_series(series.name, list(series.values), number_format=data.number_format)
    if data.orientation == "bar":
        kind = XL_CHART_TYPE.BAR_CLUSTERED
    else:
        kind = XL_CHART_TYPE.COLUMN_STACKED if len(data.series) > 1 else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, Pt(left), Pt(top), Pt(width), Pt(height), chart_data_)
    chart = frame.chart
    plot = chart.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60 if data.orientation == "bar" else 30
    if len(data.series) > 1:
        plot.overlap = 100
    chart.has_title = False  # the slide's title says it
    _style_axes(chart, data.value_title)
    _every_category_label(chart)
    for plot_series, series in zip(plot.series, data.series, strict=True):
        _series_style(plot_series, series)
    chart.has_legend = len(data.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_PT - 1)
    if data.orientation == "bar":
        # The first category at the top, as the figure reads; the value axis stays at the bottom.
        chart.category_axis.reverse_order = True
        value_axis = chart._chartSpace.valAx_lst[0]  # noqa: SLF001
        value_axis._remove_crosses()  # noqa: SLF001
        value_axis._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)  # noqa: SLF001
        peak = max((v for s in data.series for v in s.values if v is not None), default=0.0)
        if any(s.labels for s in data.series) and peak > 0:
            chart.value_axis.maximum_scale = peak * 1.22  # room for the labels past the longest bar
        chart.value_axis.minimum_scale = 0
    else:
        if data.value_max is not None:
            chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, data.value_max
        legend_rows = 1 + sum(len(s.name) + 4 for s in data.series) * CHART_PT * 0.5 // (width - 40)
        above = (CHART_PT * 1.6 * legend_rows + 8) / height if chart.has_legend else 0.04
        x, w = 74 / width, 1 - 74 / width - 12 / width
        y, h = above, 1 - above - 34 / height
        _manual_plot_area(chart, x, y, w, h)
        if data.divider is not None:
            at = left + width * (x + w * (data.divider + 1) / len(data.categories))
            line = slide.shapes.add_connector(
                1, Pt(at), Pt(top + height * y), Pt(at), Pt(top + height * (y + h))
            )
            line.line.color.rgb = _rgb(MUTED)
            line.line.width = Pt(1.25)
            line.line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT
            line.name = "Divider: the report's source could not see the years after it"
    return frame


def excel_serial(day: date) -> int:
    """A date as the number a spreadsheet stores (days since 30 December 1899)."""
    return (day - EXCEL_EPOCH).days


LABEL_GAP = "\u2003"  # an em space between a row's name and its first mark (and that mark's ring)
MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "x": XL_MARKER_STYLE.X,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "ring": XL_MARKER_STYLE.CIRCLE,
}
HOLLOW = ("ring", "diamond")  # drawn as an outline, as the figure draws them


def _dot_timeline(slide: Any, data: DotTimeline, left: float, top: float, width: float, height: float) -> Any:
    """An XY chart: x the event's date (a date serial, shown as years), y its country's row (1 at
    the top). Each row's name is the label of its first mark, at the mark's left."""
    chart_data_ = XyChartData(number_format="yyyy-mm-dd")
    for marks in data.marks:
        series = chart_data_.add_series(marks.name, number_format="0")
        for day, row in zip(marks.dates, marks.rows, strict=True):
            series.add_data_point(excel_serial(day), row)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, Pt(left), Pt(top), Pt(width), Pt(height), chart_data_
    )
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(CHART_PT)
    chart.font.color.rgb = _rgb(TEXT)
    # Ticks 365.25 days apart from 2 January fall on 1 to 3 January of every year: 'yyyy' names
    # the right year under each (a start on 1 January would name the year before under some).
    first = date(data.start.year, 1, 2)
    earliest = min((d for m in data.marks for d in m.dates), default=first)
    if earliest < first:
        first = date(earliest.year - 1, 1, 2)
    dates = chart.category_axis  # an XY chart's horizontal axis is a value axis
    dates.minimum_scale, dates.maximum_scale = excel_serial(first), excel_serial(date(data.end.year, 12, 31))
    dates.major_unit = 365.25
    dates.tick_labels.number_format, dates.tick_labels.number_format_is_linked = "yyyy", False
    dates.has_major_gridlines = True
    dates.major_gridlines.format.line.color.rgb = _rgb(GRID)
    dates.major_tick_mark = XL_TICK_MARK.NONE
    dates.format.line.color.rgb = _rgb("BBBBBB")
    rows = chart.value_axis
    rows.minimum_scale, rows.maximum_scale, rows.major_unit = 0.5, len(data.rows) + 0.5, 1
    rows.reverse_order = True
    rows.crosses = XL_AXIS_CROSSES.MAXIMUM  # the date axis at the bottom, below the last row
    rows.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    rows.has_major_gridlines = False
    rows.major_tick_mark = XL_TICK_MARK.NONE
    rows.format.line.fill.background()
    firsts = {}
    for s_index, marks in enumerate(data.marks):
        if marks.symbol == "ring":
            continue
        for p_index, (day, row) in enumerate(zip(marks.dates, marks.rows, strict=True)):
            if row not in firsts or day < firsts[row][0]:
                firsts[row] = (day, s_index, p_index)
    for plot_series, marks in zip(chart.plots[0].series, data.marks, strict=True):
        plot_series.format.line.fill.background()
        plot_series.smooth = False
        marker = plot_series.marker
        marker.style = MARKERS[marks.symbol]
        marker.size = 16 if marks.symbol == "ring" else 9
        if marks.symbol in HOLLOW:
            # A hollow ring, its series last so PowerPoint draws it over the event's mark; a hollow
            # diamond, an event only the Cline Center records. (LibreOffice draws a ring filled and
            # beneath the mark: a black ring around it all the same.)
            marker.format.fill.background()
        else:
            marker.format.fill.solid()
            marker.format.fill.fore_color.rgb = _rgb(marks.colour)
        marker.format.line.color.rgb = _rgb(marks.colour)
        marker.format.line.width = Pt(1.25 if marks.symbol == "ring" else 2)
    for row, (_, s_index, p_index) in sorted(firsts.items()):
        label = chart.plots[0].series[s_index].points[p_index].data_label
        label.has_text_frame = True
        label.text_frame.text = data.rows[row - 1] + LABEL_GAP
        label.position = XL_LABEL_POSITION.LEFT
        label.font.size = Pt(CHART_PT - 1)
        label.font.color.rgb = _rgb(TEXT)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(CHART_PT - 1)
    widest = max((text_width(r, CHART_PT - 1) for r in data.rows), default=0)
    x = min(0.4, (widest + 24) / width)
    y = (CHART_PT * 2 + 6) / height  # below the legend
    _manual_plot_area(chart, x, y, 1 - x - 12 / width, 1 - y - 30 / height)
    return frame


def _native_slide(slide: Any, provenance: Provenance, data: CategoryChart | DotTimeline) -> None:
    y = TOP + _title(slide, provenance.title) + 6
    head = _head(provenance)
    if head:
        y += _text_box(slide, head, y) + 8
    foot = _foot(provenance)
    note = [(data.note, NOTE_PT, False, "444444")] if data.note else []
    foot_top = SLIDE_H - BOTTOM - _height(foot)
    note_top = foot_top - (_height(note) + 6 if note else 0)
    draw = _category_chart if isinstance(data, CategoryChart) else _dot_timeline
    frame = draw(slide, data, SIDE, y, TEXT_W, note_top - 8 - y)
    frame.name = f"Chart: {provenance.title}"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", f"{provenance.title}. {provenance.subtitle}")  # noqa: SLF001
    if note:
        _text_box(slide, note, note_top)
    _text_box(slide, foot, foot_top)


def _picture_slide(slide: Any, provenance: Provenance, png: bytes, width: Emu, height: Emu) -> None:
    # The picture carries the visible title; the slide's own title (for the outline, navigation
    # and screen readers) lies inside the slide, under the picture, where the picture draws it.
    _title(slide, provenance.title)
    picture = slide.shapes.add_picture(io.BytesIO(png), 0, 0, width=width, height=height)
    picture._element.nvPicPr.cNvPr.set("descr", f"{provenance.title}. {provenance.subtitle}")  # noqa: SLF001


def deck(items: Sequence[Any], *, title: str, subtitle: str) -> bytes:
    """The deck of rendered items (src/export/packs.RenderedItem): a cover, then a native chart where
    the chart has one (native.chart_data), else the slide image."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    presentation.core_properties.title = title
    cover = presentation.slides.add_slide(presentation.slide_layouts[0])  # "Title Slide"
    cover.shapes.title.text = title
    cover.placeholders[1].text = subtitle
    # Layouts were drawn for 4:3: stretch the cover's two placeholders across the 16:9 slide (a
    # placeholder's own position replaces the layout's whole, so all four values are set).
    for shape in (cover.shapes.title, cover.placeholders[1]):
        top, height = shape.top, shape.height
        shape.left, shape.top = Inches(0.9), top
        shape.width, shape.height = presentation.slide_width - Inches(1.8), height
    for item in items:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # "Title Only"
        try:
            native = chart_data(item.figure, item.table)
        except (KeyError, ValueError, IndexError, TypeError):
            # A table whose columns no longer match its recipe (tests/test_export.py catches it):
            # the deck still comes, with the slide image for that chart.
            logger.exception("no native chart for %s: its slide image instead", item.provenance.stem)
            native = None
        if native is not None:
            _native_slide(slide, item.provenance, native)
        else:
            _picture_slide(
                slide, item.provenance, item.png, presentation.slide_width, presentation.slide_height
            )
        slide.notes_slide.notes_text_frame.text = speaker_notes(item.provenance)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
