"""The joint check: for each footnote, the windows (if any) in which all of its arms claims hold together
under one reading, found by searching every reading and every window the source could have seen."""

from __future__ import annotations

import pandas as pd

from src.analysis.claims.evidence import ClaimEvidence
from src.analysis.claims.readings import HOLDS, reading_name
from src.analysis.claims.windows import Window
from src.data.text import window_label

JOINT_COLUMNS = [
    "footnote", "reading", "reading_label", "literal", "claims", "windows_tried", "windows", "windows_before_volume",
    "example", "weakest_claim", "weakest_name", "weakest_unit", "weakest_value", "weakest_base_tiv",
    "weakest_literal_base_tiv",
]  # fmt: skip


def _widest(windows: list[Window]) -> Window | None:
    """The longest window, the earliest among equals: the one a sentence names."""
    return max(windows, key=lambda w: (w[1] - w[0], -w[0])) if windows else None


def joint_check(evidence: ClaimEvidence) -> pd.DataFrame:
    """One row per footnote and reading that measures every one of the footnote's arms claims: the
    source-era windows common to all of them (windows_tried); those in which every claim holds with
    enough volume (windows); those in which every claim's value meets the claim, whatever the volume
    (windows_before_volume); the widest of the latter (example) and, in it, the claim resting on the
    smallest base (weakest_*, with that claim's base under the literal reading beside it)."""
    cells = evidence.cells[evidence.cells["in_era"]]
    rows = []
    for footnote, claims in evidence.claims.groupby("footnote", sort=True):
        kinds = set(claims["claim_kind"])
        readings = [r for r in evidence.readings if all(r.measure_for(k) is not None for k in kinds)]
        mine = cells[cells["claim_id"].isin(set(claims["claim_id"]))]
        per_claim = mine.groupby("claim_id")[["start", "end"]].apply(
            lambda f: set(zip(f["start"], f["end"], strict=True))
        )
        common = sorted(set.intersection(*per_claim.tolist())) if len(per_claim) else []
        for reading in sorted(readings, key=lambda r: not r.literal):
            part = mine[mine["reading"].eq(reading.key)]
            part = part[[(s, e) in set(common) for s, e in zip(part["start"], part["end"], strict=True)]]
            counted = (
                part.assign(ok=part["status"].eq(HOLDS), raw=part["holds"].fillna(False).astype(bool))
                .groupby(["start", "end"])[["ok", "raw"]]
                .sum()
            )
            joint = [w for w, n in counted["ok"].items() if n == len(claims)]
            joint_raw = [w for w, n in counted["raw"].items() if n == len(claims)]
            example = _widest(joint) or _widest(joint_raw)
            weakest: dict = dict.fromkeys(JOINT_COLUMNS[-6:])
            if example:
                at = part[part["start"].eq(example[0]) & part["end"].eq(example[1])]
                low = at.loc[at["denominator_tiv"].idxmin()]
                literal = cells[
                    cells["claim_id"].eq(low["claim_id"])
                    & cells["start"].eq(example[0])
                    & cells["end"].eq(example[1])
                    & cells["reading"].isin([r.key for r in evidence.readings if r.literal])
                ]
                weakest = {
                    "weakest_claim": low["claim_id"],
                    "weakest_name": claims.set_index("claim_id").loc[low["claim_id"], "name"],
                    "weakest_unit": low["unit"],
                    "weakest_value": float(low["value"]),
                    "weakest_base_tiv": float(low["denominator_tiv"]),
                    "weakest_literal_base_tiv": float(literal["denominator_tiv"].iloc[0])
                    if len(literal)
                    else None,
                }
            rows.append(
                {
                    "footnote": int(footnote),
                    "reading": reading.key,
                    "reading_label": reading_name(reading),
                    "literal": reading.literal,
                    "claims": len(claims),
                    "windows_tried": len(common),
                    "windows": joint,
                    "windows_before_volume": joint_raw,
                    "example": example,
                    **weakest,
                }
            )
    return pd.DataFrame(rows, columns=JOINT_COLUMNS)


def joint_lines(joint: pd.DataFrame) -> list[str]:
    """'fn 121, read as "Share of all suppliers (as written)": the 7 claims hold together in 0 of 136
    windows with enough volume (0 whatever the volume)', one per footnote and reading. The reading's
    label is quoted as it is, never lower-cased ("Africa with Egypt" stays a name)."""
    lines = []
    for row in joint.itertuples():
        example = f"; e.g. {window_label(*row.example)}" if row.example else ""
        lines.append(
            f'fn {row.footnote}, read as "{row.reading_label}": the {row.claims} claims hold '
            f"together in {len(row.windows)} of {row.windows_tried} windows with enough volume "
            f"({len(row.windows_before_volume)} whatever the volume{example})"
        )
    return lines
