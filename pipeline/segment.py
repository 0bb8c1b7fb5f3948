"""Sentence boundaries the parser cannot see: datelines, headlines and paragraphs.

Wire copy glues a dateline to the first sentence ("NAIROBI, March 3 (Horizon Wire) -
Kenya and Ethiopia signed ..."), and scraped pages put a headline on its own line
with no full stop. Left to the parser, "NAIROBI" becomes the subject of "signed", or
"Kenya" a sentence of its own, and the headline runs into the lead.

* :func:`dateline_spans` finds the datelines;
* :func:`merge_datelines` (after NER, before the tagger and parser) makes each dateline
  one token, so the parser sees the lead sentence as it would without it; the place
  and date are kept in ``doc._.datelines`` for the entity and date stages;
* :func:`mark_sentence_starts` presets ``is_sent_start`` (which the parser respects)
  after each dateline and at each line break that starts a new sentence.
"""

from __future__ import annotations

import re

from pipeline.readers import _DATELINE_DATE
from pipeline.readers import _DATELINE_RE as _ASCII_DATELINE_RE

#: the readers' dateline pattern, with accented capitals in the place ("SÃO PAULO, ...")
#: (unanchored: it is matched at every line start)
_DATELINE_RE = re.compile(_ASCII_DATELINE_RE.pattern.lstrip("^").replace("[A-Z.", "[A-ZÀ-ÖØ-Þ.").replace(
    "(?P<place>[A-Z]", "(?P<place>[A-ZÀ-ÖØ-Þ]"))

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
        if len(place.strip(" ,")) < 3 or m.end() >= len(text) or text[m.end()] == "\n" or "\n" in place:
            continue  # "PRESS RELEASE\n\nOSLO -": the dateline is on the next line, matched from there
        out.append((m.start(), m.start("place") + len(place.rstrip(" ,")), m.end()))
    return out


_TEXT_KEY = "news_pipeline.text"


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``.

    spaCy rebuilds ``Doc.text`` from every token on each access (a Python object per
    token); the components and extractors read it several times per article. Merging
    tokens (:func:`merge_datelines`) keeps the text, so the cached copy stays valid; it
    is rebuilt if its length no longer matches the Doc's last character offset.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is not None and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    text = doc.text
    doc.user_data[_TEXT_KEY] = text
    return text


def merge_datelines(doc) -> None:
    """Merge each dateline into one token and record it in ``doc._.datelines``.

    ``doc._.datelines`` holds (start, place_end, date_start, date_end, end) character offsets
    (date_start/date_end None when the dateline has no date). NER's entities inside a
    dateline are dropped: the place and date are taken from the dateline itself.
    """
    found = []
    text = doc_text(doc)
    for start, place_end, end in dateline_spans(text):
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        span = doc.char_span(start, stop, alignment_mode="contract")
        if span is None or len(span) < 2:
            continue
        m = _DATELINE_RE.match(text, start)
        d = (None, None)
        if m and m.group("date"):
            d = m.span("date")
        elif m and m.group("paren"):  # "BEIJING, (APP - ... - 28th Jan, 2022 ) :"
            dm = re.search(_DATELINE_DATE, m.group("paren"))
            if dm:
                d = (m.start("paren") + dm.start(), m.start("paren") + dm.end())
        found.append((span, (start, place_end, d[0], d[1], stop)))
    doc._.datelines = [f[1] for f in found]
    if not found:
        return
    ranges = [(sp.start_char, sp.end_char) for sp, _ in found]
    ents = []
    for e in doc.ents:
        hit = next(((a, b) for a, b in ranges if a < e.end_char and e.start_char < b), None)
        if hit is None:
            ents.append(e)
            continue
        # "HARBOURTON - The Harbourton Transit Authority": keep the part after the dateline
        rest = doc.char_span(hit[1], e.end_char, label=e.label_, alignment_mode="contract")
        while rest is not None and len(rest) and (rest[0].is_space or rest[0].is_punct):
            rest = doc[rest.start + 1:rest.end] if len(rest) > 1 else None
            if rest is not None:
                rest.label_ = e.label_
        if rest is not None and len(rest):
            ents.append(rest)
    doc.set_ents(ents)
    with doc.retokenize() as retok:
        for span, _ in found:
            retok.merge(span)


def mark_sentence_starts(doc) -> None:
    """Preset sentence starts after datelines and at line breaks that end a sentence or headline.

    A line break starts a sentence when the next line begins with a capital, digit or
    quote and the line before is not cut mid-phrase (it ends in sentence punctuation,
    or is a short headline-like line, or is followed by a blank line).
    """
    if len(doc) < 2:
        return
    text = doc_text(doc)
    starts = set()
    for dl in (doc._.datelines if doc.has_extension("datelines") and doc._.datelines else []):
        tok = doc.char_span(dl[0], dl[4], alignment_mode="expand")
        if tok is not None and tok.end < len(doc):
            nxt = tok.end
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt < len(doc):
                starts.add(doc[nxt].idx)
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
