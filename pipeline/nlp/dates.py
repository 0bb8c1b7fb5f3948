"""Date expressions in a parsed article: candidate spans and the tense of their clause.

Candidates come from spaCy ``DATE`` entities plus patterns the model misses
(datelines like "28th Jan, 2022", year ranges "2021-25", "Q3"); each span grows over one
governing preposition ("on Friday", "by 2030") and "the end of". Values are resolved later
against the publication date (:func:`pipeline.text.dates.resolve_date`).
"""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple, Optional, TYPE_CHECKING


from pipeline.nlp.segment import doc_text
from pipeline.text.dates import FOREIGN_MONTH_RE, MONTH_RE, MONTHS, SEASON_RE, WEEKDAY_RE, WEEKDAYS, YEAR_RE

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc, Token


class DateSpan(NamedTuple):
    """A candidate date expression: character offsets in its Doc and the tense of its clause
    ("past", "future" or None)."""

    start: int
    end: int
    tense: Optional[str]

_EXTRA_DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE},?\s+{YEAR_RE}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_RE}(?![a-z])"  # "12 October", "14 of March" (capitalised month)
    rf"|(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)|Easter(?:\s+Sunday)?)(?:\s+{YEAR_RE})?"
    rf"|{MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR_RE})?"
    rf"|{YEAR_RE}\s*[-–/]\s*(?:{YEAR_RE}|\d\d)(?![\d-])(?:\s+(?:fiscal|financial|budget)\s+year|\s+season)?"
    rf"|Q[1-4](?:\s+{YEAR_RE})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}([./])\d{{1,2}}\1(?:19|20)\d\d(?![\d./])"
    rf"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    rf"|{MONTH_RE}\s*[-–]\s*{MONTH_RE}(?:\s+{YEAR_RE})?"  # "March-April 2021", "July–August"
    rf"|\d{{1,2}}\s+(?:de\s+)?{FOREIGN_MONTH_RE}(?:,?\s+(?:de\s+)?{YEAR_RE})?"  # "18 de septiembre", "3 février"
    rf"|(?:{MONTH_RE})\d{{1,2}}"  # "July9"
    rf"|H[12]\s+{YEAR_RE}"  # "H2 2025"
    rf"|the\s+{MONTH_RE}\s+(?:quarter|half)(?:,?\s+{YEAR_RE})?"  # "the September quarter"
    rf"|the\s+(?:quarter|half[- ]year|year|(?:six|three|nine|twelve|\d{{1,2}})\s+months)\s+(?:to|ended|ending)\s+"
    rf"{MONTH_RE}(?:\s+\d{{1,2}})?(?:,?\s+{YEAR_RE})?"  # "the quarter to March 2021", "the six months to June"
    rf"|(?:this|next|last|early|late|the)\s+{SEASON_RE}(?:\s+of\s+{YEAR_RE})?|{SEASON_RE}\s+(?:of\s+)?{YEAR_RE}"
    rf"|(?:next|this|last|the\s+current|the\s+coming)\s+(?:week|month|year|quarter|decade|{MONTH_RE})"
    rf"|the\s+(?:remainder|rest)\s+of\s+the\s+year"
    rf"|(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)|tonight"
    rf"|the\s+(?:first|last)\s+\w+\s+months\s+of\s+(?:the\s+current\s+year|this\s+year|{YEAR_RE})"
    rf"|{YEAR_RE}\s+and\s+beyond)\b",
    re.IGNORECASE,
)


#: a bare year after a time preposition ("runs from 2026 to 2035"), not a count ("to 2000 homes")
_PREP_YEAR_RE = re.compile(rf"\b(?:in|by|from|to|until|since|before|through|between|and|after|during)\s+({YEAR_RE})\b(?![\d,.]\d)(?!\s+[a-z]+s\b)")


_RANGE_GAP_RE = re.compile(r"\s*(?:to|through|until|till|and|-|–|—)\s*")


#: verbs whose present passive schedules what follows: "is expected from Thursday"
_SCHEDULING_VERBS = frozenset({"expect", "schedule", "set", "slate", "plan", "due", "forecast"})

_ENGLISH_MONTHS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))

#: verbs whose object lies ahead even in the past tense: "it expected ratification by March"
_EXPECTING_VERBS = frozenset({"expect", "anticipate", "predict", "forecast", "hope"})

#: verbs whose past-perfect plan was given up: "had planned to host it in May (but dropped the idea)"
_PLANNING_VERBS = frozenset({"plan", "intend", "hope", "want", "aim", "mean", "wish", "expect", "schedule"})

_LEAD_PREPS = {"on", "in", "by", "from", "since", "until", "till", "before", "during", "within", "through", "between",
               "beyond"}
#: deadlines of several words kept before a date (resolved by pipeline.text.dates)
_LEAD_PHRASES = (("in", "the", "period", "up", "to"), ("on", "or", "before"), ("no", "later", "than"),
                 ("not", "later", "than"), ("prior", "to"), ("up", "to"))


def tense_of(tok: Token, deadline: bool = False) -> Optional[str]:
    """'past', 'future' or None for the clause that ``tok`` belongs to. With ``deadline`` (the date
    follows 'by', 'before' or 'until') a participle that modifies a noun does not decide: the
    clause above it does ("we want the paperwork done by December", "get the drains cleaned
    before May")."""
    for v in [tok] + list(tok.ancestors):
        if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("aux", "auxpass"):
            continue
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        lem = {a.lemma_.lower() for a in auxes} | {a.lower_ for a in auxes}
        past_plan = v.dep_ == "xcomp" and v.head.lemma_.lower() in _PLANNING_VERBS \
            and any(a.lower_ in ("had", "'d") for a in v.head.children if a.dep_ == "aux")
        if past_plan and "to" in lem:
            return "past"  # "had planned to host it in May (but dropped the idea)": a past plan
        if lem & {"will", "shall", "'ll"} or (v.dep_ == "xcomp" and v.head.lower_ in ("going", "set", "due", "plan", "plans", "planned", "aim", "aims")):
            return "future"
        forms = {a.lower_ for a in auxes}
        if v.tag_ == "VBN" and not auxes and (deadline and v.dep_ in ("acl", "ccomp", "xcomp", "oprd", "conj")):
            continue  # "(want) the paperwork done by December": the wanting decides
        if v.tag_ == "VBN" and v.dep_ == "acl" and not auxes and v.head.dep_ == "pobj" \
                and v.head.head.lower_ in ("before", "after", "until", "till", "once"):
            continue  # "(will be in place) before the short rains set in around October": a time clause, read as a participle
        if v.tag_ == "VBN" and v.dep_ == "acl" and not auxes:
            return "past"  # "projections presented to commissioners in June", "the deal signed on Monday"
        if v.tag_ == "VBN" and forms & {"is", "are", "am"} and v.lemma_.lower() in _SCHEDULING_VERBS:
            return "future"  # "rain is expected from Thursday", "the vote is scheduled for May"
        if forms & {"can", "must", "should", "could", "may", "might"} and not forms & {"have", "has", "had"}:
            return "future"  # "tasks which can be done by January", "works could begin by September"
        if "would" in forms and forms & {"have", "'ve"}:
            return None  # "fares would otherwise have risen on Jan. 1": a counterfactual, no direction
        if v.tag_ == "VBD" and v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in v.children) \
                and any(a.dep_ == "aux" and a.lower_ in ("could", "would", "might") for a in v.head.children):
            return "future"  # "could fund the desks only if it collected its target by December": a condition ahead
        if v.tag_ == "VBD" and v.lemma_.lower() in _EXPECTING_VERBS and not auxes:
            return "future"  # "it expected ratification by March": what is expected lies ahead
        if v.tag_ == "VBD" or (v.tag_ == "VBN" and forms & {"have", "has", "had", "was", "were", "'ve", "'d"}) \
                or forms & {"did", "was", "were"}:
            return "past"  # (not a present or infinitive passive: "is signed", "to be signed")
        if v.tag_ == "VBG" and v.lemma_.lower() in ("start", "begin") and v.dep_ in ("acl", "advcl", "xcomp"):
            return "future"  # "a ceasefire starting on Saturday"
        if v.tag_ in ("VB", "VBN") and any(a.lemma_.lower() in ("would",) for a in auxes) and not forms & {"have", "'ve"}:
            return "future"  # "would sign in May", "a count would be done in October" (not "would have been")
        if v.tag_ == "VB" and "to" in lem and v.dep_ in ("xcomp", "advcl", "acl", "ccomp", "relcl"):
            return "future"  # "committed to finish it by December", "expected to land on Tuesday": ahead
        if v.tag_ in ("VBZ", "VBP") and v.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("if", "unless", "once", "until", "after", "before") for c in v.children):
            return "future"  # "if both complete their assessments by January", "after the ministries meet in October"
        if v.dep_ in ("ROOT", "ccomp") and v.tag_ in ("VBZ", "VBP") or v.dep_ == "conj" and v.tag_ == "VBP" \
                and v.head.dep_ in ("ROOT", "ccomp") and any(c.dep_ == "nsubj" for c in v.children):
            return None  # a present-tense main clause ("..., but we want the paperwork done by December")
        if v.tag_ in ("VBZ", "VBP") and not auxes and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
            return None  # a present-tense clause of its own: "the wet season, which normally ends in December"
    return None


#: verbs whose present tense tells what was said or shows what happened (reports and photo
#: captions: "X speaks at a briefing on Thursday"), not what is scheduled
_REPORTING_LEMMAS = frozenset({"say", "tell", "report", "announce", "state", "add", "note", "claim", "confirm",
                               "insist", "argue", "write", "explain", "warn", "speak", "talk", "address", "attend",
                               "arrive", "pose", "shake", "wave", "gesture", "look", "sign", "receive", "visit",
                               "inspect", "deliver", "hand", "present", "chair", "lead", "celebrate", "react"})


def _scheduled_weekday(span) -> bool:
    """Whether a bare weekday ("Saturday", "on Saturday") belongs to a present-tense verb that is
    not a reporting one: a fixture or schedule, so the coming such day ("Harriers travel to
    Carlisle on Saturday", "the committee meets on Monday")."""
    words = [t for t in span if t.lower_ != "on"]
    if len(words) != 1 or not re.fullmatch(WEEKDAY_RE, words[0].lower_):
        return False
    v = next((a for a in span.root.ancestors if a.pos_ in ("VERB", "AUX") and a.dep_ not in ("aux", "auxpass")), None)
    return v is not None and v.tag_ in ("VBZ", "VBP") and v.lemma_.lower() not in _REPORTING_LEMMAS \
        and not any(c.dep_ in ("aux", "auxpass") for c in v.children)


#: words a date expression can open with (besides numbers, months, weekdays and seasons)
_DATE_OPENERS = frozenset({
    "the", "a", "an", "this", "next", "last", "coming", "past", "previous", "current", "early", "late", "mid",
    "end", "beginning", "start", "middle", "following", "preceding", "upcoming", "prior", "first", "second", "third", "fourth", "final", "recent", "same",
    "fiscal", "financial", "year", "years", "month", "months", "week", "weeks", "day", "days", "decade", "decades",
    "today", "tomorrow", "yesterday", "tonight", "weekend", "christmas", "easter", "new", "q1", "q2", "q3", "q4",
    "h1", "h2", "several", "few", "many", "some", "half", "quarter", "remainder", "rest", "spring", "summer",
    "autumn", "fall", "winter", "earlier", "later", "fy", "each", "every", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "twelve", "twenty", "thirty", "fifty", "hundred", "couple", "more"})


def _without_leading_words(ent):
    """A DATE entity without leading words that open no date ("the pledges next June" -> "next
    June": the model's span runs over the noun before); None if no word opens a date."""
    i = ent.start
    while i < ent.end:
        t = ent.doc[i]
        low = t.lower_
        if t.like_num or any(c.isdigit() for c in low) or low.rstrip(".") in MONTHS or re.fullmatch(WEEKDAY_RE, low) \
                or re.fullmatch(SEASON_RE, low):
            break
        if low in _DATE_OPENERS and not (low in ("the", "a", "an") and i + 1 < ent.end
                                         and ent.doc[i + 1].lower_ not in _DATE_OPENERS
                                         and not ent.doc[i + 1].like_num and ent.doc[i + 1].lower_ not in MONTHS):
            break
        i += 1
    if i == ent.start:
        return ent
    return ent.doc[i:ent.end] if i < ent.end else None


def _months_in_a_row(a: str, b: str) -> bool:
    """Whether two bare month names follow each other in the calendar ("July", "August")."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    return a in _MONTH_INDEX and b in _MONTH_INDEX and (_MONTH_INDEX[b] - _MONTH_INDEX[a]) % 12 == 1


def _one_period(a: str, b: str) -> bool:
    """Whether two dates joined by 'and' are one period: two days of one month ("19 and 20
    September") or two weekdays in a row ("Wednesday and Thursday")."""
    a, b = a.strip().lower(), b.strip().lower()
    if re.fullmatch(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?", a) and re.match(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]", b):
        return True
    return a in WEEKDAYS and b in WEEKDAYS and (WEEKDAYS.index(b) - WEEKDAYS.index(a)) % 7 == 1


#: month name or abbreviation -> 1..12
_MONTH_INDEX = {name: i for i in range(1, 13) for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())}


def date_candidates(doc: Doc) -> list[DateSpan]:
    """Character spans (with the clause tense) of date expressions in a Doc.

    spaCy DATE entities plus regex patterns, merged; each span grows to the left over
    one governing preposition ("on Friday", "by 2030", "in the next five years") and
    "the end of". A bare year right after a capitalised name word ("Tokyo 2020",
    "Vision 2030") is a name, not a date.
    """
    text = doc_text(doc)
    spans = []
    for e in doc.ents:
        if e.label_ != "DATE":
            continue
        e = _without_leading_words(e)
        if e is None:
            continue
        comma = next((t.i for t in e if t.text == "," and not any(
            x.like_num or x.lower_.rstrip(".") in MONTHS or re.fullmatch(WEEKDAY_RE, x.lower_) for x in doc[t.i + 1:e.end])), None)
        if comma is not None and comma > e.start:
            e = doc[e.start:comma]  # "between April 1 and September 30, the months ...": the model ran on
        bar = next((t.i for t in e if t.text in ("/", "|") and t.whitespace_ and t.i > e.start
                    and doc[t.i - 1].whitespace_), None)
        if bar is not None:
            e = doc[e.start:bar]  # "December 26, 2023 / 7:48 PM / Updated": a stamp line's parts
        # "July 6 and August 3" is two dates (but "between 2025 and 2028" one range)
        m = re.match(r"^(.+?)\s+and\s+(.+)$", e.text)
        if m and not re.search(r"\bbetween\s*$", text[max(0, e.start_char - 12):e.start_char]) \
                and not e.text.lower().startswith("between") and not _one_period(m.group(1), m.group(2)):
            spans += [(e.start_char, e.start_char + len(m.group(1))), (e.start_char + m.start(2), e.end_char)]
        else:
            spans.append((e.start_char, e.end_char))
    for m in _EXTRA_DATE_RE.finditer(text):
        s, e = m.start(), m.end()
        if m.group(0)[0].islower() and re.match(WEEKDAY_RE, m.group(0).lower()):
            continue
        day_month = re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(\w+\.?)", m.group(0))
        if day_month and day_month.group(1).rstrip(".").lower() in _ENGLISH_MONTHS and not day_month.group(1)[0].isupper():
            continue  # "12 may be ...": a modal, not May
        if m.group(0)[:1] in "CENce" and not m.group(0)[0].isupper():
            continue  # holidays are capitalised: "christmas" in a lower-case list is no date
        spans.append((s, e))
    spans += [m.span(1) for m in _PREP_YEAR_RE.finditer(text)]
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        # overlapping spans, or two dates joined into a range: "2026 to 2035", "May - June"
        gap = text[merged[-1][1]:s] if merged else ""
        joined = _RANGE_GAP_RE.fullmatch(gap) and (
            "and" not in gap or re.search(r"\bbetween\s*$", text[max(0, merged[-1][0] - 12):merged[-1][0]])
            or _months_in_a_row(text[merged[-1][0]:merged[-1][1]], text[s:e])  # "July and August": one period
            or _one_period(text[merged[-1][0]:merged[-1][1]], text[s:e]))
        if merged and (s < merged[-1][1] or joined):  # "May 26 and June 2" are two dates
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = []
    datelines = doc._.datelines if doc.has_extension("datelines") and doc._.datelines else []
    for dl in datelines:
        if dl.date_start is not None:
            out.append(DateSpan(dl.date_start, dl.date_end, None))  # the dateline's own date ("March 3")
    for s, e in merged:
        if any(dl.start <= s < dl.end for dl in datelines):
            continue  # inside a dateline: its date is taken above
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        start, end = span.start, span.end
        if re.fullmatch(r"(?:(?:the|a)\s+)?year[- ]end", span.text, re.I) and end < len(doc) and doc[end].pos_ == "NOUN":
            continue  # "a year-end dividend", "its year-end forecast": a kind of thing, no date
        # skip ents that are only a leading determiner-less duration etc.: resolution decides later
        if start > 0 and re.fullmatch(YEAR_RE, span.text):
            prev = doc[start - 1]
            if prev.is_title and prev.lower_ not in MONTHS and prev.lower_ not in _LEAD_PREPS and not prev.is_sent_start \
                    and prev.lower_ not in ("the", "fiscal", "early", "late", "mid", "spring", "summer", "autumn", "winter", "year"):
                continue  # 'Tokyo 2020', 'Expo 2020', 'Vision 2030'
        # "the end of" + date
        j = start
        if j >= 3 and doc[j - 1].lower_ == "the" and doc[j - 2].lower_ == "of" \
                and doc[j - 3].lower_ in ("end", "close", "start", "beginning", "middle"):
            j -= 1  # "the end of the" + "2025-26 (financial year)"
        if j >= 2 and doc[j - 1].lower_ == "of" and doc[j - 2].lower_ in ("end", "close", "start", "beginning", "middle"):
            j -= 2
            if j >= 1 and doc[j - 1].lower_ == "the":
                j -= 1
        lead = next((len(p) for p in _LEAD_PHRASES if j >= len(p) and [t.lower_ for t in doc[j - len(p):j]] == list(p)), 0)
        if lead:
            j -= lead  # "on or before February 21", "no later than the third quarter of 2027"
        elif j >= 1 and doc[j - 1].lower_ in _LEAD_PREPS and doc[j - 1].dep_ in ("prep", "mark", "advmod", "cc", "quantmod", "agent"):
            j -= 1
        start = j
        if end < len(doc) and doc[end].lower_ == "deadline":
            end += 1  # "a December deadline": a deadline, not the month
        full = doc[start:end]
        tense = tense_of(span.root, deadline=doc[start].lower_ in ("by", "before", "until"))
        if tense is None and _scheduled_weekday(span):
            tense = "future"
        # "X said on Tuesday it will open ...": a date right after a past reporting verb is that verb's
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.tag_ == "VBD" and doc[start].lower_ in ("on", "last", "this"):
            tense = "past"
        out.append(DateSpan(full.start_char, full.end_char, tense))
    return out