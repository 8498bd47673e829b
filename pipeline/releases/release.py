"""Releases: a versioned snapshot of the catalog, guarded against stale or failed builds, and the
lookup of releases to compare.

Versions are Semantic Versioning 2.0.0 (``1.2.0``, ``1.2.0-rc.1``), parsed and ordered by the
``semver`` library: "newest" is the highest precedence, so ``1.10.0`` > ``1.9.0`` > ``1.9.0-rc.1``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import semver

from pipeline import __version__, files, paths
from pipeline.catalog.shapes import Catalog
from pipeline.releases.buildstate import STAMP
from pipeline.problems import PipelineError, Problem

#: What a release holds, from build/catalog/.
ARTIFACTS: tuple[str, ...] = ("papers.json", "papers.csv", "mentions.csv", "resources.csv", "datapackage.json", "papers.md",
                              "overlap.png", "report.json", "report.md")
#: The catalog for other tools: reference managers, datasette, a browser.
ARTIFACTS += ("papers.bib", "papers.csl.json", "papers.db", "metadata.json", "index.html")


def parse_version(name: str) -> semver.Version | None:
    """The SemVer 2.0.0 version ``name`` ("1.2.0-rc.1"), or None ("v1", "1.0", "1.2.0-rc01")."""
    try:
        return semver.Version.parse(name)
    except (ValueError, TypeError):
        return None


def version_key(name: str) -> tuple[semver.Version, str]:
    """SemVer precedence; versions equal but for build metadata are ordered by their text."""
    version = parse_version(name)
    if version is None:
        raise ValueError(f"not a semantic version: {name!r}")
    return version, name


def releases(folder: Path) -> list[str]:
    """The release versions in ``folder``, oldest first by SemVer precedence. Folders whose names are
    not semantic versions are not releases of this pipeline and are left out."""
    if not folder.exists():
        return []
    return sorted((path.name for path in folder.iterdir()
                   if (path / "MANIFEST.json").exists() and parse_version(path.name) is not None), key=version_key)


def stale_inputs(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """What changed among the build's inputs ({path: sha256}) since they were recorded."""
    reasons = [f"{name} changed" for name in sorted(set(recorded) & set(current)) if recorded[name] != current[name]]
    reasons += [f"{name} is new" for name in sorted(set(current) - set(recorded))]
    reasons += [f"{name} was removed" for name in sorted(set(recorded) - set(current))]
    return reasons


def stale_sources(catalog: Catalog, current: dict[str, str]) -> list[str]:
    """Why a catalog does not reflect the current sources ({id: sha256}); empty when it does."""
    built = {source["id"]: source["sha256"] for source in catalog["sources"]}
    reasons = [f"{name} changed" for name in sorted(set(built) & set(current)) if built[name] != current[name]]
    reasons += [f"{name} is new" for name in sorted(set(current) - set(built))]
    reasons += [f"{name} was removed" for name in sorted(set(built) - set(current))]
    if catalog["pipeline_version"] != __version__:
        reasons.append(f"built by pipeline {catalog['pipeline_version']}, this is {__version__}")
    return reasons


def manifest(version: str, catalog: Catalog, digests: dict[str, str],
             errors: list[str] | None = None) -> dict[str, Any]:
    return {
        "version": version,
        "pipeline_version": catalog["pipeline_version"],
        "schema_version": catalog["schema_version"],
        "files": {name: {"sha256": digest} for name, digest in sorted(digests.items())},
        "sources": [{"id": s["id"], "sha256": s["sha256"], "commit": s["commit"], "superseded_by": s["superseded_by"]}
                    for s in catalog["sources"]],
        "counts": catalog["counts"],
        # Problems of the build, released anyway with --allow-errors; empty for a clean build.
        "errors": errors or [],
    }


def _stamp_reasons(stamp: dict[str, Any] | None, inputs: dict[str, str], catalog_folder: Path) -> list[str]:
    if stamp is None:
        return [f"no finished build recorded in {paths.display_path(catalog_folder / STAMP)}"]
    reasons = [f"{reason} since the last build" for reason in stale_inputs(stamp["inputs"], inputs)]
    for name in ARTIFACTS:
        path = catalog_folder / name
        if path.exists() and stamp["artifacts"].get(name) != files.sha256_file(path):
            reasons.append(f"{paths.display_path(path)} is not the one the last build wrote")
    return reasons


def make_release(version: str, catalog_folder: Path, releases_folder: Path, current: dict[str, str],
                 inputs: dict[str, str] | None = None, allow_errors: bool = False) -> Path:
    """Copy the built artifacts into ``releases_folder/version`` with a MANIFEST.json.

    Refuses an invalid or existing version, a catalog that does not reflect ``current`` ({source id:
    sha256}), a build whose ``inputs`` ({path: sha256} of sources, manifest, decisions, code,
    schemas) changed since it finished, and a build with errors unless ``allow_errors``.
    """
    where = paths.display_path(releases_folder / version)
    if parse_version(version or "") is None:
        raise PipelineError(Problem(where, None, "bad-version",
                                    f"expected a Semantic Versioning 2.0.0 version such as 1.2.0 or 1.2.0-rc.1, "
                                    f"found {version!r}"))
    target = releases_folder / version
    if target.exists():
        raise PipelineError(Problem(where, None, "release-exists",
                                    f"release {version} exists already; releases are never overwritten "
                                    f"(existing: {', '.join(releases(releases_folder))})"))
    missing = [name for name in ARTIFACTS if not (catalog_folder / name).exists()]
    catalog: Catalog | None = files.read_json(catalog_folder / "papers.json") if "papers.json" not in missing else None
    reasons = [f"{name} is missing" for name in missing]
    stamp = files.read_json(catalog_folder / STAMP) if (catalog_folder / STAMP).exists() else None
    if inputs is not None:
        reasons += _stamp_reasons(stamp, inputs, catalog_folder)
    elif catalog is not None:
        reasons += stale_sources(catalog, current)
    if reasons or catalog is None:
        raise PipelineError(Problem(paths.display_path(catalog_folder), None, "build-stale",
                                    f"expected an up-to-date build (run doit), found: {'; '.join(reasons)}"))
    errors = [] if stamp is None else stamp["errors"]
    if errors and not allow_errors:
        raise PipelineError(Problem(paths.display_path(catalog_folder / STAMP), None, "build-errors",
                                    f"expected a build without errors, found {len(errors)}: {errors[0]}"
                                    f"{' …' if len(errors) > 1 else ''} (fix them, or release with --allow-errors, "
                                    f"which records them in MANIFEST.json)"))
    staging = releases_folder / f".{version}.partial"
    digests = {}
    for name in ARTIFACTS:
        data = (catalog_folder / name).read_bytes()
        digests[name] = files.sha256_bytes(data)
        files.write_bytes(staging / name, data)
    files.write_json(staging / "MANIFEST.json", manifest(version, catalog, digests, errors))
    staging.rename(target)  # the release appears whole or not at all
    return target


def find_release(folder: Path, version: str) -> Path:
    path = folder / version / "papers.json"
    if not path.exists():
        known = releases(folder)
        raise PipelineError(Problem(paths.display_path(folder / version), None, "release-missing",
                                    f"no release {version!r}; releases: {', '.join(known) or 'none yet'}"))
    return path
