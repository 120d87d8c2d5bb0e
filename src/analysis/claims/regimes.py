"""The report's regime characterizations against V-Dem's Regimes of the World, every claim read with one
mapping of the report's words (the data package's dashboard.regimeWords, via Meta.regime_words); where
a verdict turns on the year checked, the neighbouring years are given beside it."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import permutations

import pandas as pd

from src.analysis.claims.readings import footnote_text
from src.analysis.claims.verdicts import VERDICT_FAILS, VERDICT_HOLDS, VERDICT_UNTESTABLE
from src.data.meta import RegimeWord
from src.data.text import lower_first

ROW_LABELS = {
    0: "closed autocracy",
    1: "electoral autocracy",
    2: "electoral democracy",
    3: "liberal democracy",
}
ROW_PLURALS = {
    0: "closed autocracies",
    1: "electoral autocracies",
    2: "electoral democracies",
    3: "liberal democracies",
}
PREDOMINANTLY = "more than half"

MIXTURE_CLAIM = "mixture of democracies, hybrid regimes and autocracies"
ALL_AUTHORITARIAN_CLAIM = "all authoritarian"
EACH_HYBRID_OR_AUTOCRACY_CLAIM = "each a hybrid regime or autocracy"
PREDOMINANTLY_CLAIM = "predominantly authoritarian or hybrid"
# The report's words each kind of claim uses: all of them, each by a different country (a mixture);
# or one of them for every country, or for more than half.
WORDS_OF = {
    MIXTURE_CLAIM: ("democracy", "hybrid", "autocracy"),
    ALL_AUTHORITARIAN_CLAIM: ("authoritarian",),
    EACH_HYBRID_OR_AUTOCRACY_CLAIM: ("hybrid", "autocracy"),
    PREDOMINANTLY_CLAIM: ("authoritarian", "hybrid"),
}
CONTEXT = "context"  # report_regime_claims.role of a row shown beside an untestable claim
NEIGHBOURS = (-1, 1)  # the years around the one checked, tried for a verdict that may turn on it

Words = Mapping[str, RegimeWord]


def _day(date: object) -> str:
    """'30 May 2023'."""
    stamp = pd.Timestamp(date)
    return f"{stamp.day} {stamp:%B %Y}"


def regime_claim_rows(
    regime_claims: pd.DataFrame,
    regimes: pd.DataFrame,
    countries: pd.DataFrame,
    organization_claims: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """One row per country a regime claim covers, with its RoW category in the year the claim row
    states (or in `year`, for every row, when given) and in the years around it (regime_before,
    regime_after). Organization claims are expanded to the organization's members as of the claim's
    date; their subject names the organization."""
    cols = ["claim_id", "iso3", "year", "group_label", "claim_kind", "year_basis", "footnote",
            "footnote_attribution", "paraphrase", "role"]  # fmt: skip
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
                        "group_label": f"{claim.organization} ({claim.organization_name}, {len(members)} "
                        f"members as of {_day(claim.members_as_of)})",
                        "claim_kind": claim.claim_kind,
                        "year_basis": claim.year_basis,
                        "footnote": claim.footnote,
                        "footnote_attribution": claim.footnote_attribution,
                        "paraphrase": claim.paraphrase,
                        "role": "claim",
                    }
                )
            )
    rows = pd.concat(parts, ignore_index=True)
    rows["iso3"] = rows["iso3"].astype(str)
    rows["year"] = (pd.Series(year, index=rows.index) if year is not None else rows["year"]).astype(int)
    found = regimes.assign(year=regimes["year"].astype(int)).set_index(["iso3", "year"])["regime"]
    for column, shift in (("regime", 0), ("regime_before", -1), ("regime_after", 1)):
        keys = pd.MultiIndex.from_arrays([rows["iso3"], rows["year"] + shift])
        rows[column] = pd.array(found.reindex(keys).to_numpy(), dtype="Int64")
    rows["regime_label"] = rows["regime"].map(ROW_LABELS, na_action="ignore")
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"])
    return rows


def _row_counts(categories: pd.Series) -> str:
    """'3 electoral autocracies, 1 closed autocracy': the RoW categories present, least democratic first."""
    counts = categories.value_counts()
    return ", ".join(
        f"{int(counts[c])} {ROW_LABELS[c] if counts[c] == 1 else ROW_PLURALS[c]}"
        for c in sorted(int(k) for k in counts.index)
    )


def _in(words: Words, *names: str) -> frozenset[int]:
    return frozenset().union(*(words[n].categories for n in names))


def _mixture(categories: list[int], words: Words, needed: tuple[str, ...]) -> bool:
    """Whether each word can be given a different country whose category it covers."""
    return any(
        all(categories[i] in words[w].categories for i, w in zip(chosen, needed, strict=True))
        for chosen in permutations(range(len(categories)), len(needed))
    )


def _test(kind: str, categories: list[int], words: Words) -> tuple[bool, str]:
    """(holds, what was counted) for one claim and one year's categories."""
    needed = WORDS_OF[kind]
    covered = _in(words, *needed)
    inside = sum(c in covered for c in categories)
    if kind == MIXTURE_CLAIM:
        return _mixture(categories, words, needed), _row_counts(pd.Series(categories))
    if kind == PREDOMINANTLY_CLAIM:
        return inside > len(categories) / 2, f"{inside} of {len(categories)}"
    return inside == len(categories), f"{inside} of {len(categories)}"


def _kinds(categories: frozenset[int]) -> str:
    """'closed or electoral autocracies', 'electoral or liberal democracies': the categories a word covers."""
    plurals = [ROW_PLURALS[c] for c in sorted(categories)]
    nouns = {p.split()[-1] for p in plurals}
    if len(nouns) == 1 and len(plurals) > 1:  # one noun: say it once
        return " or ".join(p.rsplit(" ", 1)[0] for p in plurals) + " " + nouns.pop()
    return " or ".join(plurals)


def _missing_word(categories: list[int], words: Words, needed: tuple[str, ...]) -> str:
    """Why a mixture fails: a word no country is, or too few countries to give each word its own."""
    absent = [w for w in needed if not any(c in words[w].categories for c in categories)]
    if absent:
        return "none is " + " or ".join(
            f"{'an' if w[0] in 'aeiou' else 'a'} {w} ({_kinds(words[w].categories)})" for w in absent
        )
    return f"too few countries to give each of {', '.join(needed)} its own"


def _group_verdict(group: pd.DataFrame, words: Words) -> dict:
    """The verdict of one regime claim in the year checked, what it rests on, and the neighbouring
    years if the verdict turns on the year."""
    kind = group["claim_kind"].iloc[0]
    years = sorted(set(group["year"]))
    when = f"in {years[0]}" if len(years) == 1 else "the year before each coup"
    missing = group[group["regime"].isna()]
    if len(missing):
        listed = ", ".join(f"{r.name} ({r.year})" for r in missing.itertuples())
        return {
            "holds": pd.NA,
            "verdict": VERDICT_UNTESTABLE,
            "finding": f"V-Dem has no category for {listed}",
        }
    categories = [int(c) for c in group["regime"]]
    holds, counted = _test(kind, categories, words)
    needed = WORDS_OF[kind]
    covered = _in(words, *needed)
    short = f"{when} ({counted}" + (f" {' or '.join(needed)}" if kind != MIXTURE_CLAIM else "")
    short += "; more than half needed)" if kind == PREDOMINANTLY_CLAIM else ")"
    if kind == MIXTURE_CLAIM:
        why = (
            "a democracy, a hybrid regime and an autocracy, each a different country"
            if holds
            else _missing_word(categories, words, needed)
        )
        finding = f"{when} ({counted}: {why})"
    else:
        finding = f"{when} ({counted} {' or '.join(needed)}, that is {_kinds(covered)}"
        if kind == PREDOMINANTLY_CLAIM:
            finding += f"; {PREDOMINANTLY} needed"
        outside = group[~group["regime"].isin(covered)]
        if len(outside) and kind != PREDOMINANTLY_CLAIM:
            finding += "; not " + ", ".join(
                f"{r.name}, {r.regime_label} in {r.year}" for r in outside.itertuples()
            )
        finding += ")"
    around = []
    for column, shift in (("regime_before", -1), ("regime_after", 1)):
        if group[column].isna().any():
            continue
        other, other_counted = _test(kind, [int(c) for c in group[column]], words)
        if other != holds:
            around.append((shift, other, other_counted))
    neighbours = ""
    if around and len(years) == 1:
        shown = " and ".join(str(years[0] + shift) for shift, _, _ in around)
        counts = "; ".join(dict.fromkeys(c for _, _, c in around))
        neighbours = (
            f"it turns on the year: it {'holds' if around[0][1] else 'does not hold'} in {shown} ({counts})"
        )
    return {
        "holds": holds,
        "verdict": VERDICT_HOLDS if holds else VERDICT_FAILS,
        "finding": finding,
        "short": short,
        "neighbours": neighbours,
    }


def regime_verdicts(rows: pd.DataFrame, words: Words) -> pd.DataFrame:
    """One verdict per regime claim, from regime_claim_rows, with the report's words read as `words`
    (Meta.regime_words). A claim whose role is context cannot be tested with these data: its finding
    is kept as context."""
    out = []
    for claim_id, group in rows.groupby("claim_id", sort=False):
        first = group.iloc[0]
        years = sorted(set(group["year"]))
        result = {"neighbours": "", **_group_verdict(group, words)}
        context = first["role"] == CONTEXT
        out.append(
            {
                "claim_id": claim_id,
                "subject": first["group_label"],
                "group_label": first["group_label"],
                "claim_kind": first["claim_kind"],
                "footnote": int(first["footnote"]),
                "footnote_attribution": first["footnote_attribution"],
                "years": ", ".join(str(y) for y in years),
                "year_basis": first["year_basis"] if len(years) == 1 else "the year before each coup",
                "role": first["role"],
                "holds": pd.NA if context else result["holds"],
                "verdict": VERDICT_UNTESTABLE if context else result["verdict"],
                "finding": result["finding"],
                "short": result["short"],
                "neighbours": "" if context else result["neighbours"],
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
    words: Words,
    year: int | None = None,
    organization_claims: pd.DataFrame | None = None,
    memberships: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """regime_claim_rows with each claim's verdict beside every row (for the per-claim lines)."""
    rows = regime_claim_rows(regime_claims, regimes, countries, organization_claims, memberships, year)
    verdicts = regime_verdicts(rows, words).set_index("claim_id")
    text = verdicts["verdict"] + ": " + verdicts["finding"]
    return rows.assign(verdict=rows["claim_id"].map(text))


def regime_verdict_text(verdict: pd.Series, short: bool = False) -> str:
    """'does not hold in 2022 (8 of 16 ...); it turns on the year: it holds in 2021 and 2023 (9 of
    16)', or, for context, 'cannot be tested with these data; as context, ...'. short: the counts
    without the words' categories (for a headline)."""
    finding = verdict["short"] if short else verdict["finding"]
    if verdict["role"] == CONTEXT:
        return f"{verdict['verdict']}; as context, {finding}"
    text = f"{verdict['verdict']} {finding}"
    return f"{text}; {verdict['neighbours']}" if verdict["neighbours"] else text


def regime_verdict_lines(verdicts: pd.DataFrame) -> list[str]:
    """One line per regime claim, naming its subject first: the footnote, the subject, what the report
    says, the year checked and why, the verdict."""
    lines = []
    for _, v in verdicts.iterrows():
        basis = lower_first(v["year_basis"]).rstrip(".")
        lines.append(
            f"fn {footnote_text(v['footnote'], v['footnote_attribution'])} · {v['subject']}: {v['paraphrase']} "
            f"Checked in {v['years']} ({basis}). Verdict: {regime_verdict_text(v)}."
        )
    return lines
