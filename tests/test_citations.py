"""papers.bib read back by pybtex (a parser independent of bibtexparser, which writes it); papers.csl.json
valid against its schema and rendered by citeproc-py."""

import json
import re

import pybtex.database
import pytest

from pipeline import files
from pipeline.outputs.citations import citation_key, citation_keys, papers_bibtex, papers_csl
from pipeline.validate import schema_problems
from tests.built_catalog import artifacts

HOSTILE = 'Weird {unbalanced} \\ 100% & $x$ #1 a_b ^ ~ "q" @misc{x, } }}} LLM and ChatGPT'
# The inverse of the escaping, written out here rather than imported from the code under test.
UNESCAPE = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\&": "&", r"\%": "%",
            r"\$": "$", r"\#": "#", r"\_": "_", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~"}


def _unescape(value: str) -> str:
    pattern = "|".join(re.escape(escape) for escape in UNESCAPE) + r"|[{}]"
    return re.sub(pattern, lambda match: UNESCAPE.get(match.group(0), ""), value)


def _paper(**fields) -> dict:
    paper = {"id": "title:0123456789ab", "title": "A Paper", "aliases": [], "short_names": [], "kind": "paper",
             "year": 2024, "venue": None, "identifiers": {"arxiv": None, "doi": None, "other": {}},
             "urls": {"paper": None, "code": None, "other": []}, "lists": ["some-list"], "mentions": []}
    paper.update(fields)
    return paper


@pytest.fixture(scope="module")
def catalog() -> dict:
    return json.loads(artifacts()["papers.json"])


def test_keys_are_readable_and_carry_the_id() -> None:
    # suffixes: sha1("doi:10.1145/1")[:6] == "41fdf1", sha1("title:0123456789ab")[:6] == "d7b2cc" (hashlib, by hand)
    assert citation_key(_paper(id="arxiv:2403.06465", title="RecAI: Leveraging LLMs", authors=["Jianxun Lian", "Y"]
                               )) == "lian2024recai_2403.06465"
    assert citation_key(_paper(id="doi:10.1145/1", title="The U-BERT model", year=None)) == "ubert_41fdf1"
    assert citation_key(_paper(title="大模型推荐", kind="survey")) == "survey2024_d7b2cc"
    assert citation_key(_paper(title="Ünïcode title", authors=["Müller, Jörg"])) == "muller2024unicode_d7b2cc"


def test_keys_that_would_clash_get_a_longer_suffix() -> None:
    same = [_paper(id="title:a"), _paper(id="title:b")]
    keys = citation_keys(same)
    assert len(set(keys.values())) == 2
    # real keys cannot clash: 393 papers, 393 keys
    assert len(set(citation_keys(json.loads(artifacts()["papers.json"])["papers"]).values())) == 393


def test_a_large_catalog_is_written_without_copying_every_entry(caplog: pytest.LogCaptureFixture) -> None:
    # bibtexparser warns from 10,000 entries on when its writer deep-copies them first (the default)
    papers = [_paper(id=f"title:{number:012x}", title=f"Paper number {number}") for number in range(10_000)]
    with caplog.at_level("WARNING"):
        text = papers_bibtex({"papers": papers})
    assert caplog.records == []
    assert len(re.findall(r"^@misc\{", text, re.MULTILINE)) == 10_000  # one entry per paper


def test_hostile_text_cannot_break_the_bib_file() -> None:
    paper = _paper(title=HOSTILE, venue="Journal of } Stuff", lists=["l}{st", "x@y"],
                   identifiers={"arxiv": None, "doi": "10.1/a}b", "other": {}},
                   urls={"paper": "http://x/{a} b", "code": None, "other": []},
                   authors=["Ann {O}Neil", "Li, Wei", "Smith and Sons"])
    text = papers_bibtex({"papers": [paper, _paper(id="arxiv:2401.00001", title="Next")]})
    database = pybtex.database.parse_string(text, "bibtex")
    assert list(database.entries) == ["oneil2024weird_d7b2cc", "next2024_2401.00001"]
    entry = database.entries["oneil2024weird_d7b2cc"]
    assert entry.type == "article"
    assert _unescape(entry.fields["title"]) == HOSTILE
    assert _unescape(entry.fields["journal"]) == "Journal of } Stuff"
    assert _unescape(entry.fields["keywords"]) == "l}{st, x@y"
    assert entry.fields["url"] == "http://x/%7Ba%7D%20b"
    assert entry.fields["doi"] == "10.1/a%7Db"
    assert [str(person) for person in entry.persons["author"]] == [
        r"\textbraceleft{}O\textbraceright{}Neil, Ann", "Li, Wei", "Sons, Smith {and}"]  # one person, not two


def test_every_latex_special_character_is_spelled_as_a_command() -> None:
    # Written out by hand: a bare % would start a LaTeX comment, & # $ _ ^ ~ break or change the text.
    text = papers_bibtex({"papers": [_paper(title="a % b & c # d $ e _ f ^ g ~ h \\ i { j } k")]})
    title = next(line for line in text.split("\n") if line.strip().startswith("title = "))
    assert title == (r"  title = {a \% b \& c \# d \$ e \_ f \textasciicircum{} g \textasciitilde{} h "
                     r"\textbackslash{} i \textbraceleft{} j \textbraceright{} k},")


def test_capitals_are_protected() -> None:
    text = papers_bibtex({"papers": [_paper(title="Chat-REC: Towards LLMs-Augmented Recommender for GPT")]})
    fields = pybtex.database.parse_string(text, "bibtex").entries.values()
    assert [entry.fields["title"] for entry in fields] == [
        "{Chat-REC:} Towards {LLMs-Augmented} Recommender for {GPT}"]


def test_real_catalog_reads_back_whole(catalog: dict) -> None:
    database = pybtex.database.parse_string(papers_bibtex(catalog), "bibtex")
    # One entry per paper, in papers.json's order; the first two keys written out by hand (suffix:
    # hashlib.sha1(b"aaai:16518").hexdigest()[:6]), the rest the keys papers.csl.json uses.
    assert list(database.entries)[:2] == ["useradaptive2021_2839c8", "ubert2021_caa796"]
    assert list(database.entries) == [item["id"] for item in json.loads(artifacts()["papers.csl.json"])]
    assert len(database.entries) == len(catalog["papers"]) == 393
    entry = database.entries["survey2024_2305.19860"]
    assert (entry.type, dict(entry.fields)) == ("article", {
        "title": "A Survey on Large Language Models for Recommendation", "year": "2024", "journal": "WWWJ",
        "eprint": "2305.19860", "archiveprefix": "arXiv", "url": "https://arxiv.org/abs/2305.19860",
        "keywords": "awesome-llm-enhanced-recsys, llm4rec-papers-zh, nextgen-llm-recsys-survey, "
                    "recsys-without-id-features",
        "note": "Cited by 4 lists: awesome-llm-enhanced-recsys, llm4rec-papers-zh, nextgen-llm-recsys-survey, "
                "recsys-without-id-features"})
    kinds = [entry.type for entry in database.entries.values()]
    assert kinds.count("misc") + kinds.count("inproceedings") + kinds.count("article") == 393
    assert database.entries["simple2018_1808.05163"].type == "inproceedings"


def test_csl_json_is_valid_and_matches_the_bib_keys(catalog: dict) -> None:
    items = papers_csl(catalog)
    assert schema_problems(items, "csl-data", "papers.csl.json", None) == []
    assert [item["id"] for item in items][:2] == ["useradaptive2021_2839c8", "ubert2021_caa796"]
    assert [item["id"] for item in items] == list(pybtex.database.parse_string(artifacts()["papers.bib"],
                                                                               "bibtex").entries)
    broken = [{"id": "x", "type": "book", "title": "T", "issued": {"date-parts": [["2024"]]}}]
    assert schema_problems(broken, "csl-data", "papers.csl.json", None) != []


def test_csl_json_renders_through_citeproc(catalog: dict) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(files.dumps(papers_csl(catalog)))  # through the file's bytes, as a reader gets them
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for key in ("survey2024_2305.19860", "chatrec2023_2303.14524"):
        bibliography.register(Citation([CitationItem(key)]))
    assert [str(entry) for entry in bibliography.bibliography()] == [
        "WWWJ (2024) “A Survey on Large Language Models for Recommendation”, WWWJ [Preprint]. Available at: "
        "https://arxiv.org/abs/2305.19860.",
        "“Chat-REC: Towards Interactive and Explainable LLMs-Augmented Recommender System” (2023) “Chat-REC: "
        "Towards Interactive and Explainable LLMs-Augmented Recommender System”. arXiv. Available at: "
        "https://arxiv.org/abs/2303.14524.",
    ]


# Fields of one hand-made paper, written out whole.

HAND = {"id": "doi:10.1/x", "title": "A  Study of  LLMs for eCommerce", "year": 2024, "venue": "KDD",
        "authors": ["Lian, Jianxun", "Xing  Xie", "Plato", "Doe, Jane, Jr.", "Jean Paul Sartre"],
        "identifiers": {"arxiv": None, "doi": "10.1/x", "other": {}},
        "urls": {"paper": "https://doi.org/10.1/x", "code": None}, "lists": ["a", "b"]}


def test_csl_item_whole() -> None:
    from pipeline.outputs.citations import csl_item

    assert csl_item(HAND, "k") == {
        "id": "k", "title": "A Study of LLMs for eCommerce", "type": "paper-conference", "keyword": "a, b",
        "note": "Cited by 2 lists: a, b",
        "author": [{"family": "Lian", "given": "Jianxun"}, {"family": "Xie", "given": "Xing"}, {"literal": "Plato"},
                   {"family": "Doe", "given": "Jane, Jr."}, {"family": "Sartre", "given": "Jean Paul"}],
        "issued": {"date-parts": [[2024]]}, "container-title": "KDD", "DOI": "10.1/x",
        "URL": "https://doi.org/10.1/x"}


def test_bibtex_fields_whole() -> None:
    from pipeline.outputs.citations import bibtex_fields

    assert bibtex_fields(HAND) == [
        ("title", "A Study of {LLMs} for {eCommerce}"),
        ("author", "Lian, Jianxun and Xing Xie and Plato and Doe, Jane, Jr. and Jean Paul Sartre"),
        ("year", "2024"), ("booktitle", "KDD"), ("doi", "10.1/x"), ("url", "https://doi.org/10.1/x"),
        ("keywords", "a, b"), ("note", "Cited by 2 lists: a, b")]


def test_citation_key_parts() -> None:
    import hashlib

    plain = {"id": "title:1", "title": "The Of", "year": None}
    assert citation_key(plain) == f"paper_{hashlib.sha1(b'title:1').hexdigest()[:6]}"
    assert citation_key({**plain, "kind": "survey"}).startswith("survey_")
    long_word = {"id": "arxiv:1", "title": "Supercalifragilisticexpialidocious", "year": 2020}
    assert citation_key(long_word) == "supercalifragilistic2020_1"
    assert citation_key({**long_word, "authors": ["Mary Ann Smith"]}) == "smith2020supercalifragilistic_1"
    assert citation_key({**long_word, "authors": ["Gödel, Kurt"]}) == "godel2020supercalifragilistic_1"


def test_clashing_keys_get_a_longer_hash_of_the_id() -> None:
    import hashlib

    other = {"id": "title:abc", "title": "Same Title", "year": 2023}
    short = hashlib.sha1(b"title:abc").hexdigest()[:6]
    # an arXiv number equal to the other's 6 hex digits: both keys would be same2023_<digits>
    arxiv = {"id": f"arxiv:{short}", "title": "Same Title", "year": 2023}
    third = {"id": "title:zzz", "title": "Same Title", "year": 2023}
    assert citation_keys([other, arxiv, third]) == {
        "title:abc": f"same2023_{hashlib.sha1(b'#title:abc').hexdigest()[:16]}",
        f"arxiv:{short}": f"same2023_{hashlib.sha1(f'#arxiv:{short}'.encode()).hexdigest()[:16]}",
        "title:zzz": f"same2023_{hashlib.sha1(b'title:zzz').hexdigest()[:6]}"}


def test_blank_author_names_are_dropped_and_a_surname_keeps_its_particle() -> None:
    from pipeline.outputs.citations import authors

    assert authors({"authors": ["Ann  Lee", "   ", ""]}) == ["Ann Lee"]
    paper = {"id": "arxiv:2", "title": "Recsys", "year": 2021, "authors": ["van Dijk, Jan"]}
    assert citation_key(paper) == "vandijk2021recsys_2"
