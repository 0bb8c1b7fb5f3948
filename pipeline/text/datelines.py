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
#: the date of a dateline: "28th Jan, 2022", "25 July", "March 3", "Sept. 11, 2024", "February 18/2024"
DATELINE_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN}(?:,?\s+\d{{4}})?|{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}}|/\d{{4}})?)"
)
_CAPS = "A-ZÀ-ÖØ-Þ"  # capitals, accented ones included ("SÃO PAULO")
_LOWER = "a-zß-öø-ÿ"
#: an agency credit in slashes, TASS's form: "MOSCOW, March 3. /TASS/. Russia ..."
_SLASH_AGENCY = r"/(?P<slash>[A-Z][A-Za-z .-]{1,30})/\.?"
#: a title-case place ("Tokyo") only when a date and an agency credit follow: Jiji Press writes
#: "Tokyo, March 3 (Jiji Press)--", where an all-caps rule would see an ordinary sentence
_TITLE_PLACE = (rf"[{_CAPS}][{_LOWER}'’-]+(?:\s+[{_CAPS}][{_LOWER}'’-]+){{0,2}}"
                rf"(?=\s*,\s*{DATELINE_DATE}\.?\s*(?:\([^)\n]{{1,40}}\)|/[A-Z][A-Za-z .-]{{1,30}}/)"
                rf"|\s*,\s*\([^)\n]{{0,40}}{DATELINE_DATE}\s*\)\s*:"  # "Accra, (GNA - 12th Mar, 2024 ) :"
                rf"|\s+/[A-Z][A-Z .-]{{1,30}}/)")  # "Ulaanbaatar /KHANGAI NEWS/."
#: a weekday before a dateline's date: "PORT MORESBY, Tuesday 9 July 2024 –"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
#: a dateline at a given position (use ``.match(text, pos)``): an optional date before the place
#: ("Sept. 11, 2024 - OTTAWA -", group ``lead``), an all-caps place of up to four words, or
#: places joined by slashes ("BENGALURU/SEOUL"), (or a
#: title-case one, see above), an optional region ("PARIS, Texas"), then an optional date (an
#: abbreviated month keeps its period: "Sept. 11") and/or agency in brackets or slashes, then a
#: dash or colon (none after a slashed agency, nor after a date and a bracketed agency: "Asuncion,
#: March 3, 2023 (Prensa Austral) The Government ...")
DATELINE_RE = re.compile(
    rf"(?:(?P<lead>{DATELINE_DATE})\s*[,|]?\s*(?:[–—-]+\s*)?)?"
    rf"(?P<place>[{_CAPS}][{_CAPS}.'’/-]+(?:\s+[{_CAPS}][{_CAPS}.'’/-]+){{0,3}}|{_TITLE_PLACE})"
    rf"(?:\s*,\s*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]{{2}})(?=\s*[,(:–—-]|\s+(?:and|&)\s+[{_CAPS}]{{2}}))?"
    rf"(?:\s+(?:and|&)\s+[{_CAPS}][{_CAPS}.'’-]+(?:\s+[{_CAPS}][{_CAPS}.'’-]+){{0,3}}"  # "JAKARTA, Indonesia & HO CHI MINH CITY, Vietnam"
    rf"(?:\s*,\s*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]{{2}})(?=\s*[,(:–—-]))?)?\s*,?\s*"  # region: "Sri Lanka"
    rf"(?:\((?P<paren>[^)]{{0,120}})\)\s*|{_WEEKDAY}(?P<date>{DATELINE_DATE})(?:\.(?=\s*/))?\s*)?"
    rf"(?:\((?P<agency>[^)]{{0,40}})\)\s*|{_SLASH_AGENCY}\s*|[–—-]{{1,2}}\s*\((?P<wire>[^)\n]{{1,40}})\)(?=\s*[–—-]))?"
    rf"(?(slash)\s*[:–—-]*\s*|(?(agency)(?(date)\s*[:–—-]*\s*|\s*[:–—-]+\s*)|\s*[:–—-]+\s*))"
)
#: a wire line without a place: "March 3 (Reuters) - ", "Sept. 11 (UPI) -- " (readers only: it
#: gives a date, no place)
NO_PLACE_RE = re.compile(rf"(?P<date>{DATELINE_DATE})\s*\((?P<agency>[^)\n]{{1,40}})\)\s*[:–—-]+\s*")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*")


#: a wire headline's sport label ("SOCCER - LEEDS SIGN ...", "CRICKET-"): no place, so no dateline
SPORT_LABELS = frozenset({
    "SOCCER", "FOOTBALL", "CRICKET", "RUGBY", "RUGBY UNION", "RUGBY LEAGUE", "TENNIS", "GOLF", "ATHLETICS",
    "CYCLING", "BOXING", "BASKETBALL", "BASEBALL", "ICE HOCKEY", "HOCKEY", "MOTOR RACING", "MOTORSPORT",
    "FORMULA ONE", "SWIMMING", "SKIING", "ALPINE SKIING", "VOLLEYBALL", "HANDBALL", "NFL", "NBA", "NHL",
    "OLYMPICS", "SPORT", "SPORTS", "HORSE RACING", "SAILING", "ROWING", "BADMINTON", "TABLE TENNIS", "WRESTLING",
    "JUDO", "CHESS", "SQUASH", "NETBALL", "AFL", "MLB", "MMA"})


def _is_sport_label(place: str) -> bool:
    return place.strip(" ,-–—:").upper() in SPORT_LABELS


#: what may follow a dateline's separator: an agency in brackets and a (week)day, then a dash
#: ("GEORGETOWN, Guyana – (Demerara Daily Times) Wednesday, June 15, 2022 – ",
#: "APIA, Samoa – Tuesday 14 November 2023 – ")
_AFTER_SEPARATOR = re.compile(
    rf"\s*(?:\((?P<agency>[^)\n]{{1,40}})\)\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?P<date>{DATELINE_DATE})\s*[–—-]+\s*")


def _after_separator(text: str, m: re.Match) -> Optional[re.Match]:
    """The agency and date written after a dateline's separator, when its own groups have none."""
    if m.group("date") or m.group("lead") or m.group("agency") or m.group("slash") or m.group("paren") or m.group("wire"):
        return None
    return _AFTER_SEPARATOR.match(text, m.end())


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


def _hyphenated_headline(text: str, m: re.Match) -> bool:
    """Whether a match is an all-caps headline cut at a hyphen ("KILIMO FOODS LIFTS HALF-YEAR
    PROFIT"): three or more words, no date or agency, and a dash with a letter on both sides."""
    e = m.end()
    return not (m.group("date") or m.group("paren") or m.group("agency") or m.group("slash") or m.group("wire")) \
        and len(m.group("place").split()) >= 3 and 1 < e < len(text) and text[e - 1] in "-–" \
        and text[e - 2].isalpha() and text[e].isalpha()


def dateline_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, place_end, end) of every wire dateline opening a line of ``text``.

    ``text[start:place_end]`` is the place ("NAIROBI"), ``text[start:end]`` the whole
    dateline including its date, agency and separator ("NAIROBI, March 3 (Horizon Wire) - ").
    """
    out = []
    for lm in _LINE_START.finditer(text):
        m = DATELINE_RE.match(text, lm.end())
        if not m or m.group("lead"):  # date first: text[start:place_end] would not be the place
            continue
        place = m.group("place")
        if len(place.strip(" ,")) < 3 or m.end() >= len(text) or text[m.end()] == "\n" or "\n" in place \
                or _is_sport_label(place) or _hyphenated_headline(text, m):
            continue  # "PRESS RELEASE\n\nOSLO -": the dateline is on the next line, matched from there
        after = _after_separator(text, m)
        out.append((m.start(), m.start("place") + len(place.rstrip(" ,-–—")), after.end() if after else m.end()))
    return out


def dateline_date_span(text: str, start: int) -> tuple[Optional[int], Optional[int]]:
    """(start, end) of the date of the dateline at ``start`` ((None, None) if it has none).

    The date stands after the place ("GENEVA, March 14 -") or inside the bracket before the
    separator ("BEIJING, (APP - ... - 28th Jan, 2022 ) :").
    """
    m = DATELINE_RE.match(text, start)
    if m and m.group("date"):
        return m.span("date")
    after = _after_separator(text, m) if m else None
    if after:
        return after.span("date")
    if m and m.group("lead"):
        return m.span("lead")
    if m and m.group("paren"):
        dm = re.search(DATELINE_DATE, m.group("paren"))
        if dm:
            return m.start("paren") + dm.start(), m.start("paren") + dm.end()
    return None, None


def dateline_agency_span(text: str, start: int) -> tuple[Optional[int], Optional[int]]:
    """(start, end) of the news agency credited in the dateline at ``start`` ("(Horizon Wire)",
    "/TASS/": the name without brackets or slashes); (None, None) if it credits none."""
    m = DATELINE_RE.match(text, start)
    after = _after_separator(text, m) if m else None
    if after and after.group("agency"):
        return after.span("agency")
    for group in ("agency", "slash", "wire", "paren"):
        if m and m.group(group) and m.group(group).strip():
            s, e = m.span(group)
            if group == "paren":  # "(Tasman Pacific Wire)", "(Pakistan Wire Service - 27th Jul, 2021 )"
                dm = re.search(DATELINE_DATE, m.group(group))
                if dm:
                    e = s + dm.start()
                while e > s and text[e - 1] in " ,-–—":
                    e -= 1
                if not text[s:e] or any(c.isdigit() for c in text[s:e]):
                    continue
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            return s, e
    return None, None


#: how far into a body its dateline may stand: after a headline, a standfirst or a caption
#: ("HEADLINE\n\nTEGUCIGALPA, 3rd Mar, 2020 (Isthmus Press Agency) : ...")
DATELINE_SEARCH_LINES = 8
DATELINE_SEARCH_CHARS = 1500


def find_dateline(body: str) -> tuple[Optional[str], Optional[str]]:
    """(place, date text) of the wire dateline opening ``body``, or opening one of its first
    :data:`DATELINE_SEARCH_LINES` non-empty lines within :data:`DATELINE_SEARCH_CHARS` characters
    (after a headline, a standfirst, a caption, a list of the documents signed)
    (place None for a line with a date and an agency but no place: "March 3 (Reuters) -"),
    else (None, None)."""
    m = DATELINE_RE.match(body)
    if m and _hyphenated_headline(body, m):
        m = None  # the headline: look for the dateline in the lines below
    if m and not any(m.group(g) for g in ("date", "lead", "paren", "agency", "slash", "wire")) \
            and not _after_separator(body, m) and "\n" in body[:DATELINE_SEARCH_CHARS]:
        first = body.find("\n")  # "D.OYUNCHIMEG: WE WILL FINISH ..." (a headline's kicker) over a dated dateline
        below = find_dateline(body[first + 1:])
        if below[1] is not None:
            return below
    if not m:
        nm = NO_PLACE_RE.match(body)
        if nm:
            return None, nm.group("date")
        spans = dateline_spans(body[:DATELINE_SEARCH_CHARS])
        starts = [i for i in (lm.end() for lm in _LINE_START.finditer(body[:DATELINE_SEARCH_CHARS]))
                  if i < len(body) and body[i] not in "\n"][:DATELINE_SEARCH_LINES]
        span = next((sp for sp in spans if sp[0] in starts), None)
        if span is None:
            return None, None
        d0, d1 = dateline_date_span(body, span[0])
        return body[span[0]:span[1]], (body[d0:d1] if d0 is not None else None)
    place = m.group("place").strip(" ,").rstrip("-–—")  # "SAN FRANCISCO--(BUSINESS WIRE)--"
    if len(place) < 3 or not any(c.isalpha() for c in place) or _is_sport_label(place):
        return None, None
    d0, d1 = dateline_date_span(body, 0)
    return place, (body[d0:d1] if d0 is not None else None)
