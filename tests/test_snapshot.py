"""Unchanged data are validated once per version: a validated, typed snapshot is read instead; a
changed or broken file is validated in full and refused exactly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from src.data import loader, snapshot, validate
from tests.conftest import ROOT


@pytest.fixture()
def copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of data/ and an empty cache of snapshots of its own."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    monkeypatch.setenv(snapshot.CACHE_DIR_ENV, str(tmp_path / "cache"))
    return folder


def _no_validation(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the package was validated again")

    monkeypatch.setattr(validate, "parse_table", refuse)


def test_a_second_load_reads_the_snapshot_with_every_dtype(copy, monkeypatch):
    validated = loader.load_tables(copy)
    assert len(list((copy.parent / "cache").iterdir())) == 1  # one snapshot, for this version
    _no_validation(monkeypatch)
    again = loader.load_tables(copy)
    assert list(again) == list(validated)
    for name, table in validated.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)  # values and dtypes (Int64, dates...)


def test_an_edited_csv_is_validated_again_and_refused_as_before(copy, monkeypatch):
    loader.load_tables(copy)  # the snapshot of the good package exists now
    path = copy / "report_coups.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("GAB,2023", "XYZ,2023"), encoding="utf-8")
    with pytest.raises(loader.DataValidationError) as caught:
        loader.load_tables(copy)
    assert str(caught.value) == (
        "data/report_coups.csv, line 2, column 'iso3': 'XYZ' is not a known code in countries.iso3"
    )
    assert len(list((copy.parent / "cache").iterdir())) == 1  # nothing refused is kept


def test_a_valid_edit_makes_a_new_snapshot_with_the_edit(copy):
    before = loader.load_tables(copy)
    path = copy / "report_exercises.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",38,", ",39,"), encoding="utf-8")
    after = loader.load_tables(copy)
    assert list(before["report_exercises"]["exercises_lower_bound"]) == [38, 22]
    assert list(after["report_exercises"]["exercises_lower_bound"]) == [39, 22]
    assert len(list((copy.parent / "cache").iterdir())) == 2


def test_a_changed_descriptor_changes_the_key(copy):
    files = [copy / loader.DESCRIPTOR, copy / "countries.csv"]
    first = snapshot.key(files)
    text = files[0].read_text(encoding="utf-8")
    files[0].write_text(
        text.replace('"title": "Country code"', '"title": "Country code (ISO3)"'), encoding="utf-8"
    )
    assert snapshot.key(files) != first


def test_a_damaged_snapshot_costs_only_time(copy, src_log):
    validated = loader.load_tables(copy)
    (folder,) = (copy.parent / "cache").iterdir()
    (folder / "countries.arrow").write_bytes(b"not arrow")
    again = loader.load_tables(copy)
    assert "unreadable" in src_log.text
    pd.testing.assert_frame_equal(again["countries"], validated["countries"])


def test_an_unwritable_cache_still_loads(copy, monkeypatch, src_log):
    blocker = copy.parent / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv(snapshot.CACHE_DIR_ENV, str(blocker / "cache"))
    tables = loader.load_tables(copy)
    assert len(tables["countries"]) > 200
    assert "could not write a snapshot" in src_log.text
