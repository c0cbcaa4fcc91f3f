"""Shared fixtures: the real project, copies of it to break, and one real build of all communities.

The whole suite shares ONE build of every community, kind and language (`built`). A test that needs
a build of its own builds only what it checks: a copy of the project (`copy_project`) cut down to the
communities, languages (`set_languages`) and kinds it looks at. A test that edits a built site starts
from a copy of the shared build, cache included (`copy_built`), so that it renders only what its edit
touches.
"""

from __future__ import annotations

import fcntl
import functools
import pickle
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.pipeline import BuildReport, Project, build

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


def copy_built(built: Project, target: Path) -> Project:
    """A throw-away copy of the shared build: its inputs, its output and its cache."""
    shutil.copytree(built.root, target, symlinks=True)
    return Project(target)


def set_languages(project: Project, slug: str, languages: list[str]) -> None:
    """Cut a copied community's profile down to some of its languages (the first is its site root)."""
    profile = project.sites_dir / slug / "profile.yaml"
    text, found = re.subn(r"(?m)^languages: \[.*\]$", f"languages: [{', '.join(languages)}]", profile.read_text(), count=1)
    assert found == 1, f"{profile} has no top-level languages list"
    profile.write_text(text)


@functools.cache
def built_pdf(path: Path) -> PdfReader:
    """One of the shared build's PDFs, parsed once however many tests read it (pypdf keeps every object
    it has resolved). Only for `built`, which no test changes; read a PDF a test builds with PdfReader."""
    return PdfReader(path)


@functools.cache
def built_pdf_text(path: Path) -> tuple[str, ...]:
    """The text of each page of one of the shared build's PDFs, extracted once."""
    return tuple(page.extract_text() or "" for page in built_pdf(path).pages)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def _session_build(tmp_path_factory, request):
    # Under pytest-xdist (`make test` runs two workers) every worker sees the same build: the first to
    # take the lock makes it, the others wait for it and read its report.
    distributed = hasattr(request.config, "workerinput")
    base = tmp_path_factory.getbasetemp().parent if distributed else tmp_path_factory.getbasetemp()
    folder, made = base / "built", base / "built" / "report.pickle"
    folder.mkdir(exist_ok=True)
    with (base / "built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if made.exists():
            report = pickle.loads(made.read_bytes())
            project = Project(folder / "project")
        else:
            # A copy of the project, so that files edited elsewhere while the suite runs cannot reach this build.
            project = copy_project(folder / "project")
            report = build(project, jobs=2)
            made.write_bytes(pickle.dumps(report))
    return project, report


@pytest.fixture(scope="session")
def built(_session_build) -> Project:
    """Every real community, in every kind and language, built once (by two worker processes) into a
    copy of the project. Read it; never edit it (edit a `copy_built` copy)."""
    return _session_build[0]


@pytest.fixture(scope="session")
def built_report(_session_build) -> BuildReport:
    """The report of the build that made `built`."""
    return _session_build[1]


@pytest.fixture(scope="session")
def serially_built(_session_build, tmp_path_factory) -> Project:
    """Oakland (every kind, five languages and four schools' editions) built again from `built`'s
    inputs, by a serial build (jobs=1) into an output of its own."""
    serial = Project(_session_build[0].root, output_dir=tmp_path_factory.mktemp("serial"))
    build(serial, ["oakland"], jobs=1)
    return serial


def kind_name(artifact: dict) -> str:
    """A manifest entry's document kind as the registry names it (`handout-secondary` for the handout's
    version `secondary`)."""
    return artifact["kind"] + (f"-{artifact['variant']}" if "variant" in artifact else "")


def community_kinds(slug: str, root: Path = ROOT) -> dict:
    """The document kinds a shipped community's toolkit has (a state's has the state agencies' talking points)."""
    from builder.kinds import kinds_for
    from builder.profile import load_profile

    return {kind.name: kind for kind in kinds_for(load_profile(slug, root / "sites").profile.organisation.level.value)}
