"""Charts on the page (the figure, its one-sentence summary, the table behind it), static tables, CSV
downloads, links to a country's profile."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from src.data import text
from src.figures import common as figure_layout
from src.figures import drawn, geo
from src.web import exports as exports_ui
from src.web import state, tables, viewport
from src.web.cache import Once, _tables, country_names, laid_out, package_meta
from src.web.page import PROFILE_PAGE


def profile_link(iso3: str | None, where: Any = None) -> None:
    """Under a selected country: a link to its country profile (nothing if none is selected)."""
    if not iso3:
        return
    # Today's countries from the cached names (a frame's index on every run cost more than the link).
    name = country_names().get(iso3) or str(_tables()["countries"].set_index("iso3")["name"].get(iso3, iso3))
    (where or st).page_link(
        PROFILE_PAGE,
        label=f"Country profile of {text.escape_markdown(name)} →",
        query_params={state.COUNTRY: iso3},
    )


def is_phone() -> bool:
    """Whether the page uses its one-column forms: a narrow window, whatever the device (see
    src/web/viewport.py; before the width is measured, a phone's user agent)."""
    return viewport.is_narrow(st.context.headers.get("User-Agent") or "")


class _Sent(go.Figure):
    """A laid-out figure as Streamlit sends it: its dict, made once per figure and width.

    Streamlit's chart asks a figure for its dict (`to_dict`) on every run that draws it: a deep copy of
    every property, about 1-1.7 ms a chart. A laid-out figure never changes, so its dict is made once
    and kept (shared read-only, src/web/cache.py) in this stand-in instead of the figure, which takes
    two to three times its memory. The stand-in is only for drawing the chart: its own properties are
    empty (not even a template), so nothing else may read them."""

    def __init__(self, sent: dict[str, Any]) -> None:
        super().__init__(layout={"template": {}})
        self._sent = sent

    def to_dict(self) -> dict[str, Any]:
        return self._sent


def _laid_out(fig: go.Figure) -> go.Figure:
    """What st.plotly_chart is given: the figure with its text laid out for the width it is drawn at
    in this window (measured, or before that a phone's width on a phone), as a `_Sent` stand-in; the
    figure as built (for a desktop window) otherwise."""
    if not figure_layout.is_framed(fig):
        return fig
    known = viewport.current()
    if known:
        width: int | figure_layout.Width = viewport.chart_width(fig.layout.meta["frame"]["width"], known)
    elif is_phone():
        width = figure_layout.PHONE
    else:
        return fig
    return laid_out(fig, width, _sent)  # made once per width: figures are shared (build)


def _sent(fig: go.Figure, width: int | figure_layout.Width) -> _Sent:
    """What the browser gets of `fig` laid out for `width`: computed and drawn once by the browser's
    Plotly, not twice (src/figures/drawn.py)."""
    return _Sent(drawn.for_browser(figure_layout.fit(fig, width)).to_dict())


def chart(
    fig: go.Figure,
    key: str,
    filename: str,
    *,
    selectable: bool = False,
    summary: str | None = None,
    table: pd.DataFrame | None = None,
    show_table: bool = False,
    once: Once | None = None,
) -> Any:
    """Render a figure with offline map shapes; with selectable, clicks come back as events.

    The chart joins the page's exports (with `table`, the numbers behind it); `summary`, one sentence
    computed from its data, is written under it for screen readers and for readers who prefer words;
    show_table adds the table in an expander where the page shows it nowhere else (with `once`, its
    HTML made once per view, as static_table's). The
    figure's text is laid out again for the width it is drawn at (Plotly does not wrap text)."""
    exports_ui.note_chart(fig, filename, table)
    if exports_ui.presenting():
        exports_ui.show_slide(fig, filename, package_meta())
        return None
    fig = _laid_out(fig)
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
            static_table(table, f"{key}_numbers", "The numbers behind this chart", once)
    return event


def static_table(
    frame: pd.DataFrame, key: str, label: str, once: Once | None = None, *, missing: str = ""
) -> None:
    """A small table drawn whole as HTML made on the server (src/web/tables.py): no grid to load
    (lighter pages, see bench/FINDINGS.md), no Markdown for the browser to parse, every cell's text
    shown as written, a missing value as `missing`. `key` names the table, `label` names it for screen
    readers; with `once` (ui.per_view), its HTML is made once per view."""
    if once:
        st.html(once(f"static table {key}", tables.html_table, frame, key, label, missing))
    else:
        st.html(tables.html_table(frame, key, label, missing))


@st.fragment  # the switch reruns only this part, not the page around it
def long_table(frame: pd.DataFrame, key: str, what: tuple[str, str] = ("delivery", "deliveries")) -> None:
    """A long table a reader sorts and searches (a trade register) as a data grid, drawn when the reader
    asks for it ("Show the 151 deliveries"). A page that draws no grid loads none of the grid's code
    (a third of what the profile's load took beyond the floor's: bench/FINDINGS.md).
    Like an expander's, the switch's state is the reader's, not part of the view's link. `what`: the
    rows' name, one and many."""
    if st.toggle(f"Show the {len(frame):,} {what[len(frame) != 1]}", key=f"{key}:shown"):
        st.dataframe(frame, hide_index=True, key=key)


def csv_download(
    frame: pd.DataFrame,
    label: str,
    file_stem: str,
    *,
    key: str,
    figure: go.Figure | None = None,
    about: tuple[str, str, str] | None = None,
) -> None:
    """A download button for a table, as <file_stem>.csv; with the chart it belongs to, the file
    opens with that chart's provenance (title, filters, sources, link: see src/export/tables.py);
    a table that is no one chart's gives `about` instead: (title, what it measures, source line)."""
    if exports_ui.presenting():
        return
    # Made when clicked, described as the view is then: a fragment's rerun may have changed the view
    # since this button was drawn outside it (exports_ui.Live).
    made = exports_ui.csv_maker(frame, figure, file_stem, package_meta(), about)
    # No rerun on a download: a rerun would drop the deferred files of the run before it (the
    # slides' PNG and SVG buttons), so the next button clicked would deliver nothing.
    st.download_button(label, made, file_name=f"{file_stem}.csv", mime="text/csv", key=key, on_click="ignore")
