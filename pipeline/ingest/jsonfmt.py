"""Crawler JSON: one article object per ``.json`` file or ``.jsonl`` line."""

from __future__ import annotations

import json
from typing import Optional

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.decode import clean_text
from pipeline.ingest.html import article_from_html
from pipeline.ingest.text import article_from_text, parse_loose_date

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
    """One crawler article object (``title``, ``text``/``body``/``maintext``, ``date``..., ``url``).

    ``meta``: the :class:`RawArticle` fields of the file, plus ``decode_warnings`` (from
    decoding the file's bytes), which open the article's warnings.
    """
    warnings = list(meta.pop("decode_warnings", []))
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


def parse_json(text: str, line: Optional[int] = None):
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
