"""What `check` records of a finished build (build.json), and that it reads only the files that changed."""

import json
import os
from pathlib import Path

import pytest

from pipeline.releases import buildstate


def records_file(path: Path, problems: list[tuple[int, str]]) -> Path:
    path.write_text(json.dumps({"records": [], "rejects": [], "problems": [
        {"file": "sources/a.md", "line": line, "code": code, "message": "m"} for line, code in problems]}),
        encoding="utf-8")
    return path


@pytest.fixture
def build(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text("- [A](https://arxiv.org/abs/2401.00001)\n", encoding="utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "papers.md").write_text("# Papers\n", encoding="utf-8")
    return {"sources": tmp_path / "sources", "records": tmp_path / "records", "catalog": tmp_path / "catalog"}


def test_errors_and_warnings_are_counted_from_every_records_file(build: dict[str, Path]) -> None:
    first = records_file(build["records"] / "a.json", [(3, "title-suspect"), (9, "not-markdown")])
    second = records_file(build["records"] / "b.json", [(1, "title-suspect"), (2, "title-suspect")])
    errors, warnings = buildstate.record_build([first, second], build["sources"], build["catalog"])
    assert [str(error) for error in errors] == ["sources/a.md:9: not-markdown: m"]
    assert warnings == 3
    stamp = json.loads((build["catalog"] / buildstate.STAMP).read_text(encoding="utf-8"))
    assert stamp["errors"] == ["sources/a.md:9: not-markdown: m"] and stamp["warnings"] == 3
    assert list(stamp["artifacts"]) == ["papers.md"]  # neither build.json nor the dot-file cache


def test_a_second_check_reads_only_the_files_that_changed(build: dict[str, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first = records_file(build["records"] / "a.json", [(3, "title-suspect")])
    second = records_file(build["records"] / "b.json", [])
    buildstate.record_build([first, second], build["sources"], build["catalog"])
    records_file(second, [(4, "not-markdown"), (5, "title-suspect")])
    os.utime(second, ns=(1, 1))  # a new time as well as new bytes, as any rewrite gives
    read: list[str] = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or real_read_bytes(path))
    errors, warnings = buildstate.record_build([first, second], build["sources"], build["catalog"])
    assert [str(error) for error in errors] == ["sources/a.md:4: not-markdown: m"]
    assert warnings == 2
    assert read == ["b.json"]


def test_an_unreadable_cache_is_read_again_from_the_files(build: dict[str, Path]) -> None:
    first = records_file(build["records"] / "a.json", [(9, "not-markdown")])
    buildstate.record_build([first], build["sources"], build["catalog"])
    (build["catalog"] / buildstate.CACHE).write_text("[truncated", encoding="utf-8")
    errors, warnings = buildstate.record_build([first], build["sources"], build["catalog"])
    assert ([str(error) for error in errors], warnings) == (["sources/a.md:9: not-markdown: m"], 0)


def test_forget_build_removes_the_stamp_and_the_cache(build: dict[str, Path]) -> None:
    buildstate.record_build([], build["sources"], build["catalog"])
    assert (build["catalog"] / buildstate.STAMP).exists() and (build["catalog"] / buildstate.CACHE).exists()
    buildstate.forget_build(build["catalog"])
    assert sorted(path.name for path in build["catalog"].iterdir()) == ["papers.md"]
