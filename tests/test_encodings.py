"""Encodings as web pages and files arrive, and text vs binary (bytes written here)."""

import gzip
import io
import zipfile

import pytest

from pipeline.ingest import RawArticle, ReadError, read_bytes
from pipeline.ingest.decode import decode_document

PL = ("Władze Łodzi zbudują w przyszłym roku nowy most nad rzeką, powiedział prezydent miasta. "
      "Łódź otrzyma na ten cel środki z funduszy europejskich, a prace mają potrwać dwa lata.")
ZH = ("中国国家航天局周五表示，中国将与俄罗斯共同建设国际月球科研站，并欢迎其他国家参与。"
      "该站计划于2030年前建成，科研人员将在站内开展长期实验。")
JA = ("日本政府は来年、新しい橋を二つ建設すると発表した。国土交通省によると、工事は四月に始まり、"
      "三年以内に完成する予定だという。地元の住民は計画を歓迎している。")
EN = ("Peña said on Tuesday that São Paulo will host the summit in Bogotá’s place next year, "
      "after the Colombian capital withdrew its bid for lack of funds.")


def _page(body: str, charset: str, how: str = "meta") -> bytes:
    decl = {"meta": f'<meta charset="{charset}">',
            "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'}[how]
    html = f"<html><head>{decl}<title>t</title></head><body><article><p>{body}</p></article></body></html>"
    return html.encode(charset)


def _read(data: bytes, name: str) -> RawArticle:
    (art,) = list(read_bytes(data, name))
    return art


@pytest.mark.parametrize("how", ["meta", "http-equiv"])
def test_iso_8859_2_page_keeps_lodz(how):
    art = _read(_page(PL, "iso-8859-2", how), "pl.html")
    assert "Łódź" in art.text and "Władze Łodzi" in art.text
    assert art.language == "pl"


@pytest.mark.parametrize("text, charset, lang", [(ZH, "gb2312", "zh"), (JA, "shift_jis", "ja")])
def test_gb2312_and_shift_jis_pages_declared_and_undeclared(text, charset, lang):
    art = _read(_page(text, charset), "p.html")
    assert art.text == text and art.language == lang
    undeclared = _read(text.encode(charset), "p.txt")  # no declaration: charset-normalizer detects it
    assert undeclared.text == text


def test_undeclared_iso_8859_2_text_is_detected():
    assert _read(PL.encode("iso-8859-2"), "pl.txt").text == PL


def test_page_declared_latin1_that_is_really_utf8_is_read_as_utf8():
    html = (f'<html><head><meta charset="iso-8859-1"></head><body><article><p>{EN}</p></article></body></html>')
    art = _read(html.encode("utf-8"), "p.html")
    assert EN in art.text
    assert any("declares cp1252 but its bytes are UTF-8" in w for w in art.warnings)


def test_one_stray_byte_does_not_turn_a_utf8_page_into_mojibake():
    data = EN.encode("utf-8").replace(b"next year", b"next \xe9year")
    art = _read(data, "a.txt")
    assert "Peña" in art.text and "São Paulo" in art.text and "Bogotá’s" in art.text  # not "PeÃ±a"
    assert art.text.count("\ufffd") == 1
    assert any("invalid UTF-8 byte(s) replaced" in w for w in art.warnings)


def test_mojibake_from_upstream_is_repaired_with_a_warning():
    broken = EN.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")  # "PeÃ±a", "SÃ£o"
    art = _read(broken, "a.txt")
    assert "Peña" in art.text and "São Paulo" in art.text
    assert any("mojibake repaired" in w for w in art.warnings)


def test_http_charset_of_an_archived_response_wins_over_the_meta_tag():
    data = _page(PL, "iso-8859-2").replace(b'charset="iso-8859-2"', b'charset="utf-8"')
    assert "Łódź" in decode_document(data, "html", charset="ISO-8859-2").text


def test_short_article_with_stray_nul_and_control_bytes_is_text():
    body = b"GENEVA, March 14 - The agency said\x00 it will open two new offices in Nairobi next year,\x00 " \
           b"and hire forty\x07 local staff there, its director\x1b[0m told reporters in Geneva."
    assert 150 < len(body) < 200
    art = _read(body, "a.txt")
    assert "two new offices in Nairobi" in art.text and "\x00" not in art.text


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("story.txt", "The council will vote on the budget. " * 20)
    return buf.getvalue()


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n" + b"IHDR" + b"The council will vote on the budget. " * 5, "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + b"The text. " * 20, "PDF"),
    (_zip(), "ZIP"),
    (gzip.compress(b"The council will vote on the budget. " * 20, mtime=0), "gzip"),
])
def test_png_pdf_zip_named_txt_are_binary_by_signature(data, kind):
    with pytest.raises(ReadError) as e:
        list(read_bytes(data, "story.txt"))
    assert e.value.error_type == "binary" and kind in e.value.message


def test_unsigned_binary_is_binary_by_its_share_of_control_bytes():
    import random

    rnd = random.Random(7)
    data = bytes(rnd.randrange(256) for _ in range(4000))
    with pytest.raises(ReadError) as e:
        list(read_bytes(data, "blob.txt"))
    assert e.value.error_type == "binary"


@pytest.mark.parametrize("text, codec", [
    ("Президент России заявил, что страна построит новую станцию вместе с Китаем.", "cp1251"),
    ("Президент России заявил, что страна построит новую станцию.", "koi8-r"),
    ("Ο πρωθυπουργός δήλωσε ότι η χώρα θα κατασκευάσει νέα γέφυρα.", "cp1253"),
    ("Hükümet gelecek yıl iki yeni köprü inşa edeceğini açıkladı.", "cp1254"),
    ("Der Minister für Verkehr sagte, die Brücke über den Fluß werde größer.", "cp1252"),
    ("Le gouvernement français construira deux ponts l'année prochaine, a déclaré le ministre.", "latin-1"),
    (PL, "cp1250"),
])
def test_undeclared_legacy_encodings_are_detected(text, codec):
    assert _read(text.encode(codec), "a.txt").text == text
