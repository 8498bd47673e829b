"""The build's caches (build/cache/): what one build keeps for the next, so that it does less when
little changed. A cache only saves time: one that is absent, unreadable, damaged (each file carries a
digest of its own) or made by other code is ignored and made again, one that cannot be written is
not kept, the same outputs follow either way, and no task depends on one.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence, TypeVar, cast

import orjson

from pipeline import files
from pipeline.digests import record_digest
from pipeline.paths import FileArg
from pipeline.records.shapes import RecordsFile

__all__ = ["read_kept", "read_records", "shared_strings", "write_kept"]

S = TypeVar("S", bound=str)


def read_kept(path: Path, code: str, field: str) -> dict[str, Any]:
    """The ``field`` mapping of a cache file (``{"code": ..., field: {...}}``, as write_kept writes
    it) when the same code made it; empty when the file is absent, unreadable or stale. A stale file
    is known by its first bytes and not decoded: at 1,000 lists the catalog's takes 300 MiB to
    decode, on top of the records."""
    head = _kept_head(code)
    try:
        with open(path, "rb") as handle:
            if handle.read(len(head)) != head:
                return {}
        kept = files.read_cache(path)
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict) or kept.get("code") != code or not isinstance(kept.get(field), dict):
        return {}
    return kept[field]  # type: ignore[no-any-return]


def write_kept(path: Path, code: str, field: str, entries: Mapping[str, Any]) -> None:
    """Keep ``entries`` for the next build made by the same ``code`` (read_kept), if the file can be
    written (what stands in its way, a folder say, is left)."""
    with contextlib.suppress(OSError):
        files.write_cache(path, {"code": code, field: entries})


def _kept_head(code: str) -> bytes:
    """How a cache file written by ``code`` starts: write_cache's orjson writes keys in the order given,
    and the code as it writes any string."""
    return b'{"code":' + orjson.dumps(code) + b","


def read_records(records_paths: Sequence[FileArg], folder: Path, code: str,
                 ) -> tuple[list[RecordsFile], dict[str, list[bytes]]]:
    """The records files at ``records_paths`` that exist, decoded, with the strings their records
    repeat shared (shared_strings); and by source id, the digests.record_digest of each of its
    records, in the file's order.

    Each file is also kept decoded, with its records' digests, in ``folder`` as ``<sha256 of its
    bytes>.marshal``, for the next build made by the same ``code``: marshal reads Python's own
    objects back several times faster than json decodes them, and interned strings come back
    interned (at 1,000 lists: 1 s against 3.6 s to decode and share, and a second to digest the
    records). A kept file is read only when its head names this code, this Python and orjson (whose
    bytes the digests are of) and its digest holds (marshal is not made for damaged data); the
    folder is left holding the .marshal files of these records only.
    """
    with contextlib.suppress(OSError):  # a file in the way: nothing is kept
        folder.mkdir(parents=True, exist_ok=True)
    head = _marshal_head(code)
    records_files: list[RecordsFile] = []
    digests: dict[str, list[bytes]] = {}
    current: set[str] = set()
    for path in map(Path, records_paths):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        kept_path = folder / f"{files.sha256_bytes(data)}.marshal"
        found = _read_marshal(kept_path, head)
        if found is None:
            records_file = shared_strings(files.loads(data))
            found = (records_file, [record_digest(record) for record in records_file.get("records", [])])
            payload = marshal.dumps(cast(tuple[Any, ...], found))
            with contextlib.suppress(OSError):  # a file a crash damaged fails its digest and is made again
                files.write_bytes(kept_path, head + hashlib.blake2b(payload, digest_size=32).digest() + payload,
                                  sync=False)
        records_files.append(found[0])
        digests[found[0]["source"]["id"]] = found[1]
        current.add(kept_path.name)
    for stale in sorted(folder.glob("*.marshal")):
        if stale.name not in current:
            with contextlib.suppress(OSError):
                stale.unlink(missing_ok=True)
    return records_files, digests


def _marshal_head(code: str) -> bytes:
    # marshal's format is Python's own: another Python may read it otherwise, or not at all.
    return f"{code} python {sys.version} marshal {marshal.version} orjson {orjson.__version__}\n".encode("utf-8")


def _read_marshal(path: Path, head: bytes) -> tuple[RecordsFile, list[bytes]] | None:
    """A records file and its records' digests as read_records kept them at ``path`` with this
    head, or None."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(head)) != head:  # another code's: not read further
                return None
            rest = handle.read()
    except OSError:
        return None
    payload = memoryview(rest)[32:]
    if hashlib.blake2b(payload, digest_size=32).digest() != rest[:32]:
        return None
    return cast(tuple[RecordsFile, list[bytes]], marshal.loads(payload))


def shared_strings(records_file: RecordsFile) -> RecordsFile:
    """A records file with the strings its records repeat (source id and file, kind and its reason,
    section headings, block type, venue) made one object each: the catalog holds every records file
    at once, and at 1,000 lists this is 100 MiB of the 660 MiB they take. Nothing else changes."""
    for record in records_file.get("records", []):
        source, block = record["source"], record["block"]
        source["id"], source["file"] = _intern(source["id"]), _intern(source["file"])
        block["type"] = _intern(block["type"])
        record["kind"], record["kind_reason"] = _intern(record["kind"]), _intern(record["kind_reason"])
        record["section"] = [_intern(heading) for heading in record["section"]]
        if record["venue"] is not None:
            record["venue"] = _intern(record["venue"])
    return records_file


def _intern(text: S) -> S:
    """sys.intern, keeping the text's type (a kind is one of the schema's names)."""
    return cast(S, sys.intern(text))
