"""The report's claims checked against the data (pure functions).

The method is stated once in the data package (read through Meta): each arms claim is read first as
the report words it, then under every other reading with a stated reason; a window counts only when
the TIV behind it reaches the minimum volume. The evidence (evidence: every claim under each reading
in every window of the data) is computed once; the grid for a picked window (grid), the verdicts by
robustness (verdicts: in how many of its source's windows with enough volume a claim holds) and the
joint check per footnote (joint: the windows in which all its claims hold together under one reading)
are read from it; one sentence per footnote sums them up (sentences). Regime characterizations are
checked against V-Dem's Regimes of the World with one mapping of the report's words (regimes). This
module lists what the rest of the app uses.
"""

from src.analysis.claims.against_data import claims_against_data, claims_table, describe_claim
from src.analysis.claims.evidence import (
    ClaimEvidence,
    all_windows,
    claim_evidence,
    evaluate_claims,
    robustness,
)
from src.analysis.claims.grid import GRID_COLUMNS, claim_grid, grid_sections, grid_table
from src.analysis.claims.joint import joint_check, joint_lines
from src.analysis.claims.readings import (
    FAILS,
    HOLDS,
    MEASURE_KEYS,
    RECIPIENT_RANK_CLAIM,
    SHARE_CLAIM,
    SUPPLIER_RANK_CLAIM,
    TOO_LITTLE,
    TOP_RECIPIENTS_DEFINITION,
    cell_text,
    claim_label,
    footnote_text,
    methods_lines,
    reading_name,
    readings_for,
    region_text,
    volume_text,
)
from src.analysis.claims.regimes import (
    MIXTURE_CLAIM,
    ROW_LABELS,
    regime_claim_check,
    regime_claim_rows,
    regime_verdict_lines,
    regime_verdict_text,
    regime_verdicts,
)
from src.analysis.claims.sentences import Findings, findings, footnote_sentences
from src.analysis.claims.verdicts import (
    VERDICT_FAILS,
    VERDICT_HOLDS,
    VERDICT_NO_DATA,
    VERDICT_OTHER_READING,
    VERDICT_TOO_LITTLE,
    VERDICT_UNTESTABLE,
    claim_cards,
    claim_verdicts,
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
    "ClaimEvidence",
    "Findings",
    "FAILS",
    "GRID_COLUMNS",
    "HOLDS",
    "MEASURE_KEYS",
    "MIN_WINDOW_YEARS",
    "MIXTURE_CLAIM",
    "PICKED",
    "RECIPIENT_RANK_CLAIM",
    "ROW_LABELS",
    "SHARE_CLAIM",
    "SOURCE_ERA",
    "STANDARD",
    "SUPPLIER_RANK_CLAIM",
    "TOO_LITTLE",
    "TOP_RECIPIENTS_DEFINITION",
    "VERDICT_FAILS",
    "VERDICT_HOLDS",
    "VERDICT_NO_DATA",
    "VERDICT_OTHER_READING",
    "VERDICT_TOO_LITTLE",
    "VERDICT_UNTESTABLE",
    "all_windows",
    "cell_text",
    "claim_cards",
    "claim_evidence",
    "claim_grid",
    "claim_label",
    "claim_verdicts",
    "claims_against_data",
    "claims_table",
    "data_years",
    "describe_claim",
    "evaluate_claims",
    "findings",
    "footnote_sentences",
    "footnote_text",
    "grid_sections",
    "grid_table",
    "joint_check",
    "joint_lines",
    "methods_lines",
    "reading_name",
    "readings_for",
    "regime_claim_check",
    "regime_claim_rows",
    "regime_verdict_lines",
    "regime_verdict_text",
    "regime_verdicts",
    "region_text",
    "robustness",
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
