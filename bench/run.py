"""Benchmark every page of the app as ratios against floor pages measured in the same run (bench/README.md).

python -m bench.run [--quick] [--no-readme] [options]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from bench import browser, coldstart, sessions
from bench.server import ROOT, Spec, floor_dir, serve
from bench.views import BY_NAME, FLOOR, VIEWS, View

RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
LOG_PROBLEM = re.compile(r"Traceback|Error|Exception")
# (label, target, unit): a ratio (×) or megabytes. A figure is met when it is at most its target.
FIGURES: dict[str, tuple[str, float | None, str]] = {
    "warm": ("Warm script run, server CPU (AppTest) / floor's", 5, "×"),
    "change_browser": ("Filter change, input to every chart redrawn (browser) / floor's", 1.5, "×"),
    "change_cpu": ("Filter change, server CPU (the server, during that change) / floor's", 1.5, "×"),
    "load": ("Page load to every chart drawn (browser) / floor's", 1.3, "×"),
    "cold": ("Cold start, snapshot present / bare `import streamlit, plotly, pandas`", 1.5, "×"),
    "cold_first": ("Cold start, first ever (no snapshot) / bare import", None, "×"),
    "memory": ("Server memory, {n} sessions open / memory floor's with {n}", 1.3, "×"),
    "per_session": ("Server memory per session, {n} open", 1.0, " MB"),
    "second": (
        "Server memory added per session by {n} more after the first {n} closed (not released)",
        0.25,
        " MB",
    ),
    "p95": ("p95 script run with {n} sessions (two waves) / floor's p95 with {n} (two waves)", 3, "×"),
    "present": ("Presentation mode (?present=1), server CPU per warm load (AppTest) / floor's run", 5, "×"),
}
# Quick mode proves the benchmark works in a few minutes: every view through AppTest, a few in the
# browser (with the floor's, every kind of change).
QUICK_BROWSER = ["Coups", "Interventions", "Country profile, MOZ NAM ZWE"]
QUICK_CONTROLS = ["Exercises"]
QUICK_PRESENT = ["Coups"]
QUICK_SESSIONS = ["Overview", "Coups"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="one of each, a few views in the browser, 2 sessions"
    )
    parser.add_argument("--repeat", type=int, help="timed runs, loads and changes per view [5]")
    parser.add_argument("--warmup", type=int, help="untimed rounds before them [1]")
    parser.add_argument("--sessions", type=int, help="concurrent sessions [16]")
    parser.add_argument("--rounds", type=int, help="times each session views each of its views [2]")
    parser.add_argument("--think", type=float, help="mean seconds a reader pauses after each view [2]")
    parser.add_argument(
        "--release-wait", type=float, help="seconds after the sessions close before reading memory [10]"
    )
    parser.add_argument("--cold-repeat", type=int, help="fresh processes of each kind for the cold start [5]")
    parser.add_argument("--view", action="append", help="only these views (names in bench/views.py)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds allowed per load or change [240]")
    parser.add_argument("--settle", type=float, default=0.3, help="seconds readiness must hold [0.3]")
    parser.add_argument(
        "--readme",
        action=argparse.BooleanOptionalAction,
        help="write the tables into README.md if the run is complete [yes; with --quick, no]",
    )
    args = parser.parse_args(argv)
    quick = {
        "repeat": 1,
        "warmup": 0,
        "sessions": 2,
        "rounds": 1,
        "think": 0.3,
        "release_wait": 0,
        "cold_repeat": 1,
    }
    full = {
        "repeat": 5,
        "warmup": 1,
        "sessions": 16,
        "rounds": 2,
        "think": 2.0,
        "release_wait": 10,
        "cold_repeat": 5,
    }
    full["readme"], quick["readme"] = True, False
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def fmt(value: float | None, spec: str = ".2f", unit: str = "") -> str:
    return "-" if value is None else f"{format(value, spec)}{unit}"


def ms(value: float | None) -> str:
    return fmt(None if value is None else value * 1000, ".0f")


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def ratio(values: list[float], floor: list[float]) -> float | None:
    a, b = median(values), median(floor)
    return a / b if a is not None and b else None


def worst(found: dict[str, float | None]) -> tuple[float | None, str]:
    known = [(value, name) for name, value in found.items() if value is not None]
    return max(known) if known else (None, "-")


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (
        " with uncommitted changes" if git("status", "--porcelain") else ""
    )


def figures(
    apptest: dict[str, dict], pages: list[browser.ViewResult], cold: coldstart.ColdStart, phases: dict
) -> dict[str, tuple[float | None, str]]:
    """Each figure (FIGURES) with the view it is the worst for."""
    app, floor, table = phases["app"], phases["floor"], phases["memory floor"]
    by_kind = {
        kind: {name: ratio(r[kind]["cpu_s"], r[kind]["floor_cpu_s"]) for name, r in apptest.items()}
        for kind in ("warm", "present")
    }
    return {
        "warm": worst(by_kind["warm"]),
        "change_browser": worst({p.name: p.ratio("change") for p in pages}),
        "change_cpu": worst({p.name: p.ratio("change_cpu") for p in pages}),
        "load": worst({p.name: p.ratio("load") for p in pages}),
        "cold": (cold.ratio("app"), ""),
        "cold_first": (cold.ratio("first"), ""),
        "memory": (
            app.rss_open_mb / table.rss_open_mb if app.rss_open_mb and table.rss_open_mb else None,
            "",
        ),
        "per_session": (app.per_session_mb, ""),
        "second": (app.second_per_session_mb, ""),
        "p95": (app.p95_s / floor.p95_s if app.p95_s and floor.p95_s else None, ""),
        "present": worst(by_kind["present"]),
    }


def figure_label(key: str, args: argparse.Namespace) -> str:
    return FIGURES[key][0].format(n=args.sessions)


def figure_lines(found: dict[str, tuple[float | None, str]], args: argparse.Namespace) -> list[str]:
    lines = ["| Figure | Measured | Target | Met |", "|---|---|---|---|"]
    for key, (_, target, unit) in FIGURES.items():
        value, where = found[key]
        label = figure_label(key, args)
        met = "-" if value is None or target is None else "yes" if value <= target else "no"
        shown = fmt(value, ".2f", unit) + (f" ({where})" if where and value is not None else "")
        lines.append(f"| {label} | {shown} | {'-' if target is None else f'≤ {target:g}{unit}'} | {met} |")
    return lines


def server_lines(apptest: dict[str, dict], floor_first_s: float | None) -> list[str]:
    """Per view, through AppTest: CPU of a warm run, of a filter change (a whole rerun), of a warm
    presentation-mode load; each with the floor's runs paired with them."""
    head = "| view | warm run ms | / floor | of which the page's code ms | change (whole rerun) ms | / floor "
    head += "| present ms | / floor | first run ms | charts | notes |"
    lines = [head, "|" + "---|" * 11]
    for name, r in apptest.items():
        notes = [r[k]["error"] for k in ("warm", "change", "present") if r[k]["error"]]
        notes += [f"exception: {e}" for e in r["exceptions"][:2]]
        cells = [
            name,
            ms(median(r["warm"]["cpu_s"])),
            fmt(ratio(r["warm"]["cpu_s"], r["warm"]["floor_cpu_s"])),
        ]
        cells += [ms(median(r["warm"]["script_cpu_s"])), ms(median(r["change"]["cpu_s"]))]
        cells += [
            fmt(ratio(r["change"]["cpu_s"], r["change"]["floor_cpu_s"])),
            ms(median(r["present"]["cpu_s"])),
        ]
        cells += [fmt(ratio(r["present"]["cpu_s"], r["present"]["floor_cpu_s"])), ms(r["first_cpu_s"])]
        cells += [str(r["charts"]), "; ".join(notes).replace("|", "/")]
        lines.append("| " + " | ".join(cells) + " |")
    floor_warm = [x for r in apptest.values() for x in r["warm"]["floor_cpu_s"]]
    lines.append(
        f"\nThe floor's warm run: {ms(median(floor_warm))} ms of CPU (median of {len(floor_warm)}), "
        f"its first {ms(floor_first_s)} ms."
    )
    return lines


def browser_lines(pages: list[browser.ViewResult], floor: browser.ViewResult) -> list[str]:
    head = "| view | load s | / floor | change s | / floor | server CPU of the change ms | / floor "
    head += "| charts redrawn | page runs per load / change | notes |"
    lines = [head, "|" + "---|" * 10]
    for p in pages:
        if not p.pairs and not p.failures:
            continue
        changes = [pair.change for pair in p.pairs if pair.change]
        redrawn = f"{changes[-1].charts_changed} of {changes[-1].charts}" if changes else "-"
        per_load = median([pair.runs_per_load for pair in p.pairs])
        per_change = median([c.full_runs for c in changes]) if changes else None
        notes = (
            p.failures[:2] + p.problems[:2] + ([f"{p.exceptions} exceptions shown"] if p.exceptions else [])
        )
        cells = [
            p.name,
            fmt(p.median("load")),
            fmt(p.ratio("load")),
            fmt(p.median("change")),
            fmt(p.ratio("change")),
        ]
        cells += [ms(p.median("change_cpu")), fmt(p.ratio("change_cpu")), redrawn]
        cells += [f"{fmt(per_load, 'g')} / {fmt(per_change, 'g')}", "; ".join(notes).replace("|", "/")]
        lines.append("| " + " | ".join(cells) + " |")
    floor_loads = [pair.floor_load_s for p in pages for pair in p.pairs]
    floor_changes = [pair.floor_change for p in pages for pair in p.pairs if pair.floor_change]
    notes = "".join(f"; {note}" for note in floor.failures + floor.problems)
    lines.append(
        f"\nThe floor: load {fmt(median(floor_loads))} s, change {fmt(median([c.seconds for c in floor_changes]))} s "
        f"and {ms(median([c.server_cpu_s for c in floor_changes]))} ms of server CPU (medians of {len(floor_loads)} "
        f"and {len(floor_changes)}){notes}."
    )
    return lines


def control_lines(pages: list[browser.ViewResult]) -> list[str]:
    lines = ["| view | control | reruns | charts redrawn | s | server CPU ms |", "|---|---|---|---|---|---|"]
    for p in pages:
        for c in p.controls:
            where = " (sidebar)" if c["sidebar"] else ""
            if "error" in c:
                lines.append(f"| {p.name} | {c['label']}{where} | not measured: {c['error']} | - | - | - |")
                continue
            cells = [
                p.name,
                f"{c['label']}{where}",
                str(c["reran"]),
                f"{c['charts_changed']} of {c['charts']}",
            ]
            cells += [fmt(c["seconds"]), ms(c["server_cpu_s"])]
            lines.append("| " + " | ".join(str(x).replace("|", "/") for x in cells) + " |")
    return lines if len(lines) > 2 else []


def session_lines(phases: dict[str, sessions.Phase], args: argparse.Namespace) -> list[str]:
    wait = max(args.release_wait, sessions.SESSION_TTL_S + 1)
    lines = [
        f"Sessions ({args.sessions} at once, each viewing each of its views {args.rounds} time(s), "
        f"think time {args.think:g} s; the app and the floor a second wave of {args.sessions} after the first "
        "closed, after the other servers' first waves; p95 over both):"
    ]
    for name, ph in phases.items():
        cut = f", {ph.unfinished} cut short" if ph.unfinished else ""
        cut += f", {ph.retried} view(s) asked for again (run lost)" if ph.retried else ""
        memory = [
            f"RSS {fmt(ph.rss_before_mb, '.0f')} MB before",
            f"{fmt(ph.rss_open_mb, '.0f')} MB with all open (peak {fmt(ph.peak_mb, '.0f')})",
            f"{fmt(ph.rss_closed_mb, '.0f')} MB {wait:g} s after closing",
        ]
        per_session = [
            f"{fmt(ph.per_session_mb)} MB per session open",
            f"{fmt(ph.kept_per_session_mb)} MB held after",
        ]
        if ph.rss_second_mb is not None:
            memory.append(f"{fmt(ph.rss_second_mb, '.0f')} MB with {ph.sessions} more open")
            per_session.append(f"{fmt(ph.second_per_session_mb)} MB added by each of those")
        errors = f"; errors: {'; '.join(ph.errors[:2])}" if ph.errors else ""
        lines.append(
            f"- {name}: p95 script run {ms(ph.p95_s)} ms (CPU p95 {ms(ph.p95_cpu_s)} ms; {len(ph.wall_s)} runs "
            f"in {ph.waves} wave(s){cut}, "
            f"{ph.seconds:.0f} s); {', '.join(memory)}: {', '.join(per_session)}{errors}"
        )
    return lines


def write_readme(block: str, readme: Path = README) -> None:
    """Put `block` between the markers (the README's "Performance" section keeps them)."""
    text = readme.read_text(encoding="utf-8")
    start, end = MARKERS
    if start not in text or end not in text:
        raise SystemExit(f"{readme}: no {start} … {end} markers")
    text = text[: text.index(start)] + f"{start}\n{block.strip()}\n{end}" + text[text.index(end) + len(end) :]
    readme.write_text(text, encoding="utf-8")


def start_apptest(args: argparse.Namespace, views: list[View], present: list[View]) -> subprocess.Popen:
    """bench/apptest.py in a process of its own, writing results/apptest.json."""
    (RESULTS / "apptest.json").unlink(missing_ok=True)
    (RESULTS / "runs-apptest.jsonl").unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.apptest", f"--repeat={args.repeat}", f"--warmup={args.warmup}"]
    command += [f"--view={v.name}" for v in views] + [f"--present={v.name}" for v in present]
    command += [f"--out={RESULTS / 'apptest.json'}"]
    env = {**os.environ, "BENCH_RUNLOG": str(RESULTS / "runs-apptest.jsonl")}
    with (RESULTS / "apptest.log").open("w") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def served(
    args: argparse.Namespace,
    in_browser: list[View],
    controls: list[View],
    in_sessions: list[View],
    started: float,
) -> tuple[list[browser.ViewResult], browser.ViewResult, dict[str, sessions.Phase]]:
    """The app and the two floors served at once: the browsers' loads and changes, then the sessions."""
    with floor_dir() as folder:
        specs = {
            "app": Spec("app.py", ROOT, RESULTS / "server-app.log", RESULTS / "runs-app.jsonl"),
            "floor": Spec("floor_app.py", folder, RESULTS / "server-floor.log", RESULTS / "runs-floor.jsonl"),
            "memory floor": Spec(
                "floor_app.py",
                folder,
                RESULTS / "server-memory-floor.log",
                RESULTS / "runs-memory-floor.jsonl",
                {"BENCH_FLOOR_TABLE": "1"},
            ),
        }
        runlogs = {name: spec.runlog for name, spec in specs.items()}
        with serve(specs) as servers:
            print(f"servers up at {time.perf_counter() - started:.0f} s", flush=True)
            pages, floor_page = browser.measure(
                servers["app"],
                servers["floor"],
                runlogs,
                in_browser,
                FLOOR,
                rounds=args.repeat,
                warmup=args.warmup,
                floor_every=len(in_browser) if args.quick else 1,
                controls=controls,
                settle_s=args.settle,
                timeout_s=args.timeout,
            )
            print(f"browser done at {time.perf_counter() - started:.0f} s", flush=True)
            urls = [v.url for v in in_sessions]
            floor_urls = [f"/?visit={i}" for i in range(len(urls))]  # the floor ignores it: each a new view
            phases = sessions.measure(
                {
                    name: (servers[name], runlogs[name], urls if name == "app" else floor_urls)
                    for name in specs
                },
                sessions=args.sessions,
                rounds=args.rounds,
                think_s=args.think,
                release_wait_s=args.release_wait,
                # The lowest priority yields to every process on the machine, not only the server: on a
                # busy shared machine the browsers would starve, so a quick run does not lower it.
                nice=0 if args.quick else 19,
                second_wave={"app", "floor"},
                together=args.quick,
            )
            print(f"sessions done at {time.perf_counter() - started:.0f} s", flush=True)
    return pages, floor_page, phases


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    RESULTS.mkdir(parents=True, exist_ok=True)
    views = [BY_NAME[n] for n in args.view] if args.view else VIEWS
    in_browser = [v for v in views if not args.quick or v.name in QUICK_BROWSER]
    controls = [v for v in views if v.change and (not args.quick or v.name in QUICK_CONTROLS)]
    present = [v for v in views if v.charts and (not args.quick or v.name in QUICK_PRESENT)]
    in_sessions = [v for v in views if not args.quick or v.name in QUICK_SESSIONS]

    # A quick run's timings only prove the benchmark works: AppTest and the cold starts run beside the rest.
    apptest = start_apptest(args, views, present)
    if not args.quick:
        apptest.wait()
        print(f"AppTest done in {time.perf_counter() - started:.0f} s", flush=True)
    quick_cold = (
        ThreadPoolExecutor(1).submit(coldstart.measure, args.cold_repeat, warmup=False)
        if args.quick
        else None
    )
    pages, floor_page, phases = served(args, in_browser, controls, in_sessions, started)
    apptest.wait()
    cold = quick_cold.result() if quick_cold else coldstart.measure(args.cold_repeat)
    print(f"cold start done at {time.perf_counter() - started:.0f} s", flush=True)

    out = RESULTS / "apptest.json"
    report = json.loads(out.read_text()) if out.exists() else {"results": []}
    by_view = {r["view"]: r for r in report["results"]}
    found = figures(by_view, pages, cold, phases)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    header = (
        f"Run {time.strftime('%Y-%m-%d %H:%M')} of commit {commit()} ({'quick: ' if args.quick else ''}{args.repeat} "
        f"timed round(s) after {args.warmup} warm-up; {machine}). Each figure is the worst view's ratio against "
        "the floor measured beside it in the same run (medians)."
    )
    cold_line = (
        f"Cold start (medians of {len(cold.app_s)} fresh processes each): bare import {fmt(median(cold.bare_s))} s; "
        f"the app {fmt(median(cold.app_s))} s with the snapshot ({fmt(cold.ratio('app'))}×, CPU "
        f"{fmt(cold.ratio('app', cpu=True))}×), {fmt(median(cold.first_s))} s on its first-ever start "
        f"({fmt(cold.ratio('first'))}×, CPU {fmt(cold.ratio('first', cpu=True))}×)."
    )
    block = [header, "", *figure_lines(found, args), "", "Server, through AppTest (CPU per run):", ""]
    block += server_lines(by_view, report.get("floor_first_cpu_s"))
    block += ["", "Browser (Chromium), and the server's CPU during each filter change:", ""]
    block += browser_lines(pages, floor_page)
    if controls_table := control_lines(pages):
        block += ["", "What each control reruns (one change each, on a fresh load):", "", *controls_table]
    block += ["", cold_line, "", *session_lines(phases, args)]
    text = "\n".join(block)
    print("\n" + text + "\n")
    details = {
        "args": vars(args),
        "figures": found,
        "apptest": report,
        "browser": [asdict(p) for p in [floor_page, *pages]],
        "sessions": {name: ph.summary() for name, ph in phases.items()},
        "cold_start": asdict(cold),
    }
    (RESULTS / "latest.json").write_text(json.dumps(details, indent=1, default=str) + "\n")
    print(
        f"{time.perf_counter() - started:.0f} s in all; details in {(RESULTS / 'latest.json').relative_to(ROOT)}"
    )

    failed = [key for key, (value, _) in found.items() if value is None]
    failed += [p.name for p in pages if not p.pairs and p.name in {v.name for v in in_browser}]
    failed += [f"{p.name}: {c['label']}" for p in pages for c in p.controls if "error" in c]
    failed += [n for n, ph in phases.items() if ph.errors]
    failed += [
        n
        for n, r in by_view.items()
        if r["exceptions"] or any(r[k]["error"] for k in ("warm", "change", "present"))
    ]
    if apptest.returncode:
        failed.append(
            f"AppTest (exit code {apptest.returncode}, see {(RESULTS / 'apptest.log').relative_to(ROOT)})"
        )
    for log in sorted(RESULTS.glob("*.log")):  # the servers' and AppTest's: what went wrong in them
        problems = [line for line in log.read_text(errors="replace").splitlines() if LOG_PROBLEM.search(line)]
        if problems:
            print(f"{log.relative_to(ROOT)}: {len(problems)} line(s) like: {problems[0][:200]}")
    if failed:
        print(f"incomplete: {', '.join(sorted(set(failed)))}")
    if args.readme:
        if failed:
            print(f"{README.relative_to(ROOT)} left as it was: this run is incomplete")
        else:
            write_readme(text)
            print(f"wrote the tables into {README.relative_to(ROOT)}")
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
