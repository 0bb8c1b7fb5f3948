"""The project's Prefect server and its UI (issue 14, item 1), as a user meets them.

``news-pipeline server`` in a folder laid out like the repository; ``run`` from that folder
reports into it (its summary names the run's page in the UI); the UI, loaded in headless
Chromium (Debian's ``chromium``), shows the ``ingest`` flow run, its logs and the summary
artifact naming the failed article.
"""

import json
import re
import shutil
import subprocess
import sys
import urllib.request

import pytest

from procs import Proc, free_port, project_dir, user_env

pytestmark = pytest.mark.flow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = project_dir(tmp_path_factory.mktemp("project"))
    port = free_port()
    proc = Proc(["server", "--port", str(port)], base, user_env(), "server")
    try:
        proc.wait_for(lambda out: "Prefect UI at" in out, 240, "UI address")
        yield base, port, proc
    finally:
        assert proc.stop() == 0, proc.text()[-3000:]


def _page_text(url: str, tmp_path, expect: str = "", tries: int = 3) -> str:
    """The text of the page at ``url`` once its scripts have run (headless Chromium's DOM); loaded
    again (up to ``tries`` times) until it contains ``expect``: on a loaded machine the page's
    API calls can outlast Chromium's virtual time budget."""
    for _ in range(tries):
        text = _load_once(url, tmp_path)
        if expect in text:
            break
    return text


def _load_once(url: str, tmp_path) -> str:
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1400,2000",
                        "--virtual-time-budget=30000", "--dump-dom", url],
                       capture_output=True, text=True, timeout=180)
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", r.stdout, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_server_prints_the_ui_address_and_serves_the_ui(server):
    base, port, proc = server
    assert f"Prefect UI at http://127.0.0.1:{port}" in proc.text()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:  # the UI, not a 404
        assert r.status == 200 and b"<html" in r.read().lower()
    info = json.loads((base / ".prefect/server.json").read_text())
    assert info["api_url"] == f"http://127.0.0.1:{port}/api"
    # a second `server` in the same folder finds the first instead of failing on the port
    again = subprocess.run([sys.executable, "-m", "pipeline", "server", "--port", str(port)], cwd=base,
                           env=user_env(), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "already running" in again.stderr


def test_port_in_use_is_one_clear_line(server, tmp_path):
    _, port, _ = server
    other = project_dir(tmp_path / "other")
    r = subprocess.run([sys.executable, "-m", "pipeline", "server", "--port", str(port)], cwd=other,
                       env=user_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == (f"news-pipeline: port {port} on 127.0.0.1 is in use "
                                                 "(another Prefect server?); pick another with --port")
    assert "Traceback" not in r.stderr


def test_run_reports_into_the_project_server_and_the_ui_shows_it(server, tmp_path):
    base, port, _ = server
    (base / "raw/broken.json").write_text("{not json")
    r = subprocess.run([sys.executable, "-m", "pipeline", "run"], cwd=base, env=user_env(), capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "reporting to the project's Prefect server" in r.stderr
    m = re.search(rf"in the Prefect UI: (http://127\.0\.0\.1:{port}/runs/flow-run/([0-9a-f-]+))", r.stdout)
    assert m, r.stdout
    url, run_id = m.groups()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/flow_runs/{run_id}", timeout=10) as resp:
        run = json.loads(resp.read())
    assert run["state_type"] == "COMPLETED"
    # the summary artifact names the failed article and its error, not only counts
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/artifacts/filter", method="POST",
                                 data=json.dumps({"artifacts": {"flow_run_id": {"any_": [run_id]}}}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        artifacts = json.loads(resp.read())
    assert {a["key"] for a in artifacts} == {"ingest-summary", "ingest-report"}  # the table and the report's link
    (artifact,) = [a for a in artifacts if a["key"] == "ingest-summary"]
    rows = json.loads(artifact["data"]) if isinstance(artifact["data"], str) else artifact["data"]
    failed = [row for row in rows if row["metric"].startswith("failed: ")]
    assert failed == [{"metric": "failed: broken.json", "value": failed[0]["value"]}]
    assert failed[0]["value"].startswith("invalid_json: ")
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it): the UI was not loaded in a browser")
    page = _page_text(url, tmp_path, expect="ingest done:")
    assert f"Flow Run: {run['name']}" in page, page[:2000]
    assert "Completed" in page and "Flow ingest" in page
    assert "ingest done:" in page, page[:3000]  # the flow's log lines reach the UI
    art = _page_text(f"http://127.0.0.1:{port}/artifacts/key/ingest-summary", tmp_path, expect=run["name"])
    assert run["name"] in art, art[:2000]
