"""catalog/build's small rules written out whole: the form in which code links and resources are
compared (normalize_url), and the suffixes that keep the ids of papers kept apart unique. The digests
below are sha1 of the JSON text shown beside each, taken with `printf '%s' TEXT | sha1sum`: ids are
part of papers.json's contract, so they are pinned here as literals."""

import pytest

from pipeline.catalog.build import build_catalog, is_paper
from pipeline.catalog.papers import _most_common, _well_formed, normalize_url, unique_ids
from pipeline.manifest import default_entry
from tests.helpers import records_of


@pytest.mark.parametrize("url,expected", [
    # GitHub-like hosts: case, "www.", trailing slash, ".git" and a branch view are not part of a repository
    ("https://www.GitHub.com/Owner/Repo.git/", "https://github.com/owner/repo"),
    ("HTTP://GitHub.com/Owner/Repo/tree/main#readme", "http://github.com/owner/repo"),
    ("https://gitlab.com/A/B/blob/master", "https://gitlab.com/a/b"),
    ("https://huggingface.co/Org/Model/", "https://huggingface.co/org/model"),
    # a view deeper than the branch is another page
    ("https://github.com/a/b/tree/main/sub", "https://github.com/a/b/tree/main/sub"),
    # elsewhere the path keeps its case and the query stays; the fragment goes
    ("https://Example.org/Data/Set/?v=2#top", "https://example.org/Data/Set?v=2"),
    ("https://example.org/Tree/tree/main", "https://example.org/Tree/tree/main"),
    # no scheme: https; spaces around are not part of the address
    ("  //example.org/x  ", "https://example.org/x"),
    ("//example.org", "https://example.org"),
    ("  http://[broken ", "http://[broken"),
])
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def paper(title: str, identifiers: dict, mentions: list[tuple[str, str, int]]) -> dict:
    return {"id": "arxiv:2401.00001", "title": title, "identifiers": identifiers,
            "mentions": [{"source": source, "title": written, "line": line} for source, written, line in mentions]}


IDS = {"arxiv": "2401.00001", "doi": None, "other": {}}


def test_papers_sharing_an_id_are_told_apart_by_title_first() -> None:
    # sha1 of '"graph a"' starts f4f94f, of '"graph b"' 700533 (title_hash: the normalized title as JSON)
    found = unique_ids([paper("Graph B", IDS, [("a", "Graph B", 1)]), paper("Graph A", IDS, [("a", "Graph A", 2)])])
    assert [p["id"] for p in found] == ["arxiv:2401.00001#700533", "arxiv:2401.00001#f4f94f"]
    assert [p["title"] for p in found] == ["Graph B", "Graph A"]


def test_then_by_identifiers_as_sorted_json_with_unicode_kept() -> None:
    # '{"arxiv": "2401.00001", "doi": "10.1/é", "other": {}}' -> 854e1c; with "doi": null -> ef2530
    with_doi = {"doi": "10.1/é", "other": {}, "arxiv": "2401.00001"}
    found = unique_ids([paper("Graph A", with_doi, [("a", "Graph A", 1)]), paper("Graph A", IDS, [("a", "Graph A", 2)])])
    assert [p["id"] for p in found] == ["arxiv:2401.00001#f4f94f#854e1c", "arxiv:2401.00001#f4f94f#ef2530"]
    assert found[0]["identifiers"] is with_doi


def test_then_by_the_lists_and_titles_of_their_mentions() -> None:
    # '[["b", "Graph A"]]' -> 3ddfb2, '[["b", "graph a"]]' -> fa5048
    found = unique_ids([paper("Graph A", IDS, [("b", "graph a", 1)]), paper("Graph A", IDS, [("b", "Graph A", 1)])])
    assert [p["id"] for p in found] == ["arxiv:2401.00001#f4f94f#ef2530#3ddfb2",
                                        "arxiv:2401.00001#f4f94f#ef2530#fa5048"]
    assert [p["mentions"][0]["title"] for p in found] == ["Graph A", "graph a"]


def test_and_last_by_the_lines_of_their_mentions_sorted() -> None:
    # both '[["a", "Graph A"], ["b", "Graph A"]]' -> 484ece; then '[["a", 3], ["b", 7]]' -> ed65e1,
    # '[["a", 5], ["b", 7]]' -> 166454 (mentions given out of order)
    found = unique_ids([paper("Graph A", IDS, [("b", "Graph A", 7), ("a", "Graph A", 5)]),
                         paper("Graph A", IDS, [("b", "Graph A", 7), ("a", "Graph A", 3)])])
    assert [p["id"] for p in found] == ["arxiv:2401.00001#f4f94f#ef2530#484ece#166454",
                                        "arxiv:2401.00001#f4f94f#ef2530#484ece#ed65e1"]


def test_an_id_of_its_own_gets_no_suffix() -> None:
    found = unique_ids([paper("Graph A", IDS, [("a", "Graph A", 1)]),
                         {**paper("Graph B", IDS, [("a", "Graph B", 2)]), "id": "arxiv:2401.00002"}])
    assert [p["id"] for p in found] == ["arxiv:2401.00001", "arxiv:2401.00002"]


def test_a_wrong_link_is_not_the_paper_link_of_the_paper_that_lost_it() -> None:
    # The arXiv id belongs to the title cited three times; the other title keeps its own link as its
    # paper link and the wrong one only among its other links. Its id is its title's hash:
    # sha1 of '"diffusion models write product descriptions"' starts 6ac055ccbc72.
    graph = "- [Graph Neural Recommenders for Sequential Shopping Sessions](https://arxiv.org/abs/2401.00001)\n"
    markdown = ("# Papers\n" + graph * 3 + "- [Diffusion Models Write Product Descriptions](https://arxiv.org/abs/2401.00001)\n"
                "- [Diffusion Models Write Product Descriptions](https://example.org/diffusion.pdf)\n")
    catalog, problems = build_catalog([records_of(markdown, "t")], [default_entry("t.md")])
    assert problems == []
    assert [(p["id"], p["identifiers"]["arxiv"], p["urls"]) for p in catalog["papers"]] == [
        ("arxiv:2401.00001", "2401.00001", {"paper": "https://arxiv.org/abs/2401.00001", "code": None, "other": []}),
        ("title:6ac055ccbc72", None, {"paper": "https://example.org/diffusion.pdf", "code": None,
                                      "other": ["https://arxiv.org/abs/2401.00001"]})]


@pytest.mark.parametrize("kind,identifiers,venue,year,expected", [
    ("paper", {}, None, None, True), ("survey", {}, None, None, True),
    ("dataset", {"arxiv": "2401.00001"}, None, None, True), ("benchmark", {}, "NeurIPS", 2023, True),
    ("dataset", {}, "NeurIPS", None, False), ("benchmark", {}, None, 2023, False), ("dataset", {}, None, None, False),
    ("repository", {"arxiv": "2401.00001"}, "NeurIPS", 2023, False), ("unknown", {}, None, None, False),
])
def test_a_dataset_or_benchmark_is_a_paper_with_an_identifier_or_a_venue_and_a_year(
        kind: str, identifiers: dict, venue: str | None, year: int | None, expected: bool) -> None:
    assert is_paper({"kind": kind, "identifiers": identifiers, "venue": venue, "year": year}) is expected


@pytest.mark.parametrize("title,expected", [
    ("Graph Recommenders", True), ("2024", True),  # mixed case; no letters at all
    ("GRAPH RECOMMENDERS", False), ("graph recommenders", False),  # one case only: shouted or flattened
    ("Graph â€œRecâ€", False),  # mojibake
    ("http://example.org/Paper", False), ("https://Example.org/P", False),  # a link where a title should be
])
def test_a_well_formed_title_has_mixed_case_no_mojibake_and_is_no_link(title: str, expected: bool) -> None:
    assert _well_formed(title) is expected


def test_the_most_common_value_skips_blanks_and_breaks_ties_low_or_high() -> None:
    assert _most_common(["", None, "a", ""]) == "a"
    assert _most_common([]) is None and _most_common(["", None]) is None
    assert (_most_common(["b", "a"]), _most_common([2023, 2024]), _most_common([2023, 2024], prefer_high=True)) == \
        ("a", 2023, 2024)
    assert _most_common([2023, 2023, 2024], prefer_high=True) == 2023  # the count first
