"""Golden files of every artifact in build/catalog, whole, and of the diff between two releases.

The artifacts come from the five real sources (tests/built_catalog.py, built once per session).
Regenerate with ``pytest tests/test_golden_catalog.py --update-golden`` and read ``git diff
tests/golden`` like code: every changed line must be one the change meant to make.
"""

import difflib
from pathlib import Path
from typing import Any

import pytest

from pipeline import files, paths
from pipeline.cli import main
from pipeline.releases.release import ARTIFACTS
from tests import built_catalog
from tests.built_catalog import database_dump, merged, real_records_files, records_file
from tests.catalog_fixture import SOURCES

GOLDEN = Path(__file__).parent / "golden" / "catalog"
TEXTS = ["papers.json", "papers.csv", "mentions.csv", "resources.csv", "datapackage.json", "papers.md",
         "report.md", "report.json", "papers.bib", "papers.csl.json", "index.html", "metadata.json"]
built = built_catalog.built  # the session fixture, shared with other test files
# What no golden may hold: the machine's paths.
MACHINE = [str(paths.ROOT), "/tmp/", "/home/", "/work/", "/Users/", "C:\\"]


def check_golden(name: str, text: str, update: bool) -> None:
    """``text`` equals tests/golden/catalog/``name`` byte for byte (CSV's CRLF included); a failure
    shows the first differing lines rather than two whole files."""
    path = GOLDEN / name
    if update:
        files.write_bytes(path, text.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    if text != expected:
        lines = list(difflib.unified_diff(expected.splitlines(keepends=True), text.splitlines(keepends=True),
                                          f"golden/{name}", "built", n=1))
        pytest.fail(f"{name} differs from its golden file ({len(lines)} diff lines); the first:\n"
                    + "".join(lines[:60]), pytrace=False)


@pytest.mark.parametrize("name", TEXTS)
def test_artifact_equals_its_golden_file(name: str, built: dict[str, Any], update_golden: bool) -> None:
    check_golden(name, built[name], update_golden)


def test_papers_db_rows_equal_their_golden_dump(built: dict[str, Any], update_golden: bool) -> None:
    check_golden("papers.db.txt", database_dump(built["papers.db"]), update_golden)


def test_goldens_hold_nothing_of_this_machine() -> None:
    for path in sorted(GOLDEN.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert [where for where in MACHINE if where in text] == [], path.name


def test_every_released_artifact_has_a_golden_file(built: dict[str, Any]) -> None:
    # The files a release copies (pipeline/releases/release.py) are the ones built here and checked above;
    # overlap.png has no golden file: tests/test_artifacts.py checks that it is deterministic.
    assert sorted(ARTIFACTS) == sorted(built) == sorted([*TEXTS, "papers.db", "overlap.png"])


# --- The diff between two releases ------------------------------------------------------------
# 000 is the catalog of the real sources; 001 that of the same sources after an edit like upstream
# lists get, in awesome-llm-enhanced-recsys: one row added at the end of its last table, the casing
# of one title fixed (MMREC -> MMRec), and one row moved up by one (KELLMRec above CSRec).
AWESOME = "awesome-llm-enhanced-recsys"
NEW_ROW = ("| 2024.10 / arXiv'24  | NEWREC    | [A Brand New Recommender with Language Models]"
           "(https://arxiv.org/abs/2410.00001) | Embedding Utilization | GPT-4 (N) | N/A |")
CSREC = "| 2024.3 / arXiv'24  | CSRec "
KELLMREC = "| 2024.3 / arXiv'24  | KELLMRec "


def edited_awesome(text: str) -> str:
    rows = text.split("\n")
    csrec = next(n for n, row in enumerate(rows) if row.startswith(CSREC))
    assert rows[csrec + 1].startswith(KELLMREC)
    rows[csrec], rows[csrec + 1] = rows[csrec + 1], rows[csrec]
    last = max(n for n, row in enumerate(rows) if row.startswith("| 2024."))
    rows.insert(last + 1, NEW_ROW)
    text = "\n".join(rows)
    assert text.count("[MMREC: LLM Based") == 1
    return text.replace("[MMREC: LLM Based", "[MMRec: LLM Based")


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder whose releases/000 and releases/001 hold the two catalogs."""
    build = tmp_path_factory.mktemp("build")
    edited = edited_awesome((SOURCES / f"{AWESOME}.md").read_bytes().decode("utf-8")).encode("utf-8")
    records = [records_file(AWESOME, edited) if found["source"]["id"] == AWESOME else found
               for found in real_records_files()]
    for version, catalog in (("000", merged(list(real_records_files()))), ("001", merged(records))):
        files.write_text(build / "releases" / version / "papers.json", files.dumps(catalog))
    return build


@pytest.mark.parametrize("old, new, options, name", [
    ("000", "001", [], "diff-000-001.md"),
    ("000", "001", ["--moves"], "diff-000-001-moves.md"),
    ("000", "001", ["--json"], "diff-000-001.json"),
    ("001", "000", ["--moves"], "diff-001-000-moves.md"),
    ("001", "000", ["--json"], "diff-001-000.json"),
])
def test_diff_of_two_releases_equals_its_golden_file(releases: Path, old: str, new: str, options: list[str],
                                                     name: str, capsys: pytest.CaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    monkeypatch.setenv("PAPERLISTS_BUILD", str(releases))
    assert main(["diff", old, new, *options]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    check_golden(name, out, update_golden)
