"""Deduplication on the real sources: pairs checked by reading the lists, and the rule itself."""

import pytest

from pipeline.catalog.build import build_catalog
from pipeline.manifest import default_entry
from pipeline.match.same_paper import Decision, same_paper
from pipeline.match.titles import normalize_title, title_core
from tests.catalog_fixture import real_catalog, real_records
from tests.helpers import records_of

# Mentions ("<source>:<line>") that are one paper, with what makes the pair hard.
DUPLICATES = [
    ("recsys-without-id-features:100", "nextgen-llm-recsys-survey:194"),  # arXiv pdf v2 vs Springer DOI
    ("llm4rec-papers-zh:225", "recsys-without-id-features:100"),  # code link only vs arXiv
    ("awesome-llm-enhanced-recsys:61", "llm4rec-papers-zh:128"),  # ACM DOI vs arXiv
    ("llm4rec-papers-zh:128", "llm4rec-papers-zh:231"),  # same list, two rows, two short names
    ("nextgen-llm-recsys-survey:185", "llm4rec-papers-zh:102"),  # ACM DOI vs arXiv
    ("recsys-without-id-features:204", "llm4rec-papers-zh:102"),  # 204 links FANS's arXiv id by mistake
    ("awesome-llm-enhanced-recsys:9", "recsys-without-id-features:46"),  # "(LLMs)" suffix, IEEE vs arXiv
    ("nextgen-llm-recsys-survey:28", "llm4rec-papers-zh:336"),  # lower case, quoted, no link
    ("nextgen-llm-recsys-survey:25", "awesome-llm-enhanced-recsys:7"),  # quoted lower case vs arXiv pdf
    ("llm4rec-papers-zh:274", "recsys-without-id-features:106"),  # "Recommender? A" vs "Recommender A"
    ("llm4rec-papers-zh:276", "nextgen-llm-recsys-survey:240"),  # ' vs ’, GitHub vs ACM DOI
    ("recsys-without-id-features:111", "nextgen-llm-recsys-survey:240"),  # arXiv vs ACM DOI
    ("llm4rec-papers-zh:265", "nextgen-llm-recsys-survey:66"),  # "Towards …" vs "IDGenRec: …"
    ("llm4rec-papers-zh:232", "nextgen-llm-recsys-survey:258"),  # GenRec vs Genrec, arXiv vs Springer
    ("nextgen-llm-recsys-survey:286", "nextgen-llm-recsys-survey:65"),  # lower case, quoted
    ("awesome-llm-enhanced-recsys:77", "nextgen-llm-recsys-survey:60"),  # "item semantic" vs "semantic"
    ("awesome-llm-enhanced-recsys:60", "recsys-without-id-features:119"),  # CTRL renamed: Tabular/Collaborative
    ("awesome-llm-enhanced-recsys:32", "nextgen-llm-recsys-survey:325"),  # KELLMRec renamed TRAWL
    ("llm4rec-papers-zh:421", "nextgen-llm-recsys-survey:108"),  # benchmark "LLMRec" row, same arXiv
    ("llm4rec-papers-zh:422", "recsys-without-id-features:148"),  # benchmark "OpenP5" row, same arXiv
    ("recsys-without-id-features:33", "recsys-without-id-features:182"),  # TenRec / Tenrec, NeurIPS pdf
    ("recsys-without-id-features:128", "recsys-without-id-features:130"),  # duplicated row, other year
    ("recsys-without-id-features:26", "recsys-without-id-features:87"),  # listed three times
    ("llm4rec-papers-zh:90", "llm4rec-papers-zh:92"),  # duplicated table row
    ("llm4rec-papers-zh:84", "awesome-llm-enhanced-recsys:48"),  # code link vs ACM DOI
    ("recsys-without-id-features:94", "awesome-llm-enhanced-recsys:48"),  # arXiv vs ACM DOI
    ("nextgen-llm-recsys-survey:256", "nextgen-llm-recsys-survey:277"),  # Key-Value vs Key-value, quoted
    ("llm4rec-papers-zh:293", "nextgen-llm-recsys-survey:264"),  # arXiv vs ACM DOI
    ("nextgen-llm-recsys-survey:303", "recsys-without-id-features:71"),  # case differences
    ("llm4rec-papers-zh:178", "recsys-without-id-features:102"),  # OpenReview pdf link on both
    ("llm4rec-papers-zh:355", "nextgen-llm-recsys-survey:129"),  # Data-efficient vs Data-Efficient
    ("awesome-llm-enhanced-recsys:26", "llm4rec-papers-zh:85"),  # LLMRG rename: a maintainer decision
    ("nextgen-llm-recsys-survey:291", "awesome-llm-enhanced-recsys:24"),  # "Once" vs "ONCE", open-and vs Open- and
    ("llm4rec-papers-zh:120", "recsys-without-id-features:84"),  # no identifier at all
    ("recsys-without-id-features:37", "recsys-without-id-features:164"),  # in the datasets section too
]

# Look-alike mentions that are different papers.
DIFFERENT = [
    ("nextgen-llm-recsys-survey:250", "nextgen-llm-recsys-survey:251"),  # two different RecGPT papers
    ("nextgen-llm-recsys-survey:284", "nextgen-llm-recsys-survey:285"),  # the same two, no links
    ("awesome-llm-enhanced-recsys:48", "nextgen-llm-recsys-survey:108"),  # two different LLMRec papers
    ("llm4rec-papers-zh:84", "llm4rec-papers-zh:421"),  # LLMRec (WSDM) vs LLMRec (benchmark)
    ("recsys-without-id-features:202", "recsys-without-id-features:204"),  # share an arXiv id by mistake
    ("recsys-without-id-features:164", "recsys-without-id-features:181"),  # share an arXiv id by mistake
    ("llm4rec-papers-zh:118", "llm4rec-papers-zh:119"),  # "… in Baidu Search" twice
    ("recsys-without-id-features:194", "recsys-without-id-features:199"),  # Generative Retrieval look-alikes
    ("awesome-llm-enhanced-recsys:69", "recsys-without-id-features:156"),  # LLMs + Collaborative Filtering
    ("nextgen-llm-recsys-survey:127", "nextgen-llm-recsys-survey:170"),  # Aligning LLMs for/with …
    ("llm4rec-papers-zh:339", "recsys-without-id-features:128"),  # Self-Supervised … twice
    ("llm4rec-papers-zh:233", "recsys-without-id-features:148"),  # UP5 vs OpenP5
    ("llm4rec-papers-zh:221", "llm4rec-papers-zh:422"),  # VIP5 vs OpenP5
    ("awesome-llm-enhanced-recsys:74", "awesome-llm-enhanced-recsys:84"),  # SLIM vs SLMRec
    ("llm4rec-papers-zh:142", "llm4rec-papers-zh:213"),  # small language models twice
    ("nextgen-llm-recsys-survey:167", "nextgen-llm-recsys-survey:168"),  # two unlearning papers
    ("nextgen-llm-recsys-survey:87", "nextgen-llm-recsys-survey:111"),  # RDRec vs Prompt Distillation
    ("nextgen-llm-recsys-survey:58", "nextgen-llm-recsys-survey:78"),  # Harnessing (Multimodal) LLMs …
    ("llm4rec-papers-zh:274", "llm4rec-papers-zh:275"),  # both named "ChatGPT" in the Name column
    ("llm4rec-papers-zh:275", "llm4rec-papers-zh:276"),  # both named "ChatGPT" in the Name column
    ("nextgen-llm-recsys-survey:65", "nextgen-llm-recsys-survey:66"),  # GenRec vs IDGenRec
    ("awesome-llm-enhanced-recsys:7", "llm4rec-papers-zh:332"),  # A Survey on LLMs for (…) Recommendation
    ("awesome-llm-enhanced-recsys:9", "llm4rec-papers-zh:331"),  # … in the Era of Large Language Models
    ("awesome-llm-enhanced-recsys:14", "recsys-without-id-features:46"),  # … in the Era of LLMs
    ("recsys-without-id-features:64", "recsys-without-id-features:70"),  # Scaling Law for / of …
    ("llm4rec-papers-zh:314", "llm4rec-papers-zh:319"),  # LLMs in CRS vs LLM Enhanced CRS
    ("llm4rec-papers-zh:293", "recsys-without-id-features:100"),  # Zero-Shot Conversational vs Rankers
    ("llm4rec-papers-zh:205", "recsys-without-id-features:100"),  # Zero-shot Rankers look-alike
    ("recsys-without-id-features:62", "awesome-llm-enhanced-recsys:69"),  # Text-Based CF vs LLM-Enhanced CF
    ("awesome-llm-enhanced-recsys:32", "nextgen-llm-recsys-survey:127"),  # Knowledge-Enhanced LLMs vs Aligning
    ("nextgen-llm-recsys-survey:185", "recsys-without-id-features:202"),  # Narrative vs FANS (shared arXiv id)
]


@pytest.fixture(scope="module")
def paper_of() -> dict[str, str]:
    catalog = real_catalog()
    return {mention["record"]: paper["id"] for paper in catalog["papers"] for mention in paper["mentions"]}


@pytest.mark.parametrize("a,b", DUPLICATES)
def test_duplicates_are_one_paper(paper_of: dict[str, str], a: str, b: str) -> None:
    assert paper_of[a] == paper_of[b]


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_look_alikes_stay_apart(paper_of: dict[str, str], a: str, b: str) -> None:
    assert paper_of[a] != paper_of[b]


# Duplicates the pairwise rule alone does not join: the catalog does, through a third mention
# (204's arXiv id is FANS's, a wrong link; 204 joins 102 by its title once the link is set aside),
# or through a maintainer decision in sources/decisions.json (LLMRG's rename).
JOINED_BY_THE_CATALOG = {("recsys-without-id-features:204", "llm4rec-papers-zh:102"),
                         ("awesome-llm-enhanced-recsys:26", "llm4rec-papers-zh:85")}


@pytest.fixture(scope="module")
def record_of() -> dict[str, dict]:
    return {record["id"]: record for found in real_records() for record in found["records"]}


@pytest.mark.parametrize("a,b", [pair for pair in DUPLICATES if pair not in JOINED_BY_THE_CATALOG])
def test_the_pairwise_rule_joins_each_duplicate_pair(record_of: dict[str, dict], a: str, b: str) -> None:
    assert same_paper(record_of[a], record_of[b]).same


@pytest.mark.parametrize("a,b", sorted(JOINED_BY_THE_CATALOG))
def test_the_pairwise_rule_alone_keeps_the_catalog_joined_pairs_apart(record_of: dict[str, dict], a: str,
                                                                      b: str) -> None:
    assert not same_paper(record_of[a], record_of[b]).same


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_the_pairwise_rule_keeps_each_look_alike_pair_apart(record_of: dict[str, dict], a: str, b: str) -> None:
    assert not same_paper(record_of[a], record_of[b]).same


def test_the_wrong_links_are_reported_with_both_lines() -> None:
    conflicts = [c for c in real_catalog()["conflicts"] if c["type"] == "wrong-link"]
    assert [(c["message"], [(m["source"], m["line"]) for m in c["mentions"]]) for c in conflicts] == [
        ("arxiv:2001.04253 belongs to 'Parameter-Efficient Transfer from Sequential Behaviors for User "
         "Modeling and Recommendation'",
         [("recsys-without-id-features", 164), ("recsys-without-id-features", 181)]),
        ("arxiv:2304.00545 belongs to 'FANS: Fast Non-Autoregressive Sequence Generation for Item List "
         "Continuation'",
         [("recsys-without-id-features", 202), ("recsys-without-id-features", 204)]),
    ]


def test_papers_kept_apart_that_share_an_arxiv_id_get_ids_of_their_own() -> None:
    # One arXiv id, two DOIs: the join is refused (a chain must not glue two DOIs), so two papers
    # would both be arxiv:2401.00001. Each id gets its title's hash, computed by hand:
    # hashlib.sha1(b'"large language models for sequential recommendation"').hexdigest()[:6] == "bc0d80",
    # and "e70a91" for "... recommendations".
    text = ("# L\n\n"
            "- [Large Language Models for Sequential Recommendation](https://arxiv.org/abs/2401.00001), "
            "[doi](https://doi.org/10.1145/1111)\n"
            "- [Large Language Models for Sequential Recommendations](https://arxiv.org/abs/2401.00001), "
            "[doi](https://doi.org/10.1145/2222)\n")
    catalog, problems = build_catalog([records_of(text, "a")], [default_entry("a.md")])
    assert problems == []
    assert [(paper["id"], paper["mentions"][0]["line"]) for paper in catalog["papers"]] == [
        ("arxiv:2401.00001#bc0d80", 3), ("arxiv:2401.00001#e70a91", 4)]
    assert [conflict["message"] for conflict in catalog["conflicts"]] == [
        "identifier:arxiv refused: different-doi"]


def test_papers_kept_apart_with_one_arxiv_id_and_one_title_still_get_ids_of_their_own() -> None:
    # The same title twice: the title hash ("0ed1d4") cannot tell them apart, their DOIs can:
    # hashlib.sha1(json.dumps({"arxiv": "2401.00001", "doi": "10.1145/1111", "other": {}},
    # sort_keys=True).encode()).hexdigest()[:6] == "c9375b", and "c52afb" with 10.1145/2222.
    text = ("# L\n\n"
            "- [Same Title Here](https://arxiv.org/abs/2401.00001), [doi](https://doi.org/10.1145/1111)\n"
            "- [Same Title Here](https://arxiv.org/abs/2401.00001), [doi](https://doi.org/10.1145/2222)\n")
    catalog, problems = build_catalog([records_of(text, "a")], [default_entry("a.md")])
    assert problems == []
    assert [(paper["id"], paper["mentions"][0]["line"]) for paper in catalog["papers"]] == [
        ("arxiv:2401.00001#0ed1d4#c52afb", 4), ("arxiv:2401.00001#0ed1d4#c9375b", 3)]


def test_superseded_snapshot_contributes_no_mentions() -> None:
    catalog = real_catalog()
    assert all("nextgen-llm-recsys-survey-2024-09" not in paper["lists"] for paper in catalog["papers"])
    old = next(s for s in catalog["sources"] if s["id"] == "nextgen-llm-recsys-survey-2024-09")
    assert old["superseded_by"] == "nextgen-llm-recsys-survey" and old["records"] == 19


def test_canonical_fields_of_a_merged_paper() -> None:
    paper = next(p for p in real_catalog()["papers"] if p["id"] == "arxiv:2305.08845")
    assert paper["title"] == "Large Language Models are Zero-Shot Rankers for Recommender Systems"
    assert paper["identifiers"] == {"arxiv": "2305.08845", "doi": "10.1007/978-3-031-56060-6_24", "other": {}}
    assert paper["venue"] == "ECIR" and paper["year"] == 2024
    assert paper["urls"]["paper"] == "https://arxiv.org/abs/2305.08845"
    assert paper["urls"]["code"] == "https://github.com/RUCAIBox/LLMRank"
    assert paper["lists"] == ["llm4rec-papers-zh", "nextgen-llm-recsys-survey", "recsys-without-id-features"]


# --- the pairwise rule on plain mappings, as external data would use it -----------------------

def test_same_identifier_and_title_is_an_identifier_match() -> None:
    a = {"title": "LLaRA: Large Language-Recommendation Assistant", "urls": ["https://arxiv.org/abs/2312.02445v3"]}
    b = {"title": "LLaRA: Large Language-Recommendation Assistant", "identifiers": {"arxiv": "2312.02445"}}
    assert same_paper(a, b) == Decision(True, "identifier:arxiv", 1.0)


def test_same_identifier_with_unrelated_titles_is_a_wrong_link() -> None:
    a = {"title": "FANS: Fast Non-Autoregressive Sequence Generation", "identifiers": {"arxiv": "2304.00545"}}
    b = {"title": "Large Language Model Augmented Narrative Driven Recommendations",
         "identifiers": {"arxiv": "2304.00545"}}
    decision = same_paper(a, b)
    assert not decision and decision.rule == "wrong-link"


def test_vetoes() -> None:
    title = "Self-Supervised Multi-Modal Sequential Recommendation"
    assert same_paper({"title": title, "identifiers": {"arxiv": "2304.13277"}},
                      {"title": title, "identifiers": {"arxiv": "2304.13278"}}).rule == "veto:different-arxiv"
    assert same_paper({"title": title, "identifiers": {"doi": "10.1/a"}},
                      {"title": title, "identifiers": {"doi": "10.1/b"}}).rule == "veto:different-doi"
    assert same_paper({"title": title, "authors": ["Ann Smith"]},
                      {"title": title, "authors": ["Bo Li"]}).rule == "veto:different-authors"
    recgpt = "RecGPT: Generative Pre-training for Text-based Recommendation"
    assert same_paper({"title": recgpt, "short_name": "RecGPT"},
                      {"title": "RecGPT: Generative Personalized Prompts for Sequential Recommendation",
                       "short_name": "RecGPT"}).rule == "veto:short-name-collision"
    survey = "A Survey on Evaluation of Large Language Models"
    assert same_paper({"title": survey, "year": 2016},
                      {"title": survey[:-1], "year": 2023}).rule == "veto:years-apart"


def test_fuzzy_titles_and_authors() -> None:
    assert same_paper({"title": "LightLM: A Lightweight Deep and Narrow Language Model for Generative Recommendation"},
                      {"title": "LightLM: A Lightweight Deep and Narrow Language Model forGenerative Recommendation"}
                      ).rule == "title-fuzzy"
    a = {"title": "Efficient query processing for large collections", "authors": ["J. Smith", "Lee, K."]}
    b = {"title": "Efficient query processing on large document collections", "authors": ["John Smith"]}
    assert same_paper(a, b).rule == "title-fuzzy+authors"
    assert not same_paper({"title": a["title"]}, {"title": b["title"]})


def test_titles_that_differ_are_different() -> None:
    decision = same_paper({"title": "Generative Retrieval as Dense Retrieval"},
                          {"title": "Recommender Systems with Generative Retrieval"})
    assert not decision and decision.rule == "different-titles"


def test_title_normalization() -> None:
    assert normalize_title("Survey for Recsys â€“ the Industry Perspectives") == \
        "survey for recsys the industry perspectives"
    assert normalize_title("Survey for Recsys – the Industry Perspectives") == \
        "survey for recsys the industry perspectives"
    assert normalize_title("  Is ChatGPT a Good Recommender?  A Preliminary  Study ") == \
        "is chatgpt a good recommender a preliminary study"
    assert normalize_title("大模型推荐：综述") == "大模型推荐 综述"
    assert title_core("IDGenRec: LLM-RecSys Alignment") == "llm recsys alignment"


def test_external_records_with_messy_fields() -> None:
    # Shapes of public bibliographic matching data: author strings, NaN fields, string years, DOI URLs.
    dblp = {"title": "Efficient Query Processing for Large Collections",
            "authors": "Jeffrey D. Ullman, Jennifer Widom", "venue": "VLDB", "year": "2003"}
    scholar = {"title": "Efficient query processing for large collections", "authors": "J Ullman, J Widom",
               "venue": float("nan"), "year": float("nan")}
    assert same_paper(dblp, scholar).rule == "title-exact"
    other = {"title": "Efficient Query Processing for Large Collections", "authors": "A. Smith; B. Jones",
             "year": 2003}
    assert same_paper(dblp, other).rule == "veto:different-authors"
    assert same_paper({"title": "X", "identifiers": {"doi": "https://doi.org/10.1145/ABC.1"}},
                      {"title": "X", "identifiers": {"doi": "10.1145/abc.1"}}).rule == "identifier:doi"
    assert same_paper({"title": "Some title here", "identifiers": {"arxiv": "arXiv:2305.19860v2"}},
                      {"title": "Some title here", "urls": "https://arxiv.org/pdf/2305.19860"}
                      ).rule == "identifier:arxiv"
    assert not same_paper({"title": float("nan")}, {"title": "Anything at all"})


def test_truncated_title_by_the_same_authors() -> None:
    a = {"title": "Mining association rules between sets of items in large databases",
         "authors": "R. Agrawal, T. Imielinski, A. Swami"}
    b = {"title": "Mining association rules between sets of items", "authors": "R Agrawal, A Swami"}
    assert same_paper(a, b).rule == "title-prefix+authors"
    assert not same_paper(dict(a, authors=None), dict(b, authors=None))


def test_generic_subtitles_do_not_make_titles_alike() -> None:
    assert not same_paper({"title": "Spatial Databases: A Survey"}, {"title": "Temporal Databases: A Survey"})
    assert not same_paper({"title": "LLMRec: A Survey"}, {"title": "RecGPT: A Survey"})
    assert same_paper({"title": "Spatial Databases: A Survey"}, {"title": "Spatial databases - a survey"})


def test_short_equal_titles_years_apart_are_different() -> None:
    assert same_paper({"title": "Editorial", "year": 1999}, {"title": "Editorial", "year": 2005}).rule == \
        "veto:years-apart"
    assert same_paper({"title": "Editorial", "year": 2005}, {"title": "Editorial", "year": 2005})
