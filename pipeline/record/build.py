"""Doc facts -> the validated pydantic :class:`models.Record` of one article."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from models import Actor, Article, Commitment, DateMention, Entity, Mention, PipelineInfo, Record, Source, When
from pipeline import __version__
from pipeline.ingest import RawArticle
from pipeline.nlp.mentions import ORG, PERSON, PLACE
from pipeline.record.entities import CanonicalEntity, canonical_entities
from pipeline.record.facts import DocFacts
from pipeline.record.keys import add_keys
from pipeline.record.resolve import Resolver
from pipeline.text.dates import Resolved, anaphoric_year_offset, resolve_date
from pipeline.text.gazetteer import country_name, country_of_place
from pipeline.text.lexicon import lexicon


def build_record(art: RawArticle, facts: list[DocFacts], model: str) -> Record:
    """Assemble and validate the record of one article from its chunks' facts.

    Raises ``pydantic.ValidationError`` if the record breaks the model (an offset that does
    not slice the text, a dangling actor ref): a bug, reported as the article's error.
    """
    text = art.text
    pub = _parse_pub(art.published)
    entities = canonical_entities([m for f in facts for m in f.mentions], [a for f in facts for a in f.acronyms], text,
                                  {k: v for f in facts for k, v in f.titles.items()})
    _add_titles(entities, facts)
    dates = _dates(text, pub, facts, _story_country(art.dateline, entities))
    commitments = _commitments(text, entities, dates, facts, art.dateline)
    return add_keys(Record(
        id=art.sha256,
        source=Source(path=art.rel_path, sha256=art.file_sha256, format=art.format, url=art.url, line=art.line),
        article=Article(title=art.title, published=art.published, byline=art.byline, dateline=art.dateline,
                        site_name=art.site_name, language=art.language, text=text),
        people=[_entity(e) for e in entities if e.label == PERSON],
        organisations=[_entity(e) for e in entities if e.label == ORG],
        places=[_entity(e) for e in entities if e.label == PLACE],
        dates=list(dates.values()),
        commitments=commitments,
        warnings=list(art.warnings),
        pipeline=PipelineInfo(version=__version__, model=model),
    ))


def _parse_pub(published: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def _add_titles(entities: list[CanonicalEntity], facts: list[DocFacts]) -> None:
    """Each person's titles, in order of first use over all their mentions."""
    titles_at = {k: v for f in facts for k, v in f.titles.items()}
    for e in entities:
        if e.label == PERSON:
            seen: list[str] = []
            for m in e.mentions:
                seen += [t for t in titles_at.get(m.start, []) if t not in seen]
            e.titles = seen


def _entity(e: CanonicalEntity) -> Entity:
    return Entity(id=e.id, name=e.name, aliases=e.aliases, titles=e.titles if e.label == PERSON else [],
                  mentions=[Mention(text=m.text, start=m.start, end=m.end) for m in e.mentions])


#: how far (characters, same paragraph) a year anchors "the following year" after it
_ANCHOR_REACH = 300


def _story_country(dateline: Optional[str], entities: list[CanonicalEntity]) -> Optional[str]:
    """The country a story is from: its dateline's, else the one its places name most often
    (ties: the first named); None when neither is known."""
    if dateline:
        country = country_name(dateline) or country_of_place(dateline)
        if country:
            return country
    counts: dict[str, int] = {}
    for e in entities:
        if e.label == PLACE:
            country = country_name(e.forms[0]) or country_of_place(e.forms[0])
            if country:
                counts[country] = counts.get(country, 0) + len(e.mentions)
    return max(counts, key=lambda c: counts[c]) if counts else None


_FISCAL_START = lexicon("countries").fiscal_year_start
_FISCAL_BY_START = lexicon("countries").fiscal_year_named_by_start
_FISCAL_WORDS = re.compile(r"\b(?:financial|fiscal|budget)\b", re.I)


def _fiscal(value: Optional[str], text: str, s: int, e: int, country: Optional[str]) -> Optional[str]:
    """A split year named as a financial year ('the 2025/26 financial year', '2024/25 budget') in
    the months of the story's country's fiscal year: '2025/2026' -> '2025-04/2026-03' in Jamaica
    (``fiscal_year_start`` in the countries lexicon), the end of one ('/2026' -> '/2026-03'), and a
    fiscal year named by one year ('fiscal 2024': April 2024-March 2025 in Japan, which names it
    by its first year, ``fiscal_year_named_by_start``; April 2023-March 2024 in India); the value
    unchanged otherwise."""
    start = _FISCAL_START.get(country) if country else None
    if not start or not _FISCAL_WORDS.search(text[max(0, s - 12):e + 20]):
        return value
    m = re.fullmatch(r"(\d{4})/(\d{4})", value or "")
    if m and int(m[2]) == int(m[1]) + 1:
        return f"{m[1]}-{start:02d}/{m[2]}-{start - 1:02d}"
    end = re.fullmatch(r"/(\d{4})", value or "")  # "by the end of the 2025-26 financial year": its last month
    if end and re.search(r"\d{4}\s*[-–/]\s*\d{2,4}", text[s:e]):
        return f"/{end[1]}-{start - 1:02d}"
    named = re.search(r"\b(?:fiscal|financial)\s+(?:year\s+)?(\d{4})\b", text[s:e], re.I)
    one = re.fullmatch(r"(/?)(\d{4})", value or "")
    if named and one and one[2] == named[1]:  # "for fiscal 2024", "until fiscal 2026": that fiscal year
        first = int(named[1]) - (country not in _FISCAL_BY_START)
        return f"/{first + 1}-{start - 1:02d}" if one[1] else f"{first}-{start:02d}/{first + 1}-{start - 1:02d}"
    return value


def _dates(text: str, pub: Optional[dt.date], facts: list[DocFacts],
           country: Optional[str] = None) -> dict[tuple[int, int], DateMention]:
    """(start, end) -> resolved date mention, in text order; candidates that are no date dropped.
    ``country``: the story's, for its fiscal year (:func:`_fiscal`)."""
    out: dict[tuple[int, int], DateMention] = {}
    anchor: Optional[tuple[int, int]] = None  # (end offset, year) of the last date with its own year
    for s, e, tense in sorted({d for f in facts for d in f.dates}):
        res = resolve_date(text[s:e], pub, tense)
        step = anaphoric_year_offset(text[s:e])
        if step is not None and anchor is not None and s - anchor[0] < _ANCHOR_REACH and "\n\n" not in text[anchor[0]:s]:
            res = Resolved(str(anchor[1] + step), "year", False)  # "bought in 2016 and opened ... the following year"
        elif res is not None and res.value and not res.relative and re.fullmatch(r"\d{4}(?:-\d\d){0,2}", res.value):
            anchor = (e, int(res.value[:4]))
        if res is not None:
            out[(s, e)] = DateMention(text=text[s:e], start=s, end=e, value=_fiscal(res.value, text, s, e, country),
                                      granularity=res.granularity,
                                      relative=res.relative)
    return out


def _plural_phrase(x) -> bool:
    """A speaker given as a plain plural phrase ('Organisers', 'Union leaders'), who can be 'they'/'we'."""
    return isinstance(x, str) and x.split()[-1].lower().endswith("s") and x[:1].isupper()


def _bare(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower())


def _names(resolver: Resolver, refs: list, pos: int, speakers: list, note: bool = False) -> list[Actor]:
    """Actors that ``refs`` stand for, de-duplicated by name; ``note`` records them as the actors of
    the sentence at ``pos`` (for later groups and pronouns). An actor's aliases are its entity's
    other names, a country's name behind a short form, and the phrase the sentence used for it
    when that was a description ('the government', 'the Liberian side')."""
    got = [(x, ref) for ref in refs for x in resolver.resolve(ref, pos, speakers)]
    if note:
        resolver.note(pos, [x for x, _ in got], speakers)
    out: dict[str, Actor] = {}
    for x, ref in got:
        name, ref_id = (x.name, x.id) if isinstance(x, CanonicalEntity) else (x, None)
        aliases = list(x.aliases) if isinstance(x, CanonicalEntity) else []
        country = country_name(name)
        if isinstance(x, CanonicalEntity) and x.label == PLACE and not country:
            country = country_of_place(name)  # "Dhaka, Jakarta sign nine MoUs": the capitals' governments
        if country and country != name:
            aliases.append(country)
        said = re.sub(r"\s+", " ", ref.get("text", "")).strip()
        if ref.get("phrase") and country:  # "the Liberian side", "China's government"
            said = re.sub(r"\s+", " ", ref["phrase"]).strip()
        if ref.get("kind") in ("def", "group", "name") and said:
            aliases.append(said)
        actor = out.setdefault(name.lower(), Actor(name=name, ref=ref_id))
        seen = {_bare(a) for a in actor.aliases} | {_bare(name)}
        for a in aliases:
            if _bare(a) not in seen:
                seen.add(_bare(a))
                actor.aliases.append(a)
    return list(out.values())


def _represented(resolver: Resolver, actors: list[Actor]) -> list[Actor]:
    """The bodies the people who sign an agreement sign for: "signed by ESSA Chief Executive X and
    KOSD Director General Y" binds ESSA and KOSD (their titles' organisation, else their country)."""
    out = []
    for a in actors:
        person = next((e for e in resolver.entities if e.id == a.ref and e.label == PERSON), None)
        body = resolver.affiliation(person) or resolver.country_of(person) if person is not None else None
        if isinstance(body, CanonicalEntity) and all(x.ref != body.id for x in actors + out):
            out.append(Actor(name=body.name, ref=body.id, aliases=list(body.aliases)))
        elif isinstance(body, str) and all(x.name != body for x in actors + out):
            out.append(Actor(name=body))
    return out


def _commitments(text: str, entities: list[CanonicalEntity], dates: dict, facts: list[DocFacts],
                 dateline: Optional[str] = None) -> list[Commitment]:
    """Commitments with actors, partners and speaker resolved against the article; those whose
    actors resolve to nothing are dropped."""
    resolver = Resolver(entities, text, [g for f in facts for g in f.groups], dateline)
    out: list[Commitment] = []
    for c in (c for f in facts for c in f.commitments):
        # entities, plain plural phrases ("Organisers said they ...") and bodies described as written
        # ("The provincial disaster authority said it would ...")
        speakers = [x for ref in c.speaker or [] for x in (
                        [ref["text"]] if ref.get("bare") else resolver.resolve(ref, c.sent_start, []) or [ref["text"]])
                    if isinstance(x, CanonicalEntity) or _plural_phrase(x) or ref.get("kind") == "def"]
        actors = _names(resolver, c.actors, c.sent_start, speakers, note=True)
        if not actors:
            continue
        if c.category == "agreement":
            actors += _represented(resolver, actors)
        dm = dates.get(c.when) if c.when else None
        said = _names(resolver, c.speaker, c.sent_start, []) if c.speaker else []
        partners = [a.name for a in _names(resolver, c.partners, c.sent_start, speakers)]
        for group in [[a] for a in actors] if c.each else [actors]:
            out.append(Commitment(
                actors=group, action=c.action, object=c.object, partners=partners,
                when=When(text=dm.text, value=dm.value) if dm else None, category=c.category, modality=c.modality,
                negated=c.negated, speaker=" and ".join(a.name for a in said) if said else None,
                sentence=text[c.sent_start:c.sent_end], start=c.sent_start, end=c.sent_end, confidence=c.confidence))
    return out
