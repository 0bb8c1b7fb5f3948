"""The ledger ``processed/.ledger.sqlite``: per raw file its size, mtime, sha256, outcome and outputs.

Discovery trusts size+mtime and hashes a file only when they changed, so an incremental
run over a large, mostly processed ``raw/`` costs a directory scan plus the new files.
An entry is written only after the file's records are on disk, so a crash can only cause
re-work, never a missing record.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

LEDGER_NAME = ".ledger.sqlite"

#: ledger statuses: every article has a record / some failed for a reason tied to the content
#: (retried when the file changes or with --retry-failed) / failed for a reason outside the
#: content (file vanished or changed while read, a write failed: retried on every run)
OK, ERROR, RETRY = "ok", "error", "retry"
#: a batch outcome only (never in the ledger): not even an error record could be written
UNWRITTEN = "unwritten"


class Ledger:
    """SQLite ledger of processed raw files (one row per raw file)."""

    def __init__(self, processed: Path):
        self.root = processed
        processed.mkdir(parents=True, exist_ok=True)
        self.path = processed / LEDGER_NAME
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
            "sha256 TEXT, status TEXT, outputs TEXT, articles INTEGER, errors INTEGER, updated TEXT)")

    def all(self) -> dict[str, dict]:
        rows = self.db.execute("SELECT path, size, mtime_ns, sha256, status, outputs FROM files").fetchall()
        return {r[0]: {"size": r[1], "mtime_ns": r[2], "sha256": r[3], "status": r[4], "outputs": json.loads(r[5])}
                for r in rows}

    def touch(self, rel: str, size: int, mtime_ns: int) -> None:
        self.db.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, rel))

    def commit_file(self, rel: str, size: int, mtime_ns: int, sha256: str, status: str, outputs: list[str],
                    articles: int, errors: int) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.db.execute(
            "INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, sha256=excluded.sha256, status=excluded.status, outputs=excluded.outputs, "
            "articles=excluded.articles, errors=excluded.errors, updated=excluded.updated",
            (rel, size, mtime_ns, sha256, status, json.dumps(outputs), articles, errors, now))

    def forget(self, rel: str) -> None:
        """Drop the row of a raw file that no longer exists."""
        self.db.execute("DELETE FROM files WHERE path=?", (rel,))

    def close(self) -> None:
        self.db.close()
