"""The docs in the repository match the code (issue 14, item 3)."""

import importlib.util
import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from models import ErrorRecord, Record

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
FIELDS_DOC = (ROOT / "docs/record.md").read_text()


def _models_in(annotation, in_list: bool = False):
    """(pydantic model, inside a list?) for every model an annotation holds (Optional, list, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, in_list
    for arg in typing.get_args(annotation):
        yield from _models_in(arg, in_list or typing.get_origin(annotation) is list)


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every field of ``model`` and of the models inside it: ``a``, ``a.b``, ``a[].c``."""
    out = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        out.append(path)
        for inner, in_list in _models_in(field.annotation):
            out += _field_paths(inner, path + ("[]." if in_list else "."))
    return out


def _documented(section: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", section, re.M)


def test_every_record_field_is_documented_and_nothing_stale():
    record_part, error_part = FIELDS_DOC.split("## Error record")
    assert _documented(record_part) == _field_paths(Record)  # all of them, in the model's order
    assert _documented(error_part) == _field_paths(ErrorRecord)


def test_every_documented_row_says_type_and_meaning():
    for row in re.findall(r"^\| `[^`]+` \|.*$", FIELDS_DOC, re.M):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 4 and cells[1] and cells[2], row


def test_readme_points_only_at_docs_in_the_repository():
    assert "product spec" not in README and "../shared/SPEC" not in README
    for link in re.findall(r"`((?:docs|models|tests)/[\w./-]+\.(?:md|json|py))`", README):
        assert (ROOT / link).is_file(), link
    assert "docs/record.md" in README


def test_readme_shows_how_to_open_the_ui():
    assert "news-pipeline server" in README and "http://127.0.0.1:4200" in README


def _example_module():
    spec = importlib.util.spec_from_file_location("readme_example", ROOT / "docs/readme_example.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_readme_example_record_is_what_the_code_produces(nlp):
    mod = _example_module()
    assert mod.readme_block(README) == mod.block(), (
        "the README's example record is not what the code produces now: run `make readme-example` and commit README.md")


def test_readme_test_count_is_the_suite_size(request):
    """The README's "N tests" is what `make test` collects (checked when the whole suite runs)."""
    m = re.search(r"\((\d+) tests", README)
    assert m, "the README states the test count as '(N tests'"
    if request.config.args not in ([], ["tests"], [str(ROOT / "tests")]) or request.config.option.keyword:
        pytest.skip("only a run of the whole suite knows its size")
    assert int(m.group(1)) == len(request.session.items), "update the test count in the README"
