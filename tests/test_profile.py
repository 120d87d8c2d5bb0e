"""Country profile: one time axis for arms, coups and regime; every country opens; compare restores from
its link; a country with no data says so; every map links a selected country to its profile."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from src import export
from src.analysis import coups, profile, sources
from src.figures import profile as profile_figures
from src.web import state
from tests.conftest import all_text, figure_spec, shows_footnote, static_tables, table_text, trace
from tests.test_pages import ARMS, COUPS, INTERVENTIONS, charts, open_page, shown, url, warnings

PROFILE = "pages/6_Country_profile.py"


@pytest.fixture(scope="module")
def timeline_of(tables, view, meta):
    coup_view = coups.coup_view(tables)
    years, arms_years = profile.timeline_years(meta), meta.coverage("arms_transfers_by_year")
    return lambda iso3: profile.timeline(tables, view, coup_view, iso3, years, arms_years, meta.great_powers)


def axis_of(trace_spec: dict, letter: str) -> str:
    return trace_spec.get(f"{letter}axis", letter)


# The shared time axis (pure: the figure's spec) ------------------------------------------------------------


def test_arms_bars_coup_marks_and_regime_strip_share_one_x_axis(timeline_of, meta, labels):
    """Burkina Faso: arms bars, coup marks and the regime strip are traces on ONE x axis (three y axes
    stacked on it), running from the first year of the arms data to the last year of the data."""
    spec = figure_spec(profile_figures.build_profile_timeline(timeline_of("BFA"), meta=meta, labels=labels))
    drawn = [t for t in spec["data"] if t.get("name") != "axis"]
    assert {axis_of(t, "x") for t in spec["data"]} == {"x"}
    assert not any(key.startswith("xaxis") and key != "xaxis" for key in spec["layout"])
    by_panel = {axis: [t for t in drawn if axis_of(t, "y") == axis] for axis in ("y", "y2", "y3")}
    arms_bars, coup_marks, strip = by_panel["y"], by_panel["y2"], by_panel["y3"]
    assert arms_bars and all(t["type"] == "bar" for t in arms_bars)
    assert sum(sum(t["y"]) for t in arms_bars) > 0
    assert {t["name"] for t in coup_marks} >= {"Successful coups", "Failed attempts"}
    assert {t["name"] for t in strip} <= {"Closed autocracy", "Electoral autocracy", "Electoral democracy",
                                          "Liberal democracy"}  # fmt: skip
    assert strip and all(t["type"] == "bar" for t in strip)
    first_arms_year = meta.coverage("arms_transfers_by_year")[0]
    assert spec["layout"]["xaxis"]["range"][0] == first_arms_year - 0.5
    # The panels are stacked, not overlapping: the strip at the bottom, the bars on top.
    domains = {axis: spec["layout"][f"yaxis{axis[1:]}"]["domain"] for axis in ("y", "y2", "y3")}
    assert domains["y3"][1] <= domains["y2"][0] and domains["y2"][1] <= domains["y"][0]


def test_coup_marks_sit_on_their_dates_with_clines_dating_in_the_hover(timeline_of, meta):
    line = timeline_of("BFA")
    spec = figure_spec(profile_figures.build_profile_timeline(line, meta=meta))
    marks = trace(spec, "Successful coups")
    events = line.events[line.events["outcome"].eq("successful")]
    for x, date in zip(marks["x"], events["date"], strict=True):
        assert date.year - 0.5 < x < date.year + 0.5  # inside its year's bar
    # Cline dates the January 2022 coup a day later than Powell & Thyne; the hover says so.
    january = [text for text in marks["text"] if "23 Jan 2022" in text][0]
    assert "Cline 2.1.2 dates it differently: 24 Jan 2022 (1 day later)" in january


def test_regime_strip_follows_the_data(timeline_of, meta, tables):
    """Each year of the strip has the RoW category of that year in the regime table."""
    line = timeline_of("MLI")
    spec = figure_spec(profile_figures.build_profile_timeline(line, meta=meta))
    drawn = {(year, t["name"].lower()) for t in spec["data"] if axis_of(t, "y") == "y3" for year in t["x"]}
    regimes = tables["regime_type"]
    mali = regimes[regimes["iso3"].eq("MLI") & regimes["year"].ge(line.years[0])]
    assert drawn == {
        (int(y), str(label)) for y, label in zip(mali["year"], mali["regime_label"], strict=True)
    }


def test_a_country_with_nothing_says_so_in_the_figure(timeline_of, meta):
    spec = figure_spec(profile_figures.build_profile_timeline(timeline_of("OWID_GDR"), meta=meta))
    text = all_text(spec)
    assert "SIPRI records no deliveries of major arms to East Germany (1949–1990) in 2000–2023." in text
    assert "No coup events recorded in 2000–2025" in text
    assert "No V-Dem category for these years" in text


# Pure tables ----------------------------------------------------------------------------------------------


def test_shares_by_window_use_the_arms_share_definition(view, labels):
    windows = [(2000, 2019), (2019, 2023)]
    table = profile.shares_by_window(view, "NAM", windows, labels).set_index("Supplier")
    rows = view[view["recipient_iso3"].eq("NAM") & view["recipient_kind"].eq("state")]
    for start, end in windows:
        part = rows[rows["year"].between(start, end)]
        total = part["tiv"].sum()
        china = part.loc[part["supplier"].eq("China"), "tiv"].sum()
        label = f"{start}–{end}"
        assert table.loc["All suppliers", f"TIV {label} (millions)"] == round(total, 1)
        if total:
            assert table.loc["China", f"Share {label} (%)"] == round(100 * china / total, 1)
        else:
            assert pd.isna(table.loc["China", f"Share {label} (%)"])


def test_involvement_names_the_role(tables):
    from src.analysis import interventions

    relations = interventions.relation_view(tables)
    memberships, countries = tables["regional_memberships"], tables["countries"]

    def roles(iso3: str) -> dict[str, str]:
        found = profile.involvement(relations, memberships, countries, iso3)
        return dict(zip(found["relation_id"], found["role"], strict=True))

    assert roles("RUS") == {"russia-SYR": "actor", "wagner-MLI": "sponsor (acts through Wagner Group)",
                            "wagner-SDN": "sponsor (acts through Wagner Group)"}  # fmt: skip
    assert roles("MOZ")["sadc-MOZ"] == "target"
    assert roles("NAM")["sadc-MOZ"] == "member of the actor (SADC)"
    assert roles("GHA")["china-pme-africa"].startswith("in the target region")
    assert roles("FRA") == {}


# The page, for every country ----------------------------------------------------------------------------


def tables_on(at: AppTest) -> list[pd.DataFrame]:
    """The page's tables as shown: its data grids, then its static tables (as text, src/web/tables.py)."""
    return [frame.value for frame in at.dataframe] + static_tables(at)


def page_text(at: AppTest) -> str:
    """Everything the page shows as text: Markdown, captions, notes, tables and chart texts."""
    parts = [
        shown(e.value) for kind in ("markdown", "caption", "info", "warning", "title") for e in at.get(kind)
    ]
    parts += [table_text(frame) for frame in tables_on(at)]
    parts += [all_text(spec) for spec in charts(at)]
    return "\n".join(parts)


def profile_failures(countries: list[tuple[str, str]], linked: dict[str, set[int]]) -> list[str]:
    """Open the profile of each (iso3, name) in turn in one AppTest; what went wrong, per country: an
    exception, a wrong title or a warning, no shared time axis (its third y axis, the regime strip), or
    a footnote the Sources page links to this profile that the profile does not show."""
    at = open_page(PROFILE)
    failures = []
    for iso3, name in countries:
        at.query_params[state.COUNTRY] = iso3
        at.run()
        if at.exception:
            failures.append(f"{iso3}: {at.exception[0].value}")
            continue
        if shown(at.title[0].value) != f"Country profile: {name}" or at.warning:
            failures.append(f"{iso3}: title {at.title[0].value!r}, warnings {[w.value for w in at.warning]}")
        first_chart = at.get("plotly_chart")[0].proto.spec if at.get("plotly_chart") else ""
        if '"yaxis3"' not in first_chart or "TIV (millions)" not in first_chart:
            failures.append(f"{iso3}: no shared time axis")
        if missing := [n for n in sorted(linked.get(iso3, ())) if not shows_footnote(page_text(at), n)]:
            failures.append(f"{iso3}: footnotes {missing} linked from Sources and methods are not shown")
    return failures


# The countries in parts that pytest-xdist spreads over the cores (make quick, make test); without it, the
# parts run in turn (about a minute and a half in all on one core). Each part is one AppTest.
PROFILE_PARTS = 8


@pytest.mark.parametrize("part", range(PROFILE_PARTS))
def test_a_profile_runs_for_every_country_in_the_countries_table(tables, part):
    """Every country of the countries table (every PROFILE_PARTS-th, from this part's), each in turn."""
    linked: dict[str, set[int]] = {}
    for _, use in sources.footnote_uses(tables).iterrows():
        for iso3 in use["countries"]:
            linked.setdefault(iso3, set()).add(int(use["footnote"]))
    codes, names = tables["countries"]["iso3"].astype(str), tables["countries"]["name"].astype(str)
    countries = list(zip(codes, names, strict=True))[part::PROFILE_PARTS]
    failures = profile_failures(countries, linked)
    assert not failures, failures


def test_a_country_with_no_arms_imports_says_so_in_one_line(tables, view):
    has_imports = set(view.loc[view["recipient_kind"].eq("state") & view["tiv"].gt(0), "recipient_iso3"])
    african = tables["countries"][tables["countries"]["africa_geographic"]]
    iso3, name = next(
        (c, n) for c, n in zip(african["iso3"], african["name"], strict=True) if c not in has_imports
    )
    at = open_page(PROFILE, country=iso3)
    line = f"SIPRI records no deliveries of major arms to {name} in 2000–2023."
    assert [shown(i.value) for i in at.info].count(line) == 1
    assert not [f for f in tables_on(at) if "Supplier" in f.columns]  # no empty shares table


def test_a_country_with_everything(tables):
    """Mali: shares by window, deliveries, coups, interventions (Wagner), statements and verdicts."""
    at = open_page(PROFILE, country="MLI")
    assert not at.info
    assert not at.dataframe  # the page loads no grid code until the reader asks for the deliveries
    at.toggle(key="profile_register:shown").set_value(True).run()
    tables_shown = {frame.columns[0]: frame for frame in tables_on(at)}
    assert {"Supplier", "Delivered", "Date", "Role of Mali"} <= set(tables_shown)
    text = page_text(at)
    assert "Wagner Group" in text and shows_footnote(text, 124)
    assert "each a hybrid regime or autocracy (fn 142)" in text
    coup_table = tables_shown["Date"]
    assert (coup_table["Date"] == "2020-08-18").any() and (coup_table["Report footnote"] == "142").any()


def test_profile_link_restores_and_picker_changes_country():
    at = open_page(PROFILE, country="NAM")
    assert url(at) == {"country": "NAM"}
    assert at.selectbox(key="url:country").value == "NAM"
    at.selectbox(key="url:country").set_value("ZWE").run()
    assert url(at)["country"] == "ZWE"
    assert shown(at.title[0].value) == "Country profile: Zimbabwe"


# Compare ------------------------------------------------------------------------------------------------


def compare_specs(at: AppTest) -> dict[str, dict]:
    return {
        element.key.removeprefix("compare_"): figure_spec(element.proto.spec)
        for element in at.get("plotly_chart")
        if str(element.key).startswith("compare_")
    }


def test_compare_restores_from_its_link_on_the_same_axes():
    at = open_page(PROFILE, countries="MOZ,NAM,ZWE")
    assert url(at)[state.COMPARE] == "MOZ,NAM,ZWE"
    assert at.multiselect(key=f"url:{state.COMPARE}").value == ["MOZ", "NAM", "ZWE"]
    assert "url:country" not in [box.key for box in at.selectbox]  # one box chooses what is compared
    specs = compare_specs(at)
    assert list(specs) == ["MOZ", "NAM", "ZWE"]
    assert [s["layout"]["title"]["text"] for s in specs.values()] == ["<b>Mozambique</b>", "<b>Namibia</b>",
                                                                      "<b>Zimbabwe</b>"]  # fmt: skip
    assert len({tuple(s["layout"]["yaxis"]["range"]) for s in specs.values()}) == 1  # the same TIV axis
    assert len({tuple(s["layout"]["xaxis"]["range"]) for s in specs.values()}) == 1  # the same years
    yearly: dict[tuple[str, int], float] = {}
    for iso3, spec in specs.items():
        for bars in (t for t in spec["data"] if t["type"] == "bar" and axis_of(t, "y") == "y"):
            for year, value in zip(bars["x"], bars["y"], strict=True):
                yearly[iso3, year] = yearly.get((iso3, year), 0.0) + value
    peak = max(yearly.values())  # the largest yearly total of the three: every axis reaches it
    assert specs["MOZ"]["layout"]["yaxis"]["range"][1] >= peak > 0
    assert not at.dataframe  # no grid: the compared shares are a short static table
    (table,) = static_tables(at)
    assert list(dict.fromkeys(table["Country"])) == ["Mozambique", "Namibia", "Zimbabwe"]


def test_compared_plots_line_up():
    """Sudan's legend and source line are longer than Mozambique's: both get the same margins and plot
    height, so their axes line up side by side."""
    at = open_page(PROFILE, countries="MOZ,SDN")
    layouts = [s["layout"] for s in compare_specs(at).values()]
    assert len({(lay["height"], lay["margin"]["t"], lay["margin"]["b"]) for lay in layouts}) == 1


def test_compare_changes_go_to_the_link():
    at = open_page(PROFILE, country="MOZ")
    box = at.multiselect(key=f"url:{state.COMPARE}")
    assert box.value == ["MOZ"]  # starts from the country shown
    box.set_value(["MOZ", "NAM"]).run()
    assert url(at)[state.COMPARE] == "MOZ,NAM"
    assert list(compare_specs(at)) == ["MOZ", "NAM"]


@pytest.mark.parametrize(
    ("link", "warned", "compared", "title"),
    [
        ("MOZ", "names one country; a comparison needs 2 to 6. Showing the profile of MOZ instead.", [],
         "Country profile: Mozambique"),
        ("MOZ,NAM,ZWE,AGO,SDN,DZA,EGY,KEN", "names 8 countries; a comparison shows at most 6.",
         ["MOZ", "NAM", "ZWE", "AGO", "SDN", "DZA"], "Country profiles"),
        ("MOZ,XXX", "countries='MOZ,XXX' was ignored: it is not a country code this dashboard knows (use ISO3, "
             "e.g. NAM). Showing one country's profile, no comparison instead.", [], "Country profiles"),
    ],
)  # fmt: skip
def test_compare_link_with_too_few_or_too_many_countries(link, warned, compared, title):
    at = open_page(PROFILE, countries=link)
    assert warned in warnings(at)
    assert list(compare_specs(at)) == compared
    assert shown(at.title[0].value) == title


def test_country_list_round_trips():
    parse, format_ = state.country_list(["MOZ", "NAM", "ZWE"])
    assert parse(" moz, NAM ,,zwe,MOZ") == ("MOZ", "NAM", "ZWE")
    assert parse(format_(("ZWE", "MOZ"))) == ("ZWE", "MOZ")
    with pytest.raises(ValueError, match="it is not a country code"):
        parse("MOZ,XXX")


# Reached from every map ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "iso3"), [(ARMS, "NAM"), (COUPS, "SDN"), (INTERVENTIONS, "MLI")])
def test_a_selected_country_links_to_its_profile(page, iso3):
    at = open_page(page, country=iso3)
    links = [link.proto for link in at.get("page_link") if link.proto.label.startswith("Country profile of")]
    assert len(links) == 1
    assert links[0].page.endswith("Country_profile") or links[0].page.endswith(PROFILE)
    assert links[0].query_string == f"country={iso3}"


def test_roles_keep_their_acronyms_and_names():
    """Namibia is a SADC member in Africa: its roles read 'SADC' and 'Africa', never 'sadc' or 'africa'."""
    at = open_page(PROFILE, country="NAM")
    roles = {frame.columns[0]: frame for frame in tables_on(at)}["Role of Namibia"]
    said = " ".join(roles["Role of Namibia"].astype(str))
    assert "Member of the actor (SADC)" in said
    assert "the report names Africa, not this country" in said
    assert "sadc" not in said and "africa" not in said


def test_compared_charts_give_their_sources_once_and_their_exports_in_full():
    """Side by side, each small chart's source is one short line and the full line stands once under
    the set; each chart's export still carries the full line."""
    at = open_page(PROFILE, countries="MOZ,NAM,SDN")
    specs = compare_specs(at)
    full = "SIPRI Arms Transfers Database"
    for spec in specs.values():
        (source,) = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "source"]
        assert "<br>" not in source and full not in source
        assert (
            full in export.figure_texts(go.Figure(spec)).source
            and "V-Dem" in export.figure_texts(go.Figure(spec)).source
        )
    captions = [shown(c.value) for c in at.caption]
    assert len([c for c in captions if full in c and "Powell & Thyne" in c]) == 1


def test_compared_shares_table_shows_no_none():
    """Namibia imported nothing in 2019–2023: its empty shares show the dash the caption explains, never 'None'."""
    at = open_page(PROFILE, countries="MOZ,NAM,ZWE")
    (table,) = [t for t in static_tables(at) if "Largest supplier" in t.columns]
    namibia = table.set_index(["Country", "Window"]).loc["Namibia", "2019–2023"]
    assert namibia["TIV from all suppliers (millions)"] == "0.0"
    assert set(namibia[["Its share (%)", "China (%)", "Russia (%)"]]) == {
        "—"
    }  # the empty shares, as the dash...
    assert not table.isin(["None", "nan", "<NA>"]).any(axis=None)  # ...never as "None"
    assert any(shown(c.value).startswith("—: no recorded imports") for c in at.caption)


def test_a_profiles_empty_shares_show_the_dash_its_caption_explains():
    """Namibia imported nothing in 2019–2023: that window's cells read "—", and the caption says what
    the dash means (not "None", not an empty cell that reads as a missing number)."""
    at = open_page(PROFILE, country="NAM")
    (shares,) = [t for t in static_tables(at) if "Supplier" in t.columns]
    # A share of nothing is undefined; the TIV received is zero.
    assert set(shares["Share 2019–2023 (%)"]) == {"—"} and set(shares["TIV 2019–2023 (millions)"]) == {"0"}
    assert "—" not in set(shares["Share 2000–2019 (%)"])
    assert any("—: no recorded imports in the window." in shown(c.value) for c in at.caption)
