"""Broken data never reaches a chart: each kind of breakage is refused with file, line and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from src import data
from tests.conftest import ROOT


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(folder: Path) -> str:
    with pytest.raises(data.DataValidationError) as caught:
        data.load_tables(folder)
    return str(caught.value)


def test_the_committed_package_is_valid(copy):
    assert len(data.load_tables(copy)) == len(data.read_descriptor(copy)["resources"]) == 15


def test_missing_column(copy):
    path = copy / "report_exercises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    keep = [i for i, h in enumerate(header) if h != "bound_kind"]
    path.write_text("\n".join(",".join(line.split(",")[i] for i in keep) for line in lines) + "\n")
    assert "data/report_exercises.csv, line 1, column 'bound_kind': column is missing" in refused(copy)


def test_unknown_country_code(copy):
    edit(copy / "report_coups.csv", "GAB,2023", "XYZ,2023")
    message = refused(copy)
    assert (
        "data/report_coups.csv, line 2, column 'iso3': 'XYZ' is not a known code in countries.iso3" in message
    )


def test_malformed_country_code(copy):
    edit(copy / "report_coups.csv", "GAB,2023", "gabon,2023")
    assert "data/report_coups.csv, line 2, column 'iso3': 'gabon' does not match the pattern" in refused(copy)


def test_negative_tiv(copy):
    edit(
        copy / "arms_transfers_by_year.csv",
        "Afghanistan,Belarus,2019,13.6,",
        "Afghanistan,Belarus,2019,-13.6,",
    )
    assert "data/arms_transfers_by_year.csv, line 2, column 'tiv': -13.6 is below the minimum 0" in refused(
        copy
    )


def test_duplicate_key(copy):
    path = copy / "report_exercises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    message = refused(copy)
    assert "data/report_exercises.csv, line 4, column 'organization'" in message
    assert "repeats a key that must be unique" in message


def test_bad_date(copy):
    edit(copy / "coup_events.csv", "1950-05-10", "1950-13-10")
    message = refused(copy)
    assert "data/coup_events.csv, line 2, column 'date': '1950-13-10' is not a date (YYYY-MM-DD)" in message


def test_not_a_number(copy):
    edit(copy / "report_exercises.csv", ",38,", ",thirty-eight,")
    message = refused(copy)
    assert (
        "data/report_exercises.csv, line 2, column 'exercises_lower_bound': 'thirty-eight' is not an integer"
        in message
    )


def test_empty_file(copy):
    (copy / "footnotes.csv").write_text("", encoding="utf-8")
    assert "data/footnotes.csv: file is empty" in refused(copy)


def test_header_only(copy):
    path = copy / "footnotes.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "data/footnotes.csv: has a header but no data rows" in refused(copy)


def test_missing_file(copy):
    (copy / "regime_type.csv").unlink()
    assert "data/regime_type.csv: file is missing" in refused(copy)


def test_ragged_csv(copy):
    edit(copy / "report_exercises.csv", "De Haas,2016,112", "De Haas,2016,112,extra,cells")
    assert "data/report_exercises.csv, line 2: has 12 cells, the header has 10" in refused(copy)


def test_value_outside_enum(copy):
    edit(copy / "coup_events.csv", "1950-05-10,successful", "1950-05-10,sort of")
    assert "data/coup_events.csv, line 2, column 'outcome': 'sort of' is not one of" in refused(copy)


def test_required_value_missing(copy):
    edit(copy / "report_exercises.csv", ",at least,", ",,")
    assert "data/report_exercises.csv, line 2, column 'bound_kind': is empty but required" in refused(copy)


def test_refusal_is_logged(copy, caplog):
    (copy / "footnotes.csv").write_text("", encoding="utf-8")
    with caplog.at_level("ERROR", logger="src.data"), pytest.raises(data.DataValidationError):
        data.load_tables(copy)
    assert "data/footnotes.csv: file is empty" in caplog.text


def test_data_folder_from_environment(copy, monkeypatch):
    (copy / "footnotes.csv").write_text("", encoding="utf-8")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(copy))
    with pytest.raises(data.DataValidationError, match="footnotes.csv: file is empty"):
        data.load_tables()
