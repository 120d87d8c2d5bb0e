"""Report vs data: the grid equals a computation by hand from the yearly table (the minimum volume
included), verdicts follow the data, ranks say which Africa, regime checks use the year each claim
states, and the new tables hold up. Synthetic cases with known answers: tests/test_verdicts.py."""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
import pytest

from src.analysis import arms
from src.analysis import claims as report_claims
from src.analysis.mix import OTHER_SUPPLIERS, supplier_mix, supplier_mix_table
from src.data import loader as data
from src.data.meta import Meta
from src.figures import claims as claim_figures
from src.figures import palette
from tests.conftest import ROOT, all_text, app_test, figure_spec

SHARE_CLAIMS = ["MOZ", "NAM", "SYC", "ZWE", "BDI", "GHA", "KEN"]
META = Meta(data.read_descriptor())
PICKED = (2014, 2018)  # not a standard window, so the grid gets a column for it


MIN_BASE = META.volume_rule().min_base_tiv


@pytest.fixture(scope="module")
def evidence(tables, view):
    return report_claims.claim_evidence(
        tables["report_arms_supplier_claims"], view, tables["countries"], META
    )


@pytest.fixture(scope="module")
def grid(evidence):
    return report_claims.claim_grid(evidence, PICKED)


def test_each_window_has_its_cells_in_their_order(evidence):
    """The windows' rows come from one frame sorted by window: each window has exactly its own cells,
    in the order the evaluation gave them, and every window of the data has its rows."""
    cells = evidence.cells
    windows = set(zip(cells["start"].astype(int), cells["end"].astype(int), strict=True))
    assert set(evidence.by_window) == windows and len(evidence.by_window) == len(windows)
    for window in [min(windows), max(windows), *evidence.standard, PICKED]:
        rows = evidence.by_window[window]
        mine = cells[cells["start"].eq(window[0]) & cells["end"].eq(window[1])]
        key = ["claim_id", "reading", "measure"]
        assert rows[key].values.tolist() == mine[key].values.tolist(), window
        assert rows["value"].tolist() == pytest.approx(mine["value"].tolist(), nan_ok=True)
    with pytest.raises(KeyError):
        evidence.by_window[(1900, 1901)]


def test_the_evidence_holds_no_frame_per_window(tables, view):
    """Every server keeps the evidence for its whole life. Its windows' rows are slices of one frame,
    made when a window is asked for: a frame for each of the 300 windows held 5.1 MB in all, 3.4 MB
    more than the slices."""
    import gc
    import tracemalloc

    inputs = (tables["report_arms_supplier_claims"], view, tables["countries"], META)
    report_claims.claim_evidence(*inputs)  # imports and module caches first
    gc.collect()
    tracemalloc.start()
    try:
        kept = report_claims.claim_evidence(*inputs)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(kept.by_window) >= 300
    assert held < 2.5e6, f"the evidence holds {held / 1e6:.1f} MB"


def cell(grid, claim_id, measure, window_kind, window=None) -> pd.Series:
    rows = grid[
        grid["claim_id"].eq(claim_id) & grid["measure"].eq(measure) & grid["window_kind"].eq(window_kind)
    ]
    if window:
        rows = rows[rows["window"].eq(window)]
    assert len(rows) == 1, (claim_id, measure, window_kind, window)
    return rows.iloc[0]


def verdicts_of(
    tables, yearly: pd.DataFrame | None = None, claim_ids: tuple[str, ...] = ()
) -> dict[str, str]:
    changed = dict(tables) if yearly is None else {**tables, "arms_transfers_by_year": yearly}
    view = arms.transfers_view(changed, META.region_flags())
    claims = changed["report_arms_supplier_claims"]
    if claim_ids:
        claims = claims[claims["claim_id"].isin(claim_ids)]
    verdicts = report_claims.claim_verdicts(
        report_claims.claim_evidence(claims, view, changed["countries"], META)
    )
    return {v["claim_id"]: report_claims.verdict_sentence(v) for _, v in verdicts.iterrows()}


# An independent computation from the raw yearly table: plain dictionaries, no src.analysis.arms ------------------


def _in(years: dict[int, float], start: int, end: int) -> float:
    return sum(years.get(y, 0.0) for y in range(start, end + 1))


class ByHand:
    """TIV by recipient, supplier and year from arms_transfers_by_year, sipri_actors and countries."""

    REGIONS = ("africa_geographic", "africa_sipri")

    def __init__(self, tables):
        actors = {
            a.sipri_name: (a.iso3 if a.actor_kind == "state" else None, a.located_in_iso3)
            for a in tables["sipri_actors"].itertuples()
        }
        flags = {
            c.iso3: {region: bool(getattr(c, region)) for region in self.REGIONS}
            for c in tables["countries"].itertuples()
        }
        nested = lambda: defaultdict(lambda: defaultdict(float))  # noqa: E731
        self.state: dict[str, dict] = defaultdict(nested)  # iso3 -> supplier -> year -> TIV
        self.region: dict[str, dict] = defaultdict(nested)  # region -> supplier -> year (every recipient)
        self.region_state: dict[tuple, dict] = defaultdict(nested)  # (region, supplier) -> iso3 -> year
        for row in tables["arms_transfers_by_year"].itertuples():
            state, located = actors[row.recipient]
            year, value = int(row.year), float(row.tiv)
            if state is not None:
                self.state[state][row.supplier][year] += value
            for region in self.REGIONS:
                if pd.notna(located) and flags[located][region]:
                    self.region[region][row.supplier][year] += value
                    if state is not None:
                        self.region_state[(region, row.supplier)][state][year] += value

    def sum(self, start: int, end: int, recipient: str, supplier: str | tuple | None = None) -> float:
        wanted = (supplier,) if isinstance(supplier, str) else supplier
        return sum(
            _in(y, start, end) for s, y in self.state[recipient].items() if wanted is None or s in wanted
        )

    def base(self, iso3: str, measure: str, start: int, end: int) -> float:
        """What a share is a share of: all suppliers, or the three great powers."""
        if measure == "share_all":
            return self.sum(start, end, iso3)
        return self.sum(start, end, iso3, ("China", "United States", "Russia"))

    def share(self, iso3: str, measure: str, start: int, end: int) -> float:
        part, whole = self.sum(start, end, iso3, "China"), self.base(iso3, measure, start, end)
        return 100 * part / whole if whole > 0 else float("nan")

    @staticmethod
    def _place(totals: dict[str, float], key: str) -> float:
        mine = round(totals.get(key, 0.0), 6)
        return 1 + sum(1 for v in totals.values() if round(v, 6) > mine) if mine > 0 else float("nan")

    def recipient_rank(self, iso3: str, supplier: str, region: str, start: int, end: int) -> float:
        totals = {r: _in(y, start, end) for r, y in self.region_state[(region, supplier)].items()}
        return self._place(totals, iso3)

    def supplier_rank(self, supplier: str, region: str, start: int, end: int) -> float:
        totals = {
            s: _in(y, start, end) for s, y in self.region[region].items() if not s.startswith("unknown")
        }
        return self._place(totals, supplier)


@pytest.fixture(scope="module")
def by_hand(tables):
    return ByHand(tables)


def expected_base(by_hand, claim: pd.Series, measure: str, start: int, end: int) -> float:
    """The TIV a value rests on, by hand: a share's whole; for a rank, the supplier's TIV to the region's
    states (a recipient's rank) or every supplier's TIV to the region (the supplier's rank)."""
    if claim["claim_kind"] == report_claims.SHARE_CLAIM:
        return by_hand.base(claim["iso3"], measure, start, end)
    region = "africa_sipri" if measure.endswith("without_egypt") else "africa_geographic"
    if claim["claim_kind"] == report_claims.RECIPIENT_RANK_CLAIM:
        return sum(_in(y, start, end) for y in by_hand.region_state[(region, claim["supplier"])].values())
    return sum(_in(y, start, end) for y in by_hand.region[region].values())


def expected_value(by_hand, claim: pd.Series, measure: str, start: int, end: int) -> float:
    if claim["claim_kind"] == report_claims.SHARE_CLAIM:
        return by_hand.share(claim["iso3"], measure, start, end)
    region = "africa_sipri" if measure.endswith("without_egypt") else "africa_geographic"
    if claim["claim_kind"] == report_claims.RECIPIENT_RANK_CLAIM:
        return by_hand.recipient_rank(claim["iso3"], claim["supplier"], region, start, end)
    return by_hand.supplier_rank(claim["supplier"], region, start, end)


def test_every_grid_value_equals_a_computation_by_hand(tables, evidence, grid, by_hand):
    """For every claimed country, reading and window of the data (all 300), the value and its base equal
    the ones computed by hand from the yearly table, and a window counts (eligible) exactly when the
    base reaches the data package's minimum volume."""
    claims = tables["report_arms_supplier_claims"].set_index("claim_id", drop=False)
    cells = evidence.cells
    readings = sum(len(report_claims.readings_for(META.claim_readings(), c)) for c in claims["claim_kind"])
    assert len(cells) == readings * 300  # every window of one or more years in 2000-2023
    for row in cells.itertuples():
        claim = claims.loc[row.claim_id]
        expected = expected_value(by_hand, claim, row.measure, row.start, row.end)
        assert row.value == pytest.approx(expected, nan_ok=True), (
            row.claim_id,
            row.measure,
            row.start,
            row.end,
        )
        base = expected_base(by_hand, claim, row.measure, row.start, row.end)
        assert row.denominator_tiv == pytest.approx(base, abs=1e-6), (row.claim_id, row.measure, row.start)
        assert row.eligible == (base >= MIN_BASE - 1e-9)
        if not row.eligible:
            assert row.status == report_claims.TOO_LITTLE
    # The grid's cells are those values: standard and picked windows as they are; the source era as the
    # count of its windows with enough volume, and of those in which the claim holds.
    for _, row in grid.iterrows():
        claim = claims.loc[row["claim_id"]]
        if row["window_kind"] != report_claims.SOURCE_ERA:
            expected = expected_value(by_hand, claim, row["measure"], row["start"], row["end"])
            assert row["value"] == pytest.approx(expected, nan_ok=True)
            continue
        era = [(s, e) for s, e in report_claims.source_windows(2020, 2000, 2023)]
        assert row["windows_total"] == len(era) == 136  # every 5+ year window in 2000-2019
        bases = {w: expected_base(by_hand, claim, row["measure"], *w) for w in era}
        eligible = [w for w in era if bases[w] >= MIN_BASE]
        assert row["windows_eligible"] == len(eligible)
        values = {w: expected_value(by_hand, claim, row["measure"], *w) for w in eligible}
        if claim["claim_kind"] == report_claims.SHARE_CLAIM:
            holding = [w for w in eligible if values[w] > claim["share_lower_bound_pct"]]
        elif claim["claim_kind"] == report_claims.RECIPIENT_RANK_CLAIM:
            holding = [w for w in eligible if values[w] <= 5]
        else:
            holding = [w for w in eligible if values[w] == 1]
        assert row["windows_holding"] == len(holding), (row["claim_id"], row["measure"])


def test_every_share_shows_the_tiv_behind_it(grid, by_hand):
    shares = grid[grid["unit"].eq("percent") & grid["value"].notna()]
    assert (shares["numerator_tiv"] <= shares["denominator_tiv"] + 1e-9).all()
    assert shares["value"].to_numpy() == pytest.approx(
        (100 * shares["numerator_tiv"] / shares["denominator_tiv"]).to_numpy()
    )
    nam = cell(grid, "china-over-90-NAM", "share_all", "standard", "2000–2019")
    assert nam["numerator_tiv"] == pytest.approx(by_hand.sum(2000, 2019, "NAM", "China"))
    assert nam["denominator_tiv"] == pytest.approx(by_hand.sum(2000, 2019, "NAM"))
    assert "of" in report_claims.volume_text(nam) and "TIV" in report_claims.volume_text(nam)


def test_grid_covers_every_claim_reading_and_window(tables, evidence, grid):
    claims = tables["report_arms_supplier_claims"]
    assert set(grid["claim_id"]) == set(claims["claim_id"])
    assert set(grid.loc[grid["iso3"].notna(), "iso3"]) == set(claims["iso3"].dropna())
    moz = grid[grid["claim_id"].eq("china-over-90-MOZ")]
    # The literal reading first; China's share of China + US is gone (no reason, no source).
    assert list(dict.fromkeys(moz["measure"])) == ["share_all", "share_great_powers"]
    assert list(dict.fromkeys(moz["literal"])) == [True, False]
    assert list(moz.loc[moz["measure"].eq("share_all"), "window"]) == [
        "all 5+ year windows, 2000–2019", "2000–2019", "2008–2019", "2019–2023", "2014–2018",
    ]  # fmt: skip
    russia = grid[grid["supplier"].eq("Russia")]
    assert set(russia["measure"]) == {
        "rank_with_egypt", "rank_without_egypt", "supplier_rank_with_egypt", "supplier_rank_without_egypt",
    }  # fmt: skip
    # A picked window that is a standard one adds no column.
    again = report_claims.claim_grid(evidence, (2019, 2023))
    assert set(again["window_kind"]) == {report_claims.SOURCE_ERA, report_claims.STANDARD}


def test_a_picked_window_is_a_selection_not_a_sum(evidence, monkeypatch):
    """The grid of any window is read from evidence computed once (every window of the data is in
    it): no sum is done again for a picked window (the walk asks for all 300)."""
    from src.analysis.claims import evidence as evidence_module

    def no_sums(*args, **kwargs):
        raise AssertionError("the grid summed the yearly table again")

    monkeypatch.setattr(evidence_module, "evaluate_claims", no_sums)
    monkeypatch.setattr(evidence_module, "_window_totals", no_sums)
    for window in report_claims.all_windows(2000, 2023):
        grid = report_claims.claim_grid(evidence, window)
        assert set(grid["window_kind"]) <= {
            report_claims.SOURCE_ERA,
            report_claims.STANDARD,
            report_claims.PICKED,
        }


def test_windows_come_from_the_data_and_the_source_year(view):
    first, last = report_claims.data_years(view)
    assert (first, last) == (2000, 2023)
    windows = report_claims.source_windows(2020, first, last)  # Hendrix 2020: data to 2019
    assert len(windows) == 136
    assert all(s >= 2000 and e <= 2019 and e - s + 1 >= 5 for s, e in windows)
    assert (2000, 2019) in windows and (2015, 2019) in windows and (2016, 2019) not in windows
    assert report_claims.source_windows(2026, first, last)[-1] == (2019, 2023)  # never past the data
    standard = META.standard_windows()
    assert report_claims.standard_windows(standard, first, last) == [(2000, 2019), (2008, 2019), (2019, 2023)]
    assert report_claims.standard_windows(standard, 2005, 2020) == [(2008, 2019)]


def test_current_verdicts(tables):
    """What the data say today, claim by claim (the page shows these sentences)."""
    verdicts = verdicts_of(tables)
    assert verdicts["russia-top-recipient-DZA"] == report_claims.VERDICT_HOLDS
    assert verdicts["russia-top-supplier-africa"] == report_claims.VERDICT_HOLDS
    # Angola: in Russia's top 5 in 40 of 136 windows with Egypt, 61 without: in no reading most of them.
    assert verdicts["russia-top-recipient-AGO"] == report_claims.VERDICT_FAILS
    # Mozambique: never above 90 % of all suppliers; against the great powers only, too little volume.
    assert verdicts["china-over-90-MOZ"] == report_claims.VERDICT_FAILS
    assert verdicts["china-over-90-NAM"] == "holds only under another reading (Share of China + US + Russia)"
    assert verdicts["china-over-50-BDI"] == report_claims.VERDICT_TOO_LITTLE  # 20 TIV imported in 24 years


def test_verdict_lines_give_counts_and_volumes(evidence):
    verdicts = report_claims.claim_verdicts(evidence).set_index("claim_id")
    moz = verdicts.loc["china-over-90-MOZ", "lines"]
    assert moz[0].startswith(
        "Share of all suppliers (as written): holds in 0 of 58 windows with enough volume"
    )
    assert "2000–2019: 8.9% (9.1 of 102 TIV)" in moz[0]
    assert moz[1].startswith("Share of China + US + Russia: too little to judge in all 136 windows")
    assert verdicts.loc["china-over-90-NAM", "lines"][1].startswith(
        "Share of China + US + Russia: holds in 126 of 126 windows with enough volume"
    )


def test_each_verdict_is_computed_from_the_yearly_table(tables):
    """Change the yearly table and the verdicts change with it."""
    yearly = tables["arms_transfers_by_year"]
    checked = ("china-over-90-MOZ", "china-over-90-NAM", "russia-top-recipient-DZA")
    before = verdicts_of(tables, claim_ids=checked)
    # A large Chinese delivery to Mozambique in every year: China now dominates under every measure.
    boost = pd.DataFrame(
        {
            "recipient": "Mozambique",
            "supplier": "China",
            "year": range(2000, 2024),
            "tiv": 10_000.0,
            "tiv_estimated": 0.0,
            "deliveries": 1,
        }  # fmt: skip
    ).astype(yearly.dtypes.to_dict())
    after = verdicts_of(tables, pd.concat([yearly, boost], ignore_index=True), checked)
    assert before["china-over-90-MOZ"] != after["china-over-90-MOZ"] == report_claims.VERDICT_HOLDS
    # Russia's deliveries to Algeria removed: Algeria is no longer among its top recipients anywhere.
    without = yearly[~(yearly["recipient"].eq("Algeria") & yearly["supplier"].eq("Russia"))]
    after = verdicts_of(tables, without, checked)
    assert before["russia-top-recipient-DZA"] == report_claims.VERDICT_HOLDS
    assert after["russia-top-recipient-DZA"] == report_claims.VERDICT_FAILS
    # No imports at all: too little to judge.
    no_namibia = yearly[~yearly["recipient"].eq("Namibia")]
    assert verdicts_of(tables, no_namibia, checked)["china-over-90-NAM"] == report_claims.VERDICT_TOO_LITTLE


def test_rank_with_and_without_egypt(tables, grid, by_hand):
    """Egypt counts in geographic Africa, not in SIPRI's: a country ranks one place lower with Egypt
    exactly when Egypt received more from Russia than it did."""
    checked = 0
    for row in grid[
        grid["measure"].eq("rank_with_egypt") & grid["window_kind"].ne("source era")
    ].itertuples():
        without = cell(grid, row.claim_id, "rank_without_egypt", row.window_kind, row.window)
        if pd.isna(row.value):
            assert pd.isna(without["value"])
            continue
        egypt = by_hand.sum(row.start, row.end, "EGY", "Russia")
        assert row.value - without["value"] == (1 if egypt > row.numerator_tiv else 0)
        checked += egypt > row.numerator_tiv
    assert checked >= 3  # the two rankings do differ, e.g. Angola 2000-2019: 4th with Egypt, 3rd without
    angola = (
        cell(grid, "russia-top-recipient-AGO", m, "standard", "2000–2019")["value"]
        for m in ("rank_with_egypt", "rank_without_egypt")
    )
    assert tuple(angola) == (4, 3)
    # Every rank is said with its Africa.
    for _, row in grid[grid["unit"].eq("rank") & grid["value"].notna()].iterrows():
        assert "Egypt" in report_claims.volume_text(row) and "Egypt" in row["reading_label"]


def test_continent_claim_cites_the_nearest_following_marker(tables, evidence):
    row = tables["report_arms_supplier_claims"].set_index("claim_id").loc["russia-top-supplier-africa"]
    assert (row["footnote"], row["footnote_attribution"]) == (122, "nearest following marker")
    table = report_claims.verdict_table(report_claims.claim_verdicts(evidence)).set_index("The report says")
    assert table.loc["Russia the largest supplier", "Footnote"] == (
        "122 (no marker on the sentence; the nearest following marker)"
    )
    assert table.loc["China > 90%", "Footnote"].tolist() == ["121"] * 4


def test_supplier_mix_adds_up(tables, view, by_hand):
    mix = supplier_mix(view, data.country_names(tables["countries"]), ["KEN", "NAM"], META.great_powers)
    assert list(dict.fromkeys(mix["iso3"])) == ["KEN", "NAM"]
    for (iso3, year), rows in mix.groupby(["iso3", "year"]):
        assert rows["tiv"].sum() == pytest.approx(by_hand.sum(year, year, iso3))
    kenya = mix[mix["iso3"].eq("KEN")]
    assert {"China", "United States", "Russia", OTHER_SUPPLIERS} <= set(kenya["supplier"])
    other = kenya[kenya["supplier"].eq(OTHER_SUPPLIERS) & kenya["year"].eq(2009)].iloc[0]
    assert other["detail"] == "Ukraine 34.3"
    table = supplier_mix_table(mix[mix["iso3"].eq("NAM")], 2000, 2023, {})
    assert len(table) == 24 and table["All suppliers (TIV)"].sum() == pytest.approx(
        by_hand.sum(2000, 2023, "NAM")
    )


# Regime characterizations -------------------------------------------------------------------------------


WORDS = META.regime_words()


def regime_rows(tables, regimes=None, year=None):
    return report_claims.regime_claim_rows(
        tables["report_regime_claims"],
        tables["regime_type"] if regimes is None else regimes,
        tables["countries"],
        tables["report_organization_claims"],
        tables["regional_memberships"],
        year=year,
    )


def test_regime_checks_use_the_year_each_claim_states(tables):
    rows = regime_rows(tables)
    years = rows.groupby("claim_id")["year"].apply(set).to_dict()
    assert years["china-reliant-mix"] == {2019} and years["russia-recipients-authoritarian"] == {2019}
    assert years["syria-fellow-autocracy"] == {2012}
    assert years["sadc-members-authoritarian-or-hybrid"] == {2022}
    coups = tables["report_coups"]
    assert sorted(zip(rows.loc[rows["claim_id"].eq("coup-countries-hybrid-or-autocratic"), "iso3"],
                      rows.loc[rows["claim_id"].eq("coup-countries-hybrid-or-autocratic"), "year"], strict=True)) == sorted(
        zip(coups["iso3"], coups["year"] - 1, strict=True)
    )  # fmt: skip
    regimes = tables["regime_type"]
    by_key = regimes.set_index(["iso3", "year"])["regime"]
    for row in rows.itertuples():
        assert row.regime == by_key[(row.iso3, row.year)]
    verdicts = report_claims.regime_verdicts(rows, WORDS).set_index("claim_id")
    assert report_claims.regime_verdict_text(verdicts.loc["syria-fellow-autocracy"]) == (
        "holds in 2012 (2 of 2 authoritarian, that is closed or electoral autocracies)"
    )
    # fn 142 cannot be tested (no training records); the coup countries' regimes stay, as context.
    coups_context = verdicts.loc["coup-countries-hybrid-or-autocratic"]
    assert coups_context["verdict"] == report_claims.VERDICT_UNTESTABLE and pd.isna(coups_context["holds"])
    assert report_claims.regime_verdict_text(coups_context) == (
        "cannot be tested with these data; as context, the year before each coup (6 of 8 hybrid or "
        "autocracy, that is closed or electoral autocracies; not Niger, electoral democracy in 2022, "
        "Burkina Faso, electoral democracy in 2021)"
    )


def test_regime_verdicts_follow_the_stated_year_and_say_when_it_turns_on_it(tables):
    regimes = tables["regime_type"].copy()
    claim = "russia-recipients-authoritarian"  # Algeria, Angola and Sudan in 2019

    def verdict(changed: pd.DataFrame) -> pd.Series:
        return (
            report_claims.regime_verdicts(regime_rows(tables, changed), WORDS)
            .set_index("claim_id")
            .loc[claim]
        )

    assert verdict(regimes)["holds"] and verdict(regimes)["neighbours"] == ""
    # Sudan an electoral democracy in 2020: the verdict for 2019 stands, and says it turns on the year.
    sudan = regimes["iso3"].eq("SDN")
    later = regimes.assign(regime=regimes["regime"].mask(sudan & regimes["year"].eq(2020), 2))
    assert verdict(later)["holds"]
    assert verdict(later)["neighbours"] == "it turns on the year: it does not hold in 2020 (2 of 3)"
    # ... and in 2019 itself: now the claim does not hold.
    changed = regimes.assign(regime=regimes["regime"].mask(sudan & regimes["year"].eq(2019), 2))
    assert not verdict(changed)["holds"]
    assert "not Sudan, electoral democracy in 2019" in verdict(changed)["finding"]
    # An explicit year overrides every row's own.
    assert set(regime_rows(tables, year=2015)["year"]) == {2015}


def test_hybrid_regimes_are_part_of_the_mixture_claim(tables):
    kinds = set(tables["report_regime_claims"]["claim_kind"])
    assert report_claims.MIXTURE_CLAIM in kinds and "hybrid" in report_claims.MIXTURE_CLAIM
    verdicts = report_claims.regime_verdicts(regime_rows(tables), WORDS).set_index("claim_id")
    # In 2019 the seven are 3 democracies and 4 electoral autocracies: with the data package's one
    # mapping (hybrid: electoral autocracy; autocracy: closed or electoral), each word has a country.
    assert report_claims.regime_verdict_text(verdicts.loc["china-reliant-mix"]) == (
        "holds in 2019 (4 electoral autocracies, 2 electoral democracies, 1 liberal democracy: a "
        "democracy, a hybrid regime and an autocracy, each a different country)"
    )
    reading = META.method("regimeWords")
    assert "hybrid" in reading and "electoral autocracy" in reading


def test_organization_claims_use_the_membership_table(tables):
    rows = regime_rows(tables)
    members = tables["regional_memberships"]
    for org, claim_id, n in (
        ("SADC", "sadc-members-authoritarian-or-hybrid", 16),
        ("EAC", "eac-members-authoritarian-or-hybrid", 7),
    ):
        listed = set(members.loc[members["organization"].eq(org), "iso3"])
        assert set(rows.loc[rows["claim_id"].eq(claim_id), "iso3"]) == listed and len(listed) == n
    verdicts = report_claims.regime_verdicts(rows, WORDS).set_index("claim_id")
    text = {c: report_claims.regime_verdict_text(v) for c, v in verdicts.iterrows()}
    # SADC in 2022: exactly half are autocracies, and 'predominantly' needs more than half; in the
    # years either side, 9 of 16 are.
    assert text["sadc-members-authoritarian-or-hybrid"].startswith("does not hold in 2022 (8 of 16")
    assert text["sadc-members-authoritarian-or-hybrid"].endswith(
        "it turns on the year: it holds in 2021 and 2023 (9 of 16)"
    )
    assert text["eac-members-authoritarian-or-hybrid"].startswith("holds in 2022 (6 of 7")


def test_claims_without_data_cannot_be_tested(tables):
    unchecked = report_claims.unchecked_claims(tables["report_remarks"]).set_index("footnote")
    # fn 123 and fn 141 are claims too, with their reason: no page left them out ("no page yet").
    assert sorted(unchecked.index) == [114, 123, 141, 142]
    assert (
        set(unchecked["verdict"])
        == {report_claims.VERDICT_UNTESTABLE}
        == {"cannot be tested with these data"}
    )
    assert "no measure" in unchecked.loc[114, "reason"] and "no records" in unchecked.loc[142, "reason"]
    assert "no record of when Western governments cut" in unchecked.loc[123, "reason"]
    assert "no record of democracies' security assistance" in unchecked.loc[141, "reason"]


# The data package: new tables and fixes ------------------------------------------------------------------


def test_new_tables_validate_and_are_described(tables):
    descriptor = {r["name"]: r for r in data.read_descriptor()["resources"]}
    members = tables["regional_memberships"]
    assert set(members["as_of"]) == {pd.Timestamp("2023-05-30")}
    assert dict(members.groupby("organization")["source_url"].first()) == {
        "SADC": "https://www.sadc.int/member-states",
        "EAC": "https://www.eac.int/eac-partner-states",
    }
    assert "SOM" not in set(members["iso3"])  # Somalia joined the EAC in 2024, after the as-of date
    description = descriptor["regional_memberships"]["description"]
    assert "30 May 2023" in description and "could not be re-checked online" in description
    orgs = tables["report_organization_claims"]
    assert set(orgs["footnote"]) == {111} and set(orgs["footnote_attribution"]) == {
        "nearest preceding marker"
    }
    assert set(orgs["members_as_of"]) == set(members["as_of"])
    known = set(tables["footnotes"]["footnote"])
    for name in ("report_organization_claims", "report_regime_claims", "report_remarks"):
        assert set(tables[name]["footnote"]) <= known, name


def test_russia_syria_start_year_is_not_invented(tables):
    rel = tables["report_interventions"].set_index("relation_id")
    assert pd.isna(rel.loc["russia-SYR", "start_year"])
    assert rel.loc["iran-SYR", "start_year"] == 2011


def test_new_paraphrases_copy_no_report_prose(tables):
    report = ROOT.parent / "shared" / "report" / "authoritarian-collaboration-security-threats.txt"
    if not report.exists():
        pytest.skip("the report is not beside the project")
    words = report.read_text(encoding="utf-8").lower().split()
    shingles = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    texts = list(tables["report_organization_claims"]["paraphrase"]) + list(
        tables["report_regime_claims"]["paraphrase"]
    )
    texts += list(tables["report_remarks"]["paraphrase"])
    for text in texts:
        tokens = str(text).lower().split()
        assert not shingles.intersection(" ".join(tokens[i : i + 8]) for i in range(len(tokens) - 7)), text


# Figures --------------------------------------------------------------------------------------------------


def test_verdict_grid_figure_marks_where_the_claim_holds(grid):
    china = grid[grid["supplier"].eq("China")]
    spec = figure_spec(claim_figures.build_verdict_grid(china, title="T", subtitle="S", source="Source: X."))
    heatmaps = [t for t in spec["data"] if t["type"] == "heatmap"]
    # One block per reading, the literal one first, each headed by a row that names its columns.
    assert [t["name"] for t in heatmaps] == [
        "Share of all suppliers (as written)",
        "Share of China + US + Russia",
    ]
    ticked = 0
    for trace_ in heatmaps:
        assert trace_["y"][0].startswith("<b>Share of") and trace_["text"][0][1] == "<b>2000–2019</b>"
        for y, texts, hovers in zip(
            trace_["y"][1:], trace_["text"][1:], trace_["customdata"][1:], strict=True
        ):
            for x, text, hover in zip(trace_["x"], texts, hovers, strict=True):
                ticked += text.startswith(claim_figures.HOLDS_MARK)
                assert "TIV" in hover or "windows" in hover or "no data" in hover, (y, x)
                assert "TIV" in text or " of " in text or "too little" in text or "no deliveries" in text, (
                    text
                )
    assert ticked == int(china["holds"].fillna(False).sum()) > 0
    assert "Source: X." in all_text(spec)
    namibia = heatmaps[0]["y"].index("Namibia · China > 90%")
    assert heatmaps[0]["text"][namibia][heatmaps[0]["x"].index("2000–2019")] == "79.1%<br>of 273 TIV"
    assert heatmaps[1]["text"][namibia][0] == "✓ 126 of 126"
    # Nothing is drawn above the plot: no annotation but the source line, no tick labels on top.
    assert [a.get("name") for a in spec["layout"].get("annotations", [])] == ["source"]
    assert "hover" not in all_text(spec).lower()


def test_supplier_mix_figure(tables, view):
    mix = supplier_mix(view, data.country_names(tables["countries"]), ["ZWE"], META.great_powers)
    fig = claim_figures.build_supplier_mix(
        mix,
        first_year=2000,
        last_year=2023,
        title="Zimbabwe",
        subtitle="S",
        source="Source: X.",
        source_cutoff=2019,
    )
    spec = figure_spec(fig)
    bars = {t["name"]: t for t in spec["data"] if t["type"] == "bar"}
    assert bars["China"]["marker"]["color"] == palette.supplier_colour(
        "China"
    )  # China's colour on every page
    assert sum(sum(t["y"]) for t in bars.values()) == pytest.approx(mix["tiv"].sum())
    assert spec["layout"]["barmode"] == "stack"
    patterned = [t for name, t in bars.items() if name not in ("China", OTHER_SUPPLIERS)]
    shapes = [
        t["marker"]["pattern"]["shape"] for t in patterned if t["marker"]["color"] == palette.OTHER_SUPPLIER
    ]
    assert len(shapes) == len(set(shapes))  # suppliers outside the palette told apart by pattern


# The page --------------------------------------------------------------------------------------------------


def test_report_vs_data_page_leads_with_one_sentence_per_footnote():
    at = app_test("pages/5_Report_vs_data.py", timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    read = [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]  # as read: escapes dropped
    # First on the page: one computed sentence per footnote, in the report's order.
    first = read[0].split("\n")
    assert [re.match(r"- :small\[fn (\d+)", line).group(1) for line in first] == [
        "111",
        "114",
        "116",
        "121",
        "122",
        "123",
        "141",
        "142",
    ]
    assert (
        "none of the 7 claims holds" in first[3]
        and "Mozambique's 100% rests on 9.1 TIV of the 79.7 TIV" in first[3]
    )
    assert first[5].startswith("- :small[fn 123: Cannot be tested with these data")
    assert first[7].startswith("- :small[fn 142: Cannot be tested with these data")
    specs = [figure_spec(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(specs) == 3  # two verdict grids and one supplier mix
    assert "Claims about China as an arms supplier (fn 121)" in all_text(specs[0])
    assert "Claims about Russia as an arms supplier (fn 122)" in all_text(specs[1])
    text = " ".join(read)
    assert (
        "Checked in 2012" in text
        and "fn 111 (no marker on the sentence; the nearest preceding marker) · SADC" in text
    )
    assert "cannot be tested with these data" in text
    # How verdicts are reached is said once, under the title; the method itself is in its expander.
    captions = " ".join(c.value for c in at.caption)
    assert captions.count("Verdicts are computed, never typed") == 1
    assert {k: at.query_params[k] for k in at.query_params} == {}  # the short link is kept
    assert at.session_state["_exports:live"].query == {"window": "2019-2023", "mix": "MOZ"}  # a copied link
    # A picked window that is not a standard one adds a column to the grid, and goes into the link.
    at.slider(key="url:window").set_value((2010, 2014)).run()
    assert not at.exception
    assert at.query_params["window"] == "2010-2014"
    assert "2010–2014 (yours)" in figure_spec(at.get("plotly_chart")[0].proto.spec)["data"][0]["x"]
    # The supplier mix follows its country, from the widget and into the link.
    at.selectbox(key="url:mix").set_value("NAM").run()
    assert at.query_params["mix"] == "NAM"
    assert "Arms imports of Namibia by supplier" in all_text(
        figure_spec(at.get("plotly_chart")[2].proto.spec)
    )
