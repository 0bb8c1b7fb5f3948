"""Dask: the worker preload hook and the settings of the local clusters we start.

Start workers for ``run --dask-address`` with ``--preload pipeline.orchestration.dask`` so each
loads the model as it starts (otherwise its first batch does).
"""

from __future__ import annotations

from pipeline.nlp import load_nlp

#: Dask settings for the local clusters we start: the worker's statistical profiler samples
#: the task thread every 10 ms, about 4% of spaCy's CPU time; nobody looks at it here.
DASK_CONFIG = {"distributed.worker.profile.enabled": False}


def dask_setup(worker=None) -> None:
    """Dask worker preload hook: load the model when the worker starts.

    The model comes from ``$NEWS_PIPELINE_MODEL`` (default
    :data:`pipeline.settings.DEFAULT_MODEL`). Also imports what a batch runs
    (:mod:`pipeline.batch`, no Prefect), so the first batch on the worker does not pay for it.
    """
    load_nlp()
    import pipeline.batch  # noqa: F401  (warm: the worker's first batch would import it)
