"""Where records go: ``raw/a/b.txt`` -> ``processed/a/b.json``, error records, names that fit."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional

ERRORS_DIR = "_errors"
TMP_DIR = ".tmp"  # temp files of atomic writes; emptied at the start of every run (under the lock)
NAME_MAX = 255  # bytes per path component (ext4, xfs, btrfs, tmpfs)


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


#: double extensions stripped whole from output names: ``crawl.warc.gz`` -> ``crawl``
DOUBLE_EXTENSIONS = (".warc.gz",)


def stem_of(name: str) -> str:
    """A raw file name without its extension (``b.txt`` -> ``b``, ``crawl.warc.gz`` -> ``crawl``)."""
    low = name.lower()
    for ext in DOUBLE_EXTENSIONS:
        if low.endswith(ext) and len(name) > len(ext):
            return name[:-len(ext)]
    return Path(name).stem


def output_rel(rel_path: str, line: Optional[int] = None, keep_ext: bool = False) -> str:
    """``a/b.txt`` -> ``a/b.json``; JSONL line, feed item or WARC response n -> ``a/b/<n>.json``
    (``a/crawl.warc.gz`` -> ``a/crawl/<n>.json``); ``keep_ext`` -> ``a/b.txt.json``.

    A name too long for the file system once ``.json`` is added is shortened with a hash.
    """
    p = Path(rel_path)
    stem = p.name if keep_ext else stem_of(p.name)
    parent = _fit_path(p.parent.as_posix()) if p.parent.as_posix() != "." else ""
    prefix = f"{parent}/" if parent else ""
    return f"{prefix}{_fit(stem)}/{line}.json" if line else f"{prefix}{_fit(stem, '.json')}"


def error_rel(rel_path: str, line: Optional[int] = None) -> str:
    """Error record path: ``_errors/a/b.txt.json`` (``_errors/a/b.jsonl/<n>.json`` for a line)."""
    parent, _, name = rel_path.rpartition("/")
    base = f"{ERRORS_DIR}/{_fit_path(parent) + '/' if parent else ''}"
    return f"{base}{_fit(name)}/{line}.json" if line else f"{base}{_fit(name, '.json')}"


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
