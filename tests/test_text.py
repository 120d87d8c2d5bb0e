"""How data text is run into a sentence: only the first letter changes, never an acronym or a name."""

from __future__ import annotations

import pytest

from src.data.text import lower_first, markdown_link, upper_first
from tests.hostile import markup_problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The year before the 2023 coup the report lists.",
            "the year before the 2023 coup the report lists.",
        ),
        ("In Africa (geographic)", "in Africa (geographic)"),
        ("SADC coalition forces", "SADC coalition forces"),
        ("DR Congo", "DR Congo"),
        ("Africa", "Africa"),
        ("African countries relying on China", "African countries relying on China"),
        ("Syria and Russia, the state that intervened", "Syria and Russia, the state that intervened"),
        ("", ""),
    ],
)
def test_lower_first_never_touches_acronyms_or_names(text, expected):
    assert lower_first(text) == expected


def test_lower_first_keeps_the_names_a_caller_knows():
    assert lower_first("Burkina Faso and Mali", names=["Burkina Faso"]) == "Burkina Faso and Mali"
    assert (
        lower_first("Countries of the recent coups", names=["Burkina Faso"])
        == "countries of the recent coups"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("member of the actor (SADC)", "Member of the actor (SADC)"),
        (
            "in the target region (the report names Africa, not this country)",
            "In the target region (the report names Africa, not this country)",
        ),
        ("regional organization", "Regional organization"),
    ],
)
def test_upper_first_changes_only_the_first_letter(text, expected):
    assert upper_first(text) == expected


def test_a_link_goes_where_its_address_says_and_injects_nothing():
    assert markdown_link("https://www.sadc.int/member-states") == (
        r"[sadc\.int\/member\-states](https://www.sadc.int/member-states)"
    )
    hostile = markdown_link("https://x.org/a)(b](javascript:alert(1))<img src=x>")
    assert hostile.endswith("(https://x.org/a%29%28b%5D%28javascript:alert%281%29%29%3Cimg%20src=x%3E)") or (
        "](" not in hostile
    )
    for url in (
        "javascript:alert(1)",
        "https://x.org/a)(b](javascript:alert(1))<img src=x>",
        "data:text/html,<b>x",
    ):
        assert markup_problems(markdown_link(url)) == [], url


def test_lines_become_one_literal_markdown_list():
    from src.data.text import markdown_list

    assert markdown_list(["a *b*", ("Label", "[x](y)")]) == "- a \\*b\\*\n- **Label**: \\[x\\]\\(y\\)"
    assert markdown_list([]) == ""
