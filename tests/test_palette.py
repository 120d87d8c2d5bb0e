"""Colours: one way to sample a colour scale, safe at its ends and for missing values."""

from __future__ import annotations

import math

import plotly.colors
import pytest

from src.figures import palette

FIRST, LAST = "rgb(253, 231, 37)", "rgb(68, 1, 84)"  # Viridis reversed: palest yellow to darkest purple


def test_positions_a_hair_outside_the_scale_get_its_end_colours():
    # 0.2 + 0.8 * 3 / 3 is 1.0000000000000002: Plotly's sample_colorscale raises IndexError for it.
    position = 0.2 + 0.8 * 3 / 3
    assert position > 1
    with pytest.raises(IndexError):
        plotly.colors.sample_colorscale(palette.SHARE_SCALE, [position])
    assert palette.sample(palette.SHARE_SCALE, [position, 1.5, -1e-12, -3]) == [LAST, LAST, FIRST, FIRST]


def test_missing_positions_get_the_no_data_grey():
    assert palette.sample(palette.SHARE_SCALE, [math.nan, None, 0.0]) == [
        palette.NO_DATA,
        palette.NO_DATA,
        FIRST,
    ]
    assert palette.sample(palette.SHARE_SCALE, []) == []


@pytest.mark.parametrize("n", range(1, 101))
def test_count_colours_run_light_to_dark_for_every_count(n):
    """Every largest count a coup map can show (the crash came at 4, 7, 13 and 25)."""
    colours = palette.count_colours(n)
    assert len(colours) == n and (colours[-1] == LAST or n == 1)  # one count: the scale's light end
    assert len(set(colours)) == n  # each count its own colour
    assert FIRST not in colours  # the palest yellow is left out: 1 stands apart from 0


@pytest.mark.parametrize("n", range(1, 20))
def test_band_colours_end_at_the_darkest(n):
    from src.figures.arms import bin_colours

    colours = bin_colours(n)
    assert len(colours) == n and (colours[-1] == LAST or n == 1) and palette.NO_DATA not in colours
