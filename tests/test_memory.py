"""Memory stays flat over a long run: Docs die with their batch, the vocabulary's growth is bounded."""

import gc
import uuid

import pytest

from pipeline.record import extract
from pipeline.record import extract_records
from pipeline.ingest import article_from_text

BODY = ("LAGOS, March 3 (Wire) - The Harbour Authority of Lagos will open two new berths next year, "
        "its chief executive Ada Okafor said on Tuesday. The authority signed a contract with "
        "Delta Dredging Ltd in January and pledged to publish the costs.\n\n"
        "\"We are ready to start,\" Okafor said.")


def _article(body: str, n: int = 0):
    return article_from_text(body, rel_path=f"m{n}.txt", format="text", file_sha256="0" * 64,
                             sha256=f"{n:064d}", published="2025-03-03")


@pytest.fixture()
def saved_garbage():
    """Everything Python's cyclic collector finds while the test runs (instead of freeing it)."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()


def test_extraction_leaves_no_doc_in_a_reference_cycle(nlp, saved_garbage):
    """A Doc kept alive by a reference cycle (a recursive closure over it, say) lives until the
    cyclic collector runs, with its arrays: memory then grows with the collector's threshold."""
    recs = extract_records([_article(BODY, i) for i in range(4)], nlp)
    assert all(not isinstance(r, Exception) and r.commitments for r in recs)
    gc.collect()
    # spaCy's Doc is not tracked by the collector itself: look at what the garbage refers to
    held = {type(r).__name__ for o in saved_garbage for r in [o, *gc.get_referents(o)]}
    assert not held & {"Doc", "Span", "Token"}, sorted(held)


def _new_words(k: int) -> list[str]:
    return ["Zq" + uuid.uuid4().hex[:10] for _ in range(k)]


def test_words_stay_in_the_vocabulary_only_while_under_the_warm_up_bound(nlp, monkeypatch):
    # under the bound: the batch is tokenized outside a memory zone, its words stay
    monkeypatch.setattr(extract, "WARM_VOCAB", 10**9)
    kept = _new_words(3)
    extract_records([_article(BODY + "\n\nVisitors included " + ", ".join(kept) + ".", 10)], nlp)
    assert all(w in nlp.vocab.strings for w in kept)
    # at the bound: new words are transient, freed with the batch's memory zone
    monkeypatch.setattr(extract, "WARM_VOCAB", 0)
    gone = _new_words(3)
    extract_records([_article(BODY + "\n\nVisitors included " + ", ".join(gone) + ".", 11)], nlp)
    assert not any(w in nlp.vocab.strings for w in gone)


def test_lemmatizer_cache_is_emptied_past_its_bound(nlp, monkeypatch):
    lemmatizer = nlp.get_pipe("lemmatizer")
    monkeypatch.setattr(extract, "LEMMA_CACHE_MAX", 5)
    extract_records([_article(BODY, 20)], nlp)
    assert len(lemmatizer.cache) <= 5
