"""The Country profile page's sections: each reads the tables through src.analysis.profile (pure), draws with
src.figures, and says in one line when it has nothing to show. The page itself only reads its URL and
calls these in order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from src import pages
from src.analysis import arms, coups, interventions, profile, sources, summaries
from src.analysis import claims as report_claims
from src.data.meta import Meta
from src.data.text import escape_markdown, file_name, markdown_list, upper_first, window_label
from src.figures import claims as claim_figures
from src.figures import coups as coup_figures
from src.figures import profile as profile_figures
from src.web import state, ui

PER_ROW = 2  # compared countries side by side: wide enough to read a year axis and a legend
NO_IMPORTS = "—"  # a share table's empty cell: no recorded imports in the window (never "None")


@dataclass(frozen=True)
class Inputs:
    """What every section draws on, loaded once per run."""

    tables: Mapping[str, pd.DataFrame]
    meta: Meta
    view: pd.DataFrame  # arms transfers, as ui.transfers_view
    labels: dict[str, str]
    coup_view: pd.DataFrame
    relation_view: pd.DataFrame
    regime_rows: pd.DataFrame
    evidence: report_claims.ClaimEvidence  # the arms claims in every window, as ui.claim_evidence
    years: tuple[int, int]  # the shared time axis
    arms_years: tuple[int, int]

    @property
    def countries(self) -> pd.DataFrame:
        return self.tables["countries"]


@st.cache_resource(show_spinner=False)
def _prepared() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What every profile filters, prepared once and shared read-only (st.cache_data would copy the
    three tables on every run): coup events, the report's relations, regime-claim rows."""
    tables = ui.tables()
    return ui.coup_view(), ui.relation_view(), profile.regime_rows(tables)


def inputs() -> Inputs:
    tables, meta = ui.tables(), ui.package_meta()
    coup_view, relation_view, regime_rows = _prepared()
    return Inputs(
        tables, meta, ui.transfers_view(), ui.actor_labels(), coup_view, relation_view, regime_rows,
        ui.claim_evidence(), profile.timeline_years(meta), meta.coverage(profile.ARMS_TABLE),
    )  # fmt: skip


def pickers(url: state.ReadResult, country: str | None, compared: tuple[str, ...]) -> None:
    """The country box (one profile) and the comparison box; comparing shows only the latter."""
    fewest, most = state.COMPARE_SIZES
    controls = st.columns([1, 2]) if not compared else [None, st.container()]
    if not compared:
        ui.country_picker(url.bound(state.COUNTRY), label="Country", where=controls[0])
    # Not comparing yet: the box starts from the country shown, so adding one more starts a comparison.
    start_from = compared or ((country,) if country else ())
    ui.widget(
        state.Bound(url.params[state.COMPARE], start_from),
        controls[1].multiselect,
        f"Compare side by side ({fewest} to {most} countries)",
        max_selections=most,
        placeholder="Add countries to compare",
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _comparison_of(
    compared: tuple[str, ...],
) -> tuple[list[profile.Timeline], list[go.Figure], list[str], pd.DataFrame]:
    """The compared countries' timelines on shared axes, their figures and summaries, and the share
    table, once per choice of countries, shared read-only (about 150 ms a run otherwise): they depend
    on nothing else."""
    data = inputs()
    timelines = [
        profile.timeline(
            data.tables, data.view, data.coup_view, c, data.years, data.arms_years, data.meta.great_powers
        )
        for c in compared
    ]
    peak = max(t.peak_tiv for t in timelines)
    figures = profile_figures.line_up(
        [
            profile_figures.build_profile_timeline(
                t, meta=data.meta, labels=data.labels, tiv_max=peak, compact=True
            )
            for t in timelines
        ]
    )
    windows = profile.share_windows(data.meta)
    table = profile.compare_table(
        data.view, data.countries, compared, windows, data.labels, data.meta.great_powers
    )
    return timelines, figures, [_summary(t) for t in timelines], table


def compare(data: Inputs, compared: tuple[str, ...]) -> None:
    """2-6 countries on the same axes, two to a row, then their supplier shares by window."""
    timelines, figures, summaries_, table = _comparison_of(tuple(compared))
    peak = max(t.peak_tiv for t in timelines)
    st.caption(
        f"The same axes for every country: years {window_label(*data.years)}, arms imports up to "
        f"{peak:,.0f} TIV (millions) a year. Open one country's profile for its details."
    )
    for start in range(0, len(timelines), PER_ROW):
        row = zip(*(part[start : start + PER_ROW] for part in (timelines, figures, summaries_)), strict=True)
        for column, (line, figure, summary) in zip(st.columns(PER_ROW), row, strict=False):
            with column:
                _timeline_chart(line, figure, summary, f"compare_{line.iso3}", "compared")
                label = f"Profile of {escape_markdown(line.name)}"
                st.page_link(pages.PROFILE.path, label=label, query_params={state.COUNTRY: line.iso3})
    st.caption(escape_markdown(profile_figures.source_line(data.meta, *timelines)))  # once for the set
    st.subheader("Supplier shares by window")
    ui.static_table(table, "compare_table", "Supplier shares by window", missing=NO_IMPORTS)
    ui.csv_download(table, "Download this table (CSV)", file_name("compare", *compared), key="compare_csv")
    st.caption(
        escape_markdown(
            f"{NO_IMPORTS}: no recorded imports in the window (not 0 %). {data.meta.source_line('sipri')}"
        )
    )


def _summary(line: profile.Timeline) -> str:
    """The timeline's one sentence (made with its figure, once: about 1 ms a run otherwise)."""
    if line.mix.empty:
        return profile.no_imports_line(line.name, window_label(*line.arms_years))
    return summaries.supplier_mix(line.mix, line.name, window_label(*line.arms_years))


def _timeline_chart(line: profile.Timeline, figure: go.Figure, summary: str, key: str, *stem: str) -> None:
    table = line.mix.drop(columns=["order"], errors="ignore")
    ui.chart(figure, key, file_name("profile", line.iso3, *line.years, *stem), summary=summary, table=table)


def timeline(data: Inputs, country: str, once: ui.Once) -> None:
    """The country's place and memberships, then arms, coups and regime type on one time axis."""
    st.caption(escape_markdown(once("about", _about, data, country)))
    _timeline_chart(*_timeline_of(country), "profile_timeline")


def _about(data: Inputs, country: str) -> str:
    about = [f"ISO3 {country}.", profile.region_line(data.countries, country, data.meta)]
    about += profile.membership_lines(data.tables["regional_memberships"], country, data.meta)
    return " ".join(part for part in about if part)


@st.cache_resource(show_spinner=False, max_entries=256)
def _timeline_of(country: str) -> tuple[profile.Timeline, go.Figure, str]:
    """The country's timeline, its figure and its summary, once per country, shared read-only (about
    20 ms a run otherwise): they depend on nothing else."""
    data = inputs()
    mine = profile.country_view(data.view, country)
    line = profile.timeline(
        data.tables, mine, data.coup_view, country, data.years, data.arms_years, data.meta.great_powers
    )
    return (
        line,
        profile_figures.build_profile_timeline(line, meta=data.meta, labels=data.labels),
        _summary(line),
    )


def arms_imports(data: Inputs, country: str, name: str, mine: pd.DataFrame, once: ui.Once) -> None:
    period = window_label(*data.arms_years)
    st.subheader("Arms imports: supplier shares by window")
    windows = profile.share_windows(data.meta)
    shares = once("shares", profile.shares_by_window, mine, country, windows, data.labels)
    if shares.empty:
        st.info(escape_markdown(profile.no_imports_line(name, period)))
        return
    ui.static_table(shares, "profile_shares", "Supplier shares by window", once, missing=NO_IMPORTS)
    ui.csv_download(
        shares, "Download this table (CSV)", file_name("shares", country), key="profile_shares_csv"
    )
    st.caption(
        escape_markdown(
            f"{sources.share_definition(data.meta)} Windows: {', '.join(window_label(*w) for w in windows)}. "
            + (f"{NO_IMPORTS}: no recorded imports in the window. " if shares.isna().any(axis=None) else "")
            + data.meta.source_line("sipri")
        )
    )
    non_state = once("non-state imports", profile.non_state_imports, mine, country, data.arms_years)
    if note := profile.non_state_note(non_state, name, period):
        st.caption(escape_markdown(note))
    st.markdown(f"**The deliveries behind them, {period}** (SIPRI trade register)")
    register = once("register", arms.deliveries_table, data.tables, country, *data.arms_years, data.labels)
    if register.empty:
        st.info(escape_markdown(profile.no_register_line(data.countries, country, period)))
    else:
        ui.long_table(register, "profile_register")


def coup_events(data: Inputs, country: str, name: str, once: ui.Once) -> None:
    st.subheader("Coups")
    events = once("coup events", profile.country_events, data.coup_view, country)
    if events.empty:
        st.info(escape_markdown(profile.no_coups_line(name, data.meta.coverage(profile.COUPS_TABLE))))
        return
    ui.static_table(
        once("coup table", coups.event_table, events), "profile_coups", f"The coups in {name}", once
    )
    st.caption(
        escape_markdown(f"{coup_figures.source_line(data.meta, events)} {data.meta.method('coupsCounted')}")
    )


def involvement(data: Inputs, country: str, name: str, once: ui.Once) -> bool:
    """Interventions and assistance involving the country; whether there are any."""
    st.subheader("Interventions and assistance")
    table = once("involvement", _involvement_table, data, country, name)
    if table is None:
        st.info(escape_markdown(f"The report names no intervention or assistance involving {name}."))
        return False
    ui.static_table(table, "profile_interventions", f"Interventions and assistance involving {name}", once)
    return True


def _involvement_table(data: Inputs, country: str, name: str) -> pd.DataFrame | None:
    relations = profile.involvement(
        data.relation_view, data.tables["regional_memberships"], data.countries, country
    )
    if relations.empty:
        return None
    table = interventions.relation_table(relations)
    table.insert(0, f"Role of {name}", relations["role"].map(upper_first).to_numpy())
    # As on the Interventions page: what the report says right after who and whom.
    return interventions.said_first(table, (f"Role of {name}", "Actor", "Target"))


def statements(data: Inputs, country: str, name: str, has_relations: bool, once: ui.Once) -> None:
    st.subheader("What the report says about it")
    said = once("statements", profile.report_statements, data.tables, country)
    if said.empty:
        st.info(escape_markdown(profile.no_statements_line(name, has_relations)))
    _bullets(once("statement lines", profile.statement_lines, said))


@st.cache_resource(show_spinner=False, max_entries=256)
def _verdicts_of(country: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The country's verdict grid, its arms claims' verdict table and its regime verdicts, computed
    once per country and shared read-only (about 50 ms a run otherwise): they depend on nothing else."""
    data = inputs()
    grid = profile.claim_grid(data.evidence, country)
    regime = profile.regime_verdicts(data.regime_rows, country, data.meta.regime_words())
    table = (
        report_claims.verdict_table(profile.claim_verdicts(data.evidence, country))
        if not grid.empty
        else pd.DataFrame()
    )
    return grid, table, regime


def verdicts(data: Inputs, country: str, name: str, once: ui.Once) -> None:
    """The verdict grid of the arms claims naming the country, and the regime claims' verdicts."""
    st.subheader("The report's claims naming it, checked against the data")
    grid, table, regime = _verdicts_of(country)
    if grid.empty and regime.empty:
        st.info(escape_markdown(f"No claim of the report that the data here can check names {name}."))
    if not grid.empty:
        columns = "robustness" if ui.is_phone() else "all"  # the layout: part of the figure's name below
        figure = once(
            f"verdict grid {columns}",
            ui.build,
            claim_figures.build_verdict_grid,
            grid,
            title=f"What the report says of {name}'s arms suppliers, under each reading",
            subtitle=claim_figures.grid_subtitle(data.evidence.min_base_tiv),
            source=data.meta.source_line("sipri", "report", footnotes=grid["footnote"]),
            columns=columns,
        )
        stem, summary = file_name("verdicts", country), once("verdict summary", summaries.verdicts, table)
        ui.chart(figure, "profile_verdict_grid", stem, summary=summary, table=table)
        _bullets(once("verdict lines", profile.arms_verdict_lines, table))
        ui.csv_download(table, "Download these verdicts (CSV)", stem, key="verdicts_csv", figure=figure)
    _bullets(once("regime verdict lines", profile.regime_verdict_lines, regime))
    if not regime.empty:
        st.caption(escape_markdown(data.meta.method("regimeWords")))


def _bullets(lines: list[tuple[str, str]]) -> None:
    if lines:
        st.markdown(markdown_list(lines))
