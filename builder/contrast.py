"""WCAG 2.x contrast of the brand colours against what the theme puts them on.

`contrast_ratio("#777777", "#FFFFFF")` is the WCAG contrast ratio (about 4.48).
`PAIRINGS` lists every place the stylesheets use a brand colour; `check` says
whether a profile's colour meets each pairing's minimum and, if not, suggests
the nearest shade of the same hue that does. When a stylesheet changes where
`--primary` or `--accent` go (templates/theme/css/: components.css, shared by the
website and the PDFs, and site.css; templates/print/print.css;
templates/cards/cards.css), update `PAIRINGS`. The white and the light grey they
meet are read from the stylesheets' own tokens (templates/theme/css/tokens.css).
"""

from __future__ import annotations

import colorsys
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

TEXT = 4.5
"""WCAG 1.4.3: normal text and images of text."""
LARGE_TEXT = 3.0
"""WCAG 1.4.3: large text, at least 18pt (24px), or 14pt (18.67px) bold."""
GRAPHICS = 3.0
"""WCAG 1.4.11: graphics needed to understand the content, and focus indicators."""


@dataclass(frozen=True)
class Pairing:
    """One way the theme uses a brand colour."""

    key: Literal["primary", "accent"]
    """The brand colour (`brand.<key>` in a profile)."""
    role: Literal["text", "large text", "graphics", "behind text", "behind large text"]
    """What the brand colour is there: text, a line or outline, or the background behind text in `other`."""
    other: str
    """The colour it meets ('#RRGGBB'), or another brand colour's key; a pairing of two brand colours goes
    under the key declared later in `schema.Brand` (accent), whose check sees the earlier one."""
    other_name: str
    """How a message names `other`."""
    used_for: str
    """Where, in words a coordinator knows; shown in the message."""
    minimum: float | None
    """The least contrast WCAG 2.1 AA asks for; None where the use is decorative (no requirement)."""


TOKENS = Path(__file__).resolve().parent.parent / "templates" / "theme" / "css" / "tokens.css"
"""The design tokens every stylesheet builds on (the website links it, print.css and cards.css import it)."""

_COLOUR_TOKEN = re.compile(r"--([\w-]+)\s*:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*[;}]")


def read_colour_tokens(path: Path = TOKENS) -> dict[str, str]:
    """The colours written as '#rgb' or '#rrggbb' custom properties in `path`: {'white': '#FFFFFF', ...}."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    colours = {}
    for name, value in _COLOUR_TOKEN.findall(text):
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        colours[name] = f"#{value.upper()}"
    return colours


def _token(colours: dict[str, str], name: str) -> str:
    if name not in colours:
        raise LookupError(f"{TOKENS} defines no colour --{name} (written as #rrggbb), which the contrast check needs")
    return colours[name]


_TOKEN_COLOURS = read_colour_tokens()
WHITE = _token(_TOKEN_COLOURS, "white")
"""The page behind text and headings, and the text on the brand colour (`--white`)."""
GREY = _token(_TOKEN_COLOURS, "light-grey")
"""The contact boxes' background on the website and in the PDFs (`--light-grey`)."""

PAIRINGS: tuple[Pairing, ...] = (
    # brand.primary. Text sizes: web root 16px; print root 11pt, shrunk to 9pt at most to fit a page.
    # Links (web; print links inherit the text colour); print h2 and h3 on the type scale of tokens.css,
    # below 14pt bold, so not large text; the poster's call to action and web address on its white panel.
    Pairing(
        "primary",
        "text",
        WHITE,
        "white",
        "links, headings in the PDFs, the poster's call to action and web address",
        TEXT,
    ),
    Pairing("primary", "text", GREY, "light grey", "links in the contact boxes of web pages", TEXT),
    # .site-header: white nav links (16px), language switcher and campaign name (1.15rem bold = 18.4px,
    # just below the 18.67px bold of large text).
    Pairing(
        "primary",
        "behind text",
        WHITE,
        "white",
        "the website's header and buttons, and the masthead, footer band, poster and booklet covers of the PDFs",
        TEXT,
    ),
    # Web h1-h3 (h3 is 1.17em bold = 18.7px); print h1 (--step-3 of tokens.css); poster title, message and
    # hashtags; booklet cover title.
    Pairing("primary", "large text", WHITE, "white", "large headings", LARGE_TEXT),
    # cards.css: every text on a share image is 28px or more.
    Pairing("primary", "behind large text", WHITE, "white", "the share images", LARGE_TEXT),
    # site.css a:focus-visible: 3px outline against the white page, and the light grey of contact boxes,
    # which the text pairings above already hold to 4.5:1 (WCAG 1.4.11).
    Pairing("primary", "graphics", WHITE, "white", "the keyboard focus outline", GRAPHICS),
    Pairing("primary", "graphics", WHITE, "white", "the rule under the letterhead", None),
    # brand.accent: only lines, borders and bullets that carry no meaning of their own.
    Pairing(
        "accent",
        "graphics",
        WHITE,
        "white",
        "the rule under h2 headings, the top edge of home-page cards, the handout's bullets (print)",
        None,
    ),
    Pairing("accent", "graphics", GREY, "light grey", "the edge of contact boxes", None),
    Pairing(
        "accent",
        "graphics",
        "primary",
        "the primary colour",
        "the band at the foot of the share images, the poster's bullets and rule, the booklet covers' rules",
        None,
    ),
)
"""Where the stylesheets put each brand colour, and the contrast each use needs (None: decorative).

In the site header the focus outline is white, not the primary colour it would vanish on
(site.css `.site-header a:focus-visible`): white on the primary is the header pairing above,
held to 4.5:1, more than the 3:1 an outline needs. tests/test_browser.py tabs through every
link and checks each ring against what it is drawn on.
"""


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected a colour written as '#RRGGBB', found {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour '#RRGGBB', from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 (same) to 21 (black and white); order does not matter."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def format_ratio(ratio: float) -> str:
    """'4.4:1' for 4.48: rounded down, so a ratio below a minimum never reads as meeting it."""
    return f"{math.floor(ratio * 10) / 10:.1f}:1"


_Requirement = tuple[Pairing, str, float]
"""A checked pairing, the colour it meets and its minimum."""


def _requirements(key: str, brand: dict[str, str]) -> list[_Requirement]:
    """The checked pairings of `brand.<key>`, each with the colour it meets (other brand colours from `brand`)."""
    found = []
    for pairing in PAIRINGS:
        if pairing.key != key or pairing.minimum is None:
            continue
        other = pairing.other if pairing.other.startswith("#") else brand.get(pairing.other)
        if other:  # a brand colour that is itself invalid is reported on its own
            found.append((pairing, other, pairing.minimum))
    return found


def _passes(colour: str, requirements: list[_Requirement]) -> bool:
    return all(contrast_ratio(colour, other) >= minimum for _, other, minimum in requirements)


def nearest_passing_shade(colour: str, requirements: list[_Requirement]) -> str | None:
    """The colour of the same hue and saturation, lightness changed as little as possible, that meets every requirement."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in _rgb(colour)))
    for step in range(1, 1001):
        for candidate in (lightness - step / 1000, lightness + step / 1000):
            if 0 <= candidate <= 1:
                rgb = colorsys.hls_to_rgb(hue, candidate, saturation)
                shade = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in rgb))
                if _passes(shade, requirements):
                    return shade
    return None


def check(key: str, colour: str, brand: dict[str, str] | None = None) -> str | None:
    """None when `brand.<key>` meets every pairing in `PAIRINGS`; otherwise a message naming its first failing one.

    `brand` holds the profile's other brand colours by key, for pairings of two brand colours.
    """
    requirements = _requirements(key, brand or {})
    for pairing, other, minimum in requirements:
        ratio = contrast_ratio(colour, other)
        if ratio >= minimum:
            continue
        named = f"{pairing.other_name} ({other})"
        behind = pairing.role.startswith("behind ")
        what = f"{named} text on {colour}" if behind else f"{colour} on {named}"
        needs = "graphics need" if pairing.role == "graphics" else f"{pairing.role.removeprefix('behind ')} needs"
        message = f"{what} has contrast {format_ratio(ratio)}; {needs} at least {minimum:g}:1 ({pairing.used_for})"
        shade = nearest_passing_shade(colour, requirements)
        if shade:
            darker = relative_luminance(shade) < relative_luminance(colour)
            message += f"; use a {'darker' if darker else 'lighter'} colour, e.g. {shade}"
        return message
    return None
