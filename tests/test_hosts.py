"""A URL is on a host when its host is that host or a subdomain, by whole labels, never by a bare suffix."""

import pytest

from pipeline.records import identifiers
from pipeline.records.fields import is_code_url
from pipeline.records.hosts import host_of, on_host


@pytest.mark.parametrize("url, expected", [
    ("https://arxiv.org/abs/2401.00001", True),
    ("https://www.arxiv.org/abs/2401.00001", True),
    ("https://export.arxiv.org/abs/2401.00001", True),
    ("https://notarxiv.org/abs/2401.00001", False),
    ("https://arxiv.org.evil.com/abs/2401.00001", False),
    ("http://[broken", False),
])
def test_on_host_matches_whole_labels(url: str, expected: bool) -> None:
    assert on_host(url, ("arxiv.org",)) is expected


def test_host_of_drops_www_and_case() -> None:
    assert [host_of(url) for url in ("https://WWW.GitHub.com/a", "mailto:x@y.org", "http://[broken")] == \
        ["github.com", "", ""]


def test_identifiers_ignore_look_alike_hosts() -> None:
    assert identifiers.openreview("https://openreview.net/forum?id=abc123") == "abc123"
    assert identifiers.openreview("https://notopenreview.net/forum?id=abc123") is None
    assert identifiers.doi("https://doi.org/10.1145/3626772.3657865") == "10.1145/3626772.3657865"
    assert identifiers.doi("https://notdoi.org/10.1145/3626772.3657865") is None
    assert identifiers.arxiv("https://notarxiv.org/abs/2401.00001") is None
    assert identifiers.from_url("https://notaclanthology.org/2023.acl-long.1/") == ({}, [])


def test_code_links_are_on_code_hosts() -> None:
    assert [is_code_url(url) for url in ("https://github.com/o/r", "https://gitee.com/o/r",
                                         "https://huggingface.co/o/m", "https://notgithub.com/o/r",
                                         "https://arxiv.org/abs/2401.00001")] == [True, True, True, False, False]
