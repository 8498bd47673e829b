"""How well kinds hold on real lists: ``python -m tests.kind_audit`` prints, per file of the dev corpus
and per source, the papers and surveys without any sign of a paper and the surveys that do not say so."""

import sys
from typing import Any

from pipeline.records.kinds import is_paper_link, is_survey_heading, says_survey
from tests.helpers import devcorpus_records
from tests.shared_data import shared_dir


def has_sign(record: dict[str, Any]) -> bool:
    """Identifier, paper host or PDF link, venue, year, or a citation's shape (a year or authors in
    the entry's text); a row in a column the list names Paper or Title is counted apart."""
    from pipeline.records.kinds import citation_shape

    text = record["text"] if record["text"] is not None else " | ".join(record["cells"] or [])
    return bool(record["identifiers"] or any(is_paper_link(link["url"]) for link in record["links"])
                or record["venue"] or record["year"]
                or citation_shape(record["title"], " ".join(text.split()), None, None))


def _survey_said(record: dict[str, Any]) -> bool:
    return (says_survey(record["title"]) or any(is_survey_heading(h) for h in record["section"])
            or record["kind_reason"] == "survey-column")


def audit(found: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for name, result in found.items():
        papers = [r for r in result["records"] if r["kind"] in ("paper", "survey")]
        unsigned = [r for r in papers if not has_sign(r)]
        rows.append({"file": name, "records": len(result["records"]), "papers": len(papers),
                     "without_sign": len(unsigned),
                     "paper_column_only": sum(r["kind_reason"] == "paper-column" for r in unsigned),
                     "surveys": sum(r["kind"] == "survey" for r in papers),
                     "surveys_unsaid": sum(r["kind"] == "survey" and not _survey_said(r) for r in papers)})
    return rows


def main() -> int:
    from tests.test_kinds import five_sources

    if shared_dir() is None:
        print("shared/devcorpus is not beside the repository", file=sys.stderr)
        return 2
    rows = audit({**devcorpus_records(), **five_sources()})
    print("| file | records | papers + surveys | without any sign | of which paper-column rows | surveys "
          "| surveys not saying so |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in [*rows, {"file": "total", **{key: sum(r[key] for r in rows) for key in rows[0] if key != "file"}}]:
        share = f"{100 * row['without_sign'] / row['papers']:.1f}%" if row["papers"] else "-"
        print(f"| {row['file']} | {row['records']} | {row['papers']} | {row['without_sign']} ({share}) "
              f"| {row['paper_column_only']} | {row['surveys']} | {row['surveys_unsaid']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
