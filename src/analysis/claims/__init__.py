"""The report's claims checked against the data (pure functions).

Each checkable claim is evaluated, for every country it names, under several measures (readings) and
several windows of years (windows): every window of five or more years the claim's source could have
seen, the standard windows, and one the reader picks. The result is a tidy grid (claim × country ×
measure × window) with the TIV behind every value (grid); verdicts are computed from that grid, never
typed (verdicts). Regime characterizations are checked against V-Dem's Regimes of the World (regimes).
This module lists what the rest of the app uses.
"""

from src.analysis.claims.against_data import claims_against_data, claims_table, describe_claim
from src.analysis.claims.grid import GRID_COLUMNS, claim_grid, evaluate_claims, grid_sections, grid_table
from src.analysis.claims.readings import (
    MEASURES,
    RECIPIENT_RANK_CLAIM,
    SHARE_CLAIM,
    TOP_RECIPIENTS_DEFINITION,
    cell_text,
    claim_label,
    footnote_text,
    measures_for,
    methods_lines,
    region_text,
    volume_text,
)
from src.analysis.claims.regimes import (
    MIXTURE_CLAIM,
    ROW_LABELS,
    regime_claim_check,
    regime_claim_rows,
    regime_verdict_lines,
    regime_verdicts,
)
from src.analysis.claims.verdicts import (
    VERDICT_ALL,
    VERDICT_NO_DATA,
    VERDICT_NONE,
    unchecked_claims,
    unchecked_lines,
    verdict_sentence,
    verdict_table,
)
from src.analysis.claims.windows import (
    MIN_WINDOW_YEARS,
    PICKED,
    SOURCE_ERA,
    STANDARD,
    data_years,
    source_cutoff,
    source_windows,
    sources_last_year,
    standard_windows,
)

__all__ = [
    "GRID_COLUMNS",
    "MEASURES",
    "MIN_WINDOW_YEARS",
    "MIXTURE_CLAIM",
    "PICKED",
    "RECIPIENT_RANK_CLAIM",
    "ROW_LABELS",
    "SHARE_CLAIM",
    "SOURCE_ERA",
    "STANDARD",
    "TOP_RECIPIENTS_DEFINITION",
    "VERDICT_ALL",
    "VERDICT_NONE",
    "VERDICT_NO_DATA",
    "cell_text",
    "claim_grid",
    "claim_label",
    "claims_against_data",
    "claims_table",
    "data_years",
    "describe_claim",
    "evaluate_claims",
    "footnote_text",
    "grid_sections",
    "grid_table",
    "measures_for",
    "methods_lines",
    "regime_claim_check",
    "regime_claim_rows",
    "regime_verdict_lines",
    "regime_verdicts",
    "region_text",
    "source_cutoff",
    "source_windows",
    "sources_last_year",
    "standard_windows",
    "unchecked_claims",
    "unchecked_lines",
    "verdict_sentence",
    "verdict_table",
    "volume_text",
]
