"""``news-pipeline run``: one ingestion pass, under the run lock, with a one-screen summary."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from pipeline.store import RunLocked, run_lock

EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock


def run_command(args) -> int:
    from pipeline.orchestration.run import describe_failure, ingest_with_workers, lost_api  # Prefect: only now

    cli_start = time.time()
    raw = Path(args.raw)
    if not raw.is_dir():
        print(f"error: raw folder not found: {raw}", file=sys.stderr)
        return 2
    # The lock is taken before Prefect starts: a second run exits at once (or waits) instead
    # of starting a second server on the same Prefect database; the flow's own lock passes.
    try:
        with run_lock(Path(args.processed), wait=args.wait, for_process=True, on_wait=_say_waiting):
            summary = ingest_with_workers(args, raw)
    except RunLocked as exc:
        print(f"news-pipeline: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except Exception as exc:  # processed/ not writable, disk full, the Prefect server died, ...
        print(f"news-pipeline: run failed: {describe_failure(exc)}", file=sys.stderr)
        print("news-pipeline: records already written are complete; the next run goes on from there",
              file=sys.stderr)
        if lost_api(exc):
            # Prefect would now spend minutes at exit retrying to send queued events to the dead
            # server. Records are fsynced and the ledger closed; the lock dies with the process.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1)
        return 1
    if summary.get("status") == "locked":
        print(f"news-pipeline: {summary['message']}", file=sys.stderr)
        return EXIT_LOCKED
    summary["timeline"] = _timeline(summary.pop("clock", {}), cli_start)
    summary["wall_seconds"] = round(time.time() - cli_start, 2)  # the flow's "seconds" miss start-up and prefetch
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary, args.processed))
    return 0


def _say_waiting(lock: Path) -> None:
    print(f"news-pipeline: another ingestion run is using {lock.parent} (lock {lock}); "
          "waiting for it to finish (Ctrl-C to give up)...", file=sys.stderr, flush=True)


def exit_now(code: int) -> None:
    """End the process without the interpreter's teardown of every loaded module (about a
    second with spaCy, Prefect and Dask loaded), but with the shutdown steps that matter, in
    the interpreter's order: join non-daemon threads and run the threading exit hooks (Prefect
    drains its log and event queues there), run the atexit handlers (the temporary server is
    stopped there), flush stdio, ``os._exit``. Records and the ledger are already on disk."""
    import atexit
    import logging
    import threading

    for name in ("EventsWorker", "APILogWorker"):  # "still processing N items" while they drain: noise
        logging.getLogger(name).setLevel(logging.ERROR)
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    else:
        for t in threading.enumerate():
            if t is not threading.main_thread() and not t.daemon:
                t.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _timeline(clock: dict, cli_start: float) -> dict:
    """Seconds per phase of this process: start-up (Python, imports, Prefect), discovery, batches, end."""
    try:
        with open("/proc/self/stat") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        proc_start = time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        proc_start = cli_start
    now = time.time()
    if not clock:
        return {}
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"start-up": round(clock["flow_start"] - proc_start, 2),
            "discovery": round(clock["batches_start"] - clock["flow_start"], 2),
            "batches": round(clock["batches_end"] - clock["batches_start"], 2),
            "flow end": round(now - clock["batches_end"], 2),
            "main process CPU": round(ru.ru_utime + ru.ru_stime, 2)}


def format_summary(s: dict, processed: str) -> str:
    """One screen: counts, then why each article failed and why each file was skipped."""
    unchanged_failed = f"  (+{s['unchanged_failed']} that failed before; --retry-failed)" if s["unchanged_failed"] else ""
    retry = f"; {s['retry_next_run']} file(s) retried next run" if s.get("retry_next_run") else ""
    lines = [
        f"news-pipeline run finished in {s.get('wall_seconds', s['seconds']):.1f}s (model {s['model']})",
        f"  records written : {s['articles']}  (from {s['files']} files)",
        f"  failed articles : {s['failed']}  (error records in {processed}/_errors/){retry}",
    ]
    lines += [f"    ! {e}" for e in s["errors"][:10]]
    if len(s["errors"]) > 10:
        lines.append(f"    ... {len(s['errors']) - 10} more (see {processed}/_errors/)")
    if s.get("ui_url"):
        lines.append(f"  in the Prefect UI: {s['ui_url']}")
    lines += [f"  unchanged files : {s['unchanged']}{unchanged_failed}"]
    if s.get("removed"):
        lines.append(f"  removed         : {s['removed']} file(s) deleted from raw/, their records taken out of {processed}/")
    if s.get("languages"):
        langs = sorted(s["languages"].items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append("  languages       : " + ", ".join(f"{lang} {n}" for lang, n in langs))
    lines += [f"  skipped files   : {len(s['skipped'])}"]
    lines += [f"    - {sk}" for sk in s["skipped"][:10]]
    if len(s["skipped"]) > 10:
        lines.append(f"    ... {len(s['skipped']) - 10} more (news-pipeline run --json lists them all)")
    if s.get("report", {}).get("run"):  # the analyst's desk: this run's review page
        lines.append(f"  review report   : {s['report']['run']}")
    slowest = [x for x in s["slowest"] if x["seconds"] > 0]  # prefetched articles cost their task nothing
    if slowest:
        lines.append("  slowest articles: " + ", ".join(f"{x['article']} ({x['seconds']:.2f}s)" for x in slowest[:3]))
    return "\n".join(lines)