"""One flow run's updates of the DuckDB index (:mod:`pipeline.store.index`): noted before each
ledger commit, synced in bulk, reconciled with the ledger at the end, never fatal."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Optional

from pipeline.store.index import (PENDING_NAME, SYNC_EVERY, SYNC_SECONDS, IndexBusy, index_path, indexed_records,
                                  opened, read_pending, sync)
from pipeline.store.paths import ERRORS_DIR


class RunIndex:
    """What one flow run does to the index.

    Each batch's written, replaced and removed paths are appended to ``processed/.index.pending``
    before the ledger commits them (a crash in between leaves them there for the next sync), and
    synced in bulk every :data:`SYNC_EVERY` paths or :data:`SYNC_SECONDS` (DuckDB's cost is mostly
    per statement, not per row), then once more at the end, when the index is also reconciled
    with the ledger. The index is opened only for each sync, so queries can run between them. If
    a reader holds it, or it cannot be written (disk full), the paths stay pending for the next
    sync and the run summary says why; the run never fails for it (the records are complete).
    """

    def __init__(self, processed: Path, run_id: str):
        self.root, self.run_id = Path(processed), run_id
        self.started = dt.datetime.now(dt.timezone.utc)
        self.changes: list[tuple[str, str]] = []  # (record, written | removed | error)
        self.seconds = 0.0
        self.deferred = 0
        self.unsynced = 0
        self.unnoted: set[str] = set()  # paths the pending file could not take (disk full)
        self.error: Optional[str] = None  # the last reason the index could not be updated
        self.last_sync = time.monotonic()

    def batch_done(self, tasks: list, outcomes: list) -> None:
        """Note the outputs of one batch (``FileTask`` list and its ``FileOutcome`` list, in order)."""
        t0 = time.perf_counter()
        paths: set[str] = set()
        for t, oc in zip(tasks, outcomes):
            new, old = set(oc.outputs), set(getattr(t, "old_outputs", []))
            paths |= new | old
            self.changes += [(r, "error" if r.startswith(f"{ERRORS_DIR}/") else "written") for r in sorted(new)]
            self.changes += [(r, "removed") for r in sorted(old - new)]
        if paths:
            try:
                with open(self.root / PENDING_NAME, "a", encoding="utf-8") as fh:
                    fh.write("".join(json.dumps(p) + "\n" for p in sorted(paths)))
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:  # disk full: keep them in memory; the end of the run syncs them
                self.unnoted |= paths
                self.error = f"cannot note pending paths: {exc.strerror or exc}"
            self.unsynced += len(paths)
        self.seconds += time.perf_counter() - t0
        if self.unsynced >= SYNC_EVERY or (self.unsynced and time.monotonic() - self.last_sync > SYNC_SECONDS):
            self._sync()

    def _sync(self, reconcile: Optional[set] = None) -> bool:
        """Sync the pending paths (and, with ``reconcile``: the ledger's outputs, whatever the index lacks or
        has too many of); the pending file goes once they are in. False if the index could not be written."""
        import duckdb

        t0 = time.perf_counter()
        pending = self.root / PENDING_NAME
        try:
            with opened(self.root, wait=5.0) as con:
                sync(con, self.root, read_pending(self.root) | self.unnoted)
                if reconcile is not None:
                    sync(con, self.root, indexed_records(con) ^ reconcile)
            with contextlib.suppress(FileNotFoundError):
                pending.unlink()
            self.unsynced, self.unnoted = 0, set()
            ok = True
        except IndexBusy as exc:
            self.deferred += 1
            self.error, ok = str(exc), False
        except (duckdb.Error, OSError) as exc:  # disk full, a damaged index: the records are fine
            self.deferred += 1
            self.error, ok = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}", False
        self.last_sync = time.monotonic()
        self.seconds += time.perf_counter() - t0
        return ok

    def finish(self, expected_outputs: set[str], summary: dict) -> dict:
        """Sync what is pending, reconcile with the ledger's outputs and record the run; returns what
        the run summary shows (index path, seconds spent on it, syncs deferred by a reader)."""
        import duckdb

        synced = self._sync(expected_outputs)
        t0 = time.perf_counter()
        if synced:
            try:
                with opened(self.root, wait=5.0) as con:
                    self._note_run(con, summary)
            except (IndexBusy, duckdb.Error, OSError) as exc:
                self.deferred += 1
                self.error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        self.seconds += time.perf_counter() - t0
        out = {"path": str(index_path(self.root)), "seconds": round(self.seconds, 3), "deferred": self.deferred}
        if self.deferred and self.error:
            out["error"] = f"{self.error} (the next run or `news-pipeline index --rebuild` brings it up to date)"
        return out

    def _note_run(self, con, s: dict) -> None:
        now = dt.datetime.now(dt.timezone.utc)
        con.execute("DELETE FROM runs WHERE run_id = ?", [self.run_id])
        con.execute("INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [self.run_id, self.started, now, round((now - self.started).total_seconds(), 2), s.get("files", 0),
                     s.get("articles", 0), s.get("failed", 0), s.get("unchanged", 0), len(s.get("skipped", [])),
                     s.get("status", "ok")])
        con.execute("DELETE FROM run_records WHERE run_id = ?", [self.run_id])
        if self.changes:
            con.execute("INSERT INTO run_records SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                        [self.run_id, [r for r, _ in self.changes], [c for _, c in self.changes]])
