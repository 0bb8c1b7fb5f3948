"""``news-pipeline bench --desk``: what the analyst's desk costs on the benchmark's processed corpus.

After the full runs of a corpus size: the share of each run spent on the DuckDB index
and on the report (from the run summary), a rebuild of the index from the JSON files,
the latency of representative queries (median of :data:`REPEATS`, each on a fresh
read-only connection as ``news-pipeline query`` opens it, plus the command itself once,
Python start-up included), the threads and a full report build.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPEATS = 5

#: (label, SQL): questions an analyst asks (the first: "which commitments did Kenya make with a
#: deadline before 2030")
QUERIES = [
    ("Kenya's commitments due before 2030",
     "SELECT c.record, c.action, c.object, c.when_end FROM commitments c JOIN commitment_actors a "
     "USING (record, idx) WHERE a.key = 'country:KE' AND c.when_end < DATE '2030-01-01'"),
    ("commitments per actor (top 20)",
     "SELECT key, count(*) AS n FROM commitment_actors GROUP BY key ORDER BY n DESC LIMIT 20"),
    ("agreements per month",
     "SELECT date_trunc('month', published) AS m, count(*) FROM commitments WHERE category = 'agreement' "
     "GROUP BY m ORDER BY m"),
    ("sentences mentioning 'solar'",
     "SELECT record, sentence FROM commitments WHERE sentence ILIKE '%solar%'"),
    ("articles with their people (join)",
     "SELECT a.title, list(p.name) FROM articles a JOIN people p USING (record) GROUP BY a.record, a.title"),
]


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def query_latencies(processed: Path) -> list[dict]:
    """Per query: median seconds over :data:`REPEATS` (connection opened each time) and rows."""
    from pipeline.desk.tables import run_query

    out = []
    for label, sql in QUERIES:
        times, rows = [], 0
        for _ in range(REPEATS):
            s, (_, result) = _timed(lambda: run_query(processed, sql))
            times.append(s)
            rows = len(result)
        out.append({"query": label, "median_ms": round(1000 * statistics.median(times), 1),
                    "max_ms": round(1000 * max(times), 1), "rows": rows})
    return out


def desk_section(rep, work: Path, n: int, runs: list[dict]) -> int:
    """Print and record the desk's figures for the corpus of ``n`` articles; 0 if all went well."""
    from pipeline.desk.report import build_report
    from pipeline.desk.threads import build_threads
    from pipeline.store.index import opened, rebuild

    if not runs:
        return 1
    rep.line()
    rep.line(f"== analyst's desk over {n:,} articles (DuckDB index, queries, threads, report)")
    for r in runs:
        s = r["summary"]
        ix, rp = s.get("index", {}), s.get("report", {})
        rep.line(f"  in run --workers {r['workers']} ({r['seconds']:.1f}s): index {ix.get('seconds', 0):.1f}s "
                 f"({100 * ix.get('seconds', 0) / r['seconds']:.1f}%), report {rp.get('seconds', 0):.1f}s "
                 f"({100 * rp.get('seconds', 0) / r['seconds']:.1f}%, {rp.get('pages', 0):,} files)")
    processed = work / f"processed-w{runs[0]['workers']}"
    t_rebuild, _ = _timed(lambda: rebuild(processed))
    size_mib = (processed / "index.duckdb").stat().st_size / 2**20
    rep.line(f"  index --rebuild from the JSON files: {t_rebuild:.1f}s; index.duckdb {size_mib:.0f} MiB")
    lat = query_latencies(processed)
    for q in lat:
        rep.line(f"  query {q['query']:40} median {q['median_ms']:7.1f} ms  (max {q['max_ms']:.1f}; {q['rows']:,} rows)")
    cmd = [sys.executable, "-m", "pipeline", "query", QUERIES[0][1], "--format", "csv", "--processed", str(processed)]
    t_cli, cp = _timed(lambda: subprocess.run(cmd, capture_output=True, text=True))
    rep.line(f"  `news-pipeline query` command, start to exit: {t_cli:.2f}s (exit {cp.returncode})")
    with opened(processed, read_only=True) as con:
        t_threads, threads = _timed(lambda: build_threads(con))
    multi = sum(len(t.reports) > 1 for t in threads)
    rep.line(f"  threads: {t_threads:.1f}s, {len(threads):,} threads ({multi:,} with several reports)")
    t_report, report = _timed(lambda: build_report(processed))
    rep.line(f"  full report (news-pipeline report): {t_report:.1f}s, {report['pages']:,} files")
    rep.data.setdefault("desk", []).append({
        "docs": n, "in_run": [{"workers": r["workers"], "seconds": r["seconds"], "index": r["summary"].get("index"),
                               "report": r["summary"].get("report")} for r in runs],
        "rebuild_seconds": round(t_rebuild, 2), "index_mib": round(size_mib, 1), "queries": lat,
        "query_command_seconds": round(t_cli, 2), "threads_seconds": round(t_threads, 2), "threads": len(threads),
        "report_seconds": round(t_report, 2), "report_files": report["pages"]})
    return 0 if cp.returncode == 0 else 1
