"""Tests never read the user's raw/ (issue 14, item 4): articles a user drops there change no outcome.

The suite's raw-dependent tests (the golden records of the samples; a test that counts the
files of the ``sample_raw`` fixture every flow, CLI and scale test uses) are run in a copy of the repository whose raw/ holds an article of the user's own
and a file that is not an article at all; they must pass there as they do here.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

USER_ARTICLE = ("OSLO, June 3 - The Nordvik Harbour Board said on Monday it will dredge the north channel "
                "by September. Chair Ingrid Halvorsen said the board plans to hire 12 divers.\n")


def _repo_copy(dst: Path) -> Path:
    """The repository's tracked files (no .venv, no processed/ output) under ``dst``."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    return dst


def test_user_articles_in_raw_change_no_test_outcome(tmp_path):
    repo = _repo_copy(tmp_path / "clone")
    if not (repo / "tests/fixtures/raw").is_dir():  # the fixtures are not committed yet (a dirty work tree)
        shutil.copytree(ROOT / "tests/fixtures/raw", repo / "tests/fixtures/raw")
    (repo / "raw/mine").mkdir(parents=True, exist_ok=True)
    (repo / "raw/mine/harbour.txt").write_text(USER_ARTICLE)
    (repo / "raw/mine/notes.pdf").write_bytes(b"%PDF-1.4")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_golden.py",
                        "tests/test_scale.py::test_candidate_scan_skips_what_the_ledger_has_settled"],
                       cwd=repo, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "3 passed" in r.stdout, r.stdout[-2000:]
    assert not (repo / "processed").exists() or not any((repo / "processed").rglob("*.json"))


def test_the_bench_corpus_is_built_from_our_articles_not_raw():
    from pipeline.cli.bench import SOURCE_DIRS

    assert ROOT / "raw" not in SOURCE_DIRS and ROOT / "tests/fixtures/raw" in SOURCE_DIRS
