"""The descriptor's dashboard block checked for what the pages read from it (src/data/meta.py): the
windows, the suppliers singled out, the methods in words, and how the report's claims are read and
judged (readings, the minimum volume, the verdict words, the regime words)."""

from __future__ import annotations

from typing import Any

# The methods in words the pages show (keys of the descriptor's dashboard.methods).
METHODS = ("coupsCounted",)
VERDICT_WORDS = (
    "holds",
    "holds only under another reading",
    "does not hold",
    "too little to judge",
    "cannot be tested with these data",
)
REGIME_WORDS = ("democracy", "hybrid", "autocracy", "authoritarian")  # the words the report uses
REGIME_CATEGORIES = {0, 1, 2, 3}  # Regimes of the World


def dashboard_problems(block: Any) -> list[str]:
    """The definitions the pages read (src/data/meta.py): windows, suppliers, methods in words."""
    if not isinstance(block, dict):
        return ["has no 'dashboard' block (the windows, suppliers and methods the pages read)"]
    problems = []

    def is_year(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100

    if not is_year(block.get("reportYear")):
        problems.append("dashboard.reportYear must be the year the report appeared")
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
    for key in ("latestWindowWhy", "sourcesWindowWhy", "reportYearWhy"):
        if not isinstance(block.get(key), str):
            problems.append(f"dashboard.{key} must say why the window is offered")
    return problems + _claim_method_problems(block)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _claim_method_problems(block: dict[str, Any]) -> list[str]:
    """Readings (each with a reason; one literal per kind of claim), the volume rule, the verdict
    words and the regime words: what src/analysis/claims reads to judge the report's claims."""
    problems = []
    readings = (
        block.get("claimReadings", {}).get("readings")
        if isinstance(block.get("claimReadings"), dict)
        else None
    )
    literal: dict[str, int] = {}
    if not isinstance(readings, list) or not readings:
        problems.append("dashboard.claimReadings.readings must list the readings of the report's claims")
        readings = []
    for reading in readings:
        measures = reading.get("measures") if isinstance(reading, dict) else None
        if not (
            isinstance(reading, dict)
            and all(_text(reading.get(k)) for k in ("key", "label", "reason"))
            and isinstance(reading.get("literal"), bool)
            and (reading.get("source") is None or _text(reading.get("source")))
            and isinstance(measures, list)
            and measures
            and all(
                isinstance(m, dict)
                and all(_text(m.get(k)) for k in ("claimKind", "measure", "definition"))
                and m.get("unit") in ("percent", "rank")
                for m in measures
            )
        ):
            problems.append(
                "dashboard.claimReadings: each reading needs a key, a label, a reason, literal (true or "
                "false), a source or null, and measures (claimKind, measure, unit, definition)"
            )
            continue
        for measure in measures:
            literal[measure["claimKind"]] = literal.get(measure["claimKind"], 0) + int(reading["literal"])
    for kind, count in literal.items():
        if count != 1:
            problems.append(f"dashboard.claimReadings: the claims {kind!r} need exactly one literal reading")
    rule = block.get("volumeRule")
    if not (
        isinstance(rule, dict)
        and all(
            isinstance(rule.get(k), int | float) and rule[k] > 0 for k in ("minBaseTiv", "typicalDeliveryTiv")
        )
        and _text(rule.get("why"))
    ):
        problems.append(
            "dashboard.volumeRule needs minBaseTiv and typicalDeliveryTiv (TIV, above 0) and a why"
        )
    verdicts = block.get("verdicts")
    words = verdicts.get("words") if isinstance(verdicts, dict) else None
    if not (
        isinstance(words, list)
        and [w.get("word") if isinstance(w, dict) else None for w in words] == list(VERDICT_WORDS)
        and all(_text(w.get("meaning")) for w in words)
        and _text(verdicts.get("windows"))
    ):
        problems.append(
            f"dashboard.verdicts must explain the verdict words {list(VERDICT_WORDS)} and the windows"
        )
    regime = block.get("regimeWords")
    entries = regime.get("words") if isinstance(regime, dict) else None
    if not (
        isinstance(entries, list)
        and sorted(w.get("word") if isinstance(w, dict) else "" for w in entries) == sorted(REGIME_WORDS)
        and all(
            isinstance(w.get("categories"), list)
            and w["categories"]
            and set(w["categories"]) <= REGIME_CATEGORIES
            and _text(w.get("why"))
            for w in entries
        )
        and _text(regime.get("several"))
    ):
        problems.append(
            f"dashboard.regimeWords must map each of {list(REGIME_WORDS)} to Regimes of the World categories "
            "(0-3) with a why, and say how a claim naming several kinds is read"
        )
    return problems
