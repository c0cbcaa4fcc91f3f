"""The single write path into `output/`: staging folders, the manifest, atomic publication.

A community is built in a staging folder beside its destination and swapped in
only when everything succeeded, so a failed build leaves the previous output
untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
STAGING = ".staging"


@dataclass(frozen=True)
class Artifact:
    """One published file: what it is, for which language, and where it lives in the site."""

    kind: str
    lang: str
    format: str  # "html", "pdf", "png", "txt" (robots) or "xml" (sitemap)
    path: str  # relative to output/<slug>
    pages: int | None = None
    alt: str | None = None
    """For an image: the text that describes it (a share card's post)."""
    school: str | None = None
    """For a school's own edition: the school's slug."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def manifest(slug: str, site_dir: Path, artifacts: list[Artifact]) -> dict:
    """The manifest of a built site, with sizes and hashes read from the files themselves."""
    entries = []
    for artifact in artifacts:
        data = (site_dir / artifact.path).read_bytes()
        entry = {
            "kind": artifact.kind,
            "lang": artifact.lang,
            "format": artifact.format,
            "path": artifact.path,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if artifact.format == "pdf":
            entry["pages"] = artifact.pages
        if artifact.alt is not None:
            entry["alt"] = artifact.alt
        if artifact.school is not None:
            entry["school"] = artifact.school
        entries.append(entry)
    return {"community": slug, "artifacts": entries}


def write_manifest(slug: str, site_dir: Path, artifacts: list[Artifact]) -> Path:
    path = site_dir / MANIFEST
    data = json.dumps(manifest(slug, site_dir, artifacts), indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, data.encode("utf-8"))
    return path


@contextmanager
def staging_area(output_dir: Path, slug: str):
    """A private folder on the same file system as `output/<slug>`, removed afterwards whatever happens."""
    root = output_dir / STAGING
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=root, prefix=f"{slug}-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        try:
            root.rmdir()
        except OSError:
            pass  # another community's build is still using it


def publish(site_dir: Path, destination: Path) -> None:
    """Replace `destination` with the finished `site_dir` by renames, never a partial copy."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        retired = site_dir.parent / "retired"
        os.replace(destination, retired)
        try:
            os.replace(site_dir, destination)
        except OSError:
            os.replace(retired, destination)  # put the previous output back before reporting
            raise
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(site_dir, destination)
