"""Every table parsed by its Table Schema type and checked: constraints with pandera schemas built from
the descriptor, unique and primary keys, foreign keys. Anything wrong is a Problem naming file, line
and column."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from src.data.descriptor import _key_fields
from src.data.problems import DataValidationError, Problem, _rel
from src.data.text import echo

_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


_BOM = b"\xef\xbb\xbf"
# Characters no curated text needs and that hide or reorder what a reader sees: C0/C1 controls
# (NUL included; tab and line breaks are fine in a quoted cell), bidirectional overrides and
# isolates, and a byte-order mark inside the text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _parse_column(raw: pd.Series, field: dict[str, Any], file: str) -> tuple[pd.Series, list[Problem]]:
    """Parse one text column by its field type. Empty cells become missing values. The index of
    `raw` is each row's line in the file."""
    name, kind = field["name"], field.get("type", "string")
    empty = raw.eq("")
    problems: list[Problem] = []

    def bad(mask: pd.Series, what: str) -> None:
        for line in raw.index[mask & ~empty]:
            problems.append(Problem(file, int(line), name, f"{echo(raw[line])} is not {what}"))

    if kind == "string":
        return raw.mask(empty, None).astype("string"), problems
    if kind in ("integer", "year"):
        numbers = pd.to_numeric(raw.mask(empty), errors="coerce")
        whole = (numbers % 1 == 0) & (numbers.abs() < 2**53)  # beyond that a float is not exact
        bad(~whole, "an integer")
        return numbers.where(whole).astype("Int64"), problems
    if kind == "number":
        numbers = pd.to_numeric(raw.mask(empty), errors="coerce")
        bad(numbers.isna(), "a number")
        return numbers.astype("Float64"), problems
    if kind == "boolean":
        known = raw.isin(_TRUE | _FALSE)
        bad(~known, "true or false")
        parsed = pd.Series(pd.NA, index=raw.index, dtype="boolean")
        parsed[raw.isin(_TRUE)] = True
        parsed[raw.isin(_FALSE)] = False
        return parsed, problems
    if kind == "date":
        dates = pd.to_datetime(raw.mask(empty), format="%Y-%m-%d", errors="coerce")
        bad(dates.isna(), "a date (YYYY-MM-DD)")
        return dates, problems
    # read_descriptor refuses other types first; this guards a caller that skipped it.
    raise DataValidationError([Problem(file, 1, name, f"type {echo(str(kind))} is not one the loader reads")])


# Constraints, via pandera built from the descriptor ----------------------------------------------


def _checks(field: dict[str, Any]) -> list[pa.Check]:
    cons = field.get("constraints", {})
    checks: list[pa.Check] = []
    if "minimum" in cons:
        checks.append(pa.Check.ge(cons["minimum"], error=f"is below the minimum {cons['minimum']}"))
    if "maximum" in cons:
        checks.append(pa.Check.le(cons["maximum"], error=f"is above the maximum {cons['maximum']}"))
    if "enum" in cons:
        checks.append(pa.Check.isin(cons["enum"], error=f"is not one of {cons['enum']}"))
    if "pattern" in cons:
        pattern = re.compile(cons["pattern"])
        checks.append(
            pa.Check(
                lambda s, p=pattern: s.map(lambda v: bool(p.fullmatch(str(v)))).astype(bool),
                element_wise=False,
                error=f"does not match the pattern {cons['pattern']}",
            )
        )
    return checks


def pandera_schema(resource: dict[str, Any]) -> pa.DataFrameSchema:
    """A pandera schema for one resource's cells, built from its Table Schema (the single source).
    Keys (unique fields, the primary key) are checked by `_key_problems`, which names each repeat
    once, with the line it repeats."""
    columns = {
        field["name"]: pa.Column(
            checks=_checks(field),
            nullable=not field.get("constraints", {}).get("required", False),
            title=field.get("title"),
            description=field.get("description"),
        )
        for field in resource["schema"]["fields"]
    }
    return pa.DataFrameSchema(columns, strict=True, name=resource["name"])


def _shown(value: Any) -> str:
    """A failing value as a reader would type it: 'text' quoted (and cut short), numbers bare."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    return echo(value) if isinstance(value, str) else str(value)


def _constraint_problems(frame: pd.DataFrame, resource: dict[str, Any], file: str) -> list[Problem]:
    try:
        pandera_schema(resource).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples():
            line = None if pd.isna(case.index) else int(case.index)
            check = str(case.check)
            message = (
                "is empty but required" if check == "not_nullable" else f"{_shown(case.failure_case)} {check}"
            )
            problems.append(Problem(file, line, case.column, message))
        return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))
    return []


def _key_problems(frame: pd.DataFrame, resource: dict[str, Any], file: str) -> list[Problem]:
    """Each row that repeats a unique field or the primary key, once, with the line it repeats."""
    schema = resource["schema"]
    keys = [tuple(_key_fields(schema.get("primaryKey")))]
    keys += [(f["name"],) for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    problems = []
    for key in dict.fromkeys(k for k in keys if k):
        rows = frame[list(key)].dropna()
        repeats = rows.duplicated(keep=False)
        if not repeats.any():
            continue
        first_line: dict[tuple[Any, ...], int] = {}
        for line, values in zip(rows.index[repeats], rows[repeats].itertuples(index=False), strict=True):
            values = tuple(values)
            if values not in first_line:
                first_line[values] = int(line)
                continue
            shown = ", ".join(_shown(v) for v in values)
            problems.append(
                Problem(
                    file,
                    int(line),
                    ", ".join(key),
                    f"{shown} repeats a key that must be unique (first on line {first_line[values]})",
                )
            )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))


# Reading -------------------------------------------------------------------------------------------


def _read_raw(path: Path, resource: dict[str, Any]) -> pd.DataFrame:
    """The CSV as text cells, indexed by the line each row starts on. Rows with too many or too
    few cells are refused, not trimmed; so are a byte-order mark, text that is not UTF-8, a header
    that names a column twice and invisible control characters in a cell."""
    file = _rel(path)
    if not path.exists():
        raise DataValidationError([Problem(file, None, None, "file is missing")])
    raw_bytes = path.read_bytes()
    if not raw_bytes:
        raise DataValidationError([Problem(file, None, None, "file is empty")])
    if raw_bytes.startswith(_BOM):
        raise DataValidationError(
            [Problem(file, 1, None, "starts with a byte-order mark: save it as UTF-8 without BOM")]
        )
    try:
        content = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        byte = raw_bytes[exc.start : exc.start + 1].hex().upper()
        raise DataValidationError([Problem(file, line, None, f"is not UTF-8 (byte 0x{byte})")]) from exc
    reader = csv.reader(io.StringIO(content, newline=""))
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    try:
        header = next(reader, [])
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if len(row) != len(header):
                problems.append(
                    Problem(file, start, None, f"has {len(row)} cells, the header has {len(header)}")
                )
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        raise DataValidationError(
            [Problem(file, reader.line_num, None, f"cannot be read as CSV ({exc})")]
        ) from exc
    if problems:
        raise DataValidationError(problems)
    problems = _header_problems(file, header, [f["name"] for f in resource["schema"]["fields"]])
    if problems:
        raise DataValidationError(problems)
    if not rows:
        raise DataValidationError([Problem(file, None, None, "has a header but no data rows")])
    if _INVISIBLE.search(content):
        problems = [
            Problem(file, line, column, f"contains an invisible control character ({_invisible(cell)})")
            for line, row in zip(lines, rows, strict=True)
            for column, cell in zip(header, row, strict=True)
            if _INVISIBLE.search(cell)
        ]
        raise DataValidationError(problems)
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=str)
    return frame[[f["name"] for f in resource["schema"]["fields"]]]


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    problems = []
    for name in dict.fromkeys(header):
        if (count := header.count(name)) > 1:
            problems.append(Problem(file, 1, name, f"column appears {count} times in the header"))
    if _INVISIBLE.search("".join(header)):
        return problems + [Problem(file, 1, None, "the header contains an invisible control character")]
    problems += [Problem(file, 1, c, "column is missing") for c in expected if c not in header]
    problems += [
        Problem(file, 1, c, "column is not in the descriptor")
        for c in dict.fromkeys(header)
        if c not in expected
    ]
    return problems


def _invisible(cell: str) -> str:
    found = _INVISIBLE.search(cell)
    return f"U+{ord(found.group()):04X}" if found else ""


def parse_table(path: Path, resource: dict[str, Any]) -> pd.DataFrame:
    """Read one CSV and check it against its resource description (keys within the table only).
    The frame's index is each row's line in the file, so problems found later can name it."""
    file = _rel(path)
    raw = _read_raw(path, resource)
    parsed: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for field in resource["schema"]["fields"]:
        column, found = _parse_column(raw[field["name"]], field, file)
        parsed[field["name"]] = column
        problems += found
    if problems:
        raise DataValidationError(problems)
    frame = pd.DataFrame(parsed, index=raw.index)
    problems = _constraint_problems(frame, resource, file) + _key_problems(frame, resource, file)
    if problems:
        raise DataValidationError(problems)
    return frame


def _foreign_key_problems(
    tables: dict[str, pd.DataFrame], resources: dict[str, dict[str, Any]], folder: Path
) -> list[Problem]:
    problems = []
    for name, resource in resources.items():
        file = _rel(folder / resource["path"])
        for fk in resource["schema"].get("foreignKeys", []):
            mine, ref = _key_fields(fk["fields"]), fk["reference"]
            theirs = _key_fields(ref["fields"])
            # A composite key (an organization's member list as of a date) must match as a whole.
            allowed = set(tables[ref["resource"]][theirs].dropna().itertuples(index=False, name=None))
            values = tables[name][mine]
            given = values.notna().all(axis=1)  # a key with an empty part refers to nothing
            orphan = given & ~pd.Series(
                [key in allowed for key in values.itertuples(index=False, name=None)], index=values.index
            )
            where = (
                f"{ref['resource']}.{ref['fields']}"
                if len(theirs) == 1
                else (f"{ref['resource']} ({', '.join(theirs)})")
            )
            for line in values.index[orphan]:
                shown = ", ".join(_shown(values.at[line, f]) for f in mine)
                what = "a known code in" if len(mine) == 1 else "a known combination in"
                problems.append(Problem(file, int(line), ", ".join(mine), f"{shown} is not {what} {where}"))
    return problems
