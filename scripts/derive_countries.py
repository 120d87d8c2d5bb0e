"""Derive the countries code table from pycountry (ISO 3166) and the project's explicit lists.

Usage: python -m scripts.derive_countries --output data/
"""

from __future__ import annotations

import argparse
from importlib.metadata import version
from pathlib import Path

from scripts._io import set_source, write_csv
from src.data.derive.countries import build_countries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="folder for the derived CSV")
    args = parser.parse_args(argv)
    write_csv(build_countries(), args.output / "countries.csv")
    set_source(args.output, "pycountry", version=f"pycountry {version('pycountry')}")


if __name__ == "__main__":
    main()
