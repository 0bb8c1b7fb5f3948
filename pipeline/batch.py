"""Process one batch of raw files end to end: read, extract, validate, write. No Prefect here.

Runs in whatever process executes the batch (the flow's own process, a local worker
process or a Dask worker): the spaCy model is loaded once per process by
:func:`pipeline.nlp.load_nlp`. Returns one :class:`FileOutcome` per file; the caller
commits those to the ledger after the records are on disk.

Every article ends with exactly one outcome: its record, or an error record under
``processed/_errors/``. Nothing one file can do (bad bytes, an extractor crash, a
record that cannot be serialised, a failed write) escapes this module.
"""

from __future__ import annotations

import errno
import os
import resource
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.ingest import RawArticle, ReadError, read_file
from pipeline.nlp import load_nlp
from pipeline.record import extract_records
from pipeline.record.extract import Prefetched
from pipeline.settings import max_chars, model_name
from pipeline.store import (ERROR, OK, RETRY, TMP_DIR, UNWRITTEN, FileTask, dump_record, error_payload, error_rel,
                            fsync_dirs, output_rel, remove_stale, write_atomic)

#: read errors that say nothing about the content: the file is tried again on the next run
TRANSIENT_READ_ERRORS = {"vanished", "changing", "unreadable"}
#: characters of text per spaCy call: many long chunks in one ``nlp.pipe`` batch multiply
#: memory (a 2 MB article in one batch peaked at 6.3 GB RSS, alone and one chunk at a time 0.6 GB)
GROUP_CHARS = 200_000


@dataclass
class FileOutcome:
    """What became of one raw file (plain data: it travels back from worker processes).

    ``status``: ``ok`` (every article got a record), ``error`` (some got an error record),
    ``retry`` (a failure that is not the content's fault: vanished, changing, unreadable
    file, failed write), ``unwritten`` (not even an error record could be written: not to be
    committed). ``sha256``/``size``/``mtime_ns``: of the bytes actually read. ``outputs``:
    paths relative to processed/. ``timings``: article key -> seconds (the batch's spaCy
    time shared by text length). ``worker``: which process ran the batch (see :func:`run_batch`).
    ``languages``: records written per article language (``en``, ``fr``, ``und``...).
    """

    rel_path: str
    size: int
    mtime_ns: int
    sha256: str
    status: str = OK
    outputs: list = field(default_factory=list)
    articles: int = 0
    errors: int = 0
    error_messages: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    seconds: float = 0.0
    worker: Optional[dict] = None
    languages: dict = field(default_factory=dict)


@dataclass
class _Batch:
    """Where one batch writes, and the folders it changed (fsynced before the ledger commit)."""

    out_root: Path
    model: str
    written: set = field(default_factory=set)

    @property
    def tmp_dir(self) -> Path:
        return self.out_root / TMP_DIR


def extraction_groups(articles: list[RawArticle], limit: int = GROUP_CHARS) -> list[list[int]]:
    """Indexes of ``articles`` in groups of at most ``limit`` characters (an article longer
    than that is a group of its own), in order."""
    groups, cur, size = [], [], 0
    for i, a in enumerate(articles):
        n = len(a.text)
        if cur and size + n > limit:
            groups.append(cur)
            cur, size = [], 0
        cur.append(i)
        size += n
    if cur:
        groups.append(cur)
    return groups


def _extract_isolated(articles: list[RawArticle], nlp, model: Optional[str],
                      prefetched: Optional[Prefetched]) -> list:
    """``extract_records`` over the batch, in groups of bounded size (memory); if a group as a
    whole raises (an exception inside spaCy's pipe, which extract_records cannot pin on one
    article), redo it one article at a time so only the article that crashes gets an error."""
    out: list = [None] * len(articles)
    for group in extraction_groups(articles):
        arts = [articles[i] for i in group]
        big = len(arts) == 1 and len(arts[0].text) > GROUP_CHARS // 2
        try:
            recs = extract_records(arts, nlp, batch_size=1 if big else 32, model=model, prefetched=prefetched)
        except Exception:
            recs = []
            for art in arts:
                try:
                    recs.extend(extract_records([art], nlp, batch_size=1, model=model))
                except Exception as exc:
                    recs.append(exc)
        for i, rec in zip(group, recs):
            out[i] = rec
    return out


def process_files(tasks: list[FileTask], processed: str, model: Optional[str] = None,
                  prefetched: Optional[Prefetched] = None) -> list[FileOutcome]:
    """Read, extract and write the records of ``tasks``; one :class:`FileOutcome` per task, in order.

    ``prefetched``: records computed ahead for some of these articles (a worker's prefetch).
    """
    b = _Batch(Path(processed), model_name(model))
    t0 = time.perf_counter()
    nlp = load_nlp(model)
    outcomes = [FileOutcome(t.rel_path, t.size, t.mtime_ns, t.sha256) for t in tasks]
    articles, owner = _read_all(b, tasks, outcomes)
    t_read = time.perf_counter()
    records = _extract_isolated(articles, nlp, model, prefetched) if articles else []
    t_nlp = time.perf_counter() - t_read
    total_chars = sum(len(a.text) for a in articles) or 1
    for art, fi, rec in zip(articles, owner, records):
        outcomes[fi].timings[art.key] = round(t_nlp * len(art.text) / total_chars, 4)
        _write_record(b, outcomes[fi], tasks[fi], art, rec)
    _settle_outputs(b, tasks, outcomes)
    fsync_dirs(b.written)  # the renames are durable before the caller commits the ledger
    for oc in outcomes:
        oc.seconds = round(time.perf_counter() - t0, 3)
    return outcomes


def _read_all(b: _Batch, tasks: list[FileTask], outcomes: list[FileOutcome]) -> tuple[list[RawArticle], list[int]]:
    """The articles of every task (and the index of the task each came from); read errors and
    over-long articles get their error records here."""
    articles: list[RawArticle] = []
    owner: list[int] = []
    for fi, (t, oc) in enumerate(zip(tasks, outcomes)):
        try:
            items, st, oc.sha256 = read_file(Path(t.abs_path), t.rel_path)
        except ReadError as err:
            if err.error_type == "vanished":
                oc.size, oc.sha256 = -1, ""  # whatever comes back under this name is processed
            elif err.sha256:
                oc.sha256 = err.sha256
            _fail(b, oc, err.error_type, err.message, None, retry=err.error_type in TRANSIENT_READ_ERRORS)
            continue
        except Exception as exc:  # a reader bug must cost one file, not the run
            _fail(b, oc, type(exc).__name__, str(exc), None)
            continue
        oc.size, oc.mtime_ns = st.st_size, st.st_mtime_ns  # what was read, if it changed since discovery
        for it in items:
            if isinstance(it, ReadError):
                _fail(b, oc, it.error_type, it.message, it.line)
            elif len(it.text) > max_chars():
                _fail(b, oc, "too_large",
                      f"article text has {len(it.text):,} characters, over the limit of {max_chars():,} "
                      "(about a minute of CPU per million; raise $NEWS_PIPELINE_MAX_CHARS to process it)", it.line)
            else:
                articles.append(it)
                owner.append(fi)
    return articles, owner


def _write_record(b: _Batch, oc: FileOutcome, t: FileTask, art: RawArticle, rec) -> None:
    """Write one article's record (or its error record, if extraction or writing failed)."""
    if isinstance(rec, Exception):
        _fail(b, oc, type(rec).__name__, f"extraction failed: {rec}", art.line)
        return
    rel = output_rel(t.rel_path, art.line, t.keep_ext)
    try:
        data = dump_record(rec)
    except Exception as exc:  # e.g. text pydantic cannot encode
        _fail(b, oc, "serialization_failed", f"cannot serialise the record: {exc}", art.line)
        return
    try:
        write_atomic(b.out_root / rel, data, b.tmp_dir)
    except OSError as exc:
        _fail(b, oc, "write_failed", f"cannot write {rel}: {_oserror(exc)}", art.line, retry=True)
        return
    b.written.add((b.out_root / rel).parent)
    oc.outputs.append(rel)
    oc.articles += 1
    oc.languages[art.language] = oc.languages.get(art.language, 0) + 1


def _settle_outputs(b: _Batch, tasks: list[FileTask], outcomes: list[FileOutcome]) -> None:
    """Old outputs a file no longer produces are deleted; a file to retry keeps its last good ones."""
    for oc, t in zip(outcomes, tasks):
        if oc.status == RETRY:  # keep the last good outputs until the file can be processed again
            oc.outputs += [o for o in t.old_outputs if o not in oc.outputs]
        elif oc.status != UNWRITTEN:
            remove_stale(b.out_root, t.old_outputs, oc.outputs, t.rel_path)


def run_batch(tasks: list[FileTask], processed: str, model: Optional[str] = None,
              prefetched: Optional[Prefetched] = None) -> list[FileOutcome]:
    """:func:`process_files`, plus, in every outcome, which process ran the batch, its peak
    RSS so far and when the batch ran (``worker``) for the run summary. What a flow's task
    runs, here or on a Dask worker (this module imports no Prefect)."""
    started = time.time()
    outcomes = process_files(tasks, processed, model, prefetched)
    me = worker_info()
    me["busy"] = (started, time.time())
    if prefetched is not None:  # records this process extracted while Prefect started, and used
        me["prefetched"], me["prefetch_used"] = prefetched.articles, prefetched.taken
    for oc in outcomes:
        oc.worker = me
    return outcomes


def worker_info() -> dict:
    """Which process ran a batch, and its peak RSS so far (the run summary keeps the maximum)."""
    return {"id": f"{socket.gethostname()}:{os.getpid()}",
            "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _oserror(exc: OSError) -> str:
    """'No space left on device' rather than '[Errno 28] No space left on device: /long/tmp/path'."""
    if exc.errno == errno.ENOSPC:
        return "no space left on device (disk full)"
    return exc.strerror or str(exc)


def _fail(b: _Batch, oc: FileOutcome, etype: str, message: str, line: Optional[int], retry: bool = False) -> None:
    """Write an error record for one article (or the whole file) and mark the outcome."""
    rel = error_rel(oc.rel_path, line)
    if oc.status != UNWRITTEN:
        oc.status = RETRY if retry or oc.status == RETRY else ERROR
    oc.errors += 1
    oc.error_messages.append(f"{oc.rel_path}{'#' + str(line) if line else ''}: {etype}: {message}")
    try:
        write_atomic(b.out_root / rel, error_payload(oc.rel_path, etype, message, oc.sha256 or None, line, b.model),
                     b.tmp_dir)
        b.written.add((b.out_root / rel).parent)
        oc.outputs.append(rel)
    except OSError as exc:  # not even the error record could be written: the ledger will not mark it done
        oc.status = UNWRITTEN
        oc.error_messages.append(f"{oc.rel_path}: cannot write the error record either: {_oserror(exc)}")
