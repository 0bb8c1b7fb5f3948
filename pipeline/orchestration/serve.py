"""``news-pipeline serve``: the ingestion flow as a scheduled Prefect deployment, runs kept warm.

Unless ``PREFECT_API_URL`` names a server, ``serve`` uses the project's Prefect server
(:mod:`pipeline.orchestration.project_server`): the one already running for this
``PREFECT_HOME`` (``news-pipeline server``), else it starts one, UI on, on ``--host``/``--port``
(127.0.0.1:4200), and stops it on exit. It registers the deployment ``ingest/ingest-raw``
(the schedule, and raw/processed/workers/... as its parameters) and executes its flow runs
in this process (:class:`pipeline.orchestration.warm.WarmRunner`): one at a time, one line
printed per finished run. With ``--watch``, new or changed files in raw/ start a run at
once (:class:`pipeline.orchestration.watch.RawWatcher`); the schedule stays as the safety net.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from pipeline.orchestration.project_server import ProjectServer, ServerError, running
from pipeline.orchestration.settings import prefect_env

DEPLOYMENT = "ingest-raw"


def _use_server(args):
    """Point ``PREFECT_API_URL`` at the server to use; the server we started (None: not ours).
    Prints where the UI is."""
    if os.environ.get("PREFECT_API_URL"):
        print(f"news-pipeline: using the Prefect server at {os.environ['PREFECT_API_URL']} (PREFECT_API_URL)",
              file=sys.stderr)
        return None
    home = Path(os.environ["PREFECT_HOME"])
    info = running(home)
    server = None
    if info is None:
        server = ProjectServer(home, args.host, args.port)
        print(f"news-pipeline: starting the project's Prefect server (log: {server.log_path})...", file=sys.stderr,
              flush=True)
        server.start()
        info = {"api_url": server.api_url, "ui_url": server.ui_url}
    os.environ["PREFECT_API_URL"] = info["api_url"]
    print(f"news-pipeline: Prefect UI at {info['ui_url']}", flush=True)
    return server


def _hint(deployment_id, ui_url: str) -> str:
    """Prefect's own start message of ``flow.serve`` (prefect 3.9.1, ``Flow.serve``), which works as printed
    in the project folder: ``prefect.toml`` points Prefect's commands at the project's server."""
    return ("Your flow 'ingest' is being served and polling for scheduled runs!\n\n"
            "To trigger a run for this flow, use the following command:\n\n"
            f"\t$ prefect deployment run 'ingest/{DEPLOYMENT}'\n\n"
            f"You can also run your flow via the Prefect UI: {ui_url}/deployments/deployment/{deployment_id}\n")


def serve(args) -> int:
    """Serve the ingest flow until interrupted (the ``serve`` command); exit code."""
    prefect_env(getattr(args, "verbose", False))
    if args.cron is None and args.interval is None:
        args.interval = 300.0
    raw, processed = Path(args.raw).resolve(), Path(args.processed).resolve()
    if not raw.is_dir():
        print(f"error: raw folder not found: {raw}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    server = None
    try:
        server = _use_server(args)
        from prefect.settings import PREFECT_API_URL, temporary_settings

        # a setting, not only the environment: Prefect may be imported already (it wrote the profile)
        with temporary_settings(updates={PREFECT_API_URL: os.environ["PREFECT_API_URL"]}):
            _serve_deployment(args, raw, processed)
    except ServerError as exc:
        print(f"news-pipeline: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            _drain_prefect()  # else Prefect's exit handlers retry sending them to the stopped server for minutes
            server.stop()
    return 0


def _drain_prefect(timeout: float = 15) -> None:
    """Send the log lines and events Prefect has queued to the server now, while it still answers."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        try:
            service.drain_all(timeout=timeout)
        except Exception:  # nothing to lose but log lines
            pass


def _serve_deployment(args, raw: Path, processed: Path) -> None:
    """Register the deployment and execute its runs here until interrupted."""
    from prefect.flows import EntrypointType
    from prefect.settings import PREFECT_UI_URL

    from pipeline.orchestration.flows import ingest
    from pipeline.orchestration.warm import WarmRunner

    watcher = None
    try:
        schedule = {"cron": args.cron} if args.cron else {"interval": args.interval}
        deployment = ingest.to_deployment(
            name=DEPLOYMENT, **schedule, entrypoint_type=EntrypointType.MODULE_PATH,
            parameters={"raw": str(raw), "processed": str(processed), "workers": args.workers,
                        "batch_size": args.batch_size, "model": args.model, "dask_address": args.dask_address})
        deployment_id = deployment.apply()
        print(_hint(deployment_id, PREFECT_UI_URL.value() or os.environ["PREFECT_API_URL"][:-4]), flush=True)
        print(f"news-pipeline: serving 'ingest' every {args.cron or f'{args.interval:g}s'}"
              f"{' and on every change in raw/' if args.watch else ''}: {raw} -> {processed}", flush=True)
        runner = WarmRunner(ingest, deployment_id)
        if args.watch:
            from pipeline.orchestration.watch import RawWatcher

            watcher = RawWatcher(raw, runner.trigger).start()
            runner.trigger()  # files that arrived while serve was stopped
        runner.run_forever()
    finally:
        if watcher is not None:
            watcher.stop()
