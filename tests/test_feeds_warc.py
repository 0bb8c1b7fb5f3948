"""RSS/Atom feeds and WARC crawl files as users drop them, hostile ones included (all written here)."""

import gzip
import io
import json
from pathlib import Path

import pytest

from pipeline.ingest import RawArticle, ReadError, read_bytes

PARAS = [
    "The port authority of Valmora will spend 240 million euros on a new container terminal, its board "
    "decided on Tuesday after two years of talks with shipping lines and the city council.",
    "Work on the quay is to start in the spring and the first cranes will arrive by the end of next year, "
    "the authority's chair, Ilse Marchetti, told reporters at the harbour on Tuesday afternoon.",
]
HTML_BODY = "".join(f"<p>{p}</p>" for p in PARAS)


def _rss(items: str, head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Valmora Daily</title>'
            f"<link>https://valmora.example/</link><description>News</description>{items}</channel></rss>").encode()


RSS_ITEMS = (
    "<item><title>Valmora approves terminal</title><link>https://valmora.example/terminal</link>"
    "<guid>t1</guid><pubDate>Tue, 05 Mar 2024 08:10:00 GMT</pubDate><author>desk@valmora.example (Ilse Brandt)</author>"
    f"<description>Short teaser.</description><content:encoded><![CDATA[{HTML_BODY}]]></content:encoded></item>"
    "<item><title>Ferry line to close</title><link>https://valmora.example/ferry</link><guid>t2</guid>"
    "<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate>"
    "<description>The ferry line between Valmora and Isola will close in May, the operator said.</description></item>"
    "<item><title>Only a title</title><link>https://valmora.example/empty</link><guid>t3</guid></item>"
)


def test_rss_items_are_articles_with_their_own_link_date_and_full_text():
    items = list(read_bytes(_rss(RSS_ITEMS), "feeds/valmora.rss"))
    full, summary, empty = items
    assert isinstance(full, RawArticle) and full.format == "feed" and full.line == 1
    assert full.text == "\n\n".join(PARAS)
    assert (full.title, full.url, full.published, full.site_name) == (
        "Valmora approves terminal", "https://valmora.example/terminal", "2024-03-05", "Valmora Daily")
    assert not any("only a summary" in w for w in full.warnings)
    assert summary.text == "The ferry line between Valmora and Isola will close in May, the operator said."
    assert summary.published == "2024-03-06" and summary.line == 2
    assert any("only a summary" in w and "https://valmora.example/ferry" in w for w in summary.warnings)
    assert isinstance(empty, ReadError) and empty.error_type == "empty" and empty.line == 3
    assert full.sha256 != summary.sha256


def test_atom_feed_with_content_and_summary():
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Valmora Wire</title><id>urn:v</id><updated>2024-03-06T00:00:00Z</updated>"
            "<entry><title>Terminal approved</title><id>urn:v:1</id><link href='https://valmora.example/a'/>"
            "<published>2024-03-05T08:10:00Z</published><updated>2024-04-01T00:00:00Z</updated>"
            f"<content type='html'>{HTML_BODY.replace('<', '&lt;').replace('>', '&gt;')}</content></entry>"
            "</feed>").encode()
    (art,) = list(read_bytes(atom, "wire.atom"))
    assert art.text == "\n\n".join(PARAS) and art.published == "2024-03-05"  # published, not updated
    assert art.url == "https://valmora.example/a"


XXE = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       '<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>'
       "<description>The council will vote on the budget next week, the mayor said.</description></item>"
       "</channel></rss>").encode()
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
          + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
          "<description>The council will vote.</description></item></channel></rss>").encode()


@pytest.mark.parametrize("data", [XXE, LAUGHS, XXE.replace(b"</channel>", b"<broken></channel>")],
                         ids=["xxe", "billion-laughs", "xxe-not-well-formed"])
def test_feeds_with_entity_declarations_are_refused(data):
    with pytest.raises(ReadError) as e:
        list(read_bytes(data, "evil.rss"))
    assert e.value.error_type == "unsafe_xml"


@pytest.mark.parametrize("data, etype", [
    (b'<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>', "invalid_feed"),
    (_rss(""), "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary"),
])
def test_not_a_feed_empty_feed_and_binary(data, etype):
    with pytest.raises(ReadError) as e:
        list(read_bytes(data, "sitemap.xml"))
    assert e.value.error_type == etype


# --------------------------------------------------------------------------- WARC


def _warc(records: list, gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for kind, uri, status, ctype, payload, extra in records:
        if kind == "request":
            rec = w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        else:
            headers = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": "2024-03-06T10:00:00Z"})
        w.write_record(rec)
    return buf.getvalue()


def _page(paras, charset="utf-8", date_meta=""):
    return (f"<html><head><meta charset='{charset}'><title>Valmora terminal | Valmora Daily</title>{date_meta}"
            f"<meta property='og:site_name' content='Valmora Daily'></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>").encode(charset)


CRAWL = [
    ("request", "https://valmora.example/terminal", None, None, b"", []),
    ("response", "https://valmora.example/terminal", "200 OK", "text/html; charset=utf-8",
     _page(PARAS, date_meta="<meta property='article:published_time' content='2024-03-05T08:00:00Z'>"), []),
    ("response", "https://valmora.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, []),
    ("response", "https://valmora.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>", []),
    ("response", "https://valmora.example/lodz", "200 OK", "text/html; charset=iso-8859-2",
     _page(["NAIROBI, March 3 (Reuters) - Władze Łodzi zbudują nowy most, a Kenya will build a new road "
            "with Ethiopia by 2026, officials said on Monday in a statement."], "iso-8859-2"), []),
    ("response", "https://valmora.example/gz", "200 OK", "text/html",
     gzip.compress(_page(PARAS[::-1])), [("Content-Encoding", "gzip")]),
]


@pytest.mark.parametrize("gz, name", [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_warc_html_responses_are_articles(gz, name):
    items = list(read_bytes(_warc(CRAWL, gz), name))
    assert all(isinstance(i, RawArticle) for i in items), items
    first, lodz, third = items
    assert [i.line for i in items] == [1, 2, 3] and {i.format for i in items} == {"warc"}
    assert first.url == "https://valmora.example/terminal" and first.text == "\n\n".join(PARAS)
    assert (first.published, first.title, first.site_name) == ("2024-03-05", "Valmora terminal", "Valmora Daily")
    assert "Łodzi" in lodz.text  # the response's charset header
    assert lodz.published == "2024-03-03"  # dateline "March 3" with the crawl's year (WARC-Date 2024-03-06)
    assert third.text == "\n\n".join(PARAS[::-1])  # Content-Encoding: gzip decoded


def test_warc_that_inflates_past_the_limit_is_refused(monkeypatch):
    bomb = gzip.compress(b"\0" * 30_000_000)  # 30 MB of zeros in ~30 KB
    monkeypatch.setenv("NEWS_PIPELINE_MAX_INFLATED", str(10_000_000))
    with pytest.raises(ReadError) as e:
        list(read_bytes(bomb, "bomb.warc.gz"))
    assert e.value.error_type == "too_large" and "inflates past 10,000,000 bytes" in e.value.message


def test_one_oversized_archived_page_is_an_error_record_of_its_own(monkeypatch):
    huge = gzip.compress(b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>")
    crawl = CRAWL[:2] + [("response", "https://valmora.example/huge", "200 OK", "text/html", huge,
                          [("Content-Encoding", "gzip")])]
    monkeypatch.setenv("NEWS_PIPELINE_MAX_RECORD", str(1_000_000))
    ok, big = list(read_bytes(_warc(crawl), "c.warc.gz"))
    assert isinstance(ok, RawArticle)
    assert isinstance(big, ReadError) and big.error_type == "too_large" and big.line == 2


@pytest.mark.parametrize("data, etype", [
    (b"The council will vote on the budget.", "invalid_archive"),
    (gzip.compress(b"not a warc at all, just text " * 10, mtime=0), "invalid_archive"),
    (b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n", "empty"),
])
def test_not_a_warc_or_no_page_in_it(data, etype):
    with pytest.raises(ReadError) as e:
        list(read_bytes(data, "x.warc.gz"))
    assert e.value.error_type == etype


def test_feed_and_warc_records_mirror_the_raw_path(tmp_path, nlp):
    """raw/crawl.warc.gz -> processed/crawl/<n>.json, raw/news/valmora.rss -> processed/news/valmora/<n>.json;
    a feed item without text gets its own error record."""
    from pipeline.batch import process_files
    from pipeline.store import FileTask, sha256_file

    raw, out = tmp_path / "raw", tmp_path / "processed"
    (raw / "news").mkdir(parents=True)
    (raw / "crawl.warc.gz").write_bytes(_warc(CRAWL))
    (raw / "news/valmora.rss").write_bytes(_rss(RSS_ITEMS))
    tasks = [FileTask(rel, str(raw / rel), (raw / rel).stat().st_size, 0, sha256_file(raw / rel))
             for rel in ("crawl.warc.gz", "news/valmora.rss")]
    crawl, feed = process_files(tasks, str(out))
    assert sorted(crawl.outputs) == ["crawl/1.json", "crawl/2.json", "crawl/3.json"]
    assert sorted(feed.outputs) == ["_errors/news/valmora.rss/3.json", "news/valmora/1.json", "news/valmora/2.json"]
    rec = json.loads((out / "crawl/1.json").read_text())
    assert rec["source"] == {"path": "crawl.warc.gz", "sha256": sha256_file(raw / "crawl.warc.gz"), "format": "warc",
                             "url": "https://valmora.example/terminal", "line": 1}
    assert rec["commitments"], "an English page goes through the whole pipeline"
    assert json.loads((out / "news/valmora/2.json").read_text())["source"]["format"] == "feed"
    assert not any(Path("/etc/passwd").read_text()[:20] in p.read_text() for p in out.rglob("*.json"))


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000) | st.text(max_size=2000).map(
    lambda t: f"<rss version='2.0'><channel><item><description>{t}</description></item></channel></rss>".encode()),
    st.sampled_from(["a.rss", "a.atom", "a.xml", "a.warc", "a.warc.gz"]))
def test_arbitrary_bytes_as_feed_or_warc_give_articles_or_read_errors(data, name):
    try:
        items = list(read_bytes(data, name))
    except ReadError:
        return
    for it in items:
        assert isinstance(it, (RawArticle, ReadError))
        if isinstance(it, RawArticle):
            assert it.text.strip()
