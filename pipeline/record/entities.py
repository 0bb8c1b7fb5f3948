"""Canonical people, organisations and places of one article.

spaCy gives entity *strings*; analysts need *entities*. :func:`canonical_entities` votes one
label per surface form, folds surnames into full names and acronyms into their expansions,
drops events and projects, finds the mentions NER missed, and returns one entry per
real-world entity with its fullest name, aliases, titles (people) and exact mentions.

All offsets are global character offsets into the article text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from pipeline.nlp.mentions import (ACRONYM_RE, LEGAL_FORMS, ORG, PERSON, PLACE, EntityMention, capitals_lines,
                                   org_like)
from pipeline.nlp.segment import LINE_LABELS
from pipeline.text.gazetteer import country_name, is_demonym, is_place
from pipeline.text.lexicon import lexicon

_W = lexicon("entities")  # word lists: pipeline/text/lexicons/entities.json


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
        forms = list(self.forms)
        if self.label == ORG:
            # "Harbor Lane Outfitters Inc." is also known without its legal suffix
            for f in self.forms:
                words = f.split()
                if len(words) > 2 and words[-1].lower().strip(".,") in _W.legal_abbreviations:
                    forms.append(" ".join(words[:-1]).rstrip(","))
        for f in forms:
            k = norm_form(f)
            if k not in seen:
                seen.add(k)
                out.append(f)
        return out


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
def norm_form(s: str) -> str:
    """Comparison key of a surface form: case-folded, no dots, no leading 'the', no possessive."""
    s = s.replace("’", "'").strip()
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    s = s.replace(".", "")
    return re.sub(r"\s+", " ", s).strip().casefold()


def _content_words(s: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", s.replace(".", "")) if w and w.casefold() not in _W.stop]


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
def is_acronym_of(short: str, long: str) -> bool:
    """'UN' ~ 'United Nations', 'CNSA' ~ 'National Space Administration of China' (letters as a multiset)."""
    s = short.replace(".", "")
    if not ACRONYM_RE.match(short) or len(s) < 2 or " " in short:
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
        acronym = 1 if ACRONYM_RE.match(f) and len(words) == 1 else 0
        return (-acronym, len(words), len(f))
    return max(forms, key=key)


def strip_honorifics(text: str) -> str:
    """A person's name without the titles before it: 'H.E. Mrs. Ada Lim' -> 'Ada Lim',
    'Tan Sri Lim Boon Keat' -> 'Lim Boon Keat' (two-word titles only together)."""
    words = text.split()
    while len(words) > 1:
        if len(words) > 2 and " ".join(words[:2]).lower() in _W.multiword_honorifics:
            words = words[2:]
        elif words[0].lower().rstrip(".,") in _W.honorifics:
            words = words[1:]
        else:
            break
    return " ".join(words)


def _vote_labels(mentions: list[EntityMention], person_tokens: set[str]) -> None:
    """One label per surface form (majority; ties to ORG); surnames of people stay people."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[norm_form(m.text)][m.label] += 1
    person_names = {norm_form(strip_honorifics(m.text)) for m in mentions if m.label == PERSON and " " in m.text}
    org_forms = {norm_form(re.sub(r"^(?:the|The)\s+", "", m.text)) for m in mentions if m.label == ORG}
    for m in mentions:
        key = norm_form(m.text)
        c = votes[key]
        if len(c) > 1:
            best = max(c.items(), key=lambda kv: (kv[1], kv[0] == ORG, kv[0] == PLACE))[0]
            m.label = best
        # single-token all-caps 'persons' are organisations (CNSA, NASA)
        if m.label == PERSON and ACRONYM_RE.match(m.text) and " " not in m.text:
            m.label = ORG
        if m.label == PERSON and any(w.lower() in _W.org_heads for w in m.text.split()):
            m.label = ORG
        if m.label == PERSON and _short_for_org(key, org_forms):
            m.label = ORG  # "Huaxin Yuanneng will build ..." after "Huaxin Yuanneng Engineering Co."
        if m.label != PERSON and " " not in m.text and key in person_tokens:
            m.label = PERSON
        elif m.label == ORG and " " in key and any(n.endswith(" " + key) for n in person_names) \
                and not any(w in _W.org_words or w in _W.corp_suffixes for w in key.split()):
            m.label = PERSON  # "Al Mansoori" after "Khalid Saeed Al Mansoori": the person's surname


def _org_tail(words: list[str]) -> bool:
    """Whether the words after a short name make it a company's or body's full name: 'Engineering
    Co.', 'Holding', 'Metro Company', 'a.s.' (organisation and legal words only)."""
    return bool(words) and all(w.rstrip(".,") in _W.org_words or w.rstrip(".,") in _W.org_heads
                               or w.rstrip(".,") in LEGAL_FORMS or w.replace(".", "").rstrip(",") in LEGAL_FORMS
                               for w in words)


def _short_for_org(key: str, org_forms: set) -> bool:
    """Whether a name (normalised) is the start of an organisation's name in the article, the rest
    being organisation words ('via mineira' ~ 'via mineira metro company')."""
    n = len(key.split())
    return any(f.startswith(key + " ") and _org_tail(f.split()[n:]) for f in org_forms)


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
def _same_org(form: str, other: str, label: str = ORG) -> bool:
    a, b = norm_form(form), norm_form(other)
    if a == b:
        return True
    short, long = (form, other) if len(a) <= len(b) else (other, form)
    if is_acronym_of(short.strip(), re.sub(r"^(?:the|The)\s+", "", long)):
        return True
    sw, lw = norm_form(short).replace(",", "").split(), norm_form(long).replace(",", "").split()  # 'X, Inc.'
    if len(sw) < len(lw) and lw[: len(sw)] == sw:
        rest = long.split()[len(short.split()):]
        if rest and all(w.islower() or w.lower().rstrip(".") in LEGAL_FORMS or w.lower().replace(".", "") in LEGAL_FORMS
                        for w in rest) \
                or len(sw) > 1 and _org_tail(lw[len(sw):]):
            return True  # 'Xinhua' ~ 'Xinhua news agency', 'Siemens' ~ 'Siemens AG', 'Huaxin Yuanneng' ~ '... Engineering Co.'
        if len(sw) == 1 and short[:1].isupper() and sw[0] not in _W.org_heads and sw[0] not in _W.stop \
                and not short.isupper() and len(sw[0]) > 3:
            return True  # a distinctive first word: 'Voltline' ~ 'Voltline Motors'
    if label == ORG and (short.isupper() or short in _W.known_organisations) and _office_of(long) != long \
            and norm_form(_office_of(long)) == norm_form(short):
        return True  # "UNICEF Bangladesh" ~ "UNICEF": a body's office in a country
    body = _without_countries(long)
    if label == ORG and body != long and len(sw) > 1 and sw[-1] in _W.org_heads \
            and norm_form(body).split()[:len(sw)] == sw:
        return True  # 'the Joint Commission' ~ 'Sierra Leone–Liberia Joint Commission for Cooperation'
    if label == ORG and 1 < len(sw) < len(lw) and lw[-len(sw):] == sw and sw[-1] in _W.org_heads \
            and not any(w in _W.stop for w in sw):
        return True  # the end of a body's name: 'the School Committee' ~ 'Tapuelelele Memorial Primary School Committee'
    if label == ORG and len(sw) == 1 and len(lw) > 1 and lw[-1] == sw[0] and sw[0] not in _W.generic_last \
            and short[:1].isupper():
        return True  # a club's or firm's distinctive last word: 'Rovers' ~ 'Ashford Rovers'
    if label == ORG and 1 < len(sw) < len(lw) and lw[-len(sw):] == sw and all(
            w in _W.org_words or w in _W.corp_prefixes for w in lw[:-len(sw)]):
        return True  # the name without the words that type it: 'Mendoza Unidos' ~ 'Club Atlético Mendoza Unidos'
    return False


def _without_countries(name: str) -> str:
    """A joint body's name without the countries that open it: 'Sierra Leone–Liberia Joint
    Commission' -> 'Joint Commission'; the name itself when it opens with no country pair."""
    m = re.match(r"^(?:the\s+|The\s+)?([^–\-]+?)\s*[–-]\s*(.+)$", name)
    if not m or not (country_name(m.group(1)) or is_demonym(m.group(1))):
        return name
    right = m.group(2).split()
    for k in (3, 2, 1):  # 'Liberia', 'Sierra Leone', 'Central African Republic'
        second = " ".join(right[:k])
        if len(right) > k and (country_name(second) or is_demonym(second)):
            return " ".join(right[k:])
    return name


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
def _fold(s: str) -> str:
    """Without accents: 'Tomás Ibáñez' -> 'Tomas Ibanez' (news spells names both ways)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _same_person(form: str, other: str) -> bool:
    a, b = _fold(norm_form(strip_honorifics(form))).split(), _fold(norm_form(strip_honorifics(other))).split()
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return short[0] in (long[-1], long[0], long[-1].split("-")[0]) or (
            len(long) > 2 and short[0] in long[1:-1] and len(short[0]) > 3)  # 'Huamán' of 'Rosa Elvira Huamán Ccori'
    return set(short) <= set(long) or (short[0] == long[0] and short[-1] == long[-1])


def _honorifics_of(titles: Iterable[str]) -> set[str]:
    """The honorifics ('dr', 'mrs', 'insp') that open a mention's titles."""
    return {t.split()[0].lower().rstrip(".") for t in titles if t.split() and t.split()[0].lower().rstrip(".") in _W.honorifics}


def _honorifics_at(x: EntityMention, titles_at: dict, text: str) -> set[str]:
    """Honorifics of one person mention: in its titles, its text or the word right before it ("Mrs")."""
    words = text[max(0, x.start - 12):x.start].split()
    return _honorifics_of(titles_at.get(x.start, []) + [x.text] + words[-1:])


def _pick_person(m: EntityMention, candidates: list[CanonicalEntity], titles_at: dict, text: str) -> Optional[CanonicalEntity]:
    """The person a mention joins among people its name fits. A bare surname with an honorific
    ("Dr. Ramsay") when two people share the surname goes to the one with that honorific, or to
    neither (issue 12: never by recency alone); otherwise the latest person named before it."""
    if len(candidates) > 1 and len(strip_honorifics(m.text).split()) == 1:
        mine = _honorifics_at(m, titles_at, text)
        if mine:
            same = [c for c in candidates if any(mine & _honorifics_at(x, titles_at, text) for x in c.mentions)]
            return same[0] if len(same) == 1 else None
    before = [c for c in candidates if c.mentions and c.mentions[0].start < m.start]
    return before[-1] if before else candidates[0]


def canonical_entities(mentions: list[EntityMention], acronyms: list[tuple[str, str]], text: str,
                       titles_at: Optional[dict] = None) -> list[CanonicalEntity]:
    """Cluster mentions into entities (see module doc). Returns people, then organisations, then places.

    ``titles_at``: a person mention's start -> its titles (``person_titles``), used to tell two
    people of one surname apart; a mention that fits neither is left out."""
    titles_at = titles_at or {}
    acronyms = list(acronyms) + _quoted_short_names(mentions, text)
    multi_person_tokens = set()
    for m in mentions:
        if m.label == PERSON and len(m.text.split()) > 1:
            for w in strip_honorifics(m.text).split():
                multi_person_tokens.add(norm_form(w))
            last = norm_form(strip_honorifics(m.text).split()[-1])
            if "-" in last and len(last.split("-")[0]) > 3:
                multi_person_tokens.add(last.split("-")[0])  # "Quispe" of "Tomás Quispe-Arrieta"
    _vote_labels(mentions, multi_person_tokens)
    event_words: set = set()
    not_orgs = {norm_form(a) for long, a in acronyms if _names_a_thing(long)} | _common_noun_acronyms(text)
    defined = {norm_form(a) for _, a in acronyms}
    org_forms = {norm_form(m.text) for m in mentions if m.label == ORG}
    caps = capitals_lines(text)
    kept = [m for m in mentions if _keep(m, text, event_words, not_orgs, defined, org_forms)
            and not _headline_word(m, text, caps)]
    _cut_headline_verbs(kept, text)
    _headline_people(kept, text, caps)
    kept = [m for m in kept if not _headline_only_org(m, text)]
    acr_map = {norm_form(a): long for long, a in acronyms}
    clusters: list[CanonicalEntity] = []
    # longest mentions first so short forms attach to the fullest name
    order = sorted(kept, key=lambda m: (-len(m.text.split()), m.start))
    for m in order:
        target = None
        fits = []
        for c in clusters:
            if c.label != m.label:
                continue
            acr = norm_form(_office_of(m.text) if m.label == ORG else m.text)  # "UNICEF Bangladesh" -> "unicef"
            if any((_same_person(m.text, f) if m.label == PERSON else _same_org(m.text, f, m.label)) for f in c.forms) or (
                    acr in acr_map and any(norm_form(acr_map[acr]) == norm_form(f) for f in c.forms)):
                fits.append(c)
                if m.label != PERSON:
                    break
        if fits:
            target = _pick_person(m, fits, titles_at, text) if m.label == PERSON else fits[0]
            if target is None:
                continue  # "Dr. Ramsay" between two Ramsays, neither of them a doctor
        forms = _forms_of(m)
        if target is None:
            target = CanonicalEntity(m.label, forms[:1])
            clusters.append(target)
        for form in forms:
            if not any(norm_form(form) == norm_form(f) for f in target.forms):
                target.forms.append(form)
        target.mentions.append(m)

    clusters = _people_named_like_a_firm(clusters, titles_at)
    clusters = _settle_one_word_people(clusters, event_words)
    clusters = _places_among_orgs(clusters, acr_map)
    clusters = [c for c in clusters if not _bare_word_org(c, defined)]
    for long, acr in acronyms:  # "... Digital Technologies (AUEDT)": the acronym is an alias, tagged or not
        host = next((c for c in clusters if c.label == ORG and any(norm_form(f) == norm_form(long) for f in c.forms)), None)
        if host is not None and norm_form(acr) not in not_orgs and not any(norm_form(f) == norm_form(acr) for f in host.forms):
            host.forms.append(acr)
    _add_missed_mentions(clusters, text)
    clusters.sort(key=lambda c: min(x.start for x in c.mentions))
    counters = {PERSON: 0, ORG: 0, PLACE: 0}
    prefix = {PERSON: "p", ORG: "o", PLACE: "g"}
    for c in clusters:
        counters[c.label] += 1
        c.id = f"{prefix[c.label]}{counters[c.label]}"
        c.mentions.sort(key=lambda x: x.start)
    return clusters


def _quoted_short_names(mentions: list[EntityMention], text: str) -> list[tuple[str, str]]:
    """(name, short name) pairs a release defines in brackets and quotes: 'Teluk Marine Services
    Bhd ("Teluk Marine")' - used like an acronym's definition (the short name joins the name)."""
    out = []
    for m in mentions:
        if m.label != ORG:
            continue
        q = re.match(r"\s*\(\s*[\"“]([^\"”()\n]{2,40})[\"”]\s*\)", text[m.end:m.end + 50])
        if q and q.group(1)[:1].isupper():
            out.append((re.sub(r"^(?:the|The)\s+", "", m.text), q.group(1)))
    return out


#: the words a title-case headline leaves in lower case
_HEADLINE_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by",
                                   "with", "from", "as", "vs", "via", "per", "into", "over", "amid"})


def _headline_only_org(m: EntityMention, text: str) -> bool:
    """Whether an "organisation" of two or more words stands on a title-case headline (the first
    line) and nowhere else in the story, in any case ("... Lifts Stake In Penang Harbour Venture,
    Plans Second Berth"): a title-case headline capitalises common nouns, so only names the body
    writes again are kept."""
    first = len(text) - len(text.lstrip())
    end = text.find("\n", first)
    if m.label != ORG or " " not in m.text or not first <= m.start < (end if end >= 0 else len(text)) \
            or not _title_case_line(text, m.start) \
            or any(w[:1].islower() and w.isalpha() and w not in _HEADLINE_SMALL_WORDS for w in _line_at(text, m.start).split()):
        return False  # (the first line only, in strict title case: list and stamp lines name real bodies)
    low, key = text.lower(), m.text.lower()
    i = low.find(key)
    while i >= 0:
        if not _title_case_line(text, i):
            return False
        i = low.find(key, i + 1)
    return True


def _office_of(name: str) -> str:
    """A body's name without the country its office is in: "UNICEF Bangladesh" -> "UNICEF"
    (the name itself when no country closes it)."""
    words = name.split()
    for k in (3, 2, 1):
        if len(words) > k and country_name(" ".join(words[-k:])):
            return " ".join(words[:-k])
    return name


def _forms_of(m: EntityMention) -> list[str]:
    """The surface forms a mention adds to its entity: a person's name without titles (and with
    them too when the title is part of how the person is named: 'Sheikh Rahima Chowdhury'), an
    organisation's or place's name without a leading 'the'."""
    if m.label != PERSON:
        return [re.sub(r"^(?:the|The)\s+", "", m.text)]
    bare = strip_honorifics(m.text)
    first = m.text.split()[0].lower().rstrip(".,")
    return [bare, m.text] if bare != m.text and first in _W.name_honorifics else [bare]


def _joins_places(name: str) -> bool:
    """'Lagos-Accra', 'Zagreb-Koprivnica-Budapest', 'Bengaluru/Seoul', 'PR/VNW': names joined by a
    slash, or by a hyphen where one side is a known place."""
    if any(w.lower() in _W.org_heads for w in name.split()):
        return False  # "the Ghana-Togo Permanent Joint Commission": a body of the two
    if re.search(r"\b[as]/[pl]\b", name):
        return False  # "Kavitha a/p Rajoo": a Malaysian name ("daughter of")
    if "/" in name:
        return True
    parts = [p.strip() for p in re.split(r"[-–]", name)]
    return len(parts) > 1 and all(p[:1].isupper() and len(p.split()) <= 2 for p in parts if p) \
        and any(is_place(p) or country_name(p) for p in parts)  # not 'Terminales Portuarios Quispe-Ibarra S.A.'


def _names_a_thing(name: str) -> bool:
    """An agreement, project, programme, document or event name ("Comprehensive Economic
    Partnership Agreement", "the Lunar Polar mission", "The Project for Construction of a
    Community Hall"): never an organisation."""
    words = re.sub(r"^(?:the|The)\s+", "", name).split()
    return bool(words) and (words[-1].lower() in _W.non_org_heads or len(words) > 2
                            and words[0].lower() in _W.non_org_heads and words[1].lower() in ("for", "of", "on", "to"))


def _numbered_org(name: str) -> bool:
    """An organisation's name with a number in it: a grouping's ('G20', 'C40') or a company's with
    its legal form ('Vidin Medical 2022 Ltd'); 'Tokyo 2020' and 'Expo 2020' name events, 'Q4' and
    'H1' periods, 'N52' (billion naira) money (a quoted name after an organisation's type noun, 'the consortium "Vidin Medical
    2022"', is kept by the caller)."""
    words = name.split()
    return bool(re.fullmatch(r"G\d{1,2}|C40|B20|E3|P5|V20|L20", name)) or len(words) > 2 and (
        words[-1].lower().rstrip(".,") in _W.corp_suffixes or words[-1].lower().rstrip(".,") in _W.legal_abbreviations)


def _keep(m: EntityMention, text: str, event_words: set, not_orgs: set, acronyms_defined: set,
          org_forms: frozenset = frozenset()) -> bool:
    """Whether a mention names an entity we list; may relabel it (a country is a place).

    Dropped: events, projects, programmes and documents ('Tokyo 2020', 'Hurricane Dora', 'the
    CEPA' when the article defines it as an agreement), nationality words ('Bangladeshi'),
    abbreviations of common nouns ('MoU', 'LNG'), lower-case words, handles, portfolios
    ('Education Minister') and capitalised common words the article also writes in lower case.
    """
    words = m.text.split()
    key = norm_form(m.text)
    if "credit" in m.cues:
        return True  # "Accra, (GPS - 12th Mar, 2024 ) :": the agency a dateline credits, whatever else its name spells
    if m.text.endswith(("-", "–")):
        j = m.end
        while j < len(text) and text[j].isalpha() and text[j].islower():
            j += 1
        if j == m.end:
            return False  # "Independent Non-" of "Independent Non-Executive Director": a word cut off
        m.text, m.end = m.text + text[m.end:j], j  # "Yoon Seo-" + "jin"
        words, key = m.text.split(), norm_form(m.text)
    if key in event_words and m.label != PLACE:
        return False  # "the centre of Marilag" after Typhoon "Marilag"
    storm = re.search(r"\b(\w+)\s*[\"“]$", text[max(0, m.start - 20):m.start])
    if storm and storm.group(1).lower() in _W.event_first and m.label != PLACE:
        event_words.add(key)  # Typhoon "Marilag": a storm's name, quoted
        return False
    if words[0].lower() in _W.event_first and m.label != PLACE:
        event_words.add(norm_form(words[-1]))  # "Tropical Storm Lorena": "Lorena" names the storm
        return False
    if m.text in _W.known_organisations or re.sub(r"^(?:the|The)\s+", "", m.text) in _W.known_organisations:
        m.label = ORG  # "BRICS", "the African Union": the model may call them places
        return True  # (and "the World Food Programme" is a body, though programmes are things)
    if m.label == ORG and (_names_a_thing(m.text) and "org" not in m.cues or re.search(r"\d", m.text) and not _numbered_org(m.text)
                           and not ("org" in m.cues and text[max(0, m.start - 1):m.start] in ('"', "“", "'"))
                           or key in not_orgs):
        return False  # 'ILRS' is kept by acronym only when it is not defined as a project here
    parts = re.split(r"[-–]", strip_honorifics(m.text))
    if m.label != PLACE and all(re.fullmatch(r"(?:[QH][1-4]|FY\s?\d{2,4}|[1-9]M|FY)", w, re.I) for w in words):
        return False  # "Q3 FY26", "H1", "9M FY26": reporting periods' codes
    if m.label != PLACE and len(words) > 1 and m.text.endswith("s") and is_demonym(m.text[:-1]):
        return False  # "400 Papua New Guineans": people of a country
    if key in _W.non_org_names or (m.label != PLACE and (is_demonym(parts[0]) if len(parts) == 1 else all(
            is_demonym(p) or country_name(p) for p in parts))):
        return False  # 'Bangladeshi', 'the Kazakh-Uzbek (border)'
    if m.label != PLACE and country_name(m.text) and not any(w.lower() in _W.org_words for w in words) \
            and key not in acronyms_defined:
        m.label = PLACE  # 'UAE', 'St Lucia' tagged as an organisation or a person
    if m.label in (PERSON, ORG) and len(words) > 1 and words[0].lower().rstrip(".") in _W.place_first_words \
            and not any(org_like(w.lower().strip(".,")) for w in words[1:]):
        m.label = PLACE  # 'Mt Hagen', 'Lake Naivasha'
    if m.label in (PERSON, ORG) and len(words) > 1 and words[-1].lower() in ("state", "prefecture", "governorate", "oblast") \
            and is_place(" ".join(words[:-1])):
        m.label = PLACE  # 'Niger State', 'Kumamoto Prefecture': an administrative unit named after its place
    if m.label in (PERSON, ORG) and len(words) > 1 and words[-1].lower().strip(".,") in _W.place_last_words \
            and not any(org_like(w.lower().strip(".,")) for w in words[:-1]) and not (m.label == ORG and _short_for_org(key, org_forms)):
        m.label = PLACE  # 'Hollins Lane', 'Homa Bay', 'Tower Hill' (an address line)
    if m.label == ORG and re.fullmatch(r"[A-Z]{3}", m.text) and re.match(
            r"\s?(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*(?:[mb]n|million|billion|crore|lakh)\b)", text[m.end:m.end + 24]):
        return False  # 'SAT 452,000', 'KES 4.5 billion': an ISO 4217 currency code before an amount
    if m.label == ORG and _section_head(m, text):
        return False  # "DIVIDEND" on a line of its own: a report's section head
    if m.label == ORG and m.text.lower() in LINE_LABELS and text[m.end:m.end + 1] == ":":
        return False  # "Updated: 29 Aug 2024", "Caption: ...": a line's label
    if len(m.text) < 2 or not m.text[0].isupper() or m.text.startswith("@"):
        return False  # names are capitalised: 'congress', '@handle'
    if m.label != PLACE and not re.search(r"[A-Za-zÀ-ÿ]", m.text):
        return False  # 'українською' (a language link in an English story)
    if m.label == ORG and re.fullmatch(r"Region (?:\d+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)", m.text):
        m.label = PLACE  # Guyana's 'Region Five'
    if m.label == ORG and " " not in m.text and not m.text.isupper() and _lower_twin(m.text, text):
        return False  # 'Solar panel imports ...' where the article also says 'solar': a common word
    if m.label == ORG and "title" in m.cues and all(w.lower().rstrip(",") in _W.portfolios or is_demonym(w)
                                                    or w.lower() in ("and", "&") for w in words):
        return False  # 'Education Minister', 'Defence Industry Minister': a portfolio, not an organisation
    if m.label == ORG and len(words) == 1 and not m.text.isupper() and (
            words[0].lower() in _W.portfolios or words[0].lower() in _W.generic_bodies
            or words[0].lower() in _W.title_words):  # 'Provincial' (Commissioner ...): a role's word
        return False  # 'Commission', 'Cabinet', 'Agriculture' alone: a generic body or a portfolio
    if m.label == ORG and (words[0].lower().rstrip(".") in _W.person_cues or "portfolio" in m.cues):
        return False  # 'Minister of Health', '(Minister of) International Cooperation': a role, not a body
    if (m.label == ORG and "org" not in m.cues or m.label == PERSON and ("–" in m.text or "/" in m.text)) \
            and _joins_places(m.text):
        return False  # 'Lagos-Accra' (a route), 'Bengaluru/Seoul': places joined, not an organisation
    return any(ch.isalpha() for ch in m.text)


_LOWER_ACRONYM = re.compile(r"\b((?:[a-z][a-z-]{0,24}\s+){1,6})\(([A-Z]{2,6})\)")  # bounded: linear on any text


def _common_noun_acronyms(text: str) -> set:
    """Acronyms the article defines for a lower-case phrase ("crude palm oil (CPO)", "mixed
    hydroxide precipitate (MHP)"): a thing, not an organisation (norm forms)."""
    out = set()
    for m in _LOWER_ACRONYM.finditer(text):
        acr = m.group(2)
        words = re.split(r"[\s-]+", m.group(1).strip())
        if len(words) >= len(acr) and "".join(w[0] for w in words[-len(acr):]).upper() == acr:
            out.add(norm_form(acr))
    return out


def _section_head(m: EntityMention, text: str) -> bool:
    """Whether a one-word mention in capitals is a line of its own ("DIVIDEND", "SUSTAINABILITY"
    above a report's paragraphs): a section head, not an acronym (six letters or more)."""
    if " " in m.text or not m.text.isupper() or len(m.text) < 6:
        return False
    return _line_at(text, m.start) == m.text


def _line_at(text: str, i: int) -> str:
    """The line of ``text`` that holds offset ``i``, stripped."""
    a = text.rfind("\n", 0, i) + 1
    b = text.find("\n", i)
    return text[a:b if b >= 0 else len(text)].strip()


def _title_case_line(text: str, i: int) -> bool:
    """Whether the line holding offset ``i`` is written in title case with no sentence end: a
    headline ("Kurobane Precision Lifts Dividend, Sets Buyback"), where the model runs a firm's
    name into the verbs after it."""
    line = _line_at(text, i)
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return len(line) <= 200 and not line.endswith((".", ";", ",", ":")) and not line[:1].isdigit() and len(words) >= 3 \
        and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _headline_people(mentions: list[EntityMention], text: str, caps: list[tuple[int, int]]) -> None:
    """A "person" on a headline (title case or capitals) that the body never names as a person
    but writes inside an organisation's or place's name takes that label: "Maple Crest and
    Dunmore & Kessler to Combine" + "Maple Crest Rail Services Inc.", "... Residents of St
    Catherine" + "St Catherine" (a place). The model reads a headline's capitals as a name."""
    first = len(text) - len(text.lstrip())
    first_end = text.find("\n", first)

    def on_headline(m):  # the first line, a title-case line or a line in capitals
        return first <= m.start < (first_end if first_end >= 0 else len(text)) \
            or _title_case_line(text, m.start) or any(a <= m.start < b for a, b in caps)

    body = [m for m in mentions if not on_headline(m)]
    for m in mentions:
        if m.label != PERSON or not on_headline(m):
            continue
        key = norm_form(m.text)
        words = set(key.split())
        if any(o.label == PERSON and words <= set(norm_form(o.text).split()) for o in body):
            continue  # "D.OYUNCHIMEG: WE WILL ..." and "Governor D.Oyunchimeg said"
        host = next((o for o in body if o.label in (ORG, PLACE) and find_word(norm_form(o.text), key) >= 0), None)
        if host is not None:
            m.label = host.label


def _cut_headline_verbs(mentions: list[EntityMention], text: str) -> None:
    """An organisation on a title-case headline that shares its first words with one the body
    names, and is not itself named in the body, is cut to the shared words: "Kurobane Precision
    Lifts Dividend" + "Kurobane Precision Industries Co." -> "Kurobane Precision". The shared
    words must hold a word that is no organisation word ("Bank of ..." shares only a type)."""
    body = [m for m in mentions if m.label == ORG and not _title_case_line(text, m.start)]
    for m in mentions:
        if m.label != ORG or " " not in m.text or not _title_case_line(text, m.start):
            continue
        if any(o.text == m.text for o in body):
            continue
        words = m.text.split()
        lead = 1 if len(words) > 2 and is_demonym(words[0]) else 0  # "Czech Hanácké Group Completes ..."
        words = words[lead:]
        best = 0
        for o in body:
            other = o.text.split()
            k = 0
            while k < min(len(words), len(other)) and words[k] == other[k]:
                k += 1
            if k < len(words) and k < len(other) and any(w[0].isupper() and w.lower() not in _W.org_words
                                                          and w.lower() not in _W.org_heads for w in words[:k]):
                best = max(best, k)
        if best:
            m.start += len(" ".join(m.text.split()[:lead])) + lead
            m.text = " ".join(words[:best])
            m.end = m.start + len(m.text)


def _headline_word(m: EntityMention, text: str, caps: list[tuple[int, int]]) -> bool:
    """Whether a one-word 'organisation' in capitals sits on an all-caps line ("... PROFIT 31 PCT,
    PLANS KAMPALA CROSS-LISTING") and the story never writes it capitalised elsewhere: a headline's
    word, not an acronym or a name ("IMF", "TREASURY" in the headline are named again in the body)."""
    if m.label != ORG or " " in m.text or not m.text.isupper() or m.text in _W.known_organisations \
            or not any(a <= m.start < b for a, b in caps):
        return False
    low = text.lower()
    i = find_word(low, m.text.lower())
    while i >= 0:
        if text[i].isupper() and not any(a <= i < b for a, b in caps):
            return False  # "TREASURY UNVEILS ..." and "the Treasury will ..."
        i = find_word(low, m.text.lower(), i + 1)
    return True


def find_word(text: str, word: str, start: int = 0, extra: str = "") -> int:
    """Offset of the first occurrence of ``word`` in ``text`` that stands as a word (not inside a
    longer one; ``extra``: more characters that count as word characters), else -1. str.find, not
    a regular expression compiled per word (re's cache holds 512)."""
    i = text.find(word, start)
    while i != -1:
        j = i + len(word)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_" + extra)) and (
                j == len(text) or not (text[j].isalnum() or text[j] in "_" + extra)):
            return i
        i = text.find(word, i + 1)
    return -1


def _lower_twin(word: str, text: str) -> bool:
    """True if ``word`` (capitalised) also occurs in ``text`` in lower case, as a common word."""
    low = word.lower()
    return low != word and find_word(text, low, extra="-") >= 0


def _people_named_like_a_firm(clusters: list[CanonicalEntity], titles_at: dict) -> list[CanonicalEntity]:
    """A "person" of two or more words, never written with a title, whose whole name opens an
    organisation's name that goes on with an organisation word or legal form is that
    organisation's short name: "Sepik Wave" + "Sepik Wave Telecommunications Ltd"."""
    orgs = [c for c in clusters if c.label == ORG]
    out = []
    for c in clusters:
        if c.label == PERSON and orgs and all(len(f.split()) > 1 for f in c.forms) \
                and not any(titles_at.get(m.start) for m in c.mentions) \
                and not any(m.text.split()[0].lower().rstrip(".") in _W.honorifics for m in c.mentions):
            long = max(c.forms, key=len).split()
            host = next((o for o in orgs for f in o.forms
                         if f.split()[:len(long)] == long and len(f.split()) > len(long)
                         and any(w.lower().rstrip(".,") in _W.org_words or w.lower().rstrip(".,") in _W.corp_suffixes
                                 for w in f.split()[len(long):])), None)
            if host is not None:
                for m in c.mentions:
                    m.label = ORG
                host.mentions.extend(c.mentions)
                host.forms.extend(f for f in c.forms if all(norm_form(f) != norm_form(g) for g in host.forms))
                continue
        out.append(c)
    return out


#: what the context of a one-word organisation's mention must say for it to stay one (see ``_bare_word_org``)
_ONE_WORD_ORG_CUES = frozenset({"org", "agent", "party", "side", "audience", "poss"})


def _bare_word_org(c: CanonicalEntity, defined: set) -> bool:
    """Whether an "organisation" is one capitalised word the article never uses as one: no
    organisation word beside it, never a subject, party, possessor or side, not an acronym
    and not a known body ("drifts at Chanzuru", "DIVIDEND", "the Registrar"). The model tags
    small places, section heads and roles ORG; a one-word body of the story acts somewhere."""
    if c.label != ORG or any(" " in f for f in c.forms):
        return False
    if any(f.isupper() or norm_form(f) in defined or f in _W.known_organisations
           or any(ch.isupper() for ch in f[1:]) for f in c.forms):
        return False  # "UNICEF", "GreenCell"
    return not any(m.cues & _ONE_WORD_ORG_CUES for m in c.mentions)


def _settle_one_word_people(clusters: list[CanonicalEntity], event_words: set) -> list[CanonicalEntity]:
    """A 'person' the article never names in full is rarely a person.

    News introduces people by first and last name (or with a title); a one-word PERSON
    that never gets either is usually a company, place or thing the small model
    mislabelled ("Alstom", "Malawi", "the Moon"). Such a cluster joins the organisation
    whose first word it is ("Halvorsen" ~ "Halvorsen Therapeutics"), else becomes a place
    if it is a known one, else an organisation if its context says so (a type noun or
    '-based' before it, a corporate suffix after it, or acting as a subject or party while
    never preceded by 'the'), else it is dropped.
    """
    out = []
    orgs = [c for c in clusters if c.label == ORG]
    for c in clusters:
        if c.label == PERSON and all(is_place(f) for f in c.forms):
            c.label = PLACE  # "Burkina Faso", "Ho Chi Minh City"
            for m in c.mentions:
                m.label = PLACE
        if c.label != PERSON or any(len(f.split()) > 1 for f in c.forms) or any(
                m.text.split()[0].lower().rstrip(".") in _W.honorifics and len(m.text.split()) > 1 for m in c.mentions):
            out.append(c)
            continue
        form = c.forms[0]
        key = norm_form(form)
        if key in event_words:
            continue
        host = next((o for o in orgs if any(norm_form(f).split()[0] == key and len(f.split()) > 1 for f in o.forms)), None)
        if host is not None:
            for m in c.mentions:
                m.label = ORG
            host.mentions.extend(c.mentions)
            if not any(norm_form(f) == key for f in host.forms):
                host.forms.append(form)
            continue
        cues = set().union(*(m.cues for m in c.mentions))
        if is_place(form):
            c.label = PLACE
        elif "org" in cues or ("agent" in cues and "the" not in cues):
            c.label = ORG
        else:
            continue
        for m in c.mentions:
            m.label = c.label
        out.append(c)
    return out


def _places_among_orgs(clusters: list[CanonicalEntity], acr_map: dict) -> list[CanonicalEntity]:
    """An 'organisation' whose every name is a known place, with no organisation word or acronym, is a place."""
    acr_longs = {norm_form(v) for v in acr_map.values()} | set(acr_map)
    credits = []
    for c in clusters:
        if c.label != ORG or any("side" in m.cues for m in c.mentions):
            continue  # "Leeds beat Everton 2-1": a club named after its city
        if all(is_place(f) and not any(w.lower() in _W.org_words for w in f.split()) and norm_form(f) not in acr_longs
               for f in c.forms):
            credit = [m for m in c.mentions if "credit" in m.cues]
            if credit:  # "Lima, March 18 (AIN) —": the agency stays an organisation (not Ain, France)
                credits.append(CanonicalEntity(ORG, [credit[0].text], credit))
                c.mentions = [m for m in c.mentions if "credit" not in m.cues]
            c.label = PLACE
            for m in c.mentions:
                m.label = PLACE
    clusters = [c for c in clusters if c.mentions] + credits
    out: list[CanonicalEntity] = []
    for c in clusters:  # a relabelled place joins the place of the same name ("GOMA, Nov 27 -" and "the Goma network")
        same = next((o for o in out if o.label == c.label == PLACE and o is not c
                     and {norm_form(f) for f in o.forms} & {norm_form(f) for f in c.forms}), None)
        if same is None:
            out.append(c)
            continue
        same.mentions.extend(c.mentions)
        same.forms.extend(f for f in c.forms if all(norm_form(f) != norm_form(g) for g in same.forms))
        same.titles.extend(t for t in c.titles if t not in same.titles)
    return out


def _add_missed_mentions(clusters: list[CanonicalEntity], text: str) -> None:
    """Every other exact, word-bounded occurrence of an entity's forms is a mention too."""
    taken = sorted((m.start, m.end) for c in clusters for m in c.mentions)

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for c in clusters:
        for f in sorted(set(c.forms), key=len, reverse=True):
            if len(f) < 2 or not f[0].isupper():
                continue
            i = text.find(f)
            while i != -1:  # word-bounded occurrences (str.find: no regex compiled per name and article)
                j = i + len(f)
                if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_@#")) and (
                        j == len(text) or not (text[j].isalnum() or text[j] == "_")) and free(i, j):
                    c.mentions.append(EntityMention(f, i, j, c.label))
                    taken.append((i, j))
                i = text.find(f, i + 1)
