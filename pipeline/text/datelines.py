"""Wire datelines: "NAIROBI, March 3 (Horizon Wire) -", "BEIJING, (APP - ... - 28th Jan, 2022 ) :".

One pattern, used by the readers (the publication date and ``article.dateline``) and by
the spaCy stage (a dateline becomes one token and its own sentence start). Pure string
functions; no spaCy, no dateparser.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

#: a month name or abbreviation, with an optional period ("Sept.")
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
#: the date of a dateline: "28th Jan, 2022", "March 3", "Sept. 11, 2024"
DATELINE_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN},?\s+\d{{4}}|{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)
_CAPS = "A-ZÀ-ÖØ-Þ"  # capitals, accented ones included ("SÃO PAULO")
#: a dateline at a given position (use ``.match(text, pos)``): an all-caps place of up to four
#: words, an optional region ("PARIS, Texas"), then an optional date and/or agency in brackets,
#: then a dash or colon
DATELINE_RE = re.compile(
    rf"(?P<place>[{_CAPS}][{_CAPS}.'’-]+(?:\s+[{_CAPS}][{_CAPS}.'’-]+){{0,3}})(?:\s*,\s*[A-Z][a-z]+)?\s*,?\s*"
    rf"(?:\((?P<paren>[^)]{{0,120}})\)\s*|(?P<date>{DATELINE_DATE})\s*)?(?:\((?P<agency>[^)]{{0,40}})\)\s*)?"
    rf"\s*[:–—-]+\s*"
)
_LINE_START = re.compile(r"(?:^|\n)[ \t]*")


class Dateline(NamedTuple):
    """Character offsets of one dateline in its text.

    ``text[start:place_end]`` is the place, ``text[date_start:date_end]`` its date (both
    None when it has none), ``text[start:end]`` the whole dateline without trailing space.
    """

    start: int
    place_end: int
    date_start: Optional[int]
    date_end: Optional[int]
    end: int


def dateline_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, place_end, end) of every wire dateline opening a line of ``text``.

    ``text[start:place_end]`` is the place ("NAIROBI"), ``text[start:end]`` the whole
    dateline including its date, agency and separator ("NAIROBI, March 3 (Horizon Wire) - ").
    """
    out = []
    for lm in _LINE_START.finditer(text):
        m = DATELINE_RE.match(text, lm.end())
        if not m:
            continue
        place = m.group("place")
        if len(place.strip(" ,")) < 3 or m.end() >= len(text) or text[m.end()] == "\n" or "\n" in place:
            continue  # "PRESS RELEASE\n\nOSLO -": the dateline is on the next line, matched from there
        out.append((m.start(), m.start("place") + len(place.rstrip(" ,")), m.end()))
    return out


def dateline_date_span(text: str, start: int) -> tuple[Optional[int], Optional[int]]:
    """(start, end) of the date of the dateline at ``start`` ((None, None) if it has none).

    The date stands after the place ("GENEVA, March 14 -") or inside the bracket before the
    separator ("BEIJING, (APP - ... - 28th Jan, 2022 ) :").
    """
    m = DATELINE_RE.match(text, start)
    if m and m.group("date"):
        return m.span("date")
    if m and m.group("paren"):
        dm = re.search(DATELINE_DATE, m.group("paren"))
        if dm:
            return m.start("paren") + dm.start(), m.start("paren") + dm.end()
    return None, None


def find_dateline(body: str) -> tuple[Optional[str], Optional[str]]:
    """(place, date text) of a wire dateline at the start of ``body``, else (None, None)."""
    m = DATELINE_RE.match(body)
    if not m:
        return None, None
    place = m.group("place").strip(" ,")
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return None, None
    d0, d1 = dateline_date_span(body, 0)
    return place, (body[d0:d1] if d0 is not None else None)
