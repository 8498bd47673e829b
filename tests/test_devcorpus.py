"""The dev corpus (real lists nobody here wrote, read from ../shared/devcorpus): every list item and
table row GitHub shows ends as a record, a reject or a counted skip, and a golden summary per file
(one row of named counts per file, so a column can be added) shows how each file is read."""

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import files
from tests.helpers import devcorpus_records

# Reading the 18 files takes about 20 s: CI runs these (pytest --slow), plain pytest leaves them out.
pytestmark = pytest.mark.slow

SUMMARY = Path(__file__).parent / "golden" / "devcorpus-summary.json"
#: the columns of the summary, in order
COLUMNS = ("items_and_rows", "records", "rejects", "skipped_blank", "skipped_folded", "paragraph_entries",
           "github_differs")


def corpus_files() -> list[str]:
    return sorted(devcorpus_records())


def read(saved: str) -> dict[str, Any]:
    return devcorpus_records()[saved]


def test_github_shows_nothing_that_is_not_accounted_for() -> None:
    differs = {saved: [(problem["line"], problem["message"]) for problem in read(saved)["problems"]
                       if problem["code"] == "github-differs"] for saved in corpus_files()}
    assert {saved: found for saved, found in differs.items() if found} == {}


def test_golden_summary(update_golden: bool) -> None:
    summary = {saved: {column: read(saved)["counts"][column] for column in COLUMNS} for saved in corpus_files()}
    text = "{\n" + ",\n".join(f"  {json.dumps(saved)}: {json.dumps(row)}" for saved, row in sorted(summary.items())) \
        + "\n}\n"
    if update_golden:
        files.write_text(SUMMARY, text)
    assert text == SUMMARY.read_text(encoding="utf-8")
    assert json.loads(text) == summary


def test_the_shapes_the_issue_names_are_read() -> None:
    # two pipe tables right after a paragraph line: their rows (lines 31 and 38) are read, where
    # pandoc alone read paragraph text
    paraphrase = read("sebastianruder+NLP-progress/ca437140/english/paraphrase-generation.md")
    lines = [entry["source"]["line"] for entry in paraphrase["records"]] + [
        reject["line"] for reject in paraphrase["rejects"]]
    assert sorted(lines) == [6, 13, 14, 21, 22, 31, 38]
    # a raw HTML table whose first column spans rows: every row of it is read
    tables = read("jiayichen1121+Test-Time-Adaptation-for-Graph-Learning/55bb1f77/README.md")
    rows = [record for record in tables["records"] if 318 <= record["source"]["line"] <= 440]
    assert len(rows) == 13 and all(record["cells"][0] for record in rows)
