"""One sentence per chart, computed from the data it draws: what a screen reader says instead of the
picture, and what a reader in a hurry takes away (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from src.analysis.arms import DELIVERIES_TO
from src.data.dashboard import VERDICT_WORDS
from src.data.text import count, pct, tiv, upper_first


def share_map(shares: pd.DataFrame, supplier: str, period: str) -> str:
    """Who took the largest share from the supplier, and how many countries recorded imports."""
    importing = shares[shares["has_imports"]]
    receiving = importing[importing["tiv_supplier"] > 0]
    counted = f"{len(importing)} of {len(shares)} countries recorded imports in {period}"
    if receiving.empty:
        return f"No country on the map received major arms from {supplier} in {period}; {counted}."
    top = receiving.sort_values(["share_pct", "tiv_supplier"], ascending=False).iloc[0]
    return (
        f"{top['name']} took the largest share of its imports from {supplier}: {pct(top['share_pct'])} "
        f"({tiv(top['tiv_supplier'])} of {tiv(top['tiv_total'])} TIV); "
        f"{count(len(receiving), 'country', 'countries')} received arms from {supplier}; {counted}."
    )


def leading_map(leading: pd.DataFrame, labels: Mapping[str, str], period: str) -> str:
    """How many countries each supplier led, largest first."""
    led = leading["leading_supplier"].dropna().map(lambda s: labels.get(s, s)).value_counts()
    if led.empty:
        return f"No country on the map recorded imports of major arms in {period}."
    parts = ", ".join(f"{supplier} in {n}" for supplier, n in led.head(4).items())
    others = f", others in {int(led.iloc[4:].sum())}" if len(led) > 4 else ""
    none = int((~leading["has_imports"]).sum())
    return f"Largest supplier, {period}: {parts}{others}; {none} countries recorded no imports."


def arms_map(shares: pd.DataFrame, mode: str, supplier: str, labels: Mapping[str, str], period: str) -> str:
    """The arms map's sentence: one supplier's shares, or each country's leading supplier."""
    return share_map(shares, supplier, period) if mode == "share" else leading_map(shares, labels, period)


def supplier_recipients(recipients: pd.DataFrame, supplier: str, period: str, scope: str = "africa") -> str:
    """The largest recipient, each share named by its base: the supplier's deliveries, the recipient's imports."""
    if recipients.empty:
        return f"{supplier} delivered no major arms to these states in {period}."
    top = recipients.iloc[0]
    return (
        f"{top['name']} received the most from {supplier} in {period}: {tiv(top['tiv_supplier'])} TIV, "
        f"{pct(top['share_of_supplier_pct'])} of {supplier}'s deliveries {DELIVERIES_TO[scope]}; "
        f"{supplier} supplied {pct(top['share_pct'])} of {top['name']}'s arms imports. "
        f"{upper_first(count(len(recipients), 'recipient'))} in all."
    )


def recipient_suppliers(
    by_supplier: pd.DataFrame, country: str, labels: Mapping[str, str], period: str
) -> str:
    top = by_supplier.iloc[0]
    return (
        f"{labels.get(top['supplier'], top['supplier'])} supplied the most of {country}'s major arms in {period}: "
        f"{pct(top['share_pct'])} of {tiv(by_supplier['tiv'].sum())} TIV, from "
        f"{count(len(by_supplier), 'supplier')} in all."
    )


def coup_events(events: pd.DataFrame, period: str) -> str:
    counts = events["outcome"].value_counts()
    per_country = events.groupby("name").size().sort_values(ascending=False, kind="stable")
    most = per_country[per_country == per_country.iloc[0]].index.tolist()
    cline = int(events["cline_only"].sum()) if "cline_only" in events else 0
    also = f", and {count(cline, 'event')} only the Cline Center records" if cline else ""
    return (
        f"{count(int(counts.get('successful', 0)), 'successful coup')} and "
        f"{count(int(counts.get('failed', 0)), 'failed attempt')} in Powell & Thyne's list{also}, in "
        f"{count(events['iso3'].nunique(), 'country', 'countries')}, {period}; the most events: "
        f"{', '.join(most)} ({per_country.iloc[0]})."
    )


def regime_strip(strip: pd.DataFrame, year: int) -> str:
    """The coup countries' Regimes of the World categories in the strip's last year."""
    last = strip[strip["year"].eq(year)]
    if last.empty:
        return f"V-Dem has no category for these countries in {year}."
    kinds = last["regime_label"].value_counts()
    return f"In {year}, the coup countries were: " + ", ".join(count(n, k) for k, n in kinds.items()) + "."


def exercises(chosen: pd.DataFrame) -> str:
    parts = [
        f"{'at least ' if r.bound_kind == 'at least' else ''}{r.exercises_lower_bound} by the {r.organization}"
        for r in chosen.itertuples()
    ]
    span = f"{int(chosen['period_start'].min())}–{int(chosen['period_end'].max())}"
    return f"The report counts military exercises, {span}: " + "; ".join(parts) + "."


def interventions(shown: pd.DataFrame) -> str:
    targets = shown["target"].value_counts()
    kinds = shown.drop_duplicates("actor")["actor_kind"].value_counts()
    actors = ", ".join(count(n, kind) for kind, n in kinds.items())
    return (
        f"{count(len(shown), 'relation')} the report names, by {shown['actor'].nunique()} actors ({actors}); "
        f"the most named target: {targets.index[0]} ({targets.iloc[0]})."
    )


def verdicts(verdict_table: pd.DataFrame) -> str:
    """How many of the claims get each verdict word (src.analysis.claims.verdict_table's Verdict)."""
    words = verdict_table["Verdict"].astype(str)
    held = int(words.eq(VERDICT_WORDS[0]).sum())  # exactly 'holds': as the report words it
    parts = [f"{held} hold{'s' if held == 1 else ''} as written"]
    for word in VERDICT_WORDS[1:]:
        if n := int(words.str.startswith(word).sum()):
            parts.append(f"{word}: {n}")
    return f"Of {count(len(verdict_table), 'claim')}, " + "; ".join(parts) + "."


def supplier_mix(mix: pd.DataFrame, country: str, period: str) -> str:
    totals = mix.groupby("supplier")["tiv"].sum().sort_values(ascending=False)
    return (
        f"{country} imported {tiv(totals.sum())} TIV of major arms in {period}; "
        f"the largest supplier was {totals.index[0]} ({pct(100 * totals.iloc[0] / totals.sum())})."
    )
