"""The yearly supplier mix of a country: why windows differ."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from src.analysis.arms import state_rows
from src.analysis.claims.readings import GREAT_POWERS
from src.data.text import tiv

OTHER_SUPPLIERS = "Other suppliers"


def supplier_mix(
    view: pd.DataFrame, countries: pd.DataFrame, iso3s: Sequence[str], top: int = 4
) -> pd.DataFrame:
    """TIV by supplier and year for each country: its `top` largest suppliers over the whole record,
    the three great powers whenever they delivered anything, and the rest as 'Other suppliers' (with
    who they were, per year). One row per (country, year, supplier) with TIV > 0."""
    names = countries.set_index("iso3")["name"]
    rows = state_rows(view, "world")
    out = []
    for iso3 in iso3s:
        mine = rows[rows["recipient_iso3"].eq(iso3) & rows["tiv"].gt(0)]
        totals = mine.groupby("supplier")["tiv"].sum()
        named = totals[~totals.index.str.startswith("unknown")].sort_values(ascending=False, kind="stable")
        shown = list(named.index[:top]) + [
            s for s in GREAT_POWERS if s in named.index and s not in named.index[:top]
        ]
        shown = sorted(shown, key=lambda s: -totals[s])
        grouped = mine.assign(group=mine["supplier"].where(mine["supplier"].isin(shown), OTHER_SUPPLIERS))
        for (year, group), part in grouped.groupby(["year", "group"]):
            detail = ""
            if group == OTHER_SUPPLIERS:
                by = part.groupby("supplier")["tiv"].sum().sort_values(ascending=False)
                detail = "; ".join(f"{s} {tiv(v)}" for s, v in by.items())
            out.append(
                {
                    "iso3": iso3,
                    "name": names.get(iso3, iso3),
                    "year": int(year),
                    "supplier": group,
                    "tiv": float(part["tiv"].sum()),
                    "detail": detail,
                    "order": shown.index(group) if group in shown else len(shown),
                }
            )
    mix = pd.DataFrame(out, columns=["iso3", "name", "year", "supplier", "tiv", "detail", "order"])
    order = {iso3: i for i, iso3 in enumerate(iso3s)}
    mix = mix.assign(position=mix["iso3"].map(order))
    return mix.sort_values(["position", "order", "year"], ignore_index=True).drop(columns="position")


def supplier_mix_table(
    mix: pd.DataFrame, first_year: int, last_year: int, labels: dict[str, str]
) -> pd.DataFrame:
    """One country's mix as a table: a row per year (every year, empty years at 0), a column per
    supplier group, and the total."""
    suppliers = list(dict.fromkeys(mix["supplier"]))
    table = mix.pivot_table(index="year", columns="supplier", values="tiv", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=range(first_year, last_year + 1), columns=suppliers, fill_value=0.0)
    table = table.rename(columns=lambda s: f"{labels.get(s, s)} (TIV)")
    table["All suppliers (TIV)"] = table.sum(axis=1)
    return table.round(2).rename_axis("Year").reset_index()


def mix_subtitle(cutoff: int | None) -> str:
    text = "TIV by supplier and year (largest suppliers, the three great powers, the rest as other)."
    return text + (f" Dotted line: after {cutoff}, data the report's source could not see." if cutoff else "")
