"""RSS and Atom feeds: each item an article (feedparser 6, BSD-2-Clause), item n -> ``<stem>/<n>.json``.

An item's text is its full content (``content:encoded``, Atom ``<content>``) when the
feed carries it, else its summary (with a warning: the article at its link is not
fetched); it goes through the HTML reader, with the item's own title, date, author and
link taking precedence over what the markup says.

Hostile feeds: a feed that declares XML entities (``<!ENTITY``: entity expansion such as
"billion laughs", or external entities reading local files, XXE) is refused whole
(``unsafe_xml``) before feedparser sees it, checked with defusedxml and, for feeds that are
not well-formed XML, by the declaration itself. feedparser gets the bytes in a
``BytesIO``: given a string it may open it as a URL or a path, which must never happen here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import json
import re
from typing import Iterator, Optional, Union

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.binary import binary_kind
from pipeline.ingest.decode import clean_text, decode_document
from pipeline.ingest.html import article_from_html

_ENTITY_DECL_RE = re.compile(r"<!ENTITY", re.IGNORECASE)
#: a summary shorter than this many characters is called out as "only a summary"
SHORT_SUMMARY = 600


def check_safe_xml(data: bytes) -> None:
    """Raise :class:`ReadError` ``unsafe_xml`` if the document declares entities or refers to
    external ones (defusedxml's checks; for XML that does not parse, the declaration text)."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    why = None
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        why = type(exc).__name__
    except (ET.ParseError, ValueError):
        try:
            text = decode_document(data, "xml").text
        except ReadError:
            return
        if _ENTITY_DECL_RE.search(text):
            why = "EntitiesForbidden"
    if why:
        raise ReadError("unsafe_xml", f"feed declares XML entities ({why}): refused, since entity expansion and "
                                      "external entities (XXE) can exhaust memory or read local files; "
                                      "remove the <!ENTITY> declarations from its DOCTYPE")


def read_feed(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    """The articles (or per-item errors) of one RSS/Atom feed; ``base``: the file's RawArticle fields.

    Raises :class:`ReadError`: ``binary``, ``unsafe_xml``, ``invalid_feed`` (not RSS/Atom),
    ``empty`` (a feed without items).
    """
    import feedparser

    kind = binary_kind(data)
    if kind:
        raise ReadError("binary", f"file content is binary ({kind}), not a feed")
    check_safe_xml(data)
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser is lenient; anything raised is a broken feed
        raise ReadError("invalid_feed", f"cannot parse the feed ({type(exc).__name__}: {exc})") from exc
    if not parsed.entries:
        if not parsed.get("version"):
            why = parsed.get("bozo_exception")
            raise ReadError("invalid_feed", "not an RSS or Atom feed" + (f": {why}" if why else ""))
        raise ReadError("empty", "feed has no items")
    site = _clean(parsed.feed.get("title"))
    for n, entry in enumerate(parsed.entries, start=1):
        try:
            yield _item_article(entry, n, site, base)
        except ReadError as err:
            err.line = n
            yield err


def _item_article(entry, n: int, site: Optional[str], base: dict) -> RawArticle:
    body, kind, full = _item_body(entry)
    link = _clean(entry.get("link"))
    if not body:
        raise ReadError("empty", "feed item has no text (only a title or link); its article "
                                 f"{'at ' + link + ' ' if link else ''}is not fetched", line=n)
    warnings = [] if full or len(body) >= SHORT_SUMMARY else [
        f"feed item carries only a summary ({len(body)} characters); the full article "
        f"{'at ' + link + ' ' if link else ''}is not fetched"]
    ident = json.dumps([entry.get("id"), link, entry.get("title"), body], ensure_ascii=False)
    meta = dict(base, sha256=hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest(), line=n,
                title=_clean(entry.get("title")), published=_item_date(entry), byline=_clean(entry.get("author")),
                url=link, site_name=site, warnings=warnings)
    if "html" in kind or "<" in body:
        return article_from_html(body, **meta)
    from pipeline.ingest.text import article_from_text

    return article_from_text(clean_text(body), **meta)


def _item_body(entry) -> tuple[str, str, bool]:
    """(text, its MIME type, whether it is the full content rather than a summary)."""
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return best["value"], best.get("type", "text/html"), True
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    return summary.strip(), detail.get("type", "text/html"), False


def _item_date(entry) -> Optional[str]:
    """The item's publication day (``published``, else ``updated``), UTC, ``YYYY-MM-DD``."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(t), tz=dt.timezone.utc).date().isoformat()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _clean(value) -> Optional[str]:
    return clean_text(" ".join(value.split())) if isinstance(value, str) and value.strip() else None
