"""Small helpers shared by the tests: run the first stages on a markdown string."""

import functools
import gc
from types import ModuleType
from typing import Any

from pipeline import files
from pipeline.read.parse import decode_source
from pipeline.records.build import records_from_text
from tests.shared_data import require_shared


def records_of(markdown: str, source_id: str = "t", paper: dict[str, str] | None = None,
               upstream: str | None = None) -> dict[str, Any]:
    return records_from_text(markdown, {"id": source_id, "path": f"{source_id}.md", "sha256": "0" * 64},
                             paper=paper, upstream=upstream)


def only_record_fields(markdown: str, fields: tuple[str, ...]) -> tuple[object, ...]:
    """The named fields of the one record ``markdown`` gives (no reject, no second record)."""
    result = records_of(markdown + "\n")
    assert result["rejects"] == [] and len(result["records"]) == 1
    return tuple(result["records"][0].get(field) for field in fields)


@functools.lru_cache(maxsize=1)
def devcorpus_records() -> dict[str, dict[str, Any]]:
    """Each dev-corpus file's records (by its path there), read as a source whose manifest names its
    GitHub repository; read once per test session, since several test files look at them."""
    root = require_shared("devcorpus")
    found = {}
    for entry in files.read_json(root / "manifest.json"):
        text, _problems = decode_source((root / entry["saved"]).read_bytes(), entry["saved"])
        found[entry["saved"]] = records_of(text, "devcorpus", upstream=f"https://github.com/{entry['repo']}")
    return found


def load_dodo() -> ModuleType:
    """dodo.py, imported as doit imports it. Loading it pauses the cyclic collector until a doit run
    starts (dodo.BuildReporter.initialize); a test is no doit run, so the collector goes back on."""
    import dodo

    gc.enable()
    return dodo
