"""Assemble one community's output from its rendered documents: every language's site, the manifest, publication.

Runs in the main process once every document of the community is rendered (or
taken from the cache). The documents arrive as `DocumentOutput`s; this stage
adds the site-only pages (home, downloads), hands each language to mkdocs, and
publishes the whole community atomically.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup

from . import calendar
from .cache import CACHE
from .context import ExampleText, language_name, plain_text
from .environment import describe
from .errors import BuildFailed, RenderError, ToolkitError
from .i18n import load_translations
from .jobs import DocumentOutput
from .kinds import DOCUMENT_KINDS, SITE_PAGES
from .layout import Project
from .output import Artifact, atomic_write, publish, staging_area, write_manifest
from .pages import CustomPage, print_page, render_page
from .paths import (
    COMMUNITY_CSS,
    calendar_path,
    custom_page_pdf_path,
    language_prefix,
    logo_path,
    page_path,
    pdf_path,
    school_pdf_path,
    site_base,
    thumbnail_path,
)
from .profile import LoadedProfile
from .render import RenderedDocument, Renderer
from .site import SiteBuildError, SitePage, SiteSpec, build_site
from .thumbnails import ThumbnailCache

if TYPE_CHECKING:
    from .pdf import PdfResult


@dataclass
class LanguageSite:
    """One language of a community's site: the renderer of its site-only pages and its documents, in kind order."""

    lang: str
    prefix: str
    """Where its pages live: "" for the first language, "<lang>/" for the others."""
    renderer: Renderer
    documents: list[DocumentOutput]
    page_pdfs: list[tuple[CustomPage, str, PdfResult]] = field(default_factory=list)
    """The community's own pages printed (`print: true`): page, title, `PdfResult`."""
    thumbnails: dict[str, dict] = field(default_factory=dict)
    """Each document's first page as a picture, by kind: its path in the site, size in pixels, alt text and PNG."""
    calendar: dict[str, bytes] = field(default_factory=dict)
    """The campaign calendar's September posts as files (iCalendar, CSV) by path, when the calendar is built."""

    def downloads(self) -> list[dict]:
        documents = [
            {"kind": d.kind, "title": d.title, "href": pdf_path(d.slug, d.kind, d.lang), "bytes": len(d.pdf), "pages": d.pages}
            for d in self.documents
        ]
        slug = self.renderer.loaded.slug
        return documents + [
            {"kind": "page", "page": page.name, "title": title, "href": custom_page_pdf_path(slug, page.name, self.lang),
             "bytes": len(pdf.data), "pages": pdf.pages}
            for page, title, pdf in self.page_pdfs
        ]  # fmt: skip


def assemble_community(project: Project, community: LoadedProfile, documents: list[DocumentOutput]) -> list[Artifact]:
    """Build every language's site into a staging folder, add the schools' editions (PDFs under
    `schools/<school>/`), write the manifest, publish; returns the artifacts."""
    slug = community.slug
    languages = community.profile.languages
    sites = [
        LanguageSite(
            lang,
            language_prefix(languages, lang),
            Renderer(community, lang, project.templates_dir, load_translations(project.locales_dir, lang)),
            [d for d in documents if d.lang == lang and not d.school],
        )
        for lang in languages
    ]
    school_documents = [d for d in documents if d.school]
    failures: list[ToolkitError] = []
    printed = [page for page in community.pages if page.print]
    if printed:
        from .pdf import PdfRenderer

        pdfs = PdfRenderer()
        for site in sites:
            for page in printed:
                try:
                    site.page_pdfs.append(
                        (page, page.sources[site.lang].title, print_page(site.renderer, page, project.templates_dir, pdfs))
                    )
                except RenderError as error:
                    failures.append(error)
    if failures:
        raise BuildFailed(failures)
    thumbnails = ThumbnailCache(project.output / CACHE, slug)
    for site in sites:
        try:
            site.thumbnails = _thumbnails(site, thumbnails)
        except RenderError as error:
            failures.append(error)
    if failures:
        raise BuildFailed(failures)
    thumbnails.prune()
    for site in sites:
        try:
            site.calendar = _calendar_files(community, site)
        except RenderError as error:
            failures.append(error)
    if failures:
        raise BuildFailed(failures)
    artifacts: list[Artifact] = []
    with staging_area(project.output, slug) as work:
        for site in sites:  # the root language first: mkdocs empties its site folder before building
            try:
                pages = _build_language_site(project.templates_dir, community, site, sites, work, school_documents)
            except RenderError as error:
                failures.append(error)
                continue
            except SiteBuildError as error:
                failures.append(RenderError(slug, "website", site.lang, str(error)))
                continue
            artifacts.extend(
                Artifact(d["kind"], site.lang, "pdf", site.prefix + d["href"], d["pages"], page=d.get("page"))
                for d in site.downloads()
            )
            artifacts.extend(
                Artifact(page.document.kind, site.lang, "html", site.prefix + page_path(page.name),
                         page=page.name if page.document.kind == "page" else None)
                for page in pages
            )  # fmt: skip
            artifacts.extend(Artifact(CALENDAR, site.lang, path.rsplit(".", 1)[1], site.prefix + path) for path in site.calendar)
            artifacts.extend(
                Artifact("social-card", site.lang, "png", site.prefix + path, alt=alt)
                for document in site.documents
                for path, _, alt in document.images
            )
            artifacts.extend(
                Artifact(kind, site.lang, "png", site.prefix + picture["src"], alt=picture["alt"])
                for kind, picture in site.thumbnails.items()
            )
        if failures:
            raise BuildFailed(failures)
        artifacts.extend(_crawler_files(work / "site", community, artifacts))
        for document in school_documents:  # after the sites: mkdocs empties the root language's folder
            path = school_pdf_path(document.school, document.kind, document.lang)
            atomic_write(work / "site" / path, document.pdf)
            artifacts.append(Artifact(document.kind, document.lang, "pdf", path, document.pages, school=document.school))
        write_manifest(slug, work / "site", artifacts)
        publish(work / "site", project.output / slug)
    return artifacts


def _build_language_site(
    templates_dir: Path,
    community: LoadedProfile,
    site: LanguageSite,
    sites: list[LanguageSite],
    work: Path,
    school_documents: list[DocumentOutput],
) -> list[SitePage]:
    renderer, slug = site.renderer, community.slug
    logo = logo_path(community.logo.suffix)
    documents = [
        RenderedDocument(d.kind, d.lang, d.title, d.body, d.sample) for d in site.documents if DOCUMENT_KINDS[d.kind].on_web
    ]
    words = _words(renderer)
    # Every document on the home page, the booklet too (it has no web page: its card links its PDF alone).
    materials = [
        {
            "kind": d.kind,
            "title": Markup(d.title),
            "href": page_path(d.kind) if DOCUMENT_KINDS[d.kind].on_web else None,
            "pdf_href": pdf_path(slug, d.kind, site.lang),
            "pages": d.pages,
            "bytes": len(d.pdf),
            "thumbnail": site.thumbnails[d.kind],
            "audiences": list(DOCUMENT_KINDS[d.kind].audiences),
        }
        for d in site.documents
    ]
    pdf_boxes = {item["kind"]: Markup(words.pdf_box(item)) for item in materials}
    up = "../" if site.prefix else ""
    other_languages = [
        {
            "code": other.lang,
            "name": language_name(other.lang, other.lang),
            "dir": other.renderer.context["dir"],
            "downloads": [{"title": d["title"], "href": up + other.prefix + d["href"]} for d in other.downloads()],
        }
        for other in sites
        if other is not site
    ]
    home = renderer.render(SITE_PAGES["home"], media="web", logo_url=logo, materials=materials)
    download_page = renderer.render(
        SITE_PAGES["downloads"],
        media="web",
        logo_url=logo,
        downloads=site.downloads(),
        other_languages=other_languages,
        school_editions=_school_editions(community, site.lang, school_documents, up),
    )
    # Linked from the footer (accessibility, search), or shown by the web server (404), not from the menu.
    footer_pages = [renderer.render(SITE_PAGES[name], media="web", logo_url=logo) for name in ("accessibility", "search")]
    not_found = renderer.render(SITE_PAGES["404"], media="web", logo_url=logo)
    banner = Markup(renderer.render_page("partials/sample-banner.html", "website"))

    def site_page(doc: RenderedDocument, in_nav: bool) -> SitePage:
        # Above a document's page: the SAMPLE notice if it shows example values, then its PDF.
        above = (banner if doc.sample else "") + pdf_boxes.get(doc.kind, "")
        return SitePage("index" if doc.kind == "home" else doc.kind, doc, above, in_nav)

    own_pages = [SitePage(page.name, render_page(renderer, page, "web", logo)) for page in community.pages]
    own_pages = [replace(p, banner=banner if p.document.sample else "") for p in own_pages]
    menu = [site_page(doc, doc.kind == "home" or DOCUMENT_KINDS[doc.kind].in_menu) for doc in (home, *documents)]
    pages = menu + own_pages + [site_page(download_page, True)]
    pages += [site_page(doc, False) for doc in (*footer_pages, not_found)]
    switcher = [
        {"code": other.lang, "name": language_name(other.lang, other.lang), "prefix": up + other.prefix, "current": other is site}
        for other in sites
    ]
    base = site_base(renderer.context["campaign"]["site_url"])
    theme = _theme_values(renderer, logo)
    # The menu button's word, until partials/labels.html names it (a `menu` there is used first).
    theme["labels"] = {"menu": plain_text(str(words.menu)), **theme["labels"]}
    spec = SiteSpec(
        site_name=plain_text(renderer.context["campaign"]["name"]),
        theme_dir=templates_dir / "theme",
        theme_values={
            **theme,
            "languages": switcher,
            "footer_links": [{"title": doc.title, "href": page_path(doc.kind)} for doc in footer_pages],
            # The menu's short names of documents whose titles are long, by page address (main.html).
            "menu_labels": {page_path(kind): plain_text(str(label)) for kind, label in words.menu_labels.items()},
            "page_base": base + site.prefix if base else "",
            "share_image": next((path for d in site.documents for path, _, _ in d.images), ""),
        },
        pages=pages,
        files={
            "search-index.json": search_index(pages),
            COMMUNITY_CSS: renderer.render_page("pages/community.css", "website").encode("utf-8"),
            logo: community.logo.data,
            **{pdf_path(slug, d.kind, d.lang): d.pdf for d in site.documents},
            **{custom_page_pdf_path(slug, page.name, site.lang): pdf.data for page, _, pdf in site.page_pdfs},
            **{path: data for d in site.documents for path, data, _ in d.images},
            **{picture["src"]: picture["png"] for picture in site.thumbnails.values()},
            **site.calendar,
        },
    )
    build_site(spec, work / "build" / site.lang, work / "site" / site.prefix)
    return pages


CALENDAR = "campaign-calendar"
SEPTEMBER_POSTS = "partials/september-posts.html"
"""The shared September posts, one for each school day: the calendar's page, iCalendar file and CSV show them."""


def _calendar_files(community: LoadedProfile, site: LanguageSite) -> dict[str, bytes]:
    """The September posts of one language as an iCalendar file and a scheduler's CSV, when the campaign
    calendar is among the documents built; none otherwise."""
    if not any(d.kind == CALENDAR for d in site.documents):
        return {}
    campaign = community.profile.campaign
    days = calendar.posting_days(campaign.start, campaign.end, campaign.holidays)
    messages = site.renderer.messages(SEPTEMBER_POSTS, CALENDAR)
    link = str(campaign.site_url) if campaign.site_url else None
    try:
        posts = calendar.calendar_posts(days, messages, link, list(campaign.hashtags))
    except ValueError as error:
        raise RenderError(community.slug, CALENDAR, site.lang, str(error)) from None
    host = urlsplit(link).hostname if link else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    # DTSTAMP: the reproducible-builds date when set, else the campaign's start (the same inputs, the same bytes).
    stamp = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch.isdigit()
        else dt.datetime.combine(campaign.start, dt.time(), dt.UTC)
    )
    name = plain_text(str(site.renderer.context["campaign"]["name"]))
    ics = calendar.ics_calendar(posts, name, f"{community.slug}-{site.lang}", host or "school-attendance-toolkit.invalid", stamp)
    return {
        calendar_path(community.slug, site.lang, "ics"): ics,
        calendar_path(community.slug, site.lang, "csv"): calendar.scheduler_csv(posts),
    }


MATERIALS = "pages/materials.html"
"""The words the site says about each document: menu labels, descriptions, the PDF link and its thumbnail."""


def _words(renderer: Renderer):
    """The materials template as a module of one language: its `menu_labels`, `descriptions` and macros."""
    try:
        return renderer.env.get_template(MATERIALS).make_module(renderer.context)
    except Exception as error:  # a template can fail in any way; report it, never a traceback
        raise RenderError(renderer.loaded.slug, "website", renderer.lang, describe(error)) from None


def _thumbnails(site: LanguageSite, cache: ThumbnailCache) -> dict[str, dict]:
    """Each document's first page as a PNG (drawn, or from the cache), with its path, size and alt text."""
    words = _words(site.renderer)
    slug = site.renderer.loaded.slug
    pictures = {}
    for d in site.documents:
        png, width, height = cache.thumbnail(d.pdf)
        alt = plain_text(html.unescape(str(words.thumbnail_alt(Markup(d.title)))))
        src = thumbnail_path(slug, d.kind, d.lang)
        pictures[d.kind] = {"src": src, "width": width, "height": height, "alt": alt, "png": png}
    return pictures


def _school_editions(community: LoadedProfile, lang: str, documents: list[DocumentOutput], up: str) -> list[dict]:
    """The schools with an edition in `lang`, each with links to its PDFs (an invented school shows as SAMPLE)."""
    links: dict[str, list[dict]] = {}
    for d in documents:
        if d.lang == lang:
            links.setdefault(d.school, []).append({"title": d.title, "href": up + school_pdf_path(d.school, d.kind, d.lang)})
    editions = []
    for school in community.schools.schools:
        if school.slug in links:
            name = ExampleText(school.name) if school.example else school.name
            editions.append({"name": name, "example": school.example, "documents": links[school.slug]})
    return editions


def _crawler_files(site: Path, community: LoadedProfile, artifacts: list[Artifact]) -> list[Artifact]:
    """robots.txt, and a sitemap of every page in every language when the site's address is known."""
    site_url = community.profile.campaign.site_url
    robots = "User-agent: *\nAllow: /\n"
    written = []
    if site_url:
        base = site_base(site_url)
        pages = [a.path for a in artifacts if a.format == "html" and not a.path.endswith("404.html")]
        urls = "".join(f"  <url><loc>{html.escape(base + path)}</loc></url>\n" for path in pages)
        sitemap = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        atomic_write(site / "sitemap.xml", sitemap.encode("utf-8"))
        written.append(Artifact("sitemap", community.profile.languages[0], "xml", "sitemap.xml"))
        robots += f"Sitemap: {base}sitemap.xml\n"
    atomic_write(site / "robots.txt", robots.encode("utf-8"))  # a site's address may hold any letter
    return [Artifact("robots", community.profile.languages[0], "txt", "robots.txt"), *written]


def search_index(pages: list[SitePage]) -> bytes:
    """What the search page looks through: each page's address, title and words (one language's pages)."""
    entries = []
    for page in pages:
        if page.name in ("404", "search"):
            continue
        text = re.sub(r"<(style|script)\b.*?</\1>|<[^>]+>", " ", page.document.body, flags=re.S)
        words = " ".join(plain_text(html.unescape(text)).split())
        entries.append({"url": page_path(page.name), "title": plain_text(html.unescape(page.document.title)), "text": words})
    return json.dumps(entries, ensure_ascii=False).encode("utf-8")


def _theme_values(renderer: Renderer, logo: str) -> dict:
    context = renderer.context
    values = {
        "lang": renderer.lang,
        "dir": context["dir"],
        "campaign_name": context["campaign"]["name"],
        "campaign_name_lang": context["campaign"]["name_lang"] or "",
        "slogan": context["campaign"]["slogan"],
        "org_name": context["organisation"]["name"],
        # A mapping, so that plain_text below leaves it whole: the footer links the organisation's site.
        "org_website": {"href": context["organisation"]["website"], "text": context["organisation"]["web_address"]},
        "hashtags": " ".join(context["campaign"]["hashtags"]),
        "primary": context["brand"]["primary"],
        "accent": context["brand"]["accent"],
        "logo": logo,
        "logo_alt": context["brand"]["logo"]["alt"],
        "labels": renderer.labels(),
    }
    # mkdocs reads these through YAML, which knows only plain strings.
    return {key: value if isinstance(value, (dict, list)) else plain_text(value) for key, value in values.items()}
