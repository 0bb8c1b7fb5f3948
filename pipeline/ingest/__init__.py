"""Ingest: raw bytes -> articles. One module per input format, plus decoding.

``read_path``/``read_file`` turn one raw file into :class:`RawArticle` objects (or
:class:`ReadError` for a file or line that holds no article); no NLP happens here.
"""

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.decode import clean_text, decode_bytes
from pipeline.ingest.read import FORMATS, read_bytes, read_file, read_path, sha256_bytes
from pipeline.ingest.text import article_from_text, clean_lines, parse_iso_day, parse_loose_date

__all__ = ["FORMATS", "RawArticle", "ReadError", "article_from_text", "clean_lines", "clean_text", "decode_bytes",
           "parse_iso_day", "parse_loose_date", "read_bytes", "read_file", "read_path", "sha256_bytes"]
