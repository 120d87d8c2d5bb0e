"""Streamlit glue shared by the pages: page set-up, cached loading, errors shown on the page,
widgets bound to the URL, and chart rendering. Pages stay thin: load, build, render."""

from __future__ import annotations

import contextlib
import logging
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from src import pages
from src.analysis import arms, claims
from src.data import loader as data
from src.data import meta, text
from src.figures import common as figure_layout
from src.figures import geo
from src.web import exports as exports_ui
from src.web import state

log = logging.getLogger("src.web.ui")
_CHOSEN_COUNTRY = "shared_country"  # the country last chosen, for the links to other pages

APP_TITLE = "Authoritarian security collaboration"
PROFILE_PAGE = pages.PROFILE.path  # every map links a selected country to its profile


def _configure_logging() -> None:
    logger = logging.getLogger("src")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def setup_page(title: str) -> None:
    """Page config and the sidebar navigation (labels a reader expects, not file names)."""
    _configure_logging()
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", layout="wide")
    st.session_state["_page_title"] = title
    exports_ui.start_run()
    carried = _carried_country()
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        for page in pages.ALL:
            # The links carry the chosen country in their own query: the URL stays the whole view, so
            # Back and Forward restore exactly what was shown (no country added from session state).
            # Only to pages whose view has a country: anywhere else it would be a parameter that page
            # does not read, and warns about.
            query = {state.COUNTRY: carried} if carried and page.has_country else None
            st.page_link(page.path, label=page.label, query_params=query)
        st.divider()


def _carried_country() -> str | None:
    """The country this page's link names if it is a known code, else the one last chosen on a page
    that has a country (kept in the session), for the links to the other pages."""
    try:
        known = _known_countries()
    except data.DataValidationError:
        return None  # the page says what is wrong with the data; its links carry nothing
    named = st.query_params.get(state.COUNTRY)
    if named in known:
        return named
    kept = st.session_state.get(_CHOSEN_COUNTRY)
    return kept if kept in known else None


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


@st.cache_data(show_spinner=False)
def _suppliers(scope: str, start: int, end: int) -> list[str]:
    return arms.suppliers_by_volume(_transfers_view(), start, end, scope)  # type: ignore[arg-type]


@st.cache_data(show_spinner="Checking the report's claims in every window…")
def _claim_grid(start: int, end: int) -> pd.DataFrame:
    tables = _tables()
    return claims.claim_grid(
        tables["report_arms_supplier_claims"], _transfers_view(), tables["countries"], _meta(), (start, end)
    )


def claim_grid(picked: tuple[int, int]) -> pd.DataFrame:
    """The report's arms claims under every measure and window (src.analysis.claims.claim_grid), once per window."""
    return _claim_grid(*picked)


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


# Meta (one per process, cached in _meta) is keyed by identity; its content is the data package's.
# A figure holds 130–400 KB in Python: at most 96 of them (~30 MB), the least recently used go first.
@st.cache_resource(show_spinner=False, max_entries=96, hash_funcs={meta.Meta: id})
def _built(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], *, _builder: Callable[..., go.Figure]
) -> go.Figure:
    return _builder(*args, **kwargs)


@contextlib.contextmanager
def section(what: str) -> Iterator[None]:
    """Run one section of a page (a chart, a table and their text) so that a failure inside it
    costs only that section: the exception goes to the log with the page's full link, the reader
    sees one short line naming what could not be drawn, and the rest of the page still renders.
    Streamlit's own stop and rerun pass through (they are not Exceptions)."""
    try:
        yield
    except data.DataValidationError:
        raise  # refused data stops the whole page with its own message
    except Exception:
        link = st.context.url or "(no address)"
        query = urllib.parse.urlencode(_url(), doseq=True)
        log.exception("could not draw %s on %s?%s", what, link, query)
        st.error(
            f"Could not draw {text.escape_markdown(what)} for this view. The rest of the page is unaffected; "
            "the error is in the server's log with this page's link.",
            icon="⚠️",
        )


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


def tables() -> dict[str, pd.DataFrame]:
    """Every validated table, or a clear message on the page (and in the log) and a stop."""
    try:
        return {name: _shared(frame) for name, frame in _tables().items()}
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


def read_url(result: state.ReadResult) -> state.ReadResult:
    """Show the warnings of a URL read, then make the address bar show exactly this view (with
    presentation mode, which every page has)."""
    # Every value the link gives, read like any other key (the first valid one, with a warning).
    present = state.read(
        {exports_ui.PRESENT.key: st.query_params.get_all(exports_ui.PRESENT.key)}, [exports_ui.PRESENT]
    )
    exports_ui.set_presenting(present.values[exports_ui.PRESENT.key])
    exports_ui.present_css()
    if exports_ui.presenting():
        result = state.ReadResult(
            result.values, result.warnings, {**result.query, **present.query}, result.params
        )
    for warning in [*present.warnings, *result.warnings]:
        log.warning("bad link parameter: %s", warning)
        # Warnings quote what the link said: escaped, so a link cannot add Markdown to the page.
        st.warning(text.escape_markdown(warning), icon="⚠️")
    exports_ui.set_view(result.query)
    given = _url()
    # A link the page had to correct is rewritten whole. A valid one keeps only what it named (in
    # canonical form): writing the defaults it left out would push a second history entry for the
    # same view, so Back would seem to do nothing. Compared with every value of every key: a repeated
    # key is written back once.
    corrected = bool(result.warnings or present.warnings)
    wanted = result.query if corrected else {k: v for k, v in result.query.items() if k in given}
    if given != {key: [value] for key, value in wanted.items()}:
        st.query_params.from_dict(wanted)
    if state.COUNTRY in result.params:
        st.session_state[_CHOSEN_COUNTRY] = result.values[state.COUNTRY]
    return result


def _url() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def query() -> dict[str, str | list[str]]:
    """The query string (every value of a repeated key, which st.query_params.to_dict() would
    drop). A country chosen on another page arrives in the link that led here (see setup_page)."""
    params: dict[str, str | list[str]] = {
        key: values[0] if len(values) == 1 else values for key, values in _url().items()
    }
    params.pop(exports_ui.PRESENT.key, None)  # every page's: read by read_url
    return params


def _widget_key(param: state.Param) -> str:
    return f"url:{param.key}"


def widget(bound: state.Bound, render: Callable[..., Any], label: str, **kwargs: Any) -> Any:
    """Render a widget (st.radio, column.slider, ...) for a URL parameter: it offers the parameter's
    options (or the bounds of its range), shows the URL's value and writes every change back to the
    URL before the rerun."""
    param, key, value = bound.param, _widget_key(bound.param), bound.value
    args: tuple[Any, ...] = ()
    if param.options:
        options = list(param.options)
        if not isinstance(value, (list, tuple)) and value not in options:
            options.insert(0, value)  # a valid value the widget does not list (e.g. a historical entity)
        args = (options,)
    elif param.bounds:
        args = param.bounds
    if param.describe:
        kwargs.setdefault("format_func", param.describe)
    if isinstance(value, tuple) and getattr(render, "__name__", "") == "multiselect":
        value = list(value)  # a multiselect holds a list; a range slider a tuple
    st.session_state[key] = value
    exports_ui.note_filter(label, _words(param, bound.value), period=param.bounds is not None)
    if exports_ui.presenting():
        return bound.value  # the view is in the link; a slide shows no controls
    return render(label, *args, key=key, on_change=_push, args=(param,), **kwargs)


def _words(param: state.Param, value: Any) -> str:
    """A parameter's value as a reader would say it (for an export's list of filters)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, tuple | list) and param.bounds:
        return text.window_label(*value)
    if isinstance(value, tuple | list):
        return ", ".join(param.describe(v) if param.describe else str(v) for v in value) or "all"
    return param.describe(value) if param.describe else str(value)


def _push(param: state.Param) -> None:
    """on_change callback: write the widget's new value into the URL."""
    set_param(param.key, param.format(st.session_state[_widget_key(param)]))
    if param.key == state.COUNTRY:
        # A country chosen in the selector replaces any map click: clicking that country again
        # later must count as a new click.
        for stale in [k for k in st.session_state if str(k).startswith("last_click:")]:
            del st.session_state[stale]


def set_param(key: str, text_value: str | None) -> None:
    """Write one URL parameter from code (buttons, map clicks); empty removes it."""
    if text_value:
        st.query_params[key] = text_value
    elif key in st.query_params:
        del st.query_params[key]
    if key == state.COUNTRY:
        st.session_state[_CHOSEN_COUNTRY] = text_value or None


def preset_buttons(bound: state.Bound, presets: list[state.Preset], where: Any) -> None:
    """One button per preset window; the active one is highlighted."""
    if exports_ui.presenting():
        return
    for column, preset in zip(where.columns(len(presets)), presets, strict=True):
        column.button(
            preset.label,
            help=preset.why,
            key=f"preset:{bound.param.key}:{preset.label}",
            on_click=set_param,
            args=(bound.param.key, bound.param.format(preset.window)),
            type="primary" if preset.window == bound.value else "secondary",
            width="stretch",
        )


def country_picker(bound: state.Bound, *, label: str = "Highlight a country", where: Any = None) -> None:
    """Selector of the shared country (highlighted in every view that has it); in the sidebar
    unless `where` names another container."""
    widget(
        bound,
        (where or st.sidebar).selectbox,
        label,
        placeholder="— none —",
        help="Stays selected as you move between pages, and is part of the link.",
    )


def profile_link(iso3: str | None, where: Any = None) -> None:
    """Under a selected country: a link to its country profile (nothing if none is selected)."""
    if not iso3:
        return
    name = str(_tables()["countries"].set_index("iso3")["name"].get(iso3, iso3))
    (where or st).page_link(
        PROFILE_PAGE,
        label=f"Country profile of {text.escape_markdown(name)} →",
        query_params={state.COUNTRY: iso3},
    )


def is_phone() -> bool:
    """Whether the page is open on a phone (every phone browser's user agent says 'Mobi')."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def chart(
    fig: go.Figure,
    key: str,
    filename: str,
    *,
    selectable: bool = False,
    summary: str | None = None,
    table: pd.DataFrame | None = None,
    show_table: bool = False,
) -> Any:
    """Render a figure with offline map shapes; with selectable, clicks come back as events.

    The chart joins the page's exports (with `table`, the numbers behind it); `summary`, one sentence
    computed from its data, is written under it for screen readers and for readers who prefer words;
    show_table adds the table in an expander where the page shows it nowhere else. On a phone, the
    figure's text is laid out again for the phone's width (Plotly does not wrap text)."""
    exports_ui.note_chart(fig, filename, table)
    if exports_ui.presenting():
        exports_ui.show_slide(fig, filename, package_meta())
        return None
    if is_phone() and figure_layout.is_framed(fig):
        fig = figure_layout.fit(go.Figure(fig), figure_layout.PHONE)  # a copy: figures are shared (build)
    event = st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        key=key,
        config=geo.plotly_config(filename),
        on_select="rerun" if selectable else "ignore",
        selection_mode="points",
    )
    if summary:
        st.caption(text.escape_markdown(summary))
    if show_table and table is not None and not exports_ui.presenting():
        with st.expander("The numbers behind this chart"):
            st.dataframe(table, hide_index=True)
    return event


SHORT_CELL = 12  # characters


def static_table(frame: pd.DataFrame) -> None:
    """A small table drawn as a static table: no grid to load (lighter pages, see bench/FINDINGS.md),
    every cell's text shown whole. st.table renders each cell as Markdown, so text from the data is
    escaped first (a cell shows as written, never as a link or markup); headers are the page's own."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = [v if not isinstance(v, str) else text.escape_markdown(v) for v in shown[column]]
    # Short values (dates, codes, numbers, a word) keep one line: a date broken at its hyphen reads
    # badly. Each cell's Markdown box resets white-space, so the column gets a minimum width instead.
    styled = shown.style
    for column in frame.columns:
        longest = int(frame[column].astype(str).str.len().max() or 0)
        if longest <= SHORT_CELL:
            styled = styled.set_properties(subset=[column], **{"min-width": f"{0.6 * longest + 1.2:.1f}em"})
    st.table(styled, hide_index=True)


def clicked_country(event: Any, chart_key: str) -> str | None:
    """The ISO3 of a newly clicked map point, or None if nothing new was clicked."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    codes = []
    for point in points:
        code = point.get("location") or point.get("customdata")
        if isinstance(code, list):
            code = code[0] if code else None
        if isinstance(code, str) and code:
            codes.append(code)
    last_key = f"last_click:{chart_key}"
    if not codes:
        st.session_state[last_key] = None
        return None
    if st.session_state.get(last_key) == codes[0]:
        return None
    st.session_state[last_key] = codes[0]
    return codes[0]


def follow_click(event: Any, chart_key: str, selected: str | None) -> None:
    """A newly clicked country on a map becomes the selected country (in the URL), then rerun."""
    clicked = clicked_country(event, chart_key)
    if clicked and clicked != selected:
        set_param(state.COUNTRY, clicked)
        st.rerun()


def csv_download(
    frame: pd.DataFrame, label: str, file_stem: str, *, key: str, figure: go.Figure | None = None
) -> None:
    """A download button for a table, as <file_stem>.csv; with the chart it belongs to, the file
    opens with that chart's provenance (title, filters, sources, link: see src/export/core.py)."""
    if exports_ui.presenting():
        return
    data_bytes = exports_ui.csv_bytes(frame, figure, file_stem, package_meta())
    # No rerun on a download: a rerun would drop the deferred files of the run before it (the
    # slides' PNG and SVG buttons), so the next button clicked would deliver nothing.
    st.download_button(
        label, data_bytes, file_name=f"{file_stem}.csv", mime="text/csv", key=key, on_click="ignore"
    )


def finish() -> None:
    """The end of every page: its export section in the sidebar."""
    exports_ui.panel(package_meta(), st.session_state.get("_page_title", APP_TITLE))
