"""Where every published file lives in a community's site, and the address of every page: one place.

The way MkDocs' `File.url` owns its pages' addresses: nothing else in the builder spells out a PDF's,
a share image's or the logo's path, or joins a path to `campaign.site_url`. Standard library only.
"""

from __future__ import annotations

LOGO = "assets/logo"
"""The logo in every language's site, with the logo file's own suffix."""

COMMUNITY_CSS = "css/community.css"
"""The community's own stylesheet in each language's site (brand colours, the resource filter's rules)."""

CardSize = tuple[int, int]


def logo_path(suffix: str) -> str:
    """'assets/logo.svg' for an SVG logo: the same name in every community."""
    return f"{LOGO}{suffix}"


def pdf_path(slug: str, kind: str, lang: str) -> str:
    """A document's PDF, relative to its language's site folder."""
    return f"pdf/{slug}-{kind}-{lang}.pdf"


def custom_page_pdf_path(slug: str, name: str, lang: str) -> str:
    """A coordinator's own page printed (`print: true`), relative to its language's site folder."""
    return f"pdf/{slug}-page-{name}-{lang}.pdf"


def school_pdf_path(school: str, kind: str, lang: str) -> str:
    """A school's edition of a document, relative to the community's site root (every language there)."""
    return f"schools/{school}/{school}-{kind}-{lang}.pdf"


def calendar_path(slug: str, lang: str, suffix: str) -> str:
    """The campaign calendar's September posts as a file ("ics" or "csv"), relative to its language's site folder."""
    return f"calendar/{slug}-campaign-calendar-{lang}.{suffix}"


def card_path(slug: str, lang: str, index: int, size: CardSize) -> str:
    """The share image of post `index` (from 1) in one size, relative to its language's site folder."""
    return f"cards/{slug}-post{index}-{size[0]}x{size[1]}-{lang}.png"


def thumbnail_path(slug: str, kind: str, lang: str) -> str:
    """A small PNG of a document's first page (home cards, its web page), relative to its language's site folder."""
    return f"thumbnails/{slug}-{kind}-{lang}.png"


def page_path(name: str) -> str:
    """A site page's file ('index' for the home page), relative to its language's site folder."""
    return f"{name}.html"


def language_prefix(languages: list[str], lang: str) -> str:
    """Where a language's pages live: the first language at the site root, every other under `<lang>/`."""
    return "" if lang == languages[0] else f"{lang}/"


def site_base(site_url: str | None) -> str:
    """The published site's address ending in one '/', or "" when the profile does not say where it is."""
    return f"{str(site_url).rstrip('/')}/" if site_url else ""


def page_url(site_url: str | None, languages: list[str], lang: str, name: str) -> str | None:
    """The absolute address of a page in one language, if the site's address is known."""
    base = site_base(site_url)
    return f"{base}{language_prefix(languages, lang)}{page_path(name)}" if base else None
