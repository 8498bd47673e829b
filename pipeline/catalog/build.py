"""Records of every source -> the catalog: papers with canonical fields, resources, conflicts.

Pure: the records files, the resolved manifest and the maintainers' decisions come in as data.
Canonical choices are deterministic and independent of the order of sources and rows.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections import Counter
from typing import Any, Callable, Iterable, Literal, Mapping, TypedDict, cast
from urllib.parse import urlunsplit

from pipeline import __version__
from pipeline.catalog.cluster import ClusterConflict, Clusters, cluster
from pipeline.catalog.components import components, part_digest
from pipeline.catalog.shapes import (Catalog, CatalogSource, Conflict, ConflictMention, Paper, PaperIdentifiers,
                                     Resource)
from pipeline.catalog.decisions import resolve as resolve_decisions
from pipeline.match.same_paper import Mention
from pipeline.match.titles import normalize_title
from pipeline.records.hosts import split_url
from pipeline.records.identifiers import SCHEMES, from_url
from pipeline.manifest import SourceInfo
from pipeline.problems import Problem
from pipeline.records.shapes import Record, RecordsFile, Urls

SCHEMA_VERSION: Literal["1.0"] = "1.0"
PAPER_KINDS = ("paper", "survey")
#: Problems after which a source gives no records at all.
SKIPPING = ("not-markdown", "pandoc-failed", "unreadable-source")


def is_paper(record: Record) -> bool:
    """Papers and surveys are papers; so are datasets and benchmarks that come with a paper
    (an arXiv id, a DOI…, or a venue and year). Everything else (repositories, tools, models, blogs,
    courses, lists, bare datasets and what is ``unknown``) is a resource."""
    return record["kind"] in PAPER_KINDS or (record["kind"] in ("dataset", "benchmark") and (
        bool(record["identifiers"]) or (record["venue"] is not None and record["year"] is not None)))


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


def _source_entry(source: SourceInfo, records_file: RecordsFile | None) -> CatalogSource:
    # A records file is ours, but read back from disk: a key it lacks reads as absent.
    found: Mapping[str, Any] = records_file.get("source", {}) if records_file else {}
    return {"id": source["id"], "path": found.get("path"), "sha256": found.get("sha256"),
            "title": source["title"], "upstream": source.get("upstream"), "commit": source.get("commit"),
            "date": source.get("date"), "language": source.get("language"),
            "superseded_by": source.get("superseded_by"),
            "records": records_file.get("counts", {}).get("records", 0) if records_file else 0,
            # A source that could not be read (binary, pandoc failure) is skipped, not an empty list.
            "skipped": records_file is None or any(p["code"] in SKIPPING for p in records_file.get("problems", []))}


def build_catalog(records_files: list[RecordsFile], sources: list[SourceInfo],
                  decisions: dict[str, Any] | None = None,
                  decisions_path: str = "decisions.json") -> tuple[Catalog, list[Problem]]:
    """Merge the records of every source into one catalog.

    Superseded sources are listed but contribute no mentions, so a list is never counted twice.
    """
    catalog, problems, _parts = merge_catalog(records_files, sources, decisions, decisions_path)
    return catalog, problems


class Part(TypedDict):
    """What one component of the merge (pipeline/catalog/components.py) comes to: its papers (their
    ids not yet told apart from other papers') and its conflicts."""

    papers: list[Paper]
    conflicts: list[Conflict]


def merge_catalog(records_files: list[RecordsFile], sources: list[SourceInfo],
                  decisions: dict[str, Any] | None = None, decisions_path: str = "decisions.json",
                  kept: Mapping[str, Any] | None = None,
                  ) -> tuple[Catalog, list[Problem], dict[str, Part]]:
    """build_catalog, reusing the parts of an earlier merge (``kept``, as this returns them third,
    by their digest): the same catalog as without them, in less time when most records are unchanged."""
    # Millions of small objects live until the catalog is done: without the cyclic collector
    # rescanning them over and over, 200,000 mentions merge in a little over half the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_catalog(records_files, sources, decisions, decisions_path, kept or {})
    finally:
        if enabled:
            gc.enable()


def _build_catalog(records_files: list[RecordsFile], sources: list[SourceInfo],
                   decisions: dict[str, Any] | None, decisions_path: str, kept: Mapping[str, Any],
                   ) -> tuple[Catalog, list[Problem], dict[str, Part]]:
    by_source = {f["source"]["id"]: f for f in records_files}
    active = {s["id"] for s in sources if not s.get("superseded_by")}
    records = sorted((r for sid in sorted(active) if sid in by_source for r in by_source[sid].get("records", [])),
                     key=lambda r: r["id"])
    papers_in: list[Record] = []
    resources_in: list[Record] = []
    for record in records:
        (papers_in if is_paper(record) else resources_in).append(record)
    problems: list[Problem] = []
    same, different = _decisions(decisions, papers_in, decisions_path, problems)
    parts = _merge_parts(papers_in, same, different, kept)
    papers = _unique_ids([paper for part in parts.values() for paper in part["papers"]])
    listed = [_source_entry(s, by_source.get(s["id"])) for s in sources]
    resources = _resources(resources_in)
    unique = {json.dumps(c, sort_keys=True): c for part in parts.values() for c in part["conflicts"]}
    conflicts = [unique[key] for key in sorted(unique)]
    catalog: Catalog = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "sources": listed,
        "papers": papers,
        "resources": resources,
        "conflicts": conflicts,
        "counts": {"papers": len(papers), "resources": len(resources),
                   "mentions": len(papers_in), "conflicts": len(conflicts),
                   "papers_in_two_or_more_lists": sum(len(p["lists"]) >= 2 for p in papers)},
    }
    return catalog, problems, parts


def _merge_parts(papers_in: list[Record], same: list[tuple[int, int, str]], different: list[tuple[int, int]],
                 kept: Mapping[str, Any]) -> dict[str, Part]:
    """Each component's papers and conflicts by its digest: kept ones as they are, the others
    clustered (all in one run: components share nothing)."""
    found = components(papers_in, [(a, b) for a, b, _why in same] + different)
    part_of = [0] * len(papers_in)
    for number, members in enumerate(found):
        for index in members:
            part_of[index] = number
    decided: list[list[list[str]]] = [[] for _part in found]
    for a, b, why in same:
        decided[part_of[a]].append(["same", papers_in[a]["id"], papers_in[b]["id"], why])
    for a, b in different:
        decided[part_of[a]].append(["different", papers_in[a]["id"], papers_in[b]["id"]])
    digests = [part_digest((papers_in[i] for i in members), decided[n]) for n, members in enumerate(found)]
    parts: dict[str, Part] = {}
    todo: list[int] = []
    for digest, members in zip(digests, found):
        part = kept.get(digest)
        if _kept_part(part):
            parts[digest] = cast(Part, part)
        else:
            parts[digest] = {"papers": [], "conflicts": []}
            todo.extend(members)
    todo.sort()
    position = {index: n for n, index in enumerate(todo)}
    # A generator: cluster copies each mapping once, so no second list of 200,000 dicts lives beside it.
    # "order" breaks ties between equally strong unions by content, not line: an upstream edit that
    # only moves rows must not change which of two conflicting links wins.
    clusters = cluster((_mention(papers_in[index]) for index in todo),
                       [(position[a], position[b], why) for a, b, why in same if a in position],
                       [(position[a], position[b]) for a, b in different if a in position])
    records = [papers_in[index] for index in todo]
    for members, paper in zip(clusters.members, _papers(records, clusters)):
        parts[digests[part_of[todo[members[0]]]]]["papers"].append(paper)
    by_key = {record["id"]: record for record in records}
    index_of = {papers_in[index]["id"]: index for index in todo}
    for conflict in clusters.conflicts:
        # A conflict names mentions of one component (a candidate pair, an identifier's holders,
        # a cluster): its first mention's is its part.
        parts[digests[part_of[index_of[conflict["mentions"][0]["key"]]]]]["conflicts"].append(
            _conflict(conflict, by_key))
    return {digest: parts[digest] for digest in digests}


def _kept_part(part: Any) -> bool:
    """Whether a kept part has the shape of a Part (its papers are checked with the catalog's schema)."""
    return isinstance(part, dict) and isinstance(part.get("papers"), list) and \
        isinstance(part.get("conflicts"), list) and all(isinstance(paper, dict) for paper in part["papers"])


def _mention(record: Record) -> Mention:
    """A paper record as the matcher reads it."""
    return {"key": record["id"], "order": _content_order(record), "title": record["title"], "year": record["year"],
            "venue": record["venue"], "short_name": record["short_name"], "identifiers": record["identifiers"]}


def _content_order(record: Record) -> str:
    """A mention's source, title as written and link URLs: what it is, wherever it stands."""
    return "\x1f".join([record["source"]["id"], record["title"], *(link["url"] for link in record["links"])])


def _decisions(decisions: dict[str, Any] | None, records: list[Record], path: str,
               problems: list[Problem]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """The maintainers' decisions, found again by source and title (pipeline/catalog/decisions.py)."""
    same, different, found = resolve_decisions(decisions, records, path)
    problems += found
    return same, different


def _papers(records: list[Record], clusters: Clusters) -> list[Paper]:
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
            "mentions": [{"record": r["id"], "source": r["source"]["id"], "line": r["source"]["line"],
                          "section": r["section"], "title": r["title"], "links": r["links"]}
                         for r in sorted(group, key=lambda r: (r["source"]["id"], r["source"]["line"]))],
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


def _unique_ids(papers: list[Paper]) -> list[Paper]:
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


def _resources(records: list[Record]) -> list[Resource]:
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


def _conflict(conflict: ClusterConflict, records: Mapping[str, Record]) -> Conflict:
    """A conflict with its mentions named by source and line."""
    mentions: list[ConflictMention] = [
        {"source": records[m["key"]]["source"]["id"], "line": records[m["key"]]["source"]["line"],
         "title": m["title"]} for m in conflict["mentions"]]
    return {"type": conflict["type"], "message": conflict["message"], "mentions": mentions}
