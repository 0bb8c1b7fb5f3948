"""Actor finding: who commits, as references into the Doc (resolved later against the article).

A reference is a dict with ``text``/``start``/``end`` (character offsets local to the Doc)
and a ``kind``: ``name`` (an entity or proper noun, mapped to the article's entities
later), ``pron`` (we, it, they, he ...), ``def`` (the bank, its ministry, our company:
``head`` is the noun's lemma, ``det`` the determiner), ``group`` (the two sides, both
countries, five governments: ``n`` members if stated), ``text`` (a plain phrase) or
``speaker`` (the speaker stands in). Pronouns, descriptions and groups are resolved
against the whole article by :mod:`pipeline.record.resolve`.
"""

from __future__ import annotations

from typing import NamedTuple, Optional, TYPE_CHECKING


from pipeline.nlp.commitments.parse import (EntityIndex, children, conjuncts, contiguous, np_modifiers, phrase,
                                            ref, span_text)
from pipeline.nlp.commitments.patterns import Patterns
from pipeline.nlp.commitments.quotes import QuoteSpeakers

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc, Span, Token

_DESCRIPTION_DETS = ("the", "its", "our", "his", "her", "their", "this", "that")
#: determiners that make a group definite ("the two sides", "both countries"): it stands for
#: actors named elsewhere; without one ("More than 20 nations", "Forty donors") it is itself the actor
_DEFINITE = frozenset({"the", "both", "these", "those", "our", "their", "its", "his", "her", "this", "that", "all", "each"})
_GROUP_MODS = ("det", "nummod", "predet", "poss", "quantmod")
_NOT_NAMES = ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL")


class Context(NamedTuple):
    """What the actor and field finders read besides the parse: the lexicon and the Doc's entities."""

    p: Patterns
    ents: EntityIndex
    #: the speakers of the Doc's quotations (:mod:`pipeline.nlp.commitments.quotes`), if looked up
    quotes: Optional[QuoteSpeakers] = None


class Subject(NamedTuple):
    """The subject of a clause: its token, whether the clause is passive, and how it was found
    ("subj", or "relcl" for the antecedent of a relative pronoun)."""

    token: Optional[Token]
    passive: bool
    via: Optional[str]


def ent_actor(ent: Span) -> dict:
    """The reference of an entity span, without a leading 'the', a possessive or a '(...)' tail."""
    toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.tag_ != "POS"]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        toks = list(ent)
    doc = ent.doc
    span = doc[toks[0].i:toks[-1].i + 1]
    if "(" in span.text:
        cut = [t for t in span if t.text == "("][0]
        span = doc[span.start:cut.i] if cut.i > span.start else span
    return {"text": span.text, "start": span.start_char, "end": span.end_char, "label": ent.label_, "kind": "name"}


def actors_from_np(cx: Context, head: Token) -> tuple[list[dict], bool]:
    """Actor references of the noun phrase headed by ``head`` and its conjuncts, and whether any
    is indirect (a pronoun, description or group to resolve against the article)."""
    if head.pos_ == "NOUN" and head.lemma_.lower() in cx.p.intent_nouns and children(head, "poss"):
        return actors_from_np(cx, children(head, "poss")[0])  # "Our aim is to ...": the owner acts
    actors, indirect = [], False
    heads = [head]
    if head.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "PROPN":  # "A, B and C signed": the parser may
        heads = sorted([head] + [c for c in head.head.children if c.dep_ == head.dep_ and c is not head  # give two subjects
                                 and c.pos_ == "PROPN"], key=lambda t: t.i)
    for tok in [t for h in heads for t in conjuncts(h)]:
        found, ind = _conjunct_actor(cx, tok)
        actors += found
        indirect = indirect or ind
    out, seen = [], set()
    for a in actors:  # de-duplicated by text
        if a["text"] and a["text"].lower() not in seen:
            seen.add(a["text"].lower())
            out.append(a)
    return out, indirect


def _conjunct_actor(cx: Context, tok: Token) -> tuple[list[dict], bool]:
    """References one conjunct of a subject names, and whether they are indirect."""
    ent = cx.ents.of(tok)
    if ent is not None and ent.label_ != "NORP":
        return [ent_actor(ent)], False
    low = tok.lower_
    if tok.is_upper and len(tok.text) > 1 and tok.is_alpha and low not in ("we", "it", "us"):
        return [ref(tok, tok, "name")], False  # "WHO will provide": an acronym, not a pronoun
    if tok.pos_ == "PRON" or low in ("we", "they", "it", "he", "she", "i", "us"):
        return ([ref(tok, tok, "pron")], True) if low in cx.p.pronouns else ([], False)
    if low in cx.p.non_actor_pronouns:
        return [], False
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN") and (low in cx.p.actor_nouns or lemma in cx.p.actor_nouns
                                          or low in cx.p.group_nouns):
        return _actor_noun(cx, tok)
    named = _named_in_apposition(cx, tok) if tok.pos_ == "NOUN" else []
    if named:  # "The concessionaire Via Sul signed ..."
        return named, False
    if tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ not in _NOT_NAMES \
            and not any(t.lower_ == low and t.is_lower for t in tok.doc):
        # an unlabelled proper noun subject ("Roscosmos will ..."), not a capitalised common
        # word the article also writes in lower case ("Trade between the two countries ...")
        s = contiguous([t for t in tok.subtree if t.dep_ in ("compound", "flat") or t.i == tok.i])
        return [ref(s[0], s[-1], "name")], False
    return [], False


#: participles that name the members of a group noun: "a consortium led by X and Y"
_MEMBERSHIP = frozenset({"lead", "form", "comprise", "include", "make", "compose", "consist"})


def _members(cx: Context, tok: Token) -> list[dict]:
    """The named members of a group noun ("the consortium led by Permata Infra Bhd and Japan's
    Hikari Water Systems", "a group made up of X, Y and Z"); [] if it names none."""
    out = []
    for acl in children(tok, "acl"):
        if acl.lemma_.lower() not in _MEMBERSHIP:
            continue
        heads = [g for c in acl.children if c.dep_ in ("agent", "prep") for g in children(c, "pobj")]
        heads += [g for p in children(acl, "prt") for c in p.children for g in ([c] if c.dep_ == "pobj" else [])]
        heads += children(acl, "dobj")
        for h in heads:
            for c in conjuncts(h):
                ent = cx.ents.of(c)
                if ent is not None and ent.label_ in ("ORG", "GPE", "PERSON"):
                    out.append(ent_actor(ent))
    return out if len(out) >= 2 else []


def _named_in_apposition(cx: Context, tok: Token) -> list[dict]:
    """The name right after a common noun, in apposition: "the Bolivian state company
    [Yacimientos Energéticos del Sur]", "The concessionaire [Via Sul]", "the utility, [Aguas
    Australes],"; [] if none."""
    doc = tok.doc
    named = [a for a in children(tok, "appos") if a.pos_ == "PROPN" and a.is_title and (
        a.left_edge.i == tok.i + 1 or a.left_edge.i == tok.i + 2 and doc[tok.i + 1].text == ",")]
    if len(named) != 1:
        return []
    ent = cx.ents.of(named[0])
    if ent is not None and ent.label_ != "NORP":
        return [ent_actor(ent)]
    run = contiguous([t for t in named[0].subtree if t.dep_ in ("compound", "flat") or t.i == named[0].i])
    return [ref(run[0], run[-1], "name")]


def _actor_noun(cx: Context, tok: Token) -> tuple[list[dict], bool]:
    """An actor noun: its named members ("the consortium led by X and Y"), the entities inside it
    ("China's foreign ministry"), a group ("the two sides"), a description ("the bank", "its
    ministry"), or a proper noun."""
    members = _members(cx, tok)
    if members:
        return members, False
    if tok.lemma_.lower() in ("family", "clan", "dynasty") and any(
            cx.ents.of(t) is not None and cx.ents.of(t).label_ == "PERSON" for t in np_modifiers(tok)):
        first = min(t for t in np_modifiers(tok) if cx.ents.of(t) is not None and cx.ents.of(t).label_ == "PERSON")
        return [dict(ref(first, tok, "group"), head=tok.lemma_.lower(), n=None, definite=False)], True
        # "the founding Ivanov family": the Ivanov family, not the Ivanov the story names
    inner = [cx.ents.of(t) for t in np_modifiers(tok) if t.i != tok.i]
    # a nationality names the actor only for a state's bodies ("the Liberian side"), not a firm's
    # ("the Indonesian firm" is a company of that country)
    national = tok.lemma_.lower() in cx.p.national_heads
    indefinite = any(c.lower_ in ("a", "an") for c in children(tok, "det"))  # "A Newcastle family": the family
    inner = [e for e in inner if e is not None and e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
             and (e.label_ != "NORP" or national and len(inner) == 1)
             and not (indefinite and e.label_ in ("GPE", "LOC", "NORP"))]
    if inner:
        out, seen = [], set()
        written_as = tok.doc[tok.left_edge.i:tok.i + 1].text  # "the Liberian side", "China's foreign ministry"
        for e in inner:
            if e.start not in seen:
                seen.add(e.start)
                out.append(dict(ent_actor(e), phrase=written_as))
        return out, False
    listed = [cx.ents.of(t) for a in children(tok, "appos") for t in conjuncts(a)]
    if len([e for e in listed if e is not None]) >= 2:  # "Five countries - Morocco, Tunisia and Spain -"
        return [ent_actor(e) for e in dict.fromkeys(e for e in listed if e is not None)], False
    named = _named_in_apposition(cx, tok)
    if named:
        return named, False
    low, lemma = tok.lower_, tok.lemma_.lower()
    mods = {c.lower_ for c in tok.children if c.dep_ in _GROUP_MODS}
    first = min([c for c in tok.children if c.dep_ in _GROUP_MODS + ("amod",)] + [tok], key=lambda t: t.i)
    plural = tok.tag_ in ("NNS", "NNPS") or low in ("sides", "parties")
    counted = any(c.dep_ == "nummod" for c in tok.children)  # "Forty donors", "More than 20 nations"
    definite = bool(mods & _DEFINITE) or bool(children(tok, "poss"))
    # a counted or qualified group, or an indefinite description, the article names nobody for is
    # the actor as written: "More than 20 nations", "Charitable foundations", "Donors meeting in
    # Geneva", "A Newcastle philanthropic family"; a bare plural ("investors") is left to resolution
    for pr in children(tok, "prep"):  # "Energy ministers from the two countries": the countries
        if pr.lower_ in ("from", "of"):
            for pobj in children(pr, "pobj"):
                if pobj.tag_ in ("NNS", "NNPS") and pobj.lemma_.lower() in cx.p.country_like_sides:
                    found, ind = _actor_noun(cx, pobj)
                    if found and found[0].get("kind") == "group" and found[0].get("definite"):
                        return found, ind
    qualified = counted or bool(children(tok, "amod", "nmod", "quantmod", "compound", "acl", "prep"))
    if plural and not definite and qualified or not plural and mods & {"a", "an"}:
        toks = contiguous(phrase(tok, drop_deps=("relcl", "acl", "punct", "appos", "advcl", "parataxis", "conj", "cc")))
        return [dict(ref(toks[0], toks[-1], "group"), head=lemma, n=None, definite=False)], True
    if plural and (low in cx.p.group_nouns or lemma in cx.p.group_nouns or mods & cx.p.numbers.keys() or counted
                   or "both" in mods or low in ("signatories", "partners", "members")):
        n = next((cx.p.numbers[m] for m in mods if m in cx.p.numbers), None)
        # bare: no determiner at all ("Organisers said they ..."): as a speaker, the phrase itself
        return [dict(ref(first, tok, "group"), head=lemma, n=n, definite=True, bare=not mods)], True
    if mods & {"neither", "either", "each"} and lemma in cx.p.country_like_sides:  # "Neither side will ..."
        return [dict(ref(first, tok, "group"), head=lemma, n=2, definite=True)], True
    det = next((m for m in mods if m in _DESCRIPTION_DETS), None)
    if det is not None:
        return [dict(ref(first, tok, "def"), head=lemma, det=det)], True
    if tok.pos_ == "PROPN":
        return [ref(tok, tok, "name")], False
    return [], False


def subject(cx: Context, verb: Token) -> Subject:
    """The subject of ``verb``'s clause, following conj/xcomp/relcl up the tree."""
    v = verb
    if v.pos_ == "NOUN" and (v.lemma_.lower() in cx.p.intent_nouns or v.lemma_.lower() in cx.p.plan_nouns):
        poss = children(v, "poss")
        if poss:
            return Subject(poss[0], False, "subj")  # "Tesla's plan to build"
        if v.dep_ == "dobj" and v.head.lemma_.lower() in cx.p.presenting_verbs:
            return subject(cx, v.head)  # "The company announced plans to invest": the company
        return Subject(None, False, None)
    for _ in range(6):
        subj = children(v, "nsubj", "nsubjpass", "csubj")
        if subj:
            s = subj[0]
            if s.lower_ in ("which", "that", "who") and v.dep_ == "relcl":
                return Subject(v.head, s.dep_ == "nsubjpass", "relcl")
            return Subject(s, s.dep_ == "nsubjpass", "subj")
        if v.dep_ in ("conj", "xcomp", "acomp") and v.head.pos_ in ("VERB", "AUX", "ADJ"):
            v = v.head  # "is ready to invest": the subject of 'is'
            continue
        if v.dep_ == "relcl":
            return Subject(v.head, False, "relcl")
        return Subject(None, False, None)
    return Subject(None, False, None)


def passive_agent(verb: Token) -> Optional[Token]:
    """The agent of a passive ("will be launched by China and Russia" -> China)."""
    for c in verb.children:
        if c.dep_ == "agent":
            objs = children(c, "pobj")
            if objs:
                return objs[0]
    return None


def speaker(cx: Context, verb: Token, sent: Span) -> Optional[list[dict]]:
    """References of who is reported as saying the clause of ``verb`` ('said Wu', 'according to X')."""
    v = verb
    for _ in range(6):
        if v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in cx.p.reporting_verbs:
            return reporter(cx, v.head)
        if v.dep_ == "ROOT":
            # quoted statement followed by "he said" as a sibling clause
            for c in v.children:
                if c.dep_ in ("parataxis", "conj") and c.lemma_.lower() in cx.p.reporting_verbs and c.i > verb.i:
                    subj = children(c, "nsubj")
                    if subj:
                        actors, _ = actors_from_np(cx, subj[0])
                        if actors:
                            return actors[:1]
            break
        v = v.head
    said = _according_to(cx, sent)
    if said is None and cx.quotes is not None:  # a quotation's later sentence: its speaker is named once
        said = cx.quotes.at(verb.idx)
    return said


def reporter(cx: Context, say: Token) -> Optional[list[dict]]:
    """The subject of a reporting verb, as actor references or a plain phrase; None without one."""
    doc = say.doc
    subj = children(say, "nsubj")
    if not subj:
        return None
    for appos in children(subj[0], "appos"):  # "the acting chief executive, Dr. Wanjiru Kamau, said"
        ent = cx.ents.of(appos)
        if ent is not None and ent.label_ == "PERSON":
            return [ent_actor(ent)]
    actors, _ = actors_from_np(cx, subj[0])
    if actors:
        return actors
    if subj[0].pos_ in ("NOUN", "PROPN"):
        toks = contiguous([t for t in subj[0].subtree if t.dep_ not in ("appos", "relcl", "acl", "punct")])
        return [dict(ref(toks[0], toks[-1], "text"), text=span_text(doc, toks))] if toks else None
    return None


def _according_to(cx: Context, sent: Span) -> Optional[list[dict]]:
    """The source of an 'according to X' in the sentence."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            objs = children(tok.doc[tok.i + 1], "pobj") or children(tok, "pobj")
            if objs:
                ent = cx.ents.of(objs[0])
                if ent is not None:
                    return [ent_actor(ent)]
                toks = contiguous(list(objs[0].subtree))
                return [dict(ref(toks[0], toks[-1], "text"), text=span_text(tok.doc, toks))]
    return None


def actor_groups(cx: Context, doc: Doc, found: list) -> list[tuple[int, list[dict]]]:
    """Sets of two or more named actors the article introduces together, with their position
    (character offset local to the Doc), in order.

    Coordinations ("Kenya and Ethiopia", "Niger, Mali, Chad and Mauritania") and the parties to
    an agreement ("X signed a contract with Y"): what "the two sides" or "both countries" can
    refer to later. ``found``: the Doc's commitments (:class:`pipeline.nlp.commitments.Found`).
    """
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "GPE", "PERSON") or ent.root.dep_ == "conj":
            continue
        members = [ent] + [cx.ents.of(c) for c in conjuncts(ent.root)[1:]]
        members = [m for m in members if m is not None and m.label_ in ("ORG", "GPE", "PERSON")]
        if len(members) > 1:
            out.append((ent.start_char, [ent_actor(m) for m in members]))
    for f in found:
        direct = [a for a in f.actors if a.get("kind") == "name"]
        if f.category == "agreement" and (f.partners or len(direct) > 2):  # "A, B and C signed a coalition deal"
            if direct:  # at the verb: after a coordination of only some of them in the same sentence
                out.append((doc[f.verb_i].idx if len(direct) > 2 else f.sent_start,
                            direct + [q for q in f.partners if q.get("start") is not None]))
    out.sort(key=lambda g: g[0])
    return out
