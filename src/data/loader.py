"""The data layer's entry: the only module that reads data/. Every table is described in
data/datapackage.json (Frictionless Data Package); load_tables checks the descriptor's shape, parses
and validates every table (src/data/validate.py) and refuses anything wrong with a message naming
the file, the line and the column."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import pandas as pd

from src.data import snapshot
from src.data.descriptor import DESCRIPTOR, TABLES, descriptor_problems
from src.data.problems import DataValidationError, Problem, _rel

__all__ = [
    "DATA_DIR_ENV", "DESCRIPTOR", "TABLES", "DataValidationError", "Problem",
    "country_names", "data_dir", "load_tables", "read_descriptor", "resource",
]  # fmt: skip

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Another data folder can be given for checks of broken data (tests start the app on a copy).
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"


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


def load_tables(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the data package, validated, or DataValidationError. Tables validated before
    (the same bytes, the same validating code) come from their snapshot (src/data/snapshot.py)."""
    folder = folder or data_dir()
    try:
        descriptor = read_descriptor(folder)
        names = [r["name"] for r in descriptor["resources"]]
        snapshot_key = snapshot.key(
            [folder / DESCRIPTOR, *(folder / r["path"] for r in descriptor["resources"])]
        )
    except (DataValidationError, OSError):
        snapshot_key = None  # validation below says what is wrong, as it always has
    if snapshot_key and (tables := snapshot.read(snapshot_key, names)) is not None:
        log.info(
            "data package loaded: %d tables (validated snapshot %s; Arrow's memory pool: %s)",
            len(tables), snapshot_key[:12], _arrow_pool(),
        )  # fmt: skip
        return tables
    tables = _validated(folder)
    if snapshot_key:
        snapshot.write(snapshot_key, tables)
    return tables


def _arrow_pool() -> str:
    """The allocator of Arrow's buffers ("system" unless the environment chose another: src/__init__.py),
    for the log: asked only once the tables are read, since asking first would start Arrow's own pool."""
    import pyarrow

    return str(pyarrow.default_memory_pool().backend_name)


def _validated(folder: Path) -> dict[str, pd.DataFrame]:
    """Parse and validate every table in full, or raise DataValidationError."""
    from src.data.validate import _foreign_key_problems, parse_table  # pandera: only when validating

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
    log.info(
        "data package loaded: %d tables (validated in full; Arrow's memory pool: %s)",
        len(tables),
        _arrow_pool(),
    )
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
