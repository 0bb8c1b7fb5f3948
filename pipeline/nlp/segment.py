"""Sentence boundaries the parser cannot see: datelines, headlines and paragraphs.

Wire copy glues a dateline to the first sentence ("NAIROBI, March 3 (Horizon Wire) -
Kenya and Ethiopia signed ..."), and scraped pages put a headline on its own line
with no full stop. Left to the parser, "NAIROBI" becomes the subject of "signed", or
"Kenya" a sentence of its own, and the headline runs into the lead.

* :func:`pipeline.text.datelines.dateline_spans` finds the datelines;
* :func:`merge_datelines` (after NER, before the tagger and parser) makes each dateline
  one token, so the parser sees the lead sentence as it would without it; the place
  and date are kept in ``doc._.datelines`` for the entity and date stages;
* :func:`mark_sentence_starts` presets ``is_sent_start`` (which the parser respects)
  after each dateline and at each line break that starts a new sentence.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING


from pipeline.text.datelines import Dateline, dateline_date_span, dateline_spans

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc

_TEXT_KEY = "news_pipeline.text"
#: characters that open a list item line ("– The ministry will ...", "• Agreement on ...")
BULLETS = "–—-•·*▪►"


def doc_text(doc: Doc) -> str:
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


def merge_datelines(doc: Doc) -> None:
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
        d0, d1 = dateline_date_span(text, start)
        found.append((span, Dateline(start, place_end, d0, d1, stop)))
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


#: labels that open a line of a page and are no part of its sentence: "Standfirst: ...", "Caption: ..."
LINE_LABELS = frozenset({"standfirst", "caption", "summary", "photo", "picture", "image", "update", "updated", "note",
                         "highlights", "background", "context", "kicker", "subhead", "related", "correction"})

#: the number of a list item at the start of a line: "1.", "12)", "(a)"
_LIST_NUMBER = re.compile(r"^(?:\d{1,2}|[a-z])[.)]$|^\([a-z0-9]{1,2}\)$")
#: what may end a sentence: a new one can start after these (or after a line break)
_SENTENCE_END = frozenset('.!?:;"”’\')»…')


def _runs_on(prev) -> bool:
    """True if the text runs on after token ``prev``: a word (not punctuation that can end a
    sentence) followed by a space, not a line break. The small model's parser otherwise starts
    sentences inside names and after captions ("Photo: PID" + "Bangladesh" | "and Indonesia signed")."""
    doc, i = prev.doc, prev.i
    number = prev.text if _LIST_NUMBER.match(prev.text) else (
        doc[i - 1].text + prev.text if i > 0 and prev.text in ".)" and doc[i - 1].like_num and not doc[i - 1].whitespace_
        else "")
    first = i - (len(number) > len(prev.text))
    if number and _LIST_NUMBER.match(number) and (first == 0 or "\n" in doc[first - 1].text_with_ws):
        return True  # "1. Agreement on ...": the item starts after its number, not a sentence of its own
    return not prev.is_space and "\n" not in prev.whitespace_ and prev.text[-1:] not in _SENTENCE_END


def list_item_lines(text: str) -> set[int]:
    """Start offsets of the lines that are items of a list: a line opened by a bullet, and
    each line of a block of lines (one line break apart) under a line that ends with a colon
    ("Among the largest commitments:" + one company and its amount a line)."""
    items = set()
    pos, in_list, after_item = 0, False, False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (stripped[0] in BULLETS or in_list):
            items.add(pos)
        if stripped.endswith(":"):
            in_list = True
        elif not stripped:
            in_list = in_list and not after_item  # a blank line ends a list, not its introduction
        after_item = pos in items if stripped else after_item
        pos += len(line) + 1
    return items


def mark_sentence_starts(doc: Doc) -> None:
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
        tok = doc.char_span(dl.start, dl.end, alignment_mode="expand")
        if tok is not None and tok.end < len(doc):
            nxt = tok.end
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt < len(doc):
                starts.add(doc[nxt].idx)
    items = list_item_lines(text)
    for i, tok in enumerate(doc[:-2]):  # "Standfirst: The bank ...": the label is no part of the sentence
        if tok.lower_ in LINE_LABELS and doc[i + 1].text == ":" and (i == 0 or "\n" in doc[i - 1].text_with_ws):
            starts.add(doc[i + 2].idx)
    for i, tok in enumerate(doc[:-1]):
        if not tok.is_space or "\n" not in tok.text:
            continue
        nxt = doc[i + 1]
        first = nxt.text[:1]
        if not (first.isupper() or first.isdigit() or first in "\"“‘'([«" or first in BULLETS or nxt.idx in items):
            continue  # (a list item may open with a small letter: "i. To reopen ...", "a) the ...")
        prev = doc[i - 1] if i > 0 else None
        line_start = text.rfind("\n", 0, tok.idx) + 1
        line_len = len(text[line_start:tok.idx].split())
        if (tok.text.count("\n") > 1 or prev is None or prev.text[-1:] in ".!?:\"”’)" or line_len <= 14
                or line_start in items or first in BULLETS):
            starts.add(nxt.idx)
    for tok in doc[1:]:
        if tok.idx in starts:
            tok.is_sent_start = True
        elif _runs_on(doc[tok.i - 1]):
            tok.is_sent_start = False  # no sentence starts right after a word with no stop or break