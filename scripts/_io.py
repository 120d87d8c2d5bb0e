"""Shared output helpers for the derivation scripts: deterministic CSVs and the descriptor fields they know."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

DESCRIPTOR = "datapackage.json"


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write UTF-8, LF line endings, no index: the same input always gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    print(f"wrote {path} ({len(frame)} rows)")


def read_descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))


def write_descriptor(descriptor: dict[str, Any], folder: Path) -> None:
    """Two-space JSON with a final newline and non-ASCII kept as is, so diffs stay readable."""
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8")


def set_source(folder: Path, source_id: str, **fields: Any) -> None:
    """Set fields (version, coverage…) of one source wherever the descriptor lists it.

    A derivation knows its input's version and coverage better than a hand-edited descriptor, so
    it writes them; a re-derivation cannot leave them stale.
    """
    path = folder / DESCRIPTOR
    if not path.exists():
        print(f"no {path}: source {source_id!r} not described")
        return
    descriptor = read_descriptor(folder)
    found = False
    for entry in [descriptor, *descriptor["resources"]]:
        for source in entry.get("sources", []):
            if source.get("id") == source_id:
                source.update(fields)
                found = True
    if not found:
        raise KeyError(f"{path} lists no source with id {source_id!r}")
    write_descriptor(descriptor, folder)


def year_span(years: pd.Series) -> dict[str, int]:
    """{'start': first year, 'end': last year} of a column of years or dates."""
    if pd.api.types.is_datetime64_any_dtype(years):
        years = years.dt.year
    years = pd.to_numeric(years).dropna()
    return {"start": int(years.min()), "end": int(years.max())}
