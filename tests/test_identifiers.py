"""One test per normalizer, over every URL form the sources use (and the forms the issue names)."""

import re

import pytest

from pipeline.records import identifiers as ids
from pipeline import paths

URLS = sorted({url.rstrip(")") for source in paths.documents(paths.ROOT / "sources")
               for url in re.findall(r"https?://[^\s)\]|]+", source.read_text(encoding="utf-8"))})


@pytest.mark.parametrize("url,expected", [
    ("https://arxiv.org/abs/2402.13750", ("2402.13750", None)),
    ("https://arxiv.org/pdf/2305.19860", ("2305.19860", None)),
    ("https://arxiv.org/pdf/2306.02841v4", ("2306.02841", 4)),
    ("https://arxiv.org/abs/2310.06491v1", ("2310.06491", 1)),
    ("https://arxiv.org/pdf/2303.13835.pdf", ("2303.13835", None)),
    ("https://arxiv.org/pdf/2305.08845v2.pdf", ("2305.08845", 2)),
    ("https://arxiv.org/html/2402.01339v1", ("2402.01339", 1)),
    ("https://www.arxiv.org/pdf/2408.10520", ("2408.10520", None)),
    ("https://export.arxiv.org/abs/2306.10933", ("2306.10933", None)),
    ("http://arxiv.org/abs/2305.00447v1", ("2305.00447", 1)),
    ("https://arxiv.org/abd/2304.03516", ("2304.03516", None)),
    ("https://arxiv.org/abs/2306.11114.pdf", ("2306.11114", None)),
    ("https://arxiv.org/abs/2305.15673#:~:text=By%20building", ("2305.15673", None)),
    ("arXiv:2410.19744", ("2410.19744", None)),
    ("arXiv:2410.19744v3", ("2410.19744", 3)),
    ("https://arxiv.org/abs/hep-th/9901001v2", ("hep-th/9901001", 2)),
    ("https://arxiv.org/abs/cs.IR/0112017", ("cs/0112017", None)),
    ("https://doi.org/10.48550/arXiv.2305.19860", ("2305.19860", None)),
    ("10.48550/ARXIV.2305.19860", ("2305.19860", None)),
    ("https://github.com/HKUDS/LLMRec", None),
    ("https://arxiv.org/list/cs.IR/recent", None),
])
def test_arxiv(url: str, expected: tuple | None) -> None:
    assert ids.arxiv(url) == expected


@pytest.mark.parametrize("url,expected", [
    ("https://dl.acm.org/doi/abs/10.1145/3626772.3657690", "10.1145/3626772.3657690"),
    ("https://dl.acm.org/doi/pdf/10.1145/3616855.3635845", "10.1145/3616855.3635845"),
    ("https://dl.acm.org/doi/full/10.1145/3589334.3645358", "10.1145/3589334.3645358"),
    ("https://dl.acm.org/doi/10.1145/3589335.3648307", "10.1145/3589335.3648307"),
    ("https://doi.org/10.1145/3589335.3648307", "10.1145/3589335.3648307"),
    ("https://dx.doi.org/10.1145/3589335.3648307", "10.1145/3589335.3648307"),
    ("https://DOI.org/10.1145/3589335.3648307.", "10.1145/3589335.3648307"),
    ("doi:10.1007/978-3-031-56063-7_42", "10.1007/978-3-031-56063-7_42"),
    ("https://link.springer.com/chapter/10.1007/978-3-031-56063-7_42", "10.1007/978-3-031-56063-7_42"),
    ("https://link.springer.com/article/10.1007/s11280-024-01276-1", "10.1007/s11280-024-01276-1"),
    ("https://link.springer.com/content/pdf/10.1007/s11280-024-01276-1.pdf", "10.1007/s11280-024-01276-1"),
    ("https://dl.acm.org/doi/abs/10.1007/978-3-031-10989-8_47", "10.1007/978-3-031-10989-8_47"),
    ("https://doi.org/10.1000%2F182", "10.1000/182"),
    ("https://dl.acm.org/doi/pdf/10.1145/3626772.3657865f", "10.1145/3626772.3657865"),
    ("https://doi.org/10.48550/arXiv.2305.19860", None),
    ("https://dl.acm.org/doi/abs/not-a-doi", None),
    ("https://arxiv.org/abs/2402.13750", None),
])
def test_doi(url: str, expected: str | None) -> None:
    assert ids.doi(url) == expected


def test_doi_repairs_and_rejects_are_reported() -> None:
    assert ids.from_url("https://dl.acm.org/doi/pdf/10.1145/3626772.3657865f") == (
        {"doi": "10.1145/3626772.3657865"},
        ["repaired-doi: '10.1145/3626772.3657865f' -> '10.1145/3626772.3657865'"])
    assert ids.from_url("https://doi.org/10.12/x") == ({}, ["bad-doi: '10.12/x'"])


@pytest.mark.parametrize("reader,url,expected", [
    (ids.openreview, "https://openreview.net/pdf?id=gwHVlTNKsG", "gwHVlTNKsG"),
    (ids.openreview, "https://openreview.net/forum?id=bStpLVqv1H#all", "bStpLVqv1H"),
    (ids.acl, "https://aclanthology.org/2020.acl-main.331/", "2020.acl-main.331"),
    (ids.acl, "https://aclanthology.org/2024.kallm-1.6.pdf", "2024.kallm-1.6"),
    (ids.aaai, "https://ojs.aaai.org/index.php/AAAI/article/view/29887/31548", "29887"),
    (ids.aaai, "https://ojs.aaai.org/index.php/AAAI/article/view/16518", "16518"),
    (ids.ieee, "https://ieeexplore.ieee.org/abstract/document/10411560", "10411560"),
    (ids.ieee, "https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=10447514", "10447514"),
    (ids.semantic_scholar, "https://www.semanticscholar.org/reader/74b0976a3a7b7013fd468a043a940dcf401e66f1",
     "74b0976a3a7b7013fd468a043a940dcf401e66f1"),
    (ids.semantic_scholar, "https://www.semanticscholar.org/paper/FMMRec%3A-Fairness-aware-Multimodal-Recommendation"
     "-Chen-Chen/1c62a0d2c663837de50f729c60d90e2c5c1b69b2", "1c62a0d2c663837de50f729c60d90e2c5c1b69b2"),
    (ids.ssrn, "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=4828316", "4828316"),
    (ids.neurips, "https://proceedings.neurips.cc/paper_files/paper/2022/file/4ad4fc1528374422dd7a69dea9e72948"
     "-Paper-Datasets_and_Benchmarks.pdf", "4ad4fc1528374422dd7a69dea9e72948"),
    (ids.openreview, "https://github.com/a/b", None),
    (ids.ieee, "https://ieeexplore.ieee.org/", None),
])
def test_other_schemes(reader, url: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    assert reader(url) == expected


@pytest.mark.parametrize("url", [url for url in URLS if "arxiv.org" in url])
def test_every_arxiv_url_in_the_sources_gives_an_id(url: str) -> None:
    assert ids.from_url(url)[0].get("arxiv"), url


@pytest.mark.parametrize("url", [url for url in URLS if "/doi/" in url or "doi.org" in url
                                 or "link.springer.com" in url])
def test_every_doi_url_in_the_sources_gives_a_doi(url: str) -> None:
    found = ids.from_url(url)[0]
    assert found.get("doi") or found.get("arxiv"), url


@pytest.mark.parametrize("host,scheme", [("openreview.net", "openreview"), ("aclanthology.org", "acl"),
                                         ("ojs.aaai.org", "aaai"), ("ieeexplore.ieee.org", "ieee"),
                                         ("semanticscholar.org", "semantic_scholar"), ("ssrn.com", "ssrn"),
                                         ("neurips.cc", "neurips")])
def test_every_url_of_other_schemes_in_the_sources_gives_an_id(host: str, scheme: str) -> None:
    urls = [url for url in URLS if host in url]
    assert urls
    for url in urls:
        assert ids.from_url(url)[0].get(scheme), url


def test_a_malformed_link_does_not_stop_its_source() -> None:
    from pipeline.catalog.papers import normalize_url
    from tests.helpers import records_of

    result = records_of("- [Paper](http://[broken) A real title, NeurIPS 2023\n"
                        "- [Other](https://arxiv.org/abs/2401.00001)\n")
    assert [record["title"] for record in result["records"]] == ["A real title", "Other"]
    assert normalize_url("http://[broken") == "http://[broken"
    assert normalize_url("http://[other") == "http://[other"
