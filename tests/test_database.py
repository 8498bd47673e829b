"""papers.db: the tables, keys and full-text index, the same bytes every build, and datasette serving it."""

import asyncio
import json
import sqlite3

import pytest
from hypothesis import given, strategies as st

from pipeline.outputs import database
from pipeline.outputs.database import catalog_database, datasette_metadata
from tests.catalog_fixture import real_catalog


@pytest.fixture(scope="module")
def catalog() -> dict:
    return real_catalog()


@pytest.fixture(scope="module")
def data(catalog: dict) -> bytes:
    return catalog_database(catalog)


def _open(data: bytes) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return connection


def test_the_same_catalog_gives_the_same_bytes(catalog: dict, data: bytes) -> None:
    assert catalog_database(json.loads(json.dumps(catalog))) == data
    assert data.startswith(b"SQLite format 3\x00")


def test_tables_keys_and_indexes(data: bytes) -> None:
    db = _open(data)
    tables = {name for (name,) in db.execute("select name from sqlite_master where type = 'table'")}
    assert {"papers", "mentions", "lists", "identifiers", "resources", "conflicts", "papers_fts"} <= tables
    assert [row[1] for row in db.execute("pragma table_info(papers)") if row[5]] == ["id"]
    assert [(row[2], row[3], row[4]) for row in db.execute("pragma foreign_key_list(mentions)")] == \
        [("lists", "source", "id"), ("papers", "paper_id", "id")]
    assert db.execute("pragma foreign_key_check").fetchall() == []
    indexes = {name for (name,) in db.execute("select name from sqlite_master where type = 'index'")}
    assert {"idx_mentions_paper_id", "idx_identifiers_scheme_value", "idx_papers_arxiv"} <= indexes


def test_rows_match_the_catalog(catalog: dict, data: bytes) -> None:
    db = _open(data)
    assert db.execute("select count(*) from papers").fetchone()[0] == 393
    assert db.execute("select count(*) from mentions").fetchone()[0] == 686
    assert db.execute("select count(*) from resources").fetchone()[0] == 26
    assert db.execute("select count(*) from conflicts").fetchone()[0] == 7
    assert db.execute("select id, year, venue, arxiv, n_lists from papers where id = 'arxiv:2305.19860'"
                      ).fetchall() == [("arxiv:2305.19860", 2024, "WWWJ", "2305.19860", 4)]
    assert db.execute("select scheme, value from identifiers where paper_id = 'aaai:16518'").fetchall() == \
        [("aaai", "16518")]
    assert json.loads(db.execute("select lists from papers where id = 'arxiv:2303.14524'").fetchone()[0]) == \
        ["llm4rec-papers-zh", "nextgen-llm-recsys-survey", "recsys-without-id-features"]


def test_full_text_search_on_titles_and_aliases(data: bytes) -> None:
    db = _open(data)
    query = "select id from papers where rowid in (select rowid from papers_fts where papers_fts match ?)"
    assert db.execute(query, ['"Chat-REC" interactive']).fetchall() == [("arxiv:2303.14524",)]
    alias = db.execute("select id, aliases from papers where aliases != '[]' order by id limit 1").fetchone()
    word = json.loads(alias[1])[0].split()[0]
    assert alias[0] in {row[0] for row in db.execute(query, [f'aliases: "{word}"'])}


def test_hostile_text_is_stored_as_data() -> None:
    title = "Robert'); DROP TABLE papers; -- \"x\" \u2028"
    catalog = {"sources": [], "resources": [], "conflicts": [], "papers": [
        {"id": "title:abc", "title": title, "aliases": [], "short_names": [], "kind": "paper", "year": None,
         "venue": None, "identifiers": {"arxiv": None, "doi": None, "other": {}},
         "urls": {"paper": None, "code": None, "other": []}, "lists": [], "mentions": []}]}
    db = _open(catalog_database(catalog))
    assert db.execute("select title from papers").fetchall() == [(title,)]
    empty = _open(catalog_database({"sources": [], "resources": [], "conflicts": [], "papers": []}))
    assert empty.execute("select count(*) from mentions").fetchone() == (0,)


def test_datasette_finds_a_paper_by_its_title(tmp_path, catalog: dict, data: bytes) -> None:
    datasette_app = pytest.importorskip("datasette.app", reason="datasette (the [explore] extra) is not installed")
    (tmp_path / "papers.db").write_bytes(data)
    metadata = datasette_metadata(catalog)

    async def search() -> tuple:
        ds = datasette_app.Datasette([str(tmp_path / "papers.db")], metadata=metadata)
        found = await ds.client.get("/papers/papers.json?_search=Chat-REC+Interactive&_shape=array&_col=title")
        meta = await ds.client.get("/-/metadata.json")
        table = await ds.client.get("/papers/papers")
        return found, meta, table

    found, meta, table = asyncio.run(search())
    assert found.status_code == 200
    assert found.json() == [{"id": "arxiv:2303.14524", "title": "Chat-REC: Towards Interactive and Explainable "
                                                                 "LLMs-Augmented Recommender System"}]
    assert meta.json()["databases"]["papers"]["tables"]["papers"]["label_column"] == "title"
    assert table.status_code == 200 and "One row per paper" in table.text


@given(st.lists(st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=8)))
def test_an_array_of_strings_is_json_written_as_json_writes_it(texts: list[str]) -> None:
    # lone surrogates too: json writes them through, and so must the database's own writer
    assert database._json_texts(texts) == json.dumps(texts, ensure_ascii=False)
    assert database._json_texts(iter(texts)) == json.dumps(texts, ensure_ascii=False)
