"""Coup events and regime types, prepared for the coups page (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from src.data.meta import footnote_refs

REGIME_LEAD_YEARS = 2  # the regime strip starts this many years before the window
TRAINING_REMARK = "coup-officers-us-training"  # the report's remark on the coup officers' training


CLINE_ONLY = "cline"  # coup_events.recorded_by of an event only the Cline Center records
CLINE_ONLY_HELP = (
    "Events only the Cline Center records: conspiracies, self-coups and attempts Powell & Thyne do not code "
    "(open diamonds; 'Cline Center only' in the table and its CSV)."
)
RECORDED_BY = {"both": "both lists", "powell-thyne": "Powell & Thyne only", "cline": "Cline Center only"}


def coup_view(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every event of either list with its country's name, region flag and date (Powell & Thyne's, or
    the Cline Center's for an event only it records: `pt_date` keeps P&T's), `cline_only`, and the
    report's footnote on the events it names. The report names successful coups by country and year:
    where Powell & Thyne record one successful coup there, the tag is that event's; where they record
    more, each carries it with `report_candidates` > 1 (the report does not say which)."""
    countries = tables["countries"].set_index("iso3")
    events = tables["coup_events"].copy()
    events["iso3"] = events["iso3"].astype(str)
    events["name"] = events["iso3"].map(countries["name"]).astype(str)
    events["africa"] = events["iso3"].map(countries["africa_geographic"]).fillna(False).astype(bool)
    events["pt_date"] = events["date"]
    events["date"] = events["date"].fillna(events["cline_date"])
    events["year"] = events["date"].dt.year
    events["cline_only"] = events["recorded_by"].eq(CLINE_ONLY)
    listed = tables["report_coups"]
    footnote_of = {
        (str(iso3), int(year)): int(footnote)
        for iso3, year, footnote in zip(listed["iso3"], listed["year"], listed["footnote"], strict=True)
    }
    named = [
        footnote_of.get((iso3, year)) if pd.notna(outcome) and outcome == "successful" else None
        for iso3, year, outcome in zip(events["iso3"], events["year"], events["outcome"], strict=True)
    ]
    events["report_footnote"] = pd.array(named, dtype="Int64")
    events["in_report"] = events["report_footnote"].notna()
    candidates = events[events["in_report"]].groupby(["iso3", "year"]).size()
    keys = list(zip(events["iso3"], events["year"], strict=True))
    events["report_candidates"] = [
        int(candidates.get(k, 0)) if tagged else 0
        for k, tagged in zip(keys, events["in_report"], strict=True)
    ]
    return events.sort_values(["date", "event_id"], ignore_index=True)


def recorded_by_pt(view: pd.DataFrame) -> pd.DataFrame:
    """The events of Powell & Thyne's list (matched to Cline or not)."""
    return view[~view["cline_only"]]


def year_span(events: pd.DataFrame) -> tuple[int, int]:
    """First and last year of the coup list."""
    return int(events["year"].min()), int(events["year"].max())


def report_window(report_coups: pd.DataFrame) -> tuple[int, int]:
    """The years of the coups the report lists: the window a reader of the report arrives with."""
    years = report_coups["year"].astype(int)
    return int(years.min()), int(years.max())


def select_events(
    view: pd.DataFrame, start: int, end: int, include_failed: bool, include_cline_only: bool = False
) -> pd.DataFrame:
    """African events in the year range, in date order; failed attempts and events only the Cline
    Center records (conspiracies, self-coups, attempts P&T do not code) only if asked for."""
    # One mask, then one selection of the rows: each selection copies every column (the walk tier
    # selects some 11,000 windows).
    years = view["year"].to_numpy()
    keep = (years >= start) & (years <= end) & view["africa"].to_numpy(dtype=bool)
    cline_only = view["cline_only"].to_numpy(dtype=bool)
    if not include_failed:
        keep &= view["outcome"].eq("successful").fillna(False).to_numpy(dtype=bool) | cline_only
    if not include_cline_only:
        keep &= ~cline_only
    return view[keep].sort_values(["date", "event_id"], ignore_index=True)


def report_coups_unmatched(view: pd.DataFrame, report_coups: pd.DataFrame) -> pd.DataFrame:
    """Coups the report lists that P&T do not record as successful in that country and year."""
    matched = set(zip(view.loc[view["in_report"], "iso3"], view.loc[view["in_report"], "year"], strict=True))
    keys = zip(report_coups["iso3"].astype(str), report_coups["year"].astype(int), strict=True)
    return report_coups[[key not in matched for key in keys]]


CLINE_ONLY_CLASS = "only the Cline Center records an event"


def counts_by_country(events: pd.DataFrame) -> pd.DataFrame:
    """Per country: Powell & Thyne's successful coups and failed attempts (`events` counts these), the
    events only the Cline Center records, and the outcome class for a map."""
    # Counted with numpy (a pivot table costs ten times as much; the map redraws on every window).
    codes, iso3s = pd.factorize(events["iso3"])
    successful = events["outcome"].eq("successful").fillna(False).to_numpy(dtype=bool)
    cline_only = events["cline_only"].to_numpy()
    rows_per = np.bincount(codes, minlength=len(iso3s))
    successes = np.bincount(codes, weights=successful, minlength=len(iso3s)).astype(int)
    cline = np.bincount(codes, weights=cline_only, minlength=len(iso3s)).astype(int)
    first_row = np.unique(codes, return_index=True)[1] if len(codes) else np.array([], dtype=int)
    counts = pd.DataFrame(
        {
            "iso3": pd.Series(iso3s, dtype=events["iso3"].dtype),
            "name": pd.Series(events["name"].to_numpy()[first_row], dtype=events["name"].dtype),
            "successful": successes,
            "failed": rows_per - successes - cline,
            "cline_only": cline,
            "events": rows_per - cline,
        }
    )
    counts["outcome_class"] = np.select(
        [counts["successful"].gt(0), counts["failed"].gt(0)],
        ["at least one successful coup", "failed attempts only"],
        default=CLINE_ONLY_CLASS,
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


def report_tag(footnote: object, candidates: int, name: str, year: int) -> str:
    """The footnote an event carries: '142', or, where P&T record more successful coups than the
    report names in that country and year, the footnote with the ambiguity said."""
    if pd.isna(footnote):
        return ""
    if candidates > 1:
        return (
            f"{int(footnote)}? (the report names one coup in {name} in {year}; Powell & Thyne record "
            f"{candidates}: which one is not said)"
        )
    return str(int(footnote))


def cline_type(event_type: object, self_coup: object) -> str:
    """Cline's type of event in words, with 'self-coup' where Cline codes an auto-coup."""
    if pd.isna(event_type):
        return ""
    return f"{event_type} (self-coup)" if pd.notna(self_coup) and bool(self_coup) else str(event_type)


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as a reader's table (and CSV): one row per event, in date order (P&T's date, or the
    Cline Center's for an event only it records). Empty cells mean 'none': no Cline event matched,
    no P&T outcome (an event only Cline records), or the report does not list the event. The
    datasets' versions belong in the source line under the table, not on every row."""
    return pd.DataFrame(
        {
            "Date": events["date"].dt.strftime("%Y-%m-%d"),
            "Country": events["name"],
            "ISO3": events["iso3"],
            "Recorded by": events["recorded_by"].map(RECORDED_BY),
            "Outcome (P&T)": events["outcome"].astype("string").fillna(""),
            "Cline event type": [
                cline_type(t, s)
                for t, s in zip(events["cline_event_type"], events["cline_self_coup"], strict=True)
            ],
            "Date (Cline)": events["cline_date"].dt.strftime("%Y-%m-%d").fillna(""),
            "Cline minus P&T (days)": events["cline_date_difference_days"].map(
                lambda d: "" if pd.isna(d) else str(int(d))
            ),
            "Report footnote": [
                report_tag(f, c, n, y)
                for f, c, n, y in zip(
                    events["report_footnote"],
                    events["report_candidates"],
                    events["name"],
                    events["year"],
                    strict=True,
                )
            ],
        }
    ).reset_index(drop=True)


def no_events_note(show_failed: bool, period: str, show_cline: bool = False) -> str:
    what = "coup events" if show_failed else "successful coups"
    also = ", and the Cline Center records no other event" if show_cline else ""
    return f"Powell & Thyne record no {what} in Africa in {period}{also}."


def page_intro(tables: Mapping[str, pd.DataFrame]) -> str:
    """What the page shows, exactly, with the footnote of the report's list of coups."""
    refs = footnote_refs(tables["report_coups"]["footnote"])
    return (
        "Powell & Thyne's successful coups and failed attempts on their dates, with the Cline Center's dating "
        "where it records the same event; events only the Cline Center records (conspiracies, self-coups and "
        "attempts Powell & Thyne do not code) are shown apart and marked, and can be hidden. The map counts "
        f"Powell & Thyne's events. The coups the report lists ({refs}) are ringed."
    )


def training_remark(tables: Mapping[str, pd.DataFrame]) -> str | None:
    """The report's remark on the coup officers' training, as cited context (no data here checks it)."""
    remarks = tables["report_remarks"].set_index("remark_id")
    if TRAINING_REMARK not in remarks.index:
        return None
    remark = remarks.loc[TRAINING_REMARK]
    return (
        f"Cited context, not data (report, fn {remark['footnote']}): {remark['paraphrase']} "
        "This dashboard does not hold training records, so the remark is not checked here."
    )


def unmatched_note(view: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> str | None:
    """A sentence naming the coups the report lists that Powell & Thyne do not record, if any."""
    unmatched = report_coups_unmatched(view, tables["report_coups"])
    if unmatched.empty:
        return None
    names = tables["countries"].set_index("iso3")["name"]
    listed = ", ".join(f"{names.get(r.iso3, r.iso3)} {r.year}" for r in unmatched.itertuples())
    return f"Coups the report lists that Powell & Thyne do not record as successful in that year: {listed}"


def ambiguous_tags_note(events: pd.DataFrame) -> str | None:
    """Where the report names one coup in a country and year and Powell & Thyne record more: which
    events carry the footnote with a question mark, and why."""
    unsure = events[events["report_candidates"].gt(1)]
    if unsure.empty:
        return None
    parts = [
        f"{name} {year} (the report names one coup; Powell & Thyne record {len(rows)}: "
        + ", ".join(f"{d.day} {d:%B}" for d in rows["date"])
        + ")"
        for (name, year), rows in unsure.groupby(["name", "year"])
    ]
    footnotes = footnote_refs(unsure["report_footnote"])
    return (
        f"Where the report ({footnotes}) does not say which coup it means, each candidate carries its footnote "
        "with a question mark: " + "; ".join(parts) + "."
    )


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Events per country, for reading (the map's numbers)."""
    return pd.DataFrame(
        {
            "Country": counts["name"],
            "ISO3": counts["iso3"],
            "Successful coups (P&T)": counts["successful"],
            "Failed attempts (P&T)": counts["failed"],
            "Events (P&T)": counts["events"],
            "Events only the Cline Center records": counts["cline_only"],
        }
    )


def strip_table(strip: pd.DataFrame) -> pd.DataFrame:
    """Each coup country's Regimes of the World category by year: countries down, years across."""
    table = strip.pivot_table(index="name", columns="year", values="regime_label", aggfunc="first")
    table.columns = [str(year) for year in table.columns]  # column names of one type: text
    return table.reset_index(names="Country")
