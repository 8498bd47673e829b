"""Canonical JSON bytes, and the digest of a record that the merge's parts and the kept records
name it by.

Apart from the catalog's modules so that the build's caches (pipeline/caches.py) can digest the
records they keep without depending on the matcher: the outputs read those caches, and an edit to
the matcher must not make them stale.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson

from pipeline.records.shapes import Record

__all__ = ["canonical", "record_digest"]


def canonical(value: Any) -> bytes:
    """``value`` as JSON with sorted keys: by orjson, or by json where orjson refuses the value (a
    lone surrogate, an integer past 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")


def record_digest(record: Record) -> bytes:
    """The sha256 of a record's canonical JSON: records whose JSON differs never share one. (orjson
    writes NaN as null, but a record holds no float: its schema's numbers are integers.)"""
    return hashlib.sha256(canonical(record)).digest()
