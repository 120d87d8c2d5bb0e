"""The garbage collector, told once per page which objects live as long as the process.

Streamlit collects garbage after every script run and every fragment run (`runner.postScriptGC`, on
by default): a full pass over every object the process tracks. After the app's first pages that is
some 150,000 objects (the modules of pandas, Plotly and Streamlit, the tables, the caches), about
70 ms of CPU on this project's machine, more than a filter change's own work, and it holds the
interpreter while it runs (every other session waits). Those objects live as long as the process.
After a page's first complete run, `settle` collects once and freezes what is alive then
(`gc.freeze`): later passes look only at what is newer, a few thousand objects.

Frozen objects are still freed by reference counting; only a reference cycle among them that dies
later is never collected. What that can hold is bounded: the objects of one session's run, once per
page per process.
"""

from __future__ import annotations

import gc
import threading

_settled: set[str] = set()
_lock = threading.Lock()


def settle(page: str) -> None:
    """After `page`'s first complete run in this process: collect, then freeze what is left."""
    with _lock:
        if page in _settled:
            return
        _settled.add(page)
        gc.collect()
        gc.freeze()
