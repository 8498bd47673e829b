"""The TypedDicts the stages hand over say what the JSON schemas say, key for key, so the two cannot drift apart."""

from __future__ import annotations

import json
import types
import typing
from typing import Any, Literal, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from pipeline import paths
from pipeline.catalog import shapes as catalog_shapes
from pipeline.records import shapes as record_shapes
from pipeline.outputs import report
from pipeline.releases import diff


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(paths.schema(name).read_text(encoding="utf-8"))
    return loaded


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def _without_none(hint: Any) -> list[Any]:
    if get_origin(hint) in (typing.Union, types.UnionType):
        return [arg for arg in get_args(hint) if arg is not type(None)]
    return [hint]


def _mismatches(shape: Any, node: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    """Every difference between a TypedDict and an object schema, nested objects, list items and
    enums included, as "where: what" lines."""
    node = _resolve(node, root)
    found: list[str] = []
    properties = set(node.get("properties", {}))
    keys = set(shape.__required_keys__ | shape.__optional_keys__)
    if properties != keys:
        found.append(f"{where}: schema only {sorted(properties - keys)}, type only {sorted(keys - properties)}")
    if set(node.get("required", [])) != set(shape.__required_keys__):
        found.append(f"{where}: required {sorted(node.get('required', []))}, "
                     f"type requires {sorted(shape.__required_keys__)}")
    if node.get("additionalProperties") is not False:
        found.append(f"{where}: the schema allows keys it does not name")
    hints = get_type_hints(shape)
    for key in sorted(properties & keys):
        found += _compare_value(hints[key], node["properties"][key], root, f"{where}.{key}")
    return found


def _compare_value(hint: Any, node: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    node = _resolve(node, root)
    found: list[str] = []
    for part in _without_none(hint):
        if is_typeddict(part):
            found += _mismatches(part, node, root, where)
        elif get_origin(part) is list and "items" in node:
            found += _compare_value(get_args(part)[0], node["items"], root, f"{where}[]")
        elif get_origin(part) is Literal:
            wanted = set(node["enum"]) if "enum" in node else {node.get("const")}
            if set(get_args(part)) != wanted:
                found.append(f"{where}: schema allows {sorted(wanted)}, type {sorted(get_args(part))}")
        elif "properties" in node:
            found.append(f"{where}: the schema describes an object with named keys, the type is {part}")
    if "enum" in node and not any(get_origin(part) is Literal for part in _without_none(hint)):
        found.append(f"{where}: the schema has an enum, the type is {hint}")
    return found


def test_a_record_is_what_the_record_schema_says() -> None:
    schema = _schema("record")
    assert _mismatches(record_shapes.Record, schema, schema, "Record") == []


def test_a_catalog_and_its_papers_are_what_the_papers_schema_says() -> None:
    schema = _schema("papers")
    assert _mismatches(catalog_shapes.Catalog, schema, schema, "Catalog") == []


def test_the_paper_types_know_which_keys_may_be_absent() -> None:
    assert catalog_shapes.Paper.__optional_keys__ == frozenset({"authors"})
    assert catalog_shapes.CatalogSource.__optional_keys__ == frozenset({"skipped"})
    assert catalog_shapes.ResourceMention.__optional_keys__ == frozenset({"kind_reason"})


def _closed_part(shape: Any, schema: dict[str, Any], left_out: set[str]) -> list[str]:
    """_mismatches over every key but ``left_out``, whose schemas are open objects checked apart."""
    closed = {**schema, "properties": {key: value for key, value in schema["properties"].items() if key not in left_out},
              "required": [key for key in schema["required"] if key not in left_out]}
    hints = {key: value for key, value in get_type_hints(shape).items() if key not in left_out}
    return _mismatches(typing.TypedDict("_Closed", hints), closed, schema, shape.__name__)


def test_a_diff_is_what_the_diff_schema_says() -> None:
    schema = _schema("diff")
    # "summary" is an open object of counts (additionalProperties: integer), as dict[str, int] says
    assert schema["properties"]["summary"]["additionalProperties"] == {"type": "integer", "minimum": 0}
    assert get_type_hints(diff.Diff)["summary"] == dict[str, int]
    assert _closed_part(diff.Diff, schema, {"summary"}) == []


def test_a_report_is_what_the_report_schema_says() -> None:
    schema = _schema("report")
    # "summary": integers under the keys it requires; "conflicts": papers.json's conflicts, by their
    # required keys only (test_a_catalog_and_its_papers_are_what_the_papers_schema_says checks them whole)
    hints = get_type_hints(report.Report)
    summary = schema["properties"]["summary"]
    assert set(summary["required"]) == set(report.ReportSummary.__required_keys__) == \
        set(get_type_hints(report.ReportSummary))
    assert set(get_type_hints(report.ReportSummary).values()) == {int}
    assert hints["conflicts"] == list[catalog_shapes.Conflict]
    assert set(schema["properties"]["conflicts"]["items"]["required"]) == catalog_shapes.Conflict.__required_keys__
    assert _closed_part(report.Report, schema, {"summary", "conflicts"}) == []


def test_the_record_type_knows_which_keys_may_be_absent() -> None:
    assert record_shapes.Record.__optional_keys__ == frozenset({"authors"})
    assert record_shapes.Identifiers.__required_keys__ == frozenset()
    assert get_args(record_shapes.BlockType) == ("ordered-list", "bullet-list", "table", "paragraph")


class _Drifted(typing.TypedDict):
    label: str
    url: str
    title: str


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": "object", "additionalProperties": False, "required": ["label", "url", "title"],
      "properties": {"label": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"}}}, []),
    ({"type": "object", "additionalProperties": False, "required": ["label", "url"],
      "properties": {"label": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"}}},
     ["x: required ['label', 'url'], type requires ['label', 'title', 'url']"]),
    ({"type": "object", "additionalProperties": False, "required": ["label", "url", "title"],
      "properties": {"label": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                     "year": {"type": "integer"}}},
     ["x: schema only ['year'], type only []"]),
    ({"type": "object", "required": ["label", "url", "title"],
      "properties": {"label": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"}}},
     ["x: the schema allows keys it does not name"]),
])
def test_the_comparison_sees_a_key_added_made_optional_or_left_open(schema: dict[str, Any], expected: list[str]) -> None:
    assert _mismatches(_Drifted, schema, schema, "x") == expected
