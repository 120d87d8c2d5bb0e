"""Verdicts computed from the grid (never typed), in sentences and tables; the claims the data here cannot check."""

from __future__ import annotations

import pandas as pd

from src.analysis.claims.grid import _most_favourable
from src.analysis.claims.readings import claim_label, footnote_text, volume_text
from src.analysis.claims.windows import MIN_WINDOW_YEARS, SOURCE_ERA
from src.data.text import window_label


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


def unchecked_lines(remarks: pd.DataFrame) -> list[str]:
    return [
        f"fn {r.footnote}: {r.paraphrase} {r.verdict.capitalize()}. {r.reason}"
        for r in unchecked_claims(remarks).itertuples()
    ]
