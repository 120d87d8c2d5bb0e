"""The data package: every report fact is present with its footnote; the descriptor documents everything."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from scripts import describe
from src.data import loader as data
from tests.conftest import ROOT

frictionless = pytest.importorskip("frictionless")


def test_frictionless_validates_the_package():
    """The reference implementation checks types, constraints, primary and foreign keys and row counts."""
    report = frictionless.validate(ROOT / "data" / "datapackage.json")
    problems = [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]
    assert report.valid, problems[:10] or report.errors


def test_descriptor_agrees_with_the_tables():
    """Row counts, year coverage and the package's sources are what the tables say (scripts/describe.py)."""
    descriptor = data.read_descriptor()
    assert describe.describe(copy.deepcopy(descriptor), ROOT / "data") == descriptor


def _package_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def test_a_stale_row_count_fails_validation(tmp_path):
    folder = _package_copy(tmp_path)
    path = folder / "report_coups.csv"
    path.write_text(
        "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8"
    )
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.validate(folder / "datapackage.json")
    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert ("report_coups", "row-count") in errors
    assert describe.describe(copy.deepcopy(descriptor), folder) != descriptor


def test_a_stale_coverage_is_caught(tmp_path):
    folder = _package_copy(tmp_path)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    stale = copy.deepcopy(descriptor)
    next(r for r in stale["resources"] if r["name"] == "arms_transfers_by_year")["coverage"]["end"] -= 1
    assert describe.describe(copy.deepcopy(stale), folder) == descriptor != stale


def test_every_table_loads_and_is_described(tables):
    descriptor = data.read_descriptor()
    assert {r["name"] for r in descriptor["resources"]} == set(tables)
    for resource in descriptor["resources"]:
        assert resource.get("title") and resource.get("description"), resource["name"]
        assert resource.get("sources"), f"{resource['name']} has no source"
        assert all(s.get("title") and s.get("version") for s in resource["sources"]), resource["name"]
        assert resource.get("licenses"), f"{resource['name']} has no licence"
        assert resource["schema"].get("primaryKey"), f"{resource['name']} has no primary key"
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("description"), f"{resource['name']}.{field['name']}"
        # Every row the descriptor counts reached the app (the loader refuses an empty table itself:
        # tests/test_loader.py, header_only; a table it shortened would pass that and fail here).
        assert len(tables[resource["name"]]) == resource["stats"]["rows"], resource["name"]


def test_sipri_tables_carry_attribution():
    for name in ("sipri_actors", "arms_transfers_by_year", "arms_deliveries_africa"):
        resource = data.resource(name)
        assert "SIPRI" in resource["licenses"][0]["title"]
        assert "3 Jan 2025" in resource["sources"][0]["version"]
        assert resource["sources"][0]["attribution"] == "Source: SIPRI Arms Transfers Database"


def test_tiv_fields_carry_units():
    fields = {f["name"]: f for f in data.resource("arms_transfers_by_year")["schema"]["fields"]}
    assert fields["tiv"]["unit"] == "TIV (millions)"
    assert "share" in data.resource("arms_transfers_by_year")["description"].lower()


def test_arms_supplier_claims_fn_121_122(tables):
    claims = tables["report_arms_supplier_claims"]
    over = claims[claims["claim_kind"].eq("supplier share above bound")]
    by_bound = {bound: set(over.loc[over["share_lower_bound_pct"].eq(bound), "iso3"]) for bound in (90, 50)}
    assert by_bound == {90: {"MOZ", "NAM", "SYC", "ZWE"}, 50: {"BDI", "GHA", "KEN"}}
    assert set(over["supplier"]) == {"China"}
    assert set(over["share_bound"]) == {"more than"}
    assert set(over["footnote"]) == {121}
    assert set(over["source_author"] + " " + over["source_year"].astype(str)) == {"Hendrix 2020"}
    # The report states no period for these shares: the fields stay empty.
    assert over["period_start"].isna().all() and over["period_end"].isna().all()
    russia = claims[claims["supplier"].eq("Russia")]
    assert set(russia.loc[russia["claim_kind"].eq("among the supplier's top recipients"), "iso3"]) == {
        "DZA",
        "AGO",
        "SDN",
    }
    assert "top supplier to the continent" in set(russia["claim_kind"])
    assert set(russia["footnote"]) == {122}


def test_report_coups_fn_142(tables):
    coups = tables["report_coups"].sort_values("report_order")
    listed = list(zip(coups["iso3"], coups["year"], strict=True))
    assert listed == [
        ("GAB", 2023), ("NER", 2023), ("BFA", 2022), ("TCD", 2021),
        ("GIN", 2021), ("SDN", 2021), ("MLI", 2020), ("MLI", 2021),
    ]  # fmt: skip
    assert set(coups["footnote"]) == {142}
    remark = tables["report_remarks"].set_index("remark_id").loc["coup-officers-us-training"]
    assert remark["footnote"] == 142 and "Turse" in remark["paraphrase"]


def test_exercises_fn_112_are_lower_bounds(tables):
    ex = tables["report_exercises"].set_index("organization")
    assert ex.loc["CSTO", "exercises_lower_bound"] == 38
    assert ex.loc["SCO", "exercises_lower_bound"] == 22
    assert set(ex["bound_kind"]) == {"at least"}
    assert set(ex["period_start"]) == {2002} and set(ex["period_end"]) == {2016}
    assert ex.loc["SCO", "area"] == "Central Asia"
    assert set(ex["footnote"]) == {112}


def test_interventions_and_assistance(tables):
    rel = tables["report_interventions"]
    found = {
        (
            r.actor,
            r.actor_kind,
            r.target_iso3 if isinstance(r.target_iso3, str) else r.target_region,
            r.footnote,
        )
        for r in rel.itertuples()
    }
    assert found == {
        ("SADC", "regional organization", "MOZ", 111),
        ("EAC", "regional organization", "COD", 111),
        ("CSTO", "regional organization", "KAZ", 113),
        ("Iran", "state", "SYR", 115),
        ("Russia", "state", "SYR", 116),
        ("China", "state", "Africa", 118),
        ("Wagner Group", "paramilitary", "MLI", 124),
        ("Wagner Group", "paramilitary", "SDN", 124),
    }
    syria = rel[rel["target_iso3"].eq("SYR")].set_index("actor")
    assert syria.loc["Iran", "start_year"] == 2011
    assert pd.isna(syria.loc["Russia", "start_year"])  # the report gives Russia no start year
    # Where the report states no start year, none is invented.
    assert (
        rel.loc[rel["actor"].isin(["SADC", "EAC", "CSTO", "Wagner Group", "China", "Russia"]), "start_year"]
        .isna()
        .all()
    )
    assert rel.loc[rel["actor"].eq("China"), "related_footnotes"].item() == "119;120"


def test_regime_claims(tables):
    claims = tables["report_regime_claims"]
    groups = claims.groupby("claim_id")["iso3"].apply(set).to_dict()
    assert groups == {
        "china-reliant-mix": {"MOZ", "NAM", "SYC", "ZWE", "BDI", "GHA", "KEN"},
        "russia-recipients-authoritarian": {"DZA", "AGO", "SDN"},
        "syria-fellow-autocracy": {"SYR", "RUS"},
        "coup-countries-hybrid-or-autocratic": {"GAB", "NER", "BFA", "TCD", "GIN", "SDN", "MLI"},
    }
    assert dict(claims.groupby("claim_id")["footnote"].first()) == {
        "china-reliant-mix": 121,
        "russia-recipients-authoritarian": 122,
        "syria-fellow-autocracy": 116,
        "coup-countries-hybrid-or-autocratic": 142,
    }


def test_footnotes_cover_the_section(tables):
    notes = tables["footnotes"]
    assert set(notes["footnote"]) == set(range(109, 125)) | {141, 142}
    by_note = notes.set_index(["footnote", "reference"])
    assert by_note.loc[(112, 1), "authors"] == "De Haas, M."
    assert by_note.loc[(121, 1), "published"] == pd.Timestamp("2020-07-15")
    assert by_note.loc[(114, 1), "same_as_footnote"] == 113
    assert by_note.loc[(123, 1), "same_as_footnote"] == 122
    assert len(notes[notes["footnote"].eq(124)]) == 3


CITING = ("footnote", "related_footnotes")  # a table's columns that cite the report's footnotes


def test_every_row_cites_a_footnote_the_package_knows(tables):
    """Every footnote a curated table cites is one the footnotes table lists: in every table the
    descriptor gives a citing column (so a table added later is checked too, as the organization
    claims once were not), every row, and each number of a list of related footnotes ("119;120")."""
    known = set(tables["footnotes"]["footnote"])
    citing = {
        resource["name"]: [field["name"] for field in resource["schema"]["fields"] if field["name"] in CITING]
        for resource in data.read_descriptor()["resources"]
        if resource["name"] != "footnotes"  # the works the footnotes cite, not a table that cites them
    }
    citing = {name: columns for name, columns in citing.items() if columns}
    assert {name for name in data.TABLES if name.startswith("report_")} <= set(citing)
    for name, columns in citing.items():
        for column in columns:
            cited = {
                int(number) for value in tables[name][column].dropna() for number in str(value).split(";")
            }
            assert cited, (name, column)
            assert cited <= known, (name, column, sorted(cited - known))


def test_no_report_prose_is_pasted(tables):
    """Paraphrases, not copies: no run of eight words from the report appears in a curated table."""
    from tests.conftest import ROOT

    report = ROOT.parent / "shared" / "report" / "authoritarian-collaboration-security-threats.txt"
    if not report.exists():
        import pytest

        pytest.skip("the report is not beside the project")
    words = report.read_text(encoding="utf-8").lower().split()
    shingles = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for name in (
        "report_arms_supplier_claims",
        "report_interventions",
        "report_regime_claims",
        "report_remarks",
    ):
        for text in tables[name]["paraphrase"].dropna():
            tokens = str(text).lower().split()
            copied = [" ".join(tokens[i : i + 8]) for i in range(len(tokens) - 7)]
            assert not shingles.intersection(copied), (name, text)
