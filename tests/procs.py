"""Helpers for tests that start the real command line as long-running processes (server, serve)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def project_dir(base: Path) -> Path:
    """A folder laid out like the repository for a user: prefect.toml, raw/ with the test samples."""
    base.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "prefect.toml", base / "prefect.toml")
    shutil.copytree(ROOT / "tests/fixtures/raw", base / "raw")
    return base


def user_env(**extra) -> dict:
    """The environment of a user's shell in the project folder: no PREFECT_* variable (prefect.toml
    says where the project's Prefect home is), the venv's commands on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.update(extra)
    return env


class Proc:
    """``python -m pipeline ARGS`` in ``cwd``, output (stdout and stderr) in a file; stop() sends SIGINT."""

    def __init__(self, args: list[str], cwd: Path, env: dict, name: str):
        self.log = cwd / f"{name}.out"
        self.fh = open(self.log, "w")
        self.p = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env, stdout=self.fh,
                                  stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text()

    def wait_for(self, pred, timeout: float, what: str) -> float:
        """Seconds until ``pred(output)`` holds; AssertionError with the output if it does not in time."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if pred(self.text()):
                return time.monotonic() - t0
            if self.p.poll() is not None:
                raise AssertionError(f"exited ({self.p.returncode}) before {what}:\n{self.text()[-4000:]}")
            time.sleep(0.1)
        raise AssertionError(f"no {what} within {timeout}s:\n{self.text()[-4000:]}")

    def stop(self, timeout: float = 180) -> int:
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGINT)
            try:
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait(10)
        self.fh.close()
        return self.p.returncode
