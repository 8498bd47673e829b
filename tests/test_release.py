"""Releases and diffs, on the real case: the early snapshot (000) of the next-generation survey list
replaced by its later snapshot (001)."""

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli, files, paths
from pipeline.releases.diff import diff_catalogs, has_changes
from pipeline.problems import PipelineError
from pipeline.validate import schema_problems
from tests.catalog_fixture import real_catalog

SEEDS = paths.ROOT.parent / "shared" / "seeds"
OLD_SNAPSHOT = paths.ROOT / "sources" / "nextgen-llm-recsys-survey-2024-09.md"  # 000, byte for byte
NEW_SNAPSHOT = paths.ROOT / "sources" / "nextgen-llm-recsys-survey.md"  # 001, byte for byte

# Read off 001: its items that neither 000 nor the three other lists cite.
ADDED_BY_001 = [
    "aaai:28777", "arxiv:2309.08817", "arxiv:2401.08517", "arxiv:2401.11506", "arxiv:2402.09543", "arxiv:2402.09617",
    "arxiv:2402.09959", "arxiv:2402.15623", "arxiv:2403.03008", "arxiv:2403.04256", "arxiv:2403.05063",
    "arxiv:2403.16427", "arxiv:2403.18628", "arxiv:2404.00245", "arxiv:2404.00702", "arxiv:2404.06311",
    "arxiv:2404.10327", "arxiv:2405.00824", "arxiv:2405.02778", "arxiv:2405.07314", "arxiv:2405.10587",
    "arxiv:2405.12119", "arxiv:2405.12715", "arxiv:2405.13560", "arxiv:2406.11156", "arxiv:2408.03533",
    "arxiv:2408.06276", "arxiv:2408.07427", "arxiv:2408.09671", "arxiv:2408.09698",
    "arxiv:2410.19744",  # the survey itself: 001's comparison table calls it "Ours"
    "doi:10.1007/978-981-97-2650-9_3", "doi:10.1145/3589334.3645358", "doi:10.1145/3589334.3645633",
    "doi:10.1145/3626772.3657761", "doi:10.1145/3626772.3657840", "doi:10.1145/3637528.3671901",
    "doi:10.1145/3640543.3645171", "ieee:10605522", "openreview:bStpLVqv1H", "ssrn:4828316",
    "title:0240b210a811",  # CoLLM, whose link in 001 is empty: "[CoLLM: …]()"
    "title:ce52ad418f37",  # "Leveraging Large Language Models for Recommendation and Explanation", a CEUR pdf
]
# Papers only the other lists named without an identifier; 001 links them, so their id changes.
ID_CHANGES = [
    ("title:9a6a3c614a7c", "arxiv:2311.10779"),  # Knowledge Plugins (DOKE)
    ("title:e0e78100c43e", "arxiv:2401.17723"),  # LoRec
    ("title:1b294a46a9f5", "arxiv:2402.00284"),  # PAP-REC
    ("title:25f9c6aeab41", "arxiv:2403.03536"),  # E2URec
    ("title:05c36d30e8a9", "doi:10.1145/3583780.3615017"),  # POD
    ("title:e83d893d173e", "doi:10.1145/3589334.3645347"),  # CLLM4Rec
    ("semantic_scholar:429e6c09eeadf54e2b245b8f2cddfbf157f9da4c", "doi:10.1145/3589334.3645467"),  # ReLLa
    ("title:ba757d238844", "doi:10.1145/3589334.3648158"),  # Item-side Fairness
    ("title:27bd7e8a8eaa", "doi:10.1145/3624918.3625339"),  # How to Index Item IDs
    ("title:ec475faefa09", "doi:10.1145/3626772.3657683"),  # BiLLP
    ("title:1088125c4190", "doi:10.1145/3626772.3657688"),  # PO4ISR
    ("title:ef40036bd815", "doi:10.1145/3626772.3657821"),  # "Towards LLM-RecSys Alignment …" = IDGenRec
]
# The 18 distinct papers of 000's 19 items (LEARN, 2405.03988, is listed twice): all are still in 001.
PAPERS_OF_000 = [
    "arxiv:2308.03333", "arxiv:2309.08939", "arxiv:2311.07619", "arxiv:2402.13750", "arxiv:2402.13840",
    "arxiv:2402.17152", "arxiv:2403.01744", "arxiv:2403.06642", "arxiv:2403.13574", "arxiv:2403.19347",
    "arxiv:2404.08675", "arxiv:2405.03988", "arxiv:2405.07580", "arxiv:2408.05676",
    "doi:10.1145/3589335.3648307", "doi:10.1145/3604915.3608883", "doi:10.1145/3626246.3653398",
    "doi:10.1145/3637528.3671607",
]


def doit(project_sources: Path, build: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "doit", "-f", str(paths.ROOT / "dodo.py"),
                           f"sources={project_sources}", f"build={build}"],
                          cwd=paths.ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("release")
    sources, build = root / "sources", root / "build"
    sources.mkdir()
    for name in ("awesome-llm-enhanced-recsys.md", "llm4rec-papers-zh.md", "recsys-without-id-features.md",
                 "decisions.json"):
        shutil.copy(paths.ROOT / "sources" / name, sources / name)
    manifest = json.loads((paths.ROOT / "sources" / "manifest.json").read_text(encoding="utf-8"))
    manifest["sources"] = [s for s in manifest["sources"] if s["id"] != "nextgen-llm-recsys-survey-2024-09"]
    (sources / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    environment = pytest.MonkeyPatch()
    environment.setenv("PAPERLISTS_SOURCES", str(sources))
    environment.setenv("PAPERLISTS_BUILD", str(build))
    for version, snapshot in (("2024.9.0", OLD_SNAPSHOT), ("2024.11.0", NEW_SNAPSHOT)):
        shutil.copy(snapshot, sources / "nextgen-llm-recsys-survey.md")
        doit(sources, build)
        assert cli.main(["release", version]) == 0
    yield build
    environment.undo()


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow  # the releases fixture runs two whole doit builds
def test_001_against_000(releases: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _err = run(capsys, "diff", "2024.9.0", "2024.11.0", "--json")
    result = json.loads(out)
    assert code == 1
    assert result["removed"] == []
    assert sorted(paper["id"] for paper in result["added"]) == ADDED_BY_001
    assert sorted((c["old_key"], c["key"]) for c in result["changed"] if c["key"] != c["old_key"]) == \
        sorted(ID_CHANGES)
    changed = {c["key"]: c for c in result["changed"]}
    for paper in PAPERS_OF_000:
        assert set(changed[paper]["changes"]) <= {"mentions", "short_names", "aliases"}, paper
    assert changed["arxiv:2402.17152"]["changes"]["short_names"] == [[], ["HSTU"]]
    assert result["sources"] == {"added": [], "removed": [], "changed": ["nextgen-llm-recsys-survey"]}
    assert schema_problems(result, "diff", "diff.json", None) == []
    assert result["summary"] == {"added": 43, "removed": 0, "changed": 102, "id_changed": 12,
                                 "papers_before": 350, "papers_after": 393, "sources_added": 0,
                                 "sources_removed": 0, "sources_changed": 1, "moved": 19}


@pytest.mark.slow  # the releases fixture runs two whole doit builds
def test_markdown_diff_is_a_changelog_section(releases: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _err = run(capsys, "diff", "2024.9.0", "2024.11.0")
    assert code == 1
    assert out.startswith("## 2024.11.0 (compared with 2024.9.0)\n\n393 papers (+43): 43 added, 0 removed, "
                          "102 changed (12 with a new id).\n")
    assert "### Added" in out and "### Changed" in out and "### Removed" not in out
    assert "- Knowledge Plugins: Enhancing Large Language Models for Domain-Specific Recommendations " \
           "(title:9a6a3c614a7c → arxiv:2311.10779): id: title:9a6a3c614a7c → arxiv:2311.10779;" in out


@pytest.mark.slow  # the releases fixture runs two whole doit builds
def test_ignore_hides_fields(releases: Path, capsys: pytest.CaptureFixture) -> None:
    _code, out, _err = run(capsys, "diff", "2024.9.0", "2024.11.0", "--json", "--ignore", "mentions",
                           "--ignore", "short_names", "--ignore", "aliases")
    changed = {c["key"] for c in json.loads(out)["changed"]}
    assert not changed & set(PAPERS_OF_000) - {"arxiv:2308.03333"}


@pytest.mark.slow  # the releases fixture runs two whole doit builds
def test_release_manifest_and_no_overwrite(releases: Path, capsys: pytest.CaptureFixture) -> None:
    manifest = json.loads((releases / "releases" / "2024.11.0" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["datapackage.json", "index.html", "mentions.csv", "metadata.json", "overlap.png",
                                         "papers.bib", "papers.csl.json", "papers.csv", "papers.db", "papers.json",
                                         "papers.md", "report.json", "report.md", "resources.csv"]
    assert [s["id"] for s in manifest["sources"]] == ["awesome-llm-enhanced-recsys", "llm4rec-papers-zh",
                                                      "nextgen-llm-recsys-survey", "recsys-without-id-features"]
    code, _out, err = run(capsys, "release", "2024.11.0")
    assert code == 2
    assert "release-exists: release 2024.11.0 exists already" in err


@pytest.mark.slow  # the releases fixture runs two whole doit builds
def test_release_refuses_a_stale_build(releases: Path, capsys: pytest.CaptureFixture,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sources = Path(str(releases).replace("build", "sources"))
    monkeypatch.setenv("PAPERLISTS_SOURCES", str(sources))
    (sources / "extra.md").write_text("- [A new paper](https://arxiv.org/abs/2411.00001)\n", encoding="utf-8")
    try:
        code, _out, err = run(capsys, "release", "2024.12.0")
    finally:
        (sources / "extra.md").unlink()
    assert code == 2
    assert "build-stale: expected an up-to-date build (run doit), found: sources/extra.md is new since the last build" \
        in err


@pytest.mark.slow  # the releases fixture runs two whole doit builds
def test_missing_release_lists_the_existing_ones(releases: Path, capsys: pytest.CaptureFixture) -> None:
    code, _out, err = run(capsys, "diff", "1.0", "2024.11.0")
    assert code == 2
    assert err.strip().endswith("release-missing: no release '1.0'; releases: 2024.9.0, 2024.11.0")


def test_identical_catalogs_give_an_empty_diff(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "papers.json"
    path.write_text(json.dumps(real_catalog()), encoding="utf-8")
    code, out, _err = run(capsys, "diff", str(path), str(path), "--json")
    assert code == 0
    assert json.loads(out)["added"] == json.loads(out)["removed"] == json.loads(out)["changed"] == []


def test_truncated_json_names_file_and_position(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(real_catalog()), encoding="utf-8")
    bad.write_text(json.dumps(real_catalog(), indent=1)[:5000], encoding="utf-8")
    code, _out, err = run(capsys, "diff", str(good), str(bad))
    assert code == 2
    assert err.startswith(f"error: {bad}:") and "bad-catalog: expected JSON, found an error at column" in err


def test_other_schema_versions_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    catalog = real_catalog()
    old.write_text(json.dumps(catalog), encoding="utf-8")
    new.write_text(json.dumps(dict(catalog, schema_version="2.0")), encoding="utf-8")
    code, _out, err = run(capsys, "diff", str(old), str(new))
    assert code == 2 and "schema-version: expected schema version 1.x" in err


def test_not_a_catalog(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    code, _out, err = run(capsys, "diff", str(path), str(path))
    assert code == 2 and "bad-catalog: expected a catalog (papers.json), found no schema_version" in err


def test_a_paper_that_gains_an_arxiv_id_is_one_change() -> None:
    old = real_catalog()
    new = copy.deepcopy(old)
    paper = next(p for p in new["papers"] if p["id"] == "doi:10.1145/3626772.3657761")  # FineRec
    paper["id"], paper["identifiers"]["arxiv"] = "arxiv:2404.99999", "2404.99999"
    result = diff_catalogs(old, new)
    assert result["added"] == [] and result["removed"] == []
    assert result["changed"] == [{"key": "arxiv:2404.99999", "old_key": "doi:10.1145/3626772.3657761",
                                  "title": paper["title"],
                                  "changes": {"id": ["doi:10.1145/3626772.3657761", "arxiv:2404.99999"],
                                              "arxiv": [None, "2404.99999"]}}]
    assert has_changes(result)


def test_diff_of_a_catalog_with_itself_is_empty() -> None:
    catalog = real_catalog()
    assert not has_changes(diff_catalogs(catalog, copy.deepcopy(catalog)))


def test_unknown_ignored_field_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        diff_catalogs(real_catalog(), real_catalog(), ignore=["colour"])


def test_versions_are_semver_ordered_by_precedence(tmp_path: Path) -> None:
    from pipeline.releases.release import parse_version, releases

    for name in ("1.9.0", "1.10.0", "1.9.0-rc.1", "1.9.0-alpha", "v2", "2.0", "notes"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "MANIFEST.json").write_text("{}", encoding="utf-8")
    assert releases(tmp_path) == ["1.9.0-alpha", "1.9.0-rc.1", "1.9.0", "1.10.0"]
    assert [parse_version(v) is None for v in ("1.2.0", "1.2.0-rc.1", "1.2.0+build.5", "v1", "1.0", "1.2.0-rc.01")] \
        == [False, False, False, True, True, True]


def fake_build(folder: Path, errors: list[str]) -> tuple[Path, dict[str, str]]:
    """A catalog folder with every artifact and the stamp a finished build leaves."""
    from pipeline.releases.release import ARTIFACTS

    catalog = folder / "catalog"
    catalog.mkdir()
    for name in ARTIFACTS:
        (catalog / name).write_text("{}" if name != "papers.json" else json.dumps(real_catalog()), encoding="utf-8")
    inputs = {"sources/a.md": "1" * 64, "pipeline/catalog/build.py": "2" * 64}
    stamp = {"inputs": inputs, "errors": errors, "warnings": 0,
             "artifacts": {name: files.sha256_file(catalog / name) for name in ARTIFACTS}}
    (catalog / "build.json").write_text(json.dumps(stamp), encoding="utf-8")
    return catalog, inputs


def test_a_build_with_errors_is_released_only_when_allowed_and_records_them(tmp_path: Path) -> None:
    from pipeline.releases.release import make_release

    catalog, inputs = fake_build(tmp_path, ["sources/b.md: not-markdown: expected markdown text, found binary data"])
    with pytest.raises(PipelineError) as refused:
        make_release("1.0.0", catalog, tmp_path / "releases", {}, inputs)
    assert refused.value.problem.code == "build-errors"
    assert "found 1: sources/b.md: not-markdown" in refused.value.problem.message
    target = make_release("1.0.0", catalog, tmp_path / "releases", {}, inputs, allow_errors=True)
    assert json.loads((target / "MANIFEST.json").read_text(encoding="utf-8"))["errors"] == [
        "sources/b.md: not-markdown: expected markdown text, found binary data"]


def test_changed_code_or_artifacts_since_the_build_are_stale(tmp_path: Path) -> None:
    from pipeline.releases.release import make_release

    catalog, inputs = fake_build(tmp_path, [])
    (catalog / "papers.md").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(PipelineError) as refused:
        make_release("1.0.0", catalog, tmp_path / "releases", {}, {**inputs, "pipeline/catalog/build.py": "3" * 64,
                                                                  "schemas/new.schema.json": "4" * 64})
    message = refused.value.problem.message
    assert message.startswith("expected an up-to-date build (run doit), found: pipeline/catalog/build.py changed since "
                              "the last build; schemas/new.schema.json is new since the last build; ")
    assert message.endswith("catalog/papers.md is not the one the last build wrote")


# Release bookkeeping on small hand-made catalogs (no pipeline run).

TINY = {"pipeline_version": "0.0.9", "schema_version": "2.0.0", "counts": {"papers": 0},
        "sources": [{"id": "x", "sha256": "1", "commit": "c1", "superseded_by": None, "title": "X"},
                    {"id": "y", "sha256": "1", "commit": None, "superseded_by": "x", "title": "Y"}],
        "papers": []}


def test_stale_inputs_name_what_changed_appeared_or_went() -> None:
    from pipeline.releases.release import stale_inputs

    assert stale_inputs({"a": "1", "b": "1", "c": "1", "e": "1"}, {"a": "1", "b": "2", "d": "1", "e": "1"}) == [
        "b changed", "d is new", "c was removed"]
    assert stale_inputs({"a": "1"}, {"a": "1"}) == []


def test_stale_sources_and_pipeline_version() -> None:
    import pipeline
    from pipeline.releases.release import stale_sources

    assert stale_sources(TINY, {"x": "1", "y": "2", "z": "3"}) == [
        "y changed", "z is new", f"built by pipeline 0.0.9, this is {pipeline.__version__}"]
    current = {**TINY, "pipeline_version": pipeline.__version__}
    assert stale_sources(current, {"x": "1"}) == ["y was removed"]
    assert stale_sources(current, {"x": "1", "y": "1"}) == []


def test_manifest_whole() -> None:
    from pipeline.releases.release import manifest

    assert manifest("1.0.0", TINY, {"b.csv": "bb", "a.json": "aa"}) == {
        "version": "1.0.0", "pipeline_version": "0.0.9", "schema_version": "2.0.0",
        "files": {"a.json": {"sha256": "aa"}, "b.csv": {"sha256": "bb"}},
        "sources": [{"id": "x", "sha256": "1", "commit": "c1", "superseded_by": None},
                    {"id": "y", "sha256": "1", "commit": None, "superseded_by": "x"}],
        "counts": {"papers": 0}, "errors": []}
    assert manifest("1.0.0", TINY, {}, ["e1"])["errors"] == ["e1"]


def test_version_key_refuses_and_orders_build_metadata_by_text(tmp_path: Path) -> None:
    from pipeline.releases.release import releases, version_key

    with pytest.raises(ValueError, match=r"not a semantic version: 'v1'"):
        version_key("v1")
    for name in ("1.0.0+b", "1.0.0+a", "0.9.0", "1.0.0"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "MANIFEST.json").write_text("{}", encoding="utf-8")
    (tmp_path / "2.0.0").mkdir()  # no MANIFEST.json: not a release
    assert releases(tmp_path) == ["0.9.0", "1.0.0", "1.0.0+a", "1.0.0+b"]
    assert releases(tmp_path / "none") == []


def tiny_build(folder: Path, errors: list[str] | None = None) -> tuple[Path, dict[str, str]]:
    """Every artifact (each file holds its own name) and a stamp, beside the tiny catalog."""
    import pipeline
    from pipeline.releases.release import ARTIFACTS

    catalog = folder / "catalog"
    catalog.mkdir()
    for name in ARTIFACTS:
        (catalog / name).write_text(name, encoding="utf-8")
    (catalog / "papers.json").write_text(json.dumps({**TINY, "pipeline_version": pipeline.__version__}),
                                         encoding="utf-8")
    inputs = {"sources/x.md": "1" * 64}
    if errors is not None:
        stamp = {"inputs": inputs, "errors": errors, "warnings": 0,
                 "artifacts": {name: files.sha256_file(catalog / name) for name in ARTIFACTS}}
        (catalog / "build.json").write_text(json.dumps(stamp), encoding="utf-8")
    return catalog, inputs


def test_a_release_copies_every_artifact_with_its_digest(tmp_path: Path) -> None:
    import hashlib

    from pipeline.releases.release import ARTIFACTS, make_release

    catalog, inputs = tiny_build(tmp_path, [])
    target = make_release("1.2.0", catalog, tmp_path / "rel", {}, inputs)
    assert target == tmp_path / "rel" / "1.2.0"
    assert sorted(path.name for path in target.iterdir()) == sorted([*ARTIFACTS, "MANIFEST.json"])
    assert (target / "report.md").read_text(encoding="utf-8") == "report.md"
    manifest = json.loads((target / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "1.2.0" and manifest["errors"] == []
    assert manifest["files"]["report.md"] == {"sha256": hashlib.sha256(b"report.md").hexdigest()}
    assert sorted(path.name for path in (tmp_path / "rel").iterdir()) == ["1.2.0"]  # no staging folder left


def test_without_recorded_inputs_the_sources_decide(tmp_path: Path) -> None:
    from pipeline.releases.release import make_release

    catalog, _inputs = tiny_build(tmp_path)
    with pytest.raises(PipelineError) as refused:
        make_release("1.0.0", catalog, tmp_path / "rel", {"x": "1"})
    assert refused.value.problem.message == "expected an up-to-date build (run doit), found: y was removed"
    assert make_release("1.0.0", catalog, tmp_path / "rel", {"x": "1", "y": "1"}).name == "1.0.0"


def test_refusals_name_what_was_expected(tmp_path: Path) -> None:
    from pipeline.releases.release import make_release

    catalog, inputs = tiny_build(tmp_path, ["first problem", "second problem"])
    rel = tmp_path / "rel"
    with pytest.raises(PipelineError) as refused:
        make_release("1.0", catalog, rel, {}, inputs)
    assert (refused.value.problem.code, refused.value.problem.message) == (
        "bad-version", "expected a Semantic Versioning 2.0.0 version such as 1.2.0 or 1.2.0-rc.1, found '1.0'")
    with pytest.raises(PipelineError) as refused:
        make_release("", catalog, rel, {}, inputs)
    assert refused.value.problem.code == "bad-version"
    with pytest.raises(PipelineError) as refused:
        make_release("1.0.0", catalog, rel, {}, inputs)
    assert refused.value.problem.message == (
        "expected a build without errors, found 2: first problem … (fix them, or release with --allow-errors, "
        "which records them in MANIFEST.json)")
    make_release("1.0.0", catalog, rel, {}, inputs, allow_errors=True)
    with pytest.raises(PipelineError) as refused:
        make_release("1.0.0", catalog, rel, {}, inputs, allow_errors=True)
    assert (refused.value.problem.code, refused.value.problem.message) == (
        "release-exists", "release 1.0.0 exists already; releases are never overwritten (existing: 1.0.0)")
    (catalog / "build.json").unlink()
    (catalog / "papers.csv").unlink()
    with pytest.raises(PipelineError) as refused:
        make_release("1.1.0", catalog, rel, {}, inputs)
    assert refused.value.problem.code == "build-stale"
    assert refused.value.problem.message.startswith(
        "expected an up-to-date build (run doit), found: papers.csv is missing; no finished build recorded in ")
    assert refused.value.problem.message.endswith("catalog/build.json")
    (catalog / "papers.json").unlink()
    with pytest.raises(PipelineError) as refused:
        make_release("1.1.0", catalog, rel, {"x": "1", "y": "1"})
    assert refused.value.problem.message == ("expected an up-to-date build (run doit), found: papers.json is missing; "
                                             "papers.csv is missing")


def test_find_release_lists_the_known_ones(tmp_path: Path) -> None:
    from pipeline.releases.release import find_release

    with pytest.raises(PipelineError) as refused:
        find_release(tmp_path, "9.9.9")
    assert (refused.value.problem.code, refused.value.problem.message) == (
        "release-missing", "no release '9.9.9'; releases: none yet")
    for name in ("1.0.0", "0.1.0"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "MANIFEST.json").write_text("{}", encoding="utf-8")
        (tmp_path / name / "papers.json").write_text("{}", encoding="utf-8")
    assert find_release(tmp_path, "1.0.0") == tmp_path / "1.0.0" / "papers.json"
    with pytest.raises(PipelineError) as refused:
        find_release(tmp_path, "2.0.0")
    assert refused.value.problem.message == "no release '2.0.0'; releases: 0.1.0, 1.0.0"


def test_refusals_name_the_file_they_are_about(tmp_path: Path) -> None:
    from pipeline.releases.release import make_release

    catalog, inputs = tiny_build(tmp_path, ["only problem"])
    rel = tmp_path / "rel"
    with pytest.raises(PipelineError) as refused:
        make_release("1.0", catalog, rel, {}, inputs)
    assert refused.value.problem.file == (rel / "1.0").as_posix()
    with pytest.raises(PipelineError) as refused:
        make_release("1.0.0", catalog, rel, {}, inputs)
    assert refused.value.problem.file == (catalog / "build.json").as_posix()
    assert refused.value.problem.message.startswith("expected a build without errors, found 1: only problem (fix")
    for version in ("0.1.0", "0.2.0"):
        target = make_release(version, catalog, rel, {}, inputs, allow_errors=True)
        assert json.loads((target / "MANIFEST.json").read_text(encoding="utf-8"))["errors"] == ["only problem"]
    with pytest.raises(PipelineError) as refused:
        make_release("0.2.0", catalog, rel, {}, inputs, allow_errors=True)
    assert refused.value.problem.file == (rel / "0.2.0").as_posix()
    assert refused.value.problem.message.endswith("(existing: 0.1.0, 0.2.0)")
    (catalog / "report.md").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(PipelineError) as refused:
        make_release("0.3.0", catalog, rel, {}, inputs, allow_errors=True)
    assert refused.value.problem.file == catalog.as_posix()
    edited = (catalog / "report.md").as_posix()
    assert refused.value.problem.message == ("expected an up-to-date build (run doit), found: "
                                             f"{edited} is not the one the last build wrote")
    (catalog / "build.json").unlink()
    (catalog / "papers.csv").unlink()
    with pytest.raises(PipelineError) as refused:
        make_release("0.3.0", catalog, rel, {"x": "1"})
    assert refused.value.problem.message == ("expected an up-to-date build (run doit), found: papers.csv is missing; "
                                             "y was removed")
    with pytest.raises(PipelineError) as refused:
        find_release_missing(rel)
    assert refused.value.problem.file == (rel / "9.0.0").as_posix()


def find_release_missing(folder: Path) -> Path:
    from pipeline.releases.release import find_release

    return find_release(folder, "9.0.0")
