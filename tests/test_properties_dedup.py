"""Invariants of the catalog: order independence, idempotence, ids stable under title edits."""

import copy
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalog.build import build_catalog, is_paper
from pipeline.catalog.cluster import cluster
from pipeline.manifest import default_entry
from tests.catalog_fixture import real_catalog, real_records
from tests.helpers import records_of

SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dumps(catalog: dict) -> str:
    return json.dumps(catalog, sort_keys=True, ensure_ascii=False)


@SLOW
@given(st.integers(min_value=0, max_value=2**32))
def test_catalog_does_not_depend_on_the_order_of_sources_or_rows(seed: int) -> None:
    rng = random.Random(seed)
    shuffled = [copy.deepcopy(f) for f in real_records()]
    rng.shuffle(shuffled)
    for records_file in shuffled:
        rng.shuffle(records_file["records"])
    assert dumps(real_catalog(shuffled)) == dumps(real_catalog())


def test_deduplicating_the_catalog_again_merges_nothing() -> None:
    papers = real_catalog()["papers"]
    mentions = [{"key": paper["id"], "title": paper["title"], "year": paper["year"], "venue": paper["venue"],
                 "short_name": (paper["short_names"] or [None])[0],
                 "identifiers": {k: v for k, v in [("arxiv", paper["identifiers"]["arxiv"]),
                                                   ("doi", paper["identifiers"]["doi"]),
                                                   *paper["identifiers"]["other"].items()] if v}}
                for paper in papers]
    again = cluster(mentions)
    assert sorted(len(members) for members in again.members) == [1] * len(papers)


def _edit(title: str, rng: random.Random) -> str:
    words = title.split()
    edited = [word.upper() if rng.random() < 0.3 else word.lower() if rng.random() < 0.3 else word
              for word in words]
    return ("  " if rng.random() < 0.5 else "") + "   ".join(edited) + (" " if rng.random() < 0.5 else "")


@SLOW
@given(st.integers(min_value=0, max_value=2**32))
def test_ids_are_stable_under_case_and_whitespace_edits(seed: int) -> None:
    rng = random.Random(seed)
    edited = [copy.deepcopy(f) for f in real_records()]
    for records_file in edited:
        for record in records_file["records"]:
            if is_paper(record):
                record["title"] = _edit(record["title"], rng)
    before = {m["record"]: p["id"] for p in real_catalog()["papers"] for m in p["mentions"]}
    after = {m["record"]: p["id"] for p in real_catalog(edited)["papers"] for m in p["mentions"]}
    assert after == before


WORDS = st.sampled_from(["large", "language", "models", "for", "recommendation", "graph", "sequential",
                         "LLMRec", "RecGPT", "survey", "zero-shot", "rankers", "news", "Tuning"])
MENTION = st.fixed_dictionaries({
    "title": st.lists(WORDS, min_size=2, max_size=7).map(" ".join),
    "year": st.none() | st.integers(2019, 2024),
    "short_name": st.none() | st.sampled_from(["LLMRec", "RecGPT"]),
    "identifiers": st.fixed_dictionaries({}, optional={
        "arxiv": st.sampled_from(["2401.00001", "2401.00002", "2305.08845"]),
        "doi": st.sampled_from(["10.1145/1.2", "10.1145/3.4"])}),
})


def _groups(mentions: list[dict]) -> set[frozenset[str]]:
    result = cluster(mentions)
    return {frozenset(mentions[i]["key"] for i in members) for members in result.members}


@settings(max_examples=60, deadline=None)
@given(st.lists(MENTION, min_size=1, max_size=25), st.integers(min_value=0, max_value=2**32))
def test_generated_mentions_cluster_the_same_in_any_order(mentions: list[dict], seed: int) -> None:
    keyed = [dict(mention, key=f"s:{n + 1}") for n, mention in enumerate(mentions)]
    shuffled = list(keyed)
    random.Random(seed).shuffle(shuffled)
    groups = _groups(keyed)
    assert groups == _groups(shuffled)
    assert sorted(key for group in groups for key in group) == sorted(m["key"] for m in keyed)


@settings(max_examples=60, deadline=None)
@given(st.lists(MENTION, min_size=1, max_size=25))
def test_no_cluster_holds_two_arxiv_ids(mentions: list[dict]) -> None:
    keyed = [dict(mention, key=f"s:{n + 1}") for n, mention in enumerate(mentions)]
    result = cluster(keyed)
    for members in result.members:
        ids = {keyed[i]["identifiers"].get("arxiv") for i in members} - {None}
        kept = {value for i in members for scheme, value in result.identifiers[i] if scheme == "arxiv"}
        assert len(kept) <= 1, (ids, kept)


def _item(mention: dict) -> str:
    ids = mention["identifiers"]
    url = f"https://arxiv.org/abs/{ids['arxiv']}" if "arxiv" in ids else "https://example.org/paper"
    doi = f", [doi](https://doi.org/{ids['doi']})" if "doi" in ids else ""
    return f"- [{mention['title']}]({url}){doi}\n"


#: Few titles and identifiers, so that papers kept apart (two DOIs on one arXiv id) often share both.
CLASHING = st.fixed_dictionaries({
    "title": st.sampled_from(["Same Title Here", "Large Language Models for Recommendation"]),
    "identifiers": st.fixed_dictionaries({"arxiv": st.just("2401.00001"),
                                          "doi": st.sampled_from(["10.1145/1111", "10.1145/2222"])}),
})


@settings(max_examples=30, deadline=None)
@given(st.lists(MENTION | CLASHING, min_size=1, max_size=12))
def test_every_paper_of_a_catalog_has_an_id_of_its_own(mentions: list[dict]) -> None:
    text = "# L\n\n" + "".join(_item(mention) for mention in mentions)
    catalog, _problems = build_catalog([records_of(text, "a")], [default_entry("a.md")])
    ids = [paper["id"] for paper in catalog["papers"]]
    assert len(ids) == len(set(ids)), ids
