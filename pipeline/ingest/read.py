"""The entry point of ingestion: one raw file -> its articles (or per-line errors)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterator, Optional, Union

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.decode import decode_document
from pipeline.ingest.feeds import read_feed
from pipeline.ingest.html import article_from_html
from pipeline.ingest.jsonfmt import parse_json, article_from_object
from pipeline.ingest.text import article_from_text
from pipeline.ingest.warc import read_warc

#: extension -> format name of ``source.format`` (``.warc.gz`` too: see :func:`format_of`)
FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
           ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc"}
#: formats whose file holds many articles: article n is written to ``<stem>/<n>.json``
MULTI_FORMATS = {"jsonl", "feed", "warc"}
#: double extensions that name one format (checked before the last suffix)
_DOUBLE = {".warc.gz": "warc"}


def format_of(rel_path: str) -> Optional[str]:
    """The format of a raw file by its name (``crawl.warc.gz`` -> ``warc``), or None if unsupported."""
    name = rel_path.rsplit("/", 1)[-1].lower()
    for ext, fmt in _DOUBLE.items():
        if name.endswith(ext) and len(name) > len(ext):
            return fmt
    return FORMATS.get(Path(name).suffix)


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data`` (record ids, the ledger)."""
    return hashlib.sha256(data).hexdigest()


def _decoded(data: bytes, markup: Optional[str] = None) -> tuple[str, list]:
    doc = decode_document(data, markup)
    if not doc.text.strip():
        raise ReadError("empty", "file has only whitespace")
    return doc.text, doc.warnings


def _read_text(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    text, warnings = _decoded(data)
    yield article_from_text(text, sha256=base["file_sha256"], warnings=warnings, **base)


def _read_html(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    text, warnings = _decoded(data, "html")
    yield article_from_html(text, sha256=base["file_sha256"], warnings=warnings, **base)


def _read_json(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    text, warnings = _decoded(data)
    yield article_from_object(parse_json(text), sha256=base["file_sha256"], decode_warnings=warnings, **base)


def _read_jsonl(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    """Every good line is an article (its sha256 is of the line's raw bytes), every bad line an error."""
    text, warnings = _decoded(data)
    raw_lines = data.split(b"\n")
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_sha = sha256_bytes(raw_lines[n - 1] if n - 1 < len(raw_lines) else line.encode())
        try:
            yield article_from_object(parse_json(line, n), sha256=line_sha, line=n, decode_warnings=warnings, **base)
        except ReadError as err:
            err.line = n
            yield err


def _read_feed(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    yield from read_feed(data, base)


def _read_warc(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    yield from read_warc(data, base)


#: format name -> reader of (raw bytes, RawArticle fields)
READERS = {"text": _read_text, "html": _read_html, "json": _read_json, "jsonl": _read_jsonl, "feed": _read_feed,
           "warc": _read_warc}


def read_bytes(data: bytes, rel_path: str) -> Iterator[Union[RawArticle, ReadError]]:
    """Articles (or per-line/per-item errors) in one raw file's bytes.

    Raises :class:`ReadError`: ``unsupported`` (a name :func:`format_of` does not know),
    ``empty``, ``binary``, or a format's own error (``invalid_json``, ``no_article_body``,
    ``invalid_feed``, ``unsafe_xml``, ``too_large``, ...).
    """
    fmt = format_of(rel_path)
    if fmt is None:
        ext = Path(rel_path).suffix.lower()
        raise ReadError("unsupported", f"unsupported file type {ext or '(none)'!r}")
    if not data:
        raise ReadError("empty", "file is empty (0 bytes)")
    if not data.strip():
        raise ReadError("empty", "file has only whitespace")
    yield from READERS[fmt](data, dict(rel_path=rel_path, format=fmt, file_sha256=sha256_bytes(data)))


def read_file(path: Path, rel_path: str) -> tuple[list[Union[RawArticle, ReadError]], os.stat_result, str]:
    """Read one raw file (never modifies it): its articles or per-line errors, and the stat and
    sha256 of exactly the bytes that were read (what the ledger must remember).

    Raises :class:`ReadError`: ``vanished`` (deleted since discovery), ``unreadable``,
    ``changing`` (size or mtime moved while reading: still being written), or what
    :func:`read_bytes` raises.
    """
    try:
        with open(path, "rb") as fh:
            before = os.fstat(fh.fileno())
            data = fh.read()
            after = os.fstat(fh.fileno())
    except FileNotFoundError as exc:
        raise ReadError("vanished", "file disappeared before it could be read") from exc
    except IsADirectoryError as exc:
        raise ReadError("unreadable", "not a file (a folder now has this name)") from exc
    except OSError as exc:
        raise ReadError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(data) != after.st_size:
        raise ReadError("changing", "file changed while it was being read (still being written?); "
                                    "it is read again on the next run")
    digest = sha256_bytes(data)
    try:
        return list(read_bytes(data, rel_path)), after, digest
    except ReadError as err:
        err.sha256 = digest
        raise


def read_path(path: Path, rel_path: str) -> list[Union[RawArticle, ReadError]]:
    """Read one raw file (never modifies it); see :func:`read_file`."""
    return read_file(path, rel_path)[0]
