"""Helpers of the desk tests: process a raw folder like a run does (no Prefect) and dump the index."""

from __future__ import annotations

from pathlib import Path

from pipeline.batch import process_files
from pipeline.store import Ledger, discover
from pipeline.store.index import opened
from pipeline.store.index_run import RunIndex
from pipeline.store.index_schema import EXPORTED


def run_once(raw: Path, processed: Path, run_id: str = "run", crash_before_finish: bool = False) -> dict:
    """One pass as the flow makes it (discover, batches, index before the ledger, finish), without Prefect."""
    ledger = Ledger(processed)
    try:
        plan = discover(raw, ledger)
        index = RunIndex(processed, run_id)
        summary = {"files": 0, "articles": 0, "failed": 0, "unchanged": plan.unchanged, "skipped": plan.skipped}
        for batch in [plan.pending[i:i + 2] for i in range(0, len(plan.pending), 2)]:
            outcomes = process_files(batch, str(processed))
            index.batch_done(batch, outcomes)
            for oc in outcomes:
                ledger.commit_file(oc.rel_path, oc.size, oc.mtime_ns, oc.sha256, oc.status, oc.outputs, oc.articles,
                                   oc.errors)
                summary["files"] += 1
                summary["articles"] += oc.articles
                summary["failed"] += oc.errors
        if crash_before_finish:
            return summary
        summary["index"] = index.finish({o for row in ledger.all().values() for o in row["outputs"]}, summary)
        return summary
    finally:
        ledger.close()


def dump(processed: Path, tables=EXPORTED, skip=("runs", "run_records")) -> dict:
    """Every row of every record table, sorted (what 'rebuild equals incremental' compares)."""
    out = {}
    with opened(processed, read_only=True) as con:
        for t in tables:
            if t in skip:
                continue
            cur = con.execute(f"SELECT * FROM {t}")
            cols = [d[0] for d in cur.description]
            out[t] = sorted((tuple(str(v) for v in row) for row in cur.fetchall()), key=str), cols
    return out
