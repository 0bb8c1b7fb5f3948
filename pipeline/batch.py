"""Process one batch of raw files end to end: read, extract, validate, write. No Prefect here.

Runs in whatever process executes the batch (the flow's own process, a pool worker
or a Dask worker): the spaCy model is loaded once per process by
:func:`pipeline.nlp.load_nlp`. Returns one small outcome dict per file; the caller
commits those to the ledger after the records are on disk.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

from pipeline.extract import extract_records
from pipeline.nlp import load_nlp, model_name
from pipeline.readers import RawArticle, ReadError, read_path
from pipeline.store import FileTask, error_payload, error_rel, output_rel, remove_stale, write_atomic


def _dump(record) -> bytes:
    return record.model_dump_json(indent=2).encode("utf-8") + b"\n"


def process_files(tasks: list[FileTask], processed: str, model: Optional[str] = None) -> list[dict]:
    """Read, extract and write the records of ``tasks``; one outcome dict per task, in order.

    Outcome keys: ``rel_path``, ``size``, ``mtime_ns``, ``sha256``, ``status`` ("ok" when
    every article of the file got a record, else "error"), ``outputs`` (paths relative to
    processed/), ``articles``, ``errors`` (count), ``error_messages`` and ``timings``
    (article key -> seconds, the batch's spaCy time shared by text length).
    """
    out_root = Path(processed)
    name = model_name(model)
    t0 = time.perf_counter()
    nlp = load_nlp(model)
    outcomes = []
    articles: list[RawArticle] = []
    owner: list[int] = []
    for fi, t in enumerate(tasks):
        oc = {"rel_path": t.rel_path, "size": t.size, "mtime_ns": t.mtime_ns, "sha256": t.sha256, "status": "ok",
              "outputs": [], "articles": 0, "errors": 0, "error_messages": [], "timings": {}}
        outcomes.append(oc)
        try:
            items = read_path(Path(t.abs_path), t.rel_path)
        except ReadError as err:
            _fail(out_root, oc, t, err.error_type, err.message, None, name)
            continue
        except Exception as exc:  # a reader bug must cost one file, not the run
            _fail(out_root, oc, t, type(exc).__name__, str(exc), None, name)
            continue
        for it in items:
            if isinstance(it, ReadError):
                _fail(out_root, oc, t, it.error_type, it.message, it.line, name)
                continue
            oc["sha256"] = it.file_sha256  # what was actually read, if it changed since discovery
            articles.append(it)
            owner.append(fi)
    t_read = time.perf_counter()
    records = extract_records(articles, nlp, model=model) if articles else []
    t_nlp = time.perf_counter() - t_read
    total_chars = sum(len(a.text) for a in articles) or 1
    for art, fi, rec in zip(articles, owner, records):
        oc, t = outcomes[fi], tasks[fi]
        oc["timings"][art.key] = round(t_nlp * len(art.text) / total_chars, 4)
        if isinstance(rec, Exception):
            _fail(out_root, oc, t, type(rec).__name__, str(rec), art.line, name)
            continue
        rel = output_rel(t.rel_path, art.line, t.keep_ext)
        try:
            write_atomic(out_root / rel, _dump(rec))
        except OSError as exc:
            _fail(out_root, oc, t, "write_failed", f"cannot write {rel}: {exc}", art.line, name)
            continue
        oc["outputs"].append(rel)
        oc["articles"] += 1
    for oc, t in zip(outcomes, tasks):
        if oc["status"] == "ok" or oc["outputs"]:
            remove_stale(out_root, t.old_outputs, oc["outputs"])
    for oc in outcomes:
        oc["seconds"] = round(time.perf_counter() - t0, 3)
    return outcomes


def _fail(out_root: Path, oc: dict, t: FileTask, etype: str, message: str, line: Optional[int], model: str) -> None:
    rel = error_rel(t.rel_path, line)
    oc["status"] = "error"
    oc["errors"] += 1
    oc["error_messages"].append(f"{t.rel_path}{'#' + str(line) if line else ''}: {etype}: {message}")
    try:
        write_atomic(out_root / rel, error_payload(t.rel_path, etype, message, t.sha256, line, model))
        oc["outputs"].append(rel)
    except OSError as exc:  # not even the error record could be written: the ledger will not mark it done
        oc["status"] = "unwritten"
        oc["error_messages"].append(f"{t.rel_path}: cannot write error record: {exc}")
