"""Verdicts computed from the evidence (never typed), by robustness: for each claim and reading, in how
many of its source's windows with enough volume it holds; the verdict word follows from those counts,
the literal reading first. Also the claims the data here cannot test."""

from __future__ import annotations

import pandas as pd

from src.analysis.claims.evidence import ClaimEvidence, robustness
from src.analysis.claims.readings import (
    HOLDS,
    TOO_LITTLE,
    claim_label,
    footnote_text,
    reading_name,
    volume_text,
)
from src.data.dashboard import VERDICT_WORDS
from src.data.meta import Reading
from src.data.text import tiv, window_label

# The verdict words, fixed (the data package explains each: Meta.verdict_words).
VERDICT_HOLDS, VERDICT_OTHER_READING, VERDICT_FAILS, VERDICT_TOO_LITTLE, VERDICT_UNTESTABLE = VERDICT_WORDS
VERDICT_NO_DATA = VERDICT_UNTESTABLE  # what the page says of a claim no data here measures


def _reading_line(claim: pd.Series, reading: Reading, era: pd.DataFrame, min_base: float) -> tuple[str, dict]:
    """'As written (share of all suppliers): holds in 8 of 126 windows with enough volume (10 of 136
    too little to judge); 2000–2019: 79.1% (216 of 273 TIV)', and the counts behind it."""
    summary = robustness(era)
    name = reading_name(reading)
    total = summary["windows_total"]
    if summary["windows_eligible"]:
        text = f"{name}: holds in {summary['windows_holding']} of {summary['windows_eligible']} windows with enough volume"
        short = total - summary["windows_eligible"]
        text += f" ({short} of {total} too little to judge)" if short else f" (all {total} have enough)"
    else:
        text = (
            f"{name}: too little to judge in all {total} windows (the base reaches at most "
            f"{tiv(float(era['denominator_tiv'].max()))} TIV, under the minimum of {tiv(min_base)})"
        )
    widest = era.loc[(era["end"] - era["start"]).idxmax()]
    shown = pd.Series({**claim.to_dict(), **widest.to_dict()})
    text += f"; {window_label(int(widest['start']), int(widest['end']))}: {volume_text(shown)}"
    return text, summary


def claim_verdicts(evidence: ClaimEvidence) -> pd.DataFrame:
    """One verdict per claim: 'holds' when the literal reading holds in more than half of its windows
    with enough volume; 'holds only under another reading' when only another reading does (named in
    `readings_holding`); 'does not hold' when no reading does but some window has enough volume;
    'too little to judge' when none has. `lines`: each reading's counts and its widest window's values."""
    out = []
    cells = evidence.cells
    for _, claim in evidence.claims.iterrows():
        mine = cells[cells["claim_id"].eq(claim["claim_id"]) & cells["in_era"]]
        lines, statuses, supporting = [], [], []
        readings = evidence.readings_of(claim["claim_kind"])
        for reading in readings:
            line, summary = _reading_line(
                claim, reading, mine[mine["reading"].eq(reading.key)], evidence.min_base_tiv
            )
            lines.append(line)
            statuses.append(summary)
            if summary["status"] == HOLDS and not reading.literal:
                supporting.append(reading_name(reading))
        if statuses[0]["status"] == HOLDS:
            verdict = VERDICT_HOLDS
        elif supporting:
            verdict = VERDICT_OTHER_READING
        elif any(s["status"] != TOO_LITTLE for s in statuses):
            verdict = VERDICT_FAILS
        else:
            verdict = VERDICT_TOO_LITTLE
        out.append(
            {
                "claim_id": claim["claim_id"],
                "claim": claim_label(claim),
                "supplier": claim["supplier"],
                "claim_kind": claim["claim_kind"],
                "iso3": claim["iso3"] if isinstance(claim["iso3"], str) else None,
                "name": claim["name"],
                "who": claim["name"]
                if isinstance(claim["iso3"], str)
                else f"{claim['supplier']} as the largest supplier",
                "footnote": int(claim["footnote"]),
                "footnote_attribution": claim["footnote_attribution"],
                "source": claim["source"],
                "era": window_label(int(claim["era_start"]), int(claim["era_end"])),
                "verdict": verdict,
                "readings_holding": "; ".join(supporting),
                "literal_holding": statuses[0]["windows_holding"],
                "literal_eligible": statuses[0]["windows_eligible"],
                "windows_total": statuses[0]["windows_total"],
                "lines": tuple(lines),
                "statuses": {
                    r.key: st["status"]
                    for r, st in zip(evidence.readings_of(claim["claim_kind"]), statuses, strict=True)
                },
            }
        )
    return pd.DataFrame(out)


def verdict_sentence(verdict: pd.Series) -> str:
    """The verdict word with the reading it rests on: 'holds only under another reading (share of
    China + US + Russia)'."""
    if verdict["verdict"] == VERDICT_OTHER_READING:
        return f"{verdict['verdict']} ({verdict['readings_holding']})"
    return str(verdict["verdict"])


def verdict_table(verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per claim for reading and download: its subject, what the report says, its footnote,
    the verdict, and each reading's counts with the volumes behind them (the literal reading first)."""
    return pd.DataFrame(
        {
            "Subject": verdicts["name"],
            "The report says": verdicts["claim"],
            "Footnote": [
                footnote_text(f, a)
                for f, a in zip(verdicts["footnote"], verdicts["footnote_attribution"], strict=True)
            ],
            "Report's source": verdicts["source"],
            "Verdict": [verdict_sentence(v) for _, v in verdicts.iterrows()],
            "As written": [lines[0].split(": ", 1)[1] for lines in verdicts["lines"]],
            "Other readings": [" — ".join(lines[1:]) for lines in verdicts["lines"]],
        }
    ).reset_index(drop=True)


def claim_cards(verdicts: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """One card per claim, for a phone: (subject and claim with its footnote, the verdict, one line
    per reading)."""
    return [
        (
            f"{v['name']} · {v['claim']} (fn {footnote_text(v['footnote'], v['footnote_attribution'])}, {v['source']})",
            verdict_sentence(v),
            list(v["lines"]),
        )
        for _, v in verdicts.iterrows()
    ]


def unchecked_claims(remarks: pd.DataFrame) -> pd.DataFrame:
    """The report's claims the data here cannot test (remarks with a stated reason)."""
    rows = remarks[remarks["unchecked_reason"].notna()]
    return pd.DataFrame(
        {
            "remark_id": rows["remark_id"].astype(str),
            "footnote": rows["footnote"].astype(int),
            "paraphrase": rows["paraphrase"].astype(str),
            "verdict": VERDICT_UNTESTABLE,
            "reason": rows["unchecked_reason"].astype(str),
        }
    ).reset_index(drop=True)


def unchecked_lines(remarks: pd.DataFrame) -> list[str]:
    return [
        f"fn {r.footnote}: {r.paraphrase} Verdict: {r.verdict}. {r.reason}"
        for r in unchecked_claims(remarks).itertuples()
    ]
