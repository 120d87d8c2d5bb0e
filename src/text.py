"""How numbers and periods are written for readers, the same on every page and chart."""

from __future__ import annotations


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
