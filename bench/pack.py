"""Briefing-pack time as a ratio to one chart's slide export, measured in the same process and run.

`python -m bench.pack [--repeat N]`. For each pack (a page's charts, and every chart of every page),
one chart's export (its slide PNG) and the whole pack (deck and ZIP: PNG and SVG of every chart,
CSVs, SOURCES.md) are timed N times each after a warm-up that starts the export browser; the
medians and their ratio are printed. Absolute seconds depend on the machine and on what else it is
doing; the ratio compares across machines. A pack of n charts renders 2n images, so a ratio near
2n means the pack adds nothing to its renders; below it, the browser's two tabs overlap the work.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from src import export
from tests.export_views import all_items, page_items


def _median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each measurement (median)")
    args = parser.parse_args()

    # The charts as the pages build them, with the provenance their export panels give them.
    packs = {
        name: page_items(page, query)
        for name, (page, query) in {
            "Coups page": ("pages/2_Coups.py", {"years": "2020-2023"}),
            "Arms page, share map and a country": ("pages/1_Arms_suppliers.py", {"country": "NAM"}),
        }.items()
    }
    packs["Every chart of every page"] = all_items()
    packs = {f"{name} ({len(items)} charts)": items for name, items in packs.items()}
    start = time.perf_counter()
    first = next(iter(packs.values()))[0]
    export.slide_png(first.figure, first.provenance)
    cold = time.perf_counter() - start
    print(f"Export browser started and first slide rendered in {cold:.1f} s (not counted below).")
    print(f"{'pack':<48} {'charts':>6} {'one chart s':>11} {'pack s':>8} {'ratio':>7} {'per chart':>9}")
    for name, items in packs.items():
        one = items[0]
        export.briefing_pack(items)  # warm-up: each figure's first render loads its map shapes
        single = _median_time(lambda one=one: export.slide_png(one.figure, one.provenance), args.repeat)
        pack = _median_time(
            lambda items=items, name=name: export.briefing_pack(items, title=name), args.repeat
        )
        ratio = pack / single
        print(
            f"{name:<48} {len(items):>6} {single:>11.2f} {pack:>8.2f} {ratio:>7.1f} {ratio / len(items):>9.2f}"
        )
    export.stop_renderer()


if __name__ == "__main__":
    main()
