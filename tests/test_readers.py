import json

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.readers import RawArticle, ReadError, decode_bytes, read_bytes, read_path

BODY = "GENEVA, March 14 - The agency said it will open two new offices in Nairobi next year."


def _one(data: bytes, name="a.txt") -> RawArticle:
    (art,) = list(read_bytes(data, name))
    return art


@pytest.mark.parametrize("encoded", [
    "Peña said “yes” – São Paulo".encode("utf-8"),
    b"\xef\xbb\xbf" + "Peña said “yes” – São Paulo".encode("utf-8"),
    "Peña said “yes” – São Paulo".encode("utf-16"),
    "Peña said “yes” – São Paulo".encode("cp1252"),
])
def test_decodes_utf8_bom_utf16_and_cp1252(encoded):
    assert decode_bytes(encoded) == "Peña said “yes” – São Paulo"


def test_crlf_and_control_characters_are_normalised():
    assert decode_bytes(b"one\r\ntwo\x07\r\nthree") == "one\ntwo\nthree"


def test_binary_is_rejected():
    with pytest.raises(ReadError) as e:
        _one(bytes(range(256)) * 10)
    assert e.value.error_type == "binary"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_files_are_errors(data):
    with pytest.raises(ReadError) as e:
        _one(data)
    assert e.value.error_type == "empty"


def test_header_date_handle_and_dateline():
    art = _one(f" date 2024-03-15 (@desk)\n\n{BODY}".encode())
    assert art.published == "2024-03-15"
    assert art.dateline == "GENEVA"
    assert art.text.startswith("GENEVA, March 14")
    assert "@desk" not in art.text and "date 2024" not in art.text


def test_invalid_header_date_is_null_with_warning():
    art = _one(f" date 2021-13-45\n\n{BODY}".encode())
    assert art.published is None
    assert any("invalid publication date" in w for w in art.warnings)


def test_no_date_anywhere_is_null_with_warning():
    art = _one(b"The council will vote on the budget.")
    assert art.published is None and art.warnings


def test_dateline_gives_publication_date_when_no_header():
    art = _one(b"BEIJING, (APP - 28th Jan, 2022 ) :China will expand cooperation.")
    assert art.published == "2022-01-28"
    assert art.dateline == "BEIJING"


def test_boilerplate_is_removed_inline_and_on_own_lines():
    raw = (" date 2021-04-24\n\nImage Source: PTI China and Brazil will build a lab. Read also: Other news here\n"
           "By Jane Doe, Staff Reporter\nShare this article\nThe lab opens in May.\nRead more")
    art = _one(raw.encode())
    assert art.text == "China and Brazil will build a lab.\nThe lab opens in May."
    assert art.byline == "Jane Doe"


def test_html_keeps_article_paragraphs_only():
    html = """<html><head><title>Solar deal</title>
    <meta property="article:published_time" content="2025-06-18T09:30:00Z"></head>
    <body><nav><a>Home</a> <a>World</a></nav><div class="cookie-banner">We use cookies to improve things</div>
    <article><h1>Solar deal</h1><p>Kenya and Chile signed an accord on Monday.</p>
    <p>The two countries will share grid data.</p></article>
    <aside>Related stories: something else entirely</aside><footer>(c) 2025 Example</footer>
    <script>var x = 1;</script></body></html>"""
    art = _one(html.encode(), "p.html")
    assert art.title == "Solar deal"
    assert art.published == "2025-06-18"
    assert art.text == "Kenya and Chile signed an accord on Monday.\n\nThe two countries will share grid data."


def test_html_without_body_is_an_error():
    with pytest.raises(ReadError) as e:
        _one(b"<html><body><nav>menu</nav><script>x</script></body></html>", "p.html")
    assert e.value.error_type == "no_article_body"


def test_json_article_fields():
    obj = {"title": "T", "maintext": "Peru will host the summit.", "date_publish": "2022-09-07 14:05:00",
           "url": "https://example.com/a", "authors": ["A. Writer"]}
    art = _one(json.dumps(obj).encode(), "a.json")
    assert (art.title, art.published, art.url, art.byline) == ("T", "2022-09-07", "https://example.com/a", "A. Writer")


def test_invalid_json_is_an_error():
    with pytest.raises(ReadError) as e:
        _one(b"{not json", "a.json")
    assert e.value.error_type == "invalid_json"


def test_jsonl_good_lines_survive_bad_ones():
    data = b'{"text": "Chad will build a road."}\nnot json\n\n{"text": ""}\n{"body": "Mali will too."}\n'
    items = list(read_bytes(data, "f.jsonl"))
    good = [i for i in items if isinstance(i, RawArticle)]
    bad = [i for i in items if isinstance(i, ReadError)]
    assert [g.line for g in good] == [1, 5]
    assert [(b.line, b.error_type) for b in bad] == [(2, "invalid_json"), (4, "empty")]
    assert len({g.sha256 for g in good}) == 2


def test_unsupported_extension():
    with pytest.raises(ReadError) as e:
        list(read_bytes(b"x", "a.pdf"))
    assert e.value.error_type == "unsupported"


def test_vanished_file(tmp_path):
    with pytest.raises(ReadError) as e:
        read_path(tmp_path / "gone.txt", "gone.txt")
    assert e.value.error_type == "vanished"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl"]))
def test_arbitrary_bytes_never_escape_as_other_exceptions(data, name):
    try:
        items = list(read_bytes(data, name))
    except ReadError:
        return
    for it in items:
        assert isinstance(it, (RawArticle, ReadError))
        if isinstance(it, RawArticle):
            assert it.text.strip()
