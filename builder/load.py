"""The build's first phase: read and validate everything a build depends on, before anything is rendered.

Profiles (with their forks), each community's `schools.csv`, and the catalogs of every language the
communities offer. Every problem is reported in one run, each at its file and line: a profile's key,
a school's CSV row, a catalog's `.po` entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Problem, ProfileError
from .i18n import catalog_problems
from .layout import Project, not_communities
from .pages import load_pages
from .profile import LoadedProfile, display_path, load_each
from .schools import SCHOOLS_FILE, load_schools


@dataclass(frozen=True)
class LoadedBuild:
    """Every input of a build, read and valid."""

    communities: tuple[LoadedProfile, ...]
    """Each requested community, with its schools."""
    warnings: tuple[str, ...] = ()
    """Bad school rows, which a build leaves out (`toolkit check` reports them as errors)."""


def load(project: Project, slugs: list[str] | None = None, schools_must_be_valid: bool = False) -> LoadedBuild:
    """Load the named communities (all by default); raises `ProfileError` listing every problem found.

    A bad school row is a problem when `schools_must_be_valid` (a check); otherwise the build goes on
    without that school, with a warning."""
    profiles, problems = load_each(slugs, project.sites_dir)
    page_warnings: list[str] = []
    communities = []
    for profile in profiles:
        folders = [source.parent for source in profile.sources]
        pages, page_problems = load_pages(folders, profile.profile.languages, project.sites_dir, page_warnings)
        problems += page_problems
        communities.append(replace(profile, schools=_schools(project, profile), pages=pages))
    school_problems = [problem for community in communities for problem in community.schools.problems]
    languages = sorted({lang for community in communities for lang in community.profile.languages})
    problems += [problem for lang in languages for problem in catalog_problems(project.locales_dir, lang)]
    strays = [_not_a_community(project, path) for path in not_communities(project.sites_dir)] if not slugs else []
    if schools_must_be_valid:
        problems += school_problems + strays
    if problems:
        raise ProfileError(problems)
    warnings = [f"{problem}; this school is left out" for problem in school_problems] + [str(stray) for stray in strays]
    return LoadedBuild(tuple(communities), tuple(warnings + page_warnings))


def _not_a_community(project: Project, profile: Path) -> Problem:
    message = (
        "expected a community folder named with lower-case letters, digits and hyphens, holding its own "
        "profile.yaml (not a link out of it); this folder is not built"
    )
    return Problem(display_path(profile, project.sites_dir), 1, 1, "", message)


def _schools(project: Project, profile: LoadedProfile):
    path = profile.directory / SCHOOLS_FILE
    return load_schools(path, display_path(path, project.sites_dir), profile.profile.languages, profile.directory)
