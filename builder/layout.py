"""Where a project's inputs live and where its output goes; cheap to import (standard library only)."""

from __future__ import annotations

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


def available_slugs(sites_dir: Path) -> list[str]:
    """The communities that have a profile, sorted."""
    return sorted(p.parent.name for p in sites_dir.glob(f"*/{PROFILE_FILE}"))
