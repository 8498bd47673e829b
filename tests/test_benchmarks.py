"""The benchmark corpus is deterministic: the same seed gives the same bytes, in any process."""

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import paths

# Generates corpora in two processes and reads eleven generated lists: CI runs these (pytest --slow).
pytestmark = pytest.mark.slow


def test_generated_lists_are_the_same_bytes_in_two_processes(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / "generate.py"), str(tmp_path / name),
                        "--lists", "5", "--per-list", "30"], check=True, capture_output=True)
        outputs.append({path.name: path.read_bytes() for path in sorted((tmp_path / name).glob("*.md"))})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 5


def test_generated_lists_build_into_records(tmp_path: Path) -> None:
    sys.path.insert(0, str(paths.ROOT))
    from benchmarks.generate import write_corpus
    from tests.helpers import records_of

    for source in write_corpus(tmp_path, 11, 30):  # one list of each shape
        result = records_of(source.read_text(encoding="utf-8"), source.stem)
        assert result["counts"]["records"] == 30, source.name
        assert result["counts"]["github_differs"] == 0, source.name


def test_generated_citation_entries_give_clean_titles_and_authors(tmp_path: Path) -> None:
    sys.path.insert(0, str(paths.ROOT))
    from benchmarks.generate import write_corpus
    from tests.helpers import records_of

    for source in write_corpus(tmp_path, 11, 30)[9:]:  # the citation and bold-title shapes
        result = records_of(source.read_text(encoding="utf-8"), source.stem)
        assert result["counts"]["records"] == 30, source.name
        assert [problem for problem in result["problems"] if problem["code"] == "title-suspect"] == []
        assert all(2 <= len(record.get("authors", [])) <= 4 for record in result["records"]), source.name


def test_the_benchmark_and_profile_scripts_start(tmp_path: Path) -> None:
    """They import pipeline modules by name: a module moved elsewhere must not leave them broken."""
    for script in ("run.py", "profile_stages.py"):
        done = subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / script), "--help"],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0 and "usage:" in done.stdout, done.stderr
