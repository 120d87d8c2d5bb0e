"""Shares from the derived SIPRI table: SIPRI's published figures come out, and the map data are honest."""

from __future__ import annotations

import pandas as pd
import pytest

from src.analysis import arms
from src.analysis import claims as report_claims
from src.data import loader as data
from src.data.meta import Meta


def shares_of(view, region, start=2019, end=2023) -> dict[str, float]:
    frame = arms.region_supplier_shares(view, start, end, region)
    return frame.set_index("supplier")["share_pct"].to_dict()


def test_sipri_fact_sheet_exporter_shares_2019_2023(view):
    world = shares_of(view, "world")
    expected = {"United States": 41.7, "France": 10.9, "Russia": 10.5, "China": 5.8}
    for supplier, share in expected.items():
        assert world[supplier] == pytest.approx(share, abs=0.1), supplier


def test_sipri_fact_sheet_africa_shares_2019_2023(view):
    africa = shares_of(view, "africa_sipri")
    expected = {"Russia": 24.5, "United States": 16.5, "China": 13.3, "France": 10.1}
    for supplier, share in expected.items():
        assert africa[supplier] == pytest.approx(share, abs=0.1), supplier
    assert max(africa, key=africa.get) == "Russia"


def test_sub_saharan_africa_shares(view):
    ssa = shares_of(view, "sub_saharan_africa_sipri")
    assert ssa["China"] == pytest.approx(19.0, abs=0.1)
    assert ssa["Russia"] == pytest.approx(17.1, abs=0.1)


def test_sipri_africa_counts_libyan_rival_governments_not_egypt(view):
    rows = arms.in_window(view, 2019, 2023)
    africa = set(rows.loc[rows["africa_sipri"], "recipient"])
    assert {"Libya HoR*", "Libya GNC"} <= africa
    assert "Egypt" not in africa
    assert "African Union**" not in africa  # organisations belong to no region


def test_africa_imports_fell_by_half(view):
    def total(start, end):
        rows = arms.in_window(view, start, end)
        return rows.loc[rows["africa_sipri"], "tiv"].sum()

    assert total(2019, 2023) / total(2014, 2018) - 1 == pytest.approx(-0.52, abs=0.005)


def test_share_definition(view, tables):
    """Namibia's share from China = China's TIV to Namibia / Namibia's TIV from everyone."""
    shares = arms.supplier_shares(view, tables["countries"], "China", 2000, 2019, "africa").set_index("iso3")
    yearly = tables["arms_transfers_by_year"]
    nam = yearly[yearly["recipient"].eq("Namibia") & yearly["year"].between(2000, 2019)]
    expected = 100 * nam.loc[nam["supplier"].eq("China"), "tiv"].sum() / nam["tiv"].sum()
    assert shares.loc["NAM", "share_pct"] == pytest.approx(float(expected))
    assert shares.loc["NAM", "share_pct"] == pytest.approx(79.05, abs=0.01)


def test_no_imports_is_missing_not_zero(view, tables):
    shares = arms.supplier_shares(view, tables["countries"], "China", 2019, 2023, "africa").set_index("iso3")
    # SIPRI records nothing for Namibia in 2019-2023: no share, and flagged as such.
    assert not shares.loc["NAM", "has_imports"]
    assert pd.isna(shares.loc["NAM", "share_pct"])
    # Egypt imported, but nothing from China: a true 0 %.
    assert shares.loc["EGY", "has_imports"] and shares.loc["EGY", "share_pct"] == 0


def test_map_covers_every_african_state_and_small_states(view, tables):
    shares = arms.supplier_shares(view, tables["countries"], "China", 2019, 2023, "africa")
    assert {"SYC", "MUS", "CPV", "COM", "STP", "EGY", "ZAF"} <= set(shares["iso3"])
    assert not shares["iso3"].str.startswith("OWID_").any()


def test_estimated_share(view, tables):
    shares = arms.supplier_shares(view, tables["countries"], "China", 2019, 2023, "africa").set_index("iso3")
    rows = arms.in_window(view, 2019, 2023)
    zwe = rows[rows["recipient"].eq("Zimbabwe") & rows["supplier"].eq("China")]
    assert shares.loc["ZWE", "estimated_pct"] == pytest.approx(
        100 * zwe["tiv_estimated"].sum() / zwe["tiv"].sum()
    )


def test_suppliers_ordered_by_volume(view):
    suppliers = arms.suppliers_by_volume(view, 2019, 2023, "africa")
    assert suppliers[0] == "Russia"
    assert "China" in suppliers[:6]
    assert not any(s.startswith("unknown") for s in suppliers)


def test_leading_supplier(view, tables):
    leading = arms.leading_suppliers(view, tables["countries"], 2019, 2023, "africa").set_index("iso3")
    assert leading.loc["DZA", "leading_supplier"] == "Russia"
    assert leading.loc["ZWE", "leading_supplier"] == "China"
    assert leading.loc["ZWE", "share_pct"] == pytest.approx(100)
    assert pd.isna(leading.loc["NAM", "leading_supplier"])


def test_recipient_suppliers_sum_to_100(view):
    suppliers = arms.recipient_suppliers(view, "NAM", 2000, 2019)
    assert suppliers.iloc[0]["supplier"] == "China"
    assert suppliers["share_pct"].sum() == pytest.approx(100)


def test_non_state_recipients_kept_apart(view):
    others = arms.non_state_recipients(view, "Russia", 2019, 2023, "africa")
    assert others.set_index("recipient").loc["Libya HoR*", "tiv"] == pytest.approx(197.4)


def test_claims_against_data(view, tables, labels):
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, tables["countries"], labels, 2000, 2019
    ).set_index("iso3")
    shares = arms.supplier_shares(view, tables["countries"], "China", 2000, 2019, "africa").set_index("iso3")
    for iso3 in ("MOZ", "NAM", "SYC", "ZWE", "BDI", "GHA", "KEN"):
        assert claims.loc[iso3, "data_share_pct"] == pytest.approx(shares.loc[iso3, "share_pct"])
    assert claims.loc["DZA", "data_rank"] == 1  # Russia's largest African recipient, 2000-2019
    # Angola: 4th with Egypt (geographic Africa), 3rd without (SIPRI's Africa).
    assert (claims.loc["AGO", "data_rank"], claims.loc["AGO", "data_rank_without_egypt"]) == (4, 3)


def test_claim_descriptions_keep_the_bound(view, tables, labels):
    claims = report_claims.claims_against_data(
        tables["report_arms_supplier_claims"], view, tables["countries"], labels, 2019, 2023
    )
    table = report_claims.claims_table(claims, "2019–2023").set_index("Country")
    assert table.loc["Mozambique", "The report says"] == "more than 90% from China (period not stated)"
    assert table.loc["Namibia", "SIPRI data, 2019–2023"] == "no recorded imports in 2019–2023"
    assert table.loc["Algeria", "The report says"] == "among Russia's top recipients"


def test_deliveries_behind_a_share(tables):
    rows = arms.deliveries_for(tables["arms_deliveries_africa"], tables["sipri_actors"], "NAM", 2000, 2019)
    assert not rows.empty
    assert rows["delivery_year"].between(2000, 2019).all()
    assert rows["delivery_year"].is_monotonic_decreasing
    china = rows[rows["supplier"].eq("China")]
    yearly = tables["arms_transfers_by_year"]
    expected = yearly[
        yearly["recipient"].eq("Namibia")
        & yearly["supplier"].eq("China")
        & yearly["year"].between(2000, 2019)
    ]["tiv"].sum()
    assert china["tiv_delivered"].sum() == pytest.approx(float(expected))


def test_regime_claim_check(tables):
    """The arms page checks the regime claims in one chosen year (every row, whatever year it states)."""
    words = Meta(data.read_descriptor()).regime_words()
    check = report_claims.regime_claim_check(
        tables["report_regime_claims"], tables["regime_type"], tables["countries"], words, 2019
    )
    assert set(check["year"]) == {2019}
    verdicts = check.groupby("claim_id")["verdict"].first().to_dict()
    assert verdicts["russia-recipients-authoritarian"] == (
        "holds: in 2019 (3 of 3 authoritarian, that is closed or electoral autocracies)"
    )
    assert verdicts["china-reliant-mix"].startswith("holds: in 2019 (4 electoral autocracies")
    assert check.set_index("iso3").loc["SYC", "regime_label"] == "liberal democracy"


def test_supplier_recipients_ranked_with_shares(view, tables):
    """Russia's recipients in Africa 2019-2023, largest first, with shares computed from the yearly table."""
    recipients = arms.supplier_recipients(view, tables["countries"], "Russia", 2019, 2023, "africa")
    assert recipients["tiv_supplier"].is_monotonic_decreasing
    # With Egypt (geographic Africa), Egypt leads; Algeria is second.
    assert recipients["iso3"].head(2).tolist() == ["EGY", "DZA"] and recipients["rank"].head(2).tolist() == [
        1,
        2,
    ]
    assert recipients["share_of_supplier_pct"].sum() == pytest.approx(100)
    yearly = tables["arms_transfers_by_year"]
    rows = yearly[yearly["year"].between(2019, 2023) & yearly["recipient"].eq("Egypt")]
    expected = rows.loc[rows["supplier"].eq("Russia"), "tiv"].sum()
    egypt = recipients.set_index("iso3").loc["EGY"]  # geographic Africa: Egypt included, and said so
    assert egypt["tiv_supplier"] == pytest.approx(float(expected))
    assert egypt["share_pct"] == pytest.approx(100 * float(expected) / rows["tiv"].sum())
