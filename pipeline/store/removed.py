"""Raw files that were deleted: their records leave ``processed/`` on the next run.

``processed/`` must never list an article that is no longer in ``raw/``. Discovery lists
the ledger rows whose raw file is gone (:attr:`pipeline.store.discovery.Plan.gone`);
:func:`forget_deleted` deletes their records and error records (only files that still
name that raw file as their source) and their ledger rows, and prunes folders left empty.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pipeline.store.ledger import Ledger
from pipeline.store.outputs import remove_stale


def forget_deleted(processed: Path, ledger: Ledger, gone: list[tuple[str, list]]) -> int:
    """Remove the outputs and ledger rows of raw files that were deleted; how many files that was.

    Call under the run lock, before any batch writes. A record another raw file has taken
    over meanwhile (same output name) is left alone (:func:`remove_stale` checks its source).
    """
    for rel, outputs in gone:
        remove_stale(processed, outputs, [], rel)
        _prune_empty(processed, {(processed / o).parent for o in outputs})
        ledger.forget(rel)
    return len(gone)


def _prune_empty(processed: Path, folders: set) -> None:
    """Remove folders under ``processed`` (not it) that are empty now, deepest first."""
    root = processed.resolve()
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        d = folder
        while d.resolve() != root and root in d.resolve().parents:
            with contextlib.suppress(OSError):
                d.rmdir()  # fails (and stops) when not empty
            if d.exists():
                break
            d = d.parent
