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
TMP_DIR = ".tmp"  # temp files of atomic writes; emptied at the start of every run (under the lock)
_TMP_PREFIX, _TMP_SUFFIX = ".~np-", ".tmp"
NAME_MAX = 255  # bytes per path component (ext4, xfs, btrfs, tmpfs)

#: ledger statuses: every article has a record / some failed for a reason tied to the content
#: (retried when the file changes or with --retry-failed) / failed for a reason outside the
#: content (file vanished or changed while read, a write failed: retried on every run)
OK, ERROR, RETRY = "ok", "error", "retry"


class RunLocked(RuntimeError):
    """Another ingestion run holds the lock on this processed/ folder."""


# --------------------------------------------------------------------------- paths


def _fit(name: str, suffix: str = "") -> str:
    """``name + suffix``, shortened to NAME_MAX bytes with a hash of ``name`` if it is longer
    (a raw file name of 250 bytes cannot take ``.json`` on top)."""
    if len((name + suffix).encode("utf-8")) <= NAME_MAX:
        return name + suffix
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    room = NAME_MAX - len(f"~{digest}{suffix}".encode("utf-8"))
    head = name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{head}~{digest}{suffix}"


def _fit_path(rel: str) -> str:
    return "/".join(_fit(part) for part in rel.split("/"))


def output_rel(rel_path: str, line: Optional[int] = None, keep_ext: bool = False) -> str:
    """``a/b.txt`` -> ``a/b.json``; JSONL line n -> ``a/b/<n>.json``; ``keep_ext`` -> ``a/b.txt.json``.

    A name too long for the file system once ``.json`` is added is shortened with a hash.
    """
    p = Path(rel_path)
    stem = p.name if keep_ext else p.stem
    parent = _fit_path(p.parent.as_posix()) if p.parent.as_posix() != "." else ""
    prefix = f"{parent}/" if parent else ""
    return f"{prefix}{_fit(stem)}/{line}.json" if line else f"{prefix}{_fit(stem, '.json')}"


def error_rel(rel_path: str, line: Optional[int] = None) -> str:
    """Error record path: ``_errors/a/b.txt.json`` (``_errors/a/b.jsonl/<n>.json`` for a line)."""
    parent, _, name = rel_path.rpartition("/")
    base = f"{ERRORS_DIR}/{_fit_path(parent) + '/' if parent else ''}"
    return f"{base}{_fit(name)}/{line}.json" if line else f"{base}{_fit(name, '.json')}"


# --------------------------------------------------------------------------- writing


def write_atomic(path: Path, data: bytes, tmp_dir: Optional[Path] = None) -> None:
    """Write ``data`` to ``path`` via a temp file, fsync and rename: ``path`` is either the old
    file or the complete new one, never a part. The temp file lives in ``tmp_dir`` (same file
    system; default: beside ``path``) and is removed if the write fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if tmp_dir is not None:
        tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=tmp_dir or path.parent)
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


def clean_tmp(processed: Path) -> int:
    """Remove temp files a killed run left behind (call with the run lock held); their count."""
    n = 0
    tmp = processed / TMP_DIR
    for p in tmp.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}") if tmp.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            n += 1
    return n


def fsync_dirs(dirs) -> None:
    """fsync folders whose entries changed (renames), so records survive a power cut before
    the ledger says they exist. Best effort: some file systems refuse fsync on a folder."""
    for d in dirs:
        try:
            fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def error_payload(rel_path: str, error_type: str, message: str, sha256: Optional[str], line: Optional[int],
                  model: str) -> bytes:
    from models import ErrorRecord, PipelineInfo
    from pipeline import __version__

    rec = ErrorRecord(
        source={"path": rel_path, "sha256": sha256, "line": line},
        error_type=error_type, message=message[:2000].encode("utf-8", "replace").decode("utf-8"),
        time=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        pipeline=PipelineInfo(version=__version__, model=model),
    )
    return rec.model_dump_json(indent=2).encode("utf-8") + b"\n"


def remove_stale(processed: Path, old: list[str], new: list[str], rel_path: Optional[str] = None) -> None:
    """Delete outputs a file produced before but not now (e.g. a fixed error, fewer JSONL lines).

    With ``rel_path``, only files that are still this raw file's records are deleted: another
    file may have taken the name meanwhile (b.jsonl's old b/1.json is now raw b/1.txt's record).
    """
    for rel in set(old) - set(new):
        p = processed / rel
        if rel_path is not None:
            try:
                if json.loads(p.read_bytes()).get("source", {}).get("path") != rel_path:
                    continue
            except (OSError, ValueError, AttributeError):
                continue
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            p.unlink()


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


def display_rel(rel: str) -> str:
    """A raw path as valid UTF-8: bytes of a file name that are not UTF-8 (os.walk gives them
    as lone surrogates) become ``%XX``. Used for the record, the ledger and output paths."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        raw = rel.encode("utf-8", "surrogateescape")
        out, i = [], 0
        while i < len(raw):
            for j in range(min(len(raw), i + 4), i, -1):  # longest valid UTF-8 sequence at i
                try:
                    out.append(raw[i:j].decode("utf-8"))
                    i = j
                    break
                except UnicodeDecodeError:
                    continue
            else:
                out.append(f"%{raw[i]:02X}")
                i += 1
        return "".join(out)


def iter_raw(raw: Path, skipped: Optional[list] = None) -> Iterator[tuple[str, Path]]:
    """(relative posix path, path) of every file under ``raw``, sorted.

    Not followed, and listed in ``skipped`` as (path, reason) when given: symlinked folders
    (a link back up would loop), hidden files and folders (names starting with '.', e.g.
    editors' and rsync's temp files), folders that cannot be listed.
    """
    def note(p: Path, why: str) -> None:
        if skipped is not None:
            skipped.append((display_rel(p.relative_to(raw).as_posix()), why))

    def onerror(exc: OSError) -> None:
        if skipped is not None and exc.filename:
            p = Path(exc.filename)
            note(p, f"cannot list folder: {exc.strerror or exc}") if p != raw else skipped.append(
                (".", f"cannot list raw folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(raw, followlinks=False, onerror=onerror):
        keep = []
        for d in sorted(dirs):
            p = Path(root) / d
            if d.startswith("."):
                note(p, "hidden folder, not scanned")
            elif d == ERRORS_DIR and Path(root) == raw:
                note(p, f"folder name {ERRORS_DIR!r} is reserved for error records in processed/; rename it")
            elif p.is_symlink():
                note(p, "symbolic link to a folder, not followed")
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            p = Path(root) / name
            if name.startswith("."):
                note(p, "hidden file (name starts with '.'), not read")
                continue
            yield p.relative_to(raw).as_posix(), p


def discover(raw: Path, ledger: "Ledger", reprocess: bool = False, retry_failed: bool = False) -> Plan:
    plan = Plan()
    entries = []
    stems: dict[str, int] = {}
    for fs_rel, p in iter_raw(raw, plan.skipped):
        rel = display_rel(fs_rel)
        if Path(rel).suffix.lower() not in FORMATS:
            plan.skipped.append((rel, "unsupported file type"))
            continue
        entries.append((rel, p))
        key = (Path(rel).parent / Path(rel).stem).as_posix()
        stems[key] = stems.get(key, 0) + 1
    # a/b.jsonl writes a/b/<n>.json: if raw/ also has a folder a/b/, the JSONL keeps its extension
    folders = {q.as_posix() for rel, _ in entries for q in Path(rel).parents}
    for rel, _ in entries:
        key = (Path(rel).parent / Path(rel).stem).as_posix()
        if Path(rel).suffix.lower() == ".jsonl" and key in folders:
            stems[key] += 1
    known = ledger.all()
    for rel, p in entries:
        try:
            st = p.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                why = "symbolic link loop"
            elif p.is_symlink():
                why = "symbolic link to a missing file"
            else:
                why = f"cannot stat: {exc.strerror or exc}"  # e.g. deleted since the folder was listed
            plan.skipped.append((rel, why))
            continue
        if not p.is_file():
            plan.skipped.append((rel, "not a regular file"))
            continue
        keep_ext = stems[(Path(rel).parent / Path(rel).stem).as_posix()] > 1
        row = known.get(rel)
        if row and _layout_changed(row, rel, keep_ext):
            row = dict(row, status=RETRY)  # a new neighbour changed its output names: write them anew
        if row and not reprocess:
            same_stat = row["size"] == st.st_size and row["mtime_ns"] == st.st_mtime_ns
            if same_stat and _settled(row, retry_failed, ledger.root):
                _count_unchanged(plan, row)
                continue
        try:
            digest = sha256_file(p)
        except FileNotFoundError:
            plan.skipped.append((rel, "deleted while raw/ was being scanned"))
            continue
        except OSError:
            digest = ""  # unreadable (permissions, I/O error): the batch's read gives it an error record
        if row and not reprocess and row["sha256"] == digest and _settled(row, retry_failed, ledger.root):
            ledger.touch(rel, st.st_size, st.st_mtime_ns)
            _count_unchanged(plan, row)
            continue
        plan.pending.append(FileTask(rel, str(p), st.st_size, st.st_mtime_ns, digest, keep_ext,
                                     list(row["outputs"]) if row else []))
    return plan


def _layout_changed(row: dict, rel: str, keep_ext: bool) -> bool:
    """Do the recorded outputs of ``rel`` use a different naming (extension kept or not) than
    now? (b.jsonl wrote b/1.json; since then a raw folder b/ appeared, whose 1.txt needs it.)"""
    outs = [o for o in row["outputs"] if not o.startswith(f"{ERRORS_DIR}/")]
    if not outs:
        return False
    if Path(rel).suffix.lower() == ".jsonl":
        return all(not o.startswith(output_rel(rel, 1, keep_ext).rsplit("/", 1)[0] + "/") for o in outs)
    return outs[0] != output_rel(rel, None, keep_ext)


#: at most this many task runs per flow run: Prefect's SQLite server falls behind after a
#: few thousand (a 2,000-task run stalled the next API call for a minute); larger
#: back-fills get proportionally larger batches
MAX_TASK_RUNS = 400


def run_batch_size(files: int, batch_size: int) -> int:
    """Files per task run for a run over ``files`` files: ``batch_size``, raised so the run
    has at most :data:`MAX_TASK_RUNS` task runs. (Prefetching workers split the same batches.)"""
    return max(1, batch_size, -(-files // MAX_TASK_RUNS))


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
    if row["status"] == RETRY or (row["status"] == ERROR and retry_failed):
        return False
    outs = row["outputs"]
    return bool(outs) and (processed / outs[0]).exists()


def _count_unchanged(plan: Plan, row: dict) -> None:
    if row["status"] != OK:
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


_HELD: set[str] = set()  # processed/ folders whose lock this process holds for its own flow runs


@contextlib.contextmanager
def run_lock(processed: Path, wait: bool = False, for_process: bool = False) -> Iterator[None]:
    """Hold the exclusive run lock of ``processed``; raise :class:`RunLocked` if taken (unless ``wait``).

    ``for_process``: the lock is taken for this whole process (the CLI takes it before starting
    Prefect, so a second run exits at once instead of starting a server): nested
    ``run_lock`` calls of the same process (the flow's) then pass through.
    """
    key = str(processed.resolve())
    if key in _HELD:
        yield
        return
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
        if for_process:
            _HELD.add(key)
        yield
    finally:
        _HELD.discard(key) if for_process else None
        fh.close()
