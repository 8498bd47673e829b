"""Merge awesome lists of research papers into one deduplicated catalog.

Modules, in the order the data flows (each module's first docstring line says its one job):

    paths.py                 where sources, schemas and build outputs live
    problems.py              problems as data (code, file:line, message), the CODES table, report()
    files.py                 the only writer: canonical JSON, atomic replacement
    limits.py                memory and time bounds on every whole-file reader
    manifest.py              sources/manifest.json (and decisions.json) read and resolved
    validate.py              documents against schemas/*.schema.json
    text.py                  text rules every stage shares: mojibake, read marks, NAME: prefixes, link labels
    pandoc.py                finding and running pandoc
    read/prescan.py          up-front checks of a source's shape
    read/github.py           GitHub's own reading (cmark-gfm): the items and rows it renders
    read/parse.py            source bytes -> text -> pandoc AST, raw HTML structure raised into it
    read/crosscheck.py       mistune's independent reading, compared with pandoc's
    entries/layout.py        spanned table cells and sub-items that only support their parent
    entries/pandoc_json.py   pandoc's JSON read directly: children, attributes, items and rows counted
    entries/extract.py       pandoc AST -> entries (list items, table rows, paragraph entries)
    entries/authors.py       author lists as written -> names; name parts
    entries/venues.py        venue and date strings -> (venue, year, month)
    entries/sentences.py     a citation's text -> sentences: venue, authors or other
    entries/citation.py      an entry written as a citation -> title, authors, venue, year, short name
    records/hosts.py         URLs read safely; hosts matched by whole labels
    records/identifiers.py   arXiv ids, DOIs and other identifiers from URLs and strings
    records/fields.py        entries -> record fields: title, short name, venue, year, links, identifiers
    records/kinds.py         what a record is (paper, survey, repository...) and why
    records/titlecheck.py    why a record's title still looks unclean
    records/build.py         entries -> schema-valid records and rejects, with the accounting
    records/shapes.py        a record and a records file as TypedDicts (schemas/record.schema.json)
    match/people.py          author lists compared as people
    match/titles.py          titles as matching compares them: normalize_title, title_core, citation residue
    match/same_paper.py      the pairwise rule: are two mentions one paper
    catalog/cluster.py       mentions -> clusters of one paper each (union-find over candidate pairs)
    digests.py               canonical JSON, and the digest a record is named by in the merge's parts and caches
    catalog/components.py    paper records -> the independent parts of the merge, each kept by a digest
    catalog/decisions.py     maintainers' same/different decisions, found again on every build
    catalog/papers.py        clusters of paper records -> papers: each field chosen from its mentions; resources
    catalog/build.py         records of every source -> papers.json: papers, resources, conflicts
    catalog/shapes.py        papers.json and its papers, resources, conflicts as TypedDicts (schemas/papers.schema.json)
    outputs/document.py      pandoc document builders and their GFM text
    outputs/tables.py        papers.csv, mentions.csv, resources.csv, datapackage.json
    outputs/listing.py       papers.md, the merged list for GitHub
    outputs/overlap.py       overlap.png, shared papers per pair of lists
    outputs/report.py        report.json and report.md
    outputs/citations.py     papers.bib and papers.csl.json
    outputs/database.py      papers.db and datasette's metadata.json
    outputs/webpage.py       index.html, searchable
    outputs/loader.py        the catalog into pandas (the consumer's entry point)
    releases/buildstate.py   what a finished build recorded, and the check task
    releases/release.py      versioned, guarded snapshots of a build
    releases/diff.py         two catalogs -> what changed
    caches.py                the build's caches (build/cache): read back, checked, kept for the next build
    commands.py              diff, release, decisions, records: shared by the two shells below
    tasks.py                 the doit actions of parse, extract and catalog (shell)
    artifacts.py             the doit actions that write the artifacts from papers.json (shell)
    cli.py                   python -m pipeline (shell)
    lazy.py, deps.py, progress.py   doit helpers: lazy actions, code dependencies, progress lines
    targets.py               doit helper: what each task wrote, so a hand-edited target is built again
    statefile.py             doit helper: its state file, replaced atomically and only when it changed
"""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # load_catalog needs pandas: import it on first use so that `import pipeline` (and doit) stay fast.
    if name == "load_catalog":
        from pipeline.outputs.loader import load_catalog

        return load_catalog
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
