"""Our web reader on public evaluation sets nobody here wrote: text F1, title exact, publication day.

* trafilatura's evaluation set (``tests/evaldata.json`` + ``tests/eval``/``tests/cache`` of the
  public repository ``adbar/trafilatura``): ~990 real pages, each with up to six snippets
  that must be in the main text ("with") and six that must not ("without"); F1 as its own
  benchmark counts them (whitespace-normalised substring matches, ``tests/eval_common.py``);
  page titles where the set gives one (exact match after whitespace normalisation).
* htmldate's news set (``tests/eval_mediacloud_2020.json`` + ``tests/test_set`` of
  ``adbar/htmldate``): 200 news pages worldwide with their publication day.

The pages are read through ``pipeline.ingest.read_bytes`` exactly as a ``.html`` file in
``raw/`` is (decoding, trafilatura, htmldate, fallbacks, cleaning), and spaCy's cost per
article is timed on the texts it produced, for comparison with the reading cost per page.
Costs are CPU seconds of this process (``time.process_time``): wall time on a shared
machine measures the neighbours too. The first pages of a process pay one-off costs
(dateparser compiles each language's patterns the first time htmldate meets it).

The data is never copied into this repository: point the script at a checkout, or at the
git directory the ``fetch`` tool leaves (read with ``git archive`` into a temp folder)::

    .venv/bin/python eval/web/measure.py --trafilatura /work/.mirror/adbar+trafilatura/repo \\
        --htmldate /work/.mirror/adbar+htmldate/repo [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def checkout(src: Path, paths: list[str], tmp: Path) -> Path:
    """A folder holding ``paths`` of the repository ``src`` (a work tree, or a bare/mirror git dir)."""
    if all((src / p).exists() for p in paths):
        return src
    out = tmp / src.parent.name
    out.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", f"--git-dir={src}", "archive", "HEAD", *paths], capture_output=True, check=True)
    tar_path = out / "data.tar"
    tar_path.write_bytes(archive.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(out, filter="data")
    tar_path.unlink()
    return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def read_page(data: bytes):
    """(article or None, error type or None, seconds) of one page through our reader."""
    from pipeline.ingest import RawArticle, ReadError, read_bytes

    t0 = time.process_time()
    try:
        items = list(read_bytes(data, "page.html"))
        art = next((a for a in items if isinstance(a, RawArticle)), None)
        err = None if art else "no_article"
    except ReadError as exc:
        art, err = None, exc.error_type
    return art, err, time.process_time() - t0


def text_set(repo: Path, limit: int) -> dict:
    """Text F1 (trafilatura's counting), failures, pages with none of their article, title exact."""
    data = json.loads((repo / "tests/evaldata.json").read_text(encoding="utf-8"))
    tp = fp = fn = tn = 0
    failures: dict[str, int] = {}
    none_of_it = titles = titles_ok = 0
    seconds, texts = [], []
    for url in sorted(data)[:limit or None]:
        item = data[url]
        path = next((repo / "tests" / d / item["file"] for d in ("cache", "eval")
                     if (repo / "tests" / d / item["file"]).is_file()), None)
        if path is None:
            continue
        art, err, secs = read_page(path.read_bytes())
        seconds.append(secs)
        if err:
            failures[err] = failures.get(err, 0) + 1
        got = _norm(art.text) if art else ""
        hits = sum(1 for w in item["with"] if _norm(w) in got)
        bad = sum(1 for w in item["without"] if _norm(w) in got)
        tp, fn, fp, tn = tp + hits, fn + len(item["with"]) - hits, fp + bad, tn + len(item["without"]) - bad
        none_of_it += hits == 0
        if item.get("title"):
            titles += 1
            titles_ok += bool(art and art.title and _norm(art.title) == _norm(item["title"]))
        if art:
            texts.append(art.text)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"pages": len(seconds), "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * tp / max(2 * tp + fp + fn, 1), 3), "accuracy": round((tp + tn) / max(tp + tn + fp + fn, 1), 3),
            "failures": failures, "pages_with_none_of_the_article": none_of_it,
            "titles": titles, "title_exact": round(titles_ok / max(titles, 1), 3),
            "read_ms_mean": round(1000 * statistics.mean(seconds), 1),
            "read_ms_median": round(1000 * statistics.median(seconds), 1)}, texts


def date_set(repo: Path, limit: int, with_url: bool) -> dict:
    """Publication day right / wrong / missing on htmldate's news set (195 pages with a gold
    day): each page read as a
    ``.html`` file (no address, as htmldate's own benchmark runs), or with ``with_url`` as a
    crawler's JSON article carrying the page as its body and its ``url``."""
    from pipeline.ingest import RawArticle, ReadError, read_bytes
    from pipeline.ingest.decode import decode_document

    data = json.loads((repo / "tests/eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    right = wrong = missing = pages = 0
    seconds, wrong_cases = [], []
    for url in sorted(data)[:limit or None]:
        path = repo / "tests/test_set" / data[url]["file"]
        if not path.is_file() or not isinstance(data[url].get("date"), str):
            continue  # 5 of the 200 have no gold date (NaN): 195 pages are scored
        pages += 1
        raw = path.read_bytes()
        t0 = time.process_time()
        try:
            if with_url:
                raw = json.dumps({"url": url, "text": decode_document(raw, "html").text}).encode()
            items = list(read_bytes(raw, "page.json" if with_url else "page.html"))
            art = next((a for a in items if isinstance(a, RawArticle)), None)
        except ReadError:
            art = None
        seconds.append(time.process_time() - t0)
        got = art.published if art else None
        if got is None:
            missing += 1
        elif got == data[url]["date"]:
            right += 1
        else:
            wrong += 1
            wrong_cases.append((data[url]["file"], data[url]["date"], got))
    return {"pages": pages, "right": round(right / max(pages, 1), 3), "wrong": round(wrong / max(pages, 1), 3),
            "missing": round(missing / max(pages, 1), 3), "read_ms_mean": round(1000 * statistics.mean(seconds), 1),
            "wrong_examples": wrong_cases[:8]}


def spacy_cost(texts: list[str], n: int = 300) -> dict:
    """Milliseconds of the pipeline's extraction (spaCy + our stages) per article and per 1,000
    words, on the English (or undetermined) ones among the first ``n`` texts read above (the
    model loaded first, not timed). Most pages of trafilatura's set are German: the English
    model is timed on English pages only, as a run would use it."""
    from pipeline.ingest import article_from_text
    from pipeline.nlp import load_nlp
    from pipeline.record import extract_records

    nlp = load_nlp()
    arts = [article_from_text(t, rel_path="p.txt", format="text", file_sha256="0" * 64, sha256="0" * 64)
            for t in texts[:n]]
    english = [a for a in arts if a.language in ("en", "und")]
    extract_records(english[:5], nlp)  # warm-up
    t0 = time.process_time()
    extract_records(english, nlp)
    secs = time.process_time() - t0
    words = sum(len(a.text.split()) for a in english)
    return {"articles": len(english), "words_per_article": round(words / max(len(english), 1)),
            "ms_per_article": round(1000 * secs / max(len(english), 1), 1),
            "ms_per_1000_words": round(1e6 * secs / max(words, 1), 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trafilatura", type=Path, help="adbar/trafilatura checkout or git dir")
    ap.add_argument("--htmldate", type=Path, help="adbar/htmldate checkout or git dir")
    ap.add_argument("--limit", type=int, default=0, help="first N pages of each set only")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="web-eval-"))
    out: dict = {}
    try:
        texts: list[str] = []
        if args.trafilatura:
            repo = checkout(args.trafilatura, ["tests/evaldata.json", "tests/eval", "tests/cache"], tmp)
            out["text"], texts = text_set(repo, args.limit)
            print("text:", json.dumps(out["text"]), flush=True)
        if args.htmldate:
            repo = checkout(args.htmldate, ["tests/eval_mediacloud_2020.json", "tests/test_set"], tmp)
            out["dates"] = date_set(repo, args.limit, with_url=False)
            print("dates:", json.dumps(out["dates"]), flush=True)
            out["dates_with_url"] = date_set(repo, args.limit, with_url=True)
            print("dates with url:", json.dumps(out["dates_with_url"]), flush=True)
        if texts:
            out["spacy"] = spacy_cost(texts)
            print("spacy:", json.dumps(out["spacy"]), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
