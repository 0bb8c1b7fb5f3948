"""Articles -> records: spaCy over a batch (in memory zones), then one record per article.

:func:`extract_records` is the one function the batch, the CLI and the tests call.
Texts longer than the model's ``max_length`` are split (:func:`pipeline.record.facts.chunk_text`);
every offset in the record is global.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections import defaultdict
from typing import Iterable, Optional, Protocol

from models import Record
from pipeline.ingest import RawArticle
from pipeline.nlp import load_nlp
from pipeline.record.build import build_record
from pipeline.record.facts import CHUNK_CHARS, DocFacts, chunk_text, doc_facts
from pipeline.record.keys import warm as warm_keys
from pipeline.settings import model_name

#: texts the first spaCy pass of a process runs outside a memory zone (see extract_records)
WARM_TEXTS = 32
#: batches are tokenized outside a memory zone (their words kept for good) until the
#: warm-up has added this many strings to the vocabulary; a bounded warm-up (see extract_records)
WARM_VOCAB = 60_000
#: spaCy's rule lemmatizer caches the forms of every (word, tag, morph) it meets, with no
#: bound and no memory zone support; the cache is emptied when it grows past this size
LEMMA_CACHE_MAX = 100_000
_NLP_LOCK = threading.Lock()  # one spaCy pass at a time per process (memory zones are per vocab)
_WARM_BASE: dict[int, int] = {}  # id() of a warmed pipeline -> size of its string store before the warm-up


class Prefetched(Protocol):
    """Records computed ahead for some articles (see :class:`pipeline.orchestration.prefetch.Prefetch`);
    ``articles``: how many it extracted, ``taken``: how many it handed over."""

    articles: int
    taken: int

    def take(self, articles: list[RawArticle], model: str) -> dict[int, Record]:
        """The ready records of ``articles``, by index (waiting for a batch in progress)."""


def extract_records(articles: Iterable[RawArticle], nlp=None, batch_size: int = 32, model: Optional[str] = None,
                    *, prefetched: Optional[Prefetched] = None) -> list[Record | Exception]:
    """Records for a batch of articles, in order; an article that fails yields its exception.

    ``nlp`` defaults to :func:`load_nlp` of ``model``; ``model`` (default: the configured
    model name) is what ``pipeline.model`` records. spaCy runs once over all chunks of the
    batch (``nlp.pipe``) inside a memory zone, so the vocabulary does not grow with the corpus.

    Warm-up: inside a zone every word the vocabulary does not know yet is a transient
    lexeme, rebuilt in every batch, and spaCy's tokenizer caches nothing, which made
    tokenizing several times dearer than in a plain ``nlp.pipe``. So the first
    :data:`WARM_TEXTS` texts a process parses run outside a zone (their lemmas and
    morphology stay), and each batch is tokenized outside its zone until the warm-up
    has added :data:`WARM_VOCAB` strings to the vocabulary: the common words of the corpus stay in
    the vocabulary and the tokenizer cache for good, a bounded, one-off growth after which
    memory stays flat. The lemmatizer's unbounded cache is emptied past
    :data:`LEMMA_CACHE_MAX` entries. A lock keeps spaCy passes of one process (a prefetch
    thread and a task) from interleaving.

    ``prefetched``: records already computed for exactly these articles (same path, line and
    raw bytes, same model) are taken from it instead.
    """
    articles = list(articles)
    name = model_name(model)
    found = prefetched.take(articles, name) if prefetched is not None else {}
    if not found:
        return _extract(articles, nlp, batch_size, model)
    rest = [i for i in range(len(articles)) if i not in found]
    computed = dict(zip(rest, _extract([articles[i] for i in rest], nlp, batch_size, model))) if rest else {}
    return [found[i] if i in found else computed[i] for i in range(len(articles))]


def language_gate(art: RawArticle, model_lang: str) -> tuple[RawArticle, bool]:
    """(the article with a language warning if it needs one, whether the model reads it).

    An article identified in another language than the model's is not pushed through it
    (an English model invents English entities and commitments in French text): its record
    says so. One whose language was not identified (``und``: short or mixed text) is read.
    """
    if art.language == model_lang:
        return art, True
    if art.language == "und":
        note = f"language not identified (short or mixed text): read with the {model_lang!r} model"
        return dataclasses.replace(art, warnings=[*art.warnings, note]), True
    note = (f"article language is {art.language!r}, not the model's {model_lang!r}: not parsed, so no people, "
            "organisations, places, dates or commitments were extracted")
    return dataclasses.replace(art, warnings=[*art.warnings, note]), False


def _extract(articles: list[RawArticle], nlp, batch_size: int, model: Optional[str]) -> list[Record | Exception]:
    nlp = nlp or load_nlp(model)
    warm_keys()  # the canonical keys' country and place tables, once per process
    name = model_name(model)
    limit = min(CHUNK_CHARS, nlp.max_length)
    gated = [language_gate(a, nlp.lang) for a in articles]
    articles = [a for a, _ in gated]
    items = [(i, off, chunk) for i, (a, read) in enumerate(gated) if read for off, chunk in chunk_text(a.text, limit)]
    facts: dict[int, list[DocFacts]] = defaultdict(list)
    failed: dict[int, Exception] = {}
    with _NLP_LOCK:
        warm = 0 if id(nlp) in _WARM_BASE else WARM_TEXTS
        base = _WARM_BASE.setdefault(id(nlp), len(nlp.vocab.strings))
        for part, zone in ((items[:warm], False), (items[warm:], True)):
            if not part:
                continue
            inputs = [c for _, _, c in part]
            if zone and len(nlp.vocab.strings) - base < WARM_VOCAB:
                inputs = list(nlp.tokenizer.pipe(inputs))  # outside the zone: the words stay
            with nlp.memory_zone() if zone else contextlib.nullcontext():
                docs = nlp.pipe(inputs, batch_size=batch_size)
                for (i, off, _), doc in zip(part, docs):
                    try:
                        facts[i].append(doc_facts(doc, off))
                    except Exception as exc:  # one bad article must not sink its batch
                        failed[i] = exc
        _bound_lemma_cache(nlp)
    out: list[Record | Exception] = []
    for i, art in enumerate(articles):
        if i in failed:
            out.append(failed[i])
            continue
        try:
            out.append(build_record(art, facts[i], name))
        except Exception as exc:
            out.append(exc)
    return out


def _bound_lemma_cache(nlp) -> None:
    for _, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if type(pipe).__name__.endswith("Lemmatizer") and isinstance(cache, dict) and len(cache) > LEMMA_CACHE_MAX:
            cache.clear()