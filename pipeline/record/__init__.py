"""Record: parsed chunks -> one validated pydantic record per article.

Reads the Doc once (:mod:`.facts`), clusters mentions into entities (:mod:`.entities`),
resolves dates and commitment actors against the article (:mod:`.resolve`) and assembles
the record (:mod:`.build`); :func:`extract_records` runs spaCy and all of it over a batch.
"""

from pipeline.record.build import build_record
from pipeline.record.extract import extract_records
from pipeline.record.facts import CHUNK_CHARS, DocFacts, chunk_text, doc_facts

__all__ = ["CHUNK_CHARS", "DocFacts", "build_record", "chunk_text", "doc_facts", "extract_records"]
