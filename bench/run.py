"""Benchmark the app's pages as ratios against a floor page measured in the same run (see README.md)."""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from playwright import sync_api as pw

from bench import coldstart, concurrency
from bench.server import ROOT, floor_dir, memory_mb, runs, serve
from scripts.serve import CHROMIUM, CHROMIUM_ARGS, Server

RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
PAGES = {"Overview": "/"} | {
    p.replace("_", " "): f"/{p}" for p in "Arms_suppliers Coups Exercises Interventions".split()
}
# The filter change timed on each page, made through its widget as a reader would: (action, widget
# label, value). Keep in step with the pages' widgets. Actions:
#   select         type `value` into the selectbox labelled `label`, then Enter
#   multiselect    type `value` into the multiselect labelled `label`, then Enter (adds it)
#   unselect_last  Backspace in the multiselect labelled `label` (drops its last choice)
#   toggle         click the toggle (or checkbox) labelled `label`
#   radio          click option `value` of the radio group labelled `label`
Interaction = tuple[str, str, str | None]
INTERACTIONS: dict[str, Interaction | None] = {
    "floor": ("select", "Values", "Set B"),
    "Overview": None,  # no filter on this page
    "Arms suppliers": ("select", "Supplier (largest first)", "Russia"),
    "Coups": ("toggle", "Show failed attempts", None),
    "Exercises": ("unselect_last", "Organizations", None),
    "Interventions": ("multiselect", "Actor", "Russia"),
}
TARGETS = {"load": 1.25, "rerun": 1.25, "cold": 1.3, "p95": 2.0, "memory": 1.5}

# Installed in every page before Streamlit's code: notes whether the script has run since
# navigation (stApp may read "notRunning" before the first run starts) and, once a filter change
# is armed (ARM_JS), when its run started and finished and when a chart last changed.
TRACK_RUN_JS = """window.__benchRan = false;
window.__bench = null;
new MutationObserver(records => {
  const now = performance.now();
  const running = !!document.querySelector('[data-testid="stApp"][data-test-script-state="running"]');
  if (running) window.__benchRan = true;
  const b = window.__bench;
  if (!b || b.t0 === null) return;
  if (running) { if (b.running === null) b.running = now; b.finished = null; }
  else if (b.running !== null && b.finished === null) b.finished = now;
  if (records.some(r => r.target.closest && r.target.closest('.js-plotly-plot'))) b.lastPlot = now;
}).observe(document, {subtree: true, childList: true, attributeFilter: ['data-test-script-state']});"""
# Ready: the script ran and finished, no element is still a skeleton (lazy components such as the
# Plotly chart load their code after the run ends), and every chart has drawn (maps: their shapes).
READY_BODY = """
  const app = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]');
  if (!window.__benchRan || !app || document.querySelector('[data-testid="stSkeleton"]')) return false;
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => {
    const plot = chart.querySelector('.js-plotly-plot');
    return plot && plot.querySelector('.main-svg') && [...plot.querySelectorAll('g.geo')].every(
      geo => geo.querySelector('.choroplethlayer path, .layer.countries path, .layer.land path'));
  });"""
READY_JS = f"() => {{{READY_BODY}\n}}"
# Arm a filter change: the clock starts at the next key or pointer press (the interaction itself,
# not Playwright's checks before it); every chart is watched for changes from then on.
ARM_JS = """() => {
  const b = window.__bench = {t0: null, running: null, finished: null, lastPlot: null};
  const mark = () => { if (b.t0 === null) b.t0 = performance.now(); };
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, mark, {capture: true});
  const seen = () => { if (b.t0 !== null) b.lastPlot = performance.now(); };
  for (const plot of document.querySelectorAll('.js-plotly-plot'))
    new MutationObserver(seen).observe(plot, {subtree: true, childList: true, attributes: true});
}"""
# Done: the run the change started has finished, the page is ready, and no chart has changed for
# `settle` ms. Returns seconds from the press to the later of run end and last chart change.
RERUN_DONE_JS = f"""settleMs => {{
  const b = window.__bench;
  if (!b || b.t0 === null || b.finished === null) return null;
  const ready = (() => {{{READY_BODY}
  }})();
  if (!ready) return null;
  const end = Math.max(b.finished, b.lastPlot || 0);
  if (performance.now() - end < settleMs) return null;
  return (end - b.t0) / 1000;
}}"""
# Every request but those to loopback goes to a proxy that is not there, so it fails at once. Unlike
# page.route, this costs the local requests nothing (route sends each one through Playwright).
NO_NETWORK: pw.ProxySettings = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}
# On a page's URL, Streamlit first probes for a base path (<page>/_stcore/health): an expected 404.
BENIGN_404 = re.compile(r"/.+/_stcore/(health|host-config)$")
INFO_JS = """() => [document.querySelectorAll('.js-plotly-plot').length,
                    document.querySelectorAll('[data-testid="stException"]').length]"""
LOG_PROBLEM = re.compile(r"Traceback|Error|Exception|Warning|WARN", re.IGNORECASE)


@dataclass
class Result:
    name: str
    path: str
    times_s: list[float] = field(default_factory=list)
    cold_s: float | None = None
    median_s: float | None = None
    rerun_times_s: list[float] = field(default_factory=list)
    rerun_median_s: float | None = None
    runs_per_load: list[int] = field(default_factory=list)  # script runs in the server per page load
    runs_per_rerun: list[int] = field(default_factory=list)
    rss_mb: float | None = None  # server VmRSS after this page's loads
    peak_mb: float | None = None  # server VmHWM so far (the app's pages share one server)
    time_ratio: float | None = None
    rerun_ratio: float | None = None
    rss_ratio: float | None = None
    plots: int = 0
    exceptions: int = 0
    console_errors: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # loads or reruns that failed (others may have worked)
    error: str | None = None  # no load (or, on a page with a filter, no rerun) worked


def new_context(browser: pw.Browser, origin: str, result: Result) -> pw.BrowserContext:
    """A browser context that reaches only the local server and records what went wrong."""

    def on_console(message: pw.ConsoleMessage) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:  # HTTP: below
            result.console_errors.append(message.text[:300])

    def on_response(response: pw.Response) -> None:
        if response.status >= 400 and not BENIGN_404.search(response.url):
            result.http_errors.append(f"{response.status} {response.url}")

    def on_failed(request: pw.Request) -> None:
        if not request.url.startswith(origin + "/"):
            result.blocked_requests.append(request.url)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(TRACK_RUN_JS)
    context.on("weberror", lambda error: result.console_errors.append(str(error.error)[:300]))
    context.on("console", on_console)
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    return context


def load(page: pw.Page, url: str, result: Result, args: argparse.Namespace) -> float:
    """Seconds from navigation start until the script has finished and every chart has drawn."""
    start = time.perf_counter()
    deadline = start + args.timeout
    page.goto(url, wait_until="commit", timeout=args.timeout * 1000)
    while True:
        remaining_ms = max(1, round((deadline - time.perf_counter()) * 1000))
        page.wait_for_function(READY_JS, timeout=remaining_ms, polling=50)
        elapsed = time.perf_counter() - start
        page.wait_for_timeout(args.settle * 1000)  # a rerun or a late chart would undo readiness
        if page.evaluate(READY_JS):
            break
    result.plots, result.exceptions = page.evaluate(INFO_JS)
    return elapsed


def interact(page: pw.Page, interaction: Interaction) -> None:
    """Make the filter change; ARM_JS runs just before the press that makes it."""
    action, label, value = interaction
    if action in ("select", "multiselect"):
        box = page.get_by_test_id("stSelectbox" if action == "select" else "stMultiSelect")
        field_ = box.get_by_label(label, exact=True)
        field_.click()
        page.keyboard.type(str(value))
        page.get_by_role("option").filter(has_text=str(value)).first.wait_for()
        page.evaluate(ARM_JS)
        page.keyboard.press("Enter")
    elif action == "unselect_last":
        page.get_by_test_id("stMultiSelect").get_by_label(label, exact=True).click()
        page.evaluate(ARM_JS)
        page.keyboard.press("Backspace")
    elif action == "toggle":
        toggle = page.get_by_test_id("stCheckbox").filter(has=page.get_by_label(label, exact=True))
        page.evaluate(ARM_JS)
        toggle.locator("label").first.click()
    elif action == "radio":
        group = page.get_by_role("radiogroup", name=label, exact=True)
        option = group.get_by_test_id("stRadioOption").filter(has_text=str(value))
        page.evaluate(ARM_JS)
        option.click()
    else:
        raise ValueError(f"unknown interaction {action!r}")


def rerun(page: pw.Page, interaction: Interaction, args: argparse.Namespace) -> float:
    """Seconds from the press that changes the filter until the rerun has finished and every chart
    has redrawn (no chart changed for `settle` seconds)."""
    interact(page, interaction)
    handle = page.wait_for_function(
        RERUN_DONE_JS, arg=args.settle * 1000, timeout=args.timeout * 1000, polling=50
    )
    return float(handle.json_value())


def measure(
    browser: pw.Browser, server: Server, runlog: Path, name: str, path: str, args: argparse.Namespace
) -> Result:
    """args.warmup loads (the first reported as cold_s), then args.repeat timed loads, each on a new
    page; after each load, the page's filter change (INTERACTIONS) is timed too."""
    result = Result(name, path)
    interaction = INTERACTIONS.get(name)
    context = new_context(browser, server.origin, result)
    try:
        for i in range(args.warmup + args.repeat):
            timed = i >= args.warmup
            page = context.new_page()
            stage = "load"
            try:  # a failed load or rerun is noted, and the next one still runs
                before = len(runs(runlog))
                elapsed = load(page, server.origin + path, result, args)
                after_load = len(runs(runlog))
                if timed:
                    result.times_s.append(elapsed)
                    result.runs_per_load.append(after_load - before)
                elif i == 0:
                    result.cold_s = elapsed
                if interaction:
                    stage = f"filter change {interaction}"
                    rerun_s = rerun(page, interaction, args)
                    page.wait_for_timeout(100)  # the run log is written as the run ends
                    if timed:
                        result.rerun_times_s.append(rerun_s)
                        result.runs_per_rerun.append(len(runs(runlog)) - after_load)
            except Exception as exc:
                result.failures.append(f"{stage}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
            finally:
                page.close()
    finally:
        context.close()
    if result.times_s:
        result.median_s = statistics.median(result.times_s)
    if result.rerun_times_s:
        result.rerun_median_s = statistics.median(result.rerun_times_s)
    if result.failures and (not result.times_s or (interaction and not result.rerun_times_s)):
        result.error = result.failures[0]
    result.rss_mb, result.peak_mb = memory_mb(server.pid)
    for attr in ("console_errors", "http_errors", "blocked_requests"):  # distinct, and a few
        setattr(result, attr, sorted(set(getattr(result, attr)))[:5])
    return result


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def page_table(floor: Result, results: list[Result]) -> list[str]:
    """Per page: load and rerun times and ratios, server runs per load and per rerun, memory."""
    head = ["page", "load s", "load/floor", "rerun s", "rerun/floor", "runs/load", "runs/rerun"]
    head += ["RSS MB", "RSS/floor", "notes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in [floor, *results]:
        counts = {"plot": r.plots, "exception": r.exceptions, "console error": len(r.console_errors)}
        counts |= {"HTTP error": len(r.http_errors), "blocked request": len(r.blocked_requests)}
        counts |= {"failed load or rerun": 0 if r.error else len(r.failures)}
        notes = [r.error or ""] + [f"{n} {what}{'s' * (n != 1)}" for what, n in counts.items() if n]
        per_load = statistics.median(r.runs_per_load) if r.runs_per_load else None
        per_rerun = statistics.median(r.runs_per_rerun) if r.runs_per_rerun else None
        cells = [r.name, fmt(r.median_s, ".2f"), fmt(r.time_ratio, ".2f"), fmt(r.rerun_median_s, ".2f")]
        cells += [fmt(r.rerun_ratio, ".2f"), fmt(per_load, "g"), fmt(per_rerun, "g")]
        cells += [fmt(r.rss_mb, ".0f"), fmt(r.rss_ratio, ".2f"), "; ".join(filter(None, notes))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary(
    results: list[Result],
    cold: coldstart.ColdStart | None,
    app: concurrency.Concurrency | None,
    floor: concurrency.Concurrency | None,
) -> tuple[list[str], dict[str, float | None]]:
    """The five figures against their targets, as Markdown table lines, and the figures."""

    def worst(attr: str) -> tuple[float | None, str]:
        found = [(getattr(r, attr), r.name) for r in results if getattr(r, attr) is not None]
        return max(found) if found else (None, "-")

    load, load_page = worst("time_ratio")
    rerun_, rerun_page = worst("rerun_ratio")
    n = app.many.sessions if app else 0
    memory = (
        app.many.rss_open_mb / floor.many.rss_open_mb
        if app and floor and app.many.rss_open_mb and floor.many.rss_open_mb
        else None
    )
    figures = {
        "load": load,
        "rerun": rerun_,
        "cold": cold.ratio if cold else None,
        "p95": app.p95_ratio if app else None,
        "memory": memory,
    }
    labels = {
        "load": f"Page load / floor's (worst page: {load_page})",
        "rerun": f"Filter-change rerun / floor's (worst page: {rerun_page})",
        "cold": "Cold start / bare `import streamlit, plotly, pandas`",
        "p95": f"Server p95 script run, {n} sessions / 1 session",
        "memory": f"Server memory, {n} sessions / floor's with {n}",
    }
    lines = ["| Figure | Measured | Target | Met |", "|---|---|---|---|"]
    for key, label in labels.items():
        value = figures[key]
        met = "-" if value is None else "yes" if value <= TARGETS[key] else "no"
        lines.append(f"| {label} | {fmt(value, '.2f')}× | ≤ {TARGETS[key]:g}× | {met} |")
    return lines, figures


def session_lines(
    app: concurrency.Concurrency, floor: concurrency.Concurrency, args: argparse.Namespace
) -> list[str]:
    def ms(v: float | None) -> str:
        return fmt(None if v is None else v * 1000, ".0f")

    n = app.many.sessions
    lines = [
        f"Sessions (headless, in the server; each views every page, think time {args.think:g} s, "
        f"{args.rounds} round(s)):",
        f"- app: p95 script run {ms(app.one.p95())} ms with 1 session, {ms(app.many.p95())} ms with {n} "
        f"(CPU p95 {ms(app.one.p95('cpu_s'))} → {ms(app.many.p95('cpu_s'))} ms; {len(app.many.wall_s)} runs)",
        f"- floor: p95 script run {ms(floor.one.p95())} ms with 1 session, {ms(floor.many.p95())} ms with {n} "
        f"(ratio {fmt(floor.p95_ratio, '.2f')}×)",
        f"- memory, app: {fmt(app.rss_idle_mb, '.0f')} MB after one session, {fmt(app.one.rss_open_mb, '.0f')} MB "
        f"with 1 open, {fmt(app.many.rss_open_mb, '.0f')} MB with {n} open (peak {fmt(app.peak_mb, '.0f')} MB), "
        f"{fmt(app.rss_closed_mb, '.0f')} MB {app.release_wait_s:g} s after all closed; "
        f"about {fmt(app.per_session_mb, '.1f')} MB per session",
        f"- memory, floor: {fmt(floor.one.rss_open_mb, '.0f')} MB with 1 open, "
        f"{fmt(floor.many.rss_open_mb, '.0f')} MB with {n} open, {fmt(floor.rss_closed_mb, '.0f')} MB after closing",
    ]
    errors = app.many.errors + app.one.errors + floor.many.errors + floor.one.errors
    if errors:
        lines.append(f"- session errors: {len(errors)}, e.g. {errors[0]}")
    return lines


def write_readme(block: str, readme: Path = README) -> None:
    """Put `block` between the markers in the README's performance section (created if missing)."""
    text = readme.read_text(encoding="utf-8")
    start, end = MARKERS
    fenced = f"{start}\n{block.strip()}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + fenced + text[text.index(end) + len(end) :]
    else:
        section = (
            "## Performance\n\n`make bench` measures every page against a one-map floor page served in the "
            "same run (see `bench/README.md`; causes and proposed fixes in `bench/FINDINGS.md`). Last run:\n\n"
        )
        text = text.rstrip("\n") + "\n\n" + section + fenced + "\n"
    readme.write_text(text, encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1 load, 2 sessions, short waits: proves it works"
    )
    parser.add_argument("--repeat", type=int, help="timed loads (and reruns) per page [5]")
    parser.add_argument("--warmup", type=int, help="untimed loads per page before them [1]")
    parser.add_argument("--sessions", type=int, help="concurrent sessions [16]")
    parser.add_argument("--rounds", type=int, help="times each session views every page [2]")
    parser.add_argument("--think", type=float, help="mean seconds a session pauses between views [2]")
    parser.add_argument("--release-wait", type=float, help="seconds after closing before memory [30]")
    parser.add_argument("--cold-repeat", type=int, help="fresh processes per cold-start measure [5]")
    parser.add_argument("--cold-warmup", action=argparse.BooleanOptionalAction, help="one untimed pair first")
    parser.add_argument("--max-ratio", type=float, help="exit 1 if a page's load ratio exceeds this")
    parser.add_argument(
        "--timeout",
        type=float,
        default=240,
        help="seconds allowed per page load or rerun [240: a busy machine]",
    )
    parser.add_argument("--settle", type=float, default=0.3, help="seconds readiness must hold")
    parser.add_argument("--page", action="append", help="URL path to measure instead of the defaults")
    parser.add_argument("--write-readme", action="store_true", help="write the tables into README.md")
    args = parser.parse_args(argv)
    quick = {"repeat": 1, "warmup": 0, "sessions": 2, "rounds": 1, "think": 0.3, "release_wait": 3}
    quick |= {"cold_repeat": 1, "cold_warmup": False}
    full = {"repeat": 5, "warmup": 1, "sessions": 16, "rounds": 2, "think": 2.0, "release_wait": 30}
    full |= {"cold_repeat": 5, "cold_warmup": True}
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pages = [(p.split("?")[0].strip("/").replace("_", " ") or "Overview", p) for p in args.page or []]
    RESULTS.mkdir(parents=True, exist_ok=True)
    logs = {
        name: RESULTS / f"server-{name}.log" for name in ("floor", "app", "floor-sessions", "app-sessions")
    }
    runlogs = {name: RESULTS / f"runs-{name}.jsonl" for name in logs}
    started = time.perf_counter()

    with pw.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=NO_NETWORK)
        with floor_dir() as folder, serve("floor_app.py", folder, logs["floor"], runlogs["floor"]) as server:
            floor = measure(browser, server, runlogs["floor"], "floor", "/", args)
        with serve("app.py", ROOT, logs["app"], runlogs["app"]) as server:
            results = [
                measure(browser, server, runlogs["app"], name, path, args)
                for name, path in pages or PAGES.items()
            ]
        browser.close()
    print(f"pages measured in {time.perf_counter() - started:.0f} s", flush=True)

    session_args: dict[str, Any] = dict(
        sessions=args.sessions, rounds=args.rounds, think_s=args.think, release_wait_s=args.release_wait
    )
    with (
        floor_dir() as folder,
        serve("floor_app.py", folder, logs["floor-sessions"], runlogs["floor-sessions"]) as server,
    ):
        floor_sessions = concurrency.measure(
            server, runlogs["floor-sessions"], concurrency.FLOOR_VIEWS, **session_args
        )
    with serve("app.py", ROOT, logs["app-sessions"], runlogs["app-sessions"]) as server:
        app_sessions = concurrency.measure(
            server, runlogs["app-sessions"], concurrency.APP_VIEWS, **session_args
        )
    print(f"sessions measured in {time.perf_counter() - started:.0f} s", flush=True)
    cold = coldstart.measure(args.cold_repeat, warmup=args.cold_warmup)

    for r in results:
        r.time_ratio = r.median_s / floor.median_s if r.median_s and floor.median_s else None
        r.rerun_ratio = (
            r.rerun_median_s / floor.rerun_median_s if r.rerun_median_s and floor.rerun_median_s else None
        )
        r.rss_ratio = r.rss_mb / floor.rss_mb if r.rss_mb and floor.rss_mb else None
    lines = {name: log.read_text(errors="replace").splitlines() for name, log in logs.items()}
    problems = {name: [line[:200] for line in lines[name] if LOG_PROBLEM.search(line)] for name in logs}

    figure_lines, figures = summary(results, cold, app_sessions, floor_sessions)
    when = time.strftime("%Y-%m-%d %H:%M")
    machine = (
        f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}"
    )
    header = (
        f"Run {when} ({'quick: ' if args.quick else ''}{args.repeat} timed load(s) and rerun(s) per page after "
        f"{args.warmup} warm-up, {args.sessions} sessions; {machine}). Ratios: page / floor measured minutes apart "
        "on the same machine; median times."
    )
    cold_line = (
        f"Cold start: app {statistics.median(cold.app_s):.2f} s vs bare import {statistics.median(cold.bare_s):.2f} s; "
        f"CPU {statistics.median(cold.app_cpu_s):.2f} s vs {statistics.median(cold.bare_cpu_s):.2f} s "
        f"({fmt(cold.cpu_ratio, '.2f')}×); medians of {len(cold.app_s)} fresh processes each; "
        f"modules: {', '.join(cold.modules)}."
    )
    block = "\n".join(
        [header, "", *figure_lines, "", *page_table(floor, results), "", cold_line, "",
         *session_lines(app_sessions, floor_sessions, args)]
    )  # fmt: skip
    print("\n" + block + "\n")
    for name, found in problems.items():
        if found:
            print(f"{name} server log ({logs[name].relative_to(ROOT)}), {len(found)} suspicious line(s):")
            print("  " + "\n  ".join(found[:5]))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "args": vars(args),
        "figures": figures,
        "floor": asdict(floor),
        "pages": [asdict(r) for r in results],
        "sessions": {"app": app_sessions.summary(), "floor": floor_sessions.summary()},
        "cold_start": asdict(cold) | {"ratio": cold.ratio, "cpu_ratio": cold.cpu_ratio},
        "server_log_problems": problems,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"wrote {(RESULTS / 'latest.json').relative_to(ROOT)} ({time.perf_counter() - started:.0f} s in all)"
    )
    missing = [key for key, value in figures.items() if value is None]
    session_errors = app_sessions.one.errors + app_sessions.many.errors
    session_errors += floor_sessions.one.errors + floor_sessions.many.errors
    if missing or session_errors:
        print(f"not measured: {', '.join(missing) or '-'}; session errors: {session_errors[:3] or '-'}")
    failed = floor.error or any(r.error for r in results) or missing or session_errors
    if args.write_readme and failed:
        print(f"{README.relative_to(ROOT)} left as it was: this run is incomplete")
    elif args.write_readme:
        write_readme(block)
        print(f"wrote the tables into {README.relative_to(ROOT)}")

    too_slow = [r.name for r in results if args.max_ratio and (r.time_ratio or 0) > args.max_ratio]
    if too_slow:
        print(f"time ratio above {args.max_ratio}: {', '.join(too_slow)}")
    return 2 if failed else 1 if too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
