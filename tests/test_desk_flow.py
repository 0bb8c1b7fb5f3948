"""The flow keeps the index and the report: real Prefect flow runs on the embedded server."""

import json
from pathlib import Path

import pytest

from desk_helpers import dump
from pipeline.desk.tables import run_query
from pipeline.store.index import rebuild

pytestmark = pytest.mark.flow




def test_every_run_updates_the_index_and_links_its_report(prefect_server, sample_raw, tmp_path):
    from prefect.artifacts import Artifact

    from pipeline.orchestration.flows import ingest
    from pipeline.orchestration.report import REPORT_KEY

    out = tmp_path / "processed"
    s1 = ingest(raw=str(sample_raw), processed=str(out), batch_size=2)
    assert s1["articles"] == 8 and s1["index"]["deferred"] == 0
    assert run_query(out, "SELECT count(*) FROM articles")[1] == [(8,)]
    ((run_id, records),) = run_query(out, "SELECT run_id, articles FROM runs")[1]
    assert records == 8 and Path(s1["report"]["run"]).is_file()
    art = Artifact.get(REPORT_KEY)
    assert art is not None and Path(s1["report"]["run"]).as_uri() in art.data

    # a changed JSONL (one line fewer, one line changed) and a new broken file
    feed = sample_raw / "feeds/briefs.jsonl"
    lines = feed.read_text().splitlines()
    first = json.loads(lines[0])
    first["title"] = "A new title for the first brief"
    feed.write_text(json.dumps(first) + "\n" + lines[1] + "\n")
    (sample_raw / "feeds/broken.json").write_text("{not json")
    s2 = ingest(raw=str(sample_raw), processed=str(out))
    assert s2["files"] == 2
    q = run_query(out, "SELECT record, title FROM articles WHERE source_path = 'feeds/briefs.jsonl' ORDER BY record")[1]
    assert q[0] == ("feeds/briefs/1.json", "A new title for the first brief") and len(q) == 2
    assert run_query(out, "SELECT source_path, error_type FROM errors")[1] == [("feeds/broken.json", "invalid_json")]
    assert run_query(out, "SELECT count(*) FROM runs")[1] == [(2,)]
    assert Path(s2["report"]["run"]).is_file() and s2["report"]["run"] != s1["report"]["run"]
    incremental = dump(out)
    rebuild(out)
    assert dump(out) == incremental
