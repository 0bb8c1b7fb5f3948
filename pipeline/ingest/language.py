"""The language of an article's text: py3langid's naive Bayes model (shipped inside the package, offline).

py3langid (BSD-3-Clause; Lui & Baldwin's langid.py model, 140 labels) scores byte n-grams;
with ``norm_probs`` its scores are probabilities calibrated across text lengths. A label is
taken only when it is sure: below :data:`MIN_CONFIDENCE` (short lines such as "Mali will
too." score 0.33) the language is ``und`` (ISO 639-2 "undetermined").
"""

from __future__ import annotations

import threading
from typing import NamedTuple

#: the least probability for a label to count (short English sentences of five words score
#: 0.86-0.98, one of three words 0.33; long articles in any of our test languages > 0.99)
MIN_CONFIDENCE = 0.8
#: characters of text scored (the head of an article decides: the model walks every byte in Python, about 0.6 ms per 500 characters, 1.7% of spaCy per article)
SAMPLE_CHARS = 500
UNDETERMINED = "und"
#: labels the model splits that are one written language here: texts in Mandarin written
#: with simplified characters score partly as Wu Chinese ('wuu'); 'zxx' is "no linguistic content"
_FOLD = {"wuu": "zh", "zxx": UNDETERMINED}

_LOCK = threading.Lock()
_IDENTIFIER = None


class Language(NamedTuple):
    """``code``: ISO 639-1 where one exists (``en``, ``fr``, ``zh``), else the model's
    ISO 639-3 label, or ``und``; ``confidence``: the probability of that code, 0..1."""

    code: str
    confidence: float


def _identifier():
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _IDENTIFIER


def identify_language(text: str) -> Language:
    """The language of ``text`` (its first :data:`SAMPLE_CHARS` characters), or ``und``
    with the best probability when no label reaches :data:`MIN_CONFIDENCE`."""
    sample = text[:SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return Language(UNDETERMINED, 0.0)
    scores: dict[str, float] = {}
    for label, p in _identifier().rank(sample)[:5]:
        code = _FOLD.get(label, label)
        scores[code] = scores.get(code, 0.0) + p
    code, p = max(scores.items(), key=lambda kv: kv[1])
    if p < MIN_CONFIDENCE or code == UNDETERMINED:
        return Language(UNDETERMINED, round(p, 3))
    return Language(code, round(p, 3))
