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
holds to the objects of one session's run, once per page per process. A server thaws, collects in
full and freezes again every REFREEZE_RUNS complete runs (below), at a moment when no other session's
script is running: that pass holds the interpreter for 100 ms on a quiet machine and 220–600 ms with
16 readers (bench/FINDINGS.md), and every run in progress would wait for it. After each full pass a
server hands the memory its C allocator holds free back to the system (`hand_back_free_memory`)."""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import threading
import time
from collections.abc import Callable

import streamlit as st

log = logging.getLogger("src.ui")
_settled: set[str] = set()
_lock = threading.Lock()
# On a server, every this many complete runs: thaw, collect everything, freeze again. What the caches
# gained since the last freeze (figures and parts of new views: 80,000 objects after 40 views, a 45 ms
# pass) would otherwise be walked by the collection after every run, holding the interpreter while
# every other session waits; and a frozen object that died since (a figure dropped from a cache; a
# figure's objects refer to each other) is freed only by a pass over thawed objects.
REFREEZE_RUNS = 100
# A refreeze that is due waits for a run that ends with no other session's script running; on a server
# never idle it is made anyway after this many more complete runs.
REFREEZE_WAIT_RUNS = 400
_SCRIPT_THREAD = "ScriptRunner.scriptThread"  # the name Streamlit gives each script run's thread
_runs = 0
_due_since: int | None = None  # the run at which a refreeze fell due, while it waits


def others_running() -> int:
    """How many other sessions' scripts are running now (each runs in a thread of its own, which ends
    with its run)."""
    me = threading.current_thread()
    return sum(t.name == _SCRIPT_THREAD and t is not me and t.is_alive() for t in threading.enumerate())


def settle(page: str, serving: bool) -> None:
    """After `page`'s first complete run in this process: collect, then freeze what is left; when
    `serving` browsers with Streamlit's collection after every run, leave collecting to that, and
    every REFREEZE_RUNS complete runs collect in full and freeze again, once no other script runs."""
    global _runs, _due_since
    with _lock:
        _runs += 1
        first = page not in _settled
        if serving and _due_since is None and _runs % REFREEZE_RUNS == 0:
            _due_since = _runs
        waited = None if _due_since is None else _runs - _due_since
        refreeze = waited is not None and (waited >= REFREEZE_WAIT_RUNS or not others_running())
        if not first and not refreeze:
            return
        if refreeze:
            gc.unfreeze()  # what died among the frozen objects is collected too
            _due_since = None
        _settled.add(page)
        started = time.perf_counter()
        freed = gc.collect()
        gc.freeze()
        collected = time.perf_counter()
        returned = serving and hand_back_free_memory()
        what = (
            f"refrozen at run {_runs}, {waited} runs after it fell due"
            if refreeze
            else f"first run of {page}"
        )
        log.info(
            "heap: %s; %d objects freed and %d frozen in %.0f ms%s",
            what,
            freed,
            gc.get_freeze_count(),
            (collected - started) * 1000,
            f"; free memory handed back in {(time.perf_counter() - collected) * 1000:.0f} ms"
            if returned
            else "",
        )
        if serving and st.get_option("runner.postScriptGC"):
            gc.disable()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def hand_back_free_memory() -> bool:
    """Give the memory the C allocator holds free back to the system (glibc's `malloc_trim(0)`);
    whether it could. Each run of a page builds and drops large buffers (a chart's JSON, its message,
    tables' HTML) in the thread of its own that Streamlit gives the run; the allocator keeps what they
    freed, scattered through its heaps, so a server's resident memory only grew. Handed back after
    each full collection (a page's first run, every refreeze), at a moment no other script runs: in a
    server with 16 readers after some 40 views, 216 MB resident instead of 234 (bench/FINDINGS.md)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
