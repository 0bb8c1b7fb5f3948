"""End-to-end ingestion through the real Prefect flow on the embedded (ephemeral) server."""

import json
import os
from pathlib import Path

import pytest

from models import ErrorRecord, Record

pytestmark = pytest.mark.flow




def _records(out: Path) -> dict[str, dict]:
    return {p.relative_to(out).as_posix(): json.loads(p.read_text())
            for p in out.rglob("*.json") if "_errors" not in p.parts}


def test_ingest_end_to_end_incremental_and_errors(prefect_server, sample_raw, tmp_path):
    from prefect.artifacts import Artifact

    from pipeline.orchestration.flows import SUMMARY_KEY, ingest

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
    from pipeline.orchestration.flows import ingest
    from pipeline.store import run_lock

    out = tmp_path / "processed"
    with run_lock(out):
        s = ingest(raw=str(sample_raw), processed=str(out))
    assert s["status"] == "locked" and "another ingestion run" in s["message"]
    assert not _records(out)


# --------------------------------------------------------------------------- bad input

ART = ("GENEVA, March 14 - The World Health Organization said on Tuesday it will open two new offices "
       "in Nairobi next year. Director Maria Keller said the agency plans to hire 40 staff.\n")
DEEP = "/".join(f"level{i}" for i in range(40))
LONG_NAME = "n" * 251 + ".txt"  # 255 bytes; with ".json" instead of ".txt" one over the limit


def _bad_input_corpus(raw: Path) -> dict[str, tuple]:
    """Every kind of bad input the issue lists; returns raw path -> expected outcome:
    ("record", check) | ("error", error_type) | ("skipped", reason part)."""
    import base64

    def w(rel, data):
        p = raw / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    exp: dict[str, tuple] = {}

    def rec(rel, data, check=lambda r: True):
        w(rel, data)
        exp[rel] = ("record", check)

    def err(rel, data, etype):
        w(rel, data)
        exp[rel] = ("error", etype)

    err("empty.txt", b"", "empty")
    err("whitespace.txt", b"  \n\t\r\n   \n", "empty")
    err("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary")
    rec("nul-and-control.txt", ART.encode().replace(b"said", b"sa\x00id", 1).replace(b"two", b"\x1b[1mtwo\x1b[0m")
        + b"\x07\x0b", lambda r: "said on Tuesday" in r.article.text and not any(c in r.article.text for c in "\x00\x1b\x07\x0b"))
    rec("utf8-bom.txt", b"\xef\xbb\xbf" + ART.encode(), lambda r: r.article.text.startswith("GENEVA"))
    rec("utf16-bom.txt", ART.encode("utf-16"), lambda r: r.article.text.startswith("GENEVA"))
    rec("cp1252.txt", (ART + "Peña said “yes” – São Paulo.\n").encode("cp1252"),
        lambda r: "Peña said “yes” – São Paulo." in r.article.text)
    rec("crlf.txt", ART.replace("\n", "\r\n").encode() + b"Second line.\r\n",
        lambda r: "\r" not in r.article.text and r.article.text.endswith("staff.\nSecond line."))
    rec("bad-header-date.txt", " date 2021-13-45\n\n" + ART,
        lambda r: r.article.published is None and "invalid publication date in header: '2021-13-45'" in r.warnings)
    blob = base64.b64encode(bytes(range(256)) * 600).decode()  # ~200 KB, no whitespace: one hard-cut chunk
    rec("one-enormous-line.txt", ART.strip() + ' <img src="data:image/png;base64,' + blob + '"> ' + ART.strip(),
        lambda r: "\n" not in r.article.text and len(r.article.text) > 200_000
        and any(d.start > 200_000 for d in r.dates))  # found, with global offsets, in the third chunk
    err("invalid.json", "{not json", "invalid_json")
    err("nested-too-deep.json", "[" * 50_000 + "]" * 50_000, "invalid_json")
    rec("html-body.json", json.dumps({"text": "<p>" + ART + "</p>", "date": "2024-01-02", "title": "T"}),
        lambda r: r.article.published == "2024-01-02" and r.article.title == "T")
    w("feed.jsonl", "\n".join([json.dumps({"text": ART}), "not json", json.dumps({"text": ""}), "[" * 50_000,
                               json.dumps({"body": "Mali will build a road.", "date": "2024-02-30"}),
                               json.dumps({"text": "Chad \ud800 will pave it."})]) + "\n")
    exp["feed.jsonl#1"] = ("record", lambda r: r.source.line == 1)
    exp["feed.jsonl#2"] = ("error", "invalid_json")
    exp["feed.jsonl#3"] = ("error", "empty")
    exp["feed.jsonl#4"] = ("error", "invalid_json")
    exp["feed.jsonl#5"] = ("record", lambda r: r.article.published is None and any("2024-02-30" in x for x in r.warnings))
    exp["feed.jsonl#6"] = ("record", lambda r: r.article.text == "Chad \ufffd will pave it.")
    err("no-body.html", "<html><head><title>t</title></head><body><nav>Home</nav><script>x()</script></body></html>",
        "no_article_body")
    rec("name with spaces é ü.txt", ART)
    rec("日本語の記事.md", "# 見出し\n\n" + ART, lambda r: r.article.title == "見出し")
    rec(f"{DEEP}/deep.txt", ART)
    rec(LONG_NAME, ART)
    w("notes.pdf", b"%PDF-1.4")
    exp["notes.pdf"] = ("skipped", "unsupported file type")
    w("README", ART)
    exp["README"] = ("skipped", "unsupported file type")
    w(".partial.txt", ART)
    exp[".partial.txt"] = ("skipped", "hidden file")
    os.symlink(".", raw / "loop")
    exp["loop"] = ("skipped", "symbolic link to a folder, not followed")
    os.symlink("self.txt", raw / "self.txt")
    exp["self.txt"] = ("skipped", "symbolic link loop")
    os.symlink("missing.txt", raw / "dangling.txt")
    exp["dangling.txt"] = ("skipped", "symbolic link to a missing file")
    (raw / os.fsdecode(b"latin1-caf\xe9.txt")).write_bytes(ART.encode())
    exp["latin1-caf%E9.txt"] = ("record", lambda r: r.source.path == "latin1-caf%E9.txt")
    return exp


def test_every_bad_input_gets_exactly_one_outcome(prefect_server, tmp_path):
    """The issue's list of bad inputs through the real flow: per article a record or an error
    record, per unsupported/unreadable name a skipped line; the summary counts all of them."""
    from pipeline.orchestration.flows import ingest

    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    exp = _bad_input_corpus(raw)
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file() and not p.is_symlink()}
    s = ingest(raw=str(raw), processed=str(out), batch_size=8)

    records = {(r.source.path + (f"#{r.source.line}" if r.source.line else "")): r
               for r in (Record.model_validate(d) for d in _records(out).values())}
    errors = {(e.source["path"] + (f"#{e.source['line']}" if e.source.get("line") else "")): e
              for e in (ErrorRecord.model_validate_json(p.read_text()) for p in (out / "_errors").rglob("*.json"))}
    skipped = dict(line.split(": ", 1) for line in s["skipped"])
    want_rec = {k for k, v in exp.items() if v[0] == "record"}
    want_err = {k for k, v in exp.items() if v[0] == "error"}
    assert set(records) == want_rec
    assert set(errors) == want_err
    assert set(skipped) == {k for k, v in exp.items() if v[0] == "skipped"}
    for key, (kind, what) in exp.items():
        if kind == "record":
            assert what(records[key]), key
        elif kind == "error":
            e = errors[key]
            assert e.error_type == what and e.message and e.time, key
        else:
            assert what in skipped[key], (key, skipped[key])
    # the summary counts every outcome, and nothing was left half-written
    assert (s["articles"], s["failed"]) == (len(want_rec), len(want_err))
    assert s["files"] == len({k.split("#")[0] for k in want_rec | want_err})
    assert not [p for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    # names: spaces/non-ASCII kept, the deep folder mirrored, the over-long name shortened with a hash
    assert (out / "name with spaces é ü.json").is_file() and (out / DEEP / "deep.json").is_file()
    long_out = [p.name for p in out.iterdir() if p.name.startswith("nnnn")]
    assert len(long_out) == 1 and len(long_out[0].encode()) <= 255 and "~" in long_out[0]
    # raw files untouched; a second run has nothing to do and says so
    assert before == {p: p.read_bytes() for p in raw.rglob("*") if p.is_file() and not p.is_symlink()}
    s2 = ingest(raw=str(raw), processed=str(out))
    assert (s2["files"], s2["articles"], s2["failed"]) == (0, 0, 0)
    assert s2["unchanged"] + s2["unchanged_failed"] == s["files"]


def test_error_records_are_retried_only_when_changed_or_asked(prefect_server, tmp_path):
    from pipeline.orchestration.flows import ingest

    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    bad = raw / "a.json"
    bad.write_text("{not json")
    (raw / "ok.txt").write_text(ART)
    s1 = ingest(raw=str(raw), processed=str(out))
    assert (s1["articles"], s1["failed"]) == (1, 1)
    err_path = out / "_errors/a.json.json"
    first = err_path.read_text()
    # unchanged content (even with a new mtime): not retried, counted as failed before
    os.utime(bad, ns=(bad.stat().st_atime_ns, bad.stat().st_mtime_ns + 10**9))
    s2 = ingest(raw=str(raw), processed=str(out))
    assert (s2["files"], s2["unchanged_failed"], s2["unchanged"]) == (0, 1, 1)
    assert err_path.read_text() == first
    # --retry-failed: retried (and fails again, with a fresh error record)
    s3 = ingest(raw=str(raw), processed=str(out), retry_failed=True)
    assert (s3["files"], s3["failed"], s3["unchanged"]) == (1, 1, 1)
    # changed content: retried; the fixed file gets its record and the error record goes away
    bad.write_text(json.dumps({"text": ART}))
    s4 = ingest(raw=str(raw), processed=str(out))
    assert (s4["files"], s4["articles"], s4["failed"]) == (1, 1, 0)
    assert not err_path.exists() and (out / "a.json").is_file()
