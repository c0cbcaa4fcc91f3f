"""Load, plan, render, assemble: every profile is validated before any output is touched.

For each community and language the plan works out each document's digest
(`plan.py`); documents whose digest is in the cache are reused, the rest are
rendered as tasks on an executor (this process, local worker processes, or a
Dask cluster). As soon as all documents of a community are ready, its sites are
assembled and published. A community whose every input is unchanged, and whose
published output is still the one the cache knows, is left alone entirely.
Failures are collected per document and reported together.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cache import CACHE, DocumentCache, DocumentOutput
from .errors import BuildFailed, ProfileError, RenderError, ToolkitError
from .fingerprint import build_fingerprint, is_up_to_date, manifest_digest, remember
from .layout import Project, available_slugs, language_prefix

if TYPE_CHECKING:
    from .assemble import Edition
    from .plan import InputHasher
    from .profile import LoadedProfile
    from .render import Renderer

# The stages (YAML, pydantic, Jinja, Babel, mkdocs, WeasyPrint) are imported inside the functions
# that use them, so that a build with nothing to do costs little more than hashing the inputs.

Progress = Callable[[str], None]

DocumentKey = tuple[str, str, str]
"""(school slug, or "" for the community's own edition; language; kind): one document of a community."""

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
    """(community, language, kind) of every document rendered rather than taken from the cache."""
    reused: int = 0


@dataclass
class _CommunityPlan:
    community: LoadedProfile
    renderers: dict[str, Renderer]
    """The community edition's renderer for each language (the site needs them)."""
    digests: dict[DocumentKey, str]
    """Digest of each document's inputs."""
    ready: dict[DocumentKey, DocumentOutput]
    site_digest: str
    kinds: list[str]
    pending: int = 0
    failures: list[ToolkitError] = field(default_factory=list)


def check(project: Project, slugs: list[str] | None = None) -> list[LoadedProfile]:
    """Validate profiles and school lists without building; raises ProfileError listing every problem.

    (A build leaves a bad school row out with a warning; a check reports it as an error.)"""
    from .profile import load_profiles

    loaded = load_profiles(slugs, project.sites_dir)
    problems = [problem for community in loaded for problem in community.schools.problems]
    if problems:
        raise ProfileError(problems)
    return loaded


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
    progress = progress or (lambda message: None)
    requested = list(slugs or available_slugs(project.sites_dir))
    known = set(requested) <= set(available_slugs(project.sites_dir))
    options = ("print-shop",) if print_shop else ()
    fingerprint = build_fingerprint(project.root, requested, kinds, options) if known else ""
    if fingerprint and not force and is_up_to_date(project.output / CACHE, project.output, fingerprint, requested):
        return BuildReport(unchanged=requested)

    from .kinds import select_kinds
    from .profile import load_profiles
    from .workers import executor

    selected = select_kinds(kinds)
    loaded = load_profiles(slugs, project.sites_dir)
    if pool is not None:
        return _build(project, loaded, selected, pool, progress, force, fingerprint, requested, options)
    with executor(jobs, scheduler) as pool:  # started now: workers warm up while the plan is made
        return _build(project, loaded, selected, pool, progress, force, fingerprint, requested, options)


def _build(project, loaded, selected, pool, progress, force, fingerprint, requested, options: tuple = ()) -> BuildReport:
    """Plan each community and hand its render tasks to `pool` at once; assemble each as it completes."""
    from .plan import InputHasher
    from .workers import RenderTask, run_task

    report = BuildReport()
    hasher = InputHasher(project.templates_dir, project.locales_dir)
    cache = DocumentCache(project.output)
    failures: list[ToolkitError] = []
    plans: list[_CommunityPlan] = []
    futures: dict = {}

    def finish(plan: _CommunityPlan) -> None:
        from .assemble import assemble_community

        if plan.failures:
            failures.extend(plan.failures)
            return
        slug = plan.community.slug
        progress(f"{slug}: website")
        try:
            school_documents = [plan.ready[key] for key in plan.digests if key[0]]  # in plan order: a stable manifest
            artifacts = assemble_community(
                project.output, project.templates_dir, plan.community, _editions(plan), school_documents
            )
        except BuildFailed as error:
            failures.extend(error.failures)
            return
        cache.store_site_digest(slug, f"{plan.site_digest} {manifest_digest(project.output, slug)}")
        report.communities.append(slug)
        report.artifacts += len(artifacts)

    for community in loaded:
        plan = _plan_community(project, community, hasher, cache, force, report.warnings, selected, options)
        if not force and _is_published(project, cache, plan):
            report.unchanged.append(community.slug)
            progress(f"{community.slug}: unchanged")
            continue
        plans.append(plan)
        for lang, documents in _batches(plan):
            task = RenderTask(project.templates_dir, project.locales_dir, community, lang, documents, "print-shop" in options)
            futures[pool.submit(run_task, task)] = plan
            plan.pending += 1
        if plan.pending == 0:
            finish(plan)
    for future in as_completed(futures):
        plan = futures[future]
        result = future.result()
        report.warnings.extend(result.warnings)
        for document in result.documents:
            key = (document.school, document.lang, document.kind)
            cache.store(document, plan.digests[key])
            plan.ready[key] = document
            where = _where(document.slug, document.school)
            report.rendered.append((where, document.lang, document.kind))
            progress(f"{where}: {document.kind} ({document.lang})" + _shrink_note(document))
        for (school, kind), message in result.failures:
            plan.failures.append(RenderError(_where(result.slug, school), kind, result.lang, message))
        plan.pending -= 1
        if plan.pending == 0:
            finish(plan)
            # Published and cached: free the PDFs and Jinja environments (a state has thousands).
            plan.ready.clear()
            plan.renderers.clear()
    report.reused = sum(len(p.digests) for p in plans) - len(report.rendered)
    if failures:
        raise BuildFailed(failures)
    remember(project.output / CACHE, project.output, fingerprint, requested)
    return report


def _plan_community(
    project: Project,
    community: LoadedProfile,
    hasher: InputHasher,
    cache: DocumentCache,
    force: bool,
    warnings: list[str],
    selected: dict,
    options: tuple = (),
) -> _CommunityPlan:
    from .context import build_context
    from .i18n import load_translations
    from .kinds import SCHOOL_KINDS
    from .render import Renderer

    renderers, digests, ready = {}, {}, {}

    def plan_document(key: DocumentKey, renderer: Renderer, kind, context: dict | None = None) -> None:
        digest = hasher.document(
            renderer.env, renderer.context if context is None else context, kind, community.logo_path, options
        )
        digests[key] = digest
        cached = None if force else cache.load(community.slug, key[1], key[2], digest, key[0])
        if cached is not None:
            ready[key] = cached

    for lang in community.profile.languages:
        renderer = Renderer(community, lang, project.templates_dir, load_translations(project.locales_dir, lang), warnings)
        renderers[lang] = renderer
        for kind in selected.values():
            plan_document(("", lang, kind.name), renderer, kind)
    warnings.extend(f"{problem}; this school is left out" for problem in community.schools.problems)
    school_kinds = [selected[name] for name in SCHOOL_KINDS if name in selected]
    for school in community.schools.schools if school_kinds else ():
        for lang in school.languages:
            # Only the school's context is made and hashed here (with the language's templates): a state's
            # thousand schools need no Jinja environment of their own in this process.
            context = build_context(community, lang, None, school)
            for kind in school_kinds:
                plan_document((school.slug, lang, kind.name), renderers[lang], kind, context)
    site_digest = hasher.site([r.context for r in renderers.values()], list(digests.values()), community.logo_path)
    return _CommunityPlan(community, renderers, digests, ready, site_digest, list(selected))


def _batches(plan: _CommunityPlan) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The documents still to render, as (language, ((school, kind), ...)) batches for the workers."""
    from .kinds import SCHOOL_KINDS

    missing: dict[tuple[str, bool], list[tuple[str, str]]] = {}
    for school, lang, kind in plan.digests:
        if (school, lang, kind) not in plan.ready:
            missing.setdefault((lang, bool(school)), []).append((school, kind))
    batches = []
    for (lang, for_schools), documents in missing.items():
        size = SCHOOLS_PER_TASK * len(SCHOOL_KINDS) if for_schools else len(documents)
        batches.extend((lang, tuple(documents[i : i + size])) for i in range(0, len(documents), size))
    return batches


def _is_published(project: Project, cache: DocumentCache, plan: _CommunityPlan) -> bool:
    """True when the output on disk is the one this exact set of inputs produced last time."""
    recorded = cache.site_digest(plan.community.slug)
    return recorded == f"{plan.site_digest} {manifest_digest(project.output, plan.community.slug)}"


def _editions(plan: _CommunityPlan) -> list[Edition]:
    from .assemble import Edition

    languages = plan.community.profile.languages
    return [
        Edition(
            lang, language_prefix(languages, lang), plan.renderers[lang], [plan.ready[("", lang, kind)] for kind in plan.kinds]
        )
        for lang in languages
    ]


def _where(slug: str, school: str) -> str:
    """How reports name a document's edition: the community, or one of its schools."""
    return f"{slug}/schools/{school}" if school else slug


def _shrink_note(document: DocumentOutput) -> str:
    from .kinds import DOCUMENT_KINDS

    if document.shrunk:
        return f" set at {document.font_size_pt:g}pt to fit {DOCUMENT_KINDS[document.kind].max_pages} page(s)"
    return ""
