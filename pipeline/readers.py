"""Turn raw files into articles: decoding, formats, publication date, boilerplate.

Every reader is a plain function. ``read_path`` is the single entry point used by
the flow and by ``news-pipeline extract``: it returns one :class:`RawArticle` per
article in the file, or raises :class:`ReadError` for a file that holds none (a
JSONL file yields per-line :class:`ReadError` objects next to its good lines).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Optional, Union

#: extension -> format name of ``source.format``
FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}


class ReadError(Exception):
    """An input that cannot become an article (empty, binary, invalid JSON, ...)."""

    def __init__(self, error_type: str, message: str, line: Optional[int] = None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.line = line
        self.sha256: Optional[str] = None  # of the bytes read, when the error is about them


@dataclass
class RawArticle:
    """One article as read from ``raw/``, before any NLP."""

    rel_path: str  # path relative to raw/, '/'-separated
    format: str  # text | html | json | jsonl
    file_sha256: str  # sha256 of the whole raw file
    sha256: str  # sha256 of this article's raw bytes (== file_sha256 except JSONL lines)
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    byline: Optional[str] = None
    dateline: Optional[str] = None
    url: Optional[str] = None
    line: Optional[int] = None  # 1-based JSONL line number
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable identity of the article inside raw/ (path, plus '#line' for JSONL)."""
        return f"{self.rel_path}#{self.line}" if self.line else self.rel_path


# --------------------------------------------------------------------------- decoding

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def decode_bytes(data: bytes) -> str:
    """Decode raw bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252.

    Raises :class:`ReadError` (``binary``) for data that is not text. Newlines are
    normalised to ``\\n`` and control characters other than tab/newline dropped.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = data.decode("utf-32", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif _bomless_utf16(data):
        text = data.decode(_bomless_utf16(data), errors="replace")
    else:
        if _looks_binary(data):
            raise ReadError("binary", "file content is binary, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Legacy Windows text; cp1252 leaves 5 bytes undefined, latin-1 takes those.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return clean_text(text)


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise a decoded string: ``\\n`` newlines, no control characters, no lone
    surrogates (JSON ``\\ud800`` escapes; they cannot be written as UTF-8), NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", text))
    return unicodedata.normalize("NFC", text)


def _bomless_utf16(data: bytes) -> Optional[str]:
    """``utf-16-le``/``-be`` for UTF-16 text without a BOM (mostly-ASCII text: every other
    byte NUL, as Windows tools write it), else None."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    half = len(sample) // 2
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        other = sample[0::2] if codec == "utf-16-le" else sample[1::2]
        if zeros.count(0) >= 0.9 * half and other.count(0) <= 0.02 * half:
            return codec
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and sample.count(b"\x00") > len(sample) // 100:
        return True
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad >= 3 and bad > len(sample) // 20


# --------------------------------------------------------------------------- text

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
_BYLINE_RE = re.compile(r"^By\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|al|bin))*)\s*(?:[|,–—-].*)?$")
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATELINE_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)
#: "BEIJING, (APP - ... - 28th Jan, 2022 ) :", "GENEVA, March 14 -", "NEW DELHI (Reuters) -"
_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{0,3}})(?:\s*,\s*[A-Z][a-z]+)?\s*,?\s*"
    rf"(?:\((?P<paren>[^)]{{0,120}})\)\s*|(?P<date>{_DATELINE_DATE})\s*)?(?:\((?P<agency>[^)]{{0,40}})\)\s*)?"
    rf"\s*[:–—-]+\s*"
)


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
    from pipeline.dates import parse_absolute_day  # local import: dateparser is slow to import

    return parse_absolute_day(value)


def clean_lines(text: str) -> tuple[str, Optional[str], list[str]]:
    """Drop boilerplate lines and inline credits; return (body, byline, dropped).

    Boilerplate: photo credits ("Image Source: PTI" also as a prefix of the first
    paragraph), "Read also/more: ..." to the end of its line, share/subscribe prompts
    and "By <Name>" bylines (returned as ``byline``).
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
        bm = _BYLINE_RE.match(stripped)
        if bm and len(stripped) < 80:
            byline = byline or bm.group("name")
            dropped.append(stripped)
            continue
        out.append(stripped)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return body, byline, dropped


def find_dateline(body: str) -> tuple[Optional[str], Optional[str]]:
    """(place, date text) of a wire dateline at the start of the body, if any."""
    m = _DATELINE_RE.match(body)
    if not m:
        return None, None
    place = m.group("place").strip(" ,")
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return None, None
    date_text = m.group("date")
    if not date_text and m.group("paren"):
        dm = re.search(_DATELINE_DATE, m.group("paren"))
        date_text = dm.group(0) if dm else None
    return place, date_text


def article_from_text(text: str, **meta) -> RawArticle:
    """Build an article from plain text with the optional `` date`` header line."""
    warnings: list[str] = list(meta.pop("warnings", []))
    published = meta.pop("published", None)
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
    if published is None and date_text:
        from pipeline.dates import parse_absolute_day

        published = parse_absolute_day(date_text, require_year=True)
        if published:
            warnings.append(f"publication date taken from the dateline: {date_text!r}")
    if published is None:
        warnings.append("no publication date: relative dates are left unresolved")
    return RawArticle(
        text=body,
        byline=meta.pop("byline", None) or byline,
        dateline=place,
        published=published,
        warnings=warnings,
        **meta,
    )


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "figure",
              "figcaption", "button", "svg", "iframe", "template", "select"}
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section",
               "article", "main", "td", "br", "tr"}
_BOILER_ATTR_RE = re.compile(
    r"cookie|consent|banner|subscribe|newsletter|related|share|social|advert|promo|comment|"
    r"breadcrumb|sidebar|menu|popup|modal|footer|header|nav\b|byline|author|caption|credit", re.IGNORECASE)
_META_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
                   "publishdate", "publish-date", "dc.date", "dc.date.issued", "parsely-pub-date",
                   "sailthru.date", "article.published", "published_time")
_VOID_TAGS = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "embed"}


class _HTMLArticle(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.blocks: list[tuple[str, bool, str]] = []  # (text, inside article/main, tag)
        self.cur: list[str] = []
        self.cur_tag = ""
        self.in_article = 0
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.in_title = False
        self.h1: Optional[str] = None
        self.time_datetime: Optional[str] = None
        self.canonical: Optional[str] = None

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if text:
            self.blocks.append((text, self.in_article > 0, self.cur_tag))
            if self.cur_tag == "h1" and self.h1 is None:
                self.h1 = text
        self.cur = []

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical":
            self.canonical = a.get("href")
            return
        if tag == "time" and a.get("datetime") and self.time_datetime is None:
            self.time_datetime = a["datetime"]
        if tag == "title":
            self.in_title = True
        if tag in _VOID_TAGS:
            if tag == "br":
                self.cur.append("\n")
            return
        attr_text = " ".join([a.get("class", ""), a.get("id", ""), a.get("role", "")])
        skip = self.skipping or tag in _SKIP_TAGS or (
            tag not in ("article", "main", "body", "html") and bool(_BOILER_ATTR_RE.search(attr_text)))
        if tag in _BLOCK_TAGS:
            self.flush()
            self.cur_tag = tag
        if tag in ("article", "main"):
            self.in_article += 1
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _VOID_TAGS:
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        # pop to the matching tag (tolerates unclosed tags)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for t, _ in self.stack[i:]:
                    if t in ("article", "main"):
                        self.in_article -= 1
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if not self.skipping:
            self.cur.append(data)


def article_from_html(html: str, **meta) -> RawArticle:
    """Main text of an HTML page: paragraphs of <article>/<main> if present, else of the body.

    ``title``/``published``/``byline``/``url`` given in ``meta`` (a JSON article with an
    HTML body) take precedence over what the page itself says.
    """
    given = {k: meta.pop(k, None) for k in ("title", "published", "byline", "url")}
    p = _HTMLArticle()
    try:
        p.feed(html)
        p.close()
    except Exception as exc:  # html.parser is lenient; anything raised here is a broken page
        raise ReadError("invalid_html", f"cannot parse HTML: {exc}") from exc
    p.flush()
    blocks = p.blocks
    if any(inside for _, inside, _ in blocks):
        blocks = [b for b in blocks if b[1]]
    title = (given["title"] or p.meta.get("og:title") or "".join(p.title_parts).strip() or p.h1 or None)
    paras = []
    for text, _, tag in blocks:
        if tag == "h1" and title and text.strip() == (p.h1 or "").strip():
            continue  # the headline goes to article.title, not the body
        if tag in ("li", "td") and len(text.split()) < 6:
            continue  # menus and link lists
        paras.append(text)
    body = "\n\n".join(paras)
    if not body.strip():
        raise ReadError("no_article_body", "HTML page has no article text")
    published = given["published"]
    for k in () if published else _META_DATE_KEYS:
        if p.meta.get(k):
            published = parse_loose_date(p.meta[k])
            if published:
                break
    if not published and p.time_datetime:
        published = parse_loose_date(p.time_datetime)
    byline = given["byline"] or p.meta.get("author") or p.meta.get("article:author") or None
    url = given["url"] or p.canonical or p.meta.get("og:url") or None
    return article_from_text(body, title=title, published=published, byline=byline, url=url, **meta)


# --------------------------------------------------------------------------- JSON

_TEXT_KEYS = ("text", "body", "maintext", "content", "article", "article_text", "description")
_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("date", "date_publish", "published", "published_at", "publishedAt", "pubdate",
              "datePublished", "publish_date", "date_published")
_URL_KEYS = ("url", "link", "source_url")
_AUTHOR_KEYS = ("byline", "author", "authors")


def _first(obj: dict, keys) -> object:
    for k in keys:
        v = obj.get(k)
        if v not in (None, "", []):
            return v
    return None


def article_from_object(obj, **meta) -> RawArticle:
    """One crawler article object (``title``, ``text``/``body``/``maintext``, ``date``..., ``url``)."""
    if not isinstance(obj, dict):
        raise ReadError("invalid_article", f"expected a JSON object, got {type(obj).__name__}")
    text = _first(obj, _TEXT_KEYS)
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(text)  # a body given as a list of paragraphs
    if not isinstance(text, str) or not text.strip():
        raise ReadError("empty", "JSON article has no text field (text/body/maintext/content)"
                        + (f" (found a {type(text).__name__})" if text is not None else ""))
    text = clean_text(text)  # JSON escapes can carry \r\n, NULs and lone surrogates
    raw_date = _first(obj, _DATE_KEYS)
    published = parse_loose_date(raw_date)
    warnings = []
    if raw_date not in (None, "") and not published:
        warnings.append(f"invalid publication date in metadata: {str(raw_date)[:60]!r}")
    author = _first(obj, _AUTHOR_KEYS)
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if a)
    title, url = _first(obj, _TITLE_KEYS), _first(obj, _URL_KEYS)
    fields = dict(title=clean_text(title) if isinstance(title, str) else None, published=published,
                  byline=clean_text(author) if isinstance(author, str) else None,
                  url=clean_text(url) if isinstance(url, str) else None, warnings=warnings)
    if "<p" in text or "</" in text:  # an HTML body: the object's own fields win over the page's
        return article_from_html(text, **fields, **meta)
    return article_from_text(text, **fields, **meta)


# --------------------------------------------------------------------------- entry point


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse_json(text: str, line: Optional[int] = None):
    """``json.loads`` with every way it can fail as ``invalid_json``: syntax errors, but
    also nesting too deep (RecursionError) and integers over Python's 4300-digit limit."""
    where = f"line {line}: " if line else ""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError("invalid_json", f"{where}invalid JSON: {exc}", line=line) from exc
    except RecursionError as exc:
        raise ReadError("invalid_json", f"{where}invalid JSON: nested too deeply", line=line) from exc
    except ValueError as exc:
        raise ReadError("invalid_json", f"{where}invalid JSON: {exc}", line=line) from exc


def read_bytes(data: bytes, rel_path: str) -> Iterator[Union[RawArticle, ReadError]]:
    """Articles (or per-line errors) in one raw file's bytes. Raises ReadError for a bad file."""
    ext = Path(rel_path).suffix.lower()
    fmt = FORMATS.get(ext)
    if fmt is None:
        raise ReadError("unsupported", f"unsupported file type {ext or '(none)'!r}")
    file_sha = sha256_bytes(data)
    if not data:
        raise ReadError("empty", "file is empty (0 bytes)")
    if not data.strip():
        raise ReadError("empty", "file has only whitespace")
    text = decode_bytes(data)
    if not text.strip():
        raise ReadError("empty", "file has only whitespace")
    base = dict(rel_path=rel_path, format=fmt, file_sha256=file_sha)
    if fmt == "text":
        yield article_from_text(text, sha256=file_sha, **base)
    elif fmt == "html":
        yield article_from_html(text, sha256=file_sha, **base)
    elif fmt == "json":
        yield article_from_object(_parse_json(text), sha256=file_sha, **base)
    else:  # jsonl: every good line is an article, every bad line an error of its own
        raw_lines = data.split(b"\n")
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            line_sha = sha256_bytes(raw_lines[n - 1] if n - 1 < len(raw_lines) else line.encode())
            try:
                yield article_from_object(_parse_json(line, n), sha256=line_sha, line=n, **base)
            except ReadError as err:
                err.line = n
                yield err


def read_file(path: Path, rel_path: str) -> tuple[list[Union[RawArticle, ReadError]], os.stat_result, str]:
    """Read one raw file (never modifies it): its articles or per-line errors, and the stat and
    sha256 of exactly the bytes that were read (what the ledger must remember).

    Raises :class:`ReadError`: ``vanished`` (deleted since discovery), ``unreadable``,
    ``changing`` (size or mtime moved while reading: still being written), or what
    :func:`read_bytes` raises.
    """
    try:
        with open(path, "rb") as fh:
            before = os.fstat(fh.fileno())
            data = fh.read()
            after = os.fstat(fh.fileno())
    except FileNotFoundError as exc:
        raise ReadError("vanished", "file disappeared before it could be read") from exc
    except IsADirectoryError as exc:
        raise ReadError("unreadable", "not a file (a folder now has this name)") from exc
    except OSError as exc:
        raise ReadError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(data) != after.st_size:
        raise ReadError("changing", "file changed while it was being read (still being written?); "
                                    "it is read again on the next run")
    digest = sha256_bytes(data)
    try:
        return list(read_bytes(data, rel_path)), after, digest
    except ReadError as err:
        err.sha256 = digest
        raise


def read_path(path: Path, rel_path: str) -> list[Union[RawArticle, ReadError]]:
    """Read one raw file (never modifies it); see :func:`read_file`."""
    return read_file(path, rel_path)[0]
