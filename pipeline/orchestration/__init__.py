"""Orchestration: the only code that imports Prefect or Dask. The ``ingest`` flow and its
task, worker processes and their prefetch, Prefect's servers, ``serve`` and Dask hooks.

Nothing is imported here: a Dask worker preloading :mod:`.dask` must not import Prefect.
"""
