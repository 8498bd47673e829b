"""The test suite's own options (tests/conftest.py): plain ``pytest`` leaves out the tests marked slow,
``--slow`` and ``--update-golden`` keep them; workers only for whole folders; Hypothesis' examples."""

import os
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import settings

from tests import conftest


class Item:
    def __init__(self, slow: bool) -> None:
        self.slow = slow

    def get_closest_marker(self, name: str) -> object | None:
        return object() if name == "slow" and self.slow else None


class Config:
    def __init__(self, **options: bool) -> None:
        self.options = options
        self.deselected: list[Any] = []
        self.hook = SimpleNamespace(pytest_deselected=lambda items: self.deselected.extend(items))

    def getoption(self, name: str) -> bool:
        return self.options.get(name, False)


def test_plain_pytest_deselects_the_slow_tests_and_counts_them() -> None:
    fast, slow = Item(False), Item(True)
    items: list[Any] = [fast, slow]
    config = Config()
    conftest.pytest_collection_modifyitems(config, items)  # type: ignore[arg-type]
    assert items == [fast] and config.deselected == [slow]
    assert config.slow_left_out == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("option", ["--slow", "--update-golden"])
def test_slow_and_update_golden_keep_every_test(option: str) -> None:
    fast, slow = Item(False), Item(True)
    items: list[Any] = [fast, slow]
    config = Config(**{option: True})
    conftest.pytest_collection_modifyitems(config, items)  # type: ignore[arg-type]
    assert items == [fast, slow] and config.deselected == []


def test_named_files_start_no_worker_and_folders_one_per_core() -> None:
    named = SimpleNamespace(args=["tests/test_files.py", "tests/test_parse.py::test_x"])
    assert conftest.pytest_xdist_auto_num_workers(named) == 0  # type: ignore[arg-type]
    folders = SimpleNamespace(args=["tests", "pipeline"])
    assert conftest.pytest_xdist_auto_num_workers(folders) == len(os.sched_getaffinity(0))  # type: ignore[arg-type]


def test_hypothesis_examples_follow_the_suite(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("hypothesis_profile", None) is not None:
        pytest.skip("--hypothesis-profile chose the settings")
    full = request.config.getoption("--slow") or request.config.getoption("--update-golden")
    assert settings.default.max_examples == (100 if full else 15)
    assert settings.default.derandomize == bool(os.environ.get("CI"))
