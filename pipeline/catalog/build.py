"""Records of every source -> the catalog: papers with canonical fields, resources, conflicts.

Pure: the records files, the resolved manifest and the maintainers' decisions come in as data.
Canonical choices (pipeline/catalog/papers.py) are deterministic and independent of the order of
sources and rows. The merge goes component by component (pipeline/catalog/components.py), so that
the parts of an earlier merge whose records did not change are reused.
"""

from __future__ import annotations

import gc
import json
from typing import Any, Literal, Mapping, Sequence, TypedDict, cast

from pipeline import __version__
from pipeline.catalog.cluster import ClusterConflict, cluster, similar_titles
from pipeline.catalog.components import components, part_digest
from pipeline.catalog.decisions import resolve as resolve_decisions
from pipeline.catalog.papers import mention_entry, papers_of, resources_of, unique_ids
from pipeline.catalog.shapes import Catalog, CatalogSource, Conflict, ConflictMention, Paper
from pipeline.manifest import SourceInfo
from pipeline.match.same_paper import Mention
from pipeline.problems import Problem
from pipeline.records.shapes import Record, RecordsFile

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
    """What one component of the merge (pipeline/catalog/components.py) comes to, as the next merge
    is given it: its papers, their ids not yet told apart from other papers' and each mention named
    by its record's id only (the records, which the part's digest covers, hold the rest), and its
    conflicts."""

    papers: list[dict[str, Any]]
    conflicts: list[Conflict]


def merge_catalog(records_files: list[RecordsFile], sources: list[SourceInfo],
                  decisions: dict[str, Any] | None = None, decisions_path: str = "decisions.json",
                  kept: Mapping[str, Any] | None = None, record_digests: Mapping[str, Sequence[bytes]] | None = None,
                  ) -> tuple[Catalog, list[Problem], dict[str, Part]]:
    """build_catalog, reusing the parts of an earlier merge (``kept``, as this returns them third,
    by their digest): the same catalog as without them, in less time when most records are unchanged.
    ``record_digests``: by source id, the digests.record_digest of each record of its file, in
    the file's order (kept with the records between builds), so that no record is encoded again."""
    # Millions of small objects live until the catalog is done: without the cyclic collector
    # rescanning them over and over, 200,000 mentions merge in a little over half the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_catalog(records_files, sources, decisions, decisions_path, kept or {}, record_digests)
    finally:
        if enabled:
            gc.enable()


def _build_catalog(records_files: list[RecordsFile], sources: list[SourceInfo],
                   decisions: dict[str, Any] | None, decisions_path: str, kept: Mapping[str, Any],
                   record_digests: Mapping[str, Sequence[bytes]] | None) -> tuple[Catalog, list[Problem], dict[str, Part]]:
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
    # Each record's digest by its id, unless two records share the id.
    digest_of: dict[str, bytes | None] = {}
    for sid, digests in (record_digests or {}).items():
        for record, digest in zip(by_source[sid].get("records", []) if sid in by_source else (), digests):
            digest_of[record["id"]] = None if record["id"] in digest_of else digest
    merged, found, parts = _merge_parts(papers_in, same, different, kept, digest_of)
    papers = unique_ids(merged)
    listed = [_source_entry(s, by_source.get(s["id"])) for s in sources]
    resources = resources_of(resources_in)
    unique = {json.dumps(c, sort_keys=True): c for c in found}
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
                 kept: Mapping[str, Any], digest_of: Mapping[str, bytes | None],
                 ) -> tuple[list[Paper], list[Conflict], dict[str, Part]]:
    """The papers and conflicts of every component, and each component's Part by its digest: kept
    ones as they were, the others clustered (all in one run: components share nothing)."""
    # Alike titles are found once, for the components and for cluster() (a second search took a
    # second at 1,000 lists): a pair of them is in one component, so both or neither are clustered.
    similar = similar_titles([record["title"] for record in papers_in], [record["id"] for record in papers_in])
    found = components(papers_in, [(a, b) for a, b, _why in same] + different, similar)
    part_of = [0] * len(papers_in)
    for number, members in enumerate(found):
        for index in members:
            part_of[index] = number
    decided: list[list[list[str]]] = [[] for _part in found]
    for a, b, why in same:
        decided[part_of[a]].append(["same", papers_in[a]["id"], papers_in[b]["id"], why])
    for a, b in different:
        decided[part_of[a]].append(["different", papers_in[a]["id"], papers_in[b]["id"]])
    digests = [part_digest((papers_in[i] for i in members), decided[n], digest_of)
               for n, members in enumerate(found)]
    papers: list[Paper] = []
    conflicts: list[Conflict] = []
    parts: dict[str, Part] = {}
    todo: list[int] = []
    for digest, members in zip(digests, found):
        reused = None if digest not in kept else \
            _expanded(kept[digest], {papers_in[index]["id"]: papers_in[index] for index in members})
        if reused is None:
            parts[digest] = {"papers": [], "conflicts": []}
            todo.extend(members)
        else:
            papers += reused
            conflicts += kept[digest]["conflicts"]
            parts[digest] = kept[digest]
    todo.sort()
    position = {index: n for n, index in enumerate(todo)}
    # A generator: cluster copies each mapping once, so no second list of 200,000 dicts lives beside it.
    # "order" breaks ties between equally strong unions by content, not line: an upstream edit that
    # only moves rows must not change which of two conflicting links wins.
    clusters = cluster((_mention(papers_in[index]) for index in todo),
                       [(position[a], position[b], why) for a, b, why in same if a in position],
                       [(position[a], position[b]) for a, b in different if a in position],
                       [(position[a], position[b]) for a, b in similar if a in position])
    records = [papers_in[index] for index in todo]
    for members, paper in zip(clusters.members, papers_of(records, clusters)):
        papers.append(paper)
        parts[digests[part_of[todo[members[0]]]]]["papers"].append(
            {**paper, "mentions": [mention["record"] for mention in paper["mentions"]]})
    by_key = {record["id"]: record for record in records}
    index_of = {papers_in[index]["id"]: index for index in todo}
    for conflict in clusters.conflicts:
        # A conflict names mentions of one component (a candidate pair, an identifier's holders,
        # a cluster): its first mention's is its part.
        conflicts.append(_conflict(conflict, by_key))
        parts[digests[part_of[index_of[conflict["mentions"][0]["key"]]]]]["conflicts"].append(conflicts[-1])
    return papers, conflicts, parts


def _expanded(part: Any, records: Mapping[str, Record]) -> list[Paper] | None:
    """A kept part's papers with their mentions filled in from ``records`` (the component's, by id),
    or None when it is not a Part of these records (its papers are checked with the catalog's schema)."""
    if not (isinstance(part, dict) and isinstance(part.get("papers"), list) and isinstance(part.get("conflicts"), list)):
        return None
    papers: list[Paper] = []
    for paper in part["papers"]:
        if not (isinstance(paper, dict) and isinstance(paper.get("mentions"), list) and
                all(isinstance(key, str) and key in records for key in paper["mentions"])):
            return None
        papers.append(cast(Paper, {**paper, "mentions": [mention_entry(records[key]) for key in paper["mentions"]]}))
    return papers


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


def _conflict(conflict: ClusterConflict, records: Mapping[str, Record]) -> Conflict:
    """A conflict with its mentions named by source and line."""
    mentions: list[ConflictMention] = [
        {"source": records[m["key"]]["source"]["id"], "line": records[m["key"]]["source"]["line"],
         "title": m["title"]} for m in conflict["mentions"]]
    return {"type": conflict["type"], "message": conflict["message"], "mentions": mentions}
