"""Derive the arms tables from a SIPRI Arms Transfers Database trade-register export."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from src.data.derive.names import to_iso3

HEADER_LINES = 11  # the export's preamble; the table header is on line 12
GENERATED = re.compile(r"^Data generated: (\d{1,2} \w{3} \d{4})")

# Actors that are not states. SIPRI marks non-state actors with '*' and organisations with '**'.
# `located_in` is the country where the actor operates: SIPRI counts it in that country's region
# (its Africa total includes 'Libya HoR*' and 'Libya GNC'). Organisations belong to no region.
NON_STATE_ACTORS: dict[str, tuple[str, str | None]] = {
    "African Union**": ("international organization", None),
    "European Union**": ("international organization", None),
    "NATO**": ("international organization", None),
    "OSCE**": ("international organization", None),
    "United Nations**": ("international organization", None),
    "Libya GNC": ("rival government", "LBY"),
    "Libya HoR*": ("rival government", "LBY"),
    "NTC (Libya)*": ("rival government", "LBY"),
    "Kurdistan Regional Government (Iraq)*": ("sub-national government", "IRQ"),
    "Darfur rebels (Sudan)*": ("non-state armed group", "SDN"),
    "Hamas (Palestine)*": ("non-state armed group", "PSE"),
    "Hezbollah (Lebanon)*": ("non-state armed group", "LBN"),
    "Houthi rebels (Yemen)*": ("non-state armed group", "YEM"),
    "LRA (Uganda)*": ("non-state armed group", "UGA"),
    "LTTE (Sri Lanka)*": ("non-state armed group", "LKA"),
    "NLA (Macedonia)*": ("non-state armed group", "MKD"),
    "Northern Alliance (Afghanistan)*": ("non-state armed group", "AFG"),
    "PIJ (Israel/Palestine)*": ("non-state armed group", "PSE"),
    "PKK (Turkiye)*": ("non-state armed group", "TUR"),
    "PRC (Israel/Palestine)*": ("non-state armed group", "PSE"),
    "Syria rebels*": ("non-state armed group", "SYR"),
    "UIC (Somalia)*": ("non-state armed group", "SOM"),
    "Ukraine Rebels*": ("non-state armed group", "UKR"),
    "United Wa State (Myanmar)*": ("non-state armed group", "MMR"),
    "unknown rebel group*": ("non-state armed group", None),
    "unknown recipient(s)": ("unknown", None),
    "unknown supplier(s)": ("unknown", None),
}

# Register columns and the names the project gives them.
REGISTER_COLUMNS: dict[str, str] = {
    "SIPRI AT Database ID": "sipri_deal_id",
    "Supplier": "supplier",
    "Recipient": "recipient",
    "Designation": "designation",
    "Description": "description",
    "Armament category": "armament_category",
    "Order date": "order_year",
    "Order date is estimate": "order_year_estimated",
    "Numbers delivered": "number_delivered",
    "Numbers delivered is estimate": "number_delivered_estimated",
    "Delivery year": "delivery_year",
    "Delivery year is estimate": "delivery_year_estimated",
    "Status": "status",
    "TIV deal unit": "tiv_unit",
    "TIV delivery values": "tiv_delivered",
    "Local production": "local_production",
}
_YES_NO = {"Yes": True, "No": False}


class UnmappedActorError(ValueError):
    """A SIPRI name that is neither a known state nor a listed non-state actor."""


def generated_on(path: Path) -> str:
    """The export's generation date as its preamble states it ('<day> <Mon> <year>'): the data's version."""
    with open(path, encoding="utf-8") as f:
        for line in (next(f) for _ in range(HEADER_LINES)):
            if found := GENERATED.match(line):
                return found.group(1)
    raise ValueError(f"{path}: no 'Data generated:' line in the preamble")


def read_register(path: Path) -> pd.DataFrame:
    """Read the export, check its header, and rename columns to the project's names."""
    with open(path, encoding="utf-8") as f:
        preamble = [next(f) for _ in range(HEADER_LINES + 1)]
    if not preamble[HEADER_LINES].startswith("SIPRI AT Database ID,"):
        raise ValueError(f"{path}: line {HEADER_LINES + 1} is not the trade-register header")
    raw = pd.read_csv(path, skiprows=HEADER_LINES, encoding="utf-8")
    missing = sorted(set(REGISTER_COLUMNS) - set(raw.columns))
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    register = raw[list(REGISTER_COLUMNS)].rename(columns=REGISTER_COLUMNS)
    for col in (
        "order_year_estimated",
        "number_delivered_estimated",
        "delivery_year_estimated",
        "local_production",
    ):
        # One row leaves the estimate flags empty: keep that as unknown, not as "No".
        register[col] = register[col].map(_YES_NO).astype("boolean")
    return register


def build_actors(register: pd.DataFrame) -> pd.DataFrame:
    """One row per SIPRI name: ISO3 for states, kind and location for everyone."""
    names = sorted(set(register["supplier"]) | set(register["recipient"]))
    records = []
    for name in names:
        if name in NON_STATE_ACTORS:
            kind, located_in = NON_STATE_ACTORS[name]
            iso3 = None
        else:
            iso3 = to_iso3(name)
            if iso3 is None:
                raise UnmappedActorError(
                    f"SIPRI name {name!r} maps to no ISO3 code and is not a listed non-state actor"
                )
            kind, located_in = "state", iso3
        marker = "**" if name.endswith("**") else "*" if name.endswith("*") else ""
        records.append(
            {
                "sipri_name": name,
                "iso3": iso3,
                "actor_kind": kind,
                "sipri_marker": marker,
                "located_in_iso3": located_in,
            }
        )
    return pd.DataFrame.from_records(records)


def _delivered(register: pd.DataFrame) -> pd.DataFrame:
    """Rows with a delivery year: an order with no delivery yet transfers nothing. The years kept are
    those the export holds; the descriptor records them (scripts/describe.py)."""
    return register[register["delivery_year"].notna()]


def build_yearly(register: pd.DataFrame) -> pd.DataFrame:
    """Recipient × supplier × delivery year → TIV, with the part SIPRI marks as estimated."""
    delivered = _delivered(register).copy()
    estimated = delivered["number_delivered_estimated"].fillna(False) | delivered[
        "delivery_year_estimated"
    ].fillna(False)
    delivered["tiv_estimated"] = delivered["tiv_delivered"].where(estimated, 0.0)
    yearly = (
        delivered.groupby(["recipient", "supplier", "delivery_year"], as_index=False)
        .agg(
            tiv=("tiv_delivered", "sum"),
            tiv_estimated=("tiv_estimated", "sum"),
            deliveries=("sipri_deal_id", "size"),
        )
        .rename(columns={"delivery_year": "year"})
    )
    # Sums of two-decimal TIVs pick up float noise; round so the CSV is stable.
    yearly[["tiv", "tiv_estimated"]] = yearly[["tiv", "tiv_estimated"]].round(3)
    return yearly.sort_values(["recipient", "supplier", "year"], ignore_index=True)


def build_africa_register(
    register: pd.DataFrame, actors: pd.DataFrame, africa: frozenset[str]
) -> pd.DataFrame:
    """The deal-level rows whose recipient is located in Africa (geographic, Egypt included)."""
    located = actors.set_index("sipri_name")["located_in_iso3"]
    rows = _delivered(register)
    rows = rows[rows["recipient"].map(located).isin(africa)].copy()
    rows["tiv_delivered"] = rows["tiv_delivered"].round(3)
    return rows.sort_values(["recipient", "delivery_year", "supplier", "sipri_deal_id"], ignore_index=True)
