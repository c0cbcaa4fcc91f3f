"""Load, then build: every profile is validated before any output is touched.

For each community and language the documents are rendered once as fragments,
wrapped for print (PDF) and for screen (site), and published together with the
manifest. Failures are collected per document and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from .errors import BuildFailed, RenderError, ToolkitError
from .i18n import load_translations
from .output import Artifact, publish, staging_area, write_manifest
from .pdf import SHRINK_STEPS_PT, PdfError, PdfRenderer
from .profile import LoadedProfile, load_profiles
from .context import language_name
from .render import DOCUMENT_KINDS, SITE_PAGES, Renderer, plain_text
from .site import SiteBuildError, SitePage, SiteSpec, build_site

Progress = Callable[[str], None]


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


@dataclass
class BuildReport:
    communities: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    artifacts: int = 0


def check(project: Project, slugs: list[str] | None = None) -> list[LoadedProfile]:
    """Validate profiles without building; raises ProfileError listing every problem."""
    return load_profiles(slugs, project.sites_dir)


def build(project: Project, slugs: list[str] | None = None, progress: Progress | None = None) -> BuildReport:
    """Build the named communities (all by default) into `project.output`."""
    loaded = load_profiles(slugs, project.sites_dir)
    progress = progress or (lambda message: None)
    report = BuildReport()
    pdfs = PdfRenderer()
    failures: list[ToolkitError] = []
    for community in loaded:
        try:
            report.artifacts += build_community(project, community, pdfs, progress, report.warnings)
            report.communities.append(community.slug)
        except BuildFailed as error:
            failures.extend(error.failures)
        except ToolkitError as error:
            failures.append(error)
    if failures:
        raise BuildFailed(failures)
    return report


def pdf_path(slug: str, kind: str, lang: str) -> str:
    return f"pdf/{slug}-{kind}-{lang}.pdf"


def language_prefix(profile_languages: list[str], lang: str) -> str:
    """Where a language's pages live: the first language at the site root, every other under `<lang>/`."""
    return "" if lang == profile_languages[0] else f"{lang}/"


@dataclass
class _Edition:
    """One language's rendered documents and PDFs, before the site is assembled."""

    lang: str
    prefix: str
    renderer: Renderer
    documents: list = field(default_factory=list)
    downloads: list[dict] = field(default_factory=list)
    pdfs: dict[str, bytes] = field(default_factory=dict)


def build_community(
    project: Project, community: LoadedProfile, pdfs: PdfRenderer, progress: Progress, warnings: list[str]
) -> int:
    """Render every language, then assemble each language's site, then publish; returns the artifact count."""
    slug, languages = community.slug, community.profile.languages
    failures: list[ToolkitError] = []
    editions: list[_Edition] = []
    for lang in languages:
        renderer = Renderer(community, lang, project.templates_dir, load_translations(project.locales_dir, lang), warnings)
        edition = _Edition(lang, language_prefix(languages, lang), renderer)
        for kind in DOCUMENT_KINDS.values():
            progress(f"{slug}: {kind.name} ({lang})")
            try:
                result = _render_pdf(project, community, renderer, kind, pdfs)
                web = renderer.render(kind, media="web", logo_url=LOGO_URL + community.logo_path.suffix)
            except RenderError as error:
                failures.append(error)
                continue
            if result.font_size_pt < SHRINK_STEPS_PT[0]:
                progress(f"{slug}: {kind.name} ({lang}) set at {result.font_size_pt:g}pt to fit {kind.max_pages} page(s)")
            path = pdf_path(slug, kind.name, lang)
            edition.pdfs[path] = result.data
            edition.documents.append(web)
            edition.downloads.append({"kind": kind.name, "title": web.title, "href": path, "bytes": len(result.data), "pages": result.pages})
        editions.append(edition)
    if failures:
        raise BuildFailed(failures)

    artifacts: list[Artifact] = []
    with staging_area(project.output, slug) as work:
        for edition in editions:  # the root language first: mkdocs empties its site folder before building
            progress(f"{slug}: website ({edition.lang})")
            try:
                pages = _build_edition_site(project, community, edition, editions, work)
            except (RenderError, SiteBuildError) as error:
                failures.append(error if isinstance(error, RenderError) else RenderError(slug, "website", edition.lang, str(error)))
                continue
            artifacts.extend(
                Artifact(kind, edition.lang, "pdf", edition.prefix + path, pages_)
                for kind, path, pages_ in ((d["kind"], d["href"], d["pages"]) for d in edition.downloads)
            )
            artifacts.extend(Artifact(page.document.kind, edition.lang, "html", f"{edition.prefix}{page.name}.html") for page in pages)
        if failures:
            raise BuildFailed(failures)
        write_manifest(slug, work / "site", artifacts)
        publish(work / "site", project.output / slug)
    return len(artifacts)


LOGO_URL = "assets/logo"


def _build_edition_site(project: Project, community: LoadedProfile, edition: _Edition, editions: list[_Edition], work: Path) -> list[SitePage]:
    renderer, slug = edition.renderer, community.slug
    logo = LOGO_URL + community.logo_path.suffix
    materials = [
        {"title": doc.title, "href": f"{doc.kind}.html", "pdf_href": pdf_path(slug, doc.kind, edition.lang)}
        for doc in edition.documents
    ]
    up = "../" if edition.prefix else ""
    other_languages = [
        {
            "code": other.lang,
            "name": language_name(other.lang, other.lang),
            "dir": other.renderer.context["dir"],
            "downloads": [{"title": d["title"], "href": up + other.prefix + d["href"]} for d in other.downloads],
        }
        for other in editions
        if other is not edition
    ]
    home = renderer.render(SITE_PAGES["home"], media="web", logo_url=logo, materials=materials)
    download_page = renderer.render(
        SITE_PAGES["downloads"], media="web", logo_url=logo, downloads=edition.downloads, other_languages=other_languages
    )
    banner = Markup(renderer.render_page("partials/sample-banner.html", "website"))
    pages = [
        SitePage("index" if doc.kind == "home" else doc.kind, doc, banner if doc.sample else "")
        for doc in (home, *edition.documents, download_page)
    ]
    switcher = [
        {"code": other.lang, "name": language_name(other.lang, other.lang), "prefix": up + other.prefix, "current": other is edition}
        for other in editions
    ]
    spec = SiteSpec(
        site_name=plain_text(renderer.context["campaign"]["name"]),
        theme_dir=project.templates_dir / "theme",
        theme_values={**_theme_values(renderer, logo), "languages": switcher},
        pages=pages,
        files={logo: community.logo_path.read_bytes(), **edition.pdfs},
    )
    build_site(spec, work / "build" / edition.lang, work / "site" / edition.prefix)
    return pages


def _render_pdf(project: Project, community: LoadedProfile, renderer: Renderer, kind, pdfs: PdfRenderer):
    logo = community.logo_path.as_uri()
    document = renderer.render(kind, media="print", logo_url=logo)
    html = renderer.render_page(
        "print/page.html",
        kind.name,
        doc=document,
        body=Markup(document.body),
        logo_url=logo,
        stylesheet=(project.templates_dir / "print" / "print.css").as_uri(),
    )
    try:
        return pdfs.render(
            html,
            base_url=project.templates_dir.as_uri() + "/",
            allowed=[project.templates_dir, community.logo_path.parent],
            max_pages=kind.max_pages,
        )
    except PdfError as error:
        raise RenderError(community.slug, kind.name, renderer.lang, str(error)) from None


def _theme_values(renderer: Renderer, logo: str) -> dict:
    context = renderer.context
    values = {
        "lang": renderer.lang,
        "dir": context["dir"],
        "campaign_name": context["campaign"]["name"],
        "slogan": context["campaign"]["slogan"],
        "org_name": context["organisation"]["name"],
        "hashtags": " ".join(context["campaign"]["hashtags"]),
        "primary": context["brand"]["primary"],
        "accent": context["brand"]["accent"],
        "logo": logo,
        "logo_alt": context["brand"]["logo"]["alt"],
        "labels": renderer.labels(),
    }
    # mkdocs reads these through YAML, which knows only plain strings.
    return {key: value if isinstance(value, (dict, list)) else plain_text(value) for key, value in values.items()}
