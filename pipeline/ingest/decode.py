"""Bytes -> text: BOMs, UTF-16 without BOM, legacy encodings, control characters, NFC."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from pipeline.ingest.article import ReadError

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def decode_bytes(data: bytes) -> str:
    """Decode raw bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252.

    Raises :class:`ReadError` (``binary``) for data that is not text. Newlines are
    normalised to ``\\n`` and control characters other than tab/newline dropped.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = data.decode("utf-32", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif _bomless_utf16(data):
        text = data.decode(_bomless_utf16(data), errors="replace")
    else:
        if _looks_binary(data):
            raise ReadError("binary", "file content is binary, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Legacy Windows text; cp1252 leaves 5 bytes undefined, latin-1 takes those.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return clean_text(text)


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise a decoded string: ``\\n`` newlines, no control characters, no lone
    surrogates (JSON ``\\ud800`` escapes; they cannot be written as UTF-8), NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", text))
    return unicodedata.normalize("NFC", text)


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


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and sample.count(b"\x00") > len(sample) // 100:
        return True
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad >= 3 and bad > len(sample) // 20
