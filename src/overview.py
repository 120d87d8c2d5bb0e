"""Headline figures for the overview page, straight from the data package (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from src import arms, coups
from src.text import pct


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    source: str  # footnote or dataset and version
    detail: str = ""


def headlines(tables: dict[str, pd.DataFrame], view: pd.DataFrame) -> list[Headline]:
    africa = arms.region_supplier_shares(view, 2019, 2023, "africa_sipri").set_index("supplier")
    sipri = "SIPRI Arms Transfers Database (generated 3 Jan 2025); Africa as SIPRI counts it, Egypt excluded"
    events = coups.select_events(coups.coup_view(tables), 2020, 2023, include_failed=True)
    counts = events["outcome"].value_counts()
    pt_version = str(tables["coup_events"]["pt_version"].iloc[0])
    listed = tables["report_coups"]
    exercises = tables["report_exercises"].set_index("organization")
    relations = tables["report_interventions"]

    def exercise(org: str) -> Headline:
        row = exercises.loc[org]
        where = f" in {row['area']}" if pd.notna(row["area"]) else ""
        return Headline(
            f"{org} military exercises{where}, {row['period_start']}–{row['period_end']}",
            f"≥ {row['exercises_lower_bound']}",
            f"Report, fn {row['footnote']} ({row['source_author']} {row['source_year']})",
            "A lower bound: the report says “at least”.",
        )

    return [
        Headline(
            "Russia's share of Africa's arms imports, 2019–2023",
            pct(africa.loc["Russia", "share_pct"]),
            sipri,
            "Africa's largest supplier in this window, as the report says (fn 122).",
        ),
        Headline(
            "China's share of Africa's arms imports, 2019–2023", pct(africa.loc["China", "share_pct"]), sipri
        ),
        Headline(
            "Coup events in Africa, 2020–2023",
            f"{counts.get('successful', 0)} successful, {counts.get('failed', 0)} failed",
            f"Powell & Thyne {pt_version} (reconstructed file)",
            f"The report lists {len(listed)} successful coups in {listed['iso3'].nunique()} countries "
            f"(fn {listed['footnote'].iloc[0]}); P&T record Burkina Faso twice in 2022.",
        ),
        exercise("CSTO"),
        exercise("SCO"),
        Headline(
            "Interventions and assistance the report names",
            str(len(relations)),
            "Report, fn " + ", ".join(str(f) for f in sorted(relations["footnote"].unique())),
            f"{relations['actor'].nunique()} actors, from states to the Wagner Group.",
        ),
    ]
