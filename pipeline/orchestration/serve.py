"""``news-pipeline serve``: the ingestion flow as a scheduled Prefect deployment.

Prefect's embedded (ephemeral) server has no scheduler, so unless ``PREFECT_API_URL``
points at a server already, ``serve`` starts ``prefect server start`` on 127.0.0.1
(SQLite under the project-local ``PREFECT_HOME``), restarts it if it dies, and
stops it on exit. One ingestion run at a time: the runner's process limit is 1 and
the flow holds the processed/ run lock.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from pipeline.orchestration.settings import prefect_env


def _die_with_parent() -> None:
    """In the server child: get SIGTERM when the serving process dies, even by kill -9 (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


class LocalServer:
    """A supervised ``prefect server start`` subprocess."""

    def __init__(self, port: int, log_path: Path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/api"
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self._stop = threading.Event()

    def _spawn(self) -> None:
        env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
        env.pop("PREFECT_API_URL", None)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-ui", "--analytics-off"],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True, preexec_fn=_die_with_parent)

    def start(self, timeout: float = 180) -> None:
        self._spawn()
        deadline = time.monotonic() + timeout
        while not _healthy(self.url):
            if self.proc.poll() is not None:
                raise RuntimeError(f"Prefect server exited with code {self.proc.returncode}; see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Prefect server did not answer within {timeout:.0f}s; see {self.log_path}")
            time.sleep(0.5)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while not self._stop.wait(5):
            if self.proc and self.proc.poll() is not None:
                print(f"news-pipeline: Prefect server exited ({self.proc.returncode}); restarting", file=sys.stderr)
                self._spawn()

    def stop(self) -> None:
        self._stop.set()
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def serve(args) -> int:
    """Serve the ingest flow on a schedule until interrupted (the ``serve`` command); exit code."""
    prefect_env(getattr(args, "verbose", False))
    if args.cron is None and args.interval is None:
        args.interval = 300.0
    raw, processed = Path(args.raw).resolve(), Path(args.processed).resolve()
    if not raw.is_dir():
        print(f"error: raw folder not found: {raw}", file=sys.stderr)
        return 2
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        home = Path(os.environ["PREFECT_HOME"])
        home.mkdir(parents=True, exist_ok=True)
        server = LocalServer(args.port or _free_port(), home / "server.log")
        print(f"news-pipeline: starting a local Prefect server on {server.url} (log: {server.log_path})",
              file=sys.stderr)
        atexit.register(server.stop)
        server.start()
        os.environ["PREFECT_API_URL"] = server.url
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        from prefect.flows import EntrypointType

        from pipeline.orchestration.flows import ingest

        schedule = {"cron": args.cron} if args.cron else {"interval": args.interval}
        print(f"news-pipeline: serving 'ingest' every {args.cron or f'{args.interval:g}s'}: {raw} -> {processed}",
              file=sys.stderr, flush=True)
        ingest.serve(
            name="ingest-raw", **schedule, limit=1, pause_on_shutdown=False,
            entrypoint_type=EntrypointType.MODULE_PATH,
            parameters={"raw": str(raw), "processed": str(processed), "workers": args.workers,
                        "batch_size": args.batch_size, "model": args.model, "dask_address": args.dask_address},
        )
    except KeyboardInterrupt:
        pass
    finally:
        if server:
            server.stop()
    return 0
