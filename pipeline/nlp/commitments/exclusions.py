"""Exclusions: clauses that look like commitments and are not (SPEC section 4).

Each predicate is one rule of the annotation guideline, stated for the grammar of news:
questions, conditions, states and descriptions, refusals to speak, and control words that
do not commit their subject ("expects revenues to rise", "is going" without "to").
Hypothetical auxiliaries are checked in :mod:`pipeline.nlp.commitments.cues`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


from pipeline.nlp.commitments.parse import children
from pipeline.nlp.commitments.patterns import Patterns

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Token


def is_question(sentence_text: str) -> bool:
    """A sentence that asks ("Will the ministry pay?"), its closing quote aside."""
    return sentence_text.rstrip().rstrip('"”’\'').endswith("?")


def is_conditional(verb: Token) -> bool:
    """A clause under 'if', 'unless' or 'whether': a condition, not a commitment."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)


def binds_no_one_after_refusal(p: Patterns, verb: Token) -> bool:
    """"declined to comment", "refused to say": refusing to speak is no refusal to act."""
    lemma = verb.lemma_.lower()
    return lemma in p.reporting_verbs or lemma in p.non_actions


def control_not_commissive(p: Patterns, cue: str, ctrl: Token, verb: Token) -> bool:
    """Control words that do not commit their subject in this use:

    * "is to" needs the infinitive ("the aim is growth" is no cue);
    * "going to" only as "is going to" (VBG), "set to" only as "is set to" (VBN);
    * "expects revenues to rise", "hopes prices fall": a forecast about others (an object).
    """
    if cue == "be" and (not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                        or verb.dep_ != "xcomp" or children(ctrl, "prep", "advmod", "attr", "acomp")):
        return True  # "is in talks to restructure", "we are not here to sell": a purpose, not "is to"
    if cue == "be" and any(c.lemma_.lower() in p.mission_nouns for c in children(ctrl, "nsubj")):
        return True  # "Our mission is to make launches routine": a mission statement
    if cue == "go" and (ctrl.tag_ != "VBG" or verb.i != ctrl.i + 2 or ctrl.doc[ctrl.i + 1].lower_ != "to"):
        return True  # "is going to build", not "going to the IMF to borrow" or "going out to get it"
    if cue in ("expect", "hope") and children(ctrl, "dobj"):
        return True
    if any(c.dep_ == "auxpass" for c in verb.children) and cue not in ("set", "due", "poised"):
        return True  # "we expect to be repaid": someone else acts
    if ctrl.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in ctrl.children) \
            and cue not in ("set", "due", "poised", "committed", "determined", "prepare"):
        return True  # "is expected to fall": someone else's forecast
    return cue == "set" and ctrl.tag_ != "VBN"


def background(verb: Token) -> bool:
    """A past action told as background in a relative clause ("which left the pact years ago",
    "in which it offered the biggest discount"): no commitment."""
    return verb.dep_ == "relcl" and verb.tag_ == "VBD"


def state_or_description(p: Patterns, verb: Token) -> bool:
    """A future state or description, not an action: "will have 9 million customers", "the region
    will feel the effect", "will be a large project" ("be" without an adjective complement)."""
    if verb.lemma_.lower() in p.stative_verbs:
        return True
    if verb.lemma_ == "be" and any(a.lower_ == "able" for a in children(verb, "acomp")):
        return True  # "contractors will be able to work": an ability
    return verb.lemma_ == "be" and not children(verb, "acomp")
