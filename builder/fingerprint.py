"""Whole-build fingerprints: answer "is everything already built?" without parsing anything.

A no-op rebuild should cost almost nothing, so this module needs only the
standard library: it hashes the bytes of `sites/`, `templates/`, `locales/` and
the builder's own code, plus library versions and the installed fonts. If that
hash equals the last successful build's, and every published manifest is still
the one that build wrote, there is nothing to do. Anything else falls through
to the per-document plan (`plan.py`), which finds exactly what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

LIBRARIES = ("weasyprint", "mkdocs", "jinja2", "babel", "pydantic", "pyyaml", "twitter-text-parser")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
BUILDER_DIR = Path(__file__).parent
RECORD = "build.json"


def library_versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def fonts_fingerprint() -> list:
    """The installed font files (path, size, mtime): a new or updated font changes every PDF."""
    found = []
    for folder in FONT_DIRS:
        root = os.path.expanduser(folder)
        for dirpath, _, filenames in os.walk(root):
            for name in filenames:
                stat = os.stat(os.path.join(dirpath, name))
                found.append([os.path.join(dirpath, name), stat.st_size, int(stat.st_mtime)])
    return sorted(found)


def tree_digest(folder: Path, pattern: str = "*") -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def build_fingerprint(root: Path, slugs: list[str], kinds: list[str] | None = None, options: tuple = ()) -> str:
    """One hash of every input of a build of `slugs` (of `kinds`, when limited, and with build
    `options` such as print-shop bleed) in the project at `root`."""
    parts = {
        "slugs": sorted(slugs),
        "kinds": sorted(kinds or []),
        "options": list(options),
        "inputs": [tree_digest(root / name) if (root / name).is_dir() else "none" for name in ("sites", "templates", "locales")],
        "builder": tree_digest(BUILDER_DIR, "*.py"),
        "libraries": library_versions(),
        "fonts": fonts_fingerprint(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def manifest_digest(output_dir: Path, slug: str) -> str:
    try:
        return hashlib.sha256((output_dir / slug / "manifest.json").read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _record_path(cache_dir: Path) -> Path:
    return cache_dir / RECORD


def _read(cache_dir: Path) -> dict:
    try:
        return json.loads(_record_path(cache_dir).read_text())
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
    atomic_write(_record_path(cache_dir), json.dumps(records, indent=1).encode())
