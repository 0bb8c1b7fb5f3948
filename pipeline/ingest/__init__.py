"""Ingest: raw bytes -> articles. One module per input format, plus decoding.

``read_path``/``read_file`` turn one raw file into :class:`RawArticle` objects (or
:class:`ReadError` for a file, line or item that holds no article); no NLP happens here.
Formats: text/Markdown, HTML (trafilatura + htmldate), JSON/JSONL, RSS/Atom feeds, WARC;
decoding (BOM, declarations, charset-normalizer, ftfy), text-vs-binary, the language.
"""

from pipeline.ingest.article import RawArticle, ReadError
from pipeline.ingest.decode import clean_text, decode_bytes
from pipeline.ingest.language import Language, identify_language
from pipeline.ingest.read import FORMATS, MULTI_FORMATS, format_of, read_bytes, read_file, read_path, sha256_bytes
from pipeline.ingest.text import article_from_text, clean_lines, parse_iso_day, parse_loose_date

__all__ = ["FORMATS", "MULTI_FORMATS", "Language", "RawArticle", "ReadError", "article_from_text", "clean_lines",
           "clean_text", "decode_bytes", "format_of", "identify_language", "parse_iso_day", "parse_loose_date",
           "read_bytes", "read_file", "read_path", "sha256_bytes"]
