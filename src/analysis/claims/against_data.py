"""The report's country-level arms claims beside the data for one window (the arms map's rings and hover)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from src.analysis.arms import supplier_shares
from src.analysis.claims.evidence import rank_of
from src.analysis.claims.readings import RECIPIENT_RANK_CLAIM, REGION_WITHOUT_EGYPT, SHARE_CLAIM
from src.data.text import pct


def claims_against_data(
    claims: pd.DataFrame,
    view: pd.DataFrame,
    countries: pd.DataFrame,
    labels: dict[str, str],
    start: int,
    end: int,
) -> pd.DataFrame:
    """The report's country-level supplier claims, each beside the data for one window: the claimed
    supplier's share of the country's imports (share of all suppliers) and the country's rank among
    that supplier's African recipients, with Egypt (data_rank) and without (data_rank_without_egypt)."""
    rows = claims[claims["scope"].eq("country")].copy()
    rows["iso3"] = rows["iso3"].astype(str)
    rows["supplier_label"] = rows["supplier"].map(lambda s: labels.get(s, s))
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"])
    cols: dict[str, list] = {
        "data_share_pct": [],
        "data_has_imports": [],
        "data_rank": [],
        "data_rank_without_egypt": [],
    }
    by_supplier = {
        s: supplier_shares(view, countries, s, start, end, "africa") for s in rows["supplier"].unique()
    }
    sipri_africa = set(countries.loc[countries[REGION_WITHOUT_EGYPT].astype(bool), "iso3"])
    for claim in rows.itertuples():
        shares = by_supplier[claim.supplier]
        this = shares[shares["iso3"].eq(claim.iso3)].iloc[0]
        with_egypt = shares.set_index("iso3")["tiv_supplier"]
        cols["data_share_pct"].append(this["share_pct"])
        cols["data_has_imports"].append(bool(this["has_imports"]))
        cols["data_rank"].append(rank_of(with_egypt, claim.iso3))
        cols["data_rank_without_egypt"].append(
            rank_of(with_egypt[with_egypt.index.isin(sipri_africa)], claim.iso3)
        )
    for col, values in cols.items():
        rows[col] = values
    for col in ("data_rank", "data_rank_without_egypt"):
        rows[col] = pd.array(np.array(rows[col], dtype=float), dtype="Float64").round().astype("Int64")
    return rows.reset_index(drop=True)


def describe_claim(claim: pd.Series, period: str) -> tuple[str, str]:
    """(what the report says, what the data say for the window), in a reader's words."""
    supplier = claim["supplier_label"]
    if claim["claim_kind"] == SHARE_CLAIM:
        said = f"more than {claim['share_lower_bound_pct']:.0f}% from {supplier} (period not stated)"
    elif claim["claim_kind"] == RECIPIENT_RANK_CLAIM:
        said = f"among {supplier}'s top recipients"
    else:
        said = str(claim["paraphrase"])
    if not claim["data_has_imports"]:
        return said, f"no recorded imports in {period}"
    data = f"{pct(claim['data_share_pct'])} from {supplier} in {period}"
    if claim["claim_kind"] == RECIPIENT_RANK_CLAIM:
        rank, rank_sipri = claim["data_rank"], claim.get("data_rank_without_egypt", pd.NA)
        if pd.isna(rank):
            data += f" (received nothing from {supplier})"
        else:
            data += f" (rank {int(rank)} among its African recipients with Egypt"
            data += f", {int(rank_sipri)} without)" if pd.notna(rank_sipri) else ")"
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
