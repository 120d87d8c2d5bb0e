"""Build the countries code table: ISO3, the name a reader expects, region flags, marker points."""

from __future__ import annotations

import pandas as pd
import pycountry

# Names readers of briefings expect, where pycountry's common (or official) name reads oddly; every
# other country keeps pycountry's name.
DISPLAY_NAMES: dict[str, str] = {
    "BRN": "Brunei",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "STP": "São Tomé and Príncipe",
    "VAT": "Vatican City",
}

# Entities outside ISO 3166-1 that the reference data uses. Kosovo takes XKX, the user-assigned
# code used by the EU and the World Bank; entities that no longer exist keep the code Our World in
# Data gives them, so V-Dem rows join without translation.
EXTRA_ENTITIES: dict[str, str] = {
    "XKX": "Kosovo",
    # Czechoslovakia: neither current ISO nor OWID code; ISO 3166-3 keeps its former code (pycountry's
    # historic_countries). Its coups are only in the Cline Center's list.
    "CSK": "Czechoslovakia (to 1992)",
    "OWID_DRV": "North Vietnam (1945–1975)",
    "OWID_RVN": "South Vietnam (Republic of Vietnam, to 1975)",
    "OWID_GDR": "East Germany (1949–1990)",
    "OWID_GFR": "West Germany (1949–1990)",
    "OWID_YAR": "North Yemen (Yemen Arab Republic, to 1990)",
    "OWID_YPR": "South Yemen (People's Democratic Republic, to 1990)",
    "OWID_SML": "Somaliland",
    "OWID_ZAN": "Zanzibar",
}

# The 55 members of the African Union (Western Sahara as the Sahrawi Republic) and two
# sub-national units that V-Dem codes separately.
AFRICA_GEOGRAPHIC: frozenset[str] = frozenset(
    """DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA
    GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF
    SSD SDN TZA TGO TUN UGA ZMB ZWE ESH OWID_SML OWID_ZAN""".split()
)
# SIPRI counts Egypt in the Middle East, not in Africa.
AFRICA_SIPRI: frozenset[str] = AFRICA_GEOGRAPHIC - {"EGY"}
# SIPRI's North Africa; the rest of its Africa is sub-Saharan.
NORTH_AFRICA_SIPRI: frozenset[str] = frozenset({"DZA", "LBY", "MAR", "TUN"})

# Approximate coordinates of the capital, used only to place a marker for states that the
# Natural Earth 1:110m shapes lack (they are too small). Not a data value.
SMALL_STATE_POINTS: dict[str, tuple[float, float]] = {
    "ATG": (17.12, -61.85),
    "BHR": (26.23, 50.59),
    "BRB": (13.10, -59.62),
    "COM": (-11.70, 43.26),
    "CPV": (14.93, -23.51),
    "DMA": (15.30, -61.39),
    "FSM": (6.92, 158.16),
    "GRD": (12.06, -61.75),
    "KIR": (1.33, 172.98),
    "KNA": (17.30, -62.72),
    "LCA": (14.01, -60.99),
    "LIE": (47.14, 9.52),
    "MCO": (43.73, 7.42),
    "MDV": (4.18, 73.51),
    "MHL": (7.09, 171.38),
    "MLT": (35.90, 14.51),
    "MUS": (-20.16, 57.50),
    "NRU": (-0.55, 166.92),
    "PLW": (7.50, 134.62),
    "SGP": (1.29, 103.85),
    "SMR": (43.94, 12.45),
    "STP": (0.34, 6.73),
    "SYC": (-4.62, 55.45),
    "TON": (-21.14, -175.20),
    "TUV": (-8.52, 179.20),
    "VAT": (41.90, 12.45),
    "VCT": (13.16, -61.23),
    "WSM": (-13.83, -171.76),
}
# Kosovo is not small, but the shapes carry it without a code, so it too is drawn as a marker.
UNCODED_SHAPE_POINTS: dict[str, tuple[float, float]] = {"XKX": (42.66, 21.17)}


def _iso_name(country: object) -> str:
    return getattr(country, "common_name", None) or country.name  # type: ignore[attr-defined]


def build_countries() -> pd.DataFrame:
    """Every ISO 3166-1 country plus the extra entities, sorted by code."""
    rows = [(c.alpha_3, DISPLAY_NAMES.get(c.alpha_3, _iso_name(c))) for c in pycountry.countries]
    rows += list(EXTRA_ENTITIES.items())
    points = {**SMALL_STATE_POINTS, **UNCODED_SHAPE_POINTS}
    records = []
    for iso3, name in rows:
        lat, lon = points.get(iso3, (None, None))
        records.append(
            {
                "iso3": iso3,
                "name": name,
                "africa_geographic": iso3 in AFRICA_GEOGRAPHIC,
                "africa_sipri": iso3 in AFRICA_SIPRI,
                "sub_saharan_africa_sipri": iso3 in AFRICA_SIPRI - NORTH_AFRICA_SIPRI,
                "small_state": iso3 in SMALL_STATE_POINTS,
                "marker_lat": lat,
                "marker_lon": lon,
            }
        )
    return pd.DataFrame.from_records(records).sort_values("iso3", ignore_index=True)
