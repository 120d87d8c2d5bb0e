"""Cached loading: the validated tables, the descriptor, the arms view and the figures, each built once
per process and shared read-only by every session; refused data stops the page with its message."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from src import pages
from src.analysis import arms, changes, claims, coups, interventions, mix, sources
from src.data import loader as data
from src.data import meta, text
from src.web import state

log = logging.getLogger("src.web.ui")
T = TypeVar("T")
Once = Callable[..., Any]  # per_view's answer: once(part, compute, *args, **kwargs)


# Read-only tables and views are cached once per process and shared (st.cache_data would unpickle a
# copy of every table on every run: ~10 ms and 3 MB a run). Pages get shallow copies: with pandas'
# copy-on-write, a page that adds a column changes its copy, never the shared frame.
@st.cache_resource(show_spinner="Loading the data package…")
def _tables() -> dict[str, pd.DataFrame]:
    return data.load_tables()


def _shared(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.copy(deep=False)


@st.cache_resource(show_spinner=False)
def _known_countries() -> frozenset[str]:
    # Read-only and shared (no copy per call, unlike st.cache_data): every page run asks.
    return frozenset(_tables()["countries"]["iso3"])


@st.cache_resource(show_spinner=False)
def _meta() -> meta.Meta:
    # One read-only object for every session: nothing mutates it.
    return meta.Meta(data.read_descriptor())


@st.cache_resource(show_spinner=False)
def _transfers_view() -> pd.DataFrame:
    return arms.transfers_view(_tables(), _meta().region_flags())


@st.cache_resource(show_spinner=False)
def _actor_labels() -> dict[str, str]:
    return arms.actor_labels(_tables())


def actor_labels() -> dict[str, str]:
    """SIPRI name → the name a reader expects (src.analysis.arms.actor_labels), once per process
    (about 5 ms a run otherwise); shared read-only."""
    return _actor_labels()


@st.cache_resource(show_spinner=False)
def _country_names() -> dict[str, str]:
    return data.country_names(_tables()["countries"])


def country_names() -> dict[str, str]:
    """ISO3 → name of today's countries (src.data.loader.country_names), once per process; read-only."""
    return _country_names()


@st.cache_data(show_spinner=False)
def _suppliers(scope: str, start: int, end: int) -> list[str]:
    return arms.suppliers_by_volume(_transfers_view(), start, end, scope)  # type: ignore[arg-type]


@st.cache_resource(show_spinner="Checking the report's claims in every window…")
def _claim_evidence() -> claims.ClaimEvidence:
    # Every claim under every reading in every window of the data, once per process (about 0.2 s),
    # shared read-only: a picked window's grid is then a selection from it.
    tables = _tables()
    return claims.claim_evidence(
        tables["report_arms_supplier_claims"], _transfers_view(), tables["countries"], _meta()
    )


@st.cache_resource(show_spinner=False)
def _claim_findings() -> claims.Findings:
    return claims.findings(_tables(), _claim_evidence(), _meta())


@st.cache_resource(show_spinner=False, max_entries=64)
def _claim_grid(start: int, end: int) -> pd.DataFrame:
    return claims.claim_grid(_claim_evidence(), (start, end))


def claim_evidence() -> claims.ClaimEvidence:
    """The report's arms claims under every reading in every window (src.analysis.claims.claim_evidence)."""
    return _claim_evidence()


def claim_findings() -> claims.Findings:
    """Every verdict of the Report vs data page and its sentences, computed once per process."""
    return _claim_findings()


def claim_grid(picked: tuple[int, int]) -> pd.DataFrame:
    """The grid for a picked window (src.analysis.claims.claim_grid), once per window; read-only."""
    return _claim_grid(*picked)


@st.cache_resource(show_spinner=False, max_entries=256)
def _supplier_mix(iso3s: tuple[str, ...]) -> pd.DataFrame:
    tables, meta_ = _tables(), _meta()
    return mix.supplier_mix(
        _transfers_view(), data.country_names(tables["countries"]), list(iso3s), meta_.great_powers
    )


def supplier_mix(iso3s: Sequence[str]) -> pd.DataFrame:
    """Year by year, who supplied these countries (src.analysis.mix.supplier_mix), once per choice of
    countries; read-only."""
    return _supplier_mix(tuple(iso3s))


@st.cache_resource(show_spinner=False)
def _coup_view() -> pd.DataFrame:
    return coups.coup_view(_tables())


def coup_view() -> pd.DataFrame:
    """Every coup event of either list with its country's name and flags (src.analysis.coups.coup_view),
    once per process, shared read-only (about 10 ms a run otherwise)."""
    return _coup_view()


@st.cache_resource(show_spinner=False)
def _relations() -> tuple[pd.DataFrame, tuple[list[str], list[str], list[str]]]:
    view = interventions.relation_view(_tables())
    return view, interventions.filter_options(view)


def relation_view() -> pd.DataFrame:
    """The report's interventions and assistance, one row per relation
    (src.analysis.interventions.relation_view), once per process, shared read-only."""
    return _relations()[0]


def relation_filters() -> tuple[list[str], list[str], list[str]]:
    """The Interventions page's filters' options (src.analysis.interventions.filter_options) once per
    process, shared read-only."""
    return _relations()[1]


@st.cache_resource(show_spinner=False)
def _footnote_paragraphs() -> list[str]:
    tables = _tables()
    names = dict(zip(tables["countries"]["iso3"], tables["countries"]["name"], strict=True))
    labels = {page.path: page.label for page in pages.ALL}
    listed = sources.footnote_list(tables, [page.path for page in pages.ALL])
    return [sources.footnote_markdown(footnote, labels, names) for footnote in listed]


def footnote_paragraphs() -> list[str]:
    """Each footnote the data cite, as the Sources page writes it (src.analysis.sources), once per
    process: the page is the same for every reader (about 30 ms a run otherwise)."""
    return _footnote_paragraphs()


@st.cache_resource(show_spinner=False)
def _last_update() -> changes.LastUpdate:
    return changes.last_update_view(_tables()[changes.RECORD])


def last_update() -> changes.LastUpdate:
    """The change record's last entry as the Sources page shows it, once per process; read-only."""
    return _last_update()


def suppliers(scope: str, window: tuple[int, int]) -> list[str]:
    """Suppliers with deliveries in scope and window, largest first (computed once per choice)."""
    return _suppliers(scope, *window)


def build(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """builder(*args, **kwargs), built once per distinct input and shared by every session.

    Plotly validates each property as a figure is built (50–150 ms a chart: most of a page's run,
    see bench/FINDINGS.md); a view someone already opened, such as a shared link or the default
    view, then costs one hash of its inputs. The figure is shared read-only: nothing changes a
    figure after it is built (ui.chart lays out a copy for a phone; exports copy)."""
    return _built(f"{builder.__module__}.{builder.__qualname__}", args, kwargs, _builder=builder)


def per_view(read: state.ReadResult) -> Once:
    """`once(part, compute, *args, **kwargs)`: compute(*args, **kwargs) once per view of this page,
    shared read-only by every session.

    The key is the page, the part's name and every value the link gave (state.read: the link is the
    whole view), never the inputs: a warm run of a view someone already opened then hashes a few
    strings, not the frames a part is computed from (hashing them for the figure cache was about 6 ms
    a chart). So the arguments must follow from the view's values and the data package (cached once
    per process) alone; anything else a part depends on, such as the layout for a phone, goes into
    its name. A frame comes back as a shallow copy (copy-on-write: a page that changes it changes
    its copy)."""
    page = st.session_state.get("_page_title", "")
    view = tuple(sorted((key, _frozen(value)) for key, value in read.values.items()))
    parts = _view_parts()

    def once(part: str, compute: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        value = parts.get((page, part, view), lambda: compute(*args, **kwargs))
        return _shared(value) if isinstance(value, pd.DataFrame) else value  # type: ignore[return-value]

    return once


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class _Parts:
    """The views' parts, the least recently used dropped first. A dictionary under a lock, not an
    st.cache_resource per part: a page asks for a dozen parts a run, and each cached call costs about
    0.3 ms of Streamlit's bookkeeping (hashing, statistics), a dictionary lookup a microsecond. Two
    sessions asking for a new part at once may both compute it; either result is the same."""

    def __init__(self, size: int) -> None:
        self._size, self._parts, self._lock = size, OrderedDict[tuple[Any, ...], Any](), threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._parts:
                self._parts.move_to_end(key)
                return self._parts[key]
        value = compute()
        with self._lock:
            self._parts[key] = value
            while len(self._parts) > self._size:
                self._parts.popitem(last=False)
        return value


# In cache_resource so that clearing Streamlit's caches (new data in tests) clears it too. A view is
# a dozen parts, three of them figures (130–400 KB each): about 40 views.
@st.cache_resource(show_spinner=False)
def _view_parts() -> _Parts:
    return _Parts(512)


# Meta (one per process, cached in _meta) is keyed by identity; its content is the data package's.
# A figure holds 130–400 KB in Python: at most 96 of them (~30 MB), the least recently used go first.
@st.cache_resource(show_spinner=False, max_entries=96, hash_funcs={meta.Meta: id})
def _built(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], *, _builder: Callable[..., go.Figure]
) -> go.Figure:
    return _builder(*args, **kwargs)


# A chart laid out for a window's width (src/web/charts.py) is a copy of its shared figure, made and
# fitted through Plotly's validators: 11–18 ms a chart on every run of a server, where the width is
# known (more than the rest of a warm run; AppTest, which measures no width, never pays it). Readers
# at the same width share one copy. An entry holds its figure, so the figure's id, the key, stays
# its own while the entry lives. Each holds what the browser is sent of the laid-out figure, its dict
# (10-50 KB, in an empty stand-in figure of about 12 KB: charts._Sent), not the laid-out figure
# (30-100 KB): 48 at most.
@st.cache_resource(show_spinner=False)
def _laid_out_figures() -> _Parts:
    return _Parts(48)


def laid_out(fig: go.Figure, width: Any, lay: Callable[[go.Figure, Any], T]) -> T:
    """lay(a copy of fig, width), once per shared figure and width, shared read-only by every
    session (fig must be a shared figure, from build or per_view, never changed after it is built)."""
    return _of_shared(_laid_out_figures(), fig, width, lambda: lay(go.Figure(fig), width))


# What is read off a shared figure (its title, subtitle and source for the exports, on every run that
# draws it: about 0.35 ms a chart), kept with the figure, so that its id, the key, stays its own. Fewer
# entries than the caches that hold the figures themselves (_built: 96, and the views' parts), so
# that the figures held here are the most recently drawn, seldom one those caches have dropped.
@st.cache_resource(show_spinner=False)
def _figure_parts() -> _Parts:
    return _Parts(48)


def of_figure(fig: go.Figure, part: str, read: Callable[[go.Figure], T]) -> T:
    """read(fig), once per shared figure, shared read-only by every session (fig must be a shared
    figure, from build or per_view, never changed after it is built)."""
    return _of_shared(_figure_parts(), fig, part, lambda: read(fig))


def _of_shared(parts: _Parts, fig: go.Figure, what: Any, make: Callable[[], T]) -> T:
    """make(), once per shared figure and `what` in `parts`, kept with the figure, so that its id,
    the key, stays its own while the entry lives."""
    _, value = parts.get((id(fig), what), lambda: (fig, make()))
    return value  # type: ignore[no-any-return]


def _stop_on_bad_data(exc: data.DataValidationError) -> None:
    log.error("refusing to draw: %s", exc)
    # Problems quote cells of the broken files: escaped, so a data file cannot add Markdown here.
    lines = "\n".join(f"- {text.escape_markdown(str(p))}" for p in exc.problems[:10])
    more = f"\n- … and {len(exc.problems) - 10} more" if len(exc.problems) > 10 else ""
    st.error(
        "**The data package failed its checks, so nothing is drawn from it.** "
        "A chart built on broken data would be silently wrong. What failed:\n\n" + lines + more
    )
    st.stop()


class Tables(Mapping[str, pd.DataFrame]):
    """The validated tables as a run reads them: each a shallow copy of the shared frame, made when the
    run first asks for that table. A session keeps its last run's page globals, the tables among them
    (its fragments refer to them); copying all 16 tables on every run kept about 0.4 MB a session,
    most of it for tables the page never read (bench/FINDINGS.md)."""

    def __init__(self, shared: Mapping[str, pd.DataFrame]) -> None:
        self._shared, self._copies = shared, dict[str, pd.DataFrame]()

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._copies:
            self._copies[name] = _shared(self._shared[name])
        return self._copies[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._shared)

    def __len__(self) -> int:
        return len(self._shared)


def tables() -> Tables:
    """Every validated table, or a clear message on the page (and in the log) and a stop."""
    try:
        return Tables(_tables())
    except data.DataValidationError as exc:
        _stop_on_bad_data(exc)
        raise  # unreachable: st.stop() ends the run


def package_meta() -> meta.Meta:
    """Sources, versions and coverage from the data package's descriptor."""
    try:
        return _meta()
    except data.DataValidationError as exc:
        _stop_on_bad_data(exc)
        raise


def transfers_view() -> pd.DataFrame:
    try:
        return _shared(_transfers_view())
    except data.DataValidationError as exc:
        _stop_on_bad_data(exc)
        raise
