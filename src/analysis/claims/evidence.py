"""The evidence: every arms claim under each of its readings in every window of the data, with the TIV
behind each value, whether the claim holds there and whether the window has enough volume to count.
Computed once (it does not depend on the window a reader picks); grids, verdicts and the joint check
are read from it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from src.analysis.arms import state_rows
from src.analysis.claims.readings import (
    FAILS,
    HOLDS,
    RANK_WITH_EGYPT,
    RANK_WITHOUT_EGYPT,
    REGION_WITH_EGYPT,
    REGION_WITHOUT_EGYPT,
    SHARE_OF_ALL,
    SHARE_OF_GREAT_POWERS,
    SUPPLIER_RANK_WITH_EGYPT,
    SUPPLIER_RANK_WITHOUT_EGYPT,
    TOO_LITTLE,
    TOP_RECIPIENTS,
    reading_name,
    readings_for,
)
from src.analysis.claims.windows import MIN_WINDOW_YEARS, Window, data_years, source_windows, standard_windows
from src.data.meta import Meta, Reading
from src.data.text import window_label


def _matrix(rows: pd.DataFrame, by: str, years: range) -> pd.DataFrame:
    """TIV by `by` (rows) and year (columns, every year of the range)."""
    table = rows.groupby([by, "year"])["tiv"].sum().unstack("year", fill_value=0.0)
    return table.reindex(columns=list(years), fill_value=0.0).astype(float)


def _window_totals(matrix: pd.DataFrame, first_year: int, windows: Sequence[Window]) -> pd.DataFrame:
    """TIV summed over each window: one row per window, one column per row of `matrix`."""
    values = matrix.to_numpy()
    running = np.concatenate([np.zeros((values.shape[0], 1)), values.cumsum(axis=1)], axis=1)
    starts = [start - first_year for start, _ in windows]
    ends = [end - first_year + 1 for _, end in windows]
    # Sums of 2-decimal TIV: rounding drops the float dust a difference of running sums leaves.
    return pd.DataFrame((running[:, ends] - running[:, starts]).T.round(6), columns=matrix.index)


def _ranks(totals: pd.DataFrame) -> pd.DataFrame:
    """Place of each column among the positive totals of its row (1 = largest; ties share the best
    place); NaN where the total is zero."""
    return totals.where(totals > 0).rank(axis=1, ascending=False, method="min")


def rank_of(totals: pd.Series, key: str) -> float:
    """Place of `key` among the positive totals (1 = largest; ties share the best place); NaN if absent."""
    positive = totals[totals > 0]
    if key not in positive.index:
        return float("nan")
    return float(positive.rank(ascending=False, method="min")[key])


def _column(frame: pd.DataFrame, *keys: str) -> np.ndarray:
    present = [k for k in keys if k in frame.columns]
    return frame[present].sum(axis=1).to_numpy() if present else np.zeros(len(frame))


class _Context:
    """The yearly table arranged once per evaluation: matrices by recipient, supplier and region."""

    def __init__(self, view: pd.DataFrame, windows: Sequence[Window], great_powers: Sequence[str]):
        first, last = data_years(view)
        self.years, self.windows = range(first, last + 1), list(windows)
        self.view = view
        self.states = state_rows(view, "world")
        self.great_powers = tuple(great_powers)
        self._cache: dict[tuple, pd.DataFrame] = {}

    def _totals(self, key: tuple, rows: pd.DataFrame, by: str) -> pd.DataFrame:
        if key not in self._cache:
            self._cache[key] = _window_totals(_matrix(rows, by, self.years), self.years.start, self.windows)
        return self._cache[key]

    def suppliers_of(self, iso3: str) -> pd.DataFrame:
        """Window × supplier TIV delivered to one country."""
        return self._totals(("of", iso3), self.states[self.states["recipient_iso3"].eq(iso3)], "supplier")

    def recipients_of(self, supplier: str, region: str) -> pd.DataFrame:
        """Window × recipient TIV from one supplier to the states of a region."""
        rows = self.states[self.states[region] & self.states["supplier"].eq(supplier)]
        return self._totals(("from", supplier, region), rows, "recipient_iso3")

    def suppliers_to(self, region: str) -> pd.DataFrame:
        """Window × supplier TIV delivered to every recipient located in a region."""
        return self._totals(("to", region), self.view[self.view[region]], "supplier")


Measured = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # value, numerator, base, test


def _share(claim: pd.Series, context: _Context, measure: str) -> Measured:
    totals = context.suppliers_of(claim["iso3"])
    num = _column(totals, claim["supplier"])
    den = totals.sum(axis=1).to_numpy() if measure == SHARE_OF_ALL else _column(totals, *context.great_powers)
    # Clamped like src.analysis.arms.share: sums in another order can put a part a hair above its whole.
    value = np.clip(np.where(den > 0, 100 * num / np.where(den > 0, den, 1), np.nan), 0.0, 100.0)
    return value, num, den, value > float(claim["share_lower_bound_pct"])


def _recipient_rank(claim: pd.Series, context: _Context, measure: str) -> Measured:
    region = REGION_WITH_EGYPT if measure == RANK_WITH_EGYPT else REGION_WITHOUT_EGYPT
    totals = context.recipients_of(claim["supplier"], region)
    den = totals.sum(axis=1).to_numpy()
    num = _column(totals, claim["iso3"])
    value = _column(_ranks(totals), claim["iso3"]) if claim["iso3"] in totals.columns else num * np.nan
    value = np.where(num > 0, value, np.nan)
    # A country the supplier sent nothing to is not among its top recipients (unless the supplier
    # sent nothing to anyone: then there is nothing to rank).
    return value, num, den, value <= TOP_RECIPIENTS


def _supplier_rank(claim: pd.Series, context: _Context, measure: str) -> Measured:
    region = REGION_WITH_EGYPT if measure == SUPPLIER_RANK_WITH_EGYPT else REGION_WITHOUT_EGYPT
    totals = context.suppliers_to(region)
    den = totals.sum(axis=1).to_numpy()  # every supplier, unknown ones included
    ranked = totals.loc[:, ~totals.columns.str.startswith("unknown")]  # unknown is no supplier to rank
    num = _column(totals, claim["supplier"])
    value = (
        _column(_ranks(ranked), claim["supplier"]) if claim["supplier"] in ranked.columns else num * np.nan
    )
    value = np.where(num > 0, value, np.nan)
    return value, num, den, value == 1


_MEASURES = {
    SHARE_OF_ALL: _share,
    SHARE_OF_GREAT_POWERS: _share,
    RANK_WITH_EGYPT: _recipient_rank,
    RANK_WITHOUT_EGYPT: _recipient_rank,
    SUPPLIER_RANK_WITH_EGYPT: _supplier_rank,
    SUPPLIER_RANK_WITHOUT_EGYPT: _supplier_rank,
}
EVIDENCE_COLUMNS = [
    "claim_id", "reading", "measure", "unit", "start", "end", "value", "numerator_tiv", "denominator_tiv",
    "holds", "eligible", "status",
]  # fmt: skip


def evaluate_claims(
    claims: pd.DataFrame,
    view: pd.DataFrame,
    windows: Sequence[Window],
    great_powers: Sequence[str],
    readings: Sequence[Reading],
    min_base_tiv: float,
) -> pd.DataFrame:
    """Every claim of report_arms_supplier_claims under each of its readings, in every given window:
    one row per (claim, reading, window) with the value, the TIV behind it (numerator and base),
    whether the claim holds there (NA where the base is zero: nothing to measure), whether the base
    reaches the minimum volume (eligible), and the cell's status: holds, does not hold, or too
    little to judge (below the minimum, whatever the value). `great_powers`: Meta.great_powers."""
    context = _Context(view, windows, great_powers)
    starts = np.array([s for s, _ in windows], dtype=int)
    ends = np.array([e for _, e in windows], dtype=int)
    parts: list[pd.DataFrame] = []
    for _, claim in claims.iterrows():
        for reading in readings_for(readings, claim["claim_kind"]):
            measure = reading.measure_for(claim["claim_kind"])
            assert measure is not None  # readings_for keeps only readings that measure this kind
            value, num, den, test = _MEASURES[measure.key](claim, context, measure.key)
            holds = pd.array(np.where(den > 0, test, False), dtype="boolean")
            holds[den <= 0] = pd.NA
            eligible = den >= min_base_tiv
            status = np.where(~eligible, TOO_LITTLE, np.where(np.asarray(test) & (den > 0), HOLDS, FAILS))
            parts.append(
                pd.DataFrame(
                    {
                        "claim_id": claim["claim_id"],
                        "reading": reading.key,
                        "measure": measure.key,
                        "unit": measure.unit,
                        "start": starts,
                        "end": ends,
                        "value": np.asarray(value, dtype=float),
                        "numerator_tiv": np.asarray(num, dtype=float),
                        "denominator_tiv": np.asarray(den, dtype=float),
                        "holds": holds,
                        "eligible": eligible,
                        "status": status,
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)[EVIDENCE_COLUMNS]


def all_windows(first: int, last: int) -> list[Window]:
    """Every window of one or more years in [first, last]: any window a reader can pick."""
    return [(start, end) for start in range(first, last + 1) for end in range(start, last + 1)]


CLAIM_COLUMNS = [
    "claim_id", "claim_kind", "footnote", "footnote_attribution", "source", "supplier", "bound_pct", "iso3", "name",
]  # fmt: skip


def _pairs(cells: pd.DataFrame, readings: Sequence[Reading]) -> pd.DataFrame:
    """One row per claim and reading, in the cells' order (the literal reading first), with the
    reading's name and the robustness over the source-era windows."""
    by_key = {r.key: r for r in readings}
    rows = []
    for position, ((claim_id, key), part) in enumerate(cells.groupby(["claim_id", "reading"], sort=False)):
        reading = by_key[key]
        rows.append(
            {
                "claim_id": claim_id,
                "reading": key,
                "reading_label": reading_name(reading),
                "literal": reading.literal,
                "measure": part["measure"].iloc[0],
                "unit": part["unit"].iloc[0],
                "position": position,
                **robustness(part[part["in_era"]]),
            }
        )
    return pd.DataFrame(rows)


def robustness(cells: pd.DataFrame) -> dict:
    """In how many of the windows with enough volume the claim holds (cells: one claim and reading,
    its source-era windows), and the status a reading earns from it: holds in more than half of them,
    does not hold, or too little to judge when no window has enough volume."""
    eligible = cells[cells["eligible"]]
    holding = int(eligible["status"].eq(HOLDS).sum())
    status = TOO_LITTLE if eligible.empty else (HOLDS if holding > len(eligible) / 2 else FAILS)
    return {
        "status": status,
        "windows_holding": holding,
        "windows_eligible": len(eligible),
        "windows_total": len(cells),
    }


@dataclass(frozen=True)
class ClaimEvidence:
    """What the grid, the verdicts and the joint check are read from (claim_evidence).

    claims: the claims with their subject ('name'), source ('source') and the first and last years of
    the windows their source could see ('era_start', 'era_end'). cells: evaluate_claims in every window
    of the data, with `in_era`: a window the claim's source could have seen (five or more years, ending
    before it was published). pairs: one row per claim and reading (literal first) with the reading's
    label and measure, its robustness over the source-era windows and its position in the grid.
    era_rows: `pairs` as grid rows (src.analysis.claims.grid). by_window: each window's cells as grid
    rows. readings: the data package's. standard: its standard windows the data cover."""

    claims: pd.DataFrame
    cells: pd.DataFrame
    pairs: pd.DataFrame
    era_rows: pd.DataFrame
    by_window: Mapping[Window, pd.DataFrame]
    readings: tuple[Reading, ...]
    min_base_tiv: float
    standard: tuple[Window, ...]
    years: Window

    def readings_of(self, claim_kind: str) -> list[Reading]:
        return readings_for(self.readings, claim_kind)

    def reading(self, key: str) -> Reading:
        return next(r for r in self.readings if r.key == key)

    def subset(self, claim_ids: Sequence[str]) -> ClaimEvidence:
        """The evidence of some claims only (a country's profile)."""
        keep = set(claim_ids)
        return dataclasses.replace(
            self,
            claims=self.claims[self.claims["claim_id"].isin(keep)].reset_index(drop=True),
            cells=self.cells[self.cells["claim_id"].isin(keep)],
            pairs=self.pairs[self.pairs["claim_id"].isin(keep)].reset_index(drop=True),
            era_rows=self.era_rows[self.era_rows["claim_id"].isin(keep)].reset_index(drop=True),
            by_window=_Kept(self.by_window, keep),
        )


class _Kept(Mapping):
    """Each window's rows of some claims only, filtered when a window is asked for (a grid reads a
    handful of the ~1,300 windows: filtering them all took about 0.8 s of every profile run)."""

    def __init__(self, by_window: Mapping[Window, pd.DataFrame], keep: set[str]):
        self._all, self._keep, self._done = by_window, keep, {}

    def __getitem__(self, window: Window) -> pd.DataFrame:
        if window not in self._done:
            rows = self._all[window]
            self._done[window] = rows[rows["claim_id"].isin(self._keep)]
        return self._done[window]

    def __iter__(self) -> Iterator[Window]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)


class _ByWindow(Mapping):
    """Each window's rows, in the order they came: a slice of one frame sorted by window, made when a
    window is asked for. A frame per window (300 with the data as shipped) held 3.4 MB more in every
    server, and a grid reads a handful of them."""

    def __init__(self, rows: pd.DataFrame):
        self._rows = rows.sort_values(["start", "end"], kind="stable")
        starts, ends = self._rows["start"].to_numpy(), self._rows["end"].to_numpy()
        bounds = [0, *(np.flatnonzero((np.diff(starts) != 0) | (np.diff(ends) != 0)) + 1), len(self._rows)]
        self._spans = {
            (int(starts[lo]), int(ends[lo])): (int(lo), int(hi))
            for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
            if hi > lo
        }

    def __getitem__(self, window: Window) -> pd.DataFrame:
        lo, hi = self._spans[tuple(window)]
        return self._rows.iloc[lo:hi]

    def __iter__(self) -> Iterator[Window]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def claim_evidence(
    claims: pd.DataFrame, view: pd.DataFrame, countries: pd.DataFrame, meta: Meta
) -> ClaimEvidence:
    """Every claim under each reading in every window of the data (the costly part, done once)."""
    first, last = data_years(view)
    names = countries.set_index("iso3")["name"]
    described = claims.copy()
    described["name"] = [
        names.get(iso3, iso3) if isinstance(iso3, str) else str(scope)
        for iso3, scope in zip(described["iso3"], described["scope"], strict=True)
    ]
    described["source"] = described["source_author"] + " " + described["source_year"].astype(int).astype(str)
    described["bound_pct"] = described["share_lower_bound_pct"]
    eras = {
        claim_id: source_windows(int(year), first, last)
        for claim_id, year in zip(described["claim_id"], described["source_year"], strict=True)
    }
    described["era_start"] = [min(s for s, _ in eras[c]) for c in described["claim_id"]]
    described["era_end"] = [max(e for _, e in eras[c]) for c in described["claim_id"]]
    readings = meta.claim_readings()
    rule = meta.volume_rule()
    cells = evaluate_claims(
        described, view, all_windows(first, last), meta.great_powers, readings, rule.min_base_tiv
    )
    cells["in_era"] = [
        (s, e) in set(eras[c])
        for c, s, e in zip(cells["claim_id"], cells["start"], cells["end"], strict=True)
    ]
    pairs = _pairs(cells, readings)
    claim_columns = described[CLAIM_COLUMNS]
    # Every cell as a grid row (the claim's and the reading's words beside it), split by window: a
    # picked window's rows are then a lookup.
    rows = cells.merge(
        pairs[["claim_id", "reading", "reading_label", "literal", "position"]], on=["claim_id", "reading"]
    )
    rows = rows.merge(claim_columns, on="claim_id").assign(
        windows_holding=lambda f: f["status"].eq(HOLDS).astype(int),
        windows_eligible=lambda f: f["eligible"].astype(int),
        windows_total=1,
    )
    by_window = _ByWindow(rows)
    era = pairs.merge(described[[*CLAIM_COLUMNS, "era_start", "era_end"]], on="claim_id", sort=False)
    era = era.assign(
        window=[
            f"all {MIN_WINDOW_YEARS}+ year windows, {window_label(s, e)}"
            for s, e in zip(era["era_start"], era["era_end"], strict=True)
        ],
        start=era["era_start"],
        end=era["era_end"],
        value=float("nan"),
        numerator_tiv=float("nan"),
        denominator_tiv=float("nan"),
    )
    return ClaimEvidence(
        claims=described.reset_index(drop=True),
        cells=cells,
        pairs=pairs,
        era_rows=era,
        by_window=by_window,
        readings=readings,
        min_base_tiv=rule.min_base_tiv,
        standard=tuple(standard_windows(meta.standard_windows(), first, last)),
        years=(first, last),
    )
