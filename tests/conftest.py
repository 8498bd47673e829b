from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


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
