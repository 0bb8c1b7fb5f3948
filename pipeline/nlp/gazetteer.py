"""The ``news_gazetteer`` component: names the small model misses, tagged from lists.

Countries and their short forms (GPE, :func:`pipeline.text.gazetteer.country_surface_forms`)
and the international bodies and news agencies of ``lexicons/entities.json`` (ORG), matched
with spaCy's ``PhraseMatcher`` on exact spellings. It only fills gaps: a match overlapping
an entity NER found is skipped, and so is a match glued to other capitalised words, which
is part of a longer name ("PT Telkom Satelit Indonesia", "Bank of Ghana"). A country the
model labelled a nationality (NORP: "Ghana and Togo") becomes a GPE.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.text.gazetteer import country_surface_forms, is_country
from pipeline.text.lexicon import lexicon

#: words that may stand before a listed name without making it part of a longer one
_OPENERS = frozenset({"the", "of", "and", "in", "to", "from", "with", "by", "for", "at", "on", "between"})


class NewsGazetteer:
    """Adds GPE/ORG entities for listed names NER left untagged (see the module doc)."""

    def __init__(self, nlp: Language, name: str = "news_gazetteer"):
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("GPE", [nlp.make_doc(n) for n in country_surface_forms()])
        self.matcher.add("ORG", [nlp.make_doc(n) for n in sorted(lexicon("entities").known_organisations)])

    def __call__(self, doc: Doc) -> Doc:
        ents = [Span(doc, e.start, e.end, label="GPE") if e.label_ == "NORP" and is_country(e.text) else e
                for e in doc.ents]  # the model calls "Togo" a nationality now and then
        doc.set_ents(ents)
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new, replaced = [], set()
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            inside = [e for e in doc.ents if start <= e.start and e.end <= end]
            covers = len(inside) > 1 and all(i not in taken or any(e.start <= i < e.end for e in inside)
                                             for i in range(start, end))  # "Antigua" + "Barbuda" -> one country
            if not covers and (any(i in taken for i in range(start, end)) or self._glued(doc, start, end)):
                continue
            new.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
            replaced.update((e.start, e.end) for e in inside)
            taken.update(range(start, end))
        if new:
            doc.set_ents([e for e in doc.ents if (e.start, e.end) not in replaced] + new)
        return doc

    @staticmethod
    def _glued(doc: Doc, start: int, end: int) -> bool:
        """True if the match runs on from or into other capitalised words (part of a longer name)."""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        glued_left = before is not None and before.is_title and before.lower_ not in _OPENERS \
            and not before.is_sent_start and "\n" not in before.whitespace_
        glued_right = after is not None and after.is_title and not doc[end - 1].whitespace_ == "" \
            and after.pos_ == "PROPN"
        return glued_left or glued_right
