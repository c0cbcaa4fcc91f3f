"""Shared fixtures: the real project, copies of it to break, and one real build of all communities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.pipeline import Project, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COMMUNITIES = ("connecticut", "oakland", "solano")


def copy_project(target: Path, sites: Path | None = None) -> Project:
    """A throw-away project: the real templates, and the real sites unless `sites` is given."""
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(sites or ROOT / "sites", target / "sites")
    if (ROOT / "locales").is_dir():
        shutil.copytree(ROOT / "locales", target / "locales")
    for folder in (target / "sites").iterdir():
        logo = folder / "logo.svg"
        if folder.is_dir() and not logo.exists():
            shutil.copy(FIXTURES / "logo.svg", logo)
    return Project(target)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """Every real community, built once into a temporary output folder."""
    output = tmp_path_factory.mktemp("output")
    project = Project(ROOT, output_dir=output)
    build(project)
    return project
