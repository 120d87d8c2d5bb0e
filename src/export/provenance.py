"""What every export says about itself: title, measure and period, filters in words, sources with
versions and footnotes, the link that restores the view, the date; read from the figure."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import plotly.graph_objects as go


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
        """'Supplier: China · 2000–2018 · Mozambique highlighted' (a pair with no label is its value
        alone), or '' when no filter is active."""
        return " · ".join(f"{label}: {value}" if label else value for label, value in self.filters)

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
    <span> that follows the title's <br>. The source line is the frame's full source, or else the
    annotation named "source".
    """
    text = fig.layout.title.text or ""
    subtitle = fig.layout.title.subtitle.text or ""
    if not subtitle and (match := re.search(r"<span[^>]*>(.*?)</span>", text, flags=re.DOTALL)):
        subtitle = match.group(1)
        text = text[: match.start()]
    sources = [a.text for a in fig.layout.annotations if a.name == "source"]
    frame = fig.layout.meta.get("frame", {}) if isinstance(fig.layout.meta, dict) else {}
    if frame.get("full_source"):  # a small chart shows a short source; its exports carry the full one
        sources = [frame["full_source"]]
    return FigureTexts(plain(text), plain(subtitle), plain(sources[0] if sources else ""))


def view_link(base_url: str, page: str, query: Mapping[str, str]) -> str:
    """The full URL of a view: the app's base URL, the page's path and its query string."""
    path = page.strip("/")
    encoded = urllib.parse.urlencode(dict(query), safe=",:")
    return f"{base_url.rstrip('/')}/{path}" + (f"?{encoded}" if encoded else "")
