"""The data layer: the only module that reads data/.

Every table is described in data/datapackage.json (Frictionless Data Package). This module checks
the descriptor's shape, reads each CSV as text, parses each field by its Table Schema type, checks
the constraints with a pandera schema built from the same descriptor, then checks primary and
foreign keys. Anything wrong is refused with a message naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pandera.pandas as pa

from src.data.dashboard import dashboard_problems
from src.data.text import echo

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Another data folder can be given for checks of broken data (tests start the app on a copy).
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
DESCRIPTOR = "datapackage.json"
# The tables the app reads: a descriptor that lacks one is refused at load, not by a page's KeyError.
TABLES = (
    "countries",
    "footnotes",
    "report_arms_supplier_claims",
    "report_coups",
    "report_exercises",
    "report_interventions",
    "report_regime_claims",
    "report_remarks",
    "report_organization_claims",
    "regional_memberships",
    "sipri_actors",
    "arms_transfers_by_year",
    "arms_deliveries_africa",
    "coup_events",
    "regime_type",
)
FIELD_TYPES = ("string", "integer", "year", "number", "boolean", "date")  # the types this loader reads
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}
_MAX_PROBLEMS_SHOWN = 10
_BOM = b"\xef\xbb\xbf"
# Characters no curated text needs and that hide or reorder what a reader sees: C0/C1 controls
# (NUL included; tab and line breaks are fine in a quoted cell), bidirectional overrides and
# isolates, and a byte-order mark inside the text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one file)."""

    file: str
    line: int | None  # line of the file (a CSV's header is line 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {echo(self.column)}"
        return f"{where}: {self.message}"


class DataValidationError(Exception):
    """A table failed validation; carries every problem found (each once)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(dict.fromkeys(problems))
        shown = [str(p) for p in self.problems[:_MAX_PROBLEMS_SHOWN]]
        more = len(self.problems) - len(shown)
        if more:
            shown.append(f"... and {more} more problem(s)")
        super().__init__("\n".join(shown))


def data_dir() -> Path:
    """The data folder: data/ beside the code, unless DASHBOARD_DATA_DIR names another."""
    return Path(os.environ.get(DATA_DIR_ENV) or DATA_DIR)


def read_descriptor(folder: Path | None = None) -> dict[str, Any]:
    """The descriptor, refused unless it has the shape the loader and the pages read."""
    path = (folder or data_dir()) / DESCRIPTOR
    file = _rel(path)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataValidationError([Problem(file, None, None, "file is missing")]) from exc
    except UnicodeDecodeError as exc:
        raise DataValidationError([Problem(file, None, None, f"is not UTF-8 text ({exc.reason})")]) from exc
    except json.JSONDecodeError as exc:
        problem = Problem(file, exc.lineno, None, f"not valid JSON ({exc.msg})")
        raise DataValidationError([problem]) from exc
    if problems := descriptor_problems(descriptor, file):
        raise DataValidationError(problems)
    return descriptor


def _rel(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# The descriptor's shape ------------------------------------------------------------------------------


def descriptor_problems(descriptor: Any, file: str = f"data/{DESCRIPTOR}") -> list[Problem]:
    """What in the descriptor the loader or the pages could not use: each resource needs a name, a
    plain file name as path and a schema whose fields have names and known types; the app's tables
    must all be there; sources and coverage must have what the pages show."""
    if not isinstance(descriptor, dict):
        return [Problem(file, None, None, "is not a JSON object")]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [Problem(file, None, None, "lists no resources (tables)")]
    problems: list[Problem] = []

    def bad(message: str) -> None:
        problems.append(Problem(file, None, None, message))

    names: list[str] = []
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            bad(f"resource {number} has no name")
            continue
        name = resource["name"]
        where = f"resource {echo(name)}"
        if name in names:
            bad(f"{where} is described twice")
        names.append(name)
        path = resource.get("path")
        if not isinstance(path, str) or PurePosixPath(path).name != path or path in ("", ".", ".."):
            bad(f"{where} has no path to a file beside the descriptor")
        problems += [
            Problem(file, None, None, f"{where}{m}") for m in _schema_problems(resource.get("schema"))
        ]
        problems += [Problem(file, None, None, f"{where}{m}") for m in _coverage_problems(resource)]
        for source in resource.get("sources", []) if isinstance(resource.get("sources"), list) else [None]:
            if source is not None and not (isinstance(source, dict) and isinstance(source.get("title"), str)):
                bad(f"{where} has a source without a title")
    for name in TABLES:
        if name not in names:
            bad(f"has no resource {echo(name)}, a table the app reads")
    sources = descriptor.get("sources", [])
    if not isinstance(sources, list) or not all(
        isinstance(s, dict) and isinstance(s.get("title"), str) for s in sources
    ):
        bad("has a source without a title")
    problems += _foreign_key_shape_problems(resources, file)
    problems += [Problem(file, None, None, m) for m in dashboard_problems(descriptor.get("dashboard"))]
    return problems


def _schema_problems(schema: Any) -> list[str]:
    """Problems of one resource's schema, each as the end of a sentence about the resource."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        return [" has no schema fields"]
    problems: list[str] = []
    seen: set[str] = set()
    for number, field in enumerate(schema["fields"], start=1):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            problems.append(f": field {number} has no name")
            continue
        where = f", field {echo(field['name'])}"
        if field["name"] in seen:
            problems.append(f"{where} is described twice")
        seen.add(field["name"])
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            known = ", ".join(FIELD_TYPES)
            problems.append(f"{where}: type {echo(str(kind))} is not one the loader reads ({known})")
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            problems.append(f"{where}: constraints are not an object")
            continue
        for bound in ("minimum", "maximum"):
            value = constraints.get(bound)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                problems.append(f"{where}: {bound} {echo(str(value))} is not a number")
        if "enum" in constraints and not isinstance(constraints["enum"], list):
            problems.append(f"{where}: enum is not a list")
        if "pattern" in constraints:
            try:
                re.compile(str(constraints["pattern"]))
            except re.error as exc:
                problems.append(f"{where}: pattern is not a regular expression ({exc})")
    for key in _key_fields(schema.get("primaryKey")):
        if key not in seen:
            problems.append(f": primary key field {echo(str(key))} is not a field")
    return problems


def _coverage_problems(entry: dict[str, Any]) -> list[str]:
    coverage = entry.get("coverage")
    if coverage is None:
        return []
    if not (isinstance(coverage, dict) and all(type(coverage.get(k)) is int for k in ("start", "end"))):
        return [": coverage needs a start and an end year"]
    return []


def _key_fields(key: Any) -> list[str]:
    if key is None:
        return []
    return [key] if isinstance(key, str) else list(key) if isinstance(key, list) else [str(key)]


def _foreign_key_shape_problems(resources: list[Any], file: str) -> list[Problem]:
    """Each foreign key names fields of its resource and of an existing referenced resource."""
    fields = {
        r["name"]: {f.get("name") for f in r["schema"]["fields"] if isinstance(f, dict)}
        for r in resources
        if isinstance(r, dict)
        and isinstance(r.get("schema"), dict)
        and isinstance(r["schema"].get("fields"), list)
    }
    problems = []
    for name, own in fields.items():
        schema = next(r["schema"] for r in resources if isinstance(r, dict) and r.get("name") == name)
        for fk in (
            schema.get("foreignKeys", []) if isinstance(schema.get("foreignKeys", []), list) else [None]
        ):
            try:
                ref = fk["reference"]
                mine, theirs = _key_fields(fk["fields"]), _key_fields(ref["fields"])
                ok = (
                    bool(mine)
                    and len(mine) == len(theirs)
                    and set(mine) <= own
                    and set(theirs) <= fields[ref["resource"]]
                )
            except (KeyError, TypeError):
                ok = False
            if not ok:
                problems.append(
                    Problem(
                        file, None, None, f"resource {echo(name)} has a foreign key the loader cannot follow"
                    )
                )
    return problems


# Parsing by Table Schema type ------------------------------------------------------------------


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


def load_tables(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """Load and validate every table of the data package, or raise DataValidationError."""
    folder = folder or data_dir()
    try:
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
    except DataValidationError as exc:
        problems = exc.problems
    except Exception as exc:
        # A shape of broken data no check above foresaw: still a refusal the reader can act on,
        # with the traceback in the log for whoever fixes the loader.
        log.exception("unforeseen failure while loading the data package")
        problems = [
            Problem(
                _rel(folder / DESCRIPTOR), None, None, f"could not be loaded ({type(exc).__name__}: {exc})"
            )
        ]
    if problems:
        error = DataValidationError(problems)
        log.error("data package refused:\n%s", error)
        raise error
    log.info("data package loaded: %d tables", len(tables))
    # Lines were for messages; the app works on plain row numbers.
    return {name: table.reset_index(drop=True) for name, table in tables.items()}


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
