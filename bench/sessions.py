"""Concurrent sessions: the server's script runs and memory with N readers at once, in real browsers.

N browser contexts in one headless Chromium are N readers, each one Streamlit session: it opens its
first view by address, then each next one in the same session as Back and Forward do (the address
changes; Streamlit runs the page it names, with its query string), pausing a reader's think time in
between. The server does for each what it does for any reader (a script run, every element
serialized and sent over the session's WebSocket). The runs are timed by the pages themselves (the
run log, src/web/timing.py), so p95 is the server's script-run time, not the browsers'.

Two cores are shared by the server and the browsers, so the browsers are made light: Chromium runs at
the lowest CPU priority (nice 19), so the server gets the CPU whenever it wants it, and it does not
fetch Plotly's code (one chunk, the same for app and floor), so nobody draws the charts the server
still builds and sends. The app's heavier pages then do not slow their own server through their
browsers. (AppTest instances in threads of one process would measure no server at all: no sessions,
no WebSocket, no serialization, one process-wide mock runtime they would share; and memory per
session would mean nothing.)

Load model: session i views every view of its plan in turn, starting at the i-th, pausing a random
0.5–1.5 × think time after each run has finished (not after drawing: the server's load must not
depend on how fast the browsers draw); the sessions start within the first second, after one reader
has viewed every view once (imports, caches). Memory: the server's RSS (its process tree, /proc)
before the sessions, with all N open after their last run, and `release_wait` seconds after all
closed. Streamlit keeps a closed session for its TTL (bench/server.py shortens it to 2 s) and forgets
expired ones only when another session closes, so one short visit is made before that last reading
(the warm-up reader's, open until then: its session is counted in both readings).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bench.browser import NO_NETWORK, TRACK_JS
from bench.server import SESSION_TTL_S, memory_mb, runs
from scripts.serve import CHROMIUM, CHROMIUM_ARGS, Server

RAN_JS = """() => window.__benchRan &&
  !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')"""
# The next view in the same session, as Back or Forward brings it: the address changes and Streamlit
# runs the page it names with its query string. Then wait for that run (TRACK_JS notes it) to finish.
GO_JS = """url => {
  window.__bench = {t0: performance.now(), ran: false, finished: null, lastPlot: null, changed: new Set()};
  history.pushState({}, '', url);
  window.dispatchEvent(new PopStateEvent('popstate', {state: {}}));
}"""
WENT_JS = "() => window.__bench.ran && window.__bench.finished !== null"
POP_JS = "() => window.dispatchEvent(new PopStateEvent('popstate', {state: {}}))"
# Plotly's code (one chunk, the same for the app and the floor) is not fetched: the server still
# builds, serializes and sends every chart; the browsers just do not draw them.
PLOTLY_CHUNK = "**/PlotlyChart.*.js"
TIMEOUT_MS = 240_000  # one view on a busy machine with every session loading: generous, never a measure


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (nearest rank), or None with no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class Phase:
    """N sessions on one server."""

    sessions: int
    wall_s: list[float] = field(default_factory=list)  # per finished page run, from the run log
    cpu_s: list[float] = field(default_factory=list)
    unfinished: int = 0  # runs logged as cut short by a rerun or stopped
    rss_before_mb: float | None = None
    rss_open_mb: float | None = None
    peak_mb: float | None = None
    rss_closed_mb: float | None = None
    release_wait_s: float = 0.0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def p95_s(self) -> float | None:
        return percentile(self.wall_s, 95)

    @property
    def p95_cpu_s(self) -> float | None:
        return percentile(self.cpu_s, 95)

    @property
    def per_session_mb(self) -> float | None:
        if self.rss_open_mb is None or self.rss_before_mb is None:
            return None
        return (self.rss_open_mb - self.rss_before_mb) / self.sessions

    @property
    def kept_per_session_mb(self) -> float | None:
        if self.rss_closed_mb is None or self.rss_before_mb is None:
            return None
        return (self.rss_closed_mb - self.rss_before_mb) / self.sessions

    def summary(self) -> dict[str, object]:
        return {
            "sessions": self.sessions,
            "runs": len(self.wall_s),
            "p50_s": statistics.median(self.wall_s) if self.wall_s else None,
            "p95_s": self.p95_s,
            "p95_cpu_s": self.p95_cpu_s,
            "unfinished_runs": self.unfinished,
            "rss_before_mb": self.rss_before_mb,
            "rss_open_mb": self.rss_open_mb,
            "peak_mb": self.peak_mb,
            "rss_closed_mb": self.rss_closed_mb,
            "per_session_mb": self.per_session_mb,
            "kept_per_session_mb": self.kept_per_session_mb,
            "seconds": self.seconds,
            "errors": self.errors[:5],
        }


@contextlib.contextmanager
def niced_chromium() -> Iterator[str]:
    """An executable that starts Debian's Chromium at the lowest CPU priority."""
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as tmp:
        wrapper = Path(tmp) / "chromium"
        wrapper.write_text(f'#!/bin/sh\nexec nice -n 19 {CHROMIUM} "$@"\n')
        wrapper.chmod(0o755)
        yield str(wrapper)


async def _open(browser: Browser, url: str) -> BrowserContext:
    """A reader's browser context with `url` loaded (its first run finished)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, proxy=NO_NETWORK)
    await context.add_init_script(TRACK_JS)
    await context.route(PLOTLY_CHUNK, lambda route: route.abort())
    page = await context.new_page()
    await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await page.wait_for_function(RAN_JS, timeout=TIMEOUT_MS, polling=100)
    return context


async def _go(context: BrowserContext, url: str) -> None:
    """The next view in the same session (and the same page)."""
    page = context.pages[0]
    await page.evaluate(GO_JS, url)
    try:  # right after a load, the app may still be settling and miss the event: then once more
        await page.wait_for_function("() => window.__bench.ran", timeout=10_000, polling=100)
    except PlaywrightTimeout:
        await page.evaluate(POP_JS)
    await page.wait_for_function(WENT_JS, timeout=TIMEOUT_MS, polling=100)


async def _read(
    browser: Browser,
    origin: str,
    plan: list[str],
    think_s: float,
    seed: int,
    phase: Phase,
    progress: list[int],
) -> BrowserContext | None:
    """One reader: start within the first second, open the plan's first view by its address, then each
    next one in the same session, pausing after each. Returns the reader's context, still open."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 1))
    context: BrowserContext | None = None
    for i, url in enumerate(plan):
        if i:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
        try:
            if context is None:
                context = await _open(browser, origin + url)
            else:
                await _go(context, url)
        except Exception as exc:  # noted; the other readers go on
            phase.errors.append(f"{url}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        progress[0] += 1
    return context


async def _reader(
    browser: Browser,
    origin: str,
    plan: list[str],
    think_s: float,
    seed: int,
    progress: list[int],
    all_done: asyncio.Event,
    phase: Phase,
) -> None:
    """A reader that stays until every reader is done (memory is read with all of them open)."""
    context = await _read(browser, origin, plan, think_s, seed, phase, progress)
    try:
        await all_done.wait()
    finally:
        if context is not None:
            await context.close()


async def _phase(
    browser: Browser,
    keeper: BrowserContext | None,
    server: Server,
    runlog: Path,
    plans: list[list[str]],
    think_s: float,
    release_wait_s: float,
) -> Phase:
    phase = Phase(len(plans), release_wait_s=release_wait_s)
    # The warm-up reader (`keeper`) stays open until the end: its session is counted open in the first
    # reading and held (closed within the TTL) in the last, the same either way.
    phase.rss_before_mb = memory_mb(server.pid)[0]
    logged = len(runs(runlog))
    started = time.perf_counter()
    progress, all_done = [0], asyncio.Event()
    readers = [
        asyncio.create_task(_reader(browser, server.origin, plan, think_s, i, progress, all_done, phase))
        for i, plan in enumerate(plans)
    ]
    expected = sum(len(plan) for plan in plans)
    while progress[0] < expected and not any(r.done() for r in readers):
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # the last runs' log lines
    phase.seconds = time.perf_counter() - started
    phase.rss_open_mb, phase.peak_mb = memory_mb(server.pid)
    new = runs(runlog)[logged:]
    phase.wall_s = [r["wall_s"] for r in new if r["ended"] == "finished"]
    phase.cpu_s = [r["cpu_s"] for r in new if r["ended"] == "finished"]
    phase.unfinished = sum(r["ended"] != "finished" for r in new)
    all_done.set()
    for reader in await asyncio.gather(*readers, return_exceptions=True):
        if isinstance(reader, Exception):
            phase.errors.append(f"{type(reader).__name__}: {reader}"[:200])
    await asyncio.sleep(max(release_wait_s, SESSION_TTL_S + 1))
    if keeper is not None:
        await keeper.close()  # a session closing makes the server forget those past their TTL
    await asyncio.sleep(1)
    phase.rss_closed_mb = memory_mb(server.pid)[0]
    return phase


def plans_for(urls: list[str], sessions: int, rounds: int) -> list[list[str]]:
    """Session i views every URL `rounds` times, starting at the i-th: all pages are in use at once."""
    return [[urls[(i + k) % len(urls)] for k in range(len(urls))] * rounds for i in range(sessions)]


async def _measure(
    servers: dict[str, tuple[Server, Path, list[str]]],
    sessions: int,
    rounds: int,
    think_s: float,
    release_wait_s: float,
) -> dict[str, Phase]:
    phases: dict[str, Phase] = {}
    with niced_chromium() as chromium:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                # Every server first shows every view to one reader (imports, caches), all at once:
                # untimed. Each of these readers stays open until its server's phase ends.
                warm = {name: Phase(1) for name in servers}
                keepers = await asyncio.gather(
                    *(
                        _read(browser, s.origin, plans_for(urls, 1, 1)[0], think_s, -1, warm[name], [0])
                        for name, (s, _, urls) in servers.items()
                    )
                )
                await asyncio.sleep(1)
                for keeper, (name, (server, runlog, urls)) in zip(keepers, servers.items(), strict=True):
                    plans = plans_for(urls, sessions, rounds)
                    phases[name] = await _phase(
                        browser, keeper, server, runlog, plans, think_s, release_wait_s
                    )
                    phases[name].errors += [f"warm-up: {e}" for e in warm[name].errors]
            finally:
                await browser.close()
    return phases


def measure(
    servers: dict[str, tuple[Server, Path, list[str]]],
    *,
    sessions: int,
    rounds: int,
    think_s: float,
    release_wait_s: float,
) -> dict[str, Phase]:
    """For each server in turn (name -> (server, its run log, the URLs its readers view)): N sessions."""
    return asyncio.run(_measure(servers, sessions, rounds, think_s, release_wait_s))
