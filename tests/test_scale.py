"""Scale-out and size: a real Dask cluster, texts longer than spaCy's max_length, the
prefetch that overlaps Prefect's start-up, and the benchmark command on a tiny corpus."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Record
from pipeline.batch import process_files
from pipeline.orchestration.prefetch import Prefetch
from pipeline.record import chunk_text, extract_records
from pipeline.ingest import article_from_text
from pipeline.store import Ledger, discover

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory):
    """One PREFECT_HOME for the module's CLI runs, so the database is migrated once."""
    return tmp_path_factory.mktemp("scale-prefect-home")


def _env(prefect_home):
    env = dict(os.environ, PREFECT_HOME=str(prefect_home), PYTHONPATH=str(ROOT))
    env.pop("PREFECT_API_URL", None)
    return env


def _reference(raw: Path, out: Path, prefetched=None) -> dict[str, bytes]:
    """Records written by the flow's steps in this one process (no Prefect, no Dask):
    discover, process the files (taking ``prefetched`` records), commit the outcomes to the ledger."""
    ledger = Ledger(out)
    try:
        plan = discover(raw, ledger)
        for oc in process_files(plan.pending, str(out), prefetched=prefetched):
            ledger.commit_file(oc.rel_path, oc.size, oc.mtime_ns, oc.sha256, oc.status,
                               oc.outputs, oc.articles, oc.errors)
    finally:
        ledger.close()
    return _outputs(out)


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))}


# --------------------------------------------------------------------------- Dask


@pytest.mark.flow
def test_run_on_a_dask_localcluster_matches_single_process(sample_raw, tmp_path, prefect_home):
    """`run --dask-address` on a real 2-process LocalCluster: the records are byte-identical to
    the single-process ones, both workers ran batches, and no worker started a Prefect server."""
    distributed = pytest.importorskip("distributed")

    want = _reference(sample_raw, tmp_path / "single")
    assert len(want) == 8
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        r = subprocess.run([sys.executable, "-m", "pipeline", "run", "--raw", str(sample_raw), "--processed",
                            str(tmp_path / "dask"), "--dask-address", cluster.scheduler_address,
                            "--batch-size", "1", "--json"],
                           cwd=tmp_path, env=_env(prefect_home), capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr[-3000:]

        def own_prefect_server():
            import sys as _sys

            mod = _sys.modules.get("prefect.server.api.server")
            return bool(mod and any(s.running for s in mod.SubprocessASGIServer._instances.values()))

        servers = client.run(own_prefect_server)
    summary = json.loads(r.stdout[r.stdout.index("{"):])
    assert summary["articles"] == 8 and summary["failed"] == 0
    assert len(summary["workers"]) == 2, summary["workers"]  # 6 one-file batches spread over both
    assert not any(servers.values()), servers
    got = _outputs(tmp_path / "dask")
    assert got.keys() == want.keys()
    for rel in want:
        assert got[rel] == want[rel], rel


def _local_run(sample_raw: Path, out: Path, prefect_home, workers: int) -> tuple[list, dict]:
    """``run --workers N --batch-size 2`` over the samples (8 articles, 6 files: 3 batches) into
    ``out``; its command and summary. The records must equal the single-process ones byte for byte."""
    want = _reference(sample_raw, out.parent / f"single-{out.name}")
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(sample_raw), "--processed", str(out),
           "--workers", str(workers), "--batch-size", "2", "--json"]
    r = subprocess.run(cmd, cwd=out.parent, env=_env(prefect_home), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    summary = json.loads(r.stdout[r.stdout.index("{"):])
    assert summary["articles"] == 8 and summary["failed"] == 0
    assert not any(w.endswith(f":{summary['flow_pid']}") for w in summary["workers"])  # not the flow's process
    got = _outputs(out)
    assert got.keys() == want.keys()
    for rel in want:
        assert got[rel] == want[rel], rel
    return cmd, summary


@pytest.mark.flow
def test_one_worker_run_extracts_in_its_worker_process_and_matches_single_process(sample_raw, tmp_path,
                                                                                  prefect_home):
    """`run --workers 1`: the batches run in one worker process (not the flow's), which loads the
    model while Prefect starts and prefetches; the records are byte-identical to the ones the
    flow's steps write in one plain process, and a second run finds nothing to do."""
    cmd, summary = _local_run(sample_raw, tmp_path / "one", prefect_home, 1)
    (worker,) = summary["workers"]  # one process ran every batch
    assert summary["workers"][worker]["batches"] == 3
    again = subprocess.run(cmd, cwd=tmp_path, env=_env(prefect_home), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and json.loads(again.stdout[again.stdout.index("{"):])["files"] == 0


@pytest.mark.flow
def test_two_worker_run_splits_batches_and_prefetch_between_processes_and_matches_single_process(
        sample_raw, tmp_path, prefect_home):
    """`run --workers 2` (no Dask address): two worker processes, each prefetching its own share
    of the batches while Prefect starts and getting exactly those batches (no prefetched record
    is computed twice); the records are byte-identical to single-process ones."""
    _, summary = _local_run(sample_raw, tmp_path / "two", prefect_home, 2)
    workers = summary["workers"]
    assert len(workers) == 2 and sorted(w["batches"] for w in workers.values()) == [1, 2], workers
    for w in workers.values():
        assert w.get("prefetch_used", 0) == w.get("prefetched", 0), workers


# --------------------------------------------------------------------------- long texts


def _long_text() -> str:
    paras = [
        "GENEVA, March 14 - Eleven coastal states on Thursday signed a framework agreement to create a "
        "shared monitoring network for the high seas.",
        "The deal was brokered by the Marine Stewardship Forum (MSF), a Geneva-based body, after two years of talks.",
        "Portugal will fund two patrol vessels from April 2025, Foreign Minister Ana Ribeiro said on Friday.",
        "The network will open a coordination centre in Lisbon by the end of next year, officials said.",
    ]
    body = "\n\n".join(paras * 12)
    tail = "\n\nIn a final statement, Chile's negotiator Tomas Vidal said Chile will host the next round in May."
    return body + tail


@pytest.mark.parametrize("sep", ["\n\n", " "])  # paragraph breaks, or one endless paragraph
def test_text_longer_than_max_length_is_chunked_with_exact_offsets(nlp, sep):
    text = _long_text().replace("\n\n", sep)
    limit = 1500
    assert len(text) > 3 * limit
    art = article_from_text(text, rel_path="long.txt", format="text", file_sha256="0" * 64, sha256="0" * 64,
                            published="2024-03-15")
    saved = nlp.max_length
    nlp.max_length = limit
    try:
        (rec,) = extract_records([art], nlp)
    finally:
        nlp.max_length = saved
    assert not isinstance(rec, Exception), rec
    assert len(chunk_text(art.text, limit)) > 3
    text = rec.article.text
    mentions = [m for e in rec.people + rec.organisations + rec.places for m in e.mentions]
    spans = [(m.start, m.end, m.text) for m in mentions] + [(d.start, d.end, d.text) for d in rec.dates]
    spans += [(c.start, c.end, c.sentence) for c in rec.commitments]
    assert spans
    for start, end, s in spans:
        assert text[start:end] == s
    # found in the last chunk too, at its global offset
    vidal = [m for e in rec.people if e.name == "Tomas Vidal" for m in e.mentions]
    assert vidal and vidal[0].start == text.index("Tomas Vidal")
    assert max(m.start for m in mentions) > len(text) - 200
    assert any(c.sentence.startswith("In a final statement") for c in rec.commitments)
    Record.model_validate(rec.model_dump())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\"”"), max_size=400), st.integers(min_value=8, max_value=60))
def test_chunks_cover_the_text_in_order_within_the_limit(text, limit):
    chunks = chunk_text(text, limit)
    assert "".join(c for _, c in chunks) == text
    pos = 0
    for off, c in chunks:
        assert off == pos and len(c) <= limit
        pos += len(c)


# --------------------------------------------------------------------------- prefetch


def test_prefetched_records_are_the_ones_the_task_computes(nlp, sample_raw, tmp_path):
    want = _reference(sample_raw, tmp_path / "plain")
    changed = sample_raw / "wire/lunar-relay.md"
    pre = Prefetch(sample_raw, tmp_path / "out").start()
    pre.thread.join(120)  # let it run to the end of the candidates
    assert pre.error is None and pre.articles == 8 and len(pre.ready) == 8
    changed.write_text(changed.read_text() + "\nThe agencies will meet again in May.\n")
    try:
        got = _reference(sample_raw, tmp_path / "out", pre)
    finally:
        pre.close()
    assert pre.taken == 7  # the changed file's record was computed again, not taken
    assert got.keys() == want.keys()
    for rel in want:
        if rel != "wire/lunar-relay.json":
            assert got[rel] == want[rel], rel
    assert b"again in May" in got["wire/lunar-relay.json"]


def test_candidate_scan_skips_what_the_ledger_has_settled(sample_raw, tmp_path):
    from pipeline.store import candidate_files

    out = tmp_path / "out"
    assert len(list(candidate_files(sample_raw, out))) == 6
    _reference(sample_raw, out)
    assert list(candidate_files(sample_raw, out)) == []
    (sample_raw / "new.txt").write_text(" date 2024-01-02\n\nKenya will build a dam.\n")
    (sample_raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    os.utime(sample_raw / "wire/lunar-relay.md", ns=(1, 1))  # touched: discovery will hash it
    assert [rel for rel, _ in candidate_files(sample_raw, out)] == ["new.txt", "wire/lunar-relay.md"]
    assert len(list(candidate_files(sample_raw, out, reprocess=True))) == 7


# --------------------------------------------------------------------------- the benchmark


@pytest.mark.flow
def test_bench_command_on_a_tiny_corpus(tmp_path, prefect_home):
    r = subprocess.run([sys.executable, "-m", "pipeline", "bench", "--docs", "20", "--workers", "1", "--profile",
                        "--incremental", "--desk", "--workdir", str(tmp_path / "bench"), "--json-out", str(tmp_path / "b.json")],
                       cwd=tmp_path, env=_env(prefect_home), capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = r.stdout
    assert "bare nlp.pipe, 1 process" in out and "run --workers 1" in out
    assert "words/s" in out and "vs bare" in out and "peak RSS" in out
    assert "== profile" in out and "JSON writing" in out and "date resolution" in out
    assert "== incremental" in out and "old raw files 0" in out and "old records read 0" in out
    data = json.loads((tmp_path / "b.json").read_text())
    runs = {r_["kind"]: r_ for r_ in data["runs"]}
    assert runs["bare"]["docs"] == 20 and runs["run"]["summary"]["articles"] == 20
    assert runs["run"]["ratio"] > 0 and runs["run"]["worker_peaks_mib"]
    assert data["incremental"]["old_raw_opened"] == 0 and data["incremental"]["record_reads"] == 0
    assert "== analyst's desk" in out and "Kenya's commitments due before 2030" in out
    (desk,) = data["desk"]
    assert desk["in_run"][0]["index"]["seconds"] > 0 and desk["report_files"] > 20 and len(desk["queries"]) == 5
