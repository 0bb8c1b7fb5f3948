"""Commitment threads across articles (pipeline/desk/threads.py) on our dev set eval/threads/."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.desk.threads import Report, build_threads, select, stages
from pipeline.store import dump_record, write_atomic
from pipeline.store.index import opened, rebuild

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import threads as dev_threads  # noqa: E402  (eval/threads.py)

GOLD = json.loads((ROOT / "eval/threads/gold.json").read_text())["commitments"]


@pytest.fixture(scope="module")
def gold_index(tmp_path_factory):
    out = tmp_path_factory.mktemp("threads") / "processed"
    for rec in dev_threads.gold_records(GOLD, ROOT / "eval/threads/raw"):
        write_atomic(out / (rec.source.path.rsplit(".", 1)[0] + ".json"), dump_record(rec))
    rebuild(out)
    with opened(out, read_only=True) as con:
        threads = build_threads(con)
    return out, threads


def _thread_of(threads, article):
    record = article.rsplit(".", 1)[0] + ".json"
    return {t.id for t in threads for r in t.reports if r.record == record}


def test_dev_set_precision_and_recall():
    scores = dev_threads.evaluate()
    assert scores["commitments"] == 22 and scores["threads_gold"] == 12
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.9, scores


def test_each_event_is_one_thread_and_near_misses_stay_apart(gold_index):
    _, threads = gold_index
    fund = _thread_of(threads, "fund-1.txt") & _thread_of(threads, "fund-2.txt") & _thread_of(threads, "fund-3.txt")
    assert len(fund) == 1, "'United States', 'U.S.' and 'America' report one pledge"
    assert not fund & _thread_of(threads, "gavi-nearmiss.txt")
    trees = _thread_of(threads, "trees-1.txt") & _thread_of(threads, "trees-2.txt") & _thread_of(threads, "trees-3.txt")
    assert len(trees) == 1 and not trees & _thread_of(threads, "hospitals-nearmiss.txt")
    assert not _thread_of(threads, "hydrogen-3.txt") & _thread_of(threads, "cables-nearmiss.txt")
    assert not _thread_of(threads, "lamu-1.txt") & _thread_of(threads, "sgr-nearmiss.txt")
    (t,) = [t for t in threads if t.id in fund]
    assert (t.first_reported, t.last_reported, len(t.sources)) == ("2022-09-22", "2023-01-30", 3)
    assert t.keys == ["country:US"] and [r.published for r in t.reports] == sorted(r.published for r in t.reports)


def test_a_thread_says_what_changed(gold_index):
    _, threads = gold_index
    (lamu,) = [t for t in threads if any(r.record == "lamu-3.json" and r.action == "finish" for r in t.reports)]
    assert lamu.stages == ["signed", "reaffirmed", "delayed"], [(r.published, r.stage) for r in lamu.reports]


def test_stage_rules():
    def rep(cat="pledge", negated=False, action="build"):
        return Report("r", 1, "2021-01-01", "p", None, "s", ["A"], action, "x", cat, "firm", negated, None, None)
    d = dt.date
    assert stages([rep(), rep(), rep("agreement"), rep(), rep(negated=True)], [d(2025, 1, 1), None, None,
                                                                              d(2026, 12, 31), None]) == \
        ["announced", "reaffirmed", "signed", "delayed", "withdrawn"]
    assert stages([rep("agreement"), rep(action="postpone")], [None, None]) == ["signed", "delayed"]


def test_select_by_actor_and_since(gold_index):
    _, threads = gold_index
    kenya = select(threads, actor="Kenya")
    assert kenya and all("country:KE" in t.keys for t in kenya)
    assert select(threads, actor="America") == select(threads, actor="U.S.") != []
    assert all(t.last_reported >= "2023-01-01" for t in select(threads, since="2023"))
    assert len(select(threads, since="2023-06-12")) < len(select(threads, since="2021"))
    with pytest.raises(ValueError, match="--since"):
        select(threads, since="last year")


def test_commitments_command_lists_threads_as_json(gold_index, tmp_path):
    out, _ = gold_index
    r = subprocess.run([sys.executable, "-m", "pipeline", "commitments", "--actor", "Ghana", "--since", "2021",
                        "--format", "json", "--processed", str(out)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    trees = [t for t in data if len(t["reports"]) == 3]
    assert len(trees) == 1 and {"actors", "keys", "first_reported", "last_reported", "sources", "stages"} <= set(trees[0])
    assert {"source_path", "sentence", "published"} <= set(trees[0]["reports"][0])
    r = subprocess.run([sys.executable, "-m", "pipeline", "commitments", "--since", "soon", "--processed", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "--since" in r.stderr
