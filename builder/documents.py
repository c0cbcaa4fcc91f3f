"""One document, made: its web fragment, its PDF and, for the social posts, their share images.

Runs in a worker; returns a plain `DocumentOutput`, never writes files.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .cards import CARD_SIZES, share_cards, share_links
from .errors import RenderError
from .jobs import DocumentOutput
from .kinds import DocumentKind
from .paths import calendar_path, logo_path, pdf_path, school_pdf_path
from .printing import PRINT_CSS, print_html, print_marks
from .render import Renderer

if TYPE_CHECKING:
    from .pdf import PdfRenderer


def render_document(
    renderer: Renderer, kind: DocumentKind, templates_dir: Path, pdfs: PdfRenderer, print_shop: bool = False
) -> DocumentOutput:
    """One document from its single template: the web fragment, and the PDF of the print page around it."""
    from .pdf import SHRINK_STEPS_PT, PdfError

    community = renderer.loaded
    printed, html = print_html(renderer, kind, templates_dir, link_stylesheet=False)
    school = (renderer.context["school"] or {}).get("slug", "")
    marks = (
        print_marks(renderer.context["page_size"], kind, _slug_line(community.slug, school, kind, renderer.lang))
        if print_shop
        else None
    )
    try:
        pdf = pdfs.render(
            html,
            base_url=templates_dir.as_uri() + "/",
            allowed=[templates_dir],
            max_pages=kind.max_pages,
            stylesheet=templates_dir / PRINT_CSS,
            marks=marks,
            # A booklet is saddle-stitched: folded sheets of four pages each.
            page_multiple=BOOKLET_PAGE_MULTIPLE if kind.parts else None,
        )
    except PdfError as error:
        raise RenderError(community.slug, kind.name, renderer.lang, str(error)) from None
    images = share_cards(renderer, templates_dir, printed.sample, pdfs) if kind.name == "social-posts" else ()
    if kind.on_web:
        links = share_links(community.slug, renderer.lang, len(images) // len(CARD_SIZES))
        # The calendar's page links its files (published beside the site's pages by assemble.py).
        files = {suffix: calendar_path(community.slug, renderer.lang, suffix) for suffix in ("ics", "csv")}
        extra = {"calendar_files": files} if kind.name == "campaign-calendar" else {}
        web = renderer.render(kind, media="web", logo_url=logo_path(community.logo.suffix), share_images=links, **extra)
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
        school=school,
    )


BOOKLET_PAGE_MULTIPLE = 4


def _slug_line(community: str, school: str, kind: DocumentKind, lang: str) -> str:
    """The print shop's slug line: which document, in which language, made when (SOURCE_DATE_EPOCH, the
    reproducible-builds convention, when set; else today)."""
    import os
    from datetime import UTC, date, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    made = datetime.fromtimestamp(int(epoch), UTC).date() if epoch.isdigit() else date.today()
    path = school_pdf_path(school, kind.name, lang) if school else pdf_path(community, kind.name, lang)
    return f"{PurePosixPath(path).name} · {lang} · {made.isoformat()}"
