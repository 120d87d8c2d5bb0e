"""Updating the data (scripts/update.py): the raw files' formats refused with what differs, an update that
fails or is killed leaves data/ byte for byte as it was, and the change record lists exactly what an
update changed (known by construction: an older release cut from the newer files), shown on the page.

Most tests use raw files made here from the shipped tables (the coup lists); those marked `reference`
cut the raw files in ../shared/reference and are skipped without them."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from scripts import derive_all, derive_arms, derive_coups, describe, update
from src.analysis import changes
from src.data import loader as data
from src.data.derive.formats import FORMATS, check_raw_file
from src.data.meta import Meta
from tests.conftest import REFERENCE, ROOT

DAY = date(2027, 3, 20)  # the day the updates here run
CUT = 2021  # the older release ends here
SIPRI_PREAMBLE = [  # the export's 11 lines above its header, as SIPRI writes them
    "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries or "
    "orders made for year range '2000' to '2030' ",
    "A '?' in a column indicates uncertain data. The 'Number delivered' and the 'Year(s) of deliveries' refer "
    "only to deliveries in the selected year(s).",
    "An empty field for 'Number ordered' indicates that data is not yet available.",
    "SIPRI trend-indicator values (TIVs) are in millions.",
    "An empty field for 'SIPRI TIV for total order' indicates that data (on the number ordered and/or the TIV "
    "per unit) is not available.",
    "A '0' for 'SIPRI TIV of delivered weapons' indicates that the volume of deliveries is between 0 and 0.5 "
    "million SIPRI TIV; and an empty field indicates that no deliveries have been identified.",
    "Figures may not add up to stated totals due to the conventions of rounding.",
    "For the method used for the SIPRI TIV and explanations of the conventions; abbreviations and acronyms see "
    "<https://www.sipri.org/databases/armstransfers/sources-and-methods>.",
    "",
    "Source: SIPRI Arms Transfers Database (c) SIPRI.",
    "Data generated: 3 Jan 2025 9:16:02 PM",
]
SIPRI_ROW = "60320,Brazil,Afghanistan,EMB-314 -,trainer/combat aircraft,Aircraft,2017,No,6,Yes,2018,No,New,4.5,4.5,27,No"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}-update-*") if p.is_dir())


def write_csv(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


# Raw files made from the shipped tables ----------------------------------------------------------------


def _cline_names(events: pd.DataFrame) -> list[str]:
    """A name the derivation maps back to each event's ISO3 code: Powell & Thyne's for the same COW
    code, else the countries table's, else an alias of the derivation's own (historical states)."""
    from src.data.derive.names import ALIASES, to_iso3

    pt_names = dict(zip(events["cow_code"], events["pt_country"], strict=True))
    table = pd.read_csv(ROOT / "data" / "countries.csv", dtype=str, keep_default_na=False)
    table_names = dict(zip(table["iso3"], table["name"], strict=True))
    aliases = {iso3: name for name, iso3 in ALIASES.items()}
    names = []
    for cow, iso3 in zip(events["cow_code"], events["iso3"], strict=True):
        candidates = [pt_names.get(cow, ""), table_names.get(iso3, ""), aliases.get(iso3, "")]
        names.append(next(n for n in candidates if n and to_iso3(n) == iso3))
    return names


def coup_lists(folder: Path, until: int | None = None, version: str = "V2025.09.12") -> tuple[Path, Path]:
    """A Powell & Thyne file (to `until`) and a Cline file (every Cline event in coup_events: matched
    to a P&T event or not) in their known formats, made from the shipped coup_events: derived again,
    they give the same table."""
    events = pd.read_csv(ROOT / "data" / "coup_events.csv", dtype=str, keep_default_na=False)
    theirs = events[events["recorded_by"].ne("cline")]
    when = pd.to_datetime(theirs["date"])
    pt = pd.DataFrame(
        {
            "country": theirs["pt_country"],
            "ccode": theirs["cow_code"],
            "ccode_gw": "NA",
            "ccode_polity": "NA",
            "year": when.dt.year,
            "month": when.dt.month,
            "day": when.dt.day,
            "coup": theirs["outcome"].map({"successful": 2, "failed": 1}),
            "version": version,
        }
    )
    if until is not None:
        pt = pt[pt["year"] <= until]
    recorded = events[events["cline_coup_id"].ne("")]
    cline_when = pd.to_datetime(recorded["cline_date"])
    cline = pd.DataFrame(
        {
            "coup_id": recorded["cline_coup_id"],
            "cowcode": recorded["cow_code"],
            "country": _cline_names(recorded),
            "year": cline_when.dt.year,
            "month": cline_when.dt.month,
            "day": cline_when.dt.day,
            "event_type": recorded["cline_event_type"],
        }
    )
    for column in FORMATS["cline"].columns[7:]:
        cline[column] = 0
    cline["auto"] = recorded["cline_self_coup"].eq("True").astype(int).to_numpy()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"ptcoups_{version}.csv"
    return write_csv(folder / name, pt), write_csv(folder / "Coup_data_2.1.2.csv", cline)


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> dict[str, Path]:
    """An older release (the shipped package with coup_events derived from Powell & Thyne cut at 2021,
    its change record begun from it) and the newer raw files."""
    root = tmp_path_factory.mktemp("releases")
    old_pt, cline = coup_lists(root / "old", until=CUT, version="V2021.12.31")
    new_pt, _ = coup_lists(root / "new")
    package = root / "data"
    shutil.copytree(ROOT / "data", package)
    derive_coups.main(["--powell-thyne", str(old_pt), "--cline", str(cline), "--output", str(package)])
    describe.main(["--data", str(package)])
    update.start_record(package, {"powell-thyne": old_pt, "cline": cline}, today=date(2026, 3, 1))
    return {"package": package, "old_pt": old_pt, "new_pt": new_pt, "cline": cline}


@pytest.fixture
def older(releases, tmp_path) -> Path:
    """A copy of the older release of its own, in a folder of its own."""
    folder = tmp_path / "data"
    shutil.copytree(releases["package"], folder)
    return folder


def run_update(folder: Path, releases: dict[str, Path], **kwargs) -> pd.DataFrame:
    files = {"powell-thyne": releases["new_pt"], "cline": releases["cline"]}
    return update.update(files, folder, reference=folder.parent / "no-reference", today=DAY, **kwargs)


# The formats ----------------------------------------------------------------------------------------------


def sipri_file(
    path: Path, preamble=SIPRI_PREAMBLE, header=FORMATS["sipri"].columns, rows=(SIPRI_ROW,)
) -> Path:
    path.write_text("\n".join([*preamble, ",".join(header), *rows]) + "\n", encoding="utf-8")
    return path


def test_a_file_in_the_known_format_passes(tmp_path):
    assert check_raw_file("sipri", sipri_file(tmp_path / "sipri.csv")) == []
    pt, cline = coup_lists(tmp_path)
    assert check_raw_file("powell-thyne", pt) == [] and check_raw_file("cline", cline) == []


def test_a_renamed_column_is_named(tmp_path):
    header = ["Delivery Year" if c == "Delivery year" else c for c in FORMATS["sipri"].columns]
    problems = check_raw_file("sipri", sipri_file(tmp_path / "sipri.csv", header=header))
    assert problems == [
        "line 12: column 'Delivery year' is missing (the file has 'Delivery Year' instead: renamed?)",
        "line 12: column 'Delivery Year' is not in the known format",
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda p: p[:3] + ["An extra line."] + p[3:], "the table's header is on line 13, the known format has 11 lines"),
        (lambda p: [p[0].replace("to All countries", "to Africa"), *p[1:]], "line 1: "),
        (lambda p: [p[0].replace("'2000'", "'1990'"), *p[1:]], "the export's year range starts in 1990"),
        (lambda p: p[:3] + ["SIPRI trend-indicator values (TIVs) are in billions."] + p[4:], "line 4: "),
        (lambda p: p[:10] + ["Data generated: yesterday"], "line 11: "),
    ],
)  # fmt: skip
def test_header_lines_out_of_form_are_refused(tmp_path, change, expected):
    problems = check_raw_file(
        "sipri", sipri_file(tmp_path / "sipri.csv", preamble=change(list(SIPRI_PREAMBLE)))
    )
    assert any(expected in p for p in problems), problems


def test_encoding_separators_rows_and_years_are_checked(tmp_path):
    path = sipri_file(tmp_path / "sipri.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check_raw_file("sipri", path) == [
        "starts with a byte-order mark: the known format is UTF-8 without one"
    ]
    path = sipri_file(tmp_path / "sipri.csv")
    path.write_bytes(path.read_bytes().replace(b"Afghanistan", b"C\xf4te"))  # Latin-1, not UTF-8
    assert check_raw_file("sipri", path) == ["line 13: is not UTF-8 (byte 0xF4): the known format is UTF-8"]
    later = SIPRI_ROW.replace(",2018,No,New", ",2026,No,New")  # after the export was made (2025)
    short = SIPRI_ROW.rsplit(",", 1)[0]
    path = sipri_file(tmp_path / "sipri.csv", rows=[SIPRI_ROW, later, short])
    assert check_raw_file("sipri", path) == ["line 15: the header has 17 cells, these rows another number"]
    path = sipri_file(tmp_path / "sipri.csv", rows=[SIPRI_ROW, later])
    assert check_raw_file("sipri", path) == [
        "line 14: column 'Delivery year' is outside the known range 2000–2025"
    ]
    pt, _ = coup_lists(tmp_path)
    pt.write_text(pt.read_text().replace(",", "\t"))
    assert check_raw_file("powell-thyne", pt) == [
        "line 1: columns are separated by tabs, the known format by commas"
    ]
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    assert check_raw_file("cline", other) == [
        "line 1: the header (a, b) has none of the known columns (coup_id, cowcode, country, year, …): "
        "is this the Cline Center CDP event list?"
    ]


# Refused before anything is touched ------------------------------------------------------------------


def test_a_renamed_column_is_refused_and_data_is_unchanged(older, releases, tmp_path):
    before = tree(older)
    renamed = tmp_path / "ptcoups_renamed.csv"
    renamed.write_text(releases["new_pt"].read_text().replace(",year,", ",Year,", 1))
    with pytest.raises(update.UpdateRefused, match=r"column 'year' is missing \(the file has 'Year' instead"):
        update.update(
            {"powell-thyne": renamed, "cline": releases["cline"]}, older, reference=tmp_path, today=DAY
        )
    assert tree(older) == before and leftovers(older) == []


def test_the_command_refuses_a_renamed_sipri_column_naming_it(older, tmp_path):
    """The command line, as an analyst runs it: exit code 2, the column named, data/ unchanged."""
    before = tree(older)
    header = ["TIV delivery value" if c == "TIV delivery values" else c for c in FORMATS["sipri"].columns]
    bad = sipri_file(tmp_path / "trade-register.csv", header=header)
    done = subprocess.run(
        [sys.executable, "-m", "scripts.update", "--data", str(older), "--sipri", str(bad)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Refused, nothing was changed" in done.stderr
    assert "column 'TIV delivery values' is missing (the file has 'TIV delivery value' instead" in done.stderr
    assert tree(older) == before and leftovers(older) == []


def test_a_coup_list_alone_needs_the_other_one(older, releases, tmp_path):
    before = tree(older)
    with pytest.raises(update.UpdateRefused, match="give the Cline Center CDP event list too"):
        update.update({"powell-thyne": releases["new_pt"]}, older, reference=tmp_path, today=DAY)
    assert tree(older) == before


def test_a_failed_derivation_is_refused_and_data_is_unchanged(older, releases, tmp_path):
    before = tree(older)
    unknown = tmp_path / "ptcoups_unknown.csv"
    unknown.write_text(releases["new_pt"].read_text().replace("\nCuba,", "\nFreedonia,", 1))
    with pytest.raises(update.UpdateRefused, match="Freedonia"):
        update.update(
            {"powell-thyne": unknown, "cline": releases["cline"]}, older, reference=tmp_path, today=DAY
        )
    assert tree(older) == before and leftovers(older) == []


# Atomic: stopped halfway, data/ is as it was ----------------------------------------------------------


class Stop(Exception):
    pass


@pytest.mark.parametrize("stage", update.STAGES[:-1])
def test_an_update_that_fails_at_any_stage_leaves_data_as_it_was(older, releases, stage):
    before = tree(older)

    def fail(reached: str) -> None:
        if reached == stage:
            raise Stop(stage)

    with pytest.raises(Stop):
        run_update(older, releases, hook=fail)
    assert tree(older) == before, f"data/ changed by an update stopped after {stage!r}"
    assert leftovers(older) == []


def test_an_update_killed_after_deriving_leaves_data_byte_for_byte(older, releases):
    """SIGKILL (no clean-up runs) once the new tables are derived: data/ is untouched; the next update
    removes what the killed one left and completes."""
    before = tree(older)
    code = (
        "import os, signal, sys\n"
        "from scripts import update\n"
        "kill = lambda stage: stage == 'derived' and os.kill(os.getpid(), signal.SIGKILL)\n"
        "sys.exit(update.main(sys.argv[1:], hook=kill))\n"
    )
    args = [
        "--data",
        str(older),
        "--powell-thyne",
        str(releases["new_pt"]),
        "--cline",
        str(releases["cline"]),
    ]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == -9, done.stderr
    assert tree(older) == before
    left = leftovers(older)
    assert len(left) == 1 and (older.parent / left[0] / "coup_events.csv").exists()  # it was killed midway
    entry = run_update(older, releases)
    assert leftovers(older) == [] and int(entry["update"].iloc[0]) == 2


def test_once_swapped_data_is_the_whole_new_package(older, releases):
    def fail(reached: str) -> None:
        if reached == "swapped":
            raise Stop(reached)

    with pytest.raises(Stop):
        run_update(older, releases, hook=fail)
    record = data.load_tables(older)[changes.RECORD]
    assert sorted(set(record["update"])) == [1, 2]
    assert (older / "coup_events.csv").read_bytes() == (ROOT / "data" / "coup_events.csv").read_bytes()


# The record lists exactly what changed ----------------------------------------------------------------


@pytest.fixture(scope="module")
def updated(releases, tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("updated") / "data"
    shutil.copytree(releases["package"], folder)
    return folder, run_update(folder, releases)


def rows(entry: pd.DataFrame, section: str, subject: str | None = None) -> dict:
    """An entry's rows of one section (of one subject): measure (or subject, measure) → (before,
    after, detail)."""
    part = entry[entry["section"].eq(section)]
    if subject is not None:
        part = part[part["subject"].eq(subject)]
    return {
        (r.measure if subject else (r.subject, r.measure)): (r.before, r.after, r.detail)
        for r in part.fillna("").itertuples()
    }


def pt_events_after(events: pd.DataFrame, cut: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the shipped coup_events: the P&T events after `cut` (added by an update from a P&T list cut
    there), and those of them the Cline Center records too (each a row of its own, Cline's alone,
    before the update: removed by it)."""
    year = pd.to_numeric(events["date"].str[:4], errors="coerce")
    added = events[events["recorded_by"].ne("cline") & year.gt(cut)]
    return added, added[added["cline_coup_id"].ne("")]


def note(folder: Path) -> str:
    return str(Meta(data.read_descriptor(folder)).source("powell-thyne").note)


def test_the_record_lists_exactly_the_changes_known_by_construction(updated, releases):
    folder, entry = updated
    shipped = pd.read_csv(ROOT / "data" / "coup_events.csv", dtype=str, keep_default_na=False)
    added, removed = pt_events_after(shipped, CUT)
    before = len(shipped) - len(added) + len(removed)
    stamped = int((shipped["recorded_by"].ne("cline") & ~shipped.index.isin(added.index)).sum())
    assert set(entry["update"]) == {2} and set(entry["date"]) == {DAY.isoformat()}
    pt_file = update.file_label(releases["new_pt"])
    assert rows(entry, "dataset", "powell-thyne") == {
        "version": ("V2021.12.31", "V2025.09.12", ""),
        "years": (f"1950–{CUT}", "1950–2025", ""),
        "file": (update.file_label(releases["old_pt"]), pt_file, ""),
        "note": (note(releases["package"]), note(folder), ""),
    }  # fmt: skip
    assert note(folder) == (
        f"Updated on {DAY.isoformat()} from {releases['new_pt'].name}; the note on the file it replaced is "
        "in the change record (updates.csv, update 2)."
    )
    assert rows(entry, "dataset", "cline")["version"] == ("2.1.2", "2.1.2", "")
    assert set(entry.loc[entry["section"].eq("table"), "subject"]) == {
        "coup_events"
    }  # no other table re-derived
    names = "; ".join(f"{r.pt_country}, {r.date}, {r.outcome}" for r in added.itertuples())
    coup_rows = rows(entry, "table", "coup_events")
    assert coup_rows == {
        "rows": (str(before), str(len(shipped)), ""),
        "years": (f"1950–{CUT}", "1950–2025", ""),
        "rows added": ("", str(len(added)), names),
        # The Cline Center's events that no P&T event before the cut took: each its own row in the
        # older release, now the match of a newer P&T event.
        "rows removed": ("", str(len(removed)), coup_rows["rows removed"][2]),
        # Every older P&T event's release stamp moved with the file's, and nothing else did.
        "rows changed": ("", str(stamped), coup_rows["rows changed"][2]),
    }
    assert len(removed) > 0 and coup_rows["rows removed"][2] == "; ".join(
        f"{r.iso3}, {r.cline_date}, {r.cline_event_type}" for r in removed.itertuples()
    )
    assert coup_rows["rows changed"][2].startswith(f"in pt_version: {stamped}; by year:")
    assert "Niger, 2023-07-26, successful" in names and "Gabon, 2023-08-30, successful" in names
    # The coups headline moves by the coups added (2022–2023 in Africa); the others stay.
    headlines = rows(entry, "headline")
    assert headlines[("africa-coups", "value")][:2] == (
        "5 successful and 2 failed attempts, 2020–2023",
        "9 successful and 5 failed attempts, 2020–2023",
    )
    assert all(before == after for (key, _), (before, after, _) in headlines.items() if key != "africa-coups")
    claims = rows(entry, "claim")
    assert claims and all(before == after != "" for before, after, _ in claims.values())  # none reads coups
    # The package after the update is the shipped one for this table, and it validates.
    assert (folder / "coup_events.csv").read_bytes() == (ROOT / "data" / "coup_events.csv").read_bytes()
    assert data.load_tables(folder)[changes.RECORD]["update"].max() == 2


def test_earlier_entries_keep_their_bytes(updated, releases):
    folder, _ = updated
    first = (releases["package"] / "updates.csv").read_bytes()
    assert (folder / "updates.csv").read_bytes().startswith(first)


def test_the_shipped_record_starts_with_the_package_as_derived(tables, meta):
    entry = changes.last_update(tables[changes.RECORD])
    assert changes.is_first_entry(entry)
    versions = rows(entry, "dataset")
    for source in ("sipri", "powell-thyne", "cline", "vdem-row"):
        assert versions[(source, "version")][1] == meta.source(source).version
    assert (
        "sipri_trade_register_2000-2030_generated_2025-01-03.csv (SHA-256 51dfdcb6"
        in versions[("sipri", "file")][1]
    )


# Shown in the app ------------------------------------------------------------------------------------


def text_of(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.caption]).replace("\\", "")


def test_the_page_shows_the_last_update(updated, data_from):
    folder, entry = updated
    data_from(folder)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert "The data were last updated on 20 March 2027." in text_of(at)
    at.switch_page("pages/7_Sources_and_methods.py")
    at.run()
    assert not at.exception, at.exception
    said = text_of(at)
    assert "Update 2, 20 March 2027." in said
    assert (
        "Powell & Thyne, Global Instances of Coups: V2021.12.31 → V2025.09.12; years 1950–2021 → 1950–2025."
        in said
    )
    assert "1 of 6 headline figures changed." in said
    shown = pd.concat([d.value for d in at.dataframe if "Measure" in d.value.columns], ignore_index=True)
    coups = shown[shown["What"].str.startswith("Coup events") & shown["Measure"].eq("rows added")].iloc[0]
    assert coups["After"] == "11" and "Niger, 2023-07-26, successful" in coups["Detail"]
    moved = shown[shown["Measure"].eq("value") & shown["Changed"].eq("yes")]
    assert list(moved["After"]) == ["9 successful and 5 failed attempts, 2020–2023"]
    # Rows removed: only the Cline Center's events a newer P&T event now matches.
    shipped = pd.read_csv(ROOT / "data" / "coup_events.csv", dtype=str, keep_default_na=False)
    removed = shown[shown["Measure"].eq("rows removed") & shown["Changed"].eq("yes")]
    assert list(removed["What"].str[:11]) == ["Coup events"]
    assert list(removed["After"]) == [str(len(pt_events_after(shipped, CUT)[1]))]
    assert (
        "Coups in Africa: 5 successful and 2 failed attempts, 2020–2023 → 9 successful and 5 failed attempts, "
        "2020–2023" in said
    )
    assert "None changed." in said  # no claim verdict moved


def test_the_shipped_page_says_no_update_yet(data_from):
    data_from(ROOT / "data")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/7_Sources_and_methods.py")
    at.run()
    assert not at.exception, at.exception
    assert "The change record starts on 6 December 2026 with the data as first derived" in text_of(at)


# From the real raw files, cut to an older release ----------------------------------------------------


@pytest.mark.reference
def test_an_older_release_updated_to_the_full_files(tmp_path):
    """SIPRI cut to deliveries up to 2021 (its header lines kept in form, the export dated 3 Jan 2022)
    and Powell & Thyne cut at 2021: derived, then updated to the full files with the command. The
    record lists the years, rows and coups added, and the headline that moves; the tables after the
    update are the shipped ones byte for byte."""
    if not REFERENCE.exists():
        pytest.skip(f"reference data not found at {REFERENCE}")
    full = {key: REFERENCE / path for key, path in derive_all.REFERENCE_FILES.items()}
    lines = full["sipri"].read_text(encoding="utf-8").splitlines(keepends=True)
    preamble = [*lines[:10], lines[10].replace("3 Jan 2025", "3 Jan 2022"), lines[11]]
    kept = [line for line in lines[12:] if int(next(csv.reader(io.StringIO(line)))[10]) <= CUT]
    old_sipri = tmp_path / "trade-register-2022.csv"
    old_sipri.write_text("".join(preamble + kept), encoding="utf-8")
    pt = full["powell_thyne"].read_text(encoding="utf-8").splitlines(keepends=True)
    old_pt = tmp_path / "ptcoups_V2022.01.01.csv"
    cut = [line.replace("V2025.09.12", "V2022.01.01") for line in pt[1:] if int(line.split(",")[4]) <= CUT]
    old_pt.write_text(pt[0] + "".join(cut))
    assert check_raw_file("sipri", old_sipri) == [] and check_raw_file("powell-thyne", old_pt) == []
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    derive_arms.main(["--input", str(old_sipri), "--output", str(folder)])
    derive_coups.main(["--powell-thyne", str(old_pt), "--cline", str(full["cline"]), "--output", str(folder)])
    describe.main(["--data", str(folder)])
    update.start_record(folder, {"sipri": old_sipri, "powell-thyne": old_pt, "cline": full["cline"]})
    old_actors = set(pd.read_csv(folder / "sipri_actors.csv")["sipri_name"])

    # The command an analyst runs (the Cline file found in the reference folder, at the package's version).
    args = ["--data", str(folder), "--reference", str(REFERENCE), "--sipri", str(full["sipri"])]
    done = subprocess.run(
        [sys.executable, "-m", "scripts.update", *args, "--powell-thyne", str(full["powell_thyne"])],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    entry = changes.last_update(data.load_tables(folder)[changes.RECORD])
    assert rows(entry, "dataset", "sipri")["version"][:2] == (
        "trade register generated 3 Jan 2022",
        "trade register generated 3 Jan 2025",
    )
    assert rows(entry, "dataset", "sipri")["years"][:2] == ("2000–2021", "2000–2023")
    assert rows(entry, "dataset", "powell-thyne")["version"][:2] == (
        "V2022.01.01",
        "V2025.09.12 (reconstructed)",
    )
    tables = {s for s, _ in rows(entry, "table")}
    assert tables == {"sipri_actors", "arms_transfers_by_year", "arms_deliveries_africa", "coup_events"}
    for name, year in (("arms_transfers_by_year", "year"), ("arms_deliveries_africa", "delivery_year")):
        shipped = pd.read_csv(ROOT / "data" / f"{name}.csv")
        new = shipped[shipped[year] > CUT][year].value_counts().sort_index()
        assert rows(entry, "table", name) == {
            "rows": (str(len(shipped) - new.sum()), str(len(shipped)), ""),
            "years": (f"2000–{CUT}", "2000–2023", ""),
            "rows added": ("", str(new.sum()), "by year: " + ", ".join(f"{y}: {n}" for y, n in new.items())),
            "rows removed": ("", "0", ""),
            "rows changed": ("", "0", ""),
        }, name
    actors = sorted(set(pd.read_csv(ROOT / "data" / "sipri_actors.csv")["sipri_name"]) - old_actors)
    assert rows(entry, "table", "sipri_actors")["rows added"] == ("", str(len(actors)), "; ".join(actors))
    coups = pd.read_csv(ROOT / "data" / "coup_events.csv", dtype=str, keep_default_na=False)
    coups_added, _ = pt_events_after(coups, CUT)
    assert rows(entry, "table", "coup_events")["rows added"] == (
        "", str(len(coups_added)),
        "; ".join(f"{r.pt_country}, {r.date}, {r.outcome}" for r in coups_added.itertuples()),
    )  # fmt: skip
    headlines = rows(entry, "headline")
    russia = headlines[("africa-share-Russia", "value")]
    assert (
        russia[0].endswith(f"{CUT - 4}–{CUT}")
        and russia[1] == "24.5% of Africa's imports of major arms, 2019–2023"
    )
    assert headlines[("africa-coups", "value")][1] == "9 successful and 5 failed attempts, 2020–2023"
    for name in ("sipri_actors", "arms_transfers_by_year", "arms_deliveries_africa", "coup_events"):
        assert (folder / f"{name}.csv").read_bytes() == (ROOT / "data" / f"{name}.csv").read_bytes(), name


@pytest.mark.reference
def test_the_real_sipri_file_with_a_renamed_column_is_refused(older, tmp_path):
    if not REFERENCE.exists():
        pytest.skip(f"reference data not found at {REFERENCE}")
    before = tree(older)
    lines = (
        (REFERENCE / derive_all.REFERENCE_FILES["sipri"])
        .read_text(encoding="utf-8")
        .splitlines(keepends=True)
    )
    lines[11] = lines[11].replace("Recipient", "Recipient country")
    renamed = tmp_path / "trade-register.csv"
    renamed.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(
        update.UpdateRefused, match="column 'Recipient' is missing .the file has 'Recipient country'"
    ):
        update.update({"sipri": renamed}, older, reference=REFERENCE, today=DAY)
    assert tree(older) == before and leftovers(older) == []


# Other paths -----------------------------------------------------------------------------------------


def test_a_vdem_file_with_its_version(older, tmp_path):
    """OWID's file does not say V-Dem's version: the analyst gives it; the note about the file it
    replaces is kept in the record. The same regimes derive the same table: no row changes."""
    regimes = pd.read_csv(ROOT / "data" / "regime_type.csv")
    owid = pd.DataFrame({"Entity": "", "Code": regimes["iso3"], "Year": regimes["year"]})
    owid = write_csv(
        tmp_path / "political-regime.csv", owid.assign(**{"Political regime": regimes["regime"]})
    )
    entry = update.update(
        {"vdem-row": owid}, older, reference=tmp_path, vdem_version="v16 (March 2026)", today=DAY
    )
    said = rows(entry, "dataset", "vdem-row")
    assert said["version"][:2] == ("vintage not recorded in the copy used", "v16 (March 2026)")
    assert said["note"][0] == "The copy reaches 2025, which suggests V-Dem v16 (March 2026)."
    assert set(entry.loc[entry["section"].eq("table"), "subject"]) == {"regime_type"}
    table = rows(entry, "table", "regime_type")
    assert [table[m][1] for m in ("rows added", "rows removed", "rows changed")] == ["0", "0", "0"]
    assert (older / "regime_type.csv").read_bytes() == (ROOT / "data" / "regime_type.csv").read_bytes()


def test_without_an_atomic_swap_two_renames_and_a_restore(older, releases, monkeypatch):
    """Where renameat2 cannot exchange folders, data/ is swapped by two renames; an update stopped
    between them leaves the old package beside data/, which the next update puts back."""

    def unsupported(a: Path, b: Path) -> None:
        raise OSError(update.errno.ENOSYS, "no renameat2")

    monkeypatch.setattr(update, "_exchange", unsupported)
    before = tree(older)
    stopped = older.parent / ".data-update-stopped-old"
    older.rename(stopped)  # as if stopped after the first rename: data/ is missing
    entry = run_update(older, releases)
    assert not stopped.exists() and int(entry["update"].iloc[0]) == 2
    assert (older.parent / ".data-previous" / "coup_events.csv").read_bytes() == before["coup_events.csv"]
    assert (older / "coup_events.csv").read_bytes() == (ROOT / "data" / "coup_events.csv").read_bytes()


def test_check_only_changes_nothing(older, releases):
    before = tree(older)
    code = update.main(["--data", str(older), "--powell-thyne", str(releases["new_pt"]), "--check-only"])
    assert code == 0 and tree(older) == before
