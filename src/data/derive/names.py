"""Map the country names used by SIPRI and Powell & Thyne to ISO3 codes.

Exact pycountry lookups only, plus an explicit alias table: fuzzy matching would turn
"Kosovo" into Serbia, so it is never used.
"""

from __future__ import annotations

import pycountry

# Names SIPRI and Powell & Thyne spell differently from ISO 3166 (checked by tests/test_derive.py).
ALIASES: dict[str, str] = {
    # SIPRI
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "Cote d'Ivoire": "CIV",
    "DR Congo": "COD",
    "Kosovo": "XKX",
    "Micronesia": "FSM",
    "Palestine": "PSE",
    "Russia": "RUS",
    "Turkiye": "TUR",
    "UAE": "ARE",
    # Powell & Thyne
    "Democratic Republic of the Congo": "COD",
    "Ivory Coast": "CIV",
    "Republic of Vietnam": "OWID_RVN",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "Yemen Arab Republic; N. Yemen": "OWID_YAR",
    "Yemen People's Republic; S. Yemen": "OWID_YPR",
}


def to_iso3(name: str) -> str | None:
    """ISO3 for a state's name, or None if the name is not a state we know."""
    if name in ALIASES:
        return ALIASES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None
