"""The WCAG contrast ratio, and the brand-colour check built on it."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from builder.contrast import (
    GREY,
    PAIRINGS,
    TOKENS,
    WHITE,
    check,
    contrast_ratio,
    format_ratio,
    read_colour_tokens,
    relative_luminance,
)
from builder.profile import load_profiles

CSS = ROOT / "templates" / "theme" / "css"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#000000", 21.0),
        ("#777777", "#FFFFFF", 4.48),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes on white
        ("#FF0000", "#FFFFFF", 4.00),
        ("#0000FF", "#FFFFFF", 8.59),
        ("#336699", "#336699", 1.0),
        ("#f2a900", "#ffffff", 2.01),
    ],
)
def test_contrast_ratio_known_values(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.005)


def test_relative_luminance_ends_and_channels():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)
    assert relative_luminance("#00FF00") == pytest.approx(0.7152)


def test_ratio_is_shown_rounded_down():
    assert format_ratio(4.478) == "4.4:1"
    assert format_ratio(21) == "21.0:1"
    assert format_ratio(2.96) == "2.9:1"


def test_every_checked_pairing_uses_a_wcag_minimum():
    for pairing in PAIRINGS:
        assert pairing.minimum in (None, 3.0, 4.5), pairing
        assert pairing.other.startswith("#") or pairing.other in ("primary", "accent"), pairing


def test_real_profiles_colours_pass():
    for loaded in load_profiles(None, ROOT / "sites"):
        brand = loaded.profile.brand
        assert check("primary", brand.primary) is None, loaded.slug
        assert check("accent", brand.accent, {"primary": brand.primary}) is None, loaded.slug


def test_dark_primary_passes_and_light_primary_is_named_with_a_darker_shade():
    assert check("primary", "#0B4F8A") is None
    message = check("primary", "#F2A900")
    assert message.startswith("#F2A900 on white (#FFFFFF) has contrast 2.0:1; text needs at least 4.5:1")
    suggested = message.rpartition("e.g. ")[2]
    assert "use a darker colour" in message
    assert contrast_ratio(suggested, "#FFFFFF") >= 4.5
    assert contrast_ratio(suggested, GREY) >= 4.5


def test_a_colour_that_passes_on_white_can_fail_on_the_grey_contact_box():
    assert contrast_ratio("#757575", "#FFFFFF") >= 4.5
    message = check("primary", "#757575")
    assert message.startswith("#757575 on light grey (#F3F3F3) has contrast 4.1:1")
    shade = message.rpartition("e.g. ")[2]
    assert shade[1:3] == shade[3:5] == shade[5:7]  # a grey stays grey


def test_accent_is_decorative_only():
    # Rules and borders carry no meaning, so even a pale accent is accepted.
    assert check("accent", "#FFEE99", {"primary": "#0B4F8A"}) is None


def test_the_white_and_the_grey_are_the_stylesheets_tokens():
    assert TOKENS == CSS / "tokens.css"
    assert (WHITE, GREY) == ("#FFFFFF", "#F3F3F3")
    tokens = read_colour_tokens()
    assert (tokens["white"], tokens["light-grey"]) == (WHITE, GREY)
    # Every pairing meets one of the two token colours, or another brand colour.
    assert {p.other for p in PAIRINGS} == {WHITE, GREY, "primary"}
    # One grey, so one pairing of each brand colour with it (the website and the PDFs shared two greys once).
    on_grey = [(p.key, p.role) for p in PAIRINGS if p.other == GREY]
    assert sorted(on_grey) == [("accent", "graphics"), ("primary", "text")]


def test_every_layer_builds_on_the_tokens_and_none_writes_its_own_grey():
    site, components = (CSS / "site.css").read_text(), (CSS / "components.css").read_text()
    printed = (ROOT / "templates" / "print" / "print.css").read_text()
    cards = (ROOT / "templates" / "cards" / "cards.css").read_text()
    main = (ROOT / "templates" / "theme" / "main.html").read_text()
    # The PDFs import the base relative to print.css; the share images the tokens; the website links the base
    # (tokens, components, the audience kit's components), then its own layer.
    assert printed.index('@import url("../theme/css/tokens.css");') < printed.index('@import url("../theme/css/components.css");')
    assert '@import url("../theme/css/tokens.css");' in cards
    links = re.findall(r'<link rel="stylesheet" href="\{\{ \'css/([\w-]+\.css)\'\|url \}\}">', main)
    assert links[:4] == ["tokens.css", "components.css", "kit.css", "site.css"]
    assert printed.index("components.css") < printed.index('@import url("../theme/css/kit.css");')
    # The contact box is styled once, on the grey token; no layer writes a grey or a white of its own.
    assert re.search(r"\.contact \{[^}]*background: var\(--light-grey\)", components)
    for sheet in (site, components, printed, cards, (CSS / "kit.css").read_text()):
        assert not re.search(r"#(f[0-9a-f]){3}\b|#f{3}\b|#f{6}\b", sheet, re.IGNORECASE)


def test_colour_tokens_are_read_as_rrggbb_outside_comments(tmp_path):
    tokens = tmp_path / "tokens.css"
    tokens.write_text(":root {\n  /* --white: #000000; */\n  --white: #fff;\n  --light-grey:#F3f3f3; --size: 1rem;\n}\n")
    assert read_colour_tokens(tokens) == {"white": "#FFFFFF", "light-grey": "#F3F3F3"}
