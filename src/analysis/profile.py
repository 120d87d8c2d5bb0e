"""One country on one page: its arms imports, coups and regime type on one time axis, and everything
the report says about it, with the verdicts of the claims that name it (pure functions).

Nothing here is new analysis: shares come from src/analysis/arms.py, coup events from src/analysis/coups.py, claims and
verdicts from src/analysis/claims.py, all filtered to one country (or a few, to compare them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from src.analysis import arms, claims
from src.analysis.mix import OTHER_SUPPLIERS, supplier_mix
from src.data.meta import Meta, RegimeWord
from src.data.text import tiv, window_label

Window = tuple[int, int]

# The datasets read together on the profile's time axis (data package resource names).
ARMS_TABLE, COUPS_TABLE, REGIMES_TABLE = arms.TABLE, "coup_events", "regime_type"
SHARE_TABLE_SUPPLIERS = 8  # rows of the shares-by-window table before "Other suppliers"
# Regions the report names instead of a country, and the countries table's flag for each.
REGION_FLAGS = {"Africa": "africa_geographic"}


def timeline_years(meta: Meta) -> Window:
    """The profile's time axis: from the first year of the arms data to the last year any of the three
    datasets covers (years after the arms data end are marked as such on the chart)."""
    start = meta.coverage(ARMS_TABLE)[0]
    return start, max(meta.coverage(t)[1] for t in (ARMS_TABLE, COUPS_TABLE, REGIMES_TABLE))


def country_name(countries: pd.DataFrame, iso3: str) -> str:
    return str(countries.set_index("iso3")["name"].get(iso3, iso3))


def region_line(countries: pd.DataFrame, iso3: str, meta: Meta) -> str:
    """The regions the country counts in, by their titles in the data package ('In Africa (geographic);
    In Africa (SIPRI).'), or '' for none."""
    row = countries.set_index("iso3").loc[iso3]
    regions = [title for field, title in meta.region_flags().items() if bool(row[field])]
    return "; ".join(regions) + "." if regions else ""


# The shared time axis ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """What the profile's top figure draws for one country."""

    iso3: str
    name: str
    mix: pd.DataFrame  # src.analysis.mix.supplier_mix: TIV by year and supplier group
    events: pd.DataFrame  # src.analysis.coups.coup_view rows of the country within the years
    regimes: pd.DataFrame  # year, regime (0-3), regime_label within the years
    years: Window  # the x axis
    arms_years: Window  # the years the arms data cover

    @property
    def peak_tiv(self) -> float:
        """The largest yearly total of arms imports (0 if none)."""
        return float(self.mix.groupby("year")["tiv"].sum().max()) if not self.mix.empty else 0.0


def timeline(
    tables: Mapping[str, pd.DataFrame],
    view: pd.DataFrame,
    coup_view: pd.DataFrame,
    iso3: str,
    years: Window,
    arms_years: Window,
    great_powers: Sequence[str],
) -> Timeline:
    countries = tables["countries"]
    mix = supplier_mix(view, {iso3: country_name(countries, iso3)}, [iso3], great_powers)
    events = coup_view[
        coup_view["iso3"].eq(iso3) & coup_view["year"].between(*years) & ~coup_view["cline_only"]
    ]
    regimes = tables[REGIMES_TABLE]
    regimes = regimes[regimes["iso3"].eq(iso3) & regimes["year"].between(*years)]
    return Timeline(
        iso3=iso3,
        name=country_name(countries, iso3),
        mix=mix[mix["year"].between(*years)].reset_index(drop=True),
        events=events.reset_index(drop=True),
        regimes=pd.DataFrame(
            {
                "year": regimes["year"].astype(int),
                "regime": regimes["regime"].astype(int),
                "regime_label": regimes["regime_label"].astype(str),
            }
        ).sort_values("year", ignore_index=True),
        years=years,
        arms_years=arms_years,
    )


def country_view(view: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The rows of src.analysis.arms' view a profile of the country can draw on: those of its government and of
    the other recipients located in it (every per-country computation gives the same on this subset)."""
    return view[view["recipient_iso3"].eq(iso3) | view["located_in_iso3"].eq(iso3)]


def fractional_year(dates: pd.Series) -> pd.Series:
    """A date as a position on a year axis whose year Y spans Y - 0.5 to Y + 0.5 (as a bar centred on
    Y does): 1 January near the left edge of its year's bar, 31 December near the right."""
    days = dates.dt.is_leap_year.map({True: 366, False: 365})
    return dates.dt.year - 0.5 + (dates.dt.day_of_year - 0.5) / days


# Arms imports -----------------------------------------------------------------------------------------


def share_windows(meta: Meta) -> list[Window]:
    """The standard windows the arms data cover, and SIPRI's latest window if it is not one of them."""
    windows = claims.standard_windows(meta.standard_windows(), *meta.coverage(ARMS_TABLE))
    latest = meta.latest_window(ARMS_TABLE)
    return windows + ([latest] if latest not in windows else [])


def shares_by_window(
    view: pd.DataFrame,
    iso3: str,
    windows: Sequence[Window],
    labels: dict[str, str],
    top: int = SHARE_TABLE_SUPPLIERS,
) -> pd.DataFrame:
    """Each supplier's share of the country's imports in each window (src.analysis.arms' definition, as
    arms.recipient_suppliers computes it), with the TIV behind it: the `top` largest suppliers over the
    windows' years, the rest as other suppliers, and the total. Empty if the country imported nothing."""
    rows = country_view(view, iso3)
    rows = rows[rows["recipient_iso3"].eq(iso3) & rows["recipient_kind"].eq("state")]
    by_year = rows.groupby(["supplier", "year"])["tiv"].sum().unstack("year", fill_value=0.0)
    by_window = {
        (start, end): by_year.loc[:, [y for y in by_year.columns if start <= y <= end]].sum(axis=1)
        for start, end in windows
    }
    years = [y for y in by_year.columns if any(start <= y <= end for start, end in windows)]
    overall = by_year.loc[:, years].sum(axis=1)  # the suppliers' rank: TIV over all the windows' years
    overall = overall[overall > 0].sort_values(ascending=False, kind="stable")
    if overall.empty:
        return pd.DataFrame()
    named = [s for s in overall.index if not s.startswith("unknown")][:top]
    rows = [*named, OTHER_SUPPLIERS] if len(overall) > len(named) else named
    table = pd.DataFrame({"Supplier": [labels.get(s, s) for s in rows] + ["All suppliers"]})
    for window, tivs in by_window.items():
        total = float(tivs.sum())
        values = [float(tivs.get(s, 0.0)) for s in named]
        if OTHER_SUPPLIERS in rows:
            values.append(max(total - sum(values), 0.0))  # never -0.0 from float sums
        values.append(total)
        label = window_label(*window)
        shares = [100 * v / total if total > 0 else float("nan") for v in values]
        table[f"Share {label} (%)"] = [round(s, 1) for s in shares]
        table[f"TIV {label} (millions)"] = [round(v, 1) for v in values]
    return table


def non_state_imports(view: pd.DataFrame, iso3: str, years: Window) -> pd.DataFrame:
    """Deliveries to recipients located in the country that are not its government (rival governments,
    armed groups): the profile's shares leave them out, as SIPRI's country totals do."""
    mine = country_view(view, iso3)
    rows = mine[mine["located_in_iso3"].eq(iso3) & ~mine["recipient_kind"].eq("state")]
    rows = rows[rows["year"].between(*years)]
    return (
        rows.groupby(["recipient", "recipient_kind"], as_index=False)["tiv"]
        .sum()
        .sort_values("tiv", ascending=False, ignore_index=True)
    )


def non_state_note(others: pd.DataFrame, name: str, period: str) -> str | None:
    if others.empty:
        return None
    listed = "; ".join(f"{r.recipient} ({r.recipient_kind}): {tiv(r.tiv)} TIV" for r in others.itertuples())
    return f"Not counted above (not {name}'s government), delivered in {name} in {period}: {listed}."


def no_imports_line(name: str, period: str) -> str:
    return f"SIPRI records no deliveries of major arms to {name} in {period}."


def no_register_line(countries: pd.DataFrame, iso3: str, period: str) -> str:
    """Why no deal is listed: the register here holds African recipients only (arms_deliveries_africa)."""
    if bool(countries.set_index("iso3").loc[iso3, "africa_geographic"]):
        return f"SIPRI's register lists no delivery to {country_name(countries, iso3)} in {period}."
    return "The deal-level register here covers African recipients only."


# Coups ------------------------------------------------------------------------------------------------


def country_events(coup_view: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Every coup event Powell & Thyne record in the country, in date order."""
    return coup_view[coup_view["iso3"].eq(iso3) & ~coup_view["cline_only"]].reset_index(drop=True)


def no_coups_line(name: str, coverage: Window) -> str:
    return f"Powell & Thyne record no coup attempt in {name} in {window_label(*coverage)}."


# Interventions and assistance -------------------------------------------------------------------------


def memberships_of(memberships: pd.DataFrame, iso3: str) -> pd.DataFrame:
    return memberships[memberships["iso3"].eq(iso3)].reset_index(drop=True)


def involvement(
    relations: pd.DataFrame, memberships: pd.DataFrame, countries: pd.DataFrame, iso3: str
) -> pd.DataFrame:
    """The report's relations of intervention or assistance involving the country, each with its role:
    actor, sponsor (a state acting through the actor), target, member of the acting organization, or
    in the region the report names as the target. `relations` from src.analysis.interventions.relation_view."""
    orgs = set(memberships_of(memberships, iso3)["organization"].astype(str))
    flags = countries.set_index("iso3")
    regions = {
        region for region, flag in REGION_FLAGS.items() if iso3 in flags.index and bool(flags.loc[iso3, flag])
    }
    roles = []
    codes = ["actor_iso3", "sponsor_iso3", "target_iso3", "target_region"]
    for row in relations.assign(**{c: relations[c].astype(object).fillna("") for c in codes}).itertuples():
        if row.actor_iso3 == iso3:
            role = "actor"
        elif row.sponsor_iso3 == iso3:
            role = f"sponsor (acts through {row.actor_name})"
        elif row.target_iso3 == iso3:
            role = "target"
        elif row.actor in orgs:
            role = f"member of the actor ({row.actor})"
        elif not row.target_iso3 and row.target_region in regions:
            role = f"in the target region (the report names {row.target_region}, not this country)"
        else:
            role = None
        roles.append(role)
    found = relations.assign(role=roles)
    return found[found["role"].notna()].reset_index(drop=True)


# What the report says ---------------------------------------------------------------------------------


def report_statements(tables: Mapping[str, pd.DataFrame], iso3: str) -> pd.DataFrame:
    """Everything the report says that names the country (or an organization it belongs to), one row
    per statement: what kind of statement, its footnote exactly as the report attributes it, and the
    paraphrase. Interventions are listed with their own table."""
    rows: list[dict] = []
    arms_claims = tables["report_arms_supplier_claims"]
    for claim in arms_claims[arms_claims["iso3"].eq(iso3)].itertuples():
        rows.append(
            _statement("Arms suppliers", claim.footnote, claim.footnote_attribution, claim.paraphrase)
        )
    regime_claims = tables["report_regime_claims"]
    for claim in regime_claims[regime_claims["iso3"].eq(iso3)].drop_duplicates("claim_id").itertuples():
        rows.append(_statement("Regime type", claim.footnote, claim.footnote_attribution, claim.paraphrase))
    members = memberships_of(tables["regional_memberships"], iso3)
    org_claims = tables["report_organization_claims"]
    for member in members.itertuples():
        mine = org_claims[
            org_claims["organization"].eq(member.organization) & org_claims["members_as_of"].eq(member.as_of)
        ]
        for claim in mine.itertuples():
            rows.append(
                _statement(
                    f"Regime type of {member.organization}'s members",
                    claim.footnote,
                    claim.footnote_attribution,
                    claim.paraphrase,
                )
            )
    listed = tables["report_coups"]
    for coup in listed[listed["iso3"].eq(iso3)].itertuples():
        rows.append(
            {
                "About": "Coups",
                "Footnote": str(coup.footnote),
                "What the report says (paraphrased)": f"Lists the {coup.year} coup among the recent "
                "successful military coups in Africa.",
            }
        )
    return pd.DataFrame(rows, columns=["About", "Footnote", "What the report says (paraphrased)"])


def no_statements_line(name: str, has_relations: bool) -> str:
    if has_relations:
        return f"Beyond the relations above, the report says nothing about {name}."
    return f"The report does not name {name}."


def _statement(about: str, footnote: int, attribution: str, paraphrase: str) -> dict:
    return {
        "About": about,
        "Footnote": claims.footnote_text(int(footnote), str(attribution)),
        "What the report says (paraphrased)": str(paraphrase),
    }


def membership_lines(memberships: pd.DataFrame, iso3: str, meta: Meta) -> list[str]:
    """'Member of SADC since 1980 (SADC member states, member list as of 2023-05-30).'"""
    by_title = {s.title: s for s in meta.sources.values()}
    lines = []
    for row in memberships_of(memberships, iso3).itertuples():
        source = by_title.get(row.source_title)
        cited = source.label if source else f"{row.source_title}, as of {pd.Timestamp(row.as_of):%Y-%m-%d}"
        lines.append(f"Member of {row.organization} since {row.member_since} ({cited}).")
    return lines


# Verdicts of the claims that name the country ----------------------------------------------------------


def arms_claims_naming(tables: Mapping[str, pd.DataFrame], iso3: str) -> pd.DataFrame:
    rows = tables["report_arms_supplier_claims"]
    return rows[rows["iso3"].eq(iso3)].reset_index(drop=True)


def claim_evidence(evidence: claims.ClaimEvidence, iso3: str) -> claims.ClaimEvidence:
    """src.analysis.claims' evidence for the arms claims naming the country (none may)."""
    return evidence.subset(list(evidence.claims.loc[evidence.claims["iso3"].eq(iso3), "claim_id"]))


def claim_grid(evidence: claims.ClaimEvidence, iso3: str) -> pd.DataFrame:
    """src.analysis.claims' grid for the arms claims naming the country (empty if none does)."""
    mine = claim_evidence(evidence, iso3)
    if mine.claims.empty:
        return pd.DataFrame(columns=claims.GRID_COLUMNS)
    return claims.claim_grid(mine)


def claim_verdicts(evidence: claims.ClaimEvidence, iso3: str) -> pd.DataFrame:
    """src.analysis.claims' verdicts of the arms claims naming the country."""
    return claims.claim_verdicts(claim_evidence(evidence, iso3))


def regime_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """src.analysis.claims' rows of every regime characterization, organization claims expanded to members."""
    return claims.regime_claim_rows(
        tables["report_regime_claims"],
        tables["regime_type"],
        tables["countries"],
        tables["report_organization_claims"],
        tables["regional_memberships"],
    )


def regime_verdicts(rows: pd.DataFrame, iso3: str, words: Mapping[str, RegimeWord]) -> pd.DataFrame:
    """Each regime characterization that covers the country (directly, or through an organization it
    belongs to): the claim's verdict over all the countries it covers, and this country's own category
    in the year checked. `rows` from regime_rows."""
    mine = rows[rows["iso3"].eq(iso3)]
    if mine.empty:
        return pd.DataFrame(columns=["Claim", "Footnote", "This country", "Verdict (all it covers)"])
    verdicts = claims.regime_verdicts(rows[rows["claim_id"].isin(set(mine["claim_id"]))], words)
    own = (
        mine.groupby("claim_id", sort=False)
        .apply(
            lambda g: "; ".join(
                f"{r.regime_label if isinstance(r.regime_label, str) else 'no V-Dem category'} in {r.year}"
                for r in g.itertuples()
            ),
            include_groups=False,
        )
        .to_dict()
    )
    return pd.DataFrame(
        {
            "Claim": verdicts["subject"] + ": " + verdicts["claim_kind"],
            "Footnote": [
                claims.footnote_text(f, a)
                for f, a in zip(verdicts["footnote"], verdicts["footnote_attribution"], strict=True)
            ],
            "This country": verdicts["claim_id"].map(own),
            "Verdict (all it covers)": [claims.regime_verdict_text(v) for _, v in verdicts.iterrows()],
        }
    )


# Lines for reading: (what, in bold; the rest) -------------------------------------------------------


def statement_lines(statements: pd.DataFrame) -> list[tuple[str, str]]:
    """('fn 121 · Arms suppliers', paraphrase) for each row of report_statements."""
    return [
        (f"fn {r['Footnote']} · {r['About']}", r["What the report says (paraphrased)"])
        for _, r in statements.iterrows()
    ]


def arms_verdict_lines(verdicts: pd.DataFrame) -> list[tuple[str, str]]:
    """('China > 90% (fn 121, Hendrix 2020)', 'verdict. Behind it: ...') for each row of
    src.analysis.claims.verdict_table."""
    source = "Report's source"
    return [
        (
            f"{r['The report says']} (fn {r['Footnote']}, {r[source]})",
            f"{r['Verdict']}. {r['As written']}"
            + (f". {r['Other readings']}" if r["Other readings"] else ""),
        )
        for _, r in verdicts.iterrows()
    ]


def regime_verdict_lines(regime: pd.DataFrame) -> list[tuple[str, str]]:
    """('<group>: <claim> (fn N)', 'This country: ... Verdict for all it covers: ...') per row of
    regime_verdicts."""
    return [
        (
            f"{r['Claim']} (fn {r['Footnote']})",
            f"This country: {r['This country']}. Verdict for all the claim covers: {r['Verdict (all it covers)']}.",
        )
        for _, r in regime.iterrows()
    ]


# Compare ----------------------------------------------------------------------------------------------


def compare_table(
    view: pd.DataFrame,
    countries: pd.DataFrame,
    iso3s: Sequence[str],
    windows: Sequence[Window],
    labels: dict[str, str],
    great_powers: Sequence[str],
) -> pd.DataFrame:
    """Per country and window: total imports, the largest supplier and its share, and the shares of the
    great-power suppliers (src.analysis.arms' share definition)."""
    out = []
    for iso3 in iso3s:
        mine = country_view(view, iso3)
        for window in windows:
            suppliers = arms.recipient_suppliers(mine, iso3, *window)
            total = float(suppliers["tiv"].sum())
            named = suppliers[~suppliers["supplier"].str.startswith("unknown") & suppliers["tiv"].gt(0)]
            share_of = suppliers.set_index("supplier")["share_pct"]
            top = named.iloc[0] if not named.empty else None
            row = {
                "Country": country_name(countries, iso3),
                "Window": window_label(*window),
                "TIV from all suppliers (millions)": round(total, 1),
                "Largest supplier": labels.get(top["supplier"], top["supplier"]) if top is not None else "",
                "Its share (%)": round(float(top["share_pct"]), 1) if top is not None else float("nan"),
            }
            for power in great_powers:
                value = float(share_of.get(power, 0.0)) if total > 0 else float("nan")
                row[f"{labels.get(power, power)} (%)"] = round(value, 1)
            out.append(row)
    return pd.DataFrame(out)
