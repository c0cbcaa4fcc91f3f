"""The print page: a document's printed content inside `templates/print/page.html`, on its paper,
with a QR code to its web page. Returns HTML for WeasyPrint; never writes files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from .kinds import DOCUMENT_KINDS, DocumentKind
from .paths import page_url
from .render import RenderedDocument, Renderer

PRINT_PAGE = "print/page.html"
PRINT_CSS = "print/print.css"

BLEED = {"Letter": "0.125in", "A4": "3mm"}
"""Bleed a print shop asks for: 1/8 inch on US paper, 3 mm on ISO paper."""


def print_html(
    renderer: Renderer, kind: DocumentKind, templates_dir: Path, link_stylesheet: bool = True
) -> tuple[RenderedDocument, str]:
    """A document's printed content, and the complete HTML page WeasyPrint lays out for it (the logo as a
    data: URL, the stylesheet as a file: URL).

    The builder passes the print stylesheet to WeasyPrint already parsed (`link_stylesheet=False`);
    a linked one makes the page self-contained for any other tool.
    """
    logo = renderer.loaded.logo.uri
    parts = _parts(renderer, kind, logo)
    printed = renderer.render(kind, media="print", logo_url=logo, parts=parts)
    if any(part.sample for part in parts):
        printed = replace(printed, sample=True)
    # A booklet has no page of its own: its QR code leads to the downloads page that lists it.
    url = page_url(renderer.context["campaign"]["site_url"], renderer.loaded.profile.languages, renderer.lang,
                   kind.name if kind.on_web else "downloads")  # fmt: skip
    return printed, renderer.render_page(
        PRINT_PAGE,
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


def qr_code(url: str) -> str:
    """A QR code for `url` as an SVG data URI (vector, so it prints sharp at any size)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")
