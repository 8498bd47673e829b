"""The build's caches (pipeline/caches.py): read back only when made by the same code and intact, and
the same catalog whether they are there or not."""

import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline import caches, files, paths, tasks
from tests.catalog_fixture import SOURCES, real_records


def _record(line: int, venue: str | None) -> dict[str, Any]:
    # "".join: strings made at run time, as json makes them, not constants Python shares anyway
    return {"source": {"id": "".join(["list", "-a"]), "file": "".join(["sources/", "a.md"]), "line": line},
            "block": {"type": "".join(["ordered", "-list"]), "depth": 0, "index": line, "position": line},
            "kind": "".join(["pap", "er"]), "kind_reason": "".join(["identi", "fier"]),
            "section": ["".join(["Rec", "Sys"]), "".join(["L", "LM"])], "venue": venue, "title": f"T{line}"}


def _records_file(source: str, lines: range) -> dict[str, Any]:
    records = [_record(line, "SIGIR" if line % 2 else None) for line in lines]
    for record in records:
        record["source"]["id"] = source
    return {"source": {"id": source, "path": f"sources/{source}.md"}, "records": records,
            "counts": {"records": len(records)}, "score": 0.5, "flags": [True, False, None]}


def _write(folder: Path, records_files: list[dict[str, Any]]) -> list[Path]:
    written = []
    for records_file in records_files:
        written.append(folder / f"{records_file['source']['id']}.json")
        written[-1].write_text(json.dumps(records_file, indent=2), encoding="utf-8")
    return written


def _decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The records files read_records decodes from JSON, counted as it decodes them."""
    decoded: list[int] = []
    real = files.loads

    def counted(data: Any) -> Any:
        decoded.append(len(data))
        return real(data)

    monkeypatch.setattr(files, "loads", counted)
    return decoded


def test_records_are_kept_decoded_and_read_back_as_json_reads_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = [_records_file("list-a", range(1, 4)), _records_file("list-b", range(10, 12))]
    record_paths = _write(tmp_path, written)
    folder = tmp_path / "cache" / "records"
    decoded = _decodes(monkeypatch)
    cold, digests = caches.read_records([*record_paths, tmp_path / "absent.json"], folder, "a" * 64)
    # each record's digest: the sha256 of its canonical JSON
    expected = {f["source"]["id"]: [hashlib.sha256(json.dumps(r, sort_keys=True, separators=(",", ":")).encode()).digest()
                                    for r in f["records"]] for f in written}
    assert cold == written and digests == expected and len(decoded) == 2
    assert sorted(path.name for path in folder.iterdir()) == \
        sorted(f"{hashlib.sha256(path.read_bytes()).hexdigest()}.marshal" for path in record_paths)

    warm, warm_digests = caches.read_records(record_paths, folder, "a" * 64)
    assert len(decoded) == 2  # nothing decoded again
    assert warm == written and warm_digests == expected
    assert [list(records_file) for records_file in warm] == [list(file) for file in written]  # the keys' order
    assert type(warm[0]["score"]) is float and warm[0]["flags"] == [True, False, None]
    # The repeated strings are still one object each, across files too: marshal keeps them interned.
    first, second = warm[0]["records"][0], warm[1]["records"][1]
    assert first["kind"] is second["kind"] is sys.intern("paper")
    assert first["section"][1] is second["section"][1] and first["block"]["type"] is second["block"]["type"]
    assert warm[0]["records"][0]["venue"] is warm[1]["records"][1]["venue"] is sys.intern("SIGIR")


def test_a_damaged_or_foreign_kept_file_is_not_read_and_stale_ones_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = [_records_file("list-a", range(1, 4)), _records_file("list-b", range(10, 12))]
    record_paths = _write(tmp_path, written)
    folder = tmp_path / "kept"
    caches.read_records(record_paths, folder, "a" * 64)
    decoded = _decodes(monkeypatch)
    damaged = folder / f"{hashlib.sha256(record_paths[0].read_bytes()).hexdigest()}.marshal"
    data = bytearray(damaged.read_bytes())
    data[-2] ^= 0x01  # one bit of the payload
    damaged.write_bytes(bytes(data))
    assert caches.read_records(record_paths, folder, "a" * 64)[0] == written and len(decoded) == 1
    assert caches.read_records(record_paths, folder, "a" * 64)[0] == written and len(decoded) == 1  # made again
    damaged.write_bytes(b"")  # no head at all
    assert caches.read_records(record_paths, folder, "a" * 64)[0] == written and len(decoded) == 2

    assert caches.read_records(record_paths, folder, "b" * 64)[0] == written and len(decoded) == 4  # other code

    written[1]["records"].pop()
    _write(tmp_path, written)
    assert caches.read_records(record_paths, folder, "b" * 64)[0] == written and len(decoded) == 5
    assert sorted(path.name for path in folder.iterdir()) == \
        sorted(f"{hashlib.sha256(path.read_bytes()).hexdigest()}.marshal" for path in record_paths)


def test_the_catalog_from_kept_records_is_the_catalog_from_json(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record_paths = []
    for records_file in real_records():
        record_paths.append(tmp_path / "records" / f"{records_file['source']['id']}.json")
        files.write_json(record_paths[-1], copy.deepcopy(records_file))
    target = tmp_path / "build" / "catalog" / "papers.json"
    assert tasks.build_catalog.__wrapped__(record_paths, SOURCES, target)
    scratch = target.read_bytes()
    assert len(list((tmp_path / "build" / paths.RECORDS_CACHE).glob("*.marshal"))) == len(record_paths)
    for cache in paths.PARTS_CACHE, paths.VALID_CACHE:
        (tmp_path / "build" / cache).unlink()  # only the records are reused
    target.unlink()
    shared: list[str] = []  # the records decoded from JSON are shared next: none is
    monkeypatch.setattr(caches, "shared_strings", lambda records_file: shared.append(records_file["source"]["id"]))
    assert tasks.build_catalog.__wrapped__(record_paths, SOURCES, target)
    assert shared == [] and target.read_bytes() == scratch


def test_remove_orphans_removes_the_kept_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / paths.RECORDS_CACHE
    folder.mkdir(parents=True)
    for name in ("a", "b"):
        (folder / f"{name}.marshal").write_bytes(b"x")
    tasks.remove_orphans(tmp_path, SOURCES)
    assert not folder.exists()
    assert "removed 2 records files kept decoded in " in capsys.readouterr().err


def test_a_cache_of_other_code_is_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache.json"
    caches.write_kept(cache, "a" * 64, "parts", {"x": {"papers": [], "conflicts": []}})
    assert cache.read_bytes().startswith(b'{"code":"' + b"a" * 64 + b'","parts":')
    assert caches.read_kept(cache, "a" * 64, "parts") == {"x": {"papers": [], "conflicts": []}}
    decoded: list[Path] = []
    monkeypatch.setattr(files, "read_cache", lambda path: decoded.append(path) or {})
    assert caches.read_kept(cache, "b" * 64, "parts") == {} and decoded == []
    assert caches.read_kept(cache, "a" * 64, "items") == {} and decoded == [cache]  # the same code, no such field
    assert caches.read_kept(tmp_path / "absent.json", "a" * 64, "parts") == {}


def test_the_catalog_action_shares_what_records_repeat_and_changes_nothing() -> None:
    records_file = {"source": {"id": "list-a"}, "records": [_record(3, "".join(["SI", "GIR"])), _record(4, None)]}
    expected = copy.deepcopy(records_file)
    shared = caches.shared_strings(records_file)
    assert shared == expected
    first, second = shared["records"]
    for path in (("source", "id"), ("source", "file"), ("block", "type"), ("kind",), ("kind_reason",), ("section", 0),
                 ("section", 1)):
        a, b = first, second
        for step in path:
            a, b = a[step], b[step]
        assert a is b, path
    assert first["venue"] is sys.intern("SIGIR") and second["venue"] is None


def test_a_cache_that_cannot_be_written_is_not_kept_and_the_build_goes_on(tmp_path: Path) -> None:
    written = [_records_file("list-a", range(1, 4))]
    record_paths = _write(tmp_path, written)
    in_the_way = tmp_path / "records-cache"
    in_the_way.write_text("a file where the folder would be", encoding="utf-8")
    assert caches.read_records(record_paths, in_the_way, "a" * 64)[0] == written
    folder = tmp_path / "kept"
    (folder / "stale.marshal").mkdir(parents=True)  # a folder where a stale file would be
    assert caches.read_records(record_paths, folder, "a" * 64)[0] == written
    assert sorted(path.name for path in folder.iterdir()) == \
        sorted([f"{hashlib.sha256(record_paths[0].read_bytes()).hexdigest()}.marshal", "stale.marshal"])
    blocked = tmp_path / "cache" / "parts.json"
    blocked.mkdir(parents=True)
    caches.write_kept(blocked, "a" * 64, "parts", {"x": {}})
    assert blocked.is_dir() and caches.read_kept(blocked, "a" * 64, "parts") == {}


def test_a_cache_whose_code_is_not_ascii_is_read_back(tmp_path: Path) -> None:
    # the head read_kept looks for is the one orjson writes: "é" raw, not json's "\u00e9"
    cache = tmp_path / "cache.json"
    caches.write_kept(cache, "pandoc 3.1 – é", "items", {"k": "text"})
    assert caches.read_kept(cache, "pandoc 3.1 – é", "items") == {"k": "text"}
