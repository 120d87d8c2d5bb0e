"""What the data package says about its data: sources, versions, coverage, licences.

Every dataset version, attribution, licence and year span shown in the app is read here from
data/datapackage.json (and the derivation scripts write it there), never typed in a page or a
figure. The source line of every chart is built by `Meta.source_line` from the ids of the sources
it draws on and the footnotes of the rows it draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

REPORT = "report"  # the id of the report among the package's sources
Window = tuple[int, int]


@dataclass(frozen=True)
class Source:
    id: str
    title: str  # the full citation
    short_title: str  # how a chart's source line names it
    version: str
    path: str | None = None
    attribution: str | None = None  # what the publisher asks users to write
    note: str | None = None
    coverage: tuple[int, int] | None = None  # first and last year of the source's own data

    @property
    def label(self) -> str:
        """'<short title>, <version>': name and version, as a source line gives them."""
        return f"{self.short_title}, {self.version}"


def footnote_refs(footnotes: Iterable[Any]) -> str:
    """'fn N, M' for the footnotes given (repeats and missing values dropped, in number order)."""
    numbers = sorted({int(f) for f in footnotes if pd.notna(f)})
    return "fn " + ", ".join(str(n) for n in numbers) if numbers else ""


class Meta:
    """The descriptor, read once; the app's only way to name a source, a version or a year span."""

    def __init__(self, descriptor: dict[str, Any]):
        self.descriptor = descriptor
        self.resources = {r["name"]: r for r in descriptor["resources"]}
        self.sources: dict[str, Source] = {}
        for entry in [
            *descriptor.get("sources", []),
            *(s for r in self.resources.values() for s in r.get("sources", [])),
        ]:
            if entry.get("id") and entry["id"] not in self.sources:
                coverage = entry.get("coverage")
                self.sources[entry["id"]] = Source(
                    id=entry["id"],
                    title=entry["title"],
                    short_title=entry.get("shortTitle", entry["title"]),
                    version=entry.get("version", ""),
                    path=entry.get("path"),
                    attribution=entry.get("attribution"),
                    note=entry.get("note"),
                    coverage=(int(coverage["start"]), int(coverage["end"])) if coverage else None,
                )

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def coverage(self, resource: str) -> tuple[int, int]:
        """First and last year of a table, as the descriptor records them."""
        span = self.resources[resource]["coverage"]
        return int(span["start"]), int(span["end"])

    # Definitions typed once in the descriptor's dashboard block -------------------------------------

    @property
    def _dashboard(self) -> dict[str, Any]:
        return self.descriptor["dashboard"]

    @property
    def latest_window_years(self) -> int:
        """How many years SIPRI's usual window spans (the latest window in the data)."""
        return int(self._dashboard["latestWindowYears"])

    def latest_window(self, resource: str) -> tuple[int, int]:
        """SIPRI's usual window: the last `latest_window_years` years of a table's coverage."""
        first, last = self.coverage(resource)
        return max(first, last - self.latest_window_years + 1), last

    @property
    def report_year(self) -> int:
        """The year the report appeared: data for it and later years are newer than the report."""
        return int(self._dashboard["reportYear"])

    def why(self, window: str) -> str:
        """Why a preset window is offered: 'latest' or 'sources'."""
        return str(self._dashboard[{"latest": "latestWindowWhy", "sources": "sourcesWindowWhy"}[window]])

    def standard_windows(self) -> list[Window]:
        """The windows every claim is also tested in, in the descriptor's order."""
        return [(int(w["start"]), int(w["end"])) for w in self._dashboard["standardWindows"]]

    @property
    def great_powers(self) -> tuple[str, ...]:
        """The great-power suppliers the report compares (SIPRI's spellings)."""
        return tuple(self._dashboard["greatPowers"]["suppliers"])

    @property
    def headline_suppliers(self) -> tuple[str, ...]:
        """The suppliers whose shares of Africa's imports head the overview."""
        return tuple(self._dashboard["headlineSuppliers"]["suppliers"])

    def method(self, key: str) -> str:
        """A method in words ('coupsCounted', 'regimeWords')."""
        return str(self._dashboard["methods"][key])

    def region_flags(self) -> dict[str, str]:
        """The countries table's region flags (fields marked "region"), each with its title."""
        fields = self.resources["countries"]["schema"]["fields"]
        return {f["name"]: f.get("title", f["name"]) for f in fields if f.get("region")}

    def source_line(self, *source_ids: str, footnotes: Iterable[Any] = (), note: str = "") -> str:
        """'Source: <dataset>, <version>; <the report>, fn N, M. <note>': each source by its short
        title and version, except the report, which is cited by the footnotes of the rows drawn."""
        parts = []
        for source_id in source_ids:
            source = self.sources[source_id]
            if source_id == REPORT:
                refs = footnote_refs(footnotes)
                parts.append(f"{source.short_title}, {refs}" if refs else source.short_title)
            else:
                parts.append(source.label)
        line = "Source: " + "; ".join(parts) + "."
        return f"{line} {note}" if note else line
