"""The installed command line, run as a user would (subprocesses, real Prefect)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models import Record
from pipeline.cli.run import EXIT_LOCKED
from pipeline.store import run_lock

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / ".prefect"), PYTHONPATH=str(ROOT))
    env.pop("PREFECT_API_URL", None)
    return env


def _cli(args, tmp_path, timeout=300, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=tmp_path, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=timeout, **kw)


def test_schema_command_prints_the_committed_schema(tmp_path):
    r = _cli(["schema"], tmp_path)
    assert r.returncode == 0
    assert json.loads(r.stdout) == json.loads((ROOT / "models/record.schema.json").read_text())


def test_extract_prints_a_valid_record(tmp_path):
    r = _cli(["extract", str(ROOT / "tests/fixtures/raw/wire/2024-03-ocean-treaty.txt")], tmp_path)
    assert r.returncode == 0, r.stderr
    rec = Record.model_validate_json(r.stdout)
    assert rec.article.published == "2024-03-15" and rec.commitments


def test_extract_missing_and_bad_files(tmp_path):
    assert _cli(["extract", str(tmp_path / "nope.txt")], tmp_path).returncode == 2
    (tmp_path / "empty.txt").write_text("  \n")
    r = _cli(["extract", str(tmp_path / "empty.txt")], tmp_path)
    assert r.returncode == 1 and "empty" in r.stderr


def test_run_command_end_to_end(sample_raw, tmp_path):
    r = _cli(["run", "--raw", str(sample_raw), "--processed", str(tmp_path / "out"), "--batch-size", "4"], tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "records written : 8" in r.stdout
    assert "Traceback" not in r.stderr and "analytics" not in r.stderr.lower()
    assert len(list((tmp_path / "out").rglob("*.json"))) == 8
    with run_lock(tmp_path / "out"):
        r2 = _cli(["run", "--raw", str(sample_raw), "--processed", str(tmp_path / "out")], tmp_path)
    assert r2.returncode == EXIT_LOCKED and "another ingestion run" in r2.stderr


def test_run_rejects_missing_raw_folder(tmp_path):
    r = _cli(["run", "--raw", str(tmp_path / "nope")], tmp_path)
    assert r.returncode == 2 and "raw folder not found" in r.stderr


@pytest.mark.flow
def test_serve_runs_on_schedule_with_its_own_server(sample_raw, tmp_path):
    """`serve` starts a real Prefect server (scheduler on) and a scheduled run writes the records."""
    out = tmp_path / "out"
    from procs import free_port

    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--interval", "5", "--raw", str(sample_raw),
                             "--processed", str(out), "--port", str(free_port())], cwd=tmp_path, env=_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(list(out.rglob("*.json"))) < 8:
            if proc.poll() is not None:
                pytest.fail(f"serve exited early ({proc.returncode}): {proc.stdout.read()[-3000:]}")
            time.sleep(2)
        assert len(list(out.rglob("*.json"))) == 8
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    log = (tmp_path / ".prefect/server.log").read_text()
    assert "Application startup complete" in log or "Uvicorn running" in log or log
