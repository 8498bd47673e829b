import os
from pathlib import Path

import pytest
from hypothesis import settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!); runs the slow tests too")
    parser.addoption("--slow", action="store_true",
                     help="also run the tests marked slow (dev corpus, whole doit builds, hostile corpus, browser); "
                          "CI does")


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis: a property test that sets no ``max_examples`` tries 15 examples in the fast suite and
    100 (Hypothesis' default) with ``--slow``. Under CI (``CI`` set, as CI runs .ci/run) the examples are
    derandomized and no example database is kept, so a red CI run fails again the same way on a
    developer's machine with ``CI=1 pytest --slow``; developers' runs draw new examples each time and
    replay the ones that failed (from .hypothesis/). ``--hypothesis-profile`` still chooses."""
    full = config.getoption("--slow") or config.getoption("--update-golden")
    settings.register_profile("fast", max_examples=15, deadline=None)
    settings.register_profile("full", max_examples=100, deadline=None)
    settings.register_profile("ci", settings.get_profile("full" if full else "fast"), derandomize=True,
                              database=None, print_blob=True)
    if config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("ci" if os.environ.get("CI") else "full" if full else "fast")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (pyproject's addopts): a pytest-xdist worker per core for a run of whole folders, such as
    plain ``pytest``; none for a run of named files or tests, where starting workers costs more (about 2 s)
    than it saves. ``-n 0`` or ``-n 2`` still decide."""
    if all(Path(arg.split("::")[0]).suffix == ".py" for arg in config.args):
        return 0
    # the cores this process may use (a container's share), where the system tells
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pytest_report_header(config: pytest.Config) -> str:
    if config.getoption("--slow") or config.getoption("--update-golden"):
        return "slow tests: included"
    return "slow tests: left out (pytest --slow runs them too)"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    # said in words too, since the counts of a run on pytest-xdist workers leave the deselected ones out
    left_out = getattr(config, "slow_left_out", None)  # None: collected by the workers, not here
    if not (config.getoption("--slow") or config.getoption("--update-golden")) and left_out != 0:
        terminalreporter.write_line(f"{left_out or 'the'} tests marked slow were left out: "
                                    "pytest --slow runs every test (CI does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Plain ``pytest`` leaves out the tests marked slow (reported as deselected, never skipped), so
    that it stays fast enough to run after every edit; ``pytest --slow`` runs them all. Updating the
    golden files runs them all too, since several slow tests own golden files."""
    if config.getoption("--slow") or config.getoption("--update-golden"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    config.slow_left_out = len(slow)  # type: ignore[attr-defined]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


FIXTURES = Path(__file__).parent / "fixtures"


def read_fixture_file(path: Path) -> list[tuple[int, str, str, str]]:
    """markdown-it's fixture format: title line, ``.``, input, ``.``, expected, ``.``.

    Returns (line of the title, title, input, expected) so a failure points at the fixture.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    cases = []
    index = 0
    while index < len(lines):
        if index + 1 < len(lines) and lines[index + 1] == "." and lines[index].strip():
            title_line = index + 1
            title = lines[index]
            parts: list[list[str]] = [[], []]
            index += 2
            for part in parts:
                while lines[index] != ".":
                    part.append(lines[index])
                    index += 1
                index += 1
            cases.append((title_line, title, "\n".join(parts[0]) + "\n", "\n".join(parts[1])))
        else:
            index += 1
    return cases
