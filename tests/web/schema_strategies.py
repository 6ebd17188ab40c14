"""Hypothesis strategies for the JSON Schema subset that FastAPI writes into an OpenAPI document.

Why not hypothesis-jsonschema: its last release (2024) reaches into Hypothesis internals that
the pinned Hypothesis no longer has. The API's schemas use a small part of JSON Schema: objects
with properties, required and additionalProperties, arrays with bounds, strings with lengths and
formats (date, date-time), numbers and integers with bounds, enums, consts, anyOf and $ref to the
components. That part is generated here; anything else becomes an arbitrary JSON value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_TEXT, children, max_size=3),
    max_leaves=8,
)


def from_schema(schema: dict[str, Any], components: dict[str, Any], *, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values valid for `schema`, whose `$ref`s point into `components` (#/components/schemas/NAME)."""
    if depth > 8:
        return st.none()
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(components[name], components, depth=depth + 1))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of(*(from_schema(s, components, depth=depth + 1) for s in schema["anyOf"]))
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
        if schema.get("format") == "date-time":
            return st.datetimes().map(dt.datetime.isoformat)
        return st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            min_size=schema.get("minLength", 0),
            max_size=min(schema.get("maxLength", 200), 200),
        )
    if kind == "array":
        items = from_schema(schema.get("items", {}), components, depth=depth + 1)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 4), 4))
    if kind == "object" or "properties" in schema:
        return _object(schema, components, depth)
    return JSON_VALUES


def _object(schema: dict[str, Any], components: dict[str, Any], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties", {})
    required = {k: from_schema(v, components, depth=depth + 1) for k, v in props.items() if k in schema.get("required", [])}
    optional = {k: from_schema(v, components, depth=depth + 1) for k, v in props.items() if k not in required}
    fixed = st.fixed_dictionaries(required, optional=optional)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and not props:
        return st.dictionaries(_TEXT, from_schema(extra, components, depth=depth + 1), max_size=3)
    return fixed
