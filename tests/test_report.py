"""report.json and report.md from hand-made records files and catalog, written out whole.

The expected values were read line by line against what the report promises: per source counts,
rejects and problems (crosscheck problems in their own section), errors and warnings, kinds in the
order of KINDS, papers without any identifier, the malformed identifiers, the largest overlaps.
"""

import copy
import hashlib
import json
from pathlib import Path

import panflute as pf
import pytest

from pipeline import artifacts, files, paths
from pipeline.outputs import document, report
from tests.test_listing import paper, source


def prob(file: str, line: int | None, code: str, message: str, severity: str = "warning") -> dict:
    return {"file": file, "line": line, "code": code, "message": message, "severity": severity}


CATALOG = {
    "counts": {"papers": 3, "papers_in_two_or_more_lists": 1, "mentions": 4},
    "sources": [source("alpha", "A"), source("beta", "B"), source("gamma", "G", superseded_by="beta"),
                source("delta", "D", skipped=True)],
    "papers": [paper("arxiv:1", "Both", 2023, ["alpha", "beta"]), paper("t:2", "Lonely", 2022, ["alpha"]),
               {**paper("doi:3", "Has doi", 2021, ["beta"]),
                "identifiers": {"arxiv": None, "doi": "10.1/x", "other": {}}},
               {**paper("acl:4", "Has other", 2021, ["beta"]),
                "identifiers": {"arxiv": None, "doi": None, "other": {"acl": "P1"}}},
               {**paper("arxiv:5", "Has arxiv", 2021, ["beta"]),
                "identifiers": {"arxiv": "5", "doi": None, "other": {}}}],
    "conflicts": [{"type": "wrong-link", "message": "two papers share a link",
                   "mentions": [{"source": "alpha", "line": 4, "title": "X"},
                                {"source": "beta", "line": 9, "title": "Y"}]}],
}
RECORDS = [
    {"source": {"id": "alpha"}, "counts": {"items_and_rows": 10, "records": 7, "skipped_blank": 2, "skipped_folded": 1,
                                           "paragraph_entries": 3},
     "rejects": [{"line": 5, "code": "no-title", "message": "expected a title, found none", "extra": 1}],
     "records": [{"kind": "paper"}, {"kind": "paper"}, {"kind": "tool"}, {"kind": "survey"}],
     "problems": [prob("sources/alpha.md", 3, "bad-doi", "expected a DOI, found 10.x"),
                  prob("sources/alpha.md", 8, "crosscheck", "pandoc 3 items, mistune 2"),
                  prob("sources/alpha.md", None, "pandoc-failed", "boom", "error")]},
    {"source": {"id": "beta"}, "counts": {"items_and_rows": 4, "records": 4},
     "rejects": [], "records": [{"kind": "dataset"}],
     "problems": [prob("sources/beta.md", 2, "repaired-arxiv", "removed a dot"),
                  prob("sources/beta.md", 6, "repaired-doi", "removed a comma")]},
]

REPORT = {'summary': {'sources': 4,
                      'active_sources': 2,
                      'records': 11,
                      'rejects': 1,
                      'skipped_blank': 2,
                      'errors': 1,
                      'warnings': 4,
                      'papers_without_identifier': 2,
                      'papers': 3,
                      'papers_in_two_or_more_lists': 1,
                      'mentions': 4},
          'sources': [{'id': 'alpha',
                       'path': 'sources/alpha.md',
                       'superseded_by': None,
                       'skipped': False,
                       'items_and_rows': 10,
                       'records': 7,
                       'rejects': [{'line': 5, 'code': 'no-title', 'message': 'expected a title, found none'}],
                       'skipped_blank': 2,
                       'skipped_folded': 1,
                       'paragraph_entries': 3,
                       'kinds': {'paper': 2, 'survey': 1, 'tool': 1},
                       'problems': [{'file': 'sources/alpha.md',
                                     'line': 3,
                                     'code': 'bad-doi',
                                     'message': 'expected a DOI, found 10.x',
                                     'severity': 'warning'},
                                    {'file': 'sources/alpha.md',
                                     'line': 8,
                                     'code': 'crosscheck',
                                     'message': 'pandoc 3 items, mistune 2',
                                     'severity': 'warning'},
                                    {'file': 'sources/alpha.md',
                                     'line': None,
                                     'code': 'pandoc-failed',
                                     'message': 'boom',
                                     'severity': 'error'}]},
                      {'id': 'beta',
                       'path': 'sources/beta.md',
                       'superseded_by': None,
                       'skipped': False,
                       'items_and_rows': 4,
                       'records': 4,
                       'rejects': [],
                       'skipped_blank': 0,
                       'skipped_folded': 0,
                       'paragraph_entries': 0,
                       'kinds': {'dataset': 1},
                       'problems': [{'file': 'sources/beta.md',
                                     'line': 2,
                                     'code': 'repaired-arxiv',
                                     'message': 'removed a dot',
                                     'severity': 'warning'},
                                    {'file': 'sources/beta.md',
                                     'line': 6,
                                     'code': 'repaired-doi',
                                     'message': 'removed a comma',
                                     'severity': 'warning'}]},
                      {'id': 'gamma',
                       'path': 'sources/gamma.md',
                       'superseded_by': 'beta',
                       'skipped': False,
                       'items_and_rows': 0,
                       'records': 0,
                       'rejects': [],
                       'skipped_blank': 0,
                       'skipped_folded': 0,
                       'paragraph_entries': 0,
                       'kinds': {},
                       'problems': []},
                      {'id': 'delta',
                       'path': 'sources/delta.md',
                       'superseded_by': None,
                       'skipped': True,
                       'items_and_rows': 0,
                       'records': 0,
                       'rejects': [],
                       'skipped_blank': 0,
                       'skipped_folded': 0,
                       'paragraph_entries': 0,
                       'kinds': {},
                       'problems': []}],
          'crosscheck': [{'file': 'sources/alpha.md',
                          'line': 8,
                          'code': 'crosscheck',
                          'message': 'pandoc 3 items, mistune 2',
                          'severity': 'warning'}],
          'conflicts': [{'type': 'wrong-link',
                         'message': 'two papers share a link',
                         'mentions': [{'source': 'alpha', 'line': 4, 'title': 'X'},
                                      {'source': 'beta', 'line': 9, 'title': 'Y'}]}],
          'papers_without_identifier': [{'id': 'arxiv:1', 'title': 'Both', 'mentions': ['alpha:1', 'beta:1']},
                                        {'id': 't:2', 'title': 'Lonely', 'mentions': ['alpha:1']}],
          'malformed_identifiers': [{'file': 'sources/alpha.md',
                                     'line': 3,
                                     'code': 'bad-doi',
                                     'message': 'expected a DOI, found 10.x',
                                     'severity': 'warning'},
                                    {'file': 'sources/beta.md',
                                     'line': 2,
                                     'code': 'repaired-arxiv',
                                     'message': 'removed a dot',
                                     'severity': 'warning'},
                                    {'file': 'sources/beta.md',
                                     'line': 6,
                                     'code': 'repaired-doi',
                                     'message': 'removed a comma',
                                     'severity': 'warning'}],
          'largest_overlaps': [{'a': 'alpha', 'b': 'beta', 'shared': 1}]}

REPORT_MD = """\
# Catalog quality report

## Summary

| Measure                     | Value |
|-----------------------------|-------|
| sources                     | 4     |
| active sources              | 2     |
| records                     | 11    |
| rejects                     | 1     |
| skipped blank               | 2     |
| errors                      | 1     |
| warnings                    | 4     |
| papers without identifier   | 2     |
| papers                      | 3     |
| papers in two or more lists | 1     |
| mentions                    | 4     |

## Sources

| Source | Items and rows GitHub shows | Records | Rejects | Blank rows | Folded sub-items | Paragraph entries | Errors | Warnings | Note |
|----|----|----|----|----|----|----|----|----|----|
| alpha | 10 | 7 | 1 | 2 | 1 | 3 | 1 | 2 |  |
| beta | 4 | 4 | 0 | 0 | 0 | 0 | 0 | 2 |  |
| gamma | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | superseded by beta |
| delta | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | skipped: could not be read |

## Kinds per list

What each list's records are (README: how kinds are decided); only papers and surveys (and datasets or benchmarks that come with a paper) enter the catalog's papers.

| Source | paper | survey | dataset | tool | papers and surveys |
|--------|-------|--------|---------|------|--------------------|
| alpha  | 2     | 1      | 0       | 1    | 75%                |
| beta   | 0     | 0      | 1       | 0    | 0%                 |
| gamma  | 0     | 0      | 0       | 0    | \\-                 |
| delta  | 0     | 0      | 0       | 0    | \\-                 |

### alpha (sources/alpha.md)

- sources/alpha.md:5: no-title: expected a title, found none
- sources/alpha.md:3: bad-doi: expected a DOI, found 10.x
- sources/alpha.md: pandoc-failed: boom

### beta (sources/beta.md)

- sources/beta.md:2: repaired-arxiv: removed a dot
- sources/beta.md:6: repaired-doi: removed a comma

## Parser cross-check

- sources/alpha.md:8: crosscheck: pandoc 3 items, mistune 2

## Conflicts

| Type       | What                    | Where               |
|------------|-------------------------|---------------------|
| wrong-link | two papers share a link | alpha:4 X; beta:9 Y |

## Papers without any identifier

2 papers have no arXiv id, DOI or other identifier: a link to the paper would let the next build match them for sure.

| Title  | Mentions        |
|--------|-----------------|
| Both   | alpha:1, beta:1 |
| Lonely | alpha:1         |

## Malformed identifiers

- sources/alpha.md:3: bad-doi: expected a DOI, found 10.x
- sources/beta.md:2: repaired-arxiv: removed a dot
- sources/beta.md:6: repaired-doi: removed a comma

## Largest overlaps

| List  | List | Shared papers |
|-------|------|---------------|
| alpha | beta | 1             |

![Papers shared by each pair of lists](overlap.png)
"""


def test_report_json_whole() -> None:
    assert report.build_report(CATALOG, RECORDS) == REPORT


def test_report_md_whole() -> None:
    assert report.report_markdown(REPORT) == REPORT_MD


def test_a_clean_report_says_none() -> None:
    clean = report.build_report({**CATALOG, "conflicts": [], "papers": [CATALOG["papers"][2]]},
                                [{**RECORDS[1], "problems": []}])
    markdown = report.report_markdown(clean, picture="p.png")
    assert "## Parser cross-check\n\nNone.\n\n## Conflicts\n\nNone.\n\n## Papers without any identifier" in markdown
    assert "0 papers have no arXiv id, DOI or other identifier" in markdown
    assert "| Title" not in markdown
    assert "## Malformed identifiers\n\nNone.\n" in markdown
    assert "### " not in markdown
    assert markdown.endswith("![Papers shared by each pair of lists](p.png)\n")


def test_kinds_table_counts_and_share() -> None:
    sources = [{"id": "a", "kinds": {"survey": 1, "tool": 2}}, {"id": "b", "kinds": {"benchmark": 3, "paper": 1}},
               {"id": "c", "kinds": {}}]
    assert report.kinds_table(sources) == (
        ["Source", "paper", "survey", "benchmark", "tool", "papers and surveys"],
        [["a", "0", "1", "0", "2", "33%"], ["b", "1", "0", "3", "0", "25%"], ["c", "0", "0", "0", "0", "-"]])


def test_kinds_keep_an_unknown_kind_after_the_known_ones() -> None:
    assert report._kinds([{"kind": "tool"}, {"kind": "odd"}, {"kind": "paper"}, {"kind": "tool"}]) == {
        "paper": 1, "tool": 2, "odd": 1}


def test_the_report_keeps_of_a_records_file_what_it_reads() -> None:
    problem = prob("a.md", 3, "crlf", "expected LF line endings, found CR")
    reject = {"line": 7, "code": "no-title", "message": "expected a title", "text": "| | |"}
    records_file = {
        "source": {"id": "alpha", "path": "sources/a.md", "sha256": "ab"},
        "records": [{"id": "alpha:5", "kind": "paper", "title": "A long title", "links": [], "section": ["S"]},
                    {"id": "alpha:6", "kind": "dataset", "title": "Data", "links": [], "section": []}],
        "rejects": [reject], "problems": [problem], "counts": {"records": 2, "rejects": 1},
    }
    assert report.report_part(records_file) == {
        "source": {"id": "alpha", "path": "sources/a.md", "sha256": "ab"},
        "records": [{"kind": "paper"}, {"kind": "dataset"}],
        "rejects": [reject], "problems": [problem], "counts": {"records": 2, "rejects": 1},
    }
    assert report.build_report(CATALOG, [report.report_part(f) for f in RECORDS]) == REPORT


def test_a_records_file_part_it_lacks_stays_absent() -> None:
    source = {"id": "alpha", "path": "sources/a.md", "sha256": None}
    assert report.report_part({"source": source}) == {"source": source, "records": []}


def test_the_report_action_decodes_only_the_records_files_rewritten_since_the_last_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog_path = tmp_path / "catalog" / "papers.json"
    catalog = {**CATALOG, "counts": {**CATALOG["counts"], "conflicts": 1}}  # as papers.json counts them
    # papers.json holds the counts in key order, and so does the report read from it
    own = {key: value for key, value in REPORT["summary"].items() if key not in catalog["counts"]}
    expected = {**REPORT, "summary": {**own, "conflicts": 1, "mentions": 4, "papers": 3,
                                      "papers_in_two_or_more_lists": 1}}
    files.write_json(catalog_path, catalog)
    records_paths = [tmp_path / "records" / f"{name}.json" for name in ("alpha", "beta")]
    for path, records_file in zip(records_paths, RECORDS):
        files.write_json(path, records_file)
    targets = (tmp_path / "catalog" / "report.json", tmp_path / "catalog" / "report.md")
    cache = tmp_path / paths.REPORT_CACHE
    decoded: list[str] = []
    real = report.report_part
    monkeypatch.setattr(report, "report_part", lambda records_file: decoded.append(records_file["source"]["id"])
                        or real(records_file))

    def run() -> dict:
        gone = tmp_path / "gone.json"  # a records file that is not there is left out, as before
        assert artifacts.write_report.__wrapped__(catalog_path, [*records_paths, gone], *targets, cache,
                                                  tmp_path / paths.REPORT_TEXT_CACHE)
        return json.loads(targets[0].read_text(encoding="utf-8"))

    assert run() == expected and decoded == ["alpha", "beta"]
    assert targets[1].read_text(encoding="utf-8") == report.report_markdown(expected, paths.display_path(targets[1]))
    kept = files.read_cache(cache)["parts"]
    assert kept == {hashlib.sha256(path.read_bytes()).hexdigest(): real(records_file)
                    for path, records_file in zip(records_paths, RECORDS)}

    decoded.clear()
    assert run() == expected and decoded == []  # nothing rewritten: no records file decoded
    # rewritten with as many bytes (a line number changed): told by its digest
    same_size = copy.deepcopy(RECORDS[1])
    same_size["problems"][0]["line"] = 3
    files.write_json(records_paths[1], same_size)
    assert run()["malformed_identifiers"][0]["line"] == 3 and decoded == ["beta"]
    edited = {**RECORDS[1], "rejects": [{"line": 9, "code": "no-title", "message": "expected a title"}]}
    files.write_json(records_paths[1], edited)
    decoded.clear()
    assert run() == report.build_report(catalog, [RECORDS[0], edited]) and decoded == ["beta"]
    # kept by other code: every file decoded again
    monkeypatch.setattr(artifacts, "code_digest", lambda *modules: "0" * 64)
    decoded.clear()
    assert run() == report.build_report(catalog, [RECORDS[0], edited]) and decoded == ["alpha", "beta"]


def test_the_report_action_renders_only_the_parts_of_report_md_that_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog_path = tmp_path / "catalog" / "papers.json"
    files.write_json(catalog_path, {**CATALOG, "counts": {**CATALOG["counts"], "conflicts": 1}})
    records_paths = [tmp_path / "records" / f"{name}.json" for name in ("alpha", "beta")]
    for path, records_file in zip(records_paths, RECORDS):
        files.write_json(path, records_file)
    targets = (tmp_path / "catalog" / "report.json", tmp_path / "catalog" / "report.md")
    rendered: list[str] = []  # the first heading of each part pandoc renders
    real = report.gfm_parts
    monkeypatch.setattr(report, "gfm_parts", lambda parts, path: rendered.extend(
        pf.stringify(blocks[0]) for blocks in parts) or real(parts, path))

    def run() -> str:
        assert artifacts.write_report.__wrapped__(catalog_path, records_paths, *targets, tmp_path / paths.REPORT_CACHE,
                                                  tmp_path / paths.REPORT_TEXT_CACHE)
        return targets[1].read_text(encoding="utf-8")

    whole = run()
    assert rendered == ["Catalog quality report", "Sources", "Kinds per list", "alpha (sources/alpha.md)",
                        "Parser cross-check", "Conflicts", "Papers without any identifier", "Malformed identifiers",
                        "Largest overlaps"]
    rendered.clear()
    assert run() == whole and rendered == []  # nothing changed: nothing rendered
    edited = {**RECORDS[1], "rejects": [{"line": 9, "code": "no-title", "message": "expected a | title"}]}
    files.write_json(records_paths[1], edited)
    text = run()
    # the counts, beta's row and its problems: the rest is taken as it was
    assert rendered == ["Catalog quality report", "Sources", "alpha (sources/alpha.md)"]
    assert "beta (sources/beta.md)" in text and "expected a \\| title" not in whole
    # the same text as the report rendered whole, in one pandoc run
    expected = report.build_report(json.loads(catalog_path.read_text(encoding="utf-8")), [RECORDS[0], edited])
    blocks = [block for section in report._sections(expected, "overlap.png") for block in report._blocks(*section)]
    assert text == document.to_gfm(blocks, paths.display_path(targets[1])) != whole
