"""No import cycle among pipeline modules, lazy imports inside functions included (pipeline/deps.py's graph)."""

from pathlib import Path

from pipeline import paths
from pipeline.deps import _imports


def _graph(root: Path) -> dict[Path, set[Path]]:
    return {path: _imports(path) - {path} for path in sorted(root.rglob("*.py"))}


def _cycles(graph: dict[Path, set[Path]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), as sorted relative names."""
    index: dict[Path, int] = {}
    low: dict[Path, int] = {}
    stack: list[Path] = []
    found: list[list[str]] = []

    def visit(node: Path) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(str(path.relative_to(paths.PIPELINE)) for path in component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_pipeline_modules() -> None:
    assert _cycles(_graph(paths.PIPELINE)) == []


def test_a_cycle_through_a_lazy_import_is_found(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "pipeline"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pipeline import b\n")
    (package / "b.py").write_text("def f():\n    from pipeline.c import x\n")
    (package / "c.py").write_text("import pipeline.a\n")
    (package / "d.py").write_text("from pipeline import a\n")
    monkeypatch.setattr("pipeline.deps.PIPELINE", package)
    monkeypatch.setattr(paths, "PIPELINE", package)
    assert _cycles(_graph(package)) == [["a.py", "b.py", "c.py"]]
