"""Text or binary? By content signature first, then by the share of control bytes.

A PNG, PDF or ZIP named ``.txt`` is binary whatever its bytes look like further on; a text
with a few stray NUL or control bytes (a copy-paste from a terminal, a crashed editor) is
text. Signatures: the file-format magic numbers of the formats' own specifications (PNG,
PDF, ZIP, gzip, ...), as ``file(1)`` and the WHATWG MIME sniffing standard use them.
"""

from __future__ import annotations

from typing import Optional

#: leading bytes -> what the file is (checked at offset 0)
SIGNATURES: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office/EPUB document)",
    b"PK\x05\x06": "an empty ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"RIFF": "a RIFF file (WAV, AVI, WebP)",
    b"OggS": "an Ogg media file",
    b"fLaC": "a FLAC audio file",
    b"ID3": "an MP3 audio file",
    b"wOFF": "a WOFF font",
    b"wOF2": "a WOFF2 font",
    b"\x7fELF": "an ELF executable",
    b"MZ\x90\x00": "a Windows executable",
    b"\x00asm": "a WebAssembly module",
    b"\xfd7zXZ\x00": "an xz archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive",
    b"(\xb5/\xfd": "a zstd archive",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old MS Office document",
    b"SQLite format 3\x00": "an SQLite database",
}
#: bytes sampled for the control-byte share
SAMPLE_BYTES = 8192
#: binary when more than this share of the sample are control bytes (and at least
#: :data:`MIN_CONTROL` of them): uniformly random bytes have 10.5%, text with a few stray
#: NULs well under 2% (two NULs in a 190-byte article: 1.05%)
CONTROL_SHARE = 0.05
MIN_CONTROL = 8
#: C0 controls and DEL, without tab, newline, vertical tab, form feed, carriage return and
#: ESC (terminal colour codes in pasted text)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def binary_kind(data: bytes) -> Optional[str]:
    """What binary content ``data`` is ("a PNG image", ...; "binary data" when no signature
    matches but control bytes are too many), or None for text."""
    for magic, kind in SIGNATURES.items():
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    sample = data[:SAMPLE_BYTES]
    control = len(sample) - len(sample.translate(None, _CONTROL))
    if control >= MIN_CONTROL and control > CONTROL_SHARE * len(sample):
        return "binary data"
    return None
