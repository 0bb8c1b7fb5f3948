"""The processed/ side: output paths, atomic writes, error records, the ledger and the run lock.

The ledger (``processed/.ledger.sqlite``) remembers, per raw file, its size, mtime,
sha256, outcome and output paths. Discovery trusts size+mtime and hashes a file
only when they changed, so an incremental run over a large, mostly processed
``raw/`` costs a directory scan plus the new files. A ledger entry is written only
after the file's records are on disk, so a crash can only cause re-work, never a
missing record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from pipeline.readers import FORMATS

ERRORS_DIR = "_errors"
LEDGER_NAME = ".ledger.sqlite"
LOCK_NAME = ".run.lock"


class RunLocked(RuntimeError):
    """Another ingestion run holds the lock on this processed/ folder."""


# --------------------------------------------------------------------------- paths


def output_rel(rel_path: str, line: Optional[int] = None, keep_ext: bool = False) -> str:
    """``a/b.txt`` -> ``a/b.json``; JSONL line n -> ``a/b/<n>.json``; ``keep_ext`` -> ``a/b.txt.json``."""
    p = Path(rel_path)
    stem = p.name if keep_ext else p.stem
    base = p.parent / stem
    return (base / f"{line}.json").as_posix() if line else f"{base.as_posix()}.json"


def error_rel(rel_path: str, line: Optional[int] = None) -> str:
    """Error record path: ``_errors/a/b.txt.json`` (``_errors/a/b.jsonl/<n>.json`` for a line)."""
    base = f"{ERRORS_DIR}/{rel_path}"
    return f"{base}/{line}.json" if line else f"{base}.json"


# --------------------------------------------------------------------------- writing


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync and rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def error_payload(rel_path: str, error_type: str, message: str, sha256: Optional[str], line: Optional[int],
                  model: str) -> bytes:
    from models import ErrorRecord, PipelineInfo
    from pipeline import __version__

    rec = ErrorRecord(
        source={"path": rel_path, "sha256": sha256, "line": line},
        error_type=error_type, message=message[:2000],
        time=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        pipeline=PipelineInfo(version=__version__, model=model),
    )
    return rec.model_dump_json(indent=2).encode("utf-8") + b"\n"


def remove_stale(processed: Path, old: list[str], new: list[str]) -> None:
    """Delete outputs a file produced before but not now (e.g. a fixed error, fewer JSONL lines)."""
    for rel in set(old) - set(new):
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            (processed / rel).unlink()


# --------------------------------------------------------------------------- discovery


@dataclass
class FileTask:
    """A raw file that needs processing."""

    rel_path: str
    abs_path: str
    size: int
    mtime_ns: int
    sha256: str
    keep_ext: bool = False  # two raw files share a stem: outputs keep the extension
    old_outputs: list = field(default_factory=list)


@dataclass
class Plan:
    pending: list[FileTask] = field(default_factory=list)
    unchanged: int = 0
    unchanged_failed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rel_path, reason)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def iter_raw(raw: Path) -> Iterator[tuple[str, Path]]:
    """(relative posix path, path) of every file under ``raw`` (sorted; symlinked dirs not followed)."""
    for root, dirs, files in os.walk(raw, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            yield p.relative_to(raw).as_posix(), p


def discover(raw: Path, ledger: "Ledger", reprocess: bool = False, retry_failed: bool = False) -> Plan:
    plan = Plan()
    entries = []
    stems: dict[str, int] = {}
    for rel, p in iter_raw(raw):
        if Path(rel).suffix.lower() not in FORMATS:
            plan.skipped.append((rel, "unsupported file type"))
            continue
        entries.append((rel, p))
        key = (Path(rel).parent / Path(rel).stem).as_posix()
        stems[key] = stems.get(key, 0) + 1
    known = ledger.all()
    for rel, p in entries:
        try:
            st = p.stat()
        except OSError as exc:
            plan.skipped.append((rel, f"cannot stat: {exc.strerror or exc}"))
            continue
        if not p.is_file():
            plan.skipped.append((rel, "not a regular file"))
            continue
        keep_ext = stems[(Path(rel).parent / Path(rel).stem).as_posix()] > 1
        row = known.get(rel)
        if row and not reprocess:
            same_stat = row["size"] == st.st_size and row["mtime_ns"] == st.st_mtime_ns
            if same_stat and _settled(row, retry_failed, ledger.root):
                _count_unchanged(plan, row)
                continue
        try:
            digest = sha256_file(p)
        except OSError as exc:
            plan.skipped.append((rel, f"cannot read: {exc.strerror or exc}"))
            continue
        if row and not reprocess and row["sha256"] == digest and _settled(row, retry_failed, ledger.root):
            ledger.touch(rel, st.st_size, st.st_mtime_ns)
            _count_unchanged(plan, row)
            continue
        plan.pending.append(FileTask(rel, str(p), st.st_size, st.st_mtime_ns, digest, keep_ext,
                                     list(row["outputs"]) if row else []))
    return plan


def candidate_files(raw: Path, processed: Path, reprocess: bool = False,
                    retry_failed: bool = False) -> Iterator[tuple[str, Path]]:
    """Files :func:`discover` will probably queue, lazily and in its order, without hashing or
    writing anything: supported type and not settled in the ledger with the same size and
    mtime. (Discovery may still find one unchanged by its hash.) Reads the ledger read-only."""
    rows: dict = {}
    ledger = processed / LEDGER_NAME
    if ledger.exists() and not reprocess:
        from urllib.parse import quote

        db = sqlite3.connect(f"file:{quote(str(ledger.resolve()))}?mode=ro", uri=True)
        try:
            rows = {r[0]: {"size": r[1], "mtime_ns": r[2], "status": r[3], "outputs": json.loads(r[4] or "[]")}
                    for r in db.execute("SELECT path, size, mtime_ns, status, outputs FROM files")}
        finally:
            db.close()
    for rel, p in iter_raw(raw):
        if Path(rel).suffix.lower() not in FORMATS:
            continue
        row = rows.get(rel)
        if row is not None:
            try:
                st = p.stat()
            except OSError:
                continue
            if (row["size"], row["mtime_ns"]) == (st.st_size, st.st_mtime_ns) and _settled(row, retry_failed,
                                                                                         processed):
                continue
        yield rel, p


def _settled(row: dict, retry_failed: bool, processed: Path) -> bool:
    if row["status"] == "error" and retry_failed:
        return False
    outs = row["outputs"]
    return bool(outs) and (processed / outs[0]).exists()


def _count_unchanged(plan: Plan, row: dict) -> None:
    if row["status"] == "error":
        plan.unchanged_failed += 1
    else:
        plan.unchanged += 1


# --------------------------------------------------------------------------- ledger


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

    def close(self) -> None:
        self.db.close()


@contextlib.contextmanager
def run_lock(processed: Path, wait: bool = False) -> Iterator[None]:
    """Hold the exclusive run lock of ``processed``; raise :class:`RunLocked` if taken (unless ``wait``)."""
    processed.mkdir(parents=True, exist_ok=True)
    fh = open(processed / LOCK_NAME, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise RunLocked(f"another ingestion run is already using {processed} (lock {processed / LOCK_NAME}); "
                                "wait for it to finish or use --wait") from exc
            raise
        yield
    finally:
        fh.close()
