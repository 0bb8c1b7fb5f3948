"""The worker processes of a local ``run``: spaCy out of the flow's process.

``news-pipeline run --workers N`` (no ``--dask-address``) starts N worker processes
(``spawn``, so they share nothing with the flow's threads) the moment the command starts.
Each loads the model and, while the flow process imports Prefect and waits for its
temporary server, extracts records of the first new files into memory
(:class:`pipeline.orchestration.prefetch.Prefetch`): worker ``k`` takes the batches ``k``, ``k + N``, ...
of the run's discovery order, and the flow sends each batch to the worker that
prefetched it (:meth:`LocalWorker.assign`). The flow's ``extract-batch`` task runs send
their batches as plain functions (:func:`pipeline.batch.run_batch`, via :meth:`LocalWorker.submit`), two in flight per
worker, as they do to the processes of a Dask cluster.

Why processes and not the flow's own: Prefect's client (imports, task-run bookkeeping,
its event and log threads) costs CPU and holds the GIL; in the flow's process it took
that time from spaCy, in a process of its own it runs beside it. And why not a local
Dask cluster: the workers would idle while Prefect starts (a Dask worker cannot know
which batches will come to it), and its scheduler and nannies cost CPU besides.
This module imports no Prefect.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Optional

from pipeline.batch import run_batch
from pipeline.nlp import tune_malloc
from pipeline.orchestration.prefetch import Prefetch


#: this worker process's prefetch: set once by the pool's initializer (:func:`_init`); every
#: worker process has its own, and the flow's process none
_PREFETCH: Optional[Prefetch] = None


def _init(raw: str, processed: str, model: Optional[str], batch_size: int, reprocess: bool,
          retry_failed: bool, share: tuple[int, int] = (0, 1)) -> None:
    """In the worker, as it starts: prefetch its share (which loads the model first) until its first batch arrives."""
    global _PREFETCH
    tune_malloc()  # before the prefetch thread starts, so it shares the main heap
    _PREFETCH = Prefetch(Path(raw), Path(processed), model, batch_size, reprocess, retry_failed, share=share).start()


def _ready() -> int:
    return os.getpid()


def _run_batch(tasks: list, processed: str, model: Optional[str]) -> list:
    """In the worker: one batch, taking the records this process prefetched for it."""
    return run_batch(tasks, processed, model, prefetched=_PREFETCH)


def _stop_prefetch() -> None:
    """In the worker: stop its prefetch after the batch in progress (a process that exits in
    the middle of one aborts inside BLIS, "libblis: Aborting.")."""
    if _PREFETCH is not None:
        _PREFETCH.close()


class LocalWorker:
    """``workers`` worker processes with the model loaded and a prefetch running; ``submit`` like an executor.

    Each process is a one-process pool of its own, so a batch goes to the process that
    prefetched it: batch ``j`` of :meth:`assign` to process ``j % workers`` (the batches are
    of equal size, so the processes stay evenly loaded); batches it was not told about go
    round-robin.
    """

    def __init__(self, raw: Path, processed: Path, model: Optional[str] = None, batch_size: int = 32,
                 reprocess: bool = False, retry_failed: bool = False, workers: int = 1):
        self.workers = max(1, workers)
        ctx = multiprocessing.get_context("spawn")
        self.pools = [ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_init,
                                          initargs=(str(raw), str(processed), model, batch_size, reprocess,
                                                    retry_failed, (k, self.workers)))
                      for k in range(self.workers)]
        for pool in self.pools:
            pool.submit(_ready)  # starts the process now, not at the first batch
        self._route: dict[str, int] = {}
        self._next = itertools.count()

    def assign(self, batches: list[list]) -> None:
        """Route batch ``j`` (a list of :class:`pipeline.store.FileTask`) to process ``j % workers``."""
        self._route = {b[0].rel_path: j % self.workers for j, b in enumerate(batches) if b}

    def submit(self, tasks: list, processed: str, model: Optional[str]) -> Future:
        """Run one batch (:func:`pipeline.batch.run_batch`) in the process that prefetched it."""
        k = self._route.get(tasks[0].rel_path) if tasks else None
        if k is None:
            k = next(self._next) % self.workers
        return self.pools[k].submit(_run_batch, tasks, processed, model)

    def close(self) -> None:
        stops = []
        for pool in self.pools:
            try:
                stops.append(pool.submit(_stop_prefetch))
            except RuntimeError:  # a dead worker (BrokenProcessPool) or a pool already shut down
                pass
        for pool in self.pools:
            pool.shutdown(wait=False, cancel_futures=True)
        for stop in stops:
            with contextlib.suppress(Exception):
                stop.result(timeout=60)
        for pool in self.pools:
            pool.shutdown(wait=True)
