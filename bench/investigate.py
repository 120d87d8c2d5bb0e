"""Where the pages' cost over the floor comes from: measurements behind bench/FINDINGS.md.

    python -m bench.investigate [server] [browser] [memory] [cache] [functions] [ablation] [imports] [release]

(no argument: all; `ablation:sidebar,widgets` runs only those cases and the floor's). Each section
prints what it found and adds it to bench/results/investigate.json.
Unlike bench.run these are not ratios to watch over time but counts, sizes and CPU times that say
why a ratio is what it is; most are independent of how busy the machine is.

- server: per page, the script run's CPU time (server's run log), what it sends (messages, bytes,
  elements by type, each Plotly figure's JSON and what in it is large), and a cProfile of the runs.
- browser: per page load in Chromium, the renderer's CPU time and its split (script, layout,
  style), DOM nodes, JS heap, bytes fetched by kind, WebSocket bytes, and where a sampled CPU
  profile spends its time (by script file and function).
- memory: the server's RSS step by step in a fresh process (imports, data, cached views).
- cache: what st.cache_data costs per call (it pickles results and unpickles a copy on each hit).
- functions: CPU time of the pieces of each page's run (data logic, figure builders, template).
- ablation: each part of a page alone in the browser (bench/ablation_app.py) against the floor.
- imports: the slowest imports of a cold start (python -X importtime).
- release: memory after 16 sessions close, with Streamlit's default disconnected-session TTL
  (120 s) and with a short one, to tell "kept for reconnection" from "never released"; and with
  glibc's malloc limited to 2 arenas (each script thread otherwise may get its own).
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import pickle
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import coldstart, concurrency
from bench.server import ROOT, floor_dir, runs, serve
from bench.sessions import Session

RESULTS = ROOT / "bench" / "results"
OUT = RESULTS / "investigate.json"
APP_PAGES = {"Overview": "", "Arms suppliers": "Arms_suppliers", "Coups": "Coups"}
APP_PAGES |= {"Exercises": "Exercises", "Interventions": "Interventions"}
URLS = {name: "/" + page for name, page in APP_PAGES.items()}


def ablation_app_cases() -> dict[str, str]:
    """The cases bench/ablation_app.py draws (read from its source: importing it would run it)."""
    import ast

    tree = ast.parse((ROOT / "bench" / "ablation_app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CASES":
            return ast.literal_eval(node.value)
    raise LookupError("CASES not found in bench/ablation_app.py")


def save(section: str, data: Any, merge: bool = False) -> None:
    found = json.loads(OUT.read_text()) if OUT.exists() else {}
    found[section] = (found.get(section, {}) | data) if merge else data
    OUT.write_text(json.dumps(found, indent=2, default=str) + "\n")


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


# server ------------------------------------------------------------------------------------------


def figure_breakdown(spec: str) -> dict[str, Any]:
    """Where a Plotly figure's JSON goes: per trace key (summed over traces) and layout."""
    figure = json.loads(spec)
    by_key: collections.Counter[str] = collections.Counter()
    for trace in figure.get("data", []):
        for key, value in trace.items():
            by_key[key] += len(json.dumps(value))
    layout = len(json.dumps(figure.get("layout", {})))
    return {
        "traces": len(figure.get("data", [])),
        "types": dict(collections.Counter(t.get("type", "scatter") for t in figure.get("data", []))),
        "layout_bytes": layout,
        "largest_keys": dict(by_key.most_common(6)),
    }


async def _server_views(origin: str, rounds: int) -> list[Any]:
    session = await Session.open(origin)
    try:
        out = []
        for _ in range(rounds):
            for name, page in APP_PAGES.items():
                out.append((name, await session.run(page)))
        return out
    finally:
        await session.close()


async def _floor_view(origin: str) -> Any:
    session = await Session.open(origin)
    try:
        return await session.run("")
    finally:
        await session.close()


def _specs(runlog: Path, env: dict[str, str]) -> dict[str, Any]:
    """Each page viewed a few times on a profiled server (BENCH_PROFILE); the figures of the last views."""

    async def views(origin: str) -> dict[str, Any]:
        session = await Session.open(origin)
        try:
            for _ in range(3):
                for page in APP_PAGES.values():
                    await session.run(page)
            return {name: await session.run(page, keep_specs=True) for name, page in APP_PAGES.items()}
        finally:
            await session.close()

    with serve("app.py", ROOT, RESULTS / "server-inv-app2.log", runlog, env=env) as srv:
        return asyncio.run(views(srv.origin))


def section_server(rounds: int = 4) -> dict[str, Any]:
    profiles = RESULTS / "profiles"
    for old in profiles.glob("*.prof"):
        old.unlink()
    runlog = RESULTS / "runs-investigate.jsonl"
    report: dict[str, Any] = {}
    with (
        floor_dir() as folder,
        serve("floor_app.py", folder, RESULTS / "server-inv-floor.log", runlog) as srv,
    ):
        asyncio.run(_floor_view(srv.origin))
        floor_run = asyncio.run(_floor_view(srv.origin))
        floor_cpu = [r["cpu_s"] for r in runs(runlog)][1:]
    report["floor"] = {"cpu_ms": round(1000 * statistics.median(floor_cpu), 1), "bytes": floor_run.bytes}
    report["floor"]["elements"] = dict(collections.Counter(e.kind for e in floor_run.elements))
    report["floor"]["figures"] = [e.spec_bytes for e in floor_run.elements if e.spec_bytes]
    # Timed without the profiler (it inflates CPU several times over); profiled on a second server.
    with serve("app.py", ROOT, RESULTS / "server-inv-app.log", runlog) as srv:
        views = asyncio.run(_server_views(srv.origin, rounds + 1))
        logged = runs(runlog)
    by_page: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for record in logged:
        by_page[record["page"]].append(record)
    scripts = {"Overview": "app.py"}
    for path in sorted((ROOT / "pages").glob("*.py")):
        for name, page in APP_PAGES.items():
            if page and path.stem.endswith(page):
                scripts[name] = path.name
    for name, run in views[-len(APP_PAGES) :]:
        records = by_page.get(scripts.get(name, "?"), [])[1:]  # the first run of each page is cold
        page = {
            "cpu_ms_median": round(1000 * statistics.median(r["cpu_s"] for r in records), 1)
            if records
            else None,
            "wall_ms_median": round(1000 * statistics.median(r["wall_s"] for r in records), 1)
            if records
            else None,
            "first_run_cpu_ms": round(1000 * by_page[scripts[name]][0]["cpu_s"], 1)
            if name in scripts
            else None,
            "messages": run.messages,
            "bytes": run.bytes,
            "runs_seen": run.runs,
            "query_written": run.query_after,
            "elements": dict(collections.Counter(e.kind for e in run.elements)),
            "figures": [e.spec_bytes for e in run.elements if e.spec_bytes],
        }
        report[name] = page
    # What in each figure is large.
    specs = _specs(runlog, {"BENCH_PROFILE": str(profiles)})
    report["figure_breakdown"] = {
        name: [figure_breakdown(e.spec) for e in run.elements if e.spec] for name, run in specs.items()
    }
    # Profiles: the functions with the most cumulative time, per page (runs added up).
    report["profile_top"] = {}
    for prof in sorted(profiles.glob("*.prof")):
        stats = pstats.Stats(str(prof))
        total = stats.total_tt  # type: ignore[attr-defined]
        rows = []
        for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            rows.append((ct, tt, f"{Path(file).parent.name}/{Path(file).name}:{line}({func})"))
        rows.sort(reverse=True)
        interesting = [
            (round(ct, 3), round(tt, 3), where)
            for ct, tt, where in rows
            if "/src/" in where
            or "src/" in where
            or "streamlit" in where
            or "plotly" in where
            or "pandas" in where
        ]
        report["profile_top"][prof.stem] = {"total_s": round(total, 3), "top": interesting[:40]}
    print_server(report)
    save("server", report)
    return report


def print_server(report: dict[str, Any]) -> None:
    print("\n## server: per page view (median of warm runs)")
    print(
        f"floor: CPU {report['floor']['cpu_ms']} ms, {kb(report['floor']['bytes'])}, figures {report['floor']['figures']}"
    )
    for name in APP_PAGES:
        page = report[name]
        print(
            f"{name}: CPU {page['cpu_ms_median']} ms (first run {page['first_run_cpu_ms']} ms), "
            f"{page['messages']} messages, {kb(page['bytes'])}, figure JSON {page['figures']}, "
            f"elements {page['elements']}"
        )
    for name, figures in report["figure_breakdown"].items():
        for figure in figures:
            print(f"  {name} figure: {figure}")


# browser -----------------------------------------------------------------------------------------

METRICS = ["ProcessTime", "ThreadTime", "TaskDuration", "ScriptDuration", "V8CompileDuration"]
METRICS += ["LayoutDuration", "RecalcStyleDuration", "LayoutCount", "RecalcStyleCount", "Nodes"]
METRICS += ["JSHeapUsedSize", "JSEventListeners"]
RESOURCES_JS = """() => performance.getEntriesByType('resource').map(e => ({
  name: e.name, type: e.initiatorType, transfer: e.transferSize, body: e.decodedBodySize,
  duration: e.duration}))"""


def _kind(url: str) -> str:
    if "/static/js/" in url or url.endswith(".js"):
        return "js"
    if "/app/static/" in url:
        return "map shapes"
    if url.endswith(".css") or "/static/css/" in url:
        return "css"
    if any(url.endswith(e) for e in (".woff2", ".woff", ".ttf")):
        return "fonts"
    return "other"


def section_browser(loads: int = 3) -> dict[str, Any]:
    from playwright import sync_api as pw

    from bench import run as bench_run
    from scripts.serve import CHROMIUM, CHROMIUM_ARGS

    args = bench_run.parse_args(["--quick", "--timeout", "180"])
    report: dict[str, Any] = {}

    def one_page(browser: Any, origin: str, name: str, path: str, runlog: Path) -> dict[str, Any]:
        result = bench_run.Result(name, path)
        context = bench_run.new_context(browser, origin, result)
        samples: list[dict[str, Any]] = []
        profile_by_url: collections.Counter[str] = collections.Counter()
        profile_by_fn: collections.Counter[str] = collections.Counter()
        try:
            for i in range(1 + loads):
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                ws_bytes = collections.Counter[str]()

                def on_websocket(ws: Any, counter: collections.Counter[str] = ws_bytes) -> None:
                    ws.on("framereceived", lambda payload: counter.update(bytes=len(payload)))

                page.on("websocket", on_websocket)
                profiling = i == loads  # the last load is also CPU-profiled (it slows the load down)
                if profiling:
                    cdp.send("Profiler.enable")
                    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
                    cdp.send("Profiler.start")
                before = len(runs(runlog))
                elapsed = bench_run.load(page, origin + path, result, args)
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                resources = page.evaluate(RESOURCES_JS)
                if profiling:
                    profile = cdp.send("Profiler.stop")["profile"]
                    _add_profile(profile, profile_by_url, profile_by_fn)
                if i:
                    by_kind: collections.Counter[str] = collections.Counter()
                    for entry in resources:
                        by_kind[_kind(entry["name"])] += entry["body"]
                    samples.append(
                        {
                            "load_s": elapsed,
                            "runs": len(runs(runlog)) - before,
                            "ws_bytes": ws_bytes["bytes"],
                            "resource_bytes": dict(by_kind),
                            "requests": len(resources),
                            "shapes": sorted(
                                {
                                    e["name"].rsplit("/", 1)[-1]
                                    for e in resources
                                    if _kind(e["name"]) == "map shapes"
                                }
                            ),
                        }
                        | {m: metrics.get(m) for m in METRICS}
                    )
                page.close()
        finally:
            context.close()
        median = {
            key: statistics.median(s[key] for s in samples)
            for key in ["load_s", "runs", "ws_bytes", "requests", *METRICS]
            if all(isinstance(s.get(key), int | float) for s in samples)
        }
        total = sum(profile_by_url.values()) or 1
        return {
            "median": median,
            "resource_bytes": samples[-1]["resource_bytes"] if samples else {},
            "shapes": samples[-1]["shapes"] if samples else [],
            "profile_ms_by_file": {k: round(v / 1000, 1) for k, v in profile_by_url.most_common(8)},
            "profile_ms_by_function": {k: round(v / 1000, 1) for k, v in profile_by_fn.most_common(15)},
            "profile_total_ms": round(total / 1000, 1),
            "errors": result.console_errors + result.http_errors + ([result.error] if result.error else []),
        }

    with pw.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=bench_run.NO_NETWORK
        )
        runlog = RESULTS / "runs-investigate.jsonl"
        with (
            floor_dir() as folder,
            serve("floor_app.py", folder, RESULTS / "server-inv-floor.log", runlog) as srv,
        ):
            report["floor"] = one_page(browser, srv.origin, "floor", "/", runlog)
        with serve("app.py", ROOT, RESULTS / "server-inv-app.log", runlog) as srv:
            for name, path in URLS.items():
                try:
                    report[name] = one_page(browser, srv.origin, name, path, runlog)
                except Exception as exc:  # noted; the other pages still run
                    print(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        browser.close()
    print_browser(report)
    save("browser", report)
    return report


def _add_profile(
    profile: dict[str, Any], by_url: collections.Counter[str], by_fn: collections.Counter[str]
) -> None:
    """Self time (µs) per script file and per function, from a CDP sampling profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    for sample, delta in zip(profile.get("samples", []), deltas, strict=False):
        frame = nodes[sample]["callFrame"]
        url = frame.get("url") or f"({frame.get('functionName') or 'native'})"
        short = url.rsplit("/", 1)[-1] or url
        by_url[short] += delta
        by_fn[f"{frame.get('functionName') or '(anonymous)'} @ {short}"] += delta


def print_browser(report: dict[str, Any]) -> None:
    print("\n## browser: per page load (median); CPU in ms of the renderer; bytes decoded")
    for name, page in report.items():
        m = page["median"]

        def ms(key: str, m: dict[str, Any] = m) -> str:
            value = m.get(key)
            return "-" if value is None else f"{1000 * value:.0f}"

        print(
            f"{name}: load {m.get('load_s', 0):.2f} s, process CPU {ms('ProcessTime')} ms, main thread "
            f"{ms('ThreadTime')} ms (script {ms('ScriptDuration')}, compile {ms('V8CompileDuration')}, layout "
            f"{ms('LayoutDuration')}, style {ms('RecalcStyleDuration')}), {m.get('Nodes', 0):.0f} nodes, "
            f"JS heap {m.get('JSHeapUsedSize', 0) / 2**20:.1f} MB, websocket {kb(m.get('ws_bytes', 0))}, "
            f"runs/load {m.get('runs')}"
        )
        print(
            f"   fetched: { {k: kb(v) for k, v in page['resource_bytes'].items()} }; shapes {page['shapes']}"
        )
        print(f"   profile by file: {page['profile_ms_by_file']}")
        print(f"   top functions: {dict(list(page['profile_ms_by_function'].items())[:8])}")


# ablation ----------------------------------------------------------------------------------------


def section_ablation(loads: int = 4, cases: list[str] | None = None) -> dict[str, Any]:
    """Each part of a page alone (bench/ablation_app.py), against the floor's map alone: load time
    and the renderer's CPU time (robust to a busy machine), medians of `loads` after a warm-up."""
    from playwright import sync_api as pw

    from bench import run as bench_run
    from scripts.serve import CHROMIUM, CHROMIUM_ARGS

    args = bench_run.parse_args(["--quick", "--timeout", "180"])
    report: dict[str, Any] = {}
    runlog = RESULTS / "runs-investigate.jsonl"
    env = {"PYTHONPATH": str(ROOT)}
    with (
        pw.sync_playwright() as playwright,
        floor_dir("ablation_app.py", with_pages=True) as folder,
        serve("ablation_app.py", folder, RESULTS / "server-inv-ablation.log", runlog, env=env) as srv,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=bench_run.NO_NETWORK
        )
        for case, what in ablation_app_cases().items():
            if cases and case not in cases and case != "floor":
                continue
            result = bench_run.Result(case, f"/?case={case}")
            context = bench_run.new_context(browser, srv.origin, result)
            samples = []
            try:
                for i in range(1 + loads):
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                    elapsed = bench_run.load(page, f"{srv.origin}/?case={case}", result, args)
                    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                    page.close()
                    if i:
                        samples.append(
                            (elapsed, metrics["ProcessTime"], metrics["ThreadTime"], metrics["Nodes"])
                        )
            except Exception as exc:  # noted; the other cases still run
                result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            finally:
                context.close()
            report[case] = {
                "what": what,
                "load_s": statistics.median(s[0] for s in samples) if samples else None,
                "process_cpu_s": statistics.median(s[1] for s in samples) if samples else None,
                "main_thread_cpu_s": statistics.median(s[2] for s in samples) if samples else None,
                "nodes": statistics.median(s[3] for s in samples) if samples else None,
                "plots": result.plots,
                "error": result.error,
            }
            print(case, report[case], flush=True)
        browser.close()
    floor = report["floor"]
    print("\n## ablation: each part alone, as ratios to the floor's map alone (renderer CPU is the steadier)")
    for case, value in report.items():
        if value["load_s"] is None:
            print(f"{case}: {value['error']}")
            continue
        load = value["load_s"] / floor["load_s"]
        cpu = value["process_cpu_s"] / floor["process_cpu_s"]
        value |= {"load_ratio": round(load, 2), "cpu_ratio": round(cpu, 2)}
        print(
            f"{case:22s} load {value['load_s']:.2f} s ({load:.2f}x)  renderer CPU {value['process_cpu_s']:.2f} s "
            f"({cpu:.2f}x)  main thread {value['main_thread_cpu_s']:.2f} s  {value['nodes']:.0f} nodes  "
            f"{value['what']}"
        )
    save("ablation", report, merge=bool(cases))
    return report


# memory ------------------------------------------------------------------------------------------

MEMORY_STEPS = r"""
import gc, json, re, sys, time
def rss():
    text = open('/proc/self/status').read()
    return int(re.search(r'VmRSS:\s+(\d+)', text).group(1)) / 1024
steps = [('python', rss())]
def step(name, code):
    exec(code, globals())
    gc.collect()
    steps.append((name, rss()))
step('import pandas', 'import pandas')
step('import plotly.graph_objects', 'import plotly.graph_objects')
step('import streamlit', 'import streamlit')
step('import pandera', 'import pandera.pandas')
step('import pycountry', 'import pycountry') if {pycountry} else None
step('import the app modules', 'import ' + {modules!r})
step('load_tables()', 'from src import data; tables = data.load_tables()')
step('transfers_view()', 'from src import arms; view = arms.transfers_view(tables)')
step('geo centroids + shapes', 'from src import geo; geo.centroids(); geo.shape_codes("africa"); geo.shape_codes("world")')
step('pickled copies (as st.cache_data keeps them)', 'import pickle; kept = [pickle.dumps(tables), pickle.dumps(view)]')
step('gc + malloc_trim(0): freed heap back to the OS', 'import ctypes; ctypes.CDLL("libc.so.6").malloc_trim(0)')
sizes = {{name: int(frame.memory_usage(deep=True).sum()) for name, frame in tables.items()}}
sizes['transfers_view'] = int(view.memory_usage(deep=True).sum())
print(json.dumps({{'steps': steps, 'table_bytes': sizes}}))
"""


def section_memory() -> dict[str, Any]:
    modules = ", ".join(coldstart.app_modules())
    uses_pycountry = any("pycountry" in p.read_text() for p in (ROOT / "src").rglob("*.py"))
    code = MEMORY_STEPS.format(modules=modules, pycountry=uses_pycountry)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    previous = 0.0
    print("\n## memory: RSS of a fresh process, step by step (MB; + what the step added)")
    for name, value in report["steps"]:
        print(f"{name:32s} {value:7.1f}  +{value - previous:6.1f}")
        previous = value
    total = sum(report["table_bytes"].values())
    print(
        f"tables in memory (deep): {kb(total)}; largest: "
        + ", ".join(
            f"{k} {kb(v)}" for k, v in sorted(report["table_bytes"].items(), key=lambda kv: -kv[1])[:5]
        )
    )
    save("memory", report)
    return report


# cache -------------------------------------------------------------------------------------------


def section_cache(repeat: int = 20) -> dict[str, Any]:
    """st.cache_data returns a fresh copy on every hit: it unpickles the stored bytes each call."""
    sys.path.insert(0, str(ROOT))
    from src.analysis import arms
    from src.data import loader as data

    tables = data.load_tables()
    view = arms.transfers_view(tables)
    report: dict[str, Any] = {}
    for name, value in (("tables (ui.tables)", tables), ("transfers view (ui.transfers_view)", view)):
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        start = time.perf_counter()
        for _ in range(repeat):
            pickle.loads(blob)
        per_call = (time.perf_counter() - start) / repeat
        cpu0 = time.thread_time()
        for _ in range(repeat):
            pickle.loads(blob)
        cpu = (time.thread_time() - cpu0) / repeat
        report[name] = {
            "pickle_bytes": len(blob),
            "unpickle_ms": round(per_call * 1000, 2),
            "unpickle_cpu_ms": round(cpu * 1000, 2),
        }
    # The same through Streamlit's cache, outside a script run (as AppTest would call it).
    print("\n## cache: what each st.cache_data hit costs (a fresh unpickled copy per call)")
    for name, value in report.items():
        print(
            f"{name}: {kb(value['pickle_bytes'])} pickled, {value['unpickle_ms']} ms per hit "
            f"(CPU {value['unpickle_cpu_ms']} ms)"
        )
    save("cache", report)
    return report


# imports -----------------------------------------------------------------------------------------


def section_imports(top: int = 25) -> dict[str, Any]:
    code = coldstart.app_code()
    report: dict[str, Any] = {}
    for name, snippet in (("bare", coldstart.BARE), ("app", code)):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", snippet],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        rows = []
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            head, cumulative_us, module = line.split("|", 2)
            self_us = int(head.split(":", 1)[1])
            rows.append((int(cumulative_us), self_us, module.rstrip()))
        top_level = [r for r in rows if not r[2].startswith("  ")]
        report[name] = {
            "total_ms": round(sum(r[0] for r in top_level) / 1000, 1),
            "top_level": [
                (round(c / 1000, 1), m.strip()) for c, _s, m in sorted(top_level, reverse=True)[:top]
            ],
        }
    bare = {m for _c, m in report["bare"]["top_level"]}
    report["app_only"] = [(c, m) for c, m in report["app"]["top_level"] if m not in bare]
    print("\n## imports: top-level imports of a cold start (cumulative ms, -X importtime; noisy)")
    print(f"bare total {report['bare']['total_ms']} ms; app total {report['app']['total_ms']} ms")
    print("app only:", report["app_only"][:15])
    cold = coldstart.measure(3)
    report["load_tables_share"] = {
        "bare_s": statistics.median(cold.bare_s),
        "app_s": statistics.median(cold.app_s),
    }
    load_only = subprocess.run(
        [sys.executable, "-c", coldstart.TIMED.format(code="from src import data; data.load_tables()").replace(
            "import time\n", "import time\n" + code.split("from src import data")[0])],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    report["load_tables_s"] = float(load_only.stdout.strip().splitlines()[-1].split()[0])
    report["cpu_s"] = {"bare": statistics.median(cold.bare_cpu_s), "app": statistics.median(cold.app_cpu_s)}
    print(
        f"cold start: bare {report['load_tables_share']['bare_s']:.2f} s, app {report['load_tables_share']['app_s']:.2f} s;"
        f" load_tables() alone after the imports: {report['load_tables_s']:.2f} s;"
        f" CPU: bare {report['cpu_s']['bare']:.2f} s, app {report['cpu_s']['app']:.2f} s"
    )
    save("imports", report)
    return report


# functions ---------------------------------------------------------------------------------------


def section_functions(repeat: int = 7) -> dict[str, Any]:
    """CPU time (thread_time, median) of what the pages call, with each page's default filters:
    the pieces of a script run, without cProfile's distortion. Follows the pages' calls as they
    were when this was written; a call that no longer fits is reported as n/a."""
    sys.path.insert(0, str(ROOT))
    import plotly.graph_objects as go
    import plotly.io as pio

    from src.analysis import arms, coups, interventions
    from src.analysis import claims as claims_
    from src.data import loader as data
    from src.data.meta import Meta
    from src.figures import arms as arms_figures
    from src.figures import common
    from src.figures import coups as coup_figures
    from src.figures import exercises as exercise_figures
    from src.figures import interventions as intervention_figures

    tables = data.load_tables()
    meta = Meta(data.read_descriptor())
    view = arms.transfers_view(tables)
    countries = tables["countries"]
    report: dict[str, Any] = {}

    def timed(name: str, call: Any) -> Any:
        try:
            value = call()
            cpu = []
            for _ in range(repeat):
                start = time.thread_time()
                call()
                cpu.append(time.thread_time() - start)
            report[name] = round(1000 * statistics.median(cpu), 1)
            return value
        except Exception as exc:  # the pages changed since: say so, go on
            report[name] = f"n/a ({type(exc).__name__}: {exc})"[:160]
            return None

    blob = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
    timed("cache hit: unpickle all tables (ui.tables)", lambda: pickle.loads(blob))
    labels = timed("arms.actor_labels", lambda: arms.actor_labels(tables)) or {}
    window = (2019, 2023)
    shares = timed(
        "arms.supplier_shares (China, 2019-2023, Africa)",
        lambda: arms.supplier_shares(view, countries, "China", *window, "africa"),
    )
    claim_rows = timed(
        "claims.claims_against_data (calls supplier_shares per claimed supplier)",
        lambda: claims_.claims_against_data(
            tables["report_arms_supplier_claims"], view, countries, labels, *window
        ),
    )
    timed(
        "figures.arms.build_supplier_share_map",
        lambda: arms_figures.build_supplier_share_map(
            shares, countries, claim_rows, supplier="China", supplier_label=labels.get("China", "China"),
            window=window, scope="africa", meta=meta,
        ),
    )  # fmt: skip
    coup_view = coups.coup_view(tables)
    events = coups.select_events(coup_view, 2020, 2023, include_failed=True)
    timed(
        "figures.coups.build_coup_timeline",
        lambda: coup_figures.build_coup_timeline(events, years=(2020, 2023), show_failed=True, meta=meta),
    )
    counts = coups.counts_by_country(events)
    timed(
        "figures.coups.build_coup_map",
        lambda: coup_figures.build_coup_map(
            counts, countries, mode="count", years=(2020, 2023), show_failed=True, meta=meta
        ),
    )
    strip_end = int(tables["regime_type"]["year"].max())
    first = 2020 - coups.REGIME_LEAD_YEARS
    strip = timed(
        "coups.regime_strip",
        lambda: coups.regime_strip(
            tables["regime_type"], countries, events["iso3"].unique().tolist(), first, strip_end
        ),
    )
    timed(
        "figures.coups.build_regime_strip",
        lambda: coup_figures.build_regime_strip(
            strip, events, first_year=first, last_year=strip_end, meta=meta
        ),
    )
    timed(
        "figures.exercises.build_exercises_chart",
        lambda: exercise_figures.build_exercises_chart(
            tables["report_exercises"], footnotes=tables["footnotes"], meta=meta
        ),
    )
    relations = interventions.relation_view(tables)
    figure = timed(
        "figures.interventions.build_interventions_map (one trace per relation)",
        lambda: intervention_figures.build_interventions_map(relations, countries, meta=meta),
    )
    if figure is not None:
        timed("st.plotly_chart's share: figure.to_dict() + to_json (interventions map)",
              lambda: pio.to_json(figure.to_dict(), validate=False))  # fmt: skip
    timed(
        "figures.common.frame (empty figure)",
        lambda: common.frame(go.Figure(), title="t", subtitle="s", source="x", height=500),
    )
    timed(
        "  of which update_layout(template='plotly_white')",
        lambda: go.Figure().update_layout(template="plotly_white"),
    )
    names = countries.set_index("iso3")["name"]
    codes = countries["iso3"].tolist()
    timed("country picker: sort + label 250 codes via a pandas Series", lambda: [
        f"{names.get(c, c)} ({c})" for c in sorted(codes, key=lambda c: names[c])])  # fmt: skip
    as_dict = names.to_dict()
    timed(
        "  the same via a dict",
        lambda: [f"{as_dict.get(c, c)} ({c})" for c in sorted(codes, key=as_dict.__getitem__)],
    )
    # What if the template were the default (applied unvalidated at Figure creation) instead of set per figure.
    pio.templates.default = "plotly_white"
    original = go.Figure.update_layout

    def without_template(self: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("template", None)
        return original(self, *args, **kwargs)

    go.Figure.update_layout = without_template  # type: ignore[method-assign]
    try:
        timed("what if: frame() with plotly_white as the default template", lambda: common.frame(
            go.Figure(), title="t", subtitle="s", source="x", height=500))  # fmt: skip
        timed("what if: build_coup_timeline, template as default", lambda: coup_figures.build_coup_timeline(
            events, years=(2020, 2023), show_failed=True, meta=meta))  # fmt: skip
    finally:
        go.Figure.update_layout = original  # type: ignore[method-assign]
        pio.templates.default = "plotly"
    print(f"\n## functions: CPU ms per call (median of {repeat}), default filters")
    for name, value in report.items():
        print(f"{value!s:>8}  {name}")
    save("functions", report)
    return report


# release -----------------------------------------------------------------------------------------


def section_release(sessions: int = 16, wait_s: float = 30) -> dict[str, Any]:
    report: dict[str, Any] = {}
    runlog = RESULTS / "runs-investigate.jsonl"
    short_ttl = ["--server.disconnectedSessionTTL", "5"]
    variants: list[tuple[str, list[str], dict[str, str]]] = [
        ("default TTL (120 s)", [], {}),
        ("TTL 5 s", short_ttl, {}),
        ("TTL 5 s, MALLOC_ARENA_MAX=2", short_ttl, {"MALLOC_ARENA_MAX": "2"}),
    ]
    for label, extra, env in variants:
        with serve("app.py", ROOT, RESULTS / "server-inv-release.log", runlog, args=extra, env=env) as srv:
            result = concurrency.measure(
                srv,
                runlog,
                concurrency.APP_VIEWS,
                sessions=sessions,
                rounds=1,
                think_s=0.5,
                release_wait_s=wait_s,
            )
            report[label] = {
                "idle_mb": result.rss_idle_mb,
                "one_open_mb": result.one.rss_open_mb,
                "many_open_mb": result.many.rss_open_mb,
                "closed_mb": result.rss_closed_mb,
                "per_session_mb": result.per_session_mb,
            }
            # A second wave: does memory grow again, or is what was kept reused?
            again = concurrency.measure(
                srv,
                runlog,
                concurrency.APP_VIEWS,
                sessions=sessions,
                rounds=1,
                think_s=0.5,
                release_wait_s=wait_s,
            )
            report[label]["second_wave_open_mb"] = again.many.rss_open_mb
            report[label]["second_wave_closed_mb"] = again.rss_closed_mb
    print(f"\n## release: server RSS (MB) around {sessions} sessions, {wait_s:g} s after closing")
    for label, values in report.items():
        print(
            f"{label}: "
            + ", ".join(f"{k} {v:.0f}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items())
        )
    save("release", report)
    return report


SECTIONS = {
    "server": section_server,
    "browser": section_browser,
    "memory": section_memory,
    "cache": section_cache,
    "functions": section_functions,
    "ablation": section_ablation,
    "imports": section_imports,
    "release": section_release,
}


def main(argv: list[str] | None = None) -> int:
    chosen = (argv if argv is not None else sys.argv[1:]) or list(SECTIONS)
    RESULTS.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    for choice in chosen:  # "ablation:sidebar,widgets" runs those cases only (and the floor's)
        name, _, options = choice.partition(":")
        started = time.perf_counter()
        SECTIONS[name](**({"cases": options.split(",")} if options else {}))
        print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
