"""Field filling: the object, partners, time and confidence of a found commitment."""

from __future__ import annotations

from typing import Optional, TYPE_CHECKING


from pipeline.nlp.commitments.actors import Context, ent_actor
from pipeline.nlp.commitments.cues import classify
from pipeline.nlp.commitments.parse import ACTOR_ENTS, children, conjuncts, contiguous, phrase, ref, span_text

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Token

#: confidence of a commitment: a base, raised for an explicit cue (a commissive or control
#: word rather than a bare "will"), a direct actor (a name rather than a pronoun or
#: description) and a named speaker; lowered for a reported "would". Hand-set from the dev set.
CONF_BASE = 0.55
CONF_EXPLICIT_CUE = 0.2
CONF_BARE_WILL = 0.05
CONF_DIRECT_ACTOR = 0.15
CONF_INDIRECT_ACTOR = -0.1
CONF_REPORTED_WOULD = -0.2
CONF_SPEAKER = 0.05


def object_of(action: Token) -> str:
    """The object or complement of the action ("build [the moon station]"); '' if none."""
    doc = action.doc
    for dep in ("dobj", "attr", "acomp", "oprd"):
        objs = children(action, dep)
        if objs:
            return span_text(doc, contiguous(phrase(objs[0])))
    xs = children(action, "xcomp")
    if xs:
        return span_text(doc, contiguous(phrase(xs[0])))
    for pr in children(action, "prep"):  # "announced [between $30 million and $45 million]"
        if pr.lower_ == "between" and any(o.ent_type_ == "MONEY" for o in children(pr, "pobj")):
            return span_text(doc, [t for t in pr.subtree if t.i <= max(t2.i for o in children(pr, "pobj")
                                                                         for t2 in conjuncts(o))])
    return ""


def partners(cx: Context, action: Token) -> list[dict]:
    """References of the 'with X' parties of the action or its object ("sign a deal with Y")."""
    out = []
    for c in [action] + children(action, "dobj"):
        for pr in c.children:
            if pr.dep_ != "prep" or pr.lower_ != "with":
                continue
            for pobj in children(pr, "pobj"):
                for conj in conjuncts(pobj):
                    if not _actor_like(cx, conj):
                        continue
                    ent = cx.ents.of(conj)
                    if ent is not None and ent.label_ != "NORP":
                        out.append(ent_actor(ent))
                        continue
                    toks = contiguous(phrase(conj, drop_deps=("relcl", "acl", "punct", "appos", "conj", "cc")))
                    text = span_text(action.doc, toks)
                    if text:
                        out.append(dict(ref(toks[0], toks[-1], "text"), text=text))
    return out


def _actor_like(cx: Context, tok: Token) -> bool:
    """A token that can name a party: an entity, a proper noun, or an actor/group/partner noun."""
    if tok.ent_type_ in ACTOR_ENTS or tok.pos_ == "PROPN":
        return True
    lemma = tok.lemma_.lower()
    return lemma in cx.p.actor_nouns or tok.lower_ in cx.p.group_nouns or lemma in cx.p.partner_nouns


def when(cx: Context, verb: Token, anchor: Optional[Token], dates: list, subj: Optional[Token]) -> Optional[tuple]:
    """The date span attached to the committed clause (the verb or its control word), as
    (start_char, end_char) local to the Doc; None if none.

    ``dates``: the sentence's date spans as (start token, end token, root token, (start, end)).
    The nearest in the tree wins; a date inside the subject ("the 2030 plan will ...") or under
    another finite clause or commitment is not this one's.
    """
    heads = {verb.i} | ({anchor.i} if anchor is not None else set())
    lo, hi = (subj.left_edge.i, subj.right_edge.i) if subj is not None else (-1, -2)
    best = None
    for t_start, t_end, root, chars in dates:
        if t_start <= hi and lo < t_end:
            continue
        dist = _tree_distance(cx, root, heads)
        if dist is not None and (best is None or dist < best[0]):
            best = (dist, chars)
    return best[1] if best else None


def _tree_distance(cx: Context, root: Token, heads: set) -> Optional[int]:
    """Steps from a date's root up to one of ``heads``; None if a clause of its own comes first."""
    for depth, anc in enumerate([root] + list(root.ancestors)):
        if anc.i in heads:
            return depth
        if anc.pos_ in ("VERB", "AUX") and depth > 0 and (
                children(anc, "nsubj", "nsubjpass") or classify(cx.p, anc) is not None):
            return None
    return None


def confidence(cue: str, indirect: bool, reported_would: bool, has_speaker: bool) -> float:
    """A score in [0.05, 0.99] from the cue and the evidence for the actor (see the CONF_ constants)."""
    conf = CONF_BASE + (CONF_BARE_WILL if cue == "will" else CONF_EXPLICIT_CUE)
    conf += CONF_INDIRECT_ACTOR if indirect else CONF_DIRECT_ACTOR
    if reported_would:
        conf += CONF_REPORTED_WOULD
    if has_speaker:
        conf += CONF_SPEAKER
    return round(max(0.05, min(0.99, conf)), 2)
