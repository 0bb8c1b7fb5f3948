"""WARC crawl files (``.warc``, ``.warc.gz``): each archived HTML response an article (warcio 1.8, Apache-2.0).

Response n (counting HTML responses with a 2xx status, in file order) is written to
``<stem>/<n>.json``: ``raw/crawl.warc.gz`` -> ``processed/crawl/<n>.json``. Its page goes
through the same HTML reader as a ``.html`` file, with the record's target URI as the
URL and its fetch date (``WARC-Date``) as the latest possible publication date and the
year of a dateline without one. Other records (requests, metadata, images, scripts,
redirects, errors) are not articles and are passed over.

Decompression bombs: a ``.warc.gz`` is first inflated without keeping anything, counting
bytes; past :func:`pipeline.settings.max_inflated` it is refused whole (``too_large``).
One response whose payload (after HTTP ``Content-Encoding``) exceeds
:func:`pipeline.settings.max_record` gets its own error record. Nothing is fetched.
"""

from __future__ import annotations

import io
import zlib
from typing import Iterator, Optional, Union

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.decode import decode_document
from pipeline.ingest.html import article_from_html
from pipeline.settings import max_inflated, max_record

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20


def inflated_size(data: bytes, limit: int) -> int:
    """Bytes the (multi-member) gzip ``data`` inflates to, counted in 1 MiB steps and never
    held; raises :class:`ReadError` ``too_large`` as soon as the count passes ``limit``, and
    ``invalid_archive`` for a corrupt or truncated stream."""
    total, pos, d = 0, 0, zlib.decompressobj(wbits=31)
    while True:
        if d.unconsumed_tail:
            buf = d.unconsumed_tail
        else:
            buf = data[pos:pos + _CHUNK]
            pos += len(buf)
        try:
            total += len(d.decompress(buf, _CHUNK))
        except zlib.error as exc:
            raise ReadError("invalid_archive", f"corrupt gzip data: {exc}") from exc
        if total > limit:
            raise ReadError("too_large", f"archive inflates past {limit:,} bytes (a decompression bomb, or a crawl "
                                         "file to split); raise $NEWS_PIPELINE_MAX_INFLATED to read it")
        if d.eof:  # one gzip member done (a .warc.gz has one per record): the next starts here
            pos -= len(d.unused_data)
            if data[pos:pos + 2] != b"\x1f\x8b":
                return total  # the end (or trailing bytes that warcio will report)
            d = zlib.decompressobj(wbits=31)
        elif not buf:
            raise ReadError("invalid_archive", "gzip stream ends early (truncated file?)")


def read_warc(data: bytes, base: dict) -> Iterator[Union[RawArticle, ReadError]]:
    """The articles (or per-response errors) of one WARC file; ``base``: the file's RawArticle fields.

    Raises :class:`ReadError`: ``too_large`` (inflates past the limit), ``invalid_archive``
    (not a WARC file, or corrupt), ``empty`` (no HTML response in it).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    head = data
    if data[:2] == b"\x1f\x8b":
        inflated_size(data, max_inflated())
        head = zlib.decompressobj(wbits=31).decompress(data[:65536], 64)
    if not head.lstrip()[:5] == b"WARC/":
        raise ReadError("invalid_archive", "not a WARC file (it does not start with a 'WARC/' record header)")
    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            page = _html_page(record)
            if page is None:
                continue
            n += 1
            try:
                yield _article(record, page, n, base)
            except ReadError as err:
                err.line = n
                yield err
            except (OSError, ValueError, zlib.error) as exc:  # a broken Content-Encoding in one response
                yield ReadError("invalid_archive", f"cannot decode archived page {n}: {exc}", line=n)
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        raise ReadError("invalid_archive", f"cannot read the WARC file after {n} page(s): {exc}") from exc
    if n == 0:
        raise ReadError("empty", "WARC file holds no HTML response (2xx, text/html) to read")


def _html_page(record) -> Optional[tuple[str, Optional[str]]]:
    """(content type, charset) of an HTML 2xx response record, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = (record.http_headers.get_statuscode() or "")
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or not ctype.startswith(_HTML_TYPES):
        return None
    charset = None
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key == "charset":
            charset = value.strip() or None
    return ctype, charset


def _article(record, page: tuple[str, Optional[str]], n: int, base: dict) -> RawArticle:
    import hashlib

    limit = max_record()
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        raise ReadError("too_large", f"archived page is over {limit:,} bytes after decoding "
                                     "(raise $NEWS_PIPELINE_MAX_RECORD to read it)", line=n)
    if not payload.strip():
        raise ReadError("empty", "archived page is empty", line=n)
    doc = decode_document(payload, "html", charset=page[1])
    fetched = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    return article_from_html(doc.text, **base, sha256=hashlib.sha256(payload).hexdigest(), line=n,
                             url=record.rec_headers.get_header("WARC-Target-URI"), max_date=fetched,
                             reference_date=fetched, warnings=doc.warnings)
