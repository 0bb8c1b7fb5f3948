"""Who "we", "it", "the bank" and "the two sides" are: commitment actors resolved against the article.

The commitments component reports actors as *references* (see
:func:`pipeline.nlp.commitments.actors.actors_from_np`). Names map to the
article's canonical entities by position; the rest are resolved here, with the whole
article's entities (their mentions, labels and the titles of people) at hand:

* ``we``/``our``/``us`` -> the speaker's organisation (from the speaker's titles:
  "Vantor spokesperson Kelly Brandt", "Anna Lind, the World Bank's vice president"),
  or the speaker if an organisation or country speaks; without a speaker, the
  organisation or country named last before the pronoun;
* ``I`` -> the speaker; ``he``/``she`` -> the person named last;
* ``it``/``its`` -> the organisation (else country) named last before it;
* ``they`` -> the last group of named actors, else the organisation named last;
* a description ("the bank", "its ministry", "the company") -> the organisation whose
  name has that noun ("World Bank"), else, for company words, the company named last,
  for "the government/country" the country named last, for "his/our X" the speaker's
  or person's organisation;
* a group ("the two sides", "both countries", "the five governments") -> the last set
  of that many actors introduced together (a coordination or the parties to an
  agreement), else the last such set of any size.

Each rule is stated for the grammar of news reporting, not for any one article.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.nlp.mentions import ORG, PERSON, PLACE
from pipeline.record.entities import CanonicalEntity, find_word, norm_form
from pipeline.text.gazetteer import country_name, country_of_place
from pipeline.text.lexicon import lexicon

_W = lexicon("resolve")  # word lists: pipeline/text/lexicons/resolve.json
_PLACE_LAST = lexicon("entities").place_last_words  # "Government Palace", "Harbour Station": places
#: "the state", "the province": a place below the country the article is about (Resolver._subnational)
_SUBNATIONAL = frozenset({"state", "province", "county", "region", "prefecture", "governorate"})
_SUBNATIONAL_ADJ = {"state": "state", "provincial": "province", "province": "province", "county": "county",
                    "regional": "region", "prefectural": "prefecture"}
_SUBNATIONAL_ADJ_OF = {level: adj for adj, level in _SUBNATIONAL_ADJ.items() if adj != level}  # province -> provincial
_STREET_WORDS = frozenset({"road", "lane", "street", "avenue", "boulevard", "drive", "highway", "square", "bridge"})


class Resolver:
    """Resolves actor references of one article. ``entities``: its canonical entities."""

    def __init__(self, entities: list[CanonicalEntity], text: str, groups: list[tuple[int, list]] = (),
                 dateline: Optional[str] = None):
        self.entities = entities
        self.dateline_country = country_of_place(dateline) if dateline else None
        self.dateline = norm_form(dateline) if dateline else None
        self.text = text
        self.spans = sorted(((m.start, m.end, e) for e in entities for m in e.mentions
                             if "credit" not in m.cues), key=lambda x: x[0])  # a dateline's agency is no antecedent
        self.groups = sorted(groups, key=lambda g: g[0])
        self.recent: list[tuple[int, list]] = []
        self.spoke_for: dict[str, CanonicalEntity] = {}
        self.by_form = {}
        for e in entities:
            for f in e.forms:
                self.by_form.setdefault(norm_form(f), e)

    # ---- names ------------------------------------------------------------------

    def entity_at(self, start: Optional[int], end: Optional[int], text: str = "") -> Optional[CanonicalEntity]:
        """The entity mentioned by the phrase at [start, end): the mention holding its last word."""
        if start is not None and end is not None:
            hits = [(e_ >= end, s, ent) for s, e_, ent in self.spans if s < end and start < e_]
            if hits:
                return max(hits, key=lambda h: (h[0], h[1]))[2]
        return self.by_form.get(norm_form(text)) if text else None

    def country_entity(self, country: str) -> Optional[CanonicalEntity]:
        """The article's place entity that names ``country`` (by any of its forms), if any."""
        for e in self.entities:
            if e.label == PLACE and any(country_name(f) == country for f in e.forms):
                return e
        return None

    def country_in_context(self, pos: int, speakers: list, sentence_start: int):
        """The country "the government", "the country" or "his government" at ``pos`` stands for:
        the country of whoever is reported as saying it ("Australian Climate Minister X said the
        government will ..."), else the country named last in the same sentence before it
        ("Tuvalu's envoy said his government ..."), else the article's (:meth:`focus_country`)."""
        for sp in speakers:
            c = self.country_of(sp)
            if c is not None:
                return c
        best = None
        for s, _e, ent in self.spans:
            if s >= pos:
                break
            if s >= sentence_start and ent.label == PLACE and any(country_name(f) for f in ent.forms):
                best = ent
        return best or self.focus_country(pos)

    def country_of(self, ent: CanonicalEntity):
        """The country a person or organisation belongs to, when the article says so: a country or
        nationality in a person's titles ("Australian Climate Minister", "UAE Minister of State"),
        or right before an organisation's mention ("Japan's Ministry of Foreign Affairs")."""
        if ent.label == PLACE:
            return ent if any(country_name(f) for f in ent.forms) else None
        texts = list(ent.titles) if ent.label == PERSON else []
        if ent.label == ORG:
            texts += [self.text[max(0, m.start - 30):m.start] for m in ent.mentions]
        for t in texts:
            words = [re.sub(r"['’]s$", "", w) for w in re.findall(r"[A-Z][\w.'’-]*", t)]
            for n in (3, 2, 1):  # "United Arab Emirates", "Sri Lankan", "Australian"
                for i in range(len(words) - n + 1):
                    c = country_name(" ".join(words[i:i + n]))
                    if c is not None:
                        return self.country_entity(c) or c
        return None

    def focus_country(self, pos: int):
        """The country the article is about at ``pos`` (an entity, or a country name the article
        only implies): the country of its dateline ("RIGA -" -> Latvia), else the most mentioned
        country named so far (ties: the one named last), else of the whole article; None if none."""
        if self.dateline_country:
            return self.country_entity(self.dateline_country) or self.dateline_country
        countries = lambda e: any(country_name(f) for f in e.forms)  # noqa: E731
        return self._salient((PLACE,), countries, before=pos) or self._salient((PLACE,), countries)

    def _last(self, pos: int, labels: tuple, where=lambda e: True) -> Optional[CanonicalEntity]:
        best = None
        for s, _e, ent in self.spans:
            if s >= pos:
                break
            if ent.label in labels and where(ent):
                best = ent
        return best

    def _salient(self, labels: tuple, where=lambda e: True, before: Optional[int] = None) -> Optional[CanonicalEntity]:
        """The most mentioned entity (before ``before``, if given); ties go to the one mentioned last."""
        cands = [e for e in self.entities if e.label in labels and where(e)]
        if not cands:
            return None

        def key(e):
            ms = [m.start for m in e.mentions if before is None or m.start < before]
            return (len(ms), max(ms) if ms else -1)
        return max(cands, key=key)

    def affiliation(self, person: CanonicalEntity) -> Optional[CanonicalEntity]:
        """The organisation (else country) named in a person's titles: 'Vantor spokesperson' -> Vantor."""
        found = []
        for title in person.titles:
            for e in self.entities:
                if e.label == PERSON:
                    continue
                for f in e.forms:
                    at = find_word(title, f)
                    if at >= 0:
                        found.append((e.label != ORG, at, e))
                        break
        best = min(found, key=lambda x: (x[0], x[1])) if found else None
        if best is not None and not best[0]:
            return best[2]  # an organisation the title names in full
        short = self._short_name_in(person.titles)  # "Corvane's India chief executive": Corvane, not India
        if short is not None:
            return short
        if best is not None:
            return best[2]
        # "deputy director of the administration": the organisation with that word in its name
        first = min(m.start for m in person.mentions)
        for title in person.titles:
            for w in reversed(re.findall(r"[a-z]+", title.lower())):
                if w in _W.org_nouns:
                    words = set(_W.synonyms.get(w, (w,)))

                    def named(e):
                        return any(x in norm_form(f).split() for f in e.forms for x in words)

                    e = self._last(first, (ORG,), named) or self._salient((ORG,), named)
                    if e is not None:
                        return e
        return None

    def _named(self, text: str) -> Optional[CanonicalEntity]:
        """The entity a name NER did not mark at that place stands for: one of its forms, or the
        surname of exactly one person ("Ybañez told Radyo Banwa", after "Rolando Ybañez")."""
        key = norm_form(text)
        if not key:
            return None
        if key in self.by_form:
            return self.by_form[key]
        if " " not in key:
            people = [e for e in self.entities if e.label == PERSON and any(
                norm_form(f).split()[-1:] == [key] for f in e.forms)]
            if len(people) == 1:
                return people[0]
        return None

    def _short_name_in(self, titles: list[str]) -> Optional[CanonicalEntity]:
        """The one organisation a title names by a distinctive word of its name: "Lumeng's general
        manager" -> Hangzhou Lumeng Appliances, "Tembo's chief executive" -> Tembo Fertiliser Group
        (news shortens a company's name after its first mention). None if no or several match."""
        for title in titles:
            for w in re.findall(r"\b[A-Z][\w-]+", title):
                w = re.sub(r"['’]s$", "", w)
                low = w.lower()
                if low in _W.org_nouns or country_name(w) is not None or len(w) < 3:
                    continue
                hits = {e.id: e for e in self.entities if e.label == ORG
                        and any(low in norm_form(f).split() and sum(w[:1].isupper() for w in f.split()) > 1
                                for f in e.forms)}  # a name of several words ("Valmont academy" is none)
                if len(hits) == 1:
                    return next(iter(hits.values()))
        return None

    # ---- references ----------------------------------------------------------------

    def resolve(self, ref: dict, pos: int, speakers: list) -> list:
        """Entities (or plain names, as str) a reference stands for; [] if unresolved.

        ``speakers``: who is reported as saying it: entities, or plain plural phrases
        ('Organisers'), which only "we"/"they" can stand for.
        """
        plain = [sp for sp in speakers if isinstance(sp, str)]
        speakers = [sp for sp in speakers if not isinstance(sp, str)]
        kind = ref.get("kind", "name")
        start, end = ref.get("start"), ref.get("end")
        if kind in ("name", "text"):
            owner = re.match(r"(.+?)['’]s\s+[a-z]", ref.get("text", "")) if kind == "text" else None
            if owner:  # "Lumeng's general manager for Mexico": Lumeng's, not Mexico's
                ent = self.by_form.get(norm_form(owner.group(1))) or self._short_name_in([owner.group(1)])
                if ent is not None and ent.label == ORG:
                    return [ent]
            ent = self.entity_at(start, end, ref.get("text", "")) or self._named(ref.get("text", ""))
            if ent is not None:
                return [ent]
            country = country_name(ref.get("text", ""))
            if country is not None:  # "the Liberian side", "UAE officials": the country
                return [self.country_entity(country) or country]
            return [re.sub(r"^(?:the|The)\s+", "", ref["text"])]
        if kind == "speaker":
            got = self.resolve(dict(ref, kind="name"), pos, [])
            ents = [g for g in got if isinstance(g, CanonicalEntity)]
            return self._speaker_body(ents) or got
        if kind == "pron":
            return self._pronoun(ref["text"].lower(), start if start is not None else pos, speakers, plain)
        if kind == "group":
            return self._group(ref, start if start is not None else pos)
        if kind == "def":
            return self._description(ref, start if start is not None else pos, speakers, sentence_start=pos)
        return []

    def _speaker_body(self, speakers: list[CanonicalEntity]) -> list:
        """What 'we' means in a speaker's mouth: their organisation, else the body they spoke for before,
        else the unnamed body their titles place them in (a str, as written)."""
        out = []
        for sp in speakers:
            if sp.label == PERSON:
                # the body they spoke for before, else the organisation their titles name, else, for
                # someone who speaks for a government, their country ("UAE Minister of State X": the UAE)
                aff = self.spoke_for.get(sp.id) or self.affiliation(sp)
                if aff is None or aff.label != ORG and self._governs(sp):
                    aff = self.country_of(sp) or aff
                if aff is None:
                    aff = _body_in_titles(sp.titles)  # "spokesperson of the provincial police office"
                if aff is not None:
                    out.append(aff)
            else:
                out.append(sp)
        return out

    def _governs(self, person: CanonicalEntity) -> bool:
        """True if a person's titles make them speak for a government ('Foreign Minister', 'President')."""
        return any(w in _W.government_roles for t in person.titles for w in re.findall(r"[a-z]+", t.lower()))

    def _pronoun(self, low: str, pos: int, speakers: list, plain: list = ()) -> list:
        if low in ("we", "us", "our", "they", "them", "their") and plain and not speakers:
            return plain[:1]  # "Organisers said they will track the pledges"
        if low in ("we", "us", "our"):
            body = self._speaker_body(speakers)
            if body:
                return body
            if speakers:
                # a person whose organisation the article does not state: the organisation the
                # article is about (the most mentioned one that acts), else the last group or body
                e = self._salient((ORG,), lambda x: self._acts(x) and self._can_speak(x))
                if e is not None:
                    return [e]
            g = self._last_group(pos, None)
            if g:
                return g
            e = self._last(pos, (ORG, PLACE), self._can_speak)
            return [e] if e is not None else []
        if low in ("i", "me", "my"):
            people = [s for s in speakers if s.label == PERSON]
            if people:
                return people[:1]
            e = self._last(pos, (PERSON,))
            return [e] if e is not None else []
        if low in ("he", "him", "his", "she", "her"):
            e = self._last(pos, (PERSON,))
            return [e] if e is not None else []
        if low in ("it", "its"):
            non_person = [s for s in speakers if s.label != PERSON]
            if non_person:
                return non_person[:1]
            if plain and not speakers:
                return plain[:1]  # "The provincial disaster authority said it would ..."
            # the organisation that last acted (a commitment's actor or a clause's subject), else named last
            acted = self._last_actor(pos, (ORG,))
            e = acted or self._last(pos, (ORG,)) or self._last(pos, (PLACE,))
            return [e] if e is not None else []
        if low in ("they", "them", "their"):
            bodies = [s for s in speakers if s.label != PERSON]
            if bodies:
                return bodies  # "UN agencies said they were ready to ...": the speakers
            g = self._last_group(pos, None)
            if g:
                return g
            e = self._last(pos, (ORG,))
            return [e] if e is not None else []
        return []

    def _can_speak(self, e: CanonicalEntity) -> bool:
        """False for what cannot say "we": a place that is not a country ("Port Vila", "Nampula
        city") and an outlet the article only reports as told ("told Radyo Kaabag")."""
        if e.label == PLACE:
            return any(country_name(f) for f in e.forms)
        return not all("audience" in m.cues for m in e.mentions)

    def _acts(self, e: CanonicalEntity) -> bool:
        """True if the entity is a clause subject or a commitment's actor somewhere in the article."""
        return any("agent" in m.cues for m in e.mentions) or any(e in ents for _, ents in self.recent)

    def _last_actor(self, pos: int, labels: tuple) -> Optional[CanonicalEntity]:
        """The entity of ``labels`` that last acted before ``pos``: subject of a clause or a commitment's actor."""
        best = (-1, None)
        for s, ents in self.recent:
            if s < pos:
                for e in ents:
                    if e.label in labels and s >= best[0]:
                        best = (s, e)
        for e in self.entities:
            if e.label in labels:
                for m in e.mentions:
                    if m.start < pos and "agent" in m.cues and m.start > best[0]:
                        best = (m.start, e)
        return best[1]

    def _last_group(self, pos: int, n: Optional[int], countries_only: bool = False, parties: bool = False) -> list:
        """The last set of actors introduced together before ``pos`` (of ``n`` members if given,
        else of any size; only of countries with ``countries_only``; with ``parties``, not of
        places below a country only)."""
        best_n = best_any = None
        for gpos, members in self.groups:
            if gpos > pos:
                break
            ents = []
            for m in members:
                ent = self.entity_at(m.get("start"), m.get("end"), m.get("text", ""))
                if countries_only and ent is not None and ent.label == ORG and self._government_of(ent):
                    ent = self._government_of(ent)  # "the Government of Vietnam and the Government of Laos"
                if ent is not None and ent not in ents and ent.label != PERSON:
                    ents.append(ent)
            if len(ents) < 2 or countries_only and not all(  # (by name: "Nariño, Colombia" is no country)
                    e.label == PLACE and country_name(e.name) or e.label == ORG and self._government_of(e) for e in ents):
                continue
            if parties and all(e.label == PLACE and not country_name(e.name) for e in ents):
                continue  # "the departments of Nariño and Cauca" are no sides
            best_any = ents
            if n is not None and len(ents) == n:
                best_n = ents
        return best_n or best_any or []

    def _government_of(self, ent: CanonicalEntity) -> Optional[CanonicalEntity]:
        """What a government named by its country alone ("Government of Laos", "the Lao Government")
        stands for among the sides of an agreement: the country's entity if the article names the
        country, else the government itself; None for any other organisation."""
        for f in ent.forms:
            m = re.fullmatch(r"(?:[Tt]he\s+)?(?:Government\s+of\s+(?:the\s+)?(.+)|(.+?)\s+Government)", f)
            country = m and country_name(m.group(1) or m.group(2))
            if country:
                return self.country_entity(country) or ent
        return None

    def note(self, sent_start: int, actors: list, speakers: list = ()) -> None:
        """Record the entities a commitment resolved to (its sentence's start), for later groups, and
        whom a speaker without a stated organisation spoke for ("Tane said the board will ...")."""
        ents = [a for a in actors if isinstance(a, CanonicalEntity)]
        if ents:
            self.recent.append((sent_start, ents))
        bodies = [e for e in ents if e.label != PERSON]
        for sp in speakers:
            if isinstance(sp, CanonicalEntity) and sp.label == PERSON and len(bodies) == 1 and sp.id not in self.spoke_for:
                self.spoke_for[sp.id] = bodies[0]

    def _group(self, ref: dict, pos: int) -> list:
        if not ref.get("definite", True):
            return [ref["text"]]  # "More than 20 nations", "Forty donors": a group the article does not name
        if ref.get("head") in _W.country_group_heads:
            g = self._last_group(pos, ref.get("n"), countries_only=True)
            if g:
                return g  # "the two sides", "both countries": the countries the article is about
        g = self._last_group(pos, ref.get("n"), parties=ref.get("head") in _W.country_group_heads)
        if g:
            return g
        # "CPA will build the plants, while the consortium will operate them. The partners pledged ...":
        # the different actors of the last sentence with commitments, if there are several
        before = [r for r in self.recent if r[0] < pos]
        if before:
            last = before[-1][0]
            members = []
            for s, ents in before:
                if s == last:
                    members += [e for e in ents if e not in members and e.label != PERSON]
            if len(members) >= 2 and (ref.get("n") in (None, len(members))):
                return members
        # no set introduced together: "both countries" -> the countries named so far, if that many
        n = ref.get("n")
        if n and (ref.get("head") in ("country", "nation", "government", "state")
                  or ref.get("head") in _W.country_group_heads):
            seen = []
            for s, _e, ent in self.spans:
                if s >= pos:
                    break
                if ent.label == PLACE and ent not in seen:
                    seen.append(ent)
            countries = [e for e in seen if country_name(e.name)]  # not a capital named for its country
            if len(seen) == n:
                return seen
            if len(countries) == n:  # "the two sides" after Freetown, Sierra Leone and Liberia
                return countries
        return []

    def _subnational(self, head: str, pos: int) -> Optional[CanonicalEntity]:
        """The state, province or county an article is about, for "the state", "the province": a
        place named before ``pos`` that is no country and no street, mentioned at least twice
        ("Homa Bay"), or once if the article calls it so ("the province of Bac Ninh"); for "the
        state" only a place the article calls a state ("the Selangor state government", "the state
        of Jalisco"): alone, "the state" is as often the country."""
        def fits(e):
            if e.label == PERSON or country_name(e.name) or _ends_in(e, _STREET_WORDS):
                return False
            adj = _SUBNATIONAL_ADJ_OF.get(head, head)
            if any(re.search(rf"\b{re.escape(f)}\s+{head}\b|\b(?:{head}|{adj} government) of {re.escape(f)}\b",
                             self.text, re.I) for f in e.forms):
                return True  # "the Selangor state government", "the province of Bac Ninh", "the provincial government of X"
            if self.dateline and any(norm_form(f) == self.dateline for f in e.forms):
                return False  # the dateline's city, however often named, is not the province
            return e.label == PLACE and head != "state" and sum(m.start < pos for m in e.mentions) >= 2
        e = self._salient((PLACE, ORG), fits, before=pos)  # (the model may call 'Pahang' an organisation)
        return e if e is not None and any(m.start < pos for m in e.mentions) else None

    def _description(self, ref: dict, pos: int, speakers: list, sentence_start: Optional[int] = None) -> list:
        head = ref.get("head", "")
        det = ref.get("det", "the")
        words = set(_W.synonyms.get(head, (head,)))
        if det in ("our",):
            body = self._speaker_body(speakers)
            if body:
                return body[:1]
        if det in ("his", "her"):
            person = self._last(pos, (PERSON,))
            if person is not None:
                aff = self.country_of(person) if head in _W.country_nouns else None  # "his country"
                aff = aff or self.affiliation(person)
                if aff is not None:
                    return [aff]
        if head in _W.company_nouns:  # "the group will ...", said its chief executive
            for sp in self._speaker_body(speakers):
                if isinstance(sp, CanonicalEntity) and sp.label == ORG and not any(w in _W.public_words for f in sp.forms for w in norm_form(f).split()):
                    return [sp]

        def named(e):  # "the state government": a body with the word, not a building ("Government Palace")
            return any(w in norm_form(f).split() for f in e.forms for w in words) and not _ends_in(e, _PLACE_LAST)

        def named_as_written(e):  # "the ministry": a ministry before a department ('department' only stands in)
            return any(head in norm_form(f).split() for f in e.forms) and not _ends_in(e, _PLACE_LAST)

        e = self._last(pos, (ORG,), named_as_written) or self._last(pos, (ORG,), named) or self._salient((ORG,), named)
        level = head if head in _SUBNATIONAL else next(  # "the state government", "the provincial authorities"
            (_SUBNATIONAL_ADJ[w] for w in ref.get("text", "").lower().split()[:-1] if w in _SUBNATIONAL_ADJ),
            None) if head in _W.country_nouns else None  # (not "the state water utility": a state-owned one)
        if level and det == "the" and (e is None or head == "state" and not named(e) or head in _W.country_nouns):
            sub = self._subnational(level, pos)
            if sub is not None:
                return [sub]
        if e is not None and not (head in _W.country_nouns and _W.government_heads.isdisjoint(
                w for f in e.forms for w in norm_form(f).split())):
            return [e]
        if head in _W.country_nouns:
            e = self.country_in_context(pos, speakers, sentence_start if sentence_start is not None else pos)
            return [e] if e is not None else []
        if head in _W.city_nouns:
            e = self._last(pos, (PLACE,))
            return [e] if e is not None else []
        if head in _W.company_nouns:
            # "the company": the company the article is about -- the most mentioned one named so far
            def company(e):
                return not any(w in _W.public_words for f in e.forms for w in norm_form(f).split()) and any(
                    m.start < pos for m in e.mentions)
            acting = lambda e: company(e) and self._acts(e)  # noqa: E731
            e = self._salient((ORG,), acting, before=pos) or self._salient((ORG,), company, before=pos)
            return [e] if e is not None else []
        written = re.sub(r"^(?:the|The|its|their|our|his|her)\s+", "", ref.get("text", ""))
        if " " in written:  # "the provincial disaster authority": a body the article describes, as written
            return [written]
        e = self._last(pos, (ORG,))
        if e is not None:
            return [e]
        return [ref["text"]] if ref.get("text") else []  # "the treasury", "the chamber": as written


def _ends_in(e: CanonicalEntity, words: frozenset) -> bool:
    """Whether a name of ``e`` ends in one of ``words`` ("Quarry Road", "Government Palace")."""
    return any(norm_form(f).rsplit(" ", 1)[-1] in words for f in e.forms if f.strip())


def _body_in_titles(titles: list[str]) -> Optional[str]:
    """The unnamed body a title places a person in, as written: "spokesperson of the provincial
    police office" -> "provincial police office"; None if no title has one."""
    for title in titles:
        m = re.search(r"\b(?:of|at|for) the ((?:[a-z-]+ ){0,3}([a-z]+))\b", title)
        if m and m.group(2) in _W.org_nouns:
            return m.group(1)
    return None
