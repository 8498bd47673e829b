"""Loading dodo.py stays light: the stages are imported by the actions, when a task runs."""

import inspect
import os
import subprocess
import sys

from pipeline import paths
from pipeline.lazy import Action

HEAVY = ("pipeline", "panflute", "jsonschema", "ftfy", "mistune", "rapidfuzz", "pandas", "matplotlib")


def _loaded_after(statement: str) -> str:
    script = (f"import sys; {statement}\n"
              f"print(sorted(name for name in sys.modules if name.split('.')[0] in {HEAVY!r}))")
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=paths.ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_loading_dodo_imports_no_stage() -> None:
    assert _loaded_after("import dodo") == \
        "['pipeline', 'pipeline.deps', 'pipeline.files', 'pipeline.lazy', 'pipeline.paths', 'pipeline.progress', " \
        "'pipeline.statefile', 'pipeline.targets']"


def test_the_check_task_that_every_run_executes_imports_no_stage() -> None:
    # `check` runs on every `doit`, a no-op one included
    assert _loaded_after("import dodo; dodo.task_check()['actions'][0][0].__wrapped__") == (
        "['pipeline', 'pipeline.deps', 'pipeline.files', 'pipeline.lazy', 'pipeline.paths', 'pipeline.problems', "
        "'pipeline.progress', 'pipeline.releases', 'pipeline.releases.buildstate', 'pipeline.statefile', "
        "'pipeline.targets']")


def test_an_action_has_its_functions_signature_and_result() -> None:
    # doit passes `doit release --version 1.0` by the parameter's name, read from the signature.
    assert list(inspect.signature(Action("release")).parameters) == [
        "version", "records_paths", "sources_dir", "catalog", "allow_errors"]
    assert list(inspect.signature(Action("diff")).parameters) == ["old", "new", "as_json", "moves", "ignore"]
    assert Action("plural")(2, "paper") == "2 papers"


def test_an_output_imports_no_library_another_output_needs() -> None:
    # database reads the tables' columns (not pandas); report reads the record kinds (not the reader)
    assert "pandas" not in _loaded_after("import pipeline.outputs.database")
    assert "pipeline.entries" not in _loaded_after("import pipeline.outputs.report")
