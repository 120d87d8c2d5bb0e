"""How numbers and periods are written for readers, the same on every page and chart."""

from __future__ import annotations

import re


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


def file_name(*parts: object) -> str:
    """A download's file name from the parts of its view, e.g. ('arms', 'share', 'United States',
    2019, 2023) -> 'arms-share-United_States-2019-2023'; empty parts are left out."""
    cleaned = [re.sub(r"[^0-9A-Za-z]+", "_", str(p)).strip("_") for p in parts if p not in (None, "")]
    return "-".join(p for p in cleaned if p)
