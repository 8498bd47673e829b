"""The README's two ways into pandas: load_catalog() with typed columns, and the plain read_csv recipe."""

import io

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
