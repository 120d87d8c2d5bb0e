"""Static tables as HTML made on the server (src/web/tables.py): what a reader reads in each cell."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from src.web import tables
from tests.conftest import app_test, static_tables


class _Page:
    """What static_tables reads: the page's st.html elements."""

    def __init__(self, *bodies: str) -> None:
        self.html = [type("Html", (), {"value": body})() for body in bodies]


def read(frame: pd.DataFrame, key: str = "t") -> pd.DataFrame:
    (shown,) = static_tables(_Page(tables.html_table(frame, key, "A table")))
    return shown


def test_every_cell_reads_as_its_text_whatever_it_holds():
    text = "<b>bold</b> & [link](http://evil.example) \"quoted\" 'single' *star* $x$ :red[red]"
    frame = pd.DataFrame({"Country": [text, "Mali"], "Said": ["a < b > c", "São Tomé and Príncipe"]})
    body = tables.html_table(frame, "t", "A table")
    assert read(frame).values.tolist() == frame.values.tolist()
    assert "<b>" not in body and "&lt;b&gt;bold&lt;/b&gt;" in body
    assert set(re.findall(r"<([A-Za-z][\w-]*)", body)) <= {
        "style",
        "div",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }


def test_headers_are_the_columns_and_missing_values_are_empty_cells():
    frame = pd.DataFrame(
        {
            "Footnote": pd.array([124, None], dtype="Int64"),
            "Also see": ["", None],
            "Share": [0.5, float("nan")],
        }
    )
    shown = read(frame)
    assert list(shown.columns) == ["Footnote", "Also see", "Share"]
    assert shown.values.tolist() == [["124", "", "0.5"], ["", "", ""]]  # 124, not 124.0; NA as nothing


def test_a_column_of_decimals_shows_each_with_the_decimals_its_most_precise_value_needs():
    frame = pd.DataFrame(
        {
            "Share (%)": [47.2, 0.0, None],
            "TIV": [216.3, 1595.52, 3.0],
            "Whole": [1.0, 2.0, 3.0],
            "Fine": [0.123456, 1.0, 2.5],
        }
    )
    shown = read(frame)
    assert list(shown["Share (%)"]) == ["47.2", "0.0", ""]
    assert list(shown["TIV"]) == ["216.30", "1595.52", "3.00"]
    assert list(shown["Whole"]) == ["1", "2", "3"]
    assert list(shown["Fine"]) == ["0.1235", "1.0000", "2.5000"]  # at most four, as Streamlit's grid


def test_numbers_are_right_aligned_and_text_is_not():
    body = tables.html_table(
        pd.DataFrame({"Actor": ["CSTO"], "Footnote": pd.array([112], dtype="Int64")}), "t", "x"
    )
    assert '<th scope="col" class="number"><div>Footnote</div></th>' in body
    assert '<td class="number"><div>112</div></td>' in body and "<td><div>CSTO</div></td>" in body


def test_short_columns_keep_one_line_and_long_text_wraps():
    frame = pd.DataFrame({"Date": ["2021-03-31"], "What the report says": ["x" * 40], "ISO3": ["NER"]})
    body = tables.html_table(frame, "coup_events", "x")
    nowrap = re.findall(r"\.st-table-coup_events td:nth-child\((\d)\) > div \{ white-space: nowrap; \}", body)
    assert nowrap == ["1", "3"]


def test_the_table_is_named_for_screen_readers_and_its_box_can_be_reached_by_keyboard():
    body = tables.html_table(pd.DataFrame({"A": ["1"]}), "claims table: Russia", 'The claims about "Russia"')
    assert 'class="static-table st-table-claims-table--Russia"' in body
    assert 'role="region" tabindex="0" aria-label="The claims about &quot;Russia&quot;"' in body


@pytest.mark.parametrize(
    ("page", "column"),
    [
        ("pages/2_Coups.py", "Recorded by"),
        ("pages/3_Exercises.py", "Exercises"),
        ("pages/4_Interventions.py", "What the report says (paraphrased)"),
        ("pages/5_Report_vs_data.py", "Verdict"),
    ],
)
def test_the_pages_static_tables_are_html_not_markdown(page, column):
    """No st.table is left on these pages: it had the browser parse every cell as Markdown."""
    at = app_test(page).run()
    assert not at.exception and not at.table
    assert [t for t in static_tables(at) if column in t.columns]


@pytest.mark.parametrize(
    "page",
    [
        "pages/1_Arms_suppliers.py",
        "pages/3_Exercises.py",
        "pages/4_Interventions.py",
        "pages/5_Report_vs_data.py",
    ],
)
def test_pages_whose_tables_are_all_small_load_no_data_grid(page):
    """Only a long table a reader sorts or searches (a trade register) is a data grid."""
    at = app_test(page).run()
    assert not at.exception and not at.dataframe and static_tables(at)


def test_the_coups_page_loads_no_data_grid():
    """Every table on the Coups page is small (the events, and the numbers behind the map and the regime
    strip): as HTML, the page needs no data grid, whose code the browser would otherwise load and
    evaluate on every load (bench/FINDINGS.md)."""
    at = app_test("pages/2_Coups.py").run()
    assert not at.exception and not at.dataframe
    keys = [t.attrs["key"] for t in static_tables(at)]
    assert keys == ["coup_map_numbers", "regime_strip_numbers", "coup_events"]
    numbers = {t.attrs["key"]: t for t in static_tables(at)}["coup_map_numbers"]
    assert "Successful coups (P&T)" in numbers.columns and "Mali" in set(numbers["Country"])
