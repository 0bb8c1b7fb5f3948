"""Prefect orchestration: the ``ingest`` flow and its one task. Thin on purpose.

discover new/changed files (ledger) -> ``extract-batch`` task runs (one per batch of
files) -> ledger commits as batches finish -> a run summary table artifact. The work
lives in plain functions (:mod:`pipeline.store`, :func:`pipeline.batch.run_batch`), so
``extract_batch.fn`` and the functions it calls run without any server.

Where a batch runs is passed down, never held in a module global: the flow picks an
executor (the caller's local worker processes from :func:`use_local_worker`, a Dask
cluster, or none: this process) and hands each task run its ``submit``. On Dask, the task
runs stay in the flow's process (threads) and each hands its batch to the cluster as a
plain function (:func:`pipeline.batch.run_batch`, a module that imports no Prefect).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import sys
import time
from pathlib import Path
from typing import Callable, Optional

from pipeline.orchestration.settings import prefect_env

prefect_env()

from prefect import flow, get_run_logger, task  # noqa: E402  (after the environment defaults)
from prefect.artifacts import create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from pipeline.settings import model_name  # noqa: E402
from pipeline.store import (MAX_TASK_RUNS, UNWRITTEN, Ledger, RunLocked, clean_tmp, discover,  # noqa: E402
                            forget_deleted, run_batch_size, run_lock)
from pipeline.store.index_run import RunIndex  # noqa: E402
from pipeline.orchestration.report import publish_report, run_id  # noqa: E402

SUMMARY_KEY = "ingest-summary"

#: ``submit(tasks, processed, model) -> Future``: where a task run sends its batch (None: run it here)
Submit = Optional[Callable]

#: the local worker processes of the ``run`` command (set by :func:`use_local_worker` for the
#: flow runs inside its block; a context variable, so it is scoped to that block and thread)
_LOCAL_WORKER: contextvars.ContextVar = contextvars.ContextVar("news_pipeline_local_worker", default=None)


@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(tasks: list, processed: str, model: Optional[str] = None, submit: Submit = None) -> list:
    """Read, extract and write one batch of raw files (:func:`pipeline.batch.run_batch`): in this
    process, or through ``submit`` in a worker process (a local worker, a Dask cluster); the task
    run waits for it."""
    if submit is None:
        from pipeline.batch import run_batch  # spaCy loads here only when batches run in this process

        return run_batch(tasks, processed, model)
    return submit(tasks, processed, model).result()


@contextlib.contextmanager
def use_local_worker(worker):
    """Flow runs in this block without a Dask address send their batches to ``worker`` (a
    :class:`pipeline.orchestration.worker.LocalWorker`: one or more processes) instead of running
    them in this process or starting a local Dask cluster."""
    token = _LOCAL_WORKER.set(worker)
    try:
        yield
    finally:
        _LOCAL_WORKER.reset(token)


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
    run = _Run(raw_p, out_p, workers, batch_size, reprocess, retry_failed, model, dask_address, progress)
    try:
        with run_lock(out_p, wait=wait):
            summary = run.execute(logger)
            summary["report"] = publish_report(out_p, run.run_id, summary, logger)  # the analyst's desk
    except RunLocked as exc:
        logger.warning(str(exc))
        return {"status": "locked", "message": str(exc)}
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary.update(_flow_run_ids())
    summary["clock"] = {"flow_start": flow_start, **summary.get("clock", {}), "flow_end": time.time()}
    _publish(summary)
    logger.info("ingest done: %(files)s files, %(articles)s records, %(failed)s failed, %(unchanged)s unchanged", summary)
    return summary


class _Run:
    """One flow run's settings and its pass over the batches (under the run lock)."""

    def __init__(self, raw: Path, out: Path, workers: int, batch_size: int, reprocess: bool, retry_failed: bool,
                 model: Optional[str], dask_address: Optional[str], progress: bool):
        self.raw, self.out, self.workers, self.batch_size = raw, out, workers, batch_size
        self.reprocess, self.retry_failed, self.model = reprocess, retry_failed, model
        self.dask_address, self.progress = dask_address, progress
        self.run_id = run_id()

    def execute(self, logger) -> dict:
        ledger = Ledger(self.out)
        try:
            clean_tmp(self.out)  # temp files of a run that was killed
            plan = discover(self.raw, ledger, reprocess=self.reprocess, retry_failed=self.retry_failed)
            removed = forget_deleted(self.out, ledger, plan.gone)  # raw files deleted: their records go too
            size = run_batch_size(len(plan.pending), self.batch_size)
            if size > self.batch_size:
                logger.info("batch size raised from %d to %d files to keep the run at %d task runs or fewer",
                            self.batch_size, size, MAX_TASK_RUNS)
            batches = [plan.pending[i:i + size] for i in range(0, len(plan.pending), size)]
            logger.info("%d files to process in %d batches; %d unchanged; %d skipped", len(plan.pending),
                        len(batches), plan.unchanged + plan.unchanged_failed, len(plan.skipped))
            summary = _new_summary(plan, model_name(self.model))
            summary["removed"] = removed
            started = time.perf_counter()
            summary["clock"] = {"batches_start": time.time()}
            index = RunIndex(self.out, self.run_id)
            for done, (batch, outcomes) in enumerate(zip(batches, self.outcomes(batches)), start=1):
                index.batch_done(batch, outcomes)  # before the ledger commit: a crash between costs re-work
                _commit(ledger, summary, outcomes)
                if self.progress:
                    _progress(done, len(batches), summary, started)
            summary["clock"]["batches_end"] = time.time()
            summary["slowest"] = [{"article": k, "seconds": v} for k, v in
                                  sorted(summary.pop("timings").items(), key=lambda kv: -kv[1])[:5]]
            summary["index"] = index.finish({o for row in ledger.all().values() for o in row["outputs"]}, summary)
            return summary
        finally:
            ledger.close()

    def outcomes(self, batches: list):
        """Outcomes of every batch, in order, as each completes.

        With the caller's local worker processes (what ``run`` does) and no Dask address: each
        batch goes to the worker process that prefetched it, two in flight per process. Else,
        one worker and no Dask address: batches run as task runs in the flow's own process, one
        after another (the model loads once). Otherwise Prefect's ``DaskTaskRunner`` connects
        to the cluster at ``dask_address`` or starts a local cluster of ``workers``
        single-threaded processes (each loads the model as it starts), and the task runs, in a
        thread pool of this process, each send their batch to the cluster. Two batches per
        worker thread are in flight, so no worker waits for work.
        """
        if not batches:
            return
        local = _LOCAL_WORKER.get()
        if local is not None and not self.dask_address:
            local.assign(batches)  # each batch to the worker process that prefetched it
            yield from _submit_all(batches, str(self.out), self.model, local.submit, 2 * local.workers)
        elif self.workers <= 1 and not self.dask_address:
            for b in batches:
                yield extract_batch(b, str(self.out), self.model)
        else:
            yield from self._on_dask(batches)

    def _on_dask(self, batches: list):
        import dask
        from prefect_dask import DaskTaskRunner

        from pipeline.batch import run_batch
        from pipeline.orchestration.dask import DASK_CONFIG

        if self.dask_address:
            runner = DaskTaskRunner(address=self.dask_address)
        else:
            kwargs = {"n_workers": self.workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
            if model_name(self.model) == model_name():  # the preload loads the model the environment names
                kwargs["preload"] = ["pipeline.orchestration.dask"]
            runner = DaskTaskRunner(cluster_kwargs=kwargs)
        with runner:
            with dask.config.set(DASK_CONFIG):
                client = runner.client  # connects, or starts the local cluster
            threads = sum(client.nthreads().values()) or max(1, self.workers)
            submit = functools.partial(client.submit, run_batch, pure=False)
            yield from _submit_all(batches, str(self.out), self.model, submit, min(64, 2 * threads))


def _new_summary(plan, model: str) -> dict:
    return {"status": "ok", "model": model, "flow_pid": os.getpid(), "files": 0, "articles": 0,
            "failed": 0, "failed_files": 0, "retry_next_run": 0, "unchanged": plan.unchanged,
            "unchanged_failed": plan.unchanged_failed, "skipped": [f"{p}: {why}" for p, why in plan.skipped],
            "errors": [], "slowest": [], "workers": {}, "timings": {}, "languages": {}}


def _commit(ledger: Ledger, summary: dict, outcomes: list) -> None:
    """Commit one batch's outcomes to the ledger (records are on disk) and count them."""
    for oc in outcomes:
        if oc.status != UNWRITTEN:
            ledger.commit_file(oc.rel_path, oc.size, oc.mtime_ns, oc.sha256, oc.status, oc.outputs, oc.articles,
                               oc.errors)
        summary["files"] += 1
        summary["articles"] += oc.articles
        summary["failed"] += oc.errors
        summary["failed_files"] += oc.status != "ok"
        summary["retry_next_run"] += oc.status in ("retry", UNWRITTEN)  # not the content's fault
        summary["errors"] += oc.error_messages
        summary["timings"].update(oc.timings)
        for lang, n in getattr(oc, "languages", {}).items():  # articles per identified language
            summary["languages"][lang] = summary["languages"].get(lang, 0) + n
    if outcomes:
        _note_worker(summary["workers"], outcomes[0].worker, sum(oc.articles for oc in outcomes))


def _progress(done: int, total: int, summary: dict, started: float) -> None:
    """One progress line; the rate counts only the articles computed since the batches started
    (records the worker processes prefetched during start-up are counted, not timed)."""
    articles, failed = summary["articles"], summary["failed"]
    prefetched = sum(w.get("prefetch_used", 0) for w in summary["workers"].values())
    rate = max(articles + failed - prefetched, 0) / max(time.perf_counter() - started, 1e-9)
    pre = f" ({prefetched} prefetched)" if prefetched else ""
    line = f"  batches {done}/{total}  articles {articles}{pre}  failed {failed}  {rate:.1f} articles/s"
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    print(line, end=end, file=sys.stderr, flush=True)


def _note_worker(workers: dict, info: Optional[dict], articles: int) -> None:
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


def _flow_run_ids() -> dict:
    """This flow run's id and name (where the UI shows it)."""
    from prefect.runtime import flow_run

    return {"flow_run_id": flow_run.id, "flow_run_name": flow_run.name}


#: failed articles named in the summary artifact (the rest: processed/_errors/)
ARTIFACT_ERRORS = 50


def _publish(summary: dict) -> None:
    """The summary as the table artifact ``ingest-summary``: counts, the slowest articles, and
    every failed article with its error (the first :data:`ARTIFACT_ERRORS`)."""
    errors = summary["errors"]
    table = [
        {"metric": "records written", "value": summary["articles"]},
        {"metric": "files processed", "value": summary["files"]},
        {"metric": "articles failed (error records)", "value": summary["failed"]},
        {"metric": "files unchanged", "value": summary["unchanged"]},
        {"metric": "files unchanged, failed earlier", "value": summary["unchanged_failed"]},
        {"metric": "files skipped", "value": len(summary["skipped"])},
        {"metric": "records removed (raw file deleted)", "value": summary.get("removed", 0)},
        {"metric": "seconds", "value": summary["seconds"]},
    ] + [{"metric": f"slowest: {s['article']}", "value": s["seconds"]} for s in summary["slowest"]] + [
        {"metric": f"articles in language {lang}", "value": n} for lang, n in sorted(summary.get("languages", {}).items())]
    for line in errors[:ARTIFACT_ERRORS]:  # "raw/path[#line]: error_type: message"
        article, _, error = line.partition(": ")
        table.append({"metric": f"failed: {article}", "value": error})
    if len(errors) > ARTIFACT_ERRORS:
        table.append({"metric": f"failed: {len(errors) - ARTIFACT_ERRORS} more", "value": "see processed/_errors/"})
    create_table_artifact(table=table, key=SUMMARY_KEY, description="news-pipeline ingestion run summary")


def _submit_all(batches: list, processed: str, model: Optional[str], submit: Callable, in_flight: int):
    """Task runs for every batch, in a thread pool of this process, each handing its batch to
    ``submit``; ``in_flight`` at a time (two per worker, so no worker waits for Prefect's
    bookkeeping between batches). Outcomes in batch order."""
    from prefect.task_runners import ThreadPoolTaskRunner

    with ThreadPoolTaskRunner(max_workers=in_flight) as pool:
        futures = [pool.submit(extract_batch, {"tasks": b, "processed": processed, "model": model, "submit": submit})
                   for b in batches]
        for fut in futures:
            yield fut.result()
