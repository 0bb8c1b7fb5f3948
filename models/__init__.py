"""Pydantic models of the news-pipeline record: the single source of its JSON Schema."""

from models.record import (
    SCHEMA_VERSION,
    Actor,
    Article,
    Commitment,
    DateMention,
    Entity,
    ErrorRecord,
    Mention,
    PipelineInfo,
    Record,
    Source,
    When,
    record_json_schema,
)

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "Commitment",
    "DateMention",
    "Entity",
    "ErrorRecord",
    "Mention",
    "PipelineInfo",
    "Record",
    "Source",
    "When",
    "record_json_schema",
]
