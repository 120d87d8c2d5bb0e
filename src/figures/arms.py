"""Figures of the arms-suppliers page: share map, leading-supplier map, a country's suppliers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from src import geo, palette
from src.arms import Scope
from src.claims import describe_claim
from src.figures.common import frame
from src.meta import Meta, footnote_refs
from src.text import pct, tiv, window_label

MAP_HEIGHT = {"africa": 720, "world": 560}  # the world is wide: less height, less white space


def _points(frame_: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Add a (lat, lon) to each row: the marker point for small states, else the shape's label point."""
    coded = countries.set_index("iso3")
    centroids = geo.centroids()
    out = frame_.copy()
    lat = out["iso3"].map(coded["marker_lat"]).astype(float)
    lon = out["iso3"].map(coded["marker_lon"]).astype(float)
    out["lat"] = lat.fillna(out["iso3"].map(lambda c: centroids.get(c, (None, None))[1]))
    out["lon"] = lon.fillna(out["iso3"].map(lambda c: centroids.get(c, (None, None))[0]))
    out["small_state"] = out["iso3"].map(coded["small_state"]).fillna(False).astype(bool)
    return out


def claim_text(claim: pd.Series, window: tuple[int, int]) -> str:
    """One line: what the report says, with footnote, beside what the data say for the window."""
    said, data = describe_claim(claim, window_label(*window))
    return f"Report (fn {claim['footnote']}, {claim['source_author']} {claim['source_year']}): {said}<br>Data: {data}"


def _share_hover(row: pd.Series, supplier_label: str, period: str) -> str:
    head = f"<b>{row['name']}</b>"
    if not row["has_imports"]:
        return f"{head}<br>No recorded imports of major arms, {period}"
    text = (
        f"{head}<br>From {supplier_label}: <b>{pct(row['share_pct'])}</b>"
        f" ({tiv(row['tiv_supplier'])} of {tiv(row['tiv_total'])} TIV, {period})"
    )
    if row["tiv_supplier"] > 0:
        text += f"<br>SIPRI marks {pct(row['estimated_pct'])} of this TIV as estimated"
    return text


def _named_marker_trace(
    claims: pd.DataFrame, countries: pd.DataFrame, window: tuple[int, int]
) -> go.Scattergeo:
    named = _points(claims, countries)
    grouped = named.groupby("iso3", sort=True)
    text = grouped.apply(
        lambda g: (
            f"<b>{g['name'].iloc[0]}</b><br>" + "<br>".join(claim_text(c, window) for _, c in g.iterrows())
        )
    )
    first = grouped.first()
    return go.Scattergeo(
        lat=first["lat"],
        lon=first["lon"],
        customdata=first.index,
        text=text.reindex(first.index),
        hovertemplate="%{text}<extra>Named in the report</extra>",
        mode="markers",
        marker=dict(symbol="circle-open", size=17, color=palette.HIGHLIGHT, line=dict(width=2)),
        name=f"Named in the report ({footnote_refs(claims['footnote'])})",
        legendrank=3,
    )


def _highlight_traces(iso3: str | None, points: pd.DataFrame) -> list[go.BaseTraceType]:
    if not iso3 or iso3 not in set(points["iso3"]):
        return []
    row = points[points["iso3"].eq(iso3)].iloc[0]
    traces: list[go.BaseTraceType] = [geo.outline(iso3, f"Selected: {row['name']}", legendrank=4)]
    if row["small_state"] and pd.notna(row["lat"]):
        traces.append(
            go.Scattergeo(
                lat=[row["lat"]],
                lon=[row["lon"]],
                mode="markers",
                marker=dict(symbol="square-open", size=24, color=palette.HIGHLIGHT, line=dict(width=3)),
                hoverinfo="skip",
                showlegend=False,
                name="selected small state",
            )
        )
    return traces


def _add_claims_and_highlight(
    fig: go.Figure,
    claims: pd.DataFrame,
    countries: pd.DataFrame,
    points: pd.DataFrame,
    *,
    window: tuple[int, int],
    scope: Scope,
    highlight: str | None,
) -> None:
    """What every arms map draws over its colours: the report's circles, the selection, the frame."""
    if not claims.empty:
        fig.add_trace(_named_marker_trace(claims, countries, window))
    for trace in _highlight_traces(highlight, points):
        fig.add_trace(trace)
    geo.style_geo(fig, scope)


def _map_source(meta: Meta, claims: pd.DataFrame, note: str = "") -> str:
    """SIPRI, and the report by the footnotes of the claims circled on the map."""
    if claims.empty:
        return meta.source_line("sipri", note=note)
    return meta.source_line("sipri", "report", footnotes=claims["footnote"], note=note)


def _small_state_trace(
    points: pd.DataFrame, colour_values: pd.Series | None, hover: pd.Series, colours: pd.Series | None = None
) -> go.Scattergeo:
    small = points[points["small_state"] & points["lat"].notna()]
    marker = dict(size=11, line=dict(color="#333333", width=1), symbol="diamond")
    if colour_values is not None:
        values = colour_values.reindex(small.index)
        marker.update(color=values.fillna(-1), colorscale=_share_scale_with_no_data(), cmin=-1, cmax=100)
    elif colours is not None:
        marker.update(color=colours.reindex(small.index).tolist())
    return go.Scattergeo(
        lat=small["lat"],
        lon=small["lon"],
        text=hover.reindex(small.index),
        customdata=small["iso3"],
        hovertemplate="%{text}<extra>small state</extra>",
        mode="markers",
        marker=marker,
        name="Small state (drawn as a marker)",
        legendrank=2,
    )


def _share_scale_with_no_data() -> list[list]:
    """The share scale over 0..100 with -1 mapped to the no-data grey (for markers only)."""
    n = len(palette.SHARE_SCALE)
    step = 1 / 101
    scale = [[0.0, palette.NO_DATA], [step * 0.999, palette.NO_DATA]]
    scale += [[step + (1 - step) * i / (n - 1), c] for i, c in enumerate(palette.SHARE_SCALE)]
    return scale


def build_supplier_share_map(
    shares: pd.DataFrame,
    countries: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    supplier: str,
    supplier_label: str,
    window: tuple[int, int],
    scope: Scope,
    meta: Meta,
    highlight: str | None = None,
) -> go.Figure:
    """Each country coloured by the supplier's share of its arms imports in the window.

    `shares` comes from src.arms.supplier_shares; `claims` from src.arms.claims_against_data.
    Countries with no recorded imports are grey, never 0 %.
    """
    period = window_label(*window)
    points = _points(shares, countries)
    hover = points.apply(_share_hover, axis=1, supplier_label=supplier_label, period=period)
    with_data = points[points["has_imports"]]
    without = points[~points["has_imports"]]
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            locations=with_data["iso3"],
            z=with_data["share_pct"],
            text=hover.reindex(with_data.index),
            hovertemplate="%{text}<extra></extra>",
            locationmode="ISO-3",
            colorscale=palette.SHARE_SCALE,
            zmin=0,
            zmax=100,
            marker=dict(line=dict(color=palette.BORDER, width=0.6)),
            colorbar=dict(
                title=dict(text=f"Share from {supplier_label}<br>(% of TIV)", side="top"),
                ticksuffix="%",
                orientation="h",
                x=0.5,
                xanchor="center",
                y=-0.01,
                yanchor="top",
                len=0.5,
                thickness=12,
            ),
            name=f"Share from {supplier_label}",
        )
    )
    fig.add_trace(
        geo.flat_choropleth(
            without["iso3"],
            palette.NO_DATA,
            f"No recorded imports, {period}",
            hover.reindex(without.index),
            legendrank=1,
        )
    )
    fig.add_trace(_small_state_trace(points, points["share_pct"].where(points["has_imports"]), hover))
    _add_claims_and_highlight(fig, claims, countries, points, window=window, scope=scope, highlight=highlight)
    fig.update_layout(
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=12)),
        clickmode="event+select",
    )
    region = "African countries" if scope == "africa" else "Countries"
    return frame(
        fig,
        title=f"{supplier_label}'s share of each country's arms imports, {period}",
        subtitle=f"{region}: {supplier_label}'s share of imports of major conventional arms "
        f"(SIPRI trend-indicator values), {period}. Grey: no recorded imports.",
        source=_map_source(
            meta, claims, "Circles: countries the report names; its figures cover years it does not state."
        ),
        height=MAP_HEIGHT[scope],
        legend_space=48,
        axis_space=78,
    )


def build_leading_supplier_map(
    leading: pd.DataFrame,
    countries: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    labels: dict[str, str],
    window: tuple[int, int],
    scope: Scope,
    meta: Meta,
    highlight: str | None = None,
) -> go.Figure:
    """Each country coloured by its largest supplier in the window (one colour per supplier)."""
    period = window_label(*window)
    points = _points(leading, countries)

    def hover(row: pd.Series) -> str:
        if not row["has_imports"]:
            return f"<b>{row['name']}</b><br>No recorded imports of major arms, {period}"
        name = labels.get(row["leading_supplier"], row["leading_supplier"])
        return (
            f"<b>{row['name']}</b><br>Leading supplier: <b>{name}</b>, {pct(row['share_pct'])}"
            f" of {tiv(row['tiv_total'])} TIV ({period})"
        )

    texts = points.apply(hover, axis=1)
    fig = go.Figure()
    with_data = points[points["has_imports"]]
    named = [s for s in palette.SUPPLIER_COLOURS if s in set(with_data["leading_supplier"])]
    categories = named + (["other"] if (~with_data["leading_supplier"].isin(named)).any() else [])
    for category in categories:
        if category == "other":
            rows = with_data[~with_data["leading_supplier"].isin(named)]
            colour, name = palette.OTHER_SUPPLIER, "Other supplier (see hover)"
        else:
            rows = with_data[with_data["leading_supplier"].eq(category)]
            colour, name = palette.supplier_colour(category), labels.get(category, category)
        fig.add_trace(geo.flat_choropleth(rows["iso3"], colour, name, texts.reindex(rows.index)))
    without = points[~points["has_imports"]]
    fig.add_trace(
        geo.flat_choropleth(
            without["iso3"], palette.NO_DATA, f"No recorded imports, {period}", texts.reindex(without.index)
        )
    )
    marker_colours = points["leading_supplier"].map(
        lambda s: palette.supplier_colour(s) if isinstance(s, str) else palette.NO_DATA
    )
    fig.add_trace(_small_state_trace(points, None, texts, colours=marker_colours))
    _add_claims_and_highlight(fig, claims, countries, points, window=window, scope=scope, highlight=highlight)
    # One entry per supplier, in a column: over the empty South Atlantic on the Africa map, beside
    # the world map (which has no empty corner).
    legend = dict(orientation="v", font=dict(size=12), bgcolor="rgba(255,255,255,0.85)")
    if scope == "africa":
        legend.update(x=0.0, y=0.0, xanchor="left", yanchor="bottom")
    else:
        legend.update(x=1.0, y=0.5, xanchor="left", yanchor="middle")
    fig.update_layout(legend=legend)
    region = "African countries" if scope == "africa" else "Countries"
    return frame(
        fig,
        title=f"Largest arms supplier of each country, {period}",
        subtitle=f"{region}: the supplier with the largest share of imports of major conventional arms "
        f"(SIPRI trend-indicator values), {period}",
        source=_map_source(meta, claims, "Circles: countries the report names."),
        height=MAP_HEIGHT[scope],
    ).update_layout(margin_r=12 if scope == "africa" else 230)


def build_recipient_suppliers_bar(
    suppliers: pd.DataFrame, *, country_name: str, labels: dict[str, str], window: tuple[int, int], meta: Meta
) -> go.Figure:
    """One country's suppliers in the window, largest first, with their shares."""
    period = window_label(*window)
    rows = suppliers.iloc[::-1]  # Plotly draws the first bar at the bottom
    names = [labels.get(s, s) for s in rows["supplier"]]
    fig = go.Figure(
        go.Bar(
            x=rows["tiv"],
            y=names,
            orientation="h",
            marker_color=[palette.supplier_colour(s) for s in rows["supplier"]],
            text=[pct(v) for v in rows["share_pct"]],
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(rows["share_pct"], rows["tiv_estimated"], strict=True)),
            hovertemplate="<b>%{y}</b><br>%{x:,.1f} TIV (%{customdata[0]:.1f}% of the total)"
            "<br>of which SIPRI-estimated: %{customdata[1]:,.1f} TIV<extra></extra>",
            name="TIV",
        )
    )
    # Room on the right for the share labels printed past the longest bar.
    fig.update_xaxes(title_text="TIV (millions)", range=[0, float(rows["tiv"].max()) * 1.25], automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False, bargap=0.25)
    return frame(
        fig,
        title=f"Who supplied {country_name}'s major arms, {period}",
        subtitle=f"Deliveries by supplier, SIPRI trend-indicator values (millions); labels: share of {period} total",
        source=meta.source_line("sipri"),
        height=max(300, 190 + 30 * len(rows)),
        axis_space=40,
        narrow=True,
    )


def build_arms_map(
    shares: pd.DataFrame,
    countries: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    mode: str,
    supplier: str | None,
    labels: dict[str, str],
    window: tuple[int, int],
    scope: Scope,
    meta: Meta,
    highlight: str | None = None,
) -> go.Figure:
    """The arms page's map: one supplier's shares (mode 'share') or each country's leading supplier.
    `shares` comes from src.arms.map_shares with the same mode."""
    common = dict(window=window, scope=scope, meta=meta, highlight=highlight)
    if mode == "share":
        label = labels.get(supplier or "", supplier or "")
        return build_supplier_share_map(
            shares, countries, claims, supplier=supplier or "", supplier_label=label, **common
        )
    return build_leading_supplier_map(shares, countries, claims, labels=labels, **common)


def build_supplier_recipients_bar(
    recipients: pd.DataFrame,
    supplier: str,
    supplier_label: str,
    window: tuple[int, int],
    scope: Scope,
    meta: Meta,
    *,
    top: int = 15,
) -> go.Figure:
    """A supplier's largest recipients in the window, ranked by TIV, with each one's share of the
    supplier's deliveries in scope and of its own imports. `recipients` from src.arms.supplier_recipients."""
    period = window_label(*window)
    shown = recipients.head(top).iloc[::-1]  # Plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=shown["tiv_supplier"],
            y=[f"{r} {n}" for r, n in zip(shown["rank"], shown["name"], strict=True)],
            orientation="h",
            marker_color=palette.supplier_colour(supplier),
            text=[
                f"{pct(a)} of its deliveries · {pct(b)} of the country's imports"
                for a, b in zip(shown["share_of_supplier_pct"], shown["share_pct"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{x:,.1f} TIV<br>%{text}<extra></extra>",
            name="TIV",
        )
    )
    fig.update_xaxes(
        title_text="TIV (millions)", range=[0, float(shown["tiv_supplier"].max()) * 1.9], automargin=True
    )
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False, bargap=0.25)
    where = "African states (geographic Africa, Egypt included)" if scope == "africa" else "States worldwide"
    more = f"; {len(recipients) - top} more in the table" if len(recipients) > top else ""
    return frame(
        fig,
        title=f"{supplier_label}'s largest arms recipients, {period}",
        subtitle=f"{where}, ranked by TIV received from {supplier_label}, {period}{more}",
        source=meta.source_line("sipri"),
        height=max(300, 170 + 26 * len(shown)),
        axis_space=40,
    )
