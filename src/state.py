"""URL state: every filter of every page lives in the query string.

This module alone parses, validates and writes query parameters. Values arrive as strings; each
parameter knows its default, how to parse a string (raising ValueError with a reason a reader
understands) and how to write a value back. A bad value never breaks a page: it is reported in a
warning and replaced by the default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

COUNTRY = "country"  # shared by every page: the country highlighted in every view that has it


@dataclass(frozen=True)
class Param:
    key: str
    default: Any
    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str


@dataclass(frozen=True)
class ReadResult:
    values: dict[str, Any]
    warnings: list[str]
    query: dict[str, str]  # the normalized query string for these values


def read(query: Mapping[str, str], params: Sequence[Param]) -> ReadResult:
    """Parse every parameter; fall back to its default, with a warning, where a value is invalid."""
    values: dict[str, Any] = {}
    warnings: list[str] = []
    known = {p.key for p in params}
    for key in query:
        if key not in known:
            warnings.append(f"The link parameter “{key}” is not used on this page and was ignored.")
    for param in params:
        raw = query.get(param.key)
        if raw is None or raw == "":
            values[param.key] = param.default
            continue
        try:
            values[param.key] = param.parse(raw)
        except ValueError as reason:
            values[param.key] = param.default
            shown = "none" if param.default is None else param.format(param.default)
            warnings.append(f"The link's {param.key}={raw!r} was ignored: {reason}. Showing {shown} instead.")
    return ReadResult(values, warnings, write(values, params))


def write(values: Mapping[str, Any], params: Sequence[Param]) -> dict[str, str]:
    """The query string for these values; every parameter written out, so a link is exact."""
    written = {p.key: p.format(values[p.key]) for p in params if values.get(p.key) is not None}
    return {key: text for key, text in written.items() if text != ""}  # empty filters mean "all"


# Parsers -------------------------------------------------------------------------------------------


def year_range(first: int, last: int) -> tuple[Callable[[str], tuple[int, int]], Callable[[Any], str]]:
    """'2019-2023' ↔ (2019, 2023), within [first, last]; a single year means a one-year window."""

    def parse(raw: str) -> tuple[int, int]:
        parts = raw.replace("–", "-").split("-")
        if len(parts) == 1:
            parts = parts * 2
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise ValueError(f"a window is written like {first}-{last}")
        start, end = (int(p) for p in parts)
        if start > end:
            raise ValueError("the window starts after it ends")
        if start < first or end > last:
            raise ValueError(f"years must lie between {first} and {last}")
        return start, end

    def format_(window: tuple[int, int]) -> str:
        return f"{window[0]}-{window[1]}"

    return parse, format_


def choice(options: Iterable[str], what: str) -> Callable[[str], str]:
    """One of the options; case does not matter."""
    by_lower = {o.lower(): o for o in options}

    def parse(raw: str) -> str:
        try:
            return by_lower[raw.strip().lower()]
        except KeyError:
            raise ValueError(f"there is no {what} called {raw.strip()!r}") from None

    return parse


def choices(
    options: Iterable[str], what: str
) -> tuple[Callable[[str], tuple[str, ...]], Callable[[Any], str]]:
    """A comma-separated subset of the options, in the options' order."""
    ordered = list(options)
    one = choice(ordered, what)

    def parse(raw: str) -> tuple[str, ...]:
        picked = {one(part) for part in raw.split(",") if part.strip()}
        if not picked:
            raise ValueError(f"no {what} given")
        return tuple(o for o in ordered if o in picked)

    def format_(values: tuple[str, ...]) -> str:
        return ",".join(values)

    return parse, format_


def country_code(codes: Iterable[str]) -> Callable[[str], str]:
    """An ISO3 code the data package knows (case does not matter)."""
    known = set(codes)

    def parse(raw: str) -> str:
        code = raw.strip().upper()
        if code not in known:
            raise ValueError(
                f"{raw.strip()!r} is not a country code this dashboard knows (use ISO3, e.g. NAM)"
            )
        return code

    return parse


def flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("use 1 or 0")


def format_flag(value: bool) -> str:
    return "1" if value else "0"


# The pages' parameters -------------------------------------------------------------------------------

ARMS_FIRST_YEAR, ARMS_LAST_YEAR = 2000, 2023
ARMS_DEFAULT_WINDOW = (2019, 2023)
ARMS_PRESETS: dict[str, tuple[int, int]] = {
    "2019–2023: SIPRI's usual five years": (2019, 2023),
    "2000–2019: what the report's sources could see": (2000, 2019),
    "2008–2019": (2008, 2019),
}
ARMS_SCOPES = ("africa", "world")
ARMS_MODES = ("share", "leading")
DEFAULT_SUPPLIER = "China"


def country_param(codes: Iterable[str]) -> Param:
    return Param(COUNTRY, None, country_code(codes))


def arms_view_params(codes: Iterable[str]) -> list[Param]:
    """The arms page's parameters that do not depend on the data in view."""
    window_parse, window_format = year_range(ARMS_FIRST_YEAR, ARMS_LAST_YEAR)
    return [
        Param("scope", "africa", choice(ARMS_SCOPES, "map scope")),
        Param("mode", "share", choice(ARMS_MODES, "map mode")),
        Param("window", ARMS_DEFAULT_WINDOW, window_parse, window_format),
        country_param(codes),
    ]


def supplier_param(suppliers: Sequence[str]) -> Param:
    """Suppliers with deliveries in the scope and window; China by default where it is one."""
    default = DEFAULT_SUPPLIER if DEFAULT_SUPPLIER in suppliers else (suppliers[0] if suppliers else None)
    return Param("supplier", default, choice(suppliers, "supplier with deliveries in this scope and window"))


def read_arms(
    query: Mapping[str, str], codes: Iterable[str], suppliers_for: Callable[[str, tuple[int, int]], list[str]]
) -> ReadResult:
    """Two steps: scope and window first, then the supplier among those active in them."""
    view_params = arms_view_params(codes)
    first = read({k: v for k, v in query.items() if k != "supplier"}, view_params)
    suppliers = suppliers_for(first.values["scope"], first.values["window"])
    supplier = supplier_param(suppliers)
    second = read({"supplier": query.get("supplier", "")}, [supplier])
    params = [*view_params, supplier]
    values = {**first.values, **second.values}
    return ReadResult(values, first.warnings + second.warnings, write(values, params))


COUPS_DEFAULT_WINDOW = (2020, 2023)
COUP_MAP_MODES = ("count", "outcome")


def coups_params(codes: Iterable[str], first_year: int, last_year: int) -> list[Param]:
    years_parse, years_format = year_range(first_year, last_year)
    return [
        Param("years", COUPS_DEFAULT_WINDOW, years_parse, years_format),
        Param("failed", True, flag, format_flag),
        Param("map", "count", choice(COUP_MAP_MODES, "map mode")),
        country_param(codes),
    ]


def exercises_params(organizations: Sequence[str], codes: Iterable[str]) -> list[Param]:
    orgs_parse, orgs_format = choices(organizations, "organization")
    return [Param("org", tuple(organizations), orgs_parse, orgs_format), country_param(codes)]


def interventions_params(
    actors: Sequence[str], targets: Sequence[str], kinds: Sequence[str], codes: Iterable[str]
) -> list[Param]:
    """Filters by actor, target country (ISO3) and kind of support; empty means all."""
    actor_parse, actor_format = choices(actors, "actor")
    target_parse, target_format = choices(targets, "target country")
    kind_parse, kind_format = choices(kinds, "kind of support")
    return [
        Param("actor", (), actor_parse, actor_format),
        Param("target", (), lambda raw: target_parse(raw.upper()), target_format),
        Param("kind", (), kind_parse, kind_format),
        country_param(codes),
    ]
