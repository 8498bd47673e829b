"""The import graph read by pipeline.deps, checked against what Python itself imports."""

import json
from pathlib import Path
import subprocess
import sys

import pytest

from pipeline import paths
from pipeline.deps import code_of

MODULES = sorted(".".join(path.relative_to(paths.PIPELINE).with_suffix("").parts)
                 for path in paths.PIPELINE.rglob("*.py") if path.stem not in ("__init__", "__main__"))


def _file_of(module: str) -> str:
    """``pipeline.read.parse`` -> read/parse.py, ``pipeline.read`` -> read/__init__.py."""
    parts = module.split(".")[1:]
    path = paths.PIPELINE.joinpath(*parts)
    return str((path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(paths.PIPELINE))


def _imported_at_runtime() -> dict[str, set[str]]:
    """For each module, the pipeline modules that importing it loads (one fresh interpreter; the
    pipeline's modules are dropped from sys.modules before each import, other packages stay loaded)."""
    code = f"""
import importlib, json, sys
seen = {{}}
for module in {MODULES!r}:
    for name in [m for m in sys.modules if m == "pipeline" or m.startswith("pipeline.")]:
        del sys.modules[name]
    importlib.import_module("pipeline." + module)
    seen[module] = sorted(m for m in sys.modules if m == "pipeline" or m.startswith("pipeline."))
print(json.dumps(seen))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=paths.ROOT).stdout
    return {module: {_file_of(name) for name in names} for module, names in json.loads(out).items()}


@pytest.fixture(scope="module")
def runtime_imports() -> dict[str, set[str]]:
    return _imported_at_runtime()


@pytest.mark.parametrize("module", MODULES)
def test_every_module_python_loads_is_a_dependency(module: str, runtime_imports: dict[str, set[str]]) -> None:
    declared = {str(path.relative_to(paths.PIPELINE)) for path in code_of(module)}
    assert runtime_imports[module] <= declared


def test_lazy_imports_inside_functions_count(tmp_path, monkeypatch) -> None:
    package = tmp_path / "pipeline"
    package.mkdir()
    (package / "__init__.py").write_text("def __getattr__(name):\n    from pipeline.heavy import x\n")
    (package / "a.py").write_text("from pipeline import b as bee, c\n\ndef f():\n    from pipeline.d import (\n        g,\n    )\n")
    for name in ("b", "c", "heavy"):
        (package / f"{name}.py").write_text("")
    (package / "d.py").write_text("import pipeline.e\n")
    (package / "e.py").write_text("x = 1\n")
    monkeypatch.setattr("pipeline.deps.PIPELINE", package)
    from pipeline import deps

    def forget() -> None:  # what deps learnt of the real package, and then of this one
        for cached in (deps._closure, deps._imports, deps._module_path):
            cached.cache_clear()

    forget()
    try:
        assert [path.name for path in code_of("a")] == ["__init__.py", "a.py", "b.py", "c.py", "d.py", "e.py"]
        with pytest.raises(ValueError, match="no module pipeline.zzz"):
            code_of("zzz")
    finally:
        forget()


def test_an_artifact_task_depends_on_its_output_module_and_its_actions_not_on_the_others() -> None:
    from tests.helpers import load_dodo

    task = load_dodo().task_tables()
    code = {str(path.relative_to(paths.PIPELINE)) for path in map(Path, task["file_dep"])
            if paths.PIPELINE in path.parents}
    assert {"outputs/tables.py", "files.py", "artifacts.py", "tasks.py", "limits.py", "caches.py"} <= code
    assert not code & {"outputs/listing.py", "outputs/webpage.py", "read/parse.py"}
    # the caches' helpers it reads with do not bring the matcher or the reader in: editing those
    # re-runs the catalog, whose papers.json then decides whether the outputs run again
    assert not [name for name in code if name.startswith(("match/", "entries/", "read/"))
                or name.startswith("catalog/") and name not in ("catalog/__init__.py", "catalog/shapes.py")]
