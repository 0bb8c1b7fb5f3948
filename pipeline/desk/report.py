"""The static review site ``processed/_report/``: open ``index.html`` in a browser, no server.

* ``index.html``: totals, the runs (each linking its page), error records, every article
  (search, sort by date) with its counts;
* ``commitments.html``: every commitment, filtered by actor, category and year (of
  publication; also from the address: ``?actor=Kenya&category=pledge&year=2021``) and sorted
  by publication date or deadline;
* ``threads.html``: commitment threads across articles (:mod:`pipeline.desk.threads`);
* ``runs/<run>.html``: one run's counts, errors and commitments;
* ``articles/<page>.html``: an article's text with people, organisations, places and dates
  highlighted and commitment sentences underlined, then each commitment with its fields.

Crawled text is hostile: pages are Jinja2 templates with autoescaping, tables are drawn by
``static/report.js`` from JSON data files with ``textContent`` only, links go to our own pages
or to ``http(s)`` addresses, and every page carries a Content-Security-Policy that allows
only the report's own scripts and styles.

Incremental: given a run, only the article pages of records that run wrote or removed (and
pages missing) are rewritten; the overview, commitments, threads and run pages always are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Optional

from pipeline.desk.highlight import segments, to_html
from markupsafe import Markup

from pipeline.desk.threads import build_threads

from pipeline.store.index import REPORT_DIR, opened

_HERE = Path(__file__).resolve().parent
MAX_ERRORS_LISTED = 500


def page_name(record: str) -> str:
    """File name of an article's page: a hash of its record path (record paths may hold any character)."""
    return hashlib.sha1(record.encode("utf-8")).hexdigest()[:16] + ".html"


def run_page(run_id: str) -> str:
    return hashlib.sha1(run_id.encode("utf-8")).hexdigest()[:12] + ".html"


def safe_url(url: Optional[str]) -> Optional[str]:
    """``url`` if it is an http(s) address, else None (no ``javascript:`` links from crawled data)."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False)


def _js(name: str, data: dict) -> bytes:
    """A data file for report.js: ``window.NP_DATA = <JSON>;`` (JSON is a JavaScript literal)."""
    return b"window.NP_DATA = " + json.dumps(data, ensure_ascii=False, default=str).encode("utf-8") + b";\n"


def _rows(con, sql: str, args: Optional[list] = None) -> list[dict]:
    cur = con.execute(sql, args or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


class _Site:
    """One report build: where it writes, what it read, how many pages it wrote."""

    def __init__(self, processed: Path):
        self.processed = Path(processed).resolve()
        self.root = self.processed / REPORT_DIR
        self.env = _env()
        self.generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.pages = 0

    def write(self, rel: str, data: bytes) -> None:
        """Write one file of the site in place: the report is derived (``news-pipeline report``
        rebuilds it) and written under the run lock, so neither an fsync nor a temp file and rename
        per page (4 ms and 2 ms, minutes over 20,000 pages) buys anything."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.pages += 1

    def render(self, rel: str, template: str, root: str = "", **ctx) -> None:
        html = self.env.get_template(template).render(root=root, generated=self.generated, **ctx)
        self.write(rel, html.encode("utf-8"))


def _article_page(site: _Site, record: str) -> None:
    rec = json.loads((site.processed / record).read_text(encoding="utf-8"))
    art, src = rec.get("article") or {}, rec.get("source") or {}
    entities = [(kind, e) for kind in ("people", "organisations", "places") for e in rec.get(kind) or []]
    site.render(f"articles/{page_name(record)}", "article.html", root="../",
                title=art.get("title") or src.get("path") or record, source_path=src.get("path") or record,
                line=src.get("line"), published=art.get("published"), dateline=art.get("dateline"),
                url=safe_url(src.get("url")), warnings=rec.get("warnings") or [], text_html=Markup(to_html(segments(rec))),
                commitments=rec.get("commitments") or [], entities=entities)


def _article_pages(site: _Site, con, run_id: Optional[str]) -> None:
    """Write the article pages to (re)write; delete pages of records no longer indexed."""
    records = [r for (r,) in con.execute("SELECT record FROM articles").fetchall()]
    wanted = {page_name(r): r for r in records}
    folder = site.root / "articles"
    have = {p.name for p in folder.glob("*.html")} if folder.is_dir() else set()
    changed: set = set()
    if run_id is not None:
        changed = {r for (r,) in con.execute("SELECT record FROM run_records WHERE run_id = ?", [run_id]).fetchall()}
    for name, record in wanted.items():
        if run_id is None or name not in have or record in changed:
            _article_page(site, record)
    for name in have - set(wanted):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()


_COMMITMENT_ROWS = """
SELECT c.record, c.idx, c.published, c.source_path, c.url, c.actors, list(DISTINCT a.key) AS keys, c.action,
       c.object, c.when_text, c.when_value, c.when_end, c.category, c.modality, c.negated, c.sentence
FROM commitments c JOIN commitment_actors a USING (record, idx) {where}
GROUP BY ALL ORDER BY c.published DESC NULLS LAST, c.record, c.idx
"""


def _commitment_data(con, run_id: Optional[str] = None) -> list[dict]:
    where, args = "", []
    if run_id is not None:
        where, args = "WHERE c.record IN (SELECT record FROM run_records WHERE run_id = ?)", [run_id]
    rows = _rows(con, _COMMITMENT_ROWS.format(where=where), args)
    for r in rows:
        r["page"] = page_name(r["record"])
        r["url"] = safe_url(r["url"])
    return rows


def _key_names(con) -> dict:
    """Actor key -> every name the index has for it, so that a filter for "U.S." also finds the
    rows that wrote "United States" or "America" (one key)."""
    return {k: names for k, names in con.execute(
        "SELECT key, list(DISTINCT name ORDER BY name) FROM commitment_actors GROUP BY key").fetchall()}


def _facets(rows: list[dict]) -> dict:
    return {"actors": sorted({a for r in rows for a in r["actors"]}, key=str.casefold),
            "categories": sorted({r["category"] for r in rows if r["category"]}),
            "years": sorted({str(r["published"])[:4] for r in rows if r["published"]}, reverse=True)}


def _commitments_pages(site: _Site, con, run_id: Optional[str]) -> None:
    rows = _commitment_data(con)
    names = _key_names(con)
    site.write("data/commitments.js", _js("commitments", {"root": "", "names": names, "commitments": rows}))
    site.render("commitments.html", "commitments.html", heading="Commitments", run=None, data="data/commitments.js",
                **_facets(rows))
    runs = _rows(con, "SELECT * FROM runs" + (" WHERE run_id = ?" if run_id else ""), [run_id] if run_id else [])
    for run in runs:
        _run_page(site, con, run, names)


def _run_page(site: _Site, con, run: dict, names: dict) -> None:
    rows = _commitment_data(con, run["run_id"])
    page = run_page(run["run_id"])
    errors = _rows(con, "SELECT e.* FROM errors e JOIN run_records r ON r.record = e.record AND r.run_id = ? "
                        "ORDER BY e.source_path", [run["run_id"]])
    (removed,) = con.execute("SELECT count(*) FROM run_records WHERE run_id = ? AND change = 'removed'",
                             [run["run_id"]]).fetchall()[0]
    data = f"runs/{page[:-5]}.js"
    site.write(data, _js("run", {"root": "../", "names": names, "commitments": rows}))
    site.render(f"runs/{page}", "commitments.html", root="../", heading=f"Run {run['run_id']}", run=_run_row(run),
                errors=errors, removed=removed, data=f"{page[:-5]}.js", **_facets(rows))


def _run_row(run: dict) -> dict:
    out = dict(run)
    out["finished"] = run["finished"].strftime("%Y-%m-%d %H:%M:%S") if run.get("finished") else ""
    out["page"] = run_page(run["run_id"])
    return out


def _threads_page(site: _Site, con) -> int:
    threads = [t.to_dict() for t in build_threads(con)]
    for t in threads:
        for r in t["reports"]:
            r["page"] = page_name(r["record"])
            r["url"] = safe_url(r["url"])
    site.write("data/threads.js", _js("threads", {"names": _key_names(con), "threads": threads}))
    years = sorted({(t["last_reported"] or "")[:4] for t in threads if t["last_reported"]}, reverse=True)
    site.render("threads.html", "threads.html", years=years)
    return len(threads)


def _index_page(site: _Site, con, threads: int) -> None:
    articles = _rows(con, "SELECT record, title, published, source_path, people, organisations, places, dates, "
                          "commitments FROM articles")
    for a in articles:
        a["page"] = page_name(a.pop("record"))
    site.write("data/articles.js", _js("articles", {"articles": articles}))
    runs = [_run_row(r) for r in _rows(con, "SELECT * FROM runs ORDER BY finished DESC")]
    errors = _rows(con, f"SELECT * FROM errors ORDER BY time DESC, source_path LIMIT {MAX_ERRORS_LISTED + 1}")
    (n_err,) = con.execute("SELECT count(*) FROM errors").fetchall()[0]
    (n_com,) = con.execute("SELECT count(*) FROM commitments").fetchall()[0]
    totals = {"articles": len(articles), "commitments": n_com, "threads": threads, "errors": n_err}
    site.render("index.html", "index.html", totals=totals, runs=runs, errors=errors[:MAX_ERRORS_LISTED],
                more_errors=max(0, n_err - MAX_ERRORS_LISTED))


def build_report(processed: Path, run_id: Optional[str] = None) -> dict:
    """Write the site under ``processed/_report/``; ``run_id``: only that run's changed article
    pages (and missing ones) are rewritten, else all. Returns its path, page count and seconds.

    Raises ``FileNotFoundError`` when ``processed`` has no index yet. Call with the run lock held
    (the flow does) or when no run is writing.
    """
    t0 = time.perf_counter()
    site = _Site(processed)
    site.root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(_HERE / "static", site.root / "static", dirs_exist_ok=True)
    with opened(processed, read_only=True) as con:
        _article_pages(site, con, run_id)
        _commitments_pages(site, con, run_id)
        threads = _threads_page(site, con)
        _index_page(site, con, threads)
    out = {"index": str(site.root / "index.html"), "pages": site.pages, "seconds": round(time.perf_counter() - t0, 2)}
    if run_id is not None:
        out["run"] = str(site.root / "runs" / run_page(run_id))
    return out
