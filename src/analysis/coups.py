"""Coup events and regime types, prepared for the coups page (pure functions)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from src.data.meta import footnote_refs

REGIME_LEAD_YEARS = 2  # the regime strip starts this many years before the window
TRAINING_REMARK = "coup-officers-us-training"  # the report's remark on the coup officers' training


def coup_view(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every P&T event with its country's name, region flag and whether the report lists it."""
    countries = tables["countries"].set_index("iso3")
    events = tables["coup_events"].copy()
    events["iso3"] = events["iso3"].astype(str)
    events["name"] = events["iso3"].map(countries["name"]).astype(str)
    events["africa"] = events["iso3"].map(countries["africa_geographic"]).fillna(False).astype(bool)
    events["year"] = events["date"].dt.year
    listed = tables["report_coups"]
    footnote_of = {
        (str(iso3), int(year)): int(footnote)
        for iso3, year, footnote in zip(listed["iso3"], listed["year"], listed["footnote"], strict=True)
    }
    events["report_footnote"] = pd.array(
        [
            footnote_of.get((iso3, year)) if outcome == "successful" else None
            for iso3, year, outcome in zip(events["iso3"], events["year"], events["outcome"], strict=True)
        ],
        dtype="Int64",
    )
    events["in_report"] = events["report_footnote"].notna()
    return events.sort_values(["date", "event_id"], ignore_index=True)


def year_span(events: pd.DataFrame) -> tuple[int, int]:
    """First and last year of the coup list."""
    return int(events["year"].min()), int(events["year"].max())


def report_window(report_coups: pd.DataFrame) -> tuple[int, int]:
    """The years of the coups the report lists: the window a reader of the report arrives with."""
    years = report_coups["year"].astype(int)
    return int(years.min()), int(years.max())


def select_events(view: pd.DataFrame, start: int, end: int, include_failed: bool) -> pd.DataFrame:
    """African events in the year range, in date order; failed attempts only if asked for."""
    rows = view[view["year"].between(start, end) & view["africa"]]
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
    # Counted with numpy (a pivot table costs ten times as much; the map redraws on every window).
    codes, iso3s = pd.factorize(events["iso3"])
    successful = events["outcome"].eq("successful").to_numpy()  # the other outcome is "failed"
    events_per = np.bincount(codes, minlength=len(iso3s))
    successes = np.bincount(codes, weights=successful, minlength=len(iso3s)).astype(int)
    first_row = np.unique(codes, return_index=True)[1] if len(codes) else np.array([], dtype=int)
    counts = pd.DataFrame(
        {
            "iso3": pd.Series(iso3s, dtype=events["iso3"].dtype),
            "name": pd.Series(events["name"].to_numpy()[first_row], dtype=events["name"].dtype),
            "successful": successes,
            "failed": events_per - successes,
            "events": events_per,
        }
    )
    counts["outcome_class"] = (
        counts["successful"].gt(0).map({True: "at least one successful coup", False: "failed attempts only"})
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
    """The events as a reader's table (and CSV): one row per event, in date order. Empty cells mean
    'none': no Cline event matched, or the report does not list the event. The datasets' versions
    belong in the source line under the table, not on every row."""
    cline_type = events["cline_event_type"].astype("string")
    return pd.DataFrame(
        {
            "Date (P&T)": events["date"].dt.strftime("%Y-%m-%d"),
            "Country": events["name"],
            "ISO3": events["iso3"],
            "Outcome (P&T)": events["outcome"],
            "Report footnote": events["report_footnote"].map(lambda f: "" if pd.isna(f) else str(int(f))),
            "Date (Cline)": events["cline_date"].dt.strftime("%Y-%m-%d").fillna(""),
            "Cline event type": cline_type.fillna(""),
            "Cline minus P&T (days)": events["cline_date_difference_days"].map(
                lambda d: "" if pd.isna(d) else str(int(d))
            ),
        }
    ).reset_index(drop=True)


def no_events_note(show_failed: bool, period: str) -> str:
    return f"Powell & Thyne record no {'coup events' if show_failed else 'successful coups'} in Africa in {period}."


def page_intro(tables: dict[str, pd.DataFrame]) -> str:
    """What the page shows, with the footnote of the report's list of coups."""
    refs = footnote_refs(tables["report_coups"]["footnote"])
    return (
        "Successful coups and failed attempts as Powell & Thyne date them, with the Cline Center's dating where "
        f"it differs, and the coups the report lists ({refs}) ringed."
    )


def training_remark(tables: dict[str, pd.DataFrame]) -> str | None:
    """The report's remark on the coup officers' training, as cited context (no data here checks it)."""
    remarks = tables["report_remarks"].set_index("remark_id")
    if TRAINING_REMARK not in remarks.index:
        return None
    remark = remarks.loc[TRAINING_REMARK]
    return (
        f"Cited context, not data (report, fn {remark['footnote']}): {remark['paraphrase']} "
        "This dashboard does not hold training records, so the remark is not checked here."
    )


def unmatched_note(view: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str | None:
    """A sentence naming the coups the report lists that Powell & Thyne do not record, if any."""
    unmatched = report_coups_unmatched(view, tables["report_coups"])
    if unmatched.empty:
        return None
    names = tables["countries"].set_index("iso3")["name"]
    listed = ", ".join(f"{names.get(r.iso3, r.iso3)} {r.year}" for r in unmatched.itertuples())
    return f"Coups the report lists that Powell & Thyne do not record as successful in that year: {listed}"


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Events per country, for reading (the map's numbers)."""
    return pd.DataFrame(
        {
            "Country": counts["name"],
            "ISO3": counts["iso3"],
            "Successful coups": counts["successful"],
            "Failed attempts": counts["failed"],
            "Events": counts["events"],
        }
    )


def strip_table(strip: pd.DataFrame) -> pd.DataFrame:
    """Each coup country's Regimes of the World category by year: countries down, years across."""
    table = strip.pivot_table(index="name", columns="year", values="regime_label", aggfunc="first")
    table.columns = [str(year) for year in table.columns]  # column names of one type: text
    return table.reset_index(names="Country")
