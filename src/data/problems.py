"""What is wrong with the data package: one problem per cell, column or file (file, line, column,
message), and the refusal that carries them all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from src.data.text import echo

_MAX_PROBLEMS_SHOWN = 10


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one file)."""

    file: str
    line: int | None  # line of the file (a CSV's header is line 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {echo(self.column)}"
        return f"{where}: {self.message}"


class DataValidationError(Exception):
    """A table failed validation; carries every problem found (each once)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(dict.fromkeys(problems))
        shown = [str(p) for p in self.problems[:_MAX_PROBLEMS_SHOWN]]
        more = len(self.problems) - len(shown)
        if more:
            shown.append(f"... and {more} more problem(s)")
        super().__init__("\n".join(shown))


def _rel(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"
