"""Small helpers shared by the tests: run the first stages on a markdown string."""

from typing import Any

from pipeline.github import github_view
from pipeline.parse import parse_markdown
from pipeline.records import build_records


def records_of(markdown: str, source_id: str = "t", paper: dict[str, str] | None = None,
               upstream: str | None = None) -> dict[str, Any]:
    view = github_view(markdown)
    ast = parse_markdown(markdown, f"{source_id}.md", view)
    return build_records(ast, {"id": source_id, "path": f"{source_id}.md", "sha256": "0" * 64}, view,
                         paper=paper, upstream=upstream)
