"""Records and documents against their JSON Schemas: every error, each with its JSON path.

fastjsonschema answers "valid?" quickly (the extract stage checks every record); only when the
answer is no does jsonschema list every error with its JSON path for the message.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
from pathlib import Path
from typing import Any, Collection, Mapping

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from pipeline import paths
from pipeline.problems import PipelineError, Problem


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """The validator of ``schemas/<name>.schema.json``; a missing or broken schema stops the stage."""
    path = paths.schema(name)
    try:
        schema = json.loads(Path(path).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, SchemaError) as error:
        raise PipelineError(Problem(paths.display_path(path), None, "schema-invalid",
                                    f"expected a valid JSON Schema 2020-12, found: {error}")) from error
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _fast(name: str) -> Any:
    return fastjsonschema.compile(validator(name).schema)


def prepare(name: str) -> None:
    """Compile the validators of ``schemas/<name>.schema.json`` now.

    The extract stage forks one child per source (pipeline/limits.py): compiled in the parent
    first, the validators are inherited by every child instead of compiled again in each (about
    30 ms a source). Raises PipelineError for a missing or broken schema, as the first check would.
    """
    _fast(name)


def schema_problems(document: Any, name: str, file: str, line: int | None,
                    code: str = "record-invalid") -> list[Problem]:
    """One problem per schema violation, at ``file:line``, naming the JSON path of the offender."""
    try:
        _fast(name)(document)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema names every error below
    errors = sorted(validator(name).iter_errors(document), key=lambda error: list(error.path))
    return [Problem(file, line, code, f"{error.json_path}: {error.message}") for error in errors]


def item_digest(item: Any) -> str | None:
    """A digest of a value, exact as to types: marshal's version 0 (no references, no interning),
    which tells 1 from 1.0 and True, NaN from None, a tuple from a list, and refuses what is not
    one of Python's own types (a str subclass, an enum): None then, and the value is always checked.
    (orjson's bytes would not do: it writes NaN as null.) Keys in another order give another digest,
    which only costs a check."""
    try:
        return hashlib.blake2b(marshal.dumps(item, 0), digest_size=16).hexdigest()
    except ValueError:  # unmarshallable object
        return None


#: The keywords a root schema may hold for its array's items to be checked one at a time: none that
#: could also apply to the array (allOf, if, patternProperties, ...).
_ITEMWISE_ROOT = {"$schema", "$id", "$comment", "title", "description", "type", "required", "properties",
                  "additionalProperties", "$defs"}


def problems_but_known(document: Mapping[str, Any], name: str, file: str, field: str,
                       known: Collection[str]) -> tuple[list[Problem], list[str | None]]:
    """schema_problems of ``document``, not checking again the items of ``document[field]`` whose
    item_digest is in ``known`` (items found valid before); and the digests of its items.

    An item is checked alone only where the schema checks it alone: ``field`` an array of
    ``{"$ref": ...}`` items and nothing else (no uniqueItems, no count), under a root that says
    nothing else of it (_ITEMWISE_ROOT). Otherwise, or when something is wrong, the whole document
    is checked, so that each problem names its item's true index.
    At 1,000 lists this checks the papers an edit changed, not 28,000 (1.7 s).
    """
    items = document.get(field)
    schema = validator(name).schema
    property_schema = schema.get("properties", {}).get(field, {})
    alone = set(schema) <= _ITEMWISE_ROOT and property_schema.get("type") == "array" \
        and set(property_schema) == {"type", "items"} and set(property_schema["items"]) == {"$ref"}
    if not isinstance(items, list) or not alone:
        return schema_problems(document, name, file, None), []
    digests = [item_digest(item) for item in items]
    unknown = [item for item, digest in zip(items, digests) if digest not in known]  # None never is
    if schema_problems({**document, field: unknown}, name, file, None):
        return schema_problems(document, name, file, None), digests
    return [], digests
