"""Where a project's inputs live and where its output goes; cheap to import (standard library only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PROFILE_FILE = "profile.yaml"


@dataclass(frozen=True)
class Project:
    """Where a project's inputs live and where its output goes."""

    root: Path
    output_dir: Path | None = None

    @property
    def sites_dir(self) -> Path:
        return self.root / "sites"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def output(self) -> Path:
        return self.output_dir or self.root / "output"


SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
"""A community's folder name, and a resource's id: lower-case letters, digits and hyphens. Never a leading
dot, so no community can be named like the build's own folders in `output/` (`.cache`, `.staging`)."""


def is_slug(value: str) -> bool:
    return bool(re.match(SLUG_PATTERN, value))


def available_slugs(sites_dir: Path) -> list[str]:
    """The communities that have a profile, sorted: folders of `sites/` named as slugs, with a
    `profile.yaml` that is a file inside the folder (a symbolic link out of the project is not a community)."""
    return sorted(path.parent.name for path in sites_dir.glob(f"*/{PROFILE_FILE}") if _is_community(path, sites_dir))


def not_communities(sites_dir: Path) -> list[Path]:
    """Folders of `sites/` with a profile that are not communities (a name that is not a slug, such as
    `Bad Name` or `.cache`; a link out of the folder): they are never built, and `toolkit check` says so."""
    return sorted(path for path in sites_dir.glob(f"*/{PROFILE_FILE}") if not _is_community(path, sites_dir))


def _is_community(profile: Path, sites_dir: Path) -> bool:
    folder = profile.parent
    return is_slug(folder.name) and not folder.is_symlink() and inside(profile, folder) and profile.is_file()


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symbolic link followed, is within `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links, or a path the system cannot resolve
        return False
