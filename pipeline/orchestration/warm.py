"""``serve``'s flow runs, executed in the serving process itself, so the model and Prefect stay warm.

Prefect's own runner (``flow.serve``) starts a fresh Python process for every flow run: a
one-article run then costs about 5 s, nearly all of it importing Prefect and loading the
spaCy model again. :class:`WarmRunner` registers the same deployment (schedule and
parameters, ``Deployment.apply``) and executes its flow runs here, one at a time, with
Prefect's public engine entry point (``prefect.flow_engine.run_flow``); the model stays
loaded between runs (:func:`pipeline.nlp.load_nlp` caches it per process).

Which flow runs: every scheduled run of the deployment that is due (Prefect's scheduler
creates them; ``prefect deployment run``, the UI's "Run" button and :meth:`WarmRunner.trigger`
create more), looked for every ``poll`` seconds and at once after :meth:`WarmRunner.trigger`.
A run is claimed by moving it to ``Pending`` first (the server accepts that once).
Runs the scheduler made that piled up (``serve`` was stopped while the server ran, or a run
outlasted the interval) are folded into one: every ingest run processes everything that
is new, so the latest due one runs and the others are cancelled with a message saying so.
Runs started by hand always run.

Not supported, unlike Prefect's runner: cancelling a running flow run from the UI (it
finishes), and more than one flow run at a time (the processed/ run lock allows one anyway).
"""

from __future__ import annotations

import datetime
import sys
import threading
import time
from typing import Callable, Optional

from prefect import get_client
from prefect.client.schemas.responses import SetStateStatus
from prefect.flow_engine import run_flow
from prefect.states import Cancelled, Pending

#: seconds between looks for due flow runs (Prefect's runner: PREFECT_RUNNER_POLL_FREQUENCY, 10 s)
POLL_SECONDS = 2.0


def run_line(name: str, why: str, seconds: float, state, summary: Optional[dict]) -> str:
    """The one line ``serve`` prints when a flow run finishes."""
    head = f"news-pipeline: run {name!r} ({why}) "
    if summary is None or not isinstance(summary, dict):
        return head + f"{state.type.value.lower()} after {seconds:.1f}s: {state.message or 'no summary'}"
    if summary.get("status") == "locked":
        return head + "did nothing: another ingestion run holds the lock on processed/"
    return head + (f"finished in {seconds:.1f}s: {summary['articles']} records written, {summary['failed']} failed, "
                   f"{summary['unchanged']} files unchanged, {len(summary['skipped'])} skipped")


class WarmRunner:
    """Executes the flow runs of one deployment of ``flow`` in this process (see the module)."""

    def __init__(self, flow, deployment_id, poll: float = POLL_SECONDS, out: Callable[[str], None] = print):
        self.flow, self.deployment_id, self.poll, self.out = flow, deployment_id, poll, out
        self._wake = threading.Event()
        self._triggered = threading.Event()
        self._stop = threading.Event()
        self.client = get_client(sync_client=True)
        self.client.__enter__()
        self.finished: list[dict] = []

    def trigger(self) -> None:
        """Start a run of the deployment as soon as the current one (if any) ends (thread-safe)."""
        self._triggered.set()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def run_forever(self) -> None:
        """Execute due and triggered flow runs until :meth:`stop` (or KeyboardInterrupt)."""
        try:
            while not self._stop.is_set():
                try:
                    if self._step():
                        continue  # files that changed during the run have triggered again
                except Exception as exc:  # the server restarting, a network error: not worth ending serve for
                    self.out(f"news-pipeline: serve: {type(exc).__name__}: {exc}; trying again in {self.poll:g}s")
                self._wake.wait(self.poll)
                self._wake.clear()
        finally:
            self.client.__exit__(None, None, None)

    def _step(self) -> bool:
        """Due runs, then a triggered one; True if a triggered run went through (look again at once)."""
        self.run_due()
        if not self._triggered.is_set():
            return False
        self._triggered.clear()
        try:
            fr = self.client.create_flow_run_from_deployment(self.deployment_id, tags=["watch"])
        except Exception:
            self._triggered.set()  # the files are still new
            raise
        summary = self.execute(fr, "watch")
        if isinstance(summary, dict) and summary.get("status") == "locked":
            self._triggered.set()  # another run holds processed/: the files are still new, retry after a poll
            return False
        return True

    def run_due(self) -> None:
        """Every due flow run of the deployment: piled-up scheduled ones folded into the latest."""
        now = datetime.datetime.now(datetime.timezone.utc)
        due = self.client.get_scheduled_flow_runs_for_deployments([self.deployment_id], scheduled_before=now)
        due.sort(key=lambda fr: fr.next_scheduled_start_time or fr.expected_start_time or now)
        auto = [fr for fr in due if fr.auto_scheduled]
        for fr in auto[:-1]:
            self.client.set_flow_run_state(fr.id, Cancelled(
                message=f"skipped: {len(auto)} scheduled runs were due at once; one catch-up run covers them"),
                force=True)
        if len(auto) > 1:
            self.out(f"news-pipeline: {len(auto)} scheduled runs were due at once (serve was stopped?); "
                     f"one catch-up run, {len(auto) - 1} cancelled")
        for fr in due:
            if fr in auto[:-1]:
                continue
            self.execute(fr, "schedule" if fr.auto_scheduled else "manual")

    def execute(self, fr, why: str) -> Optional[dict]:
        """Claim ``fr`` (Pending) and run it here; print one line when it ends; its summary (None if it failed)."""
        claim = self.client.set_flow_run_state(fr.id, Pending())
        if claim.status != SetStateStatus.ACCEPT:
            return None  # another runner has it, or it was cancelled meanwhile
        fr = self.client.read_flow_run(fr.id)
        started = time.perf_counter()
        state = run_flow(self.flow, flow_run=fr, return_type="state")
        seconds = time.perf_counter() - started
        summary = state.result(raise_on_failure=False) if state.is_completed() else None
        summary = summary if isinstance(summary, dict) else None
        self.finished.append({"name": fr.name, "why": why, "seconds": seconds, "state": state.type.value})
        self.out(run_line(fr.name, why, seconds, state, summary))
        sys.stdout.flush()
        return summary
