"""The merge reuses the parts (components) of the previous merge, and gives the catalog a merge from
scratch gives: after an edit, with a stale or broken cache, through the doit action."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import files, paths, tasks
from pipeline.catalog import build as catalog_build
from pipeline.catalog import cluster as cluster_module
from pipeline.catalog import components as components_module
from pipeline.catalog.build import merge_catalog
from pipeline.digests import record_digest
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


def _clustered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many mentions each merge gives cluster(), as the merges run."""
    counts: list[int] = []
    real_cluster = catalog_build.cluster

    def counted(mentions: Any, *decided: Any) -> Any:
        listed = list(mentions)
        counts.append(len(listed))
        return real_cluster(listed, *decided)

    monkeypatch.setattr(catalog_build, "cluster", counted)
    return counts


def test_a_merge_given_the_last_parts_equals_a_merge_from_scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    records, sources, decisions = _inputs()
    first, first_problems, parts = merge_catalog(records, sources, decisions)
    mentions = first["counts"]["mentions"]
    # the real lists: hundreds of components, one per paper or a few papers each
    assert 300 < len(parts) <= len(first["papers"])
    assert sum(len(part["papers"]) for part in parts.values()) == len(first["papers"])

    clustered = _clustered(monkeypatch)
    again, again_problems, parts_again = merge_catalog(records, sources, decisions, kept=parts)
    assert clustered == [0]  # nothing changed: no mention was clustered again
    assert files.dumps(again) == files.dumps(first) and again_problems == first_problems
    assert files.dumps(parts_again) == files.dumps(parts)

    edited = _edited(records)
    reused, reused_problems, reused_parts = merge_catalog(edited, sources, decisions, kept=parts)
    scratch, scratch_problems, scratch_parts = merge_catalog(edited, sources, decisions)
    assert clustered[1:] == [clustered[1], mentions - 1]  # the record deleted is in neither
    assert 0 < clustered[1] < mentions / 10  # only the components the edit reached
    assert files.dumps(reused) == files.dumps(scratch) != files.dumps(first)
    assert reused_problems == scratch_problems and files.dumps(reused_parts) == files.dumps(scratch_parts)


def test_records_given_with_their_digests_give_the_catalog_a_merge_from_scratch_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    records, sources, decisions = _inputs()
    digests = {f["source"]["id"]: [record_digest(r) for r in f["records"]] for f in records}
    first, _, parts = merge_catalog(records, sources, decisions, record_digests=digests)
    assert files.dumps(first) == files.dumps(merge_catalog(records, sources, decisions)[0])
    edited = _edited(records)
    edited_digests = {**digests, edited[0]["source"]["id"]: [record_digest(r) for r in edited[0]["records"]]}
    clustered = _clustered(monkeypatch)
    reused, reused_problems, _ = merge_catalog(edited, sources, decisions, kept=parts, record_digests=edited_digests)
    scratch, scratch_problems, _ = merge_catalog(edited, sources, decisions)
    assert files.dumps(reused) == files.dumps(scratch) and reused_problems == scratch_problems
    of_edited = sum(m["source"] == edited[0]["source"]["id"] for paper in scratch["papers"] for m in paper["mentions"])
    assert 0 < clustered[0] < of_edited  # the components of the records edited, not all of the file's
    # records given with the digests they had before their edit: their parts are stale, and taken as they are
    stale, _, _ = merge_catalog(edited, sources, decisions, kept=parts,
                                record_digests={**digests, edited[0]["source"]["id"]: digests[edited[0]["source"]["id"]][:2]
                                                + digests[edited[0]["source"]["id"]][3:]})
    assert files.dumps(stale) != files.dumps(scratch)


def test_a_record_id_two_files_hold_is_read_by_its_fields() -> None:
    # A broken records file holding another list's record id: neither file's digest of it can stand for
    # the record, so it is read field by field, and an edit of either file is seen.
    def records_file(source: str, title: str) -> dict[str, Any]:
        return {"source": {"id": source}, "records": [
            {"id": "a:1", "source": {"id": source, "file": f"{source}.md", "line": 1}, "kind": "paper", "title": title,
             "year": 2024, "venue": None, "short_name": None, "identifiers": {"arxiv": "2401.00001"}, "links": [],
             "urls": {"paper": None, "code": None, "other": []}, "section": [], "attributes": {}, "notes": None,
             "authors": []}]}

    sources = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]
    before = [records_file("a", "Graph Papers for Sequential Shopping"), records_file("b", "Graph Papers for Shopping")]
    _catalog, _problems, parts = merge_catalog(before, sources, None, record_digests={"a": [b"1" * 32], "b": [b"2" * 32]})
    after = [records_file("a", "Sequential Shopping with Graph Papers"), before[1]]
    reused, _, _ = merge_catalog(after, sources, None, kept=parts, record_digests={"a": [b"3" * 32], "b": [b"2" * 32]})
    scratch, _, _ = merge_catalog(after, sources, None)
    assert "Sequential Shopping with Graph Papers" in files.dumps(scratch)
    assert files.dumps(reused) == files.dumps(scratch)


def test_a_kept_part_a_paper_id_was_made_unique_in_is_kept_as_it_was_made() -> None:
    # One title written twice, with one arXiv id, kept apart by a maintainer: the two papers share
    # an id, and each gets a suffix in the catalog, not in the parts the next merge reads.
    def record(line: int, title: str) -> dict[str, Any]:
        return {"id": f"a:{line}", "source": {"id": "a", "file": "a.md", "line": line}, "kind": "paper",
                "title": title, "year": 2024, "venue": None, "short_name": None, "identifiers": {"arxiv": "2401.00001"},
                "links": [], "urls": {"paper": None, "code": None, "other": []}, "section": [], "attributes": {},
                "notes": None, "authors": []}

    records_file = {"source": {"id": "a"}, "records": [record(1, "Graph Papers for Sequential Shopping"),
                                                       record(2, "graph papers for sequential shopping")]}
    decisions = {"different": [{"a": {"source": "a", "title": "Graph Papers for Sequential Shopping", "line": 1},
                                "b": {"source": "a", "title": "graph papers for sequential shopping", "line": 2}}]}
    catalog, problems, parts = merge_catalog([records_file], [{"id": "a", "title": "A"}], decisions)
    assert problems == []
    assert [paper["id"].split("#")[0] for paper in catalog["papers"]] == ["arxiv:2401.00001"] * 2
    assert all("#" in paper["id"] for paper in catalog["papers"])
    [part] = parts.values()
    assert [paper["id"] for paper in part["papers"]] == ["arxiv:2401.00001"] * 2
    again, _problems, _parts = merge_catalog([records_file], [{"id": "a", "title": "A"}], decisions, kept=parts)
    assert files.dumps(again) == files.dumps(catalog)


def test_alike_titles_are_searched_once_per_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    records, sources, decisions = _inputs()
    calls: list[int] = []
    real = cluster_module.similar_titles

    def counted(titles: Any, keys: Any) -> Any:
        calls.append(len(titles))
        return real(titles, keys)

    # wherever the merge may take it from
    for module in (cluster_module, catalog_build, components_module):
        monkeypatch.setattr(module, "similar_titles", counted, raising=False)
    catalog, _problems, _parts = merge_catalog(records, sources, decisions)
    assert calls == [catalog["counts"]["mentions"]]


def test_a_malformed_kept_part_is_made_again() -> None:
    records, sources, decisions = _inputs()
    first, _, parts = merge_catalog(records, sources, decisions)
    for broken in ({key: "x" for key in parts}, {key: {"papers": "x", "conflicts": []} for key in parts},
                   {key: {"papers": [1], "conflicts": []} for key in parts}, {key: {"papers": []} for key in parts}):
        assert files.dumps(merge_catalog(records, sources, decisions, kept=broken)[0]) == files.dumps(first)


def test_the_catalog_action_keeps_parts_and_drops_them_when_the_code_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records_dir = tmp_path / "records"
    records, _sources, _decisions = _inputs()
    paths_ = []
    for records_file in records:
        path = records_dir / f"{records_file['source']['id']}.json"
        files.write_json(path, records_file)
        paths_.append(path)
    target = tmp_path / "build" / "catalog" / "papers.json"
    assert tasks.build_catalog.__wrapped__(paths_, SOURCES, target)
    cache = tmp_path / "build" / paths.PARTS_CACHE
    kept = files.read_cache(cache)
    assert len(kept["code"]) == 64 and len(kept["parts"]) > 300
    scratch = target.read_bytes()

    files.write_json(paths_[0], _edited(records)[0])
    clustered = _clustered(monkeypatch)
    assert tasks.build_catalog.__wrapped__(paths_, SOURCES, target)
    reused = target.read_bytes()
    cache.unlink()
    assert tasks.build_catalog.__wrapped__(paths_, SOURCES, target)
    assert target.read_bytes() == reused != scratch
    catalog = json.loads(reused)
    mentions = catalog["counts"]["mentions"]
    # The action gives the merge each record's digest, kept with the records (pipeline/caches.py): only
    # the components that hold a record the edit changed are clustered again, not all of the file's.
    edited_source = records[0]["source"]["id"]
    of_edited = sum(m["source"] == edited_source for paper in catalog["papers"] for m in paper["mentions"])
    assert 0 < clustered[0] < of_edited
    assert clustered[1] == mentions  # without the cache, every mention

    # Parts made by other code (a changed matcher) are not reused.
    monkeypatch.setattr(tasks, "code_digest", lambda *modules: "0" * 64)
    assert tasks.build_catalog.__wrapped__(paths_, SOURCES, target)
    assert clustered[2] == mentions and target.read_bytes() == reused
