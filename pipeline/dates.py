"""Find date expressions in a parsed article and resolve them against the publication date.

Candidates come from spaCy ``DATE`` entities plus patterns the model misses
(datelines like "28th Jan, 2022", year ranges "2021-25", "Q3"). Each candidate is
resolved by :func:`resolve_date`: a small grammar handles relative days, weekdays
(tense-aware), periods ("the next five years", "last month", "the first quarter"),
ranges and deadlines; absolute calendar dates go to dateparser with
``languages=["en"]``. Durations, ages, ordinals and years inside names are rejected.

Value forms: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``START/END`` and ``/END``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from pipeline.segment import doc_text

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "fifty": 50, "several": None, "few": None, "couple of": 2}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "q1": 1, "q2": 2, "q3": 3, "q4": 4}

_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_RE = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|couple of)"
_UNIT_RE = r"(?:day|week|month|year|decade)s?"
_YEAR_RE = r"(?:1[89]\d\d|20\d\d|2100)"

#: leading words kept in a mention's text but not part of the value
_PREPS = ("on", "in", "by", "from", "since", "until", "till", "before", "during", "within", "through",
          "between", "as of", "no later than", "for")
_DEADLINE_PREPS = ("by", "before", "until", "till", "no later than", "within")


@dataclass(frozen=True)
class Resolved:
    value: Optional[str]
    granularity: str  # day | month | year | range | deadline
    relative: bool


# --------------------------------------------------------------------------- helpers


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _num(word: str) -> Optional[int]:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _month_value(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _end_of(value: str) -> str:
    """The last point of a value, for deadlines: '2021-2025' ranges -> end part."""
    return value.split("/")[-1]


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    unit = unit.rstrip("s")
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "year":
        return _add_years(d, n)
    if unit == "decade":
        return _add_years(d, 10 * n)
    raise ValueError(unit)


def _full_year(y2: str, century_of: int) -> int:
    return century_of // 100 * 100 + int(y2)


# --------------------------------------------------------------------------- absolute dates


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                       "RETURN_AS_TIMEZONE_AWARE": False,
                                                       "STRICT_PARSING": False})


def warm_up() -> None:
    """Build dateparser's parser and its time-zone patterns now (about 0.3 s on its first
    call), so that no batch pays for it; called when the model is loaded."""
    _parser().get_date_data("12 March 2024")


@lru_cache(maxsize=65536)
def _dateparser_abs(text: str) -> Optional[tuple[dt.date, str]]:
    """Absolute date text (with an explicit year) -> (date, period) via dateparser."""
    data = _parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), (data.period or "day")


_DAY_MONTH_RE = re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_RE})(?:,?\s+({_YEAR_RE}))?$")
_MONTH_DAY_RE = re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+({_YEAR_RE}))?$")
_MONTH_YEAR_RE = re.compile(rf"^(?:early|mid|late|mid-)?\s*-?({_MONTH_RE})(?:,?\s+(?:of\s+)?({_YEAR_RE}))?$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _month_num(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def parse_absolute_day(text: str, require_year: bool = False) -> Optional[str]:
    """'28th Jan, 2022' / 'June 3, 2025' / '2025-06-03' -> 'YYYY-MM-DD', else None."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    m = _ISO_RE.match(t)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    for rx, d_i, m_i in ((_DAY_MONTH_RE, 1, 2), (_MONTH_DAY_RE, 2, 1)):
        m = rx.match(t)
        if m and m[3]:
            try:
                return dt.date(int(m[3]), _month_num(m[m_i]), int(m[d_i])).isoformat()
            except ValueError:
                return None
        if m and not require_year:
            return None
    if not re.search(_YEAR_RE, t):
        return None
    res = _dateparser_abs(t)
    if res and res[1] == "day":
        return res[0].isoformat()
    return None


# --------------------------------------------------------------------------- resolution


def _pick_year(month: int, day: Optional[int], pub: dt.date, tense: Optional[str]) -> int:
    """Year for a month (and day) given without one, from the publication date and tense.

    The same year as the publication, unless that puts the date far on the wrong side of it:
    more than two months ahead in a past-tense clause ("signed on Dec. 3" in January) or behind
    in a future one, or, with no tense, more than half a year away. A date a few weeks ahead
    in a past-tense sentence ("strikes planned for May 26") stays in the same year.
    """
    last = 28 if month == 2 else 30
    d0 = dt.date(pub.year, month, min(day or 15, last))
    delta = (d0 - pub).days
    if tense == "past" and delta > 60:
        return pub.year - 1
    if tense == "future" and delta < -60:
        return pub.year + 1
    if tense is None and abs(delta) > 183:
        return pub.year - 1 if delta > 0 else pub.year + 1
    return pub.year


def _weekday(name: str, modifier: str, pub: dt.date, tense: Optional[str]) -> dt.date:
    target = WEEKDAYS.index(name)
    delta_back = (pub.weekday() - target) % 7
    if modifier == "last" or modifier == "past":
        return pub - dt.timedelta(days=delta_back or 7)
    if modifier in ("next", "coming"):
        return pub + dt.timedelta(days=((target - pub.weekday()) % 7) or 7)
    if modifier == "this":
        return pub + dt.timedelta(days=(target - pub.weekday()) % 7) if tense == "future" else pub - dt.timedelta(days=delta_back)
    if tense == "future":
        return pub + dt.timedelta(days=((target - pub.weekday()) % 7) or 7)
    return pub - dt.timedelta(days=delta_back)  # reporting: most recent such day, on or before


def _period(unit: str, which: int, pub: dt.date) -> tuple[str, str]:
    """(value, granularity) of this (0) / last (-1) / next (+1) week, month, year, decade, quarter."""
    unit = unit.rstrip("s")
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=which)
        return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "range"
    if unit == "month":
        d = _add_months(pub.replace(day=1), which)
        return _month_value(d.year, d.month), "month"
    if unit == "year":
        return f"{pub.year + which:04d}", "year"
    if unit == "quarter":
        q = (pub.month - 1) // 3 + which
        y, q = pub.year + q // 4, q % 4
        return f"{_month_value(y, 3 * q + 1)}/{_month_value(y, 3 * q + 3)}", "range"
    if unit == "decade":
        start = pub.year // 10 * 10 + 10 * which
        return f"{start}/{start + 9}", "range"
    raise ValueError(unit)


_NOT_A_DATE_RES = [
    re.compile(rf"^{_NUM_RE}[- ]{_UNIT_RE}(?:[- ]long|[- ]old)?$"),           # ten-year, 3 years
    re.compile(rf"^(?:for|over|about|around|nearly|almost|some|more than|up to|at least)\s+(?:the\s+)?(?:{_NUM_RE}|several|many)\s+(?:more\s+)?{_UNIT_RE}$"),
    re.compile(r"\b(?:years?|months?)[- ]old\b|\baged?\b|\bage of\b"),
    re.compile(rf"^(?:{_UNIT_RE}|decades|years|months|weeks|days|annual(?:ly)?|daily|weekly|monthly|yearly|overnight|the day|the year|a year|the time)$"),
    re.compile(rf"^(?:several|many|few|the|recent|coming)\s+{_UNIT_RE}$"),
    re.compile(r"^(?:now|currently|recently|soon|later|earlier|then|once|the past|the future|in the future|in future|these days|nowadays|for now)$"),
]


def _strip_prep(t: str) -> tuple[str, str]:
    for p in sorted(_PREPS, key=len, reverse=True):
        if t.startswith(p + " "):
            return p, t[len(p) + 1:].strip()
    return "", t


def resolve_date(text: str, pub: Optional[dt.date], tense: Optional[str] = None) -> Optional[Resolved]:
    """Resolve one date expression against the publication date.

    ``tense`` ("past", "future" or None) is the tense of the clause the expression
    belongs to; it decides the direction of weekdays and of months given without a
    year. Returns None when the text is not a date (a duration, an age, ...).
    Relative expressions with no publication date resolve to ``value=None``.
    """
    return _resolve_cached(re.sub(r"\s+", " ", text.strip().lower().replace("’", "'")), pub, tense)


@lru_cache(maxsize=65536)
def _resolve_cached(t: str, pub: Optional[dt.date], tense: Optional[str]) -> Optional[Resolved]:
    t = t.strip(" ,.;:()")
    t = re.sub(r"'s$", "", t)  # "next year's election"
    t = re.sub(r"^(?:the )?(?:same|current) ", "this ", t)
    # hedges keep the date they qualify: "as early as 2025", "early next year", "late next week"
    hedged = re.match(r"^(?:as (?:early|late|soon) as|no (?:earlier|later) than|(?:early|late|mid)[- ]|around|about|"
                      r"approximately|sometime in|some time in)\s*(.+)$", t)
    if hedged and not re.match(rf"^(?:{_MONTH_RE}|{_YEAR_RE})$", t):
        inner = _resolve_cached(hedged.group(1), pub, tense)
        if inner is not None:
            return inner
    prep, core = _strip_prep(t)
    for rx in _NOT_A_DATE_RES if prep != "within" else ():
        if rx.search(core) and not re.search(r"\b(?:next|last|past|coming|previous|this|ago)\b", core):
            return None
    if prep in ("for",) and not re.search(r"\b(?:next|last|past|coming)\b|\d{4}", core):
        return None  # "for three years"
    res = _resolve_core(core, pub, tense, prep)
    if res is None:
        return None
    if prep in _DEADLINE_PREPS and res.granularity != "deadline" and not core.startswith(("the next", "the coming", "next ")):
        if prep == "within":
            return res
        end = _end_of(res.value) if res.value else None
        return Resolved(f"/{end}" if end else None, "deadline", res.relative)
    return res


def _rel(value_fn, pub, granularity) -> Resolved:
    if pub is None:
        return Resolved(None, granularity, True)
    return Resolved(value_fn(pub), granularity, True)


def _resolve_core(t: str, pub: Optional[dt.date], tense: Optional[str], prep: str) -> Optional[Resolved]:
    t = re.sub(r"^(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?", "end of ", t)
    end_of = t.startswith("end of ")
    if end_of:
        t = t[len("end of "):]
        t = re.sub(r"^(?:the\s+)?(year|month|week|decade|quarter)$", r"this \1", t)
        inner = _resolve_core(t, pub, tense, prep)
        if inner is None:
            return None
        return Resolved(f"/{_end_of(inner.value)}" if inner.value else None, "deadline", inner.relative)

    # today / yesterday / tomorrow
    rel_days = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}
    if t in rel_days:
        return _rel(lambda p: (p + dt.timedelta(days=rel_days[t])).isoformat(), pub, "day")

    # weekdays: "friday", "last friday", "next monday", "friday morning"
    m = re.match(rf"^(?:(last|next|this|coming|past)\s+)?({_WEEKDAY_RE})(?:\s+(?:morning|afternoon|evening|night))?$", t)
    if m:
        return _rel(lambda p: _weekday(m[2], m[1] or "", p, tense).isoformat(), pub, "day")

    # this/last/next week|month|year|quarter|decade; earlier/later this year
    m = re.match(r"^(?:(?:earlier|later)\s+)?(this|last|next|past|coming|previous|current|the past|the previous|the coming)\s+(week|month|year|quarter|decade)$", t)
    if m:
        which = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "the past": -1,
                 "the previous": -1, "next": 1, "coming": 1, "the coming": 1}[m[1]]
        unit = m[2]
        return Resolved(*(_period(unit, which, pub)), True) if pub else Resolved(None, "range" if unit in ("week", "quarter", "decade") else unit, True)

    # the next/past/last/coming N units -> range from/to the publication date
    m = re.match(rf"^(?:the\s+)?(next|past|last|coming|following|previous|upcoming)\s+(?:({_NUM_RE})\s+)?({_UNIT_RE})$", t)
    if m:
        n = _num(m[2]) if m[2] else 1
        if n is None:
            return None
        sign = 1 if m[1] in ("next", "coming", "following", "upcoming") else -1
        if pub is None:
            return Resolved(None, "range", True)
        other = _shift(pub, m[3], sign * n)
        a, b = sorted([pub, other])
        return Resolved(f"{a.isoformat()}/{b.isoformat()}", "range", True)

    # "within two years", "in three months' time" -> deadline / point
    m = re.match(rf"^({_NUM_RE})\s+({_UNIT_RE})(?:'s?|s')?\s*(?:time|from now)?$", t)
    if m and (prep == "within" or "time" in t or "from now" in t):
        n = _num(m[1])
        if n is None:
            return None
        if pub is None:
            return Resolved(None, "deadline", True)
        return Resolved(f"/{_shift(pub, m[2], n).isoformat()}", "deadline", True)

    # N units ago
    m = re.match(rf"^({_NUM_RE})\s+({_UNIT_RE})\s+ago$", t)
    if m:
        n = _num(m[1])
        if n is None:
            return None
        unit = m[2].rstrip("s")
        gran = {"day": "day", "week": "day", "month": "month", "year": "year", "decade": "year"}[unit]
        if pub is None:
            return Resolved(None, gran, True)
        d = _shift(pub, unit, -n)
        val = d.isoformat() if gran == "day" else (_month_value(d.year, d.month) if gran == "month" else f"{d.year}")
        return Resolved(val, gran, True)

    # quarters and halves: "the first quarter (of 2026)", "q3 2024", "the second half of next year"
    t = re.sub(r"\bof the year$", "of this year", t)
    m = re.match(rf"^(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])(?:\s+(quarter|half))?(?:\s+(?:of\s+)?(?:(this|next|last) year|({_YEAR_RE})))?$", t)
    if m and (m[2] or m[1].startswith("q")):
        n = ORDINALS[m[1]]
        unit = m[2] or "quarter"
        if unit == "half" and n > 2:
            return None
        if m[4]:
            year, relative = int(m[4]), False
        elif pub is None:
            return Resolved(None, "range", True)
        else:
            year, relative = pub.year + {"this": 0, "next": 1, "last": -1, None: 0}[m[3]], True
        size = 3 if unit == "quarter" else 6
        return Resolved(f"{_month_value(year, size * (n - 1) + 1)}/{_month_value(year, size * n)}", "range", relative)

    # decades: "the 1990s"
    m = re.match(r"^(?:the\s+)?((?:1[89]|20)\d)0s$", t)
    if m:
        return Resolved(f"{m[1]}0/{m[1]}9", "range", False)

    # year ranges: "2021-25", "2021-2025", "from 2026 to 2035", "between 2020 and 2025", "2026 to 2035"
    m = re.match(rf"^(?:from\s+|between\s+)?({_YEAR_RE})\s*(?:-|–|—|to|through|until|and)\s*({_YEAR_RE}|\d\d)$", t)
    if m:
        a = int(m[1])
        b = int(m[2]) if len(m[2]) == 4 else _full_year(m[2], a)
        if b <= a:
            return None
        return Resolved(f"{a}/{b}", "range", False)

    # day ranges: "march 3-5, 2024", "3-5 march"
    m = re.match(rf"^({_MONTH_RE})\s+(\d{{1,2}})\s*(?:-|–|to)\s*(\d{{1,2}})(?:,?\s+({_YEAR_RE}))?$", t) or None
    if m:
        mon, d1, d2, y = _month_num(m[1]), int(m[2]), int(m[3]), m[4]
        if y is None and pub is None:
            return Resolved(None, "range", True)
        year = int(y) if y else _pick_year(mon, d1, pub, tense)
        try:
            return Resolved(f"{dt.date(year, mon, d1).isoformat()}/{dt.date(year, mon, d2).isoformat()}", "range", y is None)
        except ValueError:
            return None

    # generic "from X to Y" / "between X and Y" of two resolvable parts
    m = re.match(r"^(?:from|between)\s+(.+?)\s+(?:to|and|until|through)\s+(.+)$", t)
    if m:
        a = _resolve_core(m[1], pub, tense, "")
        b = _resolve_core(m[2], pub, tense, "")
        if a and b and a.value and b.value and "/" not in a.value + b.value:
            return Resolved(f"{a.value}/{b.value}", "range", a.relative or b.relative)
        return None

    # this/next/last <month>
    m = re.match(rf"^(this|next|last)\s+({_MONTH_RE})$", t)
    if m:
        mon = _month_num(m[2])
        if pub is None:
            return Resolved(None, "month", True)
        year = pub.year + (1 if m[1] == "next" and mon <= pub.month else 0) - (1 if m[1] == "last" and mon >= pub.month else 0)
        return Resolved(_month_value(year, mon), "month", True)

    # "early/mid/late 2024" -> year
    m = re.match(rf"^(?:early|mid|late|the (?:start|beginning|middle) of|(?:the )?spring|(?:the )?summer|(?:the )?autumn|(?:the )?fall|(?:the )?winter)[- ]?(?:of\s+)?({_YEAR_RE})$", t)
    if m:
        return Resolved(m[1], "year", False)

    # bare year, "the year 2030", "fiscal 2025"
    m = re.match(rf"^(?:the year\s+|fiscal(?: year)?\s+|fy\s*)?({_YEAR_RE})$", t)
    if m:
        return Resolved(m[1], "year", False)

    # month (+ year)
    m = _MONTH_YEAR_RE.match(t)
    if m:
        mon = _month_num(m[1])
        if m[2]:
            return Resolved(_month_value(int(m[2]), mon), "month", False)
        if pub is None:
            return Resolved(None, "month", True)
        return Resolved(_month_value(_pick_year(mon, None, pub, tense), mon), "month", True)

    # day + month (+ year)
    for rx, d_i, m_i in ((_DAY_MONTH_RE, 1, 2), (_MONTH_DAY_RE, 2, 1)):
        m = rx.match(t)
        if m:
            mon, day = _month_num(m[m_i]), int(m[d_i])
            if m[3]:
                year, relative = int(m[3]), False
            elif pub is None:
                return Resolved(None, "day", True)
            else:
                year, relative = _pick_year(mon, day, pub, tense), True
            try:
                return Resolved(dt.date(year, mon, day).isoformat(), "day", relative)
            except ValueError:
                return None

    m = _ISO_RE.match(t)
    if m:
        try:
            return Resolved(dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day", False)
        except ValueError:
            return None

    # anything else with an explicit year: let dateparser try (numeric forms, odd orders)
    if re.search(_YEAR_RE, t) and re.search(_MONTH_RE + r"|\d{1,2}[/.]\d{1,2}[/.]", t):
        res = _dateparser_abs(t)
        if res:
            d, period = res
            if period == "month":
                return Resolved(_month_value(d.year, d.month), "month", False)
            if period == "year":
                return Resolved(f"{d.year}", "year", False)
            return Resolved(d.isoformat(), "day", False)
    return None


# --------------------------------------------------------------------------- candidates in a Doc

_EXTRA_DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+{_YEAR_RE}"
    rf"|{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR_RE})?"
    rf"|{_YEAR_RE}\s*[-–]\s*(?:{_YEAR_RE}|\d\d)(?![\d-])"
    rf"|Q[1-4](?:\s+{_YEAR_RE})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)
#: a bare year after a time preposition ("runs from 2026 to 2035"), not a count ("to 2000 homes")
_PREP_YEAR_RE = re.compile(rf"\b(?:in|by|from|to|until|since|before|through|between|and|after|during)\s+({_YEAR_RE})\b(?![\d,.]\d)(?!\s+[a-z]+s\b)")
_RANGE_GAP_RE = re.compile(r"\s*(?:to|through|until|till|and|-|–|—)\s*")
_LEAD_PREPS = {"on", "in", "by", "from", "since", "until", "till", "before", "during", "within", "through", "between"}


def _tense_of(tok) -> Optional[str]:
    """'past', 'future' or None for the clause that ``tok`` belongs to."""
    for v in [tok] + list(tok.ancestors):
        if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("aux", "auxpass"):
            continue
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        lem = {a.lemma_.lower() for a in auxes} | {a.lower_ for a in auxes}
        if lem & {"will", "shall", "'ll"} or (v.dep_ == "xcomp" and v.head.lower_ in ("going", "set", "due", "plan", "plans", "planned", "aim", "aims")):
            return "future"
        if v.tag_ == "VBD" or (v.tag_ == "VBN" and lem & {"have", "has", "had", "was", "were", "be"}) or lem & {"did", "was", "were"}:
            return "past"
        if v.tag_ in ("VB",) and any(a.lemma_.lower() in ("would",) for a in auxes):
            return "future"
        if v.dep_ in ("ROOT", "ccomp") and v.tag_ in ("VBZ", "VBP"):
            return None  # a present-tense main clause
    return None


def date_candidates(doc) -> list[tuple[int, int, Optional[str]]]:
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
        # "July 6 and August 3" is two dates (but "between 2025 and 2028" one range)
        m = re.match(r"^(.+?)\s+and\s+(.+)$", e.text)
        if m and not re.search(r"\bbetween\s*$", text[max(0, e.start_char - 12):e.start_char]) \
                and not e.text.lower().startswith("between"):
            spans += [(e.start_char, e.start_char + len(m.group(1))), (e.start_char + m.start(2), e.end_char)]
        else:
            spans.append((e.start_char, e.end_char))
    for m in _EXTRA_DATE_RE.finditer(text):
        s, e = m.start(), m.end()
        if m.group(0)[0].islower() and re.match(_WEEKDAY_RE, m.group(0).lower()):
            continue
        spans.append((s, e))
    spans += [m.span(1) for m in _PREP_YEAR_RE.finditer(text)]
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        # overlapping spans, or two dates joined into a range: "2026 to 2035", "May - June"
        gap = text[merged[-1][1]:s] if merged else ""
        joined = _RANGE_GAP_RE.fullmatch(gap) and (
            "and" not in gap or re.search(r"\bbetween\s*$", text[max(0, merged[-1][0] - 12):merged[-1][0]]))
        if merged and (s < merged[-1][1] or joined):  # "May 26 and June 2" are two dates
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = []
    datelines = doc._.datelines if doc.has_extension("datelines") and doc._.datelines else []
    for dl in datelines:
        if dl[2] is not None:
            out.append((dl[2], dl[3], None))  # the dateline's own date ("March 3")
    for s, e in merged:
        if any(dl[0] <= s < dl[4] for dl in datelines):
            continue  # inside a dateline: its date is taken above
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        start, end = span.start, span.end
        # skip ents that are only a leading determiner-less duration etc.: resolution decides later
        if start > 0 and re.fullmatch(_YEAR_RE, span.text):
            prev = doc[start - 1]
            if prev.is_title and prev.lower_ not in MONTHS and prev.lower_ not in _LEAD_PREPS and not prev.is_sent_start \
                    and prev.lower_ not in ("the", "fiscal", "early", "late", "mid", "spring", "summer", "autumn", "winter", "year"):
                continue  # 'Tokyo 2020', 'Expo 2020', 'Vision 2030'
        # "the end of" + date
        j = start
        if j >= 2 and doc[j - 1].lower_ == "of" and doc[j - 2].lower_ in ("end", "close", "start", "beginning", "middle"):
            j -= 2
            if j >= 1 and doc[j - 1].lower_ == "the":
                j -= 1
        if j >= 1 and doc[j - 1].lower_ in _LEAD_PREPS and doc[j - 1].dep_ in ("prep", "mark", "advmod", "cc", "quantmod"):
            j -= 1
        start = j
        full = doc[start:end]
        tense = _tense_of(span.root)
        # "X said on Tuesday it will open ...": a date right after a past reporting verb is that verb's
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.tag_ == "VBD" and doc[start].lower_ in ("on", "last", "this"):
            tense = "past"
        out.append((full.start_char, full.end_char, tense))
    return out
