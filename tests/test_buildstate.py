"""What `check` records of a finished build (build.json), and that it reads only the files that changed."""

import json
import os
from pathlib import Path

import pytest

from pipeline import paths
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


def checked(build: dict[str, Path], records: list[Path], strict: bool = False) -> bool:
    return buildstate.build_is_checked(records, build["sources"], build["catalog"], strict)


def test_check_is_up_to_date_only_after_a_check_that_passed(build: dict[str, Path]) -> None:
    first = records_file(build["records"] / "a.json", [(3, "title-suspect")])
    assert not checked(build, [first])  # never checked
    buildstate.record_build([first], build["sources"], build["catalog"])
    assert checked(build, [first])
    assert not checked(build, [first], strict=True)  # one warning fails a strict run
    records_file(first, [(9, "not-markdown")])
    os.utime(first, ns=(1, 1))
    buildstate.record_build([first], build["sources"], build["catalog"])
    assert not checked(build, [first])  # the check failed: the next run checks (and fails) again


def test_a_records_file_that_was_never_written_does_not_keep_check_out_of_date(build: dict[str, Path]) -> None:
    # a source whose extract did not run (a failed build) has no records file: nothing to read there
    first, never = records_file(build["records"] / "a.json", []), build["records"] / "b.json"
    buildstate.record_build([first, never], build["sources"], build["catalog"])
    assert checked(build, [first, never]) and checked(build, [str(first), str(never)])


@pytest.mark.parametrize("change", ["source edited", "source added", "artifact edited", "artifact added",
                                    "records edited", "records gone", "cache gone", "stamp gone", "stamp unreadable"])
def test_check_is_out_of_date_when_anything_it_reads_changed(build: dict[str, Path], change: str) -> None:
    first = records_file(build["records"] / "a.json", [])
    buildstate.record_build([first], build["sources"], build["catalog"])
    assert checked(build, [first])
    source, artifact = build["sources"] / "a.md", build["catalog"] / "papers.md"
    if change == "source edited":
        source.write_text(source.read_text(encoding="utf-8") + "- [B](https://arxiv.org/abs/2401.00002)\n",
                          encoding="utf-8")
    elif change == "source added":
        (build["sources"] / "b.md").write_text("- [B](https://arxiv.org/abs/2401.00002)\n", encoding="utf-8")
    elif change == "artifact edited":
        os.utime(artifact, ns=(1, 1))  # same bytes, another time: the check hashes it again
    elif change == "artifact added":
        (build["catalog"] / "papers.csv").write_text("id\n", encoding="utf-8")
    elif change == "records edited":
        records_file(first, [(2, "title-suspect")])
        os.utime(first, ns=(1, 1))
    elif change == "records gone":
        first.unlink()
    elif change == "cache gone":
        (build["catalog"] / buildstate.CACHE).unlink()
    elif change == "stamp gone":
        (build["catalog"] / buildstate.STAMP).unlink()
    else:
        (build["catalog"] / buildstate.STAMP).write_text("{", encoding="utf-8")
    assert not checked(build, [first])


def test_check_is_up_to_date_when_a_file_is_rewritten_with_its_time_and_size(build: dict[str, Path]) -> None:
    # The size and time are what doit itself trusts for every task's inputs; bytes are not read again.
    first = records_file(build["records"] / "a.json", [])
    buildstate.record_build([first], build["sources"], build["catalog"])
    stat = first.stat()
    first.write_text(first.read_text(encoding="utf-8").replace("[]", "[]", 1), encoding="utf-8")
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert checked(build, [first])


@pytest.mark.parametrize("strict,expected", [
    (False, "built: 0 errors, 1 warning; see {report}"),
    (True, "failed: 0 errors, 1 warning (strict: warnings fail); see {report}"),
])
def test_check_prints_one_summary_line(build: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                       strict: bool, expected: str) -> None:
    warned = records_file(build["records"] / "a.json", [(3, "title-suspect")])
    result = buildstate.check_build([warned], build["sources"], build["catalog"], strict)
    assert (result is True) is not strict
    report = build["catalog"] / "report.md"
    assert capsys.readouterr().err == expected.format(report=report) + "\n"


def test_the_inputs_include_the_manifest_and_decisions_when_there_are_some(build: dict[str, Path]) -> None:
    (build["sources"] / "manifest.json").write_text("{}", encoding="utf-8")
    found = buildstate.input_paths(build["sources"])
    assert found["sources/manifest.json"] == str(build["sources"] / "manifest.json")
    assert "sources/decisions.json" not in found and found["sources/a.md"] == str(build["sources"] / "a.md")


def test_the_catalogs_own_problems_count_and_errors_come_sorted(build: dict[str, Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    later = records_file(build["records"] / "b.json", [(9, "not-markdown")])
    earlier = records_file(build["records"] / "a.json", [(2, "not-markdown"), (4, "title-suspect")])
    (build["catalog"] / "problems.json").write_text(json.dumps([
        {"file": "sources/manifest.json", "line": None, "code": "manifest-invalid", "message": "m"},
        {"file": "sources/c.md", "line": None, "code": "not-in-manifest", "message": "m"}]), encoding="utf-8")
    result = buildstate.check_build([later, earlier], build["sources"], build["catalog"], False)
    shown = ["sources/a.md:2: not-markdown: m", "sources/a.md:9: not-markdown: m", "sources/manifest.json: manifest-invalid: m"]
    stamp = json.loads((build["catalog"] / buildstate.STAMP).read_text(encoding="utf-8"))
    assert (sorted(stamp), stamp["errors"], stamp["warnings"]) == (["artifacts", "errors", "inputs", "warnings"], shown, 2)
    assert result.message == "3 errors, 2 warnings"
    assert capsys.readouterr().err == (f"failed: 3 errors (first error: sources/a.md:2: not-markdown), 2 warnings; "
                                       f"see {build['catalog'] / 'report.md'}\n")


def test_a_first_error_without_a_line_is_named_by_its_file(build: dict[str, Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (build["catalog"] / "problems.json").write_text(json.dumps([
        {"file": "sources/manifest.json", "line": None, "code": "manifest-invalid", "message": "m"}]), encoding="utf-8")
    buildstate.check_build([], build["sources"], build["catalog"], False)
    assert capsys.readouterr().err.startswith(
        "failed: 1 error (first error: sources/manifest.json: manifest-invalid), 0 warnings; see ")


def test_a_build_reads_every_module_schema_and_dodo(build: dict[str, Path]) -> None:
    found = buildstate.input_paths(build["sources"])
    assert {"pipeline/releases/buildstate.py", "pipeline/__init__.py", "schemas/papers.schema.json",
            "dodo.py", "sources/a.md"} <= set(found)
    assert found["dodo.py"] == str(paths.ROOT / "dodo.py")


def test_the_check_cache_is_compact_json(build: dict[str, Path]) -> None:
    buildstate.record_build([records_file(build["records"] / "a.json", [])], build["sources"], build["catalog"])
    text = (build["catalog"] / buildstate.CACHE).read_text(encoding="utf-8")
    assert "\n" not in text.rstrip("\n") and json.loads(text)
