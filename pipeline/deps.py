"""The code each doit task runs, read off the import graph of pipeline/ so that no list is hand-kept.

A task names the modules its action calls (its roots); its code dependencies are those modules
and every pipeline module they import, directly or not, lazily inside a function or not. The
graph is read with a regular expression, not by importing or parsing the modules, because dodo.py
computes it on every `doit`, a no-op one included.

    >>> sorted(path.name for path in code_of("files"))
    ['__init__.py', 'files.py']
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pipeline.paths import PIPELINE

# `from pipeline.x import a, b` / `from pipeline import (x, y)` / `import pipeline.x`, anywhere on a
# line start (indented imports are the lazy ones, and they count as much as the others).
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+pipeline((?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|import[ \t]+pipeline((?:\.\w+)*))",
    re.MULTILINE)


@lru_cache(maxsize=None)  # modules name the same few modules again and again (pipeline.files, paths)
def _module_path(dotted: str) -> Path | None:
    """``pipeline.x.y`` -> pipeline/x/y.py or pipeline/x/y/__init__.py, when it exists."""
    parts = dotted.split(".")[1:]
    base = PIPELINE.joinpath(*parts)
    for candidate in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=None)  # many tasks share modules: each file is read once per `doit`
def _imports(path: Path) -> frozenset[Path]:
    """The pipeline modules one file imports (the package's __init__.py always runs first).

    The package's own __init__.py re-exports entry points lazily for library users; only its
    top-level imports run for a stage, so only those count there.
    """
    found = {PIPELINE / "__init__.py"}
    text = path.read_text(encoding="utf-8")
    # importing pipeline.x.y runs pipeline/x/__init__.py first
    found.update(parent / "__init__.py" for parent in path.parents if PIPELINE in parent.parents)
    if path == PIPELINE / "__init__.py":
        text = "\n".join(line for line in text.splitlines() if not line[:1].isspace())
    for package, names, plain in _IMPORT.findall(text):
        dotted = "pipeline" + (package or plain)
        module = _module_path(dotted)
        if module is not None:
            found.add(module)
        if names:  # `from pipeline import paths, tasks` names modules too
            for name in (part.split()[0] for part in names.strip("()").split(",") if part.strip()):
                submodule = _module_path(f"{dotted}.{name}")
                if submodule is not None:
                    found.add(submodule)
    return frozenset(found)


@lru_cache(maxsize=None)
def _closure(root: Path) -> frozenset[Path]:
    seen: set[Path] = set()
    todo = [root]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(_imports(path) - seen)
    return frozenset(seen)


def code_of(*modules: str) -> list[Path]:
    """The files of the named pipeline modules (``"read.parse"``, ``"tasks"``) and of all they import, sorted."""
    files: set[Path] = set()
    for name in modules:
        path = _module_path(f"pipeline.{name}")
        if path is None:
            raise ValueError(f"no module pipeline.{name} in {PIPELINE}; expected one of "
                             f"{sorted('.'.join(p.relative_to(PIPELINE).with_suffix('').parts) for p in PIPELINE.rglob('*.py'))}")
        files |= _closure(path)
    return sorted(files)
