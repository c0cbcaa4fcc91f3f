"""The build's second phase: what to make, and what each artifact is made from, as content hashes.

`plan()` is a pure function of the loaded inputs and the options: it returns frozen jobs, one per
document, each with its declared inputs and its digest. A document's digest covers exactly what can
change it: the profile values its templates read (found by parsing the templates, so a resource edit
touches only the resource sheet), its template files and the shared print templates and stylesheets,
the language's catalog, the logo, and the builder's code, library versions and installed fonts. A
community's site digest covers all of its documents plus the site theme. Nothing is rendered here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .context import ExampleText, build_context
from .hashing import FileHashes, digest
from .i18n import catalog_path
from .jobs import BuildOptions, BuildPlan, CommunityPlan, DocumentJob, DocumentKey
from .kinds import SCHOOL_KINDS, DocumentKind, edition_kinds, kinds_for, select_kinds
from .load import LoadedBuild
from .logo import Logo
from .printing import PRINT_PAGE
from .profile import LoadedProfile
from .render import names_read

DOCUMENT_SHARED = ("partials", "print", "cards", "theme/css")
"""Folders every document reads besides its own template: macros, the print page, the stylesheets."""
SITE_FOLDERS = ("theme", "pages", "partials")


def plan(loaded: LoadedBuild, options: BuildOptions, templates_dir: Path, locales_dir: Path) -> BuildPlan:
    """Every document of every loaded community (and of each school's edition), with its digest."""
    inputs = _Inputs(templates_dir, locales_dir, options)
    warnings: list[str] = list(loaded.warnings)
    communities = tuple(_plan_community(community, options, inputs, warnings) for community in loaded.communities)
    return BuildPlan(communities, tuple(warnings))


def _plan_community(community: LoadedProfile, options: BuildOptions, inputs: _Inputs, warnings: list[str]) -> CommunityPlan:
    # Every kind is planned: those the build was not asked for are kept as last published (DocumentJob.wanted).
    selected = set(select_kinds(list(options.kinds) if options.kinds else None))
    kinds = kinds_for(community.profile.organisation.level.value)
    contexts = {lang: build_context(community, lang, warnings) for lang in community.profile.languages}
    jobs = [
        inputs.job(DocumentKey("", lang, kind.name), context, kind, community.logo, kind.name in selected)
        for lang, context in contexts.items()
        for kind in kinds
    ]
    school_kinds = [kind for kind in kinds if kind.name in SCHOOL_KINDS]
    for school in community.schools.schools if school_kinds else ():
        for lang in school.languages:
            context = build_context(community, lang, None, school)
            jobs += [
                inputs.job(DocumentKey(school.slug, lang, kind.name), context, kind, community.logo, kind.name in selected)
                for kind in school_kinds
                if kind.name in edition_kinds(school.grades)
            ]
    if not community.profile.campaign.site_url:
        warnings.append(f"{community.slug}: campaign.site_url is not set, so printed documents have no QR code to their web page")
    # A community's own pages are made while its site is assembled: their sources are part of its digest.
    pages = [page.stable() for page in community.pages]
    site_digest = inputs.site(list(contexts.values()), [job.digest for job in jobs], community.logo, pages)
    return CommunityPlan(community.slug, tuple(jobs), site_digest)


def _stable(value):
    """Context values as JSON-able data; an example value stays distinguishable from a checked one."""
    if isinstance(value, ExampleText):
        return ["example", str(value)]
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    if isinstance(value, (dt.date, Path)):
        return str(value)
    return value


class _Inputs:
    """The build's input files, each read and hashed once while planning."""

    def __init__(self, templates_dir: Path, locales_dir: Path, options: BuildOptions):
        self.templates_dir, self.locales_dir, self.options = templates_dir, locales_dir, options
        self.files = FileHashes()
        self.environment = self.files.environment()
        self._sources: dict[str, str] = {}

    def names(self, template: str) -> frozenset[str]:
        if template not in self._sources:
            self._sources[template] = (self.templates_dir / template).read_text(encoding="utf-8")
        return names_read(self._sources[template])

    def catalog(self, lang: str) -> str:
        return self.files.file(catalog_path(self.locales_dir, lang))

    def job(self, key: DocumentKey, context: dict, kind: DocumentKind, logo: Logo, wanted: bool = True) -> DocumentJob:
        """One document in one language: equal digests mean an identical document."""
        templates = kind.templates()
        reads = tuple(sorted(self.names(PRINT_PAGE).union(*(self.names(t) for t in templates)) & context.keys()))
        value = digest(
            self.environment,
            kind.name,
            key.lang,
            _stable({name: context[name] for name in reads}),
            [self.files.file(self.templates_dir / template) for template in templates],
            kind.paper,
            [self.files.tree(self.templates_dir / folder) for folder in DOCUMENT_SHARED],
            self.catalog(key.lang),
            [logo.suffix, logo.digest],
            self.options.print_shop,
        )
        catalog = catalog_path(self.locales_dir, key.lang)
        return DocumentJob(
            key,
            value,
            (*templates, PRINT_PAGE, *(f"{folder}/" for folder in DOCUMENT_SHARED)),
            reads,
            catalog.relative_to(self.locales_dir.parent).as_posix() if catalog.is_file() else None,
            wanted,
        )

    def site(self, contexts: list[dict], document_digests: list[str], logo: Logo, pages: list | None = None) -> str:
        """The digest of a community's whole site: every document, every language's context, the theme, its
        own pages (their text and front matter; the page template is in `pages/`, the print page's below)."""
        return digest(
            self.environment,
            self.options.key(),  # a site built from some kinds (the others kept as they were) is not a full build's
            document_digests,
            _stable(contexts),
            [self.files.tree(self.templates_dir / folder) for folder in SITE_FOLDERS],
            [self.catalog(context["lang"]) for context in contexts],
            logo.digest,
            pages or [],
            [self.files.tree(self.templates_dir / folder) for folder in DOCUMENT_SHARED] if pages else [],
        )
