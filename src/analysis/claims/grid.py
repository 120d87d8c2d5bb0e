"""The grid: every claim under each of its measures in every window, with the TIV behind each value,
summarised for readers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from src.analysis.arms import state_rows
from src.analysis.claims.readings import (
    CHINA_OF_CHINA_US,
    RANK_WITH_EGYPT,
    RANK_WITHOUT_EGYPT,
    RECIPIENT_RANK_CLAIM,
    REGION_WITH_EGYPT,
    REGION_WITHOUT_EGYPT,
    SHARE_CLAIM,
    SHARE_OF_ALL,
    SHARE_OF_GREAT_POWERS,
    SUPPLIER_RANK_CLAIM,
    SUPPLIER_RANK_WITH_EGYPT,
    SUPPLIER_RANK_WITHOUT_EGYPT,
    TOP_RECIPIENTS,
    Measure,
    claim_label,
    measures_for,
)
from src.analysis.claims.windows import (
    PICKED,
    SOURCE_ERA,
    STANDARD,
    Window,
    data_years,
    source_era_label,
    source_windows,
    standard_windows,
)
from src.data.meta import Meta, footnote_refs
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


def _rank(totals: pd.Series, key: str) -> float:
    """Place of `key` among the positive totals (1 = largest; ties share the best place); NaN if absent."""
    positive = totals[totals > 0]
    if key not in positive.index:
        return float("nan")
    return float(positive.rank(ascending=False, method="min")[key])


def _column(frame: pd.DataFrame, *keys: str) -> np.ndarray:
    present = [k for k in keys if k in frame.columns]
    return frame[present].sum(axis=1).to_numpy() if present else np.zeros(len(frame))


def _rows(
    claim: pd.Series, measure: Measure, windows: Sequence[Window], value, num, den, holds
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": claim["claim_id"],
            "measure": measure.key,
            "start": [s for s, _ in windows],
            "end": [e for _, e in windows],
            "value": np.asarray(value, dtype=float),
            "numerator_tiv": np.asarray(num, dtype=float),
            "denominator_tiv": np.asarray(den, dtype=float),
            "holds": pd.array(holds, dtype="boolean"),
        }
    )


def _holds(test: np.ndarray, denominator: np.ndarray) -> list:
    """Whether the claim holds per window; NA where the whole is zero (nothing to measure). A NaN
    value (e.g. no rank) compares False: the claim does not hold."""
    return [pd.NA if d <= 0 else bool(t) for t, d in zip(test, denominator, strict=True)]


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


def _share_rows(claim: pd.Series, context: _Context) -> list[pd.DataFrame]:
    totals = context.suppliers_of(claim["iso3"])
    supplier = _column(totals, claim["supplier"])
    parts = {
        SHARE_OF_ALL.key: (supplier, totals.sum(axis=1).to_numpy()),
        SHARE_OF_GREAT_POWERS.key: (supplier, _column(totals, *context.great_powers)),
        CHINA_OF_CHINA_US.key: (_column(totals, "China"), _column(totals, "China", "United States")),
    }
    out = []
    for measure in measures_for(claim["claim_kind"], claim["supplier"]):
        num, den = parts[measure.key]
        # Clamped like src.analysis.arms.share: sums in another order can put a part a hair above its whole.
        value = np.clip(np.where(den > 0, 100 * num / np.where(den > 0, den, 1), np.nan), 0.0, 100.0)
        holds = _holds(value > float(claim["share_lower_bound_pct"]), den)
        out.append(_rows(claim, measure, context.windows, value, num, den, holds))
    return out


def _recipient_rank_rows(claim: pd.Series, context: _Context) -> list[pd.DataFrame]:
    out = []
    for measure, region in ((RANK_WITH_EGYPT, REGION_WITH_EGYPT), (RANK_WITHOUT_EGYPT, REGION_WITHOUT_EGYPT)):
        totals = context.recipients_of(claim["supplier"], region)
        den = totals.sum(axis=1).to_numpy()
        num = _column(totals, claim["iso3"])
        value = _column(_ranks(totals), claim["iso3"]) if claim["iso3"] in totals.columns else num * np.nan
        value = np.where(num > 0, value, np.nan)
        # A country the supplier sent nothing to is not among its top recipients (unless the
        # supplier sent nothing to anyone: then there is nothing to rank).
        holds = _holds(value <= TOP_RECIPIENTS, den)
        out.append(_rows(claim, measure, context.windows, value, num, den, holds))
    return out


def _supplier_rank_rows(claim: pd.Series, context: _Context) -> list[pd.DataFrame]:
    out = []
    for measure, region in (
        (SUPPLIER_RANK_WITH_EGYPT, REGION_WITH_EGYPT),
        (SUPPLIER_RANK_WITHOUT_EGYPT, REGION_WITHOUT_EGYPT),
    ):
        totals = context.suppliers_to(region)
        den = totals.sum(axis=1).to_numpy()  # every supplier, unknown ones included
        ranked = totals.loc[:, ~totals.columns.str.startswith("unknown")]  # unknown is no supplier to rank
        num = _column(totals, claim["supplier"])
        value = (
            _column(_ranks(ranked), claim["supplier"])
            if claim["supplier"] in ranked.columns
            else num * np.nan
        )
        value = np.where(num > 0, value, np.nan)
        holds = _holds(value == 1, den)
        out.append(_rows(claim, measure, context.windows, value, num, den, holds))
    return out


_EVALUATORS = {
    SHARE_CLAIM: _share_rows,
    RECIPIENT_RANK_CLAIM: _recipient_rank_rows,
    SUPPLIER_RANK_CLAIM: _supplier_rank_rows,
}


def evaluate_claims(
    claims: pd.DataFrame, view: pd.DataFrame, windows: Sequence[Window], great_powers: Sequence[str]
) -> pd.DataFrame:
    """Every claim of report_arms_supplier_claims under each of its measures, in every given window:
    one row per (claim, measure, window) with the value, the TIV behind it and whether the claim holds
    (NA where there is nothing to measure). `great_powers`: the data package's (Meta.great_powers)."""
    context = _Context(view, windows, great_powers)
    parts: list[pd.DataFrame] = []
    for _, claim in claims.iterrows():
        parts += _EVALUATORS[claim["claim_kind"]](claim, context)
    return pd.concat(parts, ignore_index=True)


# The grid: summarised for readers -------------------------------------------------------------------

GRID_COLUMNS = [
    "claim_id", "claim_kind", "footnote", "footnote_attribution", "source", "supplier", "bound_pct", "iso3", "name",
    "measure", "measure_label", "unit", "window_kind", "window", "start", "end",
    "value", "numerator_tiv", "denominator_tiv", "holds", "windows_holding", "windows_with_data", "windows_total",
]  # fmt: skip


def _most_favourable(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows most favourable to the claim first (largest share, best rank); among equal values the one
    with the most TIV behind it, then the earliest window; rows with no value last."""
    rank = bool(rows["unit"].eq("rank").any())
    return rows.sort_values(
        ["value", "denominator_tiv", "start", "end"],
        ascending=[rank, False, True, True],
        na_position="last",
        kind="stable",
    )


def claim_grid(
    claims: pd.DataFrame,
    view: pd.DataFrame,
    countries: pd.DataFrame,
    meta: Meta,
    picked: Window | None = None,
) -> pd.DataFrame:
    """The grid a reader takes in at a glance: for every claim (and the country it names), each measure
    in the source-era windows (summarised: the most favourable value, and in how many windows the claim
    holds), in the data package's standard windows, and in the picked window (when it is not a
    standard one)."""
    first, last = data_years(view)
    standard = standard_windows(meta.standard_windows(), first, last)
    extra = [tuple(picked)] if picked and tuple(picked) not in standard else []
    names = countries.set_index("iso3")["name"]
    out = []
    for source_year, group in claims.groupby("source_year", sort=False):
        era = source_windows(int(source_year), first, last)
        windows = sorted(set(era) | set(standard) | set(extra))
        evaluated = evaluate_claims(group, view, windows, meta.great_powers)
        evaluated["in_era"] = [
            (s, e) in set(era) for s, e in zip(evaluated["start"], evaluated["end"], strict=True)
        ]
        era_label = source_era_label(int(source_year), first, last)
        for _, claim in group.iterrows():
            iso3 = claim["iso3"] if isinstance(claim["iso3"], str) else None
            base = {
                "claim_id": claim["claim_id"],
                "claim_kind": claim["claim_kind"],
                "footnote": int(claim["footnote"]),
                "footnote_attribution": claim["footnote_attribution"],
                "source": f"{claim['source_author']} {int(claim['source_year'])}",
                "supplier": claim["supplier"],
                "bound_pct": claim["share_lower_bound_pct"],
                "iso3": iso3,
                "name": names.get(iso3, iso3) if iso3 else str(claim["scope"]),
            }
            mine = evaluated[evaluated["claim_id"].eq(claim["claim_id"])]
            for measure in measures_for(claim["claim_kind"], claim["supplier"]):
                rows = mine[mine["measure"].eq(measure.key)]
                common = {
                    **base,
                    "measure": measure.key,
                    "measure_label": measure.label,
                    "unit": measure.unit,
                }
                in_era = rows[rows["in_era"]]
                known = in_era["holds"].dropna()
                best = _most_favourable(in_era.assign(unit=measure.unit)).iloc[0]
                out.append(
                    {
                        **common,
                        **_cell(best),
                        "window_kind": SOURCE_ERA,
                        "window": era_label,
                        "holds": bool(known.any()) if len(known) else pd.NA,
                        "windows_holding": int(known.sum()),
                        "windows_with_data": len(known),
                        "windows_total": len(in_era),
                    }
                )
                for kind, windows in ((STANDARD, standard), (PICKED, extra)):
                    by_window = rows.set_index(["start", "end"], drop=False)
                    for start, end in windows:
                        row = by_window.loc[(start, end)]
                        known = pd.notna(row["holds"])
                        out.append(
                            {
                                **common,
                                **_cell(row),
                                "window_kind": kind,
                                "window": window_label(start, end),
                                "holds": row["holds"],
                                "windows_holding": int(known and bool(row["holds"])),
                                "windows_with_data": int(known),
                                "windows_total": 1,
                            }
                        )
    grid = pd.DataFrame(out, columns=GRID_COLUMNS)
    grid["holds"] = grid["holds"].astype("boolean")
    for col in ("windows_holding", "windows_with_data", "windows_total", "start", "end", "footnote"):
        grid[col] = grid[col].astype(int)
    return grid


def _cell(row: pd.Series) -> dict:
    return {
        "start": int(row["start"]),
        "end": int(row["end"]),
        "value": row["value"],
        "numerator_tiv": row["numerator_tiv"],
        "denominator_tiv": row["denominator_tiv"],
    }


def grid_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The grid itself, one row per cell, with plain headers (units in the header)."""
    return pd.DataFrame(
        {
            "Country": grid["name"],
            "The report says": grid.apply(claim_label, axis=1),
            "Measure": grid["measure_label"],
            "Window": grid["window"],
            "Most favourable window (source era)": [
                window_label(s, e) if k == SOURCE_ERA else ""
                for s, e, k in zip(grid["start"], grid["end"], grid["window_kind"], strict=True)
            ],
            "Value (% or rank)": grid["value"].round(2),
            "TIV counted (millions)": grid["numerator_tiv"].round(2),
            "TIV of the whole (millions)": grid["denominator_tiv"].round(2),
            "Claim holds": grid["holds"],
            "Windows where it holds": grid["windows_holding"],
            "Windows with data": grid["windows_with_data"],
        }
    )


def grid_sections(grid: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(title, supplier, the grid's rows) for each supplier the report's arms claims are about."""
    sections = []
    for supplier, part in grid.groupby("supplier", sort=False):
        title = f"Claims about {supplier} as an arms supplier ({footnote_refs(part['footnote'])})"
        sections.append((title, str(supplier), part))
    return sections
