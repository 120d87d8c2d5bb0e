"""Broken data never reaches a chart: each kind of breakage is refused with file, line and column,
by the loader and on the pages (an error box with that message, never a stack trace)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from src.data import loader as data
from src.data import snapshot, validate
from tests.conftest import ROOT, app_test

# Every page, found in pages/ (None: the overview, app.py).
ALL_PAGES = [None, *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture()
def copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of data/, with a cache of validated snapshots of its own (empty): each test here sees
    the package validated in full."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    monkeypatch.setenv(snapshot.CACHE_DIR_ENV, str(tmp_path / "snapshots"))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_descriptor(folder: Path, change: Callable[[dict], None]) -> None:
    path = folder / data.DESCRIPTOR
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=1), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field(descriptor: dict, table: str, name: str) -> dict:
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


def refused(folder: Path) -> str:
    with pytest.raises(data.DataValidationError) as caught:
        data.load_tables(folder)
    return str(caught.value)


# Each kind of broken copy: how to break a copy of data/, and the message that must name it. -------

BREAKAGES: dict[str, tuple[Callable[[Path], None], str]] = {}


def breakage(expected: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(breaker: Callable[[Path], None]) -> Callable[[Path], None]:
        BREAKAGES[breaker.__name__] = (breaker, expected)
        return breaker

    return register


@breakage("data/report_exercises.csv, line 1, column 'bound_kind': column is missing")
def missing_column(folder: Path) -> None:
    path = folder / "report_exercises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    keep = [i for i, h in enumerate(lines[0].split(",")) if h != "bound_kind"]
    path.write_text("\n".join(",".join(line.split(",")[i] for i in keep) for line in lines) + "\n")


@breakage("data/report_exercises.csv, line 1, column 'remark': column is not in the descriptor")
def extra_column(folder: Path) -> None:
    path = folder / "report_exercises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",remark", *(line + "," for line in lines[1:])]) + "\n")


@breakage("data/report_exercises.csv, line 1, column 'area': column appears 2 times in the header")
def duplicated_header_column(folder: Path) -> None:
    path = folder / "report_exercises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",area", *(line + "," for line in lines[1:])]) + "\n")


@breakage("data/report_coups.csv, line 2, column 'iso3': 'XYZ' is not a known code in countries.iso3")
def unknown_country_code(folder: Path) -> None:
    edit(folder / "report_coups.csv", "GAB,2023", "XYZ,2023")


@breakage(
    "data/report_exercises.csv, line 2, column 'footnote': 130 is not a known code in footnotes.footnote"
)
def footnote_not_in_the_footnotes(folder: Path) -> None:
    """A row citing a footnote footnotes.csv does not transcribe: the Sources page could not show it."""
    edit(folder / "report_exercises.csv", ",De Haas,2016,112\n", ",De Haas,2016,130\n")


@breakage(
    "data/report_organization_claims.csv, line 2, column 'organization, members_as_of': 'SADC', 2021-01-01 "
    "is not a known combination in regional_memberships (organization, as_of)"
)
def organization_claim_without_member_list(folder: Path) -> None:
    """A claim about an organization's members as of a date with no member list of that date: it
    would vanish from Report vs data without a word, so the package is refused."""
    edit(folder / "report_organization_claims.csv", ",2023-05-30,2022,", ",2021-01-01,2022,")


@breakage("data/report_coups.csv, line 2, column 'iso3': 'gabon' does not match the pattern")
def malformed_country_code(folder: Path) -> None:
    edit(folder / "report_coups.csv", "GAB,2023", "gabon,2023")


@breakage("data/arms_transfers_by_year.csv, line 2, column 'tiv': -13.6 is below the minimum 0")
def negative_tiv(folder: Path) -> None:
    edit(
        folder / "arms_transfers_by_year.csv",
        "Afghanistan,Belarus,2019,13.6,",
        "Afghanistan,Belarus,2019,-13.6,",
    )


@breakage("data/report_remarks.csv, line 2, column 'footnote': 999 is above the maximum")
def above_maximum(folder: Path) -> None:
    edit(folder / "report_remarks.csv", "coups,142,", "coups,999,")


@breakage(
    "data/report_exercises.csv, line 4, column 'organization': 'CSTO' repeats a key that must be unique "
    "(first on line 2)"
)
def duplicate_key(folder: Path) -> None:
    path = folder / "report_exercises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")


@breakage(
    "column 'recipient, supplier, year': 'Afghanistan', 'Belarus', 2019 repeats a key that must be unique"
)
def duplicate_compound_key(folder: Path) -> None:
    path = folder / "arms_transfers_by_year.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")


@breakage("data/coup_events.csv, line 3, column 'date': '1950-13-10' is not a date (YYYY-MM-DD)")
def bad_date(folder: Path) -> None:
    edit(folder / "coup_events.csv", "1950-05-10", "1950-13-10")


@breakage(
    "data/report_exercises.csv, line 2, column 'exercises_lower_bound': 'thirty-eight' is not an integer"
)
def not_a_number(folder: Path) -> None:
    edit(folder / "report_exercises.csv", ",38,", ",thirty-eight,")


@breakage(
    "data/report_exercises.csv, line 2, column 'exercises_lower_bound': '99999999999999999999999' is not "
    "an integer"
)
def integer_too_large(folder: Path) -> None:
    edit(folder / "report_exercises.csv", ",38,", ",99999999999999999999999,")


@breakage("data/footnotes.csv: file is empty")
def empty_file(folder: Path) -> None:
    (folder / "footnotes.csv").write_text("", encoding="utf-8")


@breakage("data/footnotes.csv: has a header but no data rows")
def header_only(folder: Path) -> None:
    path = folder / "footnotes.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


@breakage("data/regime_type.csv: file is missing")
def missing_file(folder: Path) -> None:
    (folder / "regime_type.csv").unlink()


@breakage("data/report_exercises.csv, line 2: has 12 cells, the header has 10")
def ragged_csv(folder: Path) -> None:
    edit(folder / "report_exercises.csv", "De Haas,2016,112", "De Haas,2016,112,extra,cells")


@breakage("data/coup_events.csv, line 3, column 'outcome': 'sort of' is not one of")
def value_outside_enum(folder: Path) -> None:
    edit(folder / "coup_events.csv", "1950-05-10,successful", "1950-05-10,sort of")


@breakage("data/report_exercises.csv, line 2, column 'bound_kind': is empty but required")
def required_value_missing(folder: Path) -> None:
    edit(folder / "report_exercises.csv", ",at least,", ",,")


@breakage(
    "data/report_remarks.csv, line 2, column 'paraphrase': contains an invisible control character (U+0000)"
)
def nul_byte_in_a_cell(folder: Path) -> None:
    edit(folder / "report_remarks.csv", "The report notes", "The report\x00 notes")


@breakage("data/footnotes.csv, line 3, column 'title': contains an invisible control character (U+202E)")
def right_to_left_override_in_a_cell(folder: Path) -> None:
    edit(folder / "footnotes.csv", "Protection for Hire", "Protection \u202efor Hire")


@breakage("data/footnotes.csv, line 1: starts with a byte-order mark: save it as UTF-8 without BOM")
def byte_order_mark(folder: Path) -> None:
    path = folder / "footnotes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


@breakage("data/report_remarks.csv, line 2: is not UTF-8 (byte 0xE9)")
def not_utf8(folder: Path) -> None:
    path = folder / "report_remarks.csv"
    path.write_bytes(path.read_bytes().replace(b"The report notes", b"The r\xe9port notes", 1))


@breakage("data/report_remarks.csv, line 4, column 'footnote': 999 is above the maximum")
def line_numbers_count_lines_inside_quoted_cells(folder: Path) -> None:
    """A quoted cell may span lines: a later problem names the line of the file, not the row."""
    edit(folder / "report_remarks.csv", "The report notes that", "The report notes\nthat")
    edit(folder / "report_remarks.csv", "interventions,110,", "interventions,999,")


@breakage("data/datapackage.json: file is missing")
def missing_descriptor(folder: Path) -> None:
    (folder / data.DESCRIPTOR).unlink()


@breakage("data/datapackage.json, line 1: not valid JSON")
def descriptor_not_json(folder: Path) -> None:
    (folder / data.DESCRIPTOR).write_text("{'resources': []", encoding="utf-8")


@breakage("data/datapackage.json: lists no resources (tables)")
def descriptor_without_resources(folder: Path) -> None:
    edit_descriptor(folder, lambda d: d.update(resources=[]))


@breakage("data/datapackage.json: lists no resources (tables)")
def descriptor_without_resources_key(folder: Path) -> None:
    edit_descriptor(folder, lambda d: d.pop("resources"))


@breakage("data/datapackage.json: has no resource 'report_remarks', a table the app reads")
def descriptor_without_a_table_the_app_reads(folder: Path) -> None:
    edit_descriptor(
        folder, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "report_remarks"])
    )


@breakage(
    "data/datapackage.json: resource 'footnotes', field 'published': type 'yearmonth' is not one the loader "
    "reads (string, integer, year, number, boolean, date)"
)
def unknown_field_type(folder: Path) -> None:
    edit_descriptor(folder, lambda d: field(d, "footnotes", "published").update(type="yearmonth"))


@breakage("data/datapackage.json: resource 'footnotes' has no schema fields")
def resource_without_schema(folder: Path) -> None:
    edit_descriptor(folder, lambda d: resource(d, "footnotes").pop("schema"))


@breakage("data/datapackage.json: resource 'footnotes' has no path to a file beside the descriptor")
def resource_path_outside_the_folder(folder: Path) -> None:
    edit_descriptor(folder, lambda d: resource(d, "footnotes").update(path="../../etc/passwd"))


@breakage("data/datapackage.json: resource 'countries', field 'iso3': pattern is not a regular expression")
def broken_pattern(folder: Path) -> None:
    edit_descriptor(
        folder, lambda d: field(d, "countries", "iso3")["constraints"].update(pattern="^([A-Z]{3}$")
    )


@breakage("data/datapackage.json: resource 'arms_transfers_by_year': coverage needs a start and an end year")
def broken_coverage(folder: Path) -> None:
    edit_descriptor(
        folder, lambda d: resource(d, "arms_transfers_by_year").update(coverage={"start": "2000"})
    )


@breakage("data/datapackage.json: resource 'report_coups' has a foreign key the loader cannot follow")
def foreign_key_to_nowhere(folder: Path) -> None:
    edit_descriptor(
        folder,
        lambda d: resource(d, "report_coups")["schema"].update(
            foreignKeys=[{"fields": "iso3", "reference": {"resource": "nations", "fields": "iso3"}}]
        ),
    )


# The loader ------------------------------------------------------------------------------------------


def test_the_committed_package_is_valid(copy):
    assert len(data.load_tables(copy)) == len(data.read_descriptor(copy)["resources"]) == 16


def test_the_app_reads_every_table_the_package_describes():
    assert {r["name"] for r in data.read_descriptor()["resources"]} == set(data.TABLES)


def test_tables_come_back_with_row_numbers_not_lines(copy):
    assert list(data.load_tables(copy)["report_exercises"].index) == [0, 1]


@pytest.mark.parametrize("kind", BREAKAGES)
def test_broken_copy_is_refused(copy, kind):
    breaker, expected = BREAKAGES[kind]
    breaker(copy)
    message = refused(copy)
    assert expected in message
    # Each problem once: a repeated key or a duplicated column is not listed twice.
    assert len(message.splitlines()) == len(set(message.splitlines()))


def test_a_byte_order_mark_is_one_clear_message(copy):
    byte_order_mark(copy)
    assert (
        refused(copy)
        == "data/footnotes.csv, line 1: starts with a byte-order mark: save it as UTF-8 without BOM"
    )


def test_a_repeated_key_is_named_once(copy):
    duplicate_key(copy)
    assert refused(copy) == (
        "data/report_exercises.csv, line 4, column 'organization': 'CSTO' repeats a key that must be unique "
        "(first on line 2)"
    )


def test_long_cells_are_cut_short_in_messages(copy):
    edit(copy / "report_exercises.csv", ",38,", "," + "9" * 5000 + "x,")
    message = refused(copy)
    assert "… (5,001 characters)' is not an integer" in message
    assert len(message) < 300


def test_an_unforeseen_failure_is_still_a_refusal(copy, monkeypatch, src_log):
    def broken(*args, **kwargs):
        raise KeyError("schema")

    monkeypatch.setattr(validate, "parse_table", broken)
    message = refused(copy)
    assert message == "data/datapackage.json: could not be loaded (KeyError: 'schema')"
    assert "Traceback" in src_log.text  # the log keeps what a developer needs


def test_refusal_is_logged(copy, src_log):
    (copy / "footnotes.csv").write_text("", encoding="utf-8")
    with pytest.raises(data.DataValidationError):
        data.load_tables(copy)
    assert "data/footnotes.csv: file is empty" in src_log.text


def test_data_folder_from_environment(copy, monkeypatch):
    (copy / "footnotes.csv").write_text("", encoding="utf-8")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(copy))
    with pytest.raises(data.DataValidationError, match="footnotes.csv: file is empty"):
        data.load_tables()


# On the pages ----------------------------------------------------------------------------------------


def open_page(page: str | None) -> AppTest:
    at = app_test(page)
    at.run()
    return at


def shown(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("kind", BREAKAGES)
def test_broken_copy_is_refused_on_a_page(copy, data_from, kind):
    """Each kind on one page, the pages taken in turn (tests/test_pages.py checks every page with
    one kind): the error box names the problem; no exception, no chart, no warning about links."""
    breaker, expected = BREAKAGES[kind]
    breaker(copy)
    data_from(copy)
    page = ALL_PAGES[list(BREAKAGES).index(kind) % len(ALL_PAGES)]
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    (error,) = at.error
    assert "The data package failed its checks" in shown(error.value)
    assert expected in shown(error.value)
    assert not at.get("plotly_chart") and not at.metric


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_works_without_the_remarks_it_quotes(copy, data_from, page):
    """report_remarks.csv is valid with any set of remarks: a page whose remark is gone leaves it out."""
    path = copy / "report_remarks.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([header, *(r for r in rows if r.startswith("race-to-the-bottom"))]) + "\n")
    data_from(copy)
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    text = " ".join(shown(e.value) for e in [*at.info, *at.caption, *at.markdown])
    # The coup officers' training remark (fn 142) is gone, not broken. (Sources and methods gives every
    # footnote's reference in full from footnotes.csv, and fn 142's is by Turse: that stays.)
    remark = "Turse" if "Sources_and_methods" not in str(page) else "had been trained by the United States"
    assert remark not in text


def test_a_page_changing_its_tables_leaves_everyone_elses_alone():
    """The tables are cached once per process and shared by every session (no copy per run): a page
    that adds a column or changes a cell works on its own copy, and the next run sees the data."""
    from src.web import ui

    st.cache_resource.clear()
    try:
        mine, view = ui.tables(), ui.transfers_view()
        mine["countries"]["name"] = "changed"
        mine["countries"].loc[0, "iso3"] = "XXX"
        mine["report_coups"]["added"] = 1
        view.loc[view.index[0], "tiv"] = -1.0
        again, view_again = ui.tables(), ui.transfers_view()
        assert "changed" not in set(again["countries"]["name"])
        assert "XXX" not in set(again["countries"]["iso3"]) and "added" not in again["report_coups"]
        assert (view_again["tiv"] >= 0).all()
    finally:
        st.cache_resource.clear()


def test_a_page_process_keeps_arrow_buffers_in_the_system_allocator():
    """Arrow's own pool keeps what it frees: with every page run once, a process held about 34 MB more
    with it (bench/FINDINGS.md). A process that imports the app's code as a page does, before pandas,
    and reads the tables, gets the C library's allocator, unless its environment chose a pool; the
    loader's line in the log names it."""
    code = (
        "import src.web.page\nimport logging\nlogging.basicConfig(level=logging.INFO)\n"
        "from src.data import loader\nloader.load_tables()\n"
        "import pyarrow\nprint(pyarrow.default_memory_pool().backend_name)"
    )
    env = {key: value for key, value in os.environ.items() if key != "ARROW_DEFAULT_MEMORY_POOL"}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split()[-1] == "system", run.stdout
    assert "Arrow's memory pool: system" in run.stderr, run.stderr[-2000:]  # and the log says so
