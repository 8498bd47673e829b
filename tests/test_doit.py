"""doit behaviour maintainers rely on, in a temporary copy of the project."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import paths

ROOT = paths.ROOT


def copy_project(target: Path) -> Path:
    for name in ("dodo.py",):
        shutil.copy(ROOT / name, target / name)
    for name in ("pipeline", "schemas", "sources"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def doit(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLISTS_")}
    return subprocess.run([sys.executable, "-m", "doit", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def ran(result: subprocess.CompletedProcess) -> set[str]:
    """The tasks doit executed (".  name"), not the up-to-date ones ("-- name")."""
    return {line[3:].strip() for line in result.stderr.splitlines() if line.startswith(".  ")}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    first = doit(project)
    assert first.returncode == 0, first.stderr
    return project


def stems(project: Path) -> list[str]:
    return [path.stem for path in paths.documents(project / "sources")]


def test_full_build_runs_parse_and_extract_for_every_source(project: Path) -> None:
    for stem in stems(project):
        assert (project / "build" / "records" / f"{stem}.json").exists()
    assert (project / "build" / ".doit-db.json").exists()


def test_second_run_does_nothing(project: Path) -> None:
    result = doit(project)
    assert result.returncode == 0
    assert ran(result) == {"check"}  # the check reads the recorded problems: it builds nothing


def test_editing_one_source_reruns_only_its_parse_and_extract(project: Path) -> None:
    source = project / "sources" / "recsys-without-id-features.md"
    source.write_text(source.read_text(encoding="utf-8") + "- [A new paper](https://arxiv.org/abs/2411.00001)\n",
                      encoding="utf-8")
    result = doit(project)
    assert result.returncode == 0, result.stderr
    stage_tasks = {name for name in ran(result) if name.startswith(("parse:", "extract:"))}
    assert stage_tasks == {"parse:recsys-without-id-features", "extract:recsys-without-id-features"}
    assert ran(doit(project)) == {"check"}


def test_editing_extract_code_reruns_every_extract_and_no_parse(project: Path) -> None:
    module = project / "pipeline" / "records" / "fields.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    result = doit(project)
    assert result.returncode == 0, result.stderr
    assert {name for name in ran(result) if name.startswith("parse:")} == set()
    assert {name for name in ran(result) if name.startswith("extract:")} == \
        {f"extract:{stem}" for stem in stems(project)}


def test_editing_the_record_schema_reruns_every_extract(project: Path) -> None:
    schema = project / "schemas" / "record.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = doit(project)
    assert {name for name in ran(result) if name.startswith(("parse:", "extract:"))} == \
        {f"extract:{stem}" for stem in stems(project)}


def test_every_task_has_a_docstring(project: Path) -> None:
    listing = doit(project, "list")
    assert listing.returncode == 0
    for line in listing.stdout.splitlines():
        name, _space, doc = line.partition(" ")
        assert doc.strip(), f"task {name} has no docstring"


def test_builds_are_byte_identical_and_parallel_builds_agree(tmp_path: Path, project: Path) -> None:
    outputs = []
    for name, args in (("one", ()), ("two", ("-n", "2"))):
        build = tmp_path / name
        result = doit(project, *args, f"build={build}")
        assert result.returncode == 0, result.stderr
        outputs.append({path.relative_to(build): path.read_bytes()
                        for path in sorted(build.rglob("*")) if path.suffix in (".json", ".bib", ".db", ".html")
                        and not path.name.startswith(".")})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) >= 10


def test_clean_removes_what_was_built_also_for_deleted_sources(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert doit(project).returncode == 0
    (project / "sources" / "recsys-without-id-features.md").unlink()
    assert doit(project, "clean").returncode == 0
    assert list((project / "build" / "records").glob("*.json")) == []
    assert list((project / "build" / "ast").glob("*.json")) == []
    assert not (project / "build" / "catalog" / "build.json").exists()


def test_other_folders_build_with_errors_for_bad_sources_only(tmp_path: Path, project: Path) -> None:
    sources = tmp_path / "lists"
    sources.mkdir()
    good = "# Papers\n\n- [Good paper](https://arxiv.org/abs/2401.00001)\n"
    (sources / "good.md").write_text(good, encoding="utf-8")
    (sources / "bom.md").write_bytes(b"\xef\xbb\xbf" + good.encode())
    (sources / "crlf.md").write_bytes(good.replace("\n", "\r\n").encode())
    (sources / "latin1.md").write_bytes(b"# P\n\n- [Caf\xe9 paper](https://arxiv.org/abs/2401.00002)\n")
    (sources / "empty.md").write_bytes(b"")
    (sources / "nul.md").write_bytes(b"# P\n\n- [A\x00B](https://arxiv.org/abs/2401.00003)\n")
    (sources / "long.md").write_text("- [" + "x" * 100_000 + "](https://arxiv.org/abs/2401.00004)\n")
    (sources / "binary.md").write_bytes(bytes(range(256)) * 40)
    build = tmp_path / "out"
    result = doit(project, f"sources={sources}", f"build={build}")
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {sources}/binary.md: not-markdown: expected markdown text, "
                      "found binary data (control bytes)"]
    for name, code in (("bom", "bom"), ("crlf", "crlf"), ("latin1", "not-utf8"), ("empty", "empty-source"),
                       ("nul", "nul-byte"), ("long", "long-line")):
        assert f"{sources}/{name}.md" in result.stderr and f": {code}: " in result.stderr, name
    records = {path.stem for path in (build / "records").glob("*.json")}
    assert records == {"good", "bom", "crlf", "latin1", "empty", "nul", "long", "binary"}
    # Everything else was built, and then the run failed; the next run, which builds nothing, fails too.
    assert result.returncode == 1 and (build / "catalog" / "report.md").exists()
    summary = (f"failed: 1 error (first error: {sources}/binary.md: not-markdown), 14 warnings; "
               f"see {build}/catalog/report.md")
    assert summary in result.stderr
    again = doit(project, f"sources={sources}", f"build={build}")
    assert again.returncode == 1 and ran(again) == {"check"} and summary in again.stderr
    listing = (build / "catalog" / "papers.md").read_text(encoding="utf-8")
    assert "| binary | binary | unknown | — | not public | skipped: could not be read (see report.md) |" in listing
    assert "| binary | 0 |" not in listing  # not drawn as a list of no papers in the coverage table
    report = (build / "catalog" / "report.md").read_text(encoding="utf-8")
    assert "| binary | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | skipped: could not be read |" in report


def test_strict_mode_fails_on_warnings(project: Path) -> None:
    result = doit(project, "strict=1")
    assert result.returncode == 1 and ran(result) == {"check"}
    assert "warnings (strict: warnings fail); see build/catalog/report.md" in result.stderr


def release(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLISTS_")}
    return subprocess.run([sys.executable, "-m", "pipeline", "release", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def test_release_is_refused_after_an_edit_of_any_input(project: Path) -> None:
    assert doit(project).returncode == 0
    edits = {"sources/decisions.json": lambda text: text.replace('"different": []', '"different": [ ]'),
             "sources/manifest.json": lambda text: text + "\n",
             "pipeline/catalog/build.py": lambda text: text + "\n# an edit\n",
             "schemas/papers.schema.json": lambda text: text + "\n"}
    for name, edit in edits.items():
        path = project / name
        original = path.read_text(encoding="utf-8")
        path.write_text(edit(original), encoding="utf-8")
        try:
            refused = release(project, "9.0.0")
        finally:
            path.write_text(original, encoding="utf-8")
        assert refused.returncode == 2, name
        assert f"build-stale: expected an up-to-date build (run doit), found: {name} changed since the last build" \
            in refused.stderr
    assert not (project / "build" / "releases" / "9.0.0").exists()
    for version in ("v1", "1.0", "1.2.0-rc.01", "01.2.0"):
        bad = release(project, version)
        assert bad.returncode == 2 and "bad-version: expected a Semantic Versioning 2.0.0 version" in bad.stderr


def test_release_and_diff_tasks(project: Path) -> None:
    first = doit(project, "release", "--version", "1.0.0")
    assert first.returncode == 0, first.stderr
    assert (project / "build" / "releases" / "1.0.0" / "MANIFEST.json").exists()
    again = doit(project, "release", "--version", "1.0.0")
    assert again.returncode != 0 and "release-exists: release 1.0.0 exists already" in again.stderr
    diff = doit(project, "diff")
    assert diff.returncode == 0, diff.stderr
    assert "No changes." in diff.stdout
    as_json = doit(project, "diff", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["summary"]["changed"] == 0  # stdout is the JSON and nothing else
    source = project / "sources" / "awesome-llm-enhanced-recsys.md"
    source.write_text("Some news.\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    moved = doit(project, "diff")
    assert moved.returncode == 1, moved.stderr
    assert "0 added, 0 removed, 0 changed (0 with a new id)." in moved.stdout
    assert "69 mentions moved to other lines (list them with --moves)." in moved.stdout
    listed = doit(project, "diff", "--moves", "--json", "--ignore", "mentions", "--ignore", "aliases")
    assert listed.returncode == 1 and json.loads(listed.stdout)["summary"]["moved"] == 69
    trouble = doit(project, "diff", "--old", "9.9.9")
    assert trouble.returncode == 2 and "release-missing" in trouble.stderr


def test_a_hand_edited_build_file_is_built_again_and_never_released(project: Path) -> None:
    assert doit(project).returncode == 0
    listing = project / "build" / "catalog" / "papers.md"
    records = project / "build" / "records" / "llm4rec-papers-zh.json"
    built = {path: path.read_bytes() for path in (listing, records)}
    listing.write_bytes(built[listing] + b"- [An entry nobody listed](https://example.org)\n")
    records.write_bytes(b"{}")
    rebuilt = doit(project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    # only the tasks whose files were edited: what they write again is what they wrote before
    assert ran(rebuilt) == {"listing", "extract:llm4rec-papers-zh", "check"}
    assert {path: path.read_bytes() for path in built} == built
    assert ran(doit(project)) == {"check"}
    released = release(project, "7.0.0")
    assert released.returncode == 0, released.stderr
    assert (project / "build" / "releases" / "7.0.0" / "papers.md").read_bytes() == built[listing]
