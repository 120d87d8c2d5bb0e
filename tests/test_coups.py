"""Coup events: the right events, in date order, with both datasets' dating."""

from __future__ import annotations

import pandas as pd

from src.analysis import coups

EXPECTED_2020_2023 = [
    ("2020-08-18", "MLI", "successful"),
    ("2021-03-31", "NER", "failed"),
    ("2021-04-20", "TCD", "successful"),
    ("2021-05-21", "MLI", "successful"),
    ("2021-09-05", "GIN", "successful"),
    ("2021-09-21", "SDN", "failed"),
    ("2021-10-25", "SDN", "successful"),
    ("2022-01-23", "BFA", "successful"),
    ("2022-02-01", "GNB", "failed"),
    ("2022-09-30", "BFA", "successful"),
    ("2022-11-25", "STP", "failed"),
    ("2023-04-15", "SDN", "failed"),
    ("2023-07-26", "NER", "successful"),
    ("2023-08-30", "GAB", "successful"),
]


def test_african_events_2020_2023(tables):
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=True)
    found = list(zip(events["date"].dt.strftime("%Y-%m-%d"), events["iso3"], events["outcome"], strict=True))
    assert found == EXPECTED_2020_2023
    assert (events["outcome"] == "successful").sum() == 9
    assert (events["outcome"] == "failed").sum() == 5
    burkina = events[events["iso3"].eq("BFA")]
    assert list(burkina["date"].dt.month) == [1, 9]


def test_failed_attempts_can_be_hidden(tables):
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=False)
    assert len(events) == 9 and set(events["outcome"]) == {"successful"}


def test_report_coups_all_found_in_powell_thyne(tables):
    view = coups.coup_view(tables)
    assert coups.report_coups_unmatched(view, tables["report_coups"]).empty
    listed = view[view["in_report"]]
    assert sorted(zip(listed["iso3"], listed["year"], strict=True)) == sorted(
        [("GAB", 2023), ("NER", 2023), ("BFA", 2022), ("BFA", 2022), ("TCD", 2021), ("GIN", 2021),
         ("SDN", 2021), ("MLI", 2020), ("MLI", 2021)]
    )  # fmt: skip


def test_cline_dates_where_they_differ(tables):
    events = tables["coup_events"].set_index("event_id")
    assert events.loc["PT-432-20210521", "cline_date"] == pd.Timestamp("2021-05-24")
    assert events.loc["PT-432-20210521", "cline_date_difference_days"] == 3
    assert events.loc["PT-483-20210420", "cline_date_difference_days"] == 1
    assert events.loc["PT-403-20221125", "cline_date_difference_days"] == -1
    # Guinea 2021 is absent from Cline 2.1.2; 2023 is beyond it.
    assert pd.isna(events.loc["PT-438-20210905", "cline_coup_id"])
    assert pd.isna(events.loc["PT-436-20230726", "cline_coup_id"])


def test_counts_by_country(tables):
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=True)
    counts = coups.counts_by_country(events).set_index("iso3")
    assert counts.loc["SDN", ["successful", "failed", "events"]].tolist() == [1, 2, 3]
    assert counts.loc["GNB", "outcome_class"] == "failed attempts only"
    assert counts.loc["BFA", "successful"] == 2


def test_regime_strip(tables):
    strip = coups.regime_strip(tables["regime_type"], tables["countries"], ["MLI", "NER"], 2018, 2025)
    mali = strip[strip["iso3"].eq("MLI")].set_index("year")["regime"]
    assert mali.loc[2021] == 0  # closed autocracy after the coups
    assert strip["year"].min() == 2018 and strip["year"].max() == 2025


def test_event_table_is_in_date_order(tables):
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=True)
    table = coups.event_table(events)
    assert table["Date (P&T)"].tolist() == sorted(table["Date (P&T)"])
    assert table.loc[table["Country"].eq("Mali"), "Cline minus P&T (days)"].tolist() == ["0", "3"]
    assert (
        table.loc[table["Country"].eq("Guinea"), "Date (Cline)"].eq("").all()
    )  # no Cline event: empty, not "None"
    assert "P&T version" not in table.columns  # the version is in the source line, not on every row
