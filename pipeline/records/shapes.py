"""The records stage's hand-off: a record and a records file as TypedDicts, mirroring schemas/record.schema.json.

The JSON schema stays the contract on disk; these types say the same to mypy, key for key
(tests/test_shapes.py compares the two), so every later stage reads records by name. The module
imports only pipeline.problems: the catalog, the outputs and the shells import it without
loading the records stage itself.
"""

# No ``from __future__ import annotations``: under Python 3.11 a TypedDict only sees NotRequired in
# annotations that are evaluated, and tests/test_shapes.py reads __optional_keys__.
from typing import Literal, NotRequired, TypedDict, get_args

from pipeline.problems import ProblemData

#: What an entry is ("kind" in the schema), decided by pipeline/records/kinds.py.
RecordKind = Literal["paper", "survey", "dataset", "benchmark", "repository", "tool", "model", "blog",
                     "course", "list", "resource", "unknown"]
#: The kinds in that order, as the report's tables show them.
KINDS: tuple[RecordKind, ...] = get_args(RecordKind)
#: The sort of block an entry stands in.
BlockType = Literal["ordered-list", "bullet-list", "table", "paragraph"]


class Provenance(TypedDict):
    """Where a record was read: its source's id, the source file as shown, the line."""

    id: str
    file: str
    line: int


class Block(TypedDict):
    """The list, table or paragraph a record stands in, and its place there."""

    type: BlockType
    index: int  #: the nth list or table of the source, from 1
    position: int  #: the item's or row's place in it, from 1
    depth: int  #: list nesting depth; 0 for rows


class Link(TypedDict):
    """A link as written: its label and its URL."""

    label: str
    url: str


class Urls(TypedDict):
    """A record's links sorted into the paper's, the code's and the others."""

    paper: str | None
    code: str | None
    other: list[str]


class Identifiers(TypedDict, total=False):
    """The identifiers read from a record's links; a scheme is absent when none was found."""

    arxiv: str
    arxiv_version: str
    doi: str
    openreview: str
    acl: str
    aaai: str
    ieee: str
    semantic_scholar: str
    ssrn: str
    neurips: str


class EntryFields(TypedDict):
    """What an entry says of its paper: the fields a record has beside its place and kind
    (pipeline.records.fields reads them, pipeline.records.build adds the rest)."""

    title: str
    authors: NotRequired[list[str]]  #: absent when the list names none
    short_name: str | None
    venue: str | None
    year: int | None
    month: int | None
    urls: Urls
    identifiers: Identifiers
    notes: str | None
    attributes: dict[str, str]
    read_mark: bool  #: a check mark the list's author put on it


class Record(EntryFields):
    """One list item or table row read into fields: an item of build/records/<source>.json."""

    id: str  #: <source id>:<line>, unique within the catalog
    source: Provenance
    block: Block
    section: list[str]  #: every enclosing heading, outermost first
    headers: list[str] | None  #: the table's header names; None for list items
    text: str | None  #: a list item's text as found; None for rows
    cells: list[str] | None  #: a table row's cells as found; None for list items
    links: list[Link]
    kind: RecordKind
    kind_reason: str  #: the rule that decided the kind


class SourceRef(TypedDict):
    """The source a records file was read from (sha256 None when the source could not be read)."""

    id: str
    path: str
    sha256: str | None


class Reject(TypedDict):
    """An entry that did not become a record, with the reason why and the entry as found."""

    line: int
    code: str
    message: str
    section: list[str]
    block: Block
    text: str | None
    cells: list[str] | None
    links: list[Link]


class Counts(TypedDict):
    """The accounting of one source: what GitHub shows and what each entry became."""

    items_and_rows: int
    records: int
    rejects: int
    skipped_blank: int
    skipped_folded: int
    github_differs: int
    pandoc_only: int
    paragraph_entries: int


class RecordsFile(TypedDict):
    """build/records/<source>.json: one source's records, rejects, counts and problems."""

    source: SourceRef
    records: list[Record]
    rejects: list[Reject]
    counts: Counts
    problems: list[ProblemData]
