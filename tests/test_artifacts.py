"""The merged artifacts: schema-valid, CSV equal to JSON, markdown that reads back to the same ids."""

import csv
import io
import json

import pandas as pd
import pytest
from hypothesis import example, given, strategies as st

from pipeline.catalog.papers import paper_id
from pipeline.outputs.listing import papers_markdown
from pipeline.outputs.overlap import overlap_counts, overlap_png
from pipeline.outputs.tables import JOIN, catalog_tables, datapackage
from pipeline.validate import schema_problems
from tests.built_catalog import artifacts
from tests.helpers import records_of


@pytest.fixture(scope="module")
def catalog() -> dict:
    return json.loads(artifacts()["papers.json"])


@pytest.fixture(scope="module")
def markdown(catalog: dict) -> str:
    return papers_markdown(catalog)


def test_json_artifacts_match_their_schemas(catalog: dict) -> None:
    assert schema_problems(catalog, "papers", "papers.json", None) == []
    assert schema_problems(json.loads(artifacts()["report.json"]), "report", "report.json", None) == []
    assert schema_problems(json.loads(artifacts()["datapackage.json"]), "datapackage", "datapackage.json", None) == []


# Two rows of papers.csv written out by hand from the sources: KAR (awesome-llm-enhanced-recsys:25,
# llm4rec-papers-zh:74, nextgen-llm-recsys-survey:224; its code link from the first) and U-BERT
# (llm4rec-papers-zh:115, recsys-without-id-features:169, whose lower-case title is an alias).
KAR = {"id": "arxiv:2306.10933",
       "title": "Towards Open-World Recommendation with Knowledge Augmentation from Large Language Models",
       "aliases": "", "short_names": "KAR", "kind": "paper", "year": "2024", "venue": "RecSys",
       "arxiv": "2306.10933", "doi": "", "other_ids": "", "paper_url": "https://arxiv.org/abs/2306.10933",
       "code_url": "https://github.com/YunjiaXi/Open-World-Knowledge-Augmented-Recommendation",
       "lists": "awesome-llm-enhanced-recsys | llm4rec-papers-zh | nextgen-llm-recsys-survey",
       "n_lists": "3", "n_mentions": "3"}
UBERT = {"id": "aaai:16557", "title": "U-BERT: Pre-training User Representations for Improved Recommendation",
         "aliases": "U-BERT: Pre-training user representations for improved recommendation",
         "short_names": "U-BERT", "kind": "paper", "year": "2021", "venue": "AAAI", "arxiv": "", "doi": "",
         "other_ids": "aaai:16557", "paper_url": "https://ojs.aaai.org/index.php/AAAI/article/view/16557",
         "code_url": "", "lists": "llm4rec-papers-zh | recsys-without-id-features", "n_lists": "2",
         "n_mentions": "2"}


def test_papers_csv_read_by_pandas_equals_papers_json(catalog: dict) -> None:
    text = catalog_tables(catalog)["papers.csv"]
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["id", "title", "aliases", "short_names", "kind", "year", "venue", "arxiv", "doi",
                                   "other_ids", "paper_url", "code_url", "lists", "n_lists", "n_mentions"]
    rows = frame.to_dict("records")
    assert len(rows) == len(catalog["papers"]) == 393
    by_id = {row["id"]: row for row in rows}
    assert (by_id["arxiv:2306.10933"], by_id["aaai:16557"]) == (KAR, UBERT)
    # Every row against papers.json, field by field, by this test's own reading of the columns.
    for row, paper in zip(rows, catalog["papers"]):
        assert row["id"] == paper["id"] and row["title"] == paper["title"]
        assert row["arxiv"] == (paper["identifiers"]["arxiv"] or "")
        assert row["doi"] == (paper["identifiers"]["doi"] or "")
        assert row["year"] == ("" if paper["year"] is None else str(paper["year"]))
        assert row["lists"].split(JOIN) == paper["lists"]
        assert int(row["n_lists"]) == len(set(paper["lists"]))
        assert int(row["n_mentions"]) == len(paper["mentions"])
        assert row["code_url"] == (paper["urls"]["code"] or "")
    # Every arXiv id in the CSV is one, every DOI one (the columns are not swapped).
    assert all(not row["arxiv"] or row["arxiv"][:4].isdigit() and "/" not in row["arxiv"] for row in rows)
    assert all(not row["doi"] or row["doi"].startswith("10.") for row in rows)
    assert sum(bool(row["doi"]) for row in rows) > 0 and sum(bool(row["arxiv"]) for row in rows) > 0


def test_csv_quoting_follows_rfc_4180() -> None:
    from pipeline.outputs.tables import to_csv

    text = to_csv([{"id": 'a "quoted", title', "n": 3}, {"id": "line\nbreak", "n": None}],
                  (("id", "string", ""), ("n", "integer", "")))
    assert text == 'id,n\r\n"a ""quoted"", title",3\r\n"line\nbreak",\r\n'
    assert to_csv([{"n": 2**53 + 1}, {"n": None}], (("n", "integer", ""),)) == 'n\r\n9007199254740993\r\n""\r\n'


_TEXT = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
                  st.sampled_from(["", ",", '"', "\r", "\n", "\r\n", " a ", "nan", "NA", "None", "1.0"]))


# Integers up to 2**53: pandas reads a column of integers and None as floats before typing it, and
# loses the integers above (9007199254740993 comes out ...992); the csv module writes them as they are.
@given(st.lists(st.tuples(_TEXT, st.one_of(st.none(), st.integers(-2**53, 2**53)), _TEXT), max_size=6))
@example([("", 0, None), (None, None, ""), ("0", -1, "a,b")])  # a zero is not an absent value, nor "" None
def test_csv_is_what_pandas_writes_for_the_same_typed_columns(rows: list[tuple]) -> None:
    # pandas wrote the tables before the csv module alone did: the same bytes for any text and integer
    from pipeline.outputs.tables import to_csv

    columns = (("a", "string", ""), ("n", "integer", ""), ("b", "string", ""))
    frame = pd.DataFrame([dict(zip("anb", row)) for row in rows], columns=["a", "n", "b"])
    frame = frame.astype({"a": "string", "n": "Int64", "b": "string"})
    expected = frame.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    assert to_csv([dict(zip("anb", row)) for row in rows], columns) == expected


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


def test_a_papers_md_item_names_title_link_short_name_venue_code_and_lists(markdown: str) -> None:
    # KAR, written out by hand from its three mentions (see KAR above).
    assert ("- [Towards Open-World Recommendation with Knowledge Augmentation from Large Language Models]"
            "(https://arxiv.org/abs/2306.10933) — **KAR** · RecSys 2024 · "
            "[code](https://github.com/YunjiaXi/Open-World-Knowledge-Augmented-Recommendation) · "
            "lists: awesome-llm-enhanced-recsys, llm4rec-papers-zh, nextgen-llm-recsys-survey\n") in markdown


def test_titles_with_markdown_characters_are_escaped() -> None:
    catalog = {"schema_version": "1.0", "pipeline_version": "0", "sources": [], "resources": [],
               "conflicts": [], "counts": {"papers": 1, "mentions": 1, "papers_in_two_or_more_lists": 0},
               "papers": [{"id": "title:x", "title": "A | B [C] *D* \\E_ `F`", "short_names": [], "year": 2024,
                           "venue": None, "urls": {"paper": None, "code": None, "other": []}, "lists": ["l"]}]}
    text = papers_markdown(catalog)
    records = records_of(text, "papers")["records"]
    assert [record["title"] for record in records if record["kind"] == "paper"] == ["A | B [C] *D* \\E_ `F`"]


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
