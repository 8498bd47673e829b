"""Mentions -> clusters of one paper each, with the evidence that linked them.

Clusters are built with union-find over the candidate pairs that blocking finds (shared
identifier, shared title key, same block of similar titles), strongest evidence first; a union
that would put two different arXiv ids or DOIs, or a maintainer's "different" pair, into one
cluster is refused, so chains cannot glue distinct papers together.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Iterable, Sequence, TypedDict, cast

from rapidfuzz import fuzz, process

from pipeline.match.same_paper import (
    AUTHOR_FUZZY,
    Mention,
    MIN_FUZZY_LENGTH,
    identifier_set,
    same_paper,
    titles_agree,
)
from pipeline.catalog.shapes import ConflictType, Evidence
from pipeline.match.titles import normalize_title, title_core

#: Order in which evidence is applied: maintainers first, then identifiers, then titles.
_STRENGTH = {"maintainer": 0, "identifier": 1, "title-exact": 2, "title-fuzzy": 3, "title-core": 4}
_BLOCK_CHARS = 12


class MentionRef(TypedDict):
    """A mention a conflict names, by its key (the catalog turns it into source and line)."""

    key: str
    title: str


class ClusterConflict(TypedDict):
    """A conflict found while clustering: papers.json's Conflict, its mentions still named by key."""

    type: ConflictType
    message: str
    mentions: list[MentionRef]


@dataclass
class Clusters:
    """The result of clustering: member indices per cluster, and what was found on the way."""

    members: list[list[int]]
    evidence: list[list[Evidence]]
    conflicts: list[ClusterConflict]
    #: per mention, its (scheme, value) identifiers once wrong links were taken away
    identifiers: list[frozenset[tuple[str, str]]]


_NO_IDS: frozenset[str] = frozenset()


class _UnionFind:
    def __init__(self, mentions: list[Mention]) -> None:
        self.parent = list(range(len(mentions)))
        # Per root, its (arXiv ids, DOIs). Most mentions have at most one of each: a pair sharing one
        # empty set costs a tenth of a dict of two sets per mention (120 MiB at 200,000 mentions).
        self.ids = [(frozenset(v for s, v in m["ids"] if s == "arxiv") or _NO_IDS,
                     frozenset(v for s, v in m["ids"] if s == "doi") or _NO_IDS) for m in mentions]
        #: members of the roots that have more than themselves
        self.members: dict[int, list[int]] = {}

    def members_of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def conflict(self, a: int, b: int, apart: dict[int, set[int]]) -> str | None:
        """Why the clusters of a and b must stay apart (chain guard), or None."""
        ra, rb = self.find(a), self.find(b)
        for position, scheme in enumerate(("arxiv", "doi")):
            if self.ids[ra][position] and self.ids[rb][position] and \
                    not self.ids[ra][position] & self.ids[rb][position]:
                return f"different-{scheme}"
        small, large = sorted((ra, rb), key=lambda root: len(self.members_of(root)))
        for member in self.members_of(small):
            if any(self.find(other) == large for other in apart.get(member, ())):
                return "maintainer:different"
        return None

    def union(self, a: int, b: int) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return
        self.parent[rb] = ra
        merged = self.members.setdefault(ra, [ra])
        merged.extend(self.members.pop(rb, [rb]))
        self.ids[ra] = (self.ids[ra][0] | self.ids[rb][0], self.ids[ra][1] | self.ids[rb][1])
        self.ids[rb] = (_NO_IDS, _NO_IDS)  # only roots are read


def cluster(mentions: Iterable[Mention], same: Iterable[tuple[int, int, str]] = (),
            different: Iterable[tuple[int, int]] = (), similar: Iterable[tuple[int, int]] | None = None) -> Clusters:
    """Group mentions (mappings as ``same_paper`` takes, plus a unique ``key``) into papers.

    ``same`` and ``different`` are maintainer decisions (index pairs; ``same`` with its reason).
    The result does not depend on the order of ``mentions``: pairs are decided and applied in an
    order fixed by their keys. Indices are positions in ``mentions``, which may be a generator:
    the mappings are copied once, so the caller need not keep a list of them.

    ``known`` holds decisions of an earlier merge (its ``Clusters.decided``) by the content of the
    pair: ``same_paper`` is a function of the two mentions' fields alone, so a pair whose mentions
    read the same is not decided again (after an edit, every pair of unchanged mentions).
    """
    # "ids": each mention's identifiers, read once; same_paper uses them, and wrong links are
    # taken out of them below.
    work = [cast(Mention, dict(mention, ids=frozenset(identifier_set(mention)))) for mention in mentions]
    conflicts = _strip_wrong_links(work)
    # (strength, -score, content order of the pair, key a, key b, a, b, rule): the rule string
    # interned and the Decision dropped, as there is one of these per linked pair (a million at
    # 200,000 mentions).
    decided: list[tuple[int, float, str, str, str, str, int, int, str]] = []
    for a, b in sorted(_candidate_pairs(work, similar)):
        decision = same_paper(work[a], work[b])
        if decision:
            strength = _STRENGTH.get(decision.rule.split(":")[0].split("+")[0], 3)
            keys = sorted((work[a]["key"], work[b]["key"]))
            decided.append((strength, -decision.score, *_order(work, a, b), keys[0], keys[1], a, b,
                            sys.intern(decision.rule)))
        elif decision.rule in ("veto:different-arxiv", "veto:different-doi") and \
                normalize_title(work[a]["title"]) == normalize_title(work[b]["title"]):
            conflicts.append(_conflict("same-title-different-ids", decision.rule, work, [a, b]))
    for a, b, why in same:
        keys = sorted((work[a]["key"], work[b]["key"]))
        decided.append((0, -1.0, *_order(work, a, b), keys[0], keys[1], a, b, f"maintainer:same ({why})"))
    apart: dict[int, set[int]] = {}
    for a, b in different:
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    forest = _UnionFind(work)
    evidence: dict[int, list[Evidence]] = {}
    for strength, negative_score, _first, _second, key_a, key_b, a, b, rule in sorted(decided,
                                                                                   key=lambda item: item[:6]):
        if forest.find(a) == forest.find(b):
            continue
        reason = forest.conflict(a, b, apart)
        if reason and not (strength == 0 and reason != "maintainer:different"):
            if reason != "maintainer:different":
                conflicts.append(_conflict("chain-refused", f"{rule} refused: {reason}", work, [a, b]))
            continue
        edges = evidence.pop(forest.find(a), []) + evidence.pop(forest.find(b), [])
        forest.union(a, b)
        edges.append({"a": key_a, "b": key_b, "rule": rule, "score": -negative_score})
        evidence[forest.find(a)] = edges
    roots = sorted({forest.find(index) for index in range(len(work))})
    members = [sorted(forest.members_of(root), key=lambda i: work[i]["key"]) for root in roots]
    edges_of = [sorted(evidence.get(root, []), key=lambda e: (e["a"], e["b"])) for root in roots]
    for group in members:
        titles = sorted({normalize_title(work[i]["title"]): work[i]["title"] for i in group}.values())
        if any(not titles_agree(x, y) for n, x in enumerate(titles) for y in titles[n + 1:]):
            conflicts.append(_conflict("divergent-cluster", "titles of one paper diverge", work, group))
    return Clusters(members, edges_of, conflicts, [mention["ids"] for mention in work])


def _order(work: list[Mention], a: int, b: int) -> tuple[str, str]:
    """The pair's place among equally strong unions: by the mentions' content ("order", when the
    caller gives it) rather than their keys, which hold line numbers that upstream edits shift."""
    first, second = sorted((work[a].get("order", work[a]["key"]), work[b].get("order", work[b]["key"])))
    return first, second


def _candidate_pairs(work: list[Mention], similar: Iterable[tuple[int, int]] | None = None) -> set[tuple[int, int]]:
    """Pairs worth deciding: shared identifier, equal title, or alike titles (``similar``, else
    similar_titles of ``work``)."""
    pairs = set(similar) if similar is not None else \
        similar_titles([mention["title"] for mention in work], [mention["key"] for mention in work])
    groups: dict[Any, list[int]] = {}
    for index, mention in enumerate(work):
        for identifier in mention["ids"]:
            groups.setdefault(identifier, []).append(index)
        groups.setdefault(("title", normalize_title(mention["title"])), []).append(index)
    for group in groups.values():
        # Tiny groups: every pair, so one veto cannot cut the rest apart; others: a star and a
        # chain, so the pairs grow with the mentions, not with their square.
        group.sort(key=lambda i: work[i]["key"])
        if len(group) <= 4:
            pairs.update((min(a, b), max(a, b)) for n, a in enumerate(group) for b in group[n + 1:])
        else:
            pairs.update((min(a, b), max(a, b)) for a, b in zip(group, group[1:]))
            pairs.update((min(group[0], i), max(group[0], i)) for i in group[1:])
    return pairs


def similar_titles(titles: Sequence[str], keys: Sequence[str]) -> set[tuple[int, int]]:
    """Index pairs of mentions (given by title and key; the first by key of each normalized title)
    whose titles are alike: they share their first or last characters (or those of their core) and
    fuzz.ratio finds them close. Whether two titles are alike does not depend on the other titles."""
    pairs: set[tuple[int, int]] = set()
    first_of: dict[str, int] = {}
    for index in sorted(range(len(titles)), key=keys.__getitem__):
        first_of.setdefault(normalize_title(titles[index]), index)
    blocks: dict[str, set[str]] = {}
    for title in first_of:
        for form in (title, title_core(titles[first_of[title]])):
            if len(form) >= MIN_FUZZY_LENGTH:
                blocks.setdefault("<" + form[:_BLOCK_CHARS], set()).add(title)
                blocks.setdefault(">" + form[-_BLOCK_CHARS:], set()).add(title)
    seen: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) < 2:
            continue
        titles = sorted(block)
        scores = process.cdist(titles, titles, scorer=fuzz.ratio, score_cutoff=AUTHOR_FUZZY, workers=1)
        for row, column in zip(*scores.nonzero()):
            if row < column and (titles[row], titles[column]) not in seen:
                seen.add((titles[row], titles[column]))
                a, b = first_of[titles[row]], first_of[titles[column]]
                pairs.add((min(a, b), max(a, b)))
    return pairs


def _strip_wrong_links(work: list[Mention]) -> list[ClusterConflict]:
    """Find identifiers shared by unrelated titles; take each away from the mentions it does not
    belong to, and report it. The owner is the title group whose title does not appear elsewhere
    with another identifier of the scheme; ties go to the title the lists cite more often, then to
    the first by content (never by line: moving rows upstream must not move the identifier)."""
    conflicts: list[ClusterConflict] = []
    holders: dict[tuple[str, str], list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for index, mention in enumerate(work):
        for identifier in mention["ids"]:
            holders.setdefault(identifier, []).append(index)
        by_title.setdefault(normalize_title(mention["title"]), []).append(index)
    for identifier in sorted(holders):
        group = holders[identifier]
        if len(group) < 2 or len({normalize_title(work[i]["title"]) for i in group}) < 2:
            continue
        parts: list[list[int]] = []
        for index in sorted(group, key=lambda i: (work[i].get("order", work[i]["key"]), work[i]["key"])):
            home = next((part for part in parts if same_paper(work[part[0]], work[index])), None)
            if home is None:
                parts.append([index])
            else:
                home.append(index)
        if len(parts) < 2:
            continue
        scheme, value = identifier

        def claimed(part: list[int]) -> bool:
            return any((scheme, value) not in work[other]["ids"] and
                       any(s == scheme for s, _v in work[other]["ids"])
                       for i in part for other in by_title[normalize_title(work[i]["title"])])

        def cited(part: list[int]) -> int:
            return len({other for i in part for other in by_title[normalize_title(work[i]["title"])]})

        owner = min(parts, key=lambda part: (claimed(part), -cited(part),
                                             work[part[0]].get("order", work[part[0]]["key"])))
        for part in parts:
            if part is owner:
                continue
            for index in part:
                work[index]["ids"] = work[index]["ids"] - {identifier}
            conflicts.append(_conflict("wrong-link", f"{scheme}:{value} belongs to "
                                       f"{work[owner[0]]['title']!r}", work, owner + part))
    return conflicts


def _conflict(kind: ConflictType, message: str, work: list[Mention], indices: list[int]) -> ClusterConflict:
    return {"type": kind, "message": message,
            "mentions": sorted(({"key": work[i]["key"], "title": work[i]["title"]} for i in indices),
                               key=lambda m: m["key"])}
