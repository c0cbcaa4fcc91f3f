"""The build, in named phases: load, plan, render, assemble. Every input is validated before any output
is touched.

`load()` reads and validates every profile, school list and catalog (`load.py`); `plan()` gives each
document a digest of its inputs (`plan.py`); documents whose digest is in the cache are reused, the
rest are rendered as tasks on an executor (this process, local worker processes, or a Dask cluster);
as soon as all documents of a community are ready, its sites are assembled and published
(`assemble.py`). A community whose every input is unchanged, and whose published output is still the
one the cache knows, is left alone entirely. Failures are collected per document and reported together.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .cache import CACHE, DocumentCache
from .errors import BuildFailed, RenderError, ToolkitError
from .fingerprint import build_fingerprint, is_up_to_date, manifest_digest, remember
from .jobs import BuildOptions, CommunityPlan, DocumentKey, DocumentOutput
from .layout import Project, available_slugs

if TYPE_CHECKING:
    from .load import LoadedBuild
    from .profile import LoadedProfile
    from .workers import RenderTask, TaskResult

# The stages (YAML, pydantic, Jinja, Babel, mkdocs, WeasyPrint) are imported inside the functions
# that use them, so that a build with nothing to do costs little more than hashing the inputs.

Progress = Callable[[str], None]

SCHOOLS_PER_TASK = 8
"""School editions go to workers in small batches, so that a thousand schools spread over every worker."""


@dataclass
class BuildReport:
    communities: list[str] = field(default_factory=list)
    """Communities published by this build."""
    unchanged: list[str] = field(default_factory=list)
    """Communities whose inputs and output were unchanged, so nothing was done."""
    warnings: list[str] = field(default_factory=list)
    artifacts: int = 0
    rendered: list[tuple[str, str, str]] = field(default_factory=list)
    """(community or school edition, language, kind) of every document rendered rather than taken from the cache."""
    reused: int = 0


def check(project: Project, slugs: list[str] | None = None) -> list[LoadedProfile]:
    """Validate profiles, school lists and catalogs without building; raises ProfileError listing every problem.

    (A build leaves a bad school row out with a warning; a check reports it as an error.)"""
    from .load import load

    return list(load(project, slugs, schools_must_be_valid=True).communities)


def build(
    project: Project,
    slugs: list[str] | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    kinds: list[str] | None = None,
    print_shop: bool = False,
    pool: Executor | None = None,
) -> BuildReport:
    """Build the named communities (all by default) into `project.output`.

    `jobs` local worker processes (default: every core) or a Dask `scheduler`
    address render the documents; `force` renders everything, ignoring the cache;
    `kinds` limits the documents to some kinds (all by default); `print_shop` gives every PDF
    bleed and crop marks for a print shop (build it into its own `--output`). A long-lived caller
    (`toolkit serve`) passes its own warm `pool` of workers instead.
    """
    from .kinds import select_kinds
    from .output import remove_stale_staging

    select_kinds(kinds)  # an unknown kind is a usage error before anything is read
    remove_stale_staging(project.output)  # what a killed build left behind
    options = BuildOptions(tuple(kinds) if kinds else None, print_shop)
    requested = list(slugs or available_slugs(project.sites_dir))
    known = set(requested) <= set(available_slugs(project.sites_dir))
    fingerprint = build_fingerprint(project.root, requested, options) if known else ""
    if fingerprint and not force and is_up_to_date(project.output / CACHE, project.output, fingerprint, requested):
        return BuildReport(unchanged=requested)

    from .load import load
    from .workers import executor

    loaded = load(project, slugs)
    if pool is not None:
        report = _Run(project, pool, progress, force).run(loaded, options)
    else:
        with executor(jobs, scheduler) as pool:  # started now: workers warm up while the plan is made
            report = _Run(project, pool, progress, force).run(loaded, options)
    remember(project.output / CACHE, project.output, fingerprint, requested)
    return report


@dataclass
class _Community:
    """One community's documents as they come in."""

    loaded: LoadedProfile
    plan: CommunityPlan
    ready: dict[DocumentKey, DocumentOutput]
    pending: int = 0
    failures: list[ToolkitError] = field(default_factory=list)


class _Run:
    """Renders what the plan says is missing, and assembles each community once its documents are all in."""

    def __init__(self, project: Project, pool: Executor, progress: Progress | None, force: bool):
        self.project, self.pool, self.force = project, pool, force
        self.progress = progress or (lambda message: None)
        self.cache = DocumentCache(project.output)
        self.report = BuildReport()
        self.failures: list[ToolkitError] = []

    def run(self, loaded: LoadedBuild, options: BuildOptions) -> BuildReport:
        from .plan import plan

        build_plan = plan(loaded, options, self.project.templates_dir, self.project.locales_dir)
        self.report.warnings.extend(build_plan.warnings)
        futures: dict[Future[TaskResult], _Community] = {}
        communities = []
        for profile, community_plan in zip(loaded.communities, build_plan.communities, strict=True):
            community = self._start(profile, community_plan, options, futures)
            if community is not None:
                communities.append(community)
        for future in as_completed(futures):
            self._collect(futures[future], future.result())
        self.report.reused = sum(len(c.plan.jobs) for c in communities) - len(self.report.rendered)
        if self.failures:
            raise BuildFailed(self.failures)
        return self.report

    def _start(self, profile: LoadedProfile, plan: CommunityPlan, options: BuildOptions, futures: dict) -> _Community | None:
        """Take what the cache has; submit the rest as tasks (or assemble at once when nothing is missing)."""
        from .workers import run_task

        if not self.force and self._is_published(plan):
            self.report.unchanged.append(plan.slug)
            self.progress(f"{plan.slug}: unchanged")
            return None
        ready = {}
        for job in plan.jobs:
            if job.wanted and self.force:
                continue
            document = self.cache.load(plan.slug, job.key, job.digest if job.wanted else None)
            if document is not None:
                ready[job.key] = document
        # A kind not asked for and never rendered is left out (a first build holds just the kinds asked for).
        jobs = tuple(job for job in plan.jobs if job.wanted or job.key in ready)
        community = _Community(profile, replace(plan, jobs=jobs), ready)
        for task in _tasks(self.project, community, options):
            futures[self.pool.submit(run_task, task)] = community
            community.pending += 1
        if community.pending == 0:
            self._assemble(community)
        return community

    def _collect(self, community: _Community, result: TaskResult) -> None:
        digests = {job.key: job.digest for job in community.plan.jobs}
        for document in result.documents:
            self.cache.store(document, digests[document.key])
            community.ready[document.key] = document
            where = _where(document.slug, document.school)
            self.report.rendered.append((where, document.lang, document.kind))
            self.progress(f"{where}: {document.kind} ({document.lang})" + _shrink_note(document))
        for (school, kind), message in result.failures:
            community.failures.append(RenderError(_where(result.slug, school), kind, result.lang, message))
        community.pending -= 1
        if community.pending == 0:
            self._assemble(community)
            community.ready.clear()  # published and cached: free the PDFs (a state has thousands)

    def _assemble(self, community: _Community) -> None:
        from .assemble import assemble_community

        if community.failures:
            self.failures.extend(community.failures)
            return
        slug = community.plan.slug
        self.progress(f"{slug}: website")
        documents = [community.ready[job.key] for job in community.plan.jobs]  # in plan order: a stable manifest
        try:
            artifacts = assemble_community(self.project, community.loaded, documents)
        except BuildFailed as error:
            self.failures.extend(error.failures)
            return
        self.cache.store_site_digest(slug, f"{community.plan.site_digest} {manifest_digest(self.project.output, slug)}")
        self.report.communities.append(slug)
        self.report.artifacts += len(artifacts)

    def _is_published(self, plan: CommunityPlan) -> bool:
        """True when the output on disk is the one this exact set of inputs produced last time."""
        recorded = self.cache.site_digest(plan.slug)
        return recorded == f"{plan.site_digest} {manifest_digest(self.project.output, plan.slug)}"


def _tasks(project: Project, community: _Community, options: BuildOptions) -> list[RenderTask]:
    """The documents still to render, as tasks for the workers: one per language of the community's own
    documents, and batches of a few schools' editions."""
    from .kinds import SCHOOL_KINDS
    from .workers import RenderTask

    missing: dict[tuple[str, bool], list[tuple[str, str]]] = {}
    for job in community.plan.jobs:
        if job.key not in community.ready:
            missing.setdefault((job.key.lang, bool(job.key.school)), []).append((job.key.school, job.key.kind))
    tasks = []
    for (lang, for_schools), documents in missing.items():
        size = SCHOOLS_PER_TASK * len(SCHOOL_KINDS) if for_schools else len(documents)
        tasks += [
            RenderTask(
                project.templates_dir,
                project.locales_dir,
                community.loaded,
                lang,
                tuple(documents[i : i + size]),
                options.print_shop,
            )
            for i in range(0, len(documents), size)
        ]
    return tasks


def _where(slug: str, school: str) -> str:
    """How reports name a document's edition: the community, or one of its schools."""
    return f"{slug}/schools/{school}" if school else slug


def _shrink_note(document: DocumentOutput) -> str:
    from .kinds import DOCUMENT_KINDS

    if document.shrunk:
        return f" set at {document.font_size_pt:g}pt to fit {DOCUMENT_KINDS[document.kind].max_pages} page(s)"
    return ""
