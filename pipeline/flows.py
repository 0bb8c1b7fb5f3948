"""Prefect orchestration: the ``ingest`` flow and its one task. Thin on purpose.

discover new/changed files (ledger) -> ``extract_batch`` tasks (one per batch of
files; spaCy loaded once per process) -> ledger commits as batches finish -> a run
summary table artifact. All the work lives in plain functions
(:mod:`pipeline.store`, :mod:`pipeline.batch`, :func:`pipeline.batch.run_batch`), so
``extract_batch.fn`` and the functions it calls run without any server.

On Dask, the task runs stay in the flow's process (threads) and each hands its batch
to the cluster as a plain function (:func:`pipeline.batch.run_batch`, a module that does not
import Prefect): Dask workers need no route to the Prefect API, start no Prefect server,
and spend no time on Prefect imports or bookkeeping.
"""

from __future__ import annotations

import contextlib
import functools
import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Optional  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from pipeline.batch import run_batch  # noqa: E402
from pipeline.nlp import model_name  # noqa: E402
from pipeline.store import (MAX_TASK_RUNS, FileTask, Ledger, RunLocked, clean_tmp, discover, run_batch_size,  # noqa: E402
                            run_lock)

SUMMARY_KEY = "ingest-summary"

@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(tasks: list[FileTask], processed: str, model: Optional[str] = None) -> list[dict]:
    """Read, extract and write one batch of raw files (:func:`run_batch`): in this process,
    or in a worker process (``run``'s local worker, a Dask cluster); the task run waits for it."""
    submit = _POOL.submit
    if submit is None:
        return run_batch(tasks, processed, model)
    return submit(run_batch, tasks, processed, model).result()


class _BatchPool:
    """Where the running flow's task runs send their batches: ``submit(fn, *args)`` of a Dask
    client or of :class:`pipeline.worker.LocalWorker`; None runs them in this process.
    Set by :func:`_run_batches` for the duration of a flow run."""

    submit = None
    local = None  # LocalWorker processes handed over by the caller (see use_local_worker)


_POOL = _BatchPool()


@contextlib.contextmanager
def use_local_worker(worker):
    """Flow runs in this block without a Dask address send their batches to ``worker`` (a
    :class:`pipeline.worker.LocalWorker`: one or more processes) instead of running them in
    this process or starting a local Dask cluster."""
    _POOL.local = worker
    try:
        yield
    finally:
        _POOL.local = None


def _batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _progress(done: int, total: int, articles: int, failed: int, started: float) -> None:
    rate = articles / max(time.perf_counter() - started, 1e-9)
    line = f"  batches {done}/{total}  articles {articles}  failed {failed}  {rate:.1f} articles/s"
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    print(line, end=end, file=sys.stderr, flush=True)


@flow(name="ingest", persist_result=False, log_prints=False)
def ingest(raw: str = "raw", processed: str = "processed", workers: int = 1, batch_size: int = 32,
           reprocess: bool = False, retry_failed: bool = False, model: Optional[str] = None,
           dask_address: Optional[str] = None, wait: bool = False, progress: bool = False) -> dict:
    """One ingestion pass over ``raw`` into ``processed``; returns the run summary.

    Holds the processed/ run lock for the whole pass: a second run at the same time
    returns ``status: "locked"`` (or waits, with ``wait=True``) instead of racing.
    """
    logger = get_run_logger()
    flow_start = time.time()
    raw_p, out_p = Path(raw).resolve(), Path(processed).resolve()
    if not raw_p.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_p}")
    started = time.perf_counter()
    try:
        with run_lock(out_p, wait=wait):
            summary = _run_locked(raw_p, out_p, workers, batch_size, reprocess, retry_failed, model, dask_address,
                                  progress, logger)
    except RunLocked as exc:
        logger.warning(str(exc))
        return {"status": "locked", "message": str(exc)}
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary["clock"] = {"flow_start": flow_start, **summary.get("clock", {}), "flow_end": time.time()}
    _publish(summary)
    logger.info("ingest done: %(files)s files, %(articles)s records, %(failed)s failed, %(unchanged)s unchanged", summary)
    return summary


def _run_locked(raw_p, out_p, workers, batch_size, reprocess, retry_failed, model, dask_address, progress,
                logger) -> dict:
    ledger = Ledger(out_p)
    try:
        clean_tmp(out_p)  # temp files of a run that was killed
        plan = discover(raw_p, ledger, reprocess=reprocess, retry_failed=retry_failed)
        size = run_batch_size(len(plan.pending), batch_size)
        if size > batch_size:
            logger.info("batch size raised from %d to %d files to keep the run at %d task runs or fewer",
                        batch_size, size, MAX_TASK_RUNS)
        batches = _batches(plan.pending, size)
        logger.info("%d files to process in %d batches; %d unchanged; %d skipped",
                    len(plan.pending), len(batches), plan.unchanged + plan.unchanged_failed, len(plan.skipped))
        summary = {"status": "ok", "model": model_name(model), "flow_pid": os.getpid(), "files": 0, "articles": 0,
                   "failed": 0, "failed_files": 0, "retry_next_run": 0,
                   "unchanged": plan.unchanged, "unchanged_failed": plan.unchanged_failed,
                   "skipped": [f"{p}: {why}" for p, why in plan.skipped], "errors": [], "slowest": [],
                   "workers": {}}
        timings: dict[str, float] = {}
        started = time.perf_counter()
        summary["clock"] = {"batches_start": time.time()}
        for done, outcomes in enumerate(_run_batches(batches, str(out_p), model, workers, dask_address), start=1):
            for oc in outcomes:
                if oc["status"] != "unwritten":
                    ledger.commit_file(oc["rel_path"], oc["size"], oc["mtime_ns"], oc["sha256"], oc["status"],
                                       oc["outputs"], oc["articles"], oc["errors"])
                summary["files"] += 1
                summary["articles"] += oc["articles"]
                summary["failed"] += oc["errors"]
                summary["failed_files"] += oc["status"] != "ok"
                summary["retry_next_run"] += oc["status"] in ("retry", "unwritten")  # not the content's fault
                summary["errors"] += oc["error_messages"]
                timings.update(oc["timings"])
            if outcomes:
                _note_worker(summary["workers"], outcomes[0].get("worker"), sum(oc["articles"] for oc in outcomes))
            if progress:
                _progress(done, len(batches), summary["articles"], summary["failed"], started)
        summary["clock"]["batches_end"] = time.time()
        summary["slowest"] = [{"article": k, "seconds": v}
                              for k, v in sorted(timings.items(), key=lambda kv: -kv[1])[:5]]
        return summary
    finally:
        ledger.close()


def _note_worker(workers: dict, info: dict | None, articles: int) -> None:
    """Per process that ran batches: peak RSS, articles, batches, seconds busy, first start and last end."""
    if not info:
        return
    start, end = info["busy"]
    w = workers.setdefault(info["id"], {"maxrss_mib": 0.0, "articles": 0, "batches": 0, "busy_seconds": 0.0,
                                        "first_start": start, "last_end": end})
    w["maxrss_mib"] = max(w["maxrss_mib"], info["maxrss_mib"])
    w["articles"] += articles
    w["batches"] += 1
    w["busy_seconds"] = round(w["busy_seconds"] + end - start, 2)
    w["first_start"], w["last_end"] = min(w["first_start"], start), max(w["last_end"], end)
    if info.get("prefetched"):  # counts so far: batches may finish out of order
        w["prefetched"] = max(w.get("prefetched", 0), info["prefetched"])
        w["prefetch_used"] = max(w.get("prefetch_used", 0), info.get("prefetch_used", 0))


def _publish(summary: dict) -> None:
    table = [
        {"metric": "records written", "value": summary["articles"]},
        {"metric": "files processed", "value": summary["files"]},
        {"metric": "articles failed (error records)", "value": summary["failed"]},
        {"metric": "files unchanged", "value": summary["unchanged"]},
        {"metric": "files unchanged, failed earlier", "value": summary["unchanged_failed"]},
        {"metric": "files skipped", "value": len(summary["skipped"])},
        {"metric": "seconds", "value": summary["seconds"]},
    ] + [{"metric": f"slowest: {s['article']}", "value": s["seconds"]} for s in summary["slowest"]]
    create_table_artifact(table=table, key=SUMMARY_KEY, description="news-pipeline ingestion run summary")


def _run_batches(batches: list, processed: str, model: Optional[str], workers: int, dask_address: Optional[str]):
    """Outcomes of every batch, in order, as each completes.

    Inside :func:`use_local_worker` (what ``run`` does) and without a Dask address: the
    task runs send each batch to the worker process that prefetched it, two in flight per
    process. Else, one worker and no Dask address: batches run as task runs in the flow's
    own process, one after another (the model loads once). Otherwise Prefect's
    ``DaskTaskRunner`` connects to the cluster at ``dask_address`` or starts a local cluster
    of ``workers`` single-threaded processes (each loads the model as it starts), and the
    task runs, in a thread pool of this process, each send their batch to the cluster as a
    plain function. Two batches per worker thread are in flight, so no worker waits for work.
    """
    if not batches:
        return
    local = _POOL.local
    if local is not None and not dask_address:
        local.assign(batches)  # each batch to the worker process that prefetched it
        yield from _submit_all(batches, processed, model, local.submit, 2 * local.workers)
        return
    if workers <= 1 and not dask_address:
        for b in batches:
            yield extract_batch(b, processed, model)
        return
    from prefect_dask import DaskTaskRunner

    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        kwargs = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        if model_name(model) == model_name():  # the preload loads the model the environment names
            kwargs["preload"] = ["pipeline.nlp"]
        runner = DaskTaskRunner(cluster_kwargs=kwargs)
    import dask

    from pipeline.nlp import DASK_CONFIG

    with runner:
        with dask.config.set(DASK_CONFIG):
            client = runner.client  # connects, or starts the local cluster
        threads = sum(client.nthreads().values()) or max(1, workers)
        yield from _submit_all(batches, processed, model, functools.partial(client.submit, pure=False),
                               min(64, 2 * threads))


def _submit_all(batches: list, processed: str, model: Optional[str], submit, in_flight: int):
    """Task runs for every batch, in a thread pool of this process, each handing its batch to
    ``submit``; ``in_flight`` at a time (two per worker, so no worker waits for Prefect's
    bookkeeping between batches). Outcomes in batch order."""
    from prefect.task_runners import ThreadPoolTaskRunner

    _POOL.submit = submit
    try:
        with ThreadPoolTaskRunner(max_workers=in_flight) as pool:
            futures = [pool.submit(extract_batch, {"tasks": b, "processed": processed, "model": model})
                       for b in batches]
            for fut in futures:
                yield fut.result()
    finally:
        _POOL.submit = None
