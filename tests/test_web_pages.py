"""Web pages as sites publish them, read through trafilatura and htmldate (pages written here)."""

import json

import pytest

from pipeline.ingest import RawArticle, ReadError, read_bytes

STORY = [
    "The port authority of Valmora will spend 240 million euros on a new container terminal, its "
    "board decided on Tuesday after two years of talks with shipping lines and the city council.",
    "Work on the quay is to start in the spring and the first cranes will arrive by the end of next "
    "year, the authority's chair, Ilse Marchetti, told reporters at the harbour.",
    "The terminal will double the port's capacity and create about 800 jobs, according to the "
    "authority, which will pay for half of the project from its own reserves.",
    "Environmental groups said they would watch the dredging closely and asked for the full "
    "impact study to be published before any work begins on the seabed.",
]


def _page(body: str, head: str = "", title: str = "Valmora approves new container terminal") -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body>{body}</body></html>").encode()


def _paras(paras=STORY) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def _read(data: bytes, name: str = "page.html") -> RawArticle:
    (art,) = list(read_bytes(data, name))
    assert isinstance(art, RawArticle), art
    return art


def test_wrapper_class_that_merely_contains_sidebar_or_header_keeps_the_article():
    """The old reader dropped everything under class="content-sidebar-wrap" (it contains "sidebar")."""
    body = (f"<div class='site-header-wrap'><a href='/'>Valmora Daily</a></div>"
            f"<div class='content-sidebar-wrap'><main class='content'><article class='entry share-enabled'>"
            f"<h1 class='entry-title'>Valmora approves new container terminal</h1>"
            f"<div class='entry-content'>{_paras()}</div></article></main>"
            f"<aside class='sidebar'><h3>Most read</h3><ul><li><a href='/a'>Storm closes ferry line</a></li></ul></aside>"
            f"</div>")
    art = _read(_page(body))
    assert art.text == "\n\n".join(STORY)
    assert "Most read" not in art.text and "Storm closes" not in art.text


def test_page_without_article_element_drops_menus_and_recommendations():
    menu = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ("Home", "World", "Business", "Sport"))
    recs = "".join(f"<li><a href='/r{i}'>Recommended story number {i} about something else</a></li>" for i in range(5))
    body = (f"<div id='top'><ul class='menu'>{menu}</ul></div><div class='wrap'><div class='post'>"
            f"<h2>Valmora approves new container terminal</h2>{_paras()}</div>"
            f"<div class='recommendations'><h3>You might also like</h3><ul>{recs}</ul></div></div>"
            f"<div class='bottom'><p>Copyright 2025 Valmora Daily. All rights reserved.</p></div>")
    art = _read(_page(body))
    for p in STORY:
        assert p in art.text
    for noise in ("You might also like", "Recommended story", "Business", "All rights reserved"):
        assert noise not in art.text


def test_publication_date_is_json_ld_date_published_never_the_modified_date():
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": "Valmora approves new container terminal",
                     "datePublished": "2024-03-05T08:10:00+01:00", "dateModified": "2024-06-21T17:00:00+01:00"})
    head = (f"<script type='application/ld+json'>{ld}</script>"
            "<meta property='article:modified_time' content='2024-06-21T17:00:00+01:00'>")
    art = _read(_page(f"<article>{_paras()}<p>Updated June 21, 2024</p></article>", head))
    assert art.published == "2024-03-05"


def test_title_loses_its_site_name_suffix_author_and_site_name_are_kept():
    head = ("<meta property='og:site_name' content='Valmora Daily'>"
            "<meta name='author' content='Ilse Brandt'>")
    art = _read(_page(f"<article>{_paras()}</article>", head, title="Valmora approves new container terminal | Valmora Daily"))
    assert art.title == "Valmora approves new container terminal"
    assert art.site_name == "Valmora Daily"
    assert art.byline == "Ilse Brandt"


def test_headline_repeated_in_the_body_is_not_body_text():
    art = _read(_page(f"<article><h1>Valmora approves new container terminal</h1>{_paras()}</article>"))
    assert art.text.startswith(STORY[0])


def test_no_main_text_falls_back_to_the_whole_page_with_a_warning():
    """Text trafilatura leaves out (a comments block, comments being off) is still read, as its
    troubleshooting guide says: favor_recall, then html2txt; the record says so."""
    art = _read(_page(f"<div class='comments'>{_paras()}</div>"))
    assert STORY[0] in art.text
    assert any("no main text found" in w for w in art.warnings)


@pytest.mark.parametrize("body", [
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>",
    "<div><img src='a.png'></div><script>var story = 'The council will vote on the budget.';</script>",
])
def test_page_without_any_sentence_is_no_article_body(body):
    with pytest.raises(ReadError) as e:
        list(read_bytes(_page(body), "page.html"))
    assert e.value.error_type == "no_article_body"


def test_json_article_with_an_html_body_fragment():
    obj = {"title": "T", "date": "2024-01-02", "url": "https://e.x/a", "text": _paras(STORY[:2])}
    (art,) = list(read_bytes(json.dumps(obj).encode(), "a.json"))
    assert (art.title, art.published, art.url) == ("T", "2024-01-02", "https://e.x/a")
    assert art.text == "\n\n".join(STORY[:2])
