"""Concurrent sessions, measured in the server: the script runs' wall and CPU time with one session
against N sessions at once, and the server's memory with N sessions open and after they close.

Sessions are headless (bench/sessions.py), so N sessions cost the server what N browsers would
and cost the two cores almost nothing else. Load model: every session opens every page in turn
(each with its own filters, from VIEWS), pausing a "think time" between views as a reader does; the
sessions start within the first second. With think time 0 every run queues behind all the others
and the p95 ratio tends to N whatever the app does; with a reader's pause it measures how much
the runs get in each other's way, which is what a lighter run improves.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import server as bench_server
from bench.sessions import Run, Session
from scripts.serve import Server

# Page (URL path; "" = main page) -> the filters sessions cycle through (session i takes the i-th).
APP_VIEWS: dict[str, list[dict[str, str]]] = {
    "": [{}],
    "Arms_suppliers": [
        {},
        {"supplier": "Russia"},
        {"scope": "world", "supplier": "United States"},
        {"mode": "leading", "window": "2000-2019"},
        {"window": "2008-2019", "supplier": "France", "country": "NGA"},
    ],
    "Coups": [{}, {"failed": "0"}, {"years": "2010-2023", "map": "outcome"}, {"country": "SDN"}],
    "Exercises": [{}, {"org": "CSTO"}],
    "Interventions": [{}, {"actor": "Russia"}, {"kind": "military intervention"}],
}
FLOOR_VIEWS: dict[str, list[dict[str, str]]] = {"": [{}]}


def views_for(views: dict[str, list[dict[str, str]]], index: int) -> list[tuple[str, str]]:
    """Session `index`'s (page, query string) list: each page with its index-th filter variant."""
    return [(page, urlencode(variants[index % len(variants)])) for page, variants in views.items()]


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (nearest rank), or None with no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class Phase:
    sessions: int
    wall_s: list[float] = field(default_factory=list)  # per script run, from the server's run log
    cpu_s: list[float] = field(default_factory=list)
    client_s: list[float] = field(default_factory=list)  # request to script_finished, seen by the client
    rss_open_mb: float | None = None  # all sessions still open, their runs done
    errors: list[str] = field(default_factory=list)

    def p95(self, what: str = "wall_s") -> float | None:
        return percentile(getattr(self, what), 95)

    def summary(self) -> dict[str, Any]:
        def rounded(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {
            "sessions": self.sessions,
            "runs": len(self.wall_s),
            "p50_wall_s": rounded(statistics.median(self.wall_s) if self.wall_s else None),
            "p95_wall_s": rounded(self.p95("wall_s")),
            "p95_cpu_s": rounded(self.p95("cpu_s")),
            "p95_client_s": rounded(self.p95("client_s")),
            "rss_open_mb": rounded(self.rss_open_mb),
            "errors": self.errors[:5],
        }


@dataclass
class Concurrency:
    one: Phase
    many: Phase
    rss_idle_mb: float | None = None  # after a warm-up session, before the phases
    peak_mb: float | None = None
    rss_closed_mb: float | None = None  # `release_wait_s` after every session closed
    release_wait_s: float = 0.0

    @property
    def p95_ratio(self) -> float | None:
        a, b = self.one.p95(), self.many.p95()
        return b / a if a and b else None

    @property
    def per_session_mb(self) -> float | None:
        a, b = self.one.rss_open_mb, self.many.rss_open_mb
        if a is None or b is None or self.many.sessions <= 1:
            return None
        return (b - a) / (self.many.sessions - 1)

    def summary(self) -> dict[str, Any]:
        return {
            "one": self.one.summary(),
            "many": self.many.summary(),
            "p95_ratio": self.p95_ratio,
            "rss_idle_mb": self.rss_idle_mb,
            "peak_mb": self.peak_mb,
            "rss_closed_mb": self.rss_closed_mb,
            "release_wait_s": self.release_wait_s,
            "per_session_mb": self.per_session_mb,
        }


async def _session(
    origin: str,
    views: list[tuple[str, str]],
    rounds: int,
    think_s: float,
    seed: int,
    all_done: asyncio.Event,
    opened: list[Session],
    phase: Phase,
) -> None:
    """One reader: start within the first second, view every page `rounds` times with a pause
    between views, then stay connected until every session is done (so memory is measured with
    all of them open)."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 1))
    session = await Session.open(origin)
    opened.append(session)
    for round_ in range(rounds):
        for i, (page, query) in enumerate(views):
            if round_ or i:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
            try:
                run: Run = await session.run(page, query)
                phase.client_s.append(run.seconds)
            except Exception as exc:  # noted; the other sessions go on
                phase.errors.append(f"{page}?{query}: {type(exc).__name__}: {exc}"[:200])
    await all_done.wait()


async def _phase(
    server: Server,
    runlog: Path,
    views: dict[str, list[dict[str, str]]],
    sessions: int,
    rounds: int,
    think_s: float,
) -> tuple[Phase, list[Session]]:
    phase = Phase(sessions)
    logged = len(bench_server.runs(runlog))
    all_done = asyncio.Event()
    opened: list[Session] = []
    # The single session views every variant, so that it runs what the N sessions run between them.
    variants = max(len(v) for v in views.values())
    plans = (
        [[view for k in range(variants) for view in views_for(views, k)]]
        if sessions == 1
        else [views_for(views, i) for i in range(sessions)]
    )
    tasks = [
        asyncio.create_task(_session(server.origin, plan, rounds, think_s, i, all_done, opened, phase))
        for i, plan in enumerate(plans)
    ]
    # Wait until every session has viewed all its pages, then measure with all still open.
    expected = sum(len(plan) for plan in plans) * rounds
    while len(phase.client_s) + len(phase.errors) < expected:
        if any(t.done() and t.exception() for t in tasks):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # the last runs' cleanup
    phase.rss_open_mb = bench_server.memory_mb(server.pid)[0]
    new_runs = bench_server.runs(runlog)[logged:]
    phase.wall_s = [r["wall_s"] for r in new_runs]
    phase.cpu_s = [r["cpu_s"] for r in new_runs]
    all_done.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return phase, opened


async def _measure(
    server: Server,
    runlog: Path,
    views: dict[str, list[dict[str, str]]],
    sessions: int,
    rounds: int,
    think_s: float,
    release_wait_s: float,
) -> Concurrency:
    warm = await Session.open(server.origin)  # imports, caches: what the first reader pays, once
    for page, query in views_for(views, 0):
        await warm.run(page, query)
    await warm.close()
    await asyncio.sleep(0.5)
    idle = bench_server.memory_mb(server.pid)[0]
    one, opened = await _phase(server, runlog, views, 1, rounds, think_s)
    for session in opened:
        await session.close()
    many, opened = await _phase(server, runlog, views, sessions, rounds, think_s)
    peak = bench_server.memory_mb(server.pid)[1]
    for session in opened:
        await session.close()
    await asyncio.sleep(release_wait_s)
    closed = bench_server.memory_mb(server.pid)[0]
    return Concurrency(one, many, idle, peak, closed, release_wait_s)


def measure(
    server: Server,
    runlog: Path,
    views: dict[str, list[dict[str, str]]],
    *,
    sessions: int,
    rounds: int,
    think_s: float,
    release_wait_s: float,
) -> Concurrency:
    """1 session, then `sessions` at once, on a server that has served one warm-up session."""
    return asyncio.run(_measure(server, runlog, views, sessions, rounds, think_s, release_wait_s))


def main() -> None:  # python -m bench.concurrency [sessions] [think_s]: the app alone, printed
    import json
    import sys

    from bench.server import ROOT, serve

    results = ROOT / "bench" / "results"
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    think = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    with serve("app.py", ROOT, results / "server-sessions.log", results / "runs-sessions.jsonl") as srv:
        started = time.perf_counter()
        result = measure(
            srv, results / "runs-sessions.jsonl", APP_VIEWS, sessions=sessions, rounds=1, think_s=think,
            release_wait_s=5,
        )  # fmt: skip
    print(json.dumps(result.summary(), indent=2), f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
