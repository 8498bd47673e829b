"""Each output, built from the golden papers.json, equals its golden file: the emitting code checked
whole without building the catalog from the sources (a second or two, so that mutation testing of
the output modules can run these for every mutant).

tests/test_golden_catalog.py checks the same golden files against a build from the sources; the two
agree as long as papers.json's golden file is the catalog those sources give, which that test checks.
"""

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from pipeline import files
from pipeline.outputs.citations import papers_bibtex, papers_csl
from pipeline.outputs.database import catalog_database, datasette_metadata
from pipeline.outputs.listing import papers_markdown
from pipeline.outputs.tables import catalog_tables, datapackage
from pipeline.outputs.webpage import index_html
from tests.built_catalog import SHOWN_FOLDER, database_dump

GOLDEN = Path(__file__).parent / "golden" / "catalog"

OUTPUTS: dict[str, Callable[[Any], str]] = {
    "papers.csv": lambda catalog: catalog_tables(catalog)["papers.csv"],
    "mentions.csv": lambda catalog: catalog_tables(catalog)["mentions.csv"],
    "resources.csv": lambda catalog: catalog_tables(catalog)["resources.csv"],
    "datapackage.json": lambda catalog: files.dumps(datapackage(catalog)),
    "papers.md": lambda catalog: papers_markdown(catalog, f"{SHOWN_FOLDER}/papers.md"),
    "papers.bib": papers_bibtex,
    "papers.csl.json": lambda catalog: files.dumps(papers_csl(catalog)),
    "index.html": index_html,
    "metadata.json": lambda catalog: files.dumps(datasette_metadata(catalog)),
    "papers.db.txt": lambda catalog: database_dump(catalog_database(catalog)),
}


@pytest.fixture(scope="module")
def catalog() -> Any:
    return json.loads((GOLDEN / "papers.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_an_output_of_the_golden_catalog_equals_its_golden_file(name: str, catalog: Any) -> None:
    expected = (GOLDEN / name).read_bytes().decode("utf-8")
    assert OUTPUTS[name](catalog) == expected
