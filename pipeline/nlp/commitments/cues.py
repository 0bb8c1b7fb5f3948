"""Cue detection: is a verb a committed action, and how (category, modality, negation)?

:func:`classify` tries five cue finders in order; the first that recognises the verb
decides, and a finder may also rule the verb out (an exclusion, see
:mod:`pipeline.nlp.commitments.exclusions`):

1. :func:`control_cue`: an infinitive under a control word ("pledged to build", "is set to
   host", "plans to launch", "refused to sign" -> negated);
2. :func:`agreement_cue`: an agreement verb with an agreement noun ("signed a memorandum");
3. :func:`withdrawal_cue`: leaving an agreement ("pulled out of the accord" -> negated);
4. :func:`commissive_cue`: a commissive verb with an object ("pledged $2 billion");
5. :func:`future_cue`: a plain future ("will build"), or a reported "would" ("said it would build").
"""

from __future__ import annotations

from typing import NamedTuple, Optional, TYPE_CHECKING


from pipeline.nlp.commitments import exclusions as ex
from pipeline.nlp.commitments.parse import aux_lemmas, children, is_negated, lemma_in
from pipeline.nlp.commitments.patterns import Patterns

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Token


class Cue(NamedTuple):
    """How a verb commits: the cue word, SPEC category and modality, negation, and the action token."""

    cue: str
    category: str  # pledge | plan | agreement | offer
    modality: str  # firm | intent
    negated: bool
    action: Token
    #: the committed action's lemma when it is not the action token's ("completed the signing" -> sign)
    lemma: Optional[str] = None


def future_of(p: Patterns, verb: Token) -> Optional[str]:
    """"will" for a future auxiliary on ``verb`` (own, or inherited from the verb it is coordinated
    with), the hypothetical auxiliary ("would", "could", ...) if that is what governs it, else None."""
    v = verb
    for _ in range(4):
        for a in aux_lemmas(v):
            if a in p.future_aux:
                return "will"
            if a in p.hypothetical_aux:
                return a
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX") and not children(v, "nsubj", "nsubjpass"):
            v = v.head
            continue
        break
    return None


def reported_would(p: Patterns, verb: Token) -> bool:
    """'said it would build': a back-shifted "will" under a past reporting verb."""
    v = verb
    while v.dep_ == "conj":
        v = v.head
    # also under a commissive or agreement verb: "the ministers agreed that their authorities would ...";
    # not under a passive report ("we were told we would ship": someone else said it)
    return v.dep_ == "ccomp" and not children(v.head, "auxpass") and (
        v.head.lemma_.lower() in p.reporting_verbs or v.head.lemma_.lower() in
        ("agree", "decide", "pledge", "promise", "commit", "vow", "resolve", "confirm"))


def controller(p: Patterns, verb: Token) -> Optional[Token]:
    """The control word of an infinitive: 'pledged to build' -> pledged, 'is set to' -> set."""
    if verb.dep_ == "xcomp" or (verb.dep_ in ("acl", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        return verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "to" \
            and verb.head.head.lemma_.lower() in p.control_verbs:
        return verb.head.head  # "committed to keeping the ward open"
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and verb.tag_ == "VB" \
            and not children(verb, "nsubj", "nsubjpass"):
        return controller(p, verb.head)  # "commit to guarantee X and to refrain from Y"
    return None


def _hypothetical(p: Patterns, verb: Token) -> bool:
    """Governed by would/could/may ... and not a reported "would"."""
    return future_of(p, verb) in p.hypothetical_aux and not reported_would(p, verb)


def control_cue(p: Patterns, verb: Token) -> Optional[Cue] | bool:
    """Cue of an infinitive under a control word; False if it has one that does not commit;
    None if it has no control word (another finder may apply)."""
    ctrl = controller(p, verb)
    if ctrl is None:
        return None
    cl = ctrl.lower_ if ctrl.lower_ in p.control_adjectives else lemma_in(ctrl, p.control_verbs)
    if cl in p.negating_control_verbs:
        if ex.binds_no_one_after_refusal(p, verb) or future_of(p, ctrl) in p.hypothetical_aux:
            return False  # "declined to comment"; "they can refuse to talk": a possibility
        return Cue("refuse", "pledge", "firm", True, verb)
    if cl not in p.control_verbs:
        return _plan_noun_cue(p, ctrl, verb)
    if ex.control_not_commissive(p, cl, ctrl, verb) or _hypothetical(p, ctrl):
        return False
    cat, mod = p.control_verbs[cl]
    if cl == "be" and any(c.lemma_.lower() in p.intent_nouns - p.binding_intent_nouns for c in children(ctrl, "nsubj")):
        cat, mod = "plan", "intent"  # "Our aim is to protect ..."
    return Cue(cl, cat, mod, is_negated(ctrl) or is_negated(verb), verb)


def _plan_noun_cue(p: Patterns, ctrl: Token, verb: Token) -> Cue | bool:
    """A plan announced as a noun: "unveiled a blueprint to spend 40 trillion won", "Plans call for
    the parts maker to spend $18 million" (the control word presents a plan noun, or has one as
    its subject); False for any other control word."""
    nouns = children(ctrl, "dobj", "nsubj")
    plan = next((n for n in nouns if n.lemma_.lower() in p.plan_nouns), None)
    if plan is None or _hypothetical(p, ctrl):
        return False
    presents = ctrl.lemma_.lower() in p.presenting_verbs and plan.dep_ == "dobj"
    calls = plan.dep_ == "nsubj" and ctrl.lemma_.lower() in ("call", "require", "envisage", "foresee", "include")
    if not (presents or calls):
        return False
    cat, mod = p.control_verbs.get(plan.lemma_.lower(), ("plan", "intent"))
    return Cue(plan.lemma_.lower(), cat, mod, is_negated(ctrl) or is_negated(verb), verb)


def _objects(verb: Token) -> list[Token]:
    """Direct objects and objects of 'into/on/to' ("entered into an agreement")."""
    return children(verb, "dobj") + [o for pr in children(verb, "prep") if pr.lower_ in ("into", "on", "to")
                                     for o in children(pr, "pobj")]


def agreement_cue(p: Patterns, verb: Token) -> Optional[Cue] | bool:
    """"signed a memorandum", "concluded an accord", "A memorandum was inked by ...", "completed the
    signing of winger X", in any tense."""
    objs = _objects(verb) + children(verb, "nsubjpass")
    if verb.lemma_.lower() in ("appoint", "hire", "name") and any(o.ent_type_ == "PERSON" for o in objs) \
            and verb.tag_ in ("VBD", "VBN") and not _hypothetical(p, verb):
        return Cue("agreement", "agreement", "firm", is_negated(verb), verb)  # "have appointed X as head coach"
    nouns = {o.lemma_.lower() for o in objs} | {c.lemma_.lower() for o in objs for c in o.children
                                                 if c.dep_ == "compound"}
    if verb.lemma_.lower() not in p.agreement_verbs or not nouns & p.agreement_nouns:
        return None
    if _hypothetical(p, verb):
        return False
    named = next((p.action_of_noun[o.lemma_.lower()] for o in objs if o.lemma_.lower() in p.action_of_noun), None)
    return Cue("agreement", "agreement", "firm", is_negated(verb), verb, named)


def withdrawal_cue(p: Patterns, verb: Token) -> Optional[Cue]:
    """"pulled out of the accord", "withdrew from the treaty": a negated agreement."""
    if verb.lemma_.lower() not in p.withdraw_verbs:
        return None
    preps = [o for pr in verb.children if pr.dep_ in ("prep", "prt") for o in list(pr.children) + [pr]]
    if {t.lemma_.lower() for pr in preps for t in pr.subtree} & p.agreement_nouns:
        return Cue("withdraw", "agreement", "firm", True, verb)
    return None


def _amount(p: Patterns, tok: Token) -> bool:
    """An amount of money: a MONEY entity, or a number with a currency the model does not
    know ("Rs 2.1 billion", "Sh923 billion": tagged CARDINAL)."""
    return tok.ent_type_ == "MONEY" or (tok.like_num or tok.lower_ in ("million", "billion", "trillion")) and any(
        t.tag_ == "$" or t.lower_ in p.currencies for t in tok.subtree)


def commissive_cue(p: Patterns, verb: Token) -> Optional[Cue] | bool:
    """"pledged $2 billion", "invited all countries": a commissive verb with an object."""
    lemma = verb.lemma_.lower()
    if lemma in p.reaction_verbs and (verb.tag_ == "VBD" or verb.tag_ == "VBN" and children(verb, "aux")):
        return False  # "welcomed the deal", "have welcomed the announcement": a reaction, not an offer
    if ex.background(verb) or children(verb, "auxpass") and not any(c.dep_ == "agent" for c in verb.children):
        return False  # "in which it offered ...", "No explanation was offered"
    amounts = children(verb, "dobj") + [o for pr in children(verb, "prep") if pr.lower_ in ("between", "up")
                                        for o in children(pr, "pobj")]  # "announced between $30m and $45m"
    if lemma in p.money_verbs and lemma not in p.commissive_verbs and any(
            _amount(p, o) for o in amounts) and not _hypothetical(p, verb):
        return Cue(lemma, "pledge", "firm", is_negated(verb), verb)  # "each announced $30 million"
    if lemma not in p.commissive_verbs or (children(verb, "xcomp") and lemma in p.control_verbs):
        return None
    if not (_objects(verb) or children(verb, "dative", "ccomp")):
        return None
    if _hypothetical(p, verb):
        return False
    cat, mod = p.commissive_verbs[lemma]
    return Cue(lemma, cat, mod, is_negated(verb), verb)


def future_cue(p: Patterns, verb: Token) -> Optional[Cue] | bool:
    """"will build", "said it would build"; "will be open to all" is an offer."""
    fut = future_of(p, verb)
    if not (fut == "will" or (fut == "would" and reported_would(p, verb))):
        return None
    if ex.state_or_description(p, verb):
        return False
    lemma = verb.lemma_.lower()
    if verb.lemma_ == "be":
        acomp = children(verb, "acomp")[0]
        offer = acomp.lemma_.lower() in p.offer_adjectives and any(
            c.dep_ == "prep" and c.lower_ == "to" for c in acomp.children)
        return Cue("will", "offer" if offer else "pledge", "firm", is_negated(verb), verb)
    return Cue("will", "offer" if lemma in p.offer_verbs else "pledge", "firm", is_negated(verb), verb)


#: the cue finders, in the order they are tried (see the module doc)
FINDERS = (control_cue, agreement_cue, withdrawal_cue, commissive_cue, future_cue)


def classify(p: Patterns, verb: Token) -> Optional[Cue]:
    """The :class:`Cue` of a candidate verb, or None if it is no committed action."""
    for finder in FINDERS:
        cue = finder(p, verb)
        if cue is False:
            return None
        if cue is not None:
            return cue
    return None
