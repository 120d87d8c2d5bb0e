"""Benchmark the app's pages as ratios against a floor page measured in the same run (see README.md)."""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright import sync_api as pw

from scripts.serve import CHROMIUM, CHROMIUM_ARGS, Server, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGES = {"Overview": "/"} | {
    p.replace("_", " "): f"/{p}" for p in "Arms_suppliers Coups Exercises Interventions".split()
}
# stApp may read "notRunning" before the first run starts: note whether the script has run since navigation.
TRACK_RUN_JS = """window.__benchRan = false;
const benchObserver = new MutationObserver(() => {
  if (!document.querySelector('[data-testid="stApp"][data-test-script-state="running"]')) return;
  window.__benchRan = true;
  benchObserver.disconnect();
});
benchObserver.observe(document, {subtree: true, childList: true, attributeFilter: ['data-test-script-state']});"""
# Ready: the script ran and finished, no element is still a skeleton (lazy components such as the
# Plotly chart load their code after the run ends), and every chart has drawn (maps: their shapes).
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]');
  if (!window.__benchRan || !app || document.querySelector('[data-testid="stSkeleton"]')) return false;
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => {
    const plot = chart.querySelector('.js-plotly-plot');
    return plot && plot.querySelector('.main-svg') && [...plot.querySelectorAll('g.geo')].every(
      geo => geo.querySelector('.choroplethlayer path, .layer.countries path, .layer.land path'));
  });
}"""
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
    rss_mb: float | None = None  # server VmRSS after this page's loads
    peak_mb: float | None = None  # server VmHWM so far (the app's pages share one server)
    time_ratio: float | None = None
    rss_ratio: float | None = None
    plots: int = 0
    exceptions: int = 0
    console_errors: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    error: str | None = None


def serve(script: str, cwd: Path, log: Path) -> contextlib.AbstractContextManager[Server]:
    return streamlit_server(log, script=script, cwd=cwd)


@contextlib.contextmanager
def floor_dir() -> Iterator[Path]:
    """A folder with the floor app beside the app's static/ shapes and .streamlit/config.toml."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        folder = Path(tmp)
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "config.toml").symlink_to(ROOT / ".streamlit" / "config.toml")
        (folder / "static").symlink_to(ROOT / "static")
        shutil.copy(ROOT / "bench" / "floor_app.py", folder / "floor_app.py")
        yield folder


def read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:  # the process ended meanwhile
        return ""


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of pid and its descendants, summed, in MB."""
    kb = {"VmRSS": 0, "VmHWM": 0}
    pending = [pid]
    while pending:
        proc = pending.pop()
        pending += [int(c) for f in Path(f"/proc/{proc}/task").glob("*/children") for c in read(f).split()]
        status = read(Path(f"/proc/{proc}/status"))
        for key in kb:
            kb[key] += sum(int(value) for value in re.findall(rf"{key}:\s+(\d+)", status))
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


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


def load_once(context: pw.BrowserContext, url: str, result: Result, args: argparse.Namespace) -> float:
    """Seconds from navigation start until the script has finished and every chart has drawn."""
    page = context.new_page()
    try:
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
    finally:
        page.close()


def measure(browser: pw.Browser, server: Server, name: str, path: str, args: argparse.Namespace) -> Result:
    """One warm-up load (reported as cold_s), then args.repeat timed loads, each on a new page."""
    result = Result(name, path)
    context = new_context(browser, server.origin, result)
    try:
        result.cold_s = load_once(context, server.origin + path, result, args)
        for _ in range(args.repeat):
            result.times_s.append(load_once(context, server.origin + path, result, args))
        result.median_s = statistics.median(result.times_s)
    except Exception as exc:  # a failing page is reported, and the other pages still run
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        context.close()
    result.rss_mb, result.peak_mb = memory_mb(server.pid)
    for attr in ("console_errors", "http_errors", "blocked_requests"):  # distinct, and a few
        setattr(result, attr, sorted(set(getattr(result, attr)))[:5])
    return result


def print_table(floor: Result, results: list[Result], repeat: int) -> None:
    print(f"\nmedian of {repeat} loads after 1 warm-up; ratios are page / floor in this run; MB: server\n")
    rows = [("page", "path", "cold s", "median s", "time/floor", "RSS MB", "RSS/floor", "peak MB", "notes")]
    for r in [floor, *results]:
        counts = {"plot": r.plots, "exception": r.exceptions, "console error": len(r.console_errors)}
        counts |= {"HTTP error": len(r.http_errors), "blocked request": len(r.blocked_requests)}
        notes = [r.error or ""] + [f"{n} {what}{'s' * (n != 1)}" for what, n in counts.items() if n]
        numbers = [(r.cold_s, ".2f"), (r.median_s, ".3f"), (r.time_ratio, ".2f"), (r.rss_mb, ".0f")]
        numbers += [(r.rss_ratio, ".2f"), (r.peak_mb, ".0f")]
        rows.append(
            (
                r.name,
                r.path,
                *("-" if v is None else format(v, spec) for v, spec in numbers),
                "; ".join(filter(None, notes)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(8)]
    for row in rows:
        cells = [row[i].ljust(w) if i < 2 else row[i].rjust(w) for i, w in enumerate(widths)]
        print("  ".join(cells) + "  " + row[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed loads per page (after 1 warm-up)")
    parser.add_argument("--max-ratio", type=float, help="exit 1 if a page's time ratio exceeds this")
    parser.add_argument("--timeout", type=float, default=60, help="seconds allowed per page load")
    parser.add_argument("--settle", type=float, default=0.3, help="seconds readiness must hold")
    parser.add_argument("--page", action="append", help="URL path to measure instead of the defaults")
    args = parser.parse_args(argv)
    pages = [(p.split("?")[0].strip("/").replace("_", " ") or "Overview", p) for p in args.page or []]
    RESULTS.mkdir(parents=True, exist_ok=True)
    logs = {"floor": RESULTS / "server-floor.log", "app": RESULTS / "server-app.log"}

    with pw.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=NO_NETWORK)
        with floor_dir() as folder, serve("floor_app.py", folder, logs["floor"]) as server:
            floor = measure(browser, server, "floor", "/", args)
        with serve("app.py", ROOT, logs["app"]) as server:
            results = [measure(browser, server, name, path, args) for name, path in pages or PAGES.items()]

    for r in results:
        r.time_ratio = r.median_s / floor.median_s if r.median_s and floor.median_s else None
        r.rss_ratio = r.rss_mb / floor.rss_mb if r.rss_mb and floor.rss_mb else None
    lines = {name: log.read_text(errors="replace").splitlines() for name, log in logs.items()}
    problems = {name: [line[:200] for line in lines[name] if LOG_PROBLEM.search(line)] for name in logs}
    print_table(floor, results, args.repeat)
    for name, found in problems.items():
        if found:
            print(f"{name} server log ({logs[name].relative_to(ROOT)}), {len(found)} suspicious line(s):")
            print("  " + "\n  ".join(found[:5]))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "repeat": args.repeat,
        "floor": asdict(floor),
        "pages": [asdict(r) for r in results],
        "server_log_problems": problems,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {(RESULTS / 'latest.json').relative_to(ROOT)}")

    too_slow = [r.name for r in results if args.max_ratio and (r.time_ratio or 0) > args.max_ratio]
    if too_slow:
        print(f"time ratio above {args.max_ratio}: {', '.join(too_slow)}")
    return 2 if floor.error or any(r.error for r in results) else 1 if too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
