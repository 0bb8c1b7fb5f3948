"""The ``commitments`` spaCy component: finds commitments, then sets them on the Doc."""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.commitments.actors import Context, actor_groups
from pipeline.nlp.commitments.finder import Found, find_commitments
from pipeline.nlp.commitments.parse import EntityIndex
from pipeline.nlp.commitments.patterns import Patterns


class Commitments:
    """Sets ``doc._.commitments`` (:class:`Found` items, offsets local to the Doc) and
    ``doc._.actor_groups`` (actors introduced together, for "the two sides").

    Needs ``doc._.date_spans`` (the ``news_dates`` component) to attach a time to each
    commitment; raises ``ValueError`` if that component did not run.
    """

    def __init__(self, nlp: Language, name: str = "commitments", *, patterns_path: Optional[str] = None):
        self.name = name
        self.patterns = Patterns.load(patterns_path)
        for attr in ("commitments", "actor_groups"):
            if not Doc.has_extension(attr):
                Doc.set_extension(attr, default=None)

    def __call__(self, doc: Doc) -> Doc:
        index = EntityIndex(doc)
        found = self.find(doc, index)
        self.set_annotations(doc, found, index)
        return doc

    def find(self, doc: Doc, index: Optional[EntityIndex] = None) -> list[Found]:
        """The Doc's commitments, in text order."""
        if not doc.has_extension("date_spans") or doc._.date_spans is None:
            raise ValueError("the commitments component needs doc._.date_spans: add 'news_dates' before it")
        return find_commitments(doc, self.patterns, doc._.date_spans, index)

    def set_annotations(self, doc: Doc, found: list[Found], index: Optional[EntityIndex] = None) -> None:
        doc._.commitments = found
        doc._.actor_groups = actor_groups(Context(self.patterns, index or EntityIndex(doc)), doc, found)
