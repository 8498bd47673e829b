"""The parse and extract stages run with the cyclic garbage collector paused, and give it back."""

import gc
from pathlib import Path

import pytest

from pipeline import tasks


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
        tasks._collector_paused(broken)
    assert gc.isenabled()


@pytest.mark.parametrize("name", ["build_catalog", "write_tables", "write_listing", "write_plot", "write_report",
                                  "write_citations", "write_database", "write_webpage"])
def test_the_catalog_and_output_actions_run_with_the_collector_paused(name: str) -> None:
    action = getattr(tasks, name)
    seen = []
    original = action.__wrapped__
    try:
        action.__globals__  # the wrapper's module is tasks
        paused = tasks._without_collector(lambda *args: seen.append(gc.isenabled()) or True)
        assert paused() is True and seen == [False] and gc.isenabled()
        assert original.__name__ == name  # the action itself is the one wrapped
    finally:
        gc.enable()
