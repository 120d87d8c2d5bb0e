"""The report's regime characterizations against V-Dem's Regimes of the World."""

from __future__ import annotations

import pandas as pd

from src.analysis.claims.readings import footnote_text

ROW_LABELS = {
    0: "closed autocracy",
    1: "electoral autocracy",
    2: "electoral democracy",
    3: "liberal democracy",
}
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
