"""Guards for the one place that copies Prefect internals (:mod:`pipeline.orchestration.prefect_server`).

``TemporaryServer`` starts the same uvicorn subprocess as Prefect's own
``SubprocessASGIServer`` (without importing Prefect's server package into ``run``'s
process, about 1.5-2.5 s of CPU on the 2-core dev machine with Prefect 3.9.1). These tests fail on an
upgrade that changes that command line or its environment, or that moves the class, so
the copy is re-checked (or dropped) then rather than drifting silently.
"""

import subprocess

import prefect
import pytest

#: the Prefect release whose ``SubprocessASGIServer`` the copy was last compared with by a person
CHECKED_PREFECT = "3.9.1"


class _Captured(Exception):
    pass


def _capture_popen(monkeypatch) -> dict:
    seen: dict = {}

    def fake_popen(args, **kw):
        seen["args"], seen["env"] = list(args), dict(kw.get("env") or {})
        raise _Captured

    monkeypatch.setattr(subprocess, "Popen", fake_popen)
    return seen


def _without_port(args: list) -> list:
    i = args.index("--port")
    return args[:i + 1] + ["<port>"] + args[i + 2:]


def test_prefect_is_the_release_the_copy_was_checked_against():
    assert prefect.__version__ == CHECKED_PREFECT, (
        f"Prefect is {prefect.__version__}: compare pipeline/orchestration/prefect_server.py with "
        f"prefect.server.api.server.SubprocessASGIServer._run_uvicorn_command, then set CHECKED_PREFECT")


def test_temporary_server_spawns_what_prefect_spawns(monkeypatch, tmp_path):
    from prefect.server.api.server import SubprocessASGIServer

    from pipeline.orchestration.prefect_server import TemporaryServer

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    theirs = _capture_popen(monkeypatch)
    server = SubprocessASGIServer(port=8765)
    with pytest.raises(_Captured):
        server._run_uvicorn_command()
    ours = _capture_popen(monkeypatch)
    with pytest.raises(_Captured):
        TemporaryServer()._spawn()
    assert _without_port(ours["args"]) == _without_port(theirs["args"])
    assert {k: v for k, v in ours["env"].items() if k.startswith("PREFECT")} == \
        {k: v for k, v in theirs["env"].items() if k.startswith("PREFECT")}
