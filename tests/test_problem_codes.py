"""Problem codes name what went wrong, and every re-raise keeps its cause."""

import ast
import json
from pathlib import Path

import pytest

from pipeline import cli, paths, validate
from pipeline.problems import PipelineError, Problem, plural, report, say


def test_an_unknown_ignore_field_is_bad_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.catalog_fixture import real_catalog

    path = tmp_path / "papers.json"
    path.write_text(json.dumps(real_catalog()), encoding="utf-8")
    assert cli.main(["diff", str(path), str(path), "--ignore", "colour"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --ignore: bad-ignore: ") and "'colour'" in err


def test_a_broken_schema_is_schema_invalid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.schema.json"
    broken.write_text('{"type": 12}', encoding="utf-8")
    monkeypatch.setattr(paths, "schema", lambda name: broken)
    validate.validator.cache_clear()
    try:
        with pytest.raises(PipelineError) as caught:
            validate.validator("broken")
    finally:
        validate.validator.cache_clear()
    assert caught.value.problem.code == "schema-invalid"
    assert caught.value.problem.message.startswith("expected a valid JSON Schema 2020-12, found: 12 is not valid")
    assert caught.value.__cause__ is not None


def _raises_without_cause(path: Path) -> list[int]:
    """The lines of `raise X` inside an `except` block with no `from`: the original error would be lost."""
    found = []
    for handler in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(handler, ast.ExceptHandler):
            found += [node.lineno for node in ast.walk(handler)
                      if isinstance(node, ast.Raise) and node.exc is not None and node.cause is None]
    return found


def test_every_re_raise_keeps_its_cause() -> None:
    assert [f"{path.relative_to(paths.ROOT)}:{line}" for path in sorted(paths.PIPELINE.rglob("*.py"))
            for line in _raises_without_cause(path)] == []


def test_a_re_raise_without_cause_is_found(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("try:\n    pass\nexcept OSError as error:\n    raise ValueError('x')\n"
                      "try:\n    pass\nexcept OSError as error:\n    raise ValueError('y') from error\n"
                      "try:\n    pass\nexcept OSError:\n    raise\n", encoding="utf-8")
    assert _raises_without_cause(module) == [4]


def test_extract_with_a_broken_record_schema_fails_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline import tasks

    source = tmp_path / "list.md"
    source.write_text("# Papers\n\n1. A Paper Title. [paper](https://arxiv.org/abs/2301.00001)\n", encoding="utf-8")
    ast_file, records_file = tmp_path / "list.json", tmp_path / "records" / "list.json"
    assert tasks.parse_source(source, ast_file)
    broken = tmp_path / "record.schema.json"
    broken.write_text('{"type": 12}', encoding="utf-8")
    monkeypatch.setattr(paths, "schema", lambda name: broken)
    validate.validator.cache_clear()
    validate._fast.cache_clear()
    try:
        # the validators are compiled in the stage's own process, before the child per source
        assert tasks.extract_source(ast_file, records_file) is False
    finally:
        validate.validator.cache_clear()
        validate._fast.cache_clear()
    assert not records_file.exists()  # our bug, not the source's: no records file claims success
    assert "schema-invalid: expected a valid JSON Schema 2020-12, found: 12 is not valid" in capsys.readouterr().err


def test_counts_name_their_noun_in_the_plural_unless_one() -> None:
    assert [plural(count, "record") for count in (0, 1, 2)] == ["0 records", "1 record", "2 records"]


class _Writes:
    """A stream that keeps each write apart, as a pipe shared with other processes sees them."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def write(self, text: str) -> int:
        self.calls.append(text)
        return len(text)


def test_every_line_the_build_prints_is_one_write() -> None:
    # doit's reporter, in another process, writes ".  check" to the same terminal: between a line's
    # text and its newline it would end up inside that line (print() writes them apart)
    stream = _Writes()
    report([Problem("sources/b.md", 3, "not-markdown", "m"), Problem("sources/a.md", None, "empty-source", "e")],
           stream)  # type: ignore[arg-type]
    say("built: 0 errors", stream)  # type: ignore[arg-type]
    assert stream.calls == ["warning: sources/a.md: empty-source: e\n", "error: sources/b.md:3: not-markdown: m\n",
                            "built: 0 errors\n"]
