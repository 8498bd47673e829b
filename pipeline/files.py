"""The only module that writes files: canonical JSON and atomic replacement."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

_UMASK = os.umask(0)
os.umask(_UMASK)


def dumps(data: Any, compact: bool = False) -> str:
    """Canonical JSON: sorted keys, two-space indent (none when ``compact``), UTF-8 kept as is,
    trailing newline."""
    if compact:
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


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
    write_text(path, dumps(data, compact))


def read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())
