"""Server CPU of script runs through Streamlit's AppTest, each view against the floor, in one process.

    python -m bench.apptest --repeat 5 --warmup 1 --out results/apptest.json [--present VIEW ...]

Run by bench.run in a fresh process of its own, so that nothing else runs in it: the CPU time of
the process (every thread, and its children: kaleido's Chromium in presentation mode) around
`AppTest.run()` is what one script run costs, Streamlit's own work for the run included. For each
view (bench/views.py):
- warm: the same view run again, every cache warm (after its first run and `--warmup` more);
- change: its filter change, made through the widget as AppTest does it, then the run. AppTest
  reruns the whole script for any widget (it has no fragment reruns), so this is a full rerun
  whatever the page does; bench/browser.py measures what a change costs the real server;
- present: the view with ?present=1 (each chart drawn as its slide by kaleido).
Each timed run of a view is paired with one of the floor's, just before it. The app's own run log
(BENCH_RUNLOG) gives the script thread's part of each run: from ui.setup_page to ui.finish.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.server import ROOT, cpu_s, runs
from bench.views import BY_NAME, FLOOR, VIEWS, Change, View

TIMEOUT_S = 300  # one run on a busy machine: generous, never a measure


@dataclass
class Runs:
    """CPU seconds of timed runs of a view, and of the floor's runs paired with them."""

    cpu_s: list[float] = field(default_factory=list)
    floor_cpu_s: list[float] = field(default_factory=list)
    script_cpu_s: list[float] = field(default_factory=list)  # of which from setup_page to finish
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if not self.cpu_s or not self.floor_cpu_s:
            return None
        return statistics.median(self.cpu_s) / statistics.median(self.floor_cpu_s)


@dataclass
class Result:
    view: str
    first_cpu_s: float | None = None  # the view's first run in the process (the floor's warm)
    warm: Runs = field(default_factory=Runs)
    change: Runs = field(default_factory=Runs)
    present: Runs = field(default_factory=Runs)
    charts: int = 0
    exceptions: list[str] = field(default_factory=list)


class Timed:
    """One AppTest at one view; each run timed by the process's CPU and by the app's run log."""

    def __init__(self, view: View, runlog: Path, present: bool = False):
        from streamlit.testing.v1 import AppTest

        self.runlog = runlog
        main = ROOT / (FLOOR.script if view is FLOOR else "app.py")
        self.at = AppTest.from_file(str(main), default_timeout=TIMEOUT_S)
        if view.script not in ("app.py", FLOOR.script):
            self.at.switch_page(view.script)
        for key, value in {**view.query, **({"present": "1"} if present else {})}.items():
            self.at.query_params[key] = value

    def run(self) -> tuple[float, float | None]:
        """(CPU seconds of the process around the run, the page's own part from the run log)."""
        logged = len(runs(self.runlog))
        start = cpu_s(os.getpid())
        self.at.run()
        spent = cpu_s(os.getpid()) - start
        own = [r["cpu_s"] for r in runs(self.runlog)[logged:] if r["cpu_s"] is not None]
        return spent, sum(own) if own else None

    def change(self, change: Change) -> tuple[float, float | None]:
        """Make the change through its widget and time the run; then undo it (untimed), so the
        next round makes the same change again."""
        kinds = {"select": "selectbox", "add": "multiselect", "drop_last": "multiselect", "toggle": "toggle"}
        widget = getattr(self.at, kinds[change.kind])(key=change.key)
        before = widget.value
        if change.kind == "add":
            widget.set_value([*before, change.value])
        elif change.kind == "drop_last":
            widget.set_value(list(before)[:-1])
        else:
            widget.set_value(change.value)
        spent = self.run()
        getattr(self.at, kinds[change.kind])(key=change.key).set_value(before)
        self.run()
        return spent

    def exceptions(self) -> list[str]:
        return [str(e.value)[:200] for e in self.at.exception]


def paired(into: Runs, floor: Timed, mine: Timed, view: View | None, keep: bool) -> None:
    """The floor's run, then the view's (with view: their filter changes); kept if `keep`."""
    floor_spent, _ = floor.change(FLOOR.change) if view else floor.run()  # type: ignore[arg-type]
    spent, own = mine.change(view.change) if view else mine.run()  # type: ignore[arg-type]
    if keep:
        into.floor_cpu_s.append(floor_spent)
        into.cpu_s.append(spent)
        if own is not None:
            into.script_cpu_s.append(own)


def measure(views: list[View], repeat: int, warmup: int, present: list[View]) -> dict[str, object]:
    runlog = Path(os.environ["BENCH_RUNLOG"])
    started = time.perf_counter()
    floor = Timed(FLOOR, runlog)
    floor_first, _ = floor.run()
    results = {v.name: Result(v.name) for v in views + present}
    timed: dict[str, Timed] = {}
    for view in views:  # first runs: data loaded, caches filled
        timed[view.name] = Timed(view, runlog)
        results[view.name].first_cpu_s = timed[view.name].run()[0]
    # Round by round, so that the floor's runs are spread over the whole measurement.
    for kind in ("warm", "change"):
        for round_ in range(warmup + repeat):
            for view in views:
                into = getattr(results[view.name], kind)
                if (kind == "change" and not view.change) or into.error:
                    continue
                try:
                    paired(
                        into, floor, timed[view.name], view if kind == "change" else None, round_ >= warmup
                    )
                except Exception as exc:  # noted; the other views go on
                    into.error = f"{type(exc).__name__}: {str(exc)[:200]}"
    for view in views:
        results[view.name].charts = len(timed[view.name].at.get("plotly_chart"))
        results[view.name].exceptions = timed[view.name].exceptions()
    for view in present:
        result = results[view.name]
        try:
            shown = Timed(view, runlog, present=True)
            shown.run()  # the first: kaleido's browser starts
            for round_ in range(warmup + repeat):
                paired(result.present, floor, shown, None, round_ >= warmup)
            result.exceptions += shown.exceptions()
        except Exception as exc:
            result.present.error = f"{type(exc).__name__}: {str(exc)[:200]}"
    return {
        "seconds": time.perf_counter() - started,
        "floor_first_cpu_s": floor_first,
        "results": [asdict(r) for r in results.values()],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--view", action="append", default=[], help="only these views (names: bench/views.py)"
    )
    parser.add_argument("--present", action="append", default=[], help="views to time with ?present=1")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if "BENCH_RUNLOG" not in os.environ:  # before any page imports src/web/timing.py
        os.environ["BENCH_RUNLOG"] = str(Path(tempfile.mkdtemp(prefix="bench-apptest-")) / "runs.jsonl")
    views = [BY_NAME[n] for n in args.view] if args.view else VIEWS
    report = measure(views, args.repeat, args.warmup, [BY_NAME[n] for n in args.present])
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    try:  # kaleido's browser, if presentation mode started it
        from src.export import stop_renderer

        stop_renderer()
    except Exception:
        pass


if __name__ == "__main__":
    main()
