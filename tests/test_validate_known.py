"""The catalog is checked against its schema once per paper: papers found valid before (their
digests kept in build/cache/catalog-valid.json) are not checked again, and what is found wrong is
reported as a check of the whole catalog reports it."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import caches, files, paths, tasks, validate
from pipeline.validate import item_digest, problems_but_known, schema_problems
from tests.catalog_fixture import SOURCES, real_catalog, real_records


@pytest.fixture(scope="module")
def catalog() -> dict[str, Any]:
    return real_catalog()


def _checked_papers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many papers each check of a papers document is given."""
    counts: list[int] = []
    real = validate.schema_problems

    def spy(document: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "papers":
            counts.append(len(document["papers"]))
        return real(document, name, *args, **kwargs)

    monkeypatch.setattr(validate, "schema_problems", spy)
    return counts


def test_a_digest_tells_every_type_apart() -> None:
    assert item_digest({"a": 1, "b": [None, "é"]}) == item_digest({"a": 1, "b": [None, "é"]})
    values = ({"a": 1}, {"a": 1.0}, {"a": True}, {"a": "1"}, {"a": [1]}, {"a": (1,)}, {"a": None},
              {"a": float("nan")}, {"a": float("inf")}, {"a": 2**64}, {"a": "\ud800"}, {"a": "\ud801"})
    digests = [item_digest(value) for value in values]
    assert None not in digests and len(set(digests)) == len(values)

    class Text(str):
        pass

    assert item_digest({"a": Text("1")}) is None  # not Python's own type: always checked


def test_only_papers_not_known_are_checked(catalog: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    papers = catalog["papers"]
    known = {item_digest(paper) for paper in papers[1:]}
    checked = _checked_papers(monkeypatch)
    found, digests = problems_but_known(catalog, "papers", "papers.json", "papers", known)
    assert found == [] and checked == [1]
    assert len(digests) == len(papers) and set(digests[1:]) == known
    checked.clear()
    assert problems_but_known(catalog, "papers", "papers.json", "papers", set())[0] == [] and checked == [len(papers)]


def test_a_wrong_paper_is_reported_at_its_own_index(catalog: dict[str, Any]) -> None:
    broken = copy.deepcopy(catalog)
    index = len(broken["papers"]) // 2
    broken["papers"][index]["year"] = "soon"
    known = {item_digest(paper) for paper in catalog["papers"]}  # all but the broken one
    found, _ = problems_but_known(broken, "papers", "papers.json", "papers", known)
    expected = f"$.papers[{index}].year: 'soon' is not of type 'integer', 'null'"
    assert [problem.message for problem in found] == [expected]
    assert found == schema_problems(broken, "papers", "papers.json", None)


@pytest.mark.parametrize("together", [
    lambda schema: schema["properties"]["papers"].update(uniqueItems=True),
    lambda schema: schema.update(allOf=[{"properties": {"papers": {"uniqueItems": True}}}]),
])
def test_a_schema_that_checks_papers_together_is_always_checked_whole(
        catalog: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, together: Any) -> None:
    schema = json.loads(paths.schema("papers").read_text(encoding="utf-8"))
    together(schema)
    (tmp_path / "papers.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    monkeypatch.setattr(paths, "SCHEMAS", tmp_path)
    validate.validator.cache_clear()
    validate._fast.cache_clear()
    try:
        twice = {**catalog, "papers": [catalog["papers"][0], catalog["papers"][0]]}
        found, _ = problems_but_known(twice, "papers", "papers.json", "papers", {item_digest(catalog["papers"][0])})
        assert [problem.message.split(":")[0] for problem in found] == ["$.papers"]  # has non-unique elements
    finally:
        validate.validator.cache_clear()
        validate._fast.cache_clear()


def test_the_catalog_action_keeps_the_digests_of_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records_paths = []
    for records_file in real_records():
        path = tmp_path / "records" / f"{records_file['source']['id']}.json"
        files.write_json(path, records_file)
        records_paths.append(path)
    target = tmp_path / "build" / "catalog" / "papers.json"
    checked = _checked_papers(monkeypatch)
    assert tasks.build_catalog.__wrapped__(records_paths, SOURCES, target)
    written = json.loads(target.read_text(encoding="utf-8"))
    kept = files.read_cache(tmp_path / "build" / paths.VALID_CACHE)
    assert len(kept["papers"]) == len(written["papers"])  # one digest per paper, of the paper as built
    assert set(kept["papers"].values()) == {True}  # and orjson wrote each: json agreed with its bytes

    records_file = copy.deepcopy(real_records()[0])
    records_file["records"][0]["year"] = 1999  # one paper changes
    files.write_json(records_paths[0], records_file)
    proved: list[str] = []  # the papers whose bytes json is asked to prove
    real_compact = files._compact

    def counted(value: Any) -> str:
        if isinstance(value, dict) and {"id", "mentions"} <= set(value):  # a paper, not a conflict
            proved.append(value["id"])
        return real_compact(value)

    monkeypatch.setattr(files, "_compact", counted)
    assert tasks.build_catalog.__wrapped__(records_paths, SOURCES, target)
    assert checked == [len(written["papers"]), 1] and len(proved) == 1
    edited = target.read_bytes()
    # the same bytes as a catalog written with every paper proven
    for cache in paths.VALID_CACHE, paths.PARTS_CACHE:
        (tmp_path / "build" / cache).unlink()
    target.unlink()
    assert tasks.build_catalog.__wrapped__(records_paths, SOURCES, target)
    assert target.read_bytes() == edited and len(proved) == 1 + len(written["papers"])
    # a digest kept as written by json (the proof failed) is proven again, not trusted
    valid = tmp_path / "build" / paths.VALID_CACHE
    last = files.read_cache(valid)
    caches.write_kept(valid, last["code"], "papers", dict.fromkeys(last["papers"], False))
    proved.clear()
    assert tasks.build_catalog.__wrapped__(records_paths, SOURCES, target)
    assert len(proved) == len(written["papers"]) and target.read_bytes() == edited
