"""Prefect's temporary API server for one ``run``, started without importing the server.

With no ``PREFECT_API_URL``, Prefect starts a temporary server the first time a flow
needs its API: ``prefect.server.api.server.SubprocessASGIServer`` runs uvicorn in a
subprocess. Using that class imports the whole server package (FastAPI, SQLAlchemy, every
API route) into the flow's process first, about 1.6 s of CPU spent only to start a
subprocess. This module starts the same subprocess, with the same command line and
environment (prefect 3.9.1, ``SubprocessASGIServer._run_uvicorn_command``), without that
import (still 1.5-2.5 s of CPU with 3.9.1; ``tests/test_prefect_private.py`` fails when an
upgrade changes the command line or its environment); ``run`` then points ``PREFECT_API_URL`` at it, so the flow, and any Dask worker
that runs a task, talk to this one server. It is stopped at exit, after Prefect's own
exit handlers have flushed logs and events. Its output goes to
``$PREFECT_HOME/temporary-server.log`` (shutdown chatter stays off the terminal; the
tail is in the error if it fails to start).
"""

from __future__ import annotations

import atexit
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional


class TemporaryServer:
    def __init__(self):
        self.port: Optional[int] = None
        self.proc: Optional[subprocess.Popen] = None
        self.log_path = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self, timeout: Optional[float] = None) -> "TemporaryServer":
        """Start the server and wait until ``/health`` answers; raise ``RuntimeError`` if it does not."""
        import httpx

        from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

        timeout = timeout or PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        self._spawn()
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                code = self.proc.poll()
                if code == 3:  # port taken meanwhile: try another one, as Prefect does
                    self._spawn()
                    continue
                if code is not None:
                    raise RuntimeError(f"Prefect's temporary server exited with code {code}: {self._log_tail()}")
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Prefect's temporary server did not answer within {timeout:.0f}s: {self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-1500:].strip() or "(no output)"
        except (OSError, AttributeError):
            return "(no log)"

    def _spawn(self) -> None:
        import prefect
        from prefect.settings import get_current_settings

        settings = get_current_settings()
        self.port = _free_port()
        self.log_path = Path(settings.home).expanduser() / "temporary-server.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            **settings.to_environment_variables(exclude_unset=True),
        }
        if self.log_path.exists() and self.log_path.stat().st_size > 1 << 20:
            self.log_path.unlink()  # keep it small: only recent runs matter
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()  # the child has its own descriptor

    def stop(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _free_port() -> int:
    """A free port in 8000-8999 (where Prefect puts its temporary server)."""
    for _ in range(50):
        port = random.randrange(8000, 9000)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port in 8000-8999 for Prefect's temporary server")
