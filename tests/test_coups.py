"""Coup events: the right events, in date order, with both datasets' dating."""

from __future__ import annotations

import json

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
    assert table["Date"].tolist() == sorted(table["Date"])
    assert table.loc[table["Country"].eq("Mali"), "Cline minus P&T (days)"].tolist() == ["0", "3"]
    assert (
        table.loc[table["Country"].eq("Guinea"), "Date (Cline)"].eq("").all()
    )  # no Cline event: empty, not "None"
    assert "P&T version" not in table.columns  # the version is in the source line, not on every row


# Events only the Cline Center records (issue 18) ----------------------------------------------------------

CLINE_ONLY_2020_2022 = [
    ("2021-01-13", "CAF", "attempted", False),
    ("2021-07-25", "TUN", "coup", True),  # Saied's self-coup
    ("2022-01-08", "BFA", "conspiracy", False),
    ("2022-02-08", "COD", "conspiracy", False),
    ("2022-05-11", "MLI", "conspiracy", False),
    ("2022-12-20", "GMB", "conspiracy", False),
]


def test_events_only_the_cline_center_records_are_kept_and_marked(tables):
    """The derivation keeps every Cline event that matches no P&T event (within P&T's years): in
    Africa 2020-2023, the CAR attempt, Tunisia's self-coup and four conspiracies."""
    events = coups.select_events(
        coups.coup_view(tables), 2020, 2023, include_failed=True, include_cline_only=True
    )
    only = events[events["cline_only"]]
    found = list(
        zip(
            only["date"].dt.strftime("%Y-%m-%d"),
            only["iso3"],
            only["cline_event_type"],
            only["cline_self_coup"],
            strict=True,
        )
    )
    assert found == CLINE_ONLY_2020_2022
    assert (
        set(only["recorded_by"]) == {"cline"}
        and only["outcome"].isna().all()
        and only["pt_date"].isna().all()
    )
    assert not only["in_report"].any()  # the report names none of them
    # Every P&T event is still there, once; hiding the Cline-only events gives P&T's list back.
    assert len(events) - len(only) == len(EXPECTED_2020_2023)
    counts = coups.counts_by_country(events).set_index("iso3")
    assert counts.loc["TUN", ["events", "cline_only", "outcome_class"]].tolist() == [
        0, 1, coups.CLINE_ONLY_CLASS,
    ]  # fmt: skip


def test_a_tag_names_only_the_events_the_report_names(tables):
    """The report lists Burkina Faso 2022 once; Powell & Thyne record two successful coups there: each
    carries fn 142 with the ambiguity said, the other listed coups their plain footnote."""
    events = coups.select_events(
        coups.coup_view(tables), 2020, 2023, include_failed=True, include_cline_only=True
    )
    table = coups.event_table(events).set_index(["ISO3", "Date"])
    assert table.loc[("MLI", "2021-05-21"), "Report footnote"] == "142"
    for day in ("2022-01-23", "2022-09-30"):
        assert table.loc[("BFA", day), "Report footnote"] == (
            "142? (the report names one coup in Burkina Faso in 2022; Powell & Thyne record 2: which one is not said)"
        )
    assert table.loc[("BFA", "2022-01-08"), "Report footnote"] == ""  # Cline's conspiracy: not named
    assert "Burkina Faso 2022" in coups.ambiguous_tags_note(events)


def test_the_coups_page_and_its_csv_list_the_cline_only_events():
    from streamlit.testing.v1 import AppTest

    from src import export
    from src.web import exports as exports_ui
    from tests.conftest import ROOT, static_table

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/2_Coups.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = static_table(at, "Recorded by")
    only = shown[shown["Recorded by"].eq("Cline Center only")]
    assert list(zip(only["Date"], only["ISO3"], strict=True)) == [
        (d, c) for d, c, _, _ in CLINE_ONLY_2020_2022
    ]
    assert only.set_index("ISO3").loc["TUN", "Cline event type"] == "coup (self-coup)"
    # The CSV is the timeline's table with its provenance (src.web.exports.csv_bytes).
    (timeline,) = [
        i for i in at.session_state[exports_ui.ITEMS] if i.provenance.title.startswith("Coups in Africa")
    ]
    back, fields = export.read_csv_with_provenance(
        export.csv_with_provenance(timeline.table, timeline.provenance)
    )
    assert (back["Recorded by"] == "Cline Center only").sum() == 6 and "Tunisia" in set(back["Country"])
    assert "Cline-only events included" in fields["Filters"]  # in the reader's words
    # Tunisia's hover on the map no longer says no event is recorded.
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    texts = [t for trace in spec["data"] for t in (trace.get("text") or []) if isinstance(t, str)]
    tunisia = [t for t in texts if t.startswith("<b>Tunisia</b>")]
    assert tunisia and "Only the Cline Center records: realized coup, a self-coup, 25 Jul 2021" in tunisia[0]
    # Hidden with the toggle, and said so where a country then has none.
    at.toggle(key="url:cline").set_value(False).run()
    shown = static_table(at, "Recorded by")
    assert not shown["Recorded by"].str.contains("Cline Center only").any()
