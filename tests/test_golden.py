"""Golden records for the five real sources: any change to them shows up as a reviewed diff.

Regenerate with ``pytest tests/test_golden.py --update-golden`` and read the diff like code.
"""

import functools
from pathlib import Path

import pytest

from pipeline import files, paths
from pipeline.read.crosscheck import crosscheck
from pipeline.problems import Problem, sort_key
from tests.catalog_fixture import own_paper, real_reading

GOLDEN = Path(__file__).parent / "golden"
DOCUMENTS = paths.documents(paths.ROOT / "sources")


@functools.cache
def run_stages(source: Path) -> tuple[dict, list[Problem]]:
    """The records of a real source and every problem the build reports for it (decoding, cross-check,
    extraction, rejects); from the session's one reading of it."""
    shown = paths.display_path(source)
    reading = real_reading(source.stem)
    result = reading.records
    problems = [*reading.decode_problems, *crosscheck(reading.text, reading.ast, shown)]
    problems += [Problem.from_dict(problem) for problem in result["problems"]]
    problems += [Problem(shown, reject["line"], reject["code"], reject["message"])
                 for reject in result["rejects"]]
    return result, sorted(problems, key=sort_key)


def test_there_are_five_documents() -> None:
    assert [path.stem for path in DOCUMENTS] == [
        "awesome-llm-enhanced-recsys", "llm4rec-papers-zh", "nextgen-llm-recsys-survey-2024-09",
        "nextgen-llm-recsys-survey", "recsys-without-id-features"]


@pytest.mark.parametrize("source", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
def test_golden_records(source: Path, update_golden: bool) -> None:
    result, problems = run_stages(source)
    records_text = files.dumps(result["records"])
    problems_text = "".join(f"{problem}\n" for problem in problems)
    golden = GOLDEN / source.stem
    if update_golden:
        files.write_text(golden / "records.json", records_text)
        files.write_text(golden / "problems.txt", problems_text)
    assert records_text == (golden / "records.json").read_text(encoding="utf-8")
    assert problems_text == (golden / "problems.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
def test_every_record_line_holds_its_title(source: Path) -> None:
    from pipeline.records.fields import clean

    result, _problems = run_stages(source)
    lines = source.read_text(encoding="utf-8").split("\n")
    paper = own_paper(source.stem)
    for record in result["records"]:
        line = clean(lines[record["source"]["line"] - 1]).casefold()
        if paper and record["title"] == paper["title"] and "| **ours**" in line:
            continue  # the row names the list's own paper "Ours"; the manifest gives its title
        assert record["title"].casefold() in line, record["id"]


def test_counts_per_source() -> None:
    counts = {source.stem: run_stages(source)[0]["counts"] for source in DOCUMENTS}
    assert {name: (c["records"], c["rejects"], c["skipped_blank"]) for name, c in counts.items()} == {
        "awesome-llm-enhanced-recsys": (69, 0, 0),
        "llm4rec-papers-zh": (263, 9, 1),
        "nextgen-llm-recsys-survey": (236, 0, 0),
        "nextgen-llm-recsys-survey-2024-09": (19, 0, 0),
        "recsys-without-id-features": (147, 0, 0),
    }
