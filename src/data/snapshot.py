"""A validated, typed snapshot of the tables, so that unchanged data are validated once per version.

Validating the whole package (typed parsing, pandera's checks, keys) costs about a second at every
start, and pandera's import more. Once the tables pass, they are written as Arrow IPC files (pandas'
dtypes kept) under a key: a hash of every byte that decides them (the descriptor, each table's file)
and of the code that validates them (src/data's modules, pandas' and pyarrow's versions). The next
start with the same key reads the snapshot; any changed byte changes the key, so a changed or broken
file is validated in full and refused exactly as before. A snapshot that cannot be read or written
costs only time: the loader validates instead, and says so in the log.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow

log = logging.getLogger(__name__)

FORMAT = "1"  # bump when the snapshot's layout changes
CACHE_DIR_ENV = "DASHBOARD_CACHE_DIR"
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "validated"
# The code whose checks a snapshot vouches for: a new check must not be skipped by an old snapshot.
_VALIDATING_CODE = ("loader.py", "validate.py", "descriptor.py", "problems.py", "snapshot.py", "text.py")
_SUFFIX = ".arrow"


def cache_dir() -> Path:
    """Where snapshots live: .cache/validated/ beside the code, unless DASHBOARD_CACHE_DIR names another."""
    return Path(os.environ.get(CACHE_DIR_ENV) or CACHE_DIR)


def key(files: Iterable[Path]) -> str:
    """A hash of the files' names and bytes, the validating code and the library versions."""
    digest = hashlib.sha256(
        f"snapshot {FORMAT} pandas {pd.__version__} pyarrow {pyarrow.__version__}".encode()
    )
    here = Path(__file__).resolve().parent
    for name in _VALIDATING_CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    for path in files:
        digest.update(b"\0file\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read(snapshot_key: str, names: Iterable[str]) -> dict[str, pd.DataFrame] | None:
    """The tables of a snapshot, or None if there is none (or it cannot be read whole)."""
    folder = cache_dir() / snapshot_key
    if not folder.is_dir():
        return None
    try:
        return {name: pd.read_feather(folder / f"{name}{_SUFFIX}") for name in names}
    except Exception as exc:  # a damaged snapshot is no snapshot: validate instead
        log.warning(
            "snapshot %s unreadable (%s: %s); validating the data package", folder, type(exc).__name__, exc
        )
        return None


def write(snapshot_key: str, tables: dict[str, pd.DataFrame]) -> None:
    """Write the validated tables under their key: into a temporary folder, then renamed into place,
    so a reader never sees half a snapshot. Failing to write is logged, never raised."""
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
        try:
            for name, table in tables.items():
                table.to_feather(staging / f"{name}{_SUFFIX}")
            os.replace(staging, root / snapshot_key)
        except OSError:
            if (root / snapshot_key).is_dir():  # another process wrote the same snapshot first
                return
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _keep_latest(root, snapshot_key)
    except Exception as exc:
        log.warning(
            "could not write a snapshot in %s (%s: %s); the next start validates again",
            root,
            type(exc).__name__,
            exc,
        )


def _keep_latest(root: Path, current: str, keep: int = 4) -> None:
    """Old snapshots (earlier versions of the data) are removed, the few latest kept."""
    snapshots = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in snapshots[keep:]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)
