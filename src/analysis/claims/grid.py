"""The grid a reader takes in at a glance, read from the evidence for one picked window: for each claim
and reading, in how many of its source's windows with enough volume it holds, and its value in the
standard windows and the picked one. Cheap: a selection from evidence computed once."""

from __future__ import annotations

import pandas as pd

from src.analysis.claims.evidence import ClaimEvidence, robustness
from src.analysis.claims.readings import HOLDS, TOO_LITTLE, claim_label
from src.analysis.claims.windows import PICKED, SOURCE_ERA, STANDARD, Window
from src.data.meta import footnote_refs
from src.data.text import window_label

GRID_COLUMNS = [
    "claim_id", "claim_kind", "footnote", "footnote_attribution", "source", "supplier", "bound_pct", "iso3", "name",
    "reading", "reading_label", "literal", "measure", "unit", "window_kind", "window", "start", "end",
    "value", "numerator_tiv", "denominator_tiv", "status", "holds",
    "windows_holding", "windows_eligible", "windows_total",
]  # fmt: skip
__all__ = ["GRID_COLUMNS", "claim_grid", "grid_sections", "grid_table", "robustness"]


def claim_grid(evidence: ClaimEvidence, picked: Window | None = None) -> pd.DataFrame:
    """For every claim and each of its readings (the literal one first): the robustness over the
    source's windows (window kind 'source era'), each standard window, and the picked window when it
    is not a standard one (kind 'picked'). A selection from the evidence: no sums here."""
    extra = [tuple(picked)] if picked and tuple(picked) not in evidence.standard else []
    parts = [evidence.era_rows.assign(window_kind=SOURCE_ERA, window_order=0)]
    for order, (kind, window) in enumerate(
        [(STANDARD, w) for w in evidence.standard] + [(PICKED, w) for w in extra], start=1
    ):
        rows = evidence.by_window[window]
        parts.append(rows.assign(window_kind=kind, window=window_label(*window), window_order=order))
    grid = pd.concat(parts, ignore_index=True).sort_values(["position", "window_order"], kind="stable")
    status = grid["status"].to_numpy()
    holds = pd.array(status == HOLDS, dtype="boolean")
    holds[status == TOO_LITTLE] = pd.NA
    grid["holds"] = holds
    grid["iso3"] = grid["iso3"].astype(object).where(grid["iso3"].notna(), None)
    grid = grid[GRID_COLUMNS].reset_index(drop=True)
    for col in ("windows_holding", "windows_eligible", "windows_total", "start", "end", "footnote"):
        grid[col] = grid[col].astype(int)
    return grid


def grid_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The grid itself, one row per cell, with plain headers (units in the header)."""
    return pd.DataFrame(
        {
            "Subject": grid["name"],
            "The report says": grid.apply(claim_label, axis=1),
            "Footnote": grid["footnote"],
            "Reading": grid["reading_label"],
            "Window": grid["window"],
            "In this window": grid["status"],
            "Value (% or rank)": grid["value"].round(2),
            "TIV counted (millions)": grid["numerator_tiv"].round(2),
            "Base TIV (millions)": grid["denominator_tiv"].round(2),
            "Windows where it holds": grid["windows_holding"],
            "Windows with enough volume": grid["windows_eligible"],
            "Windows tried": grid["windows_total"],
        }
    )


def grid_sections(grid: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(title, supplier, the grid's rows) for each supplier the report's arms claims are about."""
    sections = []
    for supplier, part in grid.groupby("supplier", sort=False):
        title = f"Claims about {supplier} as an arms supplier ({footnote_refs(part['footnote'])})"
        sections.append((title, str(supplier), part))
    return sections
