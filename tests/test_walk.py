"""Every valid view, walked (marker `walk`): the input space of each page is finite, so it is
enumerated rather than sampled. A crash that depends on the data inside a window (the coup map's
colour for "4 of 4 events", a share a hair above 100 %) is found by visiting the window, not by
drawing link shapes at random.

Two passes per page, through the pure builders (tables in, figure out, no Streamlit):

- **Every view's numbers**: for every combination of the values that change what is drawn, the
  aggregates the page computes and the colours, categories and bands its figures derive from them
  (the same functions the builders call), with their invariants: no NaN colour, shares within
  0-100 %, counts whole, every country in exactly one category.
- **Figures**: each figure is built (a `go.Figure`, never serialised) for every view where the product
  is small (exercises, interventions, every country's profile, every Report vs data window, read
  from evidence computed once), and for
  a covering array where it is not (coups, arms): every value of each parameter meets every value of
  every other (all pairs), the pair (first year, last year) excepted, since the windows are walked
  whole by the numbers pass; plus one view for each distinct largest count on the coups map.

The figures are checked where a reader would notice: every colour a colour, every share on a map
within 0-100 %, no "nan" or "None" in any text.

Shown to fail: with `palette.count_colours` as it was (Plotly's sample_colorscale at
0.2 + 0.8 * i / (n - 1)), test_every_coup_window_has_whole_counts_and_a_colour_each fails for 70
of its 76 first years (every year from which some window's busiest country has 4, 7, 13 or 25
events). A share can no longer come out above 100 %: each is now a column of one summed window
divided by that window's row total (src.analysis.arms.WindowTotals), and src.analysis.arms.share clamps as well; the
walk's bound on every share of every supplier in every window holds that in place.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from src.analysis import arms, claims, coups, interventions, profile, summaries
from src.analysis.mix import mix_subtitle, supplier_mix, supplier_mix_table
from src.data import loader as data
from src.data.meta import Meta
from src.figures import arms as arms_figures
from src.figures import claims as claim_figures
from src.figures import coups as coup_figures
from src.figures import exercises as exercise_figures
from src.figures import interventions as intervention_figures
from src.figures import palette
from src.figures import profile as profile_figures
from src.figures.common import TRACE_TYPES
from tests.covering import covering, covers_all_pairs

pytestmark = pytest.mark.walk

TABLES = data.load_tables()
META = Meta(data.read_descriptor())
COUNTRIES = TABLES["countries"]
VIEW = arms.transfers_view(TABLES, META.region_flags())
LABELS = arms.actor_labels(TABLES)
COUP_VIEW = coups.coup_view(TABLES)
COUP_YEARS = coups.year_span(COUP_VIEW)
ARMS_YEARS = META.coverage("arms_transfers_by_year")

# Checks on a built figure --------------------------------------------------------------------------

COLOUR = re.compile(r"^(#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{8}|rgba?\([0-9., ]+\)|[a-z]+)$")
NOT_A_NUMBER = re.compile(r"\b(nan|NaN|None|inf)\b")


def _colours(value: Any) -> Iterator[Any]:
    if isinstance(value, list | tuple):
        for item in value:
            yield from _colours(item)
    elif value is not None:
        yield value


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    else:
        yield path, node


def assert_sane(fig: go.Figure, *, shares: bool = False) -> None:
    """What a reader would notice: a colour that is not one, a share off 0-100 %, 'nan' in a text."""
    assert isinstance(fig, go.Figure)
    parts = [trace.to_plotly_json() for trace in fig.data] + [fig.layout.to_plotly_json()]
    for part in parts:
        for path, value in _walk(part):
            key = path.rsplit(".", 1)[-1]
            if key.endswith("color") and not key.startswith("autocolor"):
                for colour in _colours(value):
                    assert isinstance(colour, str) and COLOUR.match(colour), f"{path}: {colour!r}"
            elif key == "colorscale" and isinstance(value, list | tuple):
                for position, colour in value:
                    assert 0 <= position <= 1 and COLOUR.match(colour), f"{path}: {position!r}, {colour!r}"
            elif key in ("text", "hovertext", "hovertemplate", "name") or path.endswith("title.text"):
                for text in value if isinstance(value, list | tuple) else [value]:
                    if isinstance(text, str):
                        assert not NOT_A_NUMBER.search(text), f"{path}: {text[:200]!r}"
    for trace in fig.data:
        # The template keeps Plotly's defaults for these types only (figures.common.TRACE_TYPES).
        assert trace.type in TRACE_TYPES, f"{trace.type} is not in the template's trace types"
        if trace.type == "choropleth" and trace.z is not None:
            values = [float(z) for z in trace.z]
            assert all(math.isfinite(z) for z in values), trace.name
            if shares:
                assert all(0 <= z <= 100 for z in values), (trace.name, min(values), max(values))
    assert fig.layout.title.text, "every chart carries its title"


def windows(first: int, last: int) -> list[tuple[int, int]]:
    return [(start, end) for start in range(first, last + 1) for end in range(start, last + 1)]


# Coups in Africa: every window × failed attempts × map mode ------------------------------------------

COUP_MODES = ("count", "outcome")


@functools.cache
def coup_events(start: int, end: int, failed: bool, cline: bool = True) -> pd.DataFrame:
    return coups.select_events(COUP_VIEW, start, end, include_failed=failed, include_cline_only=cline)


@pytest.mark.parametrize("start", range(COUP_YEARS[0], COUP_YEARS[1] + 1))
def test_every_coup_window_has_whole_counts_and_a_colour_each(start):
    """Every window starting this year, with and without failed attempts and the events only the
    Cline Center records, in both map modes: the counts behind the map are whole and add up to the
    events, and each country with events falls in exactly one of the map's categories, whose colour
    is a colour."""
    for end in range(start, COUP_YEARS[1] + 1):
        for failed, cline in itertools.product((True, False), (True, False)):
            events = coup_events(start, end, failed, cline)
            if events.empty:
                continue  # the page says so in words, and draws nothing
            counts = coups.counts_by_country(events)
            assert (counts[["successful", "failed", "cline_only", "events"]] >= 0).all().all()
            assert counts["events"].sum() + counts["cline_only"].sum() == len(events)
            assert (counts["successful"] + counts["failed"]).equals(counts["events"])
            if not failed:
                assert counts["failed"].eq(0).all()
            if not cline:
                assert counts["cline_only"].eq(0).all()
            for mode in COUP_MODES:
                categories = coup_figures.map_categories(counts, mode)
                membership = sum(selected.astype(int) for selected, _, _ in categories)
                assert membership.eq(1).all(), (start, end, failed, cline, mode)
                for _, label, colour in categories:
                    assert COLOUR.match(colour), (start, end, failed, mode, label, colour)
                    if mode == "count" and label != coup_figures.CLINE_ONLY_LABEL:
                        assert re.fullmatch(r"[1-9][0-9]* events?", label)
            coups.event_table(events)
            coups.counts_table(counts)


COUP_PARAMS = {
    "start": tuple(range(COUP_YEARS[0], COUP_YEARS[1] + 1)),
    "end": tuple(range(COUP_YEARS[0], COUP_YEARS[1] + 1)),
    "failed": (True, False),
    "cline": (True, False),
    "map": COUP_MODES,
    # No country; one with events in most windows; one with none in Powell & Thyne's list (Tunisia:
    # only the Cline Center records its events); a small state drawn as a marker (São Tomé and Príncipe).
    "country": (None, "SDN", "TUN", "STP"),
}
WINDOW_PAIR = frozenset({frozenset({"start", "end"})})  # the windows are walked whole above


def _window_valid(row: dict[str, Any]) -> bool:
    return row.get("start", -math.inf) <= row.get("end", math.inf)


# All pairs: computed when the module is collected, so cheap (a few milliseconds).
COUP_ROWS = covering(COUP_PARAMS, skip=WINDOW_PAIR, valid=_window_valid)


def test_the_coup_views_cover_every_pair():
    assert covers_all_pairs(COUP_ROWS, COUP_PARAMS, WINDOW_PAIR, _window_valid)
    assert len(COUP_ROWS) < 1_000  # a few minutes on 2 cores


def yearly_counts(failed: bool, cline: bool) -> pd.DataFrame:
    """Events per country (rows) and year (columns), from each year's events."""
    years = range(COUP_YEARS[0], COUP_YEARS[1] + 1)
    counted = {
        year: coups.counts_by_country(coup_events(year, year, failed, cline)).set_index("iso3")["events"]
        for year in years
    }
    return pd.DataFrame(counted, columns=list(years)).fillna(0).astype(int)


def largest_count_rows() -> list[dict[str, Any]]:
    """One view for each distinct largest count on the map (the colour scale's length), with and without
    failed attempts and the Cline Center's own events, the first window (in order) that has it. A
    window's count is the sum of its years' counts (the test checks it on every view it draws), so every
    window's largest count comes from the yearly counts: selecting each of the 2,926 windows' events
    took about 15 s."""
    rows: list[dict[str, Any]] = []
    for failed, cline in itertools.product((True, False), (True, False)):
        # Per country: the events up to and including each year.
        upto = yearly_counts(failed, cline).cumsum(axis=1)
        seen: set[int] = set()
        for start, end in windows(*COUP_YEARS):
            before = upto[start - 1] if start > COUP_YEARS[0] else 0
            largest = int((upto[end] - before).max())
            if largest and largest not in seen:
                seen.add(largest)
                rows.append({"start": start, "end": end, "failed": failed, "cline": cline, "map": "count",
                             "country": None, "largest": largest})  # fmt: skip
    return rows


def _coup_view_figures(row: dict[str, Any]) -> list[go.Figure]:
    """What the Coups page draws for this view (pages/2_Coups.py), built as the page builds it."""
    years, failed, cline, country = (row["start"], row["end"]), row["failed"], row["cline"], row["country"]
    events = coup_events(*years, failed, cline)
    if events.empty:
        return []
    options = dict(years=years, show_failed=failed, meta=META, highlight=country, show_cline=cline)
    timeline = coup_figures.build_coup_timeline(events, **options)
    counts = coups.counts_by_country(events)
    coup_map = coup_figures.build_coup_map(counts, COUNTRIES, mode=row["map"], events=events, **options)
    first_year, last_year = years[0] - coups.REGIME_LEAD_YEARS, int(TABLES["regime_type"]["year"].max())
    strip = coups.regime_strip(
        TABLES["regime_type"], COUNTRIES, list(events["iso3"].unique()), first_year, last_year
    )
    regimes = coup_figures.build_regime_strip(
        strip, events, first_year=first_year, last_year=last_year, meta=META, highlight=country
    )
    summaries.coup_events(events, f"{years[0]}–{years[1]}")
    summaries.regime_strip(strip, last_year)
    coups.strip_table(strip)
    coups.event_table(events)
    coup_figures.source_line(META, events)
    return [timeline, coup_map, regimes]


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


@pytest.mark.parametrize("chunk", _chunks(COUP_ROWS, 40), ids=lambda c: f"{c[0]['start']}-{c[0]['end']}")
def test_every_coup_view_in_the_covering_array_draws(chunk):
    for row in chunk:
        for figure in _coup_view_figures(row):
            assert_sane(figure)


def test_each_largest_count_on_the_coup_map_draws():
    rows = largest_count_rows()
    assert len({(row["failed"], row["cline"]) for row in rows}) == 4  # each choice of both toggles
    for row in rows:
        events = coup_events(row["start"], row["end"], row["failed"], row["cline"])
        assert coups.counts_by_country(events)["events"].max() == row["largest"], row  # the years add up
        for figure in _coup_view_figures(row):
            assert_sane(figure)


# Arms suppliers: every window × scope × supplier × mode × scale × a country from each region ---------

ARMS_SCOPES = ("africa", "world")


@functools.cache
def totals(scope: str, start: int, end: int) -> arms.WindowTotals:
    return arms.window_totals(VIEW, COUNTRIES, start, end, scope)  # type: ignore[arg-type]


@functools.cache
def suppliers(scope: str, start: int, end: int) -> tuple[str, ...]:
    return tuple(arms.suppliers_by_volume(VIEW, start, end, scope))  # type: ignore[arg-type]


@functools.cache
def claims_in(start: int, end: int) -> pd.DataFrame:
    return claims.claims_against_data(
        TABLES["report_arms_supplier_claims"], VIEW, COUNTRIES, LABELS, start, end
    )


THRESHOLDS = arms_figures.share_thresholds(claims_in(*ARMS_YEARS))


SMALL_STATES = frozenset(COUNTRIES.loc[COUNTRIES["small_state"].fillna(False).astype(bool), "iso3"])


@pytest.mark.parametrize("scope", ARMS_SCOPES)
@pytest.mark.parametrize("start", range(ARMS_YEARS[0], ARMS_YEARS[1] + 1))
def test_every_arms_view_has_shares_within_0_to_100(scope, start):
    """Every window starting this year, every supplier with deliveries in it (the shares of all of
    them at once, as src.analysis.arms.shares_of reads them): each share within 0-100 %, each small state's
    marker colour a colour, and each share above 0 in exactly one band at the report's thresholds.
    The leading-supplier view likewise."""
    for end in range(start, ARMS_YEARS[1] + 1):
        window = totals(scope, start, end)
        active = list(suppliers(scope, start, end))
        assert set(active) <= set(window.shares.columns)
        shares = window.shares.reindex(window.places["iso3"])[active]  # no row: no imports
        values = shares.stack().dropna()  # places with no imports have no shares
        assert values.between(0, 100).all(), (scope, start, end, values[~values.between(0, 100)])
        assert (window.tiv.sum(axis=1) <= window.total * (1 + 1e-9)).all()
        small = values[values.index.get_level_values(0).isin(SMALL_STATES)]
        markers = arms_figures.marker_colours(pd.Series(palette.NO_DATA, index=small.index), small)
        assert markers.map(lambda c: bool(COLOUR.match(c))).all(), (scope, start, end)
        above_zero = values[values.gt(0)]
        bands = arms_figures.share_bands(above_zero, THRESHOLDS)
        assert sum(selected.astype(int) for selected, _, _ in bands).eq(1).all(), (scope, start, end)
        leading = arms.leading_suppliers(VIEW, COUNTRIES, start, end, scope)  # type: ignore[arg-type]
        assert leading.loc[leading["has_imports"], "share_pct"].between(0, 100).all()
        assert leading["leading_supplier"].dropna().isin(active).all()


# One country from each region (and none): the country panel, the highlight on the map.
REGION_COUNTRIES = (None, "NAM", "MOZ", "SDN", "EGY", "NGA", "IND", "UKR", "VEN", "MUS", "SYC")
ARMS_PARAMS = {
    "start": tuple(range(ARMS_YEARS[0], ARMS_YEARS[1] + 1)),
    "end": tuple(range(ARMS_YEARS[0], ARMS_YEARS[1] + 1)),
    "scope": ARMS_SCOPES,
    "mode": ("share", "leading"),
    "scale": ("continuous", "bins"),
    "country": REGION_COUNTRIES,
}


def arms_rows() -> list[dict[str, Any]]:
    """All pairs of the parameters; the supplier of each share view taken in turn from those active in
    its scope and window, so that every supplier is drawn at least once in each scope."""
    rows = covering(ARMS_PARAMS, skip=WINDOW_PAIR, valid=_window_valid)
    unseen = {scope: list(suppliers(scope, *ARMS_YEARS)) for scope in ARMS_SCOPES}
    for row in rows:
        active = suppliers(row["scope"], row["start"], row["end"])
        waiting = [s for s in unseen[row["scope"]] if s in active] if row["mode"] == "share" else []
        row["supplier"] = waiting[0] if waiting else (active[0] if active else None)
        if waiting:
            unseen[row["scope"]].remove(waiting[0])
    for scope, left in unseen.items():  # the rest, each in the whole span of years
        for index, supplier in enumerate(left):
            rows.append(
                {"start": ARMS_YEARS[0], "end": ARMS_YEARS[1], "scope": scope, "mode": "share",
                 "scale": ARMS_PARAMS["scale"][index % 2], "country": None, "supplier": supplier}
            )  # fmt: skip
    return rows


ARMS_ROWS = arms_rows()


def test_the_arms_views_cover_every_pair_and_every_supplier():
    assert covers_all_pairs(ARMS_ROWS, ARMS_PARAMS, WINDOW_PAIR, _window_valid)
    for scope in ARMS_SCOPES:
        drawn = {r["supplier"] for r in ARMS_ROWS if r["scope"] == scope and r["mode"] == "share"}
        assert set(suppliers(scope, *ARMS_YEARS)) <= drawn
    assert len(ARMS_ROWS) < 800


def _arms_view_figures(row: dict[str, Any]) -> list[tuple[go.Figure, bool]]:
    """What the Arms page draws for this view (pages/1_Arms_suppliers.py and src/web/sections/arms.py)."""
    window, scope, mode, country = (row["start"], row["end"]), row["scope"], row["mode"], row["country"]
    ctx = arms.ArmsContext(VIEW, COUNTRIES, LABELS, window, scope, mode, row["supplier"])
    shares = ctx.shares()
    drawn = [
        (
            arms_figures.build_arms_map(
                shares, COUNTRIES, claims_in(*window), highlight=country, mode=mode, supplier=ctx.supplier,
                labels=LABELS, window=window, scope=scope, meta=META, scale=row["scale"],
            ),
            mode == "share",
        )
    ]  # fmt: skip
    arms.map_table(shares, mode, LABELS, ctx.supplier)
    summaries.arms_map(shares, mode, ctx.label(), LABELS, ctx.period)
    if mode == "share":
        recipients = ctx.recipients()
        assert recipients["share_of_supplier_pct"].between(0, 100).all()
        drawn.append(
            (
                arms_figures.build_supplier_recipients_bar(
                    recipients, ctx.supplier, ctx.label(), window, scope, META
                ),
                False,
            )
        )
        summaries.supplier_recipients(recipients, ctx.label(), ctx.period)
        arms.recipients_table(recipients)
        ctx.not_on_map_note()
    if country:
        by_supplier = arms.recipient_suppliers(VIEW, country, *window)
        if not by_supplier.empty:
            assert by_supplier["share_pct"].between(0, 100).all()
            name = ctx.country(country)
            bar = arms_figures.build_recipient_suppliers_bar(
                by_supplier, country_name=name, labels=LABELS, window=window, meta=META
            )
            drawn.append((bar, False))
            summaries.recipient_suppliers(by_supplier, name, LABELS, ctx.period)
            arms.suppliers_table(by_supplier, LABELS)
        register = arms.deliveries_for(
            TABLES["arms_deliveries_africa"], TABLES["sipri_actors"], country, *window
        )
        arms.register_table(register, LABELS)
    return drawn


@pytest.mark.parametrize("chunk", _chunks(ARMS_ROWS, 25), ids=lambda c: f"{c[0]['scope']}-{c[0]['start']}")
def test_every_arms_view_in_the_covering_array_draws(chunk):
    for row in chunk:
        for figure, shares in _arms_view_figures(row):
            assert_sane(figure, shares=shares)


# Exercises: every non-empty set of organizations -----------------------------------------------------


def test_every_choice_of_exercises_draws():
    exercises = TABLES["report_exercises"]
    organizations = list(exercises["organization"])
    for mask in range(1, 2 ** len(organizations)):
        chosen = exercises[[bool(mask >> i & 1) for i in range(len(organizations))]]
        figure = exercise_figures.build_exercises_chart(chosen, footnotes=TABLES["footnotes"], meta=META)
        assert_sane(figure)
        table = exercise_figures.exercises_table(chosen)
        assert len(table) == len(chosen)
        summaries.exercises(chosen)


# Interventions: every filter value (and none) × every other, with each highlighted country ----------

RELATIONS = interventions.relation_view(TABLES)


def test_every_interventions_filter_draws():
    actors, targets, kinds = interventions.filter_options(RELATIONS)
    highlights = [None, *targets]
    drawn = 0
    for actor in [(), *((a,) for a in actors)]:
        for target in [(), *((t,) for t in targets)]:
            for kind in [(), *((k,) for k in kinds)]:
                filters = {"actor": actor, "target": target, "kind": kind}
                shown = interventions.filter_relations(RELATIONS, **filters)
                if shown.empty:
                    continue  # the page says "No relation matches these filters."
                for highlight in highlights:
                    figure = intervention_figures.build_interventions_map(
                        shown, COUNTRIES, meta=META, highlight=highlight, filters=filters
                    )
                    assert_sane(figure)
                    drawn += 1
                interventions.relation_table(shown)
                summaries.interventions(shown)
    assert drawn >= len(actors) * len(highlights)


# Country profile: every country, alone; every country in a comparison -------------------------------

PROFILE_YEARS = profile.timeline_years(META)
REGIME_ROWS = profile.regime_rows(TABLES)
PROFILE_COUNTRIES = sorted(data.country_names(COUNTRIES))


@pytest.mark.parametrize("letter", sorted({c[0] for c in PROFILE_COUNTRIES}))
def test_every_country_profile_draws(letter):
    for iso3 in [c for c in PROFILE_COUNTRIES if c[0] == letter]:
        mine = profile.country_view(VIEW, iso3)
        line = profile.timeline(TABLES, mine, COUP_VIEW, iso3, PROFILE_YEARS, ARMS_YEARS, META.great_powers)
        assert_sane(profile_figures.build_profile_timeline(line, meta=META, labels=LABELS))
        shares = profile.shares_by_window(mine, iso3, profile.share_windows(META), LABELS)
        share_columns = [c for c in shares.columns if c.startswith("Share")]
        assert shares[share_columns].stack().dropna().between(0, 100).all(), iso3
        grid = profile.claim_grid(EVIDENCE, iso3)
        if not grid.empty:
            assert_sane(
                claim_figures.build_verdict_grid(grid, title=iso3, subtitle="", source="Source: test")
            )
            claims.verdict_table(profile.claim_verdicts(EVIDENCE, iso3))
        profile.regime_verdicts(REGIME_ROWS, iso3, META.regime_words())
        profile.report_statements(TABLES, iso3)
        profile.involvement(RELATIONS, TABLES["regional_memberships"], COUNTRIES, iso3)


def test_every_country_draws_in_a_comparison():
    most = 6
    for start in range(0, len(PROFILE_COUNTRIES), most):
        compared = PROFILE_COUNTRIES[start : start + most]
        if len(compared) < 2:
            compared = [PROFILE_COUNTRIES[0], *compared]
        lines = [
            profile.timeline(TABLES, VIEW, COUP_VIEW, c, PROFILE_YEARS, ARMS_YEARS, META.great_powers)
            for c in compared
        ]
        peak = max(line.peak_tiv for line in lines)
        figures = profile_figures.line_up(
            [
                profile_figures.build_profile_timeline(
                    line, meta=META, labels=LABELS, tiv_max=peak, compact=True
                )
                for line in lines
            ]
        )
        for figure in figures:
            assert_sane(figure)
        windows_ = profile.share_windows(META)
        profile.compare_table(VIEW, COUNTRIES, compared, windows_, LABELS, META.great_powers)


# Report vs data: every window; every country the report names -----------------------------------------

ARMS_CLAIMS = TABLES["report_arms_supplier_claims"]
# Every claim under every reading in every window, computed once: each window's grid is read from it.
EVIDENCE = claims.claim_evidence(ARMS_CLAIMS, VIEW, COUNTRIES, META)
VERDICTS = claims.claim_verdicts(EVIDENCE)
SUBTITLE = claim_figures.grid_subtitle(META.volume_rule().min_base_tiv)


@pytest.mark.parametrize("start", range(ARMS_YEARS[0], ARMS_YEARS[1] + 1))
def test_every_report_vs_data_window_draws(start):
    """Every picked window: shares within 0-100 %, no tick where there is too little to judge, and
    the grid, its phone version, its verdicts and its CSV table drawn."""
    for end in range(start, ARMS_YEARS[1] + 1):
        grid = claims.claim_grid(EVIDENCE, (start, end))
        values = grid.loc[grid["unit"].eq("percent"), "value"].dropna()
        assert values.between(0, 100).all(), (start, end)
        little = grid["status"].eq(claims.TOO_LITTLE)
        assert grid.loc[little, "holds"].isna().all() and not grid.loc[little, "windows_holding"].any()
        for title, supplier, part in claims.grid_sections(grid):
            figure = claim_figures.build_verdict_grid(
                part, title=title, subtitle=SUBTITLE, source="Source: test"
            )
            assert_sane(figure)
            summaries.verdicts(claims.verdict_table(VERDICTS[VERDICTS["supplier"].eq(supplier)]))
        claims.grid_table(grid)


def test_the_phone_grid_and_its_cards_draw():
    """A phone's grid keeps the robustness column only, which no picked window changes: drawn once."""
    grid = claims.claim_grid(EVIDENCE)
    for title, supplier, part in claims.grid_sections(grid):
        figure = claim_figures.build_verdict_grid(
            part, title=title, subtitle=SUBTITLE, source="Source: test", columns="robustness"
        )
        assert_sane(figure)
        assert list(figure.data[0].x) == [claim_figures.ERA_COLUMN]
        cards = claims.claim_cards(VERDICTS[VERDICTS["supplier"].eq(supplier)])
        assert len(cards) == part["claim_id"].nunique() and all(lines for _, _, lines in cards)


def test_every_named_country_mix_draws():
    named = list(dict.fromkeys(ARMS_CLAIMS["iso3"].dropna().astype(str)))
    for iso3 in named:
        mix = supplier_mix(VIEW, data.country_names(COUNTRIES), [iso3], META.great_powers)
        if mix.empty:
            continue
        cutoff = claims.source_cutoff(ARMS_CLAIMS, iso3)
        figure = claim_figures.build_supplier_mix(
            mix, first_year=ARMS_YEARS[0], last_year=ARMS_YEARS[1], labels=LABELS, source_cutoff=cutoff,
            title=iso3, subtitle=mix_subtitle(cutoff), source="Source: test",
        )  # fmt: skip
        assert_sane(figure)
        supplier_mix_table(mix, *ARMS_YEARS, LABELS)
