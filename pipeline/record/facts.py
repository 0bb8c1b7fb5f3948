"""What the record needs from one parsed chunk, as plain data with global offsets.

Articles longer than the model's ``max_length`` are parsed in chunks (:func:`chunk_text`);
:func:`doc_facts` reads one chunk's Doc (entity mentions, titles, date spans,
commitments, actor groups) and shifts every offset by the chunk's position, so the record
never sees a Doc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from dataclasses import dataclass, field


from pipeline.nlp.dates import DateSpan
from pipeline.nlp.mentions import PERSON, entity_mentions, person_titles

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc

#: chunk size for long texts (characters); well under spaCy's default max_length
CHUNK_CHARS = 100_000


@dataclass
class DocFacts:
    """Everything the record needs from one parsed chunk, as plain data (global offsets)."""

    offset: int
    mentions: list = field(default_factory=list)
    acronyms: list = field(default_factory=list)
    titles: dict = field(default_factory=dict)  # mention start -> [titles]
    dates: list = field(default_factory=list)  # (start, end, tense)
    commitments: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # (position, [actor refs]) introduced together


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into (offset, chunk) pieces of at most ``limit`` characters.

    Cuts at the last paragraph break before the limit, else the last sentence end,
    else the last whitespace, else hard. Concatenating the chunks gives ``text``.
    """
    out, pos = [], 0
    n = len(text)
    while n - pos > limit:
        window = text[pos:pos + limit]
        cut = window.rfind("\n\n")
        if cut < limit // 4:
            m = None
            for m in re.finditer(r"[.!?][\"'”’)]?\s", window):
                pass
            cut = m.end() if m and m.end() > limit // 4 else -1
        if cut < limit // 4:
            cut = window.rfind(" ")
        if cut < limit // 4:
            cut = limit
        out.append((pos, text[pos:pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out


def doc_facts(doc: Doc, offset: int) -> DocFacts:
    """Pull entity mentions, titles, date spans and commitments out of a parsed chunk."""
    f = DocFacts(offset=offset)
    f.mentions, f.acronyms = entity_mentions(doc, offset)
    for m in f.mentions:
        if m.label == PERSON:
            f.titles[m.start] = person_titles(doc, m, offset)
    f.dates = [DateSpan(s + offset, e + offset, tense) for s, e, tense in (doc._.date_spans or [])]

    for c in doc._.commitments or []:
        c.actors = [_shift(offset, a) for a in c.actors]
        c.partners = [_shift(offset, a) for a in c.partners]
        c.speaker = [_shift(offset, a) for a in c.speaker] if c.speaker else None
        if c.when:
            c.when = (c.when[0] + offset, c.when[1] + offset)
        c.sent_start += offset
        c.sent_end += offset
        f.commitments.append(c)
    f.groups = [(pos + offset, [_shift(offset, m) for m in members]) for pos, members in (doc._.actor_groups or [])]
    return f


def _shift(offset: int, ref: dict) -> dict:
    """An actor reference moved from chunk-local to global offsets (in place; the Doc is done with)."""
    if ref.get("start") is not None:
        ref["start"] += offset
        ref["end"] += offset
    return ref
