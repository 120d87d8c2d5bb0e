"""What a reader waits for, in headless Chromium (Playwright): page loads and filter changes, each view
against the floor, and which control reruns what on each page.

- Load: from navigation start until the script has run and finished, no element is still a skeleton
  and every chart has drawn (maps: their shapes), holding for `settle` seconds. Each view has its own
  browser context (its cache warm after the first load, as for a returning reader) and a new page per
  load; the floor is loaded just before the views it is paired with.
- Filter change: after a load, the view's change (bench/views.py) made through its widget. The clock
  starts at the key or pointer press that makes it and stops at the later of the run's end and the
  last change inside any chart; nothing may change for `settle` after that. Whole-page runs and
  fragment runs alike end this way (Streamlit marks the app running for both). Meanwhile the
  server's CPU time is read from its process (every thread), so a change that reruns less shows it.
- Controls: on a fresh load of a view, each control in turn (selectboxes, multiselects, radios,
  sliders, toggles, buttons; not downloads, links or map clicks) is changed once: whether the page ran
  whole (a line in the run log: ui.setup_page ran) or only a fragment, and which charts redrew.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright import sync_api as pw

from bench.server import cpu_s, runs
from bench.views import Change, View
from scripts.serve import Server
from src.web.viewport import WAITING

# Installed in every page before Streamlit's code: notes whether the script has run since navigation
# (stApp may read "notRunning" before the first run starts) and, once a change is armed (ARM_JS), when
# its run finished and when and where a chart last changed. Any change of stApp's script state counts
# as a run: the browser may apply "running" and "notRunning" in one go (a quick run, a busy browser),
# so that "running" never reaches the page; bench.browser then takes the run's end from the run log.
TRACK_JS = """window.__benchRan = false;
window.__bench = null;
new MutationObserver(records => {
  const now = performance.now();
  const state = 'data-test-script-state';
  const app = document.querySelector('[data-testid="stApp"]');
  const running = !!app && app.getAttribute(state) === 'running';
  const ran = running || records.some(r => r.attributeName === state);
  if (ran) window.__benchRan = true;
  const b = window.__bench;
  if (!b || b.t0 === null) return;
  if (running) { b.ran = true; b.finished = null; }
  else if (ran) { b.ran = true; b.finished = now; }
  for (const r of records) {
    const plot = r.target.closest && r.target.closest('.js-plotly-plot');
    if (plot) { b.lastPlot = now; b.changed.add(plot.closest('[data-testid="stPlotlyChart"]')); }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true});"""
# Not ready while a first visit shows only its frame, waiting for the window's width (src/web/viewport.py).
READY_BODY = """
  const app = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]');
  if (!window.__benchRan || !app || document.querySelector('[data-testid="stSkeleton"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || main.innerText.includes(WAITING)) return false;
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => {
    const plot = chart.querySelector('.js-plotly-plot');
    return plot && plot.querySelector('.main-svg') && [...plot.querySelectorAll('g.geo')].every(
      geo => geo.querySelector('.choroplethlayer path, .layer.countries path, .layer.land path'));
  });""".replace("WAITING", json.dumps(WAITING))
READY_JS = f"() => {{{READY_BODY}\n}}"
# The clock starts at the next key or pointer press: the change itself, not Playwright's steps before it.
ARM_JS = """() => {
  const b = window.__bench = {t0: null, ran: false, finished: null, lastPlot: null, changed: new Set()};
  const mark = () => { if (b.t0 === null) b.t0 = performance.now(); };
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, mark, {capture: true});
}"""
# Where a change stands (times in the page's milliseconds since its time origin).
POLL_JS = f"""() => {{
  const b = window.__bench || {{}};
  const ready = (() => {{{READY_BODY}
  }})();
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {{t0: b.t0 ?? null, ran: !!b.ran, finished: b.finished ?? null, lastPlot: b.lastPlot ?? null, ready,
          running: !!app && app.getAttribute('data-test-script-state') === 'running',
          now: performance.now(), origin: performance.timeOrigin,
          charts: charts.length, changed: charts.filter(c => b.changed && b.changed.has(c)).length}};
}}"""
COUNT_JS = """() => [document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
                    document.querySelectorAll('[data-testid="stException"]').length]"""
# The controls a reader changes. Not download buttons, link buttons or page links (no rerun, or another page).
CONTROL_IDS = ["stSelectbox", "stMultiSelect", "stRadio", "stSlider", "stCheckbox", "stButton"]
CONTROLS_JS = """ids => [...document.querySelectorAll(ids.map(id => `[data-testid="${id}"]`).join(','))].map(el => {
  const label = el.querySelector('[data-testid="stWidgetLabel"]');
  const id = el.dataset.testid;
  return {id, nth: [...document.querySelectorAll(`[data-testid="${id}"]`)].indexOf(el),
          // A button's Material icon is text too (its ligature's name): not part of its label.
          label: (label ? label.innerText : el.innerText).split('\\n').map(s => s.trim())
                   .filter(s => s && !el.querySelector(`[data-testid="stIconMaterial"]`)?.innerText.includes(s))[0]
                   ?.slice(0, 60) ?? '',
          sidebar: !!el.closest('[data-testid="stSidebar"]')};
})"""
# Every request but those to loopback goes to a proxy that is not there, so it fails at once.
NO_NETWORK: pw.ProxySettings = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}
# On a page's URL, Streamlit first probes for a base path (<page>/_stcore/health): an expected 404.
BENIGN_404 = re.compile(r"/.+/_stcore/(health|host-config)$")
Action = Callable[
    [pw.Page], None
]  # a change made on a page; it arms the clock (ARM_JS) just before its press


@dataclass
class Changed:
    """One filter change or control change as the browser and the server saw it."""

    seconds: float
    charts_changed: int
    charts: int
    server_cpu_s: float
    full_runs: int  # page runs in the run log (0: only a fragment ran)


@dataclass
class Pair:
    """A view's load (and change) and the floor's load (and change) measured just before it."""

    load_s: float
    floor_load_s: float
    change: Changed | None = None
    floor_change: Changed | None = None
    runs_per_load: int = 0


@dataclass
class ViewResult:
    name: str
    url: str
    pairs: list[Pair] = field(default_factory=list)
    charts: int = 0
    exceptions: int = 0
    problems: list[str] = field(default_factory=list)  # console and HTTP errors, blocked requests
    failures: list[str] = field(default_factory=list)  # loads or changes that failed (the rest count)
    controls: list[dict[str, object]] = field(default_factory=list)

    def ratio(self, what: str) -> float | None:
        """Median over the pairs of view / floor: pairs measured side by side cancel a drifting machine."""
        values = [_pair_values(p, what) for p in self.pairs]
        ratios = [v / f for v, f in values if v is not None and f]
        return statistics.median(ratios) if ratios else None

    def median(self, what: str, floor: bool = False) -> float | None:
        values = [_pair_values(p, what)[1 if floor else 0] for p in self.pairs]
        found = [v for v in values if v is not None]
        return statistics.median(found) if found else None


def _pair_values(pair: Pair, what: str) -> tuple[float | None, float | None]:
    if what == "load":
        return pair.load_s, pair.floor_load_s
    mine, floor = pair.change, pair.floor_change
    if not mine or not floor:
        return None, None
    if what == "change":
        return mine.seconds, floor.seconds
    return mine.server_cpu_s, floor.server_cpu_s  # "change_cpu"


class Browser:
    """One headless Chromium, a context per view; loads and changes timed against their servers."""

    def __init__(self, playwright: pw.Playwright, settle_s: float, timeout_s: float):
        from scripts.serve import CHROMIUM, CHROMIUM_ARGS

        self.browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=NO_NETWORK
        )
        self.settle_s, self.timeout_s = settle_s, timeout_s
        self.contexts: dict[str, pw.BrowserContext] = {}

    def close(self) -> None:
        self.browser.close()

    def page(self, server: Server, view: View, result: ViewResult) -> pw.Page:
        """A new page in the view's context (made on first use: it reaches only the local server and
        notes what went wrong)."""
        if view.name not in self.contexts:
            context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(TRACK_JS)
            problems = result.problems

            def on_console(message: pw.ConsoleMessage) -> None:
                if message.type == "error" and "Failed to load resource" not in message.text:
                    problems.append(f"console: {message.text[:200]}")

            def on_response(response: pw.Response) -> None:
                if response.status >= 400 and not BENIGN_404.search(response.url):
                    problems.append(f"HTTP {response.status} {response.url}")

            def on_failed(request: pw.Request) -> None:
                if not request.url.startswith(server.origin + "/"):
                    problems.append(f"blocked {request.url}")

            context.on("weberror", lambda error: problems.append(f"page error: {str(error.error)[:200]}"))
            context.on("console", on_console)
            context.on("response", on_response)
            context.on("requestfailed", on_failed)
            self.contexts[view.name] = context
        return self.contexts[view.name].new_page()

    def load(self, page: pw.Page, url: str) -> float:
        """Seconds from navigation start until the script has finished and every chart has drawn."""
        start = time.perf_counter()
        deadline = start + self.timeout_s
        page.goto(url, wait_until="commit", timeout=self.timeout_s * 1000)
        while True:
            remaining_ms = max(1, round((deadline - time.perf_counter()) * 1000))
            page.wait_for_function(READY_JS, timeout=remaining_ms, polling=50)
            elapsed = time.perf_counter() - start
            page.wait_for_timeout(self.settle_s * 1000)  # a second run or a late chart undoes readiness
            if page.evaluate(READY_JS):
                return elapsed

    def changed(
        self, page: pw.Page, server: Server, runlog: Path, act: Action, timeout_s: float | None = None
    ) -> Changed:
        """Make a change (act(page) arms the clock with ARM_JS just before its press), then wait until its
        run has finished, the page is ready and no chart has changed for `settle` seconds. Returns the
        time from the press to the later of the run's end and the last change in a chart."""
        logged, cpu = len(runs(runlog)), cpu_s(server.pid)
        act(page)
        deadline = time.perf_counter() + (timeout_s or self.timeout_s)
        while True:
            seen = page.evaluate(POLL_JS)
            end = _run_end(seen, runs(runlog)[logged:])
            if end is not None and seen["ready"]:
                end = max(end, seen["lastPlot"] or 0)
                if seen["now"] - end >= self.settle_s * 1000:
                    break
            if time.perf_counter() > deadline:
                shown = {
                    k: seen[k] is not None if k in ("t0", "finished") else seen[k]
                    for k in ("t0", "ran", "finished", "ready")
                }
                raise RuntimeError(
                    f"no redraw within {timeout_s or self.timeout_s:g} s after the change ({shown})"
                )
            page.wait_for_timeout(50)
        spent = cpu_s(server.pid) - cpu
        page.wait_for_timeout(100)  # the run log is written as the run ends
        full_runs = len(runs(runlog)) - logged
        return Changed((end - seen["t0"]) / 1000, seen["changed"], seen["charts"], spent, full_runs)


def _run_end(seen: dict, logged: list[dict]) -> float | None:
    """When the change's run ended, in the page's milliseconds: as the page saw it, or else (its script
    state never showed "running") from the run log's finished page runs, or else (a fragment that
    wrote no line) at the last change in a chart. None while nothing has ended yet."""
    if seen["t0"] is None or seen["running"]:
        return None
    if seen["ran"] and seen["finished"] is not None:
        return float(seen["finished"])
    done = [r for r in logged if r["ended"] == "finished"]
    if done:
        return max((r["start"] + r["wall_s"]) * 1000 - seen["origin"] for r in done)
    return seen["lastPlot"]


def _pick(page: pw.Page, widget: pw.Locator, text: str | None = None) -> None:
    """Open a selectbox or multiselect and click one option: the one shown as `text`, else the first
    one not chosen (nor "— none —")."""
    widget.locator("input").first.click()
    options = page.get_by_role("option")
    if text:
        page.keyboard.type(text)
        option = options.filter(has_text=text).first
    else:
        option = (
            options.filter(has_not_text="— none —").and_(page.locator(':not([aria-selected="true"])')).first
        )
    option.wait_for()
    page.evaluate(ARM_JS)
    option.click()


def _drop_last(page: pw.Page, widget: pw.Locator) -> None:
    """Remove a multiselect's last choice with its tag's remove button."""
    page.evaluate(ARM_JS)
    widget.locator("[data-tag] button").last.click()


def make(change: Change) -> Action:
    """The view's filter change as a reader makes it, with the widget found by its label."""

    def act(page: pw.Page) -> None:
        testid = {"select": "stSelectbox", "add": "stMultiSelect", "drop_last": "stMultiSelect"}
        widget = page.get_by_test_id(testid.get(change.kind, "stCheckbox"))
        widget = widget.filter(has=page.get_by_label(change.label, exact=True)).first
        if change.kind in ("select", "add"):
            _pick(page, widget, change.text or str(change.value))
        elif change.kind == "drop_last":
            _drop_last(page, widget)
        elif change.kind == "toggle":
            page.evaluate(ARM_JS)
            widget.locator("label").first.click()
        else:
            raise ValueError(f"unknown change {change.kind!r}")

    return act


def control(testid: str, nth: int) -> Action:
    """Change the nth control of its kind once, whatever its value: another option, one choice less
    (or the first one more), the other radio option, the slider's last thumb one step left, a click."""

    def act(page: pw.Page) -> None:
        widget = page.get_by_test_id(testid).nth(nth)
        widget.scroll_into_view_if_needed()
        if testid == "stMultiSelect" and widget.locator("[data-tag]").count():
            _drop_last(page, widget)
        elif testid in ("stSelectbox", "stMultiSelect"):
            _pick(page, widget)
        elif testid == "stRadio":
            option = widget.locator("label").filter(has=page.locator("input:not(:checked)")).first
            page.evaluate(ARM_JS)
            option.click()
        elif testid == "stSlider":
            widget.locator('input[type="range"]').last.focus()
            page.evaluate(ARM_JS)
            page.keyboard.press("ArrowLeft")
        else:  # stCheckbox (toggles too), stButton
            page.evaluate(ARM_JS)
            widget.locator("label, button").first.click()

    return act


def measure(
    app: Server,
    floor: Server,
    runlogs: dict[str, Path],
    views: list[View],
    floor_view: View,
    *,
    rounds: int,
    warmup: int,
    floor_every: int,
    controls: list[View],
    settle_s: float,
    timeout_s: float,
) -> tuple[list[ViewResult], ViewResult]:
    """`warmup` + `rounds` rounds over the views; in each, the floor is loaded (and changed) before
    every `floor_every` views, and each view is loaded (and changed) once. Then the controls map."""
    results = {v.name: ViewResult(v.name, v.url) for v in views}
    floor_result = ViewResult(floor_view.name, floor_view.url)
    with pw.sync_playwright() as playwright:
        browser = Browser(playwright, settle_s, timeout_s)

        def visit(
            server: Server, view: View, result: ViewResult, runlog: Path
        ) -> tuple[float, Changed | None, int]:
            """A load and the view's change, on a new page; tried once more if either fails (on a busy
            machine a click may land while the page still moves)."""
            for attempt in (1, 2):
                page = browser.page(server, view, result)
                try:
                    logged = len(runs(runlog))
                    load_s = browser.load(page, server.origin + view.url)
                    per_load = len(runs(runlog)) - logged
                    result.charts, result.exceptions = page.evaluate(COUNT_JS)
                    change = browser.changed(page, server, runlog, make(view.change)) if view.change else None
                    return load_s, change, per_load
                except Exception as exc:
                    if attempt == 2:
                        raise
                    result.problems.append(f"tried again after {_short(exc)}")
                finally:
                    page.close()
            raise AssertionError("unreachable")

        for round_ in range(warmup + rounds):
            floor_seen: tuple[float, Changed | None, int] | None = None
            for index, view in enumerate(views):
                result = results[view.name]
                try:
                    if index % floor_every == 0 or floor_seen is None:
                        floor_seen = visit(floor, floor_view, floor_result, runlogs["floor"])
                    load_s, change, per_load = visit(app, view, result, runlogs["app"])
                except Exception as exc:  # noted; the other loads go on
                    result.failures.append(_short(exc))
                    continue
                if round_ >= warmup:
                    result.pairs.append(Pair(load_s, floor_seen[0], change, floor_seen[1], per_load))
        for view in controls:
            result = results.get(view.name) or ViewResult(view.name, view.url)
            results[view.name] = result
            result.controls = controls_of(browser, app, view, result, runlogs["app"])
        browser.close()
    for result in [*results.values(), floor_result]:
        result.problems = sorted(set(result.problems))[:5]
    return list(results.values()), floor_result


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"


def controls_of(
    browser: Browser, server: Server, view: View, result: ViewResult, runlog: Path
) -> list[dict[str, object]]:
    """Each control of the view changed once, on a fresh load (the first on the load that finds them),
    tried once more if it fails: what reran and what redrew."""
    found: list[dict[str, object]] | None = None
    mapped: list[dict[str, object]] = []
    attempt = 1
    while found is None or len(mapped) < len(found):
        page = browser.page(server, view, result)
        try:
            browser.load(page, server.origin + view.url)
            if found is None:
                found = page.evaluate(CONTROLS_JS, CONTROL_IDS)
                if not found:
                    break
            entry = dict(found[len(mapped)])
            # A control that starts no run would wait for ever: a minute is plenty for one that does.
            act = control(str(entry["id"]), int(str(entry["nth"])))
            seen = browser.changed(page, server, runlog, act, timeout_s=min(browser.timeout_s, 60))
            entry |= {
                "seconds": seen.seconds,
                "reran": "whole page" if seen.full_runs else "fragment",
                "charts_changed": seen.charts_changed,
                "charts": seen.charts,
                "server_cpu_s": seen.server_cpu_s,
            }
        except Exception as exc:
            if found is None and attempt == 2:
                raise
            if attempt == 1:
                attempt = 2
                result.problems.append(f"tried again after {_short(exc)}")
                continue
            entry = dict(found[len(mapped)]) | {"error": _short(exc)}  # type: ignore[index]
        finally:
            page.close()
        mapped.append(entry)
        attempt = 1
    return mapped
