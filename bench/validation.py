"""Time the two ways of validating the data package on load: the app's pandera path
(src.data.loader, schemas built from the descriptor) and frictionless (the reference implementation,
as the tests use it). Each in a fresh process, so imports count too. The loader is timed validating
in full, as on a first start: its snapshot of validated tables (src/data/snapshot.py) is not read.

Usage: python -m bench.validation [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOADER = "from src.data import loader, validate; "
FULL = "loader._validated(loader.data_dir())"
RUNS = {
    "pandera (the app's loader)": LOADER + FULL,
    # The same loader (typed parsing, keys, foreign keys) with its pandera step skipped: the difference
    # is what pandera's checks cost on load (its import is counted in both).
    "the loader without pandera's checks": LOADER
    + "validate._constraint_problems = lambda *args: []; "
    + FULL,
    "import pandera.pandas": "import pandas, pandera.pandas",
    "frictionless validate": "import frictionless; assert frictionless.validate('data/datapackage.json').valid",
    # What a frictionless path in the app would cost: its validation, then the frames the pages need.
    "frictionless validate, then the loader without pandera": (
        "import frictionless; assert frictionless.validate('data/datapackage.json').valid; "
        + LOADER
        + "validate._constraint_problems = lambda *args: []; "
        + FULL
    ),
    "bare imports (streamlit, plotly, pandas)": "import streamlit, plotly, pandas",
}
TIMER = "import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"


def seconds(code: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    medians = {
        name: statistics.median(seconds(code) for _ in range(args.repeat)) for name, code in RUNS.items()
    }
    floor = medians["pandera (the app's loader)"]
    for name, value in medians.items():
        print(f"{name:45s} {value:6.2f} s  ({value / floor:4.2f}x the app's loader)")


if __name__ == "__main__":
    main()
