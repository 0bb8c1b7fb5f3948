"""HTML pages: the text of <article>/<main> paragraphs, title, date and byline from the markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.text import article_from_text, parse_loose_date

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
