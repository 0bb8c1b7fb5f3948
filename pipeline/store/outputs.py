"""Writing records: atomic writes, error records, stale outputs, temp files of killed runs."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from models import ErrorRecord, PipelineInfo, Record
from pipeline import __version__
from pipeline.store.paths import TMP_DIR

_TMP_PREFIX, _TMP_SUFFIX = ".~np-", ".tmp"


def dump_record(record: Record) -> bytes:
    """The bytes of a record file: indented JSON, UTF-8, one trailing newline."""
    return record.model_dump_json(indent=2).encode("utf-8") + b"\n"


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
