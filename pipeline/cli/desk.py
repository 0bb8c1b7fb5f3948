"""The analyst's desk commands: ``index``, ``query``, ``export``, ``report``, ``commitments``.

Exit codes: 0 done; 2 bad input (SQL DuckDB rejects, a bad option, no index yet: the
message says what to run); 75 a run holds ``processed/`` (the index or the report is
being written: try again when it ends).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_BUSY = 75
DESK_COMMANDS = ("index", "query", "export", "report", "commitments")


def add_commands(sub) -> None:
    """Add the desk's subcommands to the ``news-pipeline`` parser."""
    def processed(p: argparse.ArgumentParser) -> None:
        p.add_argument("--processed", default="processed", help="records folder holding the index (default: processed)")

    ix = sub.add_parser("index", help="the DuckDB index of the records: row counts, or --rebuild it from the JSON files")
    processed(ix)
    ix.add_argument("--rebuild", action="store_true", help="rebuild the index from the record files alone")
    q = sub.add_parser("query", help='SQL over the index, e.g. "SELECT * FROM commitments WHERE when_end < \'2030-01-01\'"')
    q.add_argument("sql", help="one SQL statement (DuckDB dialect; read-only)")
    processed(q)
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output (default: table)")
    q.add_argument("--max-rows", type=int, default=200, help="rows a table shows (default 200; csv/json print all)")
    ex = sub.add_parser("export", help="write every table of the index to DIR as Parquet or CSV files")
    ex.add_argument("dir", help="destination folder (created)")
    processed(ex)
    ex.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="file format (default: parquet)")
    rp = sub.add_parser("report", help="write the static review site processed/_report/ (open index.html)")
    processed(rp)
    cm = sub.add_parser("commitments", help="commitment threads across articles, e.g. --actor Kenya --since 2021")
    processed(cm)
    cm.add_argument("--actor", default=None, help="an actor's name or country ('Kenya', 'U.S.', 'World Bank')")
    cm.add_argument("--since", default=None, help="threads reported on or after this year, month or day (2021, 2021-06)")
    cm.add_argument("--format", choices=("table", "json"), default="table", help="output (default: table)")


def run_desk(args) -> int:
    """Run one desk command; errors become one line on stderr and an exit code."""
    from pipeline.desk.tables import QueryError
    from pipeline.store import RunLocked
    from pipeline.store.index import IndexBusy

    try:
        return _COMMANDS[args.command](args)
    except (FileNotFoundError, QueryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (IndexBusy, RunLocked) as exc:
        print(f"news-pipeline: {exc}", file=sys.stderr)
        return EXIT_BUSY


def _index(args) -> int:
    from pipeline.store import run_lock
    from pipeline.store.index import index_path, rebuild

    processed = Path(args.processed)
    if args.rebuild:
        if not processed.is_dir():
            raise FileNotFoundError(f"no such folder: {processed}")
        with run_lock(processed):  # one writer: not while a run updates it
            out = rebuild(processed)
        print(f"index rebuilt: {index_path(processed)} ({out['synced']} record files)")
        for bad in out["unreadable"]:
            print(f"  ! not valid record JSON, left out: {bad}", file=sys.stderr)
    return _query_out(processed, "SELECT 'articles' AS table_name, count(*) AS rows FROM articles UNION ALL "
                                 "SELECT 'commitments', count(*) FROM commitments UNION ALL "
                                 "SELECT 'errors', count(*) FROM errors UNION ALL SELECT 'runs', count(*) FROM runs",
                      "table", None)


def _query(args) -> int:
    return _query_out(Path(args.processed), args.sql, args.format, args.max_rows)


def _query_out(processed: Path, sql: str, fmt: str, max_rows) -> int:
    from pipeline.desk.tables import run_query, write_rows

    columns, rows = run_query(processed, sql)
    write_rows(columns, rows, fmt, sys.stdout, max_rows if fmt == "table" else None)
    return 0


def _export(args) -> int:
    from pipeline.desk.tables import export

    files = export(Path(args.processed), args.format, Path(args.dir))
    print(f"exported {len(files)} tables to {args.dir}: " + ", ".join(f.name for f in files))
    return 0


def _report(args) -> int:
    from pipeline.desk.report import build_report
    from pipeline.store import run_lock

    processed = Path(args.processed)
    if not processed.is_dir():
        raise FileNotFoundError(f"no such folder: {processed}")
    with run_lock(processed):  # the flow writes the report too
        out = build_report(processed)
    print(f"report: {out['index']} ({out['pages']} files in {out['seconds']:.1f} s)")
    return 0


def _commitments(args) -> int:
    from pipeline.desk.threads import build_threads, select
    from pipeline.store.index import opened

    with opened(Path(args.processed), read_only=True) as con:
        threads = select(build_threads(con), args.actor, args.since)
    if args.format == "json":
        json.dump([t.to_dict() for t in threads], sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    from pipeline.desk.tables import write_rows

    rows = [(t.last_reported, ", ".join(t.actors), f"{t.action} {t.object}".strip(), " -> ".join(t.stages),
             len(t.reports), len(t.sources), t.first_reported, t.id) for t in threads]
    write_rows(["last reported", "actors", "commitment", "stages", "reports", "sources", "first reported", "thread"],
               rows, "table", sys.stdout)
    return 0


_COMMANDS = {"index": _index, "query": _query, "export": _export, "report": _report, "commitments": _commitments}
