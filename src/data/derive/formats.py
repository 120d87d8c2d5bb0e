"""The known shape of each raw dataset (encoding, header lines, columns, year range), checked before
an update derives anything from a new file: a file that differs is refused with what differs."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# SIPRI's export starts with 11 lines of explanation; four of them carry meaning the derivation relies
# on (what was exported, for which years, in which unit, when), so their form is checked. The others
# are prose SIPRI may reword without changing the data.
SIPRI_SCOPE = re.compile(
    r"^Transfers of major conventional arms from All countries\s+to All countries\s*\. "
    r"Deals with deliveries or orders made for year range '(\d{4})' to '(\d{4})'"
)
SIPRI_FIRST_YEAR = 2000  # the app's windows start here: the export's year range must too
SIPRI_UNIT = "SIPRI trend-indicator values (TIVs) are in millions."
SIPRI_SOURCE = "Source: SIPRI Arms Transfers Database"
SIPRI_GENERATED = re.compile(r"^Data generated: \d{1,2} \w{3} (\d{4})")
_SHOWN = 3  # bad lines named per problem before "and N more"


@dataclass(frozen=True)
class RawFormat:
    """What a raw file of one dataset looks like."""

    dataset: str  # the source's id in the data package
    title: str  # how messages name the dataset
    columns: tuple[str, ...]  # every column, in any order
    year_column: str
    first_year: int  # no year before it (the dataset's first year)
    optional: tuple[str, ...] = ()  # columns a file may also carry (ignored by the derivation)
    header_lines: int = 0  # lines above the table's header
    empty_years: bool = False  # whether the year column may be empty (an order not delivered yet)
    # Checks of the lines above the header: (line number, check of the line's text, what it says).
    preamble: tuple[tuple[int, Callable[[str], bool], str], ...] = field(default=())


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda line: bool(pattern.match(line))


def _is(text: str) -> Callable[[str], bool]:
    return lambda line: line.strip() == text


FORMATS: dict[str, RawFormat] = {
    "sipri": RawFormat(
        dataset="sipri",
        title="SIPRI trade register",
        columns=(
            "SIPRI AT Database ID",
            "Supplier",
            "Recipient",
            "Designation",
            "Description",
            "Armament category",
            "Order date",
            "Order date is estimate",
            "Numbers delivered",
            "Numbers delivered is estimate",
            "Delivery year",
            "Delivery year is estimate",
            "Status",
            "SIPRI estimate",
            "TIV deal unit",
            "TIV delivery values",
            "Local production",
        ),  # fmt: skip
        year_column="Delivery year",
        first_year=SIPRI_FIRST_YEAR,
        header_lines=11,
        empty_years=True,
        preamble=(
            (
                1,
                _matches(SIPRI_SCOPE),
                "Transfers of major conventional arms from All countries to All countries. Deals with "
                f"deliveries or orders made for year range '{SIPRI_FIRST_YEAR}' to '<year>' (an export of "
                "every supplier and recipient: shares need all of them)",
            ),
            (4, _is(SIPRI_UNIT), SIPRI_UNIT),
            (10, lambda line: line.startswith(SIPRI_SOURCE), SIPRI_SOURCE + " (c) SIPRI."),
            (11, _matches(SIPRI_GENERATED), "Data generated: <day> <Mon> <year> (the export's version)"),
        ),
    ),
    "powell-thyne": RawFormat(
        dataset="powell-thyne",
        title="Powell & Thyne event list",
        columns=("country", "ccode", "ccode_gw", "ccode_polity", "year", "month", "day", "coup", "version"),
        year_column="year",
        first_year=1950,
    ),
    "cline": RawFormat(
        dataset="cline",
        title="Cline Center CDP event list",
        columns=(
            "coup_id",
            "cowcode",
            "country",
            "year",
            "month",
            "day",
            "event_type",
            "unrealized",
            "realized",
            "conspiracy",
            "attempt",
            "military",
            "dissident",
            "rebel",
            "palace",
            "foreign",
            "auto",
            "resign",
            "popular",
            "counter",
            "other",
            "noharm",
            "injured",
            "killed",
            "harrest",
            "jailed",
            "tried",
            "fled",
            "exile",
        ),  # fmt: skip
        year_column="year",
        first_year=1945,
    ),
    "vdem-row": RawFormat(
        dataset="vdem-row",
        title="Our World in Data 'political-regime' series",
        columns=("Code", "Year", "Political regime"),
        # OWID's own downloads also name each entity; the copy the app was built from dropped it.
        optional=("Entity",),
        year_column="Year",
        first_year=1789,
    ),
}


class RawFormatError(ValueError):
    """A raw file that differs from its dataset's known format; carries every difference found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _lines_named(lines: list[int], what: str) -> str:
    shown = ", ".join(str(n) for n in lines[:_SHOWN])
    more = f" and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}: {what}"


def _column_problems(header: list[str], known: RawFormat) -> list[str]:
    problems = []
    for name in dict.fromkeys(header):
        if header.count(name) > 1:
            problems.append(f"column {name!r} appears {header.count(name)} times in the header")
    unknown = [c for c in dict.fromkeys(header) if c not in known.columns and c not in known.optional]
    for name in known.columns:
        if name not in header:
            close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.6)
            hint = f" (the file has {close[0]!r} instead: renamed?)" if close else ""
            problems.append(f"column {name!r} is missing{hint}")
    problems += [f"column {name!r} is not in the known format" for name in unknown]
    return problems


def _year_problems(
    rows: list[tuple[int, list[str]]], header: list[str], known: RawFormat, last_year: int
) -> list[str]:
    if known.year_column not in header:
        return []  # named as a missing column already
    at = header.index(known.year_column)
    empty, not_whole, outside = [], [], []
    for line, row in rows:
        cell = row[at].strip()
        if not cell:
            empty.append(line)
        elif not re.fullmatch(r"\d{4}", cell):
            not_whole.append(line)
        elif not known.first_year <= int(cell) <= last_year:
            outside.append(line)
    problems = []
    column = f"column {known.year_column!r}"
    if empty and not known.empty_years:
        problems.append(_lines_named(empty, f"{column} is empty"))
    if not_whole:
        problems.append(_lines_named(not_whole, f"{column} is not a year"))
    if outside:
        problems.append(
            _lines_named(outside, f"{column} is outside the known range {known.first_year}–{last_year}")
        )
    return problems


def check_raw_file(dataset: str, path: Path, today: date | None = None) -> list[str]:
    """What differs between the file at `path` and the known format of `dataset` (empty: it matches).
    Checked: UTF-8 text without a byte-order mark, the lines above the header, the columns (each
    missing or unknown one named), every row's number of cells, and the years (whole, from the
    dataset's first year to the year the file was made, or this year)."""
    known = FORMATS[dataset]
    today = today or date.today()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [f"cannot be read ({exc.strerror or exc})"]
    if not raw.strip():
        return ["is empty"]
    if raw.startswith(codecs.BOM_UTF8):
        return ["starts with a byte-order mark: the known format is UTF-8 without one"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [f"line {line}: is not UTF-8 (byte 0x{raw[exc.start]:02X}): the known format is UTF-8"]
    lines = text.splitlines()
    problems: list[str] = []
    last_year = today.year
    for number, check, form in known.preamble:
        line = lines[number - 1] if number <= len(lines) else ""
        if not check(line):
            problems.append(f"line {number}: {line.strip()[:120]!r} is not in the known form {form!r}")
    if dataset == "sipri" and not problems:
        scope = SIPRI_SCOPE.match(lines[0])
        generated = SIPRI_GENERATED.match(lines[10])
        assert scope and generated  # checked above
        if int(scope.group(1)) != SIPRI_FIRST_YEAR:
            problems.append(
                f"line 1: the export's year range starts in {scope.group(1)}, the known format in "
                f"{SIPRI_FIRST_YEAR} (the app's windows and the published shares start there)"
            )
        last_year = min(int(generated.group(1)), int(scope.group(2)))
    table = "\n".join(lines[known.header_lines :])
    reader = csv.reader(io.StringIO(table))
    header = next(reader, [])
    header_line = known.header_lines + 1
    if len(header) == 1 and "\t" in header[0]:
        return [*problems, f"line {header_line}: columns are separated by tabs, the known format by commas"]
    if not set(header) & set(known.columns):
        # The header is not where the known format has it: say where it is, if it is anywhere.
        found = next((i + 1 for i, line in enumerate(lines) if line.startswith(known.columns[0])), None)
        if found:
            above = f"{known.header_lines} lines" if known.header_lines else "none"
            what = f"the table's header is on line {found}, the known format has {above} above it"
        else:
            what = (
                f"the header ({', '.join(header[:4])}{', …' if len(header) > 4 else ''}) has none of the "
                f"known columns ({', '.join(known.columns[:4])}, …): is this the {known.title}?"
            )
        return [*problems, f"line {header_line}: {what}"]
    problems += [f"line {header_line}: {p}" for p in _column_problems(header, known)]
    rows: list[tuple[int, list[str]]] = []
    ragged: list[int] = []
    try:
        while True:
            start = reader.line_num + 1 + known.header_lines
            row = next(reader, None)
            if row is None:
                break
            if not row:
                continue  # a blank line (a final newline) holds no row
            if len(row) != len(header):
                ragged.append(start)
            rows.append((start, row))
    except csv.Error as exc:
        return [*problems, f"line {reader.line_num + known.header_lines}: cannot be read as CSV ({exc})"]
    if ragged:
        problems.append(
            _lines_named(ragged, f"the header has {len(header)} cells, these rows another number")
        )
    if not rows:
        problems.append("has a header but no rows")
    if not ragged:
        problems += _year_problems(rows, header, known, last_year)
    return problems


def check_raw(dataset: str, path: Path, today: date | None = None) -> None:
    """Refuse (RawFormatError) a file that differs from its dataset's known format, naming each
    difference with the file and, where there is one, the line."""
    if problems := check_raw_file(dataset, path, today):
        title = FORMATS[dataset].title
        raise RawFormatError([f"{path} ({title}): {p}" for p in problems])
