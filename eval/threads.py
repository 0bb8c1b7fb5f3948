"""Thread precision and recall on our dev set ``eval/threads/`` (pipeline/desk/threads.py).

    python eval/threads.py              # threads over the gold commitments (threading alone)
    python eval/threads.py --extracted  # threads over what the pipeline extracts from eval/threads/raw

Pairwise scores over the gold commitments: a pair is a true positive when the gold puts both
in one thread and so do the threads; precision = TP / pairs the threads join, recall = TP /
pairs the gold joins. With ``--extracted``, a gold commitment is matched to the extracted
commitment of the same article whose sentence overlaps its own and shares an actor key;
an unmatched one is a thread of its own (so extraction misses cost recall).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import Actor, Article, Commitment, PipelineInfo, Record, Source, When  # noqa: E402
from pipeline.desk.threads import build_threads  # noqa: E402
from pipeline.ingest import read_path  # noqa: E402
from pipeline.record.keys import actor_key, entity_key  # noqa: E402
from pipeline.store import dump_record, write_atomic  # noqa: E402
from pipeline.store.index import opened, rebuild  # noqa: E402

SET = ROOT / "eval" / "threads"


def gold_records(gold: list[dict], raw: Path) -> list[Record]:
    """One record per article of the dev set, holding exactly its gold commitments."""
    out = []
    for name, items in itertools.groupby(sorted(gold, key=lambda c: c["article"]), key=lambda c: c["article"]):
        (art,) = read_path(raw / name, name)
        commitments = []
        for c in items:
            start = art.text.index(c["sentence"])
            actors = [Actor(name=a, key=actor_key(a) or entity_key("organisations", a, [])[0]) for a in c["actors"]]
            commitments.append(Commitment(
                actors=actors, action=c["action"], object=c["object"], category=c["category"], modality="firm",
                when=When(text=c["when"], value=c.get("value")) if c.get("when") else None, negated=c["negated"],
                sentence=c["sentence"], start=start, end=start + len(c["sentence"]), confidence=1.0))
        out.append(Record(id=art.sha256, source=Source(path=name, sha256=art.file_sha256, format=art.format),
                          article=Article(title=art.title, published=art.published, text=art.text),
                          commitments=commitments, pipeline=PipelineInfo(version="gold", model="gold")))
    return out


def thread_of(processed: Path) -> dict[tuple[str, int], str]:
    """(record path, commitment index) -> thread id, over the index in ``processed``."""
    with opened(processed, read_only=True) as con:
        return {(r.record, r.idx): t.id for t in build_threads(con) for r in t.reports}


def match(gold: list[dict], processed: Path) -> list[tuple[str, int] | None]:
    """For each gold commitment, the (record, idx) of the extracted commitment it matches, or None."""
    with opened(processed, read_only=True) as con:
        rows = con.execute("SELECT c.record, c.idx, c.sentence, list(a.key) FROM commitments c "
                           "JOIN commitment_actors a USING (record, idx) GROUP BY ALL").fetchall()
    taken: set = set()
    out: list = []
    for g in gold:
        keys = {actor_key(a) or entity_key("organisations", a, [])[0] for a in g["actors"]}
        record = g["article"].rsplit(".", 1)[0] + ".json"
        hit = next(((r, i) for r, i, s, ks in rows if r == record and (r, i) not in taken
                    and (s in g["sentence"] or g["sentence"] in s) and keys & set(ks)), None)
        if hit:
            taken.add(hit)
        out.append(hit)
    return out


def pairwise(gold: list[dict], predicted: list[str | None]) -> dict:
    tp = fp = fn = 0
    for (g1, p1), (g2, p2) in itertools.combinations(zip(gold, predicted), 2):
        same_gold, same_pred = g1["thread"] == g2["thread"], p1 is not None and p1 == p2
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "pairs_gold": tp + fn, "pairs_joined": tp + fp, "commitments": len(gold),
            "threads_gold": len({g["thread"] for g in gold})}


def evaluate(extracted: bool = False, dev: Path = SET) -> dict:
    gold = json.loads((dev / "gold.json").read_text())["commitments"]
    with tempfile.TemporaryDirectory() as tmp:
        processed = Path(tmp) / "processed"
        if extracted:
            from pipeline.batch import process_files
            from pipeline.store import FileTask, iter_raw, sha256_file

            tasks = [FileTask(rel, str(p), p.stat().st_size, 0, sha256_file(p)) for rel, p in iter_raw(dev / "raw")]
            process_files(tasks, str(processed))
        else:
            for rec in gold_records(gold, dev / "raw"):
                write_atomic(processed / (rec.source.path.rsplit(".", 1)[0] + ".json"), dump_record(rec))
        rebuild(processed)
        threads = thread_of(processed)
        if extracted:
            keys = match(gold, processed)
            predicted = [threads.get(k) if k else None for k in keys]
            out = pairwise(gold, predicted)
            out["gold_matched"] = sum(k is not None for k in keys)
        else:
            predicted = [threads.get((g["article"].rsplit(".", 1)[0] + ".json", i)) for g, i in
                         zip(gold, _gold_indexes(gold))]
            out = pairwise(gold, predicted)
    return out


def _gold_indexes(gold: list[dict]) -> list[int]:
    """1-based index of each gold commitment within its article's record (the record keeps gold order)."""
    seen: dict[str, int] = {}
    out = []
    for g in sorted(range(len(gold)), key=lambda i: gold[i]["article"]):
        seen[gold[g]["article"]] = seen.get(gold[g]["article"], 0) + 1
        out.append((g, seen[gold[g]["article"]]))
    return [i for _, i in sorted(out)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extracted", action="store_true", help="thread what the pipeline extracts, not the gold")
    print(json.dumps(evaluate(ap.parse_args().extracted), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
