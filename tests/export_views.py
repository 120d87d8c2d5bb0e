"""Every chart of every page, built with the real builders and tables, with its provenance."""

from __future__ import annotations

from datetime import date

import pandas as pd

from src import arms, coups, export, interventions
from src import claims as report_claims
from src.figures import arms as arms_figures
from src.figures import coups as coup_figures
from src.figures import exercises as exercise_figures
from src.figures import interventions as intervention_figures
from src.text import window_label

BASE = "http://localhost:8501"
EXPORTED = date(2026, 5, 14)
SIPRI = {"SIPRI Arms Transfers Database": "generated 3 Jan 2025"}
REPORT = {"Report (Cottiero 2024)": "Spring 2024"}


def _provenance(fig, page: str, query: dict[str, str], filters: dict[str, str], period: str, versions, stem):
    return export.Provenance.from_figure(
        fig,
        link=export.view_link(BASE, page, query),
        stem=stem,
        filters=filters,
        period=period,
        versions=versions,
        exported=EXPORTED,
    )


def arms_items(tables, view, labels) -> list[export.PackItem]:
    countries = tables["countries"]
    items = []
    for scope, supplier, window, country in (
        ("africa", "China", (2019, 2023), "ZWE"),
        ("world", "Russia", (2019, 2023), None),
    ):
        start, end = window
        claims = report_claims.claims_against_data(
            tables["report_arms_supplier_claims"], view, countries, labels, start, end
        )
        shares = arms.supplier_shares(view, countries, supplier, start, end, scope)
        fig = arms_figures.build_supplier_share_map(
            shares, countries, claims, supplier=supplier, supplier_label=labels.get(supplier, supplier),
            window=window, scope=scope, highlight=country,
        )  # fmt: skip
        query = {"scope": scope, "mode": "share", "window": f"{start}-{end}", "supplier": supplier}
        filters = {"Map": scope.capitalize(), "Colour by": "share from a supplier", "Supplier": supplier}
        if country:
            query["country"] = country
            filters["Highlighted"] = countries.set_index("iso3").loc[country, "name"]
        prov = _provenance(
            fig, "Arms_suppliers", query, filters, window_label(*window), SIPRI,
            export.file_stem("arms", "share", supplier, scope, window, country),
        )  # fmt: skip
        items.append(export.PackItem(fig, prov, arms.map_table(shares, "share", labels, supplier)))
    for scope in ("africa", "world"):
        claims = report_claims.claims_against_data(
            tables["report_arms_supplier_claims"], view, countries, labels, 2019, 2023
        )
        leading = arms.leading_suppliers(view, countries, 2019, 2023, scope)
        fig = arms_figures.build_leading_supplier_map(
            leading, countries, claims, labels=labels, window=(2019, 2023), scope=scope
        )
        prov = _provenance(
            fig, "Arms_suppliers", {"scope": scope, "mode": "leading", "window": "2019-2023"},
            {"Map": scope.capitalize(), "Colour by": "leading supplier"}, "2019–2023", SIPRI,
            export.file_stem("arms", "leading", scope, (2019, 2023)),
        )  # fmt: skip
        items.append(export.PackItem(fig, prov, arms.map_table(leading, "leading", labels, "")))
    suppliers = arms.recipient_suppliers(view, "NAM", 2000, 2019)
    fig = arms_figures.build_recipient_suppliers_bar(
        suppliers, country_name="Namibia", labels=labels, window=(2000, 2019)
    )
    prov = _provenance(
        fig, "Arms_suppliers", {"scope": "africa", "mode": "share", "window": "2000-2019", "country": "NAM"},
        {"Recipient": "Namibia"}, "2000–2019", SIPRI, export.file_stem("suppliers", "Namibia", (2000, 2019)),
    )  # fmt: skip
    items.append(export.PackItem(fig, prov, suppliers))
    return items


def coup_items(tables) -> list[export.PackItem]:
    view = coups.coup_view(tables)
    pt_version = str(view["pt_version"].iloc[0])
    versions = {"Powell & Thyne": pt_version, "Cline Center CDP": "2.1.2"}
    years = (2020, 2023)
    events = coups.select_events(view, *years, include_failed=True)
    query = {"years": "2020-2023", "failed": "1", "map": "count", "country": "SDN"}
    filters = {"Failed attempts": "shown", "Highlighted": "Sudan"}
    timeline = coup_figures.build_coup_timeline(
        events, years=years, show_failed=True, pt_version=pt_version, highlight="SDN"
    )
    counts = coups.counts_by_country(events)
    coup_map = coup_figures.build_coup_map(
        counts, tables["countries"], mode="count", years=years, show_failed=True, pt_version=pt_version,
        highlight="SDN",
    )  # fmt: skip
    strip = coups.regime_strip(
        tables["regime_type"], tables["countries"], events["iso3"].unique().tolist(), 2018, 2025
    )
    regimes = coup_figures.build_regime_strip(
        strip, events, first_year=2018, last_year=2025, vdem_version="data to 2025", highlight="SDN"
    )
    table = coups.event_table(events)
    return [
        export.PackItem(
            fig,
            _provenance(
                fig,
                "Coups",
                query,
                filters | extra,
                period,
                versions | more,
                export.file_stem(name, years, "sdn"),
            ),
            table if name == "coups-africa" else None,
        )
        for fig, name, extra, period, more in (
            (timeline, "coups-africa", {}, "2020–2023", {}),
            (coup_map, "coup-map", {"Map colour": "number of events"}, "2020–2023", {}),
            (regimes, "coup-regimes", {}, "2018–2025", {"V-Dem Regimes of the World (OWID)": "data to 2025"}),
        )
    ]


def exercise_items(tables) -> list[export.PackItem]:
    exercises = tables["report_exercises"]
    fig = exercise_figures.build_exercises_chart(exercises, footnotes=tables["footnotes"])
    prov = _provenance(
        fig, "Exercises", {"org": "CSTO,SCO"}, {"Organizations": "CSTO, SCO"}, "2002–2016", REPORT,
        export.file_stem("exercises", "csto", "sco", (2002, 2016)),
    )  # fmt: skip
    return [export.PackItem(fig, prov, exercise_figures.exercises_table(exercises))]


def intervention_items(tables) -> list[export.PackItem]:
    relations = interventions.relation_view(tables)
    fig = intervention_figures.build_interventions_map(relations, tables["countries"], highlight="SYR")
    prov = _provenance(
        fig, "Interventions", {"country": "SYR"}, {"Actors": "all", "Targets": "all", "Highlighted": "Syria"},
        "", REPORT, export.file_stem("interventions", "syr"),
    )  # fmt: skip
    return [export.PackItem(fig, prov, interventions.relation_table(relations))]


def all_items(
    tables: dict[str, pd.DataFrame], view: pd.DataFrame, labels: dict[str, str]
) -> list[export.PackItem]:
    return (
        arms_items(tables, view, labels)
        + coup_items(tables)
        + exercise_items(tables)
        + intervention_items(tables)
    )
