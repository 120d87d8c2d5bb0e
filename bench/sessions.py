"""Headless Streamlit sessions: the browser's side of the WebSocket protocol, without a browser.

A session connects to /_stcore/stream, asks for a page with a query string (as a browser does on
a link), and reads the server's messages until the script run has finished. The server does the
same work as for a browser (run the script, serialize every element), but the client costs almost
nothing, so 16 of them on two cores measure the server, not 16 renderers. Each run also reports
what it sent: messages, bytes, and each element's type and size (a Plotly chart's JSON spec).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Element:
    kind: str  # the Element field: plotly_chart, dataframe, markdown, ...
    bytes: int  # the whole ForwardMsg on the wire
    spec_bytes: int = 0  # plotly_chart: its figure JSON
    spec: str | None = None  # the JSON itself, when asked for (Session.run(keep_specs=True))


@dataclass
class Run:
    page: str
    query: str
    seconds: float = 0.0  # client-side, from request to script_finished
    messages: int = 0
    bytes: int = 0
    elements: list[Element] = field(default_factory=list)
    runs: int = 0  # script runs seen (a run that reruns itself counts twice)
    page_info_changes: int = 0  # query-string writes sent to the browser
    query_after: str | None = None  # the query string the server last asked the browser to show


class Session:
    """One connected session; `await session.run(page, query)` for each page view."""

    def __init__(self, ws: ClientConnection):
        self.ws = ws

    @classmethod
    async def open(cls, origin: str) -> Session:
        url = origin.replace("http", "ws", 1) + "/_stcore/stream"
        ws = await connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60)  # type: ignore[list-item]
        return cls(ws)

    async def close(self) -> None:
        await self.ws.close()

    async def run(self, page: str, query: str = "", timeout_s: float = 300, keep_specs: bool = False) -> Run:
        """Ask for `page` ("" for the main page, else e.g. "Arms_suppliers") with `query`, and
        read until the run (and any rerun it asks for) has finished."""
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        back.rerun_script.context_info.timezone = "UTC"
        back.rerun_script.context_info.locale = "en-GB"
        result = Run(page, query)
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        async with asyncio.timeout(timeout_s):
            while True:
                data = await self.ws.recv()
                message = ForwardMsg()
                message.ParseFromString(data)
                result.messages += 1
                result.bytes += len(data)
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    result.runs += 1
                elif kind == "page_info_changed":
                    result.page_info_changes += 1
                    result.query_after = message.page_info_changed.query_string
                elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element
                    what = element.WhichOneof("type") or "?"
                    spec = element.plotly_chart.spec if what == "plotly_chart" else ""
                    kept = spec if keep_specs and spec else None
                    result.elements.append(Element(what, len(data), len(spec.encode()), kept))
                elif (
                    kind == "script_finished" and message.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN
                ):
                    break
        result.seconds = time.perf_counter() - start
        return result


async def view_pages(origin: str, views: list[tuple[str, str]], rounds: int = 1) -> list[Run]:
    """One session that opens each (page, query) in turn, `rounds` times, then closes."""
    session = await Session.open(origin)
    try:
        return [await session.run(page, query) for _ in range(rounds) for page, query in views]
    finally:
        await session.close()
