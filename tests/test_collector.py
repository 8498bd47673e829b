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
