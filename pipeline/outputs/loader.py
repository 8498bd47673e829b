"""Load the catalog into pandas with the types of datapackage.json: the consumer's entry point.

``load_catalog("build/catalog")`` reads papers.json (the lossless contract, so multi-valued fields
come back as real lists, not split strings) and returns one DataFrame per CSV, with the CSV's columns:
ids, arXiv numbers and DOIs as strings, integers as nullable ``Int64``, multi-valued fields as lists.

    >>> frames = load_catalog(_tiny_catalog())
    >>> frames.papers.loc[0, "arxiv"], frames.papers["year"].dtype.name, frames.papers.loc[0, "lists"]
    ('2305.11700', 'Int64', ['a', 'b'])
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, NamedTuple, TypeVar

import pandas as pd

from pipeline.catalog.shapes import Catalog as CatalogData, Paper, Resource
from pipeline.outputs.tables import MENTION_COLUMNS, PAPER_COLUMNS, RESOURCE_COLUMNS, Column, mention_rows, paper_row, \
    resource_row

#: Columns that hold several values (joined with ' | ', or ' > ' for a section trail, in the CSVs).
MULTI_VALUED: dict[str, tuple[str, ...]] = {
    "papers": ("aliases", "short_names", "other_ids", "lists"),
    "mentions": ("section", "links"),
    "resources": ("urls", "lists"),
}


class Catalog(NamedTuple):
    """The three tables of the catalog as DataFrames, in the row order of the CSVs."""
    papers: pd.DataFrame
    mentions: pd.DataFrame
    resources: pd.DataFrame


def load_catalog(path: str | Path | CatalogData) -> Catalog:
    """papers, mentions and resources DataFrames from a catalog folder, a papers.json file or its dict."""
    catalog = path if isinstance(path, dict) else _read(Path(path))
    papers = catalog["papers"]
    return Catalog(
        papers=_frame(papers, lambda p: [_paper_lists(p)], PAPER_COLUMNS, "papers"),
        mentions=_frame(papers, _mention_lists, MENTION_COLUMNS, "mentions"),
        resources=_frame(catalog["resources"], lambda r: [_resource_lists(r)], RESOURCE_COLUMNS, "resources"),
    )


def _read(path: Path) -> CatalogData:
    file = path / "papers.json" if path.is_dir() else path
    with open(file, encoding="utf-8") as handle:
        data: CatalogData = json.load(handle)  # papers.json, as the catalog stage wrote it
    return data


def _paper_lists(paper: Paper) -> dict[str, Any]:
    row = paper_row(paper)
    other = paper["identifiers"]["other"]
    row.update(aliases=list(paper["aliases"]), short_names=list(paper["short_names"]), lists=list(paper["lists"]),
               other_ids=[f"{scheme}:{value}" for scheme, value in sorted(other.items())])
    return row


def _mention_lists(paper: Paper) -> list[dict[str, Any]]:
    rows = mention_rows(paper)
    for row, mention in zip(rows, paper["mentions"]):
        row.update(section=list(mention["section"]), links=[link["url"] for link in mention["links"]])
    return rows


def _resource_lists(resource: Resource) -> dict[str, Any]:
    row = resource_row(resource)
    row.update(urls=list(resource["urls"]), lists=list(resource["lists"]))
    return row


_Item = TypeVar("_Item", Paper, Resource)


def _frame(items: list[_Item], rows_of: Callable[[_Item], list[dict[str, Any]]],
           columns: tuple[Column, ...], table: str) -> pd.DataFrame:
    rows = [row for item in items for row in rows_of(item)]
    frame = pd.DataFrame(rows, columns=[name for name, _kind, _doc in columns])
    for name, kind, _doc in columns:
        if name in MULTI_VALUED[table]:
            frame[name] = frame[name].astype(object)  # lists stay Python lists
        else:
            frame[name] = frame[name].astype("Int64" if kind == "integer" else "string")
    return frame


def _tiny_catalog() -> CatalogData:
    """A one-paper catalog for the doctest above."""
    paper: Paper = {"id": "arxiv:2305.11700", "title": "T", "aliases": [], "short_names": [], "kind": "paper",
                    "year": 2023, "venue": "arXiv", "identifiers": {"arxiv": "2305.11700", "doi": None, "other": {}},
                    "urls": {"paper": None, "code": None, "other": []}, "lists": ["a", "b"], "topics": {},
                    "attributes": {}, "mentions": [], "evidence": []}
    return {"schema_version": "1.0", "pipeline_version": "0", "sources": [], "papers": [paper], "resources": [],
            "conflicts": [], "counts": {"papers": 1, "resources": 0, "mentions": 0, "conflicts": 0,
                                        "papers_in_two_or_more_lists": 1}}
