"""Decisions name mentions by source and title: they follow a moved mention and never land on another paper."""

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import cli, files, paths
from pipeline.catalog.decisions import locate, reanchor, resolve
from tests.catalog_fixture import SOURCES, real_catalog, real_records, source_records
from tests.upstream_edits import records_after

LLMRG_ARXIV = "2308.10835"
ONCE = "ONCE: Boosting Content-based Recommendation with Both Open- and Closed-source Large Language Models"
LLMRG = "LLMRG: Improving Recommendations through Large Language Model Reasoning Graphs"
ENHANCING = "Enhancing Recommender Systems with Large Language Model Reasoning Graphs"


def record(source: str, line: int, title: str) -> dict[str, Any]:
    return {"id": f"{source}:{line}", "source": {"id": source, "line": line}, "title": title}


def anchor(source: str, line: int, title: str) -> dict[str, Any]:
    return {"source": source, "line": line, "title": title}


def same(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {"same": [{"a": a, "b": b, "reason": "renamed"}]}


RECORDS = [record("x", 3, "Alpha"), record("x", 9, "Beta"), record("y", 4, "Alpha again"),
           record("y", 7, "Twin"), record("y", 8, "Twin")]


def test_a_moved_mention_is_found_at_its_new_line() -> None:
    pairs, different, problems = resolve(same(anchor("x", 1, "Beta"), anchor("y", 50, "Alpha again")), RECORDS, "d")
    assert (pairs, different, problems) == ([(1, 2, "renamed")], [], [])


def test_a_case_or_punctuation_fix_is_the_same_title() -> None:
    pairs, _different, problems = resolve(same(anchor("x", 3, "alpha."), anchor("y", 4, "Alpha again")), RECORDS, "d")
    assert pairs == [(0, 2, "renamed")] and problems == []


def test_a_gone_title_is_stale_and_names_what_the_line_holds_now() -> None:
    pairs, _different, problems = resolve(same(anchor("x", 9, "Gamma"), anchor("y", 4, "Alpha again")), RECORDS, "d")
    assert pairs == []
    assert [(p.file, p.line, p.code, p.severity) for p in problems] == [("d", None, "decision-stale", "error")]
    assert problems[0].message.startswith(
        "same[1].a was written for x:9 'Gamma'; found no paper mention with that title in x; "
        "line 9 now holds 'Beta'")


def test_an_ambiguous_title_is_stale() -> None:
    _pairs, different, problems = resolve({"different": [{"a": anchor("y", 7, "Twin"), "b": anchor("x", 3, "Alpha"),
                                                           "reason": "two papers"}]}, RECORDS, "d")
    assert different == []
    assert "different[1].a was written for y:7 'Twin'; found 2 mentions with that title in y (lines 7, 8)" \
        in problems[0].message


def test_a_source_that_is_gone_is_stale() -> None:
    _pairs, _different, problems = resolve(same(anchor("z", 1, "Alpha"), anchor("x", 3, "Alpha")), RECORDS, "d")
    assert [p.code for p in problems] == ["decision-stale"] and "in 'z'" in problems[0].message


def test_reanchor_rewrites_hints_and_reports_what_it_cannot_place() -> None:
    decisions = {"same": [{"a": anchor("x", 1, "Beta"), "b": anchor("y", 4, "Alpha again"), "reason": "r"}],
                 "different": [{"a": anchor("y", 7, "Gone"), "b": anchor("x", 3, "Alpha"), "reason": "r"}]}
    updated, moved, problems = reanchor(decisions, RECORDS, "d")
    assert updated == {"same": [{"a": anchor("x", 9, "Beta"), "b": anchor("y", 4, "Alpha again"), "reason": "r"}],
                       "different": decisions["different"]}
    assert moved == ["same[1].a: x 'Beta': line 1 -> 9"]
    assert [p.code for p in problems] == ["decision-stale"]


def edited_records(name: str, edit: Any) -> list[dict[str, Any]]:
    """The real records, with source ``name`` read from ``edit(text)`` instead."""
    return records_after({name: edit})


def paper_of(catalog: dict[str, Any], title: str) -> dict[str, Any]:
    return next(p for p in catalog["papers"] if any(m["title"] == title for m in p["mentions"]))


def test_the_llmrg_decision_follows_its_mention_when_lines_are_inserted_on_top() -> None:
    catalog = real_catalog(edited_records("awesome-llm-enhanced-recsys", lambda text: "Badge\n\n" + text))
    llmrg, once = paper_of(catalog, LLMRG), paper_of(catalog, ONCE)
    assert llmrg["identifiers"]["arxiv"] == LLMRG_ARXIV
    mentions = {(m["source"], m["line"], m["title"]) for m in llmrg["mentions"]}
    assert {("awesome-llm-enhanced-recsys", 28, LLMRG), ("llm4rec-papers-zh", 85, ENHANCING)} <= mentions
    assert ONCE not in {title for _source, _line, title in mentions}
    assert once["id"] != llmrg["id"] and once["identifiers"]["arxiv"] != LLMRG_ARXIV


def test_a_decision_whose_title_is_gone_is_an_error_and_merges_nothing() -> None:
    from pipeline.catalog.build import build_catalog
    from pipeline.manifest import resolve_sources

    records = edited_records("awesome-llm-enhanced-recsys",
                             lambda text: "Badge\n\n" + text.replace("[LLMRG: Improving", "[LLMRG: Bettering"))
    manifest = json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))
    sources, _problems = resolve_sources(manifest, [p.name for p in paths.documents(SOURCES)], "manifest.json")
    decisions = json.loads((SOURCES / "decisions.json").read_text(encoding="utf-8"))
    catalog, problems = build_catalog(records, sources, decisions, "sources/decisions.json")
    assert [(p.file, p.code) for p in problems] == [("sources/decisions.json", "decision-stale")]
    assert problems[0].message.startswith(
        f"same[1].b was written for awesome-llm-enhanced-recsys:26 '{LLMRG}'; found no paper mention with that "
        f"title in awesome-llm-enhanced-recsys; line 26 now holds '{ONCE}'")
    # Not applied: ONCE (now on line 26) keeps its own paper, LLMRG's arXiv title stays apart.
    assert paper_of(catalog, ONCE)["identifiers"]["arxiv"] != LLMRG_ARXIV
    assert [m["title"] for m in paper_of(catalog, ENHANCING)["mentions"]] == [ENHANCING]


def test_the_shipped_decision_holds_on_the_shipped_sources() -> None:
    paper = paper_of(real_catalog(), LLMRG)
    assert {("awesome-llm-enhanced-recsys", 26), ("llm4rec-papers-zh", 85)} <= \
        {(m["source"], m["line"]) for m in paper["mentions"]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sources folder of the shipped lists with build/records from them, as after a doit run."""
    sources, build = tmp_path / "sources", tmp_path / "build"
    sources.mkdir()
    for path in [*paths.documents(SOURCES), SOURCES / "manifest.json", SOURCES / "decisions.json"]:
        (sources / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("PAPERLISTS_SOURCES", str(sources))
    monkeypatch.setenv("PAPERLISTS_BUILD", str(build))
    return tmp_path


def write_records(project: Path, name: str, text: str) -> None:
    (project / "sources" / f"{name}.md").write_text(text, encoding="utf-8")
    for found in real_records():
        if found["source"]["id"] == name:
            found, _problems = source_records(name, text.encode("utf-8"))
        files.write_json(project / "build" / "records" / f"{found['source']['id']}.json", found)


def test_cli_reanchor_rewrites_the_hint(project: Path, capsys: pytest.CaptureFixture) -> None:
    name = "awesome-llm-enhanced-recsys"
    write_records(project, name, "Badge\n\n" + (SOURCES / f"{name}.md").read_text(encoding="utf-8"))
    assert cli.main(["decisions"]) == 0
    assert "would move: same[1].b: awesome-llm-enhanced-recsys" in capsys.readouterr().err
    assert json.loads((project / "sources" / "decisions.json").read_text())["same"][0]["b"]["line"] == 26
    assert cli.main(["decisions", "--reanchor"]) == 0
    err = capsys.readouterr().err
    assert f"moved: same[1].b: awesome-llm-enhanced-recsys '{LLMRG}': line 26 -> 28" in err
    assert json.loads((project / "sources" / "decisions.json").read_text())["same"][0]["b"]["line"] == 28


def test_cli_reanchor_reports_what_it_cannot_place(project: Path, capsys: pytest.CaptureFixture) -> None:
    name = "awesome-llm-enhanced-recsys"
    write_records(project, name, (SOURCES / f"{name}.md").read_text(encoding="utf-8").replace("[LLMRG: Impr", "[X"))
    before = (project / "sources" / "decisions.json").read_bytes()
    assert cli.main(["decisions", "--reanchor"]) == 1
    assert "decision-stale: same[1].b: cannot place awesome-llm-enhanced-recsys:26" in capsys.readouterr().err
    assert (project / "sources" / "decisions.json").read_bytes() == before


def test_cli_decisions_refuses_records_of_an_older_text(project: Path, capsys: pytest.CaptureFixture) -> None:
    name = "awesome-llm-enhanced-recsys"
    write_records(project, name, (SOURCES / f"{name}.md").read_text(encoding="utf-8"))
    (project / "sources" / f"{name}.md").write_text("# changed upstream\n", encoding="utf-8")
    assert cli.main(["decisions", "--reanchor"]) == 2
    assert "build-stale" in capsys.readouterr().err


def test_cli_decisions_names_a_broken_manifest_instead_of_a_traceback(project: Path,
                                                                     capsys: pytest.CaptureFixture) -> None:
    (project / "sources" / "manifest.json").write_text('{"sources": [\n', encoding="utf-8")
    assert cli.main(["decisions"]) == 2
    err = capsys.readouterr().err
    assert "manifest.json:2: manifest-invalid: expected a JSON manifest, found: " in err
    assert "Traceback" not in err


def test_resolve_whole_with_malformed_twice_named_and_different_decisions() -> None:
    decisions = {
        "same": [{"a": anchor("x", 3, "Alpha"), "b": anchor("y", 4, "Alpha again"), "reason": "renamed"},
                 {"a": "x:3", "b": {"source": "y", "title": "Alpha again"}, "reason": "no line"},
                 {"a": anchor("x", 3, "Alpha"), "b": anchor("x", 5, "alpha"), "reason": "one mention"}],
        "different": [{"a": anchor("x", 9, "Beta"), "b": anchor("y", 4, "Alpha again")},
                      {"a": anchor("x", 9, "Gamma"), "b": anchor("y", 7, "Twin")},
                      {"a": anchor("x", 9, "Beta"), "b": anchor("y", 8, "Alpha again")}],
    }
    same_pairs, different, problems = resolve(decisions, RECORDS, "sources/decisions.json")
    assert same_pairs == [(0, 2, "renamed")]
    assert different == [(1, 2), (1, 2)]
    assert [(p.file, p.line, p.code, p.message) for p in problems] == [
        ("sources/decisions.json", None, "decision-invalid",
         "same[2].a: expected a mention {\"source\", \"title\", \"line\"}, found 'x:3' (a 'source:line' alone "
         "would follow whatever paper lands on that line)"),
        ("sources/decisions.json", None, "decision-invalid",
         "same[2].b: expected a mention {\"source\", \"title\", \"line\"}, found {'source': 'y', 'title': "
         "'Alpha again'} (a 'source:line' alone would follow whatever paper lands on that line)"),
        ("sources/decisions.json", None, "decision-invalid", "same[3] names the same mention twice: x:3 'Alpha'"),
        ("sources/decisions.json", None, "decision-stale",
         "different[2].a was written for x:9 'Gamma'; found no paper mention with that title in x; line 9 now "
         "holds 'Beta' (run python -m pipeline decisions --reanchor after an upstream update, or correct the "
         "decision)"),
        ("sources/decisions.json", None, "decision-stale",
         "different[2].b was written for y:7 'Twin'; found 2 mentions with that title in y (lines 7, 8), expected "
         "one (run python -m pipeline decisions --reanchor after an upstream update, or correct the decision)"),
    ]
    assert resolve(None, RECORDS, "d.json") == ([], [], [])


def test_an_anchor_is_well_formed_only_with_a_text_source_and_title_and_a_whole_line() -> None:
    for broken in ({"source": 1, "title": "Alpha", "line": 3}, {"source": "x", "title": None, "line": 3},
                   {"source": "x", "title": "Alpha", "line": "3"}, ["x", "Alpha", 3]):
        _same, _different, problems = resolve({"same": [{"a": broken, "b": anchor("y", 4, "Alpha again"),
                                                         "reason": "r"}]}, RECORDS, "d.json")
        assert [p.code for p in problems] == ["decision-invalid"], broken


def test_a_hint_line_with_no_paper_says_so() -> None:
    _same, _different, problems = resolve(same(anchor("x", 5, "Gone"), anchor("y", 4, "Alpha again")), RECORDS, "d.json")
    assert [p.message for p in problems] == [
        "same[1].a was written for x:5 'Gone'; found no paper mention with that title in x; line 5 now holds no "
        "paper mention (run python -m pipeline decisions --reanchor after an upstream update, or correct the "
        "decision)"]


def test_reanchor_places_the_other_side_of_a_pair_it_cannot_wholly_place() -> None:
    decisions = {"different": [{"a": anchor("y", 7, "Gone"), "b": anchor("x", 2, "Alpha")}]}
    updated, moved, problems = reanchor(decisions, RECORDS, "sources/decisions.json")
    assert updated == {"different": [{"a": anchor("y", 7, "Gone"), "b": anchor("x", 3, "Alpha")}]}
    assert moved == ["different[1].b: x 'Alpha': line 2 -> 3"]
    assert [(p.file, p.line, p.code, p.message) for p in problems] == [
        ("sources/decisions.json", None, "decision-stale",
         "different[1].a: cannot place y:7 'Gone': found no paper mention with that title in y; line 7 now holds "
         "'Twin'")]


def test_a_title_as_written_wins_over_one_that_only_normalizes_the_same() -> None:
    records = [record("x", 3, "Twin"), record("x", 4, "twin!")]
    assert locate(anchor("x", 9, "Twin"), records) == (0, "")
    assert locate(anchor("x", 9, "TWIN"), records) == (
        None, "found 2 mentions with that title in x (lines 3, 4), expected one")
