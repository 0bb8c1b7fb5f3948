"""The DuckDB index: incremental add, replace and remove; rebuild equals incremental; queries; export."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.desk.tables import QueryError, export, run_query
from pipeline.store.index import PENDING_NAME, index_path, opened, rebuild
from desk_helpers import dump, run_once

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = """ date 2021-03-10

NAIROBI - Kenya will build {n} new classrooms by 2029, Education Cabinet Secretary Ezekiel Machogu said on Tuesday.

The World Bank pledged to finance half of the cost.
"""


def _lines(*items) -> str:
    return "".join(json.dumps(it) + "\n" for it in items)


@pytest.fixture()
def desk(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    (raw / "wire").mkdir(parents=True)
    (raw / "wire/schools.txt").write_text(ARTICLE.format(n="5,000"))
    (raw / "feed.jsonl").write_text(_lines(
        {"title": "Ghana pledges trees", "date": "2021-05-14", "url": "https://example.org/trees",
         "text": "Ghana will plant 20 million trees by 2025, the Forestry Commission said on Thursday."},
        {"title": "EU hydrogen", "date": "2022-10-18",
         "text": "The European Union will invest 500 million euros in green hydrogen in Morocco by 2027."}))
    return raw, out


def _count(out, sql):
    return run_query(out, sql)[1]


def test_incremental_add_replace_remove_and_rebuild_equals_incremental(desk, nlp):
    raw, out = desk
    s = run_once(raw, out, "r1")
    assert s["articles"] == 3 and s["index"]["deferred"] == 0 and index_path(out).exists()
    assert _count(out, "SELECT record FROM articles ORDER BY record") == [
        ("feed/1.json",), ("feed/2.json",), ("wire/schools.json",)]
    assert ("Kenya", "country:KE") in _count(out, "SELECT name, key FROM commitment_actors")
    # replace: new content at the same path; remove: the JSONL loses its second line; error: a new empty file
    (raw / "wire/schools.txt").write_text(ARTICLE.format(n="7,500"))
    (raw / "feed.jsonl").write_text(_lines(json.loads((raw / "feed.jsonl").read_text().splitlines()[0])))
    (raw / "empty.txt").write_text("")
    run_once(raw, out, "r2")
    objects = [o for (o,) in _count(out, "SELECT object FROM commitments WHERE record = 'wire/schools.json'")]
    assert any("7,500" in o for o in objects) and not any("5,000" in o for o in objects)
    assert _count(out, "SELECT count(*) FROM articles WHERE record = 'feed/2.json'") == [(0,)]
    assert _count(out, "SELECT count(*) FROM commitments WHERE record = 'feed/2.json'") == [(0,)]
    assert _count(out, "SELECT source_path, error_type FROM errors") == [("empty.txt", "empty")]
    changes = dict(_count(out, "SELECT record, change FROM run_records WHERE run_id = 'r2'"))
    assert changes["feed/2.json"] == "removed" and changes["wire/schools.json"] == "written"
    assert _count(out, "SELECT run_id, files FROM runs ORDER BY run_id") == [("r1", 2), ("r2", 3)]
    incremental = dump(out)
    rebuild(out)
    assert dump(out) == incremental


def test_a_crash_between_batches_and_the_end_loses_no_row(desk, nlp):
    raw, out = desk
    run_once(raw, out, "r1", crash_before_finish=False)
    (raw / "wire/schools.txt").write_text(ARTICLE.format(n="9,999"))
    run_once(raw, out, "r2", crash_before_finish=True)  # the ledger has it; the index only as pending
    assert (out / PENDING_NAME).exists()
    run_once(raw, out, "r3")  # nothing to process, but the pending paths are synced
    assert not (out / PENDING_NAME).exists()
    assert any("9,999" in o for (o,) in _count(out, "SELECT object FROM commitments"))


def test_records_deleted_behind_the_flows_back_leave_the_index_at_the_next_run(desk, nlp):
    raw, out = desk
    run_once(raw, out)
    (raw / "feed.jsonl").unlink()  # what deleting a raw file does, by whichever code removes its records
    for p in (out / "feed").glob("*.json"):
        p.unlink()
    from pipeline.store import Ledger

    led = Ledger(out)
    led.db.execute("DELETE FROM files WHERE path = 'feed.jsonl'")
    led.close()
    run_once(raw, out)
    assert _count(out, "SELECT record FROM articles") == [("wire/schools.json",)]


def test_a_reader_holding_the_index_defers_the_sync_and_the_run_goes_on(desk, nlp):
    raw, out = desk
    run_once(raw, out, "r1")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"c = duckdb.connect({str(index_path(out))!r}, read_only=True); "
                               "print('open', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        (raw / "wire/schools.txt").write_text(ARTICLE.format(n="1,234"))
        s = run_once(raw, out, "r2")
        assert s["articles"] == 1 and s["index"]["deferred"] >= 1 and (out / PENDING_NAME).exists()
    finally:
        holder.kill()
        holder.wait()
    run_once(raw, out, "r3")
    assert any("1,234" in o for (o,) in _count(out, "SELECT object FROM commitments"))


def test_queries_answer_an_analysts_question_and_refuse_writes(desk, nlp):
    raw, out = desk
    run_once(raw, out)
    rows = _count(out, "SELECT DISTINCT c.action, c.when_end FROM commitments c JOIN commitment_actors a "
                       "USING (record, idx) WHERE a.key = 'country:KE' AND c.when_end < DATE '2030-01-01'")
    assert [(a, str(d)) for a, d in rows] == [("build", "2029-12-31")]
    with pytest.raises(QueryError, match="nope"):
        run_query(out, "SELECT * FROM nope")
    with pytest.raises(QueryError):
        run_query(out, "DELETE FROM articles")
    assert _count(out, "SELECT count(*) FROM articles") == [(3,)]
    with pytest.raises(FileNotFoundError, match="index --rebuild"):
        run_query(out.parent / "elsewhere", "SELECT 1")


def test_export_writes_every_table_as_parquet_and_csv(desk, nlp, tmp_path):
    raw, out = desk
    run_once(raw, out)
    import duckdb

    files = export(out, "parquet", tmp_path / "pq")
    names = {f.stem for f in files}
    assert {"articles", "people", "organisations", "places", "dates", "commitments", "commitment_actors"} <= names
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'pq/commitments.parquet'}')").fetchall()
    assert n == _count(out, "SELECT count(*) FROM commitments")
    csvs = export(out, "csv", tmp_path / "csv")
    header = (tmp_path / "csv/articles.csv").read_text().splitlines()[0]
    assert header.startswith("record,article_id,source_path") and len(csvs) == len(files)


def test_query_and_export_commands(desk, nlp, tmp_path):
    raw, out = desk
    run_once(raw, out)
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args, "--processed", str(out)], env=env,
                              capture_output=True, text=True, timeout=120)

    r = cli("query", "SELECT title, published FROM articles WHERE title IS NOT NULL ORDER BY published", "--format",
            "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"title": "Ghana pledges trees", "published": "2021-05-14"},
                                    {"title": "EU hydrogen", "published": "2022-10-18"}]
    r = cli("query", "SELECT record, commitments FROM articles ORDER BY record", "--format", "csv")
    assert r.stdout.splitlines()[0] == "record,commitments" and len(r.stdout.splitlines()) == 4
    r = cli("query", "SELECT record FROM articles")
    assert r.returncode == 0 and "wire/schools.json" in r.stdout and "┃" in r.stdout  # a rich table
    r = cli("query", "SELEC nonsense")
    assert r.returncode == 2 and r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1
    r = cli("export", str(tmp_path / "exp"), "--format", "csv")
    assert r.returncode == 0 and (tmp_path / "exp/commitments.csv").exists()
    shutil.rmtree(tmp_path / "exp")
    index_path(out).unlink()
    r = cli("index", "--rebuild")
    assert r.returncode == 0 and "3 record files" in r.stdout, r.stderr
    with opened(out, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3,)]
