"""Shared fixtures: the validated tables, the arms view, helpers to read Plotly specs, and the one
Streamlit server and one Chromium that every browser test of the session shares (tests/browser.py)."""

from __future__ import annotations

import base64
import json
import logging
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from src.analysis import arms
from src.data import loader as data
from src.data.meta import Meta

ROOT = Path(__file__).resolve().parent.parent
# The raw reference datasets, beside the project (only the re-derivation test reads them).
REFERENCE = Path(os.environ.get("DASHBOARD_REFERENCE_DIR") or ROOT.parent / "shared" / "reference")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    return data.load_tables()


@pytest.fixture(scope="session")
def meta() -> Meta:
    return Meta(data.read_descriptor())


@pytest.fixture(scope="session")
def view(tables: dict[str, pd.DataFrame], meta: Meta) -> pd.DataFrame:
    return arms.transfers_view(tables, meta.region_flags())


@pytest.fixture(scope="session")
def labels(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    return arms.actor_labels(tables)


RUN_LOG = ARTIFACTS / "server-runs.jsonl"  # the shared server's script runs (src/web/timing.py)


# One server and one browser for every browser test of the session (a server and a browser per module
# started about eleven servers a run). Each test still gets its own browser context, so its own
# Streamlit session; only a test that needs a server of another kind (broken data, a fresh process,
# replicas) starts its own, with tests.browser.streamlit_server.
@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The shared server; it logs each script run to RUN_LOG (a line per run, with the reader's
    `bench_client` cookie), so that a test can count the runs its own clicks caused."""
    from tests.browser import streamlit_server

    ARTIFACTS.mkdir(exist_ok=True)
    RUN_LOG.write_text("")
    with streamlit_server(env={"BENCH_RUNLOG": str(RUN_LOG)}) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from scripts.serve import CHROMIUM
    from tests.browser import chromium

    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's Chromium is not at {CHROMIUM}")
    with chromium() as launched:
        yield launched


def app_test(page: str | None = None, timeout: float = 120) -> Any:
    """A page in Streamlit's AppTest, not run yet (set its query, then run it). The page is chosen
    before the first run, so it opens alone, as from a reader's link: the overview (app.py) is not
    run first, which saved about 0.1 s per page opened. AppTest.from_file(page) cannot open it: the
    page becomes the entry point, and the sidebar's st.page_link("app.py") (ui.setup_page, on every
    page) then fails with StreamlitPageNotFoundError, since page paths are relative to the entry point."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if page:
        at.switch_page(page)
    return at


def decode(value: Any) -> Any:
    """Plotly sends numbers as typed arrays ({'dtype': 'f8', 'bdata': base64}); turn them into lists."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def figure_spec(fig_or_json: Any) -> dict[str, Any]:
    """The figure as plain JSON (lists, not typed arrays), from a Figure or a spec string."""
    text = fig_or_json if isinstance(fig_or_json, str) else fig_or_json.to_json()
    return decode(json.loads(text))


def trace(spec: dict[str, Any], name_starts: str) -> dict[str, Any]:
    found = [t for t in spec["data"] if str(t.get("name", "")).startswith(name_starts)]
    assert found, f"no trace named {name_starts!r} in {[t.get('name') for t in spec['data']]}"
    return found[0]


def all_text(spec: dict[str, Any]) -> str:
    """Title, subtitle and annotations: everything a screenshot shows as words."""
    title = spec["layout"].get("title", {})
    parts = [title.get("text", ""), title.get("subtitle", {}).get("text", "")]
    parts += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    return "\n".join(parts).replace("<br>", " ")  # wrapped lines read as one


class _TableReader(HTMLParser):
    """Reads static tables (src/web/tables.py) as a browser shows them: each cell's text, and every
    tag met, so that a test can tell text from markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[pd.DataFrame] = []
        self.tags: set[str] = set()
        self._key, self._rows, self._cell = "", [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        classes = (dict(attrs).get("class") or "").split()
        self._key = next(
            (c.removeprefix("st-table-") for c in classes if c.startswith("st-table-")), self._key
        )
        if tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(self._cell)
            self._cell = None
        elif tag == "table":
            header, *rows = self._rows
            frame = pd.DataFrame(rows, columns=header, dtype=object)
            frame.attrs["key"] = self._key
            self.tables.append(frame)
            self._rows = []


def static_tables(at: Any) -> list[pd.DataFrame]:
    """A page's static tables (HTML, src/web/tables.py) as a reader reads them: every cell its text,
    as a string; each frame's attrs["key"] is the table's name."""
    reader = _TableReader()
    for element in at.html:
        if "<table" in element.value:
            reader.feed(element.value)
    return reader.tables


def static_table(at: Any, column: str) -> pd.DataFrame:
    """The one static table on the page with `column`."""
    (found,) = [t for t in static_tables(at) if column in t.columns]
    return found


@pytest.fixture()
def src_log(caplog):
    """The app's log ('src' does not propagate to the root logger once a page has set it up)."""
    logger = logging.getLogger("src")  # ui.setup_page stops its propagation to the root logger
    logger.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)


def shows_footnote(text: str, number: int) -> bool:
    """Whether `text` shows footnote `number` as a number of its own, not inside another number: a TIV
    of 112.0, a share of 3.112, 1,112 or a year 2112 do not show footnote 112. Tables in `text` must
    separate their cells with tabs (see table_text), not commas."""
    return re.search(rf"(?<![\d.,]){number}(?!\d|[.,]\d)", text) is not None


def table_text(frame: Any) -> str:
    """A table as text, cells separated by tabs (a comma between two cells would join their numbers)."""
    return frame.to_csv(index=False, sep="\t")


@pytest.fixture()
def data_from(monkeypatch) -> Iterator[Any]:
    """Point the app at another data folder, with Streamlit's caches emptied before and after."""

    import streamlit as st

    def use(folder: Path) -> None:
        monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
        st.cache_data.clear()
        st.cache_resource.clear()

    yield use
    st.cache_data.clear()
    st.cache_resource.clear()
