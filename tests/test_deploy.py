"""Two Streamlit replicas behind Debian's nginx (deploy/nginx.py), and eight real browser sessions open together.

What a reader would notice if the deployment were wrong: a page that never finishes (its WebSocket went to a
replica that does not hold its session), a download button that returns nothing (the file lives in another
replica's memory), or an error after a replica dies. nginx's access log names, for every request, the
replica that served it and the browser it came from (each browser context sends an X-Test-Session header).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deploy import nginx
from scripts import serve
from scripts.serve import CHROMIUM
from tests.browser import CHARTS_DRAWN, READY
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.deploy, pytest.mark.timeout(900)]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="Debian's nginx is not installed (make test installs it)"
)
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"Debian's Chromium is not at {CHROMIUM}"
)
DEPLOY = serve.ROOT / "deploy"

# The few selectors this test relies on (Streamlit's test ids; update here if the pages change).
TITLE = '[data-testid="stMain"] h1'
ERROR = '[data-testid="stException"]'
DOWNLOAD = "Download this table (CSV)"  # the download button's label on the arms page

# Each page and how many Plotly charts it draws by default.
PAGES: list[tuple[str, int]] = [
    ("/", 0),
    ("/Arms_suppliers", 1),
    ("/Coups", 1),
    ("/Exercises", 1),
    ("/Interventions", 1),
]
TIMEOUT_MS = 180_000  # two cores shared with other work: generous, never a measure
LOADING = 3  # browsers loading a page at the same time


class AccessLog:
    """nginx's access log, read as nginx writes it: the log is a FIFO (made before nginx starts) that a
    thread reads line by line, so a test waits on a condition for the lines it needs (no polling)."""

    def __init__(self, path: Path):
        os.mkfifo(path)
        self.path, self.lines, self.changed = path, [], threading.Condition()
        self.closing = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.closing:  # `nginx -t` opens and closes the log too: read each writer in turn
            with open(self.path, encoding="utf-8") as fifo:  # waits for a writer
                for line in fifo:
                    with self.changed:
                        self.lines.append(line.rstrip("\n"))
                        self.changed.notify_all()

    def wait_for(self, done: Callable[[list[str]], bool], timeout_s: float) -> list[str]:
        """The lines once `done(lines)` holds, or when `timeout_s` is up."""
        with self.changed:
            self.changed.wait_for(lambda: done(self.lines), timeout=timeout_s)
            return list(self.lines)

    def close(self) -> None:
        self.closing = True
        with contextlib.suppress(OSError):  # no reader waiting: the thread has ended or will
            os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))  # ends a reader waiting for a writer
        self.thread.join(timeout=5)


@contextlib.contextmanager
def nginx_in_front(replicas: list[str], folder: Path) -> Iterator[tuple[str, AccessLog]]:
    """Debian's nginx on a free loopback port in front of `replicas`, all its files in `folder`: its origin,
    and its access log read as it is written."""
    port = serve.free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx.standalone(nginx.render(replicas, listen=f"127.0.0.1:{port}")))
    command = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    log = AccessLog(folder / "access.log")
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with (folder / "nginx.out").open("w") as out:
        process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
        try:
            origin = f"http://127.0.0.1:{port}"
            serve.wait_healthy(f"{origin}/_stcore/health", process, 30, "nginx")
            yield origin, log
        finally:
            serve.stop(process)
            log.close()


def served_by(header: str | None) -> str | None:
    """The replica that answered: the last address nginx tried (X-Upstream lists every one it tried)."""
    return header.split(",")[-1].strip() if header else None


def rendered(page, charts: int) -> None:
    """Until the page's title is shown, `charts` Plotly charts are drawn and the script has finished."""
    page.wait_for_selector(TITLE, timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, state="attached", timeout=TIMEOUT_MS)


def start_browsing(browser, origin: str, label: str, step: int, cookie: str | None) -> dict:
    """One browser (its own context, so its own cookies) starts opening page `step` by its link."""
    path, charts = PAGES[step % len(PAGES)]
    context = browser.new_context(
        extra_http_headers={"X-Test-Session": label}, viewport={"width": 1400, "height": 1000}
    )
    if cookie:
        context.add_cookies([{"name": nginx.COOKIE, "value": cookie, "url": origin}])
    page = context.new_page()
    seen: dict = {"label": label, "path": path, "charts": charts, "upstreams": set(), "errors": []}
    seen |= {"download": None, "context": context, "page": page}
    page.on("response", lambda r: seen["upstreams"].add(served_by(r.headers.get("x-upstream"))))
    try:
        page.goto(origin + path, wait_until="commit", timeout=TIMEOUT_MS)
    except Exception as exc:
        raise AssertionError(f"browser {label} at {page.url}: {exc}") from exc
    return seen


def finish_browsing(seen: dict) -> None:
    """Until the browser's page has rendered; on the arms page, download the table; its page left open."""
    page, context = seen["page"], seen["context"]
    try:
        rendered(page, seen["charts"])
        if seen["path"] == "/Arms_suppliers":
            with page.expect_download(timeout=TIMEOUT_MS) as info:
                page.get_by_role("button", name=DOWNLOAD).click()
            seen["download"] = Path(info.value.path()).read_text(encoding="utf-8")
        page.screenshot(path=str(ARTIFACTS / f"deploy-{seen['label']}.png"))
        seen["cookie"] = {c["name"]: c["value"] for c in context.cookies()}.get(nginx.COOKIE)
    except Exception as exc:
        page.screenshot(path=str(ARTIFACTS / f"deploy-{seen['label']}-failed.png"))
        raise AssertionError(f"browser {seen['label']} at {page.url}: {exc}") from exc
    seen["upstreams"].discard(None)


def sessions(browser, origin: str, browsers: list[tuple[str, int, str | None]]) -> list[dict]:
    """Browsers (label, page, cookie to start with) all open at once; each starts loading its page once
    the browser LOADING places before it has rendered (two cores drawing eight Plotly maps at once
    measure the machine, not the deployment)."""
    results: list[dict] = []
    try:
        for number, spec in enumerate(browsers):
            if number >= LOADING:
                finish_browsing(results[number - LOADING])
            results.append(start_browsing(browser, origin, *spec))
        for seen in results[max(0, len(results) - LOADING) :]:
            finish_browsing(seen)
        # All open together: each page still shows its finished run, with no error from the others.
        for seen in results:
            seen["page"].wait_for_selector(READY, state="attached", timeout=TIMEOUT_MS)
            seen["errors"] += seen["page"].locator(ERROR).all_inner_texts()
        return results
    finally:
        for seen in results:
            seen.pop("context").close()  # closes each WebSocket, so nginx logs it
            del seen["page"]


def access_log(lines: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Per browser label: (request, replica) for every request nginx logged."""
    by_session: dict[str, list[tuple[str, str]]] = defaultdict(list)
    pattern = re.compile(
        r'"(?P<request>[^"]*)" \d+ cookie=\S* upstream=(?P<upstream>.*) session=(?P<label>\S+)$'
    )
    for line in lines:
        if (match := pattern.search(line)) and match["label"] != "-":
            by_session[match["label"]].append((match["request"], served_by(match["upstream"]) or "-"))
    return by_session


def streams_logged(
    log: AccessLog, labels: list[str], timeout_s: float = 30
) -> dict[str, list[tuple[str, str]]]:
    """The access log once it holds every browser's WebSocket, or when `timeout_s` is up. nginx writes a
    WebSocket's line when the socket closes, a moment after the browser has closed it: each line is
    read as nginx writes it, until the lines are there (not after a fixed wait)."""

    def done(lines: list[str]) -> bool:
        logged = access_log(lines)
        return all(any("/_stcore/stream" in request for request, _ in logged[label]) for label in labels)

    return access_log(log.wait_for(done, timeout_s))


def assert_each_page_worked(results: list[dict]) -> None:
    for seen in results:
        assert not seen["errors"], seen
        if seen["path"] == "/Arms_suppliers":
            # Served from the memory of the replica that ran the script: only there if the session stuck.
            # (After the provenance header every CSV download opens with: see src/export/core.py.)
            assert seen["download"] and "\nCountry,ISO3," in seen["download"], seen["download"]


def test_the_committed_configuration_is_what_the_renderer_writes():
    replicas = [f"127.0.0.1:{port}" for port in (8501, 8502, 8503)]
    assert (DEPLOY / "nginx.conf").read_text() == nginx.render(replicas, listen="80"), (
        "deploy/nginx.conf is stale: python -m deploy.nginx --replica 127.0.0.1:8501 --replica 127.0.0.1:8502 "
        "--replica 127.0.0.1:8503 > deploy/nginx.conf"
    )
    with pytest.raises(ValueError, match="host:port"):
        nginx.render(["8501"])
    with pytest.raises(ValueError, match="twice"):
        nginx.render(["127.0.0.1:8501", "127.0.0.1:8501"])


@needs_nginx
def test_nginx_accepts_the_committed_configuration(tmp_path):
    conf = tmp_path / "nginx.conf"
    # On a free port: the committed file listens on 80, which a test may not bind.
    site = (DEPLOY / "nginx.conf").read_text().replace("listen 80;", f"listen 127.0.0.1:{serve.free_port()};")
    conf.write_text(nginx.standalone(site))
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_image_copies_files_that_exist_and_installs_chromium():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    sources = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")]
    assert {"requirements.txt", "app.py", "pages/", "src/", "data/", "static/"} <= set(sources), sources
    for source in sources:
        assert (serve.ROOT / source).exists(), source
    packages = (DEPLOY / "packages.txt").read_text().split()
    assert "chromium" in packages, packages  # kaleido's browser for the PNG and SVG exports
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", p) for p in packages), (
        packages
    )  # names only, no comments


@pytest.mark.browser
@needs_nginx
@needs_chromium
def test_replicas_behind_nginx_keep_each_browser_on_one_and_survive_losing_one(browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    ports = [serve.free_port(), serve.free_port()]
    while ports[1] == ports[0]:
        ports[1] = serve.free_port()
    replicas = [f"127.0.0.1:{port}" for port in ports]
    folder = tmp_path / "nginx"
    folder.mkdir()
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(serve.streamlit_server(ARTIFACTS / f"replica-{port}.log", port=port))
            for port in ports
        ]
        origin, nginx_log = stack.enter_context(nginx_in_front(replicas, folder))

        # Eight browsers, on every page in turn.
        first = sessions(browser, origin, [(f"s{i}", i, None) for i in range(8)])
        assert_each_page_worked(first)
        for seen in first:
            assert len(seen["upstreams"]) == 1, seen  # every HTTP response from one replica
            replica = next(iter(seen["upstreams"]))
            assert seen["cookie"] == nginx.replica_names(2)[replicas.index(replica)], seen
        per_replica = {r: sum(next(iter(s["upstreams"])) == r for s in first) for r in replicas}
        assert per_replica == {replicas[0]: 4, replicas[1]: 4}, per_replica  # round-robin for new browsers

        # nginx logs a WebSocket when it closes: every browser's stream went to the replica of its pages.
        logged = streams_logged(nginx_log, [seen["label"] for seen in first])
        for seen in first:
            requests = logged[seen["label"]]
            assert any("/_stcore/stream" in request for request, _ in requests), requests
            assert {replica for _, replica in requests} == seen["upstreams"], requests

        # The first replica (r1) dies: new browsers, and one whose cookie names r1, carry on.
        dead, alive = servers[0], replicas[1]
        serve.stop(dead.process)
        after = sessions(browser, origin, [("n1", 1, None), ("n2", 2, None), ("o1", 3, "r1")])
        assert_each_page_worked(after)
        for seen in after:
            assert seen["upstreams"] == {alive}, seen
            assert seen["cookie"] == nginx.replica_names(2)[1], seen  # the cookie moved to the live replica

    for port in ports:
        log = (ARTIFACTS / f"replica-{port}.log").read_text()
        assert not re.search(r"Traceback|Exception|\bERROR\b", log), log[-3000:]
