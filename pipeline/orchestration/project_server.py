"""The project's Prefect server, with its UI: ``news-pipeline server`` and ``serve`` start it, ``run`` reports into it.

``prefect server start --host HOST --port PORT`` (default 127.0.0.1:4200, Prefect's own
default; SQLite database in ``$PREFECT_HOME``, log in ``$PREFECT_HOME/server.log``) as a
supervised subprocess: restarted if it dies, stopped with the command that started it
(also when that command is killed with ``kill -9``: Linux's parent-death signal).

While it runs, two files in ``$PREFECT_HOME`` say where it answers:

* ``server.json`` (``api_url``, ``ui_url``, ``pid``): how ``run`` and ``serve`` find it
  (:func:`running`); a file left by a server that died is ignored (its API does not answer);
* the project's Prefect profile (``profiles.toml``, profile ``news-pipeline``, its
  ``PREFECT_API_URL``): how Prefect's own commands find it, e.g. the
  ``prefect deployment run 'ingest/ingest-raw'`` that ``serve`` prints. They read that
  profile when run in the project folder (its ``prefect.toml`` names it); the URL is
  removed again when the server stops.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Optional

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200  # Prefect's own default (PREFECT_SERVER_API_PORT)
STATE_FILE = "server.json"
PROFILE = "news-pipeline"


class ServerError(RuntimeError):
    """The project's server could not start (port taken, exited, no answer); the message says what to do."""


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    """True if ``GET {api_url}/health`` answers 200 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as r:
            return r.status == 200
    except Exception:
        return False


def running(home: Path) -> Optional[dict]:
    """The project server of ``home`` (a ``PREFECT_HOME``): ``{"api_url", "ui_url", "pid"}``
    if its ``server.json`` names a server whose API answers, else None."""
    try:
        info = json.loads((home / STATE_FILE).read_text())
        api_url = info["api_url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if healthy(api_url) else None


def _die_with_parent() -> None:
    """In the server child: get SIGTERM when the supervising process dies, even by kill -9 (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _client_host(host: str) -> str:
    """Where this machine reaches a server listening on ``host`` (all interfaces: the loopback)."""
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else host


def _port_taken(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


class ProjectServer:
    """A supervised ``prefect server start`` with the UI on: :meth:`start`, :meth:`stop`."""

    def __init__(self, home: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT):
        self.home, self.host, self.port = home, host, port
        self.ui_url = f"http://{_client_host(host)}:{port}"
        self.api_url = f"{self.ui_url}/api"
        self.log_path = home / "server.log"
        self.proc: Optional[subprocess.Popen] = None
        self._stop = threading.Event()

    def _spawn(self) -> None:
        env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_UI_ENABLED="true",
                   PREFECT_UI_ENABLED="true", PREFECT_SERVER_API_HOST=self.host, PREFECT_SERVER_API_PORT=str(self.port))
        env.setdefault("PREFECT_UI_API_URL", self.api_url)  # what the pages call (else Prefect's :4200 default)
        env.pop("PREFECT_API_URL", None)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "prefect", "server", "start", "--host", self.host, "--port", str(self.port),
                 "--ui", "--analytics-off"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                preexec_fn=_die_with_parent)

    def start(self, timeout: float = 180) -> "ProjectServer":
        """Start the server and wait until its API answers; :class:`ServerError` if it cannot."""
        self.home.mkdir(parents=True, exist_ok=True)
        if _port_taken(self.host, self.port):
            raise ServerError(f"port {self.port} on {self.host} is in use (another Prefect server?); "
                              f"pick another with --port")
        self._spawn()
        deadline = time.monotonic() + timeout
        while not healthy(self.api_url):
            if self.proc.poll() is not None:
                raise ServerError(f"the Prefect server exited with code {self.proc.returncode}; see {self.log_path}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"the Prefect server did not answer within {timeout:.0f}s; see {self.log_path}")
            time.sleep(0.3)
        (self.home / STATE_FILE).write_text(json.dumps({"api_url": self.api_url, "ui_url": self.ui_url,
                                                        "pid": os.getpid(), "server_pid": self.proc.pid}))
        _set_profile_api_url(self.api_url)
        threading.Thread(target=self._watch, name="news-pipeline-server-watch", daemon=True).start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(5):
            if self.proc and self.proc.poll() is not None:
                print(f"news-pipeline: the Prefect server exited ({self.proc.returncode}); restarting", file=sys.stderr)
                self._spawn()

    def stop(self) -> None:
        """Stop the server (SIGTERM to its process group, SIGKILL after 20 s) and forget where it was."""
        self._stop.set()
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        try:
            info = json.loads((self.home / STATE_FILE).read_text())
            if info.get("pid") == os.getpid():
                (self.home / STATE_FILE).unlink()
                _set_profile_api_url(None)
        except (OSError, ValueError):
            pass


def _set_profile_api_url(url: Optional[str]) -> None:
    """Set (or with None remove) ``PREFECT_API_URL`` in the project's Prefect profile and make it the active one."""
    from prefect.settings import PREFECT_API_URL
    from prefect.settings.profiles import load_profiles, save_profiles

    try:
        profiles = load_profiles(include_defaults=False)
        profiles.update_profile(PROFILE, {PREFECT_API_URL: url})
        profiles.set_active(PROFILE, check=False)
        save_profiles(profiles)
    except (OSError, ValueError, RuntimeError) as exc:  # Prefect's own commands just will not find it
        print(f"news-pipeline: could not update the Prefect profile: {exc}", file=sys.stderr)


def serve_server(args) -> int:
    """The ``server`` command: start the project's server, print where its UI is, wait for Ctrl-C."""
    home = Path(os.environ["PREFECT_HOME"])
    info = running(home)
    if info:
        print(f"news-pipeline: the project's Prefect server is already running: UI {info['ui_url']}", file=sys.stderr)
        return 0
    server = ProjectServer(home, args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        print(f"news-pipeline: starting the project's Prefect server (log: {server.log_path})...", file=sys.stderr,
              flush=True)
        server.start()
        print(f"news-pipeline: Prefect UI at {server.ui_url}  (API {server.api_url}; Ctrl-C stops it)", flush=True)
        while server.proc is not None:
            time.sleep(3600)
    except ServerError as exc:
        print(f"news-pipeline: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
