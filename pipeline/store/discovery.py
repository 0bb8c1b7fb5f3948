"""Discovery: which raw files need processing (new, changed, failed before) and in which batches."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from pipeline.ingest import MULTI_FORMATS, format_of
from pipeline.store.ledger import ERROR, LEDGER_NAME, OK, RETRY, Ledger
from pipeline.store.index import REPORT_DIR
from pipeline.store.paths import ERRORS_DIR, display_rel, output_rel, stem_of


#: top-level folders of processed/ that are not records: a raw folder of that name is skipped
RESERVED = {ERRORS_DIR: "error records", REPORT_DIR: "the review report"}


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
    """The outcome of :func:`discover`."""

    pending: list[FileTask] = field(default_factory=list)
    unchanged: int = 0
    unchanged_failed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rel_path, reason)
    gone: list[tuple[str, list]] = field(default_factory=list)  # (rel_path, outputs) of raw files deleted


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
            elif d in (ERRORS_DIR, REPORT_DIR) and Path(root) == raw:
                note(p, f"folder name {d!r} is reserved for {RESERVED[d]} in processed/; rename it")
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


def discover(raw: Path, ledger: Ledger, reprocess: bool = False, retry_failed: bool = False) -> Plan:
    """What an ingestion run must do: the raw files to process, the ones unchanged, the ones skipped.

    A file is pending when it is new, its content changed (size or mtime moved and the sha256
    differs), its last outcome was ``retry`` (or ``error`` with ``retry_failed``), its first
    output is missing, or ``reprocess``. A file whose size and mtime moved but whose content did
    not only has its ledger row touched. Files of unsupported types, hidden files, symlinked
    folders and unreadable folders are listed in :attr:`Plan.skipped` with the reason.
    Ledger rows of raw files that no longer exist are listed in :attr:`Plan.gone` (see
    :func:`pipeline.store.removed.forget_deleted`), unless raw/ holds no file at all (a share
    that is not mounted must not empty processed/: that is reported as skipped instead).
    """
    plan = Plan()
    known = ledger.all()
    seen: set[str] = set()
    for rel, p, keep_ext in _supported_files(raw, plan, seen):
        task = _pending(rel, p, keep_ext, known.get(rel), ledger, plan, reprocess, retry_failed)
        if task is not None:
            plan.pending.append(task)
    plan.gone = _gone(raw, known, seen, plan.skipped)
    if plan.gone and len(plan.gone) == len(known) and not seen:  # an unmounted share looks like this
        plan.skipped.append((".", f"raw folder is empty: the records of its {len(plan.gone)} former files are kept "
                                  "(not mounted?); delete them from processed/ by hand if the files are gone for good"))
        plan.gone = []
    return plan


def _gone(raw: Path, known: dict, seen: set, skipped: list) -> list[tuple[str, list]]:
    """(rel, outputs) of ledger rows whose raw file is gone: not listed by this scan, not under a
    folder that could not be listed, and absent (``lexists``, for names without ``%``: a name
    shown as ``%XX`` is not the name on disk))."""
    unlisted = [p for p, why in skipped if why.startswith("cannot list")]
    out = []
    for rel, row in known.items():
        if rel in seen or any(u == "." or rel.startswith(u.rstrip("/") + "/") for u in unlisted):
            continue
        if "%" not in rel and os.path.lexists(raw / rel):
            continue
        out.append((rel, list(row["outputs"])))
    return out


def _stem_key(rel: str) -> str:
    return (Path(rel).parent / stem_of(Path(rel).name)).as_posix()


def _supported_files(raw: Path, plan: Plan, seen: Optional[set] = None) -> list[tuple[str, Path, bool]]:
    """(rel path, path, keep_ext) of every supported file; ``keep_ext`` when two files share a stem
    (``b.txt``, ``b.html``) or a many-article file's output folder is also a raw folder (``b.jsonl``,
    ``b.rss``, ``b.warc.gz`` and ``b/``). ``seen``: filled with the rel path of every file listed."""
    entries = []
    stems: dict[str, int] = {}
    for fs_rel, p in iter_raw(raw, plan.skipped):
        rel = display_rel(fs_rel)
        if seen is not None:
            seen.add(rel)
        if format_of(rel) is None:
            plan.skipped.append((rel, "unsupported file type"))
            continue
        entries.append((rel, p))
        stems[_stem_key(rel)] = stems.get(_stem_key(rel), 0) + 1
    # a/b.jsonl writes a/b/<n>.json: if raw/ also has a folder a/b/, the JSONL keeps its extension
    folders = {q.as_posix() for rel, _ in entries for q in Path(rel).parents}
    for rel, _ in entries:
        if format_of(rel) in MULTI_FORMATS and _stem_key(rel) in folders:
            stems[_stem_key(rel)] += 1
    return [(rel, p, stems[_stem_key(rel)] > 1) for rel, p in entries]


def _pending(rel: str, p: Path, keep_ext: bool, row: Optional[dict], ledger: Ledger, plan: Plan, reprocess: bool,
             retry_failed: bool) -> Optional[FileTask]:
    """The task for one file if it needs processing, else None (counted unchanged or skipped in ``plan``)."""
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
        return None
    if not p.is_file():
        plan.skipped.append((rel, "not a regular file"))
        return None
    if row and _layout_changed(row, rel, keep_ext):
        row = dict(row, status=RETRY)  # a new neighbour changed its output names: write them anew
    if row and not reprocess and (row["size"], row["mtime_ns"]) == (st.st_size, st.st_mtime_ns) \
            and _settled(row, retry_failed, ledger.root):
        _count_unchanged(plan, row)
        return None
    try:
        digest = sha256_file(p)
    except FileNotFoundError:
        plan.skipped.append((rel, "deleted while raw/ was being scanned"))
        return None
    except OSError:
        digest = ""  # unreadable (permissions, I/O error): the batch's read gives it an error record
    if row and not reprocess and row["sha256"] == digest and _settled(row, retry_failed, ledger.root):
        ledger.touch(rel, st.st_size, st.st_mtime_ns)
        _count_unchanged(plan, row)
        return None
    return FileTask(rel, str(p), st.st_size, st.st_mtime_ns, digest, keep_ext, list(row["outputs"]) if row else [])


def _layout_changed(row: dict, rel: str, keep_ext: bool) -> bool:
    """Do the recorded outputs of ``rel`` use a different naming (extension kept or not) than
    now? (b.jsonl wrote b/1.json; since then a raw folder b/ appeared, whose 1.txt needs it.)"""
    outs = [o for o in row["outputs"] if not o.startswith(f"{ERRORS_DIR}/")]
    if not outs:
        return False
    if format_of(rel) in MULTI_FORMATS:
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
        if format_of(rel) is None:
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
