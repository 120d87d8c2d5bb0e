"""Derive the regime-type table (V-Dem Regimes of the World via Our World in Data).

Usage: python -m scripts.derive_regimes --input <political-regime CSV> --output data/
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts._io import set_source, write_csv, year_span
from src.data.derive.countries import build_countries
from src.data.derive.regimes import build_regimes, read_regimes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True, help="OWID political-regime CSV")
    parser.add_argument("--output", type=Path, required=True, help="folder for the derived CSV")
    parser.add_argument(
        "--first-year", type=int, required=True, help="first year kept (the coup list's first year)"
    )
    args = parser.parse_args(argv)

    # Load inputs.
    raw = read_regimes(args.input)

    # Process data.
    regimes = build_regimes(raw, known_codes=set(build_countries()["iso3"]), first_year=args.first_year)

    # Save outputs.
    write_csv(regimes, args.output / "regime_type.csv")
    set_source(args.output, "vdem-row", coverage=year_span(raw["Year"]))


if __name__ == "__main__":
    main()
