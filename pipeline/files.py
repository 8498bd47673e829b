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
    compact_text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if compact:
        return _encode(compact_text) + b"\n"
    try:
        same = orjson.dumps(data, option=orjson.OPT_SORT_KEYS) == _encode(compact_text)
    except (TypeError, UnicodeEncodeError):  # orjson.JSONEncodeError is a TypeError
        same = False
    if same:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
    return _encode(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


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
    """Whether the file at ``path`` has exactly these bytes (read only when the size agrees)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
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
