"""HTML pages -> article: trafilatura (main text, title, author, site name) and htmldate (publication date).

trafilatura 2.3 (Apache-2.0) finds the main text with its own rules plus readability and
jusText as fallbacks, comments off and tables on, the settings of its own public
benchmark. htmldate 1.11 (Apache-2.0, called by trafilatura's metadata step) finds the
*original* publication date (``original_date``: never the "modified" one) in JSON-LD,
meta tags, the URL and, with ``extensive_search``, the visible text.

When a page has no extractable body, we fall back as trafilatura's troubleshooting guide
says ("Output is empty or None"): again with ``favor_recall=True``, then ``html2txt``
(every text of the page; with a warning), and only then an error record. A body must
hold a sentence: trafilatura's rescue returns a lone "menu" from a page of navigation.
Nothing is fetched: only the given markup is read (lxml's parser does no network access).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import NamedTuple, Optional

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.text import article_from_text, parse_loose_date

#: trafilatura's canonical settings (its benchmark's ``EXTRACT_OPTS``, and what the issue asks)
EXTRACT_OPTS = {"include_comments": False, "include_tables": True, "include_formatting": False,
                "include_links": False, "include_images": False}
_FRAGMENT_RE = re.compile(r"<(?:html|body|head)\b", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SENTENCE_RE = re.compile(r"\w[^.!?。！？]{8,}[.!?。！？]")
_CONFIG = None
#: a title's site-name suffix: "Solar deal | The Meridian Post", "Solar deal - Example News"
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ")


class Page(NamedTuple):
    """What trafilatura and htmldate found in one page (None where nothing was found)."""

    text: str
    title: Optional[str]
    author: Optional[str]
    site_name: Optional[str]
    published: Optional[str]
    url: Optional[str]
    warnings: list


def _config():
    """trafilatura's default settings without its signal-based timeout (which only works in
    a process's main thread; our batches also run in worker threads)."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its "discarding data" is our error record
        logging.getLogger("htmldate").setLevel(logging.CRITICAL)
        _CONFIG = cfg
    return _CONFIG


def read_page(html: str, url: Optional[str] = None, max_date: Optional[str] = None) -> Page:
    """Main text and metadata of one HTML page or fragment (see the module docstring).

    ``url``: the page's address if known (htmldate reads dates in URLs); ``max_date``
    (``YYYY-MM-DD``): no publication date after this day (a crawl's fetch date; default today).
    Raises :class:`ReadError` ``no_article_body`` when even ``html2txt`` finds no sentence.
    """
    from trafilatura import bare_extraction, html2txt
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    markup = _XML_DECL_RE.sub("", html, count=1)
    if not _FRAGMENT_RE.search(markup[:20000]):
        markup = f"<html><body><div>{markup}</div></body></html>"  # a JSON article's HTML body
    tree = load_html(markup)
    if tree is None:
        raise ReadError("no_article_body", "HTML page could not be parsed (lxml found no document)")
    max_date = max_date or dt.date.today().isoformat()
    # trafilatura's metadata step runs htmldate on its parsed tree; the date we keep is htmldate's
    # own, on the markup (below): it parses the page its own way and is right more often
    # (htmldate's news set: 0.913 of 195 days against 0.903 on trafilatura's tree)
    date_params = {"original_date": True, "extensive_search": False, "max_date": max_date}
    cfg, warnings = _config(), []
    doc = bare_extraction(tree, url=url, with_metadata=True, date_extraction_params=date_params, config=cfg,
                          **EXTRACT_OPTS)
    text = doc.text if doc is not None else ""
    if not has_sentence(text):
        again = bare_extraction(tree, url=url, favor_recall=True, config=cfg, **EXTRACT_OPTS)
        text = again.text if again is not None else ""
    if not has_sentence(text):
        text = html2txt(tree)
        warnings.append("no main text found (trafilatura, also with favor_recall): the whole page's text is used")
    if not has_sentence(text):
        raise ReadError("no_article_body", "HTML page has no article text (trafilatura found none, nor a sentence "
                                           "in the whole page); if the page needs JavaScript, save it after rendering")
    meta = doc if doc is not None else extract_metadata(tree, url, date_params)
    title = clean_title(meta.title, meta.sitename)
    published = json_ld_published(tree, max_date) or publication_date(markup, url or meta.url, max_date)
    return Page(text, title, meta.author or None, meta.sitename or None, published, meta.url or url, warnings)


def json_ld_published(tree, max_date: str) -> Optional[str]:
    """``datePublished`` of the page's schema.org JSON-LD (``YYYY-MM-DD``, not after ``max_date``), or None.

    Read before htmldate because htmldate, when its meta-tag pass finds only a "modified"
    tag, returns that date without looking at JSON-LD (htmldate 1.11, ``examine_header``'s
    reserve): a page with ``datePublished`` in JSON-LD and ``article:modified_time`` in a
    meta tag got its modified day.
    """
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        for value in _ld_values(data, "datePublished"):
            day = parse_loose_date(value) if isinstance(value, str) else None
            if day and day <= max_date:
                return day
    return None


def _ld_values(data, key: str, depth: int = 0):
    """Every value of ``key`` in nested JSON-LD (objects, lists, ``@graph``), in document order."""
    if depth > 6:
        return
    if isinstance(data, dict):
        if key in data:
            yield data[key]
        for v in data.values():
            if isinstance(v, (dict, list)):
                yield from _ld_values(v, key, depth + 1)
    elif isinstance(data, list):
        for v in data:
            yield from _ld_values(v, key, depth + 1)


def publication_date(markup: str, url: Optional[str], max_date: str) -> Optional[str]:
    """htmldate's original publication day of a page (``YYYY-MM-DD``) or None: JSON-LD,
    meta tags, the URL, then the visible text (``extensive_search``); never the modified date."""
    from htmldate import find_date

    try:
        return find_date(markup, url=url, original_date=True, extensive_search=True, max_date=max_date)
    except (ValueError, TypeError):  # a page htmldate cannot parse has no date for us
        return None


def has_sentence(text: Optional[str]) -> bool:
    """Does ``text`` hold at least one sentence (ten or more characters ending in . ! ? or
    their CJK forms), or 200 characters? A page of menus holds neither."""
    return bool(text) and (len(text) >= 200 or bool(_SENTENCE_RE.search(text)))


def clean_title(title: Optional[str], site_name: Optional[str]) -> Optional[str]:
    """``title`` without a trailing (or leading) site name: "Solar deal | The Meridian Post"
    -> "Solar deal" when the part after the separator is the site name (or its domain)."""
    if not title:
        return None
    title = " ".join(title.split())
    site = _norm(site_name or "")
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        first, _, rest = title.partition(sep)
        if site and _same_site(tail, site) and head.strip():
            return head.strip()
        if site and _same_site(first, site) and rest.strip():
            return rest.strip()
    return title


def _norm(s: str) -> str:
    s = re.sub(r"^(?:www\.)|\.(?:com|org|net|co\.uk|de|fr|es|it)$", "", s.strip().lower())
    return re.sub(r"[^\w]+", "", s)


def _same_site(part: str, site: str) -> bool:
    p = _norm(part)
    return bool(p) and (p == site or (len(p) >= 4 and (p in site or site in p)))


def article_from_html(html: str, **meta) -> RawArticle:
    """The article of an HTML page: main text, title, author, site name, publication date.

    ``title``/``published``/``byline``/``url`` given in ``meta`` (a JSON article with an HTML
    body, a feed item) take precedence over what the page itself says; ``max_date``: see
    :func:`read_page`. Raises :class:`ReadError` ``no_article_body``.
    """
    given = {k: meta.pop(k, None) for k in ("title", "published", "byline", "url", "site_name")}
    try:
        page = read_page(html, url=given["url"], max_date=meta.pop("max_date", None))
    except ReadError:
        raise
    except Exception as exc:  # a library's failure on one page costs that page, with a clear type
        raise ReadError("invalid_html", f"cannot read the page ({type(exc).__name__}: {exc})") from exc
    title = given["title"] or page.title
    body = drop_title_line(page.text, title)
    published = given["published"] or parse_loose_date(page.published)
    warnings = list(meta.pop("warnings", [])) + page.warnings
    return article_from_text(body, title=title, published=published, byline=given["byline"] or page.author,
                             url=given["url"] or page.url, site_name=given["site_name"] or page.site_name,
                             warnings=warnings, **meta)


def drop_title_line(text: str, title: Optional[str]) -> str:
    """The body without a first line that repeats the headline (trafilatura keeps the <h1>);
    paragraphs separated by a blank line, as the text readers give them."""
    lines = [ln.strip() for ln in text.split("\n")]
    if title and lines and " ".join(lines[0].split()).lower() == " ".join(title.split()).lower():
        lines = lines[1:]
    return "\n\n".join(ln for ln in lines if ln)
