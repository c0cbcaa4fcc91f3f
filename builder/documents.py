"""One document, made: its web fragment, its PDF and, for the social posts, their share images.

Runs in a worker; returns a plain `DocumentOutput`, never writes files.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cards import CARD_SIZES, share_cards, share_links
from .errors import RenderError
from .jobs import DocumentOutput
from .kinds import DocumentKind
from .paths import logo_path
from .printing import BLEED, PRINT_CSS, print_html
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
    try:
        pdf = pdfs.render(
            html,
            base_url=templates_dir.as_uri() + "/",
            allowed=[templates_dir],
            max_pages=kind.max_pages,
            stylesheet=templates_dir / PRINT_CSS,
            bleed=BLEED[renderer.context["page_size"]] if print_shop else None,
        )
    except PdfError as error:
        raise RenderError(community.slug, kind.name, renderer.lang, str(error)) from None
    images = share_cards(renderer, templates_dir, printed.sample, pdfs) if kind.name == "social-posts" else ()
    if kind.on_web:
        links = share_links(community.slug, renderer.lang, len(images) // len(CARD_SIZES))
        web = renderer.render(kind, media="web", logo_url=logo_path(community.logo.suffix), share_images=links)
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
