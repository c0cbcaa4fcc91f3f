"""Rendering jobs and where they run: in this process, in local worker processes, or on a Dask cluster.

A task renders some documents of one community in one language and sends back
plain values (`DocumentOutput`, failure messages), never files: the main process
owns the cache and `output/`. Each worker process keeps one WeasyPrint font
configuration and its parsed catalogs for its whole life, so the fixed costs
are paid once per worker, not once per document.
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from .cache import DocumentOutput
from .errors import RenderError, UsageError
from .i18n import catalog_path, load_translations
from .kinds import DOCUMENT_KINDS, DocumentKind
from .profile import LoadedProfile
from .render import RenderedDocument, Renderer, plain_text


@dataclass(frozen=True)
class RenderTask:
    templates_dir: Path
    locales_dir: Path
    community: LoadedProfile
    lang: str
    documents: tuple[tuple[str, str], ...]
    """(school slug, or "" for the community's own edition; kind) of each document to render."""
    print_shop: bool = False


# Bleed a print shop asks for: 1/8 inch on US paper, 3 mm on ISO paper.
BLEED = {"Letter": "0.125in", "A4": "3mm"}


@dataclass
class TaskResult:
    slug: str
    lang: str
    documents: list[DocumentOutput] = field(default_factory=list)
    failures: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    """((school, kind), message) for each document that could not be made."""
    warnings: list[str] = field(default_factory=list)


_worker_state: dict = {}


def _pdf_renderer():
    from .pdf import PdfRenderer  # WeasyPrint loads only where documents are rendered

    if "pdfs" not in _worker_state:
        _worker_state["pdfs"] = PdfRenderer()
    return _worker_state["pdfs"]


def _translations(locales_dir: Path, lang: str):
    path = catalog_path(locales_dir, lang)
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), None, None)
    cache = _worker_state.setdefault("catalogs", {})
    if key not in cache:
        cache[key] = load_translations(locales_dir, lang)
    return cache[key]


def run_task(task: RenderTask) -> TaskResult:
    """Render the task's documents (web fragment and PDF each); failures come back as messages."""
    community = task.community
    result = TaskResult(community.slug, task.lang)
    if not community.profile.campaign.site_url:
        result.warnings.append(
            f"{community.slug}: campaign.site_url is not set, so printed documents have no QR code to their web page"
        )
    schools = {school.slug: school for school in community.schools.schools}
    renderers: dict[str, Renderer | Exception] = {}
    for school, kind in task.documents:
        if school not in renderers:
            try:
                translations = _translations(task.locales_dir, task.lang)
                renderers[school] = Renderer(
                    community, task.lang, task.templates_dir, translations, result.warnings, schools.get(school)
                )
            except Exception as error:  # a broken catalog fails every document of the language
                renderers[school] = error
        if isinstance(renderers[school], Exception):
            result.failures.append(((school, kind), str(renderers[school])))
            continue
        try:
            result.documents.append(render_document(renderers[school], DOCUMENT_KINDS[kind], task.templates_dir, task.print_shop))
        except RenderError as error:
            result.failures.append(((school, kind), error.message))
    return result


def render_document(renderer: Renderer, kind: DocumentKind, templates_dir: Path, print_shop: bool = False) -> DocumentOutput:
    """One document from its single template: the web fragment, and the PDF of the print page around it."""
    from .pdf import SHRINK_STEPS_PT, PdfError

    community = renderer.loaded
    printed, html = print_html(renderer, kind, templates_dir, link_stylesheet=False)
    try:
        pdf = _pdf_renderer().render(
            html,
            base_url=templates_dir.as_uri() + "/",
            allowed=[templates_dir, community.logo_path.parent],
            max_pages=kind.max_pages,
            stylesheet=templates_dir / PRINT_CSS,
            bleed=BLEED[renderer.context["page_size"]] if print_shop else None,
        )
    except PdfError as error:
        raise RenderError(community.slug, kind.name, renderer.lang, str(error)) from None
    images = share_cards(renderer, templates_dir, printed.sample) if kind.name == "social-posts" else ()
    if kind.on_web:
        web = renderer.render(
            kind, media="web", logo_url=f"assets/logo{community.logo_path.suffix}", share_images=_share_links(renderer, images)
        )
    else:
        web = replace(printed, body="")
    return DocumentOutput(
        community.slug,
        renderer.lang,
        kind.name,
        web.title,
        web.body,
        web.sample,
        pdf.data,
        pdf.pages,
        pdf.font_size_pt,
        shrunk=pdf.font_size_pt < SHRINK_STEPS_PT[0],
        images=images,
        school=(renderer.context["school"] or {}).get("slug", ""),
    )


def _share_links(renderer: Renderer, images: tuple) -> list[list[dict]]:
    """Each post's share images, every size, as links for its web page."""
    posts = len(images) // len(CARD_SIZES)
    return [
        [
            {"href": card_path(renderer.loaded.slug, renderer.lang, post, size), "width": size[0], "height": size[1]}
            for size in CARD_SIZES
        ]
        for post in range(1, posts + 1)
    ]


CARD_SIZES = ((1200, 630), (1080, 1080))
"""Share images: link previews (1200 x 630) and square posts (1080 x 1080), in pixels."""


def card_path(slug: str, lang: str, index: int, size: tuple[int, int]) -> str:
    return f"cards/{slug}-post{index}-{size[0]}x{size[1]}-{lang}.png"


def share_cards(renderer: Renderer, templates_dir: Path, sample: bool) -> tuple:
    """A PNG card for each social post in each size: all cards of a size are laid out as the pages of
    one PDF (one WeasyPrint render), then each page is rasterised at 96 dpi with pypdfium2."""
    import io

    import pypdfium2

    from .render import compose_post

    community = renderer.loaded
    # The posts' words live in documents/social-posts.html alone; the cards show the same messages.
    messages = (
        renderer.env.get_template("documents/social-posts.html").make_module({**renderer.context, "media": "print"}).messages
    )
    posts = [
        compose_post(m, renderer.context["campaign"]["site_url"], renderer.context["campaign"]["hashtags"]) for m in messages
    ]
    images = []
    for size in CARD_SIZES:
        html = renderer.render_page(
            "cards/social-cards.html",
            "social-card",
            width=size[0],
            height=size[1],
            logo_url=community.logo_path.as_uri(),
            doc_sample=sample,
            messages=messages,
        )
        result = _pdf_renderer().render(
            html,
            templates_dir.as_uri() + "/",
            [templates_dir, community.logo_path.parent],
            None,
            stylesheet=templates_dir / "cards" / "cards.css",
        )
        document = pypdfium2.PdfDocument(result.data)
        for index, post in enumerate(posts, start=1):
            buffer = io.BytesIO()
            document[index - 1].render(scale=96 / 72).to_pil().save(buffer, format="PNG")
            images.append((card_path(community.slug, renderer.lang, index, size), buffer.getvalue(), plain_text(post.text)))
        document.close()
    return tuple(images)


PRINT_CSS = "print/print.css"


def print_html(
    renderer: Renderer, kind: DocumentKind, templates_dir: Path, link_stylesheet: bool = True
) -> tuple[RenderedDocument, str]:
    """A document's printed content, and the complete HTML page WeasyPrint lays out for it (logo and
    stylesheet as file: URLs).

    The builder passes the print stylesheet to WeasyPrint already parsed (`link_stylesheet=False`);
    a linked one makes the page self-contained for any other tool.
    """
    logo = renderer.loaded.logo_path.as_uri()
    parts = _parts(renderer, kind, logo)
    printed = renderer.render(kind, media="print", logo_url=logo, parts=parts)
    if any(part.sample for part in parts):
        printed = replace(printed, sample=True)
    url = page_url(renderer, kind.name if kind.on_web else "downloads")
    return printed, renderer.render_page(
        "print/page.html",
        kind.name,
        doc=printed,
        body=Markup(printed.body),
        logo_url=logo,
        stylesheet=(templates_dir / PRINT_CSS).as_uri() if link_stylesheet else None,
        page_url=url,
        qr=qr_code(url) if url else None,
        paper=paper_size(renderer.context["page_size"], kind),
    )


def _parts(renderer: Renderer, kind: DocumentKind, logo: str) -> list[RenderedDocument]:
    """The documents a booklet binds together, each rendered for print from its own template."""
    parts = [renderer.render(DOCUMENT_KINDS[part], media="print", logo_url=logo) for part in kind.parts]
    # Rendered by our own autoescaping templates: safe to place as HTML in the booklet.
    return [replace(part, title=Markup(part.title), body=Markup(part.body)) for part in parts]


def paper_size(page_size: str, kind: DocumentKind) -> str:
    """The paper a document is printed on: the profile's, unless its kind has its own (posters)."""
    return (kind.paper or {}).get(page_size, page_size)


def page_url(renderer: Renderer, kind: str) -> str | None:
    """The absolute address of a document's web page in the renderer's language, if the site has one."""
    from .layout import language_prefix  # not assemble: a worker never loads mkdocs

    site_url = renderer.context["campaign"]["site_url"]
    if not site_url:
        return None
    prefix = language_prefix(renderer.loaded.profile.languages, renderer.lang)
    return f"{str(site_url).rstrip('/')}/{prefix}{kind}.html"


def qr_code(url: str) -> str:
    """A QR code for `url` as an SVG data URI (vector, so it prints sharp at any size)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


class InlineExecutor(Executor):
    """Runs each task at once in this process (`-j 1`): no start-up cost, easiest to debug."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextmanager
def executor(jobs: int | None = None, scheduler: str | None = None):
    """Where rendering tasks run: a Dask cluster at `scheduler`, else up to `jobs` local processes."""
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError:
            raise UsageError("--scheduler needs Dask: pip install 'toolkit[dask]'") from None
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as error:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
        return
    workers = jobs or default_jobs()
    if workers <= 1:
        yield InlineExecutor()
        return
    # Each worker loads WeasyPrint (about 0.8 s) as it starts, while this process is still planning.
    with ProcessPoolExecutor(max_workers=workers, initializer=_pdf_renderer) as pool:
        yield pool
