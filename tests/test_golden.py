"""Golden records for the five real sources: any change to them shows up as a reviewed diff.

Regenerate with ``pytest tests/test_golden.py --update-golden`` and read the diff like code.
"""

from pathlib import Path

import pytest

from pipeline import files, paths
from pipeline.read.crosscheck import crosscheck
from pipeline.read.github import github_view
from pipeline.manifest import MANIFEST_NAME, upstream_of
from pipeline.read.parse import decode_source, parse_markdown
from pipeline.problems import Problem, sort_key
from pipeline.records.build import build_records
from tests.catalog_fixture import own_paper

GOLDEN = Path(__file__).parent / "golden"
DOCUMENTS = paths.documents(paths.ROOT / "sources")


def run_stages(source: Path) -> tuple[dict, list[Problem]]:
    shown = paths.display_path(source)
    data = source.read_bytes()
    text, problems = decode_source(data, shown)
    view = github_view(text)
    ast = parse_markdown(text, shown, view)
    problems += crosscheck(text, ast, shown)
    manifest = files.read_json(source.parent / MANIFEST_NAME)
    result = build_records(ast, {"id": source.stem, "path": shown, "sha256": files.sha256_bytes(data)}, view,
                           paper=own_paper(source.stem), upstream=upstream_of(manifest, source.stem))
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
