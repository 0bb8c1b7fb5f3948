"""Sentence boundaries the parser cannot see: datelines, headlines and paragraphs.

Wire copy glues a dateline to the first sentence ("NAIROBI, March 3 (Horizon Wire) -
Kenya and Ethiopia signed ..."), and scraped pages put a headline on its own line
with no full stop. Left to the parser, "NAIROBI" becomes the subject of "signed"
and the headline runs into the lead. :func:`dateline_spans` finds the datelines;
:func:`mark_sentence_starts` presets ``is_sent_start`` (which the parser respects)
after each dateline and at each line break that starts a new sentence.
"""

from __future__ import annotations

import re

from pipeline.readers import _DATELINE_RE

_LINE_START = re.compile(r"(?:^|\n)[ \t]*")


def dateline_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, place_end, end) of every wire dateline opening a line of ``text``.

    ``text[start:place_end]`` is the place ("NAIROBI"), ``text[start:end]`` the whole
    dateline including its date, agency and separator ("NAIROBI, March 3 (Horizon Wire) - ").
    """
    out = []
    for lm in _LINE_START.finditer(text):
        m = _DATELINE_RE.match(text, lm.end())
        if not m:
            continue
        place = m.group("place")
        if len(place.strip(" ,")) < 3 or m.end() >= len(text) or text[m.end()] == "\n":
            continue
        out.append((m.start(), m.start("place") + len(place.rstrip(" ,")), m.end()))
    return out


def mark_sentence_starts(doc) -> None:
    """Preset sentence starts after datelines and at line breaks that end a sentence or headline.

    A line break starts a sentence when the next line begins with a capital, digit or
    quote and the line before is not cut mid-phrase (it ends in sentence punctuation,
    or is a short headline-like line, or is followed by a blank line).
    """
    if len(doc) < 2:
        return
    text = doc.text
    starts = set()
    for _s, _p, end in dateline_spans(text):
        starts.add(end)
    for i, tok in enumerate(doc[:-1]):
        if not tok.is_space or "\n" not in tok.text:
            continue
        nxt = doc[i + 1]
        first = nxt.text[:1]
        if not (first.isupper() or first.isdigit() or first in "\"“‘'(["):
            continue
        prev = doc[i - 1] if i > 0 else None
        line_start = text.rfind("\n", 0, tok.idx) + 1
        line_len = len(text[line_start:tok.idx].split())
        if (tok.text.count("\n") > 1 or prev is None or prev.text[-1:] in ".!?:\"”’)" or line_len <= 14):
            starts.add(nxt.idx)
    for tok in doc[1:]:
        if tok.idx in starts:
            tok.is_sent_start = True
