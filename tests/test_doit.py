"""doit behaviour maintainers rely on, in a temporary copy of the project."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
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


#: Three small lists: the incremental scenario is about which tasks run, not about what pandoc reads,
#: so it builds these in a copy of the code (a full build of the five real sources costs twice as much).
#: b.md's DOI ends in a stray letter, which the build repairs with a warning (strict mode fails on it).
SMALL = {
    "a.md": "# Papers A\n\n- [Good paper](https://arxiv.org/abs/2401.00001)\n",
    "b.md": "# Papers B\n\n| Title | Year |\n|---|---|\n| [Other paper](https://doi.org/10.1145/3626772.3657865f) | 2024 |\n",
    "c.md": "# Papers C\n\n1. [Good paper](https://arxiv.org/abs/2401.00001)\n",
}


#: One task at a time: for lists this small, starting doit's worker processes costs more than the tasks
#: (the killed-build scenario below runs the default, two at a time, and compares).
ONE = ("-n", "1")


def test_a_build_then_nothing_then_only_what_an_edit_touches(tmp_path: Path) -> None:
    """One scenario, one doit run per step, each step asserting what it is about: a first build runs
    every task; a second runs only ``check``; editing one source re-runs its parse and extract (and the
    global tasks), no other source's; editing a stage module re-runs every extract and no parse; editing
    the record schema re-runs every extract; strict mode fails on a warning; a build file edited by hand is
    built again and not released; every task has a docstring."""
    project = tmp_path
    for name in ("pipeline", "schemas"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "dodo.py", project / "dodo.py")
    (project / "sources").mkdir()
    for name, text in SMALL.items():
        (project / "sources" / name).write_text(text, encoding="utf-8")
    names = sorted(Path(name).stem for name in SMALL)

    first = doit(project, *ONE)
    assert first.returncode == 0, first.stderr
    assert {f"{stage}:{name}" for stage in ("parse", "extract") for name in names} <= ran(first)
    assert {"catalog", "tables", "listing", "report", "check"} <= ran(first)
    assert sorted(path.stem for path in (project / "build" / "records").glob("*.json")) == names
    assert (project / "build" / ".doit-db.json").exists()

    state = (project / "build" / ".doit-db.json").stat()
    assert ran(doit(project, *ONE)) == set()  # a no-op: even check, which passed and would read the same files
    after = (project / "build" / ".doit-db.json").stat()
    assert (after.st_ino, after.st_mtime_ns) == (state.st_ino, state.st_mtime_ns)  # and doit's state is not rewritten

    source = project / "sources" / "a.md"
    source.write_text(SMALL["a.md"] + "- [A new paper](https://arxiv.org/abs/2411.00001)\n", encoding="utf-8")
    edited = doit(project, *ONE)
    assert edited.returncode == 0, edited.stderr
    assert {name for name in ran(edited) if name.startswith(("parse:", "extract:"))} == {"parse:a", "extract:a"}
    assert {"catalog", "tables", "listing", "report", "check"} <= ran(edited)  # the catalog gained a paper
    assert ran(doit(project, *ONE)) == set()

    module = project / "pipeline" / "records" / "fields.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    recoded = doit(project, *ONE)
    assert recoded.returncode == 0, recoded.stderr
    assert {name for name in ran(recoded) if name.startswith(("parse:", "extract:"))} == \
        {f"extract:{name}" for name in names}
    assert "check" in ran(recoded)  # build.json records the code a build ran

    schema = project / "schemas" / "record.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reschema = doit(project, *ONE)
    assert reschema.returncode == 0, reschema.stderr
    assert {name for name in ran(reschema) if name.startswith(("parse:", "extract:"))} == \
        {f"extract:{name}" for name in names}

    # the limits every source was read under are one check shared by all parse and extract tasks
    limited = doit(project, *ONE, "parse_seconds=500")
    assert limited.returncode == 0, limited.stderr
    assert {name for name in ran(limited) if name.startswith(("parse:", "extract:"))} == \
        {f"{stage}:{name}" for stage in ("parse", "extract") for name in names}
    assert ran(doit(project, *ONE, "parse_seconds=500")) == set()

    strict = doit(project, *ONE, "parse_seconds=500", "strict=1")
    assert strict.returncode == 1 and ran(strict) == {"check"}
    assert "warnings (strict: warnings fail); see build/catalog/report.md" in strict.stderr
    strict_again = doit(project, *ONE, "parse_seconds=500", "strict=1")  # a failed check is never up to date
    assert strict_again.returncode == 1 and ran(strict_again) == {"check"}

    # a file under build/ edited by hand is built again, so an edited artifact never reaches a release
    papers_md = project / "build" / "catalog" / "papers.md"
    records = project / "build" / "records" / "b.json"
    built = {path: path.read_bytes() for path in (papers_md, records)}
    papers_md.write_bytes(built[papers_md] + b"- [An entry nobody listed](https://example.org)\n")
    records.write_bytes(b"{}")
    rebuilt = doit(project, *ONE, "parse_seconds=500")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert ran(rebuilt) == {"listing", "extract:b", "check"}  # and what they write again is what they wrote
    assert {path: path.read_bytes() for path in built} == built
    assert ran(doit(project, *ONE, "parse_seconds=500")) == set()
    released = release(project, "7.0.0")
    assert released.returncode == 0, released.stderr
    assert (project / "build" / "releases" / "7.0.0" / "papers.md").read_bytes() == built[papers_md]

    listing = doit(project, "list")
    assert listing.returncode == 0
    for line in listing.stdout.splitlines():
        name, _space, doc = line.partition(" ")
        assert doc.strip(), f"task {name} has no docstring"


def test_doit_list_shows_each_tasks_whole_docstring() -> None:
    # doit list shows only the first line of a task's docstring: a second line would be cut off
    from tests.helpers import load_dodo

    dodo = load_dodo()
    cut = [name for name in dir(dodo) if name.startswith("task_") and "\n" in getattr(dodo, name).__doc__.strip()]
    assert cut == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the five real sources, built once."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    first = doit(project)
    assert first.returncode == 0, first.stderr
    return project


def stems(project: Path) -> list[str]:
    return [path.stem for path in paths.documents(project / "sources")]


def built_files(build: Path) -> dict[Path, bytes]:
    """Every file a build wrote, by its path in the build folder; not doit's state file, nor the
    temporary file a write killed half-way leaves (hidden, never read)."""
    return {path.relative_to(build): path.read_bytes() for path in sorted(build.rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


@pytest.mark.slow  # two builds of the five real sources
def test_a_killed_build_leaves_no_truncated_file_and_builds_agree_byte_for_byte(tmp_path: Path,
                                                                              project: Path) -> None:
    """A build killed (SIGKILL, workers too) in the middle leaves every output it wrote whole, with the
    bytes of a finished build; the next run finishes it, one task at a time, with the same bytes as the
    parallel build; ``doit clean`` then removes what was built, also for a deleted source."""
    copy = copy_project(tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLISTS_")}
    running = subprocess.Popen([sys.executable, "-m", "doit"], cwd=copy, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not list((copy / "build" / "records").glob("*.json")) and running.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(running.pid, signal.SIGKILL)
    finally:
        returncode = running.wait()
    assert returncode == -signal.SIGKILL  # killed, not finished
    reference = built_files(project / "build")
    left = built_files(copy / "build")
    assert left, "the build was killed before it wrote anything"
    assert not (copy / "build" / "catalog" / "build.json").exists()  # killed before the end
    assert {path: data for path, data in left.items() if reference.get(path) != data} == {}

    resumed = doit(copy, "-n", "1")
    assert resumed.returncode == 0, resumed.stderr
    finished = built_files(copy / "build")
    differing = sorted(str(path) for path in finished.keys() | reference.keys()
                       if finished.get(path) != reference.get(path))
    assert differing == []
    assert len(finished) >= 20

    (copy / "sources" / "recsys-without-id-features.md").unlink()
    (copy / "build" / "cache" / "catalog-pairs.json").write_text("{}", encoding="utf-8")  # an earlier version's
    assert doit(copy, "clean").returncode == 0
    assert list((copy / "build" / "records").glob("*.json")) == []
    assert list((copy / "build" / "ast").glob("*.json")) == []
    assert list((copy / "build" / "cache").glob("*")) == []
    assert not (copy / "build" / "catalog" / "build.json").exists()


@pytest.mark.slow  # nine lists, one of them a 100,000-character line
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
    # capitalised words without a comma: an author-list pattern once took half a minute over such a title
    (sources / "long.md").write_text("- [" + "Word " * 20_000 + "](https://arxiv.org/abs/2401.00004)\n")
    (sources / "binary.md").write_bytes(bytes(range(256)) * 40)
    build = tmp_path / "out"
    result = doit(project, f"sources={sources}", f"build={build}")  # the default limits
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
    # check ran again (only its action prints the summary) and nothing else did
    assert again.returncode == 1 and summary in again.stderr and ran(again) == {"check"}
    listing = (build / "catalog" / "papers.md").read_text(encoding="utf-8")
    assert "| binary | binary | unknown | — | not public | skipped: could not be read (see report.md) |" in listing
    assert "| binary | 0 |" not in listing  # not drawn as a list of no papers in the coverage table
    report = (build / "catalog" / "report.md").read_text(encoding="utf-8")
    assert "| binary | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | skipped: could not be read |" in report


def release(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLISTS_")}
    return subprocess.run([sys.executable, "-m", "pipeline", "release", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # six runs of the release command on a built project
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


@pytest.mark.slow  # eight doit runs on a built project
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
