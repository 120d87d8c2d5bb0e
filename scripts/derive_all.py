"""Re-derive every reference table from ../shared/reference (or --reference) into data/ (or --output),
then describe the package (row counts, year coverage, source versions).

Usage: python -m scripts.derive_all [--reference ../shared/reference] [--output data]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scripts import derive_arms, derive_countries, derive_coups, derive_regimes, describe
from src.data.derive.coups import first_coup_year

REFERENCE_FILES = {
    "sipri": "sipri/sipri_trade_register_2000-2030_generated_2025-01-03.csv",
    "powell_thyne": "powell_thyne/ptcoups_V2025.09.12_reconstructed.csv",
    "cline": "cline_coups/Coup_data_2.1.2.csv",
    "regimes": "regimes/political-regime_owid_row.csv",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=Path("../shared/reference"))
    parser.add_argument("--output", type=Path, default=Path("data"))
    args = parser.parse_args(argv)
    ref = {key: args.reference / rel for key, rel in REFERENCE_FILES.items()}
    out = ["--output", str(args.output)]
    derive_countries.main(out)
    derive_arms.main(["--input", str(ref["sipri"]), *out])
    derive_coups.main(["--powell-thyne", str(ref["powell_thyne"]), "--cline", str(ref["cline"]), *out])
    first_year = first_coup_year(args.output)  # regimes from the coup list's first year
    derive_regimes.main(["--input", str(ref["regimes"]), "--first-year", str(first_year), *out])
    describe.main(["--data", str(args.output)])


if __name__ == "__main__":
    main()
