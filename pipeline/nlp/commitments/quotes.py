"""Who says a quoted sentence: one attribution for a quotation of several sentences.

News quotes a speaker over several sentences and names them once ('"We have the doses.
What we need now is speed," Mavume told a press conference. "We will finish the first
round in ten days."'). The parser sees one sentence at a time, so "We will finish ..." has
no speaker of its own, and "we" would fall to whatever organisation was named last.

* :func:`quoted_regions`: the character spans inside quotation marks;
* :func:`quote_speakers`: each region's speaker, from a reporting verb outside the quotes in
  the sentence that closes it ('," Okumu said.') or opens it ('Okumu said: "...'); a region
  with no attribution of its own takes the one of the region before it in the paragraph
  (a quote resumed after '... Okumu said.'), else of the region after it.

The conventions are those of wire copy (AP and Reuters style): a quotation that runs over
paragraphs has no closing mark at the end of each paragraph, and the next paragraph opens
with a quotation mark.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc, Token

_OPEN = "“«"
_CLOSE = "”»"
_STRAIGHT = '"'


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the text inside each quotation, in order.

    ``start`` is just after the opening mark, ``end`` at the closing mark (or at the end of
    the paragraph for a quotation left open). Curly marks open and close; a straight ``"``
    opens outside a quotation and closes inside one. A quotation still open at a line break
    goes on when the next non-blank line opens with a quotation mark, else it ends there.
    Never raises; an empty text has no regions.
    """
    regions = []
    start = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and start is not None:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in _OPEN or text[j] == _STRAIGHT):
                i = j + 1  # the quotation goes on in the next paragraph (its opening mark skipped)
                continue
            regions.append((start, i))
            start = None
        elif start is None and (ch in _OPEN or ch == _STRAIGHT):
            start = i + 1
        elif start is not None and (ch in _CLOSE or ch == _STRAIGHT):
            regions.append((start, i))
            start = None
        i += 1
    if start is not None:
        regions.append((start, n))
    return [r for r in regions if r[1] > r[0]]


class QuoteSpeakers:
    """The speaker references of a Doc's quotations, looked up by character offset."""

    def __init__(self, regions: list[tuple[int, int]], speakers: list[Optional[list[dict]]]):
        self.regions = regions
        self.starts = [r[0] for r in regions]
        self.speakers = speakers

    def at(self, char: int) -> Optional[list[dict]]:
        """The speaker of the quotation holding character ``char`` (local to the Doc); None if the
        character is not quoted or the quotation's speaker is unknown."""
        k = bisect_right(self.starts, char) - 1
        if k >= 0 and self.regions[k][0] <= char < self.regions[k][1]:
            return self.speakers[k]
        return None


def quote_speakers(doc: Doc, text: str, reporting_verbs: frozenset,
                   reporter: Callable[[Token], Optional[list[dict]]]) -> QuoteSpeakers:
    """Each quotation of ``doc`` (``text`` is its text) with its speaker.

    Args:
        reporting_verbs: lemmas that attribute speech ("say", "tell", "add").
        reporter: the speaker references of a reporting verb (its subject), or None.
    """
    regions = quoted_regions(text)
    if not regions:
        return QuoteSpeakers([], [])
    inside = QuoteSpeakers(regions, [[]] * len(regions))

    def quoted(i: int) -> bool:
        return inside.at(i) is not None

    own: list[Optional[list[dict]]] = []
    for start, end in regions:
        said = None
        close = doc.char_span(end, min(end + 1, len(text)), alignment_mode="expand") if end < len(text) else None
        if close is not None:  # '," Okumu said.': a reporting verb after the closing mark, same sentence
            sent = close[0].sent
            said = _attribution(sent, lambda t: t.idx >= end and not quoted(t.idx), reporting_verbs, reporter)
        if said is None and start > 0:
            opening = doc.char_span(start - 1, start, alignment_mode="expand")
            if opening is not None:  # 'Okumu said: "...': before the opening mark
                sent = opening[0].sent
                said = _attribution(sent, lambda t: t.idx < start and not quoted(t.idx), reporting_verbs, reporter)
        own.append(said)
    paragraph = [text.count("\n", 0, s) for s, _e in regions]
    out = []
    for k, said in enumerate(own):
        if said is None:
            before = [own[j] for j in range(k - 1, -1, -1) if paragraph[j] == paragraph[k] and own[j]]
            after = [own[j] for j in range(k + 1, len(own)) if paragraph[j] == paragraph[k] and own[j]]
            said = (before or after or [None])[0]
        out.append(said)
    return QuoteSpeakers(regions, out)


def _attribution(sent, where, reporting_verbs, reporter) -> Optional[list[dict]]:
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_verbs and where(tok):
            said = reporter(tok)
            if said:
                return said
    return None
