"""Where the shared test data lives: ``../shared`` beside the repository (as in CI), else the folder named
by PAPERLISTS_SHARED. Tests that need it skip, saying why, where it is absent; nothing from it is copied here."""

import os
from pathlib import Path

import pytest

from pipeline import paths


def shared_dir() -> Path | None:
    """The shared folder holding seeds/, devcorpus/ and bibmatch/, or None when this machine has none."""
    for candidate in (os.environ.get("PAPERLISTS_SHARED"), paths.ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "devcorpus").is_dir():
            return Path(candidate)
    return None


def require_shared(name: str) -> Path:
    """``shared/<name>``, or skip the calling test with the reason."""
    root = shared_dir()
    if root is None or not (root / name).exists():
        pytest.skip(f"shared/{name} is not beside the repository (set PAPERLISTS_SHARED to its parent folder)")
    return root / name
