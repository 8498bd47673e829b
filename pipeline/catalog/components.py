"""Paper records -> the independent parts of the merge, and a digest of what each part is made of.

Clustering (pipeline/catalog/cluster.py) looks from one mention to another only when the two share
an identifier or a normalized title, have alike titles (``cluster.similar_titles``), or are named
together by a maintainer's decision: candidate pairs, wrong links and the chain guard all follow
those links. The mentions joined by them, directly or through others, form a component; its papers
and conflicts are a function of its records and decisions alone, whatever the other components hold.

So the merge keeps each component's papers and conflicts by ``part_digest`` (in
build/cache/catalog-parts.json) and, after an edit, clusters only the components whose records or
decisions changed: the others are taken as they were. The catalog is the one a merge from scratch
gives (tests/test_catalog_reuse.py).
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Mapping, Sequence

from pipeline.digests import canonical, record_digest
from pipeline.match.same_paper import identifier_set
from pipeline.match.titles import normalize_title
from pipeline.records.shapes import Record

__all__ = ["components", "part_digest"]


def components(records: Sequence[Record], decided: Iterable[tuple[int, int]],
               similar: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The records' indices in components, each in increasing order, the components in the order of
    their first index. ``decided`` holds the index pairs of the maintainers' decisions, ``similar``
    those of alike titles (``cluster.similar_titles`` of the records' titles and ids)."""
    parent = list(range(len(records)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(a: int, b: int) -> None:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first: dict[tuple[str, str], int] = {}
    for index, record in enumerate(records):
        # The identifiers as the matcher reads them (cluster() gives it a record's identifiers
        # only, not its links), and the normalized title.
        for link in (*identifier_set({"identifiers": record["identifiers"]}),
                     ("title", normalize_title(record["title"]))):
            join(index, first.setdefault(link, index))
    for a, b in [*similar, *decided]:
        join(a, b)
    parts: dict[int, list[int]] = {}
    for index in range(len(records)):
        parts.setdefault(find(index), []).append(index)
    return list(parts.values())


def part_digest(records: Iterable[Record], decisions: Iterable[Sequence[str]],
                digest_of: Mapping[str, bytes | None] | None = None) -> str:
    """A digest of a component: every field of its records (in the order given) and its decisions.

    Each record counts by its record_digest, taken from ``digest_of`` (by record id) when given
    there: the records kept decoded between builds carry theirs (pipeline/caches.py), and encoding
    every record again took a second at 1,000 lists. A record not named there (None: its id is held
    twice) is encoded here.
    """
    digest = hashlib.sha256()
    for record in records:
        digest.update((digest_of.get(record["id"]) if digest_of else None) or record_digest(record))
    digest.update(canonical(sorted(list(decision) for decision in decisions)))
    return digest.hexdigest()
