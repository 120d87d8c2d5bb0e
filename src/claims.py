"""The report's claims checked against the data: supplier claims beside SIPRI shares, regime
characterizations beside V-Dem's Regimes of the World (pure functions)."""

from __future__ import annotations

import pandas as pd

from src.arms import supplier_shares
from src.meta import footnote_refs
from src.text import pct

# How each regime term is measured, for the page (the report does not define its terms).
REGIME_MEASURE = (
    "How each is measured: the report does not define its regime terms. V-Dem's Regimes of the World has four "
    "categories (closed autocracy, electoral autocracy, electoral democracy, liberal democracy); here the first "
    "two count as autocracies and the last two as democracies. 'Hybrid regime' has no RoW category: electoral "
    "autocracies are closest. Year checked: the end of the window (at most the latest V-Dem year)."
)


def sources_last_year(tables: dict[str, pd.DataFrame]) -> int | None:
    """The last year of data the report's arms sources could have used: the year before the latest
    of them was published."""
    years = tables["report_arms_supplier_claims"]["source_year"].dropna()
    return int(years.max()) - 1 if len(years) else None


def regime_check_year(window_end: int, regimes: pd.DataFrame) -> int:
    """The year a regime claim is checked in: the window's end, at most the latest V-Dem year."""
    return min(window_end, int(regimes["year"].max()))


def claims_caption(tables: dict[str, pd.DataFrame], period: str) -> str:
    """Who the report's arms figures come from (by footnote), and that the values beside them are
    this app's computation for the window."""
    claims = tables["report_arms_supplier_claims"]
    cited = claims.drop_duplicates(["source_author", "source_year", "footnote"])
    who = " and ".join(
        f"{r.source_author} ({r.source_year}, {footnote_refs([r.footnote])})" for r in cited.itertuples()
    )
    return (
        f"The report's figures come from {who}, who used SIPRI data for years the report does not state. "
        f"The values beside them are computed here from the current SIPRI release for {period}; change the "
        "window to see how much the answer depends on it."
    )


def claims_against_data(
    claims: pd.DataFrame,
    view: pd.DataFrame,
    countries: pd.DataFrame,
    labels: dict[str, str],
    start: int,
    end: int,
) -> pd.DataFrame:
    """The report's country-level supplier claims, each beside the data for the window: the
    claimed supplier's share of the country's imports and the country's rank among that
    supplier's African recipients."""
    rows = claims[claims["scope"].eq("country")].copy()
    rows["iso3"] = rows["iso3"].astype(str)
    rows["supplier_label"] = rows["supplier"].map(lambda s: labels.get(s, s))
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"])
    share_cols: dict[str, list] = {"data_share_pct": [], "data_has_imports": [], "data_rank": []}
    by_supplier = {
        s: supplier_shares(view, countries, s, start, end, "africa") for s in rows["supplier"].unique()
    }
    for claim in rows.itertuples():
        shares = by_supplier[claim.supplier]
        ranked = shares[shares["tiv_supplier"] > 0].sort_values("tiv_supplier", ascending=False)
        this = shares[shares["iso3"].eq(claim.iso3)].iloc[0]
        rank = ranked["iso3"].tolist().index(claim.iso3) + 1 if claim.iso3 in set(ranked["iso3"]) else None
        share_cols["data_share_pct"].append(this["share_pct"])
        share_cols["data_has_imports"].append(bool(this["has_imports"]))
        share_cols["data_rank"].append(rank)
    for col, values in share_cols.items():
        rows[col] = values
    rows["data_rank"] = rows["data_rank"].astype("Int64")
    return rows.reset_index(drop=True)


def describe_claim(claim: pd.Series, period: str) -> tuple[str, str]:
    """(what the report says, what the data say for the window), in a reader's words."""
    supplier = claim["supplier_label"]
    if claim["claim_kind"] == "supplier share above bound":
        said = f"more than {claim['share_lower_bound_pct']:.0f}% from {supplier} (period not stated)"
    elif claim["claim_kind"] == "among the supplier's top recipients":
        said = f"among {supplier}'s top recipients"
    else:
        said = str(claim["paraphrase"])
    if not claim["data_has_imports"]:
        return said, f"no recorded imports in {period}"
    data = f"{pct(claim['data_share_pct'])} from {supplier} in {period}"
    if claim["claim_kind"] == "among the supplier's top recipients":
        rank = claim["data_rank"]
        data += (
            f" (rank {int(rank)} among its African recipients)"
            if pd.notna(rank)
            else f" (received nothing from {supplier})"
        )
    return said, data


def claims_table(claims: pd.DataFrame, period: str) -> pd.DataFrame:
    """The report's claims beside the data, one row per claim, for display and download."""
    described = [describe_claim(claim, period) for _, claim in claims.iterrows()]
    return pd.DataFrame(
        {
            "Country": claims["name"],
            "The report says": [d[0] for d in described],
            "Footnote": claims["footnote"],
            "Report's source": claims["source_author"] + " " + claims["source_year"].astype(str),
            f"SIPRI data, {period}": [d[1] for d in described],
        }
    )


def regime_claim_check(
    regime_claims: pd.DataFrame, regimes: pd.DataFrame, countries: pd.DataFrame, year: int
) -> pd.DataFrame:
    """Each country a regime claim names, with its V-Dem category in the given year, and whether
    the claim holds in that year: 'all authoritarian' holds if every country is an autocracy
    (RoW 0 or 1); 'mixture' holds if the group has both autocracies and democracies."""
    rows = regime_claims.copy()
    rows["iso3"] = rows["iso3"].astype(str)
    in_year = regimes[regimes["year"].eq(year)].set_index("iso3")
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"])
    rows["year"] = year
    rows["regime"] = rows["iso3"].map(in_year["regime"]).astype("Int64")
    rows["regime_label"] = rows["iso3"].map(in_year["regime_label"])
    verdicts = {}
    for claim_id, group in rows.groupby("claim_id"):
        known = group["regime"].dropna().astype(int)
        autocracies, democracies = int((known <= 1).sum()), int((known >= 2).sum())
        if len(known) < len(group):
            verdicts[claim_id] = "cannot check: V-Dem has no value for every country in this year"
        elif group["claim_kind"].iloc[0] == "all authoritarian":
            verdicts[claim_id] = (
                "holds"
                if democracies == 0
                else f"does not hold: {democracies} of {len(group)} are democracies"
            )
        else:
            verdicts[claim_id] = (
                f"holds: {autocracies} autocracies, {democracies} democracies"
                if autocracies and democracies
                else f"does not hold: all {len(group)} are {'autocracies' if autocracies else 'democracies'}"
            )
    rows["verdict"] = rows["claim_id"].map(verdicts)
    return rows


def continent_claim_lines(
    claims: pd.DataFrame, africa_shares: pd.DataFrame, labels: dict[str, str], period: str
) -> list[str]:
    """Each continent-wide claim of the report beside SIPRI's Africa totals for the window."""
    if africa_shares.empty:
        return []
    top = africa_shares.iloc[0]
    by_supplier = africa_shares.set_index("supplier")["share_pct"]
    return [
        f"Report (fn {claim.footnote}): {claim.paraphrase}  \n"
        f"SIPRI data, {period}, Africa as SIPRI counts it (Egypt excluded): the largest supplier is "
        f"**{labels.get(top.supplier, top.supplier)}** ({pct(top.share_pct)}); Russia "
        f"{pct(by_supplier.get('Russia', 0.0))}, China {pct(by_supplier.get('China', 0.0))}."
        for claim in claims[claims["scope"].eq("Africa")].itertuples()
    ]


def regime_claim_lines(check: pd.DataFrame) -> list[str]:
    """Each regime characterization of the report beside V-Dem's categories, with a verdict."""
    lines = []
    for _, group in check.groupby("claim_id", sort=False):
        first = group.iloc[0]
        members = ", ".join(f"{r.name} ({r.regime_label})" for r in group.itertuples())
        lines.append(
            f"Report (fn {first.footnote}): {first.paraphrase}  \n"
            f"V-Dem Regimes of the World, {first.year}: {members}. **Verdict: {first.verdict}.**"
        )
    return lines
