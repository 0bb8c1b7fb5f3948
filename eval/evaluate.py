#!/usr/bin/env python3
"""Score the current extraction on an annotated set (default: our dev set, eval/dev).

usage: python eval/evaluate.py [--raw DIR] [--gold DIR] [--out DIR] [--verbose] [--seeds]
       python eval/evaluate.py --all        # seeds, dev, dev2, dev3, dev4, dev4-heldout, dev5 as one markdown table

Extracts every raw file with the library (no Prefect server needed), writes one record
per file into --out (default: a temp dir), then runs ../shared/score.py GOLD OUT.
--seeds scores ../shared/seeds instead. Needs ../shared beside the repo (tests do not).
An article that fails to extract is reported on stderr and counted as missing.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "score.py"
#: the annotated sets: name -> (raw folder, gold folder)
SETS = {
    "seeds": (SHARED / "seeds/raw", SHARED / "seeds/gold"),
    "dev": (ROOT / "eval/dev/raw", ROOT / "eval/dev/gold"),
    "dev2 (held out)": (ROOT / "eval/dev2/raw", ROOT / "eval/dev2/gold"),
    "dev3 (real-news shaped)": (ROOT / "eval/dev3/raw", ROOT / "eval/dev3/gold"),
    "dev4 (real-news shaped, read)": (ROOT / "eval/dev4/raw", ROOT / "eval/dev4/gold"),
    "dev4-heldout (never read)": (ROOT / "eval/dev4-heldout/raw", ROOT / "eval/dev4-heldout/gold"),
    "dev5 (real-news shaped, second round)": (ROOT / "eval/dev5/raw", ROOT / "eval/dev5/gold"),
    "dev6 (real-news shaped, third round)": (ROOT / "eval/dev6/raw", ROOT / "eval/dev6/gold"),
    "dev7 (real-news shaped, fourth round)": (ROOT / "eval/dev7/raw", ROOT / "eval/dev7/gold"),
}


def extract_to(raw: Path, out: Path) -> int:
    """Write one record per ``raw/*.txt`` article into ``out``; the number that failed."""
    from pipeline.ingest import RawArticle, read_path
    from pipeline.record import extract_records

    out.mkdir(parents=True, exist_ok=True)
    arts = [a for f in sorted(raw.glob("*.txt")) for a in read_path(f, f.name) if isinstance(a, RawArticle)]
    failed = 0
    for art, rec in zip(arts, extract_records(arts)):
        if isinstance(rec, Exception):
            print(f"{art.rel_path}: {type(rec).__name__}: {rec}", file=sys.stderr)
            failed += 1
            continue
        (out / (Path(art.rel_path).stem + ".json")).write_text(rec.model_dump_json(indent=2))
    return failed


def table() -> int:
    """Every set of :data:`SETS` scored, as a markdown table (P / R in brackets)."""
    print("| set | people F1 | organisations F1 (P / R) | dates F1 (value acc.) | commitments F1 (P / R) | action acc. |")
    print("|---|---|---|---|---|---|")
    for name, (raw, gold) in SETS.items():
        out = Path(tempfile.mkdtemp(prefix="np-eval-"))
        extract_to(raw, out)
        s = json.loads(subprocess.check_output([sys.executable, str(SCORE), str(gold), str(out), "--json"]))
        p, o, d, c = s["people"], s["organisations"], s["dates"], s["commitments"]
        print(f"| {name} | {p['f1']:.3f} | {o['f1']:.3f} ({o['p']:.2f} / {o['r']:.2f}) | {d['f1']:.3f} "
              f"({d['value_acc']:.3f}) | {c['f1']:.3f} ({c['p']:.2f} / {c['r']:.2f}) | {c['action_acc']:.3f} |")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=str(ROOT / "eval/dev/raw"))
    ap.add_argument("--gold", default=str(ROOT / "eval/dev/gold"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--seeds", action="store_true")
    ap.add_argument("--all", action="store_true", help="score every set of SETS as one table")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if not SCORE.exists():
        print(f"{SCORE} not found: the shared folder must sit beside the repository", file=sys.stderr)
        return 2
    if a.all:
        return table()
    if a.seeds:
        a.raw, a.gold = str(SHARED / "seeds/raw"), str(SHARED / "seeds/gold")
    out = Path(a.out or tempfile.mkdtemp(prefix="np-eval-"))
    extract_to(Path(a.raw), out)
    cmd = [sys.executable, str(SCORE), a.gold, str(out)] + (["--verbose"] if a.verbose else [])
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
