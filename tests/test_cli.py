"""The command line, called in-process: return codes and messages, failure paths included."""

import json
from pathlib import Path

import pytest

from pipeline import cli, paths


def test_records_prints_the_records_of_one_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "mine.md"
    source.write_bytes(b"\xef\xbb\xbf# Papers\n\n- [LLaRA](https://arxiv.org/abs/2312.02445)\n")
    assert cli.main(["records", str(source)]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert [(r["id"], r["identifiers"]) for r in result["records"]] == [("mine:3", {"arxiv": "2312.02445"})]
    assert f"warning: {source}:1: bom: expected no byte-order mark" in err


def test_records_of_a_missing_file_is_one_line(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["records", "no/such/file.md"]) == 2
    _out, err = capsys.readouterr()
    assert err == "error: no/such/file.md: unreadable-source: cannot read the file: No such file or directory\n"


def test_records_of_a_binary_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "image.md"
    source.write_bytes(bytes(range(256)) * 10)
    assert cli.main(["records", str(source)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["frobnicate"])
    assert caught.value.code == 2


def test_diff_with_unknown_ignore_field(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from tests.catalog_fixture import real_catalog

    path = tmp_path / "papers.json"
    path.write_text(json.dumps(real_catalog()), encoding="utf-8")
    assert cli.main(["diff", str(path), str(path), "--ignore", "colour"]) == 2
    assert "unknown field(s) ['colour']" in capsys.readouterr().err


def test_readme_commands_exist() -> None:
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("python -m pipeline diff", "python -m pipeline release", "python -m pipeline records",
                    "python -m pipeline decisions", "--reanchor", "doit release --version", "doit diff",
                    "--ignore", "--json", "--moves"):
        assert command in readme, command
    help_text = cli._parser().format_help()
    for command in ("diff", "release", "records", "decisions"):
        assert command in help_text


def test_every_problem_code_is_in_the_readme() -> None:
    from pipeline.problems import CODES

    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    for code, (_severity, description) in CODES.items():
        assert f"| `{code}` |" in readme and description in readme, code


def test_every_schema_is_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    schemas = sorted(paths.SCHEMAS.glob("*.schema.json"))
    assert len(schemas) >= 6
    for path in schemas:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$id"].endswith(path.name) and "description" in schema


def test_the_real_manifest_and_decisions_are_valid() -> None:
    from pipeline.validate import schema_problems

    for name, schema in (("manifest.json", "manifest"), ("decisions.json", "decisions")):
        data = json.loads((paths.ROOT / "sources" / name).read_text(encoding="utf-8"))
        assert schema_problems(data, schema, name, None) == []


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = 'pip install -e ".[test]" && pytest --slow'
    assert f"$ {command}\n" in readme and f"\n{command}\n" in ci
    assert "$ pip install -e . && doit\n" in readme
