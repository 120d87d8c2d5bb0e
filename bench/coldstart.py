"""Cold start: a fresh Python process importing the app's modules and loading its tables, against the
same process importing only streamlit, plotly and pandas (what any such dashboard pays).

Timed inside each process, so interpreter start-up (equal for all) is left out; medians of several
fresh processes, the kinds alternating. The app is timed twice: with the validated snapshot of the
tables present (src/data/snapshot.py: the normal start, after the first) and on its first-ever start
(no snapshot: every table parsed and validated, then the snapshot written). Each round has a cache
folder of its own (DASHBOARD_CACHE_DIR): empty for the first-ever start, which fills it for the next;
the project's own .cache/ is neither used nor changed.

    python -m bench.coldstart [repeat]
"""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "import streamlit, plotly, pandas"
TIMED = """import time
start, cpu = time.perf_counter(), time.process_time()
{code}
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def app_modules(root: Path = ROOT) -> list[str]:
    """Every src module the pages import, read from the pages themselves (so it follows refactors)."""
    found: set[str] = set()
    for script in [root / "app.py", *sorted((root / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "src")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "src":
                for alias in node.names:  # `from src.web import ui` names a module; `from src.x import f` not
                    candidate = f"{node.module}.{alias.name}"
                    path = root / Path(*candidate.split("."))
                    is_module = path.with_suffix(".py").exists() or (path / "__init__.py").exists()
                    found.add(candidate if is_module else str(node.module))
    return sorted(found)


def app_code(root: Path = ROOT) -> str:
    modules = ", ".join(app_modules(root))
    return f"{BARE}\nimport {modules}\nfrom src.data import loader\nloader.load_tables()"


def time_once(code: str, cache_dir: Path, root: Path = ROOT) -> tuple[float, float]:
    """(wall, CPU) seconds the code takes in a fresh interpreter started in the project's folder."""
    done = subprocess.run(
        [sys.executable, "-c", TIMED.format(code=code)],
        cwd=root,
        env={**os.environ, "DASHBOARD_CACHE_DIR": str(cache_dir)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


@dataclass
class ColdStart:
    bare_s: list[float] = field(default_factory=list)
    app_s: list[float] = field(default_factory=list)  # with the snapshot
    first_s: list[float] = field(default_factory=list)  # the first-ever start: no snapshot yet
    bare_cpu_s: list[float] = field(default_factory=list)  # CPU: steadier than wall time on a busy machine
    app_cpu_s: list[float] = field(default_factory=list)
    first_cpu_s: list[float] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)

    def ratio(self, kind: str = "app", cpu: bool = False) -> float | None:
        mine = getattr(self, f"{kind}{'_cpu' if cpu else ''}_s")
        bare = self.bare_cpu_s if cpu else self.bare_s
        return statistics.median(mine) / statistics.median(bare) if mine and bare else None


def measure(repeat: int, root: Path = ROOT, warmup: bool = True) -> ColdStart:
    """With `warmup`, one untimed round first (the OS file cache, .pyc files); then `repeat` rounds of:
    the bare import; the app's first-ever start in an empty cache folder (it writes the snapshot
    there); the app's start reading that snapshot."""
    result = ColdStart(modules=app_modules(root))
    code = app_code(root)
    for round_ in range(int(warmup) + repeat):
        with tempfile.TemporaryDirectory(prefix="bench-snapshot-") as folder:
            cache = Path(folder)
            timed = {"bare": time_once(BARE, cache, root), "first": time_once(code, cache, root)}
            timed["app"] = time_once(code, cache, root)
        if round_ < int(warmup):
            continue
        for kind, (wall, cpu) in timed.items():
            getattr(result, f"{kind}_s").append(wall)
            getattr(result, f"{kind}_cpu_s").append(cpu)
    return result


if __name__ == "__main__":
    cold = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print(f"modules: {', '.join(cold.modules)}")
    for kind in ("app", "first"):
        print(
            f"{kind}: {statistics.median(getattr(cold, kind + '_s')):.3f} s vs bare {statistics.median(cold.bare_s):.3f} s"
            f" ({cold.ratio(kind):.2f}×); CPU {cold.ratio(kind, cpu=True):.2f}×"
        )
