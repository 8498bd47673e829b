"""The parse and extract stages run with the cyclic garbage collector paused, and give it back."""

import gc
import os
import sys
from pathlib import Path

import pytest

from pipeline import artifacts, tasks


def test_the_stage_work_runs_with_the_collector_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr(tasks, "run_bounded", lambda work, limits, path, stage: work())
    monkeypatch.setattr(tasks, "_parse_to_file", lambda data, info, target: seen.append(gc.isenabled()) or [])
    source = tmp_path / "list.md"
    source.write_text("- [A paper](https://arxiv.org/abs/2401.00001)\n", encoding="utf-8")
    assert tasks.parse_source(source, tmp_path / "list.json")
    assert seen == [False] and gc.isenabled()

    def broken() -> None:
        raise ValueError("stage failed")

    with pytest.raises(ValueError):
        tasks.collector_paused(broken)
    assert gc.isenabled()


@pytest.mark.parametrize("name", ["build_catalog", "write_tables", "write_listing", "write_plot", "write_report",
                                  "write_citations", "write_database", "write_webpage"])
def test_the_catalog_and_output_actions_run_in_a_child_with_the_collector_paused(
        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    action = getattr(tasks if name == "build_catalog" else artifacts, name)
    assert action.__wrapped__.__name__ == name  # the action itself is the one wrapped

    def probe() -> bool:
        print(f"collector {gc.isenabled()} in {os.getpid()}")
        print("to stderr", file=sys.stderr)
        return True

    assert tasks.in_own_process(probe)() is True
    assert gc.isenabled()
    captured = capsys.readouterr()
    state, _in, pid = captured.out.split()[1:]
    assert state == "False" and int(pid) != os.getpid()  # a child's, whose memory ends with it
    assert captured.err == "to stderr\n"  # what the child printed, printed by the parent


def test_a_failing_catalog_action_is_one_problem_and_a_failure(capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> bool:
        raise KeyError("papers")

    assert tasks.in_own_process(broken)() is False
    err = capsys.readouterr().err
    assert "stage-failed: the broken stage stopped on KeyError: 'papers' (in test_collector.py:" in err
