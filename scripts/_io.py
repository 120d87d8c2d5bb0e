"""Shared output helper for the derivation scripts: deterministic CSVs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write UTF-8, LF line endings, no index: the same input always gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    print(f"wrote {path} ({len(frame)} rows)")
