"""Figures of the arms-suppliers page: share map, leading-supplier map, a country's suppliers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from src.analysis.arms import DELIVERIES_TO, Scope
from src.analysis.claims import describe_claim
from src.data.meta import Meta, footnote_refs
from src.data.text import pct, tiv, window_label
from src.figures import geo, palette
from src.figures.common import frame
from src.figures.plain import plain_text_in


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


def _claim_lines(claims: pd.DataFrame, window: tuple[int, int]) -> pd.Series:
    """Per country (iso3), the report's claims about it with the data beside them, as hover lines."""
    if claims.empty:
        return pd.Series(dtype=str)
    return pd.Series(
        {
            iso3: "<br>".join(claim_text(claim, window) for _, claim in group.iterrows())
            for iso3, group in claims.groupby("iso3", sort=True)
        },
        dtype=str,
    )


def _with_claims(hover: pd.Series, iso3: pd.Series, claim_lines: pd.Series) -> pd.Series:
    """Each country's own hover, followed by what the report says about it (if it names it)."""
    extra = iso3.map(claim_lines).astype(object)  # all missing would be float: no text to fill it with
    return hover.where(extra.isna(), hover + "<br>" + extra.fillna(""))


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


# The report's claims, ringed: one symbol per supplier the claims are about.
CLAIM_SYMBOLS = ("circle-open", "square-open", "diamond-open", "star-open")


def _named_marker_traces(
    claims: pd.DataFrame, countries: pd.DataFrame, by_supplier: bool
) -> list[go.Scattergeo]:
    """Open rings on the countries the report names (one symbol per supplier if by_supplier). They
    take no hover: the claim is in the country's own hover, which a ring would otherwise hide."""
    groups = list(claims.groupby("supplier", sort=True)) if by_supplier else [(None, claims)]
    traces = []
    for (supplier, group), symbol in zip(groups, CLAIM_SYMBOLS, strict=False):
        named = _points(group.drop_duplicates("iso3"), countries)
        about = f", about {group['supplier_label'].iloc[0]}" if supplier else ""
        traces.append(
            go.Scattergeo(
                lat=named["lat"],
                lon=named["lon"],
                customdata=named["iso3"],
                hoverinfo="skip",
                mode="markers",
                marker=dict(symbol=symbol, size=17, color=palette.HIGHLIGHT, line=dict(width=2)),
                name=f"Named in the report{about} ({footnote_refs(group['footnote'])})",
            )
        )
    return traces


def _highlight_traces(iso3: str | None, points: pd.DataFrame) -> list[go.BaseTraceType]:
    if not iso3 or iso3 not in set(points["iso3"]):
        return []
    row = points[points["iso3"].eq(iso3)].iloc[0]
    traces = geo.outline(iso3, f"Selected: {row['name']}")
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
    scope: Scope,
    highlight: str | None,
    by_supplier: bool = False,
) -> None:
    """What every arms map draws over its colours: the report's rings, the selection, the frame."""
    if not claims.empty:
        fig.add_traces(_named_marker_traces(claims, countries, by_supplier))
    fig.add_traces(_highlight_traces(highlight, points))
    geo.style_geo(fig, scope)
    # One horizontal legend above the map: frame() makes room for as many rows as it needs.
    fig.update_layout(
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=12)),
        clickmode="event+select",
    )


def _map_source(meta: Meta, claims: pd.DataFrame, note: str = "") -> str:
    """SIPRI, and the report by the footnotes of the claims ringed on the map."""
    if claims.empty:
        return meta.source_line("sipri", note=note)
    return meta.source_line("sipri", "report", footnotes=claims["footnote"], note=note)


def marker_colours(colours: pd.Series, values: pd.Series | None = None) -> pd.Series:
    """The colour of each small state's marker: on the share scale where `values` holds a share (in
    percent), else its colour in `colours`."""
    if values is None:
        return colours
    shares = values.reindex(colours.index)
    scale = palette.sample(palette.SHARE_SCALE, (shares.fillna(0) / 100).tolist())
    return colours.where(shares.isna(), pd.Series(scale, index=colours.index))


def _small_state_trace(
    points: pd.DataFrame, hover: pd.Series, colours: pd.Series, values: pd.Series | None = None
) -> go.Scattergeo:
    """Small states as diamonds, coloured as their shape would be: on the share scale where `values`
    holds a share, else in `colours` (white for 0 %, grey for no imports, a band's or supplier's
    colour)."""
    small = points[points["small_state"] & points["lat"].notna()]
    colour = marker_colours(colours.reindex(small.index), values)
    return go.Scattergeo(
        lat=small["lat"],
        lon=small["lon"],
        text=hover.reindex(small.index),
        customdata=small["iso3"],
        hovertemplate="%{text}<extra>small state</extra>",
        mode="markers",
        marker=dict(size=11, line=dict(color="#333333", width=1), symbol="diamond", color=colour.tolist()),
        name="Small state (drawn as a marker)",
    )


def share_thresholds(claims: pd.DataFrame) -> list[float]:
    """The share thresholds the report's claims use ('more than half', 'more than 90%')."""
    if claims.empty or "share_lower_bound_pct" not in claims:
        return []
    return sorted({float(v) for v in claims["share_lower_bound_pct"].dropna()})


def share_bins(thresholds: list[float]) -> list[tuple[str, float, float]]:
    """(label, low, high] bins of shares above 0: up to the first threshold, between thresholds, and
    more than the last (the report's 'more than')."""
    edges = [0.0, *thresholds, 100.0]
    bins = []
    for low, high in zip(edges, edges[1:], strict=False):
        if low == 0:
            label = f"Above 0%, up to {high:.0f}%"
        elif high == 100:
            label = f"More than {low:.0f}%"
        else:
            label = f"More than {low:.0f}%, up to {high:.0f}%"
        bins.append((label, low, high))
    return bins


def share_bands(shares: pd.Series, thresholds: list[float]) -> list[tuple[pd.Series, str, str]]:
    """Shares above 0 % in bands at the report's thresholds, as (which shares fall in the band, its
    label, its colour); every share in (0, 100] falls in exactly one band."""
    return [
        (shares.gt(low) & shares.le(high), label, colour)
        for (label, low, high), colour in zip(
            share_bins(thresholds), bin_colours(len(thresholds) + 1), strict=True
        )
    ]


def bin_colours(n: int) -> list[str]:
    """n colours of the share scale, light to dark; the lightest well away from the 0 % white."""
    return palette.ramp(n, 0.15)


@plain_text_in
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
    scale: str = "continuous",
) -> go.Figure:
    """Each country coloured by the supplier's share of its arms imports in the window.

    `shares` comes from src.analysis.arms.supplier_shares; `claims` from src.analysis.claims.claims_against_data: only
    the claims about this supplier are ringed, and the thresholds of all of them make the bands.
    scale: 'continuous' (a colour bar from 0 to 100 %) or 'bins' (bands at the report's thresholds).
    Countries with no recorded imports are grey, and countries that imported nothing from this
    supplier white: neither is ever a share colour.
    """
    period = window_label(*window)
    thresholds = share_thresholds(claims)
    claims = claims[claims["supplier"].eq(supplier)] if not claims.empty else claims
    points = _points(shares, countries)
    hover = points.apply(_share_hover, axis=1, supplier_label=supplier_label, period=period)
    hover = _with_claims(hover, points["iso3"], _claim_lines(claims, window))
    with_share = points[points["has_imports"] & points["share_pct"].gt(0)]
    none_from = points[points["has_imports"] & points["share_pct"].eq(0)]
    without = points[~points["has_imports"]]
    colours = pd.Series(palette.NO_DATA, index=points.index)
    colours[none_from.index] = palette.ZERO_SHARE
    fig = go.Figure()
    binned = scale == "bins" and bool(thresholds)
    if binned:
        for selected, label, colour in share_bands(with_share["share_pct"], thresholds):
            rows = with_share[selected]
            colours[rows.index] = colour
            fig.add_trace(geo.flat_choropleth(rows["iso3"], colour, label, hover.reindex(rows.index)))
    else:
        fig.add_trace(
            go.Choropleth(
                locations=with_share["iso3"],
                z=with_share["share_pct"],
                text=hover.reindex(with_share.index),
                hovertemplate="%{text}<extra></extra>",
                locationmode="ISO-3",
                colorscale=palette.SHARE_SCALE,
                zmin=0,
                zmax=100,
                marker=dict(line=dict(color=palette.BORDER, width=0.6)),
                # Over the empty ocean at the map's lower left (the South Atlantic, or the South
                # Pacific on the world map): it takes no room from the map.
                colorbar=dict(
                    title=dict(text=f"Share from {supplier_label}", side="top", font=dict(size=12)),
                    # 0 % is white, off this scale: the bar's lowest colour is for the smallest shares.
                    tickvals=[0, 25, 50, 75, 100],
                    ticktext=["above 0%", "25%", "50%", "75%", "100%"],
                    # Each label just below its tick: "100%" clears the title above the bar.
                    ticklabelposition="outside bottom",
                    x=0.01,
                    xanchor="left",
                    y=0.03,
                    yanchor="bottom",
                    len=0.36,
                    thickness=12,
                    bgcolor="rgba(255,255,255,0.85)",
                ),
                name=f"Share from {supplier_label}",
            )
        )
    zero = f"0% from {supplier_label}"
    fig.add_trace(
        geo.flat_choropleth(
            none_from["iso3"],
            palette.ZERO_SHARE,
            zero,
            hover.reindex(none_from.index),
            line=palette.ZERO_SHARE_BORDER,
            showlegend=False,
            legendgroup="zero",
        )
    )
    fig.add_trace(geo.legend_key(zero, palette.ZERO_SHARE, palette.ZERO_SHARE_BORDER, "zero"))
    fig.add_trace(
        geo.flat_choropleth(
            without["iso3"], palette.NO_DATA, f"No recorded imports, {period}", hover.reindex(without.index)
        )
    )
    shown_share = None if binned else with_share["share_pct"]
    fig.add_trace(_small_state_trace(points, hover, colours, shown_share))
    _add_claims_and_highlight(fig, claims, countries, points, scope=scope, highlight=highlight)
    region = "African countries" if scope == "africa" else "Countries"
    bands = (
        f"; bands at the report's thresholds ({', '.join(f'{t:.0f}%' for t in thresholds)})" if binned else ""
    )
    return frame(
        fig,
        title=f"{supplier_label}'s share of each country's arms imports, {period}",
        subtitle=f"{region}: share of imports of major conventional arms (SIPRI trend-indicator values) "
        f"from {supplier_label}{bands}. White: none from {supplier_label}; grey: no recorded imports.",
        source=_map_source(
            meta, claims, "Rings: countries the report names; its figures cover years it does not state."
        ),
        width="wide" if scope == "africa" else "full",
        map_aspect=geo.scope_aspect(scope),
    )


@plain_text_in
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
    """Each country coloured by its largest supplier in the window (one colour per supplier); the
    report's claims about every supplier ringed, one symbol per supplier."""
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

    texts = _with_claims(points.apply(hover, axis=1), points["iso3"], _claim_lines(claims, window))
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
    fig.add_trace(_small_state_trace(points, texts, marker_colours))
    _add_claims_and_highlight(
        fig, claims, countries, points, scope=scope, highlight=highlight, by_supplier=True
    )
    region = "African countries" if scope == "africa" else "Countries"
    return frame(
        fig,
        title=f"Largest arms supplier of each country, {period}",
        subtitle=f"{region}: the supplier with the largest share of imports of major conventional arms "
        f"(SIPRI trend-indicator values), {period}",
        source=_map_source(meta, claims, "Rings: countries the report names, one symbol per supplier."),
        width="wide" if scope == "africa" else "full",
        map_aspect=geo.scope_aspect(scope),
    )


@plain_text_in
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
        plot_height=max(90, 30 * len(rows)),
        axis_space=40,
        width="narrow",
    )


# Not wrapped in plain_text_in: both builders it calls are (escaping twice would copy every frame twice).
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
    scale: str = "continuous",
) -> go.Figure:
    """The arms page's map: one supplier's shares (mode 'share', on the colour `scale`) or each
    country's leading supplier. `shares` comes from src.analysis.arms.map_shares with the same mode."""
    common = dict(window=window, scope=scope, meta=meta, highlight=highlight)
    if mode == "share":
        label = labels.get(supplier or "", supplier or "")
        return build_supplier_share_map(
            shares, countries, claims, supplier=supplier or "", supplier_label=label, scale=scale, **common
        )
    return build_leading_supplier_map(shares, countries, claims, labels=labels, **common)


@plain_text_in
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
    supplier's deliveries in scope and of its own imports. `recipients` from src.analysis.arms.supplier_recipients."""
    period = window_label(*window)
    shown = recipients.head(top).iloc[::-1]  # Plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=shown["tiv_supplier"],
            y=[f"{r} {n}" for r, n in zip(shown["rank"], shown["name"], strict=True)],
            orientation="h",
            marker_color=palette.supplier_colour(supplier),
            # The label is the share beside the bar, short enough for a phone; the hover says both shares.
            text=[f"{pct(b)} of its imports" for b in shown["share_pct"]],
            customdata=[
                f"{pct(a)} of {supplier_label}'s deliveries {DELIVERIES_TO[scope]} · "
                f"{pct(b)} of {n}'s arms imports"
                for a, b, n in zip(
                    shown["share_of_supplier_pct"], shown["share_pct"], shown["name"], strict=True
                )
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{x:,.1f} TIV<br>%{customdata}<extra></extra>",
            name="TIV",
        )
    )
    fig.update_xaxes(
        title_text="TIV (millions)", range=[0, float(shown["tiv_supplier"].max()) * 1.5], automargin=True
    )
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False, bargap=0.25)
    where = "African states (geographic Africa, Egypt included)" if scope == "africa" else "States worldwide"
    more = f"; {len(recipients) - top} more in the table" if len(recipients) > top else ""
    return frame(
        fig,
        title=f"{supplier_label}'s largest arms recipients, {period}",
        subtitle=f"{where}, ranked by TIV received from {supplier_label}, {period}; beside each bar: the "
        f"share of that country's arms imports that came from {supplier_label}{more}",
        source=meta.source_line("sipri"),
        height=max(300, 170 + 26 * len(shown)),
        axis_space=40,
        width="wide" if scope == "africa" else "full",  # under the Africa map, in its column
    )
