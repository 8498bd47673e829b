"""URLs read safely, and where they point: a URL's host, and whether it is on a host (or a subdomain)
or under a ``host/path`` prefix. The one place records, kinds and identifiers match hosts.

A host matches by whole labels: ``www.arxiv.org`` and ``export.arxiv.org`` are on ``arxiv.org``,
``notarxiv.org`` is not (a bare ``endswith`` would say it is).

    >>> on_host("https://export.arxiv.org/abs/2401.00001", ("arxiv.org",))
    True
    >>> on_host("https://notarxiv.org/abs/2401.00001", ("arxiv.org",))
    False
    >>> on_host("https://huggingface.co/blog/x", ("huggingface.co/blog",))
    True
"""

from __future__ import annotations

import functools
from urllib.parse import SplitResult, urlsplit

#: Where code lives: a link there is a repository, not a paper.
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "gitee.com", "anonymous.4open.science",
              "sourceforge.net")


def split_url(url: str) -> SplitResult:
    """``urlsplit`` that never raises: a malformed address in a list ("http://[broken") reads as an
    address with no host and no path, so one bad link cannot stop a whole source.

    >>> split_url("http://[broken").hostname is None
    True
    """
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


@functools.lru_cache(maxsize=65536)
def host_of(url: str) -> str:
    """The host of ``url``, lower-cased, without ``www.``; "" when there is none."""
    try:
        return (split_url(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""  # "http://[broken" is text someone typed, not an address


@functools.lru_cache(maxsize=65536)
def place_of(url: str) -> str:
    """host + path, lower-cased, for matching ``host/path`` prefixes such as huggingface.co/blog."""
    try:
        path = split_url(url).path
    except ValueError:
        path = ""
    return host_of(url) + path.lower().rstrip("/")


@functools.lru_cache(maxsize=1024)
def _split_hosts(hosts: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(bare hosts as a set, ``host/path`` prefixes): a set answers for every suffix of a host at once."""
    return frozenset(h for h in hosts if "/" not in h), tuple(h for h in hosts if "/" in h)


def on_host(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether ``url`` is on one of ``hosts`` (or a subdomain), or under one of its ``host/path`` prefixes."""
    names, prefixes = _split_hosts(hosts)
    labels = host_of(url).split(".")
    if any(".".join(labels[i:]) in names for i in range(len(labels))):
        return True
    if not prefixes:
        return False
    place = place_of(url)
    return any(place == prefix or place.startswith(prefix + "/") for prefix in prefixes)
