"""The shapes every reader returns: :class:`RawArticle` and :class:`ReadError`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


class ReadError(Exception):
    """An input that cannot become an article (empty, binary, invalid JSON, ...)."""

    def __init__(self, error_type: str, message: str, line: Optional[int] = None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.line = line
        self.sha256: Optional[str] = None  # of the bytes read, when the error is about them


@dataclass
class RawArticle:
    """One article as read from ``raw/``, before any NLP."""

    rel_path: str  # path relative to raw/, '/'-separated
    format: str  # text | html | json | jsonl | feed | warc
    file_sha256: str  # sha256 of the whole raw file
    sha256: str  # sha256 of this article's raw bytes (== file_sha256 except JSONL lines)
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    byline: Optional[str] = None
    dateline: Optional[str] = None
    url: Optional[str] = None
    line: Optional[int] = None  # 1-based JSONL line number, feed item or WARC response number
    site_name: Optional[str] = None  # the publication, as the page names it (HTML)
    language: str = "und"  # ISO 639-1 code where one exists, 'und' when not identified
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable identity of the article inside raw/ (path, plus '#line' for JSONL)."""
        return f"{self.rel_path}#{self.line}" if self.line else self.rel_path
