"""HTML to PDF with WeasyPrint: restricted file access, page budgets, shrink-to-fit, missing glyphs, a
booklet's pages made a multiple of four, and a print shop's bleed and marks.

Returns bytes; never writes files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .logs import collected_warnings

if TYPE_CHECKING:
    from .printing import PrintMarks

# Root font sizes tried in turn when a document overflows its page budget.
# 9pt is the smallest a family can comfortably read on a printed handout.
SHRINK_STEPS_PT = (11, 10.5, 10, 9.5, 9)

SPILL_FILL = 0.5
"""A last page filled less than this (in height) is a spill: the text is set smaller if that saves the page."""

PAD_ANCHOR = "intended-blank"
"""Pages a booklet may leave out to make its page count a multiple of four carry an element whose id starts
with this (`templates/documents/booklet.html`: notes pages before the back cover)."""


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
"""PDF/UA-1: tagged, with a structure tree screen readers follow, the language and the title shown
(WCAG 2.1 AA applies to PDFs too, under the ADA Title II rule)."""


class PdfError(Exception):
    """The document cannot be made into an acceptable PDF (overflow, missing glyph, missing file)."""


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    pages: int
    font_size_pt: float
    """The root font size the document was laid out with (smaller than 11 when shrunk to fit)."""


class RestrictedFetcher(URLFetcher):
    """Fetches only local files under the allowed folders, and data: URLs; nothing from the network."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.allowed = [p.resolve() for p in allowed]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                raise ValueError(f"{path} is outside the folders a document may read")
        return super().fetch(url, headers)


class PdfRenderer:
    """Renders many PDFs in one process, configuring fonts once."""

    def __init__(self):
        self.font_config = FontConfiguration()
        self._stylesheets: dict[tuple, CSS] = {}

    def _parsed(self, path: Path) -> CSS:
        # Parsed once per process (about 10 ms a document), and again when it or a stylesheet it may
        # @import changes: the print layer imports the shared base from templates/theme/css/.
        templates = path.parents[1]
        key = (str(path), *((str(css), css.stat().st_mtime_ns, css.stat().st_size) for css in sorted(templates.rglob("*.css"))))
        if key not in self._stylesheets:
            fetcher = RestrictedFetcher([templates])
            self._stylesheets[key] = CSS(filename=str(path), font_config=self.font_config, url_fetcher=fetcher)
        return self._stylesheets[key]

    def _root_size(self, size: float) -> CSS:
        key = ("root-size", size)
        if key not in self._stylesheets:
            self._stylesheets[key] = CSS(string=f"html {{ font-size: {size}pt }}", font_config=self.font_config)
        return self._stylesheets[key]

    def render(
        self,
        html: str,
        base_url: str,
        allowed: list[Path],
        max_pages: int | None,
        stylesheet: Path | None = None,
        marks: PrintMarks | None = None,
        page_multiple: int | None = None,
    ) -> PdfResult:
        """Lay out `html` (with `stylesheet`, if given); shrink the root font size step by step until it
        fits `max_pages`, else raise; and while its last page is a short spill (less than `SPILL_FILL` of
        it used), if a smaller size saves that page. `marks` adds a print shop's bleed, crop marks and slug line.
        `page_multiple` (a booklet's 4) leaves out as many of the intended blank pages as makes the page
        count a multiple of it."""
        fetcher = RestrictedFetcher(allowed)
        base_sheets = [self._parsed(stylesheet)] if stylesheet else []
        if marks:
            base_sheets.append(CSS(string=marks.css, font_config=self.font_config))
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        finisher = _bleed_box(marks.bleed_pt) if marks else None
        pages, best = 0, None
        # A booklet is set once; any other document is set smaller, step by step, while it overflows its
        # page budget, or while its last page is a short spill that a smaller size may save.
        for size in SHRINK_STEPS_PT[:1] if page_multiple else SHRINK_STEPS_PT:
            with collected_warnings("weasyprint") as warnings:
                try:
                    rendered = document.render(font_config=self.font_config, stylesheets=[*base_sheets, self._root_size(size)])
                    if page_multiple:
                        rendered = _padded(rendered, page_multiple)
                    spill = not page_multiple and len(rendered.pages) > 1 and _last_page_fill(rendered) < SPILL_FILL
                except PdfError:
                    raise
                except Exception as error:  # WeasyPrint raises many kinds; all mean "no PDF"
                    raise PdfError(f"WeasyPrint failed: {error}") from None
            _raise_on_bad_warnings(warnings)
            pages = len(rendered.pages)
            if max_pages is not None and pages > max_pages:
                continue
            if best is None or pages < len(best[0].pages):
                best = (rendered, size)
            if not spill:
                break
        if best is not None:
            rendered, size = best
            # WeasyPrint reports missing glyphs while drawing.
            with collected_warnings("weasyprint") as warnings:
                try:
                    data = rendered.write_pdf(finisher=finisher, **PDF_OPTIONS)
                except Exception as error:
                    raise PdfError(f"WeasyPrint failed: {error}") from None
            _raise_on_bad_warnings(warnings)
            return PdfResult(data, len(rendered.pages), size)
        raise PdfError(
            f"does not fit its budget of {max_pages} page{'s' * (max_pages != 1)}: "
            f"{pages} pages even at {SHRINK_STEPS_PT[-1]}pt; shorten the text"
        )


def _padded(rendered, multiple: int):
    """The laid-out document with only as many intended blank pages as make its page count a multiple of
    `multiple` (a saddle-stitched booklet is folded sheets: four pages each). Leaving pages out does not move
    the others, so the page numbers already printed (contents, folios) stay right."""
    pads = [page for page in rendered.pages if any(anchor.startswith(PAD_ANCHOR) for anchor in page.anchors)]
    content = len(rendered.pages) - len(pads)
    needed = -content % multiple
    if needed > len(pads):
        raise PdfError(
            f"{content} pages need {needed} blank pages to make a multiple of {multiple}, but only {len(pads)} are offered"
        )
    dropped = {id(page) for page in pads[needed:]}
    return rendered.copy([page for page in rendered.pages if id(page) not in dropped])


def _last_page_fill(rendered) -> float:
    """How much of the last page's height its text takes (the lowest line's foot, from the top of the page
    area), leaving out what repeats on every page (fixed boxes: the footer band, the SAMPLE mark)."""
    from weasyprint.formatting_structure import boxes

    page = rendered.pages[-1]._page_box
    top, height = page.content_box_y(), page.height

    def lowest(box) -> float:
        if getattr(box, "style", None) is not None and box.style["position"] == "fixed":
            return top
        if isinstance(box, boxes.LineBox):
            return box.position_y + box.height
        return max((lowest(child) for child in getattr(box, "children", ())), default=top)

    return (lowest(page) - top) / height if height else 1.0


def _bleed_box(bleed_pt: float):
    """A finisher that sets each page's BleedBox to its TrimBox grown by the bleed. WeasyPrint puts it
    between the TrimBox and the MediaBox, at most 10 points out; a print shop trims to the bleed it asked for."""

    def finish(_document, pdf) -> None:
        for obj in pdf.objects:  # pydyf's dictionaries and arrays are dicts and lists
            if isinstance(obj, dict) and obj.get("Type") == "/Page" and "TrimBox" in obj:
                trim = obj["TrimBox"]
                left, top, right, bottom = trim
                obj["BleedBox"] = type(trim)([left - bleed_pt, top - bleed_pt, right + bleed_pt, bottom + bleed_pt])

    return finish


def _raise_on_bad_warnings(warnings: list[str]) -> None:
    missing = sorted({m.rsplit(": ", 1)[-1] for m in warnings if ".notdef" in m})
    if missing:
        raise PdfError(f"no installed font has a glyph for {', '.join(missing)}; install a font that covers it")
    for message in warnings:
        if "Failed to load" in message or "Error fetching" in message:
            raise PdfError(message)
