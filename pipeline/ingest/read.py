"""The entry point of ingestion: one raw file -> its articles (or per-line errors)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterator, Union

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.html import article_from_html
from pipeline.ingest.jsonfmt import parse_json, article_from_object
from pipeline.ingest.text import article_from_text

#: extension -> format name of ``source.format``
FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data`` (record ids, the ledger)."""
    return hashlib.sha256(data).hexdigest()


def _read_text(data: bytes, text: str, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    yield article_from_text(text, sha256=base["file_sha256"], **base)


def _read_html(data: bytes, text: str, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    yield article_from_html(text, sha256=base["file_sha256"], **base)


def _read_json(data: bytes, text: str, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    yield article_from_object(parse_json(text), sha256=base["file_sha256"], **base)


def _read_jsonl(data: bytes, text: str, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    """Every good line is an article (its sha256 is of the line's raw bytes), every bad line an error."""
    raw_lines = data.split(b"\n")
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_sha = sha256_bytes(raw_lines[n - 1] if n - 1 < len(raw_lines) else line.encode())
        try:
            yield article_from_object(parse_json(line, n), sha256=line_sha, line=n, **base)
        except ReadError as err:
            err.line = n
            yield err


#: format name -> reader of (raw bytes, decoded text, RawArticle fields)
READERS = {"text": _read_text, "html": _read_html, "json": _read_json, "jsonl": _read_jsonl}


def read_bytes(data: bytes, rel_path: str) -> Iterator[Union[RawArticle, ReadError]]:
    """Articles (or per-line errors) in one raw file's bytes.

    Raises :class:`ReadError`: ``unsupported`` (extension not in :data:`FORMATS`), ``empty``,
    ``binary``, or a format's own error (``invalid_json``, ``no_article_body``, ...).
    """
    ext = Path(rel_path).suffix.lower()
    fmt = FORMATS.get(ext)
    if fmt is None:
        raise ReadError("unsupported", f"unsupported file type {ext or '(none)'!r}")
    if not data:
        raise ReadError("empty", "file is empty (0 bytes)")
    if not data.strip():
        raise ReadError("empty", "file has only whitespace")
    text = decode_bytes(data)
    if not text.strip():
        raise ReadError("empty", "file has only whitespace")
    yield from READERS[fmt](data, text, dict(rel_path=rel_path, format=fmt, file_sha256=sha256_bytes(data)))


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
