"""The benchmark still works: `python -m bench.run --quick` measures every figure.

Not a timed test: the figures depend on the machine and on what else it is doing, so only their
presence is checked, never a target (`make bench` and the README report those)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.bench
@pytest.mark.timeout(900)
def test_quick_benchmark_prints_every_figure():
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=840,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    from bench import run  # the labels as the benchmark writes them (it imports Playwright)

    args = run.parse_args(["--quick"])
    for key in run.FIGURES:
        label = run.figure_label(key, args)
        row = re.search(rf"^\| {re.escape(label)} \| (-?[0-9]+\.[0-9]+)(×| MB)", done.stdout, re.M)
        assert row, f"no number for {key!r} ({label}) in:\n{done.stdout[-3000:]}"
    # The app's and the floor's p95 each come from two waves of readers (bench/sessions.py); the
    # memory floor, measured for memory only, from one.
    for name, waves in (("app", 2), ("floor", 2), ("memory floor", 1)):
        line = re.search(
            rf"^- {name}: p95 script run \d+ ms \(CPU p95 \d+ ms; (\d+) runs in (\d) wave", done.stdout, re.M
        )
        assert line, f"no sessions line for {name} in:\n{done.stdout[-3000:]}"
        assert int(line.group(2)) == waves and int(line.group(1)) > 0, line.group(0)
