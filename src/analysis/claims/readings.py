"""How each claim is read: the readings (defined in the data package, read through Meta), the measures
the code computes for them, when a claim holds in a window, and a claim's values in words."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from src.analysis.claims.windows import MIN_WINDOW_YEARS, Window, source_era_label, standard_windows
from src.data.meta import Meta, Reading
from src.data.text import pct, tiv, window_label

TOP_RECIPIENTS = 5  # "top recipients": the supplier's five largest recipients in the window
TOP_RECIPIENTS_DEFINITION = (
    f"'Top recipients' means the supplier's {TOP_RECIPIENTS} largest recipients by TIV in the window "
    f"(rank {TOP_RECIPIENTS} or better; tied countries share a rank)."
)
# SIPRI's Africa leaves Egypt out (it counts Egypt in the Middle East); geographic Africa keeps it.
REGION_WITH_EGYPT, REGION_WITHOUT_EGYPT = "africa_geographic", "africa_sipri"

# The kinds of claim (report_arms_supplier_claims.claim_kind).
SHARE_CLAIM = "supplier share above bound"
RECIPIENT_RANK_CLAIM = "among the supplier's top recipients"
SUPPLIER_RANK_CLAIM = "top supplier to the continent"

# The measures the code computes (the data package's readings name them by these keys).
SHARE_OF_ALL, SHARE_OF_GREAT_POWERS = "share_all", "share_great_powers"
RANK_WITH_EGYPT, RANK_WITHOUT_EGYPT = "rank_with_egypt", "rank_without_egypt"
SUPPLIER_RANK_WITH_EGYPT, SUPPLIER_RANK_WITHOUT_EGYPT = (
    "supplier_rank_with_egypt",
    "supplier_rank_without_egypt",
)
MEASURE_KEYS = (
    SHARE_OF_ALL,
    SHARE_OF_GREAT_POWERS,
    RANK_WITH_EGYPT,
    RANK_WITHOUT_EGYPT,
    SUPPLIER_RANK_WITH_EGYPT,
    SUPPLIER_RANK_WITHOUT_EGYPT,
)
HOLDS_WHEN = {
    SHARE_CLAIM: "the share is above the report's bound",
    RECIPIENT_RANK_CLAIM: f"the country ranks {TOP_RECIPIENTS} or better",
    SUPPLIER_RANK_CLAIM: "the supplier ranks first",
}
# What a cell says about one window: the claim holds there, it does not, or the base is too small.
HOLDS, FAILS, TOO_LITTLE = "holds", "does not hold", "too little to judge"


def readings_for(readings: Sequence[Reading], claim_kind: str) -> list[Reading]:
    """The readings that measure a kind of claim, the literal one first."""
    found = [r for r in readings if r.measure_for(claim_kind) is not None]
    return sorted(found, key=lambda r: not r.literal)


def reading_name(reading: Reading) -> str:
    """'Share of all suppliers (as written)' or 'Share of China + US + Russia': how a verdict names it."""
    return f"{reading.label} (as written)" if reading.literal else reading.label


def claim_label(row: pd.Series) -> str:
    """What the report says, in a few words: 'China > 90%', "among Russia's top 5", 'Russia first'."""
    if row["claim_kind"] == SHARE_CLAIM:
        return f"{row['supplier']} > {row['bound_pct']:.0f}%"
    if row["claim_kind"] == RECIPIENT_RANK_CLAIM:
        return f"among {row['supplier']}'s top {TOP_RECIPIENTS}"
    return f"{row['supplier']} the largest supplier"


def region_text(measure: str) -> str:
    """Which Africa a rank is in, said everywhere a rank appears."""
    return (
        "without Egypt (SIPRI's Africa)"
        if measure.endswith("without_egypt")
        else "with Egypt (geographic Africa)"
    )


NO_BASE_TEXT = {
    SHARE_OF_ALL: "no imports recorded",
    SHARE_OF_GREAT_POWERS: "nothing from China, the US or Russia",
}


def cell_text(row: pd.Series) -> str:
    """A value as a reader reads it: '62%' or '#3'; 'none' for a country the supplier sent nothing
    to, 'no data' where there is nothing to measure."""
    if pd.isna(row["value"]):
        return "none" if row["unit"] == "rank" and row["denominator_tiv"] > 0 else "no data"
    return pct(row["value"]) if row["unit"] == "percent" else f"#{int(row['value'])}"


def volume_text(row: pd.Series) -> str:
    """The value with the TIV behind it, e.g. '62% (12.0 of 19.4 TIV)' or 'rank 3 with Egypt (250
    of Russia's 4,200 TIV to African states)'."""
    if pd.isna(row["value"]) and not row["denominator_tiv"] > 0:
        return f"no data ({NO_BASE_TEXT.get(row['measure'], 'no deliveries')} in the window)"
    of = f"{tiv(row['numerator_tiv'])} of {tiv(row['denominator_tiv'])} TIV"
    if row["unit"] == "percent":
        return f"{cell_text(row)} ({of})"
    where = region_text(row["measure"])
    if row["claim_kind"] == SUPPLIER_RANK_CLAIM:
        return f"rank {int(row['value'])} {where} ({of} delivered to Africa)"
    place = "not a recipient" if pd.isna(row["value"]) else f"rank {int(row['value'])}"
    return f"{place} {where} ({of} {row['supplier']} delivered to African states)"


def footnote_text(footnote: int, attribution: str) -> str:
    """'121', or '122 (no marker on the sentence; the nearest following marker)': exactly what the
    report's text attributes to the footnote."""
    if attribution == "marker on the sentence":
        return str(footnote)
    return f"{footnote} (no marker on the sentence; the {attribution})"


def methods_lines(
    meta: Meta, claims: pd.DataFrame, first: int, last: int, picked: Window, standard: Sequence[Window]
) -> list[str]:
    """The method, stated once (from the data package): the readings with their reasons and sources,
    what 'top' means, when a claim holds in a window, the minimum volume, the windows, the verdict
    words. Markdown-free text: the page escapes each line."""
    lines = []
    for reading in meta.claim_readings():
        kind = "As the report words it" if reading.literal else "Another reading"
        source = reading.source or "No source found that measures it this way."
        measures = " ".join(m.definition for m in reading.measures)
        lines.append(f"{reading.label} ({kind.lower()}). {measures} Why: {reading.reason} Source: {source}")
    lines += [f"Dropped: {label}. {why}" for label, why in meta.dropped_readings()]
    lines.append(TOP_RECIPIENTS_DEFINITION)
    lines.append(
        "A claim holds in a window when ("
        + "; ".join(f"{k}: {r}" for k, r in HOLDS_WHEN.items())
        + ") and the window has enough volume."
    )
    lines.append(f"Minimum volume: {meta.volume_rule().why}")
    era = ", ".join(
        f"{int(y)} → {source_era_label(int(y), first, last)}"
        for y in sorted(set(claims["source_year"].dropna()))
    )
    standard_text = ", ".join(window_label(*w) for w in standard_windows(standard, first, last))
    lines.append(
        f"Windows: {meta.verdict_windows()} Those are every window of {MIN_WINDOW_YEARS} or more years that "
        f"existed for the source (published in {era}). The grid also shows the standard windows "
        f"{standard_text} and yours, {window_label(*picked)}. TIV: SIPRI trend-indicator values, millions."
    )
    lines += [f"Verdict '{word}': {meaning}" for word, meaning in meta.verdict_words().items()]
    return lines
