"""Which mentions are the same paper: the pairwise rule, and clusters built from it.

The rule, in the order it is applied (``same_paper``):

1. A shared identifier (arXiv id, DOI, OpenReview id, …) links two mentions when their titles
   agree. When the titles differ the *title decides*: titles that still share most of their words
   are one paper renamed between versions (kept together, the other title becomes an alias);
   unrelated titles mean one of the links is wrong ("wrong-link"), and they are kept apart.
2. Vetoes: two different arXiv ids, two different non-arXiv DOIs, authors with no surname in
   common, one short name on two different titles, years far apart while the titles differ.
3. Equal normalized titles, or titles (or titles without a ``NAME:`` prefix) near-identical by
   rapidfuzz's ratio, are one paper; so are a title and its core behind a few other words.

Clusters are built with union-find over the candidate pairs that blocking finds (shared
identifier, shared title key, same block of similar titles), strongest evidence first; a union
that would put two different arXiv ids or DOIs, or a maintainer's "different" pair, into one
cluster is refused, so chains cannot glue distinct papers together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping

import ftfy
from rapidfuzz import fuzz

from pipeline import identifiers as ids

FUZZY = 93.0  # ratio of normalized titles above which two titles are one (typos, plurals, "(LLMs)")
RENAME = 60.0  # token-set ratio under which titles sharing an identifier are unrelated
AUTHOR_FUZZY = 85.0  # with overlapping authors, a lower title ratio is enough
MIN_FUZZY_LENGTH = 15  # shorter titles ("MoRec", "P5") must match exactly
YEARS_APART = 2
_READ_MARKS = re.compile(r"[✅✔☑✓]")
_NON_WORD = re.compile(r"[\W_]+")
_PREFIX = re.compile(r"^\s*([^:：]{1,40}?)\s*[:：]\s+(.+)$")


@dataclass(frozen=True)
class Decision:
    """Why two mentions are, or are not, one paper. Truthy when they are."""

    same: bool
    rule: str
    score: float

    def __bool__(self) -> bool:
        return self.same


@lru_cache(maxsize=200_000)
def normalize_title(title: str) -> str:
    """The matching form of a title: mojibake repaired, NFKC, casefolded, read marks, quotes and
    punctuation dropped, whitespace collapsed. Non-Latin letters are kept.

    >>> normalize_title("ONCE: Boosting Open- and Closed-source LLMs ✅")
    'once boosting open and closed source llms'
    >>> normalize_title("Uncovering ChatGPT’s Capabilities")
    'uncovering chatgpt s capabilities'
    """
    text = unicodedata.normalize("NFKC", ftfy.fix_text(title)).casefold()
    text = _READ_MARKS.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def title_core(title: str) -> str:
    """The normalized title without a short ``NAME:`` prefix (at most three words)."""
    found = _PREFIX.match(title)
    if found and len(found.group(1).split()) <= 3:
        return normalize_title(found.group(2))
    return normalize_title(title)


def identifier_set(mention: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(scheme, value) pairs from a mention's ``identifiers`` and the identifiers in its ``urls``."""
    found: set[tuple[str, str]] = set()
    given = mention.get("identifiers") or {}
    for scheme, value in given.items():
        if scheme in ids.SCHEMES and value:
            found.add((scheme, str(value).lower() if scheme == "doi" else str(value)))
    for url in _urls(mention.get("urls")):
        for scheme, value in ids.from_url(url)[0].items():
            if scheme in ids.SCHEMES:
                found.add((scheme, value))
    return found


def _urls(urls: Any) -> list[str]:
    if not urls:
        return []
    if isinstance(urls, str):
        return [urls]
    if isinstance(urls, Mapping):
        values: list[str] = []
        for value in urls.values():
            values.extend(_urls(value))
        return values
    return [url for url in urls if isinstance(url, str)]


def _surnames(authors: Iterable[str] | None) -> set[str]:
    names: set[str] = set()
    for author in authors or []:
        author = normalize_title(author.split(",")[0] if "," in author else author)
        if author:
            names.add(author.split()[-1] if "," not in author else author.split()[0])
    return names


def title_similarity(a: str, b: str) -> float:
    """The best of the ratio of the normalized titles and of their cores (no ``NAME:`` prefix)."""
    na, nb = normalize_title(a), normalize_title(b)
    if na == nb:
        return 100.0
    return max(fuzz.ratio(na, nb), fuzz.ratio(title_core(a), title_core(b)))


def same_paper(a: Mapping[str, Any], b: Mapping[str, Any]) -> Decision:
    """Decide whether two bibliographic records are one paper.

    Each is a plain mapping with ``title`` and, when known, ``year``, ``venue``, ``authors``
    (names), ``short_name``, ``identifiers`` ({scheme: value}) and ``urls`` (a URL, a list, or a
    mapping of lists). The decision carries the rule that decided and a score in 0..1.

    >>> same_paper({"title": "LLaRA: Large Language-Recommendation Assistant"},
    ...            {"title": "LLaRA: large language-recommendation assistant ✅"})
    Decision(same=True, rule='title-exact', score=1.0)
    """
    title_a, title_b = str(a.get("title") or ""), str(b.get("title") or "")
    similarity = title_similarity(title_a, title_b) if title_a and title_b else 0.0
    ids_a, ids_b = identifier_set(a), identifier_set(b)
    shared = sorted(ids_a & ids_b)
    if shared and title_a and title_b:
        scheme = shared[0][0]
        if similarity >= FUZZY:
            return Decision(True, f"identifier:{scheme}", 1.0)
        overlap = fuzz.token_set_ratio(normalize_title(title_a), normalize_title(title_b))
        if overlap >= RENAME:
            return Decision(True, f"identifier:{scheme}+renamed", round(overlap / 100, 3))
        return Decision(False, "wrong-link", round(overlap / 100, 3))
    if shared:
        return Decision(True, f"identifier:{shared[0][0]}", 1.0)
    veto = _veto(a, b, ids_a, ids_b, similarity)
    if veto:
        return Decision(False, veto, round(similarity / 100, 3))
    exact = normalize_title(title_a) == normalize_title(title_b) and bool(normalize_title(title_a))
    if exact:
        return Decision(True, "title-exact", 1.0)
    long_enough = min(len(normalize_title(title_a)), len(normalize_title(title_b))) >= MIN_FUZZY_LENGTH
    if long_enough and similarity >= FUZZY:
        return Decision(True, "title-fuzzy", round(similarity / 100, 3))
    if _same_core(title_a, title_b):
        return Decision(True, "title-core", round(similarity / 100, 3))
    authors_a, authors_b = _surnames(a.get("authors")), _surnames(b.get("authors"))
    if long_enough and authors_a & authors_b and similarity >= AUTHOR_FUZZY:
        return Decision(True, "title-fuzzy+authors", round(similarity / 100, 3))
    return Decision(False, "different-titles", round(similarity / 100, 3))


def _titles_agree(a: str, b: str) -> bool:
    return title_similarity(a, b) >= FUZZY or _same_core(a, b)


def _same_core(a: str, b: str) -> bool:
    """One title is the other's core behind at most three other words: "IDGenRec: LLM-RecSys
    Alignment with Textual ID Learning" and "Towards LLM-RecSys Alignment with Textual ID Learning"."""
    for one, other in ((a, b), (b, a)):
        core, full = title_core(one), normalize_title(other)
        if len(core.split()) >= 4 and core != full and full.endswith(" " + core) and \
                len(full[: -len(core)].split()) <= 3:
            return True
    return False


def _veto(a: Mapping[str, Any], b: Mapping[str, Any], ids_a: set[tuple[str, str]],
          ids_b: set[tuple[str, str]], similarity: float) -> str | None:
    for scheme in ("arxiv", "doi"):
        values_a = {value for kind, value in ids_a if kind == scheme}
        values_b = {value for kind, value in ids_b if kind == scheme}
        if values_a and values_b and not values_a & values_b:
            return f"veto:different-{scheme}"
    authors_a, authors_b = _surnames(a.get("authors")), _surnames(b.get("authors"))
    if authors_a and authors_b and not authors_a & authors_b:
        return "veto:different-authors"
    if similarity < 100.0:
        # One model name is used for several works ("RecGPT", "LLMRec"): a shared short name with
        # titles that differ once the name is set aside is two papers, however alike the rest.
        short_a = str(a.get("short_name") or "").casefold()
        short_b = str(b.get("short_name") or "").casefold()
        title_a, title_b = str(a.get("title") or ""), str(b.get("title") or "")
        if short_a and short_a == short_b and not _same_core(title_a, title_b) and \
                fuzz.ratio(title_core(title_a), title_core(title_b)) < FUZZY:
            return "veto:short-name-collision"
        year_a, year_b = a.get("year"), b.get("year")
        if isinstance(year_a, int) and isinstance(year_b, int) and abs(year_a - year_b) > YEARS_APART:
            return "veto:years-apart"
    return None


# --- clusters ----------------------------------------------------------------------------------

#: Order in which evidence is applied: maintainers first, then identifiers, then titles.
_STRENGTH = {"maintainer": 0, "identifier": 1, "title-exact": 2, "title-fuzzy": 3, "title-core": 4}
_BLOCK_CHARS = 12


@dataclass
class Clusters:
    """The result of clustering: member indices per cluster, and what was found on the way."""

    members: list[list[int]]
    evidence: list[list[dict[str, Any]]]
    conflicts: list[dict[str, Any]]
    #: per mention, its (scheme, value) identifiers once wrong links were taken away
    identifiers: list[frozenset[tuple[str, str]]]


class _UnionFind:
    def __init__(self, mentions: list[dict[str, Any]]) -> None:
        self.parent = list(range(len(mentions)))
        self.ids = [{scheme: {v for s, v in m["_ids"] if s == scheme} for scheme in ("arxiv", "doi")}
                    for m in mentions]
        self.members = [[index] for index in range(len(mentions))]

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def conflict(self, a: int, b: int, apart: dict[int, set[int]]) -> str | None:
        """Why the clusters of a and b must stay apart (chain guard), or None."""
        ra, rb = self.find(a), self.find(b)
        for scheme in ("arxiv", "doi"):
            if self.ids[ra][scheme] and self.ids[rb][scheme] and \
                    not self.ids[ra][scheme] & self.ids[rb][scheme]:
                return f"different-{scheme}"
        small, large = sorted((ra, rb), key=lambda root: len(self.members[root]))
        for member in self.members[small]:
            if any(self.find(other) == large for other in apart.get(member, ())):
                return "maintainer:different"
        return None

    def union(self, a: int, b: int) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return
        self.parent[rb] = ra
        self.members[ra].extend(self.members[rb])
        for scheme in ("arxiv", "doi"):
            self.ids[ra][scheme] |= self.ids[rb][scheme]


def cluster(mentions: list[dict[str, Any]], same: Iterable[tuple[int, int, str]] = (),
            different: Iterable[tuple[int, int]] = ()) -> Clusters:
    """Group mentions (mappings as ``same_paper`` takes, plus a unique ``key``) into papers.

    ``same`` and ``different`` are maintainer decisions (index pairs; ``same`` with its reason).
    The result does not depend on the order of ``mentions``: pairs are decided and applied in an
    order fixed by their keys.
    """
    work = [dict(mention, _ids=frozenset(identifier_set(mention))) for mention in mentions]
    conflicts = _strip_wrong_links(work)
    decided: list[tuple[int, float, str, str, int, int, Decision]] = []
    for a, b in sorted(_candidate_pairs(work)):
        decision = same_paper(_view(work[a]), _view(work[b]))
        if decision:
            strength = _STRENGTH.get(decision.rule.split(":")[0].split("+")[0], 3)
            keys = sorted((work[a]["key"], work[b]["key"]))
            decided.append((strength, -decision.score, keys[0], keys[1], a, b, decision))
        elif decision.rule.startswith("veto:different-") and \
                normalize_title(work[a]["title"]) == normalize_title(work[b]["title"]):
            conflicts.append(_conflict("same-title-different-ids", decision.rule, work, [a, b]))
    for a, b, reason in same:
        keys = sorted((work[a]["key"], work[b]["key"]))
        decided.append((0, -1.0, keys[0], keys[1], a, b, Decision(True, f"maintainer:same ({reason})", 1.0)))
    apart: dict[int, set[int]] = {}
    for a, b in different:
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    forest = _UnionFind(work)
    evidence: dict[int, list[dict[str, Any]]] = {}
    for strength, _score, key_a, key_b, a, b, decision in sorted(decided, key=lambda item: item[:4]):
        if forest.find(a) == forest.find(b):
            continue
        reason = forest.conflict(a, b, apart)
        if reason and not (strength == 0 and reason != "maintainer:different"):
            if reason != "maintainer:different":
                conflicts.append(_conflict("chain-refused", f"{decision.rule} refused: {reason}", work, [a, b]))
            continue
        edges = evidence.pop(forest.find(a), []) + evidence.pop(forest.find(b), [])
        forest.union(a, b)
        edges.append({"a": key_a, "b": key_b, "rule": decision.rule, "score": decision.score})
        evidence[forest.find(a)] = edges
    roots = sorted({forest.find(index) for index in range(len(work))})
    members = [sorted(forest.members[root], key=lambda i: work[i]["key"]) for root in roots]
    edges_of = [sorted(evidence.get(root, []), key=lambda e: (e["a"], e["b"])) for root in roots]
    for group in members:
        titles = sorted({normalize_title(work[i]["title"]): work[i]["title"] for i in group}.values())
        if any(not _titles_agree(x, y) for n, x in enumerate(titles) for y in titles[n + 1:]):
            conflicts.append(_conflict("divergent-cluster", "titles of one paper diverge", work, group))
    return Clusters(members, edges_of, conflicts, [mention["_ids"] for mention in work])


def _view(mention: dict[str, Any]) -> dict[str, Any]:
    """A mention as same_paper sees it: with the identifiers left after wrong links were removed."""
    found: dict[str, str] = {}
    view = {key: value for key, value in mention.items() if key not in ("identifiers", "urls", "_ids")}
    for scheme, value in sorted(mention["_ids"]):
        found.setdefault(scheme, value)
    view["identifiers"] = found
    # Several values of one scheme (rare): keep them all visible to the veto through urls.
    view["urls"] = [f"https://arxiv.org/abs/{value}" for scheme, value in mention["_ids"]
                    if scheme == "arxiv" and found.get("arxiv") != value]
    return view


def _candidate_pairs(work: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Pairs worth deciding: shared identifier, equal title, or titles in one similarity block."""
    from rapidfuzz import process

    pairs: set[tuple[int, int]] = set()
    groups: dict[Any, list[int]] = {}
    for index, mention in enumerate(work):
        for identifier in mention["_ids"]:
            groups.setdefault(identifier, []).append(index)
        groups.setdefault(("title", normalize_title(mention["title"])), []).append(index)
    for group in groups.values():
        # Small groups: every pair, so one veto cannot cut the rest apart; large ones: a star and a chain.
        group.sort(key=lambda i: work[i]["key"])
        if len(group) <= 12:
            pairs.update((min(a, b), max(a, b)) for n, a in enumerate(group) for b in group[n + 1:])
        else:
            pairs.update((min(a, b), max(a, b)) for a, b in zip(group, group[1:]))
            pairs.update((min(group[0], i), max(group[0], i)) for i in group[1:])
    first_of: dict[str, int] = {}
    for index in sorted(range(len(work)), key=lambda i: work[i]["key"]):
        first_of.setdefault(normalize_title(work[index]["title"]), index)
    blocks: dict[str, set[str]] = {}
    for title in first_of:
        for form in (title, title_core(work[first_of[title]]["title"])):
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


def _strip_wrong_links(work: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Find identifiers shared by unrelated titles; take each away from the mentions it does not
    belong to, and report it. The owner is the title group whose title does not appear elsewhere
    with another identifier of the scheme; ties go to the larger group, then the first key."""
    conflicts: list[dict[str, Any]] = []
    holders: dict[tuple[str, str], list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for index, mention in enumerate(work):
        for identifier in mention["_ids"]:
            holders.setdefault(identifier, []).append(index)
        by_title.setdefault(normalize_title(mention["title"]), []).append(index)
    for identifier in sorted(holders):
        group = holders[identifier]
        if len(group) < 2 or len({normalize_title(work[i]["title"]) for i in group}) < 2:
            continue
        parts: list[list[int]] = []
        for index in sorted(group, key=lambda i: work[i]["key"]):
            home = next((part for part in parts if same_paper(_view(work[part[0]]), _view(work[index]))), None)
            if home is None:
                parts.append([index])
            else:
                home.append(index)
        if len(parts) < 2:
            continue
        scheme, value = identifier

        def claimed(part: list[int]) -> bool:
            return any((scheme, value) not in work[other]["_ids"] and
                       any(s == scheme for s, _v in work[other]["_ids"])
                       for i in part for other in by_title[normalize_title(work[i]["title"])])

        owner = min(parts, key=lambda part: (claimed(part), -len(part), work[part[0]]["key"]))
        for part in parts:
            if part is owner:
                continue
            for index in part:
                work[index]["_ids"] = work[index]["_ids"] - {identifier}
            conflicts.append(_conflict("wrong-link", f"{scheme}:{value} belongs to "
                                       f"{work[owner[0]]['title']!r}", work, owner + part))
    return conflicts


def _conflict(kind: str, message: str, work: list[dict[str, Any]], indices: list[int]) -> dict[str, Any]:
    return {"type": kind, "message": message,
            "mentions": sorted(({"key": work[i]["key"], "title": work[i]["title"]} for i in indices),
                               key=lambda m: m["key"])}
