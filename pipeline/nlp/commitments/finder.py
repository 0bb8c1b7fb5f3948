"""Commitment finding over a parsed Doc (SPEC section 4): candidates, then assembly.

For every verb of every sentence that is not a question or a condition, the cue
(:mod:`.cues`) decides whether it is a committed action; the actors (:mod:`.actors`)
come from the subject, the passive agent, or the speaker of an offer; the fields
(:mod:`.fields`) from the parse around the action. Coordinated actions ("will issue a
roadmap ... and clarify the procedures") share the cue and subject of their head and are
separate commitments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple, Optional, TYPE_CHECKING


from pipeline.nlp.commitments import exclusions as ex
from pipeline.nlp.commitments import structures as st
from pipeline.nlp.commitments.actors import Context, actors_from_np, ent_actor, passive_agent, reporter, speaker, subject
from pipeline.nlp.commitments.cues import Cue, classify, controller, future_of
from pipeline.nlp.commitments.fields import confidence, object_of, partners, when
from pipeline.nlp.commitments.parse import EntityIndex, children, contiguous, is_negated, phrase, ref, span_text
from pipeline.nlp.commitments.patterns import Patterns
from pipeline.nlp.commitments.quotes import quote_speakers
from pipeline.nlp.segment import BULLETS, doc_text, list_item_lines

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc, Span, Token


#: verbs of a sentence that reports a signing (a list of signed documents may follow it)
_SIGNING = frozenset({"sign", "ink", "conclude", "exchange", "seal"})
#: control cues whose passive subject is the actor of the infinitive ("is set to", "is due to")
_RAISING_CUES = frozenset({"set", "due", "poised", "committed", "determined", "prepare"})


@dataclass
class Found:
    """One commitment, with character offsets local to its Doc."""

    verb_i: int
    action: str
    object: str
    partners: list  # references (dicts with "text", "start", "end", "kind")
    actors: list  # references, resolved against the article by pipeline.record.resolve
    category: str
    modality: str
    negated: bool
    speaker: Optional[list]  # references of who said it
    when: Optional[tuple]  # (start_char, end_char) of the date span
    sent_start: int
    sent_end: int
    confidence: float
    cue: str = ""
    each: bool = False  # the actors act one by one ("X and Y each pledged $5 million"): one commitment each


def find_commitments(doc: Doc, patterns: Patterns, date_spans=(), index: Optional[EntityIndex] = None) -> list[Found]:
    """The commitments of a parsed Doc, in text order.

    Args:
        doc: parsed by the trained pipeline (entities, tags, dependencies, lemmas).
        patterns: the cue lexicon.
        date_spans: the Doc's date candidates, (start_char, end_char, tense) local to the Doc.
        index: the Doc's :class:`EntityIndex`, if the caller has one (built here otherwise).
    """
    cx = Context(patterns, index or EntityIndex(doc))
    text = doc_text(doc)
    cx = cx._replace(quotes=quote_speakers(doc, text, patterns.reporting_verbs, lambda say: reporter(cx, say)))
    dates = []
    for s, e, _tense in date_spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            dates.append((span.start, span.end, span.root, (s, e)))
    found: list[Found] = []
    seen: set = set()
    since_signing = 99  # sentences since one that reports a signing (a list of documents may follow)
    prev_words: frozenset = frozenset()
    items = list_item_lines(text)
    list_words: frozenset = frozenset()  # the words of a list's introduction, while its items last
    intro: Optional[Intro] = None  # who the introduction names, and its control verb
    documents = False  # whether that introduction names signed documents ("The MoUs ... involved:")
    signing = "sign"  # and the signing verb it uses ("exchanged")
    ents = list(doc.ents)  # once per Doc: Span.ents builds new spans on every access
    for sent in doc.sents:
        sent_text = text[sent.start_char:sent.end_char]
        sent_dates = [d for d in dates if sent.start <= d[0] < sent.end]
        words = frozenset(t.lemma_.lower() for t in sent if t.pos_ in ("VERB", "NOUN"))
        item = bool(list_words) and _is_item(text, sent.start_char, items)
        lead = intro if item else None
        here = [f for tok, cue in _candidates(cx, sent, sent_text)
                for f in _with_gaps(_assemble(cx, sent, tok, cue, sent_dates, lead),
                                    _gapped(cx, sent, tok, cue, sent_dates))
                if f]
        if not here and lead is not None:
            here = _infinitive_item(cx, sent, sent_dates, lead)
        if not here and since_signing < 25 and not ex.is_question(sent_text):
            here = _list_item(cx, sent, documents=item and documents, action=signing if item else "sign")
        sent_ents = [e for e in ents if sent.start <= e.start < sent.end]
        if any(e.label_ == "MONEY" for e in sent_ents):
            here += _tally(cx, sent, sent_ents, words | prev_words | list_words, here)
        for f in here:
            # one commitment per clause; a sentence repeated verbatim is one statement
            key = (sent_text, f.verb_i - sent.start, tuple(a["text"] for a in f.actors))
            if key not in seen:
                seen.add(key)
                found.append(f)
        signs = words & _SIGNING
        since_signing = 0 if signs or sent_text.rstrip().endswith(":") and since_signing < 25 else since_signing + 1
        if sent_text.rstrip().endswith(":"):
            list_words = words
            intro = _list_intro(cx, sent)
            documents = any(t.lower_ in cx.p.agreement_nouns or t.lemma_.lower() in cx.p.agreement_nouns
                            for t in sent if t.pos_ in ("NOUN", "PROPN"))  # "The MoUs exchanged today involved:"
            signing = next((t.lemma_.lower() for t in sent if t.lemma_.lower() in _SIGNING), "sign")
        elif not _is_item(text, sent.start_char, items):
            list_words = frozenset()
        prev_words = words
    return found


def _is_item(text: str, start: int, items: set) -> bool:
    """True if a sentence starting at ``start`` is (the start of) a list item line."""
    line_start = text.rfind("\n", 0, start) + 1
    return line_start in items and not text[line_start:start].strip("".join(BULLETS) + " \t0123456789.)(ivxIVX")


def _gapped(cx: Context, sent: Span, tok: Token, cue: Cue, sent_dates: list) -> list[Optional[Found]]:
    """Commitments of the gapped clauses of a cued verb ("... and Lisle Ltd the bridge")."""
    out = []
    for actor_tok, obj_tok in st.gapped(cx, tok):
        actors, indirect = actors_from_np(cx, actor_tok)
        if actors:
            end = max((a["end"] for a in actors if a.get("end") is not None), default=0)
            obj = [t for t in phrase(obj_tok) if t.idx >= end]  # "[New Zealand] NZ$2.5 million": not the actor
            out.append(_found(cx, sent, cue, actors, indirect, span_text(tok.doc, contiguous(obj)),
                              None, sent_dates, None))
    return out


class Intro(NamedTuple):
    """What a list's introduction gives its items: the actors it names ("The two sides further
    agreed as follows:", "The heads of government also:") and its control verb's cue, if any."""

    actors: list
    cue: Optional[tuple[str, str, str]]  # (control word, category, modality)


def _list_intro(cx: Context, sent: Span) -> Optional[Intro]:
    """The :class:`Intro` of a sentence ending in a colon, or None if it names no actor."""
    root = sent.root
    subj = subject(cx, root).token if root.pos_ in ("VERB", "AUX") else root
    if subj is None:
        return None
    actors, _ = actors_from_np(cx, subj)
    if not actors and subj.tag_ == "NNS" and any(c.lower_ == "the" for c in children(subj, "det")):
        # "The heads of government also:": a body the article describes, as written
        toks = contiguous(phrase(subj, drop_deps=("relcl", "acl", "punct", "appos", "advcl", "conj", "cc", "advmod")))
        actors = [dict(ref(toks[0], toks[-1], "def"), head=subj.lemma_.lower(), det="the")]
    if not actors:
        return None
    lemma = root.lemma_.lower()
    cue = (lemma, *cx.p.control_verbs[lemma]) if root.pos_ == "VERB" and lemma in cx.p.control_verbs else None
    return Intro(actors, cue)


def _infinitive_item(cx: Context, sent: Span, sent_dates: list, intro: Intro) -> list[Found]:
    """A list item that is an infinitive under its introduction's control verb ("The two sides
    agreed as follows: / i. To reopen the crossing point ...;"): the introduction's actors commit."""
    if intro.cue is None:
        return []
    verb = next((t for t in sent if t.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in t.children)),
                None)
    if verb is None or any(t.dep_ == "nsubj" and t.head is verb for t in sent):
        return []
    word, category, modality = intro.cue
    cue = Cue(word, category, modality, is_negated(verb), verb)
    return [_found(cx, sent, cue, [dict(a) for a in intro.actors], True, object_of(verb), None, sent_dates, None)]


def _main_clause(tok: Token) -> bool:
    """Whether ``tok`` is the main verb of its sentence or joined to it by conj/xcomp only ("agreed
    to establish X and to set Y"), not a verb inside a noun phrase ("the offer of X to host")."""
    for _ in range(6):
        if tok.dep_ == "ROOT":
            return True
        if tok.dep_ not in ("conj", "xcomp"):
            return False
        tok = tok.head
    return False


def _with_gaps(main: Optional[Found], gaps: list[Optional[Found]]) -> list[Optional[Found]]:
    """The commitment of a clause and those of its gapped clauses, the first object cut before the
    gapped actor the parser ran into it ("the Romanian section [and Moldova's ...]")."""
    if main is None:
        return gaps
    for g in gaps:
        for a in g.actors if g else []:
            at = main.object.find(a["text"])
            cut = main.object.rfind(" and ", 0, at) if at > 0 else -1
            if cut > 0:
                main.object = main.object[:cut]
    return [main] + gaps


def _distributive(verb: Token) -> bool:
    """Whether 'each' makes the subjects of ``verb`` act one by one: "X and Y each pledged",
    "the two banks will each provide" (the parser attaches 'each' to the verb or the subject)."""
    verbs = [verb]
    while verbs[-1].dep_ in ("xcomp", "ccomp") and verbs[-1].head is not verbs[-1] and len(verbs) < 4:
        verbs.append(verbs[-1].head)  # "X and Y each pledged to send ..."
    heads = verbs + [s for v in verbs for s in children(v, "nsubj")]
    return any(t.lower_ == "each" and t.dep_ in ("dep", "advmod", "appos", "npadvmod")
               for h in heads for t in h.children)


def _list_item(cx: Context, sent: Span, documents: bool = False, action: str = "sign") -> list[Found]:
    """An item of a list of signed documents, as an agreement: a line opening with its document
    (:func:`structures.item_noun`) or, under an introduction naming the documents (``documents``),
    one naming the parties first (:func:`structures.parties_item`); ``action``: the introduction's
    signing verb ("exchanged"), else 'sign'."""
    noun = st.item_noun(cx, sent)
    if noun is not None:
        item = st.agreement_item(cx, sent, noun)
    else:
        item = st.parties_item(cx, sent) if documents else None
        if item is None:
            return []
        noun = sent[0]
    return [Found(verb_i=noun.i, action=action, object=item["object"], partners=[], actors=item["actors"],
                  category="agreement", modality="firm", negated=False, speaker=None, when=None,
                  sent_start=sent.start_char, sent_end=sent.end_char, confidence=0.6, cue="list")]


def _tally(cx: Context, sent: Span, ents: list, context_words: set, here: list) -> list[Found]:
    """Each donor of a tally sentence (:func:`structures.tally_pledges`) not already an actor there."""
    taken = {a["text"].lower() for f in here for a in f.actors}
    out = []
    for donor, amount in st.tally_pledges(cx, ents, context_words):
        if donor["text"].lower() not in taken:
            taken.add(donor["text"].lower())
            out.append(Found(verb_i=sent.start, action="pledge", object=amount, partners=[], actors=[donor],
                             category="pledge", modality="firm", negated=False, speaker=None, when=None,
                             sent_start=sent.start_char, sent_end=sent.end_char, confidence=0.6, cue="tally"))
    return out


def _candidates(cx: Context, sent: Span, sent_text: str) -> Iterator[tuple[Token, Cue]]:
    """(verb, cue) of every verb of the sentence that is a committed action."""
    if ex.is_question(sent_text):
        return
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass", "amod") or ex.is_conditional(tok):
            continue
        cue = classify(cx.p, tok)
        if cue is not None:
            yield tok, cue


def _assemble(cx: Context, sent: Span, tok: Token, cue: Cue, sent_dates: list,
              intro: Optional[Intro] = None) -> Optional[Found]:
    """The commitment of one cued verb, or None if it has no actor (a list item's verb without a
    subject takes its introduction's actors)."""
    anchor = controller(cx.p, tok)
    source = anchor if anchor is not None else tok
    own = children(tok, "nsubj")  # "Plans call for the parts maker to spend": the maker acts
    subj = subject(cx, tok) if anchor is not None and own and cue.cue in cx.p.plan_nouns else subject(cx, source)
    actors, indirect = [], False
    agent = passive_agent(tok)
    # "X is set to launch", "X is committed to building": the passive subject of these control words acts
    raised = anchor is not None and subj.passive and anchor.tag_ == "VBN" and cue.cue in _RAISING_CUES
    if subj.passive and agent is not None and not raised:
        actors, indirect = actors_from_np(cx, agent)
        people = [e for e in dict.fromkeys(cx.ents.of(t) for t in agent.subtree) if e is not None and e.label_ == "PERSON"]
        if len(people) > len(actors):  # "signed by X Chief Executive A and Y Director General B": both signatories
            actors = [ent_actor(e) for e in people]
    elif subj.token is not None and (not subj.passive or raised):
        actors, indirect = actors_from_np(cx, subj.token)
    said_by = speaker(cx, source, sent)
    if not actors and cue.category == "offer" and said_by:
        # "X said the station will be open to all": X (or X's organisation) offers
        actors, indirect = [dict(r, kind="speaker") for r in said_by], True
    if not actors and cue.category == "agreement" and subj.passive and subj.token is not None \
            and _signed_already(tok) and not sent.text.rstrip().endswith(":") \
            and not any(c.lower_ == "no" for c in subj.token.children):
        # "A memorandum was signed between X and Y", "The deal was finally signed on Sunday"
        actors, indirect = st.agreement_item(cx, sent, subj.token, tok)["actors"], True
    if not actors and intro is not None and subj.token is None and _main_clause(tok):
        actors, indirect = [dict(a) for a in intro.actors], True  # "- agreed to establish a task force;"
    if not actors:
        return None
    obj = object_of(cue.action)
    if not obj and subj.passive and subj.token is not None:
        obj = span_text(tok.doc, contiguous(phrase(subj.token)))
    if subj.token is not None and not subj.passive and _none_of(subj.token):
        cue = cue._replace(negated=True)  # "Neither side will ...", "Neither X nor Y will ...": none of them will
    return _found(cx, sent, cue, actors, indirect, obj, said_by, sent_dates, subj.token, anchor, source)


def _none_of(subject: Token) -> bool:
    """A subject that denies the action of every member: "Neither side", "Neither the airline nor its
    rival", "No country"."""
    return subject.lower_ in ("none", "neither") or any(
        c.lower_ in ("neither", "no") and c.dep_ in ("det", "preconj") for c in subject.children)


def action_lemma(cx: Context, verb: Token) -> str:
    """The committed action as news names it: the lemma with its particle ("set up", "follow up",
    "take on"), "make" with its adjective ("make sure", "make available"), and one name for one act
    ("inked", "sealed" -> sign; ``lexicons/commitments.json`` ``action_synonyms``)."""
    lemma = verb.lemma_.lower()
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt" and c.i > verb.i]
    if prt:
        lemma = f"{lemma} {prt[0]}"
    elif lemma == "make":
        adj = [c.lower_ for c in verb.children if c.dep_ in ("acomp", "oprd", "ccomp") and c.pos_ == "ADJ"]
        if adj and adj[0] in ("sure", "available", "clear", "possible", "public"):
            lemma = f"make {adj[0]}"
    return cx.p.action_synonyms.get(lemma, lemma)


def _signed_already(verb: Token) -> bool:
    """A passive in the past or perfect ("was signed", "has been inked"), not a scheduled one
    ("is due to be adopted", "will be signed soon")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & {"was", "were", "been"}) and not auxes & {"will", "would", "to", "shall"}


def _found(cx: Context, sent: Span, cue: Cue, actors: list, indirect: bool, obj: str, said_by: Optional[list],
           sent_dates: list, subj: Optional[Token], anchor: Optional[Token] = None,
           source: Optional[Token] = None) -> Found:
    """A :class:`Found` for a cued action with its actors and object; partners, time and confidence
    read from the parse."""
    source = source if source is not None else cue.action
    return Found(
        verb_i=cue.action.i, action=cue.lemma or action_lemma(cx, cue.action), object=obj,
        partners=partners(cx, cue.action), actors=actors, category=cue.category, modality=cue.modality,
        negated=bool(cue.negated), speaker=said_by, when=when(cx, cue.action, anchor, sent_dates, subj),
        sent_start=sent.start_char, sent_end=sent.end_char,
        confidence=confidence(cue.cue, indirect, future_of(cx.p, source) == "would", bool(said_by)), cue=cue.cue,
        each=_distributive(cue.action))
