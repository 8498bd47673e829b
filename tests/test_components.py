"""The components of the merge (pipeline/catalog/components.py): which records share one, written out
by hand; what a component's digest reads; and, on generated mentions, that clustering each
component alone gives what clustering all of them at once gives."""

import copy
import hashlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalog.cluster import cluster, similar_titles
from pipeline.catalog.components import components, part_digest
from pipeline.digests import record_digest
from tests.test_properties_dedup import MENTION

TITLE = "Graph Neural Recommenders for Sequential Shopping Sessions"
SPELLED = TITLE.replace("Sessions", "Session")
OTHER = "Diffusion Models Write Product Descriptions"
THIRD = "Contrastive Pretraining of Item Encoders at Scale"


def record(key: str, title: str, **identifiers: str) -> dict[str, Any]:
    return {"id": key, "title": title, "identifiers": identifiers,
            "urls": {"paper": "https://arxiv.org/abs/2401.09999", "code": None, "other": []}}


def test_records_join_by_identifier_title_alike_title_and_decision_only() -> None:
    records = [record("a:1", TITLE),                           # 0
               record("a:2", OTHER, arxiv="2401.00001"),       # 1
               record("b:1", TITLE.upper()),                   # 2: 0's normalized title
               record("b:2", THIRD, arxiv="arXiv:2401.00001"),  # 3: 1's arXiv id, written otherwise
               record("c:1", SPELLED),                         # 4: a title alike 0's
               record("c:2", "Something Else Entirely Written Here"),  # 5
               record("c:3", "Yet Another Unrelated Paper Title"),     # 6: joined to 5 by a decision
               record("c:4", "A Paper Of Its Own On Nothing Shared")]  # 7
    # Every record has the same link: links are not read (cluster() gives the matcher identifiers only).
    alike = similar_titles([r["title"] for r in records], [r["id"] for r in records])
    assert alike == {(0, 4)}
    assert components(records, [(6, 5)], alike) == [[0, 2, 4], [1, 3], [5, 6], [7]]
    assert components(records, [], alike) == [[0, 2, 4], [1, 3], [5], [6], [7]]
    assert components(records, [], set()) == [[0, 2], [1, 3], [4], [5], [6], [7]]
    assert components([], [], set()) == []


def test_a_record_s_digest_given_stands_for_its_fields() -> None:
    records = [record("a:1", TITLE, arxiv="2401.00001"), record("b:1", TITLE)]
    known = {"a:1": record_digest(records[0]), "b:1": None}  # b:1's id is held twice: not given
    digest = part_digest(records, [], known)
    assert digest == part_digest(records, [])  # the same digest as encoding every record here
    assert record_digest(records[0]) == hashlib.sha256(
        json.dumps(records[0], sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).digest()
    retitled = copy.deepcopy(records)
    retitled[0]["title"] = "Another title"  # the digest given stands for its fields, and is trusted
    assert part_digest(retitled, [], known) == digest != part_digest(retitled, [])
    assert part_digest(records, [], {**known, "a:1": b"2" * 32}) != digest
    retitled[1]["title"] = "Another title"  # a record not given is read field by field
    assert part_digest(retitled, [], known) != digest


def test_a_digest_reads_every_field_of_every_record_and_the_decisions() -> None:
    records = [record("a:1", TITLE, arxiv="2401.00001"), record("b:1", TITLE)]
    decisions = [["same", "a:1", "b:1", "checked"], ["different", "a:1", "c:1"]]
    digest = part_digest(records, decisions)
    assert len(digest) == 64 and digest == part_digest(copy.deepcopy(records), list(reversed(decisions)))
    changed = copy.deepcopy(records)
    changed[1]["urls"]["other"] = ["https://x.org"]
    assert part_digest(changed, decisions) != digest
    assert part_digest(records, decisions[:1]) != digest
    assert part_digest(list(reversed(records)), decisions) != digest  # the caller gives them in key order
    # what orjson refuses is still read
    assert part_digest([record("a:1", "lone \ud800 surrogate")], []) != part_digest([record("a:1", "lone")], [])
    assert part_digest([{**records[0], "year": 2 ** 70}], []) != part_digest([{**records[0], "year": 2 ** 69}], [])


def _result(mentions: list[dict[str, Any]]) -> tuple[set[frozenset[str]], list[Any], dict[str, Any]]:
    found = cluster(mentions)
    groups = {frozenset(mentions[i]["key"] for i in members) for members in found.members}
    evidence = {min(mentions[i]["key"] for i in members): edges
                for members, edges in zip(found.members, found.evidence)}
    return groups, sorted(found.conflicts, key=repr), evidence


# Titles alike without being equal (one letter, case, a word's end), beside the generated ones.
ALIKE = MENTION.flatmap(lambda mention: st.sampled_from(
    [TITLE, SPELLED, TITLE.upper(), OTHER, OTHER.replace("Write", "Writes"), THIRD, mention["title"]]).map(
        lambda title: {**mention, "title": title}))


@settings(max_examples=80, deadline=None)
@given(st.lists(ALIKE, min_size=1, max_size=25))
def test_clustering_each_component_alone_is_clustering_them_all(mentions: list[dict[str, Any]]) -> None:
    keyed = [dict(mention, key=f"s:{n + 1:02}") for n, mention in enumerate(mentions)]
    records = [{"id": m["key"], "title": m["title"], "identifiers": m["identifiers"]} for m in keyed]
    whole = _result(keyed)
    groups: set[frozenset[str]] = set()
    conflicts: list[Any] = []
    evidence: dict[str, Any] = {}
    for part in components(records, [], similar_titles([m["title"] for m in keyed], [m["key"] for m in keyed])):
        found = _result([keyed[i] for i in part])
        groups |= found[0]
        conflicts += found[1]
        evidence |= found[2]
    assert (groups, sorted(conflicts, key=repr), evidence) == whole
