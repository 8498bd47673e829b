"""Identifiers read from URLs and strings: one normalizer per scheme, each returning None when the
input is not of its scheme.

    >>> arxiv("https://arxiv.org/pdf/2306.02841v4.pdf")
    ('2306.02841', 4)
    >>> doi("https://dl.acm.org/doi/abs/10.1145/3626772.3657690")
    '10.1145/3626772.3657690'
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qs, unquote

from pipeline.records.hosts import on_host, split_url

Identifiers = dict[str, str]

_ARXIV_NEW = r"(?P<id>\d{4}\.\d{4,5})"
_ARXIV_OLD = r"(?P<old>[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_ID = re.compile(rf"^(?:arxiv:)?(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v(?P<version>\d+))?(?:\.pdf)?$",
                       re.IGNORECASE)
# "2403.08206f": a letter glued to a new-style id is a typo in the list, not part of the id
_ARXIV_STRAY = re.compile(rf"^{_ARXIV_NEW}(?:v(?P<version>\d+))?(?P<old>)(?P<stray>[a-uw-z][a-z]?)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# ACM DOIs are 10.1145/<digits>.<digits>: a letter glued to the end is a typo in the list
_ACM_DOI = re.compile(r"^(10\.1145/\d+\.\d+)[a-z]+$", re.IGNORECASE)
_DOI_PATH = re.compile(r"(10\.\d{4,9}/.+)$")
_TRAILING = ".,;:)]}>'\"#"

#: The schemes a URL can give, in the order ids are preferred (arXiv first, as the catalog's ids).
SCHEMES = ("arxiv", "doi", "openreview", "acl", "aaai", "ieee", "semantic_scholar", "ssrn", "neurips")



def arxiv(text: str) -> tuple[str, int | None] | None:
    """An arXiv id without version, and the version, from a URL, an ``arXiv:`` string or a DOI."""
    text = text.strip()
    found = _ARXIV_DOI.match(text)
    if found:
        return arxiv(found.group(1))
    if "://" in text or text.lower().startswith(("arxiv.org", "www.arxiv.org")):
        url = text if "://" in text else "https://" + text
        parts = split_url(url)
        if on_host(url, ("doi.org",)):
            return arxiv(unquote(parts.path.lstrip("/")))
        if not on_host(url, ("arxiv.org",)):
            return None
        # /abs/ID, /pdf/ID(.pdf), /html/ID, even the typo /abd/ID: the id follows the first segment
        path = unquote(parts.path).strip("/")
        segments = path.split("/", 1)
        text = segments[1] if len(segments) == 2 else segments[0]
    found = _ARXIV_ID.match(text.rstrip(_TRAILING)) or _ARXIV_STRAY.match(text.rstrip(_TRAILING))
    if not found:
        return None
    # Old-style ids are archive/YYMMNNN; a subject class ("cs.IR/0112017") is not part of the id.
    identifier = found.group("id") or re.sub(r"\.[a-z]{2}/", "/", found.group("old").lower())
    version = int(found.group("version")) if found.group("version") else None
    return identifier, version


def doi(text: str) -> str | None:
    """A lower-cased DOI from a doi.org or publisher URL, or a bare ``10.x/y`` string."""
    value, _repaired = doi_checked(text)
    return value


def doi_checked(text: str) -> tuple[str | None, str | None]:
    """(doi, the original when stray characters were removed from it)."""
    text = text.strip()
    candidate = None
    if "://" in text:
        parts = split_url(text)
        path = unquote(parts.path)
        # doi.org resolvers, publisher paths like dl.acm.org/doi/abs/…, Springer's chapter/… pages
        if on_host(text, ("doi.org",)):
            candidate = path.lstrip("/")
        elif "/doi/" in path or on_host(text, ("springer.com",)):
            found = _DOI_PATH.search(path)
            candidate = found.group(1) if found else None
    elif text.lower().startswith("doi:"):
        candidate = text[4:].strip()
    elif text.startswith("10."):
        candidate = text
    if candidate is None:
        return None, None
    for suffix in (".pdf", "/pdf", "/full", "/abstract"):
        if candidate.lower().endswith(suffix):
            candidate = candidate[: -len(suffix)]
    candidate = candidate.rstrip(_TRAILING).lower()
    if _ARXIV_DOI.match(candidate):
        return None, None
    repaired = _ACM_DOI.match(candidate)
    if repaired:
        return repaired.group(1), candidate
    if not _DOI.match(candidate):
        return None, candidate
    return candidate, None


def _on(url: str, host: str) -> SplitResult | None:
    """The parts of ``url`` when its host is ``host`` or a subdomain of it."""
    return split_url(url) if on_host(url, (host,)) else None


def _query(parts: SplitResult, key: str) -> str | None:
    values = parse_qs(parts.query).get(key)
    return values[0] if values else None


def _path(parts: SplitResult, pattern: str) -> str | None:
    found = re.search(pattern, parts.path)
    return found.group(1) if found else None


def openreview(url: str) -> str | None:
    parts = _on(url, "openreview.net")
    return _query(parts, "id") if parts else None


def acl(url: str) -> str | None:
    parts = _on(url, "aclanthology.org")
    return _path(parts, r"([^/]+?)(?:\.pdf)?/?$") if parts else None


def aaai(url: str) -> str | None:
    parts = _on(url, "ojs.aaai.org")
    return _path(parts, r"/article/(?:view|download)/(\d+)") if parts else None


def ieee(url: str) -> str | None:
    parts = _on(url, "ieeexplore.ieee.org")
    return (_path(parts, r"/document/(\d+)") or _query(parts, "arnumber")) if parts else None


def semantic_scholar(url: str) -> str | None:
    parts = _on(url, "semanticscholar.org")
    found = _path(parts, r"([0-9a-fA-F]{40})") if parts else None
    return found.lower() if found else None


def ssrn(url: str) -> str | None:
    parts = _on(url, "ssrn.com")
    return _query(parts, "abstract_id") if parts else None


def neurips(url: str) -> str | None:
    parts = _on(url, "neurips.cc")
    return _path(parts, r"/([0-9a-f]{32})-") if parts else None


def from_url(url: str) -> tuple[Identifiers, list[str]]:
    """Every identifier a URL gives, and notes on DOIs that were repaired or rejected.

    >>> from_url("https://www.arxiv.org/pdf/2408.10520")
    ({'arxiv': '2408.10520'}, [])
    """
    found: Identifiers = {}
    notes: list[str] = []
    if not url or not url.startswith(("http://", "https://")):
        return found, notes
    parsed = arxiv(url)
    if parsed:
        found["arxiv"] = parsed[0]
        if parsed[1] is not None:
            found["arxiv_version"] = str(parsed[1])
        tail = split_url(url).path.rstrip("/").split("/")[-1].removesuffix(".pdf")
        if _ARXIV_STRAY.match(tail) and not _ARXIV_ID.match(tail):
            notes.append(f"repaired-arxiv: {tail!r} -> {parsed[0]!r}")
        return found, notes
    value, original = doi_checked(url)
    if value:
        found["doi"] = value
    if original:
        notes.append(f"repaired-doi: {original!r} -> {value!r}" if value else f"bad-doi: {original!r}")
    for scheme, reader in (("openreview", openreview), ("acl", acl), ("aaai", aaai), ("ieee", ieee),
                           ("semantic_scholar", semantic_scholar), ("ssrn", ssrn),
                           ("neurips", neurips)):
        value = reader(url)
        if value:
            found[scheme] = value
    return found, notes
