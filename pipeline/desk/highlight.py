"""An article's text cut into segments, each with the marks that cover it (for the report page).

Mentions of people, organisations and places, dates and commitment sentences may overlap
(a date inside a commitment's sentence, a name inside a date): the text is cut at every
start and end, and each piece carries the classes of everything covering it, so the page
can colour it without nesting elements across each other. The text itself stays plain:
the template escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: record field -> CSS class of its mentions
ENTITY_CLASSES = {"people": "person", "organisations": "org", "places": "place"}


@dataclass
class Segment:
    text: str
    classes: list = field(default_factory=list)
    titles: list = field(default_factory=list)  # tooltips: "person: Daniel Osei", "date: 2024-05-16"
    commitment: int = 0  # 1-based index of the commitment whose sentence covers it (0: none)


def _spans(record: dict) -> list[tuple[int, int, str, str, int]]:
    """(start, end, class, tooltip, commitment number) of everything to mark."""
    out = []
    for kind, cls in ENTITY_CLASSES.items():
        for e in record.get(kind) or []:
            tip = f"{cls}: {e.get('name')}" + (f" ({e['key']})" if e.get("key") else "")
            out += [(m["start"], m["end"], cls, tip, 0) for m in e.get("mentions") or []]
    for d in record.get("dates") or []:
        out.append((d["start"], d["end"], "date", f"date: {d.get('value') or 'unresolved'}", 0))
    for i, c in enumerate(record.get("commitments") or [], start=1):
        out.append((c["start"], c["end"], "commit", f"commitment {i}: {c.get('action')}", i))
    return [s for s in out if 0 <= s[0] < s[1]]


def to_html(segs: list[Segment]) -> str:
    """The segments as HTML: every text and tooltip escaped (``markupsafe``, as Jinja2's autoescape),
    marked pieces in ``<span class="...">``. Built here rather than in a template loop: an article
    has hundreds of pieces and the loop cost milliseconds per page."""
    from markupsafe import escape

    out = []
    for s in segs:
        if not s.classes:
            out.append(str(escape(s.text)))
            continue
        data = f' data-c="{s.commitment}"' if s.commitment else ""
        out.append(f'<span class="{" ".join(s.classes)}" title="{escape(" | ".join(s.titles))}"{data}>'
                   f"{escape(s.text)}</span>")
    return "".join(out)


def segments(record: dict) -> list[Segment]:
    """The article text of ``record`` (a record as JSON) as consecutive segments; joined, their
    texts give back ``article.text`` exactly."""
    text = record["article"]["text"]
    spans = [s for s in _spans(record) if s[1] <= len(text)]
    starts: dict[int, list] = {}
    for sp in spans:
        starts.setdefault(sp[0], []).append(sp)
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    active: list = []  # the spans covering the current piece (a sweep over the cuts)
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s[1] > a] + starts.get(a, [])
        seg = Segment(text[a:b], sorted({s[2] for s in active}), [s[3] for s in active],
                      max((s[4] for s in active), default=0))
        if out and (out[-1].classes, out[-1].titles, out[-1].commitment) == (seg.classes, seg.titles, seg.commitment):
            out[-1].text += seg.text
        else:
            out.append(seg)
    return out
