"""Plain-text articles: the `` date`` header, boilerplate lines, bylines and the dateline's date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.language import identify_language
from pipeline.text.datelines import DATELINE_SEARCH_CHARS, find_dateline
from pipeline.text.dates import parse_absolute_day

_HEADER_RE = re.compile(r"^\s*date\s+(\S+)\s*(?:\((@[\w.]+)\))?\s*$", re.IGNORECASE)


#: photo credits: "Image Source: PTI", "Photo: Getty Images", "Picture credit: AFP/Reuters"
_CREDIT_RE = re.compile(
    r"^(?:image|photo|picture|pic|photograph)\s*(?:source|credit|courtesy)?s?\s*:\s*"
    r"(?P<credit>[A-Z][\w&.-]*(?:\s*/\s*[A-Z][\w&.-]*)*(?:\s+(?:Images|Photos|Pictures))?)",
    re.IGNORECASE,
)


_READ_MORE_RE = re.compile(r"\s*\b(?:Read (?:also|more)|Also read|See also|READ MORE|ALSO READ)\b\s*:?.*$")


_SHARE_RE = re.compile(
    r"^(?:share(?: this(?: article| story)?| on \w+)?|follow us\b.*|subscribe\b.*|click here\b.*|"
    r"sign up\b.*|advertisement|sponsored|tweet|email|print)\s*[:.!]?\s*$",
    re.IGNORECASE,
)


_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|al|bin|da|del|dos))*"
#: "By Ada Lim", "By Ada Lim and Tom Vale | Reuters", "By Ada Lim, Tom Vale and Ines Roy", "By Ada Lim in
#: Morogoro Region" (where the reporter files from)
_BYLINE_RE = re.compile(rf"^By\s+(?P<name>(?:{_NAME}(?:\s*,\s*{_NAME})*\s+(?:and|&)\s+)?{_NAME})"
                        rf"(?:\s+in\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}})?\s*(?:[|,–—-].*)?$")
#: wire sign-offs: "(Reporting by Ada Lim in Lagos; Editing by Tom Vale)", "Writing by ...", "Compiled by ..."
_SIGNOFF_RE = re.compile(r"^\(?\s*(?:(?:Additional\s+)?reporting|writing|editing|compiled|translated|produced|"
                         r"graphics|photos?)\s+by\b[^()]*\)?\s*$", re.IGNORECASE)


def parse_iso_day(value: str) -> Optional[str]:
    """``YYYY-MM-DD`` (or an ISO timestamp) -> ``YYYY-MM-DD`` if it is a real date."""
    m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def parse_loose_date(value) -> Optional[str]:
    """A metadata date in any common form (ISO, RFC 822, 'June 3, 2025', epoch) -> ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            secs = value / 1000 if value > 1e11 else value
            return dt.datetime.fromtimestamp(secs, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    iso = parse_iso_day(value)
    if iso:
        return iso
    return parse_absolute_day(value)


def clean_lines(text: str) -> tuple[str, Optional[str], list[str]]:
    """Drop boilerplate lines and inline credits; return (body, byline, dropped).

    Boilerplate: photo credits ("Image Source: PTI" also as a prefix of the first
    paragraph), "Read also/more: ..." to the end of its line, share/subscribe prompts,
    "By <Name> [and <Name>]" bylines (returned as ``byline``) and wire sign-offs
    ("(Reporting by ... ; Editing by ...)").
    """
    out, dropped, byline = [], [], None
    for line in text.split("\n"):
        stripped = line.strip()
        m = _CREDIT_RE.match(stripped)
        if m:
            rest = stripped[m.end():].strip()
            dropped.append(stripped[: m.end()].strip())
            stripped = rest
        rm = _READ_MORE_RE.search(stripped)
        if rm:
            dropped.append(stripped[rm.start():].strip())
            stripped = stripped[: rm.start()].rstrip()
        if _SHARE_RE.match(stripped):
            dropped.append(stripped)
            continue
        if _SIGNOFF_RE.match(stripped) and len(stripped) < 300:
            dropped.append(stripped)
            continue
        bm = _BYLINE_RE.match(stripped)
        if bm and len(stripped) < 80:
            byline = byline or bm.group("name")
            dropped.append(stripped)
            continue
        out.append(stripped)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return body, byline, dropped


def article_from_text(text: str, **meta) -> RawArticle:
    """Build an article from plain text with the optional `` date`` header line.

    ``meta``: the :class:`RawArticle` fields known from elsewhere (metadata), plus
    ``reference_date`` (``YYYY-MM-DD``, e.g. a crawl's fetch date): the year of a dateline
    date that has none ("NAIROBI, March 3 (Reuters) -") when no publication date is known.
    The language is identified here (:func:`pipeline.ingest.language.identify_language`).
    """
    warnings: list[str] = list(meta.pop("warnings", []))
    published = meta.pop("published", None)
    reference = meta.pop("reference_date", None)
    lines = text.lstrip("\n").split("\n", 1)
    hm = _HEADER_RE.match(lines[0]) if lines else None
    if hm:
        text = lines[1] if len(lines) > 1 else ""
        value = hm.group(1)
        if value.lower() != "unknown":
            day = parse_iso_day(value)
            if day:
                published = day
            else:
                warnings.append(f"invalid publication date in header: {value!r}")
    tm = re.match(r"\s*#\s+(.+?)\s*(?:\n|$)", text) if meta.get("rel_path", "").endswith(".md") else None
    if tm:  # markdown headline: the title, not body text
        meta["title"] = meta.get("title") or tm.group(1)
        text = text[tm.end():]
    body, byline, _ = clean_lines(text)
    if not body.strip():
        raise ReadError("empty", "no article text")
    place, date_text = find_dateline(body)
    stamp = _stamp_day(body) if published is None else None
    if published is None and date_text:
        published = _dateline_day(date_text, reference, warnings, quiet=stamp is not None)
    if published is None:
        published = stamp
        if published:
            warnings.append(f"publication date taken from the page's time stamp line: {published}")
    if published is None:
        warnings.append("no publication date: relative dates are left unresolved")
    return RawArticle(
        text=body,
        byline=meta.pop("byline", None) or byline,
        dateline=place,
        published=published,
        warnings=warnings,
        language=identify_language(body).code,
        **meta,
    )


#: a page's time stamp line near the top: "Updated: 14 Mar 2025, 16:05 CAT", "Last updated: 22.11.2023 16:05"
_STAMP_RE = re.compile(r"^[ \t]*(?:last[ \t]+)?(?:updated|published|posted|first[ \t]+published)(?:[ \t]+on)?[ \t]*:?[ \t]*"
                       r"(?P<date>[^\n,]{6,30}?)(?:,?[ \t]+\d{1,2}[:.]\d{2}\b[^\n]*)?[ \t]*$", re.I | re.M)


def _stamp_day(body: str) -> Optional[str]:
    """The day of a time stamp line ("Updated: 14 Mar 2025, 16:05 CAT") in the first lines of
    ``body`` (the dateline search's reach, :data:`DATELINE_SEARCH_CHARS`), with its year; else None."""
    for m in _STAMP_RE.finditer(body[:DATELINE_SEARCH_CHARS]):
        day = parse_absolute_day(m.group("date"), require_year=True)
        if day:
            return day
    return None


def _dateline_day(date_text: str, reference: Optional[str], warnings: list, quiet: bool = False) -> Optional[str]:
    """The publication day a dateline's date gives: with its own year, else with the year of
    ``reference`` (the latest such day on or before it), else None and a warning."""
    day = parse_absolute_day(date_text, require_year=True)
    if day:
        warnings.append(f"publication date taken from the dateline: {date_text!r}")
        return day
    ref = parse_iso_day(reference or "")
    month_day = parse_absolute_day(f"{date_text} {ref[:4]}", require_year=True) if ref else None
    if month_day and month_day > ref:  # "Dec. 30" in a crawl of January 2: last year's
        month_day = parse_absolute_day(f"{date_text} {int(ref[:4]) - 1}", require_year=True)
    if month_day:
        warnings.append(f"publication date taken from the dateline {date_text!r} with the year of {ref}")
        return month_day
    if not quiet:  # (a time stamp line gives the day instead)
        warnings.append(f"the dateline's date {date_text!r} has no year and the article no dated metadata: "
                        "publication date left unresolved")
    return None
