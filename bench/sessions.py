"""Concurrent sessions: the server's script runs and memory with N readers at once, in real browsers.

N browser contexts in one headless Chromium are N readers, each one Streamlit session: it opens its
first view by address, then each next one in the same session as Back and Forward do (the address
changes; Streamlit runs the page it names, with its query string). The server does for each what it
does for any reader (a script run, every element serialized and sent over the session's WebSocket).
The pages time their runs themselves (the run log, src/web/timing.py), each line naming the reader
(a cookie each reader's context sets), so p95 is the server's script-run time, and a reader knows
from the server, not from what its browser shows, when its run has finished. Now and then a run is
lost (cut short by the session's own previous request, never run again; or a history change the
frontend dropped): a view with no finished run while its frontend sits idle, or for STUCK_S, is asked
for again, and the report counts those views.

Two cores are shared by the server and the browsers, so the browsers are made light: they do not
fetch Plotly's code (one chunk, the same for app and floor), so nobody draws the charts the server
still builds and sends; and in a full run Chromium runs at the lowest CPU priority (nice 19), so the
server gets the CPU whenever it wants it. (A quick run keeps the normal priority: nice 19 yields to
every process on the machine, and on a busy shared machine the browsers would starve.) AppTest
instances in threads of one process would measure no server at all: no sessions, no WebSocket, no
serialization, one process-wide mock runtime they would share; and memory per session would mean
nothing.

Load model: reader i views every view of its plan in turn, starting at the i-th, pausing a random
0.5–1.5 × think time after each run has finished; the readers start within the first second, after
one reader has viewed every view once (imports, caches) and stays. Memory: the server's RSS (its
process tree, /proc) before the readers, with all N open after their last run, and `release_wait`
seconds after all closed. Streamlit keeps a closed session for its TTL (bench/server.py shortens it to
2 s) and forgets expired ones only when another session closes, so the warm-up reader closes just
before that reading (its session is counted in both). RSS rarely falls then (freed memory stays with
the allocator), so whether the sessions' memory was released is seen by N more readers doing the same:
what they add is what the first left and they could not reuse.

The p95 of one wave rests on its largest burst (readers whose runs happen to start together, each then
waiting for the others' runs): the same code gave 104-448 ms in four waves (bench/FINDINGS.md). The
app and the floor each get a second wave, and the waves go app, floors, app, floor, so each p95 comes
from twice the runs and from the same stretches of the benchmark, whatever else the machine did.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bench.browser import NO_NETWORK
from bench.server import SESSION_TTL_S, memory_mb, runs
from scripts.serve import CHROMIUM, CHROMIUM_ARGS, Server
from scripts.serve import CONNECTED_IDLE as READY
from src.web.timing import CLIENT_COOKIE

# The next view in the same session, as Back or Forward brings it: the address changes and Streamlit
# runs the page it names, with its query string.
GO_JS = """url => {
  history.pushState({}, '', url);
  window.dispatchEvent(new PopStateEvent('popstate', {state: {}}));
}"""
# Plotly's code (one chunk, the same for the app and the floor) is not fetched: the server still
# builds, serializes and sends every chart; the browsers just do not draw them.
PLOTLY_CHUNK = "**/PlotlyChart.*.js"
# A view whose run has not finished while the frontend sits idle this long was lost (a run cut short
# by the session's previous one, which the server never reran): it is asked for again.
LOST_AFTER_S = 5
STUCK_S = 30  # no finished run this long after asking (p95 is about 3 s with 16 sessions): asked again
READY_WAIT_S = 10
TIMEOUT_S = 240  # one view on a busy machine with every session loading: generous, never a measure


class RunLog:
    """The server's run log as it grows: how many runs each reader (its `bench_client` cookie) has
    finished. A reader waits for its own run there: the server's word, whatever the browser shows."""

    def __init__(self, path: Path):
        self.path, self.offset, self.finished, self.retried = path, 0, Counter[str](), Counter[str]()

    def _read(self) -> None:
        data = b""
        with contextlib.suppress(FileNotFoundError), self.path.open("rb") as log:  # none before the first run
            log.seek(self.offset)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1] if b"\n" in data else b""
        self.offset += len(complete)
        for line in complete.decode().splitlines():
            record = json.loads(line)
            if record["ended"] == "finished" and record.get("client"):
                self.finished[record["client"]] += 1

    async def wait(self, client: str, count: int, lost: Callable[[], Awaitable[bool]] | None = None) -> None:
        """Until `client` has finished `count` runs. `lost()`, asked every few seconds, says whether
        the run was lost and asked for again (see Reader.view)."""
        deadline = time.perf_counter() + TIMEOUT_S
        asked = time.perf_counter()
        while True:
            self._read()
            if self.finished[client] >= count:
                return
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{client}: run {count} not finished within {TIMEOUT_S} s")
            if lost is not None and time.perf_counter() - asked > LOST_AFTER_S:
                asked = time.perf_counter()
                if await lost():
                    self.retried[client] += 1
            await asyncio.sleep(0.05)


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
    retried: int = 0  # views asked for again, their run lost (RunLog.wait)
    rss_before_mb: float | None = None
    rss_open_mb: float | None = None
    peak_mb: float | None = None
    rss_closed_mb: float | None = None
    rss_second_mb: float | None = None  # a second wave of N open, after the first closed
    release_wait_s: float = 0.0
    seconds: float = 0.0  # of the waves, summed
    waves: int = 0  # of N readers each, whose runs are counted
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

    @property
    def second_per_session_mb(self) -> float | None:
        """What a second wave adds per session: memory the first left that it could not reuse."""
        if self.rss_second_mb is None or self.rss_closed_mb is None:
            return None
        return (self.rss_second_mb - self.rss_closed_mb) / self.sessions

    def summary(self) -> dict[str, object]:
        return {
            "sessions": self.sessions,
            "runs": len(self.wall_s),
            "waves": self.waves,
            "p50_s": statistics.median(self.wall_s) if self.wall_s else None,
            "p95_s": self.p95_s,
            "p95_cpu_s": self.p95_cpu_s,
            "unfinished_runs": self.unfinished,
            "retried_views": self.retried,
            "rss_before_mb": self.rss_before_mb,
            "rss_open_mb": self.rss_open_mb,
            "peak_mb": self.peak_mb,
            "rss_closed_mb": self.rss_closed_mb,
            "per_session_mb": self.per_session_mb,
            "kept_per_session_mb": self.kept_per_session_mb,
            "rss_second_mb": self.rss_second_mb,
            "second_per_session_mb": self.second_per_session_mb,
            "seconds": self.seconds,
            "errors": self.errors[:5],
        }


@contextlib.contextmanager
def niced_chromium(nice: int) -> Iterator[str]:
    """An executable that starts Debian's Chromium at CPU priority `nice` (19: the lowest)."""
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as tmp:
        wrapper = Path(tmp) / "chromium"
        wrapper.write_text(f'#!/bin/sh\nexec nice -n {nice} {CHROMIUM} "$@"\n')
        wrapper.chmod(0o755)
        yield str(wrapper)


class Reader:
    """One reader: its own browser context (a Streamlit session once it has loaded a page), named by
    a cookie that the pages' run log records."""

    def __init__(self, browser: Browser, origin: str, log: RunLog, name: str):
        self.browser, self.origin, self.log, self.name = browser, origin, log, name
        self.context: BrowserContext | None = None
        self.runs = 0

    async def view(self, url: str) -> None:
        """The first view by its address, each next one in the same session; until its run has finished."""
        if self.context is None:
            self.context = await self.browser.new_context(
                viewport={"width": 1400, "height": 1000}, proxy=NO_NETWORK
            )
            await self.context.add_cookies([{"name": CLIENT_COOKIE, "value": self.name, "url": self.origin}])
            await self.context.route(PLOTLY_CHUNK, lambda route: route.abort())
            page = await self.context.new_page()
            await page.goto(self.origin + url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        else:
            # The frontend drops a history change while it is not yet connected or has no page of its
            # own (the server has finished the run; the browser may not have caught up): wait for it,
            # a while (a frontend that never shows itself idle again is asked all the same).
            page = self.context.pages[0]
            with contextlib.suppress(PlaywrightTimeout):
                await page.wait_for_selector(READY, state="attached", timeout=READY_WAIT_S * 1000)
            await page.evaluate(GO_JS, url)
        self.runs += 1
        page, asked = self.context.pages[0], [time.perf_counter()]

        async def lost() -> bool:
            """No finished run for this view while the frontend has sat idle and connected for a
            second, or for STUCK_S whatever it shows: the run was lost; ask for it again."""
            stuck = time.perf_counter() - asked[0] > STUCK_S
            for look in range(2):
                if look:
                    await asyncio.sleep(1)
                self.log._read()
                if self.log.finished[self.name] >= self.runs:
                    return False
                if not stuck and await page.locator(READY).count() == 0:
                    return False  # a run under way (or reconnecting): wait for it
            await page.evaluate(GO_JS, url)
            asked[0] = time.perf_counter()
            return True

        await self.log.wait(self.name, self.runs, lost)

    async def read(
        self, plan: list[str], think_s: float, seed: int, phase: Phase, progress: list[int]
    ) -> None:
        """Start within the first second, then view the plan's views in turn, pausing after each."""
        rng = random.Random(seed)
        await asyncio.sleep(rng.uniform(0, 1))
        for i, url in enumerate(plan):
            if i:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
            try:
                await self.view(url)
            except Exception as exc:  # noted; the other readers go on
                phase.errors.append(
                    f"{self.name} {url}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
                )
                self.runs = self.log.finished[self.name]  # wait for the next run only
            progress[0] += 1

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()


async def _wave(
    browser: Browser,
    server: Server,
    log: RunLog,
    plans: list[list[str]],
    think_s: float,
    phase: Phase,
    name: str,
) -> tuple[float, float]:
    """N readers at once, each through its plan; (RSS, peak RSS) with all of them still open; then they leave."""
    progress, readers = [0], [Reader(browser, server.origin, log, f"{name}-{i}") for i in range(len(plans))]
    try:
        done = await asyncio.gather(
            *(
                reader.read(plan, think_s, i, phase, progress)
                for i, (reader, plan) in enumerate(zip(readers, plans, strict=True))
            ),
            return_exceptions=True,
        )
        phase.errors += [f"{type(e).__name__}: {e}"[:200] for e in done if isinstance(e, BaseException)]
        await asyncio.sleep(0.5)  # the last runs' cleanup
        return memory_mb(server.pid)
    finally:
        for reader in readers:
            await reader.close()


async def _phase(
    browser: Browser,
    keeper: Reader,
    server: Server,
    log: RunLog,
    plans: list[list[str]],
    think_s: float,
    release_wait_s: float,
) -> Phase:
    """N readers; memory before, with all open and some seconds after they closed."""
    phase = Phase(len(plans), release_wait_s=release_wait_s)
    # The warm-up reader (`keeper`) stays open until the first wave has closed: its session is counted
    # open in the first reading and held (closed within the TTL) in the third, the same either way.
    phase.rss_before_mb = memory_mb(server.pid)[0]
    phase.rss_open_mb, phase.peak_mb = await _timed_wave(
        browser, server, log, plans, think_s, phase, "reader"
    )
    await asyncio.sleep(max(release_wait_s, SESSION_TTL_S + 1))
    await keeper.close()  # a session closing makes the server forget those past their TTL
    await asyncio.sleep(1)
    phase.rss_closed_mb = memory_mb(server.pid)[0]
    return phase


async def _second_wave(
    browser: Browser, server: Server, log: RunLog, plans: list[list[str]], think_s: float, phase: Phase
) -> None:
    """N more readers after the first N closed: what they add is what the first left and they could
    not reuse; their runs join the phase's (a p95 from two waves, apart in time, rests less on one
    burst of readers arriving at once)."""
    phase.rss_second_mb, _ = await _timed_wave(browser, server, log, plans, think_s, phase, "second")


async def _timed_wave(
    browser: Browser,
    server: Server,
    log: RunLog,
    plans: list[list[str]],
    think_s: float,
    phase: Phase,
    name: str,
) -> tuple[float, float]:
    """One wave (_wave), its finished runs' times added to the phase's."""
    logged, retried = len(runs(log.path)), sum(log.retried.values())
    started = time.perf_counter()
    memory = await _wave(browser, server, log, plans, think_s, phase, name)
    phase.seconds += time.perf_counter() - started
    new = runs(log.path)[logged:]
    phase.wall_s += [r["wall_s"] for r in new if r["ended"] == "finished"]
    phase.cpu_s += [r["cpu_s"] for r in new if r["ended"] == "finished"]
    phase.unfinished += sum(r["ended"] != "finished" for r in new)
    phase.retried += sum(log.retried.values()) - retried
    phase.waves += 1
    return memory


def plans_for(urls: list[str], sessions: int, rounds: int) -> list[list[str]]:
    """Session i views every URL `rounds` times, starting at the i-th: all pages are in use at once."""
    return [[urls[(i + k) % len(urls)] for k in range(len(urls))] * rounds for i in range(sessions)]


async def _measure(
    servers: dict[str, tuple[Server, Path, list[str]]],
    sessions: int,
    rounds: int,
    think_s: float,
    release_wait_s: float,
    nice: int,
    second_wave: set[str],
    together: bool = False,
) -> dict[str, Phase]:
    phases: dict[str, Phase] = {}
    with niced_chromium(nice) as chromium:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                # Every server first shows every view to one reader (imports, caches), all at once:
                # untimed. Each of these readers stays open until its server's phase ends.
                logs = {name: RunLog(runlog) for name, (_, runlog, _) in servers.items()}
                warm = {name: Phase(1) for name in servers}
                keepers = {
                    name: Reader(browser, s.origin, logs[name], "warm-up")
                    for name, (s, _, _) in servers.items()
                }
                await asyncio.gather(
                    *(
                        keepers[name].read(plans_for(urls, 1, 1)[0], think_s, -1, warm[name], [0])
                        for name, (_, _, urls) in servers.items()
                    )
                )
                await asyncio.sleep(1)

                async def phase(name: str) -> None:
                    server, _, urls = servers[name]
                    phases[name] = await _phase(
                        browser,
                        keepers[name],
                        server,
                        logs[name],
                        plans_for(urls, sessions, rounds),
                        think_s,
                        release_wait_s,
                    )
                    phases[name].errors += [f"warm-up: {e}" for e in warm[name].errors]

                async def second(name: str) -> None:
                    server, _, urls = servers[name]
                    plans = plans_for(urls, sessions, rounds)
                    await _second_wave(browser, server, logs[name], plans, think_s, phases[name])

                # Every server's first wave, then the second waves in the same order: the app's and the
                # floor's runs come from the same stretches of the run, whatever else the machine did.
                for step, names in (
                    (phase, list(servers)),
                    (second, [n for n in servers if n in second_wave]),
                ):
                    if together:  # only proving the phases work: their figures would disturb each other
                        await asyncio.gather(*(step(name) for name in names))
                    else:
                        for name in names:
                            await step(name)
            finally:
                await browser.close()
    return {name: phases[name] for name in servers}  # in the servers' order, however they finished


def measure(
    servers: dict[str, tuple[Server, Path, list[str]]],
    *,
    sessions: int,
    rounds: int,
    think_s: float,
    release_wait_s: float,
    nice: int = 19,
    second_wave: set[str] | None = None,
    together: bool = False,
) -> dict[str, Phase]:
    """For each server in turn (name -> (server, its run log, the URLs its readers view)): N sessions;
    then, for the servers named in second_wave, in the same order, N more (their runs counted too).
    together: every server's phase at once, for a quick run that only proves the phases work (each
    would disturb the others' figures)."""
    return asyncio.run(
        _measure(servers, sessions, rounds, think_s, release_wait_s, nice, second_wave or set(), together)
    )
