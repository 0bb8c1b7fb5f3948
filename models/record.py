"""The record written for every article (SPEC section 3).

Offsets (``start``/``end``) are character offsets into ``article.text``;
``Record`` checks that every offset slices out exactly the text it claims.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

#: YYYY, YYYY-MM, YYYY-MM-DD, START/END ranges and open deadlines /END.
_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
#: a day, month or year; a range START/END; a deadline /END; an open period START/ ("since 2011")
DATE_VALUE_RE = re.compile(rf"^(?:{_DATE}|{_DATE}/{_DATE}|/{_DATE}|{_DATE}/)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Strict):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Source(_Strict):
    path: str = Field(description="Path of the raw file relative to raw/, '/'-separated.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the raw file's bytes.")
    format: Literal["text", "html", "json", "jsonl", "feed", "warc"]
    url: Optional[str] = None
    line: Optional[int] = Field(default=None, ge=1, description="1-based line number for JSONL input; item "
                                "number in an RSS/Atom feed; number of the HTML response in a WARC file.")


class Article(_Strict):
    title: Optional[str] = None
    published: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    byline: Optional[str] = None
    dateline: Optional[str] = None
    site_name: Optional[str] = Field(default=None, description="The publication, as a web page or feed names it.")
    language: str = Field(default="en", description="ISO 639-1 code of the text's language ('und': not identified).")
    text: str


class Entity(_Strict):
    id: str = Field(pattern=r"^[pog]\d+$")
    name: str = Field(description="The fullest form used in the article.")
    aliases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list, description="Titles and roles (people only).")
    mentions: list[Mention] = Field(default_factory=list)
    # canonical keys shared across articles (pipeline/record/keys.py)
    key: Optional[str] = Field(default=None, description="Shared across articles: country:<ISO 3166-1 alpha-2>, "
                               "geonames:<id>, place:<slug>, org:<slug>, person:<slug>.")
    country: Optional[str] = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 of a country.")
    geonames_id: Optional[int] = Field(default=None, description="GeoNames ID of a country or listed place.")
    acronym: Optional[str] = Field(default=None, description="An organisation's acronym, when the article gives one.")


class DateMention(_Strict):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: Optional[str] = Field(default=None, pattern=DATE_VALUE_RE.pattern)
    granularity: Literal["day", "month", "year", "range", "deadline"]
    relative: bool


class Actor(_Strict):
    name: str = Field(description="The actor's name: its entity's fullest name, a country's name, or a group as "
                                  "written ('More than 20 nations').")
    ref: Optional[str] = Field(default=None, description="id of the person/organisation/place entity, if any.")
    aliases: list[str] = Field(default_factory=list, description="Other names of the actor: its entity's aliases, a "
                               "country's short forms, and how this commitment's sentence refers to it "
                               "('the government', 'the Liberian side').")
    key: Optional[str] = Field(default=None, description="Canonical key of the actor (its entity's, or a country's).")


class When(_Strict):
    text: str
    value: Optional[str] = Field(default=None, pattern=DATE_VALUE_RE.pattern)


class Commitment(_Strict):
    actors: list[Actor] = Field(min_length=1)
    action: str = Field(description="Lemma of the committed verb.")
    object: str = ""
    partners: list[str] = Field(default_factory=list)
    when: Optional[When] = None
    category: Literal["pledge", "plan", "agreement", "offer"]
    modality: Literal["firm", "intent"]
    negated: bool = False
    speaker: Optional[str] = None
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)


class PipelineInfo(_Strict):
    version: str
    model: str


class Record(_Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str = Field(pattern=r"^[0-9a-f]{64}$")
    source: Source
    article: Article
    people: list[Entity] = Field(default_factory=list)
    organisations: list[Entity] = Field(default_factory=list)
    places: list[Entity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline: PipelineInfo

    @model_validator(mode="after")
    def _offsets_slice_the_text(self) -> "Record":
        text = self.article.text
        spans: list[tuple[str, int, int]] = []
        for ent in (*self.people, *self.organisations, *self.places):
            spans += [(m.text, m.start, m.end) for m in ent.mentions]
        spans += [(d.text, d.start, d.end) for d in self.dates]
        spans += [(c.sentence, c.start, c.end) for c in self.commitments]
        for s, start, end in spans:
            if not (0 <= start <= end <= len(text)) or text[start:end] != s:
                raise ValueError(f"offsets {start}:{end} do not slice {s!r} out of article.text")
        refs = {e.id for e in (*self.people, *self.organisations, *self.places)}
        for c in self.commitments:
            for a in c.actors:
                if a.ref is not None and a.ref not in refs:
                    raise ValueError(f"actor {a.name!r} refers to unknown entity {a.ref!r}")
        return self


class ErrorRecord(_Strict):
    """Written under processed/_errors/ for an article that could not be processed."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: dict = Field(description="path (relative to raw/), sha256 if known, line for JSONL.")
    error_type: str
    message: str
    time: str = Field(description="UTC time of the failure, ISO 8601.")
    pipeline: PipelineInfo


def record_json_schema() -> dict:
    """The JSON Schema of :class:`Record` (what ``news-pipeline schema`` prints)."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://news-pipeline.invalid/schema/record-1.json"
    return schema
