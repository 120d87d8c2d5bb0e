"""URL state: round trips for every page, and bad values fall back with a warning."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from src.analysis import interventions, windows
from src.data import loader as data
from src.data.meta import Meta
from src.web import state

CODES = ["NAM", "MLI", "SYR", "KAZ", "ZWE"]
SUPPLIERS = ["Russia", "China", "France", "United States"]
YEARS = (2000, 2023)
LATEST = (2019, 2023)  # the default window: the last five years


def suppliers_for(scope, window):
    return SUPPLIERS


def test_arms_round_trip():
    query = {
        "scope": "world",
        "mode": "leading",
        "scale": "bins",
        "window": "2008-2019",
        "supplier": "Russia",
        "country": "NAM",
    }
    result = state.read_arms(query, CODES, YEARS, LATEST, suppliers_for)
    assert result.warnings == []
    assert result.values == {
        "scope": "world", "mode": "leading", "scale": "bins", "window": (2008, 2019), "supplier": "Russia",
        "country": "NAM",
    }  # fmt: skip
    assert result.query == query
    again = state.read_arms(result.query, CODES, YEARS, LATEST, suppliers_for)
    assert again.values == result.values


def test_arms_defaults():
    result = state.read_arms({}, CODES, YEARS, LATEST, suppliers_for)
    assert result.values == {
        "scope": "africa", "mode": "share", "scale": "continuous", "window": (2019, 2023), "supplier": "China",
        "country": None,
    }  # fmt: skip
    assert result.query == {
        "scope": "africa", "mode": "share", "scale": "continuous", "window": "2019-2023", "supplier": "China",
    }  # fmt: skip


def test_unknown_supplier_falls_back_with_warning():
    result = state.read_arms({"supplier": "Atlantis"}, CODES, YEARS, LATEST, suppliers_for)
    assert result.values["supplier"] == "China"
    assert result.warnings == [
        "The link's supplier='Atlantis' was ignored: there is no supplier with deliveries in this scope and "
        "window by that name. Showing China instead."
    ]


def test_supplier_is_checked_against_scope_and_window():
    seen = []

    def only_russia(scope, window):
        seen.append((scope, window))
        return ["Russia"]

    result = state.read_arms(
        {"scope": "world", "window": "2000-2001", "supplier": "China"}, CODES, YEARS, LATEST, only_russia
    )
    assert seen == [("world", (2000, 2001))]
    assert result.values["supplier"] == "Russia"  # China is not a supplier there: first by volume
    assert len(result.warnings) == 1


def test_year_out_of_range_falls_back():
    result = state.read_arms({"window": "1990-2023"}, CODES, YEARS, LATEST, suppliers_for)
    assert result.values["window"] == (2019, 2023)
    assert "years must lie between 2000 and 2023" in result.warnings[0]


def test_nonsense_window_falls_back():
    for raw in ("soon", "2023-2019", "2019-2020-2021", "-"):
        result = state.read_arms({"window": raw}, CODES, YEARS, LATEST, suppliers_for)
        assert result.values["window"] == (2019, 2023), raw
        assert len(result.warnings) == 1, raw


def test_bad_country_code_falls_back():
    result = state.read_arms({"country": "XXX"}, CODES, YEARS, LATEST, suppliers_for)
    assert result.values["country"] is None
    assert result.warnings == [
        "The link's country='XXX' was ignored: it is not a country code this dashboard knows (use ISO3, e.g. "
        "NAM). Showing none instead."
    ]
    assert "country" not in result.query


def test_lowercase_values_are_accepted():
    result = state.read_arms(
        {"country": "nam", "supplier": "russia", "scope": "World"}, CODES, YEARS, LATEST, suppliers_for
    )
    assert result.warnings == []
    assert (result.values["country"], result.values["supplier"], result.values["scope"]) == (
        "NAM",
        "Russia",
        "world",
    )


def test_unknown_parameter_is_reported():
    result = state.read({"colour": "red"}, state.exercises_params(["CSTO", "SCO"]))
    assert result.warnings == ["The link parameter 'colour' is not used on this page and was ignored."]


def test_coups_round_trip_and_fallback():
    params = state.coups_params(CODES, (1950, 2025), (2020, 2023))
    query = {"years": "1990-2000", "failed": "0", "cline": "0", "map": "outcome", "country": "MLI"}
    result = state.read(query, params)
    assert result.values == {
        "years": (1990, 2000),
        "failed": False,
        "cline": False,
        "map": "outcome",
        "country": "MLI",
    }
    assert result.query == query
    bad = state.read({"years": "1900-2020", "failed": "maybe", "cline": "perhaps", "map": "pie"}, params)
    assert bad.values == {
        "years": (2020, 2023),
        "failed": True,
        "cline": True,
        "map": "count",
        "country": None,
    }
    assert len(bad.warnings) == 4


def test_exercises_round_trip():
    params = state.exercises_params(["CSTO", "SCO"])
    result = state.read({"org": "SCO"}, params)
    assert result.values["org"] == ("SCO",)
    assert result.query == {"org": "SCO"}
    assert state.read({}, params).query == {"org": "CSTO,SCO"}
    bad = state.read({"org": "NATO"}, params)
    assert bad.values["org"] == ("CSTO", "SCO") and bad.warnings


def test_interventions_round_trip():
    params = state.interventions_params(
        ["SADC", "Iran", "Russia"], ["MOZ", "SYR"], ["military intervention"], CODES
    )
    query = {"actor": "Iran,Russia", "target": "SYR", "kind": "military intervention", "country": "SYR"}
    result = state.read(query, params)
    assert result.values["actor"] == ("Iran", "Russia")
    assert result.values["target"] == ("SYR",)
    assert result.query == query
    assert state.read({"target": "syr"}, params).values["target"] == ("SYR",)
    assert state.read({}, params).query == {}  # no filter: everything, and nothing in the URL
    assert state.read({"target": "FRA"}, params).warnings


@given(st.integers(2000, 2023), st.integers(0, 23))
def test_year_range_round_trip(start, length):
    end = min(2023, start + length)
    parse, format_ = state.year_range(2000, 2023)
    assert parse(format_((start, end))) == (start, end)


def test_window_digits_must_be_ascii():
    """'²⁰' or Arabic-Indic digits are not years: refused with the usual message, not a Python error."""
    parse, _ = state.year_range(2000, 2023)
    for raw in ("²⁰²⁰", "٢٠٢٠-٢٠٢٣", "２０２０", "2020-²⁰²³"):
        try:
            parse(raw)
        except ValueError as reason:
            assert str(reason) == "a window is written like 2000-2023", raw
        else:
            raise AssertionError(f"{raw!r} was accepted")


def test_presets_come_from_the_data_and_the_sources():
    descriptor = data.read_descriptor()
    package = Meta(descriptor)
    presets = windows.presets(package, "arms_transfers_by_year", 2019)
    assert [p.window for p in presets] == [(2019, 2023), (2000, 2019)]
    assert [p.label for p in presets] == ["2019–2023", "2000–2019"]
    # Each says why, in the data package's words.
    assert [p.why for p in presets] == [
        descriptor["dashboard"]["latestWindowWhy"],
        descriptor["dashboard"]["sourcesWindowWhy"],
    ]
    # A release with one more year moves the latest window; the length is the package's.
    later = copy.deepcopy(descriptor)
    next(r for r in later["resources"] if r["name"] == "arms_transfers_by_year")["coverage"]["end"] = 2024
    later["dashboard"]["latestWindowYears"] = 3
    assert [p.window for p in windows.presets(Meta(later), "arms_transfers_by_year", None)] == [(2022, 2024)]


def test_bound_parameter_carries_its_options_and_value():
    result = state.read_arms({"scope": "world"}, CODES, YEARS, LATEST, suppliers_for, {"NAM": "Namibia"})
    scope = result.bound("scope")
    assert scope.value == "world" and scope.param.options == ("africa", "world")
    assert scope.param.describe("world") == "World"
    window = result.bound("window")
    assert window.param.bounds == YEARS and window.param.format(window.value) == "2019-2023"
    country = result.bound("country")
    assert country.param.options == (None, "NAM") and country.param.describe("NAM") == "Namibia (NAM)"


# Every option of every multi-value parameter round-trips (with the real data) ---------------------------


def multi_value_params(tables) -> dict[str, list[state.Param]]:
    """The multi-value parameters' pages, with their parameters built as the pages build them."""
    relations = interventions.relation_view(tables)
    countries = tables["countries"]
    exercises = tables["report_exercises"]
    return {
        "pages/3_Exercises.py": state.exercises_params(exercises["organization"].astype(str).tolist()),
        "pages/4_Interventions.py": state.interventions_params(
            *interventions.filter_options(relations), countries["iso3"], data.country_names(countries)
        ),
    }


def test_the_separator_may_appear_in_an_option(tables):
    kinds = interventions.filter_options(interventions.relation_view(tables))[2]
    assert "technical support, equipment and military assistance" in kinds  # the case a tester found
    parse, format_ = state.choices([*kinds, "a", "b"], "kind of support")
    for kind in kinds:
        assert parse(format_((kind,))) == (kind,)
        assert parse(kind.upper().replace(", ", " ,")) == (kind,)  # as a reader might type it
    assert parse(format_(tuple(kinds))) == tuple(kinds)
    assert parse("a,,b,") == ("a", "b")
    assert parse("military intervention") == ("military intervention",)  # old links still work
    with pytest.raises(ValueError, match="there is no kind of support called 'equipment'"):
        parse("military intervention,equipment")


def test_every_option_round_trips_from_a_link(tables):
    for page, params in multi_value_params(tables).items():
        for param in params:
            if not isinstance(param.default, tuple):
                continue
            options = list(param.options)
            for option in options:
                result = state.read({param.key: param.format((option,))}, params)
                assert result.warnings == [] and result[param.key] == (option,), (page, option)
            every = state.read({param.key: param.format(tuple(options))}, params)
            assert every[param.key] == tuple(options)


# Mangled links ------------------------------------------------------------------------------------------


def test_repeated_key_takes_the_first_valid_value_and_says_so():
    params = state.coups_params(CODES, (1950, 2025), (2020, 2023))
    result = state.read({"map": ["outcome", "count"]}, params)
    assert result["map"] == "outcome"
    assert result.warnings == [
        "The link gives map 2 times: the first valid value, 'outcome', is used; the others were ignored."
    ]
    assert result.query["map"] == "outcome"  # written back once


def test_empty_values_mean_not_given():
    params = state.coups_params(CODES, (1950, 2025), (2020, 2023))
    assert state.read({"years": "", "country": ["", ""]}, params).warnings == []


def test_unknown_keys_are_named_in_one_warning_cut_short():
    params = state.exercises_params(["CSTO", "SCO"])
    keys = [f"k{i}" for i in range(8)] + ["x" * 500]
    (warning,) = state.read(dict.fromkeys(keys, "1"), params).warnings
    assert warning == (
        "The link parameters 'k0', 'k1', 'k2', 'k3', 'k4' and 4 more are not used on this page and were ignored."
    )
    (warning,) = state.read({"x" * 500: "1"}, params).warnings
    assert "'" + "x" * 80 + "… (500 characters)'" in warning


def test_a_bad_part_of_a_list_is_named():
    params = state.exercises_params(["CSTO", "SCO"])
    (warning,) = state.read({"org": "SCO,NATO"}, params).warnings
    assert warning == (
        "The link's org='SCO,NATO' was ignored: there is no organization called 'NATO'. Showing CSTO,SCO instead."
    )
    (warning,) = state.read({"org": "NATO"}, params).warnings
    assert warning == (
        "The link's org='NATO' was ignored: there is no organization by that name. Showing CSTO,SCO instead."
    )
