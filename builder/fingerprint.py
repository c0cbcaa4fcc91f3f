"""Whole-build fingerprints: answer "is everything already built?" without parsing anything.

A no-op rebuild should cost almost nothing, so this module needs only the
standard library: it hashes the bytes of `sites/`, `templates/` and `locales/`,
plus the builder's code, library versions and the installed fonts
(`hashing.FileHashes.environment`). If that hash equals the last successful
build's, and every published manifest is still the one that build wrote, there is
nothing to do. Anything else falls through to the per-document plan (`plan.py`),
which finds exactly what changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .hashing import FileHashes, digest
from .jobs import BuildOptions

RECORD = "build.json"
INPUT_FOLDERS = ("sites", "templates", "locales")


def build_fingerprint(root: Path, slugs: list[str], options: BuildOptions) -> str:
    """One hash of every input of a build of `slugs` with `options` in the project at `root`."""
    files = FileHashes()
    return digest(sorted(slugs), options.key(), [files.tree(root / name) for name in INPUT_FOLDERS], files.environment())


def manifest_digest(output_dir: Path, slug: str) -> str:
    try:
        return hashlib.sha256((output_dir / slug / "manifest.json").read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _read(cache_dir: Path) -> dict:
    try:
        return json.loads((cache_dir / RECORD).read_text())
    except (OSError, ValueError):
        return {}


def is_up_to_date(cache_dir: Path, output_dir: Path, fingerprint: str, slugs: list[str]) -> bool:
    """True when the last successful build had these exact inputs and its output is still in place."""
    record = _read(cache_dir).get(",".join(sorted(slugs)))
    if not record or record.get("fingerprint") != fingerprint:
        return False
    return all(record["manifests"].get(slug) == manifest_digest(output_dir, slug) for slug in slugs)


def remember(cache_dir: Path, output_dir: Path, fingerprint: str, slugs: list[str]) -> None:
    from .output import atomic_write

    records = _read(cache_dir)
    records[",".join(sorted(slugs))] = {
        "fingerprint": fingerprint,
        "manifests": {slug: manifest_digest(output_dir, slug) for slug in slugs},
    }
    atomic_write(cache_dir / RECORD, json.dumps(records, indent=1).encode())
