"""Prefect orchestration: the ``ingest`` flow and its one task. Thin on purpose.

discover new/changed files (ledger) -> ``extract_batch`` tasks (one per batch of
files; spaCy loaded once per process) -> ledger commits as batches finish -> a run
summary table artifact. All the work lives in plain functions
(:mod:`pipeline.store`, :mod:`pipeline.batch`), so ``extract_batch.fn`` and the
functions it calls run without any server.
"""

from __future__ import annotations

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

from pipeline.batch import process_files  # noqa: E402
from pipeline.nlp import model_name  # noqa: E402
from pipeline.store import FileTask, Ledger, RunLocked, clean_tmp, discover, run_lock  # noqa: E402

SUMMARY_KEY = "ingest-summary"


@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(tasks: list[FileTask], processed: str, model: Optional[str] = None) -> list[dict]:
    """Read, extract and write one batch of raw files (see :func:`pipeline.batch.process_files`)."""
    return process_files(tasks, processed, model)


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
    _publish(summary)
    logger.info("ingest done: %(files)s files, %(articles)s records, %(failed)s failed, %(unchanged)s unchanged", summary)
    return summary


def _run_locked(raw_p, out_p, workers, batch_size, reprocess, retry_failed, model, dask_address, progress,
                logger) -> dict:
    ledger = Ledger(out_p)
    try:
        clean_tmp(out_p)  # temp files of a run that was killed
        plan = discover(raw_p, ledger, reprocess=reprocess, retry_failed=retry_failed)
        batches = _batches(plan.pending, max(1, batch_size))
        logger.info("%d files to process in %d batches; %d unchanged; %d skipped",
                    len(plan.pending), len(batches), plan.unchanged + plan.unchanged_failed, len(plan.skipped))
        summary = {"status": "ok", "model": model_name(model), "files": 0, "articles": 0, "failed": 0,
                   "failed_files": 0, "retry_next_run": 0,
                   "unchanged": plan.unchanged, "unchanged_failed": plan.unchanged_failed,
                   "skipped": [f"{p}: {why}" for p, why in plan.skipped], "errors": [], "slowest": []}
        timings: dict[str, float] = {}
        started = time.perf_counter()
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
            if progress:
                _progress(done, len(batches), summary["articles"], summary["failed"], started)
        summary["slowest"] = [{"article": k, "seconds": v}
                              for k, v in sorted(timings.items(), key=lambda kv: -kv[1])[:5]]
        return summary
    finally:
        ledger.close()


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

    One worker and no Dask address: batches run one after another as task runs in the
    flow's own process (the model loads once). Otherwise a ``DaskTaskRunner`` runs
    them: on the cluster at ``dask_address``, or on a local cluster of ``workers``
    single-threaded processes; each Dask worker process loads the model once.
    """
    if not batches:
        return
    if workers <= 1 and not dask_address:
        for b in batches:
            yield extract_batch(b, processed, model)
        return
    from prefect_dask import DaskTaskRunner

    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    with runner:
        futures = [runner.submit(extract_batch, {"tasks": b, "processed": processed, "model": model})
                   for b in batches]
        for fut in futures:
            yield fut.result()
