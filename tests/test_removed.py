"""A raw file that is deleted takes its records out of processed/ on the next run."""

import json
import os
from pathlib import Path

import pytest

EN = ("GENEVA, March 14 - The agency said it will open two new offices in Nairobi next year, and hire forty "
      "local staff there, its director told reporters.")
FR = ("GENÈVE, 14 mars - L'agence a annoncé qu'elle ouvrira deux nouveaux bureaux à Nairobi l'année prochaine "
      "et qu'elle y embauchera quarante employés, a déclaré son directeur.")


def _run(raw: Path, out: Path) -> list:
    """One pass the way the flow does it (discover, forget deleted, process, commit), without Prefect."""
    from pipeline.batch import process_files
    from pipeline.store import Ledger, discover, forget_deleted

    ledger = Ledger(out)
    try:
        plan = discover(raw, ledger)
        removed = forget_deleted(out, ledger, plan.gone)
        for oc in process_files(plan.pending, str(out)) if plan.pending else []:
            ledger.commit_file(oc.rel_path, oc.size, oc.mtime_ns, oc.sha256, oc.status, oc.outputs, oc.articles,
                               oc.errors)
        return [removed, sorted(ledger.all())]
    finally:
        ledger.close()


def test_deleted_raw_files_lose_their_records_and_error_records(tmp_path, nlp):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    (raw / "deep/er").mkdir(parents=True)
    (raw / "keep.txt").write_text(EN)
    (raw / "lines.jsonl").write_text(json.dumps({"text": EN}) + "\nnot json\n")
    (raw / "deep/er/page.txt").write_text(EN)
    removed, rows = _run(raw, out)
    assert removed == 0 and rows == ["deep/er/page.txt", "keep.txt", "lines.jsonl"]
    assert (out / "lines/1.json").exists() and (out / "_errors/lines.jsonl/2.json").exists()

    (raw / "lines.jsonl").unlink()
    (raw / "deep/er/page.txt").unlink()
    removed, rows = _run(raw, out)
    assert removed == 2 and rows == ["keep.txt"]
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert left == ["keep.json"]
    assert not (out / "deep").exists() and not (out / "lines").exists(), "emptied folders are pruned"


def test_a_record_another_raw_file_now_owns_is_kept(tmp_path, nlp):
    """b.jsonl wrote b/1.json; it is deleted and raw b/1.txt (same output name) is added: its record stays."""
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "b.jsonl").write_text(json.dumps({"text": EN}) + "\n")
    _run(raw, out)
    (raw / "b.jsonl").unlink()
    (raw / "b").mkdir()
    (raw / "b/1.txt").write_text(EN)
    removed, rows = _run(raw, out)
    assert removed == 1 and rows == ["b/1.txt"]
    assert json.loads((out / "b/1.json").read_text())["source"]["path"] == "b/1.txt"


@pytest.mark.flow
def test_flow_summary_counts_removed_files_and_languages(tmp_path_factory, tmp_path):
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    from pipeline.cli.run import format_summary
    from pipeline.orchestration.flows import ingest

    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "en.txt").write_text(EN)
    (raw / "fr.txt").write_text(FR)
    with prefect_test_harness(server_startup_timeout=180):
        s1 = ingest(raw=str(raw), processed=str(out))
        assert s1["languages"] == {"en": 1, "fr": 1} and s1["removed"] == 0
        fr = json.loads((out / "fr.json").read_text())
        assert fr["article"]["language"] == "fr" and not fr["commitments"] and not fr["places"]
        (raw / "fr.txt").unlink()
        s2 = ingest(raw=str(raw), processed=str(out))
    assert s2["removed"] == 1 and not (out / "fr.json").exists() and (out / "en.json").exists()
    assert "removed         : 1 file(s) deleted from raw/" in format_summary(s2, str(out))
    assert "languages       : en 1, fr 1" in format_summary(s1, str(out))


def test_an_empty_raw_folder_keeps_the_records(tmp_path, nlp):
    """raw/ on a share that is not mounted looks empty: that must not empty processed/."""
    from pipeline.store import Ledger, discover

    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "a.txt").write_text(EN)
    _run(raw, out)
    (raw / "a.txt").unlink()
    ledger = Ledger(out)
    try:
        plan = discover(raw, ledger)
    finally:
        ledger.close()
    assert plan.gone == [] and any("raw folder is empty" in why for _, why in plan.skipped)
    assert (out / "a.json").exists()
