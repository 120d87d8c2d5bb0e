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


@dataclass(frozen=True)
class Measure:
    """How one reading measures one kind of claim: the measure's key (the analysis layer computes it),
    its unit and its definition in one sentence."""

    claim_kind: str
    key: str
    unit: str  # "percent" or "rank"
    definition: str


@dataclass(frozen=True)
class Reading:
    """One way to read the report's arms claims: the literal one, or another with its reason and, where
    one exists, a source that measures it so; with a measure for each kind of claim it covers."""

    key: str
    label: str
    literal: bool
    reason: str
    source: str | None
    measures: tuple[Measure, ...]

    def measure_for(self, claim_kind: str) -> Measure | None:
        return next((m for m in self.measures if m.claim_kind == claim_kind), None)


@dataclass(frozen=True)
class VolumeRule:
    """The least TIV a window's base must hold for the window to count, and why."""

    min_base_tiv: float
    typical_delivery_tiv: float
    why: str


@dataclass(frozen=True)
class RegimeWord:
    """One of the report's regime words and the Regimes of the World categories it stands for."""

    word: str
    categories: frozenset[int]
    why: str


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
        """A method in words ('coupsCounted'; 'regimeWords' is composed from the word mapping)."""
        if key == "regimeWords":
            return self.regime_words_text()
        return str(self._dashboard["methods"][key])

    # How the report's claims are read and judged ----------------------------------------------------

    def claim_readings(self) -> tuple[Reading, ...]:
        """The readings of the arms claims, in the descriptor's order (each kind's literal one first)."""
        return tuple(
            Reading(
                key=str(r["key"]),
                label=str(r["label"]),
                literal=bool(r["literal"]),
                reason=str(r["reason"]),
                source=r.get("source"),
                measures=tuple(
                    Measure(str(m["claimKind"]), str(m["measure"]), str(m["unit"]), str(m["definition"]))
                    for m in r["measures"]
                ),
            )
            for r in self._dashboard["claimReadings"]["readings"]
        )

    def dropped_readings(self) -> list[tuple[str, str]]:
        """(label, why) of each reading tried once and dropped."""
        return [(str(r["label"]), str(r["why"])) for r in self._dashboard["claimReadings"].get("dropped", [])]

    def volume_rule(self) -> VolumeRule:
        rule = self._dashboard["volumeRule"]
        return VolumeRule(float(rule["minBaseTiv"]), float(rule["typicalDeliveryTiv"]), str(rule["why"]))

    def verdict_words(self) -> dict[str, str]:
        """Each verdict word and what it means, in the descriptor's order."""
        return {str(w["word"]): str(w["meaning"]) for w in self._dashboard["verdicts"]["words"]}

    def verdict_windows(self) -> str:
        """Which windows a verdict counts, and when a reading supports a claim."""
        return str(self._dashboard["verdicts"]["windows"])

    def regime_words(self) -> dict[str, RegimeWord]:
        """The report's regime words, each with the Regimes of the World categories it stands for."""
        return {
            str(w["word"]): RegimeWord(
                str(w["word"]), frozenset(int(c) for c in w["categories"]), str(w["why"])
            )
            for w in self._dashboard["regimeWords"]["words"]
        }

    def regime_labels(self) -> dict[int, str]:
        """Regimes of the World's categories by number (regime_type.regime_label lists them in order)."""
        fields = {f["name"]: f for f in self.resources["regime_type"]["schema"]["fields"]}
        return dict(enumerate(fields["regime_label"]["constraints"]["enum"]))

    def regime_words_text(self) -> str:
        """The word mapping in words, for the pages."""
        labels = self.regime_labels()

        def one(word: RegimeWord) -> str:
            kinds = " or ".join(f"{c} {labels.get(c, c)}" for c in sorted(word.categories))
            return f"'{word.word}' means {kinds}. {word.why}"

        return (
            "The report's regime words are read one way for every claim, in V-Dem's Regimes of the World. "
            + " ".join(one(w) for w in self.regime_words().values())
            + " "
            + str(self._dashboard["regimeWords"]["several"])
        )

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
