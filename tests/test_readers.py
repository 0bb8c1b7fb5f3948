import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.ingest import RawArticle, ReadError, article_from_text, decode_bytes, read_bytes, read_path

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
    """A page as sites publish it: navigation, a cookie banner, the story, related links,
    a footer (trafilatura needs a page of real size: on a two-line page it keeps everything)."""
    paras = ["Kenya and Chile signed an accord on Monday to share data from their national power grids, "
             "the first such agreement between an African and a South American country.",
             "The two countries will exchange hourly load and price figures and train each other's "
             "engineers in forecasting demand, the energy ministers said in a joint statement.",
             "Officials said the accord could be extended to battery storage projects next year if the "
             "first exchanges of data go well and other governments in both regions show interest."]
    html = f"""<html><head><title>Solar deal</title>
    <meta property="article:published_time" content="2025-06-18T09:30:00Z"></head>
    <body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
    <div class="cookie-banner">We use cookies to improve things</div>
    <article><h1>Solar deal</h1>{"".join(f"<p>{p}</p>" for p in paras)}</article>
    <aside><h3>Related stories</h3><ul><li><a href="/x">Something else entirely</a></li></ul></aside>
    <footer>(c) 2025 Example</footer><script>var x = 1;</script></body></html>"""
    art = _one(html.encode(), "p.html")
    assert art.title == "Solar deal"
    assert art.published == "2025-06-18"
    assert art.text == "\n\n".join(paras)


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


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                     lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
                         st.sampled_from(["text", "body", "maintext", "title", "date", "published", "url", "author",
                                          "authors", "x"]), kids, max_size=6), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(_json, st.booleans())
def test_arbitrary_json_values_give_an_article_or_a_read_error(value, as_lines):
    """Any JSON value in any field (lists, numbers, nulls, NaN, nested objects, odd dates)."""
    data = (json.dumps(value) + ("\n" + json.dumps(value) if as_lines else "")).encode()
    try:
        items = list(read_bytes(data, "a.jsonl" if as_lines else "a.json"))
    except ReadError:
        return
    for it in items:
        assert isinstance(it, (RawArticle, ReadError))
        if isinstance(it, RawArticle):
            assert it.text.strip() and it.text.encode("utf-8")
            assert it.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", it.published)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_arbitrary_unicode_text_in_any_format_and_encoding(text, name, encoding):
    """Decoded text is valid UTF-8 (no lone surrogates), NFC, without CR or NUL."""
    try:
        items = list(read_bytes(text.encode(encoding, "surrogatepass"), name))
    except ReadError:
        return
    for it in items:
        if isinstance(it, RawArticle):
            assert it.text.strip() and it.text.encode("utf-8")
            assert "\r" not in it.text and "\x00" not in it.text


@pytest.mark.parametrize("data, name, expect", [
    (b'{"text": "Chad \\ud800 will build a road."}', "a.json", "Chad \ufffd will build a road."),
    (b'{"text": "Chad\\u0000 will\\r\\nbuild a road."}', "a.json", "Chad will\nbuild a road."),
    (b'{"body": ["Chad will build a road.", "It opens in May."]}', "a.json", "Chad will build a road.\n\nIt opens in May."),
    ("Chad will build a road.".encode("utf-16-le"), "a.txt", "Chad will build a road."),
])
def test_json_escapes_lists_and_bomless_utf16_are_cleaned(data, name, expect):
    assert _one(data, name).text == expect


@pytest.mark.parametrize("data", [b"[" * 100_000 + b"]" * 100_000, b'{"text": "a", "n": ' + b"1" * 5000 + b"}"])
def test_json_too_deep_or_too_long_numbers_are_invalid_json(data):
    with pytest.raises(ReadError) as e:
        _one(data, "a.json")
    assert e.value.error_type == "invalid_json"
    items = list(read_bytes(b'{"text": "Peru will host."}\n' + data + b'\n{"text": "Chile too."}', "f.jsonl"))
    assert [type(i).__name__ for i in items] == ["RawArticle", "ReadError", "RawArticle"]


def test_json_article_with_an_html_body_keeps_its_own_fields():
    obj = {"title": "T", "date": "2024-01-02", "url": "https://e.x/a", "text": "<p>Peru will host the summit.</p>"}
    art = _one(json.dumps(obj).encode(), "a.json")
    assert (art.text, art.title, art.published, art.url) == ("Peru will host the summit.", "T", "2024-01-02",
                                                              "https://e.x/a")


def test_file_that_changes_while_read_is_changing(tmp_path, monkeypatch):
    import os

    f = tmp_path / "a.txt"
    f.write_text("Peru will host the summit.")
    real = os.fstat
    calls = []

    def fstat(fd):
        calls.append(fd)
        st = real(fd)
        if len(calls) == 2:  # the writer appended between the read and the second look
            with open(f, "ab") as w:
                w.write(b" More.")
            st = real(fd)
        return st

    monkeypatch.setattr("pipeline.ingest.read.os.fstat", fstat)
    with pytest.raises(ReadError) as e:
        read_path(f, "a.txt")
    assert e.value.error_type == "changing"


def test_accented_dateline_is_the_articles_dateline():
    """The readers and the spaCy stage share one dateline pattern, accented capitals included."""
    art = article_from_text("SÃO PAULO, 29th July, 2021 : The utility will build two plants.",
                            rel_path="a.txt", format="text", file_sha256="0" * 64, sha256="0" * 64)
    assert art.dateline == "SÃO PAULO" and art.published == "2021-07-29"
