"""The derivation: name mapping, actor kinds, and byte-for-byte reproducibility from ../shared/reference."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest

from scripts import derive_all
from src.data.derive import countries as country_table
from src.data.derive.names import ALIASES, to_iso3
from src.data.derive.sipri import NON_STATE_ACTORS, UnmappedActorError, build_actors
from tests.conftest import REFERENCE, ROOT

DERIVED = ["countries.csv", "sipri_actors.csv", "arms_transfers_by_year.csv", "arms_deliveries_africa.csv",
           "coup_events.csv", "regime_type.csv", "datapackage.json"]  # fmt: skip


def test_alias_table():
    assert to_iso3("Kosovo") == "XKX"  # a fuzzy match would say Serbia
    assert to_iso3("Cote d'Ivoire") == "CIV"
    assert to_iso3("DR Congo") == "COD"
    assert to_iso3("Congo") == "COG"
    assert to_iso3("Turkiye") == "TUR"
    assert to_iso3("eSwatini") == "SWZ"
    assert to_iso3("Viet Nam") == "VNM"
    assert to_iso3("Republic of Vietnam") == "OWID_RVN"
    assert to_iso3("Atlantis") is None
    codes = set(country_table.build_countries()["iso3"])
    assert set(ALIASES.values()) <= codes


def test_every_sipri_name_maps_or_is_flagged(tables):
    actors = tables["sipri_actors"]
    states = actors[actors["actor_kind"].eq("state")]
    assert states["iso3"].notna().all()
    others = actors[~actors["actor_kind"].eq("state")]
    assert others["iso3"].isna().all()
    assert set(others["sipri_name"]) == set(NON_STATE_ACTORS)
    # Every name SIPRI marks with * or ** is kept as a non-state actor, never merged into a country.
    starred = actors[actors["sipri_name"].str.endswith("*")]
    assert (starred["actor_kind"] != "state").all()
    kinds = actors.set_index("sipri_name")["actor_kind"]
    assert kinds["Libya HoR*"] == kinds["Libya GNC"] == "rival government"
    assert kinds["African Union**"] == "international organization"
    yearly = tables["arms_transfers_by_year"]
    assert set(yearly["recipient"]) | set(yearly["supplier"]) <= set(actors["sipri_name"])


def test_unknown_name_is_refused():
    register = pd.DataFrame({"supplier": ["China"], "recipient": ["Freedonia"]})
    with pytest.raises(UnmappedActorError, match="Freedonia"):
        build_actors(register)


def test_countries_table(tables):
    countries = tables["countries"].set_index("iso3")
    assert countries.loc["TZA", "name"] == "Tanzania"
    assert countries.loc["COD", "name"] == "DR Congo"
    assert countries.loc["CIV", "name"] == "Côte d'Ivoire"
    assert countries.loc["EGY", "africa_geographic"] and not countries.loc["EGY", "africa_sipri"]
    for small in ("SYC", "MUS", "CPV", "COM", "STP"):
        assert countries.loc[small, "small_state"]
        assert pd.notna(countries.loc[small, "marker_lat"]) and pd.notna(countries.loc[small, "marker_lon"])
    assert countries.loc["NGA", "africa_sipri"] and countries.loc["NGA", "sub_saharan_africa_sipri"]


def test_states_missing_from_map_shapes_have_a_point(tables):
    """Any state SIPRI records that the 1:110m world shapes lack must be drawable as a marker."""
    from src.figures import geo

    countries = tables["countries"].set_index("iso3")
    in_sipri = set(tables["sipri_actors"]["iso3"].dropna())
    lacking = in_sipri - geo.shape_codes("world")
    assert lacking, "expected some small states without shapes"
    for code in lacking:
        assert pd.notna(countries.loc[code, "marker_lat"]), code


@pytest.mark.reference
def test_rederivation_reproduces_committed_files(tmp_path: Path):
    if not REFERENCE.exists():
        pytest.skip(f"reference data not found at {REFERENCE} (only this test needs it)")
    # Into a copy of the package: the scripts rewrite the derived tables and what they know of the
    # descriptor (source versions, coverage, row counts), and leave the curated tables alone.
    output = tmp_path / "data"
    shutil.copytree(ROOT / "data", output)
    for name in DERIVED[:-1]:
        (output / name).unlink()
    derive_all.main(["--reference", str(REFERENCE), "--output", str(output)])
    for name in DERIVED:
        assert filecmp.cmp(output / name, ROOT / "data" / name, shallow=False), (
            f"{name} differs when re-derived"
        )
