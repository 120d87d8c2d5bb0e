"""Windows of years a claim is tested in: every window its source could have seen, the standard windows, the reader's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

Window = tuple[int, int]


MIN_WINDOW_YEARS = 5

SOURCE_ERA, STANDARD, PICKED = "source era", "standard", "picked"


def data_years(view: pd.DataFrame) -> Window:
    """First and last delivery year of the yearly table."""
    return int(view["year"].min()), int(view["year"].max())


def source_windows(
    source_year: int, first_year: int, last_year: int, min_years: int = MIN_WINDOW_YEARS
) -> list[Window]:
    """Every window of min_years or more that existed for a source published in source_year: starting
    no earlier than the data, ending no later than the year before publication."""
    cap = min(last_year, source_year - 1)
    return [
        (start, end) for start in range(first_year, cap + 1) for end in range(start + min_years - 1, cap + 1)
    ]


def standard_windows(windows: Sequence[Window], first_year: int, last_year: int) -> list[Window]:
    """The standard windows (the data package's, Meta.standard_windows) the data cover."""
    return [(s, e) for s, e in windows if s >= first_year and e <= last_year]


def source_era_label(source_year: int, first_year: int, last_year: int) -> str:
    cap = min(last_year, source_year - 1)
    return f"all {MIN_WINDOW_YEARS}+ year windows, {first_year}–{cap}"


def sources_last_year(tables: Mapping[str, pd.DataFrame]) -> int | None:
    """The last year of data the report's arms sources could have used: the year before the latest
    of them was published."""
    years = tables["report_arms_supplier_claims"]["source_year"].dropna()
    return int(years.max()) - 1 if len(years) else None


def source_cutoff(claims: pd.DataFrame, iso3: str) -> int | None:
    """The last year the earliest source of a claim about this country could see."""
    years = claims.loc[claims["iso3"].eq(iso3), "source_year"].dropna()
    return int(years.min()) - 1 if len(years) else None
