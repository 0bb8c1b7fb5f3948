"""SQL over the index, printed as a table, CSV or JSON; every table exported as Parquet or CSV.

The index is opened read-only: a query can read everything and change nothing
("DELETE ..." fails with DuckDB's own message).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
from pathlib import Path
from typing import IO, Optional

from pipeline.store.index import opened
from pipeline.store.index_schema import EXPORTED

FORMATS = ("table", "csv", "json")
EXPORT_FORMATS = ("parquet", "csv")


class QueryError(ValueError):
    """The SQL failed (DuckDB's message, one line)."""


def run_query(processed: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of ``sql`` over the index of ``processed``.

    Raises :class:`QueryError` for SQL DuckDB rejects, ``FileNotFoundError`` when there is no
    index yet, :class:`pipeline.store.index.IndexBusy` while a run writes it for more than 10 s.
    """
    import duckdb

    with opened(processed, read_only=True) as con:
        try:
            cur = con.execute(sql)
            if cur.description is None:
                return [], []
            return [d[0] for d in cur.description], cur.fetchall()
        except duckdb.Error as exc:
            raise QueryError(" ".join(str(exc).split())) from None


def _plain(v):
    """A JSON/CSV-friendly value: dates as ISO strings, decimals as floats, lists and dicts kept."""
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def write_rows(columns: list[str], rows: list[tuple], fmt: str, out: IO[str], max_rows: Optional[int] = None) -> None:
    """Print ``rows`` as a rich table (at most ``max_rows``, then a count of the rest), CSV or JSON."""
    if fmt == "json":
        json.dump([dict(zip(columns, map(_plain, r))) for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        for r in rows:
            w.writerow([json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else _plain(v)
                        for v in r])
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns, show_lines=False)
        shown = rows if max_rows is None else rows[:max_rows]
        for r in shown:
            table.add_row(*["" if v is None else str(_plain(v)) for v in r])
        console = Console(file=out, soft_wrap=False, width=None if out.isatty() else 160)
        console.print(table, markup=False, highlight=False)
        if len(shown) < len(rows):
            console.print(f"... {len(rows) - len(shown)} more rows (--max-rows N, or --format csv|json for all)",
                          markup=False, highlight=False)


def export(processed: Path, fmt: str, dest: Path) -> list[Path]:
    """Write every table and view of the index to ``dest/<name>.<fmt>`` (Parquet, or CSV with a
    header; lists in CSV as DuckDB prints them). Returns the files written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"--format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    with opened(processed, read_only=True) as con:
        for name in EXPORTED:
            path = dest / f"{name}.{fmt}"
            quoted = str(path.resolve()).replace("'", "''")
            options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
            con.execute(f"COPY (SELECT * FROM {name}) TO '{quoted}' ({options})").fetchall()
            out.append(path)
    return out
