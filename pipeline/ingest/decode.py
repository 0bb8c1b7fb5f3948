"""Bytes -> text: BOM, the page's own declaration, UTF-8, detection; then control characters and NFC.

The order (:func:`decode_document`) follows the WHATWG encoding standard's sniffing for
web pages, with one deliberate change: bytes that are valid UTF-8 are read as UTF-8 even
when the page declares something else (a page declared Latin-1 that is really UTF-8 is a
common server misconfiguration; valid multi-byte UTF-8 almost never arises by chance).

1. a byte-order mark (UTF-8, UTF-16, UTF-32), or UTF-16 without one (every other byte NUL);
2. binary content (signature or control bytes, :mod:`pipeline.ingest.binary`): an error;
3. valid UTF-8;
4. the declaration: ``<meta charset>``, ``<meta http-equiv="Content-Type">``, ``<?xml encoding?>``
   (labels mapped as WHATWG does: ``iso-8859-1``/``ascii`` mean windows-1252, ``gb2312`` gb18030);
5. UTF-8 with a few stray bytes (under 1% of its non-ASCII bytes): replaced by U+FFFD, with a warning;
6. otherwise charset-normalizer's detection (windows-1252 when it is among the best).

Text that still carries mojibake (UTF-8 read as windows-1252 before it reached us: "SÃ£o")
is repaired with ftfy, with a warning.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple, Optional

from pipeline.ingest.article import ReadError
from pipeline.ingest.binary import binary_kind

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
#: bytes of the head searched for a declaration (WHATWG's prescan reads 1024; pages with long
#: inline scripts in <head> put <meta charset> later)
DECLARATION_BYTES = 8192
_META_RE = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_RE = re.compile(rb"""^\s{0,100}<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})["']""", re.IGNORECASE)
#: WHATWG label mapping where Python's codec of the same name is narrower than what browsers decode
_LABELS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
           "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254",
           "iso-8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
           "x-gbk": "gb18030", "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932",
           "x-sjis": "cp932", "ms_kanji": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
           "big5": "big5hkscs", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8"}
#: at most this share of a page's non-ASCII bytes may be invalid UTF-8 for it to be read as
#: UTF-8 with replacements (one stray byte in a UTF-8 page); more means another encoding
STRAY_SHARE = 0.01
#: bytes given to charset-normalizer (it is quadratic-ish on large single-byte inputs)
DETECT_BYTES = 64_000


class Decoded(NamedTuple):
    """``text``: the decoded, cleaned text; ``encoding``: Python codec name used;
    ``warnings``: what the reader should pass on to the record (stray bytes, repairs)."""

    text: str
    encoding: str
    warnings: list


def decode_bytes(data: bytes) -> str:
    """The text of ``data`` (see :func:`decode_document`), without its warnings."""
    return decode_document(data).text


def decode_document(data: bytes, markup: Optional[str] = None, charset: Optional[str] = None) -> Decoded:
    """Decode raw bytes in the order of the module docstring; ``markup`` ``"html"`` or
    ``"xml"`` honours that kind's encoding declaration; ``charset``: a label declared outside
    the document (an archived HTTP response's ``Content-Type``), which wins over the markup's.

    Raises :class:`ReadError` (``binary``) for data that is not text. Newlines are
    normalised to ``\\n``, control characters other than tab/newline dropped, NFC.
    """
    warnings: list[str] = []
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        text = data[skip:].decode(codec, errors="replace")
        if "\ufffd" in text:
            warnings.append(f"{text.count(chr(0xfffd))} byte sequence(s) invalid in {codec} replaced with U+FFFD")
        return Decoded(*_finish(text, codec, warnings))
    kind = binary_kind(data)
    if kind:
        raise ReadError("binary", f"file content is binary ({kind}), not text")
    declared = codec_of(charset) or _declared(data, markup)
    try:
        text = data.decode("utf-8")
        if declared and declared != "utf-8" and not data.isascii():
            warnings.append(f"page declares {declared} but its bytes are UTF-8: read as UTF-8")
        return Decoded(*_finish(text, "utf-8", warnings))
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8":
        text = data.decode(declared, errors="replace")
        if "\ufffd" in text:
            warnings.append(f"{text.count(chr(0xfffd))} byte(s) invalid in the declared {declared} replaced with U+FFFD")
        return Decoded(*_finish(text, declared, warnings))
    stray = _stray_utf8(data)
    if stray is not None or declared == "utf-8":
        text = data.decode("utf-8", errors="replace")
        warnings.append(f"{text.count(chr(0xfffd))} invalid UTF-8 byte(s) replaced with U+FFFD")
        return Decoded(*_finish(text, "utf-8", warnings))
    codec = detect_encoding(data)
    return Decoded(*_finish(data.decode(codec, errors="replace"), codec, warnings))


def _finish(text: str, codec: str, warnings: list) -> tuple[str, str, list]:
    repaired = _repair_mojibake(text)
    if repaired is not None:
        text = repaired
        warnings.append("mojibake repaired with ftfy (text had been decoded with the wrong encoding upstream)")
    return clean_text(text), codec, warnings


def clean_text(text: str) -> str:
    """Normalise a decoded string: ``\\n`` newlines, no control characters, no lone
    surrogates (JSON ``\\ud800`` escapes; they cannot be written as UTF-8), NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", text))
    return unicodedata.normalize("NFC", text)


def _bom(data: bytes) -> Optional[tuple[str, int]]:
    """(codec, bytes to skip) of a byte-order mark or BOM-less UTF-16, else None."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32", 0
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0
    codec = _bomless_utf16(data)
    return (codec, 0) if codec else None


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


def _declared(data: bytes, markup: Optional[str]) -> Optional[str]:
    """The Python codec of the encoding the document declares (None: none, or unknown)."""
    if markup not in ("html", "xml"):
        return None
    head = data[:DECLARATION_BYTES]
    m = _XML_RE.match(head) or (_META_RE.search(head) if markup == "html" else None)
    if not m:
        return None
    return codec_of(m.group(1).decode("ascii", "replace"))


def codec_of(label: Optional[str]) -> Optional[str]:
    """Python's codec name for an encoding label as browsers read it (WHATWG), None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _stray_utf8(data: bytes) -> Optional[int]:
    """How many invalid bytes a mostly-UTF-8 text has (at most :data:`STRAY_SHARE` of its
    non-ASCII bytes, and at least as many valid multi-byte characters), else None."""
    non_ascii = len(data) - len(data.translate(None, bytes(range(128))))
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid_multibyte = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if 0 < bad <= max(1, STRAY_SHARE * non_ascii) and valid_multibyte >= bad:
        return bad
    return None


#: single-byte encodings tried for undeclared bytes, most common in news first (WHATWG's
#: legacy encodings of the European, Cyrillic, Greek, Turkish, Baltic, Hebrew, Arabic, Thai and
#: Vietnamese locales); ties go to the earlier one
SINGLE_BYTE = ("cp1252", "iso8859-2", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1257", "iso8859-15",
               "cp1255", "cp1256", "cp874", "cp1258", "iso8859-4", "iso8859-13")
#: a multi-byte guess is kept when at least this share of its non-ASCII characters is plausible
MULTIBYTE_PLAUSIBLE = 0.9


def detect_encoding(data: bytes) -> str:
    """The encoding of undeclared, non-UTF-8 bytes.

    charset-normalizer's best guess when it is a multi-byte encoding (GB18030, Shift-JIS,
    Big5, EUC-KR: it tells those apart well) whose text is plausible; otherwise the single-byte
    encoding (:data:`SINGLE_BYTE` plus charset-normalizer's own candidates) whose text is most
    plausible (:func:`plausibility`), ties to the one py3langid is surest about, then to the
    commoner one. charset-normalizer alone ranks
    ISO-8859-14 first for Polish and GB18030 for short windows-1252 English ("Pe馻 said").
    """
    from charset_normalizer import from_bytes

    sample = data[:DETECT_BYTES]
    guesses = [m.encoding for m in list(from_bytes(sample))[:8]]
    if guesses and _multibyte(guesses[0]):
        text = sample.decode(guesses[0], errors="replace")
        if plausibility(text) >= MULTIBYTE_PLAUSIBLE:
            return guesses[0]
    candidates = list(SINGLE_BYTE) + [g for g in guesses if not _multibyte(g) and g not in SINGLE_BYTE]
    scored = []
    for codec in candidates:
        try:
            text = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((plausibility(text), codec, text))
    if not scored:
        return "cp1252"
    top = max(s for s, _, _ in scored)
    tied = [(codec, text) for s, codec, text in scored if s >= top - 1e-9]
    if len(tied) == 1:
        return tied[0][0]
    from pipeline.ingest.language import MIN_CONFIDENCE, identify_language  # Greek read as cp1251: Cyrillic too

    sure = [(identify_language(text).confidence, -i, codec) for i, (codec, text) in enumerate(tied)]
    best = max(sure)
    return best[2] if best[0] >= MIN_CONFIDENCE else tied[0][0]


def _multibyte(codec: str) -> bool:
    try:
        return codecs.lookup(codec).name not in {codecs.lookup(c).name for c in SINGLE_BYTE} and \
            len("\u00e9\u4e2d".encode(codec, errors="replace")) != 2
    except LookupError:
        return False


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that look like real text: letters whose
    letter neighbours are of the same script ("ł" in "Władze", "中" beside "国"), against
    letters beside another script ("Pe馻"), symbols, control and unassigned characters
    ("W³adze", "£odzi"), half-width katakana (KOI8-R read as Shift-JIS); punctuation counts
    neither way. Halved when most Latin letters are accented ones (Cyrillic or Greek read as
    windows-1252: "Ïðåçèäåíò"; no Latin-script language writes like that).
    1.0 for text without non-ASCII letters."""
    good = bad = accented = 0
    for i, c in enumerate(text):
        if ord(c) < 128:
            continue
        cat = unicodedata.category(c)
        if cat[0] == "L":
            mine = _script(c)
            accented += mine == "LATIN"
            if mine == "HALFWIDTH":
                bad += 1
                continue
            near = [text[j] for j in (i - 1, i + 1) if 0 <= j < len(text) and text[j].isalpha()]
            if all(_script(n) == mine for n in near):
                good += 1
            else:
                bad += 1
        elif cat in ("So", "Sc", "Sk", "Sm", "No", "Cc", "Co", "Cn") or c == "\ufffd":
            bad += 1
    score = good / (good + bad) if good + bad else 1.0
    ascii_letters = sum(1 for c in text if c.isascii() and c.isalpha())
    return score / 2 if accented > 0.4 * (accented + ascii_letters) else score


def _script(c: str) -> str:
    """A letter's script, from its Unicode name ("LATIN", "CYRILLIC", ...; Han, kana and
    Hangul are one "CJK" family: Japanese mixes them within words)."""
    name = unicodedata.name(c, "UNKNOWN")
    head = name.split()[0]
    if name.startswith("HALFWIDTH KATAKANA"):
        return "HALFWIDTH"
    if head in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH") or "IDEOGRAPH" in name:
        return "CJK"
    return head


def _repair_mojibake(text: str) -> Optional[str]:
    """ftfy's repair of text that was decoded with the wrong encoding before it reached us
    ("SÃ£o Paulo" -> "São Paulo"), or None when ftfy finds nothing to repair."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return None
    import ftfy

    fixed = ftfy.fix_encoding(text)
    return fixed if fixed != text else None


#: the lead bytes of UTF-8 read as windows-1252/latin-1 ("Ã", "Â", "â€"): a cheap pre-check
#: so ftfy runs only on text that may need it
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00c5\u00ce\u00d0\u00d1\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
