"""Small helpers shared by the tests: run the first stages on a markdown string."""

from typing import Any

from pipeline.parse import parse_markdown
from pipeline.records import build_records


def records_of(markdown: str, source_id: str = "t", upstream: str | None = None) -> dict[str, Any]:
    ast = parse_markdown(markdown, f"{source_id}.md")
    return build_records(ast, {"id": source_id, "path": f"{source_id}.md", "sha256": "0" * 64}, upstream)
