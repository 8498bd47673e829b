"""The merged artifacts: schema-valid, CSV equal to JSON, markdown that reads back to the same ids."""

import io
import json

import pandas as pd
import pytest

from pipeline import files
from pipeline.catalog.build import paper_id
from pipeline.outputs.listing import papers_markdown
from pipeline.outputs.overlap import overlap_counts, overlap_png
from pipeline.outputs.report import build_report, report_markdown
from pipeline.outputs.tables import JOIN, PAPER_COLUMNS, catalog_tables, datapackage, paper_row
from pipeline.validate import schema_problems
from tests.catalog_fixture import real_catalog, real_records
from tests.helpers import records_of
from tests.test_golden import GOLDEN


@pytest.fixture(scope="module")
def catalog() -> dict:
    return real_catalog()


@pytest.fixture(scope="module")
def markdown(catalog: dict) -> str:
    return papers_markdown(catalog)


def test_json_artifacts_match_their_schemas(catalog: dict) -> None:
    report = build_report(catalog, list(real_records()))
    assert schema_problems(catalog, "papers", "papers.json", None) == []
    assert schema_problems(report, "report", "report.json", None) == []
    assert schema_problems(datapackage(catalog), "datapackage", "datapackage.json", None) == []


def test_papers_csv_read_by_pandas_equals_papers_json(catalog: dict) -> None:
    text = catalog_tables(catalog)["papers.csv"]
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == [name for name, _type, _doc in PAPER_COLUMNS]
    assert len(frame) == len(catalog["papers"])
    for row, paper in zip(frame.to_dict("records"), catalog["papers"]):
        expected = {key: "" if value is None else str(value) for key, value in paper_row(paper).items()}
        assert row == expected
        assert row["lists"].split(JOIN) == paper["lists"]


def test_csv_quoting_follows_rfc_4180() -> None:
    from pipeline.outputs.tables import to_csv

    text = to_csv([{"id": 'a "quoted", title', "n": 3}, {"id": "line\nbreak", "n": None}],
                  (("id", "string", ""), ("n", "integer", "")))
    assert text == 'id,n\r\n"a ""quoted"", title",3\r\n"line\nbreak",\r\n'


def test_every_csv_column_is_described_in_the_datapackage(catalog: dict) -> None:
    package = datapackage(catalog)
    for resource in package["resources"]:
        header = catalog_tables(catalog)[resource["path"]].split("\r\n", 1)[0].split(",")
        assert [field["name"] for field in resource["schema"]["fields"]] == header


def test_papers_md_reads_back_to_the_same_paper_ids(catalog: dict, markdown: str) -> None:
    records = records_of(markdown, "papers")["records"]
    read_back = {paper_id(record["identifiers"], record["title"]) for record in records
                 if record["kind"] in ("paper", "survey")}
    assert read_back == {paper["id"] for paper in catalog["papers"]}


def test_titles_with_markdown_characters_are_escaped() -> None:
    catalog = {"schema_version": "1.0", "pipeline_version": "0", "sources": [], "resources": [],
               "conflicts": [], "counts": {"papers": 1, "mentions": 1, "papers_in_two_or_more_lists": 0},
               "papers": [{"id": "title:x", "title": "A | B [C] *D* \\E_ `F`", "short_names": [], "year": 2024,
                           "venue": None, "urls": {"paper": None, "code": None, "other": []}, "lists": ["l"]}]}
    text = papers_markdown(catalog)
    records = records_of(text, "papers")["records"]
    assert [record["title"] for record in records if record["kind"] == "paper"] == ["A | B [C] *D* \\E_ `F`"]


def test_papers_md_golden_excerpt(markdown: str, update_golden: bool) -> None:
    excerpt = "".join(markdown.splitlines(keepends=True)[:40])
    golden = GOLDEN / "catalog" / "papers-head.md"
    if update_golden:
        files.write_text(golden, excerpt)
    assert excerpt == golden.read_text(encoding="utf-8")


def test_report_golden_summary(catalog: dict, update_golden: bool) -> None:
    report = build_report(catalog, list(real_records()))
    text = files.dumps(report["summary"])
    golden = GOLDEN / "catalog" / "report-summary.json"
    if update_golden:
        files.write_text(golden, text)
    assert text == golden.read_text(encoding="utf-8")
    assert "## Conflicts" in report_markdown(report)


def test_overlap_png_is_deterministic(catalog: dict) -> None:
    counts = overlap_counts(catalog)
    first, second = overlap_png(counts), overlap_png(counts)
    assert first == second and first.startswith(b"\x89PNG")


def test_overlap_counts(catalog: dict) -> None:
    counts = overlap_counts(catalog)
    assert counts["lists"] == ["awesome-llm-enhanced-recsys", "llm4rec-papers-zh", "nextgen-llm-recsys-survey",
                               "recsys-without-id-features"]
    for name in counts["lists"]:
        assert counts["shared"][name][name] == counts["papers"][name]
        assert counts["papers"][name] == sum(name in paper["lists"] for paper in catalog["papers"])
    assert json.dumps(counts["shared"], sort_keys=True) == json.dumps(
        {a: {b: counts["shared"][b][a] for b in counts["lists"]} for a in counts["lists"]}, sort_keys=True)
