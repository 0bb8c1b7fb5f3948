import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from models import Record, record_json_schema

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_equals_generated():
    committed = json.loads((ROOT / "models/record.schema.json").read_text())
    assert committed == record_json_schema(), "run `make schema` and commit models/record.schema.json"


def test_record_round_trips_through_the_model(extract_text):
    rec = extract_text("Chile and Peru will build a desalination plant with Japanese partners by 2028, "
                       "the ministers said on Friday.")
    again = Record.model_validate_json(rec.model_dump_json())
    assert again == rec
    assert again.model_dump() == rec.model_dump()


def test_model_rejects_offsets_that_do_not_slice_the_text(extract_text):
    rec = extract_text("Chile will build a plant.").model_dump()
    rec["places"][0]["mentions"][0]["start"] += 1
    with pytest.raises(ValidationError, match="do not slice"):
        Record.model_validate(rec)


def test_model_rejects_unknown_actor_refs(extract_text):
    rec = extract_text("Chile will build a plant.").model_dump()
    rec["commitments"][0]["actors"][0]["ref"] = "g99"
    with pytest.raises(ValidationError, match="unknown entity"):
        Record.model_validate(rec)


@pytest.mark.parametrize("value", ["2021-4-1", "21", "/2021/", "2021//2022", "next year"])
def test_model_rejects_malformed_date_values(extract_text, value):
    rec = extract_text("Chile will build a plant by 2030.").model_dump()
    rec["dates"][0]["value"] = value
    with pytest.raises(ValidationError):
        Record.model_validate(rec)


def test_model_accepts_open_periods(extract_text):
    """"since 2011" is the open period "2011/" (ANNOTATION clarifications)."""
    rec = extract_text("Chile will build a plant by 2030.").model_dump()
    rec["dates"][0]["value"] = "2011/"
    assert Record.model_validate(rec).dates[0].value == "2011/"
