"""The DuckDB index's tables and views, and how a record file's JSON becomes their rows.

Records are read by DuckDB itself (``read_json`` with the column types below, so every
file parses the same way, with or without the optional key fields of older records) into
a staging table, then spread over the tables with SQL. Character offsets are
``start_char``/``end_char`` (``end`` is an SQL keyword). Date values (``YYYY``,
``YYYY-MM``, ``YYYY-MM-DD``, ``START/END``, ``/END``) also become the first and last day
they cover (``*_start``/``*_end``, DATE; ``/2030`` -> NULL .. 2030-12-31).
"""

from __future__ import annotations

_MENTION = "STRUCT(text VARCHAR, start BIGINT, \"end\" BIGINT)"
_ENTITY = (f"STRUCT(id VARCHAR, name VARCHAR, aliases VARCHAR[], titles VARCHAR[], mentions {_MENTION}[], "
           "key VARCHAR, country VARCHAR, geonames_id BIGINT, acronym VARCHAR)[]")

#: the record's JSON as DuckDB types (models/record.py)
RECORD_COLUMNS = {
    "id": "VARCHAR",
    "source": "STRUCT(path VARCHAR, sha256 VARCHAR, format VARCHAR, url VARCHAR, line BIGINT)",
    "article": "STRUCT(title VARCHAR, published VARCHAR, byline VARCHAR, dateline VARCHAR, language VARCHAR, "
               "text VARCHAR)",
    "people": _ENTITY, "organisations": _ENTITY, "places": _ENTITY,
    "dates": "STRUCT(text VARCHAR, start BIGINT, \"end\" BIGINT, value VARCHAR, granularity VARCHAR, "
             "relative BOOLEAN)[]",
    "commitments": "STRUCT(actors STRUCT(name VARCHAR, ref VARCHAR, key VARCHAR)[], action VARCHAR, object VARCHAR, "
                   "partners VARCHAR[], \"when\" STRUCT(text VARCHAR, value VARCHAR), category VARCHAR, "
                   "modality VARCHAR, negated BOOLEAN, speaker VARCHAR, sentence VARCHAR, start BIGINT, "
                   "\"end\" BIGINT, confidence DOUBLE)[]",
    "warnings": "VARCHAR[]",
    "pipeline": "STRUCT(version VARCHAR, model VARCHAR)",
}

#: an error record's JSON (models/record.py, ErrorRecord)
ERROR_COLUMNS = {"source": "STRUCT(path VARCHAR, sha256 VARCHAR, line BIGINT)", "error_type": "VARCHAR",
                 "message": "VARCHAR", "time": "VARCHAR"}

DDL = """
CREATE OR REPLACE MACRO np_day0(p) AS CASE length(p) WHEN 4 THEN TRY_CAST(p || '-01-01' AS DATE)
    WHEN 7 THEN TRY_CAST(p || '-01' AS DATE) WHEN 10 THEN TRY_CAST(p AS DATE) END;
CREATE OR REPLACE MACRO np_day1(p) AS CASE length(p) WHEN 4 THEN TRY_CAST(p || '-12-31' AS DATE)
    WHEN 7 THEN last_day(TRY_CAST(p || '-01' AS DATE)) WHEN 10 THEN TRY_CAST(p AS DATE) END;
CREATE OR REPLACE MACRO np_start(v) AS np_day0(split_part(v, '/', 1));
CREATE OR REPLACE MACRO np_end(v) AS np_day1(CASE WHEN contains(v, '/') THEN split_part(v, '/', 2) ELSE v END);
CREATE TABLE IF NOT EXISTS articles (record VARCHAR, article_id VARCHAR, source_path VARCHAR, source_line INTEGER,
    url VARCHAR, format VARCHAR, title VARCHAR, published DATE, byline VARCHAR, dateline VARCHAR,
    language VARCHAR, text VARCHAR, people INTEGER, organisations INTEGER, places INTEGER, dates INTEGER,
    commitments INTEGER, warnings VARCHAR[], model VARCHAR);
CREATE TABLE IF NOT EXISTS entities (record VARCHAR, kind VARCHAR, entity_id VARCHAR, key VARCHAR, name VARCHAR,
    aliases VARCHAR[], titles VARCHAR[], mentions INTEGER, first_start INTEGER, country VARCHAR,
    geonames_id BIGINT, acronym VARCHAR);
CREATE TABLE IF NOT EXISTS dates (record VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER, value VARCHAR,
    granularity VARCHAR, relative BOOLEAN, value_start DATE, value_end DATE);
CREATE TABLE IF NOT EXISTS commitments (record VARCHAR, idx INTEGER, article_id VARCHAR, actors VARCHAR[],
    actor_keys VARCHAR[], action VARCHAR, object VARCHAR, partners VARCHAR[], when_text VARCHAR,
    when_value VARCHAR, when_start DATE, when_end DATE, category VARCHAR, modality VARCHAR, negated BOOLEAN,
    speaker VARCHAR, sentence VARCHAR, start_char INTEGER, end_char INTEGER, confidence DOUBLE, published DATE,
    source_path VARCHAR, url VARCHAR);
CREATE TABLE IF NOT EXISTS actor_rows (record VARCHAR, idx INTEGER, position INTEGER, name VARCHAR,
    ref VARCHAR, key VARCHAR);
CREATE TABLE IF NOT EXISTS errors (record VARCHAR, source_path VARCHAR, line INTEGER, error_type VARCHAR,
    message VARCHAR, time VARCHAR);
CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR, started TIMESTAMPTZ, finished TIMESTAMPTZ, seconds DOUBLE,
    files INTEGER, articles INTEGER, failed INTEGER, unchanged INTEGER, skipped INTEGER, status VARCHAR);
CREATE TABLE IF NOT EXISTS run_records (run_id VARCHAR, record VARCHAR, change VARCHAR);
CREATE OR REPLACE VIEW people AS SELECT * EXCLUDE (kind, country, geonames_id, acronym) FROM entities
    WHERE kind = 'people';
CREATE OR REPLACE VIEW organisations AS SELECT * EXCLUDE (kind, titles) FROM entities WHERE kind = 'organisations';
CREATE OR REPLACE VIEW places AS SELECT * EXCLUDE (kind, titles, acronym) FROM entities WHERE kind = 'places';
CREATE OR REPLACE VIEW key_aliases AS
    WITH expanded AS (SELECT acronym, min(key) AS key FROM entities WHERE kind = 'organisations'
                      AND acronym IS NOT NULL AND name <> acronym GROUP BY acronym HAVING count(DISTINCT key) = 1)
    SELECT DISTINCT e.key AS alias, x.key FROM entities e JOIN expanded x USING (acronym)
    WHERE e.kind = 'organisations' AND e.name = e.acronym AND e.key <> x.key;
CREATE OR REPLACE VIEW commitment_actors AS SELECT a.* REPLACE (coalesce(k.key, a.key) AS key)
    FROM actor_rows a LEFT JOIN key_aliases k ON a.key = k.alias;
"""

#: tables whose rows belong to one record file (``record``: its path relative to processed/)
RECORD_TABLES = ("articles", "entities", "dates", "commitments", "actor_rows", "errors")
#: what ``export`` writes and ``query`` can read, tables and views
EXPORTED = ("articles", "people", "organisations", "places", "dates", "commitments", "commitment_actors", "errors",
            "runs", "run_records")

#: staged records (``staged``: the columns of RECORD_COLUMNS plus ``record``) -> the tables
LOAD_RECORDS = """
INSERT INTO articles SELECT record, id, source.path, source.line, source.url, source.format, article.title,
    TRY_CAST(article.published AS DATE), article.byline, article.dateline, article.language, article.text,
    len(people), len(organisations), len(places), len(dates), len(commitments), warnings, pipeline.model
    FROM staged;
INSERT INTO entities SELECT record, kind, e.id, e.key, e.name, e.aliases, e.titles, len(e.mentions),
    e.mentions[1].start, e.country, e.geonames_id, e.acronym
    FROM (SELECT record, 'people' AS kind, unnest(people) AS e FROM staged
          UNION ALL SELECT record, 'organisations', unnest(organisations) FROM staged
          UNION ALL SELECT record, 'places', unnest(places) FROM staged);
INSERT INTO dates SELECT record, d.text, d.start, d."end", d.value, d.granularity, d.relative, np_start(d.value),
    np_end(d.value) FROM (SELECT record, unnest(dates) AS d FROM staged);
INSERT INTO commitments SELECT record, i, id, list_transform(c.actors, lambda a: a.name),
    list_transform(c.actors, lambda a: coalesce(a.key, 'name:' || lower(a.name))), c.action, c.object, c.partners,
    c."when".text, c."when".value, np_start(c."when".value), np_end(c."when".value), c.category, c.modality,
    c.negated, c.speaker, c.sentence, c.start, c."end", c.confidence, TRY_CAST(published AS DATE), path, url
    FROM (SELECT record, id, article.published AS published, source.path AS path, source.url AS url,
          unnest(commitments) AS c, generate_subscripts(commitments, 1) AS i FROM staged);
INSERT INTO actor_rows SELECT record, i, p, a.name, a.ref, coalesce(a.key, 'name:' || lower(a.name))
    FROM (SELECT record, i, unnest(c.actors) AS a, generate_subscripts(c.actors, 1) AS p
          FROM (SELECT record, unnest(commitments) AS c, generate_subscripts(commitments, 1) AS i FROM staged));
"""

LOAD_ERRORS = """
INSERT INTO errors SELECT record, source.path, source.line, error_type, message, time FROM staged;
"""
