"""The only module that writes files: canonical JSON and atomic replacement."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import AbstractSet, Any, BinaryIO, ContextManager, Iterable, Iterator, NamedTuple

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
    """``dumps`` encoded as UTF-8, the bytes the writers store."""
    if compact:
        return _encode(_compact(data)) + b"\n"
    return b"".join(json_chunks(data))


def json_chunks(data: Any, trusted: AbstractSet[int] = frozenset(), proven: set[int] | None = None) -> Iterator[bytes]:
    """The indented form of ``data`` in pieces: the values of a top-level dict or list, and the
    values of those that hold many (a catalog's papers) one at a time, so that a large document is
    never held whole (papers.json of a thousand lists is 160 MB).

    The indented form is json.dumps(indent=2, sort_keys=True, ensure_ascii=False), but json
    falls back to its pure-Python encoder when given an indent (5-25x slower than its C
    encoder). orjson writes the same layout in C; its bytes are used for a piece only when its
    compact form equals json's C encoder's compact form, which proves that both write the same
    tokens (floats, escapes, key order, integers): the indentation rules are the same (tested
    against json.dumps in tests/test_files.py). Otherwise (floats such as 1e16 or NaN, integers
    past 64 bits, non-string keys, lone surrogates) json writes the piece, as before. The
    brackets, keys and commas between pieces are written here as json writes them.

    A piece whose value's ``id`` is in ``trusted`` is written by orjson without the proof: the
    caller knows that a value of the same types and contents was proven before (the catalog's
    papers an edit did not change: the proof was a third of writing papers.json). The ids of the
    pieces orjson wrote, trusted or proven, are added to ``proven``.
    """
    yield from _chunks(data, 0, 2, _Proofs(trusted, proven if proven is not None else set()))
    yield b"\n"


class _Proofs(NamedTuple):
    trusted: AbstractSet[int]
    proven: set[int]


#: A container below the top level is split into pieces only when it holds more values than this
#: (a catalog's list of papers, not a paper): each piece costs three encodings, and splitting the
#: 28,000 small items of papers.csl.json into their fields made its writing five times slower.
SPLIT_ABOVE = 32


def _chunks(value: Any, level: int, depth: int, proofs: _Proofs) -> Iterator[bytes]:
    """``value`` indented as if ``level`` levels deep, split at most ``depth`` levels down."""
    inner = b"\n" + b"  " * (level + 1)
    splits = depth > 0 and type(value) in (dict, list) and (level == 0 or len(value) > SPLIT_ABOVE) and bool(value)
    if splits and type(value) is dict and all(type(key) is str for key in value):
        for number, key in enumerate(sorted(value)):  # as json's sort_keys orders them
            yield (b"," if number else b"{") + inner + _encode(json.dumps(key, ensure_ascii=False)) + b": "
            yield from _chunks(value[key], level + 1, depth - 1, proofs)
        yield b"\n" + b"  " * level + b"}"
    elif splits and type(value) is list:
        for number, item in enumerate(value):
            yield (b"," if number else b"[") + inner
            yield from _chunks(item, level + 1, depth - 1, proofs)
        yield b"\n" + b"  " * level + b"]"
    else:
        piece = _piece(value, proofs)
        # JSON text holds no newline but its layout's (a newline in a string is written \n)
        yield piece.replace(b"\n", b"\n" + b"  " * level) if level else piece


def _piece(value: Any, proofs: _Proofs) -> bytes:
    try:
        same = id(value) in proofs.trusted or \
            orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == _encode(_compact(value))
    except (TypeError, UnicodeEncodeError):  # orjson.JSONEncodeError is a TypeError
        same = False
    if same:
        proofs.proven.add(id(value))
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
    return _encode(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))


def _compact(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _encode(text: str) -> bytes:
    # Strict UTF-8, as write_text always encoded: a lone surrogate raises here as it did there.
    return text.encode("utf-8")


def write_text(path: Path, text: str) -> None:
    """Write ``text`` so that readers see the old file or the new one, never a truncated one."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` as write_text does; without ``sync``, the bytes are not flushed to the disk
    before the file is replaced (a cache that checks its own digest: a crash costs it, not a build)."""
    if _holds(path, data):
        # Left alone, an unchanged output keeps its time: doit (which trusts an unchanged time)
        # then never hashes it again to learn that the tasks after it are up to date. Rewritten,
        # every later no-op `doit` would hash it once per task depending on it.
        return
    _replace(path, [data], compare=False, sync=sync)  # _holds has compared them already


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the bytes of ``chunks`` (made as they are written) so that readers see the old file
    or the new one, never a truncated one; a file that already holds them is left as it is."""
    _replace(path, chunks, compare=True)


def _replace(path: Path, chunks: Iterable[bytes], compare: bool, sync: bool = True) -> None:
    """Write ``chunks`` to a temporary file beside ``path`` and move it over ``path``; with
    ``compare``, the old file is read alongside and left as it is when the bytes are the same."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle, _open_old(path) if compare else contextlib.nullcontext() as old:
            same = old is not None
            for chunk in chunks:
                handle.write(chunk)
                same = same and old is not None and old.read(len(chunk)) == chunk
            same = same and old is not None and old.read(1) == b""
            if not same and sync:
                handle.flush()
                os.fsync(handle.fileno())
        if same:
            os.unlink(tmp)
            return
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _open_old(path: Path) -> ContextManager[BinaryIO | None]:
    """The file being replaced, open for reading, or None when there is none to compare with."""
    try:
        return open(path, "rb")
    except OSError:
        return contextlib.nullcontext()


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


def write_json(path: Path, data: Any, compact: bool = False, trusted: AbstractSet[int] = frozenset(),
               proven: set[int] | None = None) -> None:
    """``data`` as ``dumps`` writes it, atomically (``trusted`` and ``proven``: json_chunks)."""
    if compact:
        write_bytes(path, dumps_bytes(data, compact))
    else:
        write_chunks(path, json_chunks(data, trusted, proven))


def write_cache(path: Path, data: Any) -> None:
    """A cache of the build (build/cache/*.json): orjson's compact JSON, several times faster to
    write and read than json's. What orjson cannot write as it is (a lone surrogate, an integer past
    64 bits) is not kept: the file holds ``{}``, and the next build makes it all again. So a cache holds
    only what orjson reads back exactly (it reads integers past 64 bits as floats).

    The bytes are orjson.dumps(data)'s, written in pieces (the values of the dicts two levels down
    one at a time): the catalog's cache is 45 MB, which as one bytes object was the peak of a
    1,000-list rebuild after an edit, over 1 GiB. A last line holds the blake2b digest of the JSON
    before it, which read_cache checks: a file damaged on disk that is still JSON is not read.
    """
    try:
        write_chunks(path, _digested(_cache_chunks(data, 2)))
    except TypeError:  # orjson.JSONEncodeError; the file as it was is left, and then emptied
        write_bytes(path, b"".join(_digested([b"{}"])))  # an empty cache: the file stays, as its task names it


def _digested(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks``, then a line with their blake2b digest."""
    digest = hashlib.blake2b(digest_size=16)
    for chunk in chunks:
        digest.update(chunk)
        yield chunk
    yield b"\n" + digest.hexdigest().encode("ascii")


def _cache_chunks(value: Any, depth: int) -> Iterator[bytes]:
    if depth and type(value) is dict and value and all(type(key) is str for key in value):  # others: orjson refuses
        for number, (key, item) in enumerate(value.items()):
            yield (b"," if number else b"{") + orjson.dumps(key) + b":"
            yield from _cache_chunks(item, depth - 1)
        yield b"}"
    else:
        yield orjson.dumps(value)


def read_cache(path: Path) -> Any:
    """A file write_cache wrote; OSError when it cannot be read, ValueError when it is not JSON or
    not the JSON its digest names."""
    body, _newline, digest = path.read_bytes().rpartition(b"\n")
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode("ascii") != digest:
        raise ValueError(f"{path}: not the bytes its digest names")
    return orjson.loads(body)


def read_json(path: Path) -> Any:
    """A JSON file, decoded by json with the cyclic garbage collector paused.

    Decoding papers.json makes a million containers; the collector would scan them again and again
    as they are made (none is garbage yet, and JSON makes no cycles), which took 40% of the time.
    """
    with open(path, encoding="utf-8") as handle:
        return loads(handle.read())


def loads(data: str | bytes) -> Any:
    """JSON text (UTF-8 bytes or a string) decoded as read_json decodes a file."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    finally:
        if enabled:
            gc.enable()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path | str) -> str:
    return sha256_bytes(Path(path).read_bytes())
