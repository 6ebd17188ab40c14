"""The API against its own OpenAPI schema, by property: any request the schema allows (and many it
does not) gets a status the schema documents for that route, with a body that matches the schema
documented for that status, and never a 500.

Request bodies come from the route's own request schema (`schema_strategies.from_schema`), so a
change in the API's models is tested without editing this file, mixed with arbitrary JSON; query values mix the documented options
with arbitrary strings and numbers. Responses are checked with jsonschema against the components
of the same OpenAPI document. The light pipeline stands in for the models.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.helpers import client_for, fake_app
from tests.web.schema_strategies import JSON_VALUES, from_schema

OPENAPI = fake_app().openapi()
SCHEMAS = OPENAPI["components"]["schemas"]
_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


def _resolvable(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with the OpenAPI components as `$defs`, so $refs resolve on their own."""
    out = copy.deepcopy(schema)
    _rewrite(out)
    defs = copy.deepcopy(SCHEMAS)
    _rewrite(defs)
    out["$defs"] = defs
    return out


def _rewrite(node: Any) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            node["$ref"] = "#/$defs/" + ref.rsplit("/", 1)[-1]
        for value in node.values():
            _rewrite(value)
    elif isinstance(node, list):
        for value in node:
            _rewrite(value)


def _operation(path: str, method: str) -> dict[str, Any]:
    return OPENAPI["paths"][path][method]


def _check_response(path: str, method: str, response: Any) -> None:
    documented = _operation(path, method)["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} answered {status}, not documented: {response.text[:300]}"
    assert response.status_code < 500, response.text[:500]
    content = documented[status].get("content", {})
    if "application/json" in content and content["application/json"].get("schema"):
        schema = _resolvable(content["application/json"]["schema"])
        jsonschema.Draft202012Validator(schema).validate(response.json())


def _body(path: str) -> st.SearchStrategy[Any]:
    """Bodies the route's schema allows, and now and then any JSON value at all."""
    schema = _operation(path, "post")["requestBody"]["content"]["application/json"]["schema"]
    return st.one_of(from_schema(schema, SCHEMAS), from_schema(schema, SCHEMAS), JSON_VALUES)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
_LAYERS = [*SCHEMAS["LayerName"]["enum"], "nonsense", ""]
_QUERY = st.fixed_dictionaries(
    {},
    optional={
        "layers": st.lists(st.sampled_from(_LAYERS), max_size=3),
        "min_score": st.one_of(st.floats(-1, 2, allow_nan=False), st.sampled_from(["abc", "0.5", ""])),
    },
)
_ARTICLE = _body("/v1/analyze")
# Articles the schema allows, with real sentences in them, so that analysis itself runs too.
_REALISH = st.builds(
    lambda text, published: {"text": text, **({"published": published} if published else {})},
    st.sampled_from(
        ["Mayor Ines Baptiste said on Friday that 3 bridges would close.", 'Okonkwo-Reyes called it "an insult".']
    ) | _TEXT,
    st.sampled_from([None, "2026-03-10", "2026-02-30", "March"]),
)


@pytest.fixture(scope="module")
def client():
    with client_for(max_chars=2000, max_body_bytes=20_000) as c:
        yield c


@_SETTINGS
@given(body=st.one_of(_ARTICLE, _REALISH), query=_QUERY)
def test_openapi_analyze_answers_as_documented(client, body, query):
    response = client.post("/v1/analyze", json=body, params=query)
    _check_response("/v1/analyze", "post", response)
    if response.status_code == 200:
        doc = response.json()
        for layer in ("sentences", "entities", "times", "quotes", "techniques", "claims"):
            for span in doc.get(layer, []):
                assert doc["text"][span["start"] : span["end"]] == span["text"]


@_SETTINGS
@given(
    body=st.one_of(_body("/v1/analyze/batch"), st.lists(_REALISH, min_size=1, max_size=4).map(lambda d: {"documents": d})),
    query=_QUERY,
)
def test_openapi_batch_answers_as_documented(client, body, query):
    response = client.post("/v1/analyze/batch", json=body, params=query)
    _check_response("/v1/analyze/batch", "post", response)


@_SETTINGS
@given(body=_body("/v1/view"), path=st.sampled_from(["/v1/view", "/v1/report"]))
def test_openapi_view_and_report_answer_as_documented(client, body, path):
    _check_response(path, "post", client.post(path, json=body))


@_SETTINGS
@given(data=st.binary(max_size=400), filename=st.one_of(st.none(), st.sampled_from(["a.txt", "b.html", "c.htm", "d", "e.jsonl"]), _TEXT),
       mime=st.sampled_from(["application/octet-stream", "text/html", "text/plain", "image/png"]))
def test_openapi_file_upload_answers_as_documented(client, data, filename, mime):
    params = {"filename": filename} if filename is not None else {}
    response = client.post("/v1/analyze/file", content=data, params=params, headers={"content-type": mime})
    _check_response("/v1/analyze/file", "post", response)


@pytest.mark.parametrize(("path", "method"), [(p, m) for p, item in OPENAPI["paths"].items() for m in item if m == "get"])
def test_openapi_get_routes_answer_as_documented(client, path, method):
    _check_response(path, method, client.get(path))


def test_openapi_every_route_documents_the_error_shape():
    for path, item in OPENAPI["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorResponse"), (method, path, status)
