"""Date expressions -> TIMEX-style values, resolved against the publication date.

:func:`resolve_date` turns one candidate expression (found in a Doc by
:mod:`pipeline.nlp.dates`) into a :class:`Resolved` value: an ordered table of small
rules (:data:`RULES`) handles relative days, weekdays (tense-aware), periods ("the next
five years", "last month", "the first quarter"), ranges and deadlines; absolute calendar
dates go to dateparser with ``languages=["en"]``, one candidate span at a time, never a
whole text. Durations, ages and ordinals are rejected (``None``).

Value forms: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``START/END`` and ``/END``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
#: Spanish and French month names, as datelines of machine-translated copy write them ("18 de septiembre")
FOREIGN_MONTHS = {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
                  "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
                  "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
                  "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12}
MONTHS.update(FOREIGN_MONTHS)
#: seasons, as month ranges of the northern hemisphere (ANNOTATION: "the summer of 2022" -> 2022-06/2022-08)
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "fifty": 50, "several": None, "few": None, "couple of": 2}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "q1": 1, "q2": 2, "q3": 3, "q4": 4}

#: a month name or abbreviation, lower case (texts are lower-cased before matching)
MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: Spanish and French month names (see FOREIGN_MONTHS)
FOREIGN_MONTH_RE = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
SEASON_RE = r"(?:spring|summer|autumn|fall|winter)"
WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_RE = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|couple of)"
_UNIT_RE = r"(?:day|week|month|year|decade)s?"
YEAR_RE = r"(?:1[89]\d\d|20\d\d|2100)"

#: leading words kept in a mention's text but not part of the value
_PREPS = ("on", "in", "by", "from", "since", "until", "till", "before", "during", "within", "through",
          "between", "as of", "no later than", "not later than", "on or before", "prior to", "up to",
          "in the period up to", "beyond", "for")
_DEADLINE_PREPS = ("by", "before", "until", "till", "through", "no later than", "not later than", "on or before",
                   "prior to", "up to", "in the period up to", "within")


@dataclass(frozen=True)
class Resolved:
    value: Optional[str]
    granularity: str  # day | month | year | range | deadline
    relative: bool


# helpers


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


# absolute dates


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


_DAY_MONTH_RE = re.compile(rf"^(?:{WEEKDAY_RE},?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of|\s+de)?\s+({MONTH_RE}|{FOREIGN_MONTH_RE})(?:,?\s+(?:de\s+)?({YEAR_RE}))?$")
_MONTH_DAY_RE = re.compile(rf"^(?:{WEEKDAY_RE},?\s+)?({MONTH_RE})\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+({YEAR_RE}))?$")
_MONTH_YEAR_RE = re.compile(rf"^(?:early|mid|late|mid-)?\s*-?({MONTH_RE})(?:,?\s+(?:of\s+)?({YEAR_RE}))?$")
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
    if not re.search(YEAR_RE, t):
        return None
    res = _dateparser_abs(t)
    if res and res[1] == "day":
        return res[0].isoformat()
    return None


# resolution


def _pick_year(month: int, day: Optional[int], pub: dt.date, tense: Optional[str]) -> int:
    """Year for a month (and day) given without one, from the publication date and tense.

    The same year as the publication, unless that puts the date far on the wrong side of it:
    more than two months ahead in a past-tense clause ("signed on Dec. 3" in January) or behind
    in a future one (a month without a day: any month already over), or, with no tense, more
    than half a year away. A date a few weeks ahead
    in a past-tense sentence ("strikes planned for May 26") stays in the same year.
    """
    last = 28 if month == 2 else 30
    d0 = dt.date(pub.year, month, min(day or 15, last))
    delta = (d0 - pub).days
    if tense == "past" and delta > 60:
        return pub.year - 1
    if tense == "future" and (delta < -60 or day is None and month < pub.month):
        return pub.year + 1  # a whole month already over lies ahead: "will begin by September" in October
    if tense is None and abs(delta) > 183:
        return pub.year - 1 if delta > 0 else pub.year + 1
    return pub.year


def _year_for(written: Optional[str], month: int, day: Optional[int], pub: Optional[dt.date],
              tense: Optional[str]) -> Optional[tuple[int, bool]]:
    """(year, relative) of a month (and day): the year written, else :func:`_pick_year`'s from the
    publication date; None when neither is known."""
    if written:
        return int(written), False
    if pub is None:
        return None
    return _pick_year(month, day, pub, tense), True


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


_ANAPHORIC_YEAR = re.compile(r"^(?:in\s+|by\s+|during\s+)?(?:(?:the\s+)?(following|previous|preceding)\s+year"
                             r"|a\s+year\s+(later|earlier|before|after)|the\s+year\s+(before|after))$")


def anaphoric_year_offset(text: str) -> Optional[int]:
    """+1 or -1 for a year told from another year of the story ("opened the plant the following
    year", "a year earlier"), None for any other expression ("next year" and "the next year" are
    told from publication)."""
    m = _ANAPHORIC_YEAR.match(re.sub(r"\s+", " ", text.strip().lower()))
    if not m:
        return None
    word = m[1] or m[2] or m[3]
    return 1 if word in ("following", "later", "after") else -1


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
    t = re.sub(r"\bmid[- ]?((?:19|20)\d\d)$", r"june \1", t)  # "by mid-2024": the year's middle month
    # hedges keep the date they qualify: "as early as 2025", "early next year", "late next week"
    hedged = re.match(r"^(?:as (?:early|late|soon) as|no earlier than|(?:early|late|mid)[- ]|around|about|"
                      r"approximately|sometime in|some time in)\s*(.+)$", t)
    if hedged and not re.match(rf"^(?:{MONTH_RE}|{YEAR_RE})$", t) and not _DECADE.match(t):  # "early 2030s": 2030/2033
        inner = _resolve_cached(hedged.group(1), pub, tense)
        if inner is not None:
            return inner
    t = re.sub(r"\b(?:the\s+)?(?:year[- ]end|end[- ]year|end of year)$", "the end of the year", t)  # "by year-end"
    t = _split_year_named(t)
    latest = re.match(r"^(.+?),?\s+at the (?:latest|very latest)$", t)
    if latest:  # "october 2024 at the latest": a deadline
        t = "by " + latest.group(1)
    deadline = re.match(r"^(.+?)\s+(?:deadline|target date|cut-?off)$", t)
    if deadline:  # "a December deadline": the end of that month at the latest
        t = "by " + deadline.group(1)
    if pub is not None:  # "June 30 next year", "December of last year", "April last year": that year
        t = re.sub(rf"^(.*\b(?:{MONTH_RE})\b.*?)\s+(?:of\s+)?(next|last|this) year$",
                   lambda m: f"{m.group(1)} {pub.year + {'next': 1, 'last': -1, 'this': 0}[m.group(2)]}", t)
    t = re.sub(r"^(?:for\s+)?the\s+period\s+(?:of\s+|from\s+)?", "from ", t)  # "for the period 1st january, 2026 to ..."
    prep, core = _strip_prep(t)
    core = re.sub(r"^(?:the )?(?:same|current) ", "this ", core)  # "the current year", "during the same month"
    core = re.sub(r"^(yesterday|tomorrow) (?:morning|afternoon|evening|night)$", r"\1", core)
    if prep == "between" and " and " in core:
        core = core.replace(" and ", " to ", 1)  # "between December and February": a range like "December to February"
    two = re.fullmatch(rf"({MONTH_RE}) and ({MONTH_RE})", core)
    if two and (_month_num(two[2]) - _month_num(two[1])) % 12 == 1:
        core = f"{two[1]} to {two[2]}"  # "in July and August": two months in a row are one period
    if prep == "since":
        tense = "past"  # "since January": the last one before publication
    hedge = re.match(r"^(?:early|late|mid)[- ](.+)$", core) if prep else None
    if hedge and not _DECADE.match(core) and not re.match(rf"^(?:{MONTH_RE}|{YEAR_RE})$", hedge.group(1)):
        inner = _resolve_cached(f"{prep} {hedge.group(1)}", pub, tense)  # "from early next year"
        if inner is not None:
            return inner
    for rx in _NOT_A_DATE_RES if prep != "within" else ():
        if rx.search(core) and not re.search(r"\b(?:next|last|past|coming|previous|this|ago)\b", core):
            return None
    if prep in ("for",) and not re.search(r"\b(?:next|last|past|coming)\b|\d{4}", core):
        return None  # "for three years"
    beyond = re.match(r"^(.+?)\s+(?:and beyond|onwards|onward)$", core)
    if beyond:
        prep, core = "since", beyond.group(1)  # "2023 and beyond": an open period, like "since 2023"
    if prep == "beyond":  # "beyond June 2028": open from then on, ahead
        res = _resolve_core(core, pub, "future", "")
        return Resolved(f"{res.value}/", "range", res.relative) if res is not None and res.value \
            and "/" not in res.value else res
    if prep in ("until", "till", "through") or prep in _DEADLINE_PREPS and prep != "within" and tense != "past":
        tense = "future"  # a deadline lies ahead: "postponed until Monday", "by December"
    res = _resolve_core(core, pub, tense, prep)
    if res is None:
        return None
    if prep == "since" and res.value and "/" not in res.value:
        return Resolved(f"{res.value}/", "range", res.relative)  # "since 2011" -> "2011/"
    if prep in ("until", "till", "through") and res.granularity == "day" and re.match(rf"^(?:next |this )?{WEEKDAY_RE}$", core):
        return res  # "until Monday": that day (a weekday is the day itself, not a deadline)
    if prep == "before" and res.granularity == "range" and res.value and _SEASON.match(core) and "/" in res.value:
        return Resolved(f"/{res.value.split('/')[0]}", "deadline", res.relative)  # "before the summer": by its first month
    if prep in _DEADLINE_PREPS and res.granularity != "deadline" and not _NEXT_N.match(core):
        if prep == "within":
            return res
        end = _end_of(res.value) if res.value else None
        return Resolved(f"/{end}" if end else None, "deadline", res.relative)
    return res


def _rel(value_fn, pub, granularity) -> Resolved:
    if pub is None:
        return Resolved(None, granularity, True)
    return Resolved(value_fn(pub), granularity, True)


#: what a rule returns when it does not apply after all: the next rule is tried
NO_MATCH = object()
#: a rule: (pattern the whole text must match, or None for "always try", handler). The handler
#: gets (match or None, text, publication date, tense, leading preposition) and returns a
#: :class:`Resolved`, None (a date-like phrase that is not a date: stop) or :data:`NO_MATCH`.
Rule = tuple[Optional[re.Pattern], Callable[..., object]]


def _resolve_core(t: str, pub: Optional[dt.date], tense: Optional[str], prep: str) -> Optional[Resolved]:
    """The first rule of :data:`RULES` that applies decides: its :class:`Resolved`, or None
    (a date-like phrase that is not a date). Order matters: specific shapes come before the
    generic ones ("from X to Y", dateparser) that would also take them."""
    for pattern, handler in RULES:
        m = pattern.match(t) if pattern is not None else None
        if pattern is not None and m is None:
            continue
        res = handler(m, t, pub, tense, prep)
        if res is not NO_MATCH:
            return res
    return None


def _split_year_named(t: str) -> str:
    """A split year without the words naming it: "the 2024/25 fiscal year", "the 2019/20 season",
    "the 2024-2025 school year" -> "2024/25", "2019/20", "2024-2025" (a leading preposition kept)."""
    return re.sub(rf"^((?:in|for|during|from|by|since|over)\s+)?(?:the\s+)?((?:{YEAR_RE})\s*[-–/]\s*(?:{YEAR_RE}|\d\d))"
                  r"\s+(?:fiscal|financial|budget|school|academic)?\s*(?:year|season)$", r"\1\2", t)


def _r_end_of(m, t, pub, tense, prep):
    """'the end of March', 'the close of the year' -> a deadline at the end of the inner date."""
    t = re.sub(r"^(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?", "end of ", t)
    if not t.startswith("end of "):
        return NO_MATCH
    t = re.sub(r"^(?:the\s+)?(year|month|week|decade|quarter)$", r"this \1", _split_year_named(t[len("end of "):]))
    if t == "this decade" and pub is not None:  # "by the end of the decade" (2020s) -> /2030, as news means it
        return Resolved(f"/{pub.year // 10 * 10 + 10}", "deadline", True)
    inner = _resolve_core(t, pub, tense, prep)
    if inner is None:
        return None
    return Resolved(f"/{_end_of(inner.value)}" if inner.value else None, "deadline", inner.relative)


_START_OF = re.compile(r"^(?:the\s+)?(?:beginning|start|middle|course)\s+of\s+(?:the\s+)?(next year|this year|last year|year|next month|this month)$")


def _r_start_of(m, t, pub, tense, prep):
    """'the beginning of next year' -> next year; 'the start of the month' -> this month."""
    inner = m[1] if " " in m[1] else f"this {m[1]}"
    return _resolve_core(inner, pub, tense, prep)


_WEEK_OF_MONTH = re.compile(rf"^(?:the\s+)?(first|second|third|fourth|last|final)\s+week\s+of\s+({MONTH_RE})(?:\s+({YEAR_RE}))?$")


def _r_week_of_month(m, t, pub, tense, prep):
    """'the first week of May' -> 1-7 May; 'the last week of June' -> the month's last seven days."""
    month = _month_num(m[2])
    known = _year_for(m[3], month, None, pub, tense)
    if known is None:
        return Resolved(None, "range", True)
    year, relative = known
    last = calendar.monthrange(year, month)[1]
    first = last - 6 if m[1] in ("last", "final") else 7 * (ORDINALS[m[1]] - 1) + 1
    a, b = dt.date(year, month, first), dt.date(year, month, min(first + 6, last))
    return Resolved(f"{a.isoformat()}/{b.isoformat()}", "range", relative)


_WEEKEND = re.compile(r"^(this|last|next|the|coming|past)?\s*weekend$")


def _r_weekend(m, t, pub, tense, prep):
    """'the weekend', 'this weekend', 'last weekend' -> Saturday/Sunday: 'last'/'past' or a past
    clause the one before publication, otherwise the coming one (the publication's own if it is
    a weekend day)."""
    if pub is None:
        return Resolved(None, "range", True)
    weekend = pub.weekday() >= 5
    sat = pub - dt.timedelta(days=pub.weekday() - 5) if weekend else pub + dt.timedelta(days=5 - pub.weekday())
    if m[1] in ("last", "past") or m[1] in (None, "the") and tense == "past" and not weekend:
        sat -= dt.timedelta(days=7)  # "attacks over the weekend", "last weekend"
    elif m[1] == "next" and weekend:
        sat += dt.timedelta(days=7)
    return Resolved(f"{sat.isoformat()}/{(sat + dt.timedelta(days=1)).isoformat()}", "range", True)


_WEEKDAY_OF_WEEK = re.compile(rf"^({WEEKDAY_RE})\s+(last|next|this)\s+week$")


def _r_weekday_of_week(m, t, pub, tense, prep):
    """'Thursday last week' -> the Thursday of the week before publication's (weeks start Monday)."""
    if pub is None:
        return Resolved(None, "day", True)
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks={"last": -1, "next": 1, "this": 0}[m[2]])
    return Resolved((monday + dt.timedelta(days=WEEKDAYS.index(m[1]))).isoformat(), "day", True)


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


_HOLIDAY = re.compile(rf"^(christmas(?: day| eve)?|new year's (?:day|eve)|easter(?: sunday)?)(?:\s+({YEAR_RE}))?$")
_HOLIDAY_DAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                 "new year's day": (1, 1), "new year's eve": (12, 31)}


def _r_holiday(m, t, pub, tense, prep):
    """'Christmas', 'New Year's Eve', 'Easter' (Western Easter Sunday), with the year the tense gives."""
    def day_in(year: int) -> dt.date:
        if m[1].startswith("easter"):
            return _easter(year)
        return dt.date(year, *_HOLIDAY_DAYS[m[1]])
    if m[2]:
        return Resolved(day_in(int(m[2])).isoformat(), "day", False)
    if pub is None:
        return Resolved(None, "day", True)
    d = day_in(pub.year)
    if tense == "past" and d > pub:
        d = day_in(pub.year - 1)
    elif tense != "past" and (d - pub).days < -60:
        d = day_in(pub.year + 1)
    return Resolved(d.isoformat(), "day", True)


_REL_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}


def _r_relative_day(m, t, pub, tense, prep):
    """'today', 'yesterday', 'the day after tomorrow'."""
    if t not in _REL_DAYS:
        return NO_MATCH
    return _rel(lambda p: (p + dt.timedelta(days=_REL_DAYS[t])).isoformat(), pub, "day")


_WEEKDAY_PHRASE = re.compile(rf"^(?:(last|next|this|coming|past)\s+)?({WEEKDAY_RE})(?:\s+(?:morning|afternoon|evening|night))?$")


def _r_weekday(m, t, pub, tense, prep):
    """'friday', 'last friday', 'next monday', 'friday morning' (direction from the tense; 'from
    Thursday' in a clause without tense looks ahead: "rain forecast from Thursday")."""
    if prep == "from" and tense is None:
        tense = "future"
    return _rel(lambda p: _weekday(m[2], m[1] or "", p, tense).isoformat(), pub, "day")


_THIS_PERIOD = re.compile(r"^(?:(?:earlier|later)\s+)?(this|last|next|coming|previous|current|the previous|the coming)\s+(week|month|year|quarter|decade)$")
_WHICH = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "the past": -1,
          "the previous": -1, "next": 1, "coming": 1, "the coming": 1}


def _r_this_period(m, t, pub, tense, prep):
    """'this week', 'last month', 'next year', 'earlier this year', 'the coming quarter'."""
    unit = m[2]
    if pub is None:
        return Resolved(None, "range" if unit in ("week", "quarter", "decade") else unit, True)
    if unit == "week" and m[1] == "this" and t.startswith("earlier ") and pub.weekday() > 0:
        monday = pub - dt.timedelta(days=pub.weekday())  # "earlier this week": Monday to the day before publication
        return Resolved(f"{monday.isoformat()}/{(pub - dt.timedelta(days=1)).isoformat()}", "range", True)
    return Resolved(*(_period(unit, _WHICH[m[1]], pub)), True)


_SPORTS_SEASON = re.compile(r"^(this|last|next|the previous|the current|the coming|the last|the next|current|previous)\s+season$")


def _r_sports_season(m, t, pub, tense, prep):
    """'this season', 'the previous season': a season that spans two years, as European leagues
    and most news means it (August to May): 'this season' in March 2025 is 2024/2025, in
    September 2025 it is 2025/2026."""
    if pub is None:
        return Resolved(None, "range", True)
    start = pub.year if pub.month >= 7 else pub.year - 1
    start += {"this": 0, "the current": 0, "current": 0, "last": -1, "the last": -1, "the previous": -1,
              "previous": -1, "next": 1, "the next": 1, "the coming": 1}[m[1]]
    return Resolved(f"{start}/{start + 1}", "range", True)


_NEXT_N = re.compile(rf"^(?:the\s+)?(next|past|last|coming|following|previous|upcoming)\s+(?:({_NUM_RE})\s+)?({_UNIT_RE})$")


def _r_next_n_units(m, t, pub, tense, prep):
    """'the next five years', 'the past two weeks' -> a range from/to the publication date."""
    n = _num(m[2]) if m[2] else 1
    if n is None:
        return None
    sign = 1 if m[1] in ("next", "coming", "following", "upcoming") else -1
    if pub is None:
        return Resolved(None, "range", True)
    a, b = sorted([pub, _shift(pub, m[3], sign * n)])
    return Resolved(f"{a.isoformat()}/{b.isoformat()}", "range", True)


_N_UNITS = re.compile(rf"^({_NUM_RE})\s+({_UNIT_RE})(?:'s?|s')?\s*(?:time|from now)?$")


def _r_within_n_units(m, t, pub, tense, prep):
    """'within two years', "in three months' time", 'five years from now' -> a deadline."""
    m = _N_UNITS.match(t)
    if not (m and (prep == "within" or "time" in t or "from now" in t)):
        return NO_MATCH
    n = _num(m[1])
    if n is None:
        return None
    if pub is None:
        return Resolved(None, "deadline", True)
    return Resolved(f"/{_shift(pub, m[2], n).isoformat()}", "deadline", True)


_AGO = re.compile(rf"^({_NUM_RE})\s+({_UNIT_RE})\s+ago$")


def _r_ago(m, t, pub, tense, prep):
    """'three weeks ago', 'two years ago' -> the day, month or year it was."""
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


_QUARTER = re.compile(rf"^(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])(?:\s+(quarter|half))?(?:\s+(?:of\s+)?(?:(this|next|last) year|({YEAR_RE})))?$")


def _r_quarter_half(m, t, pub, tense, prep):
    """'the first quarter (of 2026)', 'q3 2024', 'the second half of next year' -> a month range."""
    m = _QUARTER.match(re.sub(r"\bof the year$", "of this year", t))
    if not (m and (m[2] or m[1].startswith("q"))):
        return NO_MATCH
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
        if m[3] is None and tense == "future" and size * n < pub.month:
            year += 1  # "will ship it in Q1" written in September: the coming Q1 (issue 12)
        elif m[3] is None and tense == "past" and size * (n - 1) + 1 > pub.month:
            year -= 1  # "profit fell in the fourth quarter" written in February: last year's
    size = 3 if unit == "quarter" else 6
    return Resolved(f"{_month_value(year, size * (n - 1) + 1)}/{_month_value(year, size * n)}", "range", relative)


_DECADE = re.compile(r"^(?:the\s+)?(?:(early|mid|late)[- ]?)?((?:1[89]|20)\d)0s$")
_DECADE_PART = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def _r_decade(m, t, pub, tense, prep):
    """'the 1990s' -> '1990/1999'; 'the early 2030s' -> '2030/2033' (ANNOTATION), 'the late 2020s' -> '2027/2029'."""
    a, b = _DECADE_PART[m[1]]
    return Resolved(f"{m[2]}{a}/{m[2]}{b}", "range", False)


_YEAR_RANGE = re.compile(rf"^(?:from\s+|between\s+|the (?:fiscal |financial )?years?\s+|(?:fiscal|financial) years?\s+)?"
                         rf"({YEAR_RE})\s*(?:-|–|—|/|to|through|until|and)\s*({YEAR_RE}|\d\d)$")


def _r_year_range(m, t, pub, tense, prep):
    """'2021-25', '2021-2025', '2025/26', 'from 2026 to 2035', 'between 2020 and 2025', 'the year
    2025-2026'."""
    a = int(m[1])
    b = int(m[2]) if len(m[2]) == 4 else _full_year(m[2], a)
    return Resolved(f"{a}/{b}", "range", False) if b > a else None


_DAY_RANGE = re.compile(rf"^({MONTH_RE})\s+(\d{{1,2}})\s*(?:-|–|to)\s*(\d{{1,2}})(?:,?\s+({YEAR_RE}))?$")


def _r_day_range(m, t, pub, tense, prep):
    """'march 3-5, 2024', 'june 10 to 12' -> a day range."""
    mon, d1, d2, y = _month_num(m[1]), int(m[2]), int(m[3]), m[4]
    if y is None and pub is None:
        return Resolved(None, "range", True)
    year = int(y) if y else _pick_year(mon, d1, pub, tense)
    try:
        return Resolved(f"{dt.date(year, mon, d1).isoformat()}/{dt.date(year, mon, d2).isoformat()}", "range",
                        y is None)
    except ValueError:
        return None


_DAY_PAIR = re.compile(rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:\s+of)?\s+({MONTH_RE})(?:,?\s+({YEAR_RE}))?$")


def _r_day_pair(m, t, pub, tense, prep):
    """'19 and 20 september', '3-5 march 2024': the days of one month, day first -> a day range."""
    return _r_day_range((None, m[3], m[1], m[2], m[4]), t, pub, tense, prep)


_WEEKDAY_PAIR = re.compile(rf"^({WEEKDAY_RE})\s+(?:and|to|-|–)\s+({WEEKDAY_RE})$")


def _r_weekday_pair(m, t, pub, tense, prep):
    """'wednesday and thursday', 'monday to friday' -> from the first day to the second (the week
    the clause's tense picks for the first; the second follows it)."""
    a = _r_weekday(_WEEKDAY_PHRASE.match(m[1]), m[1], pub, tense, prep)
    if a is None or a is NO_MATCH or not a.value:
        return a if a is not NO_MATCH else None
    first = dt.date.fromisoformat(a.value)
    gap = (WEEKDAYS.index(m[2]) - WEEKDAYS.index(m[1])) % 7
    if gap == 0:
        return None
    return Resolved(f"{first.isoformat()}/{(first + dt.timedelta(days=gap)).isoformat()}", "range", True)


_WEEK_OF_DAY = re.compile(r"^(?:the\s+)?(week|weekend)\s+of\s+(.+)$")


def _r_week_of_day(m, t, pub, tense, prep):
    """'the week of jan. 16' -> that day's Monday-Sunday week; 'the weekend of 20 april' -> the
    Saturday and Sunday of that day's week (weeks start on Monday, ISO 8601)."""
    inner = _resolve_core(m[2], pub, tense, "")
    if inner is None or inner.granularity != "day":
        return NO_MATCH
    if not inner.value:
        return Resolved(None, "range", True)
    day = dt.date.fromisoformat(inner.value)
    monday = day - dt.timedelta(days=day.weekday())
    a, b = (monday, monday + dt.timedelta(days=6)) if m[1] == "week" else (
        monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
    return Resolved(f"{a.isoformat()}/{b.isoformat()}", "range", inner.relative)


_FROM_TO = re.compile(r"^(?:(?:from|between)\s+)?(.+?)\s+(?:to|and|until|through)\s+(.+)$")


def _r_from_to(m, t, pub, tense, prep):
    """'from March to June 2025', 'between May 3 and May 9': a range of two resolvable points
    (the words 'from'/'between' may have been taken off as the leading preposition)."""
    bare = not (t.startswith(("from ", "between ")) or prep in ("from", "between"))
    if bare and (" to " not in t or not re.search(YEAR_RE + r".*\bto\b.*" + YEAR_RE, t)):
        return NO_MATCH
    a = _resolve_core(m[1], pub, tense, "")
    b = _resolve_core(m[2], pub, tense, "")
    if bare and not (a and b and a.value and b.value and not a.relative and not b.relative):
        return NO_MATCH  # "1st january, 2026 to 31st december, 2026": a range when both ends are written in full
    if b is not None and b.granularity == "deadline" and b.value:  # "... to the end of March 2026"
        b = Resolved(b.value.lstrip("/"), "month", b.relative)
    if a and b and a.value and b.value and b.value < a.value and b.granularity == "day" and _WEEKDAY_PHRASE.match(m[2]) \
            and len(a.value) == 10 and len(b.value) == 10:  # "from tonight until Saturday": the Saturday after
        later = dt.date.fromisoformat(b.value)
        while later.isoformat() < a.value:
            later += dt.timedelta(days=7)
        b = Resolved(later.isoformat(), "day", True)
    if a and b and a.value and b.value and a.relative and b.relative and b.value < a.value and "/" not in a.value:
        b2 = _resolve_core(f"{m[2]} {int(a.value[:4]) + (b.value[5:] < a.value[5:])}", pub, tense, "")
        if b2 is not None and b2.value:  # "between April 1 and September 30": the end follows the start
            b = Resolved(b2.value, b2.granularity, True)
    if a and b and b.value and not b.relative and (a.relative or a.value is None):
        year = int(b.value[:4])  # "from Oct. 31 to Nov. 13, 2026": the start takes the end's year
        for y in (year, year - 1):
            a2 = _resolve_core(f"{m[1]} {y}", pub, tense, "")
            if a2 and a2.value and a2.value <= b.value:
                a = a2
                break
    if a and b and a.value and b.value and "/" not in a.value + b.value:
        return Resolved(f"{a.value}/{b.value}", "range", a.relative or b.relative)
    return None


_THIS_MONTH = re.compile(rf"^(this|next|last)\s+({MONTH_RE})$")


def _r_this_month_name(m, t, pub, tense, prep):
    """'next march', 'last june', 'this september'."""
    mon = _month_num(m[2])
    if pub is None:
        return Resolved(None, "month", True)
    year = pub.year + (1 if m[1] == "next" and mon <= pub.month else 0) - (1 if m[1] == "last" and mon >= pub.month else 0)
    return Resolved(_month_value(year, mon), "month", True)


_PART_OF_YEAR = re.compile(rf"^(?:early|mid|late|the (?:start|beginning|middle) of|(?:the )?spring|(?:the )?summer|(?:the )?autumn|(?:the )?fall|(?:the )?winter)[- ]?(?:of\s+)?({YEAR_RE})$")
_BARE_YEAR = re.compile(rf"^(?:the year\s+|fiscal(?: year)?\s+|fy\s*)?({YEAR_RE})$")


def _r_part_of_year(m, t, pub, tense, prep):
    """'early 2024', 'the middle of 2025', 'summer 2023' -> the year."""
    return Resolved(m[1], "year", False)


def _r_year(m, t, pub, tense, prep):
    """'2030', 'the year 2030', 'fiscal 2025'."""
    return Resolved(m[1], "year", False)


def _r_month(m, t, pub, tense, prep):
    """'march', 'march 2024', 'mid-june' (a month without a year: year from the tense)."""
    mon = _month_num(m[1])
    if m[2]:
        return Resolved(_month_value(int(m[2]), mon), "month", False)
    if pub is None:
        return Resolved(None, "month", True)
    return Resolved(_month_value(_pick_year(mon, None, pub, tense), mon), "month", True)


def _r_day_month(m, t, pub, tense, prep):
    """'3 march', 'march 3', 'the 3rd of march 2024', 'tuesday, march 3'."""
    for rx, d_i, m_i in ((_DAY_MONTH_RE, 1, 2), (_MONTH_DAY_RE, 2, 1)):
        m = rx.match(t)
        if not m:
            continue
        mon, day = _month_num(m[m_i]), int(m[d_i])
        known = _year_for(m[3], mon, day, pub, tense)
        if known is None:
            return Resolved(None, "day", True)
        year, relative = known
        try:
            return Resolved(dt.date(year, mon, day).isoformat(), "day", relative)
        except ValueError:
            return None
    return NO_MATCH


#: a day written in numbers with slashes or dots: "16/11/2021", "22.11.2023" (day first, as most of
#: the world writes it; month first only when the second number cannot be a month: "11/16/2021")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d\d)$")


def _r_numeric_day(m, t, pub, tense, prep):
    """'16/11/2021' -> 2021-11-16; '11/16/2021' -> 2021-11-16."""
    a, b, year = int(m[1]), int(m[3]), int(m[4])
    day, month = (b, a) if b > 12 >= a else (a, b)
    try:
        return Resolved(dt.date(year, month, day).isoformat(), "day", False)
    except ValueError:
        return None


def _r_iso(m, t, pub, tense, prep):
    """'2024-03-05'."""
    try:
        return Resolved(dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day", False)
    except ValueError:
        return None


def _r_dateparser(m, t, pub, tense, prep):
    """Anything else with an explicit year and a month or numeric date: dateparser decides."""
    if not (re.search(YEAR_RE, t) and re.search(MONTH_RE + r"|\d{1,2}[/.]\d{1,2}[/.]", t)):
        return NO_MATCH
    res = _dateparser_abs(t)
    if not res:
        return NO_MATCH
    d, period = res
    if period == "month":
        return Resolved(_month_value(d.year, d.month), "month", False)
    if period == "year":
        return Resolved(f"{d.year}", "year", False)
    return Resolved(d.isoformat(), "day", False)


_SEASON = re.compile(rf"^(?:(this|next|last|the|coming)\s+)?(?:(?:early|late|mid)[- ]?)?({SEASON_RE})(?:\s+(?:of\s+)?(?:({YEAR_RE})|(this|next|last) year))?$")


def _r_season(m, t, pub, tense, prep):
    """'the summer of 2022' -> '2022-06/2022-08', 'next spring', 'last winter' (northern-hemisphere
    months, ANNOTATION), a season without a year: the next one in a future clause, else the last."""
    a, b = SEASONS[m[2]]
    if m[3]:
        year = int(m[3])
    elif pub is None:
        return Resolved(None, "range", True)
    else:
        shift = {"this": 0, "next": 1, "last": -1, None: None}[m[4]]
        year = pub.year + shift if shift is not None else _season_year(m[1], a, b, pub, tense)
    end_year = year + 1 if b < a else year
    return Resolved(f"{_month_value(year, a)}/{_month_value(end_year, b)}", "range", not m[3])


def _season_year(which: Optional[str], a: int, b: int, pub: dt.date, tense: Optional[str]) -> int:
    """The year a season named without one starts in: 'next spring' is the first one to come,
    'last winter' the last one gone, 'this/the spring' the one of the clause's tense."""
    start = dt.date(pub.year, a, 1)
    if which == "this":  # "this autumn" written in October: the one under way
        for y in (pub.year - 1, pub.year):
            first = dt.date(y, a, 1)
            last = _add_months(first, (b - a) % 12 + 1) - dt.timedelta(days=1)
            if first <= pub <= last:
                return y
    if which == "next" or which in (None, "the", "coming", "this") and tense == "future":
        return pub.year if start > pub else pub.year + 1
    if which == "last" or tense == "past":
        return pub.year if start <= pub else pub.year - 1
    return pub.year


_MONTH_RANGE = re.compile(rf"^(?:the\s+)?({MONTH_RE})\s*(?:-|–|—|to|/)\s*({MONTH_RE})"
                          rf"(?:\s+(?:period|quarter|window|(?:first |second )?half(?:[- ]year)?))?"
                          rf"(?:\s+(?:of\s+)?(?:(?:the\s+)?(?:fiscal|financial)\s+(?:year\s+)?)?({YEAR_RE}|this year|next year|last year))?$")


def _r_month_range(m, t, pub, tense, prep):
    """'March-April 2021', 'the July–August period', 'the April-June quarter', 'the April-September
    first half of fiscal 2024' -> a month range (one that wraps ends the year after)."""
    a, b = _month_num(m[1]), _month_num(m[2])
    if m[3] and m[3][:1].isdigit():
        year, relative = int(m[3]), False
    elif pub is None:
        return Resolved(None, "range", True)
    elif m[3]:
        year, relative = pub.year + {"this year": 0, "next year": 1, "last year": -1}[m[3]], True
    else:
        year, relative = _pick_year(a, None, pub, tense), True
    return Resolved(f"{_month_value(year, a)}/{_month_value(year if b >= a else year + 1, b)}", "range", relative)


_PERIOD_TO = re.compile(rf"^(?:the\s+)?(?:({MONTH_RE})\s+(quarter|half)|(quarter|half[- ]year|half|year|financial year|fiscal year|"
                        rf"({_NUM_RE})\s+months)\s+(?:to|ended|ending|through)\s+({MONTH_RE})(?:\s+\d{{1,2}})?)(?:,?\s+({YEAR_RE}))?$")


def _r_period_to(m, t, pub, tense, prep):
    """A reporting period named by its last month: 'the September quarter', 'the quarter to March
    2021', 'the six months to June', 'the quarter ended September 30', 'the year to June 2025' ->
    the months up to and including that month (company and central-bank reports)."""
    month = _month_num(m[1] or m[5])
    unit = (m[2] or m[3]).replace("-", " ")
    n = {"quarter": 3, "half": 6, "half year": 6}.get(unit) or (_num(m[4]) if m[4] else 12)
    if not n or not 1 <= n <= 12:
        return None
    picked = _year_for(m[6], month, None, pub, tense)
    if picked is None:
        return Resolved(None, "range", True)
    year, relative = picked
    first_year, first_month = divmod(year * 12 + month - n, 12)  # n months ending with ``month``
    return Resolved(f"{_month_value(first_year, first_month + 1)}/{_month_value(year, month)}", "range", relative)


_HALF = re.compile(rf"^(h[12])\s*({YEAR_RE})?$")


def _r_half(m, t, pub, tense, prep):
    """'H2 2025' -> '2025-07/2025-12'."""
    if not m[2] and pub is None:
        return Resolved(None, "range", True)
    year = int(m[2]) if m[2] else pub.year
    a = 1 if m[1] == "h1" else 7
    return Resolved(f"{_month_value(year, a)}/{_month_value(year, a + 5)}", "range", not m[2])


_REMAINDER = re.compile(rf"^(?:the\s+)?(?:remainder|rest|balance)\s+of\s+(?:the\s+|this\s+)?(year|({YEAR_RE}))$")


def _r_remainder(m, t, pub, tense, prep):
    """'the remainder of the year' -> from the publication date to 31 December."""
    if pub is None:
        return Resolved(None, "range", True)
    return Resolved(f"{pub.isoformat()}/{pub.year}-12-31", "range", True)


_FIRST_MONTHS = re.compile(rf"^(?:the\s+)?(first|last)\s+({_NUM_RE})\s+months\s+of\s+(?:(?:the|this)\s+(?:current\s+)?year|({YEAR_RE}))$")


def _r_first_months(m, t, pub, tense, prep):
    """'the first nine months of 2023' -> '2023-01/2023-09', 'the first two months of the current year'."""
    n = _num(m[2])
    if n is None or not 1 <= n <= 12:
        return None
    if m[3]:
        year, relative = int(m[3]), False
    elif pub is None:
        return Resolved(None, "range", True)
    else:
        year, relative = pub.year, True
    a, b = (1, n) if m[1] == "first" else (13 - n, 12)
    return Resolved(f"{_month_value(year, a)}/{_month_value(year, b)}", "range", relative)


_PAST_SPAN = re.compile(r"^(?:the\s+)?past\s+(week|month|year|decade)$")


def _r_past_span(m, t, pub, tense, prep):
    """'the past year' -> the twelve months up to the publication date (not last calendar year)."""
    if pub is None:
        return Resolved(None, "range", True)
    return Resolved(f"{_shift(pub, m[1], -1).isoformat()}/{pub.isoformat()}", "range", True)


#: the resolution rules, tried in this order (see :func:`_resolve_core`)
RULES: tuple[Rule, ...] = (
    (None, _r_end_of),
    (None, _r_relative_day),
    (_SEASON, _r_season),
    (_MONTH_RANGE, _r_month_range),
    (_HALF, _r_half),
    (_PERIOD_TO, _r_period_to),
    (_REMAINDER, _r_remainder),
    (_FIRST_MONTHS, _r_first_months),
    (_PAST_SPAN, _r_past_span),
    (_WEEK_OF_DAY, _r_week_of_day),
    (_WEEKDAY_PAIR, _r_weekday_pair),
    (_WEEKDAY_PHRASE, _r_weekday),
    (_WEEKDAY_OF_WEEK, _r_weekday_of_week),
    (_WEEKEND, _r_weekend),
    (_WEEK_OF_MONTH, _r_week_of_month),
    (_START_OF, _r_start_of),
    (_HOLIDAY, _r_holiday),
    (_THIS_PERIOD, _r_this_period),
    (_SPORTS_SEASON, _r_sports_season),
    (_NEXT_N, _r_next_n_units),
    (None, _r_within_n_units),
    (_AGO, _r_ago),
    (None, _r_quarter_half),
    (_DECADE, _r_decade),
    (_YEAR_RANGE, _r_year_range),
    (_DAY_RANGE, _r_day_range),
    (_DAY_PAIR, _r_day_pair),
    (_FROM_TO, _r_from_to),
    (_THIS_MONTH, _r_this_month_name),
    (_PART_OF_YEAR, _r_part_of_year),
    (_BARE_YEAR, _r_year),
    (_MONTH_YEAR_RE, _r_month),
    (None, _r_day_month),
    (_ISO_RE, _r_iso),
    (_NUMERIC_DAY, _r_numeric_day),
    (None, _r_dateparser),
)
