"""Commitments news states without a committing verb of their own: lists of signed documents,
donor tallies and gapped clauses. Each finder reads one sentence and returns :class:`Found` items.

* :func:`agreement_item`: a line of a list of signed documents ("3. Memorandum of understanding
  on joint construction of ...;", "An MoU between the customs authorities on ...") after a
  sentence that says they were signed: an agreement of the parties named in it ("between X and
  Y") or, if none, of the parties of the signing (resolved like "the parties");
* :func:`tally_pledges`: a donor tally ("followed by the United States with $187 million",
  "Kilele Foods (Kenya) – $420 million for ...", "$2.5 billion from the African Development
  Bank"): a pledge of each donor, in a sentence about pledges;
* :func:`gapped`: "Brant Co will build the depot and Lisle Ltd the bridge": the second actor
  takes the first clause's verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from pipeline.nlp.commitments.actors import Context, ent_actor
from pipeline.nlp.commitments.parse import children, conjuncts, ref, span_text

if TYPE_CHECKING:  # spaCy types for annotations only: importing this module does not load spaCy
    from spacy.tokens import Span, Token

#: tokens that open a list line and are not part of the item: numbering and bullets
_ITEM_OPENERS = frozenset({"–", "—", "-", "•", "·", "*", "▪", "►", ".", ")", "(", ":", "a", "an", "the"})
#: words that make a sentence about pledges (a tally's context)
_PLEDGE_WORDS = frozenset({"pledge", "donor", "donate", "contribute", "contribution", "commit", "commitment",
                           "promise", "announce", "tally", "fund", "funding", "grant", "invest", "investment",
                           "give", "provide", "project"})
_DONOR_ENTS = frozenset({"GPE", "ORG", "NORP"})


def parties_ref(item: Span) -> dict:
    """A reference to the parties of a signing, resolved against the article like "the parties"."""
    first = item[0]
    return {"text": "the parties", "start": first.idx, "end": first.idx, "kind": "group", "head": "party",
            "n": None, "definite": True}


def item_noun(cx: Context, sent: Span) -> Optional[Token]:
    """The agreement noun a list line opens with ("Agreement on ...", "2. Memorandum between ..."),
    when the line has no verb of its own; else None."""
    if sent.root.pos_ in ("VERB", "AUX") or sent.text.rstrip().endswith(":"):
        return None  # a clause of its own ("The pledge is voluntary"), or a list's introduction
    toks = [t for t in sent if not t.is_space]
    i = 0
    while i < len(toks) and (toks[i].like_num or toks[i].lower_ in _ITEM_OPENERS):
        i += 1
    for t in toks[i:i + 4]:  # "Joint Statement", "Cultural Exchange Programme", "An executive program"
        if t.lemma_.lower() in cx.p.agreement_nouns or t.lower_ in cx.p.agreement_nouns:
            return t
        if not (t.is_title or t.pos_ in ("ADJ", "NOUN", "PROPN")):
            break
    return None


def parties_item(cx: Context, sent: Span) -> Optional[dict]:
    """Actors and object of a list line that names a signed document's parties first, under an
    introduction that names the documents ("The MoUs exchanged today involved: / - Nusantara Mobile
    Bhd and Chinese equipment maker Huaxin Technologies Co Ltd, on a 5G pilot;"): two or more
    named parties joined by 'and' before the first comma (or the whole line), no verb of the
    line's own; None otherwise."""
    if sent.root.pos_ in ("VERB", "AUX") and sent.root.tag_ not in ("VBN",) or sent.text.rstrip().endswith(":"):
        return None
    toks = [t for t in sent if not t.is_space]
    comma = next((i for i, t in enumerate(toks) if t.text in (",", ";")), len(toks))
    head = toks[:comma]
    if not any(t.lower_ in ("and", "&") for t in head):
        return None
    named = []
    for part in _split_at_and(head):  # each side's last capitalised run: "Chinese equipment maker [Huaxin ... Ltd]"
        texts = [t.text for t in part]
        k = texts.index("(") if texts[-1] == ")" and "(" in texts else len(part)  # "the Commission (MCRC)"
        j = k
        while j > 0 and (part[j - 1].text[:1].isupper() or part[j - 1].lower_ in ("&", "of", "de")
                         and j > 1 and part[j - 2].text[:1].isupper()):
            j -= 1
        while j < k and (part[j].lower_ in ("&", "of", "de") or part[j].tag_ == "POS"):
            j += 1
        if j < k and part[k - 1].tag_ != "POS":
            named.append(ref(part[j], part[k - 1], "name"))
    if len(named) < 2:
        return None
    rest = toks[comma + 1:]
    if rest and rest[0].lower_ in ("on", "for", "in"):
        rest = rest[1:]
    obj = span_text(sent.doc, rest)[:200].rstrip(";,. ") if rest else ""
    return {"actors": named, "object": obj}


def _split_at_and(toks: list) -> list[list]:
    """Tokens split at each 'and' (not '&', which joins names: "Lim & Arumugam")."""
    parts, cur = [], []
    for t in toks:
        if t.lower_ == "and":
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    return [p for p in parts + [cur] if p]


def agreement_item(cx: Context, sent: Span, noun: Token, verb: Optional[Token] = None) -> dict:
    """Actors and object of a signed document: the parties it names ("between X and Y", on the
    noun or the signing verb), else the signing's parties ("between the central banks of the two
    countries" names none: the parties of the signing)."""
    named = []
    preps = [t for t in noun.subtree if t.dep_ == "prep"] + (children(verb, "prep") if verb is not None else [])
    for pr in preps:
        if pr.lower_ != "between":
            continue
        for pobj in children(pr, "pobj"):
            for c in conjuncts(pobj):
                ent = cx.ents.of(c) or next((cx.ents.of(t) for t in c.subtree if cx.ents.of(t) is not None), None)
                if ent is not None and ent.label_ != "NORP":
                    named.append(ent_actor(ent))
    obj = span_text(sent.doc, [t for t in sent if t.i >= noun.i and not t.is_space])[:200].rstrip(";,. ")
    return {"actors": named if len(named) >= 2 else [parties_ref(sent)], "object": obj}


def tally_pledges(cx: Context, ents: list, context_words: set) -> list[tuple[dict, str]]:
    """(donor reference, amount text) of every donor of a tally sentence, given its entity spans
    ([] if the sentence or the one before it is not about pledges)."""
    if not (context_words & _PLEDGE_WORDS):
        return []
    out = []
    money = [e for e in ents if e.label_ == "MONEY"]
    opener = _item_name(ents[0].sent) if ents else None
    if opener is not None and not any(e.start <= opener.start < e.end for e in ents):
        ents = [opener] + list(ents)  # a list line opened by a name NER missed: "Kestrel Orchard Foods (Chile): ..."
    for e in ents:
        if e.label_ == "PERSON":  # "Yamanobe Seiki (Japan): 410 million dollars for ...": a donor NER took for a person
            amount = _amount_after(e, money)
        elif e.label_ in _DONOR_ENTS:
            amount = _amount_after(e, money) or _amount_before(e, money) or _amount_of_subject(e, money)
        else:
            continue
        if amount is not None:
            out.append((ent_actor(e), amount.text))
    return out


def _item_name(sent: Span) -> Optional[Span]:
    """The capitalised words that open a list line before a parenthesis ("Kestrel Orchard Foods
    (Chile): ..."), as a span labelled ORG; None if the line opens otherwise."""
    toks = [t for t in sent if not t.is_space]
    i = 0
    while i < len(toks) and (toks[i].text in _ITEM_OPENERS or toks[i].like_num):
        i += 1
    j = i
    while j < len(toks) and j - i < 6 and (toks[j].is_title or toks[j].is_upper and toks[j].is_alpha
                                             or toks[j].lower_ in ("of", "and", "&") and j > i):
        j += 1
    if j - i < 2 or j >= len(toks) or toks[j].text != "(" or toks[j - 1].lower_ in ("of", "and", "&"):
        return None
    span = sent.doc[toks[i].i:toks[j - 1].i + 1]
    span.label_ = "ORG"
    return span


def _amount_after(e: Span, money: list) -> Optional[Span]:
    """"Norway with nearly $140 million", "Kilele Foods (Kenya) – $420 million", "Japan: $95 million"."""
    doc = e.doc
    j = e.end
    colon = False
    if j < len(doc) and doc[j].text == "(":  # "(Kenya)"
        while j < len(doc) and not doc[j].text.startswith(")") and j - e.end < 6:
            j += 1
        colon = j < len(doc) and doc[j].text == "):"  # the tokenizer keeps "(China):" 's "):" whole
        j += 1
    if colon or j < len(doc) and (doc[j].lower_ == "with" or doc[j].text in ("–", "—", "-", ":")):
        j += 0 if colon else 1
        while j < len(doc) and doc[j].lower_ in ("nearly", "about", "around", "almost", "over", "just", "some",
                                                 "more", "than", "up", "to", "roughly", "a", "further", "another"):
            j += 1
        return next((m for m in money if m.start == j or m.start <= j < m.end), None)
    return None


def _amount_of_subject(e: Span, money: list) -> Optional[Span]:
    """"Sweden led the list with $300 million", "Japan topped the tally with ...": the subject's amount."""
    if e.root.dep_ != "nsubj":
        return None
    for pr in children(e.root.head, "prep"):
        if pr.lower_ == "with":
            return next((m for m in money if m.root.head == pr or m.root.head.head == pr), None)
    return None


def _amount_before(e: Span, money: list) -> Optional[Span]:
    """"$2.5 billion from the African Development Bank"."""
    doc = e.doc
    i = e.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ == "from":
        return next((m for m in money if m.end == i), None)
    return None


def gapped(cx: Context, verb: Token) -> list[tuple[Token, Token]]:
    """(actor token, object token) of each gapped clause of ``verb``: "X will build the depot and Y
    the bridge" -> (Y, bridge). The small model parses such clauses three ways, all read here:

    * Y a conjunct of the verb, the bridge a second object (or Y's apposition);
    * two objects of the verb with Y after the last 'and' before the second ("... will build the
      Romanian section and Moldova's Lindel Power the 158-km stretch"; "pledged A$4 million and New
      Zealand NZ$2.5 million": Y is then the name that opens the second object);
    * Y a conjunct inside the first object, the rest its apposition ("will cover 60 percent of the
      cost and South Africa the remainder").
    """
    doc = verb.doc
    objs = children(verb, "dobj")
    out: list[tuple[Token, Token]] = []

    def actor_like(t: Token) -> bool:
        return t.pos_ == "PROPN" or t.pos_ == "NOUN" and (t.ent_type_ != "" or t.tag_ == "NNS") \
            and t.ent_type_ not in ("MONEY", "CARDINAL", "PERCENT", "QUANTITY", "DATE")

    for c in children(verb, "conj"):
        if c.pos_ not in ("PROPN", "NOUN") or (c.ent_type_ == "" and c.pos_ != "PROPN"):
            continue
        # the object: a second object of the verb, or (another parse) an apposition of the actor
        obj = next((o for o in objs if o.i > c.i), None) or next(
            (a for a in children(c, "appos") if a.pos_ == "NOUN" and objs), None)
        if obj is not None:
            out.append((c, obj))
    for o1, o2 in zip(objs, objs[1:]):
        left = o2.left_edge.i
        ands = [t.i for t in doc[o1.i + 1:o2.i] if t.lower_ == "and"]
        if not ands or any(a.i == o2.i for _, a in out):
            continue
        a = ands[-1]
        if a + 1 < left:  # "and [Moldova's Lindel Power] the 158-km stretch"
            actor = next((t for t in doc[a + 1:left] if not (a + 1 <= t.head.i < left)), None)
        else:  # "and [New Zealand] NZ$2.5 million": the name opens the object
            run = [t for t in doc[a + 1:o2.i] if t.ent_type_ in _DONOR_ENTS]
            actor = run[-1] if run and run[0].i == a + 1 else None
        if actor is not None and actor_like(actor):
            out.append((actor, o2))
    for o1 in objs:
        sub = list(o1.subtree)
        apps = {x.left_edge.i: x for x in sub if x.dep_ == "appos" and x.pos_ == "NOUN"}
        if not apps:
            continue
        for c in (t for t in sub if t.dep_ == "conj" and t.pos_ == "PROPN"):
            app = apps.get(c.right_edge.i + 1)
            if app is not None and doc[c.left_edge.i - 1].lower_ == "and" and not any(x == c for x, _ in out):
                out.append((c, app))  # "the cost and [South Africa] the remainder"
    return out