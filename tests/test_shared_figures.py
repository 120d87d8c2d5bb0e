"""Figures are built once per distinct view and shared by every session (src.web.ui.build): the same
inputs give the same figure without building it again, other inputs another figure, and nothing a
page does for one reader (a phone's layout) changes what the next reader gets."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import streamlit as st

from src import export
from src.figures import common as layout
from src.figures import drawn
from src.figures import exercises as exercise_figures
from src.web import charts, ui, viewport
from src.web import exports as exports_ui


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
    assert phone is not shared
    assert phone.to_dict()["layout"]["height"] != shared.layout.height  # laid out for the phone
    assert shared.to_json() == before


def test_a_chart_at_a_known_width_sends_its_laid_out_figure_made_once(tables, meta, monkeypatch):
    """What a page sends of a chart at a measured width is its shared figure laid out for that width
    (fitted, then as the browser's Plotly draws it once), and a second run sends the very same dict
    rather than serializing the figure again (Streamlit serializes what it is given on every run)."""
    st.cache_resource.clear()
    shared = exercise_figures.build_exercises_chart(
        tables["report_exercises"], footnotes=tables["footnotes"], meta=meta
    )
    window = viewport.Viewport(1400, 1100)
    monkeypatch.setattr(charts.viewport, "current", lambda: window)
    sent = []

    def as_streamlit_draws(fig, **_):  # streamlit/elements/plotly_chart.py
        sent.append(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True))

    monkeypatch.setattr(charts.st, "plotly_chart", as_streamlit_draws)
    for _ in range(2):
        ui.chart(shared, "exercises_chart", "exercises")
    first, again = sent
    assert again is first  # made once
    width = viewport.chart_width(shared.layout.meta["frame"]["width"], window)
    expected = drawn.for_browser(layout.fit(go.Figure(shared), width))
    assert json.loads(pio.to_json(first, validate=False)) == json.loads(expected.to_json())
    st.cache_resource.clear()


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


def test_a_shared_figures_texts_are_read_once_and_each_figure_keeps_its_own(tables, meta, monkeypatch):
    """The exports read a chart's title, subtitle and source off its figure on every run that draws
    it; a shared figure never changes, so they are read once per figure, and another figure gets its
    own."""
    st.cache_resource.clear()
    read, texts_of = [], export.figure_texts
    monkeypatch.setattr(exports_ui.export, "figure_texts", lambda fig: read.append(fig) or texts_of(fig))
    exercises, footnotes = tables["report_exercises"], tables["footnotes"]
    every = ui.build(exercise_figures.build_exercises_chart, exercises, footnotes=footnotes, meta=meta)
    one = go.Figure(layout_title_text="<b>Another chart</b>")
    first = exports_ui.provenance(every, "exercises", meta)
    assert exports_ui.provenance(every, "exercises", meta).title == first.title
    assert read == [every]
    other = exports_ui.provenance(one, "exercises", meta)
    assert read == [every, one]
    assert first.title == texts_of(every).title and other.title == texts_of(one).title
    assert first.source == texts_of(every).source and other.title == "Another chart"
    st.cache_resource.clear()
