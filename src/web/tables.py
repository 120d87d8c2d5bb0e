"""Small tables as HTML made on the server: a page's static tables (st.html), drawn as Streamlit draws
its own static table, without its Markdown.

st.table renders every cell as Markdown in the browser: on the Coups page, about an eighth of a filter
change's longest task was Streamlit's Markdown parser going through the events table's 180 cells, and
an HTML table skipped it (bench/FINDINGS.md). Here every cell is text, escaped once on the server:
whatever the data holds shows as written, never as markup or a link."""

from __future__ import annotations

import html
import re
from numbers import Integral

import numpy as np
import pandas as pd

SHORT_CELL = 12  # characters: a column whose cells are all this short keeps each on one line
MAX_DECIMALS = 4  # as Streamlit's data grid shows a decimal at most

# Streamlit's static table in this theme, as Chromium computes it (14 px text, 21 px lines, 1 px
# borders in the theme's table colour, 4 × 6 px padding, headers at 70 % of the text colour, cells
# of long text wrapped at 400 px). Shared by every static table: the page's CSS (src/web/page.py).
CSS = """
.static-table { border: 1px solid rgb(232, 229, 226); border-radius: 0.5rem; overflow: auto;
  max-width: 100%; font-size: 0.875rem; line-height: 1.5; }
.static-table table { border-spacing: 0; border-collapse: separate; min-width: 100%; margin: 0;
  font-size: inherit; color: inherit; }
.static-table th, .static-table td { padding: 0.25rem 0.375rem; border: none;
  border-right: 1px solid rgb(232, 229, 226); border-bottom: 1px solid rgb(232, 229, 226);
  vertical-align: middle; white-space: nowrap; text-align: left; font-weight: 400; }
.static-table th { color: rgba(18, 18, 18, 0.7); padding-left: 0.5rem; }
.static-table tr > :last-child { border-right: none; }
.static-table tbody tr:last-child > * { border-bottom: none; }
.static-table th > div, .static-table td > div { display: inline-block; width: fit-content;
  max-width: 400px; white-space: normal; overflow-wrap: normal; vertical-align: top; }
.static-table .number { text-align: right; }
"""


def html_table(frame: pd.DataFrame, key: str, label: str, missing: str = "") -> str:
    """The table as one HTML fragment for st.html: a scrolling box named `label` for screen readers
    (a phone's narrow table scrolls sideways in it, and the keyboard can reach it) holding the table,
    cells escaped, numbers right-aligned, NA cells `missing` (empty by default). A column of decimals
    shows each with the same number of decimals, as many as its most precise value needs (up to
    MAX_DECIMALS): 47.2 and 0.0, not 47.2 and 0. Short columns (dates, codes, counts) keep each cell
    on one line: a date broken at its hyphen misreads. `key` names the table (its class, for tests and
    for its own CSS)."""
    name = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    numbers = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame
    ]
    cells = [_column_text(frame[column], missing) for column in frame.columns]
    short = [max((len(c) for c in column), default=0) <= SHORT_CELL for column in cells]
    rules = [
        f".st-table-{name} td:nth-child({i}) > div {{ white-space: nowrap; }}"
        for i, keep in enumerate(short, start=1)
        if keep
    ]
    head = "".join(
        f'<th scope="col"{_class(n)}><div>{html.escape(str(c))}</div></th>'
        for c, n in zip(frame.columns, numbers, strict=True)
    )
    classes = [_class(n) for n in numbers]
    rows = "".join(
        "<tr>"
        + "".join(f"<td{k}><div>{html.escape(v)}</div></td>" for k, v in zip(classes, row, strict=True))
        + "</tr>"
        for row in zip(*cells, strict=True)
    )
    style = f"<style>{' '.join(rules)}</style>" if rules else ""
    return (
        f'{style}<div class="static-table st-table-{name}" role="region" tabindex="0" '
        f'aria-label="{html.escape(label)}">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _class(number: bool) -> str:
    return ' class="number"' if number else ""


def _column_text(column: pd.Series, missing: str) -> list[str]:
    if pd.api.types.is_float_dtype(column):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        shown = values[~np.isnan(values)]
        decimals = next(
            (
                d
                for d in range(MAX_DECIMALS)
                if np.allclose(shown * 10**d, np.round(shown * 10**d), rtol=0, atol=1e-6)
            ),
            MAX_DECIMALS,
        )
        return [missing if np.isnan(v) else f"{v:.{decimals}f}" for v in values]
    return [_cell_text(v, missing) for v in column]


def _cell_text(value: object, missing: str) -> str:
    if not isinstance(value, str) and pd.isna(value):  # type: ignore[arg-type]
        return missing
    if isinstance(value, Integral) and not isinstance(value, bool):
        return str(int(value))  # a numpy or pandas integer: 124, never 124.0
    return str(value)
