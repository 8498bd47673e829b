"""pipeline/releases/diff.py on two small hand-made catalogs: the diff data and its markdown, whole."""

import pytest

from pipeline.problems import PipelineError
from pipeline.releases import diff


def m(source: str, line: int, title: str, links: list[str]) -> dict:
    return {"source": source, "line": line, "title": title, "links": [{"url": url} for url in links]}


def p(pid: str, title: str, year: int | None, venue: str | None, lists: list[str], mentions: list[dict],
      arxiv: str | None = None, doi: str | None = None, aliases: list[str] | None = None,
      url: str | None = None) -> dict:
    return {"id": pid, "title": title, "aliases": aliases or [], "short_names": [], "kind": "paper", "year": year,
            "venue": venue, "identifiers": {"arxiv": arxiv, "doi": doi, "other": {}},
            "urls": {"paper": url, "code": None}, "lists": lists, "mentions": mentions}


def s(sid: str, sha: str, superseded_by: str | None = None) -> dict:
    return {"id": sid, "sha256": sha, "superseded_by": superseded_by}


ABS = "https://arxiv.org/abs/1"
OLD = {"schema_version": "2.1.0", "sources": [s("a", "1"), s("b", "1"), s("c", "1"), s("e", "1")], "papers": [
    p("arxiv:1", "Alpha", 2023, "arXiv", ["a"], [m("a", 3, "Alpha", [ABS])], arxiv="1", url=ABS),
    p("doi:10.1/b", "Beta", 2022, None, ["a", "b"], [m("a", 5, "Beta", []), m("b", 7, "Beta", ["http://b.old"])],
      doi="10.1/b"),
    p("title:c", "Gamma", None, None, ["b"], [m("b", 9, "Gamma", [])]),
    p("title:d", "Delta Paper", 2021, None, ["a"], [m("a", 11, "Delta Paper", [])]),
]}
NEW = {"schema_version": "2.3.0", "sources": [s("a", "1"), s("b", "2"), s("d", "1"), s("e", "1", "a")], "papers": [
    # same id: year and venue change; its mention moved from line 3 to 4
    p("arxiv:1", "Alpha", 2024, "KDD", ["a"], [m("a", 4, "Alpha", [ABS])], arxiv="1", url=ABS),
    # found by its DOI: gained an arXiv id, so a new id; list b fixed the link on line 7
    p("arxiv:2", "Beta", 2022, None, ["a", "b"], [m("a", 5, "Beta", []), m("b", 7, "Beta", ["http://b.new"])],
      arxiv="2", doi="10.1/b"),
    # found by its title: a new id and an alias; its mention moved from line 11 to 12
    p("title:d2", "Delta Paper", 2021, None, ["a"], [m("a", 12, "Delta Paper", [])], aliases=["DP"]),
    p("title:e", "Epsilon", 2025, None, ["b"], [m("b", 20, "Epsilon", [])]),
]}

RESULT = {
    "added": [{"id": "title:e", "title": "Epsilon", "year": 2025, "venue": None, "lists": ["b"]}],
    "removed": [{"id": "title:c", "title": "Gamma", "year": None, "venue": None, "lists": ["b"]}],
    "changed": [
        {"key": "arxiv:1", "old_key": "arxiv:1", "title": "Alpha",
         "changes": {"year": [2023, 2024], "venue": ["arXiv", "KDD"]}},
        {"key": "arxiv:2", "old_key": "doi:10.1/b", "title": "Beta",
         "changes": {"id": ["doi:10.1/b", "arxiv:2"], "arxiv": [None, "2"], "mentions": [["b:7"], ["b:7"]]}},
        {"key": "title:d2", "old_key": "title:d", "title": "Delta Paper",
         "changes": {"id": ["title:d", "title:d2"], "aliases": [[], ["DP"]]}},
    ],
    "moved": [{"source": "a", "title": "Alpha", "old_line": 3, "new_line": 4, "paper": "arxiv:1"},
              {"source": "a", "title": "Delta Paper", "old_line": 11, "new_line": 12, "paper": "title:d2"}],
    "sources": {"added": ["d"], "removed": ["c"], "changed": ["b", "e"]},
    "summary": {"added": 1, "removed": 1, "changed": 3, "id_changed": 2, "moved": 2, "papers_before": 4,
                "papers_after": 4, "sources_added": 1, "sources_removed": 1, "sources_changed": 2},
}

DIFF_MD = """\
## 001 (compared with 000)

4 papers (+0): 1 added, 1 removed, 3 changed (2 with a new id).

2 mentions moved to other lines (list them with --moves).

### Sources

- added list: d
- removed list: c
- changed list: b
- changed list: e

### Added

- Epsilon (title:e, 2025); lists: b

### Changed

- Alpha (arxiv:1): year: 2023 → 2024; venue: arXiv → KDD
- Beta (doi:10.1/b → arxiv:2): id: doi:10.1/b → arxiv:2; arxiv: (none) → 2; mentions: −b:7 +b:7
- Delta Paper (title:d → title:d2): id: title:d → title:d2; aliases: +DP

### Removed

- Gamma (title:c); lists: b
"""


def test_diff_whole() -> None:
    assert diff.diff_catalogs(OLD, NEW) == RESULT


def test_diff_markdown_whole() -> None:
    assert diff.diff_markdown(RESULT, "000", "001") == DIFF_MD


def test_diff_markdown_lists_the_moves_when_asked() -> None:
    text = diff.diff_markdown(RESULT, "000", "001", moves=True)
    assert "2 mentions moved to other lines.\n" in text
    assert text.endswith("### Moved\n\n- a: Alpha (arxiv:1): line 3 → 4\n"
                         "- a: Delta Paper (title:d2): line 11 → 12\n")


def test_ignored_fields_are_left_out() -> None:
    result = diff.diff_catalogs(OLD, NEW, ignore=["mentions", "year"])
    assert [c["changes"] for c in result["changed"]] == [
        {"venue": ["arXiv", "KDD"]}, {"id": ["doi:10.1/b", "arxiv:2"], "arxiv": [None, "2"]},
        {"id": ["title:d", "title:d2"], "aliases": [[], ["DP"]]}]


def test_unknown_ignored_field_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown field\(s\) \['colour'\]; expected some of \['id', 'title'"):
        diff.diff_catalogs(OLD, NEW, ignore=["colour", "year"])


def only_moves() -> dict:
    papers = [p("t:1", "One", 2020, None, ["a"], [m("a", 1, "One", [])])]
    moved = [p("t:1", "One", 2020, None, ["a"], [m("a", 2, "One", [])])]
    return diff.diff_catalogs({"sources": [], "papers": papers}, {"sources": [], "papers": moved})


def test_a_move_alone_is_a_change_of_the_catalog_but_of_no_paper() -> None:
    result = only_moves()
    assert result["changed"] == [] and diff.has_changes(result)
    assert diff.diff_markdown(result, "1", "2") == (
        "## 2 (compared with 1)\n\n1 papers (+0): 0 added, 0 removed, 0 changed (0 with a new id).\n\n"
        "1 mention moved to other lines (list them with --moves).\n\nNo paper was added, removed or changed.\n")


def test_no_changes() -> None:
    result = diff.diff_catalogs(OLD, OLD)
    assert not diff.has_changes(result)
    assert diff.diff_markdown(result, "1", "1").endswith("(0 with a new id).\n\nNo changes.\n")


@pytest.mark.parametrize("name", ["added", "removed", "changed", "moved", "sources_added", "sources_removed",
                                  "sources_changed"])
def test_each_count_alone_is_a_change(name: str) -> None:
    counts = {key: 0 for key in RESULT["summary"]}
    assert diff.has_changes({"summary": {**counts, name: 1}})
    assert not diff.has_changes({"summary": {**counts, "papers_before": 3, "id_changed": 1}})


def test_change_texts() -> None:
    assert diff._change_text("lists", ["a", "b"], ["b", "c"]) == "lists: −a +c"
    assert diff._change_text("mentions", ["x:1", "x:2"], ["x:2"]) == "mentions: −x:1 −x:2 +x:2"
    assert diff._change_text("venue", None, "KDD") == "venue: (none) → KDD"
    assert diff._change_text("short_names", [], "Z") == "short_names: (none) → Z"
    assert diff._show(["a", 1]) == "a, 1"


def test_removed_paper_without_lists_and_added_without_year() -> None:
    result = {**RESULT, "added": [{"id": "t:n", "title": "N", "year": None, "lists": []}],
              "removed": [{"id": "t:o", "title": "O", "lists": []}], "changed": []}
    text = diff.diff_markdown(result, "0", "1")
    assert "### Added\n\n- N (t:n); lists: (none)\n\n### Removed\n\n- O (t:o); lists: (none)\n" in text


def test_a_paper_absorbed_into_another_is_matched_by_its_mentions() -> None:
    old = {"sources": [], "papers": [p("t:x", "Old name", None, None, ["a"], [m("a", 1, "Xx", [])])]}
    new = {"sources": [], "papers": [p("t:y", "New name", None, None, ["a"], [m("a", 1, "Xx", [])])]}
    assert diff.align(old["papers"], new["papers"]) == ([(0, 0)], [], [])


def test_repeated_rows_pair_up_in_line_order() -> None:
    old = [p("t:1", "R", None, None, ["a"], [m("a", 9, "R", []), m("a", 2, "R", [])])]
    new = [p("t:1", "R", None, None, ["a"], [m("a", 3, "R", []), m("a", 10, "R", [])])]
    assert diff.align_mentions(old, new) == {(0, 1): (0, 0), (0, 0): (0, 1)}


def test_load_catalog_errors_name_the_file_and_place() -> None:
    with pytest.raises(PipelineError) as caught:
        diff.load_catalog('{"papers": [\n  1,,\n]}', "old.json")
    assert str(caught.value.problem) == ("old.json:2: bad-catalog: expected JSON, found an error at column 5: "
                                         "Expecting value")
    with pytest.raises(PipelineError) as caught:
        diff.load_catalog('{"papers": []}', "x.json")
    assert str(caught.value.problem) == ("x.json: bad-catalog: expected a catalog (papers.json), "
                                         "found no schema_version, sources")
    with pytest.raises(PipelineError) as caught:
        diff.load_catalog("[1]", "y.json")
    assert "found no schema_version, papers, sources" in str(caught.value.problem)
    assert diff.load_catalog('{"schema_version": "1", "papers": [], "sources": []}', "z")["papers"] == []


def test_versions_compare_by_major() -> None:
    diff.check_versions(OLD, NEW, "000", "001")
    with pytest.raises(PipelineError) as caught:
        diff.check_versions(OLD, {**NEW, "schema_version": "3.0.0"}, "000", "001")
    assert str(caught.value.problem) == ("001: schema-version: expected schema version 2.x like 000, found 3.0.0; "
                                         "build both with one pipeline version to compare")


def test_every_field_of_a_paired_paper_is_compared() -> None:
    old = p("t:1", "Same", 2020, "KDD", ["a"], [m("a", 1, "Same", [])], doi="10.1/a")
    old["identifiers"]["other"] = {"acl": "P1"}
    new = {**old, "short_names": ["S"], "kind": "survey", "identifiers": {"arxiv": None, "doi": "10.1/b",
                                                                         "other": {"acl": "P2"}},
           "urls": {"paper": "https://p", "code": "https://c"}, "lists": ["a", "b"]}
    result = diff.diff_catalogs({"sources": [], "papers": [old]}, {"sources": [], "papers": [new]})
    assert result["changed"] == [{"key": "t:1", "old_key": "t:1", "title": "Same", "changes": {
        "short_names": [[], ["S"]], "kind": ["paper", "survey"], "doi": ["10.1/a", "10.1/b"],
        "other_ids": [["acl:P1"], ["acl:P2"]], "paper_url": [None, "https://p"], "code_url": [None, "https://c"],
        "lists": [["a"], ["a", "b"]]}}]


def test_papers_are_found_again_by_any_identifier() -> None:
    def ids(pid: str, title: str, arxiv: str | None, doi: str | None, other: dict) -> dict:
        paper = p(pid, title, None, None, ["a"], [m("a", 1, title, [])], arxiv=arxiv, doi=doi)
        paper["identifiers"]["other"] = other
        return paper

    old = [ids("o1", "First", "1", None, {}), ids("o2", "Second", "2", "10.1/x", {}),
           ids("o3", "Third", None, "10.1/y", {"acl": "P3"}), ids("o4", "Fourth", "4", None, {"acl": "P4"})]
    new = [ids("n1", "Uno", "1", "10.1/q", {}), ids("n2", "Dos", "2", "10.1/z", {}),
           ids("n3", "Tres", None, "10.1/y", {}), ids("n4", "Cuatro", "9", None, {"acl": "P4"})]
    # every title differs and every mention too: only the identifiers can pair them
    assert diff.align(old, new) == ([(0, 0), (1, 1), (2, 2), (3, 3)], [], [])


def test_pairs_come_in_the_order_of_the_new_ids() -> None:
    old = [p("z", "Zed", None, None, [], []), p("a", "Ay", None, None, [], [])]
    assert diff.align(old, [old[1], old[0]]) == ([(1, 0), (0, 1)], [], [])
    assert diff.align(old, old) == ([(1, 1), (0, 0)], [], [])


def test_a_mention_that_came_from_another_paper_is_new_to_this_one() -> None:
    old = [p("t:a", "A", None, None, ["a"], [m("a", 1, "A", [])]),
           p("t:b", "B", None, None, ["a"], [m("a", 2, "B", [])])]
    new = [p("t:a", "A", None, None, ["a"], [m("a", 1, "A", []), m("a", 2, "B", [])])]
    result = diff.diff_catalogs({"sources": [], "papers": old}, {"sources": [], "papers": new})
    assert result["changed"] == [{"key": "t:a", "old_key": "t:a", "title": "A",
                                  "changes": {"mentions": [[], ["a:2"]]}}]
    assert result["removed"] == [{"id": "t:b", "title": "B", "year": None, "venue": None, "lists": ["a"]}]


def test_a_mention_gone_alone_is_a_change() -> None:
    old = [p("t:a", "A", None, None, ["a"], [m("a", 1, "A", []), m("a", 5, "A again", [])])]
    new = [p("t:a", "A", None, None, ["a"], [m("a", 1, "A", [])])]
    result = diff.diff_catalogs({"sources": [], "papers": old}, {"sources": [], "papers": new})
    assert result["changed"][0]["changes"] == {"mentions": [["a:5"], []]}


def test_removed_or_added_alone_needs_no_note() -> None:
    counts = {key: 0 for key in RESULT["summary"]}
    removed = {**RESULT, "added": [], "changed": [], "moved": [],
               "sources": {"added": [], "removed": [], "changed": []},
               "summary": {**counts, "removed": 1}}
    assert "No paper" not in diff.diff_markdown(removed, "0", "1")
    added = {**removed, "removed": [], "added": RESULT["added"], "summary": {**counts, "added": 1}}
    assert "No paper" not in diff.diff_markdown(added, "0", "1")


def test_moves_are_a_third_level_section() -> None:
    assert "\n\n### Moved\n\n" in diff.diff_markdown(RESULT, "000", "001", moves=True)


def test_a_mention_without_links_is_keyed_by_source_and_title() -> None:
    assert diff.mention_key({"source": "s", "title": "T"}) == ("s", "T", ())
