"""Widgets bound to their URL parameter (a change is written to the address bar before the rerun),
preset windows, the country picker, map clicks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from src.data import text
from src.web import exports as exports_ui
from src.web import state
from src.web.page import set_param


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
    exports_ui.note_filter(
        label, _words(param, bound.value), period=param.bounds is not None, key=param.key, value=bound.value
    )
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
        # The whole page reruns, in one run, even when the picker sits in a fragment (st.fragment):
        # every page's links carry the country. (From a callback, Streamlit 1.67 makes this the
        # interaction's rerun rather than a second one.)
        st.rerun()


def preset_buttons(
    bound: state.Bound, presets: list[state.Preset], where: Any, *, stacked: bool = False
) -> None:
    """One button per preset window, side by side (or one under another); the active one is highlighted."""
    if exports_ui.presenting():
        return
    places = [where] * len(presets) if stacked else where.columns(len(presets))
    for column, preset in zip(places, presets, strict=True):
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
