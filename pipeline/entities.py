"""Canonical people, organisations and places of one article.

spaCy gives entity *strings*; analysts need *entities*. The functions here:

* :func:`entity_mentions` repair NER spans (leading "the", possessives, "(CNSA"
  fragments, names cut short of "on Peaceful Space Uses") and note acronym
  definitions "Full Name (ACR)";
* :func:`canonical_entities` vote one label per surface form, fold surnames into
  full names and acronyms into their expansions, drop events and projects, find
  the mentions NER missed, and return one entry per real-world entity with its
  fullest name, aliases, titles (people) and exact mentions.

All offsets are global character offsets into the article text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

PERSON, ORG, PLACE = "PERSON", "ORG", "PLACE"
_LABELS = {"PERSON": PERSON, "ORG": ORG, "GPE": PLACE, "LOC": PLACE}

#: last words that make an ORG span an event, project, programme or document, not an organisation
_NON_ORG_HEADS = {
    "station", "mission", "missions", "programme", "program", "project", "initiative", "plan", "strategy",
    "agenda", "vision", "olympics", "olympic", "games", "summit", "championship", "championships", "cup",
    "festival", "expo", "week", "day", "award", "awards", "prize", "treaty", "agreement", "accord", "act",
    "law", "protocol", "corridor", "satellite", "rover", "telescope", "index", "perspective", "paper",
    "report", "declaration", "convention", "charter", "framework", "road", "belt", "marathon", "open",
    "league", "tournament", "series", "grand prix", "show", "fair",
}
#: first words of named events that NER tags as organisations ("Storm Ilse", "Hurricane Ana")
_EVENT_FIRST = {"storm", "hurricane", "typhoon", "cyclone", "tropical", "operation"}
#: last words of an organisation name that a "on/for + Capitalised words" tail may continue
_ORG_HEADS = {
    "committee", "subcommittee", "commission", "council", "agency", "administration", "office", "ministry",
    "department", "bank", "fund", "organization", "organisation", "association", "institute", "authority",
    "board", "union", "bureau", "corporation", "court", "centre", "center", "foundation", "forum",
    "conference", "panel", "secretariat", "federation", "alliance", "network", "service", "academy",
}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
               "president", "minister", "premier", "chancellor", "governor", "mayor", "senator", "judge",
               "justice", "general", "gen", "colonel", "captain", "king", "queen", "prince", "princess",
               "sheikh", "ambassador", "secretary", "chairman", "chairwoman", "chief", "director",
               "commissioner", "deputy", "vice", "rep", "sen", "gov", "pope", "rev", "father", "coach",
               "ceo", "cfo", "spokesperson", "spokesman", "spokeswoman", "executive", "head", "envoy"}
_TITLE_WORDS = _HONORIFICS | {"officer", "manager", "founder", "leader", "adviser", "advisor", "analyst",
                              "economist", "scientist", "researcher", "engineer", "official", "spokesman",
                              "foreign", "prime", "state", "assistant", "acting", "former", "senior",
                              "general", "managing", "chief", "national", "defence", "defense", "finance",
                              "trade", "energy", "health", "environment", "interior", "economy", "minister"}
_CORP_SUFFIXES = {"inc", "ltd", "llc", "plc", "corp", "co", "group", "ag", "sa", "se", "nv", "gmbh",
                  "holdings", "limited", "corporation", "company"}
_STOP = {"of", "the", "and", "for", "on", "in", "at", "to", "&", "de", "du", "des", "la", "le", "y", "da"}
_ACRONYM_RE = re.compile(r"^[A-Z][A-Za-z0-9&.]{0,2}[A-Z0-9&.]{1,8}$")


@dataclass
class EntityMention:
    text: str
    start: int
    end: int
    label: str  # PERSON | ORG | PLACE
    head_i: Optional[int] = None  # token index (within its chunk doc) of the last token
    chunk: int = 0


@dataclass
class CanonicalEntity:
    label: str
    forms: list[str]  # distinct surface forms, first-seen order
    mentions: list[EntityMention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    id: str = ""

    @property
    def name(self) -> str:
        return canonical_name(self.forms, self.label)

    @property
    def aliases(self) -> list[str]:
        name = self.name
        seen = {norm_form(name)}
        out = []
        for f in self.forms:
            k = norm_form(f)
            if k not in seen:
                seen.add(k)
                out.append(f)
        return out


def norm_form(s: str) -> str:
    """Comparison key of a surface form: case-folded, no dots, no leading 'the', no possessive."""
    s = s.replace("’", "'").strip()
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    s = s.replace(".", "")
    return re.sub(r"\s+", " ", s).strip().casefold()


def _content_words(s: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", s.replace(".", "")) if w and w.casefold() not in _STOP]


def is_acronym_of(short: str, long: str) -> bool:
    """'UN' ~ 'United Nations', 'CNSA' ~ 'National Space Administration of China' (letters as a multiset)."""
    s = short.replace(".", "")
    if not _ACRONYM_RE.match(short) or len(s) < 2 or " " in short:
        return False
    words = _content_words(long)
    if len(words) < 2:
        return False
    initials = "".join(w[0] for w in words).upper()
    if s.upper() == initials:
        return True
    all_initials = "".join(w[0] for w in re.split(r"[\s-]+", long.replace(".", "")) if w).upper()
    return s.upper() == all_initials or (len(s) >= 3 and sorted(s.upper()) == sorted(initials))


def canonical_name(forms: Iterable[str], label: str) -> str:
    """The fullest form: most words, then longest; never a bare acronym when an expansion exists."""
    def key(f: str):
        words = f.split()
        acronym = 1 if _ACRONYM_RE.match(f) and len(words) == 1 else 0
        return (-acronym, len(words), len(f))
    return max(forms, key=key)


# --------------------------------------------------------------------------- mentions from a doc


def _strip_span(doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without leading determiners/punctuation and trailing possessives/punctuation."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].lower_ in ("'s", "’s", "'")):
        end -= 1
    return start, end


def _extend_org_tail(doc, start: int, end: int) -> int:
    """'the UN Committee' + 'on Peaceful Space Uses': extend through on/for + capitalised words."""
    if end >= len(doc) or doc[end - 1].lower_ not in _ORG_HEADS:
        return end
    if doc[end].lower_ not in ("on", "for") or end + 1 >= len(doc):
        return end
    j = end + 1
    if doc[j].lower_ == "the":
        j += 1
    k = j
    while k < len(doc) and (doc[k].is_title or doc[k].is_upper or (doc[k].lower_ in ("and", "of", "&") and k + 1 < len(doc) and doc[k + 1].is_title)):
        if doc[k].ent_type_ in ("DATE", "CARDINAL"):
            break
        k += 1
    return k if k > j else end


def entity_mentions(doc, offset: int = 0, chunk: int = 0) -> tuple[list[EntityMention], list[tuple[str, str]]]:
    """Repaired PERSON/ORG/GPE/LOC mentions of a doc, and (long, acronym) pairs defined in it."""
    out: list[EntityMention] = []
    acronyms: list[tuple[str, str]] = []
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = ent.start, ent.end
        # "(CNSA" or "Administration of China (CNSA": split off a parenthesised part
        paren = next((i for i in range(start, end) if doc[i].text == "("), None)
        inner = None
        if paren is not None:
            inner = (paren + 1, end)
            end = paren
        # a dateline glued to the name: "HARBOURTON - The Harbourton Transit Authority"
        dash = next((i for i in range(start, end) if doc[i].text in ("-", "–", "—", ":")), None)
        if dash is not None and all(t.is_upper or t.is_punct for t in doc[start:dash]):
            start = dash + 1
        start, end = _strip_span(doc, start, end)
        if start >= end:
            continue
        # people have no acronyms: "Greenwatch Oceans (GWO)" is an organisation
        if label == PERSON and end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].is_upper \
                and doc[end + 2].text == ")":
            label = ORG
        if label == ORG:
            end = _extend_org_tail(doc, start, end)
        span = doc[start:end]
        out.append(EntityMention(span.text, span.start_char + offset, span.end_char + offset, label, end - 1, chunk))
        # acronym defined right after: "Full Name (ACR)" -- inside this ent or as the next tokens
        a_start = inner[0] if inner else (end + 1 if end + 1 < len(doc) and doc[end].text == "(" else None)
        if a_start is not None and a_start < len(doc):
            a_end = a_start
            while a_end < len(doc) and doc[a_end].text != ")" and a_end - a_start < 3:
                a_end += 1
            acr = doc[a_start:a_end]
            if acr.text and _ACRONYM_RE.match(acr.text.replace(" ", "")) and label != PERSON:
                acronyms.append((span.text, acr.text))
                if inner is not None:
                    out.append(EntityMention(acr.text, acr.start_char + offset, acr.end_char + offset, label, a_end - 1, chunk))
    return out, acronyms


# --------------------------------------------------------------------------- titles of people


def person_titles(doc, mention: EntityMention, offset: int = 0) -> list[str]:
    """Titles/roles next to a person mention: 'CNSA Deputy Director Wu Yanhua', 'Wu, deputy director of X'."""
    span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
    if span is None:
        return []
    titles = []
    # left: compound/title words directly before the name
    i = span.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod") and not doc[i].is_punct and (
        doc[i].lower_ in _TITLE_WORDS or doc[i].ent_type_ in ("ORG", "NORP", "GPE") or doc[i].is_title):
        if doc[i].ent_type_ == "PERSON":
            break
        i -= 1
    if i + 1 < span.start:
        left = doc[i + 1:span.start]
        if any(t.lower_ in _TITLE_WORDS for t in left):
            titles.append(left.text)
    # right: apposition "Wu Yanhua, deputy director of the administration,"
    for child in span.root.children:
        if child.dep_ == "appos" and child.ent_type_ != "PERSON" and child.i > span.end - 1:
            sub = list(child.subtree)
            toks = [t for t in sub if not (t.dep_ in ("det",) and t.i == sub[0].i)]
            while toks and toks[-1].is_punct:
                toks.pop()
            if toks and len(toks) <= 12:
                titles.append(doc[toks[0].i:toks[-1].i + 1].text)
    # leading honorific inside the NER span itself ("President Ana Lopez")
    first = doc[span.start]
    if first.lower_.rstrip(".") in _HONORIFICS and len(span) > 1:
        titles.append(first.text)
    return titles


def strip_honorifics(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- canonicalisation


def _vote_labels(mentions: list[EntityMention], person_tokens: set[str]) -> None:
    """One label per surface form (majority; ties to ORG); surnames of people stay people."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[norm_form(m.text)][m.label] += 1
    for m in mentions:
        key = norm_form(m.text)
        c = votes[key]
        if len(c) > 1:
            best = max(c.items(), key=lambda kv: (kv[1], kv[0] == ORG, kv[0] == PLACE))[0]
            m.label = best
        # single-token all-caps 'persons' are organisations (CNSA, NASA)
        if m.label == PERSON and _ACRONYM_RE.match(m.text) and " " not in m.text:
            m.label = ORG
        if m.label == PERSON and any(w.lower() in _ORG_HEADS for w in m.text.split()):
            m.label = ORG
        if m.label != PERSON and " " not in m.text and key in person_tokens:
            m.label = PERSON


def _same_org(form: str, other: str) -> bool:
    a, b = norm_form(form), norm_form(other)
    if a == b:
        return True
    short, long = (form, other) if len(a) <= len(b) else (other, form)
    if is_acronym_of(short.strip(), re.sub(r"^(?:the|The)\s+", "", long)):
        return True
    sw, lw = norm_form(short).split(), norm_form(long).split()
    if len(sw) < len(lw) and lw[: len(sw)] == sw:
        rest = long.split()[len(short.split()):]
        if rest and all(w.islower() or w.lower().rstrip(".") in _CORP_SUFFIXES for w in rest):
            return True  # 'Xinhua' ~ 'Xinhua news agency', 'Siemens' ~ 'Siemens AG'
        if len(sw) == 1 and short[:1].isupper() and sw[0] not in _ORG_HEADS and sw[0] not in _STOP \
                and not short.isupper() and len(sw[0]) > 3:
            return True  # a distinctive first word: 'Voltline' ~ 'Voltline Motors'
    return False


def _same_person(form: str, other: str) -> bool:
    a, b = norm_form(strip_honorifics(form)).split(), norm_form(strip_honorifics(other)).split()
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return short[0] in (long[-1], long[0])
    return set(short) <= set(long) or (short[0] == long[0] and short[-1] == long[-1])


def canonical_entities(mentions: list[EntityMention], acronyms: list[tuple[str, str]], text: str) -> list[CanonicalEntity]:
    """Cluster mentions into entities (see module doc). Returns people, then organisations, then places."""
    multi_person_tokens = set()
    for m in mentions:
        if m.label == PERSON and len(m.text.split()) > 1:
            for w in strip_honorifics(m.text).split():
                multi_person_tokens.add(norm_form(w))
    _vote_labels(mentions, multi_person_tokens)
    kept = []
    for m in mentions:
        words = m.text.split()
        if m.label == ORG and (words[-1].lower() in _NON_ORG_HEADS or words[0].lower() in _EVENT_FIRST
                               or re.search(r"\d", m.text)):
            continue  # events, projects, programmes, documents ('Tokyo 2020', 'ILRS' is kept by acronym only)
        if m.label == PERSON and (len(m.text) < 2 or not m.text[0].isupper() or m.text.startswith("@")):
            continue
        if not any(ch.isalpha() for ch in m.text):
            continue
        kept.append(m)

    acr_map = {norm_form(a): long for long, a in acronyms}
    clusters: list[CanonicalEntity] = []
    # longest mentions first so short forms attach to the fullest name
    order = sorted(kept, key=lambda m: (-len(m.text.split()), m.start))
    for m in order:
        target = None
        for c in clusters:
            if c.label != m.label:
                continue
            same = _same_person if m.label == PERSON else _same_org
            if any(same(m.text, f) for f in c.forms) or (
                    norm_form(m.text) in acr_map and any(norm_form(acr_map[norm_form(m.text)]) == norm_form(f) for f in c.forms)):
                if target is None or (m.label == PERSON and c.mentions and c.mentions[0].start < m.start <= m.start):
                    target = c
                    if m.label != PERSON:
                        break
        form = strip_honorifics(m.text) if m.label == PERSON else re.sub(r"^(?:the|The)\s+", "", m.text)
        if target is None:
            target = CanonicalEntity(m.label, [form])
            clusters.append(target)
        elif not any(norm_form(form) == norm_form(f) for f in target.forms):
            target.forms.append(form)
        target.mentions.append(m)

    _add_missed_mentions(clusters, text)
    clusters.sort(key=lambda c: min(x.start for x in c.mentions))
    counters = {PERSON: 0, ORG: 0, PLACE: 0}
    prefix = {PERSON: "p", ORG: "o", PLACE: "g"}
    for c in clusters:
        counters[c.label] += 1
        c.id = f"{prefix[c.label]}{counters[c.label]}"
        c.mentions.sort(key=lambda x: x.start)
    return clusters


def _add_missed_mentions(clusters: list[CanonicalEntity], text: str) -> None:
    """Every other exact, word-bounded occurrence of an entity's forms is a mention too."""
    taken = sorted((m.start, m.end) for c in clusters for m in c.mentions)

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for c in clusters:
        for f in sorted(set(c.forms), key=len, reverse=True):
            if len(f) < 2 or not f[0].isupper():
                continue
            for mt in re.finditer(rf"(?<![\w@#]){re.escape(f)}(?![\w])", text):
                if free(mt.start(), mt.end()):
                    c.mentions.append(EntityMention(f, mt.start(), mt.end(), c.label))
                    taken.append((mt.start(), mt.end()))
