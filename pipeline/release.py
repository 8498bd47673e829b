"""Releases: a versioned snapshot of the catalog, and the lookup of releases to compare."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline import __version__, files, paths
from pipeline.problems import PipelineError, Problem

#: What a release holds, from build/catalog/.
ARTIFACTS = ("papers.json", "papers.csv", "mentions.csv", "resources.csv", "datapackage.json", "papers.md",
             "overlap.png", "report.json", "report.md")
#: The catalog for other tools: reference managers, datasette, a browser.
ARTIFACTS += ("papers.bib", "papers.csl.json", "papers.db", "metadata.json", "index.html")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


def version_key(name: str) -> tuple[Any, ...]:
    """Sort versions by their numbers ("1.10" after "1.9"), then by text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-_]", name))


def releases(folder: Path) -> list[str]:
    """The release versions in ``folder``, oldest first."""
    if not folder.exists():
        return []
    return sorted((path.name for path in folder.iterdir() if (path / "MANIFEST.json").exists()), key=version_key)


def stale_sources(catalog: dict[str, Any], current: dict[str, str]) -> list[str]:
    """Why a catalog does not reflect the current sources ({id: sha256}); empty when it does."""
    built = {source["id"]: source["sha256"] for source in catalog["sources"]}
    reasons = [f"{name} changed" for name in sorted(set(built) & set(current)) if built[name] != current[name]]
    reasons += [f"{name} is new" for name in sorted(set(current) - set(built))]
    reasons += [f"{name} was removed" for name in sorted(set(built) - set(current))]
    if catalog["pipeline_version"] != __version__:
        reasons.append(f"built by pipeline {catalog['pipeline_version']}, this is {__version__}")
    return reasons


def manifest(version: str, catalog: dict[str, Any], digests: dict[str, str]) -> dict[str, Any]:
    return {
        "version": version,
        "pipeline_version": catalog["pipeline_version"],
        "schema_version": catalog["schema_version"],
        "files": {name: {"sha256": digest} for name, digest in sorted(digests.items())},
        "sources": [{"id": s["id"], "sha256": s["sha256"], "commit": s["commit"], "superseded_by": s["superseded_by"]}
                    for s in catalog["sources"]],
        "counts": catalog["counts"],
    }


def make_release(version: str, catalog_folder: Path, releases_folder: Path, current: dict[str, str]) -> Path:
    """Copy the built artifacts into ``releases_folder/version`` with a MANIFEST.json.

    Refuses an invalid or existing version and a catalog that does not reflect ``current``.
    """
    where = paths.display_path(releases_folder / version)
    if not _VERSION.match(version or ""):
        raise PipelineError(Problem(where, None, "bad-version",
                                    f"expected a version such as 1.2.0, found {version!r}"))
    target = releases_folder / version
    if target.exists():
        raise PipelineError(Problem(where, None, "release-exists",
                                    f"release {version} exists already; releases are never overwritten "
                                    f"(existing: {', '.join(releases(releases_folder))})"))
    missing = [name for name in ARTIFACTS if not (catalog_folder / name).exists()]
    catalog = files.read_json(catalog_folder / "papers.json") if "papers.json" not in missing else None
    reasons = [f"{name} is missing" for name in missing]
    if catalog is not None:
        reasons += stale_sources(catalog, current)
    if reasons or catalog is None:
        raise PipelineError(Problem(paths.display_path(catalog_folder), None, "build-stale",
                                    f"expected an up-to-date build (run doit), found: {'; '.join(reasons)}"))
    staging = releases_folder / f".{version}.partial"
    digests = {}
    for name in ARTIFACTS:
        data = (catalog_folder / name).read_bytes()
        digests[name] = files.sha256_bytes(data)
        files.write_bytes(staging / name, data)
    files.write_json(staging / "MANIFEST.json", manifest(version, catalog, digests))
    staging.rename(target)  # the release appears whole or not at all
    return target


def find_release(folder: Path, version: str) -> Path:
    path = folder / version / "papers.json"
    if not path.exists():
        known = releases(folder)
        raise PipelineError(Problem(paths.display_path(folder / version), None, "release-missing",
                                    f"no release {version!r}; releases: {', '.join(known) or 'none yet'}"))
    return path
