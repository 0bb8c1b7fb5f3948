"""news-pipeline: structured, validated records (people, organisations, places, dates, commitments) from news articles.

The data path, one package per stage (imports point one way, left to right)::

    raw/ --ingest--> RawArticle --nlp--> spaCy Doc --record--> pydantic Record --store--> processed/

* :mod:`pipeline.text`: pure string functions and word lists every stage shares;
* :mod:`pipeline.ingest`: raw bytes -> articles (formats, decoding, boilerplate);
* :mod:`pipeline.nlp`: spaCy: the model and our components (datelines, sentences, dates, commitments);
* :mod:`pipeline.record`: parsed chunks -> entities, resolved dates and actors -> the record;
* :mod:`pipeline.store`: output paths, atomic writes, the ledger, discovery, the run lock;
* :mod:`pipeline.batch`: one batch end to end (what every worker runs);
* :mod:`pipeline.orchestration`: Prefect and Dask (the only importers of either);
* :mod:`pipeline.cli`: the ``news-pipeline`` commands and the benchmark.
"""

__version__ = "0.1.0"
