"""How numbers and periods are written for readers, the same on every page and chart."""

from __future__ import annotations

import re
import unicodedata


def window_label(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def pct(value: float) -> str:
    """A share as a reader would say it; tiny non-zero shares are not rounded to 0 %."""
    if value != value:  # NaN
        return "n/a"
    if 0 < value < 0.5:
        return "<0.5%"
    return f"{value:.1f}%" if value < 99.95 else "100%"


def tiv(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def escape_markdown(text: str) -> str:
    """Text as Streamlit's Markdown shows it literally: every character Markdown, HTML or KaTeX
    could act on is backslash-escaped (links, images, emphasis, headings, math, colour tags)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _slug(part: object) -> str:
    """'São Tomé and Príncipe' -> 'sao-tome-and-principe'; (2019, 2023) -> '2019-2023'."""
    if isinstance(part, tuple | list):
        if len(part) == 2 and part[0] == part[1]:
            part = part[0]  # a one-year window is one year
        else:
            return "-".join(s for s in (_slug(p) for p in part) if s)
    ascii_text = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def file_name(*parts: object) -> str:
    """A download's file name (no extension) from the parts of its view, e.g. ('arms', 'share',
    'United States', 2019, 2023) -> 'arms-share-united-states-2019-2023'. Empty parts (None, '', no
    country selected) are left out; ASCII only, so every system and mail client keeps it."""
    slugs = [s for s in (_slug(p) for p in parts if p not in (None, "")) if s]
    return "-".join(slugs) or "chart"
