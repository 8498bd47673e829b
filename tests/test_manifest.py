from pipeline.catalog.build import build_catalog
from pipeline.manifest import accompanied_paper, resolve_sources
from tests.helpers import records_of


def entry(name: str, **extra: object) -> dict:
    return {"id": name, "title": name.title(), "upstream": None, "commit": None, "date": None,
            "language": "en", "superseded_by": None, **extra}


def problems_of(manifest: dict | None, files: list[str]) -> list[tuple[str, str]]:
    _sources, problems = resolve_sources(manifest, files, "sources/manifest.json")
    return [(p.code, p.message) for p in problems]


def test_a_file_without_entry_builds_with_defaults_and_a_warning() -> None:
    sources, problems = resolve_sources({"sources": [entry("a")]}, ["a.md", "b.md"], "sources/manifest.json")
    assert [s["id"] for s in sources] == ["a", "b"]
    assert sources[1]["title"] == "b" and sources[1]["superseded_by"] is None
    assert [(p.file, p.code, p.severity) for p in problems] == [("b.md", "not-in-manifest", "warning")]


def test_an_entry_without_file_is_an_error_naming_it() -> None:
    assert problems_of({"sources": [entry("a"), entry("gone")]}, ["a.md"]) == [
        ("manifest-missing-file", "source 'gone' expects the file gone.md, which is not in the sources folder "
                                  "(found: a.md)")]


def test_superseded_by_must_name_a_source() -> None:
    assert problems_of({"sources": [entry("a", superseded_by="b")]}, ["a.md"]) == [
        ("manifest-invalid", "source 'a' is superseded_by 'b', which is not a source (expected one of ['a'])")]


def test_schema_violations_name_the_json_path() -> None:
    assert problems_of({"sources": [{"id": "a"}]}, ["a.md"])[0] == (
        "manifest-invalid", "$.sources[0]: 'title' is a required property")


def test_no_manifest_at_all_means_defaults_for_every_file() -> None:
    sources, problems = resolve_sources(None, ["x.md"], "sources/manifest.json")
    assert [s["id"] for s in sources] == ["x"] and [p.code for p in problems] == ["not-in-manifest"]


def test_decisions_naming_mentions_by_line_alone_are_errors() -> None:
    records = {"source": {"id": "a", "path": "a.md", "sha256": "0" * 64}, "counts": {"records": 1}, "records": [
        {"id": "a:1", "source": {"id": "a", "file": "a.md", "line": 1}, "kind": "paper", "title": "Some paper",
         "short_name": None, "year": None, "venue": None, "identifiers": {}, "section": [], "attributes": {},
         "notes": None, "links": [], "urls": {"paper": None, "code": None, "other": []}}]}
    _catalog, problems = build_catalog([records], [entry("a")],
                                       {"same": [{"a": "a:1", "b": "a:99", "reason": "typo"}]}, "decisions.json")
    assert [(p.file, p.code, p.severity) for p in problems] == [("decisions.json", "decision-invalid", "error")] * 2
    assert problems[1].message.startswith(
        "same[1].b: expected a mention {\"source\", \"title\", \"line\"}, found 'a:99'")


def test_a_survey_list_names_its_paper() -> None:
    survey = dict(entry("survey"), title="A Survey of Things", paper="arXiv:2410.19744")
    _sources, problems = resolve_sources({"sources": [survey]}, ["survey.md"], "sources/manifest.json")
    assert problems == []
    assert accompanied_paper(survey) == {"title": "A Survey of Things", "url": "https://arxiv.org/abs/2410.19744"}
    assert accompanied_paper(entry("plain")) is None
    bad = dict(survey, paper="2410.19744")  # neither "arXiv:<id>" nor a DOI
    assert [code for code, _message in problems_of({"sources": [bad]}, ["survey.md"])] == ["manifest-invalid"]


def test_the_ours_row_is_a_mention_of_the_survey() -> None:
    text = ("| Paper | Gen. RS |\n|---|---|\n| [Other survey](https://arxiv.org/abs/2305.19860) | ✅ |\n"
            "| **Ours** | ✅ |\n")
    paper = {"title": "A Survey of Things", "url": "https://arxiv.org/abs/2410.19744"}
    ours = records_of(text, "survey", paper)["records"][1]
    assert (ours["title"], ours["identifiers"], ours["cells"][0]) == \
        ("A Survey of Things", {"arxiv": "2410.19744"}, "Ours")
    without = records_of(text, "survey")
    assert [reject["code"] for reject in without["rejects"]] == ["no-title"]
