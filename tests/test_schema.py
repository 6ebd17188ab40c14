from __future__ import annotations

import json

import jsonschema
import pytest

from presslens.document import json_schema
from tests.conftest import EXAMPLE, REPO, make_doc

SCHEMA_FILE = REPO / "schema" / "presslens-document.schema.json"


def test_schema_file_matches_the_model():
    """The committed schema is the contract; regenerate with `presslens schema -o schema/...`."""
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema()


def test_schema_validates_a_full_document():
    jsonschema.validate(make_doc().to_dict(), json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_schema_validates_analyzed_example(base_pipeline, example_text):
    from presslens.document import Document

    doc = base_pipeline(Document(id="example", text=example_text))
    jsonschema.validate(doc.to_dict(), json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert EXAMPLE.exists()
