"""Every pipeline module states its one job in its first docstring line and has its line in the
module map of pipeline/__init__.py."""

import ast

import pipeline
from pipeline import paths

MODULES = sorted(path for path in paths.PIPELINE.rglob("*.py") if path.name != "__init__.py" or path.parent != paths.PIPELINE)


def test_every_module_has_a_first_line_saying_its_job() -> None:
    missing = [str(path.relative_to(paths.PIPELINE)) for path in MODULES
               if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()]
    assert missing == []


def test_every_module_is_in_the_module_map() -> None:
    listed = pipeline.__doc__ or ""
    missing = [str(path.relative_to(paths.PIPELINE)) for path in MODULES
               if path.name not in ("__init__.py", "__main__.py")
               and str(path.relative_to(paths.PIPELINE)) not in listed]
    assert missing == []
