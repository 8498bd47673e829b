"""The quality report (report.json and report.md): what a maintainer needs to fix upstream lists.

Per source: records, rejects with line and reason, skipped blank rows and warnings; then the
parser cross-check, conflicts (wrong links, divergent clusters) with their lines, papers without
any identifier, malformed identifiers, and the largest overlaps between lists.
"""

# No ``from __future__ import annotations``: under Python 3.11 a TypedDict only sees NotRequired in
# annotations that are evaluated, and tests/test_shapes.py reads __optional_keys__.
from typing import Any, Mapping, NotRequired, Sequence, TypedDict

import panflute as pf

from pipeline.catalog.shapes import Catalog, Conflict
from pipeline.records.shapes import Counts, RecordKind, RecordsFile, Reject, SourceRef
from pipeline.outputs.document import bullets, header, image, para, table, to_gfm
from pipeline.records.kinds import KINDS
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


def report_markdown(report: Report, path: str = "report.md", picture: str = "overlap.png") -> str:
    summary = report["summary"]
    blocks: list[pf.Block] = [
        header(1, "Catalog quality report"),
        header(2, "Summary"),
        table(["Measure", "Value"], [[key.replace("_", " "), str(value)] for key, value in summary.items()]),
        header(2, "Sources"),
        table(["Source", "Items and rows GitHub shows", "Records", "Rejects", "Blank rows", "Folded sub-items",
               "Paragraph entries", "Errors", "Warnings", "Note"],
              [[s["id"], str(s["items_and_rows"]), str(s["records"]), str(len(s["rejects"])),
                str(s["skipped_blank"]), str(s["skipped_folded"]), str(s["paragraph_entries"]),
                str(sum(p["severity"] == "error" for p in s["problems"])),
                str(sum(p["severity"] == "warning" for p in s["problems"])), _note(s)]
               for s in report["sources"]]),
        header(2, "Kinds per list"),
        para("What each list's records are (README: how kinds are decided); only papers and surveys "
             "(and datasets or benchmarks that come with a paper) enter the catalog's papers."),
        table(*kinds_table(report["sources"])),
    ]
    for source in report["sources"]:
        if source["rejects"] or source["problems"]:
            blocks.append(header(3, f"{source['id']} ({source['path']})"))
            blocks.append(_problem_items(
                [{"file": source["path"], "line": r["line"], "code": r["code"], "message": r["message"]}
                 for r in source["rejects"]] + [p for p in source["problems"] if p["code"] != "crosscheck"]))
    blocks += [header(2, "Parser cross-check"), _problem_items(report["crosscheck"]),
               header(2, "Conflicts")]
    if report["conflicts"]:
        blocks.append(table(["Type", "What", "Where"], [
            [c["type"], c["message"], "; ".join(f"{m['source']}:{m['line']} {m['title']}" for m in c["mentions"])]
            for c in report["conflicts"]]))
    else:
        blocks.append(para("None."))
    blocks += [header(2, "Papers without any identifier"),
               para(f"{len(report['papers_without_identifier'])} papers have no arXiv id, DOI or other "
                    "identifier: a link to the paper would let the next build match them for sure.")]
    if report["papers_without_identifier"]:
        blocks.append(table(["Title", "Mentions"], [[p["title"], ", ".join(p["mentions"])]
                                                    for p in report["papers_without_identifier"]]))
    blocks += [header(2, "Malformed identifiers"), _problem_items(report["malformed_identifiers"]),
               header(2, "Largest overlaps"),
               table(["List", "List", "Shared papers"],
                     [[o["a"], o["b"], str(o["shared"])] for o in report["largest_overlaps"]]),
               image("Papers shared by each pair of lists", picture)]
    return to_gfm(blocks, path)
