"""Prefect's settings for this project, set in the environment before Prefect is imported.

No telemetry, a project-local ``PREFECT_HOME`` (``./.prefect``), logs to the server's UI but
only warnings on the terminal unless asked,
no result persistence. Values already in the environment win.
"""

from __future__ import annotations

import os
from pathlib import Path


def prefect_env(verbose: bool = False) -> None:
    """Set the defaults (idempotent; call before the first ``import prefect``)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # flow-run logs reach the server at INFO (the UI shows them); the terminal shows warnings unless -v
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")
