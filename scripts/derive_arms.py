"""Derive the SIPRI actor list, yearly TIV table and African deliveries register from a SIPRI export.

Usage: python -m scripts.derive_arms --input <trade register CSV> --output data/
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts._io import set_source, write_csv
from src.data.derive.countries import AFRICA_GEOGRAPHIC
from src.data.derive.sipri import (
    build_actors,
    build_africa_register,
    build_yearly,
    generated_on,
    read_register,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True, help="SIPRI trade-register export (CSV)")
    parser.add_argument("--output", type=Path, required=True, help="folder for the derived CSVs")
    args = parser.parse_args(argv)

    # Load inputs.
    register = read_register(args.input)

    # Process data.
    actors = build_actors(register)
    yearly = build_yearly(register)
    africa = build_africa_register(register, actors, AFRICA_GEOGRAPHIC)

    # Save outputs.
    write_csv(actors, args.output / "sipri_actors.csv")
    write_csv(yearly, args.output / "arms_transfers_by_year.csv")
    write_csv(africa, args.output / "arms_deliveries_africa.csv")
    set_source(args.output, "sipri", version=f"trade register generated {generated_on(args.input)}")


if __name__ == "__main__":
    main()
