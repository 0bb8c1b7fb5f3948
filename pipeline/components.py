"""spaCy components of news-pipeline, registered as factories.

``news_sentences`` presets sentence starts the parser then respects (datelines,
headlines); ``news_dates`` sets ``doc._.date_spans`` (candidate date expressions with the tense
of their clause); ``commitments`` sets ``doc._.commitments`` (:class:`Found` items,
offsets local to the Doc) and ``doc._.actor_groups`` (actors introduced together, for
"the two sides"). Both are added after the trained components by
:func:`pipeline.nlp.load_nlp`; publication-date resolution happens later, in
:mod:`pipeline.extract`, because it depends on the article, not the text.
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.commitments import CommitmentFinder, Patterns
from pipeline.dates import date_candidates
from pipeline.segment import mark_sentence_starts, merge_datelines

if not Doc.has_extension("date_spans"):
    Doc.set_extension("date_spans", default=None)
if not Doc.has_extension("commitments"):
    Doc.set_extension("commitments", default=None)
if not Doc.has_extension("datelines"):
    Doc.set_extension("datelines", default=None)
if not Doc.has_extension("actor_groups"):
    Doc.set_extension("actor_groups", default=None)


@Language.factory("news_datelines", requires=["doc.ents"], assigns=["doc._.datelines"])
def make_news_datelines(nlp: Language, name: str):
    """Make each wire dateline one token (after NER, before tagger and parser); see pipeline.segment."""

    def news_datelines(doc: Doc) -> Doc:
        merge_datelines(doc)
        return doc

    return news_datelines


@Language.factory("news_sentences", assigns=["token.is_sent_start"])
def make_news_sentences(nlp: Language, name: str):
    """Preset sentence starts after datelines and at headline/paragraph breaks (before the parser)."""

    def news_sentences(doc: Doc) -> Doc:
        mark_sentence_starts(doc)
        return doc

    return news_sentences


@Language.factory("news_dates", requires=["doc.ents", "token.dep"], assigns=["doc._.date_spans"])
def make_news_dates(nlp: Language, name: str):
    def news_dates(doc: Doc) -> Doc:
        doc._.date_spans = date_candidates(doc)
        return doc

    return news_dates


@Language.factory(
    "commitments",
    default_config={"patterns_path": None},
    requires=["doc.ents", "token.dep", "token.lemma"],
    assigns=["doc._.commitments", "doc._.actor_groups"],
)
def make_commitments(nlp: Language, name: str, patterns_path: Optional[str]):
    finder = CommitmentFinder(Patterns.load(patterns_path))

    def commitments(doc: Doc) -> Doc:
        doc._.commitments = finder(doc, doc._.date_spans or date_candidates(doc))
        doc._.actor_groups = finder.groups(doc, doc._.commitments)
        finder.forget()
        return doc

    return commitments
