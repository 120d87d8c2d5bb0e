"""Cold start: a fresh Python process importing the app's modules and loading and validating all
data, against the same process importing only streamlit, plotly and pandas (the bare minimum any
such dashboard pays). Timed inside each process, so interpreter start-up (equal for both) is left
out; medians of several fresh processes, bare and app alternating."""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
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
                for alias in (
                    node.names
                ):  # `from src import ui` imports a module; `from src.data.loader.text import f` not
                    candidate = f"{node.module}.{alias.name}"
                    is_module = (root / Path(*candidate.split("."))).with_suffix(".py").exists()
                    found.add(candidate if is_module else str(node.module))
    return sorted(found)


def app_code(root: Path = ROOT) -> str:
    modules = ", ".join(app_modules(root))
    return f"{BARE}\nimport {modules}\nfrom src import data\ndata.load_tables()"


def time_once(code: str, root: Path = ROOT) -> tuple[float, float]:
    """(wall, CPU) seconds the code takes in a fresh interpreter (started in the project folder)."""
    done = subprocess.run(
        [sys.executable, "-c", TIMED.format(code=code)],
        cwd=root,
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
    app_s: list[float] = field(default_factory=list)
    bare_cpu_s: list[float] = field(default_factory=list)  # steadier than wall time on a busy machine
    app_cpu_s: list[float] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.bare_s or not self.app_s:
            return None
        return statistics.median(self.app_s) / statistics.median(self.bare_s)

    @property
    def cpu_ratio(self) -> float | None:
        if not self.bare_cpu_s or not self.app_cpu_s:
            return None
        return statistics.median(self.app_cpu_s) / statistics.median(self.bare_cpu_s)


def measure(repeat: int, root: Path = ROOT, warmup: bool = True) -> ColdStart:
    """One warm-up of each (the OS file cache and .pyc files), then `repeat` alternating pairs."""
    result = ColdStart(modules=app_modules(root))
    code = app_code(root)
    if warmup:
        time_once(BARE, root), time_once(code, root)
    for _ in range(repeat):
        for code_, wall, cpu in (
            (BARE, result.bare_s, result.bare_cpu_s),
            (code, result.app_s, result.app_cpu_s),
        ):
            seconds = time_once(code_, root)
            wall.append(seconds[0])
            cpu.append(seconds[1])
    return result


if __name__ == "__main__":
    cold = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print(f"modules: {', '.join(cold.modules)}")
    print(
        f"bare {statistics.median(cold.bare_s):.3f} s, app {statistics.median(cold.app_s):.3f} s, ratio {cold.ratio:.2f}"
    )
    print(
        f"CPU: bare {statistics.median(cold.bare_cpu_s):.3f} s, app {statistics.median(cold.app_cpu_s):.3f} s, "
        f"ratio {cold.cpu_ratio:.2f}"
    )
