"""How data text is run into a sentence: only the first letter changes, never an acronym or a name."""

from __future__ import annotations

import pytest

from src.data.text import lower_first, upper_first


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
