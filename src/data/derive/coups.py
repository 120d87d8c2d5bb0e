"""Derive the coup-events table: Powell & Thyne events, each with its matching Cline Center event, and
the Cline Center's events that match none of them (within Powell & Thyne's years)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from src.data.derive.names import to_iso3

PT_OUTCOMES = {2: "successful", 1: "failed"}
# Cline's realized coup corresponds to a P&T success, its attempt to a P&T failure.
CLINE_KIND_FOR_OUTCOME = {"successful": "coup", "failed": "attempted"}
MATCH_WINDOW_DAYS = 31  # the two datasets date the same event up to a few days apart


def read_powell_thyne(path: Path) -> pd.DataFrame:
    pt = pd.read_csv(path)
    unknown = sorted(set(pt["coup"]) - set(PT_OUTCOMES))
    if unknown:
        raise ValueError(f"{path}: unknown values in column 'coup': {unknown}")
    versions = pt["version"].unique()
    if len(versions) != 1:
        raise ValueError(f"{path}: expected one release in column 'version', found {list(versions)}")
    unmapped = sorted(n for n in pt["country"].unique() if to_iso3(n) is None)
    if unmapped:
        raise ValueError(f"{path}: country names with no ISO3 code: {unmapped}")
    return pt


def pt_version(pt: pd.DataFrame, path: Path) -> str:
    """The release stamp of the P&T file, marked as reconstructed where the file's name says so."""
    version = str(pt["version"].iloc[0])
    return f"{version} (reconstructed)" if "reconstructed" in path.name else version


def cline_version(path: Path) -> str:
    """Cline releases carry their version only in the file name ('Coup_data_<version>.csv')."""
    found = re.search(r"(\d+(?:\.\d+)+)", path.stem)
    if not found:
        raise ValueError(f"{path}: no version number in the file name")
    return found.group(1)


def read_cline(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"coup_id": str})


def _dates(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame[["year", "month", "day"]])


RECORDED_BY = {
    "both": "both",
    "pt": "powell-thyne",
    "cline": "cline",
}  # source ids, as the descriptor names them


def build_coup_events(pt: pd.DataFrame, cline: pd.DataFrame) -> pd.DataFrame:
    """One row per P&T event with the nearest Cline event of the same country, then one row per Cline
    event that matches no P&T event and falls within P&T's years (the two lists cannot be compared
    outside them); in date order (P&T's date, or Cline's for an event only Cline records)."""
    events = pd.DataFrame(
        {
            "pt_country": pt["country"],
            "iso3": pt["country"].map(to_iso3),
            "cow_code": pt["ccode"],
            "date": _dates(pt),
            "outcome": pt["coup"].map(PT_OUTCOMES),
            "pt_version": pt["version"],
        }
    ).sort_values(["date", "cow_code"], ignore_index=True)
    events.insert(
        0,
        "event_id",
        "PT-" + events["cow_code"].astype(str) + "-" + events["date"].dt.strftime("%Y%m%d"),
    )

    # All P&T × Cline pairs of the same country within the window, best pairs first: same kind
    # of event, then nearest date. Assigning greedily over all pairs (not event by event) keeps a
    # failed attempt from taking the Cline record of a later successful coup.
    cline = cline.assign(date=_dates(cline))
    pairs = events.reset_index().merge(cline, left_on="cow_code", right_on="cowcode", suffixes=("", "_cline"))
    pairs["gap"] = (pairs["date_cline"] - pairs["date"]).dt.days
    pairs = pairs[pairs["gap"].abs() <= MATCH_WINDOW_DAYS]
    pairs = pairs.assign(
        other_kind=pairs["event_type"] != pairs["outcome"].map(CLINE_KIND_FOR_OUTCOME),
        distance=pairs["gap"].abs(),
    ).sort_values(["other_kind", "distance", "index", "coup_id"])
    best: dict[int, tuple] = {}
    used: set[str] = set()
    for pair in pairs.itertuples():
        if pair.index in best or pair.coup_id in used:
            continue
        best[pair.index] = (pair.coup_id, pair.date_cline, pair.event_type, int(pair.gap))
        used.add(pair.coup_id)
    matches = [best.get(i, (None, None, None, None)) for i in range(len(events))]

    matched = pd.DataFrame(
        matches,
        columns=["cline_coup_id", "cline_date", "cline_event_type", "cline_date_difference_days"],
    )
    matched["cline_date_difference_days"] = matched["cline_date_difference_days"].astype("Int64")
    events = pd.concat([events, matched], axis=1)
    events["recorded_by"] = [RECORDED_BY["both" if pd.notna(c) else "pt"] for c in events["cline_coup_id"]]
    self_coup = cline.set_index("coup_id")["auto"].eq(1)
    events["cline_self_coup"] = pd.array(
        [bool(self_coup[c]) if pd.notna(c) else None for c in events["cline_coup_id"]], dtype="boolean"
    )

    # Cline's events that no P&T event took, within P&T's years: conspiracies, self-coups and attempts
    # P&T do not code (and any event the two lists date too far apart to pair).
    first_year = int(pt["year"].min())
    unmatched = cline[~cline["coup_id"].isin(used) & cline["year"].ge(first_year)]
    unmapped = sorted(n for n in unmatched["country"].unique() if to_iso3(n) is None)
    if unmapped:
        raise ValueError(f"Cline country names with no ISO3 code: {unmapped}")
    only = pd.DataFrame(
        {
            "event_id": "CL-" + unmatched["coup_id"].astype(str),
            "iso3": unmatched["country"].map(to_iso3),
            "cow_code": unmatched["cowcode"],
            "cline_coup_id": unmatched["coup_id"].astype(str),
            "cline_date": unmatched["date"],
            "cline_event_type": unmatched["event_type"],
            "recorded_by": RECORDED_BY["cline"],
            "cline_self_coup": pd.array(unmatched["auto"].eq(1), dtype="boolean"),
        }
    )
    # One country code per COW code in both lists: a Cline name mapped apart from P&T's is an error.
    pt_codes = dict(zip(events["cow_code"], events["iso3"], strict=True))
    clash = sorted(
        {(c, i) for c, i in zip(only["cow_code"], only["iso3"], strict=True) if pt_codes.get(c, i) != i}
    )
    if clash:
        raise ValueError(f"Cline events coded apart from P&T's events of the same COW code: {clash}")
    events = pd.concat([events, only], ignore_index=True)
    events["sort_date"] = events["date"].fillna(events["cline_date"])
    events = events.sort_values(["sort_date", "cow_code", "event_id"], ignore_index=True).drop(
        columns="sort_date"
    )
    events["date"] = events["date"].dt.strftime("%Y-%m-%d")
    events["cline_date"] = pd.to_datetime(events["cline_date"]).dt.strftime("%Y-%m-%d")
    events["cline_date_difference_days"] = events["cline_date_difference_days"].astype("Int64")
    return events


def first_coup_year(folder: Path) -> int:
    """The first year of the coup list in `folder`'s coup_events.csv: regime_type starts with it (the
    strip beside the coups needs no earlier years). An event only the Cline Center records has no P&T
    date; the list keeps none before P&T's first year, so P&T's dates decide."""
    dates = pd.read_csv(folder / "coup_events.csv", usecols=["date"])["date"].dropna()
    return int(dates.str[:4].astype(int).min())
