"""Write what the tables say about themselves into the data package's descriptor.

For every resource: its row count (`stats.rows`, which frictionless checks on validation) and, where
the resource names a `coverage.field`, the first and last year in that field. For the package: its
`sources`, the union of its resources' sources (each written in the resources), followed by the
sources no table draws on (the map shapes), which are written at the package level only.

Usage: python -m scripts.describe [--data data]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

import pandas as pd

from scripts._io import read_descriptor, write_descriptor, year_span


def describe(descriptor: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The descriptor with row counts, year coverage and the package's sources recomputed."""
    sources: dict[str, dict[str, Any]] = {}
    package_only = [s for s in descriptor.get("sources", [])]
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        with open(path, encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1  # the header is not a row
        resource["stats"] = {"rows": rows}
        coverage = resource.get("coverage")
        if coverage:
            column = pd.read_csv(path, usecols=[coverage["field"]])[coverage["field"]]
            if coverage["field"].endswith("date"):
                column = pd.to_datetime(column, format="%Y-%m-%d")
            coverage.update(year_span(column))
        for source in resource.get("sources", []):
            sources.setdefault(source["id"], source)
    descriptor["sources"] = list(sources.values()) + [s for s in package_only if s["id"] not in sources]
    return descriptor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"), help="folder of the data package")
    args = parser.parse_args(argv)
    write_descriptor(describe(read_descriptor(args.data), args.data), args.data)
    print(f"described {args.data / 'datapackage.json'}")


if __name__ == "__main__":
    main()
