"""The command line without surprises (issue 14, item 5): each behaviour as a user meets it."""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.store import run_lock

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests/fixtures/raw/feeds/briefs.jsonl"


def _env(tmp_path, **extra):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / ".prefect"), PYTHONPATH=str(ROOT), **extra)
    env.pop("PREFECT_API_URL", None)
    return env


def _cli(args, cwd, timeout=300, **extra):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=_env(cwd, **extra),
                          capture_output=True, text=True, timeout=timeout)


def test_version(tmp_path):
    r = _cli(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"news-pipeline {__version__}"


@pytest.mark.parametrize("how", ["--model", "NEWS_PIPELINE_MODEL"])
@pytest.mark.parametrize("command", ["extract", "run"])
def test_unknown_model_is_one_line_with_the_install_hint(tmp_path, how, command):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/a.txt").write_text("Chile will build a plant by 2030.")
    args = [command, "raw/a.txt"] if command == "extract" else [command]
    extra = {}
    if how == "--model":
        args += ["--model", "en_core_web_nosuch"]
    else:
        extra["NEWS_PIPELINE_MODEL"] = "en_core_web_nosuch"
    r = _cli(args, tmp_path, **extra)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1, r.stderr  # one line, no traceback
    assert r.stderr.startswith("news-pipeline: spaCy model 'en_core_web_nosuch' is not installed")
    assert "-m spacy download en_core_web_nosuch" in r.stderr and "--model" in r.stderr
    assert not (tmp_path / "processed").exists()


def test_extract_into_head_exits_quietly(tmp_path):
    r = subprocess.run(f"{sys.executable} -m pipeline extract {SAMPLE} | head -n 2", shell=True, cwd=tmp_path,
                       env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 2
    assert r.stderr == "", r.stderr


def test_extract_shows_the_source_path_run_writes(tmp_path):
    """The golden record is what `run` writes (tests/test_golden.py); extract agrees, wherever it is called from."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "tests/fixtures/raw", raw)
    want = json.loads((ROOT / "tests/golden/wire/lunar-relay.json").read_text())["source"]["path"]
    assert want == "wire/lunar-relay.md"
    for arg, cwd, extra in (("raw/wire/lunar-relay.md", tmp_path, []),
                            ("lunar-relay.md", raw / "wire", ["--raw", str(raw)])):
        r = _cli(["extract", arg, *extra], cwd)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["source"]["path"] == want, (arg, cwd)
    # outside raw/: the file name, as before
    shutil.copy(raw / "wire/lunar-relay.md", tmp_path / "elsewhere.md")
    r = _cli(["extract", "elsewhere.md"], tmp_path)
    assert json.loads(r.stdout)["source"]["path"] == "elsewhere.md"


def test_wait_says_that_it_is_waiting(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/a.txt").write_text("Chile will build a plant by 2030.")
    out = tmp_path / "processed"
    release = threading.Event()

    def hold():
        with run_lock(out):
            release.wait(120)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.5)
    p = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--wait"], cwd=tmp_path, env=_env(tmp_path),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = p.stderr.readline()
        assert first == ("news-pipeline: another ingestion run is using processed (lock processed/.run.lock); "
                         "waiting for it to finish (Ctrl-C to give up)...\n"), first
        assert p.poll() is None  # still waiting
    finally:
        release.set()
        holder.join()
    stdout, stderr = p.communicate(timeout=300)
    assert p.returncode == 0, stderr[-2000:]
    assert "records written : 1" in stdout


def test_articles_per_second_counts_only_what_the_run_computed(capsys):
    from pipeline.orchestration.flows import _progress  # noqa: PLC2701  (the progress line itself)

    summary = {"articles": 48, "failed": 0, "workers": {"w": {"prefetch_used": 40}}}
    _progress(1, 1, summary, time.perf_counter() - 2.0)
    line = capsys.readouterr().err
    rate = float(re.search(r"([\d.]+) articles/s", line).group(1))
    assert "48 (40 prefetched)" in line
    assert 3.5 < rate < 4.1, line  # 8 computed in ~2 s, not 48


def _make(tmp_path, *args, **env):
    """`make ARGS` as a user types it (not as a sub-make of `make test`, which would say "Entering directory")."""
    clean = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    return subprocess.run(["make", *args], cwd=tmp_path, env=dict(clean, **env), capture_output=True, text=True,
                          timeout=600)


@pytest.fixture()
def make_dir(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("pyproject.toml", "constraints.txt"):  # the install's prerequisites
        (tmp_path / name).write_text("")
    return tmp_path


def test_make_run_with_an_unsupported_python_says_how_to_pick_another(make_dir):
    fake = make_dir / "python3.13"
    fake.write_text("#!/bin/sh\n[ \"$1\" = -c ] && echo 3.13\n")
    fake.chmod(0o755)
    r = _make(make_dir, "run", f"PYTHON={fake}")
    assert r.returncode != 0
    assert r.stdout.splitlines() == [f"news-pipeline needs Python 3.11; PYTHON={fake} is 3.13.",
                                     "Pick another: PYTHON=python3.11 make run"]
    (make_dir / ".venv").mkdir()  # a venv exists (of the wrong Python): clean first
    r = _make(make_dir, "run", "PYTHON=python3.99")
    assert r.stdout.splitlines() == ["news-pipeline needs Python 3.11; PYTHON=python3.99 is not found.",
                                     "Pick another: make clean && PYTHON=python3.11 make run"]


def test_install_is_quiet_one_line_per_step(make_dir):
    """`make install` of a tiny stand-in project (the real one takes minutes): step lines only, pip's output in the log."""
    (make_dir / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=77", "wheel"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "news-pipeline"\nversion = "0.0.1"\n[project.optional-dependencies]\ntest = []\n'
        '[project.scripts]\nnews-pipeline = "stub:main"\n[tool.setuptools]\npy-modules = ["stub"]\n')
    (make_dir / "stub.py").write_text("def main():\n    print('news-pipeline 0.0.1')\n")
    (make_dir / "constraints.txt").write_text("")
    r = _make(make_dir, "install", f"PYTHON={sys.executable}")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert [ln.split(" ", 2)[1] for ln in lines] == ["creating", "installing", "installed"], r.stdout
    assert lines[-1] == "news-pipeline: installed (news-pipeline 0.0.1)"
    assert "WARNING" not in r.stderr and "Successfully" not in r.stdout + r.stderr
    assert (make_dir / ".venv/install.log").is_file()
