"""The analyst's desk in a flow run: its id, and its report linked in a Prefect markdown artifact."""

from __future__ import annotations

import uuid
from pathlib import Path

REPORT_KEY = "ingest-report"


def run_id() -> str:
    """The flow run's id (Prefect's), or a fresh UUID outside a flow run."""
    try:
        from prefect.runtime import flow_run

        rid = flow_run.get_id()
    except Exception:
        rid = None
    return str(rid or uuid.uuid4())


def publish_report(processed: Path, rid: str, summary: dict, logger) -> dict:
    """Build the run's report (:func:`pipeline.desk.report.build_report`, incremental) and link it
    in the markdown artifact ``ingest-report``. A report that cannot be built is a warning,
    never a failed run: the records and the ledger are already complete."""
    from prefect.artifacts import create_markdown_artifact

    from pipeline.desk.report import build_report

    try:
        out = build_report(processed, rid)
    except Exception as exc:  # noqa: BLE001 - the run's records are written; say why and go on
        logger.warning("report not built: %s: %s (news-pipeline report builds it)", type(exc).__name__, exc)
        return {"error": f"{type(exc).__name__}: {exc}"}
    run_url, index_url = Path(out["run"]).as_uri(), Path(out["index"]).as_uri()
    md = (f"# news-pipeline run report\n\n"
          f"* **{summary.get('articles', 0)}** records written, **{summary.get('failed', 0)}** failed, "
          f"{summary.get('unchanged', 0)} unchanged, {len(summary.get('skipped', []))} skipped\n"
          f"* This run's page: [{out['run']}]({run_url})\n"
          f"* The whole report: [{out['index']}]({index_url}) (commitments, threads, every article)\n\n"
          f"Static files: open them in a browser on the machine that ran the flow.\n")
    create_markdown_artifact(markdown=md, key=REPORT_KEY, description="news-pipeline review report of this run")
    logger.info("report: %s (%d pages in %.1f s)", out["run"], out["pages"], out["seconds"])
    return out
