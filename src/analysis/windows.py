"""Windows of years offered one click away: SIPRI's latest, and what the report's sources could see."""

from __future__ import annotations

from dataclasses import dataclass

from src.data.meta import Meta
from src.data.text import window_label

Window = tuple[int, int]


@dataclass(frozen=True)
class Preset:
    """A window one click away: a short label for the button, a sentence saying why it matters."""

    window: Window
    why: str

    @property
    def label(self) -> str:
        return window_label(*self.window)


def presets(meta: Meta, resource: str, sources_last_year: int | None) -> list[Preset]:
    """The latest window of the table (SIPRI's usual length), and all the data the report's sources
    could have used (up to the year before they were published), each with the data package's why."""
    first, last = meta.coverage(resource)
    offered = [Preset(meta.latest_window(resource), meta.why("latest"))]
    if sources_last_year is not None and first < sources_last_year <= last:
        offered.append(Preset((first, sources_last_year), meta.why("sources")))
    return offered
