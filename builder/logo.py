"""The logo a profile names: read from inside the community's folders, checked, and made safe to publish.

A fork's logo comes from anyone and is published at the site's own address, so an SVG keeps only a
safe subset of SVG (`svg.py`: no script, event attributes, foreign objects or external references)
and a PNG must be a PNG. The same checked bytes are printed in every PDF (as a data: URL) and
published as `assets/logo.<ext>`.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

MAX_LOGO_BYTES = 512 * 1024
"""A logo is a few kilobytes (an SVG) or a few hundred (a PNG); more would slow every document."""
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class LogoError(Exception):
    """The file cannot be used as a logo; the message says what was expected and found."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    """The checked file: for an SVG, its sanitised form."""
    suffix: str
    """'.svg' or '.png'."""

    @property
    def uri(self) -> str:
        """A data: URL of the logo, for the print page (so WeasyPrint reads no file a profile named)."""
        return f"data:{MEDIA_TYPES[self.suffix]};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_logo(path: Path, source: str) -> Logo:
    """The logo file at `path` (shown as `source` in messages), checked and, for an SVG, sanitised."""
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise LogoError(f"expected an SVG or PNG file (.svg or .png), found {path.name!r}")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise LogoError(f"expected a logo of at most {MAX_LOGO_BYTES // 1024} KB, found {size / 1024:,.0f} KB")
    data = path.read_bytes()
    if suffix == ".png":
        if not data.startswith(_PNG_SIGNATURE):
            raise LogoError(f"expected a PNG image, found a file {path.name!r} that is not one")
        return Logo(data, suffix)
    from .svg import SvgError, sanitise_svg

    try:
        return Logo(sanitise_svg(data, source), suffix)
    except SvgError as error:
        raise LogoError(str(error)) from None
