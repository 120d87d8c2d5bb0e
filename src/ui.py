"""Streamlit glue shared by the pages: page set-up, cached loading, errors shown on the page,
widgets bound to the URL, and chart rendering. Pages stay thin: load, build, render."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from src import arms, data, geo, meta, state, text

log = logging.getLogger("src.ui")

APP_TITLE = "Authoritarian security collaboration"
PROFILE_PAGE = "pages/6_Country_profile.py"  # every map links a selected country to its profile
PAGES: list[tuple[str, str]] = [
    ("app.py", "Overview"),
    ("pages/1_Arms_suppliers.py", "Arms suppliers"),
    ("pages/2_Coups.py", "Coups in Africa"),
    ("pages/3_Exercises.py", "Military exercises"),
    ("pages/4_Interventions.py", "Interventions and assistance"),
    ("pages/5_Report_vs_data.py", "Report vs data"),
    (PROFILE_PAGE, "Country profile"),
    ("pages/7_Sources_and_methods.py", "Sources and methods"),
]


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
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        for path, label in PAGES:
            st.page_link(path, label=label)
        st.divider()


@st.cache_data(show_spinner="Loading the data package…")
def _tables() -> dict[str, pd.DataFrame]:
    return data.load_tables()


@st.cache_resource(show_spinner=False)
def _meta() -> meta.Meta:
    # One read-only object for every session: nothing mutates it.
    return meta.Meta(data.read_descriptor())


@st.cache_data(show_spinner=False)
def _transfers_view() -> pd.DataFrame:
    return arms.transfers_view(_tables())


@st.cache_data(show_spinner=False)
def _suppliers(scope: str, start: int, end: int) -> list[str]:
    return arms.suppliers_by_volume(_transfers_view(), start, end, scope)  # type: ignore[arg-type]


def suppliers(scope: str, window: tuple[int, int]) -> list[str]:
    """Suppliers with deliveries in scope and window, largest first (computed once per choice)."""
    return _suppliers(scope, *window)


def _stop_on_bad_data(exc: data.DataValidationError) -> None:
    log.error("refusing to draw: %s", exc)
    lines = "\n".join(f"- {p}" for p in exc.problems[:10])
    more = f"\n- … and {len(exc.problems) - 10} more" if len(exc.problems) > 10 else ""
    st.error(
        "**The data package failed its checks, so nothing is drawn from it.** "
        "A chart built on broken data would be silently wrong. What failed:\n\n" + lines + more
    )
    st.stop()


def tables() -> dict[str, pd.DataFrame]:
    """Every validated table, or a clear message on the page (and in the log) and a stop."""
    try:
        return _tables()
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
        return _transfers_view()
    except data.DataValidationError as exc:
        _stop_on_bad_data(exc)
        raise


def read_url(result: state.ReadResult) -> state.ReadResult:
    """Show the warnings of a URL read, then make the address bar show exactly this view."""
    for warning in result.warnings:
        log.warning("bad link parameter: %s", warning)
        # Warnings quote what the link said: escaped, so a link cannot add Markdown to the page.
        st.warning(text.escape_markdown(warning), icon="⚠️")
    if st.query_params.to_dict() != result.query:
        st.query_params.from_dict(result.query)
    if state.COUNTRY in result.params:
        st.session_state["shared_country"] = result.values[state.COUNTRY]
    return result


def query(params_with_country: bool = True) -> dict[str, str]:
    """The query string, plus the country chosen on another page if this page has a country and
    the link names none."""
    params = st.query_params.to_dict()
    carried = st.session_state.get("shared_country")
    if params_with_country and state.COUNTRY not in params and carried:
        params[state.COUNTRY] = carried
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
    return render(label, *args, key=key, on_change=_push, args=(param,), **kwargs)


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
        st.session_state["shared_country"] = text_value or None


def preset_buttons(bound: state.Bound, presets: list[state.Preset], where: Any) -> None:
    """One button per preset window; the active one is highlighted."""
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


def chart(fig: go.Figure, *, key: str, filename: str, selectable: bool = False) -> Any:
    """Render a figure with offline map shapes; with selectable, clicks come back as events."""
    return st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        key=key,
        config=geo.plotly_config(filename),
        on_select="rerun" if selectable else "ignore",
        selection_mode="points",
    )


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


def csv_download(frame: pd.DataFrame, label: str, file_stem: str, *, key: str) -> None:
    """A download button for a table, as <file_stem>.csv."""
    st.download_button(
        label,
        frame.to_csv(index=False).encode("utf-8"),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=key,
    )
