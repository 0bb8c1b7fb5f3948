import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: the sample articles the tests read: a copy of the shipped samples (raw/ is the user's folder:
#: tests never read it, so articles a user drops there cannot change a test's outcome)
SAMPLES = ROOT / "tests/fixtures/raw"

# Prefect: no telemetry, an isolated home per test session (never the project's .prefect, nor
# its profile: prefect.toml in the repository would point Prefect there), quiet logs.
_HOME = tempfile.mkdtemp(prefix="news-pipeline-tests-prefect-")
os.environ["PREFECT_HOME"] = _HOME
os.environ["PREFECT_PROFILES_PATH"] = os.path.join(_HOME, "profiles.toml")
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "180"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Record of a plain-text article (body only; published date as given)."""
    from pipeline.record import extract_records
    from pipeline.ingest import article_from_text

    def run(body: str, published: str | None = "2024-05-10"):
        art = article_from_text(body, rel_path="t.txt", format="text", file_sha256="0" * 64, sha256="0" * 64,
                                published=published)
        (rec,) = extract_records([art], nlp)
        if isinstance(rec, Exception):
            raise rec
        return rec

    return run


@pytest.fixture()
def sample_raw(tmp_path):
    """A private copy of the test sample articles (tests/fixtures/raw)."""
    dst = tmp_path / "raw"
    shutil.copytree(SAMPLES, dst)
    return dst


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """Prefect's test server for the flow tests of one module, with a Prefect home of its own."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
