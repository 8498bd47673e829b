"""Clustering of hand-made mentions, written out whole: which mentions join, on what evidence, and
the conflicts found on the way (a chain the identifiers refuse, maintainers' decisions, titles
that diverge inside one paper). Expected values follow the rules of pipeline/catalog/cluster.py and
pipeline/match/same_paper.py, worked out by hand for each case."""

from pipeline.catalog.cluster import cluster

TITLE = "Graph Neural Recommenders for Sequential Shopping Sessions"
OTHER = "Diffusion Models Write Product Descriptions"


def mention(key: str, title: str, arxiv: str | None = None) -> dict:
    return {"key": key, "title": title, "identifiers": {"arxiv": arxiv} if arxiv else {}}


def test_a_title_chain_between_two_arxiv_ids_is_refused_and_reported() -> None:
    # a:1 and c:1 carry different arXiv ids; b:1 has none and the same title as both.
    found = cluster([mention("a:1", TITLE, "2301.00001"), mention("b:1", TITLE), mention("c:1", TITLE, "2301.00002")])
    assert found.members == [[0, 1], [2]]  # a:1-b:1 is joined first (by content order), b:1-c:1 refused
    assert found.evidence == [[{"a": "a:1", "b": "b:1", "rule": "title-exact", "score": 1.0}], []]
    assert found.conflicts == [
        {"type": "same-title-different-ids", "message": "veto:different-arxiv",
         "mentions": [{"key": "a:1", "title": TITLE}, {"key": "c:1", "title": TITLE}]},
        {"type": "chain-refused", "message": "title-exact refused: different-arxiv",
         "mentions": [{"key": "b:1", "title": TITLE}, {"key": "c:1", "title": TITLE}]},
    ]
    assert found.identifiers == [frozenset({("arxiv", "2301.00001")}), frozenset(),
                                 frozenset({("arxiv", "2301.00002")})]


def test_a_maintainers_different_keeps_two_mentions_apart_without_a_conflict() -> None:
    mentions = [mention("a:1", TITLE, "2301.00001"), mention("b:1", TITLE, "2301.00001")]
    assert cluster(mentions).members == [[0, 1]]
    apart = cluster(mentions, different=[(0, 1)])
    assert (apart.members, apart.evidence, apart.conflicts) == ([[0], [1]], [[], []], [])


def test_a_maintainers_same_joins_over_different_ids_and_reports_the_titles_diverging() -> None:
    found = cluster([mention("a:1", TITLE, "2301.00001"), mention("b:1", OTHER, "2301.00002")],
                    same=[(1, 0, "renamed upstream")])
    assert found.members == [[0, 1]]
    assert found.evidence == [[{"a": "a:1", "b": "b:1", "rule": "maintainer:same (renamed upstream)", "score": 1.0}]]
    assert found.conflicts == [{"type": "divergent-cluster", "message": "titles of one paper diverge",
                                "mentions": [{"key": "a:1", "title": TITLE}, {"key": "b:1", "title": OTHER}]}]


def test_a_joined_cluster_keeps_the_ids_of_all_its_members_for_the_chain_guard() -> None:
    # a:1 (arXiv 1) joins b:1 (no id) by title; c:1 (arXiv 2) shares b:1's title too but is refused,
    # because the cluster holds arXiv 1 through a:1. d:1, with arXiv 1 and the same title, joins.
    found = cluster([mention("a:1", TITLE, "2301.00001"), mention("b:1", TITLE), mention("c:1", TITLE, "2301.00002"),
                     mention("d:1", TITLE, "2301.00001")])
    assert found.members == [[0, 1, 3], [2]]
    assert [conflict["type"] for conflict in found.conflicts] == [
        "same-title-different-ids", "same-title-different-ids", "chain-refused"]
