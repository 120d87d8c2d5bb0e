"""The garbage collector, told once per page which objects live as long as the process, and, on a
server, left to Streamlit's collection between runs.

Streamlit collects garbage after every script run and every fragment run (`runner.postScriptGC`, on
by default): a full pass over every object the process tracks. After the app's first pages that is
some 150,000 objects (the modules of pandas, Plotly and Streamlit, the tables, the caches), about
70 ms of CPU on this project's machine, more than a filter change's own work, and it holds the
interpreter while it runs (every other session waits). Those objects live as long as the process.
After a page's first complete run, `settle` collects once and freezes what is alive then
(`gc.freeze`): later passes look only at what is newer, a few thousand objects.

On a server (`serving`), the automatic collections in the middle of runs are then turned off: the
collection after each run finds the same garbage. They were also where CPython 3.11's parser fails
under threads: a collection inside one thread's parsing of a page script runs finalizers (Python
code), so another thread may parse at the same time, and the interpreter's shared depth counter
then fails the first with "SystemError: AST constructor recursion depth mismatch" (python/cpython
gh-106905). Seen here when four browsers opened four pages of a fresh replica at once: one got
"This app has encountered an error". Without automatic collections a parse runs no Python code,
so no other thread runs in its middle. Under AppTest (no collection after runs) they stay on.

Frozen objects are still freed by reference counting; only a reference cycle among them that dies
later waits for a pass over thawed objects. Under AppTest that never comes, which bounds what it
holds to the objects of one session's run, once per page per process. A server freezes what is new
every REFREEZE_RUNS complete runs, and thaws, collects everything and freezes again every THAW_RUNS,
at a moment when no other session's script is running: that pass holds the interpreter for up to
600 ms with 16 readers (bench/FINDINGS.md), and every run in progress would wait for it."""

from __future__ import annotations

import gc
import logging
import threading
import time

import streamlit as st

log = logging.getLogger("src.ui")
_settled: set[str] = set()
_lock = threading.Lock()
# On a server, every this many complete runs: collect what is not frozen and freeze what is left. What
# the caches gained since the last freeze (figures and parts of new views: 80,000 objects after 40
# views, a 45 ms pass) would otherwise be walked by the collection after every run, holding the
# interpreter while every other session waits. A pass over the newer objects only: some 10-40 ms.
REFREEZE_RUNS = 100
# Every this many complete runs, a thaw: everything is collected and frozen again. A frozen object that
# died since (a figure dropped from a cache; a figure's objects refer to each other) is freed only by a
# pass over thawed objects: 100 ms with every page run once on a quiet machine, 220-600 ms with 16
# readers, and every run in progress or starting meanwhile waits. So it is rare, and a thaw that is due
# waits for a run that ends while no other session's script runs (made anyway after THAW_WAIT_RUNS).
THAW_RUNS = 1000
THAW_WAIT_RUNS = 400
_SCRIPT_THREAD = "ScriptRunner.scriptThread"  # the name Streamlit gives each script run's thread
_runs = 0
_thaw_due: int | None = None  # the run at which a thaw fell due, while it waits


def others_running() -> int:
    """How many other sessions' scripts are running now (each runs in a thread of its own, which ends
    with its run)."""
    me = threading.current_thread()
    return sum(t.name == _SCRIPT_THREAD and t is not me and t.is_alive() for t in threading.enumerate())


def settle(page: str, serving: bool) -> None:
    """After `page`'s first complete run in this process: collect, then freeze what is left; when
    `serving` browsers with Streamlit's collection after every run, leave collecting to that, freeze
    what is new every REFREEZE_RUNS complete runs, and every THAW_RUNS thaw and collect everything
    first, at the end of a run while no other script runs."""
    global _runs, _thaw_due
    with _lock:
        _runs += 1
        first = page not in _settled
        if serving and _thaw_due is None and _runs % THAW_RUNS == 0:
            _thaw_due = _runs
        waited = None if _thaw_due is None else _runs - _thaw_due
        thaw = waited is not None and (waited >= THAW_WAIT_RUNS or not others_running())
        refreeze = serving and _runs % REFREEZE_RUNS == 0
        if not (first or thaw or refreeze):
            return
        if thaw:
            gc.unfreeze()  # what died among the frozen objects is collected too
            _thaw_due = None
        _settled.add(page)
        started = time.perf_counter()
        freed = gc.collect()
        gc.freeze()
        if thaw:
            what = f"thawed at run {_runs}, {waited} runs after it fell due"
        else:
            what = f"first run of {page}" if first else f"new objects frozen at run {_runs}"
        log.info(
            "heap: %s; %d objects freed and %d frozen in %.0f ms",
            what,
            freed,
            gc.get_freeze_count(),
            (time.perf_counter() - started) * 1000,
        )
        if serving and st.get_option("runner.postScriptGC"):
            gc.disable()
