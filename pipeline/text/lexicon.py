"""Word lists as data: ``pipeline/text/lexicons/*.json``, loaded once per process.

A lexicon file maps a list name to either

* a list of words (-> ``frozenset``),
* ``{"words": [...], "include": ["other list", ...]}`` (-> the union, as a ``frozenset``), or
* a mapping of word -> value (-> ``dict``; e.g. cue lemma -> [category, modality]).

Keys and words starting with ``_`` are notes (``_doc``), not data. Lists are lower case.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional, Union



class Lexicon(dict):
    """List name -> frozenset of words (or dict); also readable as attributes: ``lex.org_heads``."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no word list {name!r} in this lexicon") from None


@lru_cache(maxsize=16)
def lexicon(name: str, path: Optional[str] = None) -> Lexicon:
    """The lists of lexicon ``name`` (``lexicons/<name>.json``, or the file at ``path``).

    Raises ``FileNotFoundError`` for a missing file, ``ValueError`` for an ``include`` of a
    list the file does not define.
    """
    if path:
        data = json.loads(Path(path).read_text("utf-8"))
    else:
        data = json.loads(resources.files("pipeline.text").joinpath(f"lexicons/{name}.json").read_text("utf-8"))
    out = Lexicon()
    for key in data:
        if not key.startswith("_"):
            out[key] = _entry(data, key, set())
    return out


def _entry(data: dict, key: str, seen: set) -> Union[frozenset, dict]:
    if key not in data or key in seen:
        raise ValueError(f"lexicon list {key!r} is missing or includes itself")
    value = data[key]
    if isinstance(value, list):
        return frozenset(w for w in value if not w.startswith("_"))
    if "words" in value:
        words = {w for w in value["words"] if not w.startswith("_")}
        for inc in value.get("include", []):
            words |= _entry(data, inc, seen | {key})
        return frozenset(words)
    return {k: tuple(v) if isinstance(v, list) else v for k, v in value.items() if not k.startswith("_")}
