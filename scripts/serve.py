"""Start a Streamlit server on a loopback port, wait until it is healthy, and always stop it.

Shared by the browser tests, the benchmark and the deployment test, so that every one of them
starts and stops servers the same way.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium (no browser downloads here); without the background-networking flags it keeps
# trying to reach Google's hosts, which a closed network refuses.
# Streamlit's frontend connected and with no run under way: a history change (Back, Forward, a link)
# now starts a run. The browser tests and the benchmark's readers wait for it.
CONNECTED_IDLE = (
    '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Server(NamedTuple):
    origin: str  # http://127.0.0.1:<port>
    pid: int
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen | None, timeout_s: float, what: str) -> None:
    """Poll `url` until it answers 200; fail early if the process has ended."""
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            code = None if process is None else process.poll()
            raise RuntimeError(f"{what} did not become healthy at {url} (exit code {code})")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def streamlit_server(
    log: Path,
    *,
    script: str = "app.py",
    cwd: Path = ROOT,
    port: int | None = None,
    env: dict[str, str] | None = None,
    args: Sequence[str] = (),
    timeout_s: float = 60,
) -> Iterator[Server]:
    """`streamlit run script` in cwd on 127.0.0.1 (a free port unless given), output to `log`."""
    port = port or free_port()
    origin = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", *args]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            wait_healthy(f"{origin}/_stcore/health", process, timeout_s, f"streamlit ({log})")
            yield Server(origin, process.pid, process)
        finally:
            stop(process)
