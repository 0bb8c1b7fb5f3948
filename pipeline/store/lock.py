"""The run lock ``processed/.run.lock``: one ingestion run per processed/ folder at a time."""

from __future__ import annotations

import contextlib
import errno
import fcntl
from pathlib import Path
from typing import Callable, Iterator, Optional

LOCK_NAME = ".run.lock"


class RunLocked(RuntimeError):
    """Another ingestion run holds the lock on this processed/ folder."""


_HELD: set[str] = set()  # processed/ folders whose lock this process holds for its own flow runs


@contextlib.contextmanager
def run_lock(processed: Path, wait: bool = False, for_process: bool = False,
             on_wait: Optional[Callable[[Path], None]] = None) -> Iterator[None]:
    """Hold the exclusive run lock of ``processed``; raise :class:`RunLocked` if taken (unless ``wait``).

    ``on_wait(lock_path)``: called once, before blocking, when ``wait`` is set and the lock is taken.

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
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            if not wait:
                raise RunLocked(f"another ingestion run is already using {processed} (lock {processed / LOCK_NAME}); "
                                "wait for it to finish or use --wait") from exc
            if on_wait is not None:
                on_wait(processed / LOCK_NAME)
            fcntl.flock(fh, fcntl.LOCK_EX)
        if for_process:
            _HELD.add(key)
        yield
    finally:
        _HELD.discard(key) if for_process else None
        fh.close()
