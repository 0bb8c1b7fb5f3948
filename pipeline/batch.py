"""Process one batch of raw files end to end: read, extract, validate, write. No Prefect here.

Runs in whatever process executes the batch (the flow's own process, a pool worker
or a Dask worker): the spaCy model is loaded once per process by
:func:`pipeline.nlp.load_nlp`. Returns one small outcome dict per file; the caller
commits those to the ledger after the records are on disk.

Every article ends with exactly one outcome: its record, or an error record under
``processed/_errors/``. Nothing one file can do (bad bytes, an extractor crash, a
record that cannot be serialised, a failed write) escapes this function.
"""

from __future__ import annotations

import errno
import os
import resource
import socket
import time
from pathlib import Path
from typing import Optional

from pipeline import extract
from pipeline.extract import extract_records
from pipeline.nlp import load_nlp, model_name
from pipeline.readers import RawArticle, ReadError, read_file
from pipeline.store import (ERROR, OK, RETRY, TMP_DIR, FileTask, error_payload, error_rel, fsync_dirs, output_rel,
                            remove_stale, write_atomic)

#: read errors that say nothing about the content: the file is tried again on the next run
TRANSIENT_READ_ERRORS = {"vanished", "changing", "unreadable"}
#: characters of text per spaCy call: many long chunks in one ``nlp.pipe`` batch multiply
#: memory (a 2 MB article in one batch peaked at 6.3 GB RSS, alone and one chunk at a time 0.6 GB)
GROUP_CHARS = 200_000
#: longest article text processed (about 1 minute of CPU per MB); longer ones get a
#: ``too_large`` error record. Override with $NEWS_PIPELINE_MAX_CHARS.
MAX_CHARS = 5_000_000


def max_chars() -> int:
    try:
        return int(os.environ.get("NEWS_PIPELINE_MAX_CHARS", MAX_CHARS))
    except ValueError:
        return MAX_CHARS


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


def _dump(record) -> bytes:
    return record.model_dump_json(indent=2).encode("utf-8") + b"\n"


def _extract_isolated(articles: list[RawArticle], nlp, model: Optional[str]) -> list:
    """``extract_records`` over the batch, in groups of bounded size (memory); if a group as a
    whole raises (an exception inside spaCy's pipe, which extract_records cannot pin on one
    article), redo it one article at a time so only the article that crashes gets an error."""
    out: list = [None] * len(articles)
    for group in extraction_groups(articles):
        arts = [articles[i] for i in group]
        big = len(arts) == 1 and len(arts[0].text) > GROUP_CHARS // 2
        try:
            recs = extract_records(arts, nlp, batch_size=1 if big else 32, model=model)
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


def process_files(tasks: list[FileTask], processed: str, model: Optional[str] = None) -> list[dict]:
    """Read, extract and write the records of ``tasks``; one outcome dict per task, in order.

    Outcome keys: ``rel_path``, ``size``, ``mtime_ns``, ``sha256`` (of the bytes actually
    read), ``status`` ("ok" when every article of the file got a record; "error" when some
    got an error record; "retry" when the failure was not the content's fault: vanished,
    changing, unreadable file, failed write; "unwritten" when not even an error record could
    be written: not to be committed), ``outputs`` (paths relative to processed/),
    ``articles``, ``errors`` (count), ``error_messages`` and ``timings`` (article key ->
    seconds, the batch's spaCy time shared by text length).
    """
    out_root = Path(processed)
    tmp_dir = out_root / TMP_DIR
    name = model_name(model)
    t0 = time.perf_counter()
    nlp = load_nlp(model)
    outcomes = []
    articles: list[RawArticle] = []
    owner: list[int] = []
    written: set[Path] = set()
    for fi, t in enumerate(tasks):
        oc = {"rel_path": t.rel_path, "size": t.size, "mtime_ns": t.mtime_ns, "sha256": t.sha256, "status": OK,
              "outputs": [], "articles": 0, "errors": 0, "error_messages": [], "timings": {}}
        outcomes.append(oc)
        try:
            items, st, oc["sha256"] = read_file(Path(t.abs_path), t.rel_path)
        except ReadError as err:
            if err.error_type == "vanished":
                oc["size"], oc["sha256"] = -1, ""  # whatever comes back under this name is processed
            elif err.sha256:
                oc["sha256"] = err.sha256
            _fail(out_root, oc, t, err.error_type, err.message, None, name, written,
                  retry=err.error_type in TRANSIENT_READ_ERRORS)
            continue
        except Exception as exc:  # a reader bug must cost one file, not the run
            _fail(out_root, oc, t, type(exc).__name__, str(exc), None, name, written)
            continue
        oc["size"], oc["mtime_ns"] = st.st_size, st.st_mtime_ns  # what was read, if it changed since discovery
        for it in items:
            if isinstance(it, ReadError):
                _fail(out_root, oc, t, it.error_type, it.message, it.line, name, written)
                continue
            if len(it.text) > max_chars():
                _fail(out_root, oc, t, "too_large",
                      f"article text has {len(it.text):,} characters, over the limit of {max_chars():,} "
                      "(about a minute of CPU per million; raise $NEWS_PIPELINE_MAX_CHARS to process it)",
                      it.line, name, written)
                continue
            articles.append(it)
            owner.append(fi)
    t_read = time.perf_counter()
    records = _extract_isolated(articles, nlp, model) if articles else []
    t_nlp = time.perf_counter() - t_read
    total_chars = sum(len(a.text) for a in articles) or 1
    for art, fi, rec in zip(articles, owner, records):
        oc, t = outcomes[fi], tasks[fi]
        oc["timings"][art.key] = round(t_nlp * len(art.text) / total_chars, 4)
        if isinstance(rec, Exception):
            _fail(out_root, oc, t, type(rec).__name__, f"extraction failed: {rec}", art.line, name, written)
            continue
        rel = output_rel(t.rel_path, art.line, t.keep_ext)
        try:
            data = _dump(rec)
        except Exception as exc:  # e.g. text pydantic cannot encode
            _fail(out_root, oc, t, "serialization_failed", f"cannot serialise the record: {exc}", art.line, name,
                  written)
            continue
        try:
            write_atomic(out_root / rel, data, tmp_dir)
        except OSError as exc:
            _fail(out_root, oc, t, "write_failed", f"cannot write {rel}: {_oserror(exc)}", art.line, name, written,
                  retry=True)
            continue
        written.add((out_root / rel).parent)
        oc["outputs"].append(rel)
        oc["articles"] += 1
    for oc, t in zip(outcomes, tasks):
        if oc["status"] == RETRY:  # keep the last good outputs until the file can be processed again
            oc["outputs"] += [o for o in t.old_outputs if o not in oc["outputs"]]
        elif oc["status"] != "unwritten":
            remove_stale(out_root, t.old_outputs, oc["outputs"], t.rel_path)
    fsync_dirs(written)  # the renames are durable before the caller commits the ledger
    for oc in outcomes:
        oc["seconds"] = round(time.perf_counter() - t0, 3)
    return outcomes


def run_batch(tasks: list[FileTask], processed: str, model: Optional[str] = None) -> list[dict]:
    """:func:`process_files`, plus, in every outcome, which process ran the batch, its peak
    RSS so far and when the batch ran (``worker``) for the run summary. What a flow's task
    runs, here or on a Dask worker (this module imports no Prefect)."""
    started = time.time()
    outcomes = process_files(tasks, processed, model)
    me = worker_info()
    me["busy"] = (started, time.time())
    if extract._PREFETCH is not None:  # records this process extracted while Prefect started, and used
        me["prefetched"], me["prefetch_used"] = extract._PREFETCH.articles, extract._PREFETCH.taken
    for oc in outcomes:
        oc["worker"] = me
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


def _fail(out_root: Path, oc: dict, t: FileTask, etype: str, message: str, line: Optional[int], model: str,
          written: set, retry: bool = False) -> None:
    rel = error_rel(t.rel_path, line)
    if oc["status"] != "unwritten":
        oc["status"] = RETRY if retry or oc["status"] == RETRY else ERROR
    oc["errors"] += 1
    oc["error_messages"].append(f"{t.rel_path}{'#' + str(line) if line else ''}: {etype}: {message}")
    try:
        write_atomic(out_root / rel, error_payload(t.rel_path, etype, message, oc["sha256"] or None, line, model),
                     out_root / TMP_DIR)
        written.add((out_root / rel).parent)
        oc["outputs"].append(rel)
    except OSError as exc:  # not even the error record could be written: the ledger will not mark it done
        oc["status"] = "unwritten"
        oc["error_messages"].append(f"{t.rel_path}: cannot write the error record either: {_oserror(exc)}")
