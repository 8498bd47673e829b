"""pipeline/ passes mypy --strict (pyproject.toml's [tool.mypy]), so the stage hand-offs stay typed."""

import subprocess
import sys

import pytest

from pipeline import paths


@pytest.mark.slow
def test_pipeline_passes_mypy_strict() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "pipeline"], cwd=paths.ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
