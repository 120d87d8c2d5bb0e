"""Derive the coup-events table from Powell & Thyne, matched to Cline Center events.

Usage: python -m scripts.derive_coups --powell-thyne <ptcoups CSV> --cline <Coup_data CSV> --output data/
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts._io import set_source, write_csv, year_span
from src.data.derive.coups import build_coup_events, cline_version, pt_version, read_cline, read_powell_thyne


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--powell-thyne", type=Path, required=True, help="P&T event list (CSV)")
    parser.add_argument("--cline", type=Path, required=True, help="Cline Center CDP events (CSV)")
    parser.add_argument("--output", type=Path, required=True, help="folder for the derived CSV")
    args = parser.parse_args(argv)

    # Load inputs.
    pt = read_powell_thyne(args.powell_thyne)
    cline = read_cline(args.cline)

    # Process data.
    events = build_coup_events(pt, cline)

    # Save outputs.
    write_csv(events, args.output / "coup_events.csv")
    set_source(
        args.output, "powell-thyne", version=pt_version(pt, args.powell_thyne), coverage=year_span(pt["year"])
    )
    set_source(args.output, "cline", version=cline_version(args.cline), coverage=year_span(cline["year"]))


if __name__ == "__main__":
    main()
