"""One computed sentence per footnote, for the top of the Report vs data page: the answer first, with
its reading, its base and how robust it is (volumes beside every share it rests on)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from src.analysis.claims.evidence import ClaimEvidence
from src.analysis.claims.joint import joint_check
from src.analysis.claims.readings import HOLDS
from src.analysis.claims.regimes import CONTEXT, regime_claim_rows, regime_verdict_text, regime_verdicts
from src.analysis.claims.verdicts import claim_verdicts, unchecked_claims
from src.data.meta import Meta
from src.data.text import lower_first, pct, tiv, window_label


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _one_by_one(verdicts: pd.DataFrame, reading: str, literal: bool) -> str:
    """'none of the 7 claims holds', '3 of the 4 claims hold (all but Angola: 40 of 136 windows)',
    '2 of the 7 hold (Namibia and Ghana)': each claim alone under one reading."""
    n = len(verdicts)
    holding = verdicts[[s.get(reading) == HOLDS for s in verdicts["statuses"]]]
    failing = verdicts[~verdicts["claim_id"].isin(set(holding["claim_id"]))]
    what = "claims " if literal else ""
    most = " in most windows with enough volume" if literal else " in most windows"
    if holding.empty:
        return f"none of the {n} {what}holds{most}"
    if len(holding) == n:
        return f"all {n} {what}hold{most}"
    text = f"{len(holding)} of the {n} {what}hold{most}"
    if literal and len(failing) <= 2:
        counts = [
            f"{r['name']}: {r['literal_holding']} of {r['literal_eligible']} windows"
            for _, r in failing.iterrows()
        ]
        return text + f" (all but {_names(counts)})"
    return text + f" ({_names(list(holding['who']))})"


def _together(row: pd.Series, era: str) -> str:
    """What the search over the windows found under one reading, with the volume behind the weakest
    claim where the claims hold together only on too little."""
    n, tried = row["claims"], row["windows_tried"]
    together, raw = len(row["windows"]), len(row["windows_before_volume"])
    if together:
        example = window_label(*row["example"])
        among = f"the whole {example} among them" if era.endswith(example) else f"{example} among them"
        return f"all {n} hold together in {together} of the {tried} windows{era} ({among})"
    if not raw:
        return f"the {n} never hold together in any of the {tried} windows{era}"
    where = window_label(*row["example"])
    weakest = f"{row['weakest_name']}'s"
    weakest += f" {pct(row['weakest_value'])}" if row["weakest_unit"] == "percent" else " rank"
    weakest += f" rests on {tiv(row['weakest_base_tiv'])} TIV"
    literal_base = row["weakest_literal_base_tiv"]
    if pd.notna(literal_base) and literal_base != row["weakest_base_tiv"]:
        weakest += f" of the {tiv(literal_base)} TIV it imported"
    return (
        f"all {n} hold together in {raw} of the {tried} windows{era}, {where} among them, but in none "
        f"with enough volume: in {where} {weakest}"
    )


def _arms(verdicts: pd.DataFrame, joint: pd.DataFrame, era: str) -> list[str]:
    """One clause per reading (the literal one first): the claims one by one, then together."""
    clauses = []
    for _, row in joint.sort_values("literal", ascending=False, kind="stable").iterrows():
        alone = _one_by_one(verdicts, row["reading"], row["literal"])
        clauses.append(
            f"{row['reading_label']}: {alone}, and {_together(row, era if row['literal'] else '')}."
        )
    return clauses


def footnote_sentences(
    verdicts: pd.DataFrame, joint: pd.DataFrame, regime: pd.DataFrame, unchecked: pd.DataFrame
) -> list[tuple[int, str]]:
    """(footnote, sentence) for every footnote the page checks, in the report's order: its arms claims
    (verdicts: claim_verdicts; joint: joint_check), its regime claims (regime_verdicts) and the
    claims no data here can test (unchecked_claims, and regime rows kept as context)."""
    footnotes = sorted(set(verdicts["footnote"]) | set(regime["footnote"]) | set(unchecked["footnote"]))
    out = []
    for footnote in footnotes:
        arms = verdicts[verdicts["footnote"].eq(footnote)]
        regimes = regime[regime["footnote"].eq(footnote)]
        untestable = unchecked[unchecked["footnote"].eq(footnote)]
        pieces = []
        head = f"fn {footnote}"
        if len(arms):
            first = arms.iloc[0]
            head = f"fn {footnote} ({first['source']})"
            era = f" of 5+ years, {first['era']}" if "era" in arms else ""
            pieces += _arms(arms, joint[joint["footnote"].eq(footnote)], era)
        for _, v in regimes.iterrows():
            if v["role"] == CONTEXT:
                continue
            subject = "Their regimes" if len(arms) else v["subject"]
            pieces.append(f"{subject}: {regime_verdict_text(v, short=True)}.")
        for _, remark in untestable.iterrows():
            pieces.append(
                f"Cannot be tested with these data: {remark['reason'].removeprefix('No data here: ')}"
            )
        for _, v in regimes[regimes["role"].eq(CONTEXT)].iterrows():
            pieces.append(f"As context, {lower_first(v['subject'])}, {v['finding']}.")
        out.append((int(footnote), f"{head}: " + " ".join(pieces)))
    return out


@dataclass(frozen=True)
class Findings:
    """What the Report vs data page says, computed once (it does not depend on the picked window):
    each arms claim's verdict, the joint check per footnote, each regime claim's verdict, the claims no
    data here can test, and one sentence per footnote."""

    verdicts: pd.DataFrame
    joint: pd.DataFrame
    regime: pd.DataFrame
    unchecked: pd.DataFrame
    sentences: list[tuple[int, str]]


def findings(tables: Mapping[str, pd.DataFrame], evidence: ClaimEvidence, meta: Meta) -> Findings:
    """Every verdict of the page, from the evidence (claim_evidence) and the regime tables."""
    verdicts, joint = claim_verdicts(evidence), joint_check(evidence)
    rows = regime_claim_rows(
        tables["report_regime_claims"], tables["regime_type"], tables["countries"],
        tables["report_organization_claims"], tables["regional_memberships"],
    )  # fmt: skip
    regime = regime_verdicts(rows, meta.regime_words())
    unchecked = unchecked_claims(tables["report_remarks"])
    return Findings(
        verdicts, joint, regime, unchecked, footnote_sentences(verdicts, joint, regime, unchecked)
    )
