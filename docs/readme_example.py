"""The README's example record: real output of the code, trimmed to one screen.

``python docs/readme_example.py`` prints it; ``--write`` puts it into README.md between the
``example-record`` markers (``make readme-example``); ``tests/test_docs.py`` fails when the
README's block differs from what the code produces now, e.g. after an extraction change.
Source: the second line of ``tests/fixtures/raw/feeds/briefs.jsonl`` (the shipped sample
``raw/feeds/briefs.jsonl``), extracted as ``news-pipeline run`` would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE, LINE = "feeds/briefs.jsonl", 2
START, END = "<!-- example-record:start -->", "<!-- example-record:end -->"


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n].rstrip() + " …"


def record() -> dict:
    """The full record of the sample line, as ``run`` writes it."""
    from pipeline.ingest import RawArticle, read_path
    from pipeline.record import extract_records

    arts = [a for a in read_path(ROOT / "tests/fixtures/raw" / SAMPLE, SAMPLE) if isinstance(a, RawArticle)]
    (rec,) = extract_records([a for a in arts if a.line == LINE])
    if isinstance(rec, Exception):
        raise rec
    return json.loads(rec.model_dump_json())


def trimmed(rec: dict) -> dict:
    """One mention per entity, the first two dates and commitments, long strings cut with " …"."""
    rec = json.loads(json.dumps(rec))
    rec["source"]["sha256"] = rec["source"]["sha256"][:8] + " …"
    rec["article"]["text"] = _cut(rec["article"]["text"], 140)
    for kind in ("people", "organisations", "places"):
        for ent in rec[kind]:
            ent["mentions"] = ent["mentions"][:1]
    rec["dates"] = rec["dates"][:2]
    rec["commitments"] = rec["commitments"][:2]
    for c in rec["commitments"]:
        c["sentence"] = _cut(c["sentence"], 60)
    return rec


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def dumps(rec: dict) -> str:
    """JSON, one top-level field per line, one line per entity, date and commitment."""
    lines = []
    for key, value in rec.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n".join(f"    {_compact(v)}" for v in value)
            lines.append(f'  "{key}": [\n{items}]')
        elif isinstance(value, dict):
            items = ",\n".join(f'    "{k}": {_compact(v)}' for k, v in value.items())
            lines.append(f'  "{key}": {{\n{items}}}')
        else:
            lines.append(f'  "{key}": {_compact(value)}')
    text = "{\n" + ",\n".join(lines) + "\n}"
    assert json.loads(text) == rec
    return text


def block() -> str:
    """The README block: a fenced JSON code block between the markers."""
    return f"{START}\n```json\n{dumps(trimmed(record()))}\n```\n{END}"


def readme_block(readme: str) -> str:
    i, j = readme.index(START), readme.index(END) + len(END)
    return readme[i:j]


def main(argv: list[str]) -> int:
    new = block()
    if "--write" in argv:
        path = ROOT / "README.md"
        text = path.read_text()
        path.write_text(text.replace(readme_block(text), new))
    else:
        print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
