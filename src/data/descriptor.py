"""The descriptor's shape: what data/datapackage.json must hold for the loader and the pages to use it
(resources, schemas, keys, coverage, sources, the dashboard block)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from src.data.dashboard import dashboard_problems
from src.data.problems import Problem
from src.data.text import echo

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
    "updates",
)
FIELD_TYPES = ("string", "integer", "year", "number", "boolean", "date")  # the types this loader reads


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
