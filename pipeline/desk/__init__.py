"""The analyst's desk: what is built on the DuckDB index of the records (pipeline.store.index).

* :mod:`pipeline.desk.threads`: one commitment followed across the articles that report it;
* :mod:`pipeline.desk.tables`: SQL queries and exports (rich table, CSV, JSON, Parquet);
* :mod:`pipeline.desk.report`: the static review site under ``processed/_report/``.
"""
