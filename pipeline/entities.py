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
from functools import lru_cache, partial
from typing import Iterable, Optional

from pipeline.gazetteer import is_place
from pipeline.segment import dateline_spans, doc_text

PERSON, ORG, PLACE = "PERSON", "ORG", "PLACE"
_LABELS = {"PERSON": PERSON, "ORG": ORG, "GPE": PLACE, "LOC": PLACE}

#: last words that make an ORG span an event, project, programme or document, not an organisation
_NON_ORG_HEADS = {
    "station", "mission", "missions", "programme", "program", "project", "initiative", "plan", "strategy",
    "agenda", "vision", "olympics", "olympic", "games", "summit", "championship", "championships", "cup",
    "festival", "expo", "week", "day", "award", "awards", "prize", "treaty", "agreement", "accord", "act",
    "law", "protocol", "corridor", "satellite", "rover", "telescope", "index", "perspective", "paper",
    "report", "declaration", "convention", "charter", "framework", "road", "belt", "marathon", "open",
    "league", "tournament", "series", "grand prix", "show", "fair", "outlook", "review", "survey", "census",
    "budget", "blueprint", "roadmap", "study",
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
#: words that make a capitalised name an organisation wherever they stand in it ("Skagerrak Power",
#: "Westbrook Courier", "FC Porto", "Jornal da Ribeira"): company, media and club vocabulary
_ORG_WORDS = _ORG_HEADS | {
    "courier", "times", "post", "herald", "gazette", "tribune", "journal", "jornal", "news", "newsdesk", "wire",
    "power", "energy", "energía", "motors", "airlines", "airways", "rovers", "united", "fc", "afc", "athletic",
    "atlético", "atletico", "club", "shipyards", "shipyard", "therapeutics", "logistics", "marine", "terminals",
    "systems", "technologies", "technology", "labs", "pharma", "pharmaceuticals", "capital", "partners",
    "insights", "holdings", "aerospace", "steel", "trust", "properties", "outfitters", "ventures", "solutions",
    "industries", "electric", "telecom", "health", "healthcare", "biotech", "bio", "robotics", "analytics", "railways", "media", "studios", "foods", "mining", "minerals", "petroleum",
    "resources", "chemicals", "automotive", "airport", "port", "group", "inc", "ltd", "llc", "plc", "corp", "gmbh",
    "ag", "sa", "bank", "university", "college", "school", "hospital", "council", "coalition", "consortium",
}
#: common nouns that introduce an organisation's name in apposition: "the Chilean utility Andes Energía",
#: "brokerage Afriquant", "the conciliation service Acas", "Texas-based startup Lumen Orbital"
_ORG_TYPE_NOUNS = {
    "company", "firm", "startup", "start-up", "utility", "brokerage", "bank", "lender", "insurer", "carrier",
    "airline", "operator", "developer", "manufacturer", "maker", "automaker", "carmaker", "chipmaker", "retailer",
    "producer", "supplier", "contractor", "consultancy", "conglomerate", "group", "club", "newspaper",
    "broadcaster", "charity", "regulator", "shipyard", "shipbuilder", "miner", "house", "agency", "service",
    "union", "giant", "subsidiary", "unit", "venture", "fund", "investor", "ngo", "organisation", "organization",
    "think-tank", "tank", "institute", "daily", "outlet", "platform", "exchange", "foundation",
}
#: words before a name that make it a person's: "Chief Executive Tunde Bakare", "spokesperson Kelly Brandt"
_PERSON_CUES = {"executive", "spokesperson", "spokesman", "spokeswoman", "minister", "president", "director",
                "chairman", "chairwoman", "chair", "ceo", "cfo", "governor", "mayor", "secretary", "commissioner",
                "ambassador", "envoy", "head", "officer", "founder", "dr", "mr", "mrs", "ms", "prof", "professor",
                "captain", "coach", "economist", "analyst", "striker", "midfielder", "defender", "goalkeeper",
                "manager", "researcher", "scientist", "engineer", "lawyer", "judge", "justice", "senator",
                "lawmaker", "general", "colonel", "representative", "leader", "official", "astronaut", "chief",
                "vice-president", "deputy", "administrator", "premier", "chancellor", "king", "queen", "sir"}
_LEGAL_ABBREVIATIONS = {"inc", "ltd", "llc", "plc", "corp", "co", "ag", "sa", "se", "nv", "gmbh", "bv", "spa", "pte", "pty"}
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
    #: what the context says of a one-word name: "org" (an organisation's cue), "the" (after a
    #: determiner), "agent" (subject or 'with/by' party); empty when unknown
    cues: frozenset = frozenset()


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
                if len(words) > 2 and words[-1].lower().strip(".,") in _LEGAL_ABBREVIATIONS:
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
    return [w for w in re.split(r"[\s-]+", s.replace(".", "")) if w and w.casefold() not in _STOP]


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
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


def _title_run(doc, j: int, max_len: int = 5) -> int:
    """End of the run of capitalised words starting at token ``j`` (inner 'of/and/&/de/da' allowed)."""
    k = j
    while k < len(doc) and k - j < max_len:
        t = doc[k]
        if t.is_space or (k > j and "\n" in doc[k - 1].whitespace_):
            break  # a name never runs over a line break
        if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
            break
        if (t.is_title or t.is_upper) and t.is_alpha or (t.text[:1].isupper() and any(c.isalpha() for c in t.text)
                                                         and t.text not in ("(", ")")):
            k += 1
            continue
        if t.tag_ == "POS" and t.text in ("'", "’") and k > j and k + 1 < len(doc) and doc[k + 1].is_title:
            k += 1  # "Workers' Union"
            continue
        if t.text in ("-", "–") and k > j and not doc[k - 1].whitespace_ and not t.whitespace_ \
                and k + 1 < len(doc) and doc[k + 1].is_alpha:
            k += 1  # "Al-Mansoori", "Hewlett-Packard"
            continue
        if t.lower_ in ("of", "and", "&", "de", "da", "do", "del", "for") and k > j and k + 1 < len(doc) \
                and (doc[k + 1].is_title or doc[k + 1].is_upper) and doc[k + 1].is_alpha:
            k += 1
            continue
        break
    while k > j and doc[k - 1].lower_ in ("of", "and", "&", "de", "da", "do", "del", "for"):
        k -= 1
    return k


def _cue_runs(doc) -> list[tuple[int, int, str]]:
    """Names NER misses or mislabels, found by the word before them.

    * a person after a role word: "Chief Executive Tunde Bakare", "spokesperson Kelly Brandt";
    * an organisation after a type noun or '-based': "the Chilean utility Andes Energía",
      "Lagos-based brokerage Afriquant", "the conciliation service Acas".
    """
    runs = []
    i = 0
    n = len(doc)
    while i < n - 1:
        t = doc[i]
        low = t.lower_.rstrip(".")
        j = i + 1
        label = None
        if low in _PERSON_CUES and not (t.is_title and i > 0 and doc[i - 1].is_title and doc[i - 1].lower_.rstrip(".") not in _PERSON_CUES and doc[i - 1].ent_type_ not in ("ORG", "GPE", "NORP")):
            label = PERSON
        elif t.is_lower and low in _ORG_TYPE_NOUNS and t.pos_ in ("NOUN", "PROPN"):
            label = ORG
        elif low == "based" and i > 0 and doc[i - 1].text in ("-", "–"):
            if j < n and doc[j].is_lower and doc[j].lower_ in _ORG_TYPE_NOUNS:
                j += 1
            label = ORG
        if label is None:
            i += 1
            continue
        k = _title_run(doc, j, 4 if label == PERSON else 5)
        if k == j:
            i += 1
            continue
        words = doc[j:k]
        if label == PERSON:
            ok = (2 <= len([w for w in words if w.is_alpha]) <= 3
                  and all((w.is_title and w.is_alpha and w.pos_ == "PROPN") or w.text in ("-", "–") for w in words)
                  and all(w.ent_type_ not in ("GPE", "LOC", "DATE", "TIME", "MONEY", "CARDINAL") for w in words)
                  and not any(w.lower_ in _ORG_WORDS or w.lower_ in _PERSON_CUES for w in words)
                  and (k >= n or not doc[k].text[:1].isupper()))
        else:
            ok = (all(w.ent_type_ in ("", "ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART") or w.lower_ in ("of", "and", "&")
                      for w in words)
                  and words[0].lower_ not in _PERSON_CUES and not words[0].is_stop)
        if ok:
            runs.append((j, k, label))
            i = k
        else:
            i += 1
    return runs


def _extend_coordinated_org(doc, start: int, end: int, open_and: bool = False) -> int:
    """'Ministry of Water' + 'and Energy', 'Commonwealth Scientific' + 'and Industrial Research
    Organisation', 'Philippine Atmospheric' + ', Geophysical and Astronomical Services Administration'.

    Extends across 'and' (or ', X and') when the longer name ends in an organisation head word the
    shorter one lacks, or when the name is an 'X of Y' whose Y is coordinated ('of Mines and Energy').
    """
    if end >= len(doc) or doc[end].lower_ not in ("and", ","):
        return end
    k = end
    # ", Geophysical and Astronomical ..." -- one comma-separated word before the 'and'
    if doc[k].text == "," and k + 2 < len(doc) and doc[k + 1].is_title and doc[k + 2].lower_ == "and":
        k += 2
    if doc[k].lower_ != "and":
        return end
    r_end = _title_run(doc, k + 1, 5)
    if r_end == k + 1:
        return end
    right = doc[k + 1:r_end]
    if any(t.ent_type_ in ("GPE", "PERSON", "NORP") for t in right):
        return end
    if doc[r_end - 1].lower_ in _ORG_HEADS and doc[end - 1].lower_ not in _ORG_HEADS:
        return r_end
    # NER itself ran the name on to the 'and' ("the Ministry of Fisheries and" + "Oceans"), or the
    # words after it are no organisation of their own
    if any(t.lower_ == "of" for t in doc[start:end]) and len(right) <= 3 and (open_and or not any(
            t.ent_iob_ == "B" and t.ent_type_ == "ORG" for t in right)):
        return r_end
    return end


def _mention_cues(doc, start: int, end: int) -> frozenset:
    cues = set()
    prev = doc[start - 1] if start > 0 else None
    if prev is not None:
        if prev.lower_ in ("the", "a", "an"):
            cues.add("the")
        if prev.lower_ in _ORG_TYPE_NOUNS and prev.is_lower or prev.lower_ == "based":
            cues.add("org")
        if prev.tag_ == "POS" and start > 1 and doc[start - 2].ent_type_ in ("GPE", "NORP"):
            cues.add("org")  # "Switzerland's Stadler"
    if end < len(doc) and doc[end].lower_.rstrip(".") in _CORP_SUFFIXES:
        cues.add("org")
    if end < len(doc) and doc[end].lower_.rstrip(".") in _PERSON_CUES:
        cues.add("title")  # "Education Minister ...", "CNSA Deputy Director ..."
    root = doc[end - 1]
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX") or (
            root.dep_ == "pobj" and root.head.lower_ in ("with", "by")):
        cues.add("agent")
    return frozenset(cues)


def _add_mention(doc, out: list, offset: int, chunk: int, start: int, end: int, label: str,
                 cues: frozenset = frozenset()) -> None:
    """Append the mention doc[start:end] to ``out``; a name never runs over a line break:
    "Vantor Logistics\n\nVantor Logistics" is two mentions."""
    cuts = [i for i in range(start + 1, end) if doc[i].is_space or "\n" in doc[i - 1].whitespace_]
    if cuts:
        bounds = [start] + cuts + [end]
        for a, b in zip(bounds, bounds[1:]):
            while a < b and doc[a].is_space:
                a += 1
            a, b = _strip_span(doc, a, b)
            if a < b and any(t.is_alpha for t in doc[a:b]):
                _add_mention(doc, out, offset, chunk, a, b, label, cues)
        return
    span = doc[start:end]
    out.append(EntityMention(span.text, span.start_char + offset, span.end_char + offset, label, end - 1, chunk,
                             cues or _mention_cues(doc, start, end)))


def entity_mentions(doc, offset: int = 0, chunk: int = 0) -> tuple[list[EntityMention], list[tuple[str, str]]]:
    """Repaired PERSON/ORG/GPE/LOC mentions of a doc, and (long, acronym) pairs defined in it."""
    out: list[EntityMention] = []
    acronyms: list[tuple[str, str]] = []
    merged = doc._.datelines if doc.has_extension("datelines") and doc._.datelines else []
    text = doc_text(doc)
    for dl in merged:  # datelines made one token by news_datelines: the place is a place
        out.append(EntityMention(text[dl[0]:dl[1]], dl[0] + offset, dl[1] + offset, PLACE, None, chunk))
    datelines = [] if merged else dateline_spans(text)
    cue_runs = _cue_runs(doc)
    run_tokens = {i: r for r in cue_runs for i in range(r[0], r[1])}
    used_runs = set()
    skip_ent_starts: set = set()

    add = partial(_add_mention, doc, out, offset, chunk)  # not a nested recursive function: that is a
    # reference cycle holding the Doc (and its arrays) until Python's cyclic GC runs

    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = ent.start, ent.end
        # the place of a dateline is a place, whatever NER says ("NIAMEY, May 2 -")
        dl = next((d for d in datelines if d[0] <= ent.start_char < d[2]), None)
        if dl is not None and ent.start_char < dl[1]:
            span = doc.char_span(dl[0], dl[1], alignment_mode="contract")
            if span is not None and len(span):
                add(span.start, span.end, PLACE)
            rest = doc.char_span(dl[2], ent.end_char, alignment_mode="contract")
            if rest is None or not len(rest):
                continue
            start = rest.start  # "HARBOURTON - The Harbourton Transit Authority": the name after the dateline
        # a name found by its role word or type noun overrides NER's span and label
        run = next((run_tokens[i] for i in range(start, end) if i in run_tokens), None)
        if run is not None:
            if run not in used_runs:
                used_runs.add(run)
                if run[2] == PERSON and ent.label_ == "PERSON" and ent.start >= run[0]:
                    add(run[0], max(run[1], ent.end), PERSON)  # NER's "Park Min-jun" is longer than the run
                else:
                    add(run[0], run[1], run[2])
            continue
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
        open_and = False
        while end - start > 1 and doc[end - 1].lower_ in ("and", "&", ",", "of", "for"):
            open_and = open_and or doc[end - 1].lower_ in ("and", "&")
            end -= 1  # "the Commonwealth Scientific and": the rest of the name follows as another ent
            start, end = _strip_span(doc, start, end)
        if start >= end:
            continue
        # "X's Y" splits; a plural possessive inside a name does not ("Rail and Transport Workers' Union")
        pos = next((i for i in range(start + 1, end - 1) if doc[i].tag_ == "POS" and doc[i].text not in ("'", "’")), None)
        if pos is not None and label == ORG:
            # "the African Union's Agenda 2063": the owner is the organisation; what it owns is one
            # too only when it ends like one ("the city's Housing Trust")
            if doc[end - 1].lower_ in _ORG_HEADS:
                add(pos + 1, end, ORG)
            end = pos
            start, end = _strip_span(doc, start, end)
            if start >= end:
                continue
        if label == PERSON:
            # role words NER swallowed: "Economy Haruka Ishida" -> "Haruka Ishida"
            while end - start > 2 and doc[start].lower_.rstrip(".") in _TITLE_WORDS | _PERSON_CUES:
                start += 1
            if not any(t.pos_ == "PROPN" for t in doc[start:end]):
                continue  # "Coal still generates ...": a capitalised common noun
            words = [t for t in doc[start:end] if t.is_alpha]
            # people have no acronyms or company words: "Africa CDC", "Westbrook Courier", "FC Porto"
            if any(t.is_upper and len(t) > 1 for t in words) or any(t.lower_ in _ORG_WORDS for t in words):
                label = ORG
            # people have no acronyms: "Greenwatch Oceans (GWO)" is an organisation
            elif end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].is_upper and doc[end + 2].text == ")":
                label = ORG
        if label == ORG:
            end = _extend_org_tail(doc, start, end)
            end = _extend_coordinated_org(doc, start, end, open_and)
            # 'Maybank' + 'Kim Eng': a name running straight on from an organisation's is part of it
            if end < len(doc) and doc[end].ent_iob_ == "B" and doc[end].ent_type_ == "PERSON" and doc[end - 1].whitespace_ \
                    and "\n" not in doc[end - 1].whitespace_ and doc[end - 1].lower_ not in _ORG_HEADS:
                nxt = next(e for e in doc.ents if e.start == end)
                if not any(t.lower_.rstrip(".") in _PERSON_CUES for t in nxt):
                    end = nxt.end
                    skip_ent_starts.add(nxt.start)
        elif label == PERSON and start in skip_ent_starts:
            continue
        add(start, end, label)
        # acronym defined right after: "Full Name (ACR)" -- inside this ent or as the next tokens
        a_start = inner[0] if inner else (end + 1 if end + 1 < len(doc) and doc[end].text == "(" else None)
        if a_start is not None and a_start < len(doc):
            a_end = a_start
            while a_end < len(doc) and doc[a_end].text != ")" and a_end - a_start < 3:
                a_end += 1
            acr = doc[a_start:a_end]
            if acr.text and a_end < len(doc) and doc[a_end].text == ")" and label != PERSON and (
                    _ACRONYM_RE.match(acr.text.replace(" ", ""))
                    or (len(acr) <= 3 and any(t.is_upper and len(t) > 1 for t in acr) and len(acr.text) <= 24)):
                acronyms.append((doc[start:end].text, acr.text))
                if inner is not None:
                    add(acr.start, acr.end, label)
    for run in cue_runs:
        if run not in used_runs:
            add(run[0], run[1], run[2])
    # organisations NER missed entirely: "the" + capitalised words ending in an organisation word
    # ("the Dock and Harbour Workers' Union", "the Environment and Land Court")
    for t in doc[:-2]:
        if t.lower_ != "the":
            continue
        k = _title_run(doc, t.i + 1, 8)
        if k - t.i > 2 and doc[k - 1].lower_ in _ORG_HEADS and all(x.ent_type_ == "" for x in doc[t.i + 1:k]) \
                and not any(x.lower_.rstrip(".") in _PERSON_CUES for x in doc[t.i + 1:k - 1]):
            add(t.i + 1, k, ORG)
    # drop mentions swallowed by a longer one (coordinated names joined above)
    out.sort(key=lambda m: (m.start, -m.end))
    kept: list[EntityMention] = []
    for m in out:
        if kept and m.start < kept[-1].end and m.end <= kept[-1].end:
            continue
        kept.append(m)
    return kept, acronyms


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


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
def _same_org(form: str, other: str, label: str = ORG) -> bool:
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
    if label == ORG and len(sw) == 1 and len(lw) > 1 and lw[-1] == sw[0] and sw[0] not in _GENERIC_LAST \
            and short[:1].isupper():
        return True  # a club's or firm's distinctive last word: 'Rovers' ~ 'Ashford Rovers'
    return False


#: last words too generic to stand for the whole name ('Bank' is not 'World Bank')
_GENERIC_LAST = _ORG_HEADS | _CORP_SUFFIXES | _STOP | {
    "holdings", "group", "partners", "capital", "systems", "technologies", "industries", "energy", "power", "health",
    "media", "news", "united", "city", "international", "global", "services", "trust", "times", "post"}


@lru_cache(maxsize=1 << 16)  # a pure function of its strings, asked again and again
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
    event_words = set()
    for m in mentions:
        words = m.text.split()
        if m.label == ORG and (words[-1].lower() in _NON_ORG_HEADS or words[0].lower() in _EVENT_FIRST
                               or re.search(r"\d", m.text)):
            if words[0].lower() in _EVENT_FIRST:
                event_words.add(norm_form(words[-1]))  # "Tropical Storm Lorena": "Lorena" names the storm
            continue  # events, projects, programmes, documents ('Tokyo 2020', 'ILRS' is kept by acronym only)
        if len(m.text) < 2 or not m.text[0].isupper() or m.text.startswith("@"):
            continue  # names are capitalised: 'congress', '@handle'
        if m.label == ORG and " " not in m.text and not m.text.isupper() and _lower_twin(m.text, text):
            continue  # 'Solar panel imports ...' where the article also says 'solar': a common word
        if m.label == ORG and "title" in m.cues and all(w.lower() in _PORTFOLIOS for w in m.text.split()):
            continue  # 'Education Minister', 'Defence Industry Minister': a portfolio, not an organisation
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
            if any((_same_person(m.text, f) if m.label == PERSON else _same_org(m.text, f, m.label)) for f in c.forms) or (
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

    clusters = _settle_one_word_people(clusters, event_words)
    clusters = _places_among_orgs(clusters, acr_map)
    _add_missed_mentions(clusters, text)
    clusters.sort(key=lambda c: min(x.start for x in c.mentions))
    counters = {PERSON: 0, ORG: 0, PLACE: 0}
    prefix = {PERSON: "p", ORG: "o", PLACE: "g"}
    for c in clusters:
        counters[c.label] += 1
        c.id = f"{prefix[c.label]}{counters[c.label]}"
        c.mentions.sort(key=lambda x: x.start)
    return clusters


#: words of a minister's portfolio, which NER tags ORG in "Education Minister X"
_PORTFOLIOS = {"education", "energy", "defence", "defense", "industry", "health", "finance", "trade", "foreign",
               "interior", "development", "international", "environment", "agriculture", "transport", "justice",
               "labour", "labor", "economy", "tourism", "mines", "water", "culture", "sport", "sports", "science",
               "technology", "digital", "infrastructure", "housing", "home", "security", "affairs", "planning",
               "fisheries", "climate", "communications", "information", "commerce", "investment", "and", "&",
               "national", "public", "works", "social", "welfare", "youth", "women", "budget", "treasury"}


def _lower_twin(word: str, text: str) -> bool:
    """True if ``word`` (capitalised) also occurs in ``text`` in lower case, as a common word."""
    low = word.lower()
    return low != word and re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", text) is not None


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
                m.text.split()[0].lower().rstrip(".") in _HONORIFICS and len(m.text.split()) > 1 for m in c.mentions):
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
    for c in clusters:
        if c.label != ORG:
            continue
        if all(is_place(f) and not any(w.lower() in _ORG_WORDS for w in f.split()) and norm_form(f) not in acr_longs
               for f in c.forms):
            c.label = PLACE
            for m in c.mentions:
                m.label = PLACE
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
            i = text.find(f)
            while i != -1:  # word-bounded occurrences (str.find: no regex compiled per name and article)
                j = i + len(f)
                if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_@#")) and (
                        j == len(text) or not (text[j].isalnum() or text[j] == "_")) and free(i, j):
                    c.mentions.append(EntityMention(f, i, j, c.label))
                    taken.append((i, j))
                i = text.find(f, i + 1)
