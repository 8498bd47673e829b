"""Clusters of paper records -> papers: each field chosen from the cluster's mentions, ids told apart.

Pure, and independent of the order of sources and rows: every choice breaks its ties by content.
Also the resources (records that are not papers), grouped by their first link.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any, Callable, Iterable, cast
from urllib.parse import urlunsplit

from pipeline.catalog.cluster import Clusters
from pipeline.catalog.shapes import Paper, PaperIdentifiers, PaperMention, Resource
from pipeline.match.titles import normalize_title
from pipeline.records.hosts import split_url
from pipeline.records.identifiers import SCHEMES, from_url
from pipeline.records.shapes import Record, Urls

__all__ = ["canonical_title", "mention_entry", "normalize_url", "paper_id", "papers_of", "resources_of", "title_hash",
           "unique_ids"]


def mention_entry(record: Record) -> PaperMention:
    """A paper's mention: where it is and what it says."""
    return {"record": record["id"], "source": record["source"]["id"], "line": record["source"]["line"],
            "section": record["section"], "title": record["title"], "links": record["links"]}


def title_hash(title: str) -> str:
    """sha1 of the canonical JSON of the normalized title, as sqlite-utils' hash_record does."""
    payload = json.dumps(normalize_title(title), separators=(",", ":"), sort_keys=True)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]


def paper_id(identifiers: PaperIdentifiers, title: str) -> str:
    """``arxiv:<id>``, else ``doi:<doi>``, else another scheme's id, else ``title:<hash>``."""
    for scheme in SCHEMES:
        value = identifiers.get(scheme) or identifiers.get("other", {}).get(scheme)
        if value:
            return f"{scheme}:{value}"
    return f"title:{title_hash(title)}"


def _most_common(values: Iterable[Any], prefer_high: bool = False) -> Any:
    counts = Counter(value for value in values if value not in (None, ""))
    if not counts:
        return None
    return sorted(counts.items(), key=lambda item: (-item[1], -item[0] if prefer_high else item[0]))[0][0]


def _well_formed(title: str) -> bool:
    letters = [char for char in title if char.isalpha()]
    mixed = not letters or not (all(c.isupper() for c in letters) or all(c.islower() for c in letters))
    return mixed and "â€" not in title and not title.startswith(("http://", "https://"))


def canonical_title(variants: list[tuple[str, str]]) -> str:
    """The well-formed variant used by the most lists (a list repeating itself counts once);
    ties go to the one with more capitalized words (titles are usually title-cased), then the
    longer, then the first in alphabetical order. ``variants`` holds (title, source id) pairs."""
    lists: dict[str, set[str]] = {}
    for title, source in variants:
        lists.setdefault(title, set()).add(source)

    def capitalized(title: str) -> float:
        words = [word for word in title.split() if word[:1].isalpha()]
        return sum(word[0].isupper() for word in words) / max(len(words), 1)

    return sorted(lists, key=lambda t: (not _well_formed(t), -len(lists[t]), -capitalized(t), -len(t), t))[0]


def normalize_url(url: str) -> str:
    """A URL as resources and code links are compared: lower-case host without www., no fragment,
    no trailing slash or ``.git``; repository paths of GitHub-like hosts lower-cased."""
    parts = split_url(url.strip())
    if not (parts.scheme or parts.netloc or parts.path):
        return url.strip()  # not an address ("http://[broken"): compared as written
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix(".git")
    if host in ("github.com", "gitlab.com", "huggingface.co"):
        # Owner and repository names are case-insensitive there, and ".../tree/main" is the repository.
        path = re.sub(r"/(tree|blob)/[^/]+$", "", path.lower())
    return urlunsplit((parts.scheme.lower() or "https", host, path, parts.query, ""))


def papers_of(records: list[Record], clusters: Clusters) -> list[Paper]:
    papers: list[Paper] = []
    for members, evidence in zip(clusters.members, clusters.evidence):
        group = [records[i] for i in members]
        ids = Counter(pair for i in members for pair in clusters.identifiers[i])
        chosen: dict[str, str] = {}
        for (scheme, value), _count in sorted(ids.items(), key=lambda item: (-item[1], item[0])):
            chosen.setdefault(scheme, value)
        titles = [r["title"] for r in group]
        title = canonical_title([(r["title"], r["source"]["id"]) for r in group])
        published = [r for r in group if r["venue"] and r["venue"] != "arXiv"]
        identifiers: PaperIdentifiers = {"arxiv": chosen.get("arxiv"), "doi": chosen.get("doi"),
                                         "other": {s: v for s, v in sorted(chosen.items()) if s not in ("arxiv", "doi")}}
        paper: Paper = {
            "id": paper_id(identifiers, title),
            "title": title,
            "aliases": sorted(set(titles) - {title}),
            "short_names": [name for name, _n in sorted(Counter(r["short_name"] for r in group if r["short_name"])
                                                        .items(), key=lambda item: (-item[1], item[0]))],
            "kind": _most_common(r["kind"] for r in group),
            "year": _most_common((r["year"] for r in published), prefer_high=True)
                    or _most_common(r["year"] for r in group) or _arxiv_year(chosen.get("arxiv")),
            "venue": _most_common(r["venue"] for r in published) or _most_common(r["venue"] for r in group),
            "identifiers": identifiers,
            "urls": _urls(group, identifiers, set(ids)),
            "lists": sorted({r["source"]["id"] for r in group}),
            "topics": _topics(group),
            "attributes": _attributes(group),
            "mentions": [mention_entry(r) for r in sorted(group, key=lambda r: (r["source"]["id"], r["source"]["line"]))],
            "evidence": evidence,
        }
        authors = _authors(group)
        if authors is not None:
            paper["authors"] = authors
        papers.append(paper)
    return papers


def _authors(group: list[Record]) -> list[str] | None:
    """The longest author list a mention writes (first source and line on a tie), or None."""
    written = sorted((r for r in group if r.get("authors")),
                     key=lambda r: (-len(r["authors"]), r["source"]["id"], r["source"]["line"]))
    return list(written[0]["authors"]) if written else None


def _arxiv_year(arxiv: str | None) -> int | None:
    """The year a new-style arXiv id was submitted in ("2402.13750" -> 2024), for papers no list dates."""
    if arxiv and arxiv[:4].isdigit() and "." in arxiv:
        return 2000 + int(arxiv[:2])
    return None


def _topics(group: list[Record]) -> dict[str, list[list[str]]]:
    """Each list's section trails for a paper, in one pass over its mentions."""
    trails: dict[str, set[tuple[str, ...]]] = {}
    for record in group:
        trails.setdefault(record["source"]["id"], set()).add(tuple(record["section"]))
    return {source: [list(trail) for trail in sorted(found)] for source, found in sorted(trails.items())}


def _attributes(group: list[Record]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for record in sorted(group, key=lambda r: (r["source"]["id"], r["source"]["line"])):
        values = dict(record["attributes"])
        if record["notes"]:
            values.setdefault("notes", record["notes"])
        if values:
            target = merged.setdefault(record["source"]["id"], {})
            for key, value in values.items():
                target.setdefault(key, value)
    return merged


def _urls(group: list[Record], identifiers: PaperIdentifiers, kept: set[tuple[str, str]]) -> Urls:
    if identifiers["arxiv"]:
        paper = f"https://arxiv.org/abs/{identifiers['arxiv']}"
    elif identifiers["doi"]:
        paper = f"https://doi.org/{identifiers['doi']}"
    else:
        # A link whose identifier was found to be a wrong link is no link to this paper.
        paper = _most_common(r["urls"]["paper"] for r in group
                             if r["urls"]["paper"] and _agrees(r["urls"]["paper"], kept))
    # Code links are compared normalized ("…/RUCAIBox/LSVCR/" is "…/rucaibox/lsvcr") and shown as written.
    key = _most_common(normalize_url(r["urls"]["code"]) for r in group if r["urls"]["code"])
    code = _most_common(r["urls"]["code"].rstrip("/") for r in group
                        if r["urls"]["code"] and normalize_url(r["urls"]["code"]) == key)
    seen = {paper, code}
    other = sorted({url for r in group for url in [r["urls"]["paper"], *r["urls"]["other"]]
                    if url and url not in seen})
    return {"paper": paper, "code": code, "other": other}


def _agrees(url: str, kept: set[tuple[str, str]]) -> bool:
    """Whether every identifier in ``url`` is one the paper kept."""
    return all((scheme, value) in kept for scheme, value in from_url(url)[0].items() if scheme in SCHEMES)


def unique_ids(papers: list[Paper]) -> list[Paper]:
    """Two papers kept apart may still share an id (a refused chain): suffix a title hash, and where
    the titles are one too, a hash of what else tells them apart, in this order: their identifiers,
    their mentions as written (lists and titles), and only then the lines of those mentions.
    A paper given a suffix is a copy: the papers given may be kept for the next merge."""
    suffixes: list[Callable[[Paper], str]] = [
        lambda paper: title_hash(paper["title"])[:6],
        lambda paper: _digest(paper["identifiers"]),
        lambda paper: _digest(sorted([m["source"], m["title"]] for m in paper["mentions"])),
        lambda paper: _digest(sorted([m["source"], m["line"]] for m in paper["mentions"]))]
    for suffix in suffixes:
        counts = Counter(paper["id"] for paper in papers)
        papers = [cast(Paper, {**paper, "id": f"{paper['id']}#{suffix(paper)}"}) if counts[paper["id"]] > 1 else paper
                  for paper in papers]
    return sorted(papers, key=lambda paper: paper["id"])


def _digest(data: Any) -> str:
    return hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:6]


def resources_of(records: list[Record]) -> list[Resource]:
    groups: dict[str, list[Record]] = {}
    for record in records:
        urls = [u for u in [record["urls"]["paper"], record["urls"]["code"], *record["urls"]["other"]] if u]
        key = f"url:{normalize_url(urls[0])}" if urls else f"title:{title_hash(record['title'])}"
        groups.setdefault(key, []).append(record)
    return [{
        "id": key,
        "kind": _most_common(r["kind"] for r in group),
        "title": canonical_title([(r["title"], r["source"]["id"]) for r in group]),
        "urls": sorted({u for r in group for u in [r["urls"]["paper"], r["urls"]["code"], *r["urls"]["other"]]
                        if u}),
        "lists": sorted({r["source"]["id"] for r in group}),
        "mentions": [{"record": r["id"], "source": r["source"]["id"], "line": r["source"]["line"],
                      "section": r["section"], "title": r["title"], "kind_reason": r["kind_reason"]}
                     for r in sorted(group, key=lambda r: r["id"])],
    } for key, group in sorted(groups.items())]
