"""Outputs are written atomically, and an output whose bytes did not change is left alone."""

import os
from pathlib import Path

from pipeline import files


def test_unchanged_bytes_keep_the_files_time_and_new_bytes_replace_it(tmp_path: Path) -> None:
    target = tmp_path / "out" / "papers.json"
    files.write_text(target, "[1]\n")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))  # a time no write could give it
    files.write_text(target, "[1]\n")
    assert target.stat().st_mtime_ns == 1_000_000_000
    files.write_text(target, "[2]\n")  # same size, other bytes
    assert target.read_text() == "[2]\n"
    assert target.stat().st_mtime_ns != 1_000_000_000
    files.write_json(target, [3, 4])
    assert target.read_text() == "[\n  3,\n  4\n]\n"
