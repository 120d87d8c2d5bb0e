"""The benchmark's servers and what it reads of them through the OS: plain `streamlit run` with the
run log switched on (BENCH_RUNLOG, src/web/timing.py), the floor's folder, and a process tree's
memory (/proc) and CPU time (its processes' CPU clocks)."""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.serve import Server, free_port, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
# Closed sessions are dropped after this many seconds (Streamlit's default keeps them two minutes
# for a reader who reconnects), so that memory after the sessions close is measured within seconds.
SESSION_TTL_S = 2
_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Spec:
    """A server to start: `streamlit run script` in cwd, its output to log, its page runs to runlog."""

    script: str
    cwd: Path
    log: Path
    runlog: Path
    env: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def serve(specs: dict[str, Spec]) -> Iterator[dict[str, Server]]:
    """Start every server at once, wait until all are healthy, and always stop them."""
    started: dict[str, Server] = {}
    try:
        for name, spec in specs.items():
            spec.runlog.unlink(missing_ok=True)
            spec.log.parent.mkdir(parents=True, exist_ok=True)
            port = free_port()
            command = [sys.executable, "-m", "streamlit", "run", spec.script, "--server.port", str(port)]
            command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
            command += ["--server.disconnectedSessionTTL", str(SESSION_TTL_S)]
            env = {**os.environ, "BENCH_RUNLOG": str(spec.runlog), "PYTHONPATH": str(ROOT), **spec.env}
            with spec.log.open("w") as out:
                process = subprocess.Popen(
                    command, cwd=spec.cwd, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            started[name] = Server(f"http://127.0.0.1:{port}", process.pid, process)
        for name, server in started.items():
            wait_healthy(
                f"{server.origin}/_stcore/health", server.process, 120, f"{name} ({specs[name].log})"
            )
        yield started
    finally:
        for server in started.values():
            stop(server.process)


@contextlib.contextmanager
def floor_dir() -> Iterator[Path]:
    """A folder holding the floor page beside links to the app's static/ shapes and its
    .streamlit/config.toml, as if it were the app's main script."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        folder = Path(tmp)
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "config.toml").symlink_to(ROOT / ".streamlit" / "config.toml")
        (folder / "static").symlink_to(ROOT / "static")
        shutil.copy(ROOT / "bench" / "floor_app.py", folder / "floor_app.py")
        yield folder


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:  # the process ended meanwhile
        return ""


def tree(pid: int) -> list[int]:
    """pid and its descendants."""
    found, pending = [], [pid]
    while pending:
        proc = pending.pop()
        found.append(proc)
        pending += [int(c) for f in Path(f"/proc/{proc}/task").glob("*/children") for c in _read(f).split()]
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of pid and its descendants, summed, in MB."""
    kb = {"VmRSS": 0, "VmHWM": 0}
    for proc in tree(pid):
        status = _read(Path(f"/proc/{proc}/status"))
        for key in kb:
            kb[key] += sum(int(value) for value in re.findall(rf"{key}:\s+(\d+)", status))
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def cpu_s(pid: int) -> float:
    """CPU seconds used so far by pid and its descendants (every thread, ended ones included), read
    from each process's CPU clock: nanoseconds, where /proc/<pid>/stat counts 10 ms ticks."""
    total = 0.0
    for proc in tree(pid):
        clock = ctypes.c_int()
        if _libc.clock_getcpuclockid(proc, ctypes.byref(clock)) == 0:
            with contextlib.suppress(OSError):  # ended meanwhile
                total += time.clock_gettime(clock.value)
    return total


def runs(runlog: Path) -> list[dict[str, Any]]:
    """The page runs logged so far, oldest first."""
    return [json.loads(line) for line in _read(runlog).splitlines() if line.strip()]
