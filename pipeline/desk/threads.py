"""Commitment threads: one commitment as several stories report, repeat and revise it.

From the DuckDB index (:mod:`pipeline.store.index`), read-only:

1. **Forms.** Commitments with the same actor keys, action, object and sentence (syndicated
   copies, the same story filed twice) are one form; only forms are compared.
2. **Candidates** (DuckDB): pairs of forms from different articles that share an actor key
   (``commitment_actors``: "U.S." and "America" are one key; a capital acting is its country)
   and whose dates are compatible: ``when`` intervals that overlap or lie at most
   :data:`MAX_GAP_YEARS` apart (a deadline pushed back two years is still the same pledge),
   or either has none.
3. **Similarity** (DuckDB): the content words of each form (``rapidfuzz``'s
   ``default_process`` lower-cases and strips punctuation; spaCy's English stop words and
   the form's own actor names dropped), weighted by inverse document frequency over every
   indexed commitment, so that "Lamu" or "hydrogen" weigh more than "billion" or "said".
   Score = the larger of the weighted Jaccard similarity of the *action + object* words and
   that of the *sentence* words. Pairs scoring at least :data:`THRESHOLD` are linked.
4. **Threads** are the connected components of the links; reports are ordered by
   publication date, and each gets a stage (:func:`stages`).

The threshold was chosen on ``eval/threads`` (our own dev set: four events told by three
articles each, plus near-misses that share actors): pairwise precision 1.00 and recall
0.94 for thresholds 0.10-0.15 on its gold commitments (``python eval/threads.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

#: link two forms whose IDF-weighted word overlap reaches this (0..1); see the module doc
THRESHOLD = 0.12
#: and whose shared words weigh at least this much (sum of their IDF over both fields, in nats:
#: one word shared by a quarter of the commitments weighs about 1.4)
#: dated forms further apart than this are different commitments
MAX_GAP_YEARS = 3
#: actions that say a commitment's date moved later (with a later deadline: "delayed")
DELAY_ACTIONS = frozenset({"delay", "postpone", "defer", "reschedule", "push"})

_COMMITMENTS = """
SELECT c.record, c.idx, c.published, c.source_path, c.url, c.sentence, c.action, c.object, c.category, c.modality,
       c.negated, c.when_text, c.when_value, c.when_start, c.when_end, c.actors,
       list(DISTINCT a.key ORDER BY a.key) AS keys
FROM commitments c JOIN commitment_actors a USING (record, idx)
GROUP BY ALL ORDER BY c.record, c.idx
"""

_PAIRS = """
WITH w AS (SELECT tok, ln((? + 1.0) / (count(DISTINCT form) + 1.0)) AS idf FROM ftok GROUP BY tok),
bag AS (SELECT form, field, list({'tok': tok, 'idf': idf}) AS toks, list(tok) AS words, sum(idf) AS total
        FROM ftok JOIN w USING (tok) GROUP BY form, field),
nums AS (SELECT form, list_filter(words, lambda w: regexp_full_match(w, '[0-9]+')) AS n FROM bag
         WHERE field = 'object'),
cand AS (SELECT DISTINCT a.form AS fa, b.form AS fb FROM fkey a JOIN fkey b ON a.key = b.key AND a.form < b.form
         JOIN forms x ON x.form = a.form JOIN forms y ON y.form = b.form
         WHERE x.records <> y.records
           AND (x.lo IS NULL OR y.lo IS NULL
                OR (x.lo <= y.hi + INTERVAL (?) YEAR AND y.lo <= x.hi + INTERVAL (?) YEAR))),
shared AS (SELECT fa, fb, ba.field, ba.total AS ta, bb.total AS tb,
                  coalesce(list_sum(list_transform(list_filter(ba.toks, lambda t: list_contains(bb.words, t.tok)),
                                                   lambda t: t.idf)), 0) AS s
           FROM cand JOIN bag ba ON ba.form = fa JOIN bag bb ON bb.form = fb AND bb.field = ba.field)
SELECT fa, fb FROM shared GROUP BY fa, fb
HAVING max(s / nullif(ta + tb - s, 0)) >= ?
   AND NOT EXISTS (SELECT 1 FROM nums na JOIN nums nb ON na.form = fa AND nb.form = fb
                   WHERE len(na.n) > 0 AND len(nb.n) > 0 AND len(list_intersect(na.n, nb.n)) = 0)
"""


@dataclass
class Report:
    """One article's report of a thread's commitment."""

    record: str
    idx: int
    published: Optional[str]
    source_path: str
    url: Optional[str]
    sentence: str
    actors: list
    action: str
    object: str
    category: str
    modality: str
    negated: bool
    when_text: Optional[str]
    when_value: Optional[str]
    stage: str = ""


@dataclass
class Thread:
    """A commitment across articles: its reports in publication order and how it changed."""

    id: str
    actors: list
    keys: list
    action: str
    object: str
    first_reported: Optional[str]
    last_reported: Optional[str]
    sources: list
    stages: list
    reports: list = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain data (``dataclasses.asdict`` deep-copies every value: seconds for threads of thousands of reports)."""
        out = dict(vars(self))
        out["reports"] = [dict(vars(r)) for r in self.reports]
        return out


@lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_words(text: str, drop: frozenset = frozenset()) -> list[str]:
    """Lower-cased words of ``text`` without punctuation, stop words and ``drop``, de-duplicated in order."""
    from rapidfuzz.utils import default_process

    stop = _stop_words()
    return list(dict.fromkeys(w for w in default_process(text or "").split() if w not in stop and w not in drop))


def _forms(rows: list[tuple]) -> tuple[list[dict], list[int]]:
    """Distinct forms of the commitments, and the form of each commitment."""
    index: dict[tuple, int] = {}
    forms: list[dict] = []
    form_of: list[int] = []
    for r in rows:
        (record, _, published, _, _, sentence, action, obj, *_rest, when_start, when_end, actors, keys) = r
        k = (tuple(keys), action, (obj or "").casefold(), sentence)
        if k not in index:
            index[k] = len(forms)
            forms.append({"form": len(forms), "keys": keys, "records": record, "lo": when_start or when_end,
                          "hi": when_end or when_start, "actors": actors, "action": action, "object": obj or "",
                          "sentence": sentence})
        form_of.append(index[k])
    return forms, form_of


def _links(con, forms: list[dict]) -> list[tuple[int, int]]:
    """Pairs of forms to join (steps 2 and 3 of the module doc), computed in DuckDB."""
    toks, keys = [], []
    for f in forms:
        drop = frozenset(content_words(" ".join(f["actors"])))
        toks += [(f["form"], "object", w) for w in content_words(f"{f['action']} {f['object']}", drop)]
        toks += [(f["form"], "sentence", w) for w in content_words(f["sentence"], drop)]
        keys += [(f["form"], k) for k in f["keys"]]
    con.execute("CREATE OR REPLACE TEMP TABLE ftok (form INTEGER, field VARCHAR, tok VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE fkey (form INTEGER, key VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE forms (form INTEGER, records VARCHAR, lo DATE, hi DATE)")
    if toks:
        con.execute("INSERT INTO ftok SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                    [[t[0] for t in toks], [t[1] for t in toks], [t[2] for t in toks]])
    if keys:
        con.execute("INSERT INTO fkey SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[])",
                    [[k[0] for k in keys], [k[1] for k in keys]])
    con.execute("INSERT INTO forms SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::DATE[]), "
                "unnest(?::DATE[])", [[f["form"] for f in forms], [f["records"] for f in forms],
                                      [f["lo"] for f in forms], [f["hi"] for f in forms]])
    args = [len(forms), MAX_GAP_YEARS, MAX_GAP_YEARS, THRESHOLD]
    return [tuple(p) for p in con.execute(_PAIRS, args).fetchall()]


def _components(n: int, links: list[tuple[int, int]]) -> list[int]:
    """Connected component (smallest member) of each of ``n`` nodes."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def stages(reports: list[Report], ends: list[Optional[dt.date]]) -> list[str]:
    """Stage of each report, in publication order: ``withdrawn`` (negated), ``delayed`` (a later
    deadline than any before, or a delaying action), ``signed`` (the first agreement),
    ``announced`` (the first report otherwise), ``reaffirmed`` (the rest). ``ends``: the last day
    each report's ``when`` covers."""
    out: list[str] = []
    latest: Optional[dt.date] = None
    signed = False
    for i, (r, end) in enumerate(zip(reports, ends)):
        if r.negated:
            stage = "withdrawn"
        elif i and (r.action in DELAY_ACTIONS or (end is not None and latest is not None and end > latest)):
            stage = "delayed"
        elif r.category == "agreement" and not signed:
            stage, signed = "signed", True
        else:
            stage = "announced" if i == 0 else "reaffirmed"
        latest = max(latest, end) if latest is not None and end is not None else (end or latest)
        out.append(stage)
    return out


def build_threads(con) -> list[Thread]:
    """Every thread of the indexed commitments (a commitment no other article reports is a
    thread of one report), latest report first."""
    rows = con.execute(_COMMITMENTS).fetchall()
    if not rows:
        return []
    forms, form_of = _forms(rows)
    comp = _components(len(forms), _links(con, forms))
    groups: dict[int, list[tuple]] = {}
    for r, f in zip(rows, form_of):
        groups.setdefault(comp[f], []).append(r)
    threads = [_thread(g) for g in groups.values()]
    threads.sort(key=lambda t: (t.last_reported or "", t.id), reverse=True)
    return threads


def _thread(rows: list[tuple]) -> Thread:
    rows = sorted(rows, key=lambda r: (r[2] is None, r[2] or dt.date.min, r[0], r[1]))
    reports = [Report(record=r[0], idx=r[1], published=r[2].isoformat() if r[2] else None, source_path=r[3], url=r[4],
                      sentence=r[5], actors=list(r[15]), action=r[6], object=r[7] or "", category=r[8],
                      modality=r[9], negated=bool(r[10]), when_text=r[11], when_value=r[12]) for r in rows]
    for rep, stage in zip(reports, stages(reports, [r[14] for r in rows])):
        rep.stage = stage
    dates = [r.published for r in reports if r.published]
    names = list(dict.fromkeys(a for r in reports for a in r.actors))
    keys = sorted({k for r in rows for k in r[16]})
    changes = [s for i, s in enumerate(r.stage for r in reports) if i == 0 or s != reports[i - 1].stage]
    first = reports[0]
    tid = hashlib.sha1(f"{first.record}#{first.idx}".encode()).hexdigest()[:12]
    return Thread(id=tid, actors=names, keys=keys, action=first.action, object=first.object,
                  first_reported=min(dates) if dates else None, last_reported=max(dates) if dates else None,
                  sources=list(dict.fromkeys(r.url or r.source_path for r in reports)), stages=changes, reports=reports)


def select(threads: list[Thread], actor: Optional[str] = None, since: Optional[str] = None) -> list[Thread]:
    """Threads with an actor matching ``actor`` (its country key, e.g. "U.S." -> ``country:US``, else
    a case-insensitive part of an actor's name) reported on or after ``since`` (YYYY, YYYY-MM or
    YYYY-MM-DD). Raises ``ValueError`` for a malformed ``since``."""
    from pipeline.record.keys import actor_key

    start = _since(since) if since else None
    key = actor_key(actor) if actor else None
    out = []
    for t in threads:
        if actor and not (key in t.keys or any(actor.casefold() in a.casefold() for a in t.actors)):
            continue
        if start and not (t.last_reported and t.last_reported >= start):
            continue
        out.append(t)
    return out


def _since(value: str) -> str:
    parts = value.split("-")
    try:
        day = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        raise ValueError(f"--since {value!r}: give a year, a month or a day (2021, 2021-06, 2021-06-30)") from None
    if len(parts) > 3:
        raise ValueError(f"--since {value!r}: give a year, a month or a day (2021, 2021-06, 2021-06-30)")
    return day.isoformat()
