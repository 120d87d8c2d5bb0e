"""Start Streamlit with every script run timed inside the server (bench only; the app is unchanged).

    python bench/instrumented.py RUNLOG run app.py --server.port 8600 ...

Everything after RUNLOG is Streamlit's own command line. Each script run appends one JSON line to
RUNLOG: the session, the page, how the run ended, its wall time (perf_counter) and the CPU time of
its script thread (thread_time), so 16 sessions can be measured in the server rather than through
16 browsers on the same two cores. A run starts at ScriptRunner's SCRIPT_STARTED event and ends at
the next SCRIPT_STOPPED_* / FRAGMENT_STOPPED_* event; both are sent on the script thread.

With BENCH_PROFILE=<folder> in the environment, each run is also profiled (cProfile, script thread
only) and the stats are added up per page in <folder>/<page>.prof (for bench/investigate.py).
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import threading
import time
from pathlib import Path
from typing import Any


def install(runlog: Path, profile_dir: Path | None = None) -> None:
    """Patch ScriptRunner so that each instance reports its runs to `runlog`."""
    from streamlit.runtime.scriptrunner import script_runner

    lock = threading.Lock()
    original_init = script_runner.ScriptRunner.__init__

    def write(record: dict[str, Any]) -> None:
        line = json.dumps(record) + "\n"
        with lock, runlog.open("a") as out:
            out.write(line)

    def save(profile: cProfile.Profile, page: str) -> None:
        assert profile_dir is not None
        path = profile_dir / f"{Path(page).stem}.prof"
        with lock:
            stats = pstats.Stats(profile)
            if path.exists():
                stats.add(str(path))
            stats.dump_stats(str(path))

    def patched_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        started: dict[str, Any] = {}

        def on_event(_sender: Any, event: Any, **_data: Any) -> None:
            name = getattr(event, "name", str(event))
            if name == "SCRIPT_STARTED":
                if profile_dir is not None:
                    started["profile"] = cProfile.Profile()
                    started["profile"].enable()
                started.update(wall=time.perf_counter(), cpu=time.thread_time(), start=time.time())
            elif "STOPPED" in name and started:
                wall, cpu = time.perf_counter() - started["wall"], time.thread_time() - started["cpu"]
                if "profile" in started:
                    started["profile"].disable()
                # The page is known only once the run has resolved it (a link names it by URL path).
                manager = self._pages_manager
                page = str(
                    manager.get_pages().get(manager.current_page_script_hash, {}).get("script_path", "?")
                )
                record = {"session": self._session_id, "page": Path(page).name, "event": name}
                record |= {"start": started["start"], "wall_s": wall, "cpu_s": cpu}
                write(record | {"threads": threading.active_count()})
                if "profile" in started:
                    save(started["profile"], page)
                started.clear()

        self._bench_on_event = on_event  # blinker keeps weak references: hold it here
        self.on_event.connect(on_event)

    script_runner.ScriptRunner.__init__ = patched_init


def main() -> None:
    runlog = Path(sys.argv[1]).resolve()
    # This file's folder must not shadow anything the app imports.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if p != here]
    profile = os.environ.get("BENCH_PROFILE")
    if profile:
        Path(profile).mkdir(parents=True, exist_ok=True)
    install(runlog, Path(profile).resolve() if profile else None)
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[2:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
