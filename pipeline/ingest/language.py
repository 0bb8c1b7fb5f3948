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
#: characters of text scored: the model walks every byte in Python (0.3 ms per 250 characters,
#: under 1% of spaCy's time per article); taken from the article's prose lines (see :func:`sample`)
SAMPLE_CHARS = 250
#: a line shorter than this is a headline, byline or caption, not prose (skipped when sampling)
PROSE_LINE = 80
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


#: an unsure first look is repeated on this many characters (names-heavy leads: 1 in 143 of our articles)
SECOND_LOOK_CHARS = 1500


def prose_sample(text: str, chars: int = SAMPLE_CHARS) -> str:
    """The first ``chars`` characters of the lines of at least :data:`PROSE_LINE` characters
    (headlines, bylines and names say little about the language), or of the text when it
    has none (a short article; CJK text has few characters per line)."""
    parts, size = [], 0
    for line in text.split("\n"):
        if len(line) >= PROSE_LINE:
            parts.append(line)
            size += len(line)
            if size >= chars:
                break
    return (" ".join(parts) if parts else text)[:chars]


def identify_language(text: str) -> Language:
    """The language of ``text`` (:data:`SAMPLE_CHARS` characters of its prose, see
    :func:`prose_sample`; :data:`SECOND_LOOK_CHARS` if that is not enough), or ``und`` with
    the best probability when no label reaches :data:`MIN_CONFIDENCE`."""
    sample = prose_sample(text)
    if not any(c.isalpha() for c in sample):
        return Language(UNDETERMINED, 0.0)
    code, p = _best(sample)
    if p < MIN_CONFIDENCE and len(text) > len(sample):
        code, p = _best(prose_sample(text, SECOND_LOOK_CHARS))
    if p < MIN_CONFIDENCE or code == UNDETERMINED:
        return Language(UNDETERMINED, round(p, 3))
    return Language(code, round(p, 3))


def _best(sample: str) -> tuple[str, float]:
    scores: dict[str, float] = {}
    for label, p in _identifier().rank(sample)[:5]:
        code = _FOLD.get(label, label)
        scores[code] = scores.get(code, 0.0) + p
    return max(scores.items(), key=lambda kv: kv[1])
