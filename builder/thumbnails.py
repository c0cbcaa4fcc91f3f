"""Thumbnails: a small PNG of a document's first page, for the home page's cards and the document's web page.

Made from the finished PDF (pypdfium2, as the share images are rasterised), so the picture is the
printed page itself. A thumbnail depends on nothing but its PDF's bytes and the settings below, so it
is kept under the hash of those in `output/.cache/<slug>/thumbnails/`: a PDF taken from the document
cache finds its thumbnail there too, and only a document that changed is drawn again. Never writes
into the site itself: `assemble.py` publishes the bytes.
"""

from __future__ import annotations

import hashlib
import io
from importlib.metadata import version
from pathlib import Path

from .output import atomic_write

WIDTH = 240
"""Pixels across: shown at 120 CSS px or less, so it stays sharp on a screen of two pixels per CSS px."""
COLOURS = 64
"""A palette PNG: a page of text and a few brand colours needs no more, and is a third of the size."""
FOLDER = "thumbnails"


def first_page(pdf: bytes, width: int = WIDTH) -> tuple[bytes, int, int]:
    """The PDF's first page as a PNG `width` pixels across: (PNG bytes, width, height)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.quantize(colors=COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), image.width, image.height


class ThumbnailCache:
    """One community's thumbnails, each under the hash of its PDF and the settings it was drawn with."""

    def __init__(self, cache_dir: Path, slug: str):
        self.folder = cache_dir / slug / FOLDER
        self.used: set[str] = set()
        # A new version of the libraries that draw the page may draw it otherwise.
        settings = f"{WIDTH}-{COLOURS}-{version('pypdfium2')}-{version('pillow')}"
        self.settings = hashlib.sha256(settings.encode()).hexdigest()[:8]

    def thumbnail(self, pdf: bytes) -> tuple[bytes, int, int]:
        """(PNG bytes, width, height) of the PDF's first page, drawn only when the cache has no such page."""
        path = self.folder / f"{hashlib.sha256(pdf).hexdigest()[:32]}-{self.settings}.png"
        self.used.add(path.name)
        try:
            data = path.read_bytes()
            return data, *_png_size(data)
        except (OSError, ValueError):
            pass  # not drawn yet, or unreadable: draw it
        data, width, height = first_page(pdf)
        atomic_write(path, data)
        return data, width, height

    def prune(self) -> None:
        """Remove the thumbnails of PDFs this build no longer has (a community's folder, after its build)."""
        for path in self.folder.glob("*.png") if self.folder.is_dir() else ():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def _png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its header (IHDR comes first in every PNG)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
