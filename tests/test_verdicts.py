"""Verdicts a methodologist would sign (issue 18), on data whose answers are known by construction: a
synthetic yearly table in which the joint windows, the minimum volume and each verdict word follow
from how it was built; the regime words read from the descriptor and applied to every regime claim
alike; fn 111's lines naming their organisations; fn 142 untestable with these data."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from src.analysis import arms
from src.analysis import claims as report_claims
from src.data import loader as data
from src.data.meta import Meta

DESCRIPTOR = data.read_descriptor()
META = Meta(DESCRIPTOR)
YEARS = range(2000, 2010)  # ten years; a source published in 2010 sees every 5+ year window of them
MIN_BASE = 20.0  # the synthetic package's minimum volume (TIV)
EVERY = [(s, e) for s in YEARS for e in YEARS if e - s + 1 >= 5]  # 21 windows


def synthetic_meta(min_base: float = MIN_BASE) -> Meta:
    """The real data package's readings and words, with a minimum volume of its own and one
    standard window over the synthetic years."""
    descriptor = copy.deepcopy(DESCRIPTOR)
    descriptor["dashboard"]["volumeRule"]["minBaseTiv"] = min_base
    descriptor["dashboard"]["standardWindows"] = [{"start": 2000, "end": 2009, "why": "All of it."}]
    return Meta(descriptor)


def deliveries(iso3: str, supplier: str, years: range, tiv: float) -> list[dict]:
    return [
        {"recipient_iso3": iso3, "supplier": supplier, "year": y, "tiv": tiv, "recipient_kind": "state"}
        for y in years
    ]


EARLY, LATE = range(2000, 2005), range(2005, 2010)
# Each country's imports, built so that the answer is known:
ROWS = [
    # fn 900, China > 90 %:
    *deliveries("AAA", "China", YEARS, 100.0),  # all from China: holds as written, everywhere
    *deliveries("BBB", "China", YEARS, 10.0),  # half from China, half from France: fails as written;
    *deliveries("BBB", "France", YEARS, 10.0),  # all of the great powers' (China's 50+ TIV): holds so
    *deliveries("CCC", "China", YEARS, 1.0),  # all from China, but 5 to 10 TIV a window: too little
    *deliveries("DDD", "France", YEARS, 100.0),  # France's; China's 1 TIV a year is all the great powers
    *deliveries("DDD", "China", YEARS, 1.0),  # sent, too little to count: does not hold
    # fn 901, China > 50 %: EEE from China early, FFF late; France the other half of each.
    *deliveries("EEE", "China", EARLY, 100.0),
    *deliveries("EEE", "France", LATE, 100.0),
    *deliveries("FFF", "France", EARLY, 100.0),
    *deliveries("FFF", "China", LATE, 100.0),
    # fn 902, China > 50 %: HHH all from China; GGG too, but only 3 TIV a year (under the minimum).
    *deliveries("HHH", "China", YEARS, 100.0),
    *deliveries("GGG", "China", YEARS, 3.0),
]


def claim(iso3: str, footnote: int, bound: float) -> dict:
    return {
        "claim_id": f"china-{iso3}",
        "scope": "country",
        "iso3": iso3,
        "supplier": "China",
        "claim_kind": report_claims.SHARE_CLAIM,
        "share_lower_bound_pct": bound,
        "source_author": "Synthetic",
        "source_year": 2010,
        "footnote": footnote,
        "footnote_attribution": "marker on the sentence",
    }


CLAIMS = pd.DataFrame(
    [claim(c, 900, 90.0) for c in ("AAA", "BBB", "CCC", "DDD")]
    + [claim(c, 901, 50.0) for c in ("EEE", "FFF")]
    + [claim(c, 902, 50.0) for c in ("HHH", "GGG")]
)
COUNTRIES = pd.DataFrame({"iso3": sorted({r["recipient_iso3"] for r in ROWS})}).assign(
    name=lambda f: f["iso3"]
)


@pytest.fixture(scope="module")
def evidence() -> report_claims.ClaimEvidence:
    view = pd.DataFrame(ROWS).assign(africa_geographic=True, africa_sipri=True)
    return report_claims.claim_evidence(CLAIMS, view, COUNTRIES, synthetic_meta())


def joint_of(evidence, footnote: int, reading: str) -> pd.Series:
    joint = report_claims.joint_check(evidence)
    return joint[joint["footnote"].eq(footnote) & joint["reading"].eq(reading)].iloc[0]


def test_every_verdict_word_where_it_is_known(evidence):
    verdicts = report_claims.claim_verdicts(evidence).set_index("claim_id")["verdict"]
    assert verdicts["china-AAA"] == report_claims.VERDICT_HOLDS == "holds"
    assert verdicts["china-BBB"] == report_claims.VERDICT_OTHER_READING == "holds only under another reading"
    assert verdicts["china-CCC"] == report_claims.VERDICT_TOO_LITTLE == "too little to judge"
    assert verdicts["china-DDD"] == report_claims.VERDICT_FAILS == "does not hold"
    # And the fifth word: a claim no data here measures (the real package's remarks, fn 114 and 142).
    unchecked = report_claims.unchecked_claims(data.load_tables()["report_remarks"])
    assert (
        set(unchecked["verdict"])
        == {report_claims.VERDICT_UNTESTABLE}
        == {"cannot be tested with these data"}
    )


def test_the_volume_rule_decides_what_counts(evidence):
    """Below the minimum a window is too little to judge, never a tick, whatever its share."""
    cells = evidence.cells
    ccc = cells[cells["claim_id"].eq("china-CCC") & cells["in_era"]]
    assert (ccc["value"] == 100).all()  # China's share is 100 % in every window ...
    assert (ccc["status"] == report_claims.TOO_LITTLE).all()  # ... of 5 to 10 TIV: too little
    grid = report_claims.claim_grid(evidence)
    ccc_grid = grid[grid["claim_id"].eq("china-CCC")]
    assert ccc_grid["holds"].isna().all() and not ccc_grid["windows_holding"].any()
    # BBB as written: 50 % of 100 to 200 TIV, every window eligible and failing (0 of 21); against the
    # great powers, China's own 50 to 100 TIV: 21 of 21.
    bbb = grid[grid["claim_id"].eq("china-BBB") & grid["window_kind"].eq(report_claims.SOURCE_ERA)]
    assert bbb[["windows_holding", "windows_eligible", "windows_total"]].values.tolist() == [
        [0, 21, 21],
        [21, 21, 21],
    ]
    # The same data with a minimum of 120 TIV: BBB's great-power base (50 to 100 TIV) never counts.
    higher = report_claims.claim_evidence(
        CLAIMS,
        pd.DataFrame(ROWS).assign(africa_geographic=True, africa_sipri=True),
        COUNTRIES,
        synthetic_meta(120),
    )
    verdicts = report_claims.claim_verdicts(higher).set_index("claim_id")["verdict"]
    assert verdicts["china-BBB"] == report_claims.VERDICT_FAILS  # as written 0 of the windows of 150+ TIV


def test_the_joint_windows_are_found_by_search(evidence):
    """fn 901: EEE needs more early years than late ones in a window, FFF the opposite, as written:
    never together. Against the great powers (France left out) EEE holds in any window with an early
    year and FFF in any with a late one: together in every window but 2000-2004 and 2005-2009."""
    as_written = joint_of(evidence, 901, "all-suppliers")
    assert as_written["windows"] == [] and as_written["windows_before_volume"] == []
    great = joint_of(evidence, 901, "great-powers")
    expected = sorted(set(EVERY) - {(2000, 2004), (2005, 2009)})
    assert sorted(great["windows"]) == expected and len(expected) == 19
    assert great["windows_tried"] == 21
    # fn 902: HHH and GGG both 100 % from China in every window, GGG on 15 to 30 TIV: together in the
    # 21 windows before the volume rule, and only in those where GGG's base reaches 20 TIV (7+ years).
    joint = joint_of(evidence, 902, "all-suppliers")
    assert len(joint["windows_before_volume"]) == 21
    assert sorted(joint["windows"]) == sorted(w for w in EVERY if 3 * (w[1] - w[0] + 1) >= MIN_BASE)
    # fn 900 as written: AAA alone holds; never all four.
    assert joint_of(evidence, 900, "all-suppliers")["windows"] == []


def test_the_footnote_sentence_says_the_joint_finding_with_its_volumes(evidence):
    verdicts, joint = report_claims.claim_verdicts(evidence), report_claims.joint_check(evidence)
    empty = pd.DataFrame(columns=["footnote", "role", "footnote_attribution"])
    sentences = dict(report_claims.footnote_sentences(verdicts, joint, empty, empty.assign(reason=[])))
    assert sentences[901].startswith(
        "fn 901 (Synthetic 2010): Share of all suppliers (as written): none of the 2"
    )
    assert "the 2 never hold together in any of the 21 windows of 5+ years, 2000–2009" in sentences[901]
    assert (
        "Share of China + US + Russia: all 2 hold in most windows, and all 2 hold together in 19 of the 21"
        in sentences[901]
    )
    # fn 900 against the great powers: China is all CCC and DDD get from the three, so all four hold
    # together in every window before the volume rule, on 5 to 10 TIV: in none with enough volume;
    # the sentence says so, with the base behind the weakest claim.
    fn900 = joint[joint["footnote"].eq(900) & joint["reading"].eq("great-powers")].iloc[0]
    assert fn900["windows"] == [] and len(fn900["windows_before_volume"]) == 21
    assert (
        "all 4 hold together in 21 of the 21 windows, 2000–2009 among them, but in none with enough volume: "
        "in 2000–2009 CCC's 100% rests on 10.0 TIV" in sentences[900]
    )


def test_the_grid_reads_a_picked_window_from_the_evidence(evidence):
    grid = report_claims.claim_grid(evidence, (2003, 2006))
    picked = grid[grid["window_kind"].eq(report_claims.PICKED)].set_index(["claim_id", "reading"])
    eee = picked.loc[("china-EEE", "all-suppliers")]
    assert eee["value"] == pytest.approx(50.0) and eee["denominator_tiv"] == 400.0  # 2 early, 2 late years
    assert eee["status"] == report_claims.FAILS  # 50 % is not more than 50 %


# The regime words: read from the descriptor, applied to every regime claim alike ---------------------


TABLES = data.load_tables()


def regime_verdicts(words) -> pd.DataFrame:
    rows = report_claims.regime_claim_rows(
        TABLES["report_regime_claims"], TABLES["regime_type"], TABLES["countries"],
        TABLES["report_organization_claims"], TABLES["regional_memberships"],
    )  # fmt: skip
    return report_claims.regime_verdicts(rows, words).set_index("claim_id")


def test_regime_words_come_from_the_descriptor_and_read_fn_121_and_fn_122_alike():
    words = META.regime_words()
    assert {w: sorted(v.categories) for w, v in words.items()} == {
        "democracy": [2, 3], "hybrid": [1], "autocracy": [0, 1], "authoritarian": [0, 1],
    }  # fmt: skip
    as_mapped = regime_verdicts(words)
    # fn 121: 3 democracies and 4 electoral autocracies in 2019, each word with a country of its own;
    # fn 122: Algeria, Angola and Sudan electoral autocracies in 2019, authoritarian as mapped.
    assert (
        as_mapped.loc["china-reliant-mix", "holds"]
        and as_mapped.loc["russia-recipients-authoritarian", "holds"]
    )
    # Read 'autocracy' and 'authoritarian' as closed autocracy only, in the descriptor: both claims
    # turn together (no closed autocracy among either group in 2019).
    narrow = copy.deepcopy(DESCRIPTOR)
    for word in narrow["dashboard"]["regimeWords"]["words"]:
        if word["word"] in ("autocracy", "authoritarian"):
            word["categories"] = [0]
    closed_only = regime_verdicts(Meta(narrow).regime_words())
    assert not closed_only.loc["china-reliant-mix", "holds"]
    assert not closed_only.loc["russia-recipients-authoritarian", "holds"]
    assert "none is an autocracy (closed autocracies)" in closed_only.loc["china-reliant-mix", "finding"]


def test_fn_111_lines_name_their_organisations():
    verdicts = regime_verdicts(META.regime_words())
    lines = report_claims.regime_verdict_lines(verdicts.reset_index())
    sadc = [line for line in lines if "sadc" in line.lower() and line.startswith("fn 111")]
    eac = [line for line in lines if "EAC (East African Community" in line]
    assert len(sadc) == 1 and len(eac) == 1 and sadc != eac
    assert "SADC (Southern African Development Community, 16 members" in sadc[0]
    assert "does not hold in 2022 (8 of 16" in sadc[0] and "holds in 2021 and 2023 (9 of 16)" in sadc[0]
    assert "EAC (East African Community, 7 members" in eac[0] and "holds in 2022 (6 of 7" in eac[0]


def test_fn_142_cannot_be_tested_and_keeps_its_regimes_as_context():
    verdicts = regime_verdicts(META.regime_words())
    coup = verdicts.loc["coup-countries-hybrid-or-autocratic"]
    assert coup["verdict"] == "cannot be tested with these data" and pd.isna(coup["holds"])
    assert "Niger, electoral democracy in 2022" in coup["finding"]  # the context stays
    evidence = report_claims.claim_evidence(
        TABLES["report_arms_supplier_claims"],
        arms.transfers_view(TABLES, META.region_flags()),
        TABLES["countries"],
        META,
    )
    sentences = dict(report_claims.findings(TABLES, evidence, META).sentences)
    assert sentences[142].startswith("fn 142: Cannot be tested with these data: the package holds no records")
    assert "As context" in sentences[142] and "does not hold" not in sentences[142]


# Interventions inferred rather than stated ---------------------------------------------------------------


def test_inferred_relations_are_marked_with_why_in_table_hover_and_export():
    from src.analysis import interventions
    from src.export import figure_texts
    from src.figures import interventions as intervention_figures

    relations = interventions.relation_view(TABLES)
    inferred = relations.set_index("relation_id")["inferred"].dropna().to_dict()
    assert inferred == {"csto-KAZ": "relation", "iran-SYR": "start year"}
    table = interventions.relation_table(relations).set_index("Actor")  # also the page's CSV
    assert table.loc["Iran", "From (year)"] == "2011 (inferred)"
    assert table.loc["Collective Security Treaty Organization", "Inferred, not stated (why)"].startswith(
        "relation: The report's text does not say the CSTO intervened in Kazakhstan"
    )
    assert table.loc["Russia", "Inferred, not stated (why)"] == ""  # stated: nothing inferred
    figure = intervention_figures.build_interventions_map(relations, TABLES["countries"], meta=META)
    hovers = " ".join(str(t.text) + str(getattr(t, "hovertext", "")) for t in figure.data)
    assert "Inferred, not stated: start year: The report says Iran gave its support" in hovers
    # A slide has no hover: the subtitle, which every export carries, says what is inferred.
    assert "Inferred, not stated by the report: CSTO → Kazakhstan (the relation); Iran → Syria from 2011" in (
        figure_texts(figure).subtitle
    )


def test_the_minimum_volume_rests_on_what_the_data_package_says():
    """The descriptor's reason for the minimum stays true of the data: the median delivery to African
    recipients is the typical delivery it names, the minimum is nine of them, and on that base one more
    delivery from elsewhere leaves a 100 % share at the report's highest bound or above."""
    rule = META.volume_rule()
    deliveries_africa = TABLES["arms_deliveries_africa"]
    assert float(deliveries_africa["tiv_delivered"].median()) == rule.typical_delivery_tiv == 6.5
    assert rule.min_base_tiv == 9 * rule.typical_delivery_tiv
    highest = float(TABLES["report_arms_supplier_claims"]["share_lower_bound_pct"].max())
    assert 100 * rule.min_base_tiv / (rule.min_base_tiv + rule.typical_delivery_tiv) >= highest == 90
    assert f"{rule.typical_delivery_tiv} TIV" in rule.why and f"{rule.min_base_tiv} TIV" in rule.why


def test_no_reading_without_a_reason_and_one_literal_reading_per_kind():
    from src.data.dashboard import dashboard_problems

    assert dashboard_problems(DESCRIPTOR["dashboard"]) == []
    unreasoned = copy.deepcopy(DESCRIPTOR["dashboard"])
    share = {
        "claimKind": report_claims.SHARE_CLAIM,
        "measure": "share_all",
        "unit": "percent",
        "definition": "x",
    }
    unreasoned["claimReadings"]["readings"].append(
        {
            "key": "china-us",
            "label": "China's share of China + US",
            "literal": False,
            "reason": " ",
            "source": None,
            "measures": [share],
        }  # fmt: skip
    )
    assert any("a reason" in p for p in dashboard_problems(unreasoned))
    two_literal = copy.deepcopy(DESCRIPTOR["dashboard"])
    two_literal["claimReadings"]["readings"][1]["literal"] = True
    assert any("exactly one literal reading" in p for p in dashboard_problems(two_literal))
    # Every measure a reading names is one the code computes.
    named = {m.key for r in META.claim_readings() for m in r.measures}
    assert named <= set(report_claims.MEASURE_KEYS)
