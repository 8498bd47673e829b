"""The quality report (report.json and report.md): what a maintainer needs to fix upstream lists.

Per source: records, rejects with line and reason, skipped blank rows and warnings; then the
parser cross-check, conflicts (wrong links, divergent clusters) with their lines, papers without
any identifier, malformed identifiers, and the largest overlaps between lists.
"""

# No ``from __future__ import annotations``: under Python 3.11 a TypedDict only sees NotRequired in
# annotations that are evaluated, and tests/test_shapes.py reads __optional_keys__.
import hashlib
from typing import Any, Mapping, NotRequired, Sequence, TypedDict

import panflute as pf

from pipeline.catalog.shapes import Catalog, Conflict
from pipeline.digests import canonical
from pipeline.records.shapes import KINDS, Counts, RecordKind, RecordsFile, Reject, SourceRef
from pipeline.outputs.document import bullets, gfm_parts, header, image, para, table
from pipeline.outputs.overlap import Overlap, largest_overlaps, overlap_counts
from pipeline.problems import Problem, ProblemData

MALFORMED = ("bad-doi", "repaired-doi", "repaired-arxiv")


class RejectLine(TypedDict):
    """A reject as the report lists it."""

    line: int
    code: str
    message: str


class ReportSource(TypedDict):
    """One source's part of the report: what its entries became, its kinds and its problems."""

    id: str
    path: str | None
    superseded_by: str | None
    skipped: NotRequired[bool]
    items_and_rows: int
    records: int
    rejects: list[RejectLine]
    skipped_blank: int
    skipped_folded: NotRequired[int]
    paragraph_entries: NotRequired[int]
    kinds: dict[str, int]
    problems: list[ProblemData]


class Unidentified(TypedDict):
    """A paper without any identifier, and where the lists mention it (source:line)."""

    id: str
    title: str
    mentions: list[str]


class ReportSummary(TypedDict):
    """The report's totals: its own, then the catalog's counts."""

    sources: int
    active_sources: int
    records: int
    rejects: int
    skipped_blank: int
    errors: int
    warnings: int
    papers_without_identifier: int
    papers: int
    resources: int
    mentions: int
    conflicts: int
    papers_in_two_or_more_lists: int


class Report(TypedDict):
    """report.json: schemas/report.schema.json."""

    summary: ReportSummary
    sources: list[ReportSource]
    crosscheck: list[ProblemData]
    conflicts: list[Conflict]
    papers_without_identifier: list[Unidentified]
    malformed_identifiers: list[ProblemData]
    largest_overlaps: list[Overlap]


class KindOf(TypedDict):
    """A record as the report reads it: its kind."""

    kind: RecordKind


class ReportInput(TypedDict):
    """What the report reads of a records file (``report_part``)."""

    source: SourceRef
    records: list[KindOf]
    rejects: NotRequired[list[Reject]]
    counts: NotRequired[Counts]
    problems: NotRequired[list[ProblemData]]


def report_part(records_file: RecordsFile) -> ReportInput:
    """What build_report reads of a records file: its source, counts, problems and rejects, and its
    records reduced to their kinds. Taken from each file as it is read, so that the records of a
    thousand lists (650 MB decoded) are never held at once."""
    part: ReportInput = {"source": records_file["source"],
                         "records": [{"kind": record["kind"]} for record in records_file.get("records", [])]}
    # a part the file lacks stays absent, as build_report reads a whole file (with .get)
    if "rejects" in records_file:
        part["rejects"] = records_file["rejects"]
    if "counts" in records_file:
        part["counts"] = records_file["counts"]
    if "problems" in records_file:
        part["problems"] = records_file["problems"]
    return part


def build_report(catalog: Catalog, records_files: Sequence[ReportInput]) -> Report:
    """The report's data, from the catalog and the records files of every source."""
    by_id = {f["source"]["id"]: f for f in records_files}
    sources: list[ReportSource] = []
    problems: list[ProblemData] = []
    for source in catalog["sources"]:
        # a source without a records file (never built) reads as one without records
        found: Mapping[str, Any] = by_id.get(source["id"], {})
        counts = found.get("counts", {})
        own = found.get("problems", [])
        problems += own
        sources.append({
            "id": source["id"], "path": source["path"], "superseded_by": source["superseded_by"],
            "skipped": bool(source.get("skipped")),
            "items_and_rows": counts.get("items_and_rows", 0), "records": counts.get("records", 0),
            "rejects": [{"line": r["line"], "code": r["code"], "message": r["message"]}
                        for r in found.get("rejects", [])],
            "skipped_blank": counts.get("skipped_blank", 0),
            "skipped_folded": counts.get("skipped_folded", 0),
            "paragraph_entries": counts.get("paragraph_entries", 0),
            "kinds": _kinds(found.get("records", [])),
            "problems": own,
        })
    no_identifier: list[Unidentified] = [{"id": p["id"], "title": p["title"],
                      "mentions": [f"{m['source']}:{m['line']}" for m in p["mentions"]]}
                     for p in catalog["papers"] if not p["identifiers"]["arxiv"] and not p["identifiers"]["doi"]
                     and not p["identifiers"]["other"]]
    counts = overlap_counts(catalog)
    summary: ReportSummary = {
        "sources": len(sources),
        "active_sources": len(counts["lists"]),
        "records": sum(s["records"] for s in sources),
        "rejects": sum(len(s["rejects"]) for s in sources),
        "skipped_blank": sum(s["skipped_blank"] for s in sources),
        "errors": sum(p["severity"] == "error" for p in problems),
        "warnings": sum(p["severity"] == "warning" for p in problems),
        "papers_without_identifier": len(no_identifier),
        **catalog["counts"],
    }
    return {
        "summary": summary,
        "sources": sources,
        "crosscheck": [p for p in problems if p["code"] == "crosscheck"],
        "conflicts": catalog["conflicts"],
        "papers_without_identifier": no_identifier,
        "malformed_identifiers": [p for p in problems if p["code"] in MALFORMED],
        "largest_overlaps": largest_overlaps(counts),
    }


def _kinds(records: Sequence[KindOf]) -> dict[str, int]:
    """How many records of each kind a list gives, in the order of KINDS."""
    counts = {kind: 0 for kind in KINDS}
    for record in records:
        counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    return {kind: count for kind, count in counts.items() if count}


def kinds_table(sources: list[ReportSource]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the kinds-per-list table: one column per kind any list has, then the
    share of papers and surveys, so a list that is mostly tools shows at a glance."""
    present = [kind for kind in KINDS if any(kind in s["kinds"] for s in sources)]
    rows = []
    for source in sources:
        total = sum(source["kinds"].values())
        papers = source["kinds"].get("paper", 0) + source["kinds"].get("survey", 0)
        rows.append([source["id"], *[str(source["kinds"].get(kind, 0)) for kind in present],
                     f"{100 * papers / total:.0f}%" if total else "-"])
    return ["Source", *present, "papers and surveys"], rows


def _problem_items(problems: Sequence[Mapping[str, Any]]) -> pf.Block:
    """Problems, or rejects shown as problems (file, line, code, message), as a bullet list."""
    if not problems:
        return para("None.")
    return bullets([[str(Problem.from_dict(p))] for p in problems])


def _note(source: ReportSource) -> str:
    if source.get("skipped"):
        return "skipped: could not be read"
    return f"superseded by {source['superseded_by']}" if source["superseded_by"] else ""


#: A part of report.md: its name and the plain data it shows, which name it in the next build's
#: cache (_blocks makes its blocks from them); every part but the first starts with a heading.
Section = tuple[str, Any]

SOURCE_COLUMNS = ["Source", "Items and rows GitHub shows", "Records", "Rejects", "Blank rows", "Folded sub-items",
                  "Paragraph entries", "Errors", "Warnings", "Note"]


def report_markdown(report: Report, path: str = "report.md", picture: str = "overlap.png") -> str:
    """report.md, every part rendered."""
    return render_report(report, {}, path, picture)[0]


def render_report(report: Report, known: Mapping[str, str], path: str = "report.md",
                  picture: str = "overlap.png") -> tuple[str, dict[str, str]]:
    """report.md, and the markdown of each of its parts by a digest of what the part shows, for the
    next build: the parts found in ``known`` (an earlier build's) are not built and rendered again.
    After an edit to one list the summary and the rows of that list change; the 5,555 papers without
    an identifier of a 1,000-list build, say, do not. The parts, each after the first starting with a
    heading, joined by a newline are the report rendered whole (document.parts_to_gfm)."""
    sections = _sections(report, picture)
    keys = [hashlib.sha256(canonical(section)).hexdigest() for section in sections]
    missing = {key: section for key, section in zip(keys, sections) if key not in known}
    rendered = dict(zip(missing, gfm_parts([_blocks(*section) for section in missing.values()], path)))
    parts = {key: known[key] if key in known else rendered[key] for key in keys}
    return "\n".join(parts[key] for key in keys), parts


def _sections(report: Report, picture: str) -> list[Section]:
    summary = report["summary"]
    sections: list[Section] = [
        ("summary", [[key.replace("_", " "), str(value)] for key, value in summary.items()]),
        ("sources", [[s["id"], str(s["items_and_rows"]), str(s["records"]), str(len(s["rejects"])),
                      str(s["skipped_blank"]), str(s["skipped_folded"]), str(s["paragraph_entries"]),
                      str(sum(p["severity"] == "error" for p in s["problems"])),
                      str(sum(p["severity"] == "warning" for p in s["problems"])), _note(s)]
                     for s in report["sources"]]),
        ("kinds", kinds_table(report["sources"])),
    ]
    problems = [(f"{source['id']} ({source['path']})",
                 [{"file": source["path"], "line": r["line"], "code": r["code"], "message": r["message"]}
                  for r in source["rejects"]] + [p for p in source["problems"] if p["code"] != "crosscheck"])
                for source in report["sources"] if source["rejects"] or source["problems"]]
    if problems:
        sections.append(("problems", problems))
    sections += [
        ("crosscheck", report["crosscheck"]),
        ("conflicts", [[c["type"], c["message"], "; ".join(f"{m['source']}:{m['line']} {m['title']}" for m in c["mentions"])]
                       for c in report["conflicts"]]),
        ("without identifier", [[p["title"], ", ".join(p["mentions"])] for p in report["papers_without_identifier"]]),
        ("malformed", report["malformed_identifiers"]),
        ("overlaps", [[[o["a"], o["b"], str(o["shared"])] for o in report["largest_overlaps"]], picture]),
    ]
    return sections


def _blocks(name: str, data: Any) -> list[pf.Block]:
    """The blocks of the part ``name`` showing ``data`` (as _sections gives it)."""
    if name == "summary":
        return [header(1, "Catalog quality report"), header(2, "Summary"), table(["Measure", "Value"], data)]
    if name == "sources":
        return [header(2, "Sources"), table(SOURCE_COLUMNS, data)]
    if name == "kinds":
        return [header(2, "Kinds per list"),
                para("What each list's records are (README: how kinds are decided); only papers and surveys "
                     "(and datasets or benchmarks that come with a paper) enter the catalog's papers."),
                table(*data)]
    if name == "problems":
        return [block for title, problems in data for block in (header(3, title), _problem_items(problems))]
    if name == "crosscheck":
        return [header(2, "Parser cross-check"), _problem_items(data)]
    if name == "conflicts":
        return [header(2, "Conflicts"), table(["Type", "What", "Where"], data) if data else para("None.")]
    if name == "without identifier":
        return [header(2, "Papers without any identifier"),
                para(f"{len(data)} papers have no arXiv id, DOI or other identifier: a link to the paper would let "
                     "the next build match them for sure."),
                *([table(["Title", "Mentions"], data)] if data else [])]
    if name == "malformed":
        return [header(2, "Malformed identifiers"), _problem_items(data)]
    if name == "overlaps":
        rows, picture = data
        return [header(2, "Largest overlaps"), table(["List", "List", "Shared papers"], rows),
                image("Papers shared by each pair of lists", picture)]
    raise ValueError(f"no such part of the report: {name!r}")
