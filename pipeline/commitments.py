"""Commitment finding on the dependency parse (SPEC section 4).

A commitment is anchored on a verb and needs three things from the parse:

1. a *cue*: a future auxiliary ("will build"), a control verb with an infinitive
   ("pledged to build", "plans to launch", "is set to host"), a commissive verb with
   an object ("pledged $2 billion", "invited all countries"), an agreement verb with
   an agreement noun ("signed a memorandum"), or a refusal/withdrawal (negated);
2. an *agentive actor*: the subject (every conjunct), the passive agent ("will be
   launched by China and Russia"), the antecedent of a relative pronoun, or a
   group/pronoun/definite description ("the two sides", "we", "the company")
   resolved to actors named earlier in the article;
3. none of the exclusions: hypothetical auxiliaries without a commissive verb,
   conditions ("if"), questions, forecasts and descriptions (non-agentive subjects).

Coordinated actions ("will issue a roadmap ... and clarify the procedures") share
the cue and subject of their head and are separate commitments.

The cue lexicon lives in ``patterns/commitments.json``; the component that runs
this over a Doc is registered in :mod:`pipeline.components`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from pipeline.segment import doc_text

ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC"}
_PRONOUNS = {"we", "us", "our", "i", "me", "my", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their"}
_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}


#: nouns of intention whose owner is the actor: "Our aim is to protect ...", "Tesla's plan to build ..."
_INTENT_NOUNS = {"aim", "goal", "plan", "intention", "target", "ambition", "objective", "commitment", "pledge",
                 "promise", "priority", "mission", "bid", "decision", "offer", "proposal"}


def _lemma_in(tok, known) -> str:
    """The token's lemma, or a plain inflection-stripped form when the lemmatizer missed it
    ('hopes' -> 'hop' in the small model) and the stripped form is a known cue."""
    lemma = tok.lemma_.lower()
    if lemma in known:
        return lemma
    low = tok.lower_
    for suffix, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and low[: -len(suffix)] + add in known:
            return low[: -len(suffix)] + add
    return lemma


def _ref(first, last, kind: str) -> dict:
    """An actor reference covering tokens ``first``..``last`` of their Doc."""
    doc = first.doc
    return {"text": doc[first.i:last.i + 1].text, "start": first.idx, "end": last.idx + len(last.text), "kind": kind}


@dataclass
class Patterns:
    future_aux: set
    hypothetical_aux: set
    control_verbs: dict
    negating_control_verbs: set
    commissive_verbs: dict
    agreement_verbs: set
    agreement_nouns: set
    withdraw_verbs: set
    offer_verbs: set
    offer_adjectives: set
    reporting_verbs: set
    actor_nouns: set
    group_nouns: set
    org_nouns: set
    place_nouns: set
    non_actor_pronouns: set
    partner_nouns: set
    stative_verbs: set
    reaction_verbs: set

    @classmethod
    def load(cls, path: Optional[str] = None) -> "Patterns":
        if path:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        else:
            data = json.loads(resources.files("pipeline").joinpath("patterns/commitments.json").read_text("utf-8"))
        kw = {}
        for name, typ in cls.__annotations__.items():
            v = data[name]
            kw[name] = ({k: tuple(x) for k, x in v.items() if not k.startswith("_")} if isinstance(v, dict)
                        else {x for x in v if not x.startswith("_")})
        return cls(**kw)


@dataclass
class Found:
    """One commitment, with character offsets local to its Doc."""

    verb_i: int
    action: str
    object: str
    partners: list  # references (dicts with "text", "start", "end", "kind")
    actors: list  # references, resolved against the article by pipeline.resolve
    category: str
    modality: str
    negated: bool
    speaker: Optional[list]  # references of who said it
    when: Optional[tuple]  # (start_char, end_char) of the date span
    sent_start: int
    sent_end: int
    confidence: float
    cue: str = ""


# --------------------------------------------------------------------------- small parse helpers


def _children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def _aux_lemmas(tok) -> list[str]:
    return [c.lower_ if c.lower_ in ("'ll", "wo") else c.lemma_.lower() for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _is_negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ in ("aux",) and c.lower_ in ("wo", "won't") for c in tok.children)


def _span_text(doc, toks) -> str:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].dep_ in ("cc", "prep") and toks[0].i == toks[0].head.i):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks:
        return ""
    return doc[toks[0].i:toks[-1].i + 1].text


def _phrase(tok, drop_deps=("relcl", "acl", "punct", "appos", "advcl", "parataxis")) -> list:
    """tok's subtree without relative clauses, 'with' phrases and clause-level attachments."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in drop_deps or (c.dep_ == "prep" and c.lower_ in ("with", "by", "at", "in", "on", "during", "from", "after", "before")):
            continue
        if c.dep_ == "prep" and c.lower_ not in ("of", "for", "to", "between", "on") :
            continue
        out.extend(_phrase(c, drop_deps) if c.dep_ != "conj" else list(c.subtree))
    return out


def _contiguous(toks):
    toks = sorted(toks, key=lambda t: t.i)
    if not toks:
        return toks
    run = [toks[0]]
    for t in toks[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run


def _np_tokens(tok) -> list:
    """Tokens of a noun phrase's modifiers: compounds, possessives, adjectives and 'of' phrases."""
    out = []
    for c in tok.children:
        if c.dep_ in ("compound", "poss", "amod", "nmod", "conj") or (c.dep_ == "prep" and c.lower_ == "of") or c.dep_ == "pobj":
            out.append(c)
            out.extend(_np_tokens(c))
    return out


def _conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


# --------------------------------------------------------------------------- the finder


class CommitmentFinder:
    """Finds commitments in a parsed Doc. Stateless across docs; context is per doc."""

    def __init__(self, patterns: Patterns):
        self.p = patterns
        self._ents = None

    # ---- actors -----------------------------------------------------------------

    def _ent_of(self, tok):
        """The actor entity span holding ``tok`` (token -> span map built once per Doc)."""
        if tok.ent_type_ not in ACTOR_ENTS:
            return None
        doc = tok.doc
        if self._ents is None or self._ents[0] is not doc:
            self._ents = (doc, {i: e for e in doc.ents for i in range(e.start, e.end)})
        return self._ents[1].get(tok.i)

    def forget(self) -> None:
        """Drop the per-Doc entity map (call when done with a Doc: Docs die with their memory zone)."""
        self._ents = None

    def _actors_from_np(self, head, ctx=None) -> tuple[list, bool]:
        """Actor references of a noun phrase headed by ``head`` (and its conjuncts). (refs, indirect).

        A reference is a dict with ``text``/``start``/``end`` (character offsets in the Doc) and a
        ``kind``: ``name`` (an entity or proper noun, mapped to the article's entities later),
        ``pron`` (we, it, they, he ...), ``def`` (the bank, its ministry, our company: ``head`` is the
        noun's lemma, ``det`` the determiner) or ``group`` (the two sides, both countries, five
        governments: ``n`` members if stated). Pronouns, descriptions and groups are resolved
        against the whole article by :mod:`pipeline.resolve`.
        """
        actors, indirect = [], False
        if head.pos_ == "NOUN" and head.lemma_.lower() in _INTENT_NOUNS and _children(head, "poss"):
            return self._actors_from_np(_children(head, "poss")[0])  # "Our aim is to ...": the owner acts
        for tok in _conjuncts(head):
            ent = self._ent_of(tok)
            if ent is not None and ent.label_ != "NORP":
                actors.append(self._ent_actor(ent))
                continue
            low = tok.lower_
            if tok.is_upper and len(tok.text) > 1 and tok.is_alpha and low not in ("we", "it", "us"):
                actors.append(_ref(tok, tok, "name"))  # "WHO will provide": an acronym, not a pronoun
                continue
            if tok.pos_ == "PRON" or low in ("we", "they", "it", "he", "she", "i", "us"):
                if low in _PRONOUNS:
                    actors.append(_ref(tok, tok, "pron"))
                    indirect = True
                continue
            if low in self.p.non_actor_pronouns:
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("NOUN", "PROPN") and (low in self.p.actor_nouns or lemma in self.p.actor_nouns
                                                  or low in self.p.group_nouns):
                # entities inside the phrase: "China's foreign ministry", "Russian airspace authorities"
                inner = [self._ent_of(t) for t in _np_tokens(tok) if t.i != tok.i]
                inner = [e for e in inner if e is not None and e.label_ != "NORP" or (e is not None and len(inner) == 1)]
                if inner:
                    seen = set()
                    for e in inner:
                        if e.start not in seen:
                            seen.add(e.start)
                            actors.append(self._ent_actor(e))
                    continue
                mods = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet", "poss", "quantmod")}
                first = min([c for c in tok.children if c.dep_ in ("det", "nummod", "predet", "poss", "amod")] + [tok],
                            key=lambda t: t.i)
                plural = tok.tag_ in ("NNS", "NNPS") or low in ("sides", "parties")
                if plural and (low in self.p.group_nouns or lemma in self.p.group_nouns or mods & _NUMBERS.keys()
                               or "both" in mods or low in ("signatories", "partners", "members")):
                    n = next((_NUMBERS[m] for m in mods if m in _NUMBERS), None)
                    actors.append(dict(_ref(first, tok, "group"), head=lemma, n=n))
                    indirect = True
                    continue
                det = next((m for m in mods if m in ("the", "its", "our", "his", "her", "their", "this", "that")), None)
                if det is not None:
                    actors.append(dict(_ref(first, tok, "def"), head=lemma, det=det))
                    indirect = True
                    continue
                if tok.pos_ == "PROPN":
                    actors.append(_ref(tok, tok, "name"))
            elif tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL") \
                    and not any(t.lower_ == low and t.is_lower for t in tok.doc):
                # an unlabelled proper noun subject ("Roscosmos will ..."), not a capitalised common
                # word the article also writes in lower case ("Trade between the two countries ...")
                sub = [t for t in tok.subtree if t.dep_ in ("compound", "flat") or t.i == tok.i]
                s = _contiguous(sub)
                actors.append(_ref(s[0], s[-1], "name"))
        # de-duplicate by text
        out, seen = [], set()
        for a in actors:
            if a["text"] and a["text"].lower() not in seen:
                seen.add(a["text"].lower())
                out.append(a)
        return out, indirect

    @staticmethod
    def _ent_actor(ent) -> dict:
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

    def _subject(self, verb):
        """(subject token, passive, via) for a verb, following conj/xcomp/relcl up the tree."""
        v = verb
        if v.pos_ == "NOUN" and v.lemma_.lower() in _INTENT_NOUNS:
            poss = _children(v, "poss")
            return (poss[0], False, "subj") if poss else (None, False, None)  # "Tesla's plan to build"
        for _ in range(6):
            subj = _children(v, "nsubj", "nsubjpass", "csubj")
            if subj:
                s = subj[0]
                if s.lower_ in ("which", "that", "who") and v.dep_ == "relcl":
                    return v.head, s.dep_ == "nsubjpass", "relcl"
                return s, s.dep_ == "nsubjpass", "subj"
            if v.dep_ in ("conj", "xcomp", "acomp") and v.head.pos_ in ("VERB", "AUX", "ADJ"):
                v = v.head  # "is ready to invest": the subject of 'is'
                continue
            if v.dep_ == "relcl":
                return v.head, False, "relcl"
            return None, False, None
        return None, False, None

    def _agents(self, verb):
        for c in verb.children:
            if c.dep_ == "agent":
                objs = _children(c, "pobj")
                if objs:
                    return objs[0]
        return None

    # ---- cues -------------------------------------------------------------------

    def _future_of(self, verb) -> Optional[str]:
        """The future/hypothetical auxiliary governing ``verb`` (own or inherited through conj)."""
        v = verb
        for _ in range(4):
            aux = _aux_lemmas(v)
            for a in aux:
                if a in self.p.future_aux:
                    return "will"
                if a in self.p.hypothetical_aux:
                    return a
            if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX") and not _children(v, "nsubj", "nsubjpass"):
                v = v.head
                continue
            break
        return None

    def _reported_would(self, verb) -> bool:
        """'said it would build': backshifted will under a past reporting verb."""
        v = verb
        while v.dep_ == "conj":
            v = v.head
        return v.dep_ == "ccomp" and v.head.lemma_.lower() in self.p.reporting_verbs

    def _controller(self, verb):
        """The control word for an infinitive: 'pledged to build' -> pledged, 'is set to' -> set."""
        if verb.dep_ == "xcomp" or (verb.dep_ in ("acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
            return verb.head
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "to" and verb.head.head.lemma_.lower() in self.p.control_verbs:
            return verb.head.head  # "committed to keeping the ward open"
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and verb.tag_ == "VB" and not _children(verb, "nsubj", "nsubjpass"):
            return self._controller(verb.head)  # "commit to guarantee X and to refrain from Y"
        return None

    def classify(self, verb):
        """(cue, category, modality, negated, action_token) or None for a candidate verb."""
        p = self.p
        lemma = verb.lemma_.lower()
        neg = _is_negated(verb)
        # 1. infinitive governed by a control word: the infinitive is the action
        ctrl = self._controller(verb)
        if ctrl is not None:
            cl = _lemma_in(ctrl, p.control_verbs)
            if ctrl.lower_ in ("ready", "willing", "determined", "committed", "poised", "due", "eager", "keen"):
                cl = ctrl.lower_
            if cl in p.negating_control_verbs:
                if lemma in p.reporting_verbs or lemma in ("comment", "elaborate", "specify", "discuss", "answer"):
                    return None  # "declined to comment" binds no one
                if self._future_of(ctrl) in p.hypothetical_aux:
                    return None  # "they can refuse to talk": a possibility, not a refusal
                return ("refuse", "pledge", "firm", True, verb)
            if cl in p.control_verbs:
                cat, mod = p.control_verbs[cl]
                if cl == "be" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                    return None
                if cl == "go" and ctrl.tag_ != "VBG":
                    return None
                if cl in ("expect", "hope") and _children(ctrl, "dobj"):
                    return None  # "expects revenues to rise": a forecast about others
                if cl == "set" and ctrl.tag_ != "VBN":
                    return None
                fut = self._future_of(ctrl)
                if fut in p.hypothetical_aux and not self._reported_would(ctrl):
                    return None
                cue_neg = _is_negated(ctrl) or neg
                if cl == "be" and any(c.lemma_.lower() in _INTENT_NOUNS - {"commitment", "pledge", "promise", "decision"}
                                      for c in _children(ctrl, "nsubj")):
                    cat, mod = "plan", "intent"  # "Our aim is to protect ..."
                return (cl, cat, mod, cue_neg, verb)
            return None
        # 2. agreement verbs with an agreement noun (any tense)
        objs = _children(verb, "dobj") + [o for pr in _children(verb, "prep") if pr.lower_ in ("into", "on", "to") for o in _children(pr, "pobj")]
        obj_nouns = {o.lemma_.lower() for o in objs} | {c.lemma_.lower() for o in objs for c in o.children if c.dep_ == "compound"}
        if lemma in p.agreement_verbs and obj_nouns & p.agreement_nouns:
            fut = self._future_of(verb)
            if fut in p.hypothetical_aux and not self._reported_would(verb):
                return None
            return ("agreement", "agreement", "firm", neg, verb)
        # 3. withdrawal from an agreement: "pulled out of the accord"
        if lemma in p.withdraw_verbs:
            preps = [o for pr in verb.children if pr.dep_ in ("prep", "prt") for o in list(pr.children) + [pr]]
            nouns = {t.lemma_.lower() for pr in preps for t in pr.subtree}
            if nouns & p.agreement_nouns:
                return ("withdraw", "agreement", "firm", True, verb)
        # 4. commissive verbs with an object: "pledged $2 billion", "invited all countries"
        if lemma in p.reaction_verbs and verb.tag_ == "VBD":
            return None  # "welcomed the deal": a reaction, not an offer
        if lemma in p.commissive_verbs and not (_children(verb, "xcomp") and lemma in p.control_verbs) and (objs or _children(verb, "dative", "ccomp")):
            fut = self._future_of(verb)
            if fut in p.hypothetical_aux and not self._reported_would(verb):
                return None
            cat, mod = p.commissive_verbs[lemma]
            return (lemma, cat, mod, neg, verb)
        # 5. plain future of an agentive actor
        fut = self._future_of(verb)
        if fut == "will" or (fut == "would" and self._reported_would(verb)):
            if lemma in p.stative_verbs:
                return None  # "will have 9 million customers", "the region will feel the effect"
            if verb.lemma_ == "be":
                acomp = _children(verb, "acomp")
                if not acomp:
                    return None  # "will be a large project": a description
                offer = acomp[0].lemma_.lower() in p.offer_adjectives and any(
                    c.dep_ == "prep" and c.lower_ == "to" for c in acomp[0].children)
                cat = "offer" if offer else "pledge"
                return ("will", cat, "firm", neg, verb)
            cat = "offer" if lemma in p.offer_verbs else "pledge"
            return ("will", cat, "firm", neg, verb)
        return None

    # ---- extras -----------------------------------------------------------------

    def _speaker(self, verb, sent) -> Optional[list]:
        """References of who is reported as saying the clause of ``verb`` ('said Wu', 'according to X')."""
        v = verb
        for _ in range(6):
            if v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in self.p.reporting_verbs:
                subj = _children(v.head, "nsubj")
                if subj:
                    actors, _ = self._actors_from_np(subj[0])
                    if actors:
                        return actors
                    if subj[0].pos_ in ("NOUN", "PROPN"):
                        toks = _contiguous([t for t in subj[0].subtree if t.dep_ not in ("appos", "relcl", "acl", "punct")])
                        return [dict(_ref(toks[0], toks[-1], "text"), text=_span_text(verb.doc, toks))] if toks else None
                return None
            if v.dep_ == "ROOT":
                # quoted statement followed by "he said" as a sibling clause
                for c in v.children:
                    if c.dep_ in ("parataxis", "conj") and c.lemma_.lower() in self.p.reporting_verbs and c.i > verb.i:
                        subj = _children(c, "nsubj")
                        if subj:
                            actors, _ = self._actors_from_np(subj[0])
                            if actors:
                                return actors[:1]
                break
            v = v.head
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                objs = _children(tok.doc[tok.i + 1], "pobj") or _children(tok, "pobj")
                if objs:
                    ent = self._ent_of(objs[0])
                    if ent is not None:
                        return [self._ent_actor(ent)]
                    toks = _contiguous(list(objs[0].subtree))
                    return [dict(_ref(toks[0], toks[-1], "text"), text=_span_text(tok.doc, toks))]
        return None

    def _object(self, action_tok):
        doc = action_tok.doc
        for dep in ("dobj", "attr", "acomp", "oprd"):
            objs = _children(action_tok, dep)
            if objs:
                return _span_text(doc, _contiguous(_phrase(objs[0])))
        xs = _children(action_tok, "xcomp")
        if xs:
            return _span_text(doc, _contiguous(_phrase(xs[0])))
        return ""

    def _partners(self, action_tok):
        out = []
        cands = [action_tok] + _children(action_tok, "dobj")
        for c in cands:
            for pr in c.children:
                if pr.dep_ == "prep" and pr.lower_ == "with":
                    for pobj in _children(pr, "pobj"):
                        for conj in _conjuncts(pobj):
                            if not self._actor_like(conj):
                                continue
                            ent = self._ent_of(conj)
                            if ent is not None and ent.label_ != "NORP":
                                out.append(self._ent_actor(ent))
                                continue
                            toks = _contiguous(_phrase(conj, drop_deps=("relcl", "acl", "punct", "appos", "conj", "cc")))
                            text = _span_text(action_tok.doc, toks)
                            if text:
                                out.append(dict(_ref(toks[0], toks[-1], "text"), text=text))
        return out

    def _actor_like(self, tok) -> bool:
        """A token that can name a party: an entity, a proper noun, or an actor/group noun."""
        if tok.ent_type_ in ACTOR_ENTS or tok.pos_ == "PROPN":
            return True
        lemma = tok.lemma_.lower()
        return lemma in self.p.actor_nouns or tok.lower_ in self.p.group_nouns or lemma in self.p.partner_nouns

    def _when(self, verb, anchor, dates, subj):
        """The date span attached to the committed clause (verb or its control word).

        ``dates``: the sentence's date spans as (start token, end token, root token, (start, end)).
        """
        heads = {verb.i}
        if anchor is not None:
            heads.add(anchor.i)
        lo, hi = (subj.left_edge.i, subj.right_edge.i) if subj is not None else (-1, -2)
        best = None
        for t_start, t_end, root, chars in dates:
            if t_start <= hi and lo < t_end:
                continue  # inside the subject: "the 2030 plan will ..."
            dist = None
            for depth, anc in enumerate([root] + list(root.ancestors)):
                if anc.i in heads:
                    dist = depth
                    break
                if anc.pos_ in ("VERB", "AUX") and anc.i not in heads and depth > 0 and (
                        _children(anc, "nsubj", "nsubjpass") or self.classify(anc) is not None):
                    break  # a finite clause of its own, or another commitment: its date is not ours
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, chars)
        return best[1] if best else None

    # ---- main -------------------------------------------------------------------

    def __call__(self, doc, date_spans=()) -> list[Found]:
        found: list[Found] = []
        seen = set()
        text = doc_text(doc)
        dates = []
        for s, e, _tense in date_spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                dates.append((span.start, span.end, span.root, (s, e)))
        for sent in doc.sents:
            sent_text = text[sent.start_char:sent.end_char]
            question = sent_text.rstrip().rstrip('"”’\'').endswith("?")
            sent_dates = [d for d in dates if sent.start <= d[0] < sent.end]
            for tok in sent:
                if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass", "amod"):
                    continue
                if question or any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
                    continue
                cls = self.classify(tok)
                if cls is None:
                    continue
                cue, category, modality, negated, action_tok = cls
                anchor = self._controller(tok)
                subject_src = anchor if anchor is not None else tok
                subj, passive, via = self._subject(subject_src)
                actors, indirect = [], False
                agent = self._agents(tok)
                if passive and agent is not None:
                    actors, indirect = self._actors_from_np(agent)
                elif subj is not None and not passive:
                    actors, indirect = self._actors_from_np(subj)
                speaker = self._speaker(subject_src, sent)
                if not actors and category == "offer" and speaker:
                    # "X said the station will be open to all": X (or X's organisation) offers
                    actors = [dict(r, kind="speaker") for r in speaker]
                    indirect = True
                if not actors:
                    continue
                # one commitment per clause; a sentence repeated verbatim is one statement
                key = (sent_text, action_tok.i - sent.start, tuple(a["text"] for a in actors))
                if key in seen:
                    continue
                seen.add(key)
                conf = 0.55
                conf += 0.2 if cue not in ("will",) else 0.05
                conf += 0.15 if not indirect else -0.1
                if self._future_of(subject_src) == "would":
                    conf -= 0.2
                if speaker:
                    conf += 0.05
                obj = self._object(action_tok)
                if not obj and passive and subj is not None:
                    obj = _span_text(doc, _contiguous(_phrase(subj)))
                found.append(Found(
                    verb_i=action_tok.i, action=action_tok.lemma_.lower(), object=obj,
                    partners=self._partners(action_tok), actors=actors, category=category, modality=modality,
                    negated=bool(negated), speaker=speaker,
                    when=self._when(action_tok, anchor, sent_dates, subj),
                    sent_start=sent.start_char, sent_end=sent.end_char,
                    confidence=round(max(0.05, min(0.99, conf)), 2), cue=cue,
                ))
        return found

    def groups(self, doc, found: list[Found]) -> list[tuple[int, list]]:
        """Sets of two or more named actors the article introduces together, with their position.

        Coordinations ("Kenya and Ethiopia", "Niger, Mali, Chad and Mauritania") and the parties to
        an agreement ("X signed a contract with Y"): what "the two sides" or "both countries" can
        refer to later.
        """
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "GPE", "PERSON"):
                continue
            root = ent.root
            if root.dep_ == "conj":
                continue
            members = [ent] + [self._ent_of(c) for c in _conjuncts(root)[1:]]
            members = [m for m in members if m is not None and m.label_ in ("ORG", "GPE", "PERSON")]
            if len(members) > 1:
                out.append((ent.start_char, [self._ent_actor(m) for m in members]))
        for f in found:
            if f.category == "agreement" and f.partners:
                direct = [a for a in f.actors if a.get("kind") == "name"]
                if direct:
                    out.append((f.sent_start, direct + [p for p in f.partners if p.get("start") is not None]))
        out.sort(key=lambda g: g[0])
        return out
