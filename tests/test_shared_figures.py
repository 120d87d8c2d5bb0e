"""Figures are built once per distinct view and shared by every session (src.web.ui.build): the same
inputs give the same figure without building it again, other inputs another figure, and nothing a
page does for one reader (a phone's layout) changes what the next reader gets."""

from __future__ import annotations

import streamlit as st

from src.figures import exercises as exercise_figures
from src.web import charts, ui


def test_a_view_is_built_once_and_another_view_again(tables, meta):
    st.cache_resource.clear()
    calls = []

    def counting(frame, **kwargs):
        calls.append(len(frame))
        return exercise_figures.build_exercises_chart(frame, **kwargs)

    exercises, footnotes = tables["report_exercises"], tables["footnotes"]
    first = ui.build(counting, exercises, footnotes=footnotes, meta=meta)
    again = ui.build(counting, exercises.copy(), footnotes=footnotes, meta=meta)  # equal content
    assert again is first and calls == [len(exercises)]
    one = ui.build(counting, exercises.head(1), footnotes=footnotes, meta=meta)
    assert one is not first and calls == [len(exercises), 1]
    assert len([t for t in one.data if t.type == "bar"]) == 1
    st.cache_resource.clear()


def test_a_phone_lays_out_its_own_copy_of_a_shared_figure(tables, meta, monkeypatch):
    shared = exercise_figures.build_exercises_chart(
        tables["report_exercises"], footnotes=tables["footnotes"], meta=meta
    )
    before = shared.to_json()
    drawn = []
    monkeypatch.setattr(charts, "is_phone", lambda: True)
    monkeypatch.setattr(charts.st, "plotly_chart", lambda fig, **_: drawn.append(fig))
    ui.chart(shared, "exercises_chart", "exercises")
    (phone,) = drawn
    assert phone is not shared and phone.layout.height != shared.layout.height  # laid out for the phone
    assert shared.to_json() == before


def test_a_run_copies_only_the_tables_it_reads(tables, monkeypatch):
    """A page gets its own shallow copy of a table (a column it adds is never in the shared frame),
    made when it first reads the table: a session keeps its last run's page globals, and copying
    all 16 tables on every run kept about 0.4 MB a session (bench/FINDINGS.md)."""
    from src.web import cache
    from tests.test_pages import EXERCISES, open_page

    run = cache.Tables(tables)
    assert set(run) == set(tables) and len(run) == len(tables)
    coups = run["coup_events"]
    assert coups is not tables["coup_events"] and run["coup_events"] is coups  # one copy per run and table
    coups["added"] = 1
    assert "added" not in tables["coup_events"].columns

    copied: list[int] = []
    shallow = cache._shared
    monkeypatch.setattr(cache, "_shared", lambda frame: copied.append(1) or shallow(frame))
    open_page(EXERCISES)
    assert 0 < len(copied) < len(tables) / 2, copied
