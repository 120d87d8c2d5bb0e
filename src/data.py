"""The data layer: the only module that reads data/.

Every table is described in data/datapackage.json (Frictionless Data Package). This module reads
each CSV as text, parses each field by its Table Schema type, checks the constraints with a pandera
schema built from the same descriptor, then checks primary and foreign keys. Anything wrong is
refused with a message naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Another data folder can be given for checks of broken data (tests start the app on a copy).
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
DESCRIPTOR = "datapackage.json"
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}
_MAX_PROBLEMS_SHOWN = 10


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one file)."""

    file: str
    line: int | None  # line of the CSV file (the header is line 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataValidationError(Exception):
    """A table failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = [str(p) for p in problems[:_MAX_PROBLEMS_SHOWN]]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"... and {more} more problem(s)")
        super().__init__("\n".join(shown))


def data_dir() -> Path:
    """The data folder: data/ beside the code, unless DASHBOARD_DATA_DIR names another."""
    return Path(os.environ.get(DATA_DIR_ENV) or DATA_DIR)


def read_descriptor(folder: Path | None = None) -> dict[str, Any]:
    path = (folder or data_dir()) / DESCRIPTOR
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataValidationError([Problem(_rel(path), None, None, "file is missing")]) from exc
    except json.JSONDecodeError as exc:
        problem = Problem(_rel(path), exc.lineno, None, f"not valid JSON ({exc.msg})")
        raise DataValidationError([problem]) from exc


def _rel(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _line(index: Iterable[int]) -> list[int]:
    return [int(i) + 2 for i in index]  # +1 for the header, +1 because lines count from 1


# Parsing by Table Schema type ------------------------------------------------------------------


def _parse_column(raw: pd.Series, field: dict[str, Any], file: str) -> tuple[pd.Series, list[Problem]]:
    """Parse one text column by its field type. Empty cells become missing values."""
    name, kind = field["name"], field.get("type", "string")
    empty = raw.eq("")
    problems: list[Problem] = []

    def bad(mask: pd.Series, what: str) -> None:
        for idx in raw.index[mask & ~empty]:
            problems.append(Problem(file, _line([idx])[0], name, f"{raw[idx]!r} is not {what}"))

    if kind == "string":
        return raw.mask(empty, None).astype("string"), problems
    if kind in ("integer", "year"):
        numbers = pd.to_numeric(raw.mask(empty), errors="coerce")
        bad(numbers.isna() | (numbers % 1 != 0), "an integer")
        parsed = numbers.where(numbers % 1 == 0).astype("Int64")
        return parsed, problems
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
    raise ValueError(f"{file}: field {name!r} has unsupported type {kind!r}")


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
    """A pandera schema for one resource, built from its Table Schema (the single source)."""
    schema = resource["schema"]
    columns = {
        field["name"]: pa.Column(
            checks=_checks(field),
            nullable=not field.get("constraints", {}).get("required", False),
            unique=field.get("constraints", {}).get("unique", False),
            title=field.get("title"),
            description=field.get("description"),
        )
        for field in schema["fields"]
    }
    primary_key = schema.get("primaryKey")
    if isinstance(primary_key, str):
        primary_key = [primary_key]
    return pa.DataFrameSchema(
        columns, strict=True, unique=primary_key, report_duplicates="all", name=resource["name"]
    )


def _shown(value: Any) -> str:
    """A failing value as a reader would type it: 'text' quoted, numbers bare."""
    if hasattr(value, "item"):
        value = value.item()
    return repr(value) if isinstance(value, str) else str(value)


def _constraint_problems(frame: pd.DataFrame, resource: dict[str, Any], file: str) -> list[Problem]:
    try:
        pandera_schema(resource).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples():
            line = None if pd.isna(case.index) else _line([case.index])[0]
            check = str(case.check)
            if check == "not_nullable":
                message = "is empty but required"
            elif check in ("multiple_fields_uniqueness", "field_uniqueness"):
                message = f"{_shown(case.failure_case)} repeats a key that must be unique"
            else:
                message = f"{_shown(case.failure_case)} {check}"
            problems.append(Problem(file, line, case.column, message))
        return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))
    return []


# Reading -------------------------------------------------------------------------------------------


def _read_raw(path: Path, resource: dict[str, Any]) -> pd.DataFrame:
    """The CSV as text cells. Rows with too many or too few cells are refused, not trimmed."""
    file = _rel(path)
    if not path.exists():
        raise DataValidationError([Problem(file, None, None, "file is missing")])
    if path.stat().st_size == 0:
        raise DataValidationError([Problem(file, None, None, "file is empty")])
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows, problems = [], []
            for row in reader:
                if len(row) != len(header):
                    problems.append(
                        Problem(
                            file, reader.line_num, None, f"has {len(row)} cells, the header has {len(header)}"
                        )
                    )
                rows.append(row)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataValidationError([Problem(file, None, None, f"cannot be read as CSV ({exc})")]) from exc
    if problems:
        raise DataValidationError(problems)
    expected = [f["name"] for f in resource["schema"]["fields"]]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = [Problem(file, 1, c, "column is missing") for c in missing]
    problems += [Problem(file, 1, c, "column is not in the descriptor") for c in extra]
    if problems:
        raise DataValidationError(problems)
    if not rows:
        raise DataValidationError([Problem(file, None, None, "has a header but no data rows")])
    return pd.DataFrame(rows, columns=header, dtype=str)[expected]


def parse_table(path: Path, resource: dict[str, Any]) -> pd.DataFrame:
    """Read one CSV and check it against its resource description (keys within the table only)."""
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
    frame = pd.DataFrame(parsed)
    problems = _constraint_problems(frame, resource, file)
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
            field, ref = fk["fields"], fk["reference"]
            allowed = set(tables[ref["resource"]][ref["fields"]].dropna())
            values = tables[name][field]
            orphan = values.notna() & ~values.isin(allowed)
            for idx in values.index[orphan]:
                problems.append(
                    Problem(
                        file,
                        _line([idx])[0],
                        field,
                        f"{values[idx]!r} is not a known code in {ref['resource']}.{ref['fields']}",
                    )
                )
    return problems


def load_tables(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """Load and validate every table of the data package, or raise DataValidationError."""
    folder = folder or data_dir()
    descriptor = read_descriptor(folder)
    resources = {r["name"]: r for r in descriptor["resources"]}
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, resource in resources.items():
        try:
            tables[name] = parse_table(folder / resource["path"], resource)
        except DataValidationError as exc:
            problems += exc.problems
    if not problems:
        problems = _foreign_key_problems(tables, resources, folder)
    if problems:
        error = DataValidationError(problems)
        log.error("data package refused:\n%s", error)
        raise error
    log.info("data package loaded: %d tables", len(tables))
    return tables


def country_names(countries: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> name of today's countries (not the historical entities V-Dem codes), for selectors."""
    today = countries[~countries["iso3"].str.startswith("OWID_")]
    return dict(zip(today["iso3"].astype(str), today["name"].astype(str), strict=True))


def resource(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The descriptor entry of one table (title, sources, fields)."""
    for entry in read_descriptor(folder)["resources"]:
        if entry["name"] == name:
            return entry
    raise KeyError(name)
