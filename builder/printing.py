"""The print page: a document's printed content inside `templates/print/page.html`, on its paper,
with a QR code to its web page; and, for a print shop, the marks around the trimmed sheet. Returns HTML
and CSS for WeasyPrint; never writes files."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from markupsafe import Markup

from .context import web_address
from .kinds import DOCUMENT_KINDS, DocumentKind
from .paths import page_url
from .render import RenderedDocument, Renderer

PRINT_PAGE = "print/page.html"
PRINT_CSS = "print/print.css"

BLEED = {"Letter": "0.125in", "A4": "3mm"}
"""Bleed a print shop asks for: 1/8 inch on US paper, 3 mm on ISO paper."""

PT_PER = {"in": 72.0, "mm": 72 / 25.4}

SHEETS = {
    "Letter": ("8.5in", "11in"),
    "11in 17in": ("11in", "17in"),
    "A4": ("210mm", "297mm"),
    "A3": ("297mm", "420mm"),
}
"""Each paper's trimmed width and height, as CSS lengths (the print page sizes its fields from them)."""

MARK_AREA = {"Letter": "0.5in", "A4": "13mm"}
"""Paper a print shop's PDF has around the trimmed page: the bleed, then the crop marks (which start one
bleed away from the trim and run a quarter inch, or 6 mm) and the slug line, outside the bleed."""

MARK_LENGTH = {"Letter": "0.25in", "A4": "6mm"}


def points(length: str) -> float:
    """A CSS length in inches or millimetres, in PDF points."""
    number, unit = re.fullmatch(r"([\d.]+)(in|mm)", length).groups()  # type: ignore[union-attr]
    return float(number) * PT_PER[unit]


@dataclass(frozen=True)
class Sheet:
    """The trimmed paper a document is printed on, and the bleed its fields run into."""

    width: str
    height: str
    bleed: str


def sheet(page_size: str, kind: DocumentKind) -> Sheet:
    """The paper of `kind` for a profile's `page_size`: the profile's, unless the kind has its own (posters; a
    slide, banner or billboard gives its width and height, `13.333in 7.5in`)."""
    paper = paper_size(page_size, kind)
    width, height = SHEETS.get(paper) or tuple(paper.split())
    return Sheet(width, height, BLEED[page_size])


def print_html(
    renderer: Renderer, kind: DocumentKind, templates_dir: Path, link_stylesheet: bool = True
) -> tuple[RenderedDocument, str]:
    """A document's printed content, and the complete HTML page WeasyPrint lays out for it (the logo as a
    data: URL, the stylesheet as a file: URL).

    The builder passes the print stylesheet to WeasyPrint already parsed (`link_stylesheet=False`);
    a linked one makes the page self-contained for any other tool.
    """
    logo = renderer.loaded.logo.uri
    # A booklet has no page of its own: its QR code leads to the downloads page that lists it.
    url = page_url(renderer.context["campaign"]["site_url"], renderer.loaded.profile.languages, renderer.lang,
                   kind.name if kind.on_web else "downloads")  # fmt: skip
    furniture = page_furniture(renderer, kind, url)
    parts = _parts(renderer, kind, logo)
    # The poster and the booklet's covers place the QR code and the web address themselves, large.
    printed = renderer.render(kind, media="print", logo_url=logo, parts=parts, **furniture)
    if any(part.sample for part in parts):
        printed = replace(printed, sample=True)
    html = renderer.render_page(
        PRINT_PAGE,
        kind.name,
        doc=printed,
        body=Markup(printed.body),
        logo_url=logo,
        stylesheet=(templates_dir / PRINT_CSS).as_uri() if link_stylesheet else None,
        **furniture,
    )
    return printed, keep_last_characters(html, renderer.lang)


def page_furniture(renderer: Renderer, kind: DocumentKind, url: str | None) -> dict:
    """What the print page (and a poster or booklet itself) shows around a document of `kind`: its sheet, the
    web address families are given, and the QR code to `url`, its page online (None without a site address).
    A community's own printed page (`pages.print_page`) takes the same, with its own page's address."""
    return {
        "page_url": url,
        "qr": qr_code(url) if url else None,
        "web": _web(renderer.context),
        "sheet": sheet(renderer.context["page_size"], kind),
    }


def _web(context: dict) -> dict | None:
    """The web address a printed piece gives: the campaign's site when it has one, else the organisation's."""
    site = context["campaign"]["site_url"]
    if site:
        return {"url": site, "shown": web_address(site)}
    organisation = context["organisation"]
    return {"url": organisation["website"], "shown": organisation["web_address"]} if organisation["website"] else None


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


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLOSING_PUNCTUATION = "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u300d\u300f\uff09\u3011"  # 、。，．：；！？」』）】
_LAST_CHARACTERS = re.compile(
    # (digits and % go with the characters around them: "只要2天。" keeps "2天。" together).
    rf"([{_HAN}0-9%]{{3}}[{_CLOSING_PUNCTUATION}]*)"
    # ... at the end of a paragraph, list item, heading or cell (past the inline tags that close there).
    r"(?=(?:</(?:a|span|strong|em|b|bdi)>)*\s*</(?:p|li|h[1-6]|td|th|dd|dt|figcaption)>)"
)


def keep_last_characters(html: str, lang: str) -> str:
    """Chinese and Japanese break lines between any two characters, so a paragraph may end with one character
    alone on its last line ("度。"). The last three characters of each paragraph, item and heading (and the
    punctuation after them) are kept on one line (print.css `.cjk-end`), so at least three go down together.
    The text itself is unchanged: a PDF's extracted text, its bookmarks and its tags read as before. Other
    languages are returned as they are."""
    if lang.split("-")[0] not in ("zh", "ja"):
        return html
    return _LAST_CHARACTERS.sub(r'<span class="cjk-end">\1</span>', html)


@dataclass(frozen=True)
class PrintMarks:
    """What a print shop's PDF adds around the trimmed page."""

    css: str
    """The page rules: the area around the page (bleed, marks, slug) and the marks drawn in it."""
    bleed_pt: float
    """The bleed, in points: the PDF's BleedBox is the TrimBox grown by this much."""


def print_marks(page_size: str, kind: DocumentKind, slug: str) -> PrintMarks:
    """Crop marks and a slug line for a print shop, drawn outside the bleed.

    The PDF's MediaBox is the trimmed page grown by `MARK_AREA` on each side; fields run into the bleed
    (the first `BLEED` of it); each crop mark starts one bleed away from the trim, in line with its edge,
    and runs `MARK_LENGTH` outwards; the slug line (file, language, date) sits under the bottom-left
    marks. They are one SVG, the page's background: drawn as an artifact, under everything, at the
    page's corner whatever its margins.
    """
    paper = sheet(page_size, kind)
    width, height = points(paper.width), points(paper.height)
    area, bleed, length = points(MARK_AREA[page_size]), points(BLEED[page_size]), points(MARK_LENGTH[page_size])
    media_width, media_height = width + 2 * area, height + 2 * area
    near, far = bleed, bleed + length  # from the trim, outwards
    lines = []
    for x_edge, x_out in ((area, -1), (area + width, 1)):
        for y_edge, y_out in ((area, -1), (area + height, 1)):
            lines.append(f"M{x_edge + x_out * near:.2f},{y_edge:.2f}H{x_edge + x_out * far:.2f}")
            lines.append(f"M{x_edge:.2f},{y_edge + y_out * near:.2f}V{y_edge + y_out * far:.2f}")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{media_width:.2f}pt" height="{media_height:.2f}pt" '
        f'viewBox="0 0 {media_width:.2f} {media_height:.2f}">'
        f'<path d="{" ".join(lines)}" fill="none" stroke="#000" stroke-width="0.3"/>'
        f'<text x="{area + far:.2f}" y="{media_height - area / 2 + 2:.2f}" font-family="Noto Sans" font-size="6.5" '
        f'fill="#000">{escape(slug)}</text></svg>'
    )
    from base64 import b64encode

    uri = "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()
    area_css = MARK_AREA[page_size]
    css = (
        f"@page {{ bleed: {area_css}; marks: none; background-image: url({uri}); background-repeat: no-repeat;"
        f" background-attachment: fixed; background-position: -{area_css} -{area_css};"
        f" background-size: {media_width:.2f}pt {media_height:.2f}pt; }}"
    )
    return PrintMarks(css, bleed)
