"""All pairs: rows of parameter values in which every value of each parameter meets every value of
every other parameter at least once (a covering array of strength 2), for input spaces too large to
walk whole. Greedy, in the manner of AETG: each row starts from a pair not yet covered and takes,
parameter by parameter, the value that covers most pairs still uncovered. Deterministic."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import combinations
from typing import Any

Row = dict[str, Any]
Pair = tuple[tuple[str, Hashable], tuple[str, Hashable]]


def pairs_of(
    params: Mapping[str, Sequence[Hashable]],
    skip: frozenset[frozenset[str]] = frozenset(),
    valid: Callable[[Row], bool] = lambda row: True,
) -> dict[Pair, None]:
    """Every pair of values of two parameters that a valid row can hold (in a stable order)."""
    found: dict[Pair, None] = {}
    for a, b in combinations(params, 2):
        if frozenset((a, b)) in skip:
            continue
        for va in params[a]:
            for vb in params[b]:
                if valid({a: va, b: vb}):
                    found[((a, va), (b, vb))] = None
    return found


def covering(
    params: Mapping[str, Sequence[Hashable]],
    *,
    skip: frozenset[frozenset[str]] = frozenset(),
    valid: Callable[[Row], bool] = lambda row: True,
) -> list[Row]:
    """Rows covering every pair of values of every two parameters, except pairs of the parameters
    named together in `skip` (covered some other way). `valid` judges a partial row (only some
    parameters set): it must answer True while a row can still be completed."""
    uncovered = pairs_of(params, skip, valid)
    names = list(params)
    rows: list[Row] = []
    while uncovered:
        (a, va), (b, vb) = next(iter(uncovered))
        row: Row = {a: va, b: vb}
        for name in names:
            if name in row:
                continue
            candidates = [v for v in params[name] if valid({**row, name: v})]
            if not candidates:
                raise ValueError(f"no valid value of {name} completes {row}")
            row[name] = max(candidates, key=lambda v, n=name: _gain(uncovered, row, n, v))
        for x, y in combinations(names, 2):
            uncovered.pop(((x, row[x]), (y, row[y])), None)
            uncovered.pop(((y, row[y]), (x, row[x])), None)
        rows.append(row)
    return rows


def _gain(uncovered: Mapping[Pair, None], row: Row, name: str, value: Hashable) -> int:
    return sum(
        ((other, given), (name, value)) in uncovered or ((name, value), (other, given)) in uncovered
        for other, given in row.items()
    )


def covers_all_pairs(
    rows: Sequence[Row],
    params: Mapping[str, Sequence[Hashable]],
    skip: frozenset[frozenset[str]] = frozenset(),
    valid: Callable[[Row], bool] = lambda row: True,
) -> bool:
    """Whether the rows hold every pair (a check of `covering` itself)."""
    held = {((a, r[a]), (b, r[b])) for r in rows for a, b in combinations(params, 2)}
    return set(pairs_of(params, skip, valid)) <= held
