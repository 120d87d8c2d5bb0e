"""Coup events and regime types, prepared for the coups page (pure functions)."""

from __future__ import annotations

import pandas as pd

FIRST_YEAR = 1950  # Powell & Thyne start here
REGIME_LEAD_YEARS = 2  # the regime strip starts this many years before the window


def coup_view(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every P&T event with its country's name, region flag and whether the report lists it."""
    countries = tables["countries"].set_index("iso3")
    events = tables["coup_events"].copy()
    events["iso3"] = events["iso3"].astype(str)
    events["name"] = events["iso3"].map(countries["name"]).astype(str)
    events["africa"] = events["iso3"].map(countries["africa_geographic"]).fillna(False).astype(bool)
    events["year"] = events["date"].dt.year
    listed = tables["report_coups"]
    listed_keys = set(zip(listed["iso3"].astype(str), listed["year"].astype(int), strict=True))
    events["in_report"] = [
        outcome == "successful" and (iso3, year) in listed_keys
        for iso3, year, outcome in zip(events["iso3"], events["year"], events["outcome"], strict=True)
    ]
    return events.sort_values(["date", "event_id"], ignore_index=True)


def select_events(
    view: pd.DataFrame, start: int, end: int, include_failed: bool, africa_only: bool = True
) -> pd.DataFrame:
    """Events in the year range, in date order; failed attempts only if asked for."""
    rows = view[view["year"].between(start, end)]
    if africa_only:
        rows = rows[rows["africa"]]
    if not include_failed:
        rows = rows[rows["outcome"].eq("successful")]
    return rows.sort_values(["date", "event_id"], ignore_index=True)


def report_coups_unmatched(view: pd.DataFrame, report_coups: pd.DataFrame) -> pd.DataFrame:
    """Coups the report lists that P&T do not record as successful in that country and year."""
    matched = set(zip(view.loc[view["in_report"], "iso3"], view.loc[view["in_report"], "year"], strict=True))
    keys = zip(report_coups["iso3"].astype(str), report_coups["year"].astype(int), strict=True)
    return report_coups[[key not in matched for key in keys]]


def counts_by_country(events: pd.DataFrame) -> pd.DataFrame:
    """Per country: successful coups, failed attempts, and the outcome class for a map."""
    counts = (
        events.pivot_table(index=["iso3", "name"], columns="outcome", values="event_id", aggfunc="count")
        .reindex(columns=["successful", "failed"])
        .fillna(0)
        .astype(int)
        .reset_index()
    )
    counts["events"] = counts["successful"] + counts["failed"]
    counts["outcome_class"] = counts["successful"].map(
        lambda n: "at least one successful coup" if n > 0 else "failed attempts only"
    )
    return counts.sort_values("name", ignore_index=True)


def regime_strip(
    regimes: pd.DataFrame, countries: pd.DataFrame, iso3s: list[str], first_year: int, last_year: int
) -> pd.DataFrame:
    """V-Dem category of each country for each year in [first_year, last_year], long format."""
    rows = regimes[regimes["iso3"].isin(iso3s) & regimes["year"].between(first_year, last_year)].copy()
    rows["iso3"] = rows["iso3"].astype(str)
    rows["name"] = rows["iso3"].map(countries.set_index("iso3")["name"]).astype(str)
    rows["year"] = rows["year"].astype(int)
    rows["regime"] = rows["regime"].astype(int)
    return rows.sort_values(["name", "year"], ignore_index=True)


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as a reader's table (and CSV): one row per event, in date order."""
    return pd.DataFrame(
        {
            "Date (P&T)": events["date"].dt.strftime("%Y-%m-%d"),
            "Country": events["name"],
            "ISO3": events["iso3"],
            "Outcome (P&T)": events["outcome"],
            "Listed by the report (fn 142)": events["in_report"],
            "P&T version": events["pt_version"],
            "Date (Cline 2.1.2)": events["cline_date"].dt.strftime("%Y-%m-%d"),
            "Cline event type": events["cline_event_type"],
            "Cline minus P&T (days)": events["cline_date_difference_days"],
        }
    ).reset_index(drop=True)
