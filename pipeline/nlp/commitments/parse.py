"""Small reads of the dependency parse shared by the commitment stages (no lexicon)."""

from __future__ import annotations

from typing import Optional, TYPE_CHECKING

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Doc, Span, Token


#: entity labels that can name an actor
ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
#: prepositions whose phrase stays in an object or actor phrase ("a fund for refugees", "the
#: ministry of energy"); every other prepositional phrase is an adjunct of the clause
_KEPT_PREPS = frozenset({"of", "for", "to", "between", "on"})
_ADJUNCT_PREPS = frozenset({"with", "by", "at", "in", "on", "during", "from", "after", "before"})


class EntityIndex:
    """Token index -> the actor entity span holding it, for one Doc (built once, then looked up)."""

    def __init__(self, doc: Doc):
        self._by_token = {i: e for e in doc.ents for i in range(e.start, e.end)}

    def of(self, tok: Token) -> Optional[Span]:
        """The entity span holding ``tok`` if it is an actor entity (:data:`ACTOR_ENTS`), else None."""
        if tok.ent_type_ not in ACTOR_ENTS:
            return None
        return self._by_token.get(tok.i)


def children(tok: Token, *deps: str) -> list[Token]:
    """Children of ``tok`` with one of the dependency labels ``deps``."""
    return [c for c in tok.children if c.dep_ in deps]


#: contracted auxiliaries the lemmatizer may leave as written: "won't" is "wo" + "n't", "'ll" is will
_CONTRACTED = {"wo": "will", "'ll": "will", "’ll": "will", "ca": "can", "sha": "shall"}


def aux_lemmas(tok: Token) -> list[str]:
    """Lemmas of the auxiliaries of ``tok``, contractions expanded ("won't" -> will)."""
    return [_CONTRACTED.get(c.lower_, c.lemma_.lower()) for c in tok.children if c.dep_ in ("aux", "auxpass")]


def is_negated(tok: Token) -> bool:
    """A 'not'/'never' on ``tok``, or a contracted "won't"."""
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "aux" and c.lower_ in ("wo", "won't") for c in tok.children)


def lemma_in(tok: Token, known) -> str:
    """The token's lemma, or a plain inflection-stripped form when the lemmatizer missed it
    ('hopes' -> 'hop' in the small model) and the stripped form is in ``known``."""
    lemma = tok.lemma_.lower()
    if lemma in known:
        return lemma
    low = tok.lower_
    for suffix, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and low[: -len(suffix)] + add in known:
            return low[: -len(suffix)] + add
    return lemma


def span_text(doc: Doc, toks: list[Token]) -> str:
    """Text from the first to the last of ``toks`` without edge punctuation, 'and' or a bare preposition."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].dep_ in ("cc", "prep") and toks[0].i == toks[0].head.i):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks:
        return ""
    return doc[toks[0].i:toks[-1].i + 1].text


def phrase(tok: Token, drop_deps=("relcl", "acl", "punct", "appos", "advcl", "parataxis")) -> list[Token]:
    """``tok``'s subtree without relative clauses, adjunct prepositional phrases and clause-level attachments."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "punct" and c.text in ("-", "–") and not c.whitespace_ and c.i > 0 \
                and not c.doc[c.i - 1].whitespace_:
            out.append(c)  # the hyphen of a word the tokenizer split: "the 158-km stretch"
            continue
        if c.dep_ in drop_deps or (c.dep_ == "prep" and c.lower_ in _ADJUNCT_PREPS):
            continue
        if c.dep_ == "prep" and c.lower_ not in _KEPT_PREPS:
            continue
        out.extend(phrase(c, drop_deps) if c.dep_ != "conj" else list(c.subtree))
    return out


def contiguous(toks: list[Token]) -> list[Token]:
    """The first run of consecutive tokens of ``toks`` (in document order)."""
    toks = sorted(toks, key=lambda t: t.i)
    if not toks:
        return toks
    run = [toks[0]]
    for t in toks[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run


def np_modifiers(tok: Token) -> list[Token]:
    """Tokens of a noun phrase's modifiers: compounds, possessives, adjectives, 'of' and 'from' phrases."""
    out = []
    for c in tok.children:
        if c.dep_ in ("compound", "poss", "amod", "nmod", "conj") or (c.dep_ == "prep" and c.lower_ in ("of", "from")) \
                or c.dep_ == "pobj":
            out.append(c)
            out.extend(np_modifiers(c))
    return out


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and every token coordinated with it ('China, Russia and India')."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(conjuncts(c))
    return out


def ref(first: Token, last: Token, kind: str) -> dict:
    """An actor reference covering tokens ``first``..``last`` (character offsets local to the Doc)."""
    doc = first.doc
    return {"text": doc[first.i:last.i + 1].text, "start": first.idx, "end": last.idx + len(last.text), "kind": kind}
