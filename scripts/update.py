"""Update the data package from newer raw files in one step that either completes or changes nothing.

Usage: python -m scripts.update [--sipri FILE] [--powell-thyne FILE] [--cline FILE] [--vdem FILE]
                                [--vdem-version TEXT] [--data data] [--reference ../shared/reference]
                                [--check-only]
   or: make update SIPRI=FILE PT=FILE CLINE=FILE VDEM=FILE VDEM_VERSION=TEXT (any of them)

1. Each file is checked against its dataset's known format (src/data/derive/formats.py: encoding, the
   lines above the header, the columns, the years). A file that differs is refused with what differs,
   and nothing is touched.
2. In a folder beside data/ (a copy of it): the tables are derived from the new files, the package is
   described (row counts, years), the whole package is validated by the app's loader, and this
   update's entry is added to the change record (updates.csv) and validated with it.
3. The folder and data/ are swapped in one atomic rename. Stopped or failed before that, data/ is as
   it was, byte for byte; the package it replaced is kept in .data-previous/ until the next update.

Powell & Thyne and the Cline Center are matched into one table: given one of them, the other is the
file the package was derived from, found in --reference (it must be the version the package records).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from scripts import derive_all, derive_arms, derive_coups, derive_regimes, describe
from scripts._io import set_source
from src.analysis import changes
from src.data import loader
from src.data.derive.coups import cline_version, first_coup_year, pt_version, read_powell_thyne
from src.data.derive.formats import FORMATS, check_raw_file
from src.data.meta import Meta
from src.data.validate import parse_table

# The options, by the id each dataset's source has in the data package.
OPTIONS = {"sipri": "sipri", "powell-thyne": "powell_thyne", "cline": "cline", "vdem-row": "vdem"}
# Sources whose note in the descriptor describes the file used (a reconstruction, a gap of a release,
# a guessed vintage), not the dataset: an update replaces it, and the change record keeps the old one.
NOTES_ABOUT_THE_FILE = frozenset({"powell-thyne", "cline", "vdem-row"})
VDEM_UNRECORDED = "vintage not recorded in the copy used"  # OWID's file does not state V-Dem's version
COUP_LISTS = ("powell-thyne", "cline")  # derived together into coup_events
STAGES = ("checked", "copied", "derived", "described", "validated", "recorded", "swapped")
Hook = Callable[[str], None]


class UpdateRefused(Exception):
    """The update cannot be made as asked (bad input, or a package that fails its checks); data/ is
    unchanged."""


# Files -------------------------------------------------------------------------------------------------


def file_label(path: Path) -> str:
    """'<name> (SHA-256 <hex>)': which file an update read, checkably."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{path.name} (SHA-256 {digest})"


def _check(files: dict[str, Path]) -> None:
    problems = []
    for source_id, path in files.items():
        problems += [f"{path} ({FORMATS[source_id].title}): {p}" for p in check_raw_file(source_id, path)]
    if problems:
        raise UpdateRefused("\n".join(problems))


def _companion(source_id: str, reference: Path, meta: Meta) -> Path:
    """The file of a coup list not given, when the other is: the one the package was derived from."""
    other = {"powell-thyne": "cline", "cline": "powell-thyne"}[source_id]
    option = OPTIONS[other].replace("_", "-")
    path = reference / derive_all.REFERENCE_FILES[OPTIONS[other]]
    wanted = meta.source(other).version
    why = (
        f"coup_events is derived from Powell & Thyne and the Cline Center together: with a new "
        f"{FORMATS[source_id].title}, give the {FORMATS[other].title} too (--{option}; version {wanted} "
        "to keep the one the package has)"
    )
    if not path.exists():
        raise UpdateRefused(f"{why}. It is not at {path}.")
    found = pt_version(read_powell_thyne(path), path) if other == "powell-thyne" else cline_version(path)
    if found != wanted:
        raise UpdateRefused(f"{why}. {path} is version {found}, the package has {wanted}.")
    return path


# The folder beside data/ -------------------------------------------------------------------------------


def _aside(data: Path, what: str) -> str:
    return f".{data.name}-{what}"


@contextlib.contextmanager
def _locked(data: Path) -> Iterator[None]:
    """One update of a data folder at a time."""
    with open(data.parent / (_aside(data, "update") + ".lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UpdateRefused(f"another update of {data} is running") from exc
        yield


def _clear_leftovers(data: Path) -> None:
    """Remove what an update stopped halfway left beside data/ (never data/ itself); if it was stopped
    between the two renames of a system without an atomic swap, put the old package back first."""
    for folder in sorted(f for f in data.parent.glob(_aside(data, "update-*")) if f.is_dir()):
        if folder.name.endswith("-old") and not data.exists():
            folder.rename(data)
            print(f"restored {data} from an update stopped while it swapped the folders")
            continue
        shutil.rmtree(folder)
        print(f"removed {folder}, left by an update that was stopped")


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE): there is no moment
    without a data/ folder."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _swap(stage: Path, data: Path) -> None:
    """data/ becomes the new package, `stage` the old one."""
    try:
        _exchange(stage, data)
    except OSError as exc:
        if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
        # No atomic swap here: two renames. Stopped between them, the next update restores data/.
        old = stage.with_name(stage.name + "-old")
        data.rename(old)
        stage.rename(data)
        old.rename(stage)


def _keep_previous(stage: Path, data: Path) -> Path:
    previous = data.parent / _aside(data, "previous")
    if previous.exists():
        shutil.rmtree(previous)
    stage.rename(previous)
    return previous


# Deriving ----------------------------------------------------------------------------------------------


def _derive(
    inputs: dict[str, Path], files: dict[str, Path], stage: Path, data: Path, vdem_version: str | None
) -> None:
    out = ["--output", str(stage)]
    if "sipri" in inputs:
        derive_arms.main(["--input", str(inputs["sipri"]), *out])
    if any(s in files for s in COUP_LISTS):
        pt, cline = str(inputs["powell-thyne"]), str(inputs["cline"])
        derive_coups.main(["--powell-thyne", pt, "--cline", cline, *out])
    first_year = first_coup_year(stage)
    if "vdem-row" in files:
        derive_regimes.main(["--input", str(inputs["vdem-row"]), "--first-year", str(first_year), *out])
        set_source(stage, "vdem-row", version=vdem_version or VDEM_UNRECORDED)
    elif first_year != first_coup_year(data):
        raise UpdateRefused(
            f"coup_events now starts in {first_year}, not {first_coup_year(data)}: regime_type starts "
            "with the coup list, so give the V-Dem file too (--vdem)"
        )


def _validated(folder: Path, what: str) -> dict[str, pd.DataFrame]:
    try:
        return loader.load_tables(folder)
    except loader.DataValidationError as exc:
        raise UpdateRefused(f"{what} failed the data package's checks:\n{exc}") from exc


def _append(entry: pd.DataFrame, path: Path) -> None:
    """Add the entry's rows to the record's file; the rows already there keep their bytes."""
    text = path.read_text(encoding="utf-8")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        entry.to_csv(handle, header=False, index=False, lineterminator="\n")


# The update --------------------------------------------------------------------------------------------


def update(
    files: dict[str, Path],
    data: Path,
    *,
    reference: Path,
    vdem_version: str | None = None,
    today: date | None = None,
    hook: Hook | None = None,
    check_only: bool = False,
) -> pd.DataFrame:
    """Update `data` from `files` (by source id) and return this update's entry of the change record;
    UpdateRefused (data unchanged) when the files or the result fail their checks."""
    today = today or date.today()
    hook = hook or (lambda stage: None)
    if not files:
        raise UpdateRefused("no file given: name at least one of --sipri, --powell-thyne, --cline, --vdem")
    if vdem_version and "vdem-row" not in files:
        raise UpdateRefused("--vdem-version names the version of a V-Dem file: give the file too (--vdem)")
    _check(files)
    if check_only:
        return pd.DataFrame(columns=changes.COLUMNS)
    data = data.resolve()
    if not data.parent.is_dir():
        raise UpdateRefused(f"{data.parent} is not a folder")
    with _locked(data):
        _clear_leftovers(data)
        if not (data / loader.DESCRIPTOR).is_file():
            raise UpdateRefused(f"{data} is not a data package (it has no {loader.DESCRIPTOR})")
        before_tables = _validated(data, f"The data package now in {data}")
        before_meta = Meta(loader.read_descriptor(data))
        inputs = dict(files)
        for source_id in COUP_LISTS:
            other = COUP_LISTS[1 - COUP_LISTS.index(source_id)]
            if source_id in files and other not in files:
                inputs[other] = _companion(source_id, reference, before_meta)
                _check({other: inputs[other]})
        hook("checked")
        record = before_tables[changes.RECORD]
        number = changes.next_number(record)
        stage = Path(tempfile.mkdtemp(prefix=_aside(data, "update-"), dir=data.parent))
        try:
            shutil.copytree(data, stage, dirs_exist_ok=True)
            hook("copied")
            try:
                _derive(inputs, files, stage, data, vdem_version)
            except (ValueError, KeyError) as exc:
                raise UpdateRefused(f"The derivation from the new files failed: {exc}") from exc
            replaced = {s for s in files if s in NOTES_ABOUT_THE_FILE and before_meta.source(s).note}
            for source_id in replaced:
                note = (
                    f"Updated on {today.isoformat()} from {files[source_id].name}; the note on the file it "
                    f"replaced is in the change record (updates.csv, update {number})."
                )
                set_source(stage, source_id, note=note)
            hook("derived")
            describe.main(["--data", str(stage)])
            hook("described")
            after_tables = _validated(stage, "The new tables")
            hook("validated")
            after_meta = Meta(loader.read_descriptor(stage))
            entry = changes.record_rows(
                number,
                today,
                [changes.DatasetUpdate(s, file_label(p), s in replaced) for s, p in files.items()],
                changes.state(before_tables, before_meta),
                changes.state(after_tables, after_meta),
                changes.derived_from(after_meta, files),
                record,
            )
            _append(entry, stage / f"{changes.RECORD}.csv")
            describe.main(["--data", str(stage)])
            _validated(stage, "The change record with this update")
            hook("recorded")
            _swap(stage, data)
            hook("swapped")
            previous = _keep_previous(stage, data)
            print(f"updated {data}; the package it replaced is in {previous}")
        finally:
            if stage.exists():
                shutil.rmtree(stage)
    return entry


def start_record(data: Path, files: dict[str, Path], today: date | None = None) -> pd.DataFrame:
    """Begin the change record of a package just derived from `files` (by source id): its first entry
    records the package as it is, with nothing before it (how the shipped record's first entry was
    made). Any record in `data` is replaced, so this is for a package's first derivation only."""
    descriptor = loader.read_descriptor(data)
    meta = Meta(descriptor)
    # The record is what is being written: every other table is read and checked, and the whole
    # package, record included, is validated once it is written.
    tables = {
        r["name"]: parse_table(data / r["path"], r).reset_index(drop=True)
        for r in descriptor["resources"]
        if r["name"] != changes.RECORD
    }
    entry = changes.record_rows(
        1,
        today or date.today(),
        [changes.DatasetUpdate(s, file_label(p)) for s, p in files.items()],
        None,
        changes.state(tables, meta),
        changes.derived_from(meta, files),
    )
    entry.to_csv(data / f"{changes.RECORD}.csv", index=False, lineterminator="\n", encoding="utf-8")
    describe.main(["--data", str(data)])
    _validated(data, "The package with its change record")
    return entry


def main(argv: list[str] | None = None, hook: Hook | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sipri", type=Path, help="SIPRI trade-register export (CSV, all countries to all)")
    parser.add_argument("--powell-thyne", type=Path, help="Powell & Thyne event list (CSV)")
    parser.add_argument("--cline", type=Path, help="Cline Center Coup d'État Project events (CSV)")
    parser.add_argument("--vdem", type=Path, help="Our World in Data 'political-regime' series (CSV)")
    parser.add_argument("--vdem-version", help="the V-Dem version of that file (it does not say)")
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data package's folder")
    parser.add_argument(
        "--reference",
        type=Path,
        default=Path("../shared/reference"),
        help="where the raw files the package was derived from are (for the coup list not given)",
    )
    parser.add_argument("--check-only", action="store_true", help="check the files' format, change nothing")
    args = parser.parse_args(argv)
    files = {
        source_id: getattr(args, option)
        for source_id, option in OPTIONS.items()
        if getattr(args, option) is not None
    }
    try:
        entry = update(
            files,
            args.data,
            reference=args.reference,
            vdem_version=args.vdem_version,
            hook=hook,
            check_only=args.check_only,
        )
    except UpdateRefused as exc:
        print(f"Refused, nothing was changed:\n{exc}", file=sys.stderr)
        return 2
    if args.check_only:
        print("Every file has the known format.")
        return 0
    print("\n".join(changes.entry_summary(entry)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
