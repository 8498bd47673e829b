"""GitHub's reading (cmark-gfm) as the reference: the shapes it shows are all read, and nothing it
shows is lost, in the fixtures and in the real lists of the dev corpus."""

import json

import pytest

from pipeline.read.github import github_view
from tests.conftest import FIXTURES, read_fixture_file
from tests.helpers import records_of

CASES = read_fixture_file(FIXTURES / "github-shapes.md")
COUNTS = ("items_and_rows", "skipped_blank", "skipped_folded", "github_differs", "paragraph_entries")


def summarize(result: dict) -> dict:
    return {
        "records": [{"line": record["source"]["line"], "block": record["block"]["type"],
                     "urls": [link["url"] for link in record["links"]], "cells": record["cells"]}
                    for record in result["records"]],
        "rejects": [[reject["line"], reject["code"]] for reject in result["rejects"]],
        "counts": {key: result["counts"][key] for key in COUNTS},
    }


@pytest.mark.parametrize("line,title,markdown,expected", CASES, ids=[case[1] for case in CASES])
def test_github_shapes(line: int, title: str, markdown: str, expected: str) -> None:
    assert summarize(records_of(markdown)) == json.loads(expected), f"github-shapes.md:{line}: {title}"


def test_github_view_lines_of_items_and_rows() -> None:
    markdown = ("Intro\n| a |\n|---|\n| 1 |\n\n- x\n  1. y\n\n"
                "<table><thead><tr><td>head</td></tr></thead>\n<tr><th>x</th><td>1</td></tr>\n"
                "<tr><th>only header cells</th></tr>\n\n<tr></tr>\n<tfoot><tr><td>f</td></tr></tfoot></table>\n\n"
                "<ul>\n<li>a</li><li>b</li>\n</ul>\n")
    assert github_view(markdown) == {"items": [6, 7, 17, 17], "rows": [4, 10, 11], "tables_after_text": [2]}


def test_an_item_github_shows_and_pandoc_does_not_is_reported_at_its_line() -> None:
    result = records_of('See <ul><li><a href="https://arxiv.org/abs/2401.00001">A Paper</a></li></ul>\n')
    assert result["records"] == []
    assert [(problem["line"], problem["code"]) for problem in result["problems"]] == [(1, "github-differs")]
    assert (result["counts"]["items_and_rows"], result["counts"]["github_differs"]) == (1, 1)


def test_control_characters_do_not_break_github_reading() -> None:
    assert github_view("a\x01b\n- x\x0c\x1b y\n- \ufffd\uffff\n")["items"] == [2, 3]


def test_the_report_counts_folded_sub_items_and_paragraph_entries_per_source() -> None:
    from pipeline.outputs.report import build_report, report_markdown

    result = records_of("- **Alpha Paper on Graphs**\n  - A. Author\n  - [[Paper]](https://arxiv.org/abs/2401.00001)\n\n"
                        "**Beta Paper on Text.** <br>\n[[paper]](https://arxiv.org/abs/2401.00002)\n", "a")
    catalog = {"sources": [{"id": "a", "path": "a.md", "superseded_by": None}], "papers": [], "conflicts": [],
               "counts": {"papers": 0, "mentions": 0, "resources": 0, "conflicts": 0,
                          "papers_in_two_or_more_lists": 0}}
    report = build_report(catalog, [result])
    source = report["sources"][0]
    assert (source["items_and_rows"], source["records"], source["skipped_folded"], source["paragraph_entries"]) == (
        3, 2, 2, 1)
    assert "| a | 3 | 2 | 0 | 0 | 2 | 1 | 0 | 0 |  |" in report_markdown(report)
