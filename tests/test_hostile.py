"""A build over hostile sources (tests/hostile.py, generated here, never stored) beside a real list
ends in bounded time and memory, names every refused file on one error line and prints no traceback.

The parse limits are set small (PAPERLISTS_PARSE_MEMORY / _SECONDS) so that the test stays fast on CI;
the full-size run with the default limits is described in the README.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.cli import main
from tests.hostile import write_corpus
from tests.test_doit import copy_project

REAL = "recsys-without-id-features"
#: Refused before any parser runs, whatever the limits: the check, by the shape of the file.
REFUSED_UP_FRONT = {
    "one-line-links": "line-too-long",
    "unclosed-link": "line-too-long",
    "deep-list": "too-deep",
    "deep-quote": "too-deep",
    "deep-html-tables": "too-deep",
}
#: Read by pandoc: each ends extracted or on one error line from the limits or the JSON depth check.
READ_UNDER_LIMITS = {"unclosed-link-paragraph", "emphasis-bomb", "nested-emphasis", "backtick-bomb", "big-table"}
SECONDS = 240
MEMORY_KIB = 1_200 * 1024

# Runs doit and reports the largest resident size among all processes it waited for, children of
# children included (RUSAGE_CHILDREN of a fresh process counts nothing else).
MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print(f"peak-rss-kib={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.mark.slow  # a doit build of the hostile corpus under the limits
def test_hostile_sources_are_refused_or_bounded_and_the_real_one_builds(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    sources = tmp_path / "lists"
    sources.mkdir()
    hostile = {path.stem for path in write_corpus(sources)}
    assert hostile == set(REFUSED_UP_FRONT) | READ_UNDER_LIMITS
    shutil.copy(paths.ROOT / "sources" / f"{REAL}.md", sources)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLISTS_")}
    env.update(PAPERLISTS_PARSE_MEMORY="200M", PAPERLISTS_PARSE_SECONDS="60")  # time: room for a busy CI
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "doit", "-n", "2",
                             f"sources={sources}", f"build={tmp_path / 'build'}"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=2 * SECONDS)
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    peak = int(result.stderr.rsplit("peak-rss-kib=", 1)[1])

    assert elapsed < SECONDS, f"the build took {elapsed:.0f} s"
    assert peak < MEMORY_KIB, f"a build process grew to {peak // 1024} MiB"
    assert "Traceback" not in output
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    records = tmp_path / "build" / "records"
    for name in sorted(hostile):
        named = [line for line in errors if line.startswith(f"error: {sources}/{name}.md")]
        extracted = json.loads((records / f"{name}.json").read_text(encoding="utf-8"))
        if name in REFUSED_UP_FRONT:
            assert len(named) == 1 and f": {REFUSED_UP_FRONT[name]}: " in named[0], (name, named)
        else:
            failed = [problem for problem in extracted["problems"] if problem["severity"] == "error"]
            assert len(named) == len(failed) <= 1, (name, named)
            if named:
                assert any(f": {code}: " in named[0] for code in ("parse-limit", "too-deep")), named
    real = json.loads((records / f"{REAL}.json").read_text(encoding="utf-8"))
    assert real["counts"]["records"] == 147
    assert (tmp_path / "build" / "catalog" / "report.md").exists()
    # the last task names the count and points at the report, so the exit status has its reason
    summary = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(summary) == 1 and summary[0].endswith(f"see {tmp_path / 'build' / 'catalog' / 'report.md'}")
    assert f" {len(errors)} errors (first error: " in summary[0]


@pytest.mark.slow  # three doit runs, one of them pandoc past its memory limit
def test_limits_are_a_doit_parameter_and_raising_them_reads_the_source_again(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    sources = tmp_path / "lists"
    sources.mkdir()
    rows = "".join(f"| [Paper {number}](https://arxiv.org/abs/2401.{number:05d}) | 2024 |\n" for number in range(3_000))
    (sources / "table.md").write_text("# Papers\n\n| Title | Year |\n|---|---|\n" + rows, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLISTS_")}

    def doit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "doit", *args, f"sources={sources}",
                               f"build={tmp_path / 'build'}"], cwd=project, env=env, capture_output=True,
                              text=True, timeout=SECONDS)

    small = doit("parse_memory=64M")
    assert small.returncode != 0
    assert (f"error: {sources}/table.md: parse-limit: pandoc's gfm reader needed more than 64M of memory "
            f"(PAPERLISTS_PARSE_MEMORY=64M); expected a source that fits, or raise the limit: "
            f"PAPERLISTS_PARSE_MEMORY=128M or doit parse_memory=128M") in small.stderr.splitlines()
    default = doit()
    assert default.returncode == 0, default.stderr
    assert ".  parse:table" in default.stderr
    records = json.loads((tmp_path / "build" / "records" / "table.json").read_text(encoding="utf-8"))
    assert records["counts"]["records"] == 3_000
    assert [line for line in doit().stderr.splitlines() if line.startswith(".  ")] == []  # nothing left to run


def test_the_records_command_refuses_and_bounds_like_the_build(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.md"
    deep.write_text("".join(f"{'  ' * depth}- item\n" for depth in range(100)), encoding="utf-8")
    assert main(["records", str(deep)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: {deep}:33: too-deep: expected lists, quotes and HTML nested at most 32 deep, found 33 levels "
        f"at this line")
    nested = tmp_path / "nested.md"
    nested.write_text("*a **a " * 2_000 + "b" + " a** a*" * 2_000 + "\n", encoding="utf-8")
    assert main(["records", str(nested)]) == 2
    err = capsys.readouterr().err
    assert f"error: {nested}:1: too-deep: expected an AST Python can decode, found pandoc's JSON nested " in err
    assert "Traceback" not in err


def test_anything_unexpected_in_a_source_task_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline import tasks

    source = tmp_path / "x.md"
    source.write_text("# Papers\n\n- [A paper](https://arxiv.org/abs/2401.00001)\n", encoding="utf-8")

    def too_deep(text: str, path: str, view: object = None) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(tasks, "parse_markdown", too_deep)
    assert tasks.parse_source(source, tmp_path / "ast" / "x.json")
    assert capsys.readouterr().err.splitlines() == [
        f"error: {source}: too-deep: the parse stage met nesting deeper than Python's recursion limit "
        f"({sys.getrecursionlimit()} levels); expected a document nested less deeply"]
    monkeypatch.undo()
    assert tasks.parse_source(source, tmp_path / "ast" / "x.json")
    capsys.readouterr()

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("c")

    monkeypatch.setattr(tasks, "build_records", broken)
    monkeypatch.setenv("PAPERLISTS_SOURCES", str(tmp_path))
    assert tasks.extract_source(tmp_path / "ast" / "x.json", tmp_path / "records" / "x.json")
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(
        f"error: {source}: stage-failed: the extract stage stopped on KeyError: 'c' (in test_hostile.py:")
    written = json.loads((tmp_path / "records" / "x.json").read_text(encoding="utf-8"))
    assert [problem["code"] for problem in written["problems"]] == ["stage-failed"]
    assert written["records"] == []
