"""Clustering of hand-made mentions, written out whole: which mentions join, on what evidence, and
the conflicts found on the way (a chain the identifiers refuse, maintainers' decisions, titles
that diverge inside one paper). Expected values follow the rules of pipeline/catalog/cluster.py and
pipeline/match/same_paper.py, worked out by hand for each case."""

from pipeline.catalog.cluster import _candidate_pairs, cluster, similar_titles

TITLE = "Graph Neural Recommenders for Sequential Shopping Sessions"
OTHER = "Diffusion Models Write Product Descriptions"
SPELLED = TITLE.replace("Sessions", "Session")  # one letter less: the same paper (title-fuzzy)


def mention(key: str, title: str, arxiv: str | None = None, doi: str | None = None, order: str | None = None) -> dict:
    """A mention as the catalog hands it to cluster; ``order`` (its content order) only when given."""
    found = {"key": key, "title": title, "identifiers": {**({"arxiv": arxiv} if arxiv else {}),
                                                        **({"doi": doi} if doi else {})}}
    return {**found, "order": order} if order else found


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


# Candidate pairs: which pairs blocking hands to same_paper at all. Each case is worked out from the
# rules in _candidate_pairs: mentions sharing an identifier or a normalized title are paired (all pairs
# up to four of them, a chain and a star by key beyond), and titles of at least MIN_FUZZY_LENGTH (15)
# characters sharing their first or last 12 characters (of the title or of its core, without a short
# "NAME:" prefix) are paired when fuzz.ratio of the normalized titles is at least AUTHOR_FUZZY (85).

def work(*mentions: tuple[str, str, frozenset]) -> list[dict]:
    return [{"key": key, "title": title, "ids": ids} for key, title, ids in mentions]


UNRELATED = ["Alpha particles in deep water", "Bayesian rabbits on the moon", "Cooking with transformers today",
             "Dynamic pricing of old lamps", "Every graph has a story to tell"]


def test_up_to_four_mentions_of_one_identifier_are_paired_all_with_all() -> None:
    doi = frozenset({("doi", "10.1/x")})
    mentions = work(*((f"{'dcba'[n]}:1", UNRELATED[n], doi) for n in range(4)))
    assert _candidate_pairs(mentions) == {(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)}


def test_five_mentions_of_one_identifier_are_a_chain_and_a_star_in_key_order() -> None:
    # keys e, d, c, b, a: in key order the indices are 4, 3, 2, 1, 0. Chain 4-3, 3-2, 2-1, 1-0;
    # star from 4 to every other.
    arxiv = frozenset({("arxiv", "2401.00001")})
    mentions = work(*((f"{'edcba'[n]}:1", UNRELATED[n], arxiv) for n in range(5)))
    assert _candidate_pairs(mentions) == {(3, 4), (2, 3), (1, 2), (0, 1), (2, 4), (1, 4), (0, 4)}


def test_five_mentions_of_one_title_are_paired_the_same_way() -> None:
    mentions = work(*((f"{'edcba'[n]}:1", "Every Graph Has A Story" if n % 2 else "every graph has a story!",
                       frozenset()) for n in range(5)))
    assert _candidate_pairs(mentions) == {(3, 4), (2, 3), (1, 2), (0, 1), (2, 4), (1, 4), (0, 4)}


def test_unrelated_titles_without_identifiers_are_not_paired() -> None:
    assert _candidate_pairs(work(*((f"k:{n}", title, frozenset()) for n, title in enumerate(UNRELATED)))) == set()


def test_similar_titles_sharing_their_first_twelve_characters_are_paired() -> None:
    mentions = work(("a:1", "Large Language Models for Sequential Recommendation", frozenset()),
                    ("b:1", "Large language models for sequential recommendations", frozenset()),
                    ("c:1", "Large language hats in winter", frozenset()))  # same start, ratio 65
    assert _candidate_pairs(mentions) == {(0, 1)}


def test_similar_titles_sharing_their_last_twelve_characters_are_paired() -> None:
    mentions = work(("a:1", "A Survey of Large Language Models for Recommendation", frozenset()),
                    ("b:1", "Survey on large language models for recommendation", frozenset()))
    assert _candidate_pairs(mentions) == {(0, 1)}


def test_similar_titles_sharing_neither_end_are_not_paired() -> None:
    # fuzz.ratio 93, but "the large la" / "a large lang" and " recommender" / "recommenders" differ:
    # blocking never shows this pair to same_paper (a known limit, the price of not comparing all pairs).
    mentions = work(("a:1", "The large language model recommender", frozenset()),
                    ("b:1", "A large language model recommenders", frozenset()))
    assert _candidate_pairs(mentions) == set()


def test_a_title_is_blocked_by_its_core_too() -> None:
    # "unirec a recommender for all users" starts like neither; its core "a recommender for all users"
    # starts like the other title; the ratio of the whole titles is 86.7.
    mentions = work(("a:1", "UniRec: a recommender for all users", frozenset()),
                    ("b:1", "A recommender for all user", frozenset()))
    assert _candidate_pairs(mentions) == {(0, 1)}


def test_titles_under_fifteen_characters_are_never_blocked() -> None:
    fifteen = work(("a:1", "abcdefg hijklmn", frozenset()), ("b:1", "abcdefg hijklmo", frozenset()))  # ratio 93.3
    fourteen = work(("a:1", "abcdefg hijklm", frozenset()), ("b:1", "abcdefg hijklo", frozenset()))  # ratio 92.9
    assert (_candidate_pairs(fifteen), _candidate_pairs(fourteen)) == ({(0, 1)}, set())


def test_a_ratio_of_exactly_85_is_enough_and_80_is_not() -> None:
    at = work(("a:1", "graph recommend xyzw", frozenset()), ("b:1", "graph recommend xabc", frozenset()))
    under = work(("a:1", "graph recommend wxyz", frozenset()), ("b:1", "graph recommend abcd", frozenset()))
    assert (_candidate_pairs(at), _candidate_pairs(under)) == ({(0, 1)}, set())


def test_a_block_pairs_the_first_mention_by_key_of_each_title() -> None:
    # b:1 and a:1 read the same title: they are paired by it; the similar title of c:1 is paired with
    # a:1 only, the first of its title by key.
    mentions = work(("b:1", "Large Language Models for Sequential Recommendation", frozenset()),
                    ("a:1", "large language models for sequential recommendation", frozenset()),
                    ("c:1", "Large language models for sequential recommendations", frozenset()))
    assert _candidate_pairs(mentions) == {(0, 1), (1, 2)}


# Wrong links: an identifier that mentions of unrelated titles share belongs to one title group; the
# others lose it. The owner is the group whose title is not cited elsewhere with another identifier of
# the scheme ("claimed"), then the group whose title the lists cite more often, then the first by
# "order" (the mention's content order, when given), else by key.

def wrong_link(identifier: str, owner: str, *keys_titles: tuple[str, str]) -> dict:
    return {"type": "wrong-link", "message": f"{identifier} belongs to {owner!r}",
            "mentions": [{"key": key, "title": title} for key, title in keys_titles]}


def test_a_shared_arxiv_id_goes_to_the_title_the_lists_cite_more_often() -> None:
    found = cluster([mention("a:1", TITLE, "2401.00001"), mention("b:1", TITLE, "2401.00001"),
                     mention("c:1", OTHER, "2401.00001")])
    assert found.members == [[0, 1], [2]]
    assert found.evidence == [[{"a": "a:1", "b": "b:1", "rule": "identifier:arxiv", "score": 1.0}], []]
    assert found.conflicts == [wrong_link("arxiv:2401.00001", TITLE, ("a:1", TITLE), ("b:1", TITLE), ("c:1", OTHER))]
    assert found.identifiers == [frozenset({("arxiv", "2401.00001")}), frozenset({("arxiv", "2401.00001")}),
                                 frozenset()]


def test_a_title_cited_elsewhere_with_another_id_does_not_own_the_shared_one() -> None:
    # OTHER is cited twice (more than TITLE), but d:1 cites it with another arXiv id: the shared id is TITLE's.
    # c:1, left without an id, then joins d:1 by its title.
    found = cluster([mention("a:1", TITLE, "2401.00001"), mention("c:1", OTHER, "2401.00001"),
                     mention("d:1", OTHER, "2402.00002")])
    assert found.members == [[0], [1, 2]]
    assert found.evidence == [[], [{"a": "c:1", "b": "d:1", "rule": "title-exact", "score": 1.0}]]
    assert found.conflicts == [wrong_link("arxiv:2401.00001", TITLE, ("a:1", TITLE), ("c:1", OTHER))]
    assert found.identifiers == [frozenset({("arxiv", "2401.00001")}), frozenset(),
                                 frozenset({("arxiv", "2402.00002")})]


def test_between_equals_the_first_by_order_owns_the_id_and_by_key_without_an_order() -> None:
    by_order = cluster([mention("a:1", TITLE, doi="10.1/x", order="z"), mention("b:1", OTHER, doi="10.1/x", order="m")])
    assert by_order.conflicts == [wrong_link("doi:10.1/x", OTHER, ("a:1", TITLE), ("b:1", OTHER))]
    assert by_order.identifiers == [frozenset(), frozenset({("doi", "10.1/x")})]
    by_key = cluster([mention("a:1", TITLE, doi="10.1/x"), mention("b:1", OTHER, doi="10.1/x")])
    assert by_key.conflicts == [wrong_link("doi:10.1/x", TITLE, ("a:1", TITLE), ("b:1", OTHER))]
    assert by_key.identifiers == [frozenset({("doi", "10.1/x")}), frozenset()]
    assert by_order.members == by_key.members == [[0], [1]]


def test_an_id_shared_by_two_spellings_of_one_title_is_no_wrong_link() -> None:
    found = cluster([mention("a:1", TITLE, "2401.00001"), mention("b:1", TITLE.replace("Sessions", "Session"), "2401.00001")])
    assert (found.members, found.conflicts) == ([[0, 1]], [])
    assert found.identifiers == [frozenset({("arxiv", "2401.00001")})] * 2


def test_two_wrong_link_parts_are_ordered_by_content_and_the_tie_goes_to_the_first() -> None:
    # Each title is cited twice (OTHER once without the id), neither elsewhere with another id: a tie.
    # By order the parts are [d:1 (o1), c:1 (o3)] and [b:1 (o2)]: the first part's first mention comes
    # first, so the id is TITLE's, and its message names the title of d:1, the part's first mention.
    found = cluster([mention("c:1", TITLE, "2401.00001", order="o3"), mention("d:1", SPELLED, "2401.00001", order="o1"),
                     mention("b:1", OTHER, "2401.00001", order="o2"), mention("e:1", OTHER, order="o4")])
    assert found.members == [[0, 1], [2, 3]]
    assert found.conflicts == [wrong_link("arxiv:2401.00001", SPELLED, ("b:1", OTHER), ("c:1", TITLE), ("d:1", SPELLED))]
    assert found.identifiers == [frozenset({("arxiv", "2401.00001")})] * 2 + [frozenset()] * 2


def test_an_identifier_shared_by_one_paper_does_not_stop_the_next_from_being_checked() -> None:
    # arXiv 1 is shared by two spellings of TITLE (one paper); the DOI after it by TITLE and OTHER.
    # OTHER is cited twice, TITLE's spelling once: the DOI is OTHER's.
    found = cluster([mention("a:1", TITLE, "2401.00001"), mention("b:1", SPELLED, "2401.00001", doi="10.1/x"),
                     mention("c:1", OTHER, doi="10.1/x"), mention("d:1", OTHER)])
    assert found.members == [[0, 1], [2, 3]]
    assert found.conflicts == [wrong_link("doi:10.1/x", OTHER, ("b:1", SPELLED), ("c:1", OTHER))]
    assert found.identifiers == [frozenset({("arxiv", "2401.00001")}), frozenset({("arxiv", "2401.00001")}),
                                 frozenset({("doi", "10.1/x")}), frozenset()]



def test_identifiers_are_applied_before_titles() -> None:
    # One title. z:1 (arXiv 1, DOI d) and m:1 (DOI d) share the DOI: an identifier union (strength 1).
    # m:1 and c:1 (arXiv 2) read the same title: a title union (strength 2), which would come first
    # by content ("c:1" < "m:1" < "z:1"). Identifiers first: m:1 joins z:1 and holds arXiv 1, so c:1
    # is refused; titles first, c:1 would have taken m:1 to arXiv 2's side.
    found = cluster([mention("z:1", TITLE, "2401.00001", doi="10.1/d"), mention("m:1", TITLE, doi="10.1/d"),
                     mention("c:1", TITLE, "2402.00002")])
    assert found.members == [[1, 0], [2]]
    assert found.evidence == [[{"a": "m:1", "b": "z:1", "rule": "identifier:doi", "score": 1.0}], []]
    assert [(c["type"], c["message"]) for c in found.conflicts] == [
        ("same-title-different-ids", "veto:different-arxiv"), ("chain-refused", "title-exact refused: different-arxiv")]


def test_equally_strong_unions_go_in_content_order_not_key_order() -> None:
    # b:1-c:1 ("a" < "m") comes before a:1-b:1 ("m" < "z"): c:1 takes b:1 to arXiv 2's side.
    found = cluster([mention("a:1", TITLE, "2401.00001", order="z"), mention("b:1", TITLE, order="m"),
                     mention("c:1", TITLE, "2402.00002", order="a")])
    assert found.members == [[0], [1, 2]]
    assert found.conflicts[1] == {"type": "chain-refused", "message": "title-exact refused: different-arxiv",
                                  "mentions": [{"key": "a:1", "title": TITLE}, {"key": "b:1", "title": TITLE}]}


def test_a_refused_union_does_not_stop_the_unions_after_it() -> None:
    found = cluster([mention("a:1", TITLE, "2401.00001"), mention("b:1", TITLE), mention("c:1", TITLE, "2401.00002"),
                     mention("d:1", OTHER), mention("e:1", OTHER)])
    assert found.members == [[0, 1], [2], [3, 4]]
    assert found.evidence[2] == [{"a": "d:1", "b": "e:1", "rule": "title-exact", "score": 1.0}]


def test_the_chain_guard_holds_dois_as_it_holds_arxiv_ids() -> None:
    found = cluster([mention("a:1", TITLE, doi="10.1/a"), mention("b:1", TITLE), mention("c:1", TITLE, doi="10.1/c")])
    assert found.members == [[0, 1], [2]]
    assert [(c["type"], c["message"]) for c in found.conflicts] == [
        ("same-title-different-ids", "veto:different-doi"), ("chain-refused", "title-exact refused: different-doi")]


def test_two_clusters_of_two_merge_whole_with_all_their_evidence_and_members_in_key_order() -> None:
    # a:1+b:1 by arXiv id, c:1+d:1 by title, then a:1-c:1 by a one-letter title difference.
    found = cluster([mention("d:1", SPELLED), mention("c:1", SPELLED), mention("b:1", TITLE, "2401.00001"),
                     mention("a:1", TITLE, "2401.00001")])
    assert found.members == [[3, 2, 1, 0]]
    assert found.evidence == [[{"a": "a:1", "b": "b:1", "rule": "identifier:arxiv", "score": 1.0},
                               {"a": "a:1", "b": "c:1", "rule": "title-fuzzy", "score": 0.991},
                               {"a": "c:1", "b": "d:1", "rule": "title-exact", "score": 1.0}]]


def test_a_maintainers_different_holds_against_a_chain_of_maintainers_same() -> None:
    # same a:1-b:1 and b:1-c:1, different a:1-c:1: the second same is refused, and says nothing (the
    # maintainer decided both).
    third = "Quantum Cats Recommend Nothing At All"
    found = cluster([mention("a:1", TITLE), mention("b:1", OTHER), mention("c:1", third)],
                    same=[(0, 1, "x"), (1, 2, "y")], different=[(0, 2)])
    assert found.members == [[0, 1], [2]]
    assert [c["type"] for c in found.conflicts] == ["divergent-cluster"]


def test_a_maintainers_different_is_read_from_either_side() -> None:
    # a:1+b:1 join first; c:1 (the smaller cluster) is kept from them by different (a:1, c:1).
    found = cluster([mention("a:1", TITLE, "2401.00001"), mention("b:1", TITLE, "2401.00001"),
                     mention("c:1", TITLE, "2401.00001")], different=[(0, 2)])
    assert (found.members, found.conflicts) == ([[0, 1], [2]], [])


def test_candidate_pairs_share_one_identifier_not_any_identifier() -> None:
    mentions = work(("a:1", UNRELATED[0], frozenset({("arxiv", "2401.00001")})),
                    ("b:1", UNRELATED[1], frozenset({("arxiv", "2401.00002")})))
    assert _candidate_pairs(mentions) == set()


def test_the_star_of_a_large_group_starts_at_its_first_mention_by_key() -> None:
    # keys by index: c, e, a, d, b, so in key order the indices are 2, 4, 0, 3, 1.
    # Chain 2-4, 4-0, 0-3, 3-1; star from 2 to 4, 0, 3, 1.
    arxiv = frozenset({("arxiv", "2401.00001")})
    mentions = work(*((f"{key}:1", UNRELATED[n], arxiv) for n, key in enumerate("ceadb")))
    assert _candidate_pairs(mentions) == {(2, 4), (0, 4), (0, 3), (1, 3), (0, 2), (2, 3), (1, 2)}


def test_alike_titles_pair_the_first_mention_of_each_title_by_key() -> None:
    # by key: b:1 is the first "TITLE", so the pair with SPELLED is (1, 2), not (0, 2); OTHER is alike
    # with neither; a title shorter than the fuzzy minimum is compared with nothing.
    titles = [TITLE, TITLE, SPELLED, OTHER, "Short", "Shorts"]
    assert similar_titles(titles, ["c:1", "b:1", "a:1", "d:1", "e:1", "f:1"]) == {(1, 2)}
    assert similar_titles([OTHER, TITLE], ["a:1", "b:1"]) == set()
