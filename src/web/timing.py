"""The app times its own script runs for the benchmark (bench/README.md); nothing when BENCH_RUNLOG is unset.

With BENCH_RUNLOG naming a file, each run of a page appends one JSON line to it: the page, when it
started, its wall time and the CPU time of its script thread, from `start` (top of ui.setup_page) to
`end` (in ui.finish), how it ended, and which benchmark reader ran it (its `bench_client` cookie, so
that a reader can wait for its own runs). The benchmark's floor pages call the same two functions.

A run that never reaches `end` (st.stop, st.rerun, a newer run that interrupted it) is written when
the same session's next run starts, since Streamlit offers no public hook at a run's end and the
pages' bodies are not wrapped. If that next run is on the same thread, the first was cut short by a
rerun (Streamlit reruns on the script's thread): it is timed up to the next start, Streamlit's
between-run work included ("rerun"). On another thread it ended earlier, at a time no public
interface tells, so it is counted untimed ("stopped"). A fragment's rerun runs neither function
and writes nothing."""

from __future__ import annotations

import json
import os
import threading
import time

import streamlit as st

_LOG = os.environ.get("BENCH_RUNLOG")
# In the session: the open run's (page, client, thread, start, perf_counter, thread_time).
_RUN = "_bench:run"
CLIENT_COOKIE = "bench_client"
_lock = threading.Lock()


def start(page: str) -> None:
    """A run of `page` starts (the first call of the page)."""
    if not _LOG:
        return
    now = (time.time(), time.perf_counter(), time.thread_time())
    if (previous := st.session_state.get(_RUN)) is not None:
        _write(previous, now if previous[2] is threading.current_thread() else None)
    client = st.context.cookies.get(CLIENT_COOKIE)  # AppTest has no browser: no cookies there
    client = client if isinstance(client, str) else None
    st.session_state[_RUN] = (page, client, threading.current_thread(), *now)


def end() -> None:
    """The run finished (the last call of the page)."""
    if _LOG and (run := st.session_state.get(_RUN)) is not None:
        del st.session_state[_RUN]
        _write(run, (time.time(), time.perf_counter(), time.thread_time()), "finished")


def _write(run: tuple, now: tuple[float, float, float] | None, ended: str = "rerun") -> None:
    page, client, _thread, started, wall, cpu = run
    record = {"page": page, "client": client, "start": round(started, 4), "ended": ended}
    record |= {"wall_s": None, "cpu_s": None}
    if now is None:
        record["ended"] = "stopped"
    else:
        record |= {"wall_s": round(now[1] - wall, 6), "cpu_s": round(now[2] - cpu, 6)}
    with _lock, open(str(_LOG), "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
