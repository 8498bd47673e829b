"""The merge reuses the pair decisions of the previous merge, and gives the catalog a merge from
scratch gives: after an edit, with a stale or broken cache, through the doit action."""

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline import files, paths, tasks
from pipeline.catalog import cluster as cluster_module
from pipeline.catalog.build import merge_catalog
from pipeline.manifest import resolve_sources
from tests.catalog_fixture import SOURCES, real_records


def _inputs() -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    manifest = json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))
    decisions = json.loads((SOURCES / "decisions.json").read_text(encoding="utf-8"))
    sources, _ = resolve_sources(manifest, [p.name for p in paths.documents(SOURCES)], "manifest.json")
    return [copy.deepcopy(r) for r in real_records()], sources, decisions


def _edited(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One source edited: a title retyped, a year changed, a record gone."""
    edited = copy.deepcopy(records)
    target = edited[0]["records"]
    target[0]["title"] = target[0]["title"].upper()
    target[1]["year"] = 1999
    del target[2]
    return edited


def test_a_merge_given_the_last_decisions_equals_a_merge_from_scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    records, sources, decisions = _inputs()
    first, _, decided = merge_catalog(records, sources, decisions)
    assert len(decided) > 300  # the real lists give hundreds of candidate pairs

    calls = []
    real_same_paper = cluster_module.same_paper

    def asked(a: Any, b: Any) -> Any:
        # Which code asked: the candidate pairs are decided in cluster() itself (mutmut runs it as
        # x_cluster__mutmut_orig or a numbered mutant, so both names count).
        name = sys._getframe(1).f_code.co_name
        calls.append("cluster" if name == "cluster" or name.startswith("x_cluster__mutmut_") else name)
        return real_same_paper(a, b)

    monkeypatch.setattr(cluster_module, "same_paper", asked)
    merge_catalog(records, sources, decisions)
    assert calls.count("cluster") > 300
    calls[:] = []
    again, _, decided_again = merge_catalog(records, sources, decisions, known=decided)
    assert calls.count("cluster") == 0  # nothing changed: no candidate pair was decided again
    assert files.dumps(again) == files.dumps(first) and decided_again == decided

    edited = _edited(records)
    calls[:] = []
    reused, reused_problems, reused_decided = merge_catalog(edited, sources, decisions, known=decided)
    reused_calls, calls[:] = calls.count("cluster"), []
    scratch, scratch_problems, scratch_decided = merge_catalog(edited, sources, decisions)
    assert 0 < reused_calls < calls.count("cluster") / 4  # only the pairs the edit touched are decided again
    assert files.dumps(reused) == files.dumps(scratch)
    assert reused_problems == scratch_problems and reused_decided == scratch_decided


def test_a_wrong_or_malformed_cache_entry_is_decided_again() -> None:
    records, sources, decisions = _inputs()
    first, _, decided = merge_catalog(records, sources, decisions)
    broken = {key: "x" for key in decided}  # not [same, rule, score]: ignored
    assert files.dumps(merge_catalog(records, sources, decisions, known=broken)[0]) == files.dumps(first)


def test_the_catalog_action_keeps_decisions_and_drops_them_when_the_code_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records_dir = tmp_path / "records"
    records, _sources, _decisions = _inputs()
    paths_ = []
    for records_file in records:
        path = records_dir / f"{records_file['source']['id']}.json"
        files.write_json(path, records_file)
        paths_.append(path)
    target = tmp_path / "build" / "catalog" / "papers.json"
    assert tasks.build_catalog(paths_, SOURCES, target)
    cache = tmp_path / "build" / paths.PAIRS_CACHE
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert len(kept["code"]) == 64 and len(kept["pairs"]) > 300
    scratch = target.read_bytes()

    files.write_json(paths_[0], _edited(records)[0])
    assert tasks.build_catalog(paths_, SOURCES, target)
    reused = target.read_bytes()
    cache.unlink()
    assert tasks.build_catalog(paths_, SOURCES, target)
    assert target.read_bytes() == reused != scratch

    # Decisions made by other code (a changed same_paper) are not reused.
    monkeypatch.setattr(tasks, "_matching_code", lambda: "0" * 64)
    assert tasks._read_pairs(cache, "0" * 64) == {}


def test_the_catalog_action_shares_what_records_repeat_and_changes_nothing() -> None:
    def record(line: int, venue: str | None) -> dict[str, Any]:
        # "".join: strings made at run time, as json makes them, not constants Python shares anyway
        return {"source": {"id": "".join(["list", "-a"]), "file": "".join(["sources/", "a.md"]), "line": line},
                "block": {"type": "".join(["ordered", "-list"]), "depth": 0, "index": line, "position": line},
                "kind": "".join(["pap", "er"]), "kind_reason": "".join(["identi", "fier"]),
                "section": ["".join(["Rec", "Sys"]), "".join(["L", "LM"])], "venue": venue, "title": f"T{line}"}

    records_file = {"source": {"id": "list-a"}, "records": [record(3, "".join(["SI", "GIR"])), record(4, None)]}
    expected = copy.deepcopy(records_file)
    shared = tasks._shared_strings(records_file)
    assert shared == expected
    first, second = shared["records"]
    for path in (("source", "id"), ("source", "file"), ("block", "type"), ("kind",), ("kind_reason",), ("section", 0),
                 ("section", 1)):
        a, b = first, second
        for step in path:
            a, b = a[step], b[step]
        assert a is b, path
    assert first["venue"] is sys.intern("SIGIR") and second["venue"] is None
