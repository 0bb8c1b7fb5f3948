"""Records computed ahead of their task, in a worker process, while Prefect starts."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

from models import Record
from pipeline.ingest import RawArticle, read_path
from pipeline.nlp import load_nlp
from pipeline.record import extract_records
from pipeline.settings import model_name
from pipeline.store import candidate_files, run_batch_size

def _key(art: RawArticle, model: str) -> tuple:
    """Everything a record depends on: where the article is, its file's exact bytes, the model."""
    return (art.rel_path, art.line, art.file_sha256, art.sha256, model)


class Prefetch:
    """Records computed ahead of their task, in a background thread, while Prefect starts.

    A one-worker ``run`` spends seconds starting Prefect's temporary server (another
    process) before its first task runs. Meanwhile this thread, in the run's worker
    process (:mod:`pipeline.orchestration.worker`), reads the first files
    the run will probably process (new or changed by size/mtime, in discovery order) and
    extracts their records into memory; nothing is written. The first task that calls
    :func:`pipeline.record.extract_records` (given this object as ``prefetched``) stops it (after the batch in progress) and every task takes
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
        self.thread.start()
        return self

    def close(self) -> None:
        """Stop after the batch in progress, wait for it, drop what nobody claimed."""
        with self.cond:
            self.stopped = True
        self.thread.join()
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
            recs = extract_records(batch, nlp, self.batch_size, self.model)
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
        files = list(self._candidates())
        size = run_batch_size(len(files), self.batch_size)
        yield from (f for i, f in enumerate(files) if (i // size) % n == k)

    def _candidates(self):
        """Files discovery will probably queue, in its order, without hashing: supported type and
        not in the ledger with the same size, mtime and an existing first output."""
        yield from candidate_files(self.raw, self.processed, self.reprocess, self.retry_failed)