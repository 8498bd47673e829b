"""Author names in citations: one reading of "Family, Given" / "Given Family", and a cut list ("X et al.")
is X and others, never an author called "al."."""

from pipeline.entries.authors import name_parts
from pipeline.outputs.citations import bibtex_fields, citation_key, csl_item


def _paper(**fields: object) -> dict:
    paper = {"id": "arxiv:2305.19860", "title": "Recommender Systems in the Era of LLMs", "aliases": [],
             "short_names": [], "kind": "paper", "year": 2023, "venue": None,
             "identifiers": {"arxiv": "2305.19860", "doi": None, "other": {}},
             "urls": {"paper": None, "code": None, "other": []}, "lists": ["a"], "mentions": []}
    paper.update(fields)
    return paper


def test_name_parts() -> None:
    assert [name_parts(name) for name in ("Wenqi Fan", "Fan, Wenqi", "Wenqi Fan et al.", "Fan et al", "Plato")] == \
        [("Wenqi", "Fan"), ("Wenqi", "Fan"), ("Wenqi", "Fan"), (None, "Fan"), (None, "Plato")]


def test_a_cut_author_list_keys_by_its_first_author() -> None:
    paper = _paper(authors=["Wenqi Fan et al."])
    assert citation_key(paper) == "fan2023recommender_2305.19860"
    assert dict(bibtex_fields(paper))["author"] == "Wenqi Fan and others"
    assert csl_item(paper, "k")["author"] == [{"family": "Fan", "given": "Wenqi"}]


def test_a_whole_author_list_is_unchanged() -> None:
    paper = _paper(authors=["Wenqi Fan", "Zihuai Zhao"])
    assert citation_key(paper) == "fan2023recommender_2305.19860"
    assert dict(bibtex_fields(paper))["author"] == "Wenqi Fan and Zihuai Zhao"
    assert csl_item(paper, "k")["author"] == [{"family": "Fan", "given": "Wenqi"}, {"family": "Zhao", "given": "Zihuai"}]
