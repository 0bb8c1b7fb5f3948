"""The review report in a real browser: Debian's chromium, headless, driven by Playwright.

Crawled text is hostile: articles carry <script>, onerror= and javascript: links, and the
test proves none of it runs. Skipped, with the reason, where chromium or Playwright is missing
(`.ci/run` installs chromium with apt-get).
"""

import json
import shutil
from pathlib import Path

import pytest

from desk_helpers import run_once
from pipeline.desk.report import build_report, page_name
from pipeline.desk.tables import run_query

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

HOSTILE_TXT = """ date 2023-02-01

NAIROBI - Kenya will build 300 dams by 2030 <script>window.__pwned = 'script';alert(1)</script>, Water Cabinet Secretary Alice Wahome said on Tuesday.

The World Bank pledged to lend <b onmouseover="window.__pwned='b'">$500 million</b> for the dams.
"""
HOSTILE_JSON = {"title": "<script>window.__pwned='title'</script>Uganda <img src=x onerror=\"window.__pwned='img'\">",
                "url": "javascript:window.__pwned='url'", "date": "2023-03-05",
                "text": "KAMPALA - Uganda will connect 2 million homes to power by 2027 <img src=x "
                        "onerror=\"window.__pwned='onerror'\"> the energy ministry said on Monday."}


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp):
    tmp = tmp_path_factory.mktemp("report")
    raw, out = tmp / "raw", tmp / "processed"
    raw.mkdir()
    for name in ("trees-1.txt", "trees-2.txt", "trees-3.txt", "fund-1.txt", "fund-2.txt", "gavi-nearmiss.txt"):
        shutil.copy(ROOT / "eval/threads/raw" / name, raw / name)
    (raw / "hostile.txt").write_text(HOSTILE_TXT)
    (raw / "hostile.json").write_text(json.dumps(HOSTILE_JSON))
    (raw / "empty.txt").write_text("")
    run_once(raw, out, "run-1")
    report = build_report(out, "run-1")
    return out, report


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); the report is not checked in a browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    events = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"error: {e}"))
    page.on("console", lambda m: events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # an onerror handler would have fired by now
    return page, events


def _count(out, sql):
    return run_query(out, sql)[1][0][0]


def test_nothing_from_an_article_runs_in_the_browser(site, browser):
    out, report = site
    root = Path(report["index"]).parent
    txt, js = root / "articles" / page_name("hostile.txt.json"), root / "articles" / page_name("hostile.json.json")
    pages = [Path(report["index"]), root / "commitments.html", root / "threads.html", Path(report["run"]), txt, js]
    for path in pages:
        page, events = _open(browser, path)
        assert page.evaluate("window.__pwned === undefined"), f"{path.name}: {page.evaluate('window.__pwned')}"
        assert events == [], f"{path.name}: {events}"
        page.close()
    page, _ = _open(browser, txt)
    text = page.inner_text("article.text")
    assert "<script>window.__pwned = 'script';alert(1)</script>" in text  # shown as text, not run
    assert page.locator("article.text script, article.text b").count() == 0
    page, _ = _open(browser, js)
    assert "<script>window.__pwned='title'</script>Uganda" in page.inner_text("h1")
    assert page.locator("a[href^='javascript']").count() == 0 and page.locator("img").count() == 0
    html = js.read_text()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_commitments_table_filters_by_actor_category_year_and_sorts_by_date(site, browser):
    out, report = site
    page, events = _open(browser, Path(report["index"]).parent / "commitments.html")
    rows = page.locator("#commitments tbody tr")
    assert rows.count() == _count(out, "SELECT count(*) FROM commitments") > 0
    page.fill("#f-actor", "Ghana")
    ghana = _count(out, "SELECT count(DISTINCT (record, idx)) FROM commitment_actors WHERE name ILIKE '%ghana%'")
    assert rows.count() == ghana > 0
    page.fill("#f-actor", "")
    page.select_option("#f-year", "2022")
    years = page.locator("#commitments tbody tr td:first-child").all_inner_texts()
    assert years and all(y.startswith("2022") for y in years)
    page.select_option("#f-year", "")
    page.select_option("#f-category", "pledge")
    assert rows.count() == _count(out, "SELECT count(*) FROM commitments WHERE category = 'pledge'")
    page.select_option("#f-category", "")
    first_desc = page.locator("#commitments tbody tr td:first-child").first.inner_text()
    page.click("th.sortable")
    first_asc = page.locator("#commitments tbody tr td:first-child").first.inner_text()
    assert first_asc < first_desc
    # the same filters from the address, for a link someone can share
    page.goto((Path(report["index"]).parent / "commitments.html").as_uri() + "?actor=U.S.&year=2022")
    assert rows.count() == _count(out, "SELECT count(DISTINCT (c.record, c.idx)) FROM commitments c JOIN "
                                       "commitment_actors a USING (record, idx) WHERE a.key = 'country:US' "
                                       "AND year(c.published) = 2022") > 0
    assert events == []


def test_the_run_page_lists_the_runs_commitments_and_errors(site, browser):
    out, report = site
    page, events = _open(browser, Path(report["run"]))
    assert page.locator("#commitments tbody tr").count() == _count(out, "SELECT count(*) FROM commitments")
    assert "empty.txt" in page.inner_text("ul.errors") and "run-1" in page.inner_text("h1")
    index, _ = _open(browser, Path(report["index"]))
    assert index.locator("#runs tbody tr").count() == 1
    assert index.locator("#articles tbody tr").count() == _count(out, "SELECT count(*) FROM articles")
    assert "empty.txt" in index.inner_text("#errors")
    assert events == []


def test_threads_page_shows_each_thread_with_its_reports(site, browser):
    out, report = site
    page, events = _open(browser, Path(report["index"]).parent / "threads.html")
    cards = page.locator(".thread")
    assert cards.count() >= 1 and events == []
    fund = page.locator(".thread", has_text="Global Fund")
    assert fund.count() == 1 and fund.locator("tr").count() == 3  # a header and the two reports


def test_article_page_highlights_entities_dates_and_commitments(site, browser, tmp_path):
    out, report = site
    path = Path(report["index"]).parent / "articles" / page_name("fund-1.json")
    page, events = _open(browser, path)
    for cls in ("place", "person", "org", "date", "commit"):
        assert page.locator(f"article.text .{cls}").count() > 0, cls
    bg = page.eval_on_selector("article.text .date", "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    n = _count(out, "SELECT count(*) FROM commitments WHERE record = 'fund-1.json'")
    assert page.locator("section.commitment").count() == n
    shot = tmp_path / "article.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000 and events == []


def test_an_incremental_report_rewrites_only_the_runs_articles(site):
    out, report = site
    root = Path(report["index"]).parent
    before = {p.name: p.stat().st_mtime_ns for p in (root / "articles").glob("*.html")}
    again = build_report(out, "no-such-run")
    after = {p.name: p.stat().st_mtime_ns for p in (root / "articles").glob("*.html")}
    assert before == after and again["pages"] < report["pages"]


def test_highlight_segments_give_back_the_text_with_every_overlap():
    from pipeline.desk.highlight import segments

    for path in sorted((ROOT / "tests/golden").rglob("*.json")):
        rec = json.loads(path.read_text())
        segs = segments(rec)
        assert "".join(s.text for s in segs) == rec["article"]["text"], path
        marked = {c for s in segs for c in s.classes}
        assert "commit" in marked and ({"person", "org", "place", "date"} & marked), path
    rec = {"article": {"text": "Kenya will build it by 2030."},
           "places": [{"name": "Kenya", "mentions": [{"text": "Kenya", "start": 0, "end": 5}]}],
           "dates": [{"start": 20, "end": 27, "value": "/2030"}],
           "commitments": [{"start": 0, "end": 28, "action": "build"}]}
    assert [(s.text, s.classes, s.commitment) for s in segments(rec)] == [
        ("Kenya", ["commit", "place"], 1), (" will build it ", ["commit"], 1), ("by 2030", ["commit", "date"], 1),
        (".", ["commit"], 1)]
