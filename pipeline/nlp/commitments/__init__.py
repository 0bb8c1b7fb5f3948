"""Commitments: cue detection, actor finding, field filling and exclusions over the parse.

See :mod:`.finder` for the whole path; the cue lexicon is data
(``pipeline/text/lexicons/commitments.json``).
"""

from pipeline.nlp.commitments.component import Commitments
from pipeline.nlp.commitments.cues import Cue, classify
from pipeline.nlp.commitments.finder import Found, find_commitments
from pipeline.nlp.commitments.patterns import Patterns

__all__ = ["Commitments", "Cue", "Found", "Patterns", "classify", "find_commitments"]
