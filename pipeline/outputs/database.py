"""The catalog as a SQLite database (papers.db, built with sqlite-utils) and its datasette metadata.json.

Tables: papers, mentions, lists, identifiers, resources, conflicts, with primary and foreign keys,
indexes on every id column and a full-text index (FTS5) on paper titles and aliases. Multi-valued
fields are JSON arrays, which datasette shows as lists and facets with ``_facet_array``.

The database is built in memory and returned as bytes after a VACUUM, so the same catalog always
gives the same bytes (no journal, no WAL, a fixed page size, rows inserted in the catalog's order).
"""

from __future__ import annotations

import html
import json
import sqlite3
from collections import Counter
from typing import Any, Callable, Iterable

from pipeline.catalog.shapes import Catalog, CatalogSource, Paper
from pipeline.outputs.tables import MENTION_COLUMNS, PAPER_COLUMNS, RESOURCE_COLUMNS

PAGE_SIZE = 4096
NAME = "papers"  # datasette names a database after its file: papers.db


#: json.dumps(values, ensure_ascii=False, sort_keys=True), without building an encoder per value.
_json: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
#: How json writes one string (ensure_ascii=False): quoted, with its escapes.
_json_string: Callable[[str], str] = json.encoder.encode_basestring


def _json_texts(texts: Iterable[str]) -> str:
    """_json(list(texts)) for strings, written here: half a million arrays at 1,000 lists, whose
    encoder calls took 1.7 s of the database's 4.5."""
    return f"[{', '.join(map(_json_string, texts))}]"


def _paper(paper: Paper) -> dict[str, Any]:
    ids = paper["identifiers"]
    return {"id": paper["id"], "title": paper["title"], "aliases": _json_texts(paper["aliases"]),
            "short_names": _json_texts(paper["short_names"]), "kind": paper["kind"], "year": paper["year"],
            "venue": paper["venue"], "arxiv": ids["arxiv"], "doi": ids["doi"], "paper_url": paper["urls"]["paper"],
            "code_url": paper["urls"]["code"], "lists": _json_texts(paper["lists"]), "n_lists": len(paper["lists"]),
            "n_mentions": len(paper["mentions"])}


def _identifiers(paper: Paper) -> list[dict[str, Any]]:
    ids = paper["identifiers"]
    pairs = [("arxiv", ids["arxiv"]), ("doi", ids["doi"]), *sorted(ids["other"].items())]
    return [{"paper_id": paper["id"], "scheme": scheme, "value": value} for scheme, value in pairs if value]


def _list(source: CatalogSource, papers_in: Counter[str]) -> dict[str, Any]:
    return {"id": source["id"], "title": source["title"], "upstream": source["upstream"], "commit": source["commit"],
            "date": source["date"], "language": source["language"], "superseded_by": source["superseded_by"],
            "path": source["path"], "sha256": source["sha256"], "records": source["records"],
            "n_papers": papers_in[source["id"]]}


def catalog_database(catalog: Catalog) -> bytes:
    """The bytes of papers.db for ``catalog`` (papers.json's dict)."""
    import sqlite_utils  # imported when a database is built: about half a second, which the module's readers need not pay

    connection = sqlite3.connect(":memory:")
    connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    db = sqlite_utils.Database(connection)
    papers = catalog["papers"]
    # counted in one pass: asking every paper about every list took 23 s of 36 at 1,000 lists
    papers_in = Counter(source for paper in papers for source in paper["lists"])  # a paper's lists are distinct
    _insert(db, "lists", [_list(source, papers_in) for source in catalog["sources"]], "id",
            {"records": int, "n_papers": int})
    _insert(db, "papers", [_paper(paper) for paper in papers], "id", {"year": int, "n_lists": int, "n_mentions": int})
    _insert(db, "mentions",
            [{"record": m["record"], "paper_id": p["id"], "source": m["source"], "line": m["line"],
              "section": " > ".join(m["section"]), "section_trail": _json_texts(m["section"]), "title": m["title"],
              "links": _json_texts(link["url"] for link in m["links"])} for p in papers for m in p["mentions"]],
            "record", {"line": int}, [("paper_id", "papers", "id"), ("source", "lists", "id")])
    _insert(db, "identifiers", [row for paper in papers for row in _identifiers(paper)], ("paper_id", "scheme"), {},
            [("paper_id", "papers", "id")])
    _insert(db, "resources",
            [{"id": r["id"], "kind": r["kind"], "title": r["title"], "urls": _json_texts(r["urls"]),
              "lists": _json_texts(r["lists"]), "n_mentions": len(r["mentions"])} for r in catalog["resources"]],
            "id", {"n_mentions": int})
    _insert(db, "conflicts",
            [{"id": index, "type": c["type"], "message": c["message"], "mentions": _json(c["mentions"])}
             for index, c in enumerate(catalog["conflicts"], start=1)], "id", {"id": int})
    for table in ("papers", "mentions", "lists", "identifiers", "resources", "conflicts"):
        db.table(table).create(_EMPTY[table], pk=_PK[table], if_not_exists=True)  # an empty catalog still has tables
    db.table("mentions").create_index(["paper_id"], if_not_exists=True)
    db.table("mentions").create_index(["source"], if_not_exists=True)
    db.table("identifiers").create_index(["scheme", "value"], if_not_exists=True)
    db.table("papers").create_index(["arxiv"], if_not_exists=True)
    db.table("papers").create_index(["doi"], if_not_exists=True)
    db.table("papers").enable_fts(["title", "aliases"], fts_version="FTS5", create_triggers=False)
    connection.commit()
    connection.execute("VACUUM")  # the same rows always give the same page layout
    data = connection.serialize()
    connection.close()
    return data


def _insert(db: Any, name: str, rows: list[dict[str, Any]], pk: str | tuple[str, ...], integers: dict[str, type],
            foreign_keys: list[tuple[str, str, str]] | None = None) -> None:
    """``rows`` (dicts with the same keys, in the same order) as the new table ``name``.

    The table is created as sqlite-utils' insert_all would create it (its columns in the rows' order,
    TEXT but for ``integers``) and filled by one executemany: insert_all's Python work per value
    (jsonify_if_needed, building each chunk's query) took 4.6 s of 6.6 at 1,000 lists. No rows, no
    table: catalog_database then creates the empty one.
    """
    if not rows:
        return
    columns = list(rows[0])
    db.table(name).create({column: integers.get(column, str) for column in columns}, pk=pk,
                          foreign_keys=foreign_keys or [])
    names = ", ".join(f'"{column}"' for column in columns)
    db.conn.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                        [tuple(row.values()) for row in rows])


_PK: dict[str, Any] = {"papers": "id", "mentions": "record", "lists": "id", "identifiers": ("paper_id", "scheme"),
                       "resources": "id", "conflicts": "id"}
_EMPTY: dict[str, dict[str, type]] = {
    "papers": {"id": str, "title": str}, "mentions": {"record": str, "paper_id": str},
    "lists": {"id": str, "title": str}, "identifiers": {"paper_id": str, "scheme": str, "value": str},
    "resources": {"id": str, "title": str}, "conflicts": {"id": int, "type": str}}


def _described(columns: tuple[tuple[str, str, str], ...], **extra: str) -> dict[str, str]:
    described = {name: doc.replace("joined with ' | '", "a JSON array") for name, _kind, doc in columns}
    described.update(extra)
    return described


def datasette_metadata(catalog: Catalog) -> dict[str, Any]:
    """metadata.json for ``datasette papers.db -m metadata.json``: titles, descriptions, units, the source lists."""
    sources = catalog["sources"]
    links = ", ".join(f'<a href="{html.escape(s["upstream"] or "")}">{html.escape(s["title"] or s["id"])}</a>'
                      for s in sources)
    count = {"n_lists": "count", "n_mentions": "count"}
    return {
        "title": "Deduplicated catalog of LLM-based recommender system papers",
        "description_html": f"{len(catalog['papers'])} papers merged from {len(sources)} awesome lists: {links}.",
        "source": ", ".join(source["id"] for source in sources),
        "databases": {NAME: {"tables": {
            "papers": {"description": "One row per paper; search titles and aliases with the search box.",
                       "label_column": "title", "sort": "id", "units": count,
                       "columns": _described(PAPER_COLUMNS, aliases="other titles the lists use, a JSON array",
                                             lists="ids of the source lists that cite the paper, a JSON array"),
                       "facets": ["kind", "year", "venue", {"array": "lists"}]},
            "mentions": {"description": "One row per list item or table row naming a paper.", "label_column": "title",
                         "columns": _described(MENTION_COLUMNS, links="URLs of the mention's links, a JSON array",
                                               section_trail="enclosing headings as a JSON array"),
                         "facets": ["source"]},
            "lists": {"description": "The source lists (awesome lists) the catalog merges.", "label_column": "title",
                      "units": {"records": "count", "n_papers": "count"},
                      "columns": {"id": "source id (file name without .md)", "upstream": "the list's README upstream",
                                  "commit": "upstream commit of the copy", "records": "records extracted",
                                  "n_papers": "papers cited by the list",
                                  "superseded_by": "newer snapshot of the same list, if any"}},
            "identifiers": {"description": "Every identifier of every paper: arxiv, doi, openreview, acl, ...",
                            "columns": {"paper_id": "id of the paper", "scheme": "identifier scheme",
                                        "value": "the identifier"}},
            "resources": {"description": "Datasets, benchmarks, repositories and other resources without a paper.",
                          "label_column": "title", "units": {"n_mentions": "count"},
                          "columns": _described(RESOURCE_COLUMNS)},
            "conflicts": {"description": "Wrong links, refused merges and divergent clusters found while merging.",
                          "columns": {"type": "wrong-link, same-title-different-ids, chain-refused or "
                                              "divergent-cluster", "message": "what was found",
                                      "mentions": "the list lines involved, a JSON array"}},
        }}},
    }
