"""Colour-blind-safe colours, the same on every page.

Categories use the Okabe-Ito palette; shares use Viridis (perceptually uniform), reversed so
that a larger share reads darker.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import plotly.colors

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

# Keyed by SIPRI supplier name: a supplier has this colour on every page.
SUPPLIER_COLOURS = {
    "China": OKABE_ITO["vermillion"],
    "Russia": OKABE_ITO["blue"],
    "United States": OKABE_ITO["sky blue"],
    "France": OKABE_ITO["bluish green"],
    "Germany": OKABE_ITO["reddish purple"],
    "Turkiye": OKABE_ITO["orange"],
    "Italy": OKABE_ITO["yellow"],
    "United Kingdom": OKABE_ITO["black"],
}
OTHER_SUPPLIER = "#7F7F7F"  # suppliers outside the eight above
NO_DATA = "#E3E3E3"  # countries with no recorded imports (or no events): lighter than any share colour
# Imports, but none from the supplier shown: empty (white, outlined), so 0 % never looks like a small share.
ZERO_SHARE = "#FFFFFF"
ZERO_SHARE_BORDER = "#8C8C8C"
BORDER = "#FFFFFF"
HIGHLIGHT = "#000000"
TARGET = "#FBE3C8"  # countries on the receiving end of an intervention

SHARE_SCALE = plotly.colors.sequential.Viridis[::-1]


def sample(scale: Sequence[str], positions: Iterable[float]) -> list[str]:
    """The colour at each position (0 to 1) of a colour scale: the one way this app samples a scale.

    Positions are clamped to [0, 1]: arithmetic such as 0.2 + 0.8 * 3 / 3 gives 1.0000000000000002,
    and a share summed in another order a hair over 100 %, which Plotly's sample_colorscale refuses
    with an IndexError. A missing position (NaN or None) gets the no-data grey, never a scale colour."""
    positions = list(positions)
    known = [i for i, p in enumerate(positions) if p is not None and not math.isnan(p)]
    sampled = (
        plotly.colors.sample_colorscale(list(scale), [min(max(float(positions[i]), 0.0), 1.0) for i in known])
        if known
        else []
    )
    colours = [NO_DATA] * len(positions)
    for i, colour in zip(known, sampled, strict=True):
        colours[i] = colour
    return colours


def ramp(n: int, start: float) -> list[str]:
    """n colours spread evenly along the share scale from `start` to its darkest end, light to dark."""
    return sample(SHARE_SCALE, [start + (1 - start) * i / max(n - 1, 1) for i in range(n)])


def count_colours(n: int) -> list[str]:
    """n colours for the counts 1..n, light to dark along the share scale; its palest yellow is left
    out, so that 1 stands apart from the grey of 0."""
    return ramp(n, 0.2)


# Powell & Thyne's outcomes; "cline": an event only the Cline Center records (open: not P&T's).
OUTCOME_COLOURS = {
    "successful": OKABE_ITO["vermillion"],
    "failed": OKABE_ITO["blue"],
    "cline": OKABE_ITO["reddish purple"],
}
OUTCOME_SYMBOLS = {"successful": "circle", "failed": "x-thin-open", "cline": "diamond-open"}
CLINE_ONLY_FILL = "#E2A9CA"  # a country whose only events in a window are the Cline Center's: a pale tint

# Regimes of the World, from closed autocracy (0) to liberal democracy (3): an ordinal,
# colour-blind-safe ramp from vermillion to blue.
REGIME_COLOURS = ["#B2401A", "#F2A968", "#8CC2E3", "#1F5F99"]

ACTOR_KIND_COLOURS = {
    "state": OKABE_ITO["blue"],
    "regional organization": OKABE_ITO["bluish green"],
    "paramilitary": OKABE_ITO["vermillion"],
}


def supplier_colour(supplier: str) -> str:
    return SUPPLIER_COLOURS.get(supplier, OTHER_SUPPLIER)
