"""Links as they arrive from briefings, mangled or hostile: property-based tests of every page's query
string. Unknown keys, wrong types, reversed and out-of-range windows, huge numbers, empty and repeated
values, Unicode (right-to-left, zero-width, non-ASCII digits), 10,000-character values, and HTML, JS,
Markdown, KaTeX and colour-tag payloads, as values and as parameter names.

Every page is found in pages/ (plus app.py) and opened once; its parameters are read from what the
page itself passed to `ui.read_url`, so a new page is fuzzed without a word here. Most cases go
through the pure layer (`state.read` with each page's parameters, `state.read_arms` with the real
suppliers); a smaller number through the pages in AppTest (one AppTest per page, reused).

What must hold: no exception; one visible warning for each invalid value (one for all unknown
keys, one for a repeated key); the default view where nothing valid was given; each warning a
single line that echoes a value once, cut short, with invisible characters made visible; and,
escaped as the page escapes it, a warning renders as exactly its plain text (no link, image,
heading, emphasis, code, math, colour tag or HTML from the payload).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from src.analysis import arms
from src.data import loader as data
from src.data import meta
from src.data.text import ECHO_LIMIT, WORD_JOINER, echo, escape_markdown
from src.web import state, ui
from tests import hostile, test_state
from tests.conftest import ROOT, app_test, figure_spec

ALL_PAGES = [None, *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]
# Streamlit keeps these for itself (embedding options): a page never sees them.
STREAMLIT_KEYS = {"embed", "embed_options"}
# A warning names at most five unknown keys and three values or reasons, each cut to ECHO_LIMIT.
MAX_WARNING = 12 * ECHO_LIMIT + 400
PURE_CASES = 300  # per page through the pure layer (and as many for read_arms)
PAGE_CASES = 20  # per page with filters through AppTest; pages without filters get a few


def cases(n: int, **more: Any) -> settings:
    """n examples, no deadline (a page run takes seconds on a busy machine), big inputs allowed."""
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **more,
    )


# The pages, each opened once ------------------------------------------------------------------------


class Opened:
    """One page in AppTest, with what it read from its URL on the last run."""

    def __init__(self, page: str | None, reads: list[state.ReadResult]):
        self.page = page
        self.reads = reads
        self.at = app_test(page, timeout=300)
        self.default = self.run({})
        self.default_titles = chart_titles(self.at)

    def run(self, query: dict[str, Any]) -> state.ReadResult:
        """Open the page with this query string (no country carried from another page), as a link
        does: in a session of its own (the AppTest is reused for speed, what the app keeps in its
        session state emptied: its keys start with "_"; each widget's own state is set again from
        the link by ui.widget)."""
        for key in [k for k in self.at.session_state if str(k).startswith("_")]:
            del self.at.session_state[key]
        self.at.query_params.clear()
        self.at.query_params.update(query)
        self.reads.clear()
        self.at.run()
        assert not self.at.exception, [e.value for e in self.at.exception]
        assert len(self.reads) == 1, f"{self.page or 'app.py'} read its URL {len(self.reads)} times"
        return self.reads[0]

    def country_codes(self) -> tuple[list[str], dict[str, str]]:
        return _country_codes()

    @property
    def params(self) -> list[state.Param]:
        return list(self.default.params.values())


@functools.cache
def _country_codes() -> tuple[list[str], dict[str, str]]:
    countries = data.load_tables()["countries"]
    return list(countries["iso3"]), data.country_names(countries)


def chart_titles(at: AppTest) -> list[str]:
    return [figure_spec(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


@pytest.fixture(scope="module")
def opened() -> Iterator[dict[str | None, Opened]]:
    """Every page, opened once; `ui.read_url` records each URL read (pages call it by attribute)."""
    reads: list[state.ReadResult] = []
    real = ui.read_url

    def recording(result: state.ReadResult) -> state.ReadResult:
        reads.append(result)
        return real(result)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ui, "read_url", recording)
        yield {page: Opened(page, reads) for page in ALL_PAGES}


def test_every_page_reads_its_url(opened):
    """A page that never calls ui.read_url would leave stray parameters in the URL with no word."""
    for page, one in opened.items():
        assert one.default.warnings == [], page
        assert one.run({"stray": "1"}).warnings == [
            "The link parameter 'stray' is not used on this page and was ignored."
        ], page


# Strategies --------------------------------------------------------------------------------------------

DIGITS = ["２０２０", "٢٠٢٠", "۲۰۲۰", "²⁰²⁰", "²⁰\n²⁰", "2020-²⁰²³", "２０１９-２０２３", "〇"]
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\x00",
    "\n",
    "\t",
]
RIGHT_TO_LEFT = ["مرحبا", "שלום", "\u202ecod.exe", "א-ב", "١٢٣"]
NUMBERS = ["-1", "0", "-0", "1e309", "NaN", "inf", "0x7E7", "2020.5", "9" * 400, "-" + "9" * 40]
TYPES = ["[1,2]", "{'a': 1}", "None", "null", "true", "undefined", "()", "[]", "%00", "%3Cb%3E"]
EMPTY = ["", " ", ",", ",,,", " , ", "\u3000", "-", "–"]

payloads = st.sampled_from([*hostile.PAYLOAD_PARTS.values(), hostile.PAYLOAD])
unicode_text = st.lists(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(INVISIBLE + RIGHT_TO_LEFT),
    max_size=30,
).map("".join)
long_values = st.builds(
    lambda piece, size: (piece * size)[:size],
    st.sampled_from(["x", "<b>", "$", "\u200b", "[a](http://evil.example)", "٢", "é", ","])
    | unicode_text.filter(bool),
    st.sampled_from([1_000, 10_000]),
)
junk = st.one_of(
    payloads,
    unicode_text,
    long_values,
    st.sampled_from(DIGITS + INVISIBLE + RIGHT_TO_LEFT + NUMBERS + TYPES + EMPTY),
    st.integers().map(str),
    st.integers(min_value=10**6, max_value=10**400).map(str),
)


def good_values(param: state.Param) -> st.SearchStrategy[str]:
    """Values a link may validly carry for this parameter, as written or as a reader might type them."""
    if param.bounds:
        first, last = param.bounds
        years = st.integers(first, last)
        window = st.tuples(years, years).map(sorted).map(tuple)
        canonical = window.map(param.format)
        return canonical | window.map(lambda w: f" {w[0]} – {w[1]} ") | years.map(str)
    if isinstance(param.default, bool):
        return st.sampled_from(["0", "1", "true", "False", " yes ", "OFF"])
    options = [o for o in param.options if o is not None]
    if not options:
        return st.nothing()
    if isinstance(param.default, tuple):  # a subset of the options
        subset = st.lists(st.sampled_from(options), min_size=1, unique=True).map(tuple)
        return subset.map(param.format) | subset.map(lambda s: " , ".join(s).upper())
    one = st.sampled_from(options)
    return one | one.map(lambda o: f"  {o.lower()} ")


def bad_values(param: state.Param) -> st.SearchStrategy[str]:
    """Values that look like this parameter's but are not valid (reversed or out-of-range windows)."""
    if param.bounds:
        first, last = param.bounds
        reversed_ = st.tuples(st.integers(first + 1, last), st.integers(1, 50)).map(
            lambda p: f"{p[0]}-{p[0] - p[1]}"
        )
        outside = st.tuples(st.integers(0, first - 1), st.integers(first, 9999)).map(
            lambda w: f"{w[0]}-{w[1]}"
        )
        beyond = st.integers(last + 1, 9999).map(str)
        return reversed_ | outside | beyond | st.just(f"{first}-{last}-{last}")
    return st.nothing()


def values(param: state.Param) -> st.SearchStrategy[str]:
    return st.one_of(good_values(param), bad_values(param), junk)


def given_values(param: state.Param) -> st.SearchStrategy[str | list[str]]:
    """One value, or the key repeated with several."""
    return values(param) | st.lists(values(param), min_size=2, max_size=4)


def unknown_keys(known: set[str]) -> st.SearchStrategy[str]:
    near = st.sampled_from(sorted(known)).map(str.upper) if known else st.nothing()
    hidden = st.sampled_from(sorted(known)).map(lambda k: k + "\u200b") if known else st.nothing()
    return st.one_of(
        unicode_text, payloads, long_values, near, hidden, st.sampled_from(["page", "Country", "x"])
    ).filter(lambda k: k not in known and k.lower() not in STREAMLIT_KEYS)


def queries(params: list[state.Param]) -> st.SearchStrategy[dict[str, str | list[str]]]:
    known = st.fixed_dictionaries({}, optional={p.key: given_values(p) for p in params})
    stray = st.dictionaries(
        unknown_keys({p.key for p in params}), junk | st.lists(junk, min_size=2, max_size=3), max_size=3
    )
    return st.builds(lambda k, u: {**u, **k}, known, stray)


# What must hold for one read ---------------------------------------------------------------------------


def _all(given: str | list[str] | None) -> list[str]:
    return [] if given is None else [given] if isinstance(given, str) else list(given)


def parses(param: state.Param, raw: str) -> bool:
    try:
        param.parse(raw)
    except ValueError:
        return False
    return True


def in_domain(param: state.Param, value: Any) -> bool:
    if value == param.default:
        return True
    if param.bounds:
        first, last = param.bounds
        return isinstance(value, tuple) and first <= value[0] <= value[1] <= last
    if isinstance(param.default, bool):
        return isinstance(value, bool)
    if isinstance(param.default, tuple):
        return isinstance(value, tuple) and len(value) > 0 and set(value) <= set(param.options)
    return value in param.options or parses(param, str(value))  # a code the selector does not list


def check_warning(warning: str) -> None:
    """One line of plain text, bounded, that renders escaped as exactly itself."""
    assert warning.isprintable(), repr(warning)  # no newline, control, zero-width or bidi character
    assert len(warning) <= MAX_WARNING, len(warning)
    body = escape_markdown(warning)
    assert hostile.markup_problems(body) == [], (warning, hostile.markup_problems(body))
    assert hostile.rendered_text(body) == re.sub(" +", " ", warning).strip()


def check_read(query: dict[str, Any], params: list[state.Param], result: state.ReadResult) -> None:
    known = {p.key for p in params}
    expected_warnings = 1 if any(k not in known for k in query) else 0
    for param in params:
        given = [raw for raw in _all(query.get(param.key)) if raw != ""]
        value = result.values[param.key]
        assert in_domain(param, value), (param.key, value)
        valid = [raw for raw in given if parses(param, raw)]
        if valid:
            assert value == param.parse(valid[0]), param.key  # the first valid value
        else:
            assert value == param.default, param.key
        if len(given) > 1:
            expected_warnings += 1
            assert any(
                w.startswith(f"The link gives {param.key} {len(given)} times") for w in result.warnings
            )
        elif given and not valid:
            expected_warnings += 1
            (said,) = [w for w in result.warnings if w.startswith(f"The link's {param.key}=")]
            assert said.count(echo(given[0])) == 1  # the value, echoed once
    assert len(result.warnings) == expected_warnings, result.warnings
    for warning in result.warnings:
        check_warning(warning)
    # The URL written back is clean: read again, it gives the same view and no warning.
    again = state.read(result.query, params)
    assert again.warnings == [] and again.values == result.values


# The pure layer, with every page's parameters ------------------------------------------------------------


@pytest.mark.parametrize("page", ALL_PAGES)
def test_read_with_each_pages_parameters(opened, page):
    params = opened[page].params

    @cases(PURE_CASES if params else PURE_CASES // 5)
    @given(queries(params))
    def read(query):
        check_read(query, params, state.read(query, params))

    read()


@functools.cache
def _arms_inputs() -> tuple[Any, ...]:
    tables = data.load_tables()
    package = meta.Meta(data.read_descriptor())
    view = arms.transfers_view(tables, package.region_flags())
    years, latest = package.coverage(arms.TABLE), package.latest_window(arms.TABLE)

    @functools.cache
    def suppliers_for(scope: str, window: tuple[int, int]) -> list[str]:
        return arms.suppliers_by_volume(view, *window, scope)

    countries = tables["countries"]
    return countries["iso3"].tolist(), years, latest, suppliers_for, data.country_names(countries)


@cases(PURE_CASES)
@given(st.data())
def test_read_arms_checks_the_supplier_in_the_window_it_reads(draws):
    codes, years, latest, suppliers_for, names = _arms_inputs()
    view_params = state.arms_view_params(codes, years, latest, names)
    query = draws.draw(queries([*view_params, state.supplier_param(suppliers_for("world", years))]))
    result = state.read_arms(query, codes, years, latest, suppliers_for, names)
    # The supplier is checked against the suppliers of the scope and window actually shown.
    params = [*view_params, state.supplier_param(suppliers_for(result["scope"], result["window"]))]
    check_read(query, params, result)


@cases(500)
@given(st.one_of(unicode_text, payloads, long_values, st.text()).filter(lambda t: "\x00" not in t))
def test_escaped_text_renders_as_the_text(text):
    """(A NUL byte would be shown as U+FFFD: the loader refuses it in data, echo() shows it as \\x00.)"""
    body = escape_markdown(text)
    assert hostile.markup_problems(body) == []
    # Outside a backslash pair no ASCII punctuation and no line break is left to act on.
    assert not re.search(r"[!-/:-@\[-`{-~\n\r]", re.sub(r"\\[!-/:-@\[-`{-~]", "", body))
    # Word joiners are invisible: rendered_text drops them, the ones in the text included.
    expected = re.sub(r"[ \t\r\n\f\v]+", " ", text.replace(WORD_JOINER, "")).strip()
    assert hostile.rendered_text(body) == expected


@cases(300)
@given(st.one_of(unicode_text, payloads, long_values))
def test_echo_is_one_short_visible_line(value):
    shown = echo(value)
    assert shown.isprintable() and shown.startswith("'") and shown.endswith("'")
    assert len(shown) <= ECHO_LIMIT + len(f"'… ({len(value):,} characters)'")
    if len(value) <= ECHO_LIMIT and value.isprintable():
        assert shown == f"'{value}'"


def test_the_testers_findings():
    """What a tester found, one by one, on the coups page's parameters."""
    params = state.coups_params(["SDN", "MLI"], (1950, 2025), (2020, 2023))
    # A Python error message is never shown; non-ASCII digits are not years.
    for raw in ("²⁰\n²⁰", "２０２０", "٢٠٢٠-٢٠٢٣"):
        (warning,) = state.read({"years": raw}, params).warnings
        assert "a window is written like 1950-2025" in warning and "invalid literal" not in warning
    # A 10,000-character value is echoed once, cut short.
    (warning,) = state.read({"map": "x" * 10_000}, params).warnings
    assert warning.count("x" * ECHO_LIMIT) == 1 and "… (10,000 characters)" in warning
    # A repeated key: a warning, and the first valid value.
    result = state.read({"country": ["XXX", "MLI", "SDN"]}, params)
    assert result["country"] == "MLI"
    assert result.warnings == [
        "The link gives country 3 times: the first valid value, 'MLI', is used (1 before it is not valid); "
        "the others were ignored."
    ]
    result = state.read({"map": ["pie", "bar"]}, params)
    assert result["map"] == "count"
    assert result.warnings == [
        "The link gives map 2 times and none is valid (there is no map mode by that name). Showing count instead."
    ]
    # Parameter names are echoed like values: quoted, cut short, invisible characters shown.
    (warning,) = state.read({"# Moved\n[here](http://evil.example)\u200b": "1"}, params).warnings
    assert warning == (
        "The link parameter '# Moved\\n[here](http://evil.example)\\u200b' is not used on this page and was ignored."
    )
    check_warning(warning)


# Through the pages -----------------------------------------------------------------------------------------


def url(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items()}


@pytest.mark.parametrize("page", ALL_PAGES)
def test_links_through_the_page(opened, page):
    one = opened[page]
    params = one.params

    @cases(PAGE_CASES if params else 3, database=None)
    @given(queries(params))
    def open_link(query):
        result = one.run(query)
        # The page handed the link's every value (repeats included) to the pure layer.
        if state.COMPARE in result.params:  # the profile: a comparison of one or of 7+ is corrected
            codes, names = one.country_codes()
            expected = state.read_profile(query, codes, names)
        else:
            expected = state.read(query, list(result.params.values()))
        assert (result.values, result.warnings) == (expected.values, expected.warnings)
        if state.COMPARE not in result.params:  # (read_profile corrects a comparison of one or of 7+)
            check_read(query, list(result.params.values()), result)
        # Each warning shown once, escaped; nothing else on the page lets a payload act.
        assert [w.value for w in one.at.warning] == [escape_markdown(w) for w in result.warnings]
        for kind in ("markdown", "caption", "info", "warning", "error", "title", "subheader"):
            for element in one.at.get(kind):
                assert hostile.markup_problems(element.value) == [], (kind, element.value)
        assert not one.at.error
        # The address bar shows the view: a link the page corrected is rewritten whole (unknown keys
        # gone, a repeated key written once); a valid one keeps what it named, in canonical form. The
        # copied link names every parameter.
        shown = url(one.at)
        if result.warnings:
            assert shown == result.query
        else:
            assert shown == {k: v for k, v in result.query.items() if k in query}
        assert one.at.session_state["_exports:live"].query == result.query
        if result.values == one.default.values:
            assert chart_titles(one.at) == one.default_titles  # the default view

    open_link()


@pytest.mark.parametrize("page", ["pages/3_Exercises.py", "pages/4_Interventions.py"])
def test_every_option_round_trips_from_the_widget(tables, page):
    """Chosen in the multiselect, each option reaches the URL and comes back chosen, alone and
    with every other option; then, after the default view, the link alone restores it."""
    at = app_test(page, timeout=300)
    at.run()
    for param in test_state.multi_value_params(tables)[page]:
        if not isinstance(param.default, tuple):
            continue
        key, options = f"url:{param.key}", list(param.options)
        for choice in [*([o] for o in options), options]:
            at.multiselect(key=key).set_value(choice).run()
            assert not at.exception and not at.warning, (key, choice)
            assert at.multiselect(key=key).value == choice, (key, choice)
            link = dict(at.query_params)
            at.query_params.clear()
            at.run()  # the default view
            at.query_params.update(link)
            at.run()
            assert not at.warning, (key, choice)
            assert at.multiselect(key=key).value == choice, (key, choice)
        at.query_params.clear()
        at.run()


# Valid views, through the pages: the crash that hides in the data of one window -----------------------

# Per page: a window is drawn over the whole range, and about one window in five of the coups page's
# held the crash (the busiest country with 4, 7, 13 or 25 events): 30 cases found it in each of 3 runs
# against the old palette.count_colours, shrunk to 1994-2002.
VALID_VIEW_CASES = 30


def valid_queries(params: list[state.Param]) -> st.SearchStrategy[dict[str, str]]:
    """Links in which every parameter is valid: windows drawn over the whole valid range (Hypothesis
    shrinks a failing one toward the earliest, shortest window), options from each parameter's own."""
    return st.fixed_dictionaries(
        {},
        optional={p.key: good_values(p) for p in params if p.key != state.COMPARE and p.options or p.bounds},
    )


@pytest.mark.walk  # with the walk of every view: about a minute through AppTest
@pytest.mark.parametrize("page", [p for p in ALL_PAGES if p not in (None, "pages/7_Sources_and_methods.py")])
def test_every_valid_view_renders(opened, page):
    """Any valid link draws its page: no exception, no error box, and the charts of the view. (The
    coups page once crashed for any window whose busiest country had 4 events: a random link rarely
    holds a valid window, so these links hold nothing else.)"""
    one = opened[page]
    params = [p for p in one.params if p.key != "supplier"]

    @cases(VALID_VIEW_CASES, database=None)
    @given(st.data())
    def open_view(draws):
        query = draws.draw(valid_queries(params))
        if page == "pages/1_Arms_suppliers.py":  # a supplier active in the scope and window drawn
            codes, years, latest, suppliers_for, names = _arms_inputs()
            first = state.read(query, state.arms_view_params(codes, years, latest, names))
            active = suppliers_for(first["scope"], first["window"])
            if active:
                query["supplier"] = draws.draw(st.sampled_from(active))
        result = one.run(query)
        assert not result.warnings, result.warnings
        assert not one.at.error, [e.value for e in one.at.error]
        if not one.at.info:  # a view with nothing to draw says so in words instead
            assert one.at.get("plotly_chart") or page == "pages/6_Country_profile.py"

    open_view()
