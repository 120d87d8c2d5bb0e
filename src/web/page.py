"""A page's frame: set-up and the sidebar's links, the URL read and written back, each section under a
guard, the export panel at the end."""

from __future__ import annotations

import contextlib
import logging
import sys
import urllib.parse
from collections.abc import Iterator

import streamlit as st

from src import pages
from src.data import loader as data
from src.data import text
from src.web import exports as exports_ui
from src.web import heap, state, tables, threads, timing, viewport
from src.web.cache import _known_countries, package_meta

log = logging.getLogger("src.ui")
_CHOSEN_COUNTRY = "shared_country"  # the country last chosen, for the links to other pages
_WARNED = "_url:warned"  # the page of the last corrected link, and its warnings
_PAGE_VIEW = "_url:page"  # the view the whole page last ran with (read_url), for its fragments

APP_TITLE = "Authoritarian security collaboration"
# A compact head, so that each page's main chart is in the first screen: less space above the title
# (Streamlit keeps 6rem for its header, which here holds only the menu) and a smaller title. The
# measuring component draws nothing and takes no room.
_HEAD_CSS = """
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding-top: 0.5rem; padding-bottom: 0.25rem; }
.st-key-_viewport { display: none; }
"""
_PAGE_CSS = f"<style>{_HEAD_CSS}{tables.CSS}</style>"  # and the static tables' look (src/web/tables.py)
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
    timing.start(title)  # the benchmark's run log (src/web/timing.py); nothing unless BENCH_RUNLOG is set
    _configure_logging()
    threads.hand_over_sooner(viewport.browser_behind())  # src/web/threads.py: many sessions, one interpreter
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", layout="wide")
    st.session_state["_page_title"] = title
    st.html(_PAGE_CSS)
    viewport.measure()  # first: the charts below are laid out for the width it reports
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
    if viewport.unmeasured():
        # A first visit: the page waits for the window's width (a moment), so that its charts are built,
        # sent and drawn once, for that width; the width's report runs the page again (viewport.py).
        st.caption(viewport.WAITING)
        st.stop()


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
    warnings = [*present.warnings, *result.warnings]
    # A corrected link's warnings stay while the address bar shows the link it was corrected to: the
    # reruns that follow (the window's width arriving, the rewritten address) change nothing the
    # reader chose and must not hide why the link changed. A link opens a session of its own.
    here = (st.session_state.get("_page_title"), sorted(result.query.items()))
    if warnings:
        st.session_state[_WARNED] = (here, warnings)
        for warning in warnings:
            log.warning("bad link parameter: %s", warning)
    elif (kept := st.session_state.get(_WARNED)) and kept[0] == here and _url() == _listed(result.query):
        warnings = kept[1]
    else:
        st.session_state.pop(_WARNED, None)
    for warning in warnings:
        # Warnings quote what the link said: escaped, so a link cannot add Markdown to the page.
        st.warning(text.escape_markdown(warning), icon="⚠️")
    exports_ui.set_view(result.query)
    st.session_state[_PAGE_VIEW] = result.query
    given = _url()
    # A link the page had to correct is rewritten whole. A valid one keeps only what it named (in
    # canonical form): writing the defaults it left out would push a second history entry for the
    # same view, so Back would seem to do nothing. Compared with every value of every key: a repeated
    # key is written back once.
    corrected = bool(result.warnings or present.warnings)
    wanted = result.query if corrected else {k: v for k, v in result.query.items() if k in given}
    if given != _listed(wanted):
        st.query_params.from_dict(wanted)
    if state.COUNTRY in result.params:
        st.session_state[_CHOSEN_COUNTRY] = result.values[state.COUNTRY]
    return result


def current_view(result: state.ReadResult) -> state.ReadResult:
    """The view as the address bar gives it now (`result`: read from it), inside a fragment
    (st.fragment: one part of the page, rerun alone when one of its controls changes; the control has
    written its new value into the address bar before). The exports' view (the link a CSV gives) takes
    the new values; what is not the page's own (presentation mode) is kept. The whole page runs
    instead when the change is one it must show: a value it had to correct (its warning, the link
    rewritten) or another country (every page's links carry it)."""
    whole = st.session_state.get(_PAGE_VIEW)
    changed = whole is not None and result.query != {k: v for k, v in whole.items() if k in result.params}
    if changed and (result.warnings or result.query.get(state.COUNTRY) != whole.get(state.COUNTRY)):
        st.rerun()  # the whole page (scope "app"), which reads the link as read_url does
    own = set(result.params)
    kept = {key: value for key, value in (exports_ui.live().query or {}).items() if key not in own}
    exports_ui.set_view({**result.query, **kept})
    return result


def _listed(query: dict[str, str]) -> dict[str, list[str]]:
    return {key: [value] for key, value in query.items()}


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


def set_param(key: str, text_value: str | None) -> None:
    """Write one URL parameter from code (buttons, map clicks); empty removes it."""
    if text_value:
        st.query_params[key] = text_value
    elif key in st.query_params:
        del st.query_params[key]
    if key == state.COUNTRY:
        st.session_state[_CHOSEN_COUNTRY] = text_value or None


def finish() -> None:
    """The end of every page: its export section in the sidebar."""
    title = st.session_state.get("_page_title", APP_TITLE)
    exports_ui.panel(package_meta(), title)
    timing.end()
    heap.settle(title, serving=viewport.browser_behind())  # once per page (src/web/heap.py)
