"""From articles to validated records: runs spaCy in batches and assembles the record.

:func:`extract_records` is the one function the flow, the CLI and the tests call.
Texts longer than the model's ``max_length`` are split at paragraph, then
sentence, then whitespace boundaries; every offset in the record is global.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from models import Actor, Article, Commitment, DateMention, Entity, Mention, PipelineInfo, Record, Source, When
from pipeline import __version__
from pipeline.entities import (PERSON, PLACE, ORG, CanonicalEntity, EntityMention, canonical_entities,
                               entity_mentions, norm_form, person_titles)
from pipeline.dates import resolve_date
from pipeline.resolve import Resolver
from pipeline.nlp import load_nlp, model_name
from pipeline.readers import RawArticle

#: chunk size for long texts (characters); well under spaCy's default max_length
CHUNK_CHARS = 100_000

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


@dataclass
class DocFacts:
    """Everything the record needs from one parsed chunk, as plain data (global offsets)."""

    offset: int
    mentions: list = field(default_factory=list)
    acronyms: list = field(default_factory=list)
    titles: dict = field(default_factory=dict)  # mention start -> [titles]
    dates: list = field(default_factory=list)  # (start, end, tense)
    commitments: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # (position, [actor refs]) introduced together


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into (offset, chunk) pieces of at most ``limit`` characters.

    Cuts at the last paragraph break before the limit, else the last sentence end,
    else the last whitespace, else hard. Concatenating the chunks gives ``text``.
    """
    out, pos = [], 0
    n = len(text)
    while n - pos > limit:
        window = text[pos:pos + limit]
        cut = window.rfind("\n\n")
        if cut < limit // 4:
            m = None
            for m in re.finditer(r"[.!?][\"'”’)]?\s", window):
                pass
            cut = m.end() if m and m.end() > limit // 4 else -1
        if cut < limit // 4:
            cut = window.rfind(" ")
        if cut < limit // 4:
            cut = limit
        out.append((pos, text[pos:pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out


def doc_facts(doc, offset: int) -> DocFacts:
    """Pull entity mentions, titles, date spans and commitments out of a parsed chunk."""
    f = DocFacts(offset=offset)
    f.mentions, f.acronyms = entity_mentions(doc, offset)
    for m in f.mentions:
        if m.label == PERSON:
            f.titles[m.start] = person_titles(doc, m, offset)
    f.dates = [(s + offset, e + offset, tense) for s, e, tense in (doc._.date_spans or [])]

    def shift(ref: dict) -> dict:
        if ref.get("start") is not None:
            ref["start"] += offset
            ref["end"] += offset
        return ref

    for c in doc._.commitments or []:
        c.actors = [shift(a) for a in c.actors]
        c.partners = [shift(a) for a in c.partners]
        c.speaker = [shift(a) for a in c.speaker] if c.speaker else None
        if c.when:
            c.when = (c.when[0] + offset, c.when[1] + offset)
        c.sent_start += offset
        c.sent_end += offset
        f.commitments.append(c)
    f.groups = [(pos + offset, [shift(m) for m in members]) for pos, members in (doc._.actor_groups or [])]
    return f


def _parse_pub(published: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def build_record(art: RawArticle, facts: list[DocFacts], model: str) -> Record:
    """Assemble and validate the record of one article from its chunks' facts."""
    text = art.text
    pub = _parse_pub(art.published)
    mentions = [m for f in facts for m in f.mentions]
    acronyms = [a for f in facts for a in f.acronyms]
    titles_at = {k: v for f in facts for k, v in f.titles.items()}
    entities = canonical_entities(mentions, acronyms, text)
    for e in entities:
        if e.label == PERSON:
            seen = []
            for m in e.mentions:
                for t in titles_at.get(m.start, []):
                    if t not in seen:
                        seen.append(t)
            e.titles = seen

    def to_model(e: CanonicalEntity) -> Entity:
        return Entity(id=e.id, name=e.name, aliases=e.aliases, titles=e.titles if e.label == PERSON else [],
                      mentions=[Mention(text=m.text, start=m.start, end=m.end) for m in e.mentions])

    # dates
    dates: list[DateMention] = []
    date_at: dict[tuple[int, int], DateMention] = {}
    for s, e, tense in sorted({d for f in facts for d in f.dates}):
        res = resolve_date(text[s:e], pub, tense)
        if res is None:
            continue
        dm = DateMention(text=text[s:e], start=s, end=e, value=res.value, granularity=res.granularity,
                         relative=res.relative)
        dates.append(dm)
        date_at[(s, e)] = dm

    # commitments
    resolver = Resolver(entities, text, [g for f in facts for g in f.groups])

    def names(refs: list, pos: int, speakers: list, note: bool = False) -> list[tuple[str, Optional[str]]]:
        out, seen = [], set()
        got = [x for ref in refs for x in resolver.resolve(ref, pos, speakers)]
        if note:
            resolver.note(pos, got, speakers)
        for x in got:
            name, ref_id = (x.name, x.id) if isinstance(x, CanonicalEntity) else (x, None)
            if name.lower() not in seen:
                seen.add(name.lower())
                out.append((name, ref_id))
        return out

    commitments: list[Commitment] = []
    for f in facts:
        for c in f.commitments:
            speakers = []
            for ref in c.speaker or []:
                got = resolver.resolve(ref, c.sent_start, [])
                speakers.extend(x for x in got if isinstance(x, CanonicalEntity))
            actors = [Actor(name=n, ref=i) for n, i in names(c.actors, c.sent_start, speakers, note=True)]
            if not actors:
                continue
            when = None
            if c.when:
                dm = date_at.get(c.when)
                when = When(text=dm.text, value=dm.value) if dm else None
            speaker = None
            if c.speaker:
                said = names(c.speaker, c.sent_start, [])
                speaker = " and ".join(n for n, _ in said) if said else None
            partners = [n for n, _ in names(c.partners, c.sent_start, speakers)]
            commitments.append(Commitment(
                actors=actors, action=c.action, object=c.object, partners=partners, when=when,
                category=c.category, modality=c.modality, negated=c.negated, speaker=speaker,
                sentence=text[c.sent_start:c.sent_end], start=c.sent_start, end=c.sent_end,
                confidence=c.confidence))

    return Record(
        id=art.sha256,
        source=Source(path=art.rel_path, sha256=art.file_sha256, format=art.format, url=art.url, line=art.line),
        article=Article(title=art.title, published=art.published, byline=art.byline, dateline=art.dateline,
                        language="en", text=text),
        people=[to_model(e) for e in entities if e.label == PERSON],
        organisations=[to_model(e) for e in entities if e.label == ORG],
        places=[to_model(e) for e in entities if e.label == PLACE],
        dates=dates,
        commitments=commitments,
        warnings=list(art.warnings),
        pipeline=PipelineInfo(version=__version__, model=model),
    )


def extract_records(articles: Iterable[RawArticle], nlp=None, batch_size: int = 32,
                    model: Optional[str] = None) -> list[Record | Exception]:
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

    Records the process's :class:`Prefetch` already computed for exactly these articles
    (same path, line and raw bytes, same model) are taken from it instead.
    """
    articles = list(articles)
    name = model_name(model)
    pre = _PREFETCH
    found = pre.take(articles, name) if pre is not None else {}
    if not found:
        return _extract(articles, nlp, batch_size, model)
    rest = [i for i in range(len(articles)) if i not in found]
    computed = dict(zip(rest, _extract([articles[i] for i in rest], nlp, batch_size, model))) if rest else {}
    return [found[i] if i in found else computed[i] for i in range(len(articles))]


def _extract(articles: list[RawArticle], nlp, batch_size: int, model: Optional[str]) -> list[Record | Exception]:
    nlp = nlp or load_nlp(model)
    name = model_name(model)
    limit = min(CHUNK_CHARS, nlp.max_length)
    items = [(i, off, chunk) for i, a in enumerate(articles) for off, chunk in chunk_text(a.text, limit)]
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


# --------------------------------------------------------------------------- prefetch


def _key(art: RawArticle, model: str) -> tuple:
    """Everything a record depends on: where the article is, its file's exact bytes, the model."""
    return (art.rel_path, art.line, art.file_sha256, art.sha256, model)


class Prefetch:
    """Records computed ahead of their task, in a background thread, while Prefect starts.

    A one-worker ``run`` spends seconds starting Prefect's temporary server (another
    process) before its first task runs. Meanwhile this thread, in the run's worker
    process (:mod:`pipeline.worker`), reads the first files
    the run will probably process (new or changed by size/mtime, in discovery order) and
    extracts their records into memory; nothing is written. The first task that calls
    :func:`extract_records` stops it (after the batch in progress) and every task takes
    the records whose key matches the article it read itself (path, line, sha256 of the
    raw bytes, model): a record depends on nothing else, so a prefetched record is the
    record the task would compute. Unclaimed records (at most :data:`MAX_ARTICLES`) are
    dropped by :meth:`close`, or with the worker process.

    ``share=(k, n)``: one of ``n`` workers, prefetching only the batches ``k``, ``k + n``, ...
    (the run's batches: :func:`pipeline.store.run_batch_size` files each, in discovery order),
    the ones the flow will send to it.
    """

    MAX_ARTICLES = 2000

    def __init__(self, raw: Path, processed: Path, model: Optional[str] = None, batch_size: int = 32,
                 reprocess: bool = False, retry_failed: bool = False, share: tuple[int, int] = (0, 1)):
        self.raw, self.processed, self.model = raw, processed, model
        self.share = share
        self.batch_size, self.reprocess, self.retry_failed = max(1, batch_size), reprocess, retry_failed
        self.cond = threading.Condition()
        self.ready: dict[tuple, Record] = {}
        self.busy: set[tuple] = set()
        self.stopped = False
        self.articles = 0  # articles extracted ahead
        self.taken = 0  # records handed to tasks
        self.error: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._run, name="news-pipeline-prefetch", daemon=True)

    def start(self) -> "Prefetch":
        global _PREFETCH
        _PREFETCH = self
        self.thread.start()
        return self

    def close(self) -> None:
        """Stop after the batch in progress, wait for it, drop what nobody claimed."""
        global _PREFETCH
        with self.cond:
            self.stopped = True
        self.thread.join()
        if _PREFETCH is self:
            _PREFETCH = None
        self.ready.clear()

    def take(self, articles: list[RawArticle], model: str) -> dict[int, Record]:
        """Stop prefetching; the records ready for ``articles`` (by index), waiting for a batch in progress."""
        keys = [_key(a, model) for a in articles]
        with self.cond:
            self.stopped = True
            while self.busy and any(k in self.busy for k in keys):
                self.cond.wait()
            found = {i: self.ready.pop(k) for i, k in enumerate(keys) if k in self.ready}
            self.taken += len(found)
            return found

    def _run(self) -> None:
        from pipeline.readers import read_path

        try:
            nlp = None
            name = model_name(self.model)
            batch: list[RawArticle] = []
            for rel, path in self._my_candidates():
                if self.stopped or self.articles >= self.MAX_ARTICLES:
                    return
                nlp = nlp or load_nlp(self.model)
                try:
                    batch += [a for a in read_path(path, rel) if isinstance(a, RawArticle)]
                except Exception:  # the task reads it again and reports the error
                    continue
                if len(batch) >= self.batch_size:
                    self._extract(batch, nlp, name)
                    batch = []
            if batch:
                self._extract(batch, nlp, name)
        except BaseException as exc:  # never fatal: the tasks compute what is missing
            self.error = exc

    def _extract(self, batch: list[RawArticle], nlp, name: str) -> None:
        keys = [_key(a, name) for a in batch]
        with self.cond:
            if self.stopped:
                return
            self.busy.update(keys)
        recs: list = []
        try:
            recs = _extract(batch, nlp, self.batch_size, self.model)
        finally:
            with self.cond:
                for k, r in zip(keys, recs):
                    if isinstance(r, Record):
                        self.ready[k] = r
                self.articles += len(batch)
                self.busy.clear()
                self.cond.notify_all()

    def _my_candidates(self):
        """The candidate files of this worker's share of the batches."""
        k, n = self.share
        if n <= 1:
            yield from self._candidates()
            return
        from pipeline.store import run_batch_size

        files = list(self._candidates())
        size = run_batch_size(len(files), self.batch_size)
        yield from (f for i, f in enumerate(files) if (i // size) % n == k)

    def _candidates(self):
        """Files discovery will probably queue, in its order, without hashing: supported type and
        not in the ledger with the same size, mtime and an existing first output."""
        from pipeline.store import candidate_files

        yield from candidate_files(self.raw, self.processed, self.reprocess, self.retry_failed)


_PREFETCH: Optional[Prefetch] = None
