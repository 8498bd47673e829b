"""Upstream-like edits of the real sources: the diff reports exactly the edit, moves as moves,
paper ids stay, and the maintainers' decisions never land on another paper."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.releases.diff import diff_catalogs, diff_markdown
from pipeline.validate import schema_problems
from tests.catalog_fixture import real_catalog
from tests.upstream_edits import (NAMES, catalog_after, crlf, delete_section, insert_after, insert_top,
                                  move_section_to_end, new_header, replace, source_text, then)

ONCE = "ONCE: Boosting Content-based Recommendation with Both Open- and Closed-source Large Language Models"
LLMRG = "LLMRG: Improving Recommendations through Large Language Model Reasoning Graphs"
ENHANCING = "Enhancing Recommender Systems with Large Language Model Reasoning Graphs"
AWESOME = "awesome-llm-enhanced-recsys"
BADGE = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
# Every test here reads an edited real source through pandoc again (about 0.5 s each, the property
# tests once per example): CI runs them (pytest --slow), plain pytest leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return real_catalog()


def mentions_of(catalog: dict[str, Any], source: str) -> list[int]:
    return sorted(m["line"] for p in catalog["papers"] for m in p["mentions"] if m["source"] == source)


def decisions_hold(catalog: dict[str, Any], problems: list[Any]) -> None:
    """The LLMRG decision: applied to its two mentions and nothing else, or reported stale."""
    if any(p.code == "decision-stale" for p in problems):
        titles = [[m["title"] for m in p["mentions"]] for p in catalog["papers"]]
        assert not any(ONCE in group and ENHANCING in group for group in titles)
        return
    paper = next(p for p in catalog["papers"] if any(m["title"] == LLMRG for m in p["mentions"]))
    titles = {m["title"] for m in paper["mentions"]}
    assert ENHANCING in titles and ONCE not in titles


def only_moves(base: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    catalog, problems = catalog_after(edits)
    assert [p.code for p in problems] == []
    decisions_hold(catalog, problems)
    result = diff_catalogs(base, catalog)
    assert (result["added"], result["removed"], result["changed"]) == ([], [], [])
    assert sorted(p["id"] for p in catalog["papers"]) == sorted(p["id"] for p in base["papers"])
    assert schema_problems(result, "diff", "diff.json", None) == []
    return result


def test_a_badge_on_top_of_every_source_only_moves_mentions(base: dict[str, Any]) -> None:
    result = only_moves(base, {name: insert_top(BADGE, "") for name in NAMES})
    assert result["summary"]["moved"] == 686  # every mention of the catalog, two lines down
    assert {m["new_line"] - m["old_line"] for m in result["moved"]} == {2}
    assert result["sources"]["changed"] == sorted(NAMES)


def test_the_newer_upstream_header_of_nextgen_only_moves_mentions(base: dict[str, Any]) -> None:
    result = only_moves(base, {"nextgen-llm-recsys-survey": new_header(25)})
    assert result["summary"]["moved"] == len(mentions_of(base, "nextgen-llm-recsys-survey")) == 235
    assert {m["new_line"] - m["old_line"] for m in result["moved"]} == {25}
    text = diff_markdown(result, "001", "002")
    assert "0 added, 0 removed, 0 changed (0 with a new id)." in text
    assert "235 mentions moved to other lines (list them with --moves)." in text
    assert "### Moved" not in text and "### Changed" not in text
    listed = diff_markdown(result, "001", "002", moves=True)
    assert "### Moved" in listed and listed.count("\n- nextgen-llm-recsys-survey: ") == 235


def test_two_lines_on_top_of_the_llmrg_list_keep_the_decision_on_llmrg(base: dict[str, Any]) -> None:
    result = only_moves(base, {AWESOME: insert_top("Some news.", "")})
    assert result["summary"]["moved"] == 69
    assert {"source": AWESOME, "title": LLMRG, "old_line": 26, "new_line": 28, "paper": "arxiv:2308.10835"} \
        in result["moved"]


def test_crlf_changes_nothing_at_all(base: dict[str, Any]) -> None:
    catalog, problems = catalog_after({"recsys-without-id-features": crlf})
    result = diff_catalogs(base, catalog)
    assert (result["added"], result["removed"], result["changed"], result["moved"]) == ([], [], [], [])


def test_moving_a_section_is_only_moves(base: dict[str, Any]) -> None:
    result = only_moves(base, {"recsys-without-id-features": move_section_to_end("## Survey")})
    assert result["summary"]["moved"] > 0


def test_deleting_a_section_removes_exactly_its_mentions(base: dict[str, Any]) -> None:
    catalog, problems = catalog_after({AWESOME: delete_section("## 2. Interaction Enhancement")})
    decisions_hold(catalog, problems)
    result = diff_catalogs(base, catalog)
    removed = {p["id"] for p in result["removed"]}
    gone = {f"{m['source']}:{m['line']}" for p in base["papers"] if p["id"] in removed for m in p["mentions"]}
    gone |= {where for change in result["changed"] for where in change["changes"].get("mentions", [[], []])[0]}
    assert not any(change["changes"].get("mentions", [[], []])[1] for change in result["changed"])
    # Lines 44 to 55 were the section (its heading, a table header and rows 46-55).
    assert gone == {f"{AWESOME}:{line}" for line in mentions_of(base, AWESOME) if 44 <= line < 56}
    assert result["added"] == []
    assert {(m["old_line"] - m["new_line"]) for m in result["moved"]} == {12}


def test_a_new_row_is_one_added_paper(base: dict[str, Any]) -> None:
    row = ("| 2025.1 / arXiv'25 | NEWREC | [A Brand New Recommender](https://arxiv.org/abs/2501.00001) "
           "| Summarization | GPT-4 (N) | N/A |")
    catalog, problems = catalog_after({AWESOME: insert_after("| 2023.5 / WSDM'24   | ONCE", row)})
    decisions_hold(catalog, problems)
    result = diff_catalogs(base, catalog)
    assert [p["id"] for p in result["added"]] == ["arxiv:2501.00001"]
    assert (result["removed"], result["changed"]) == ([], [])
    # Every mention below the new row (ONCE is on line 24) moved down by one.
    assert result["summary"]["moved"] == len([line for line in mentions_of(base, AWESOME) if line > 24]) == 58
    assert {m["new_line"] - m["old_line"] for m in result["moved"]} == {1}


def test_fixing_a_link_changes_that_mention_only(base: dict[str, Any]) -> None:
    catalog, problems = catalog_after({AWESOME: replace("(https://arxiv.org/pdf/2306.10933)",
                                                        "(https://arxiv.org/abs/2306.10933)")})
    result = diff_catalogs(base, catalog)
    assert [(c["key"], c["old_key"], c["changes"]["mentions"]) for c in result["changed"]] == [
        ("arxiv:2306.10933", "arxiv:2306.10933", [[f"{AWESOME}:25"], [f"{AWESOME}:25"]])]
    assert (result["added"], result["removed"], result["moved"]) == ([], [], [])
    assert sorted(p["id"] for p in catalog["papers"]) == sorted(p["id"] for p in base["papers"])


def test_renaming_a_title_changes_that_paper_only(base: dict[str, Any]) -> None:
    catalog, problems = catalog_after({AWESOME: replace("[Understanding Before Recommendation:",
                                                        "[Understanding Before Recommending:")})
    result = diff_catalogs(base, catalog)
    assert [(c["key"], c["old_key"]) for c in result["changed"]] == [("arxiv:2312.16275", "arxiv:2312.16275")]
    assert sorted(p["id"] for p in catalog["papers"]) == sorted(p["id"] for p in base["papers"])
    assert result["changed"][0]["changes"]["mentions"] == [[f"{AWESOME}:27"], [f"{AWESOME}:27"]]
    assert (result["added"], result["removed"], result["moved"]) == ([], [], [])


def test_renaming_the_llmrg_title_makes_the_decision_stale_not_wrong(base: dict[str, Any]) -> None:
    catalog, problems = catalog_after({AWESOME: then(insert_top("News", ""),
                                                     replace("[LLMRG: Improving", "[LLMRG: Bettering"))})
    assert [p.code for p in problems] == ["decision-stale"]
    decisions_hold(catalog, problems)


@st.composite
def paragraph_insertions(draw: st.DrawFn) -> tuple[str, list[int], bool]:
    """A source, some of its heading lines to put a new paragraph above, and maybe CRLF."""
    name = draw(st.sampled_from([n for n in NAMES if n != "nextgen-llm-recsys-survey-2024-09"]))
    headings = [n for n, row in enumerate(source_text(name).split("\n")) if row.startswith("#")]
    chosen = draw(st.lists(st.sampled_from(headings), min_size=1, max_size=4, unique=True))
    return name, sorted(chosen), draw(st.booleans())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraph_insertions())
def test_paragraphs_inserted_between_sections_only_move_mentions(base: dict[str, Any],
                                                                 case: tuple[str, list[int], bool]) -> None:
    name, above, windows = case

    def edit(text: str) -> str:
        rows = text.split("\n")
        for at in reversed(above):
            rows[at:at] = ["An upstream note.", ""]
        text = "\n".join(rows)
        return crlf(text) if windows else text

    result = only_moves(base, {name: edit})
    # Each mention moves down by two lines for each paragraph inserted above it.
    # Each mention moves down by two lines for each paragraph inserted above it (headings are 0-based rows).
    expected = [(line, line + 2 * sum(at + 1 < line for at in above)) for line in mentions_of(base, name)]
    assert sorted((m["old_line"], m["new_line"]) for m in result["moved"]) == \
        [(old, new) for old, new in expected if new != old]


@st.composite
def section_moves(draw: st.DrawFn) -> tuple[str, list[str], bool]:
    """A source, one to three of its second-level sections to move to its end, in order, and maybe CRLF."""
    name = draw(st.sampled_from([n for n in NAMES if n != "nextgen-llm-recsys-survey-2024-09" and _sections(n)]))
    return name, draw(st.lists(st.sampled_from(_sections(name)), min_size=1, max_size=3, unique=True)), \
        draw(st.booleans())


def _sections(name: str) -> list[str]:
    """The second-level markdown headings of a source that appear once (llm4rec-papers-zh has none)."""
    headings = [row for row in source_text(name).split("\n") if row.startswith("## ")]
    return [row for row in headings if headings.count(row) == 1]


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section_moves())
def test_sections_moved_to_the_end_only_move_mentions(base: dict[str, Any], case: tuple[str, list[str], bool]) -> None:
    name, headings, windows = case
    steps = [move_section_to_end(heading) for heading in headings] + ([crlf] if windows else [])
    only_moves(base, {name: then(*steps)})


def test_moving_sections_keeps_a_mistaken_shared_arxiv_id_with_the_same_paper(base: dict[str, Any]) -> None:
    """recsys-without-id-features lines 164 (PeterRec, also cited on line 37) and 181 (Conure) both link
    arXiv 2001.04253. Once the id went to whichever row came first; moving sections gave it to Conure."""
    result = only_moves(base, {"recsys-without-id-features": then(
        move_section_to_end("## Perspective paper: ID vs. LLM & ID vs. Multimodal"),
        move_section_to_end("## Large Language Models for Recommendation （LLM4Rec）"))})
    assert result["summary"]["moved"] == 133
    peterrec = next(p for p in base["papers"] if p["id"] == "arxiv:2001.04253")
    assert peterrec["title"] == "Parameter-Efficient Transfer from Sequential Behaviors for User Modeling and " \
                                "Recommendation"
