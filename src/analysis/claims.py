"""The report's claims checked against the data (pure functions).

Each checkable claim is evaluated, for every country it names, under several measures (each
defined once here, with a one-sentence definition for the page) and several windows of years:
every window of five or more years the claim's source could have seen, the standard windows, and
one the reader picks. The result is a tidy grid (claim × country × measure × window) with the TIV
behind every value; verdicts are computed from that grid, never typed. Regime characterizations
are checked against V-Dem's Regimes of the World (RoW) in the year each claim row states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from src.analysis.arms import state_rows, supplier_shares
from src.data.meta import footnote_refs
from src.data.text import escape_markdown, pct, tiv, window_label

Window = tuple[int, int]

# Measures -------------------------------------------------------------------------------------------

GREAT_POWERS = ("China", "United States", "Russia")  # SIPRI's spellings
TOP_RECIPIENTS = 5  # "top recipients": the supplier's five largest recipients in the window
TOP_RECIPIENTS_DEFINITION = (
    f"'Top recipients' means the supplier's {TOP_RECIPIENTS} largest recipients by TIV in the window "
    f"(rank {TOP_RECIPIENTS} or better; tied countries share a rank)."
)
# SIPRI's Africa leaves Egypt out (it counts Egypt in the Middle East); geographic Africa keeps it.
REGION_WITH_EGYPT, REGION_WITHOUT_EGYPT = "africa_geographic", "africa_sipri"

SHARE_CLAIM = "supplier share above bound"
RECIPIENT_RANK_CLAIM = "among the supplier's top recipients"
SUPPLIER_RANK_CLAIM = "top supplier to the continent"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # short, for a column header
    definition: str  # one sentence, for the page
    unit: Literal["percent", "rank"]


SHARE_OF_ALL = Measure(
    "share_all",
    "Share of all suppliers",
    "The claimed supplier's TIV delivered to the country in the window, divided by the country's TIV "
    "from every supplier (unknown suppliers included).",
    "percent",
)
SHARE_OF_GREAT_POWERS = Measure(
    "share_great_powers",
    "Share of China + US + Russia",
    "The claimed supplier's TIV delivered to the country in the window, divided by the TIV the country "
    "received from the three great-power suppliers together (China, the United States and Russia); "
    "every other supplier is left out.",
    "percent",
)
CHINA_OF_CHINA_US = Measure(
    "china_of_china_us",
    "China's share of China + US",
    "China's TIV delivered to the country in the window, divided by the TIV the country received from "
    "China and the United States together.",
    "percent",
)
RANK_WITH_EGYPT = Measure(
    "rank_with_egypt",
    "Rank with Egypt (geographic Africa)",
    "The country's place among the supplier's recipients in geographic Africa, Egypt included, by TIV "
    "received in the window (1 = largest; African states only).",
    "rank",
)
RANK_WITHOUT_EGYPT = Measure(
    "rank_without_egypt",
    "Rank without Egypt (SIPRI's Africa)",
    "The country's place among the supplier's recipients in Africa as SIPRI counts it, which leaves "
    "Egypt out, by TIV received in the window (1 = largest; African states only).",
    "rank",
)
SUPPLIER_RANK_WITH_EGYPT = Measure(
    "supplier_rank_with_egypt",
    "Supplier rank with Egypt (geographic Africa)",
    "The supplier's place among all suppliers by TIV delivered in the window to recipients in "
    "geographic Africa, Egypt included (1 = largest; non-state recipients counted, as in SIPRI's "
    "regional totals).",
    "rank",
)
SUPPLIER_RANK_WITHOUT_EGYPT = Measure(
    "supplier_rank_without_egypt",
    "Supplier rank without Egypt (SIPRI's Africa)",
    "The supplier's place among all suppliers by TIV delivered in the window to recipients in Africa "
    "as SIPRI counts it, which leaves Egypt out (1 = largest; non-state recipients counted).",
    "rank",
)
MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        SHARE_OF_ALL,
        SHARE_OF_GREAT_POWERS,
        CHINA_OF_CHINA_US,
        RANK_WITH_EGYPT,
        RANK_WITHOUT_EGYPT,
        SUPPLIER_RANK_WITH_EGYPT,
        SUPPLIER_RANK_WITHOUT_EGYPT,
    )
}
# Which measures test which kind of claim (the kinds of report_arms_supplier_claims.claim_kind).
MEASURES_BY_KIND: dict[str, tuple[Measure, ...]] = {
    SHARE_CLAIM: (SHARE_OF_ALL, SHARE_OF_GREAT_POWERS, CHINA_OF_CHINA_US),
    RECIPIENT_RANK_CLAIM: (RANK_WITH_EGYPT, RANK_WITHOUT_EGYPT),
    SUPPLIER_RANK_CLAIM: (SUPPLIER_RANK_WITH_EGYPT, SUPPLIER_RANK_WITHOUT_EGYPT),
}
HOLDS_WHEN = {
    SHARE_CLAIM: "the share is above the report's bound",
    RECIPIENT_RANK_CLAIM: f"the country ranks {TOP_RECIPIENTS} or better",
    SUPPLIER_RANK_CLAIM: "the supplier ranks first",
}


def measures_for(claim_kind: str, supplier: str) -> tuple[Measure, ...]:
    """The measures that test a claim; China against the United States only tests a claim about China."""
    return tuple(m for m in MEASURES_BY_KIND[claim_kind] if m is not CHINA_OF_CHINA_US or supplier == "China")


# Windows --------------------------------------------------------------------------------------------

MIN_WINDOW_YEARS = 5
# The report-era and SIPRI-usual windows: 2000-2019 is the whole record its 2020 sources could see,
# 2008-2019 the last dozen years of it, 2019-2023 SIPRI's latest five-year period when the report
# was written (its March 2024 fact sheet).
STANDARD_WINDOWS: tuple[Window, ...] = ((2000, 2019), (2008, 2019), (2019, 2023))

SOURCE_ERA, STANDARD, PICKED = "source era", "standard", "picked"


def data_years(view: pd.DataFrame) -> Window:
    """First and last delivery year of the yearly table."""
    return int(view["year"].min()), int(view["year"].max())


def source_windows(
    source_year: int, first_year: int, last_year: int, min_years: int = MIN_WINDOW_YEARS
) -> list[Window]:
    """Every window of min_years or more that existed for a source published in source_year: starting
    no earlier than the data, ending no later than the year before publication."""
    cap = min(last_year, source_year - 1)
    return [
        (start, end) for start in range(first_year, cap + 1) for end in range(start + min_years - 1, cap + 1)
    ]


def standard_windows(first_year: int, last_year: int) -> list[Window]:
    """The standard windows the data cover."""
    return [(s, e) for s, e in STANDARD_WINDOWS if s >= first_year and e <= last_year]


def source_era_label(source_year: int, first_year: int, last_year: int) -> str:
    cap = min(last_year, source_year - 1)
    return f"all {MIN_WINDOW_YEARS}+ year windows, {first_year}–{cap}"


# Evaluation: every claim, country, measure and window ---------------------------------------------


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

    def __init__(self, view: pd.DataFrame, windows: Sequence[Window]):
        first, last = data_years(view)
        self.years, self.windows = range(first, last + 1), list(windows)
        self.view = view
        self.states = state_rows(view, "world")
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
        SHARE_OF_GREAT_POWERS.key: (supplier, _column(totals, *GREAT_POWERS)),
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


def evaluate_claims(claims: pd.DataFrame, view: pd.DataFrame, windows: Sequence[Window]) -> pd.DataFrame:
    """Every claim of report_arms_supplier_claims under each of its measures, in every given window:
    one row per (claim, measure, window) with the value, the TIV behind it and whether the claim holds
    (NA where there is nothing to measure)."""
    context = _Context(view, windows)
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
    claims: pd.DataFrame, view: pd.DataFrame, countries: pd.DataFrame, picked: Window | None = None
) -> pd.DataFrame:
    """The grid a reader takes in at a glance: for every claim (and the country it names), each measure
    in the source-era windows (summarised: the most favourable value, and in how many windows the claim
    holds), in the standard windows, and in the picked window (when it is not a standard one)."""
    first, last = data_years(view)
    standard = standard_windows(first, last)
    extra = [tuple(picked)] if picked and tuple(picked) not in standard else []
    names = countries.set_index("iso3")["name"]
    out = []
    for source_year, group in claims.groupby("source_year", sort=False):
        era = source_windows(int(source_year), first, last)
        evaluated = evaluate_claims(group, view, sorted(set(era) | set(standard) | set(extra)))
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


def claim_label(row: pd.Series) -> str:
    """What the report says, in a few words: 'China > 90%', "among Russia's top 5", 'Russia first'."""
    if row["claim_kind"] == SHARE_CLAIM:
        return f"{row['supplier']} > {row['bound_pct']:.0f}%"
    if row["claim_kind"] == RECIPIENT_RANK_CLAIM:
        return f"among {row['supplier']}'s top {TOP_RECIPIENTS}"
    return f"{row['supplier']} the largest supplier"


NO_DATA_TEXT = {
    SHARE_OF_ALL.key: "no imports recorded",
    SHARE_OF_GREAT_POWERS.key: "nothing from China, the US or Russia",
    CHINA_OF_CHINA_US.key: "nothing from China or the US",
}


def cell_text(row: pd.Series) -> str:
    """A grid value as a reader reads it: '62%' or '#3'; 'none' for a country the supplier sent
    nothing to, 'no data' where there is nothing to measure."""
    if pd.isna(row["value"]):
        return "none" if row["unit"] == "rank" and row["denominator_tiv"] > 0 else "no data"
    return pct(row["value"]) if row["unit"] == "percent" else f"#{int(row['value'])}"


def region_text(measure: str) -> str:
    """Which Africa a rank is in, said everywhere a rank appears."""
    return (
        "without Egypt (SIPRI's Africa)"
        if measure.endswith("without_egypt")
        else "with Egypt (geographic Africa)"
    )


def volume_text(row: pd.Series) -> str:
    """The value with the TIV behind it, e.g. '62% (12.0 of 19.4 TIV)' or 'rank 3 with Egypt (250
    of Russia's 4,200 TIV to African states)'."""
    if pd.isna(row["value"]) and not row["denominator_tiv"] > 0:
        return f"no data ({NO_DATA_TEXT.get(row['measure'], 'no deliveries')} in the window)"
    of = f"{tiv(row['numerator_tiv'])} of {tiv(row['denominator_tiv'])} TIV"
    if row["unit"] == "percent":
        return f"{cell_text(row)} ({of})"
    where = region_text(row["measure"])
    if row["claim_kind"] == SUPPLIER_RANK_CLAIM:
        return f"rank {int(row['value'])} {where} ({of} delivered to Africa)"
    place = "not a recipient" if pd.isna(row["value"]) else f"rank {int(row['value'])}"
    return f"{place} {where} ({of} {row['supplier']} delivered to African states)"


def _cell_phrase(row: pd.Series) -> str:
    """One grid cell as a phrase: window(s) and the volumes behind the value."""
    if row["window_kind"] == SOURCE_ERA:
        return (
            f"{row['windows_holding']} of {row['windows_with_data']} windows with data ({row['window']}; "
            f"best {volume_text(row)}, {window_label(row['start'], row['end'])})"
        )
    return f"{row['window']}: {volume_text(row)}"


VERDICT_ALL = "holds under every measure and window tried"
VERDICT_SOME = "holds only under"
VERDICT_NONE = "not reproduced under any measure tried"
VERDICT_NO_DATA = "not checkable: no data"


def claim_verdicts(grid: pd.DataFrame) -> pd.DataFrame:
    """One verdict per claim, computed from its grid rows: it holds in every (measure, window) with
    data, only in some (listed by measure, with the TIV behind them), in none (with the closest
    value), or there is no data. A source-era cell counts fully only if the claim holds in every one
    of its windows with data."""
    out = []
    for claim_id, rows in grid.groupby("claim_id", sort=False):
        first = rows.iloc[0]
        known = rows[rows["holds"].notna()]
        holding = known[known["holds"].astype(bool)]
        everywhere = known["windows_holding"].eq(known["windows_with_data"]) & known["holds"].astype(bool)
        if known.empty:
            verdict, detail = VERDICT_NO_DATA, "SIPRI records nothing to measure in any window tried."
        elif everywhere.all():
            worst = _most_favourable(known).iloc[-1]
            verdict = VERDICT_ALL
            detail = f"Weakest case: {worst['measure_label']}, {_cell_phrase(worst)}."
        elif holding.empty:
            closest = _most_favourable(known).iloc[0]
            verdict = VERDICT_NONE
            detail = f"Closest: {closest['measure_label']}, {_cell_phrase(closest)}."
        else:
            verdict = VERDICT_SOME
            detail = (
                "; ".join(
                    f"{label}: " + ", ".join(_cell_phrase(r) for _, r in cells.iterrows())
                    for label, cells in holding.groupby("measure_label", sort=False)
                )
                + "."
            )
        missing = rows[rows["holds"].isna()]
        if len(missing) and not known.empty:
            detail += (
                " No data: " + "; ".join(f"{r.measure_label}, {r.window}" for r in missing.itertuples()) + "."
            )
        out.append(
            {
                "claim_id": claim_id,
                "claim": claim_label(first),
                "iso3": first["iso3"],
                "name": first["name"],
                "footnote": first["footnote"],
                "footnote_attribution": first["footnote_attribution"],
                "source": first["source"],
                "verdict": verdict,
                "detail": detail,
            }
        )
    return pd.DataFrame(out)


def _measure_phrase(cells: pd.DataFrame) -> str | None:
    """Where one measure supports the claim: 'every window with data', or the windows it holds in."""
    known = cells[cells["holds"].notna()]
    holding = known[known["holds"].astype(bool)]
    if holding.empty:
        return None
    if (holding["windows_holding"].eq(holding["windows_with_data"])).all() and len(holding) == len(known):
        return "every window with data"
    parts = []
    for _, cell in holding.iterrows():
        if cell["window_kind"] == SOURCE_ERA:
            parts.append(
                f"{cell['windows_holding']} of {cell['windows_with_data']} windows of {MIN_WINDOW_YEARS}+ years "
                f"ending by {cell['window'][-4:]}"
            )
        else:
            parts.append(cell["window"])
    return ", ".join(parts)


def verdict_sentence(grid: pd.DataFrame, claim_id: str) -> str:
    """The verdict with the measures and windows it rests on, e.g. 'holds only under China's share of
    China + US (every window with data); share of all suppliers (14 of 136 windows ending by 2019,
    2015–2019)'."""
    rows = grid[grid["claim_id"].eq(claim_id)]
    verdict = claim_verdicts(rows)["verdict"].iloc[0]
    if verdict != VERDICT_SOME:
        return verdict
    phrases = [
        f"{label if label.startswith('China') else label[0].lower() + label[1:]} ({phrase})"
        for label, cells in rows.groupby("measure_label", sort=False)
        if (phrase := _measure_phrase(cells))
    ]
    return f"{VERDICT_SOME} " + "; ".join(phrases)


def footnote_text(footnote: int, attribution: str) -> str:
    """'121', or '122 (no marker on the sentence; the nearest following marker)': exactly what the
    report's text attributes to the footnote."""
    if attribution == "marker on the sentence":
        return str(footnote)
    return f"{footnote} (no marker on the sentence; the {attribution})"


def verdict_table(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per claim for reading and download: what the report says, its footnote, the verdict and
    the volumes behind it."""
    verdicts = claim_verdicts(grid)
    return pd.DataFrame(
        {
            "Country": verdicts["name"],
            "The report says": verdicts["claim"],
            "Footnote": [
                footnote_text(f, a)
                for f, a in zip(verdicts["footnote"], verdicts["footnote_attribution"], strict=True)
            ],
            "Report's source": verdicts["source"],
            "Verdict": [verdict_sentence(grid, c) for c in verdicts["claim_id"]],
            "Behind it (TIV, millions)": verdicts["detail"],
        }
    )


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


# The yearly supplier mix: why windows differ ---------------------------------------------------------

OTHER_SUPPLIERS = "Other suppliers"


def supplier_mix(
    view: pd.DataFrame, countries: pd.DataFrame, iso3s: Sequence[str], top: int = 4
) -> pd.DataFrame:
    """TIV by supplier and year for each country: its `top` largest suppliers over the whole record,
    the three great powers whenever they delivered anything, and the rest as 'Other suppliers' (with
    who they were, per year). One row per (country, year, supplier) with TIV > 0."""
    names = countries.set_index("iso3")["name"]
    rows = state_rows(view, "world")
    out = []
    for iso3 in iso3s:
        mine = rows[rows["recipient_iso3"].eq(iso3) & rows["tiv"].gt(0)]
        totals = mine.groupby("supplier")["tiv"].sum()
        named = totals[~totals.index.str.startswith("unknown")].sort_values(ascending=False, kind="stable")
        shown = list(named.index[:top]) + [
            s for s in GREAT_POWERS if s in named.index and s not in named.index[:top]
        ]
        shown = sorted(shown, key=lambda s: -totals[s])
        grouped = mine.assign(group=mine["supplier"].where(mine["supplier"].isin(shown), OTHER_SUPPLIERS))
        for (year, group), part in grouped.groupby(["year", "group"]):
            detail = ""
            if group == OTHER_SUPPLIERS:
                by = part.groupby("supplier")["tiv"].sum().sort_values(ascending=False)
                detail = "; ".join(f"{s} {tiv(v)}" for s, v in by.items())
            out.append(
                {
                    "iso3": iso3,
                    "name": names.get(iso3, iso3),
                    "year": int(year),
                    "supplier": group,
                    "tiv": float(part["tiv"].sum()),
                    "detail": detail,
                    "order": shown.index(group) if group in shown else len(shown),
                }
            )
    mix = pd.DataFrame(out, columns=["iso3", "name", "year", "supplier", "tiv", "detail", "order"])
    order = {iso3: i for i, iso3 in enumerate(iso3s)}
    mix = mix.assign(position=mix["iso3"].map(order))
    return mix.sort_values(["position", "order", "year"], ignore_index=True).drop(columns="position")


def supplier_mix_table(
    mix: pd.DataFrame, first_year: int, last_year: int, labels: dict[str, str]
) -> pd.DataFrame:
    """One country's mix as a table: a row per year (every year, empty years at 0), a column per
    supplier group, and the total."""
    suppliers = list(dict.fromkeys(mix["supplier"]))
    table = mix.pivot_table(index="year", columns="supplier", values="tiv", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=range(first_year, last_year + 1), columns=suppliers, fill_value=0.0)
    table = table.rename(columns=lambda s: f"{labels.get(s, s)} (TIV)")
    table["All suppliers (TIV)"] = table.sum(axis=1)
    return table.round(2).rename_axis("Year").reset_index()


# Regime characterizations ---------------------------------------------------------------------------

ROW_LABELS = {
    0: "closed autocracy",
    1: "electoral autocracy",
    2: "electoral democracy",
    3: "liberal democracy",
}
HYBRID_READING = (
    "V-Dem's Regimes of the World has four categories (0 closed autocracy, 1 electoral autocracy, "
    "2 electoral democracy, 3 liberal democracy) and none called 'hybrid'. Here electoral autocracy, "
    "the closest, stands for 'hybrid regime'; beside 'hybrid', 'autocracy' means closed autocracy; "
    "'authoritarian' on its own means either kind of autocracy (0 or 1); 'democracy' means 2 or 3."
)
AUTOCRACY, HYBRID, DEMOCRACY = "autocracy", "hybrid regime", "democracy"
READING = {0: AUTOCRACY, 1: HYBRID, 2: DEMOCRACY, 3: DEMOCRACY}
PREDOMINANTLY = "more than half"

MIXTURE_CLAIM = "mixture of democracies, hybrid regimes and autocracies"
ALL_AUTHORITARIAN_CLAIM = "all authoritarian"
EACH_HYBRID_OR_AUTOCRACY_CLAIM = "each a hybrid regime or autocracy"
PREDOMINANTLY_CLAIM = "predominantly authoritarian or hybrid"


def regime_claim_rows(
    regime_claims: pd.DataFrame,
    regimes: pd.DataFrame,
    countries: pd.DataFrame,
    organization_claims: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """One row per country a regime claim covers, with its RoW category in the year the claim row
    states (or in `year`, for every row, when given). Organization claims are expanded to the
    organization's members as of the claim's date."""
    cols = ["claim_id", "iso3", "year", "group_label", "claim_kind", "year_basis", "footnote",
            "footnote_attribution", "paraphrase"]  # fmt: skip
    parts = [regime_claims[cols]]
    if organization_claims is not None and memberships is not None:
        for claim in organization_claims.itertuples():
            members = memberships[
                memberships["organization"].eq(claim.organization)
                & memberships["as_of"].eq(claim.members_as_of)
            ]
            parts.append(
                pd.DataFrame(
                    {
                        "claim_id": claim.claim_id,
                        "iso3": members["iso3"].astype(str),
                        "year": claim.year,
                        "group_label": f"Members of {claim.organization_name} as of "
                        f"{pd.Timestamp(claim.members_as_of):%d %B %Y}",
                        "claim_kind": claim.claim_kind,
                        "year_basis": claim.year_basis,
                        "footnote": claim.footnote,
                        "footnote_attribution": claim.footnote_attribution,
                        "paraphrase": claim.paraphrase,
                    }
                )
            )
    rows = pd.concat(parts, ignore_index=True)
    rows["iso3"] = rows["iso3"].astype(str)
    rows["year"] = (pd.Series(year, index=rows.index) if year is not None else rows["year"]).astype(int)
    found = regimes.assign(year=regimes["year"].astype(int)).set_index(["iso3", "year"])["regime"]
    keys = pd.MultiIndex.from_arrays([rows["iso3"], rows["year"]])
    rows["regime"] = pd.array(found.reindex(keys).to_numpy(), dtype="Int64")
    rows["regime_label"] = rows["regime"].map(ROW_LABELS, na_action="ignore")
    rows["reading"] = rows["regime"].map(READING, na_action="ignore")
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"])
    return rows


ROW_PLURALS = {
    0: "closed autocracies",
    1: "electoral autocracies",
    2: "electoral democracies",
    3: "liberal democracies",
}


def _row_counts(group: pd.DataFrame) -> str:
    """'3 electoral autocracies, 1 closed autocracy': the RoW categories present, least democratic first."""
    counts = group["regime"].value_counts()
    return ", ".join(
        f"{int(counts[c])} {ROW_LABELS[c] if counts[c] == 1 else ROW_PLURALS[c]}"
        for c in sorted(int(k) for k in counts.index)
    )


def _group_verdict(group: pd.DataFrame) -> tuple[object, str]:
    """(holds: True/False/NA, the verdict in words) for one regime claim."""
    kind = group["claim_kind"].iloc[0]
    years = sorted(set(group["year"]))
    when = f"in {years[0]}" if len(years) == 1 else "in the year before each coup"
    missing = group[group["regime"].isna()]
    if len(missing):
        listed = ", ".join(f"{r.name} ({r.year})" for r in missing.itertuples())
        return pd.NA, f"not checkable: V-Dem has no category for {listed}"
    counts = _row_counts(group)
    authoritarian = group["regime"].le(1)
    if kind == MIXTURE_CLAIM:
        readings = set(group["reading"])
        absent = [w for w in (DEMOCRACY, HYBRID, AUTOCRACY) if w not in readings]
        if not absent:
            return True, f"holds {when}: {counts}"
        missing_words = {AUTOCRACY: "closed autocracy", HYBRID: "electoral autocracy (hybrid regime)",
                         DEMOCRACY: "democracy"}  # fmt: skip
        return False, (
            f"does not hold as stated {when}: no {' and no '.join(missing_words[w] for w in absent)} "
            f"among them ({counts})"
        )
    if kind in (ALL_AUTHORITARIAN_CLAIM, EACH_HYBRID_OR_AUTOCRACY_CLAIM):
        if authoritarian.all():
            return True, f"holds {when}: {counts}"
        odd = ", ".join(f"{r.name} ({r.regime_label}, {r.year})" for r in group[~authoritarian].itertuples())
        return False, f"does not hold {when}: {odd}"
    if kind == PREDOMINANTLY_CLAIM:
        n, k = len(group), int(authoritarian.sum())
        holds = k > n / 2
        return holds, (
            f"{'holds' if holds else 'does not hold'} {when}: {k} of {n} members are closed or electoral autocracies "
            f"({PREDOMINANTLY} needed; {counts})"
        )
    raise ValueError(f"unknown regime claim kind {kind!r}")


def regime_verdicts(rows: pd.DataFrame) -> pd.DataFrame:
    """One verdict per regime claim, from regime_claim_rows."""
    out = []
    for claim_id, group in rows.groupby("claim_id", sort=False):
        holds, verdict = _group_verdict(group)
        first = group.iloc[0]
        years = sorted(set(group["year"]))
        out.append(
            {
                "claim_id": claim_id,
                "group_label": first["group_label"],
                "claim_kind": first["claim_kind"],
                "footnote": int(first["footnote"]),
                "footnote_attribution": first["footnote_attribution"],
                "years": ", ".join(str(y) for y in years),
                "year_basis": first["year_basis"] if len(years) == 1 else "the year before each coup",
                "holds": holds,
                "verdict": verdict,
                "paraphrase": first["paraphrase"],
            }
        )
    verdicts = pd.DataFrame(out)
    verdicts["holds"] = verdicts["holds"].astype("boolean")
    return verdicts


def regime_claim_check(
    regime_claims: pd.DataFrame,
    regimes: pd.DataFrame,
    countries: pd.DataFrame,
    year: int | None = None,
    organization_claims: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """regime_claim_rows with each claim's verdict beside every row (for the per-claim lines)."""
    rows = regime_claim_rows(regime_claims, regimes, countries, organization_claims, memberships, year)
    verdicts = regime_verdicts(rows).set_index("claim_id")["verdict"]
    return rows.assign(verdict=rows["claim_id"].map(verdicts))


def regime_claim_lines(check: pd.DataFrame) -> list[str]:
    """Each regime characterization of the report beside V-Dem's categories, with a verdict, as
    Markdown (the data's text escaped)."""
    lines = []
    for _, group in check.groupby("claim_id", sort=False):
        first = group.iloc[0]
        members = ", ".join(
            f"{r.name} ({r.regime_label if isinstance(r.regime_label, str) else 'no value'}, {r.year})"
            for r in group.itertuples()
        )
        lines.append(
            f"Report (fn {first.footnote}): {escape_markdown(str(first.paraphrase))}  \n"
            f"V-Dem Regimes of the World: {escape_markdown(members)}. "
            f"**Verdict: {escape_markdown(str(first.verdict))}.**"
        )
    return lines


# Claims with no data here ---------------------------------------------------------------------------


def unchecked_claims(remarks: pd.DataFrame) -> pd.DataFrame:
    """The report's claims the data here cannot check (remarks with a stated reason)."""
    rows = remarks[remarks["unchecked_reason"].notna()]
    return pd.DataFrame(
        {
            "remark_id": rows["remark_id"].astype(str),
            "footnote": rows["footnote"].astype(int),
            "paraphrase": rows["paraphrase"].astype(str),
            "verdict": VERDICT_NO_DATA,
            "reason": rows["unchecked_reason"].astype(str),
        }
    ).reset_index(drop=True)


# One window, for the arms page's map and table --------------------------------------------------------

# How each regime term is measured, for the page (the report does not define its terms).
REGIME_MEASURE = (
    "How each is measured: the report does not define its regime terms. V-Dem's Regimes of the World has four "
    "categories (closed autocracy, electoral autocracy, electoral democracy, liberal democracy); here the first "
    "two count as autocracies and the last two as democracies. 'Hybrid regime' has no RoW category: electoral "
    "autocracies are closest. Year checked: the end of the window (at most the latest V-Dem year)."
)


def sources_last_year(tables: dict[str, pd.DataFrame]) -> int | None:
    """The last year of data the report's arms sources could have used: the year before the latest
    of them was published."""
    years = tables["report_arms_supplier_claims"]["source_year"].dropna()
    return int(years.max()) - 1 if len(years) else None


def regime_check_year(window_end: int, regimes: pd.DataFrame) -> int:
    """The year a regime claim is checked in: the window's end, at most the latest V-Dem year."""
    return min(window_end, int(regimes["year"].max()))


def claims_caption(tables: dict[str, pd.DataFrame], period: str) -> str:
    """Who the report's arms figures come from (by footnote), and that the values beside them are
    this app's computation for the window."""
    claims = tables["report_arms_supplier_claims"]
    cited = claims.drop_duplicates(["source_author", "source_year", "footnote"])
    who = " and ".join(
        f"{r.source_author} ({r.source_year}, {footnote_refs([r.footnote])})" for r in cited.itertuples()
    )
    return (
        f"The report's figures come from {who}, who used SIPRI data for years the report does not state. "
        f"The values beside them are computed here from the current SIPRI release for {period}; change the "
        "window to see how much the answer depends on it."
    )


def claims_against_data(
    claims: pd.DataFrame,
    view: pd.DataFrame,
    countries: pd.DataFrame,
    labels: dict[str, str],
    start: int,
    end: int,
) -> pd.DataFrame:
    """The report's country-level supplier claims, each beside the data for one window: the claimed
    supplier's share of the country's imports (share of all suppliers) and the country's rank among
    that supplier's African recipients, with Egypt (data_rank) and without (data_rank_without_egypt)."""
    rows = claims[claims["scope"].eq("country")].copy()
    rows["iso3"] = rows["iso3"].astype(str)
    rows["supplier_label"] = rows["supplier"].map(lambda s: labels.get(s, s))
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"])
    cols: dict[str, list] = {
        "data_share_pct": [],
        "data_has_imports": [],
        "data_rank": [],
        "data_rank_without_egypt": [],
    }
    by_supplier = {
        s: supplier_shares(view, countries, s, start, end, "africa") for s in rows["supplier"].unique()
    }
    sipri_africa = set(countries.loc[countries[REGION_WITHOUT_EGYPT].astype(bool), "iso3"])
    for claim in rows.itertuples():
        shares = by_supplier[claim.supplier]
        this = shares[shares["iso3"].eq(claim.iso3)].iloc[0]
        with_egypt = shares.set_index("iso3")["tiv_supplier"]
        cols["data_share_pct"].append(this["share_pct"])
        cols["data_has_imports"].append(bool(this["has_imports"]))
        cols["data_rank"].append(_rank(with_egypt, claim.iso3))
        cols["data_rank_without_egypt"].append(
            _rank(with_egypt[with_egypt.index.isin(sipri_africa)], claim.iso3)
        )
    for col, values in cols.items():
        rows[col] = values
    for col in ("data_rank", "data_rank_without_egypt"):
        rows[col] = pd.array(np.array(rows[col], dtype=float), dtype="Float64").round().astype("Int64")
    return rows.reset_index(drop=True)


def describe_claim(claim: pd.Series, period: str) -> tuple[str, str]:
    """(what the report says, what the data say for the window), in a reader's words."""
    supplier = claim["supplier_label"]
    if claim["claim_kind"] == SHARE_CLAIM:
        said = f"more than {claim['share_lower_bound_pct']:.0f}% from {supplier} (period not stated)"
    elif claim["claim_kind"] == RECIPIENT_RANK_CLAIM:
        said = f"among {supplier}'s top recipients"
    else:
        said = str(claim["paraphrase"])
    if not claim["data_has_imports"]:
        return said, f"no recorded imports in {period}"
    data = f"{pct(claim['data_share_pct'])} from {supplier} in {period}"
    if claim["claim_kind"] == RECIPIENT_RANK_CLAIM:
        rank, rank_sipri = claim["data_rank"], claim.get("data_rank_without_egypt", pd.NA)
        if pd.isna(rank):
            data += f" (received nothing from {supplier})"
        else:
            data += f" (rank {int(rank)} among its African recipients with Egypt"
            data += f", {int(rank_sipri)} without)" if pd.notna(rank_sipri) else ")"
    return said, data


def claims_table(claims: pd.DataFrame, period: str) -> pd.DataFrame:
    """The report's claims beside the data, one row per claim, for display and download."""
    described = [describe_claim(claim, period) for _, claim in claims.iterrows()]
    return pd.DataFrame(
        {
            "Country": claims["name"],
            "The report says": [d[0] for d in described],
            "Footnote": claims["footnote"],
            "Report's source": claims["source_author"] + " " + claims["source_year"].astype(str),
            f"SIPRI data, {period}": [d[1] for d in described],
        }
    )


def continent_claim_lines(
    claims: pd.DataFrame, africa_shares: pd.DataFrame, labels: dict[str, str], period: str
) -> list[str]:
    """Each continent-wide claim of the report beside SIPRI's Africa totals for the window, saying
    which footnote the report's text puts it under; Markdown, the data's text escaped."""
    if africa_shares.empty:
        return []
    top = africa_shares.iloc[0]
    by_supplier = africa_shares.set_index("supplier")["share_pct"]
    lines = []
    for claim in claims[claims["scope"].eq("Africa")].itertuples():
        cited = (
            f"fn {claim.footnote}"
            if claim.footnote_attribution == "marker on the sentence"
            else f"no marker; fn {claim.footnote} is the {claim.footnote_attribution}"
        )
        lines.append(
            f"Report ({escape_markdown(cited)}): {escape_markdown(str(claim.paraphrase))}  \n"
            f"SIPRI data, {period}, Africa as SIPRI counts it (Egypt excluded): the largest supplier is "
            f"**{escape_markdown(labels.get(top.supplier, top.supplier))}** ({pct(top.share_pct)}); Russia "
            f"{pct(by_supplier.get('Russia', 0.0))}, China {pct(by_supplier.get('China', 0.0))}."
        )
    return lines


# The Report vs data page: its sections, in words ------------------------------------------------------


def grid_sections(grid: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(title, supplier, the grid's rows) for each supplier the report's arms claims are about."""
    sections = []
    for supplier, part in grid.groupby("supplier", sort=False):
        title = f"Claims about {supplier} as an arms supplier ({footnote_refs(part['footnote'])})"
        sections.append((title, str(supplier), part))
    return sections


def methods_lines(claims: pd.DataFrame, first: int, last: int, picked: Window) -> list[str]:
    """How each claim is measured: the measures, 'top', when a claim holds, and the windows tried."""
    lines = [f"**{m.label}**: {m.definition}" for m in MEASURES.values()]
    lines.append(TOP_RECIPIENTS_DEFINITION)
    lines.append(
        "A claim holds in a cell when (" + "; ".join(f"{k}: {r}" for k, r in HOLDS_WHEN.items()) + ")."
    )
    era = ", ".join(
        f"{int(y)} → {source_era_label(int(y), first, last)}"
        for y in sorted(set(claims["source_year"].dropna()))
    )
    standard = ", ".join(window_label(*w) for w in standard_windows(first, last))
    lines.append(
        f"Windows: every window of {MIN_WINDOW_YEARS} or more years that existed for the source (published in "
        f"{era}); the standard windows {standard}; and yours, {window_label(*picked)}. "
        "TIV: SIPRI trend-indicator values, millions."
    )
    return lines


def mix_subtitle(cutoff: int | None) -> str:
    text = "TIV by supplier and year (largest suppliers, the three great powers, the rest as other)."
    return text + (f" Dotted line: after {cutoff}, data the report's source could not see." if cutoff else "")


def source_cutoff(claims: pd.DataFrame, iso3: str) -> int | None:
    """The last year the earliest source of a claim about this country could see."""
    years = claims.loc[claims["iso3"].eq(iso3), "source_year"].dropna()
    return int(years.min()) - 1 if len(years) else None


def regime_verdict_lines(verdicts: pd.DataFrame) -> list[str]:
    """One line per regime claim: what the report says, the year checked and why, the verdict."""
    lines = []
    for v in verdicts.itertuples():
        basis = v.year_basis[0].lower() + v.year_basis[1:].rstrip(".")
        lines.append(
            f"fn {footnote_text(v.footnote, v.footnote_attribution)}: {v.paraphrase} "
            f"Checked in {v.years} ({basis}). Verdict: {v.verdict}."
        )
    return lines


def unchecked_lines(remarks: pd.DataFrame) -> list[str]:
    return [
        f"fn {r.footnote}: {r.paraphrase} {r.verdict.capitalize()}. {r.reason}"
        for r in unchecked_claims(remarks).itertuples()
    ]
