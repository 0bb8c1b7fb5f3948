"""Every spaCy factory of news-pipeline, registered in one place (as spaCy's own ``factories.py``).

``news_gazetteer`` (after NER) tags the countries, international bodies and news agencies the
model missed; ``news_datelines`` makes each wire dateline one token and records it in
``doc._.datelines``; ``news_sentences`` presets sentence starts the parser then respects
(datelines, headlines); ``news_dates`` sets ``doc._.date_spans`` (candidate date
expressions with the tense of their clause); ``commitments`` sets ``doc._.commitments``
and ``doc._.actor_groups``. :func:`pipeline.nlp.load.load_nlp` adds them after the
trained components; publication-date resolution happens later, in
:mod:`pipeline.record`, because it depends on the article, not the text.
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.commitments import Commitments
from pipeline.nlp.dates import date_candidates
from pipeline.nlp.gazetteer import NewsGazetteer
from pipeline.nlp.segment import mark_sentence_starts, merge_datelines


def _extension(name: str) -> None:
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=None)


def _news_datelines(doc: Doc) -> Doc:
    merge_datelines(doc)
    return doc


def _news_sentences(doc: Doc) -> Doc:
    mark_sentence_starts(doc)
    return doc


def _news_dates(doc: Doc) -> Doc:
    doc._.date_spans = date_candidates(doc)
    return doc


@Language.factory("news_datelines", requires=["doc.ents"], assigns=["doc._.datelines"])
def make_news_datelines(nlp: Language, name: str):
    """Each wire dateline one token (after NER, before tagger and parser); see :mod:`pipeline.nlp.segment`."""
    _extension("datelines")
    return _news_datelines


@Language.factory("news_sentences", assigns=["token.is_sent_start"])
def make_news_sentences(nlp: Language, name: str):
    """Sentence starts after datelines and at headline/paragraph breaks (before the parser)."""
    _extension("datelines")
    return _news_sentences


@Language.factory("news_dates", requires=["doc.ents", "token.dep"], assigns=["doc._.date_spans"])
def make_news_dates(nlp: Language, name: str):
    """Candidate date spans with their clause's tense (:func:`pipeline.nlp.dates.date_candidates`)."""
    _extension("date_spans")
    _extension("datelines")
    return _news_dates


@Language.factory(
    "commitments",
    default_config={"patterns_path": None},
    requires=["doc.ents", "token.dep", "token.lemma", "doc._.date_spans"],
    assigns=["doc._.commitments", "doc._.actor_groups"],
)
def make_commitments(nlp: Language, name: str, patterns_path: Optional[str]):
    """The :class:`pipeline.nlp.commitments.Commitments` component (cue lexicon at ``patterns_path``,
    default: the packaged one)."""
    return Commitments(nlp, name, patterns_path=patterns_path)


@Language.factory("news_gazetteer", requires=["doc.ents"], assigns=["doc.ents"])
def make_news_gazetteer(nlp: Language, name: str):
    """Countries, international bodies and news agencies NER missed (:mod:`pipeline.nlp.gazetteer`)."""
    return NewsGazetteer(nlp, name)
