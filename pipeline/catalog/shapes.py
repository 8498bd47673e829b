"""The catalog stage's hand-off: papers.json and its parts as TypedDicts, mirroring schemas/papers.schema.json.

The JSON schema stays the contract on disk (the downstream one); these types say the same to
mypy, key for key (tests/test_shapes.py compares the two), so the outputs and the releases read
papers by name. The module imports only the records stage's shapes, so the outputs import it
without loading the matcher.
"""

# No ``from __future__ import annotations``: under Python 3.11 a TypedDict only sees NotRequired in
# annotations that are evaluated, and tests/test_shapes.py reads __optional_keys__.
from typing import Literal, NotRequired, TypedDict

from pipeline.records.shapes import Link, Urls

#: The kinds a paper may have: papers, surveys, and datasets and benchmarks that come with a paper.
PaperKind = Literal["paper", "survey", "dataset", "benchmark"]
#: The kinds a resource may have: everything that is not a paper.
ResourceKind = Literal["dataset", "benchmark", "repository", "tool", "model", "blog", "course", "list",
                       "resource", "unknown"]
ConflictType = Literal["wrong-link", "same-title-different-ids", "chain-refused", "divergent-cluster"]


class CatalogSource(TypedDict):
    """One source as the catalog lists it: the manifest's description and what was read from it."""

    id: str
    path: str | None
    sha256: str | None
    title: str
    upstream: str | None
    commit: str | None
    date: str | None
    language: str | None
    superseded_by: str | None  #: an older snapshot of this list: listed, never counted
    skipped: NotRequired[bool]  #: the source could not be read: it gave no records
    records: int


class PaperIdentifiers(TypedDict):
    """A paper's identifiers: its arXiv id and DOI, and the other schemes' ids by scheme."""

    arxiv: str | None
    doi: str | None
    other: dict[str, str]


class PaperMention(TypedDict):
    """Where a list mentions a paper, and the title and links it gives it there."""

    record: str
    source: str
    line: int
    section: list[str]
    title: str
    links: list[Link]


class Evidence(TypedDict):
    """One link between two mentions of a cluster: their record ids, the rule and its score."""

    a: str
    b: str
    rule: str
    score: float


class Paper(TypedDict):
    """One deduplicated paper of papers.json, with the mentions it was merged from."""

    id: str  #: arxiv:<id>, else doi:<doi>, else <scheme>:<id>, else title:<hash>
    title: str
    aliases: list[str]
    short_names: list[str]
    authors: NotRequired[list[str]]  #: the longest author list a mention writes; absent when none does
    kind: PaperKind
    year: int | None
    venue: str | None
    identifiers: PaperIdentifiers
    urls: Urls
    lists: list[str]
    topics: dict[str, list[list[str]]]
    attributes: dict[str, dict[str, str]]
    mentions: list[PaperMention]
    evidence: list[Evidence]


class ResourceMention(TypedDict):
    """Where a list mentions a resource."""

    record: str
    source: str
    line: int
    section: list[str]
    title: str
    kind_reason: NotRequired[str]  #: the rule that decided this mention's kind


class Resource(TypedDict):
    """A repository, tool, dataset without a paper…: grouped by its first URL, else its title."""

    id: str  #: url:<normalized URL> or title:<hash>
    kind: ResourceKind
    title: str
    urls: list[str]
    lists: list[str]
    mentions: list[ResourceMention]


class ConflictMention(TypedDict):
    """A mention a conflict names."""

    source: str
    line: int
    title: str


class Conflict(TypedDict):
    """Something a maintainer should look at: a wrong link, a refused chain, a divergent cluster."""

    type: ConflictType
    message: str
    mentions: list[ConflictMention]


class CatalogCounts(TypedDict):
    """The catalog's totals."""

    papers: int
    resources: int
    mentions: int
    conflicts: int
    papers_in_two_or_more_lists: int


class Catalog(TypedDict):
    """build/catalog/papers.json: the deduplicated catalog."""

    schema_version: Literal["1.0"]
    pipeline_version: str
    sources: list[CatalogSource]
    papers: list[Paper]
    resources: list[Resource]
    conflicts: list[Conflict]
    counts: CatalogCounts
