"""The parse and extract actions in this process (tests/test_doit.py runs them through doit): what
they write for a clean source, a binary one and a missing one, and what the manifest hands on."""

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import tasks

EMPTY_VIEW = {"items": [], "rows": [], "tables_after_text": []}
LIST = "# List\n\n- [Our other list](https://github.com/o/r/blob/main/OTHER.md)\n" \
       "- [A Paper Title Here](https://arxiv.org/abs/2401.00001)\n"


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    monkeypatch.setenv("PAPERLISTS_SOURCES", str(folder))
    return folder


def test_a_clean_source_is_parsed_without_problems_and_its_records_written(
        sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sources / "a.md").write_text(LIST, encoding="utf-8")
    ast_file, records_file = tmp_path / "ast" / "a.json", tmp_path / "records" / "a.json"
    assert tasks.parse_source(sources / "a.md", ast_file) is True
    parsed = _read(ast_file)
    assert parsed["problems"] == []  # the cross-check of pandoc and GitHub's reading found none
    assert parsed["source"]["id"] == "a" and len(parsed["source"]["sha256"]) == 64
    assert len(parsed["github"]["items"]) == 2 and parsed["ast"] is not None

    assert tasks.extract_source(ast_file, records_file) is True
    written = _read(records_file)
    assert [(record["title"], record["kind"]) for record in written["records"]] == [
        ("Our other list", "repository"), ("A Paper Title Here", "paper")]
    assert capsys.readouterr().err.endswith(
        ": 2 records, 0 rejects, 0 blank rows and 0 sub-items folded into its parent skipped, "
        "of 2 items and rows GitHub shows\n")


def test_the_manifests_upstream_tells_the_lists_own_links_apart(sources: Path, tmp_path: Path) -> None:
    (sources / "a.md").write_text(LIST, encoding="utf-8")
    manifest = sources / "manifest.json"
    manifest.write_text(json.dumps({"sources": [{"id": "a", "title": "A", "upstream": "https://github.com/o/r",
                                                 "commit": None, "date": None, "language": "en"}]}),
                        encoding="utf-8")
    ast_file, records_file = tmp_path / "ast" / "a.json", tmp_path / "records" / "a.json"
    assert tasks.parse_source(sources / "a.md", ast_file)
    assert tasks.extract_source(ast_file, records_file, manifest)
    written = _read(records_file)
    assert [record["title"] for record in written["records"]] == ["A Paper Title Here"]
    assert written["counts"]["rejects"] == 1


def test_a_binary_source_yields_no_ast_and_no_records(sources: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (sources / "b.md").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    ast_file, records_file = tmp_path / "ast" / "b.json", tmp_path / "records" / "b.json"
    assert tasks.parse_source(sources / "b.md", ast_file) is True  # the other sources still build
    parsed = _read(ast_file)
    assert (parsed["ast"], parsed["github"]) == (None, EMPTY_VIEW)
    assert [problem["code"] for problem in parsed["problems"]] == ["not-markdown"]

    assert tasks.extract_source(ast_file, records_file) is True
    written = _read(records_file)
    assert (written["records"], written["rejects"]) == ([], [])
    assert written["counts"] == tasks.NO_COUNTS
    assert [problem["code"] for problem in written["problems"]] == ["not-markdown"]  # carried on to the report
    assert "error:" in capsys.readouterr().err


def test_a_missing_source_is_reported_unreadable(sources: Path, tmp_path: Path) -> None:
    ast_file = tmp_path / "ast" / "gone.json"
    assert tasks.parse_source(sources / "gone.md", ast_file) is True
    parsed = _read(ast_file)
    assert (parsed["ast"], parsed["github"], parsed["source"]["sha256"]) == (None, EMPTY_VIEW, None)
    assert [problem["code"] for problem in parsed["problems"]] == ["unreadable-source"]


def test_the_code_stamp_lists_each_modules_digest(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("x = 1\n", encoding="utf-8")
    stamp = tmp_path / "code" / "parse.json"
    limits = {"PAPERLISTS_PARSE_MEMORY": "2G", "PAPERLISTS_PARSE_SECONDS": ""}
    assert tasks.write_code_stamp([module], stamp, limits) is True
    # printf 'x = 1\n' | sha256sum
    assert _read(stamp) == {"modules": {str(module): "9e26bf369911c45c243c684147b23fc9e1dcfcf257d299a1c632016a6fcd33f4"},
                            "limits": limits}
