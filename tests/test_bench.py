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
