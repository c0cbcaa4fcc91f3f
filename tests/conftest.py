"""Shared fixtures: the real project, copies of it to break, and one real build of all communities.

The whole suite shares ONE build of every community, kind and language (`built`). A test that needs
a build of its own builds only what it checks: a copy of the project (`copy_project`) cut down to the
communities, languages (`set_languages`) and kinds it looks at. A test that edits a built site starts
from a copy of the shared build, cache included (`copy_built`), so that it renders only what its edit
touches.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.pipeline import BuildReport, Project, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COMMUNITIES = ("connecticut", "oakland", "solano")
SERIAL_TEST = "test_serial_and_parallel_builds_publish_the_same_files"
"""The test that compares a serial build of everything with the shared (parallel) build."""


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


class BackgroundBuild:
    """`build(project, jobs=...)` in a child process of its own, waited for only when a test needs it."""

    SCRIPT = (
        "import sys\n"
        "from pathlib import Path\n"
        "from builder.pipeline import Project, build\n"
        "build(Project(Path(sys.argv[1]), output_dir=Path(sys.argv[2])), jobs=int(sys.argv[3]))\n"
    )

    def __init__(self, project: Project, jobs: int):
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(project.root), str(project.output), str(jobs)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait(self) -> Project:
        output, _ = self.process.communicate(timeout=600)
        assert self.process.returncode == 0, f"the background build failed:\n{output}"
        return self.project

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture(scope="session")
def _session_build(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("built")
    # A copy of the project, so that files edited elsewhere while the suite runs cannot reach this build.
    project = copy_project(folder / "project")
    report = build(project, jobs=2)
    serial = None
    if any(item.name == SERIAL_TEST for item in request.session.items):
        # Started now, so that it runs while the tests that follow (a browser, one-process builds)
        # leave a core idle; the serial test waits for it.
        serial = BackgroundBuild(Project(project.root, output_dir=folder / "serial"), jobs=1)
    yield project, report, serial
    if serial is not None:
        serial.stop()


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
    """`built`'s inputs built again by a serial build (jobs=1) into an output of its own."""
    serial = _session_build[2]
    if serial is None:
        output = tmp_path_factory.mktemp("serial")
        serial = BackgroundBuild(Project(_session_build[0].root, output_dir=output), jobs=1)
    try:
        return serial.wait()
    finally:
        serial.stop()
