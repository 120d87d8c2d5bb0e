"""The benchmark's servers: Streamlit started through bench/instrumented.py (every script run timed
in the server), the floor's folder, the server's memory, and the run log."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from scripts.serve import Server, free_port, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "bench" / "instrumented.py"


@contextlib.contextmanager
def serve(
    script: str,
    cwd: Path,
    log: Path,
    runlog: Path,
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Like scripts.serve.streamlit_server, but each script run is logged to `runlog` (JSON lines)."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    runlog.unlink(missing_ok=True)
    command = [sys.executable, str(LAUNCHER), str(runlog), "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", *args]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            wait_healthy(f"{origin}/_stcore/health", process, 60, f"streamlit ({log})")
            yield Server(origin, process.pid, process)
        finally:
            stop(process)


@contextlib.contextmanager
def floor_dir(script: str = "floor_app.py", with_pages: bool = False) -> Iterator[Path]:
    """A folder with a bench app (the floor by default) beside the app's static/ shapes and
    .streamlit/config.toml, as if it were the app's main script (with_pages: and the app's pages/,
    so that links to them resolve)."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        folder = Path(tmp)
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "config.toml").symlink_to(ROOT / ".streamlit" / "config.toml")
        (folder / "static").symlink_to(ROOT / "static")
        shutil.copy(ROOT / "bench" / script, folder / script)
        if with_pages:
            (folder / "pages").symlink_to(ROOT / "pages")
        yield folder


def read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:  # the process ended meanwhile, or nothing was written yet
        return ""


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of pid and its descendants, summed, in MB."""
    kb = {"VmRSS": 0, "VmHWM": 0}
    pending = [pid]
    while pending:
        proc = pending.pop()
        pending += [int(c) for f in Path(f"/proc/{proc}/task").glob("*/children") for c in read(f).split()]
        status = read(Path(f"/proc/{proc}/status"))
        for key in kb:
            kb[key] += sum(int(value) for value in re.findall(rf"{key}:\s+(\d+)", status))
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def runs(runlog: Path) -> list[dict[str, Any]]:
    """The script runs logged so far, oldest first."""
    return [json.loads(line) for line in read(runlog).splitlines() if line.strip()]
