"""URL state: every filter of every page lives in the query string.

This module alone parses, validates and writes query parameters. Values arrive as strings (a list
of strings where a link repeats a key); each parameter knows its default, how to parse a string
(raising ValueError with a reason a reader understands) and how to write a value back. A bad value
never breaks a page: it is reported in a warning and replaced by the default. Warnings are plain
text that quote what the link said (cut short, invisible characters made visible); the page escapes
them for Markdown where it shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from src.data.text import echo

COUNTRY = "country"  # shared by every page: the country highlighted in every view that has it
LIST_SEPARATOR = ","  # between the values of a multi-value parameter; option names may contain it too
_UNKNOWN_NAMED = 5  # unknown parameters named in the warning; the rest are counted
# What a link gives for a key: its value, or every value where the link repeats the key.
Query = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class Param:
    """One query parameter: its default, how to read it from text and write it back, and what a
    widget offers for it (options and how each reads, or the bounds of a range)."""

    key: str
    default: Any
    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str
    options: tuple[Any, ...] = ()
    describe: Callable[[Any], str] | None = None
    bounds: tuple[int, int] | None = None
    shown_when_empty: str = "all"  # what the page shows when the value writes as "" (a warning says it)


@dataclass(frozen=True)
class Bound:
    """A parameter with the value read for it: what a widget needs to show and write it back."""

    param: Param
    value: Any


@dataclass(frozen=True)
class ReadResult:
    values: dict[str, Any]
    warnings: list[str]
    query: dict[str, str]  # the normalized query string for these values
    params: dict[str, Param] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def bound(self, key: str) -> Bound:
        return Bound(self.params[key], self.values[key])


def read(query: Query, params: Sequence[Param]) -> ReadResult:
    """Parse every parameter; fall back to its default, with a warning, where a value is invalid.

    A key given more than once is read in order: the first valid value is used (or the default if
    none is), with a warning. An empty value means the parameter is not set."""
    values: dict[str, Any] = {}
    warnings: list[str] = []
    known = {p.key for p in params}
    if unknown := [key for key in query if key not in known]:
        warnings.append(_unknown_warning(unknown))
    for param in params:
        given = [raw for raw in _all(query.get(param.key)) if raw != ""]
        if not given:
            values[param.key] = param.default
            continue
        reasons: list[str] = []
        for raw in given:
            try:
                values[param.key] = param.parse(raw)
                break
            except ValueError as reason:
                reasons.append(str(reason))
        else:
            values[param.key] = param.default
        if len(given) > 1:
            warnings.append(_repeated_warning(param, given, reasons, values[param.key]))
        elif reasons:
            warnings.append(
                f"The link's {param.key}={echo(given[0])} was ignored: {reasons[0]}. "
                f"Showing {_shown_default(param)} instead."
            )
    return ReadResult(values, warnings, write(values, params), {p.key: p for p in params})


def _all(given: str | Sequence[str] | None) -> list[str]:
    if given is None:
        return []
    return [given] if isinstance(given, str) else list(given)


def _shown_default(param: Param) -> str:
    return "none" if param.default is None else (param.format(param.default) or param.shown_when_empty)


def _unknown_warning(keys: list[str]) -> str:
    named = ", ".join(echo(key) for key in keys[:_UNKNOWN_NAMED])
    if len(keys) > _UNKNOWN_NAMED:
        named += f" and {len(keys) - _UNKNOWN_NAMED:,} more"
    if len(keys) == 1:
        return f"The link parameter {named} is not used on this page and was ignored."
    return f"The link parameters {named} are not used on this page and were ignored."


def _repeated_warning(param: Param, given: list[str], reasons: list[str], value: Any) -> str:
    """One warning for a key the link repeats: which value was used, or that none was valid."""
    said = f"The link gives {param.key} {len(given)} times"
    if len(reasons) == len(given):
        return f"{said} and none is valid ({reasons[0]}). Showing {_shown_default(param)} instead."
    used = echo(given[len(reasons)])
    skipped = (
        f" ({len(reasons)} before it {'is' if len(reasons) == 1 else 'are'} not valid)" if reasons else ""
    )
    return f"{said}: the first valid value, {used}, is used{skipped}; the others were ignored."


def write(values: Mapping[str, Any], params: Sequence[Param]) -> dict[str, str]:
    """The query string for these values; every parameter written out, so a link is exact."""
    written = {p.key: p.format(values[p.key]) for p in params if values.get(p.key) is not None}
    return {key: text for key, text in written.items() if text != ""}  # empty filters mean "all"


# Parsers -------------------------------------------------------------------------------------------


def year_range(first: int, last: int) -> tuple[Callable[[str], tuple[int, int]], Callable[[Any], str]]:
    """'2019-2023' ↔ (2019, 2023), within [first, last]; a single year means a one-year window."""

    def parse(raw: str) -> tuple[int, int]:
        # ASCII digits only: str.isdigit() also accepts '²' or Arabic-Indic digits, which int() refuses.
        found = re.fullmatch(r"\s*([0-9]{1,4})\s*(?:[-–]\s*([0-9]{1,4})\s*)?", raw)
        if not found:
            raise ValueError(f"a window is written like {first}-{last}")
        start, end = int(found.group(1)), int(found.group(2) or found.group(1))
        if start > end:
            raise ValueError("the window starts after it ends")
        if start < first or end > last:
            raise ValueError(f"years must lie between {first} and {last}")
        return start, end

    def format_(window: tuple[int, int]) -> str:
        return f"{window[0]}-{window[1]}"

    return parse, format_


def choice(options: Iterable[str], what: str) -> Callable[[str], str]:
    """One of the options; case and surrounding spaces do not matter."""
    by_lower = {o.strip().lower(): o for o in options}

    def parse(raw: str) -> str:
        try:
            return by_lower[raw.strip().lower()]
        except KeyError:
            raise ValueError(f"there is no {what} by that name") from None

    return parse


def _list_key(text: str) -> str:
    """How a list item is compared: case and the spaces around separators do not matter."""
    return re.sub(rf"\s*{LIST_SEPARATOR}\s*", LIST_SEPARATOR, text.strip()).lower()


def choices(
    options: Iterable[str], what: str
) -> tuple[Callable[[str], tuple[str, ...]], Callable[[Any], str]]:
    """A comma-separated subset of the options, in the options' order.

    An option's name may itself contain a comma ("technical support, equipment and military
    assistance"): the parts of a value are matched to whole option names, longest first, so such a
    name round-trips. (Only a name that is exactly two other names joined by a comma would be read
    as the longer name.)"""
    ordered = list(options)
    by_key = {_list_key(o): o for o in ordered}
    widest = max((o.count(LIST_SEPARATOR) for o in ordered), default=0) + 1  # parts in one name

    def parse(raw: str) -> tuple[str, ...]:
        parts = raw.split(LIST_SEPARATOR)
        picked: set[str] = set()
        start = 0
        while start < len(parts):
            if not parts[start].strip():
                start += 1
                continue
            for end in range(min(len(parts), start + widest), start, -1):
                found = by_key.get(_list_key(LIST_SEPARATOR.join(parts[start:end])))
                if found is not None:
                    picked.add(found)
                    start = end
                    break
            else:
                several = sum(1 for part in parts if part.strip()) > 1
                named = f" called {echo(parts[start].strip())}" if several else " by that name"
                raise ValueError(f"there is no {what}{named}")
        if not picked:
            raise ValueError(f"no {what} given")
        return tuple(o for o in ordered if o in picked)

    def format_(values: tuple[str, ...]) -> str:
        return LIST_SEPARATOR.join(values)

    return parse, format_


def country_code(codes: Iterable[str]) -> Callable[[str], str]:
    """An ISO3 code the data package knows (case does not matter)."""
    known = set(codes)

    def parse(raw: str) -> str:
        code = raw.strip().upper()
        if code not in known:
            raise ValueError("it is not a country code this dashboard knows (use ISO3, e.g. NAM)")
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

ARMS_SCOPES = ("africa", "world")
ARMS_MODES = ("share", "leading")
DEFAULT_SUPPLIER = "China"  # the report's arms section is about dependence on China
COUP_MAP_MODES = ("count", "outcome")
SCOPE_LABELS = {"africa": "Africa", "world": "World"}
MODE_LABELS = {"share": "Share from a supplier", "leading": "Leading supplier"}
SHARE_SCALE_LABELS = {"continuous": "Continuous", "bins": "At the report's thresholds"}
COUP_MAP_MODE_LABELS = {"count": "Number of events", "outcome": "Outcome"}


def one_of(
    key: str, default: Any, options: Sequence[str], what: str, describe: Callable[[Any], str] | None = None
) -> Param:
    """A parameter whose value is one of the options."""
    return Param(key, default, choice(options, what), options=tuple(options), describe=describe)


def some_of(
    key: str, options: Sequence[str], what: str, default: tuple[str, ...] = (), **extra: Any
) -> Param:
    """A parameter whose value is a subset of the options (empty: all)."""
    parse, format_ = choices(options, what)
    return Param(key, default, extra.pop("parse", parse), format_, options=tuple(options), **extra)


def window_param(key: str, years: tuple[int, int], default: tuple[int, int]) -> Param:
    """A window of years within the data's years."""
    parse, format_ = year_range(*years)
    return Param(key, default, parse, format_, bounds=years)


def country_param(codes: Iterable[str], names: Mapping[str, str] | None = None) -> Param:
    """The shared country (ISO3); the selector offers the countries in `names` by name."""
    by_name = sorted(names, key=lambda c: names[c]) if names else []
    return Param(
        COUNTRY,
        None,
        country_code(codes),
        lambda code: code or "",
        options=(None, *by_name),
        describe=lambda c: "— none —" if c is None else f"{names.get(c, c) if names else c} ({c})",
    )


def arms_view_params(
    codes: Iterable[str],
    years: tuple[int, int],
    default_window: tuple[int, int],
    names: Mapping[str, str] | None = None,
) -> list[Param]:
    """The arms page's parameters that do not depend on the data in view."""
    return [
        one_of("scope", "africa", ARMS_SCOPES, "map scope", SCOPE_LABELS.get),
        one_of("mode", "share", ARMS_MODES, "map mode", MODE_LABELS.get),
        one_of("scale", "continuous", ("continuous", "bins"), "colour scale", SHARE_SCALE_LABELS.get),
        window_param("window", years, default_window),
        country_param(codes, names),
    ]


def supplier_param(suppliers: Sequence[str], describe: Callable[[Any], str] | None = None) -> Param:
    """Suppliers with deliveries in the scope and window; China by default where it is one."""
    default = DEFAULT_SUPPLIER if DEFAULT_SUPPLIER in suppliers else (suppliers[0] if suppliers else None)
    return one_of(
        "supplier", default, suppliers, "supplier with deliveries in this scope and window", describe
    )


def read_arms(
    query: Query,
    codes: Iterable[str],
    years: tuple[int, int],
    default_window: tuple[int, int],
    suppliers_for: Callable[[str, tuple[int, int]], list[str]],
    names: Mapping[str, str] | None = None,
    supplier_label: Callable[[Any], str] | None = None,
) -> ReadResult:
    """Two steps: scope and window first, then the supplier among those active in them."""
    view_params = arms_view_params(codes, years, default_window, names)
    first = read({k: v for k, v in query.items() if k != "supplier"}, view_params)
    suppliers = suppliers_for(first.values["scope"], first.values["window"])
    supplier = supplier_param(suppliers, supplier_label)
    second = read({"supplier": query.get("supplier", "")}, [supplier])
    params = [*view_params, supplier]
    values = {**first.values, **second.values}
    return ReadResult(
        values, first.warnings + second.warnings, write(values, params), {p.key: p for p in params}
    )


def coups_params(
    codes: Iterable[str],
    years: tuple[int, int],
    default_window: tuple[int, int],
    names: Mapping[str, str] | None = None,
) -> list[Param]:
    return [
        window_param("years", years, default_window),
        Param("failed", True, flag, format_flag),
        # Events only the Cline Center records (conspiracies, self-coups): shown, marked, by default,
        # as the page says both lists are shown.
        Param("cline", True, flag, format_flag),
        one_of("map", "count", COUP_MAP_MODES, "map mode", COUP_MAP_MODE_LABELS.get),
        country_param(codes, names),
    ]


def exercises_params(
    organizations: Sequence[str], describe: Callable[[Any], str] | None = None
) -> list[Param]:
    return [some_of("org", organizations, "organization", default=tuple(organizations), describe=describe)]


def interventions_params(
    actors: Sequence[str],
    targets: Sequence[str],
    kinds: Sequence[str],
    codes: Iterable[str],
    names: Mapping[str, str] | None = None,
) -> list[Param]:
    """Filters by actor, target country (ISO3) and kind of support; empty means all."""
    target_parse = choices(targets, "target country")[0]
    country_name = (lambda c: names.get(c, c)) if names else None
    return [
        some_of("actor", actors, "actor"),
        some_of(
            "target",
            targets,
            "target country",
            parse=lambda raw: target_parse(raw.upper()),
            describe=country_name,
        ),
        some_of("kind", kinds, "kind of support"),
        country_param(codes, names),
    ]


# The country profile: one country, or a few side by side ----------------------------------------------

COMPARE = "countries"
COMPARE_SIZES = (2, 6)  # how many countries a comparison shows side by side


def country_list(codes: Iterable[str]) -> tuple[Callable[[str], tuple[str, ...]], Callable[[Any], str]]:
    """'MOZ,NAM,ZWE' ↔ ('MOZ', 'NAM', 'ZWE'): known ISO3 codes in the link's order, repeats dropped."""
    one = country_code(codes)

    def parse(raw: str) -> tuple[str, ...]:
        picked = tuple(dict.fromkeys(one(part) for part in raw.split(",") if part.strip()))
        if not picked:
            raise ValueError("no country given")
        return picked

    def format_(values: tuple[str, ...]) -> str:
        return ",".join(values)

    return parse, format_


def profile_params(codes: Iterable[str], names: Mapping[str, str] | None = None) -> list[Param]:
    """The shared country, and the countries to compare (options and labels as the country selector's)."""
    codes = list(codes)
    country = country_param(codes, names)
    parse, format_ = country_list(codes)
    return [
        country,
        Param(
            COMPARE,
            (),
            parse,
            format_,
            options=country.options[1:],
            describe=country.describe,
            shown_when_empty="one country's profile, no comparison",
        ),
    ]


def read_profile(
    query: Mapping[str, str], codes: Iterable[str], names: Mapping[str, str] | None = None
) -> ReadResult:
    """Read the profile's link. A comparison names 2 to 6 countries: with one, that country's profile is
    shown; with more than 6, the first 6 are compared; each with a warning."""
    params = profile_params(codes, names)
    format_ = params[1].format
    result = read(query, params)
    values, warnings = dict(result.values), list(result.warnings)
    chosen, (fewest, most) = values[COMPARE], COMPARE_SIZES
    # What the link said, cut like every other echo (a list of codes can be thousands of characters).
    said = echo(format_(chosen))
    if 0 < len(chosen) < fewest:
        warnings.append(
            f"The link's {COMPARE}={said} names one country; a comparison needs {fewest} to "
            f"{most}. Showing the profile of {chosen[0]} instead."
        )
        values[COUNTRY], values[COMPARE] = chosen[0], ()
    elif len(chosen) > most:
        warnings.append(
            f"The link's {COMPARE}={said} names {len(chosen):,} countries; a comparison shows at "
            f"most {most}. Comparing the first {most}: {','.join(chosen[:most])}."
        )
        values[COMPARE] = chosen[:most]
    return ReadResult(values, warnings, write(values, params), result.params)
