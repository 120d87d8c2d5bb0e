"""How each claim is read: the measures (each defined once, with a sentence for the page), when a
claim holds, and a claim's values in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from src.analysis.claims.windows import MIN_WINDOW_YEARS, Window, source_era_label, standard_windows
from src.data.text import pct, tiv, window_label

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


def footnote_text(footnote: int, attribution: str) -> str:
    """'121', or '122 (no marker on the sentence; the nearest following marker)': exactly what the
    report's text attributes to the footnote."""
    if attribution == "marker on the sentence":
        return str(footnote)
    return f"{footnote} (no marker on the sentence; the {attribution})"


def methods_lines(
    claims: pd.DataFrame, first: int, last: int, picked: Window, standard: Sequence[Window]
) -> list[str]:
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
    standard_text = ", ".join(window_label(*w) for w in standard_windows(standard, first, last))
    lines.append(
        f"Windows: every window of {MIN_WINDOW_YEARS} or more years that existed for the source (published in "
        f"{era}); the standard windows {standard_text}; and yours, {window_label(*picked)}. "
        "TIV: SIPRI trend-indicator values, millions."
    )
    return lines
