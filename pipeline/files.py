"""The only module that writes files: canonical JSON and atomic replacement."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

_UMASK = os.umask(0)
os.umask(_UMASK)


def dumps(data: Any, compact: bool = False) -> str:
    """Canonical JSON: sorted keys, two-space indent (none when ``compact``), UTF-8 kept as is,
    trailing newline."""
    try:
        return dumps_bytes(data, compact).decode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the text json gives, which no file can hold
        return json.dumps(data, indent=None if compact else 2, sort_keys=True, ensure_ascii=False,
                          separators=(",", ":") if compact else None) + "\n"


def dumps_bytes(data: Any, compact: bool = False) -> bytes:
    """``dumps`` encoded as UTF-8, the bytes the writers store.

    The indented form is json.dumps(indent=2, sort_keys=True, ensure_ascii=False), but json
    falls back to its pure-Python encoder when given an indent (5-25x slower than its C
    encoder). orjson writes the same layout in C; its bytes are used only when its compact
    form equals json's C encoder's compact form, which proves that both write the same tokens
    (floats, escapes, key order, integers): the indentation rules are the same (tested against
    json.dumps in tests/test_files.py). Otherwise (floats such as 1e16 or NaN, integers past
    64 bits, non-string keys, lone surrogates) json writes it, as before.
    """
    if compact:
        return _encode(_compact(data)) + b"\n"
    if _orjson_agrees(data):
        # the newline written by orjson: `+ b"\n"` would copy the whole output once more
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    return _encode(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _compact(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _orjson_agrees(data: Any, depth: int = 2) -> bool:
    """Whether orjson's compact form of ``data`` equals json's, compared piece by piece.

    Compared whole, papers.json of a thousand lists held both compact forms at once (300 MB
    beside the catalog). A dict or list is written as its parts joined by the same brackets,
    colons and commas by both: its parts agreeing (the keys' order and spelling, then each value)
    is the same proof, with one part in memory at a time.
    """
    if depth and type(data) is dict and all(type(key) is str for key in data):
        return _same(dict.fromkeys(data)) and all(_orjson_agrees(value, depth - 1) for value in data.values())
    if depth and type(data) is list:
        return all(_orjson_agrees(item, depth - 1) for item in data)
    return _same(data)


def _same(data: Any) -> bool:
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) == _encode(_compact(data))
    except (TypeError, UnicodeEncodeError):  # orjson.JSONEncodeError is a TypeError
        return False


def _encode(text: str) -> bytes:
    # Strict UTF-8, as write_text always encoded: a lone surrogate raises here as it did there.
    return text.encode("utf-8")


def write_text(path: Path, text: str) -> None:
    """Write ``text`` so that readers see the old file or the new one, never a truncated one."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    if _holds(path, data):
        # Left alone, an unchanged output keeps its time: doit (which trusts an unchanged time)
        # then never hashes it again to learn that the tasks after it are up to date. Rewritten,
        # every later no-op `doit` would hash it once per task depending on it.
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` has exactly these bytes (read, a megabyte at a time, only when
    the size agrees: the old papers.json is not held whole beside the new one)."""
    try:
        if path.stat().st_size != len(data):
            return False
        view = memoryview(data)
        offset = 0
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                if view[offset: offset + len(chunk)] != chunk:
                    return False
                offset += len(chunk)
        return offset == len(data)
    except OSError:
        return False


def write_json(path: Path, data: Any, compact: bool = False) -> None:
    write_bytes(path, dumps_bytes(data, compact))


def read_json(path: Path) -> Any:
    """A JSON file, decoded by json with the cyclic garbage collector paused.

    Decoding papers.json makes a million containers; the collector would scan them again and again
    as they are made (none is garbage yet, and JSON makes no cycles), which took 40% of the time.
    """
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    finally:
        if enabled:
            gc.enable()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())
