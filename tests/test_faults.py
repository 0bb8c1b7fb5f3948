"""Faults: files that vanish or grow while read, failed writes, kill -9, two runs at once.

The in-process tests call the batch and discovery functions directly (no Prefect). The
others run the installed CLI as real subprocesses, each in its own process group, and
check the processed/ folder the way a user would find it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from models import ErrorRecord, Record
from pipeline import batch, ingest as readers
from pipeline.ingest import read as ingest_read
from pipeline.batch import process_files
from pipeline.cli.run import EXIT_LOCKED
from pipeline.store import LEDGER_NAME, TMP_DIR, Ledger, RunLocked, discover, run_lock, write_atomic
from pipeline.store.index import INDEX_NAME, PENDING_NAME, REPORT_DIR

ROOT = Path(__file__).resolve().parents[1]
ART = ("GENEVA, March 14 - The World Health Organization said on Tuesday it will open two new offices "
       "in Nairobi next year. Director Maria Keller said the agency plans to hire 40 staff.\n")


def _plan(raw: Path, out: Path, **kw):
    ledger = Ledger(out)
    try:
        return discover(raw, ledger, **kw)
    finally:
        ledger.close()


def _commit(out: Path, outcomes: list[dict]) -> None:
    ledger = Ledger(out)
    try:
        for oc in outcomes:
            if oc.status != "unwritten":
                ledger.commit_file(oc.rel_path, oc.size, oc.mtime_ns, oc.sha256, oc.status,
                                   oc.outputs, oc.articles, oc.errors)
    finally:
        ledger.close()


def _error(out: Path, rel: str) -> ErrorRecord:
    return ErrorRecord.model_validate_json((out / "_errors" / f"{rel}.json").read_text())


def check_processed(out: Path) -> dict[str, Record]:
    """What a crash must never leave: every file under processed/ (but the temp folder, the
    ledger and the lock) is a complete, valid record or error record, and every ledger entry
    points only at outputs that exist and are valid. Returns the records by raw key."""
    records: dict[str, Record] = {}
    for p in out.rglob("*"):
        rel = p.relative_to(out)
        if not p.is_file() or rel.parts[0] == TMP_DIR or p.name.startswith((LEDGER_NAME, ".run.lock")):
            continue
        if rel.parts[0] == REPORT_DIR or p.name.startswith((INDEX_NAME, PENDING_NAME)):
            continue  # the analyst's desk: the DuckDB index and the review report, derived from the records
        assert p.suffix == ".json" and not p.name.startswith("."), f"stray file {rel}"
        text = p.read_text()
        if rel.parts[0] == "_errors":
            ErrorRecord.model_validate_json(text)
            continue
        rec = Record.model_validate_json(text)  # complete JSON, schema and offsets
        key = rec.source.path + (f"#{rec.source.line}" if rec.source.line else "")
        assert key not in records, f"two records for {key}"
        records[key] = rec
    if (out / LEDGER_NAME).exists():
        db = sqlite3.connect(f"file:{out / LEDGER_NAME}?mode=ro", uri=True)
        try:
            for path, status, outputs, articles in db.execute("SELECT path, status, outputs, articles FROM files"):
                outputs = json.loads(outputs)
                for o in outputs:
                    assert (out / o).is_file(), f"ledger entry {path} names missing output {o}"
                if status == "ok":
                    assert len(outputs) == articles, path
        finally:
            db.close()
    return records


# --------------------------------------------------------------------------- vanished / being written


def test_file_deleted_between_discovery_and_reading_gets_an_error_and_is_retried(tmp_path, nlp):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "gone.txt").write_text(ART)
    (raw / "stays.txt").write_text(ART)
    plan = _plan(raw, out)
    (raw / "gone.txt").unlink()
    outcomes = process_files(plan.pending, str(out))
    _commit(out, outcomes)
    by = {o.rel_path: o for o in outcomes}
    assert by["stays.txt"].status == "ok"
    assert by["gone.txt"].status == "retry"
    assert _error(out, "gone.txt").error_type == "vanished"
    # it comes back (same bytes): processed again, and the error record is replaced by the record
    (raw / "gone.txt").write_text(ART)
    plan2 = _plan(raw, out)
    assert [t.rel_path for t in plan2.pending] == ["gone.txt"]
    _commit(out, process_files(plan2.pending, str(out)))
    assert (out / "gone.json").is_file() and not (out / "_errors/gone.txt.json").exists()
    check_processed(out)


def test_file_growing_while_read_is_retried_not_half_processed(tmp_path, nlp, monkeypatch):
    """A writer appends while the file is read: the article is not extracted from the torn
    bytes; it gets a 'changing' error record, keeps its last good record, and the next run
    reads it again."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    f = raw / "live.txt"
    f.write_text(ART)
    _commit(out, process_files(_plan(raw, out).pending, str(out)))
    good = (out / "live.json").read_bytes()
    f.write_text(ART + "Update: the offices open in May.\n")
    plan = _plan(raw, out)

    real_open = open

    class Appending:
        """The file object the reader gets: after its read() returns, the writer appends more."""

        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.fh.close()

        def fileno(self):
            return self.fh.fileno()

        def read(self):
            data = self.fh.read()
            with real_open(f, "ab") as w:
                w.write(b"More lines arrive from the writer.\n")
            return data

    monkeypatch.setattr(ingest_read, "open", lambda p, mode="r": Appending(real_open(p, mode)), raising=False)
    outcomes = process_files(plan.pending, str(out))
    monkeypatch.undo()
    (oc,) = outcomes
    assert oc.status == "retry" and _error(out, "live.txt").error_type == "changing"
    assert (out / "live.json").read_bytes() == good  # the last good record stays until the file settles
    _commit(out, outcomes)
    plan2 = _plan(raw, out)
    assert [t.rel_path for t in plan2.pending] == ["live.txt"]
    _commit(out, process_files(plan2.pending, str(out)))
    rec = Record.model_validate_json((out / "live.json").read_text())
    assert "More lines arrive" in rec.article.text and not (out / "_errors/live.txt.json").exists()
    check_processed(out)


def test_multi_megabyte_article_is_read_whole_and_chunked_with_global_offsets(nlp, monkeypatch):
    """3 MB of text reads in well under a second; extraction of the chunks (made small here so
    the test is quick: a real 2 MB article takes about 2 minutes) keeps every offset global."""
    from pipeline.record import extract

    big = (" date 2024-03-14\n" + ART * (3_000_000 // len(ART))).encode()
    t0 = time.perf_counter()
    (art,) = readers.read_bytes(big, "big.txt")
    assert time.perf_counter() - t0 < 5 and len(art.text) > 2_900_000 and art.published == "2024-03-14"
    small = readers.article_from_text(ART * 12, rel_path="b.txt", format="text", file_sha256="0" * 64,
                                      sha256="0" * 64, published="2024-03-14")
    monkeypatch.setattr(extract, "CHUNK_CHARS", 400)
    assert len(extract.chunk_text(small.text, 400)) > 5
    (rec,) = extract.extract_records([small], nlp)
    assert isinstance(rec, Record)  # its validator checks that every offset slices the text
    # every copy's dateline date is found, at its global offset
    starts = {d.start for d in rec.dates if d.text == "March 14"}
    assert starts == {i * len(ART) + len("GENEVA, ") for i in range(12)}


def test_large_articles_are_extracted_in_bounded_groups(tmp_path, nlp, monkeypatch):
    """Memory: articles go to spaCy in groups of at most GROUP_CHARS characters; an article
    over the size limit gets a clear too_large error record instead of stalling the run."""
    arts = [readers.article_from_text(ART * n, rel_path=f"{n}.txt", format="text", file_sha256="0" * 64,
                                      sha256="0" * 64) for n in (1, 2, 600, 1, 1, 1500, 3)]
    groups = batch.extraction_groups(arts, limit=100_000)
    assert groups == [[0, 1], [2], [3, 4], [5], [6]]
    assert all(sum(len(arts[i].text) for i in g) <= 100_000 or len(g) == 1 for g in groups)

    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "huge.txt").write_text(ART * 200)
    (raw / "fine.txt").write_text(ART)
    monkeypatch.setenv("NEWS_PIPELINE_MAX_CHARS", "10000")
    by = {o.rel_path: o for o in process_files(_plan(raw, out).pending, str(out))}
    assert by["fine.txt"].status == "ok" and by["huge.txt"].status == "error"
    e = _error(out, "huge.txt")
    assert e.error_type == "too_large" and "NEWS_PIPELINE_MAX_CHARS" in e.message


def test_an_extractor_crash_costs_one_article_not_the_batch(tmp_path, nlp, monkeypatch):
    """An exception inside spaCy's pipe fails the whole nlp.pipe call; the batch redoes the
    group one article at a time, so only the article that crashes gets an error record."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    for name in ("a.txt", "boom.txt", "c.txt"):
        (raw / name).write_text(ART + ("KABOOM\n" if name == "boom.txt" else ""))
    real = batch.extract_records

    def flaky(articles, nlp, **kw):
        if any("KABOOM" in a.text for a in articles):
            raise ValueError("[E000] something inside a pipeline component")
        return real(articles, nlp, **kw)

    monkeypatch.setattr(batch, "extract_records", flaky)
    by = {o.rel_path: o for o in process_files(_plan(raw, out).pending, str(out))}
    assert by["a.txt"].status == by["c.txt"].status == "ok"
    assert by["boom.txt"].status == "error"
    e = _error(out, "boom.txt")
    assert e.error_type == "ValueError" and "something inside" in e.message
    check_processed(out)


# --------------------------------------------------------------------------- failed writes


def test_write_cut_short_by_the_kernel_leaves_the_old_record_whole(tmp_path, nlp):
    """A real partial write: RLIMIT_FSIZE makes write(2) stop at 64 KB and fail with EFBIG,
    as a full disk stops a write midway. The new, bigger record fails; the previous record
    of that article is still complete, an error record says why, no temp file is left, and
    the file is retried on the next run (status 'retry')."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    f = raw / "grows.txt"
    f.write_text(ART)
    (raw / "small.txt").write_text(ART)
    _commit(out, process_files(_plan(raw, out).pending, str(out)))
    old = (out / "grows.json").read_bytes()
    f.write_text(ART + "x" * 150_000 + "\n")  # its record is now ~150 KB
    plan = _plan(raw, out)

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    try:
        outcomes = process_files(plan.pending, str(out))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    (oc,) = outcomes
    assert oc.status == "retry"
    e = _error(out, "grows.txt")
    assert e.error_type == "write_failed" and "File too large" in e.message
    assert (out / "grows.json").read_bytes() == old
    assert not [p for p in (out / TMP_DIR).iterdir()]
    _commit(out, outcomes)
    check_processed(out)
    plan2 = _plan(raw, out)
    assert [t.rel_path for t in plan2.pending] == ["grows.txt"]  # retried although unchanged
    _commit(out, process_files(plan2.pending, str(out)))
    assert len(Record.model_validate_json((out / "grows.json").read_text()).article.text) > 150_000
    assert not (out / "_errors/grows.txt.json").exists()


def test_disk_full_fails_the_article_cleanly(tmp_path, nlp, monkeypatch):
    """ENOSPC from every write (the record's and the error record's): nothing is written, no
    temp file is left, the outcome is 'unwritten' (no ledger entry: the next run retries)
    and the message says the disk is full."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "a.txt").write_text(ART)
    plan = _plan(raw, out)
    real_fsync = os.fsync

    def full(fd):
        if os.fstat(fd).st_size > 0 and Path(f"/proc/self/fd/{fd}").resolve().parent.name == TMP_DIR:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    (oc,) = process_files(plan.pending, str(out))
    monkeypatch.undo()
    assert oc.status == "unwritten" and oc.outputs == []
    assert any("no space left on device (disk full)" in m for m in oc.error_messages)
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix in (".json", ".tmp")]


def _blocking_dir(path: Path):
    """Make ``path`` refuse new files for real: chmod for a normal user; as root (chmod does
    not stop root) the immutable attribute, which does. Returns an undo function, or skips."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        return lambda: path.chmod(0o755)
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root and this file system has no chattr +i: cannot make a folder unwritable")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def test_unwritable_output_folder_fails_the_article_with_a_clear_error(tmp_path, nlp):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    (raw / "desk").mkdir(parents=True)
    (raw / "desk/a.txt").write_text(ART)
    (raw / "b.txt").write_text(ART)
    (out / "desk").mkdir(parents=True)
    undo = _blocking_dir(out / "desk")
    try:
        outcomes = process_files(_plan(raw, out).pending, str(out))
    finally:
        undo()
    by = {o.rel_path: o for o in outcomes}
    assert by["b.txt"].status == "ok" and by["desk/a.txt"].status == "retry"
    e = _error(out, "desk/a.txt")
    assert e.error_type == "write_failed" and ("Permission denied" in e.message or "not permitted" in e.message)
    assert not list((out / "desk").iterdir())
    _commit(out, outcomes)
    _commit(out, process_files(_plan(raw, out).pending, str(out)))  # fixed: retried by itself
    assert (out / "desk/a.json").is_file() and not (out / "_errors/desk/a.txt.json").exists()


def test_temp_files_of_a_killed_run_are_cleared_by_the_next(tmp_path):
    from pipeline.store import clean_tmp

    out = tmp_path / "processed"
    write_atomic(out / "a.json", b"{}", out / TMP_DIR)
    (out / TMP_DIR / ".~np-abc123.tmp").write_bytes(b'{"half": ')
    assert clean_tmp(out) == 1 and not list((out / TMP_DIR).iterdir()) and (out / "a.json").read_bytes() == b"{}"


def test_run_lock_waits_or_refuses(tmp_path):
    import threading

    out = tmp_path / "processed"
    got = []
    with run_lock(out):
        with pytest.raises(RunLocked, match="another ingestion run is already using"):
            with run_lock(out):
                pass
        t = threading.Thread(target=lambda: run_lock(out, wait=True).__enter__() or got.append(time.monotonic()))
        t.start()
        time.sleep(0.5)
        assert not got  # still waiting
        released = time.monotonic()
    t.join(10)
    assert got and got[0] >= released


# --------------------------------------------------------------------------- property tests

_words = st.sampled_from(
    ["China", "Russia", "will", "build", "the", "station", "with", "partners", "by", "2030", "on", "Friday", "said",
     "Wu", "Yanhua", "(CNSA)", "signed", "an", "agreement", "pledged", "to", "Mr.", "UN", "next", "year", "March",
     "14", ",", ".", "\n", "\n\n", "-", '"', "'s", "and", "It", "We", "not", "would", "Ministry", "of", "BEIJING",
     "—", "2021-04-23", "1990s", "$5bn", "ﬁ", "İ", "e\u0301", "🚀", "\u200b", "\t"])
_texts = st.one_of(st.text(max_size=300), st.lists(_words, max_size=50).map(" ".join),
                   st.lists(st.one_of(_words, st.text(max_size=4)), max_size=40).map(" ".join))


def _assert_valid(rec, text_source: str) -> None:
    assert isinstance(rec, Record), f"extractor crashed on {text_source!r}: {rec!r}"
    again = Record.model_validate_json(rec.model_dump_json())  # serialisable, and the offsets check again
    text = again.article.text
    for e in again.people + again.organisations + again.places:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    for d in again.dates:
        assert text[d.start:d.end] == d.text
    for c in again.commitments:
        assert text[c.start:c.end] == c.sentence


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_texts, st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.text(max_size=12)))
def test_extractor_on_arbitrary_unicode_never_raises_and_records_validate(nlp, text, header):
    """Arbitrary text (with or without a header line, valid or not) through the reader and the
    real spaCy pipeline: a ReadError or a valid record; never an exception or a bad offset."""
    from pipeline.record import extract_records

    data = ((f" date {header}\n" if header is not None else "") + text).encode("utf-8", "surrogatepass")
    try:
        items = list(readers.read_bytes(data, "a.txt"))
    except readers.ReadError:
        return
    arts = [a for a in items if isinstance(a, readers.RawArticle)]
    for art, rec in zip(arts, extract_records(arts, nlp)):
        _assert_valid(rec, text)


_bytes = st.one_of(
    st.binary(max_size=600),
    st.tuples(_texts, st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252", "latin-1"])).map(
        lambda te: te[0].encode(te[1], "ignore")),
    st.tuples(_texts, st.binary(max_size=8), _texts).map(lambda t: t[0].encode() + t[1] + t[2].encode()),
)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(_bytes, st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl"]))
def test_extractor_on_arbitrary_bytes_never_raises_and_records_validate(nlp, data, name):
    from pipeline.record import extract_records

    try:
        items = list(readers.read_bytes(data, name))
    except readers.ReadError:
        return
    arts = [a for a in items if isinstance(a, readers.RawArticle)]
    for rec in extract_records(arts, nlp):
        _assert_valid(rec, data)


# --------------------------------------------------------------------------- real runs (subprocesses)


def _env(home: Path, **extra) -> dict:
    env = dict(os.environ, PREFECT_HOME=str(home / ".prefect"), PYTHONPATH=str(ROOT), **extra)
    env.pop("PREFECT_API_URL", None)
    return env


def _start(args: list[str], cwd: Path, env: dict) -> subprocess.Popen:
    """``news-pipeline ...`` in a new session = its own process group (with the Prefect server
    it starts), output to files so a full pipe can never block it."""
    stamp = time.monotonic_ns()
    out, err = open(cwd / f"run-{stamp}.out", "w+"), open(cwd / f"run-{stamp}.err", "w+")
    p = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env, stdout=out, stderr=err,
                         text=True, start_new_session=True)
    p.out_file, p.err_file = out, err
    return p


def _stdout(p: subprocess.Popen) -> str:
    p.out_file.seek(0)
    return p.out_file.read()


def _output(p: subprocess.Popen) -> str:
    """stderr then stdout of a run."""
    p.err_file.seek(0)
    return p.err_file.read() + _stdout(p)


def _kill_group(p: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(p.pid, signal.SIGKILL)
    p.wait(30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the whole group is gone, Prefect server included
        try:
            os.killpg(p.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    pytest.fail("processes of the killed run survived")


def _ledger_rows(out: Path) -> int:
    db = sqlite3.connect(f"file:{out / LEDGER_NAME}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM files").fetchone()[0]
    finally:
        db.close()


def _records_written(out: Path) -> int:
    return sum(1 for p in out.rglob("*.json") if "_errors" not in p.parts and TMP_DIR not in p.parts)


def _wait_for(cond, p: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if p.poll() is not None:
            pytest.fail(f"run ended before the fault could be injected ({p.returncode}): {_output(p)[-3000:]}")
        if time.monotonic() > deadline:
            _kill_group(p)
            pytest.fail("run made no progress")
        time.sleep(0.1)


def _workers_of(p: subprocess.Popen) -> list:
    """The worker processes of run ``p`` (they extract and write every record)."""
    import psutil

    return [c for c in psutil.Process(p.pid).children(recursive=True)
            if "multiprocessing" in " ".join(c.cmdline()) and "resource_tracker" not in " ".join(c.cmdline())]


def _hold_when(cond, p: subprocess.Popen):
    """Run ``p``'s worker process (it extracts and writes every record) in short slices
    between SIGSTOPs until ``cond()`` holds, and return it stopped: a fault then lands
    mid-run however fast the run is (the worker may have prefetched every article while
    Prefect started, and the remaining task runs only write)."""
    _wait_for(lambda: _workers_of(p), p)
    workers = _workers_of(p)
    assert len(workers) == 1, [c.cmdline() for c in workers]  # a one-worker run
    worker = workers[0]
    worker.suspend()
    deadline = time.monotonic() + 300
    while not cond():
        if time.monotonic() > deadline:
            _kill_group(p)
            pytest.fail("run made no progress")
        worker.resume()
        time.sleep(0.02)
        worker.suspend()
        time.sleep(0.03)
    return worker


def _kill_and_expect_failure(p: subprocess.Popen, victims: list, what: str, message: str, resume=()) -> None:
    """kill -9 ``victims`` (processes of run ``p``), then resume the processes in ``resume``
    (held by :func:`_hold_when`): the run must end within two minutes with exit 1 and ``message``,
    and leave no process of its group behind."""
    for v in victims:
        v.kill()
    for r in resume:
        r.resume()
    try:
        p.wait(120)
    except subprocess.TimeoutExpired:
        _kill_group(p)
        pytest.fail(f"run hung after {what} died")
    log = _output(p)
    assert p.returncode == 1 and message in log, log[-3000:]
    _kill_group(p)  # nothing may be left behind


def _corpus(raw: Path, n: int) -> set[str]:
    """``n`` news-like articles of ~1.5 KB plus a 5-line JSONL; returns the expected record keys."""
    rnd = random.Random(5)
    names = ["Maria Keller", "Wu Yanhua", "Daniel Osei", "Mira Sandoval", "Ana Lima"]
    orgs = ["The World Health Organization", "Voltline Motors", "The transit authority", "CNSA"]
    places = ["Nairobi", "Geneva", "Lima", "Beijing", "Oslo"]
    raw.mkdir(parents=True)
    keys = set()
    for i in range(n):
        paras = [f"{rnd.choice(orgs)} said on Tuesday it will open {j + 2} offices in {rnd.choice(places)} next "
                 f"year. {rnd.choice(names)} said the agency plans to hire {10 * j} staff by 2026." for j in range(6)]
        (raw / f"desk{i % 3}").mkdir(exist_ok=True)
        (raw / f"desk{i % 3}/story-{i:02d}.txt").write_text(f" date 2024-03-{1 + i % 28:02d}\n\n" + "\n\n".join(paras))
        keys.add(f"desk{i % 3}/story-{i:02d}.txt")
    (raw / "feed.jsonl").write_text("\n".join(json.dumps({"text": f"{rnd.choice(orgs)} will build road {k}."})
                                              for k in range(1, 6)) + "\n")
    keys |= {f"feed.jsonl#{k}" for k in range(1, 6)}
    return keys


@pytest.mark.flow
def test_kill_9_mid_run_and_prefect_server_crash_then_rerun_completes(tmp_path):
    """kill -9 of the whole run's process group while it writes records; then a run whose
    embedded Prefect server is killed mid-way; each time the folder holds only complete,
    valid records and a ledger that names only written outputs; a last run completes the job
    with exactly one record per article."""
    import psutil

    raw, out = tmp_path / "raw", tmp_path / "processed"
    keys = _corpus(raw, 18)
    args = ["run", "--raw", str(raw), "--processed", str(out), "--batch-size", "2"]

    # 1. kill -9 the process group as soon as records are being written
    p = _start(args, tmp_path, _env(tmp_path))
    _hold_when(lambda: _records_written(out) >= 2, p)
    _kill_group(p)
    after_kill = check_processed(out)
    assert 0 < len(after_kill) < len(keys), "the kill did not land mid-run"
    print(f"\n[kill -9 group] records {len(after_kill)}/{len(keys)}, ledger rows {_ledger_rows(out)}, "
          f"temp files left {len(list((out / TMP_DIR).glob('*')))}")

    # 2. kill -9 only the embedded Prefect server while the run writes records
    #    (no client retries: the run then fails within seconds instead of after minutes)
    p = _start(args, tmp_path, _env(tmp_path, PREFECT_CLIENT_MAX_RETRIES="0"))
    worker = _hold_when(lambda: _records_written(out) > len(after_kill), p)
    servers = [c for c in psutil.Process(p.pid).children(recursive=True) if "uvicorn" in " ".join(c.cmdline())]
    assert servers, "no embedded Prefect server process found"
    _kill_and_expect_failure(p, servers, "its Prefect server", "news-pipeline: run failed: lost the Prefect API",
                             resume=[worker])
    after_server = check_processed(out)
    print(f"[kill -9 server] exit {p.returncode}, records {len(after_server)}/{len(keys)}, "
          f"ledger rows {_ledger_rows(out)}")

    # 3. a normal run finishes the job: exactly one record per article, no error, no temp file
    p = _start(args + ["--json"], tmp_path, _env(tmp_path))
    p.wait(300)
    assert p.returncode == 0, _output(p)[-3000:]
    final = check_processed(out)
    print(f"[rerun] exit 0, wrote {json.loads(_stdout(p))['articles']}, records {len(final)}/{len(keys)}")
    assert set(final) == keys
    assert not list((out / "_errors").rglob("*.json")) if (out / "_errors").exists() else True
    assert not list((out / TMP_DIR).iterdir())


@pytest.mark.flow
def test_kill_9_of_the_worker_process_fails_the_run_clearly_and_rerun_completes(tmp_path):
    """`run --workers 1` extracts in a worker process; if that process dies (the OOM killer,
    kill -9), the run ends at once with exit 1 and says so, keeps what was written, leaves no
    process behind, and the next run completes the job."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    keys = _corpus(raw, 14)
    args = ["run", "--raw", str(raw), "--processed", str(out), "--batch-size", "2"]
    p = _start(args, tmp_path, _env(tmp_path))
    worker = _hold_when(lambda: _records_written(out) >= 2, p)
    _kill_and_expect_failure(p, [worker], "its worker process", "news-pipeline: run failed: the worker process died")
    after = check_processed(out)
    assert 0 < len(after) < len(keys)
    p = _start(args + ["--json"], tmp_path, _env(tmp_path))
    p.wait(300)
    assert p.returncode == 0, _output(p)[-3000:]
    assert set(check_processed(out)) == keys
    assert not list((out / TMP_DIR).iterdir())


@pytest.mark.flow
def test_two_runs_at_once_one_refuses_clearly_and_nothing_is_done_twice(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    keys = _corpus(raw, 8)
    args = ["run", "--raw", str(raw), "--processed", str(out), "--json"]
    runs = [_start(args, tmp_path, _env(tmp_path)) for _ in range(2)]
    for p in runs:
        p.wait(300)
    codes = sorted(p.returncode for p in runs)
    logs = [_output(p) for p in runs]
    assert codes == [0, EXIT_LOCKED], logs
    loser = logs[[p.returncode for p in runs].index(EXIT_LOCKED)]
    assert "another ingestion run is already using" in loser and "--wait" in loser
    assert "starting Prefect" not in loser  # refused before it started a server
    for log in logs:
        assert "database is locked" not in log and "Traceback" not in log
    summary = json.loads(_stdout(runs[[p.returncode for p in runs].index(0)]))
    assert summary["articles"] == len(keys)
    assert set(check_processed(out)) == keys


def test_run_on_an_unwritable_processed_folder_fails_clearly(tmp_path):
    """Permission denied on processed/ itself: the run stops before doing anything, with one
    line saying why (exit 1), and writes nothing. As root, where chmod does not bite, the CLI
    runs as 'nobody' (setpriv) to get a real EACCES."""
    base = Path(tempfile.mkdtemp(prefix="np-perm-"))  # not under pytest's 0700 folder: 'nobody' must read it
    try:
        base.chmod(0o755)
        raw, out = base / "raw", base / "processed"
        raw.mkdir()
        (raw / "a.txt").write_text(ART)
        out.mkdir()
        cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--processed", str(out)]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: cannot get a real permission error")
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        else:
            out.chmod(0o555)
        r = subprocess.run(cmd, cwd=base, env=_env(base), capture_output=True, text=True, timeout=120)
        if "No module named" in r.stderr or "ModuleNotFoundError" in r.stderr:
            pytest.skip(f"'nobody' cannot read the project: {r.stderr[-300:]}")
        assert r.returncode == 1, r.stderr[-3000:]
        assert "news-pipeline: run failed: Permission denied" in r.stderr and "Traceback" not in r.stderr
        assert list(out.iterdir()) == []
    finally:
        with contextlib.suppress(OSError):
            (base / "processed").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs '{d}'"], capture_output=True)
    return r.returncode == 0


@pytest.mark.flow
def test_real_disk_full_fails_the_article_then_the_next_run_retries_it(tmp_path):
    """processed/ on a 256 KB tmpfs (in a private mount namespace: invisible to the rest of the
    machine, gone with the test): the record that does not fit fails with ENOSPC, as a clear
    error record, nothing half-written; after the file system grows, the next run retries it
    by itself (the raw file did not change) and the error record goes away."""
    if not _can_mount_tmpfs():
        pytest.skip("needs root and mount namespaces (unshare -m) to mount a small tmpfs")
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    out.mkdir()
    for i in range(3):
        (raw / f"small-{i}.txt").write_text(ART)
    (raw / "big.txt").write_text(ART + "x" * 600_000 + "\n")  # a ~600 KB record: cheap to extract, too big to fit
    script = """
        mount -t tmpfs -o size=256k tmpfs "$OUT" || exit 99
        for n in 1 2; do
            "$PY" -m pipeline run --raw "$RAW" --processed "$OUT" --json > "$SNAP/$n.out" 2> "$SNAP/$n.err"
            echo $? > "$SNAP/$n.rc"
            cp -a "$OUT" "$SNAP/$n"
            mount -o remount,size=8m "$OUT"
        done
    """
    snap = tmp_path / "snap"
    snap.mkdir()
    env = _env(tmp_path, OUT=str(out), RAW=str(raw), SNAP=str(snap), PY=sys.executable)
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    first = json.loads((snap / "1.out").read_text())
    assert (snap / "1.rc").read_text().strip() == "0"
    assert (first["articles"], first["failed"]) == (3, 1)
    assert any("big.txt: write_failed: cannot write big.json: no space left on device (disk full)" in e
               for e in first["errors"]), first["errors"]
    recs = check_processed(snap / "1")
    assert set(recs) == {f"small-{i}.txt" for i in range(3)}
    assert not (snap / "1/big.json").exists() and not list((snap / "1" / TMP_DIR).iterdir())
    assert ErrorRecord.model_validate_json((snap / "1/_errors/big.txt.json").read_text()).error_type == "write_failed"
    second = json.loads((snap / "2.out").read_text())
    assert (second["files"], second["articles"], second["failed"]) == (1, 1, 0)
    assert set(check_processed(snap / "2")) == {f"small-{i}.txt" for i in range(3)} | {"big.txt"}
    assert not (snap / "2/_errors/big.txt.json").exists()


def test_outputs_never_collide(tmp_path, nlp):
    """b.jsonl line 1 and a raw folder b/ with 1.txt would both write b/1.json; a raw folder
    named _errors would mix with the error records: neither happens."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    (raw / "b").mkdir(parents=True)
    (raw / "b/1.txt").write_text(ART)
    (raw / "b.jsonl").write_text(json.dumps({"text": "Peru will host the summit."}) + "\n")
    (raw / "_errors").mkdir()
    (raw / "_errors/x.txt").write_text(ART)
    plan = _plan(raw, out)
    assert ("_errors", "folder name '_errors' is reserved for error records in processed/; rename it") in plan.skipped
    outcomes = process_files(plan.pending, str(out))
    assert sorted(o for oc in outcomes for o in oc.outputs) == ["b.jsonl/1.json", "b/1.json"]


def test_a_new_neighbour_that_would_collide_renames_the_old_outputs(tmp_path, nlp):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "b.jsonl").write_text(json.dumps({"text": "Peru will host the summit."}) + "\n")
    _commit(out, process_files(_plan(raw, out).pending, str(out)))
    assert (out / "b/1.json").is_file()
    (raw / "b").mkdir()
    (raw / "b/1.txt").write_text(ART)
    plan = _plan(raw, out)
    assert [t.rel_path for t in plan.pending] == ["b.jsonl", "b/1.txt"]
    _commit(out, process_files(plan.pending, str(out)))
    recs = check_processed(out)
    assert set(recs) == {"b.jsonl#1", "b/1.txt"}
    assert recs["b/1.txt"].source.path == "b/1.txt" and (out / "b.jsonl/1.json").is_file()
