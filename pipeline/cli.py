"""Command line: ``python -m pipeline COMMAND``, argument parsing over pipeline/commands.py.

    python -m pipeline diff OLD.json NEW.json [--json] [--moves] [--ignore FIELD ...]
    python -m pipeline release VERSION
    python -m pipeline decisions [--reanchor]
    python -m pipeline records SOURCE.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from pipeline import __version__
from pipeline.commands import EXIT_DIFFERENT, EXIT_SAME, EXIT_TROUBLE, guarded, run_decisions, run_diff, \
    run_records, run_release

__all__ = ["EXIT_DIFFERENT", "EXIT_SAME", "EXIT_TROUBLE", "main", "main_entry"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Merge awesome lists of papers.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser("diff", help="what changed between two papers.json files (exit 0 same, 1 different)")
    diff.add_argument("old", help="the older papers.json, or a release version")
    diff.add_argument("new", nargs="?", help="the newer papers.json or release version (default: the current build)")
    diff.add_argument("--json", action="store_true", help="print the diff as JSON (schemas/diff.schema.json)")
    diff.add_argument("--ignore", action="append", default=[], metavar="FIELD",
                      help="leave a field out of the comparison (repeatable), e.g. mentions")
    diff.add_argument("--moves", action="store_true",
                      help="list the mentions that only moved to other lines (always in --json's 'moved')")
    release = commands.add_parser("release", help="snapshot the current build into build/releases/VERSION")
    release.add_argument("version", help="a Semantic Versioning 2.0.0 version, e.g. 1.2.0 or 1.2.0-rc.1")
    release.add_argument("--allow-errors", action="store_true",
                         help="release a build that had errors, recording them in MANIFEST.json")
    decisions = commands.add_parser("decisions", help="find each decision's mentions in the built records "
                                    "(exit 1 when one cannot be placed)")
    decisions.add_argument("--reanchor", action="store_true",
                           help="rewrite the line hints of sources/decisions.json to where the mentions are now")
    records = commands.add_parser("records", help="print the records one markdown file gives, as JSON")
    records.add_argument("source", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; print its problems to stderr and return its exit status (2 on trouble)."""
    args = _parser().parse_args(argv)
    if args.command == "diff":
        return guarded(run_diff, args.old, args.new, args.json, args.ignore, args.moves)
    if args.command == "release":
        return guarded(run_release, args.version, args.allow_errors)
    if args.command == "decisions":
        return guarded(run_decisions, args.reanchor)
    return guarded(run_records, args.source)


def main_entry() -> None:
    sys.exit(main())
