"""The descriptor's dashboard block checked for what the pages read from it (src/data/meta.py): the
windows, the suppliers singled out and the methods in words."""

from __future__ import annotations

from typing import Any

# The methods in words the pages show (keys of the descriptor's dashboard.methods).
METHODS = ("coupsCounted", "regimeWords")


def dashboard_problems(block: Any) -> list[str]:
    """The definitions the pages read (src/data/meta.py): windows, suppliers, methods in words."""
    if not isinstance(block, dict):
        return ["has no 'dashboard' block (the windows, suppliers and methods the pages read)"]
    problems = []

    def is_year(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100

    if not (isinstance(block.get("latestWindowYears"), int) and block["latestWindowYears"] >= 1):
        problems.append("dashboard.latestWindowYears must be a whole number of years, at least 1")
    windows = block.get("standardWindows")
    if not isinstance(windows, list) or not all(
        isinstance(w, dict)
        and is_year(w.get("start"))
        and is_year(w.get("end"))
        and w["start"] <= w["end"]
        and isinstance(w.get("why"), str)
        for w in windows
    ):
        problems.append("dashboard.standardWindows must list windows with a start, an end and a why")
    for key in ("greatPowers", "headlineSuppliers"):
        entry = block.get(key)
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("suppliers"), list)
            and entry["suppliers"]
            and all(isinstance(s, str) and s for s in entry["suppliers"])
            and isinstance(entry.get("why"), str)
        ):
            problems.append(f"dashboard.{key} must list suppliers (SIPRI's spellings) and say why")
    methods = block.get("methods")
    for key in METHODS:
        if not (isinstance(methods, dict) and isinstance(methods.get(key), str) and methods[key].strip()):
            problems.append(f"dashboard.methods.{key} must say in words how it is done")
    for key in ("latestWindowWhy", "sourcesWindowWhy"):
        if not isinstance(block.get(key), str):
            problems.append(f"dashboard.{key} must say why the window is offered")
    return problems
