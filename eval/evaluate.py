#!/usr/bin/env python3
"""Score the current extraction on an annotated set (default: our dev set, eval/dev).

usage: python eval/evaluate.py [--raw DIR] [--gold DIR] [--out DIR] [--verbose] [--seeds]

Extracts every raw file with the library (no Prefect server needed), writes one record
per file into --out (default: a temp dir), then runs ../shared/score.py GOLD OUT.
--seeds scores ../shared/seeds instead. Needs ../shared beside the repo (tests do not).
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=str(ROOT / "eval/dev/raw"))
    ap.add_argument("--gold", default=str(ROOT / "eval/dev/gold"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--seeds", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if a.seeds:
        a.raw, a.gold = str(SHARED / "seeds/raw"), str(SHARED / "seeds/gold")
    from pipeline.record import extract_records
    from pipeline.ingest import read_path

    out = Path(a.out or tempfile.mkdtemp(prefix="np-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(Path(a.raw).glob("*.txt"))
    arts = [art for f in files for art in read_path(f, f.name)]
    for art, rec in zip(arts, extract_records(arts)):
        if isinstance(rec, Exception):
            print(f"{art.rel_path}: {type(rec).__name__}: {rec}", file=sys.stderr)
            continue
        (out / (Path(art.rel_path).stem + ".json")).write_text(rec.model_dump_json(indent=2))
    score = SHARED / "score.py"
    if not score.exists():
        print(f"records in {out}; {score} not found, so no score", file=sys.stderr)
        return 0
    cmd = [sys.executable, str(score), a.gold, str(out)] + (["--verbose"] if a.verbose else [])
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
