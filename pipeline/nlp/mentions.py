"""Entity mentions in a parsed chunk: NER's spans repaired, plus names NER missed.

:func:`entity_mentions` turns spaCy's PERSON/ORG/GPE/LOC entities into
:class:`EntityMention` objects: leading "the" and possessives dropped, "(CNSA" fragments
split off, names cut short extended ("the UN Committee" + "on Peaceful Space Uses"),
people and organisations told apart by the words around them, acronym definitions
"Full Name (ACR)" noted. :func:`person_titles` reads the role words around a person.
Clustering mentions into entities happens later (:mod:`pipeline.record.entities`).

Offsets are global character offsets (the chunk's ``offset`` added).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Optional, TYPE_CHECKING


from pipeline.nlp.segment import doc_text
from pipeline.text.datelines import dateline_agency_span, dateline_spans
from pipeline.text.gazetteer import country_name, country_of_place, is_demonym, is_place
from pipeline.text.lexicon import lexicon

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc, Span

PERSON, ORG, PLACE = "PERSON", "ORG", "PLACE"
_LABELS = {"PERSON": PERSON, "ORG": ORG, "GPE": PLACE, "LOC": PLACE}
_W = lexicon("entities")  # word lists: pipeline/text/lexicons/entities.json
#: lower-case words that join a firm's capitalised words: "Lim & Arumugam", "Kapadokya Fuar ve Kongre"
_NAME_JOINERS = frozenset({"&", "of", "ve", "de", "da", "do", "del", "y", "e", "et", "und"})
#: an acronym: "UN", "CNSA", "U.S.", "AfDB"
_ROLE_WORDS = _W.title_words | _W.person_cues  # words of a role, never of a name ('Governor', 'Menteri')
_THING_HEADS = _W.non_org_heads | _W.place_last_words  # "the Desert Line [oil pipeline]": a thing
ACRONYM_RE = re.compile(r"^[A-Z][A-Za-z0-9&.]{0,2}[A-Z0-9&.]{1,8}$")


@dataclass
class EntityMention:
    """One mention of a person, organisation or place; ``start``/``end`` global character offsets."""

    text: str
    start: int
    end: int
    label: str  # PERSON | ORG | PLACE
    head_i: Optional[int] = None  # token index (within its chunk doc) of the last token
    chunk: int = 0
    #: what the context says of a one-word name: "org" (an organisation's cue), "the" (after a
    #: determiner), "agent" (subject or 'with/by' party), "party" (a conjunct of one), "poss" (a
    #: possessor), "title" (a role word follows), "side" (a side of a match result: a club),
    #: "credit" (the agency a dateline credits);
    #: empty when unknown
    cues: frozenset = field(default_factory=frozenset)

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
    if end >= len(doc) or doc[end - 1].lower_ not in _W.org_heads:
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


#: lower-case words inside a run of capitalised name words: "Bank of Ghana", "Saif bin Majid Al Nuaimi"
_RUN_JOINERS = frozenset({"of", "and", "&", "de", "da", "do", "del", "for", "bin", "bint", "ibn", "van", "von"})

#: second halves of compound adjectives made from a name: "Wexford-born", "Lagos-based", "state-owned"
_COMPOUND_ADJECTIVE_ENDS = frozenset({"born", "based", "owned", "led", "backed", "run", "made", "funded",
                                      "controlled", "listed", "headquartered", "registered", "bound", "linked"})


def _title_run(doc, j: int, max_len: int = 5, possessive: bool = False) -> int:
    """End of the run of capitalised words starting at token ``j`` (inner 'of/and/&/de/da' allowed;
    with ``possessive`` an inner "'s" too: "People's Committee")."""
    k = j
    while k < len(doc) and k - j < max_len:
        t = doc[k]
        if t.is_space or (k > j and "\n" in doc[k - 1].whitespace_) or " " in t.text:
            break  # a name never runs over a line break, nor a dateline (one token, see segment.py)
        if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
            break
        if k + 2 < len(doc) and doc[k + 1].text in ("-", "–") and not t.whitespace_ and not doc[k + 1].whitespace_ \
                and doc[k + 2].lower_ in _COMPOUND_ADJECTIVE_ENDS:
            break  # "Wexford-born", "Lagos-based": an adjective, not part of the name before it
        if (t.is_title or t.is_upper) and t.is_alpha or (t.text[:1].isupper() and any(c.isalpha() for c in t.text)
                                                         and t.text not in ("(", ")")):
            k += 1
            continue
        if t.tag_ == "POS" and (t.text in ("'", "’") or possessive) and k > j and k + 1 < len(doc) and doc[k + 1].is_title:
            k += 1  # "Workers' Union"
            continue
        if t.text in ("-", "–") and k > j and not doc[k - 1].whitespace_ and not t.whitespace_ \
                and k + 1 < len(doc) and doc[k + 1].is_alpha:
            k += 1  # "Al-Mansoori", "Hewlett-Packard"
            continue
        if t.lower_ in _RUN_JOINERS and k > j and k + 1 < len(doc) \
                and (doc[k + 1].is_title or doc[k + 1].is_upper) and doc[k + 1].is_alpha \
                and not (k + 2 < len(doc) and doc[k + 2].like_num):  # not "... Castings for Rs 185 crore"
            k += 1
            continue
        break
    while k > j and doc[k - 1].lower_ in _RUN_JOINERS:
        k -= 1
    return k


#: nouns of a route named by its ends: "the KL-Port Moresby route", "the Paksan - Thanh Thuy expressway"
_ROUTE_NOUNS = frozenset({"route", "routes", "expressway", "highway", "motorway", "railway", "rail", "corridor",
                          "bridge", "flight", "flights", "service", "ferry", "pipeline", "link", "border"})

#: "(Retd)" after a rank: "Col (Retd) Junaid Akhtar Baloch"
_RETIRED = frozenset({"retd", "rtd", "retired", "r"})


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
        if t.text == "," and _after_role_phrase(doc, i + 1):
            named = _name_after_comma(doc, i + 1)  # "the Minister of Transport, Héctor Iván Zúñiga, said"
            if named is not None:
                runs.append((named[0], named[1], PERSON))
                i = named[1]
                continue
        if low in _W.person_cues and not (t.is_title and i > 0 and doc[i - 1].is_title and doc[i - 1].pos_ not in ("DET", "ADJ")
                                          and low not in _W.short_titles  # "Cathaoirleach Cllr X"
                                          and doc[i - 1].lower_.rstrip(".") not in _W.person_cues
                                          and doc[i - 1].lower_ not in _W.title_words  # "Regional Governor X"
                                          and not is_demonym(doc[i - 1].text)  # "Lao Minister of ..."
                                          and doc[i - 1].ent_type_ not in ("ORG", "GPE", "NORP")):
            label = PERSON
        elif t.is_lower and low in _W.org_type_nouns and t.pos_ in ("NOUN", "PROPN") \
                and not (j < n and doc[j].lower_.rstrip(".") in _W.honorifics):  # "the Kazakh unit Dr. Henrike Vollmer"
            label = ORG
        elif low == "based" and i > 0 and doc[i - 1].text in ("-", "–"):
            if j < n and doc[j].is_lower and doc[j].lower_ in _W.org_type_nouns:
                j += 1
            label = ORG
        elif t.is_upper and low in _W.corp_prefixes and t.whitespace_ and doc[j].is_title:
            k = _title_run(doc, j, 5)  # "PT Samudra Gas Utama": a legal form opens a company's name
            if k > j:
                runs.append((i, k, ORG))
                i = k
                continue
        if label is None:
            i += 1
            continue
        if label == ORG and j < n and doc[j].text in ('"', "“"):  # the consortium "Vidin Medical 2022"
            close = next((k for k in range(j + 2, min(n, j + 9)) if doc[k].text in ('"', "”")), None)
            if close is not None and doc[j + 1].text[:1].isupper() and all(
                    x.text[:1].isupper() or x.like_num or x.text in ("&", "-", "of", "and") for x in doc[j + 1:close]):
                runs.append((j + 1, close, ORG))
                i = close
                continue
        if label == PERSON and j < n and doc[j].lower_ in ("of", "for", "to", "in"):  # "Representative in Bangladesh X"
            j1 = j + 2 if j + 2 < n and doc[j + 1].lower_ == "the" else j + 1  # "Chairman of the National Assembly X"
            while j1 < n - 1 and doc[j1].is_lower and doc[j1].lower_ in _W.title_words and doc[j1 + 1].is_title:
                j1 += 1  # "Chairman of the provincial People's Committee X"
            named = _name_after_portfolio(doc, j1) or _name_after_portfolio(doc, j + 1)  # "Director of Services Colm Fahy"
            if named is not None:
                runs.append((named[0], named[1], PERSON))
                i = named[1]
                continue
        if label == PERSON and j + 3 < n and doc[j].text == "(" and doc[j + 2].text == ")" \
                and doc[j + 1].lower_.rstrip(".") in _RETIRED:
            j += 3  # "Col (Retd) Junaid Akhtar Baloch"
        k = _title_run(doc, j, 4 if label == PERSON else 5)
        if label == ORG and k > j:  # NER's name, or its legal form, runs on past five words: "... Quispe-Ibarra S.A."
            while k < n and k - j < 8 and (doc[k - 1].text in ("-", "–") or doc[k].text in ("-", "–")) \
                    and not doc[k - 1].whitespace_:
                k += 1  # no name ends inside a hyphenated word
            while k < n and (doc[k].ent_iob_ == "I" and doc[k].ent_type_ == "ORG" and doc[k].text != "(" or doc[k - 1].whitespace_
                             and (doc[k].lower_.rstrip(".") in _W.legal_abbreviations or doc[k].lower_.replace(".", "") in _W.corp_suffixes)):
                k += 1
            if k - j > 2 and doc[k - 2].lower_ in ("for", "of") and k < n and doc[k].like_num:
                k -= 2  # "... Castings for Rs (185 crore)"
        if label == PERSON:  # a person's name does not run over 'and': "Governor Petar Kolev and Provincial ..."
            k = next((m for m in range(j, k) if doc[m].lower_ in ("and", "&", "of", "for")), k)
        else:  # nor a firm's over an 'and' that opens another name: "shipbuilder Hanbit Heavy Industries and Al ..."
            k = next((m for m in range(j + 1, k) if doc[m].lower_ == "and" and doc[m - 1].ent_iob_ in ("B", "I")
                      and m + 1 < n and doc[m + 1].ent_iob_ == "B"), k)
        if k == j:
            i += 1
            continue
        words = doc[j:k]
        if label == PERSON:
            ok = (2 <= len([w for w in words if w.is_alpha and w.lower_ not in _W.name_honorifics]) <= 3
                  and all((_name_cased(w) and w.pos_ == "PROPN") or w.text in ("-", "–") for w in words)
                  and all(w.ent_type_ not in ("DATE", "TIME", "MONEY", "CARDINAL") and not (
                      w.ent_type_ in ("GPE", "LOC") and (is_place(w.text) or country_name(w.text))) for w in words)
                  and not any(w.lower_ in _W.org_words or w.lower_ in _W.person_cues or w.lower_ in _THING_HEADS
                              for w in words)
                  and (k >= n or not doc[k].text[:1].isupper()))
        else:
            ok = (all(w.ent_type_ in ("", "ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART", "NORP") or w.lower_ in ("of", "and", "&")
                      for w in words)
                  and words[0].lower_ not in _W.person_cues and not words[0].is_stop)
        if ok:
            runs.append((j, k, label))
            i = k
        else:
            i += 1
    return runs


def _complement_run(doc, j: int, max_len: int = 20) -> int:
    """End of a role's complement and the name after it, from token ``j``: capitalised words
    joined by of/to/for/on/and/&/'s and French particles (not by an 'and' before another role),
    and 'the' with one lower-case noun after it ("[Minister of]
    Energy of the Kyrgyz Republic Almazbek Toktosunov", "[High Commissioner to] Malaysia Kila
    Wambi Pokawin", "[Director of] the school Amra Selimović")."""
    k, n = j, len(doc)
    while k < n and k - j < max_len:
        t = doc[k]
        if k > j and "\n" in doc[k - 1].whitespace_ or t.ent_type_ in (
                "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
            break
        if t.is_alpha and (t.is_title or t.is_upper) or _name_word(t):
            k += 1
        elif k > j and t.text in ("-", "–") and not doc[k - 1].whitespace_ and not t.whitespace_:
            k += 1
        elif t.tag_ == "POS" and k > j and k + 1 < n and doc[k + 1].is_title:
            k += 1  # "People's Committee"
        elif t.lower_ in ("of", "to", "for", "on", "and", "&", "de", "du", "des", "da") and k > j and k + 1 < n \
                and (doc[k + 1].is_title or doc[k + 1].lower_ == "the") \
                and not (t.lower_ in ("and", "&") and any(x.lower_ in _W.person_cues for x in doc[k + 1:k + 5])):
            k += 1  # not over "and (Lao) Minister of ...", "and (Shishu Alo) Executive Director": the next role
        elif t.lower_ == "the" and k + 1 < n and (k == j or doc[k - 1].lower_ in ("of", "to", "for")):
            k += 1
            if doc[k].is_lower and doc[k].pos_ == "NOUN" and k + 1 < n and doc[k + 1].is_title:
                k += 1  # "the school Amra ..."
        else:
            break
    while k > j and doc[k - 1].lower_ in ("of", "to", "for", "on", "and", "&", "the", "de", "du", "des", "da"):
        k -= 1
    return k


def _name_after_portfolio(doc, j: int) -> Optional[tuple[int, int]]:
    """The person a role's portfolio runs into, as (start, end) tokens: "[Director of] Services
    Colm Fahy", "[President of] Uzbekistan Sherzod Rakhimov", "[Minister of] Foreign Affairs Ana
    Maria Lopez"; None unless the run ends in two to four name words after at least one
    portfolio word. The name takes a third or fourth word only if that word is no portfolio
    word, no entity of another kind and leaves the portfolio two words after any 'and'
    ("[Minister of] Trade and Regional Integration Ama Boateng": no third word)."""
    k = _complement_run(doc, j)
    while k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in _W.portfolios and doc[k + 1].is_title:
        k = _title_run(doc, k + 1, 10, possessive=True)  # "Communities, Territories and Infrastructure ..."
    words: list[list] = []  # words as token groups: "Macuácua-Sitoe" is one
    for t in doc[j:k]:
        if t.text == ",":
            continue
        if words and (t.text in ("-", "–") or words[-1][-1].text in ("-", "–")) and not words[-1][-1].whitespace_:
            words[-1].append(t)
        else:
            words.append([t])
    if len(words) < 3 or k < len(doc) and doc[k].text[:1].isupper():
        return None

    def name_word(w) -> bool:  # NER may run the portfolio into the name: "(mayor of) Vidin Ognyan Petrov" as ORG
        return all(t.text in ("-", "–") or _name_cased(t) and (
                   t.ent_type_ in ("", "PERSON") or t.ent_type_ == "ORG" and t.ent_iob_ == "I" and t.i > j
                   or t.ent_type_ in ("GPE", "PRODUCT") and t.i > j and not is_place(t.text)) and t.tag_ != "NNPS" \
                   and not (t.lower_.endswith("s") and t.lower_[:-1] in _W.person_cues)  # "(of the Cabinet of) Ministers"
                   and t.lower_ not in _W.portfolios and not org_like(t.lower_) and not country_name(t.text)
                   and t.lower_ not in _W.generic_bodies and t.lower_ not in _THING_HEADS
                   and t.lower_ not in _W.person_cues for t in w) and w[0].pos_ == "PROPN"
    size = 2
    while size < 4 and len(words) >= size + 2 and name_word(words[-size - 1]) and (
            words[-size - 2][-1].lower_ in _W.portfolios  # "(Trade, Industry and) Supply | Ziad Omar Al-Khatib"
            or not any(w[-1].lower_ in ("and", "&") for w in words[max(0, len(words) - size - 3):len(words) - size - 1])):
        size += 1  # "[Minister of] Economy Khalid Rashid Al Nuaimi"
    if size > 2 and words[-size - 1][-1].lower_ in ("and", "&"):
        size = 2  # "[Minister of] Science and Innovation | Nurlan Abdikarimov": the third word ends the portfolio
    name = words[-size:]
    if not all(name_word(w) for w in name) or words[-size - 1][-1].lower_ in ("and", "&", "of", "for"):
        return None  # "[Minister for] Foreign Affairs and Regional Integration": still the portfolio
    return name[0][0].i, k


def _name_after_comma(doc, j: int) -> Optional[tuple[int, int]]:
    """The person right after a role phrase and its comma, as (start, end) tokens: "the Minister of
    Infrastructure and Transport, [Héctor Iván Zúñiga], said", "its legal representative, [María
    Fernanda Castellanos Rivas]." (an honorific before the name is left out: "Madam"). None unless
    two to four name words (a hyphenated word is one) end at a comma, a full stop, a bracket or
    the text's end, and none is an organisation's, a portfolio's, a place's or a role's word."""
    n = len(doc)
    while j < n and (doc[j].lower_.rstrip(".") in _W.honorifics and doc[j].is_title or doc[j].text == "."):
        j += 1
    k = _title_run(doc, j, 7)
    if k >= n or doc[k].text not in (",", ".", "(", ";") and not doc[k].is_space:
        return None
    if not 2 <= len(doc[j:k].text.split()) <= 4:
        return None
    words = [t for t in doc[j:k] if t.text not in ("-", "–")]
    if not all(t.is_title and t.is_alpha and t.pos_ == "PROPN" and (
               t.ent_type_ in ("", "PERSON", "ORG") or t.ent_type_ == "GPE" and not is_place(t.text))
               and t.lower_ not in _W.portfolios and t.lower_ not in _W.person_cues
               and t.lower_ not in _W.place_last_words and not org_like(t.lower_) and not country_name(t.text)
               for t in words):
        return None
    return j, k


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
    # "Ministry of Education" + ", Culture, Science and Sports": a list of portfolios
    portfolio_of = any(t.lower_ in ("of", "for") for t in doc[start:end]) and doc[end - 1].lower_ in _W.portfolios
    while portfolio_of and doc[k].text == "," and k + 2 < len(doc) and doc[k + 1].is_title \
            and doc[k + 1].lower_ in _W.portfolios and doc[k + 2].text in (",", "and"):
        k += 2
    if doc[k].lower_ != "and":
        return end
    r_end = _title_run(doc, k + 1, 5)
    if r_end == k + 1:
        return end
    right = doc[k + 1:r_end]
    if any(t.ent_type_ in ("PERSON", "NORP") or t.ent_type_ == "GPE" and (is_place(t.text) or country_name(t.text))
           for t in doc[k + 1:_without_country_tail(doc, k + 1, r_end)]):
        return end  # (not "Training", which the model calls a place now and then)
    if doc[r_end - 1].lower_ in _W.org_heads and doc[end - 1].lower_ not in _W.org_heads:
        return r_end
    # NER itself ran the name on to the 'and' ("the Ministry of Fisheries and" + "Oceans"), or the
    # words after it are no organisation of their own
    if r_end + 2 < len(doc) and doc[r_end].text == "(" and doc[r_end + 2].text == ")" \
            and _initials(doc[start:r_end]) == doc[r_end + 1].text.upper():
        return r_end  # "Almaty University of Engineering" + "and Digital Technologies (AUEDT)": the acronym spells both
    core = _without_country_tail(doc, k + 1, r_end)  # "... and Infrastructure Development [of Ukraine]"
    if portfolio_of and core - (k + 1) <= 3 and all(t.lower_ in _W.portfolios for t in doc[k + 1:core]):
        return r_end  # "Ministry of Education" + "and Science", "Ministry for Communities" + ", Territories and ..."
    if any(t.lower_ == "of" for t in doc[start:end]) and len(right) <= 3 and (open_and or not any(
            t.ent_iob_ == "B" and t.ent_type_ == "ORG" for t in right)):
        return r_end
    return end


def _initials(span) -> str:
    """The capitals of a name's words, as its acronym spells them ('of', 'and', 'the' left out):
    'Almaty University of Engineering and Digital Technologies' -> 'AUEDT'."""
    return "".join(t.text[0] for t in span if t.text[:1].isupper() and t.lower_ not in ("the", "of", "and", "for"))


def _without_country_tail(doc, start: int, end: int) -> int:
    """End of a span without an 'of <country>' tail: "Regional Integration and International
    Trade [of Mauritius]" (a portfolio's country)."""
    for i in range(end - 2, start, -1):
        if doc[i].lower_ == "of" and country_name(doc[i + 1:end].text):
            return i
    return end


def _mention_cues(doc, start: int, end: int) -> frozenset:
    cues = set()
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.text in ('"', "“") and start > 1:
        prev = doc[start - 2]  # the consortium "Vidin Medical 2022"
    if prev is not None:
        if prev.lower_ in ("the", "a", "an"):
            cues.add("the")
        if prev.lower_ in _W.org_type_nouns and prev.is_lower or prev.lower_ == "based":
            cues.add("org")
        if prev.tag_ == "POS" and start > 1 and doc[start - 2].ent_type_ in ("GPE", "NORP"):
            cues.add("org")  # "Switzerland's Stadler"
    if end < len(doc) and doc[end].lower_.rstrip(".") in _W.corp_suffixes:
        cues.add("org")
    if end < len(doc) and doc[end].lower_.rstrip(".") in _W.person_cues:
        cues.add("title")  # "Education Minister ...", "CNSA Deputy Director ..."
    if start > 1 and doc[start - 1].lower_ in ("of", "for") and doc[start - 2].lower_ in _PORTFOLIO_HOLDERS:
        cues.add("portfolio")  # "Minister of International Cooperation", "Secretary for Agriculture"
    elif all(t.lower_ in _PORTFOLIO_WORDS for t in doc[start:_without_country_tail(doc, start, end)]):
        i = start - 1  # "Minister of Roads and [Public Works]": the portfolio goes on after an 'and'
        while i > 0 and (doc[i].lower_ in _PORTFOLIO_WORDS or doc[i].text == "," or doc[i].is_title) and start - i < 8:
            i -= 1
        if i > 0 and i < start - 1 and doc[i].lower_ in ("of", "for") and doc[i - 1].lower_ in _PORTFOLIO_HOLDERS:
            cues.add("portfolio")
    root = doc[end - 1]
    if _acts(root):
        cues.add("agent")
    else:
        conj = root
        while (conj.dep_ == "conj" or conj is not root and conj.dep_ == "appos") and start - 16 <= conj.head.i < conj.i:
            conj = conj.head  # "Lindqvist University, the Technical University (TUA) and the start-up Qubitra said"
            if conj.dep_ == "pobj" and conj.head.lower_ == "of" and conj.head.head.i < conj.i:
                conj = conj.head.head  # "with the Bank of Ghana and Ecobank" (the model hangs Ecobank on Ghana)
        if conj is not root and _acts(conj):
            cues.add("party")  # a conjunct of a subject or party shares its role
    if root.dep_ == "poss":
        cues.add("poss")  # "Sejin's shipyard"
    if root.dep_ in ("dobj", "dative") and root.head.lemma_ == "tell" or root.dep_ == "pobj" and (
            root.head.lower_ == "with" and root.head.head.lemma_ == "interview"
            or root.head.lower_ == "to" and root.head.head.lemma_ in ("speak", "talk")):
        cues.add("audience")  # "told the Mumbai-based Ticker Business Network", "in an interview with X"
    return frozenset(cues)


def _acts(tok) -> bool:
    """Whether ``tok`` heads a clause's subject or a 'with'/'by' party."""
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX") or (
        tok.dep_ == "pobj" and tok.head.lower_ in ("with", "by"))


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


def _title_before(doc: Doc, start: int) -> list[str]:
    """The capitalised role phrase right before a name, across 'of'/'for'/'and': "UAE Minister of
    State for Trade" (Omar Al Hameli), "Commerce and Industry Minister" (...); [] if it names no role."""
    i = start - 1
    while i >= 0 and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in ("of", "for", "and", "&")) \
            and not doc[i].is_punct and "\n" not in doc[i].whitespace_ and start - i <= 8 \
            and doc[i].ent_type_ != "PERSON":
        i -= 1
    words = doc[i + 1:start]
    while len(words) and words[0].lower_ in ("of", "for", "and", "&"):
        words = words[1:]
    if any(t.lower_.rstrip(".") in _W.person_cues for t in words):
        return [words.text]
    return []


def person_titles(doc, mention: EntityMention, offset: int = 0) -> list[str]:
    """Titles/roles next to a person mention: 'CNSA Deputy Director Wu Yanhua', 'Wu, deputy director of X'."""
    span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
    if span is None:
        return []
    titles = []
    # left: compound/title words directly before the name
    i = span.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod") and not doc[i].is_punct and (
        doc[i].lower_ in _W.title_words or doc[i].ent_type_ in ("ORG", "NORP", "GPE") or doc[i].is_title):
        if doc[i].ent_type_ == "PERSON":
            break
        i -= 1
    if i >= 1 and i + 1 < span.start and doc[i].tag_ == "POS" and doc[i - 1].is_title:
        i -= 2  # "Corvane's India chief executive Ravi Menon": the owner is part of the title
    if i + 1 < span.start:
        left = doc[i + 1:span.start]
        if any(t.lower_ in _W.title_words for t in left):
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
    # left: the name in apposition to its role, "Tembo's chief executive, Baraka Mwakyusa, said"
    role = span.root.head
    if span.root.dep_ == "appos" and role.i < span.start and role.pos_ in ("NOUN", "PROPN") and (
            role.lower_ in _W.title_words or role.lower_.rstrip(".") in _W.person_cues):
        toks = [t for t in role.subtree if t.i < span.start]
        while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].is_punct):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks = toks[:-1]
        if toks and len(toks) <= 12 and toks[-1].i >= role.i:
            titles.append(doc[toks[0].i:toks[-1].i + 1].text)
    before = _title_before(doc, span.start)
    if before and not any(before[0].endswith(t) and len(t) >= len(before[0]) for t in titles):
        titles = [t for t in titles if not before[0].endswith(t)] + before  # "Nile Satellite Authority Director General"
    # leading honorific inside the NER span itself ("President Ana Lopez")
    first = doc[span.start]
    if first.lower_.rstrip(".") in _W.honorifics and len(span) > 1:
        titles.append(first.text)
    return titles

class _Chunk:
    """What :func:`entity_mentions` collects from one chunk. Holds the Doc one way only (no
    reference cycle: Docs must die with their batch, see tests/test_memory.py)."""

    def __init__(self, doc: Doc, offset: int, chunk: int):
        self.doc = doc
        self.offset = offset
        self.out: list[EntityMention] = []
        self.acronyms: list[tuple[str, str]] = []
        self.add = partial(_add_mention, doc, self.out, offset, chunk)
        self.cue_runs = _cue_runs(doc)
        self.run_tokens = {i: r for r in self.cue_runs for i in range(r[0], r[1])}
        self.used_runs: set = set()
        self.skip_ent_starts: set = set()


def entity_mentions(doc: Doc, offset: int = 0, chunk: int = 0) -> tuple[list[EntityMention], list[tuple[str, str]]]:
    """Repaired PERSON/ORG/PLACE mentions of a chunk, and the (long form, acronym) pairs it defines.

    Args:
        doc: the parsed chunk (after the ``news_datelines`` component, if the pipeline has it).
        offset: character offset of the chunk in the article text (added to every offset).
        chunk: index of the chunk, kept in :attr:`EntityMention.chunk`.
    Returns:
        (mentions sorted by start, none inside another; [(long form, acronym), ...]).
    """
    st = _Chunk(doc, offset, chunk)
    text = doc_text(doc)
    merged = doc._.datelines if doc.has_extension("datelines") and doc._.datelines else []
    for dl in merged:  # datelines made one token by news_datelines: the place is a place
        st.out.append(EntityMention(text[dl.start:dl.place_end], dl.start + offset, dl.place_end + offset, PLACE,
                                    None, chunk))
        a0, a1 = dateline_agency_span(text, dl.start)
        if a0 is not None and a1 <= dl.end and any(c.isupper() for c in text[a0:a1]):  # "(Corvane Financial)"
            for b0, b1 in _parts(text, a0, a1, "/"):  # "(DPW/MAK-PRESS)": two agencies' joint credit
                st.out.append(EntityMention(text[b0:b1], b0 + offset, b1 + offset, ORG, None, chunk,
                                            frozenset({"org", "credit"})))
    datelines = [] if merged else dateline_spans(text)
    for ent in doc.ents:
        if ent.label_ in _LABELS:
            _ent_mention(st, ent, datelines)
        elif ent.label_ == "WORK_OF_ART" and ent[-1].lower_ in _W.org_words and ent[-1].is_title:
            st.add(*_strip_span(doc, ent.start, ent.end), ORG)  # "seen by The Rift Ledger": an outlet
        elif ent.label_ in ("FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW") \
                and _nicknamed_or_double_barrelled(doc, *_strip_span(doc, ent.start, ent.end)):
            st.add(*_strip_span(doc, ent.start, ent.end), PERSON)  # "goals from Kwabena Adeyemi-Clarke" (FAC)
        elif ent.label_ == "FAC" and any(t.lower_ in ("embassy", "consulate") and t.is_title for t in ent):
            st.add(*_strip_span(doc, ent.start, ent.end), ORG)  # "the Embassy of Japan": a mission, not its building
        elif ent.label_ in ("DATE", "TIME") and ent.text[:1].isupper() and country_name(ent.text):
            st.add(ent.start, ent.end, PLACE)  # "March 8 - Mali and Senegal": the model's date runs on
    for run in st.cue_runs:
        if run not in st.used_runs:
            st.add(run[0], run[1], run[2])
            _acronym_after(st, run[0], run[1], run[2], None)  # "the company Servicios ... S.A. (SPASI)"
    _missed_the_orgs(st)
    _platforms(st)
    _places_in_lists_of_places(st)
    _town_clubs(st)
    _people_with_ages(st, text)
    _sides_of_a_match(st)
    _results_lines(st, text)
    _award_lists(st, text)
    _legal_form_names(st)
    _named_before_acronym(st)
    caps = capitals_lines(text)
    kept = [m for m in st.out if m.label == PLACE or ACRONYM_RE.match(m.text) and " " not in m.text
            or not any(a <= m.start - offset < b for a, b in caps)]
    return _outermost(kept), st.acronyms






def _constituency(doc: Doc, start: int, end: int) -> bool:
    """Whether doc[start:end], right before a seat's role ("MP"), names the seat: a place, or a
    name ending in a compass word ("Kisumu East"), with no organisation word (a party's name,
    "Labour MP", is kept)."""
    if end >= len(doc) or doc[end].lower_.rstrip(".") not in _W.seat_roles:
        return False
    words = [t for t in doc[start:end] if t.is_alpha]
    if not words or any(org_like(t.lower_) or t.lower_ == "party" for t in words):
        return False
    return is_place(doc[start:end].text) or len(words) > 1 and words[-1].lower_ in _W.compass_words


_LINE = re.compile(r"[^\n]+")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_LOWER_CHARS = re.compile(r"[a-zß-öø-ÿ]")


def capitals_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of three or more words written in capitals (an all-caps
    headline: "CRICKET-KANDY WIN BY FOUR WICKETS"), where the model's names are guesses; the
    story names them again in its body."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group(0)
        if len(line) > 300 or len(line.split()) < 3:
            continue
        upper, lower = len(_UPPER.findall(line)), len(_LOWER_CHARS.findall(line))
        if upper + lower >= 10 and upper >= 0.9 * (upper + lower):
            out.append(m.span())
    return out


#: plural nouns that make a list of names a list of places: "Sanma and Malampa provinces",
#: "the departments of Cortés, Yoro and Atlántida", "islands including Efate and Tanna"
_PLACE_LIST_NOUNS = frozenset({"provinces", "districts", "departments", "regions", "states", "counties", "islands",
                               "cities", "towns", "villages", "municipalities", "prefectures", "governorates",
                               "areas", "parts"})


def _places_in_lists_of_places(st: _Chunk) -> None:
    """One-word names NER tags person or organisation inside a list of places are places: a
    coordination with a place in it and three or more members ("Sialkot, Gujranwala, Peshawar,
    Mardan and Swat"), or a coordination a plural place noun governs ("Sanma and Malampa
    provinces", "the departments of Cortés, Yoro and Atlántida"). Names with an organisation
    word or of more than two words keep their label."""
    doc = st.doc
    for m in st.out:
        if m.label == PLACE or m.head_i is None or m.head_i >= len(doc) or len(m.text.split()) > 2:
            continue
        tok = doc[m.head_i]
        if any(org_like(w.lower()) for w in m.text.split()) or tok.pos_ != "PROPN":
            continue
        members = [tok, *tok.conjuncts]  # spaCy's coordination: "Sialkot, ..., Mardan and Swat"
        if len(members) < 2:
            continue
        root = min(members, key=lambda t: t.i)
        governor = root.head
        by_noun = governor.lower_ in _PLACE_LIST_NOUNS or governor.dep_ == "prep" and \
            governor.head.lower_ in _PLACE_LIST_NOUNS or root.dep_ == "compound" and governor.lower_ in _PLACE_LIST_NOUNS
        # a list of places, not of parties: not a subject, not after with/between/by
        places = sum(t.ent_type_ in ("GPE", "LOC") for t in members)
        parties = root.dep_ in ("nsubj", "nsubjpass") or governor.pos_ == "ADP" and governor.lower_ in (
            "with", "between", "by", "among", "for", "to")
        by_list = len(members) >= 3 and places >= 2 and not parties
        if by_noun or by_list:
            m.label = PLACE


_SCORE_RE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")
_SCORE_IN_TEXT = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")


def _sides_of_a_match(st: _Chunk) -> None:
    """The sides of a match result are clubs: in a sentence with a score ("2-1") and a result verb,
    the subject and object names are organisations when one of them is a club already or a
    place (a club named after its city: "Leeds beat Everton 2-1"). Two people ("Djokovic beat
    Alcaraz 6-3") keep their label."""
    doc = st.doc
    if not _SCORE_IN_TEXT.search(doc_text(doc)):
        return
    by_head = {m.head_i: m for m in st.out if m.head_i is not None and m.head_i < len(doc)}
    for verb in doc:
        if verb.lemma_.lower() not in _W.result_verbs or verb.pos_ != "VERB":
            continue
        sent = verb.sent
        text = [t.text for t in sent]
        scored = any(_SCORE_RE.match(t) for t in text) or any(
            a.isdigit() and b in ("-", "–") and c.isdigit() for a, b, c in zip(text, text[1:], text[2:]))
        if not scored:
            continue
        sides = [by_head[t.i] for t in verb.children if t.i in by_head and t.dep_ in ("nsubj", "dobj", "npadvmod", "attr")]
        sides += [by_head[g.i] for p in verb.children if p.dep_ == "prep" for g in p.children if g.i in by_head]
        if len(sides) < 2:
            continue
        if any(m.label == ORG or is_place(m.text) for m in sides):
            for m in sides:
                if m.label != PERSON or " " not in m.text:  # "Sahan Bandara 3-44": a bowler's figures
                    m.label = ORG
                    m.cues = m.cues | {"side"}  # a club, even when named like its city


#: a name with the person's age and home in apposition, court and police copy's shape:
#: "Ravinesh Deo Sharma, 41, of Nadera", "Mereani Koroi, 29, from Lami"
_AGED_NAME = re.compile(r"\b([A-Z][\w'’-]+(?: (?:bin |van |de |da )?[A-Z][\w'’-]+){1,3}), (\d{1,3}), (?:of|from)\b")


def _people_with_ages(st: _Chunk, text: str) -> None:
    """People named with their age and home town ("Ravinesh Deo Sharma, 41, of Nadera"): a
    person, whatever NER made of the name (mentions inside it give way)."""
    doc = st.doc
    for m in _AGED_NAME.finditer(text):
        if not 10 <= int(m[2]) <= 110:
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is None or not len(span) or any(org_like(t.lower_) or t.lower_ in _W.person_cues for t in span):
            continue
        a, b = m.start(1) + st.offset, m.end(1) + st.offset
        st.out[:] = [x for x in st.out if x.end <= a or x.start >= b]
        st.add(span.start, span.end, PERSON)


#: organisation words that can end a club's name after its town ("Exeter Wanderers"), not heads of
#: a body's name ("Nairobi Securities Exchange" is found otherwise)
_CLUB_WORDS = _W.org_words - _W.org_heads


def _town_club(words) -> bool:
    """Whether two or three name words are a club named after its town: the town, then a plural
    ("Gwadar Mariners", "Quetta Markhors"; not "Paris Edwards") or a club's word ("Exeter Wanderers")."""
    return 2 <= len(words) <= 3 and is_place(words[0].text) and words[-1].lower_ not in _W.portfolios and (
        words[-1].tag_ == "NNPS" or words[-1].lower_ in _CLUB_WORDS)


def _town_clubs(st: _Chunk) -> None:
    """Clubs named after their town that NER left untagged: "Quetta Markhors beat Gwadar Mariners
    by six wickets" (see :func:`_town_club`). Driven by the name's last word (a plural or a club's
    word), so a chunk without one costs a single pass over its tokens."""
    doc = st.doc
    ends = [t.i for t in doc if t.is_title and (t.tag_ == "NNPS" or t.lower_ in _CLUB_WORDS)]
    if not ends:
        return
    taken = [(m.start - st.offset, m.end - st.offset) for m in st.out]  # character ranges of the mentions
    done = -1
    for last in ends:
        k = last + 1  # the run of name words ending at ``last``: two or three of them
        if last <= done or k < len(doc) and _name_cased(doc[k]):
            continue
        i = last
        while i > 0 and k - (i - 1) <= 3 and doc[i - 1].whitespace_ and "\n" not in doc[i - 1].whitespace_ \
                and doc[i - 1].pos_ == "PROPN" and _name_cased(doc[i - 1]):
            i -= 1
        a, b = doc[i].idx, doc[k - 1].idx + len(doc[k - 1].text)
        if i > 0 and _name_cased(doc[i - 1]) or any(x < b and a < y for x, y in taken):
            continue  # not "(The Clean) Java Coalition"; NER's or an earlier pass's name stays
        if k - i >= 2 and all(t.pos_ == "PROPN" and _name_cased(t) for t in doc[i:k]) and _town_club(doc[i:k]):
            st.add(i, k, ORG)
            done = last


_SIDE = r"[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3}"
#: a results line of a wire sports page: "Arsenal 2 West Ham 0", "Leeds 1 Wimbledon 0"
_RESULTS_LINE = re.compile(rf"^[ \t]*({_SIDE})[ \t]+\d{{1,3}}[ \t]+({_SIDE})[ \t]+\d{{1,3}}[ \t]*$", re.MULTILINE)


def _named_before_acronym(st: _Chunk) -> None:
    """Names NER missed that an acronym in brackets defines: "The Movement for Regions (HPR), the
    Liberal Forum ..." -> an organisation (things so defined, "the Comprehensive Economic
    Partnership Agreement (CEPA)", are dropped later by name; countries become places)."""
    doc = st.doc
    taken = [(m.start - st.offset, m.end - st.offset) for m in st.out]
    for i in (t.i for t in doc if t.text == "(" and 2 <= t.i < len(doc) - 2):
        if doc[i + 2].text != ")" or not re.fullmatch(r"[A-Z][A-Za-z]{1,7}", doc[i + 1].text) \
                or sum(c.isupper() for c in doc[i + 1].text) < 2 or not doc[i - 1].whitespace_:
            continue
        j = i
        while j > 0 and i - j < 8 and "\n" not in doc[j - 1].whitespace_ and (
                doc[j - 1].is_title and doc[j - 1].is_alpha or doc[j - 1].lower_ in ("of", "for", "and", "&", "on")
                and j > 1 and doc[j - 2].is_alpha):
            j -= 1
        while j < i and (doc[j].lower_ in ("of", "for", "and", "&", "on", "the") or doc[j].is_sent_start
                         and doc[j].is_stop):
            j += 1
        if i - j < 2 or any(a < doc[i - 1].idx + len(doc[i - 1].text) and b > doc[j].idx for a, b in taken):
            continue  # one word, or a name already found
        if _initials(doc[j:i]) != doc[i + 1].text.upper() and not any(org_like(t.lower_) for t in doc[j:i]):
            continue  # neither spelled by the acronym nor with an organisation's word: a programme, a product
        st.add(j, i, ORG)
        st.acronyms.append((doc[j:i].text, doc[i + 1].text))


def _name_before_legal_form(doc: Doc, i: int) -> tuple[int, int]:
    """(first token of the name, first token after it) of a company named before the legal form at
    token ``i``: capitalised words and joiners ("CelestiNet" + "Sdn Bhd", "Lim & Arumugam Data
    Centres" + "Sdn Bhd", "Kapadokya Fuar ve Kongre" + "A.Ş."), a bracketed country between
    ("Tasman Merchant Bank (PNG)" + "Ltd") or a comma ("Cementos del Grijalva," + "S.A. de C.V.");
    the name's first word may open its sentence or list line. (i, i) when no name comes before."""
    k = i
    if k > 3 and doc[k - 1].text == ")" and doc[k - 3].text == "(" and _paren_country(doc[k - 2]):
        k -= 3
    j = k
    if k > 1 and doc[k - 1].text == "," and _capitalised_word(doc[k - 2]) and doc[k - 2].whitespace_ == "" \
            and not doc[k - 2].is_sent_start:
        k, j = k - 1, k - 2
    while j > 0 and k - j < 6 and doc[j - 1].whitespace_ and "\n" not in doc[j - 1].whitespace_ and (
            _capitalised_word(doc[j - 1]) and not doc[j - 1].is_sent_start and doc[j - 1].lower_ not in ("the", "a", "an")
            or doc[j - 1].lower_ in _NAME_JOINERS and j > 1
            and doc[j - 2].text[:1].isupper() and doc[j - 2].is_alpha):
        j -= 1
    while j < k and doc[j].lower_ in _NAME_JOINERS:
        j += 1
    if j > 0 and doc[j - 1].is_sent_start and doc[j - 1].text[:1].isupper() and doc[j - 1].text.isalpha() \
            and doc[j - 1].lower_ not in ("the", "a", "an") and not doc[j - 1].is_stop \
            and doc[j - 1].lower_ not in _W.org_type_nouns:  # not "Operator" (+ "Minera Altiplano Norte SA")
        j -= 1  # the name opens its sentence or list line: "- Rangkaian Digital Negara Bhd"
    if j == k:
        return i, i
    return j, k


def _legal_form_end(doc: Doc, i: int) -> int:
    """End of the legal form that starts at token ``i``: "Sdn Bhd", "Pte Ltd", "S.A. de C.V."."""
    end = i + 1
    while end < len(doc) and doc[end - 1].whitespace_ and (
            _legal_form(doc[end]) or doc[end].lower_ == "de" and end + 1 < len(doc) and _legal_form(doc[end + 1])):
        end += 1
    return end


def _legal_form_names(st: _Chunk) -> None:
    """Company names NER missed, found by their legal form: the capitalised words before a 'Ltd',
    'Plc', 'S.A.' ... no mention covers ("Tasman Merchant Bank (PNG) Ltd, a subsidiary of ...",
    a bracketed country allowed before the form); mentions inside the name give way to it."""
    doc = st.doc
    covered = [(m.start - st.offset, m.end - st.offset) for m in st.out if m.label == ORG]
    done = 0
    for t in doc:  # (iterating a Doc is far cheaper than indexing it token by token)
        i = t.i
        if i < done or i == 0 or not _legal_form(t) or not doc[i - 1].whitespace_:
            continue
        j, k = _name_before_legal_form(doc, i)
        end = _legal_form_end(doc, i)
        first, last = doc[j].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if j < k and not any(a <= first and last <= b for a, b in covered):  # a longer name NER found stays
            a, b = first + st.offset, last + st.offset
            st.out[:] = [x for x in st.out if x.end <= a or x.start >= b]
            st.add(j, end, ORG, frozenset({"org"}))
            _acronym_after(st, j, end, ORG, None)  # "Rangkaian Digital Negara Bhd (RDN)"
        done = end


_ITEM_LINE = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-•*●▪])[ \t]+(?P<left>[^\n]+?)[ \t]+[–—-][ \t]+(?P<right>[^\n]+?)[ \t]*$",
                        re.M)


def _award_lists(st: _Chunk, text: str) -> None:
    """Lists of awards ("4. Church Road, Bath – Lall & Bacchus General Contracting"): in a run of three
    or more numbered or bulleted "item – name" lines where most names read as firms (an
    organisation word, a legal form or an ampersand), every name is an organisation, whatever
    NER said."""
    lines = list(_ITEM_LINE.finditer(text))
    runs, run = [], []
    for m in lines:
        if run and text.count("\n", run[-1].end(), m.start()) > 2:
            runs.append(run)
            run = []
        run.append(m)
    runs.append(run)
    doc = st.doc
    for run in runs:
        names = [m for m in run if m.group("right")[:1].isupper() and len(m.group("right").split()) <= 8]
        firms = [m for m in names if "&" in m.group("right") or any(
            org_like(w.lower().rstrip(".,")) or w.lower().rstrip(".,") in _W.legal_abbreviations
            for w in m.group("right").split())]
        if len(names) < 3 or 2 * len(firms) < len(names):
            continue
        for m in run:  # the items: "Nursery School Street, Tain" is a road, not a school
            a, b = m.start("left") + st.offset, m.end("left") + st.offset
            for x in st.out:
                if x.label == ORG and a <= x.start < b and x.text.split()[-1].lower().strip(".,") in _W.place_last_words:
                    x.label = PLACE
        for m in names:
            a, b = m.start("right"), m.end("right")
            span = doc.char_span(a, b, alignment_mode="contract")
            if span is None or not len(span) or is_place(span.text):
                continue
            st.out[:] = [x for x in st.out if x.end <= a + st.offset or x.start >= b + st.offset]
            st.add(span.start, span.end, ORG, frozenset({"org"}))


def _results_lines(st: _Chunk, text: str) -> None:
    """The two sides of each results line ("Arsenal 2 West Ham 0") are clubs, whatever NER said."""
    doc = st.doc
    for m in _RESULTS_LINE.finditer(text):
        a, b = m.start() + st.offset, m.end() + st.offset
        st.out[:] = [x for x in st.out if x.end <= a or x.start >= b]  # NER's reading of the line
        for g in (1, 2):
            span = doc.char_span(m.start(g), m.end(g), alignment_mode="contract")
            if span is None or not len(span):
                continue
            st.add(span.start, span.end, ORG, frozenset({"side"}))


def _ent_mention(st: _Chunk, ent: Span, datelines: list) -> None:
    """The mention (and any acronym it defines) of one NER entity, repaired."""
    doc, label = st.doc, _LABELS[ent.label_]
    start = _after_dateline(st, ent, datelines)
    if start is None:
        return
    end = ent.end
    if _by_cue_run(st, ent, start, end):
        return
    # "(CNSA" or "Administration of China (CNSA": split off a parenthesised part
    paren = next((i for i in range(start, end) if doc[i].text == "("), None)
    inner = (paren + 1, end) if paren is not None else None
    end = paren if paren is not None else end
    # a dateline glued to the name: "HARBOURTON - The Harbourton Transit Authority"
    dash = next((i for i in range(start, end) if doc[i].text in ("-", "–", "—", ":")), None)
    if dash is not None and all(t.is_upper or t.is_punct for t in doc[start:dash]):
        start = dash + 1
    spaced = [i for i in range(start + 1, end - 1) if doc[i].text in ("-", "–", "—")
              and doc[i - 1].whitespace_ and doc[i].whitespace_]
    if spaced:  # "Rosignol – K. Narine & Sons Construction Inc." (a list line): a name runs over no spaced dash
        cut = spaced[-1]
        if country_of_place(doc[start:spaced[0]].text) or is_place(doc[start:spaced[0]].text):
            st.add(start, spaced[0], PLACE)
        start = cut + 1
    if label == ORG:
        at = next((i for i in range(start + 1, end - 1) if doc[i].lower_ in ("in", "at") and doc[i].is_lower), None)
        if at is not None:  # "the Ministry in Battaramulla": where a body sits is not its name
            if is_place(doc[at + 1:end].text) or country_of_place(doc[at + 1:end].text):
                st.add(at + 1, end, PLACE)
            end = at
    if label in (ORG, PERSON) and end - start > 1 and doc[end - 1].text in ("IPO", "JV", "IPOs"):
        end, label = end - 1, ORG  # "KNE Renewables IPO": the offering is not the firm
    if label == ORG and end - start > 2 and doc[end - 2].lower_ in ("for", "of") and end < len(doc) and doc[end].like_num:
        end -= 2  # "S. & R. Ramaswamy Castings for Rs (185 crore)": a currency, not the name's tail
    if label == ORG and end - start > 1 and doc[end - 1].tag_ == "POS" and (doc[end - 2].lower_ in (
            "women", "men", "people", "children") or doc[end - 1].text in ("'", "’") and doc[end - 2].lower_.endswith("s")) \
            and end < len(doc) and doc[end].ent_iob_ == "B" and doc[end].ent_type_ == "ORG":
        end = next(e.end for e in doc.ents if e.start == end)  # "the Potohar Women's" + "Chamber of Commerce",
        # "The Ceylon Dairy Workers'" + "Congress"
    if label in (ORG, PERSON) and start >= 2 and doc[start - 1].text == ":" and doc[start - 2].lower_ in (
            "picture", "photo", "photograph", "credit", "pic", "photos", "image") and doc[start - 2].is_title:
        return  # "Picture: JOSEPH KUIAM": a photo credit, no one the story names
    if label == PERSON:
        comma = next((i for i in range(start + 1, end) if doc[i].text == ","), None)
        if comma is not None:  # "Line Top Road, Whim": a person's name runs over no comma
            end = comma
    colon = next((i for i in range(start, end) if doc[i].text == ":"), None)
    if colon is not None:  # no name runs over a colon: "Homa Bay: Governor sets ..." (a headline's kicker)
        if colon > start and country_of_place(doc[start:colon].text):
            st.add(start, colon, PLACE)
        start = colon + 1
        if all(t.lower_.rstrip(".") in _W.person_cues or t.lower_ in _W.title_words or t.is_punct
               for t in doc[start:end]):
            return  # only a role is left: "Governor"
    start, end, open_and = _trim_open_end(doc, start, end)
    if start >= end:
        return
    if label == ORG:
        hon = next((i for i in range(start + 1, end) if doc[i].lower_.rstrip(".") in _W.person_only_honorifics
                    and doc[i].text[:1].isupper()), None)
        if hon is not None:  # "its Chairperson, Hon.", "the Opposition Mr" (+ a name): no body's name holds a 'Mr'
            end = hon
            while end > start and doc[end - 1].is_punct:
                end -= 1
            if start >= end or all(t.lower_.rstrip(".,") in _W.person_cues or t.is_punct for t in doc[start:end]):
                return  # only a role is left: "Chairperson"
    while label == ORG and end - start > 1 and doc[start].is_lower and doc[start].is_alpha and doc[start + 1].is_title:
        start += 1  # "the state" + "Office for Tender Appeals", "local" + "Water Board": the name is capitalised
    if label == ORG and end - start > 1 and doc[end - 1].is_lower and is_demonym(doc[start].text) \
            and all(t.is_lower for t in doc[start + 1:end]):
        return  # "the Kyrgyz ministry", "an Irish university": a description, not a name
    if label == PLACE and end - start > 1 and doc[end - 1].is_title and doc[end - 1].lower_ in _W.org_heads \
            and doc[end - 1].lower_ not in _W.place_last_words:
        label = ORG  # "the Eyre Coast District Council" (LOC): a body named after its place
    start, end = _split_possessive(st, label, start, end)
    if start >= end:
        return
    start, label = _split_country_prefix(st, start, end, label)
    if _legal_form(doc[start]):
        # NER took only the legal form: "Marlow Foods" + "Plc", "Kumar Brothers Hardware (Fiji)" + "Pte Ltd"
        k, form = _name_before_legal_form(doc, start)
        if k < form:
            end = max(end, _legal_form_end(doc, start))
            cut = next((i for i in range(start + 1, end - 1) if doc[i].lower_ == "and"), None)
            start, label = k, ORG
            if cut is not None:  # "CelestiNet" + "Sdn Bhd and Lim & Arumugam ...": two firms
                end = cut
    if label in (ORG, PERSON) and end + 3 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" \
            and _paren_country(doc[end + 1]) and _legal_form(doc[end + 3]):
        end, label = end + 4, ORG  # "Tasman Merchant Bank" + "(PNG) Ltd": a country's subsidiary
        while end < len(doc) and _legal_form(doc[end]):
            end += 1
        k = start  # and the name's first word NER left out at the start of a sentence: "Tasman"
        while k > 0 and doc[k - 1].is_title and doc[k - 1].pos_ == "PROPN" and doc[k - 1].ent_type_ == "" \
                and (k - 1 == 0 or doc[k - 1].is_sent_start or "\n" in doc[k - 2].whitespace_):
            k -= 1
        start = k
    if label == PERSON and end < len(doc) and doc[end - 1].whitespace_ and _legal_form(doc[end]):
        end, label = end + 1, ORG  # "Al Dhaheri-Rashidi Contracting" + "LLC": a firm named after people
    if start > 0 and doc[start - 1].is_upper and doc[start - 1].lower_ in _W.corp_prefixes \
            and doc[start - 1].whitespace_ and label in (ORG, PERSON):
        start, label = start - 1, ORG  # "PT Nusantara Energi Niaga": the legal form is part of the name
    if label == PERSON:
        start, label = _person_or_org(doc, start, end)
        if label is None:
            return
        if label == PERSON:
            label = _person_in_context(doc, start, end)
            if label is None:
                return
    if label == ORG and doc[start].lower_.rstrip(".") in _W.honorifics and end - start >= 3 \
            and all(t.is_title or t.text in ("-", "–", ".") or t.lower_.rstrip(".") in _W.honorifics
                    for t in doc[start:end]):
        label = PERSON  # "H.E. Mrs. Fatmata Kamara-Conteh" tagged as an organisation
    if label == ORG:
        lead = _portfolio_lead(doc, start, end)  # "Director for Science Pavel Nikitin"
        if lead and _person_shaped(doc, start + lead, end, after_role=True):
            start, label = start + lead, PERSON
        elif _person_shaped(doc, start, end):
            label = PERSON  # "Cabinet Secretary for Agriculture, Wanjiru Kamau-Odhiambo, told ..."
        elif _in_a_list_of_people(doc, start, end):
            label = PERSON  # "Harjit Sandhu-Reimer (Transcona), Colin Dufresne (St. Vital) and ..."
    if label == ORG and _nicknamed_or_double_barrelled(doc, start, end):
        label = PERSON  # 'Gustavo "Tano" Iannone', "Kwabena Adeyemi-Clarke" tagged as organisations
    if label == ORG and end - start >= 3 and re.fullmatch(r"[A-Z]\.", doc[start].text) \
            and all(t.is_title and t.pos_ == "PROPN" and not org_like(t.lower_) for t in doc[start + 1:end]):
        label = PERSON  # "engineers K. Venkatesh Kaveri": a name opened by an initial
    if label == ORG and start >= 2 and doc[start - 1].text in ("-", "–") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].ent_type_ in ("GPE", "ORG", "NORP") \
            and any(t.lower_ in _W.org_heads for t in doc[start:end]):
        left = next((e for e in doc.ents if e.end == start - 1), None)  # "the Sierra Leone" + "–Liberia Joint Commission"
        if left is not None and country_name(re.sub(r"^(?:the|The)\s+", "", left.text)):
            start = left.start + (1 if left[0].lower_ == "the" else 0)
    if label in (ORG, PERSON) and end < len(doc) and doc[end].is_lower and doc[end].lower_ in _W.geo_nouns \
            and not any(org_like(t.lower_) for t in doc[start:end]):
        label = PLACE  # "the Ulúa river", "the Klang and Langat river basins", "Iloilo province"
    if label in (PERSON, PLACE, ORG) and start > 0 and doc[start - 1].ent_iob_ == "O" and doc[start - 1].is_title \
            and doc[start - 1].lower_ in _W.name_openers and doc[start - 1].whitespace_:
        start, label = start - 1, ORG  # "Universiti" + "Teknologi Kinabalu"
    if label == PLACE and end < len(doc) and doc[end].ent_iob_ == "O" and doc[end - 1].whitespace_ \
            and doc[end].is_title and doc[end].lower_ in _CLUB_WORDS \
            and is_place(doc[start:end].text) and not country_name(doc[start:end].text) \
            and (end + 1 >= len(doc) or not _name_cased(doc[end + 1])):
        end, label = end + 1, ORG  # "Masaka" + "United": the town's club
    if label == ORG and start > 0 and doc[start - 1].lower_ in ("on", "for", "of") \
            and all(t.lower_ in _W.portfolios for t in doc[start:end]) \
            and any(t.lower_ in _W.person_cues for t in doc[max(0, start - 7):start]):
        return  # a role's portfolio: "Special Adviser to the Governor on Security Matters"
    if label == ORG and end < len(doc) and doc[end].is_lower and doc[end].lower_ in _ROUTE_NOUNS and (
            not any(org_like(t.lower_) for t in doc[start:end]) or is_place(doc[start:end].text)):
        for b0, b1 in _parts(doc_text(doc), doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "-–—"):
            part = doc.char_span(b0, b1)  # "the Paksan - Thanh Thuy expressway": its known places stay
            if part is not None and is_place(part.text):
                st.add(part.start, part.end, PLACE)
        return  # a route named by its ends, not an organisation
    if label == ORG:
        start, end, label = _split_role(st, start, end)
        if start >= end:
            return
    if label == ORG and _constituency(doc, start, end):
        label = PLACE  # "Kisumu East MP Otieno Auma": the seat, not an organisation
    if label == ORG:
        start = _extend_org_left(doc, start, end)
        end = _extend_org(st, start, end, open_and)
    elif label == PERSON and start in st.skip_ent_starts:
        return
    if label == PERSON:
        start, end = _whole_name(st, start, end)
        if end < len(doc) and doc[end].is_title and org_like(doc[end].lower_) and doc[end - 1].whitespace_ \
                and "\n" not in doc[end - 1].whitespace_:
            end, label = end + 1, ORG  # "Mabaso-Khumalo Literacy" + "Trust": a body named after a person
    st.add(start, end, label)
    _acronym_after(st, start, end, label, inner)


def _parts(text: str, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text[a:b]`` between the separator characters ``seps``,
    without surrounding spaces, empty pieces left out: ("DPW/MAK-PRESS", "/") -> DPW, MAK-PRESS."""
    out = []
    for m in re.finditer(rf"[^{re.escape(seps)}\s](?:[^{re.escape(seps)}]*[^{re.escape(seps)}\s])?", text[a:b]):
        out.append((a + m.start(), a + m.end()))
    return out


def _nicknamed_or_double_barrelled(doc: Doc, start: int, end: int) -> bool:
    """Whether an 'organisation' is written as only a person's name is: a nickname in quotes
    between name words ('Gustavo "Tano" Iannone'), or a given name and a double-barrelled surname
    ("Kwabena Adeyemi-Clarke"), with no organisation word, legal form or acronym."""
    words = list(doc[start:end])
    if any(org_like(t.lower_) or _legal_form(t) or t.is_upper and len(t) > 1 for t in words):
        return False
    text = doc[start:end].text
    if re.fullmatch(r"[A-Z][\w'’-]+ [\"“][A-Z][\w'’-]*[\"”] [A-Z][\w'’-]+", text):
        return True
    return bool(re.fullmatch(r"[A-Z][a-zà-ÿ'’]+ [A-Z][a-zà-ÿ'’]+-[A-Z][a-zà-ÿ'’]+", text)) and not (
        end < len(doc) and _legal_form(doc[end])) and not is_place(words[0].text)


def _split_role(st: _Chunk, start: int, end: int) -> tuple[int, int, str]:
    """An organisation span that runs into a role, cut where the role begins.

    * a short title or a role inside it with a person's name after it: the name is a PERSON,
      the words before the title stay the organisation ("TCCCI Mian Adeel Khokhar" -> "TCCCI" +
      "Mian Adeel Khokhar", "UNDP Resident Representative Sara Lind" -> "UNDP" + "Sara Lind");
    * a seat's role at its end: the seat ("Kuresoi North MP" -> "Kuresoi North", a PLACE when
      it is a constituency, see :func:`_constituency`);
    * a role's modifier at its end with the role after it: the body ("World Bank Country" +
      "Director" -> "World Bank", "UNDP Resident" + "Representative").

    Returns the new (start, end, label) of the organisation part; start == end when nothing is left.
    """
    doc = st.doc
    title = next((i for i in range(start + 1, end - 1) if (doc[i].lower_.rstrip(".") in _W.short_titles
                  or doc[i].lower_ in _W.person_cues) and doc[i].is_title
                  and not doc[i - 1].lower_ in ("of", "and", "&")), None)
    if title is not None:
        name = title + 1 + (doc[title + 1].text == ".")
        if name < end and _person_shaped(doc, name, end, after_role=True):
            keep = doc[title].lower_.rstrip(".") in _W.name_honorifics  # "Mian Adeel Khokhar" names him so
            st.add(title if keep else name, end, PERSON)
            start, end = _strip_span(doc, start, title)
            if start >= end or all(t.lower_.rstrip(".") in _W.person_cues or t.lower_ in _W.title_words
                                   for t in doc[start:end]):
                return start, start, ORG
    if end - start > 1 and doc[end - 1].lower_.rstrip(".") in _W.seat_roles \
            and _constituency(doc, start, end - 1):
        return start, end - 1, PLACE
    if end - start == 2 and doc[end - 1].lower_.rstrip(".") in _W.seat_roles \
            and doc[start].lower_ in ("independent", "opposition", "backbench", "government", "ruling", "nominated"):
        return start, start, ORG  # "an Independent TD": a role
    while end - start > 1 and end < len(doc) and doc[end - 1].lower_ in _W.role_modifiers \
            and doc[end].lower_.rstrip(".") in _W.person_cues:
        end -= 1
    return start, end, ORG


def _after_dateline(st: _Chunk, ent: Span, datelines: list) -> Optional[int]:
    """Start token of the entity once a dateline it overlaps is taken off (the dateline's place is
    added as a PLACE); None if nothing is left ("NIAMEY, May 2 -")."""
    dl = next((d for d in datelines if d[0] <= ent.start_char < d[2]), None)
    if dl is None or ent.start_char >= dl[1]:
        return ent.start
    span = st.doc.char_span(dl[0], dl[1], alignment_mode="contract")
    if span is not None and len(span):
        st.add(span.start, span.end, PLACE)
    rest = st.doc.char_span(dl[2], ent.end_char, alignment_mode="contract")
    if rest is None or not len(rest):
        return None
    return rest.start  # "HARBOURTON - The Harbourton Transit Authority": the name after the dateline


def _by_cue_run(st: _Chunk, ent: Span, start: int, end: int) -> bool:
    """A name found by its role word or type noun overrides NER's span and label; True if it did."""
    run = next((st.run_tokens[i] for i in range(start, end) if i in st.run_tokens), None)
    if run is None:
        return False
    if run not in st.used_runs:
        st.used_runs.add(run)
        if run[2] == PERSON and ent.label_ == "PERSON" and ent.start >= run[0]:
            st.add(run[0], max(run[1], ent.end), PERSON)  # NER's "Park Min-jun" is longer than the run
        else:
            st.add(run[0], run[1], run[2])
            _acronym_after(st, run[0], run[1], run[2], None)
        if run[2] == PERSON and ent.label_ == "ORG" and start < run[0]:
            _body_before_role(st, start, run[0])  # "UNDP" of "UNDP Resident Representative Sara Lind"
    return True


def _body_before_role(st: _Chunk, start: int, name: int) -> None:
    """The organisation that opens an NER span running on into a role and a name: the words before
    the role ("UNDP Resident Representative" -> "UNDP", "Bank of Ghana Governor" -> "Bank of
    Ghana"); nothing when only role words come before the name."""
    doc = st.doc
    k = name
    while k > start and (doc[k - 1].text == "." or doc[k - 1].lower_.rstrip(".") in _W.person_cues
                         or doc[k - 1].lower_ in _W.title_words or doc[k - 1].lower_ in _W.role_modifiers):
        k -= 1
    a, b = _strip_span(doc, start, k)
    if a < b and k < name:
        st.add(a, b, ORG)


def _trim_open_end(doc: Doc, start: int, end: int) -> tuple[int, int, bool]:
    """Bounds without determiners/punctuation and without a dangling 'and'/'of' at the end
    ("the Commonwealth Scientific and": the rest follows as another entity); whether an 'and' was cut."""
    start, end = _strip_span(doc, start, end)
    if end - start > 3 and doc[end - 1].like_num and doc[end - 2].text in ("-", "–") and doc[end - 3].like_num:
        end -= 3  # "Everton 2-1": the score is not the name
        start, end = _strip_span(doc, start, end)
    open_and = False
    while end - start > 1 and doc[end - 1].lower_ in ("and", "&", ",", "of", "for"):
        open_and = open_and or doc[end - 1].lower_ in ("and", "&")
        end -= 1
        start, end = _strip_span(doc, start, end)
    return start, end, open_and


def _split_possessive(st: _Chunk, label: str, start: int, end: int) -> tuple[int, int]:
    """"X's Y" is X (and Y too when it ends like an organisation: "the city's Housing Trust"); a
    plural possessive inside a name is kept ("Rail and Transport Workers' Union")."""
    doc = st.doc
    pos = next((i for i in range(start + 1, end - 1) if doc[i].tag_ == "POS" and doc[i].text not in ("'", "’")), None)
    if pos is None or label != ORG or doc[pos - 1].lower_ in ("women", "men", "people", "children"):
        return start, end  # "Potohar Women's Chamber of Commerce", "People's Bank": a plural's possessive
    if doc[end - 1].lower_ in _W.org_heads:
        st.add(pos + 1, end, ORG)
    return _strip_span(doc, start, pos)


def _split_country_prefix(st: _Chunk, start: int, end: int, label: str) -> tuple[int, str]:
    """"the President of Kazakhstan Nurlan Abishev": NER runs the country into the name.

    A span that opens with a country (or nationality) and goes on with two to four
    capitalised words is the place, then a person, when the words are no organisation's
    (no organisation, company or type word) and a role word stands just before the span or the
    article names that person elsewhere. Returns (where the name starts, its label); the
    place is added as a mention.
    """
    doc = st.doc
    role_after = end + 1 < len(doc) and doc[end].text == "," and any(
        t.lower_.rstrip(".") in _W.person_cues for t in doc[end + 1:end + 4])  # "..., Minister of Economy"
    for k in (2, 1):
        rest = doc[start + k:end]
        lead = doc[start:start + k].text
        if not 2 <= len(rest) <= 4 or not (country_name(lead) or role_after and is_place(lead)):
            continue  # "(premises in) Abu Dhabi Ulan Sadyrbaev, Minister of ...": a city before the name
        if not all(t.is_title and t.pos_ == "PROPN" for t in rest) or any(org_like(t.lower_) for t in rest):
            continue
        cue = role_after or any(t.lower_.rstrip(".") in _W.person_cues for t in doc[max(0, start - 3):start])
        named = any(e.label_ == "PERSON" and e.start != start and e[-1].text == rest[-1].text for e in doc.ents)
        if cue or named:
            if not is_demonym(doc[start:start + k].text):
                st.add(start, start + k, PLACE)
            return start + k, PERSON
    return start, label


def org_like(word: str) -> bool:
    """Whether a lower-case word is an organisation's word (organisation, head, legal-form or type word)."""
    return word in _W.org_words or word in _W.org_heads or word in _W.corp_suffixes or word in _W.org_type_nouns


def _person_or_org(doc: Doc, start: int, end: int) -> tuple[int, Optional[str]]:
    """(start without swallowed role words, PERSON, ORG or PLACE) of a PERSON entity; label None when it
    has no proper noun at all ("Coal still generates ...")."""
    # role words NER swallowed: "Economy Haruka Ishida" -> "Haruka Ishida"
    while end - start > 2 and doc[start].lower_.rstrip(".") in _ROLE_WORDS \
            and doc[start].lower_.rstrip(".") not in _W.name_honorifics:  # 'Sheikh Hasina': the record keeps both
        start += 1
    # a portfolio NER ran into the name: "(Minister of Industry, Trade and) Supply Yousef Nabil"
    while end - start > 1 and doc[start].lower_ in _W.portfolios and start > 0 \
            and doc[start - 1].lower_ in ("and", "&", ",", "of", "for"):
        start += 1
    if all(t.lower_.rstrip(".") in _ROLE_WORDS for t in doc[start:end]):
        return start, None  # a role, not a name: "the Menteri Besar's office"
    if not any(t.pos_ == "PROPN" for t in doc[start:end]):
        # no name at all ("Coal still generates ..."), unless a place the tagger took for a noun ("Leeds beat ...")
        return start, (PLACE if doc[start].is_title and is_place(doc[start:end].text) else None)
    words = [t for t in doc[start:end] if t.is_alpha and t.lower_.rstrip(".") not in _W.honorifics]
    titled = start > 0 and doc[start - 1].lower_.rstrip(".") in _W.short_titles  # "Mr. ODAGIRI Masanori"
    # people have no acronyms or company words: "Africa CDC", "Westbrook Courier", "FC Porto"
    # (titles aside: "H.E. Mrs. Ada Lim")
    if any(t.is_upper and len(t) > 1 for t in words) and not titled or any(t.lower_ in _W.org_words for t in words):
        return start, ORG
    if _town_club(words):
        return start, ORG
    # people have no acronyms: "Greenwatch Oceans (GWO)" is an organisation
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].is_upper and doc[end + 2].text == ")":
        return start, ORG
    return start, PERSON




def _person_in_context(doc: Doc, start: int, end: int) -> Optional[str]:
    """The label a PERSON entity's context gives it: PLACE after a locative 'in'/'at' ("what
    happened in Taman Sri Muda", "signed at Qasr Al Watan") or before a jurisdiction's role and
    a name ("Nuevo León Governor Eduardo Garza"); ORG before another role and a name ("Al Jawzaa
    Holding Chairman Rashid ..."); None (no entity we list) when the name is a modifier of a
    thing ("the Desert Line oil pipeline", "the Corvo Ridge project": the head is one of
    ``non_org_heads``); PERSON otherwise. Possessives stay people ("in Ada Lim's view")."""
    if end < len(doc) and doc[end].tag_ == "POS":
        return PERSON
    if start > 0 and doc[start - 1].lower_ in ("in", "at") and doc[start - 1].pos_ == "ADP":
        return PLACE
    if end + 1 < len(doc) and doc[end].is_title and doc[end].lower_.rstrip(".") in _W.person_cues \
            and doc[end + 1].is_title and doc[end + 1].pos_ == "PROPN":
        return PLACE if doc[end].lower_.rstrip(".") in _W.jurisdiction_roles else ORG
    head = doc[end - 1]
    for _ in range(3):
        if head.dep_ != "compound" or head.head.i < end:
            break
        head = head.head
    if head.i >= end and head.is_lower and head.lemma_ in _THING_HEADS:
        return None
    return PERSON


#: words of a minister's or director's portfolio ("Science", "International Partnerships")
_PORTFOLIO_WORDS = lexicon("entities").portfolios | {"partnerships", "cooperation", "relations", "research", "innovation"}
#: titles followed by a portfolio, not an organisation ("Minister of ...", "Commissioner for ...");
#: "chief executive of Aguas Ibéricas" names a company
_PORTFOLIO_HOLDERS = frozenset({"minister", "ministers", "secretary", "commissioner", "cs", "mec", "minister-designate"})
#: verbs a person is the subject of, right after the name ("..., Ada Lim said")
_SAYING = frozenset({"said", "says", "told", "added", "noted", "stressed", "explained", "announced", "warned"})


def _portfolio_lead(doc: Doc, start: int, end: int) -> int:
    """How many portfolio words open a span after a role's 'for'/'of' ("(Director) for Science
    Pavel Nikitin", "(Minister) of International Partnerships Henrik Malmberg"); 0 if none."""
    if start == 0 or doc[start - 1].lower_ not in ("for", "of"):
        return 0
    k = start
    while k < end and (doc[k].lower_ in _PORTFOLIO_WORDS or doc[k].lower_ in ("and", "&")):
        k += 1
    return k - start if end - k >= 2 else 0


def _in_a_list_of_people(doc: Doc, start: int, end: int) -> bool:
    """Whether a two- or three-word name with no organisation word is one of a coordination whose
    other members NER calls people and none an organisation: "Bruce Lindqvist (Charleswood),
    Harjit Sandhu-Reimer (Transcona), Colin Dufresne (St. Vital) and Amara Osei"."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if not 2 <= len(words) <= 3 or any(not t.is_title or org_like(t.lower_) or t.lower_ in _W.corp_suffixes
                                       or t.lower_ in _W.portfolios for t in words):
        return False  # not "(The Minister of Roads and) Public Works, Tomás Ignacio Berrocal"
    top = doc[end - 1]
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    members, todo = [], [top]
    while todo:
        t = todo.pop()
        members.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos") and c.pos_ == "PROPN")
    others = [t for t in members if not start <= t.i < end and t.lower_ not in _W.person_cues]
    return any(t.ent_type_ == "PERSON" for t in others) and not any(
        t.ent_type_ == "ORG" and any(org_like(w.lower_) for w in t.subtree) for t in others)


def _person_shaped(doc: Doc, start: int, end: int, after_role: bool = False) -> bool:
    """An 'organisation' of two or three capitalised words with no organisation word, right after a
    role ("Minister ...", "Cabinet Secretary for Agriculture, ...") or before "said"/"told": NER
    tags hyphenated and foreign names as organisations often ("Wanjiru Kamau-Odhiambo")."""
    words = [t for t in doc[start:end] if t.text not in ("-", "–")]
    if not 2 <= len(words) <= 4 or not all(t.is_title and t.is_alpha for t in words):
        return False
    if any(org_like(t.lower_) or country_name(t.text) for t in words) or len(words) > 3 and "-" not in doc[start:end].text:
        return False
    if words[-1].lower_ in _PORTFOLIO_WORDS:
        return False  # "(Minister of Roads and) Public Works": the portfolio
    if after_role:
        return True
    if start > 0 and doc[start - 1].lower_ in ("of", "for", "at", "with", "from", "by", "the", "on", "to"):
        return False  # "chief executive of Aguas Ibéricas", "Adviser to the Governor on Security Matters"
    before = [t for t in doc[max(0, start - 6):start] if not t.is_punct]
    after = doc[end:end + 2]
    role = any(t.lower_.rstrip(".") in _W.person_cues for t in before[-4:]) or _after_role_phrase(doc, start)
    says = any(t.lower_ in _SAYING for t in after) and "-" in doc[start:end].text  # "Ada Kamau-Odhiambo said"
    honorific = start > 0 and doc[start - 1].lower_.rstrip(".") in _W.short_titles
    said_by = start > 0 and doc[start - 1].lower_ in ("said", "says", "added", "told") and len(words) <= 3 \
        and (end >= len(doc) or doc[end].text in (",", "."))  # '..., said Tomasz Wieczorek, the U.N.'s ...'
    appos = end + 1 < len(doc) and doc[end].text == "," and any(  # "X, the agency's deputy director"
        t.lower_.rstrip(".") in _W.person_cues for t in doc[end + 1:end + 6]) and not any(
        t.lower_ in _SAYING for t in doc[end + 1:end + 9])  # not "... Western Visayas, a police official said"
    return role or says or honorific or said_by or appos


def _after_role_phrase(doc: Doc, start: int) -> bool:
    """Whether doc[start] follows a role phrase and its comma: "the Minister of Hydrocarbons and
    Energy of Bolivia, [Rodrigo Quispe Mamani]" (the role up to ten words back, through capitalised
    words, places and of/and/for only)."""
    if start < 2 or doc[start - 1].text != ",":
        return False
    for t in reversed(doc[max(0, start - 12):start - 1]):
        if t.lower_.rstrip(".") in _W.person_cues:
            return True
        if not (t.is_title or t.lower_ in ("of", "and", "for", "the", "&", "de", "des", "du", "da", "la", "le", "y")
                or t.tag_ == "POS"):
            return False  # (through "des", "de": "The president of the Union des Mareyeurs de Ziguinchor, X")
    return False


def _whole_name(st: _Chunk, start: int, end: int) -> tuple[int, int]:
    """A person's name NER cut short, made whole: the capitalised name words right after it
    ("Lorena Cantú" + "Maldonado", "Sardar Irfan" + "Ahmed Leghari") up to five words, and a
    trailing role dropped ("Homa Bay Governor")."""
    doc = st.doc
    k = end
    while k < len(doc) and len(doc[start:k].text.split()) < 5:
        if doc[k].text in ("-", "–") and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
                and k + 1 < len(doc) and doc[k + 1].is_title and doc[k + 1].is_alpha:
            k += 2  # "Nabil Al" + "-Shamayleh"
            continue
        if doc[k].lower_ in ("bin", "bint", "ibn") and k + 1 < len(doc) and _name_word(doc[k + 1]):
            k += 2  # "Saif" + "bin Majid Al Nuaimi"
            continue
        if k + 3 < len(doc) and doc[k].lower_ in ("a", "s") and doc[k + 1].text == "/" and doc[k + 2].lower_ in ("p", "l") \
                and not doc[k].whitespace_ and not doc[k + 1].whitespace_ and _name_word(doc[k + 3]):
            k += 4  # "Kavitha" + "a/p Rajoo" (Malaysian "daughter of" / "son of")
            continue
        if not (_name_word(doc[k]) and "\n" not in doc[k - 1].whitespace_ and doc[k - 1].whitespace_
                and doc[k].ent_type_ in ("", "PERSON")):
            break
        k += 1
    if k > end:
        st.skip_ent_starts.update(e.start for e in doc.ents if end <= e.start < k)
    j = start  # "Hon. Lisiate" + "Taufa": the given names between a short title and the name NER found
    while j > 0 and start - j < 2 and _name_word(doc[j - 1]) and doc[j - 1].whitespace_ \
            and "\n" not in doc[j - 1].whitespace_ and doc[j - 1].ent_type_ in ("", "PERSON"):
        j -= 1
    if j < start:
        t = j - 1 - (j > 1 and doc[j - 1].text in (".", "'", "’"))  # "Hon." and "Dato'"
        if t >= 3 and doc[t].text == ")" and doc[t - 2].text == "(" and doc[t - 1].lower_.rstrip(".") in _RETIRED:
            t -= 3  # "Col (Retd) Junaid" + "Akhtar Baloch"
        if t >= 0 and doc[t].lower_.rstrip(".") in _W.short_titles and doc[t].text[:1].isupper():
            start = j
        elif j > 0 and doc[j - 1].text in (",", "(") and start - j == 2:
            start = j  # ", Heloísa Tavares" + "Bezerra,": the given names of an appositive name
    while k - start > 1 and doc[k - 1].lower_.rstrip(".") in _W.person_cues:
        k -= 1  # "Homa Bay Governor": the role is not the name
    return start, k


def _name_word(tok) -> bool:
    """A word that can continue a person's name: capitalised, alphabetic (hyphens inside allowed),
    no role, organisation or place word."""
    low = tok.lower_
    return _name_cased(tok) and tok.pos_ == "PROPN" \
        and low not in _W.person_cues and not org_like(low) and not country_name(tok.text)




#: legal forms, as written and without their dots ('s.a', 'sa', 'ltd', 'a.s', 'as')
LEGAL_FORMS = _W.corp_suffixes | _W.legal_abbreviations | frozenset(
    w.replace(".", "") for w in _W.corp_suffixes | _W.legal_abbreviations)


def _legal_form(tok) -> bool:
    """Whether a token is a legal form, capitalised or dotted: 'Ltd', 'Plc', 'S.A.', 'Pte', 'a.s.'."""
    text = tok.text
    if not (text[:1].isupper() or "." in text[1:]):
        return False
    low = tok.lower_
    return low.replace(".", "") in LEGAL_FORMS or low.rstrip(".") in LEGAL_FORMS


def _name_cased(tok) -> bool:
    """Whether a token is written like a name word: letters (apostrophes and hyphens inside
    allowed), the first a capital and not all capitals: 'Fahy', "Lang'at", "O'Neill", 'Kamau-Odhiambo'."""
    text = tok.text
    return text[:1].isupper() and re.sub(r"['’-]", "", text).isalpha() and (len(text) == 1 or not text.isupper())


def _capitalised_word(tok) -> bool:
    """A capitalised word that can stand in a firm's name: 'Tasman', 'CelestiNet', 'Kamau-Odhiambo'."""
    return tok.text[:1].isupper() and tok.text.replace("-", "").isalpha() and tok.lower_ not in _W.person_cues


def _paren_country(tok) -> bool:
    """Whether a bracketed token names the country of a company's unit ('(PNG)', '(Fiji)') or its
    kind in South Asian names ('Kandyan Fresh (Pvt) Ltd', '(Private) Limited')."""
    return bool(country_name(tok.text)) or tok.is_upper and 2 <= len(tok.text) <= 5 and tok.is_alpha \
        or tok.lower_ in ("pvt", "private", "pte", "pty")


def _extend_org_left(doc: Doc, start: int, end: int) -> int:
    """Start of an organisation's name NER began too late: proper nouns it left out between "the"
    and the name, which modify the name's head ("the Vaito'a" + "Village Council"); not a
    nationality, role or place the parser does not tie to the head."""
    k = start
    while k > 1 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper() and doc[k - 1].ent_type_ == "" \
            and doc[k - 1].dep_ == "compound" and start <= doc[k - 1].head.i < end and doc[k - 1].whitespace_ \
            and doc[k - 1].lower_.rstrip(".") not in _W.person_cues and doc[k - 1].lower_ not in _W.title_words \
            and not is_demonym(doc[k - 1].text) and not doc[k - 1].is_upper:
        k -= 1
    return k if k < start and doc[k - 1].lower_ == "the" else start


def _extend_org(st: _Chunk, start: int, end: int, open_and: bool) -> int:
    """End of an organisation name NER cut short: an 'on/for' tail, a coordinated head, or a
    name running straight on ('Maybank' + 'Kim Eng')."""
    doc = st.doc
    end = _extend_org_tail(doc, start, end)
    end = _extend_coordinated_org(doc, start, end, open_and)
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end - 1].whitespace_ == " " and (
            doc[end].lower_.rstrip(".") in _W.corp_suffixes or doc[end].lower_.rstrip(".") in _W.legal_abbreviations):
        end += 1  # "Hai An Feeder Shipping" + "JSC"
    if end + 1 < len(doc) and doc[end].text == "," and not doc[end - 1].whitespace_ and _legal_form(doc[end + 1]) \
            and doc[end + 1].text[:1].isupper():
        end = _legal_form_end(doc, end + 1)  # "Cementos del Grijalva" + ", S.A. de C.V."
    if end + 1 < len(doc) and doc[end].lower_ == "of" and (doc[end - 1].lower_ in _W.country_bodies or any(
            t.lower_ in _W.org_heads for t in doc[start:end])) and doc[end + 1].ent_iob_ == "B" and doc[end + 1].ent_type_ == "GPE":
        country = next(e for e in doc.ents if e.start == end + 1)
        if country_name(country.text):
            return country.end  # "the Communist Party" + "of Vietnam", "the State Directorate of Highways" + "of Kyrgyzstan"
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end - 1].lower_ in _W.org_heads \
            and doc[end + 1].ent_type_ in ("", "GPE", "LOC", "PERSON") and doc[end + 1].is_title \
            and not (end + 2 < len(doc) and doc[end + 2].ent_iob_ == "I") and doc[end + 1].pos_ == "PROPN" and doc[end].whitespace_ and not (
            end + 2 < len(doc) and doc[end + 2].text[:1].isupper() and doc[end + 1].whitespace_):
        return end + 2  # "the Cocoa Research Institute" + "of Bono": a one-word place NER missed or took for a person
    if end < len(doc) and doc[end].ent_iob_ == "B" and doc[end].ent_type_ == "PERSON" and doc[end - 1].whitespace_ \
            and "\n" not in doc[end - 1].whitespace_ and doc[end - 1].lower_ not in _W.org_heads \
            and end not in st.run_tokens:  # not a person a role names: "Director of Network Services Oisin Brady"
        nxt = next(e for e in doc.ents if e.start == end)
        if not any(t.lower_.rstrip(".") in _W.person_cues for t in nxt):
            st.skip_ent_starts.add(nxt.start)
            return nxt.end
    return end


def _acronym_after(st: _Chunk, start: int, end: int, label: str, inner: Optional[tuple[int, int]]) -> None:
    """Note an acronym defined right after a name, "Full Name (ACR)": inside the entity or as the next tokens."""
    doc = st.doc
    a_start = inner[0] if inner else (end + 1 if end + 1 < len(doc) and doc[end].text == "(" else None)
    if a_start is None or a_start >= len(doc):
        return
    a_end = a_start
    while a_end < len(doc) and doc[a_end].text != ")" and a_end - a_start < 3:
        a_end += 1
    acr = doc[a_start:a_end]
    if acr.text and a_end < len(doc) and doc[a_end].text == ")" and label != PERSON and (
            ACRONYM_RE.match(acr.text.replace(" ", ""))
            or (len(acr) <= 3 and any(t.is_upper and len(t) > 1 for t in acr) and len(acr.text) <= 24)):
        st.acronyms.append((doc[start:end].text, acr.text))
        if inner is not None:
            st.add(acr.start, acr.end, label)






def _platforms(st: _Chunk) -> None:
    """Social networks named as where something was said: "on her Twitter account", "in a
    Facebook post", "said on Telegram" (``platforms`` in the lexicon; NER rarely tags them)."""
    doc = st.doc
    text = doc_text(doc)
    if not any(p in text for p in _W.platforms):
        return
    for t in doc:
        if t.text not in _W.platforms:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in _W.platform_nouns or t.i > 0 and doc[t.i - 1].lower_ in ("on", "via"):
            st.out[:] = [m for m in st.out if m.head_i != t.i]  # NER's label for it, if any ("Twitter" as a person)
            st.add(t.i, t.i + 1, ORG, frozenset({"org"}))


def _missed_the_orgs(st: _Chunk) -> None:
    """Organisations NER missed or took for a place or facility: "the" + capitalised words ending in
    an organisation word ("the Dock and Harbour Workers' Union", "the Environment and Land Court",
    "the Rwanda-Zambia Joint Permanent Commission"), and capitalised
    words ending in a company suffix anywhere ("Tembo Fertiliser Group (Tanzania) – $850 million")."""
    doc = st.doc
    for t in doc[:-2]:
        if t.lower_ != "the":
            continue
        body = doc[t.i + 1]
        if body.is_title and body.lower_ in _W.national_bodies and t.i + 3 < len(doc) and doc[t.i + 2].lower_ == "of":
            country = next((e for e in doc.ents if e.start == t.i + 3 and e.label_ in ("GPE", "ORG")), None) \
                if doc[t.i + 3].ent_iob_ == "B" else (doc[t.i + 3:t.i + 4] if doc[t.i + 3].ent_iob_ == "O" else None)
            if country is not None and country_name(country.text):  # "the Government of Tajikistan" (NER: only
                st.add(t.i + 1, country.end, ORG)  # the country, or nothing: "the Embassy of Türkiye")
                continue
        k = _title_run(doc, t.i + 1, 8)
        if k - t.i > 2 and doc[k - 1].lower_ in _W.org_heads and all(  # "the Iraqi-Jordanian Higher Joint Committee"
                x.ent_type_ in ("", "NORP", "FAC", "GPE", "LOC") for x in doc[t.i + 1:k]) \
                and not any(x.lower_.rstrip(".") in _W.person_cues for x in doc[t.i + 1:k - 1]):
            st.add(t.i + 1, k, ORG)
    i = 0
    while i < len(doc) - 1:
        t = doc[i]
        if not t.is_title or i > 0 and (doc[i - 1].is_title or doc[i - 1].lower_ == "the") or t.is_stop \
                or t.pos_ != "PROPN":  # not "Shares of Teratai Aviation Group closed ..."
            i += 1
            continue
        k = _title_run(doc, i, 5)
        if k - i >= 2 and doc[k - 1].lower_.rstrip(".") in _W.corp_suffixes and all(
                x.ent_type_ in ("", "ORG") for x in doc[i:k]) and not any(
                x.lower_.rstrip(".") in _W.person_cues for x in doc[i:k - 1]):
            st.add(i, k, ORG)
        i = max(k, i + 1)


def _outermost(mentions: list[EntityMention]) -> list[EntityMention]:
    """Mentions sorted by start, without those swallowed by a longer one (coordinated names joined)."""
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[EntityMention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end and m.end <= kept[-1].end:
            continue
        kept.append(m)
    return kept
