"""Record titles over the dev corpus (real lists nobody here wrote): how many are still suspect.

A golden summary per file (records, rejects, suspect titles) shows every change as a reviewed diff;
regenerate it with ``pytest tests/test_devcorpus_titles.py --update-golden``. The corpus is read from
``../shared/devcorpus`` and never copied here.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import files
from tests.helpers import devcorpus_records

GOLDEN = Path(__file__).parent / "golden" / "devcorpus-titles.json"
# The dev corpus takes about 20 s to read: CI runs these (pytest --slow).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, result in sorted(devcorpus_records().items()):
        suspect = [problem for problem in result["problems"] if problem["code"] == "title-suspect"]
        found[name] = {"records": len(result["records"]), "rejects": len(result["rejects"]),
                       "suspect_titles": len(suspect)}
    return found


def test_devcorpus_title_summary(summary: dict[str, Any], update_golden: bool) -> None:
    text = files.dumps(summary)
    if update_golden:
        files.write_text(GOLDEN, text)
    assert summary == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_fewer_than_one_percent_of_titles_are_suspect(summary: dict[str, Any]) -> None:
    records = sum(counts["records"] for counts in summary.values())
    suspect = sum(counts["suspect_titles"] for counts in summary.values())
    assert records > 3000
    assert suspect / records < 0.01, f"{suspect} of {records} titles are suspect"
