"""Supplier shares from the yearly SIPRI table, for any window of years.

The share definition, written once (and in data/datapackage.json, arms_transfers_by_year):
a supplier's share of a recipient's arms imports in a window = the supplier's TIV delivered to
that recipient in the window / the recipient's TIV from all suppliers (unknown ones included) in
the window. A region's shares sum over every recipient located in the region, non-state actors
and rival governments included, as SIPRI's regional totals do.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from src.data.text import file_name, window_label

TABLE = "arms_transfers_by_year"  # the data package's yearly table, whose coverage the windows span
Scope = Literal["africa", "world"]  # what a country map shows: Africa (geographic) or every country
# Where a supplier's deliveries went, in a sentence: "24.1 % of China's deliveries to African states".
DELIVERIES_TO: dict[str, str] = {"africa": "to African states", "world": "worldwide"}


def transfers_view(tables: Mapping[str, pd.DataFrame], regions: Iterable[str]) -> pd.DataFrame:
    """The yearly table joined with who each recipient is and where it is located, with the
    countries table's region flags (Meta.region_flags) for where it is located."""
    actors = tables["sipri_actors"].set_index("sipri_name")
    countries = tables["countries"].set_index("iso3")
    view = tables["arms_transfers_by_year"].copy()
    view["recipient_iso3"] = view["recipient"].map(actors["iso3"])
    view["recipient_kind"] = view["recipient"].map(actors["actor_kind"])
    view["located_in_iso3"] = view["recipient"].map(actors["located_in_iso3"])
    located = view["located_in_iso3"]
    for flag in regions:
        view[flag] = located.map(countries[flag]).fillna(False).astype(bool)
    view["tiv"] = view["tiv"].astype(float)
    view["tiv_estimated"] = view["tiv_estimated"].astype(float)
    view["year"] = view["year"].astype(int)
    return view


def in_window(view: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return view[view["year"].between(start, end)]


def share(part: pd.Series | pd.DataFrame, whole: pd.Series) -> pd.Series | pd.DataFrame:
    """Share in percent; missing (not zero) where the whole is zero. Clamped to [0, 100]: a part summed
    in another order than its whole can come out a hair above it (100.00000000000001 %), which would
    fall outside the last band of a map and past the end of a colour scale. A frame of parts (one
    column each) is divided row by row by the whole."""
    whole = whole.where(whole > 0)
    shares = part.div(whole, axis=0) if isinstance(part, pd.DataFrame) else part / whole
    return (100 * shares).astype(float).clip(0.0, 100.0)


def region_supplier_shares(view: pd.DataFrame, start: int, end: int, region: str) -> pd.DataFrame:
    """Each supplier's share of a region's imports (region: a flag column such as africa_sipri;
    'world' for all recipients)."""
    rows = in_window(view, start, end)
    if region != "world":
        rows = rows[rows[region]]
    totals = rows.groupby("supplier", as_index=False)["tiv"].sum()
    totals["share_pct"] = share(totals["tiv"], pd.Series(totals["tiv"].sum(), index=totals.index))
    return totals.sort_values("tiv", ascending=False, ignore_index=True)


def state_rows(view: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Rows whose recipient is a state (what a country map can show), in scope."""
    rows = view[view["recipient_kind"].eq("state")]
    return rows[rows["africa_geographic"]] if scope == "africa" else rows


def suppliers_by_volume(view: pd.DataFrame, start: int, end: int, scope: Scope) -> list[str]:
    """Suppliers with deliveries to states in scope and window, largest first."""
    rows = in_window(state_rows(view, scope), start, end)
    rows = rows[~rows["supplier"].str.startswith("unknown")]
    totals = rows.groupby("supplier")["tiv"].sum()
    totals = totals[totals > 0]
    return totals.sort_values(ascending=False, kind="stable").index.tolist()


@dataclass(frozen=True)
class WindowTotals:
    """What every supplier's share in one scope and window is computed from, summed once: TIV by
    recipient state (rows, ISO3) and supplier (columns), the part SIPRI marks as estimated, and the
    places a map of the scope shows (iso3, name)."""

    tiv: pd.DataFrame
    estimated: pd.DataFrame
    places: pd.DataFrame

    @functools.cached_property
    def total(self) -> pd.Series:
        """Each recipient's imports from all suppliers, unknown ones included."""
        return self.tiv.sum(axis=1)

    @functools.cached_property
    def shares(self) -> pd.DataFrame:
        """Every supplier's share of every recipient's imports (percent; recipients with no imports
        have no row): the definition of src.analysis.arms.share, for all suppliers at once."""
        total = self.total
        return share(self.tiv, total).loc[total > 0]


def window_totals(
    view: pd.DataFrame, countries: pd.DataFrame, start: int, end: int, scope: Scope
) -> WindowTotals:
    """Sum the window once; each supplier's shares are then a column of it (see shares_of)."""
    rows = in_window(state_rows(view, scope), start, end)
    by_pair = rows.groupby(["recipient_iso3", "supplier"])[["tiv", "tiv_estimated"]].sum()
    tiv = by_pair["tiv"].unstack(fill_value=0.0).astype(float)
    estimated = by_pair["tiv_estimated"].unstack(fill_value=0.0).astype(float)
    places = countries if scope == "world" else countries[countries["africa_geographic"]]
    places = places[~places["iso3"].str.startswith("OWID_")]
    if scope == "world":
        # Only countries the data knows at all; territories with no SIPRI record drop out here.
        places = places[
            places["iso3"].isin(set(view.loc[view["recipient_kind"].eq("state"), "recipient_iso3"]))
        ]
    places = pd.DataFrame({"iso3": places["iso3"].astype(str), "name": places["name"].astype(str)})
    return WindowTotals(tiv, estimated, places.sort_values("name", ignore_index=True))


def shares_of(totals: WindowTotals, supplier: str) -> pd.DataFrame:
    """One row per place in scope: TIV from the supplier, total TIV, share and how much of the
    supplier's TIV SIPRI marks as estimated. Countries with no imports in the window keep a row
    with has_imports False and an empty share (never 0 %)."""
    out = totals.places.copy()
    out["tiv_total"] = out["iso3"].map(totals.total).fillna(0.0).astype(float)
    known = supplier in totals.tiv
    from_supplier = totals.tiv[supplier] if known else pd.Series(dtype=float)
    estimated_tiv = totals.estimated[supplier] if known else pd.Series(dtype=float)
    out["tiv_supplier"] = out["iso3"].map(from_supplier).fillna(0.0).astype(float)
    estimated = out["iso3"].map(estimated_tiv).fillna(0.0).astype(float)
    out["has_imports"] = out["tiv_total"] > 0
    in_matrix = out["iso3"].map(totals.shares[supplier]) if known else pd.Series(0.0, index=out.index)
    out["share_pct"] = in_matrix.where(out["has_imports"]).astype(float)
    out["estimated_pct"] = share(estimated, out["tiv_supplier"])
    return out


def supplier_shares(
    view: pd.DataFrame, countries: pd.DataFrame, supplier: str, start: int, end: int, scope: Scope
) -> pd.DataFrame:
    """Every country's share from one supplier in scope and window (see shares_of)."""
    return shares_of(window_totals(view, countries, start, end, scope), supplier)


def leading_suppliers(
    view: pd.DataFrame, countries: pd.DataFrame, start: int, end: int, scope: Scope
) -> pd.DataFrame:
    """One row per country in scope: its largest supplier in the window and that supplier's share.
    Ties go to the supplier first in alphabetical order, so the result is stable."""
    rows = in_window(state_rows(view, scope), start, end)
    rows = rows[~rows["supplier"].str.startswith("unknown")]
    by_pair = rows.groupby(["recipient_iso3", "supplier"], as_index=False)["tiv"].sum()
    by_pair = by_pair.sort_values(["recipient_iso3", "tiv", "supplier"], ascending=[True, False, True])
    top = by_pair.drop_duplicates("recipient_iso3").set_index("recipient_iso3")
    base = supplier_shares(view, countries, "", start, end, scope)[
        ["iso3", "name", "tiv_total", "has_imports"]
    ]
    base["leading_supplier"] = base["iso3"].map(top["supplier"])
    base["tiv_leading"] = base["iso3"].map(top["tiv"]).astype(float)
    base["share_pct"] = share(base["tiv_leading"].fillna(0.0), base["tiv_total"])
    return base


def map_shares(
    view: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    mode: str,
    supplier: str | None,
    window: tuple[int, int],
    scope: Scope,
) -> pd.DataFrame:
    """What the arms map colours: one supplier's shares (mode 'share') or each country's leading
    supplier (mode 'leading')."""
    if mode == "share":
        return supplier_shares(view, countries, supplier or "", *window, scope)
    return leading_suppliers(view, countries, *window, scope)


def supplier_recipients(
    view: pd.DataFrame, countries: pd.DataFrame, supplier: str, start: int, end: int, scope: Scope
) -> pd.DataFrame:
    """A supplier's recipient states in scope and window, largest first: TIV received, that TIV as a
    share of the supplier's deliveries to states in scope, and as a share of the recipient's imports."""
    shares = supplier_shares(view, countries, supplier, start, end, scope)
    rows = shares[shares["tiv_supplier"] > 0].copy()
    rows["share_of_supplier_pct"] = share(
        rows["tiv_supplier"], pd.Series(rows["tiv_supplier"].sum(), index=rows.index)
    )
    rows["rank"] = rows["tiv_supplier"].rank(ascending=False, method="min").astype(int)
    return rows.sort_values(["tiv_supplier", "name"], ascending=[False, True], ignore_index=True)


def recipient_suppliers(view: pd.DataFrame, iso3: str, start: int, end: int) -> pd.DataFrame:
    """The suppliers of one country in the window, largest first, with their shares."""
    rows = in_window(view, start, end)
    rows = rows[rows["recipient_iso3"].eq(iso3) & rows["recipient_kind"].eq("state")]
    by_supplier = rows.groupby("supplier", as_index=False)[["tiv", "tiv_estimated"]].sum()
    by_supplier["share_pct"] = share(
        by_supplier["tiv"], pd.Series(by_supplier["tiv"].sum(), index=by_supplier.index)
    )
    return by_supplier.sort_values(["tiv", "supplier"], ascending=[False, True], ignore_index=True)


def non_state_recipients(
    view: pd.DataFrame, supplier: str, start: int, end: int, scope: Scope
) -> pd.DataFrame:
    """Recipients a country map cannot show (rival governments, armed groups, organisations)."""
    rows = in_window(view, start, end)
    rows = rows[~rows["recipient_kind"].eq("state") & rows["supplier"].eq(supplier)]
    if scope == "africa":
        rows = rows[rows["africa_geographic"]]
    return rows.groupby(["recipient", "recipient_kind", "located_in_iso3"], as_index=False, dropna=False)[
        "tiv"
    ].sum()


def actor_labels(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """SIPRI name → the name a reader expects (country names for states, SIPRI's otherwise)."""
    actors = tables["sipri_actors"]
    names = tables["countries"].set_index("iso3")["name"]
    return {
        row.sipri_name: (names[row.iso3] if isinstance(row.iso3, str) else row.sipri_name)
        for row in actors.itertuples()
    }


def deliveries_for(
    deliveries: pd.DataFrame,
    actors: pd.DataFrame,
    iso3: str,
    start: int,
    end: int,
) -> pd.DataFrame:
    """The register rows behind one country's imports in the window (what, how many, when)."""
    names = set(actors.loc[actors["iso3"].eq(iso3) & actors["actor_kind"].eq("state"), "sipri_name"])
    rows = deliveries[deliveries["recipient"].isin(names) & deliveries["delivery_year"].between(start, end)]
    estimated = rows["number_delivered_estimated"].fillna(False) | rows["delivery_year_estimated"].fillna(
        False
    )
    out = pd.DataFrame(
        {
            "delivery_year": rows["delivery_year"].astype(int),
            "supplier": rows["supplier"].astype(str),
            "designation": rows["designation"].astype(str),
            "description": rows["description"].astype(str),
            "armament_category": rows["armament_category"].astype(str),
            "number_delivered": rows["number_delivered"],
            "tiv_delivered": rows["tiv_delivered"].astype(float),
            "estimated": estimated.astype(bool),
            "order_year": rows["order_year"],
            "status": rows["status"].astype(str),
            "sipri_deal_id": rows["sipri_deal_id"].astype(int),
        }
    )
    return out.sort_values(
        ["delivery_year", "tiv_delivered", "sipri_deal_id"], ascending=[False, False, True], ignore_index=True
    )


# Tables for readers (and their CSV downloads): plain headers, units in the header ------------------


def map_table(shares: pd.DataFrame, mode: str, labels: dict[str, str], supplier: str | None) -> pd.DataFrame:
    """Exactly what the map shows, one row per country; empty share = no recorded imports."""
    if mode == "share":
        return pd.DataFrame(
            {
                "Country": shares["name"],
                "ISO3": shares["iso3"],
                "Supplier": labels.get(supplier or "", supplier),
                "TIV from supplier (millions)": shares["tiv_supplier"].round(2),
                "TIV from all suppliers (millions)": shares["tiv_total"].round(2),
                "Share (%)": shares["share_pct"].round(2),
                "Of which SIPRI-estimated (%)": shares["estimated_pct"].round(1),
            }
        ).reset_index(drop=True)
    return pd.DataFrame(
        {
            "Country": shares["name"],
            "ISO3": shares["iso3"],
            "Leading supplier": shares["leading_supplier"].map(
                lambda s: labels.get(s, s), na_action="ignore"
            ),
            "TIV from leading supplier (millions)": shares["tiv_leading"].round(2),
            "TIV from all suppliers (millions)": shares["tiv_total"].round(2),
            "Share (%)": shares["share_pct"].where(shares["has_imports"]).round(2),
        }
    ).reset_index(drop=True)


def recipients_table(recipients: pd.DataFrame, scope: Scope = "africa") -> pd.DataFrame:
    """A supplier's recipients for reading: rank, TIV and the two shares, each named by what it is a
    share of."""
    return pd.DataFrame(
        {
            "Rank": recipients["rank"],
            "Recipient": recipients["name"],
            "ISO3": recipients["iso3"],
            "TIV received (millions)": recipients["tiv_supplier"].round(2),
            f"Share of the supplier's deliveries {DELIVERIES_TO[scope]} (%)": recipients[
                "share_of_supplier_pct"
            ].round(2),
            "Share of the recipient's imports (%)": recipients["share_pct"].round(2),
        }
    )


def suppliers_table(by_supplier: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """One country's suppliers for reading: TIV and share of its imports."""
    return pd.DataFrame(
        {
            "Supplier": by_supplier["supplier"].map(lambda s: labels.get(s, s)),
            "TIV (millions)": by_supplier["tiv"].round(2),
            "Share of imports (%)": by_supplier["share_pct"].round(2),
            "Of which SIPRI-estimated TIV": by_supplier["tiv_estimated"].round(2),
        }
    )


def register_table(register: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The deliveries behind a country's imports, for reading."""
    return pd.DataFrame(
        {
            "Delivered": register["delivery_year"],
            "Supplier": register["supplier"].map(lambda s: labels.get(s, s)),
            "Designation": register["designation"],
            "What": register["description"],
            "Category": register["armament_category"],
            "Number": register["number_delivered"],
            "TIV (millions)": register["tiv_delivered"].round(2),
            "Estimated by SIPRI": register["estimated"],
            "Ordered": register["order_year"],
            "Status": register["status"],
            "SIPRI deal ID": register["sipri_deal_id"],
        }
    )


def deliveries_table(
    tables: Mapping[str, pd.DataFrame], iso3: str, start: int, end: int, labels: dict[str, str]
) -> pd.DataFrame:
    """One country's deliveries in the window as a reader's table (register_table of deliveries_for);
    empty where the register has none (it covers African recipients only)."""
    register = deliveries_for(tables["arms_deliveries_africa"], tables["sipri_actors"], iso3, start, end)
    return register_table(register, labels)


def not_on_map_note(others: pd.DataFrame, country_names: pd.Series) -> str | None:
    """A sentence on recipients a country map cannot show (rival governments, armed groups)."""
    if others.empty:
        return None
    listed = "; ".join(
        f"{r.recipient} ({r.recipient_kind}"
        + (
            f", in {country_names.get(r.located_in_iso3, r.located_in_iso3)}"
            if isinstance(r.located_in_iso3, str)
            else ""
        )
        + f"): {r.tiv:,.1f} TIV"
        for r in others.itertuples()
    )
    return f"Not on the map (not states): {listed}."


@dataclass(frozen=True)
class ArmsContext:
    """The arms page's view (mode, supplier, window, scope) and what it needs from the data: the
    shares on its map, a supplier's recipients, and how to name periods, suppliers, countries and
    download files."""

    view: pd.DataFrame
    countries: pd.DataFrame
    labels: dict[str, str]
    window: tuple[int, int]
    scope: Scope
    mode: str = "share"
    supplier: str | None = None

    @property
    def period(self) -> str:
        return window_label(*self.window)

    def label(self, supplier: str | None = None) -> str:
        """A supplier's name as a reader expects it (the view's supplier by default)."""
        supplier = supplier if supplier is not None else self.supplier
        return self.labels.get(supplier or "", supplier or "")

    def country(self, iso3: str) -> str:
        return str(self.countries.set_index("iso3")["name"].get(iso3, iso3))

    def file_name(self, what: str | None = None, subject: str | None = None) -> str:
        """'arms-share-china-africa-2019-2023' (the map), 'arms-suppliers-nam-2019-2023',
        'arms-recipients-russia-world-2000-2019': the file says which view it holds."""
        what = what or self.mode
        if what == "suppliers":
            return file_name("arms", what, subject, self.window)
        subject = (
            subject if subject is not None else (self.supplier if what in ("share", "recipients") else None)
        )
        return file_name("arms", what, subject, self.scope, self.window)

    def shares(self) -> pd.DataFrame:
        return map_shares(
            self.view,
            self.countries,
            mode=self.mode,
            supplier=self.supplier,
            window=self.window,
            scope=self.scope,
        )

    def recipients(self) -> pd.DataFrame:
        return supplier_recipients(self.view, self.countries, self.supplier or "", *self.window, self.scope)

    def not_on_map_note(self) -> str | None:
        others = non_state_recipients(self.view, self.supplier or "", *self.window, self.scope)
        return not_on_map_note(others, self.countries.set_index("iso3")["name"])
