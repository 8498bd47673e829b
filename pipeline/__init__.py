"""Merge awesome lists of research papers into one deduplicated catalog."""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # load_catalog needs pandas: import it on first use so that `import pipeline` (and doit) stay fast.
    if name == "load_catalog":
        from pipeline.outputs.loader import load_catalog

        return load_catalog
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
