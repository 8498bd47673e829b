"""The README's two ways into pandas: load_catalog() with typed columns, and the plain read_csv recipe."""

import io
import json

import pandas as pd
import pytest

from pipeline import load_catalog
from pipeline.outputs.loader import MULTI_VALUED
from pipeline.outputs.tables import MENTION_COLUMNS, PAPER_COLUMNS, RESOURCE_COLUMNS, catalog_tables
from tests.catalog_fixture import real_catalog


@pytest.fixture(scope="module")
def catalog() -> dict:
    return real_catalog()


def _recipe(text: str) -> pd.DataFrame:
    # Exactly the README's recipe: every cell a string, empty cells stay "" (never NaN).
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_the_documented_recipe_gives_every_id_back_intact(catalog: dict) -> None:
    tables = catalog_tables(catalog)
    papers = _recipe(tables["papers.csv"])
    assert list(papers["id"]) == [p["id"] for p in catalog["papers"]]
    assert list(papers["arxiv"]) == [p["identifiers"]["arxiv"] or "" for p in catalog["papers"]]
    assert list(papers["doi"]) == [p["identifiers"]["doi"] or "" for p in catalog["papers"]]
    mentions = _recipe(tables["mentions.csv"])
    assert list(mentions["record"]) == [m["record"] for p in catalog["papers"] for m in p["mentions"]]
    assert list(mentions["paper_id"]) == [p["id"] for p in catalog["papers"] for _m in p["mentions"]]
    resources = _recipe(tables["resources.csv"])
    assert list(resources["id"]) == [r["id"] for r in catalog["resources"]]


def test_plain_read_csv_damages_arxiv_ids_which_is_why_the_recipe_exists(catalog: dict) -> None:
    naive = pd.read_csv(io.StringIO(catalog_tables(catalog)["papers.csv"]))
    assert "2305.11700" in {p["identifiers"]["arxiv"] for p in catalog["papers"]}
    assert "2305.11700" not in set(naive["arxiv"].astype(str))  # read as the float 2305.117


def test_load_catalog_types(catalog: dict) -> None:
    frames = load_catalog(catalog)
    papers = frames.papers
    assert list(papers.columns) == [name for name, _t, _d in PAPER_COLUMNS]
    assert list(frames.mentions.columns) == [name for name, _t, _d in MENTION_COLUMNS]
    assert list(frames.resources.columns) == [name for name, _t, _d in RESOURCE_COLUMNS]
    assert papers["id"].dtype == "string" and papers["arxiv"].dtype == "string"
    assert papers["year"].dtype == "Int64" and frames.mentions["line"].dtype == "Int64"
    row = papers.set_index("id").loc["arxiv:2305.11700"]
    assert row["arxiv"] == "2305.11700"
    assert list(papers["id"]) == [p["id"] for p in catalog["papers"]]
    assert list(papers["lists"]) == [p["lists"] for p in catalog["papers"]]
    assert list(papers["year"].isna()) == [p["year"] is None for p in catalog["papers"]]
    assert list(frames.mentions["section"]) == [m["section"] for p in catalog["papers"] for m in p["mentions"]]
    assert list(frames.resources["urls"]) == [r["urls"] for r in catalog["resources"]]


def test_load_catalog_reads_a_folder_or_a_file(tmp_path) -> None:
    from pipeline import files

    files.write_json(tmp_path / "papers.json", {"papers": [], "resources": []})
    assert load_catalog(tmp_path).papers.empty
    assert load_catalog(tmp_path / "papers.json").mentions.empty


def test_multi_valued_columns_are_the_joined_ones() -> None:
    for table, columns in (("papers", PAPER_COLUMNS), ("mentions", MENTION_COLUMNS),
                           ("resources", RESOURCE_COLUMNS)):
        joined = tuple(name for name, _t, doc in columns if "joined with" in doc)
        assert joined == MULTI_VALUED[table]


def test_import_pipeline_does_not_import_pandas() -> None:
    import subprocess
    import sys

    from pipeline import paths

    code = "import sys, pipeline; print('pandas' in sys.modules, callable(pipeline.load_catalog))"
    result = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(paths.ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.stdout.split() == ["False", "True"], result.stderr


def _cells(frame: pd.DataFrame) -> list[dict]:
    # pandas' missing value is not equal to anything, so it is compared as None.
    return [{name: None if value is pd.NA else value for name, value in row.items()}
            for row in frame.to_dict("records")]


def _hand_catalog() -> dict:
    """Two papers (one with every multi-valued field filled, one with none) and one resource."""
    full = {"id": "arxiv:2401.00001", "title": "Ünïcode Rec", "aliases": ["Unicode Rec", "UniRec paper"],
            "short_names": ["UniRec", "UR"], "kind": "survey", "year": 2024, "venue": "KDD",
            "identifiers": {"arxiv": "2401.00001", "doi": "10.1/x.y",
                            "other": {"pmid": "77", "acl": "2024.acl-1"}},
            "urls": {"paper": "https://arxiv.org/abs/2401.00001", "code": "https://github.com/a/b", "other": []},
            "lists": ["list-b", "list-a"], "topics": {}, "attributes": {},
            "mentions": [
                {"record": "list-b:12", "source": "list-b", "line": 12, "section": ["Models", "LLM"],
                 "title": "Ünïcode Rec", "links": [{"url": "https://arxiv.org/abs/2401.00001", "text": "paper"},
                                                   {"url": "https://github.com/a/b", "text": "code"}]},
                {"record": "list-a:3", "source": "list-a", "line": 3, "section": [], "title": "UniRec paper",
                 "links": []}],
            "evidence": []}
    bare = {"id": "title:0123abcd", "title": "No ids", "aliases": [], "short_names": [], "kind": "paper",
            "year": None, "venue": None, "identifiers": {"arxiv": None, "doi": None, "other": {}},
            "urls": {"paper": None, "code": None, "other": []}, "lists": ["list-a"], "topics": {},
            "attributes": {}, "mentions": [], "evidence": []}
    resource = {"id": "url:example.org/data", "kind": "dataset", "title": "Data set",
                "urls": ["https://example.org/data", "https://example.org/mirror"], "lists": ["list-a", "list-b"],
                "mentions": [{"record": "list-a:9"}, {"record": "list-b:20"}, {"record": "list-b:21"}]}
    return {"papers": [full, bare], "resources": [resource]}


def test_load_catalog_of_a_hand_made_catalog_whole(tmp_path) -> None:
    (tmp_path / "papers.json").write_text(json.dumps(_hand_catalog(), ensure_ascii=False), encoding="utf-8")
    frames = load_catalog(tmp_path)
    assert _cells(frames.papers) == [
        {"id": "arxiv:2401.00001", "title": "Ünïcode Rec", "aliases": ["Unicode Rec", "UniRec paper"],
         "short_names": ["UniRec", "UR"], "kind": "survey", "year": 2024, "venue": "KDD", "arxiv": "2401.00001",
         "doi": "10.1/x.y", "other_ids": ["acl:2024.acl-1", "pmid:77"],
         "paper_url": "https://arxiv.org/abs/2401.00001", "code_url": "https://github.com/a/b",
         "lists": ["list-b", "list-a"], "n_lists": 2, "n_mentions": 2},
        {"id": "title:0123abcd", "title": "No ids", "aliases": [], "short_names": [], "kind": "paper",
         "year": None, "venue": None, "arxiv": None, "doi": None, "other_ids": [], "paper_url": None,
         "code_url": None, "lists": ["list-a"], "n_lists": 1, "n_mentions": 0},
    ]
    assert _cells(frames.mentions) == [
        {"paper_id": "arxiv:2401.00001", "record": "list-b:12", "source": "list-b", "line": 12,
         "section": ["Models", "LLM"], "title": "Ünïcode Rec",
         "links": ["https://arxiv.org/abs/2401.00001", "https://github.com/a/b"]},
        {"paper_id": "arxiv:2401.00001", "record": "list-a:3", "source": "list-a", "line": 3, "section": [],
         "title": "UniRec paper", "links": []},
    ]
    assert _cells(frames.resources) == [
        {"id": "url:example.org/data", "kind": "dataset", "title": "Data set",
         "urls": ["https://example.org/data", "https://example.org/mirror"], "lists": ["list-a", "list-b"],
         "n_mentions": 3},
    ]
    assert {name: str(kind) for name, kind in frames.papers.dtypes.items()} == {
        "id": "string", "title": "string", "aliases": "object", "short_names": "object", "kind": "string",
        "year": "Int64", "venue": "string", "arxiv": "string", "doi": "string", "other_ids": "object",
        "paper_url": "string", "code_url": "string", "lists": "object", "n_lists": "Int64", "n_mentions": "Int64"}
    assert {name: str(kind) for name, kind in frames.mentions.dtypes.items()} == {
        "paper_id": "string", "record": "string", "source": "string", "line": "Int64", "section": "object",
        "title": "string", "links": "object"}
    assert {name: str(kind) for name, kind in frames.resources.dtypes.items()} == {
        "id": "string", "kind": "string", "title": "string", "urls": "object", "lists": "object",
        "n_mentions": "Int64"}


def test_the_docstring_catalog_loads_as_the_docstring_shows() -> None:
    # The module's doctest is not run by the mutation runs; this is the same example written out whole.
    from pipeline.outputs.loader import _tiny_catalog

    frames = load_catalog(_tiny_catalog())
    assert _cells(frames.papers) == [
        {"id": "arxiv:2305.11700", "title": "T", "aliases": [], "short_names": [], "kind": "paper", "year": 2023,
         "venue": "arXiv", "arxiv": "2305.11700", "doi": None, "other_ids": [], "paper_url": None, "code_url": None,
         "lists": ["a", "b"], "n_lists": 2, "n_mentions": 0}]
    assert frames.mentions.empty and frames.resources.empty


def test_the_docstring_catalog_is_a_valid_papers_json_with_true_counts() -> None:
    # The example stands for papers.json as the catalog stage writes it: every key the schema asks for, and
    # counts that say what it holds (one paper, cited by two lists, nothing else). Its one departure from the
    # schema is on purpose: its paper has no mention, so the mentions table of the example stays empty.
    from pipeline.outputs.loader import _tiny_catalog
    from pipeline.problems import Problem
    from pipeline.validate import schema_problems

    catalog = _tiny_catalog()
    assert schema_problems(catalog, "papers", "example", None) == [
        Problem("example", None, "record-invalid", "$.papers[0].mentions: [] should be non-empty")]
    assert catalog["counts"] == {"papers": 1, "resources": 0, "mentions": 0, "conflicts": 0,
                                 "papers_in_two_or_more_lists": 1}
    assert (len(catalog["papers"]), len(catalog["resources"]), len(catalog["conflicts"])) == (1, 0, 0)
