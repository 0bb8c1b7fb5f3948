"""``serve --watch``: new, changed or deleted files in raw/ start a run at once (watchfiles, inotify on Linux).

A burst of changes (a copy of 100 files, an editor's save) is one trigger: watchfiles
yields once no change has come for ``step_ms`` (or after ``debounce_ms`` of steady
changes), and a trigger that arrives while a run is in progress starts one more run after
it. Hidden files (``.partial.txt``, an editor's swap file) are ignored, as discovery
skips them. No Prefect here.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles

#: milliseconds without a new change before a burst is handed over (watchfiles' ``step``)
STEP_MS = 100
#: longest a steady stream of changes is grouped before it is handed over anyway (watchfiles' ``debounce``)
DEBOUNCE_MS = 1000


def _visible(change: watchfiles.Change, path: str, root: Path) -> bool:
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return False
    return bool(parts) and not any(p.startswith(".") for p in parts)


class RawWatcher:
    """Calls ``on_change()`` (in a thread of its own) after each burst of changes under ``raw``."""

    def __init__(self, raw: Path, on_change: Callable[[], None], step_ms: int = STEP_MS,
                 debounce_ms: int = DEBOUNCE_MS):
        self.raw = raw.resolve()
        self.on_change = on_change
        self.step_ms, self.debounce_ms = step_ms, debounce_ms
        self._stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="news-pipeline-watch", daemon=True)

    def start(self) -> "RawWatcher":
        self.thread.start()
        self.ready.wait(10)
        return self

    def _loop(self) -> None:
        raw = self.raw
        self.ready.set()
        for _ in watchfiles.watch(raw, watch_filter=lambda c, p: _visible(c, p, raw), step=self.step_ms,
                                  debounce=self.debounce_ms, stop_event=self._stop, raise_interrupt=False,
                                  yield_on_timeout=False):
            self.on_change()

    def stop(self) -> None:
        self._stop.set()
