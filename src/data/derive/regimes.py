"""Derive the regime-type table: V-Dem Regimes of the World, as published by Our World in Data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REGIME_LABELS = {
    0: "closed autocracy",
    1: "electoral autocracy",
    2: "electoral democracy",
    3: "liberal democracy",
}
# OWID codes Kosovo with its own prefix; the project uses XKX (see src/data/derive/countries.py).
CODE_ALIASES = {"OWID_KOS": "XKX"}


def read_regimes(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    expected = {"Code", "Year", "Political regime"}
    if not expected <= set(raw.columns):
        raise ValueError(f"{path}: expected columns {sorted(expected)}, found {list(raw.columns)}")
    return raw


def build_regimes(raw: pd.DataFrame, known_codes: set[str], first_year: int) -> pd.DataFrame:
    """RoW category by country and year from first_year (the coup list's first year: earlier years
    are not used by the app)."""
    regimes = pd.DataFrame(
        {
            "iso3": raw["Code"].replace(CODE_ALIASES),
            "year": raw["Year"],
            "regime": raw["Political regime"],
        }
    )
    regimes = regimes[regimes["year"] >= first_year]
    # The copy lost OWID's entity names, so rows with no code cannot be attributed to anyone.
    uncoded = regimes["iso3"].isna()
    if uncoded.any():
        print(f"dropped {int(uncoded.sum())} rows with no country code (entity unknown)")
    regimes = regimes[~uncoded]
    unknown = sorted(set(regimes["iso3"]) - known_codes)
    if unknown:
        raise ValueError(f"regime codes missing from the countries table: {unknown}")
    unknown_values = sorted(set(regimes["regime"]) - set(REGIME_LABELS))
    if unknown_values:
        raise ValueError(f"unknown regime categories: {unknown_values}")
    regimes["regime_label"] = regimes["regime"].map(REGIME_LABELS)
    return regimes.sort_values(["iso3", "year"], ignore_index=True)
