"""The ``run`` command's flow run: worker processes and Prefect's temporary server started side by side.

:func:`ingest_with_workers` is what ``news-pipeline run`` calls once it holds the run lock.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path

from pipeline.orchestration.settings import prefect_env
from pipeline.store import candidate_files


def ingest_with_workers(args, raw: Path) -> dict:
    """The flow run of ``run`` (its summary), with start-up work overlapped with Prefect's server start."""
    prefect_env(args.verbose)
    if args.model:
        os.environ["NEWS_PIPELINE_MODEL"] = args.model  # worker processes and local Dask clusters inherit it
    # Start-up in parallel: while Prefect's temporary server starts (seconds, in its own
    # process), start the worker processes (they load the model and prefetch the first records).
    early = _EarlyStart(args, raw)
    early.start()
    print(f"news-pipeline: ingesting {raw} -> {args.processed} (starting Prefect)...", file=sys.stderr)
    try:
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        from pipeline.orchestration.flows import ingest, use_local_worker

        updates, ui_url = _api_settings(PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY)
        worker = early.local_worker()
        with temporary_settings(updates=updates), use_local_worker(worker):
            summary = ingest(raw=str(raw), processed=args.processed, workers=args.workers,
                             batch_size=args.batch_size, reprocess=args.reprocess, retry_failed=args.retry_failed,
                             model=args.model, dask_address=args.dask_address, wait=args.wait, progress=True)
        if ui_url and summary.get("flow_run_id"):
            summary["ui_url"] = f"{ui_url}/runs/flow-run/{summary['flow_run_id']}"
    finally:
        early.close()
    return summary


def _api_settings(api_url_setting, heartbeat_setting) -> tuple[dict, str | None]:
    """Which Prefect API ``run`` reports into, as settings updates, and the UI's address (None: no UI).

    ``PREFECT_API_URL`` in the environment: that server. Else the project's server if one
    is running for this ``PREFECT_HOME`` (``news-pipeline server``/``serve``): the run, its
    logs and its summary artifact stay visible in its UI. Else Prefect's temporary server,
    started here (without importing the server into this process, so that the worker
    processes can start meanwhile) and stopped when the run ends; flow-run heartbeats let a
    server mark runs whose process died, and this one dies with the process, so they are off.
    """
    from pipeline.orchestration.project_server import running

    if os.environ.get("PREFECT_API_URL"):
        return {}, None
    info = running(Path(os.environ["PREFECT_HOME"]))
    if info:
        print(f"news-pipeline: reporting to the project's Prefect server ({info['ui_url']})", file=sys.stderr)
        return {api_url_setting: info["api_url"]}, info["ui_url"]
    from pipeline.orchestration.prefect_server import TemporaryServer

    updates = {heartbeat_setting: None}
    try:
        updates[api_url_setting] = TemporaryServer().start().api_url
    except RuntimeError as exc:  # let the flow start Prefect's own
        print(f"news-pipeline: {exc}; falling back to Prefect's own start-up", file=sys.stderr)
        updates[api_url_setting] = None
    return updates, None


class _EarlyStart:
    """What ``run`` starts in the background while Prefect starts its temporary server.

    Without ``--dask-address``: the worker processes (:class:`pipeline.orchestration.worker.LocalWorker`,
    ``--workers`` of them), which load the model and extract the first new files' records
    into memory, each its own share of the batches; the flow's tasks send each batch to the
    process that prefetched it, which hands over those records (written by the task's
    batch) instead of computing them again. Closed when the run ends. Nothing is started
    when a quick scan finds no new or changed file. Nothing here is fatal: without worker
    processes the flow runs the batches in its own process (one worker) or starts a local
    Dask cluster (several).
    """

    def __init__(self, args, raw: Path):
        self.args, self.raw = args, raw
        self.worker = None
        self.thread = None
        if not args.dask_address:
            self.thread = threading.Thread(target=self._start_workers, name="news-pipeline-workers", daemon=True)

    def start(self) -> None:
        if self.thread is not None:
            self.thread.start()

    def _start_workers(self) -> None:
        try:
            if not _has_candidates(self.raw, Path(self.args.processed), self.args.reprocess, self.args.retry_failed):
                return
            from pipeline.orchestration.worker import LocalWorker

            a = self.args
            self.worker = LocalWorker(self.raw, Path(a.processed), a.model, a.batch_size, a.reprocess,
                                      a.retry_failed, workers=a.workers)
        except Exception:  # the flow runs the batches itself
            self.worker = None

    def local_worker(self):
        """The run's worker processes (None: the flow runs the batches itself)."""
        if self.thread is None:
            return None
        self.thread.join()
        return self.worker

    def close(self) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.worker is not None:
            self.worker.close()
            self.worker = None


def _has_candidates(raw: Path, processed: Path, reprocess: bool, retry_failed: bool) -> bool:
    """Quick, read-only guess whether the run will have work (no hashing)."""
    try:
        return next(iter(candidate_files(raw, processed, reprocess, retry_failed)), None) is not None
    except Exception:
        return True


def lost_api(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TransportError)  # ConnectError, ReadTimeout, ... from the Prefect client


def describe_failure(exc: BaseException) -> str:
    msg = str(exc)
    if lost_api(exc):
        return f"lost the Prefect API ({type(exc).__name__}: {msg}); did the Prefect server stop?"
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return "the worker process died (killed, or out of memory?); batches it had not finished are redone next run"
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    if isinstance(exc, sqlite3.Error) and ("disk is full" in msg or "readonly" in msg or "unable to open" in msg):
        return f"ledger {msg}"
    return f"{type(exc).__name__}: {msg}"