"""The worker process of a one-worker ``run``: spaCy out of the flow's process.

``news-pipeline run --workers 1`` starts one worker process (``spawn``, so it shares
nothing with the flow's threads) the moment the command starts. The worker loads the
model and, while the flow process imports Prefect and waits for its temporary server,
extracts the first new files' records into memory (:class:`pipeline.extract.Prefetch`).
The flow's ``extract-batch`` task runs then send their batches to it as plain
functions (:func:`pipeline.batch.run_batch`), two in flight, exactly as they do to the
processes of a Dask cluster with ``--workers N``.

Why a process and not the flow's own: Prefect's client (imports, task-run bookkeeping,
its event and log threads) costs CPU and holds the GIL; in the flow's process it took
that time from spaCy, in a process of its own it runs beside it. This module imports
no Prefect.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Optional


def _init(raw: str, processed: str, model: Optional[str], batch_size: int, reprocess: bool,
          retry_failed: bool) -> None:
    """In the worker, as it starts: prefetch (which loads the model first) until the first batch arrives."""
    from pipeline.extract import Prefetch

    Prefetch(Path(raw), Path(processed), model, batch_size, reprocess, retry_failed).start()


def _ready() -> int:
    return os.getpid()


class LocalWorker:
    """One worker process with the model loaded and a prefetch running; ``submit`` like an executor."""

    def __init__(self, raw: Path, processed: Path, model: Optional[str] = None, batch_size: int = 32,
                 reprocess: bool = False, retry_failed: bool = False):
        self.pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_init,
            initargs=(str(raw), str(processed), model, batch_size, reprocess, retry_failed))
        self._started: Future = self.pool.submit(_ready)  # starts the process now, not at the first batch

    def submit(self, fn, *args) -> Future:
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
