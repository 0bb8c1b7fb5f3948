"""End-to-end ingestion through the real Prefect flow on the embedded (ephemeral) server."""

import json
import os
from pathlib import Path

import pytest

from models import ErrorRecord, Record

pytestmark = pytest.mark.flow


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def _records(out: Path) -> dict[str, dict]:
    return {p.relative_to(out).as_posix(): json.loads(p.read_text())
            for p in out.rglob("*.json") if "_errors" not in p.parts}


def test_ingest_end_to_end_incremental_and_errors(prefect_server, sample_raw, tmp_path):
    from prefect.artifacts import Artifact

    from pipeline.flows import SUMMARY_KEY, ingest

    out = tmp_path / "processed"
    before = {p: p.read_bytes() for p in sample_raw.rglob("*") if p.is_file()}
    s1 = ingest(raw=str(sample_raw), processed=str(out), batch_size=3)
    assert s1["status"] == "ok" and s1["failed"] == 0 and s1["files"] == 6
    recs = _records(out)
    assert len(recs) == s1["articles"] == 8
    # paths mirror raw/, one record per JSONL line
    assert "wire/2024-03-ocean-treaty.json" in recs and "feeds/briefs/2.json" in recs
    for rel, data in recs.items():
        rec = Record.model_validate(data)  # validates offsets too
        for ent in rec.people + rec.organisations + rec.places:
            for m in ent.mentions:
                assert rec.article.text[m.start:m.end] == m.text
        assert rec.source.sha256 == __import__("hashlib").sha256((sample_raw / rec.source.path).read_bytes()).hexdigest()
    assert Artifact.get(SUMMARY_KEY) is not None

    # second run: nothing to do, nothing rewritten
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    s2 = ingest(raw=str(sample_raw), processed=str(out))
    assert (s2["files"], s2["articles"], s2["unchanged"]) == (0, 0, 6)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == mtimes

    # a changed file and a broken one: the change is reprocessed, the broken file gets an error record
    changed = sample_raw / "wire/lunar-relay.md"
    changed.write_text(changed.read_text() + "\nThe agencies will meet again in May.\n")
    (sample_raw / "feeds/broken.json").write_text("{not json")
    (sample_raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    s3 = ingest(raw=str(sample_raw), processed=str(out))
    assert (s3["files"], s3["articles"], s3["failed"], s3["unchanged"]) == (2, 1, 1, 5)
    assert s3["skipped"] == ["notes.pdf: unsupported file type"]
    err = ErrorRecord.model_validate_json((out / "_errors/feeds/broken.json.json").read_text())
    assert err.error_type == "invalid_json" and err.source["path"] == "feeds/broken.json"
    assert "again in May" in _records(out)["wire/lunar-relay.json"]["article"]["text"]

    # --reprocess does everything again; raw files were never touched
    s4 = ingest(raw=str(sample_raw), processed=str(out), reprocess=True)
    assert s4["files"] == 7
    for p, data in before.items():
        if p != changed:
            assert p.read_bytes() == data


def test_second_run_while_locked_does_nothing(prefect_server, sample_raw, tmp_path):
    from pipeline.flows import ingest
    from pipeline.store import run_lock

    out = tmp_path / "processed"
    with run_lock(out):
        s = ingest(raw=str(sample_raw), processed=str(out))
    assert s["status"] == "locked" and "another ingestion run" in s["message"]
    assert not _records(out)
