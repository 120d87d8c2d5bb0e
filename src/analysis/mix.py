"""A country's arms imports by year and supplier group: why windows differ (Report vs data), and the
bars of a country's profile. One function for both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from src.data.text import tiv

OTHER_SUPPLIERS = "Other suppliers"
TOP_SUPPLIERS = 4  # named in the yearly bars (besides the great powers); the rest are "other"


def supplier_mix(
    view: pd.DataFrame,
    names: Mapping[str, str],
    iso3s: Sequence[str],
    great_powers: Sequence[str],
    top: int = TOP_SUPPLIERS,
) -> pd.DataFrame:
    """TIV delivered to each country's government by year and supplier group: its `top` largest
    suppliers over the whole record, the great powers whenever they delivered anything, and the rest
    as 'Other suppliers' (who they were, per year, in `detail`). One row per (country, year, supplier
    group) with TIV > 0, the countries in the order given, then each group's order and the year."""
    columns = ["iso3", "name", "year", "supplier", "tiv", "detail", "order"]
    parts = [_one_country(view, iso3, names.get(iso3, iso3), great_powers, top) for iso3 in iso3s]
    parts = [part for part in parts if not part.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def _one_country(
    view: pd.DataFrame, iso3: str, name: str, great_powers: Sequence[str], top: int
) -> pd.DataFrame:
    """One country's mix in one pass over its rows (a profile is drawn for any of hundreds)."""
    rows = view[view["recipient_iso3"].eq(iso3) & view["recipient_kind"].eq("state") & view["tiv"].gt(0)]
    columns = ["iso3", "name", "year", "supplier", "tiv", "detail", "order"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    totals = rows.groupby("supplier")["tiv"].sum()
    named = totals[~totals.index.str.startswith("unknown")].sort_values(ascending=False, kind="stable")
    shown = list(named.index[:top]) + [p for p in great_powers if p in named.index[top:]]
    shown = sorted(shown, key=lambda s: -totals[s])
    by_supplier = (
        rows.assign(group=rows["supplier"].where(rows["supplier"].isin(shown), OTHER_SUPPLIERS))
        .groupby(["year", "group", "supplier"], as_index=False)["tiv"]
        .sum()
    )
    mix = (
        by_supplier.groupby(["year", "group"], as_index=False)["tiv"]
        .sum()
        .rename(columns={"group": "supplier"})
    )
    others = by_supplier[by_supplier["group"].eq(OTHER_SUPPLIERS)].sort_values(
        ["year", "tiv"], ascending=[True, False], kind="stable"
    )
    detail: dict[int, list[str]] = {}
    for row in others.itertuples():
        detail.setdefault(row.year, []).append(f"{row.supplier} {tiv(row.tiv)}")
    mix["detail"] = [
        "; ".join(detail.get(y, [])) if s == OTHER_SUPPLIERS else ""
        for y, s in zip(mix["year"], mix["supplier"], strict=True)
    ]
    mix["order"] = [shown.index(s) if s in shown else len(shown) for s in mix["supplier"]]
    mix["year"] = mix["year"].astype(int)
    mix = mix.assign(iso3=iso3, name=name)[columns]
    return mix.sort_values(["order", "year"], ignore_index=True)


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
