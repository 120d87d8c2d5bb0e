"""The benchmark still works: `python -m bench.run --quick` measures all five figures.

Not a timed test: the figures depend on the machine and on what else it is doing, so only their
presence is checked, never a target (`make bench` and the README report those)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {
    "page load": r"Page load / floor's",
    "rerun": r"Filter-change rerun / floor's",
    "cold start": r"Cold start / bare",
    "p95 with sessions": r"Server p95 script run, \d+ sessions / 1 session",
    "memory with sessions": r"Server memory, \d+ sessions / floor's with \d+",
}


@pytest.mark.bench
@pytest.mark.timeout(1500)
def test_quick_benchmark_prints_all_five_figures():
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1440,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    for what, label in FIGURES.items():
        row = re.search(
            rf"^\| {label}[^|]*\| ([0-9]+\.[0-9]+)× \| ≤ [0-9.]+× \| (yes|no) \|$", done.stdout, re.M
        )
        assert row, f"no number for {what} in:\n{done.stdout[-3000:]}"
        assert float(row.group(1)) > 0, f"{what}: {row.group(0)}"
