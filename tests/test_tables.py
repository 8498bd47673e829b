"""papers.csv, mentions.csv, resources.csv and datapackage.json from a small hand-made catalog.

Every expected text below is written out by hand: the column order, the `` | `` joins, RFC 4180
quoting and CRLF line ends are the contract the CSV readers rely on.
"""

from pipeline.outputs import tables

PAPER_A = {
    "id": "arxiv:2305.19860", "title": "A Survey on LLMs for Recommendation",
    "aliases": ["LLMs for Recommendation: a survey", "Survey, \"LLM4Rec\""], "short_names": ["LLM4Rec", "L4R"],
    "kind": "survey", "year": 2023, "venue": "arXiv",
    "identifiers": {"arxiv": "2305.19860", "doi": "10.1145/1", "other": {"openreview": "abc", "acl": "x1"}},
    "urls": {"paper": "https://arxiv.org/abs/2305.19860", "code": "https://github.com/a/b"},
    "lists": ["list-one", "list-two"],
    "mentions": [
        {"record": "list-one:12", "source": "list-one", "line": 12, "section": ["Surveys", "2023"],
         "title": "A Survey on LLMs for Recommendation",
         "links": [{"url": "https://arxiv.org/abs/2305.19860"}, {"url": "https://github.com/a/b"}]},
        {"record": "list-one:40", "source": "list-one", "line": 40, "section": [], "title": "LLM4Rec", "links": []},
        {"record": "list-two:7", "source": "list-two", "line": 7, "section": ["Papers"],
         "title": "LLMs for Recommendation: a survey", "links": [{"url": "https://arxiv.org/abs/2305.19860v2"}]},
    ],
}
PAPER_B = {
    "id": "title:0f0f", "title": "Untitled Work", "aliases": [], "short_names": [], "kind": "paper",
    "year": None, "venue": None, "identifiers": {"arxiv": None, "doi": None, "other": {}},
    "urls": {"paper": None, "code": None}, "lists": ["list-two"],
    "mentions": [{"record": "list-two:9", "source": "list-two", "line": 9, "section": ["Misc"],
                  "title": "Untitled Work", "links": []}],
}
RESOURCE = {"id": "url:github.com/x/data", "kind": "dataset", "title": "Data, big",
            "urls": ["https://github.com/x/data", "https://x.org"], "lists": ["list-one", "list-two"],
            "mentions": [{"record": "list-one:3"}, {"record": "list-two:4"}, {"record": "list-two:5"}]}
CATALOG = {"pipeline_version": "1.2.3", "papers": [PAPER_A, PAPER_B], "resources": [RESOURCE]}

PAPERS_CSV = (
    "id,title,aliases,short_names,kind,year,venue,arxiv,doi,other_ids,paper_url,code_url,lists,n_lists,n_mentions\r\n"
    "arxiv:2305.19860,A Survey on LLMs for Recommendation,"
    "\"LLMs for Recommendation: a survey | Survey, \"\"LLM4Rec\"\"\",LLM4Rec | L4R,survey,2023,arXiv,"
    "2305.19860,10.1145/1,acl:x1 | openreview:abc,https://arxiv.org/abs/2305.19860,https://github.com/a/b,"
    "list-one | list-two,2,3\r\n"
    "title:0f0f,Untitled Work,,,paper,,,,,,,,list-two,1,1\r\n"
)
MENTIONS_CSV = (
    "paper_id,record,source,line,section,title,links\r\n"
    "arxiv:2305.19860,list-one:12,list-one,12,Surveys > 2023,A Survey on LLMs for Recommendation,"
    "https://arxiv.org/abs/2305.19860 | https://github.com/a/b\r\n"
    "arxiv:2305.19860,list-one:40,list-one,40,,LLM4Rec,\r\n"
    "arxiv:2305.19860,list-two:7,list-two,7,Papers,LLMs for Recommendation: a survey,"
    "https://arxiv.org/abs/2305.19860v2\r\n"
    "title:0f0f,list-two:9,list-two,9,Misc,Untitled Work,\r\n"
)
RESOURCES_CSV = (
    "id,kind,title,urls,lists,n_mentions\r\n"
    "url:github.com/x/data,dataset,\"Data, big\",https://github.com/x/data | https://x.org,list-one | list-two,3\r\n"
)


def test_three_tables_whole() -> None:
    assert tables.catalog_tables(CATALOG) == {"papers.csv": PAPERS_CSV, "mentions.csv": MENTIONS_CSV,
                                              "resources.csv": RESOURCES_CSV}


def test_an_empty_catalog_still_has_the_header_rows() -> None:
    assert tables.catalog_tables({"papers": [], "resources": []}) == {
        "papers.csv": "id,title,aliases,short_names,kind,year,venue,arxiv,doi,other_ids,paper_url,code_url,"
                      "lists,n_lists,n_mentions\r\n",
        "mentions.csv": "paper_id,record,source,line,section,title,links\r\n",
        "resources.csv": "id,kind,title,urls,lists,n_mentions\r\n",
    }


def test_rows_with_keys_in_another_order_keep_the_column_order() -> None:
    rows = [{"n_mentions": 1, "lists": "l", "urls": "u", "title": "t", "kind": "k", "id": "i"}]
    assert tables.to_csv(rows, tables.RESOURCE_COLUMNS) == "id,kind,title,urls,lists,n_mentions\r\ni,k,t,u,l,1\r\n"


def test_line_breaks_and_quotes_in_a_title_are_quoted() -> None:
    rows = [{"id": "i", "kind": "k", "title": "two\nlines \"q\"", "urls": "", "lists": "", "n_mentions": 0}]
    assert tables.to_csv(rows, tables.RESOURCE_COLUMNS) == (
        "id,kind,title,urls,lists,n_mentions\r\ni,k,\"two\nlines \"\"q\"\"\",,,0\r\n")


DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True, "header": True}


def _resource(name: str, title: str) -> dict:
    return {"name": name, "path": f"{name}.csv", "title": title, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "dialect": DIALECT}


def test_datapackage_describes_the_three_tables() -> None:
    package = tables.datapackage(CATALOG)
    resources = package.pop("resources")
    assert package == {"profile": "tabular-data-package", "name": "llm-recsys-paper-catalog",
                       "title": "Deduplicated catalog of LLM-based recommender system papers", "version": "1.2.3"}
    schemas = [resource.pop("schema") for resource in resources]
    assert resources == [
        _resource("papers", "One row per paper"),
        _resource("mentions", "One row per list item or table row naming a paper"),
        _resource("resources", "Datasets, benchmarks, repositories and other resources"),
    ]
    fields = [schema.pop("fields") for schema in schemas]
    assert schemas == [
        {"missingValues": [""], "primaryKey": "id"},
        {"missingValues": [""], "primaryKey": "record",
         "foreignKeys": [{"fields": "paper_id", "reference": {"resource": "papers", "fields": "id"}}]},
        {"missingValues": [""], "primaryKey": "id"},
    ]
    assert [[(f["name"], f["type"]) for f in table] for table in fields] == [
        [("id", "string"), ("title", "string"), ("aliases", "string"), ("short_names", "string"),
         ("kind", "string"), ("year", "integer"), ("venue", "string"), ("arxiv", "string"), ("doi", "string"),
         ("other_ids", "string"), ("paper_url", "string"), ("code_url", "string"), ("lists", "string"),
         ("n_lists", "integer"), ("n_mentions", "integer")],
        [("paper_id", "string"), ("record", "string"), ("source", "string"), ("line", "integer"),
         ("section", "string"), ("title", "string"), ("links", "string")],
        [("id", "string"), ("kind", "string"), ("title", "string"), ("urls", "string"), ("lists", "string"),
         ("n_mentions", "integer")],
    ]
    assert fields[0][0]["description"] == "stable id: arxiv:<id>, doi:<doi>, <scheme>:<id> or title:<hash>"
    assert fields[1][3]["description"] == "1-based line of the list item or table row"
    assert [sorted(f) for table in fields for f in table] == [["description", "name", "type"]] * 28
