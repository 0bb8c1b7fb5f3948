"""The cue lexicon of the commitments component, as one object (``lexicons/commitments.json``)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional

from pipeline.text.lexicon import lexicon


@dataclass(frozen=True)
class Patterns:
    """Word lists (frozensets of lemmas) and cue tables (lemma -> (category, modality))."""

    future_aux: frozenset
    hypothetical_aux: frozenset
    control_verbs: dict
    control_adjectives: frozenset
    negating_control_verbs: frozenset
    non_actions: frozenset
    commissive_verbs: dict
    agreement_verbs: frozenset
    agreement_nouns: frozenset
    withdraw_verbs: frozenset
    offer_verbs: frozenset
    offer_adjectives: frozenset
    reporting_verbs: frozenset
    actor_nouns: frozenset
    group_nouns: frozenset
    org_nouns: frozenset
    place_nouns: frozenset
    non_actor_pronouns: frozenset
    partner_nouns: frozenset
    stative_verbs: frozenset
    reaction_verbs: frozenset
    pronouns: frozenset
    numbers: dict
    intent_nouns: frozenset
    binding_intent_nouns: frozenset
    national_heads: frozenset
    plan_nouns: frozenset
    presenting_verbs: frozenset
    action_of_noun: dict
    mission_nouns: frozenset
    country_like_sides: frozenset
    action_synonyms: dict
    money_verbs: frozenset
    currencies: frozenset

    @classmethod
    def load(cls, path: Optional[str] = None) -> "Patterns":
        """The packaged lexicon, or the JSON file at ``path`` (same keys).

        Raises ``KeyError`` naming a list the file lacks.
        """
        lex = lexicon("commitments", path)
        return cls(**{f.name: lex[f.name] for f in fields(cls)})
