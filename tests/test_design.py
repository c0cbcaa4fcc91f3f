"""The printed pieces checked as a print designer would check them, measured from the PDFs: text boxes and
font sizes (pypdfium2, which the builder already uses for share images), pixels, page boxes and page counts.

Each document kind declares which checks apply to it (`KIND_CHECKS`); a kind added later must declare its
own (worksheets, slides and billboards are sparse by design). They read the session's shared build
(`built`); the print-shop and booklet-padding checks build one small document each in a project of their own.
"""

from __future__ import annotations

import ctypes
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import COMMUNITIES, ROOT, built_pdf, built_pdf_text, copy_project, kind_name
from pypdf import PdfReader

from builder.contrast import TEXT, contrast_ratio, read_colour_tokens
from builder.kinds import _AUDIENCE_KINDS, DOCUMENT_KINDS
from builder.pipeline import Project, build, check
from builder.profile import load_profile

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Checks:
    """The design checks a document kind passes."""

    filled: bool = True
    """No page is mostly empty: no stretch of more than half the page's height without text."""
    empty_foot: bool = False
    """Its text may end high on the page, leaving the foot empty (a letter ends where it ends)."""
    banded: bool = True
    """The masthead (the brand field with the campaign's name) tops its first page, and the footer band is
    at the foot of every page."""
    poster: bool = False
    """One message at 72pt or more on Tabloid, text in each third of the sheet, the contact large, no page number."""
    booklet: bool = False
    """Saddle-stitched: a multiple of four pages, covers, page numbers on inside pages only, no staff-only
    text and no letterhead inside; its intended blank pages are exempt from `filled`."""


KIND_CHECKS = {
    "handout": Checks(),
    "handout-secondary": Checks(),
    "letter": Checks(empty_foot=True),
    "resource-sheet": Checks(),
    "social-posts": Checks(),
    "poster": Checks(banded=False, poster=True),
    "booklet": Checks(banded=False, booklet=True),
    # The audience kit: set in the design system like the family pieces; a script, a pledge or a
    # proclamation ends where its words end, leaving the foot of its page empty.
    **{kind.name: Checks(empty_foot=True) for kind in _AUDIENCE_KINDS},
    # The working tools: worksheets set like the family pieces; a sheet of cards, slides, a banner and a
    # billboard design their whole sheet and are sparse by design.
    "success-plan": Checks(empty_foot=True),
    "help-bank": Checks(empty_foot=True),
    "pledge-card": Checks(banded=False, filled=False),
    "campaign-calendar": Checks(empty_foot=True),
    "coalition-deck": Checks(banded=False, filled=False),
    "banner": Checks(banded=False, filled=False),
    "billboard": Checks(banded=False, filled=False),
}
"""Which checks apply to which kind: every kind in the registry is listed here."""

MOSTLY_EMPTY = 0.5
"""A page with a stretch of more than half its height without text is mostly empty."""


def test_every_kind_declares_its_design_checks():
    assert set(KIND_CHECKS) == set(DOCUMENT_KINDS), "a new kind: say in KIND_CHECKS which design checks apply to it"


# --- Measuring a PDF -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Char:
    text: str
    size: float
    """The font size in points, as drawn (the text matrix included)."""
    left: float
    top: float
    """From the top of the page (the TrimBox), in points; so are `bottom`, `left` and `right`."""
    right: float
    bottom: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    chars: tuple[Char, ...]

    def text(self, top: float = 0, bottom: float | None = None) -> str:
        """The page's characters whose middle lies between `top` and `bottom` (from the page's top), in order."""
        bottom = self.height if bottom is None else bottom
        return "".join(c.text for c in self.chars if top <= (c.top + c.bottom) / 2 <= bottom)


@functools.cache
def measured(path: Path) -> tuple[Page, ...]:
    """Every visible character of each page with its font size and box (a PDF of the shared build is measured once)."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    for page in document:
        text_page = page.get_textpage()
        left, bottom, right, top = page.get_mediabox()
        chars = []
        for index in range(text_page.count_chars()):
            character = text_page.get_text_range(index, 1)
            if not character.strip():
                continue
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(text_page.raw, index, ctypes.byref(matrix))
            size = pdfium_c.FPDFText_GetFontSize(text_page.raw, index) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            x0, y0, x1, y1 = text_page.get_charbox(index)
            chars.append(Char(character, round(size, 1), x0 - left, top - y1, x1 - left, top - y0))
        pages.append(Page(right - left, top - bottom, tuple(chars)))
    return tuple(pages)


def empty_stretches(page: Page) -> list[tuple[float, float]]:
    """The stretches of the page's height with no text (top to bottom, in points): above the first line,
    between lines and blocks, and below the last line."""
    spans = sorted((c.top, c.bottom) for c in page.chars)
    stretches, edge = [], 0.0
    for top, bottom in spans:
        if top > edge:
            stretches.append((edge, top))
        edge = max(edge, bottom)
    stretches.append((edge, page.height))
    return stretches


def _pdfs(built, slug: str):
    """(kind, language, path, school) of every PDF a community's manifest lists."""
    manifest = json.loads((built.output / slug / "manifest.json").read_text())
    for artifact in manifest["artifacts"]:
        if artifact["format"] == "pdf" and kind_name(artifact) in DOCUMENT_KINDS:
            yield kind_name(artifact), artifact["lang"], built.output / slug / artifact["path"], artifact.get("school")


def _intended_blank_pages(path: Path) -> set[int]:
    """The numbers (from 0) of the pages a booklet leaves blank on purpose (its notes pages)."""
    reader = PdfReader(path)
    return {
        reader.get_destination_page_number(d)
        for name, d in reader.named_destinations.items()
        if name.startswith("intended-blank")
    }


# --- Every page used ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_no_page_is_mostly_empty(built, slug):
    checked = 0
    for kind, _lang, path, _ in _pdfs(built, slug):
        checks = KIND_CHECKS[kind]
        if not checks.filled:
            continue
        blank = _intended_blank_pages(path) if checks.booklet else set()
        for number, page in enumerate(measured(path)):
            if number in blank:
                continue
            stretches = empty_stretches(page)
            if checks.empty_foot and len(stretches) > 2:
                stretches.pop(-2)  # the foot of the letter, above the footer band
            top, bottom = max(stretches, key=lambda s: s[1] - s[0])
            share = (bottom - top) / page.height
            assert share <= MOSTLY_EMPTY, (
                f"{path.name} page {number + 1}: {share:.0%} of its height has no text "
                f"({top / POINTS_PER_INCH:.1f} to {bottom / POINTS_PER_INCH:.1f} in from the top)"
            )
            checked += 1
    assert checked > 20


def test_a_one_category_spill_is_set_smaller_rather_than_left_on_a_nearly_empty_page(built):
    # The Filipino resource sheet of Solano spilled its last category onto a second page at 11pt.
    for _, lang, path, _ in (pdf for pdf in _pdfs(built, "solano") if pdf[0] == "resource-sheet"):
        pages = measured(path)
        assert len(pages) == 1 or all(max(b - t for t, b in empty_stretches(p)) / p.height <= MOSTLY_EMPTY for p in pages), lang


# --- The masthead and the footer band -----------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _pixel(path: Path, page: int, x_in: float, y_in: float, dpi: int = 24) -> tuple[int, int, int]:
    """The colour of a point of a page (inches from its top-left corner), rendered at `dpi`."""
    document = pdfium.PdfDocument(str(path))
    image = document[page].render(scale=dpi / POINTS_PER_INCH).to_pil().convert("RGB")
    return image.getpixel((round(x_in * dpi), round(y_in * dpi)))


def _close(found: tuple[int, int, int], expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True))


def _campaign_name(profile, lang: str) -> str:
    name = profile.campaign.name
    return name if isinstance(name, str) else name.get(lang, name[profile.languages[0]])


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u2066-\u2069]", "", text)


def _has_phone(text: str, phone: str | None) -> bool:
    """Whether `text` shows the phone number. Each group of its digits is looked for: the text of a right-to-left
    page comes out of the PDF in drawing order, so "(510) 555-0110" may read "555-0110(510)" or "555-0110)510("
    there although it is printed in its own order (as tests/test_cards.py and a look at the pages confirm)."""
    return not phone or all(digits in text for digits in re.findall(r"\d+", phone))


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_banded_pieces_have_the_masthead_and_the_footer_band(built, slug):
    profile = load_profile(slug, ROOT / "sites").profile
    field = _rgb(profile.brand.primary)
    schools = {school.slug: school for school in check(Project(ROOT), [slug])[0].schools.schools}
    checked = 0
    for kind, lang, path, school in _pdfs(built, slug):
        if not KIND_CHECKS[kind].banded:
            continue
        pages = measured(path)
        # A field of the brand colour across the top of the first page, with the campaign's name (and a
        # school's edition names the school) in it ...
        # (Probed near the left edge: the SAMPLE mark sits at the top right, and is long in some languages.)
        assert _close(_pixel(path, 0, 0.3, 0.12), field), f"{path.name}: no brand field at the top"
        masthead = _squeezed(pages[0].text(0, 1.4 * POINTS_PER_INCH))
        assert _squeezed(_campaign_name(profile, lang)) in masthead, path.name
        if school and lang == "en":
            assert _squeezed(schools[school].name) in masthead, path.name
        # ... and the footer band, with the contact, at the foot of every page.
        for number, page in enumerate(pages):
            height_in = page.height / POINTS_PER_INCH
            assert _close(_pixel(path, number, 0.3, height_in - 0.08), field), f"{path.name} p{number + 1}: no footer band"
            band = page.text(page.height - 0.9 * POINTS_PER_INCH)
            if not school:
                assert _has_phone(band, profile.contacts.attendance.phone), f"{path.name} p{number + 1}: {band!r}"
        checked += 1
    assert checked >= 10


def test_every_text_colour_contrasts_with_the_field_it_sits_on():
    # The design system's roles: white text on the brand field; headings in the brand colour, body text and
    # notes in the greys, on white and on the light grey of contact boxes; the SAMPLE red on white.
    tokens = read_colour_tokens()
    for slug in COMMUNITIES:
        primary = load_profile(slug, ROOT / "sites").profile.brand.primary
        pairs = [
            ("white on the brand field", tokens["white"], primary),
            ("headings on white", primary, tokens["white"]),
            ("body text on white", tokens["ink"], tokens["white"]),
            ("body text in contact boxes", tokens["ink"], tokens["light-grey"]),
            ("notes on white", tokens["ink-muted"], tokens["white"]),
            ("notes in contact boxes", tokens["ink-muted"], tokens["light-grey"]),
            ("page numbers on white", tokens["ink-faint"], tokens["white"]),
            ("SAMPLE marks on white", tokens["alert"], tokens["white"]),
        ]
        for what, text, ground in pairs:
            assert contrast_ratio(text, ground) >= TEXT, f"{slug}: {what} ({text} on {ground})"


# --- The poster --------------------------------------------------------------------------------------------


TABLOID = (792, 1224)


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_poster_one_large_message_text_in_each_third_and_no_page_number(built, slug):
    profile = load_profile(slug, ROOT / "sites").profile
    for kind, lang, path, _ in _pdfs(built, slug):
        if not KIND_CHECKS[kind].poster:
            continue
        (page,) = measured(path)
        assert (round(page.width), round(page.height)) == TABLOID, path.name
        largest = max(c.size for c in page.chars)
        assert largest >= 72, f"{path.name}: the largest text is {largest}pt"
        message = "".join(c.text for c in page.chars if c.size >= largest - 0.5)
        if lang == "en":
            assert message == "Everyschooldaycounts", message
        assert len(message) >= 4, message
        # Text in each third of the sheet: the sheet is used from top to bottom.
        for third in range(3):
            top, bottom = page.height * third / 3, page.height * (third + 1) / 3
            assert len(page.text(top, bottom)) > 20, f"{path.name}: the {('top', 'middle', 'bottom')[third]} third is empty"
        # The contact large enough to read from a few steps away, in the bottom third.
        phone = _squeezed(profile.contacts.attendance.phone or "")
        digits = [c for c in page.chars if c.top > page.height * 2 / 3 and c.text.isdigit()]
        assert phone and digits and min(c.size for c in digits) >= 20, path.name
        assert not re.search(r"\b1\s*/\s*1\b", page.text()), f"{path.name}: a page number"


# --- The booklet -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_booklet_can_be_saddle_stitched(built, slug):
    profile = load_profile(slug, ROOT / "sites").profile
    for kind, lang, path, _ in _pdfs(built, slug):
        if not KIND_CHECKS[kind].booklet:
            continue
        pages = measured(path)
        assert len(pages) % 4 == 0, f"{path.name}: {len(pages)} pages"
        blank = _intended_blank_pages(path)
        foot = 0.75 * POINTS_PER_INCH
        for number, page in enumerate(pages):
            bottom = page.text(page.height - foot)
            if number in (0, len(pages) - 1) or number in blank:
                # Covers and blank pages carry no page number.
                assert not re.search(rf"(?<!\d){number + 1}(?!\d)", bottom), f"{path.name} p{number + 1}: {bottom!r}"
            else:
                # One running footer on every inside page: its number (and the campaign's name).
                assert re.search(rf"(?<!\d){number + 1}(?!\d)", bottom), (
                    f"{path.name} p{number + 1}: no page number in {bottom!r}"
                )
                assert _squeezed(_campaign_name(profile, lang)) in _squeezed(bottom), path.name
                # No letterhead repeated inside: no inside page opens with the organisation's name.
                assert profile.organisation.name not in pages[number].text(0, 1.2 * POINTS_PER_INCH), f"{path.name} p{number + 1}"
        # The back cover says how to reach us.
        back = _squeezed(pages[-1].text())
        assert _has_phone(back, profile.contacts.attendance.phone) and _squeezed(profile.organisation.name) in back
        for partner in profile.organisation.partners:
            name = partner.name if isinstance(partner.name, str) else partner.name.get(lang, "")
            assert _squeezed(name) in back, (path.name, name)
        if lang == "en":
            # No staff-only text for families: the posts' character counts and X's limit stay on the website.
            text = " ".join(built_pdf_text(path))
            assert "280" not in text and "characters" not in text, path.name


def test_a_longer_booklet_is_padded_with_notes_pages_before_the_back_cover(tmp_path):
    project = copy_project(tmp_path)
    fork = project.sites_dir / "long"
    fork.mkdir()
    services = "".join(
        f"  - id: extra-{n}\n    category: family-support\n    name: Family service {n}\n"
        f"    offers: Help with forms, meals, rides and school supplies for families across the county.\n"
        f"    phone: (707) 555-01{n:02d}\n    languages: [en]\n"
        for n in range(14)
    )
    (fork / "profile.yaml").write_text(f"extends: solano\nlanguages: [en]\nresources:\n{services}")
    build(project, ["long"], kinds=["booklet"], jobs=1)
    path = project.output / "long" / "pdf" / "long-booklet-en.pdf"
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    blank = _intended_blank_pages(path)
    assert len(pages) % 4 == 0 and blank, f"{len(pages)} pages, blank pages {sorted(blank)}"
    # The blank pages are notes pages, together just before the back cover, which is the last page.
    assert sorted(blank) == list(range(len(pages) - 1 - len(blank), len(pages) - 1))
    assert all("Notes" in pages[number] for number in blank)
    assert "We are here to help" in pages[-1]
    # The contents still give the right pages.
    printed = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)", pages[1])]
    starts = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    assert printed == [starts[f"part-{part}"] for part in DOCUMENT_KINDS["booklet"].parts]


# --- Scripts -----------------------------------------------------------------------------------------------


def test_arabic_pdfs_keep_each_hashtag_whole(built):
    tags = load_profile("oakland", ROOT / "sites").profile.campaign.hashtags
    checked = 0
    for _, lang, path, _ in _pdfs(built, "oakland"):
        if lang != "ar":
            continue
        text = " ".join(built_pdf_text(path))
        for tag in tags:
            # Every hashtag's word follows its own "#": none split, none with its "#" moved to the other end
            # (a piece that designs its own sheet may show no hashtag at all).
            assert text.count(tag) == text.count(tag[1:]), (path.name, tag)
        # No "#" strays from its word (a press release's "###" end mark is not a hashtag).
        assert len(re.findall(r"#\w", text)) == sum(text.count(tag) for tag in tags), path.name
        checked += any(tag in text for tag in tags)
    assert checked >= 7


def test_no_synthesised_italic_for_arabic_or_chinese(built):
    # A slanted face WeasyPrint makes up is embedded as "<font>-Oblique"; Noto Sans Arabic and Noto Sans
    # CJK have no italic of their own. Latin text may be italic (Noto Sans Italic is a real face).
    for _, lang, path, _ in _pdfs(built, "oakland"):
        if lang not in ("ar", "zh-Hant"):
            continue
        reader = built_pdf(path)
        fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
        slanted = [font for font in fonts if re.search(r"(Arabic|CJK).*(Oblique|Italic)", font)]
        assert not slanted, (path.name, slanted)


HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CLOSING = "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u300d\u300f\uff09\u3011"


def test_no_chinese_line_ends_a_paragraph_with_one_character_alone(built):
    checked = 0
    for _, lang, path, _ in _pdfs(built, "oakland"):
        if lang != "zh-Hant":
            continue
        lines = [line.strip() for page in built_pdf_text(path) for line in page.split("\n")]
        alone = [line for line in lines if re.fullmatch(rf"[{HAN}][{CLOSING}]*", line)]
        assert not alone, (path.name, alone)
        checked += 1
    assert checked >= 6


# --- A print shop's PDF ------------------------------------------------------------------------------------


def test_print_shop_pdf_bleeds_its_fields_and_has_marks_and_a_slug_outside_the_bleed(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "shop").mkdir()
    (project.sites_dir / "shop" / "profile.yaml").write_text(
        "extends: connecticut\nlanguages: [en]\ncampaign:\n  site_url: https://attendance.example.org/ct/\n"
    )
    build(project, ["shop"], kinds=["handout", "poster"], print_shop=True, jobs=1)
    primary = _rgb(load_profile("connecticut", ROOT / "sites").profile.brand.primary)
    bleed, offset, length = 9.0, 9.0, 18.0  # 1/8 in; the marks start 1/8 in from the trim and run 1/4 in
    for kind in ("handout", "poster"):
        path = project.output / "shop" / "pdf" / f"shop-{kind}-en.pdf"
        reader = PdfReader(path)
        for page in reader.pages:
            media, bleed_box, trim = ([float(v) for v in box] for box in (page.mediabox, page.bleedbox, page.trimbox))
            # MediaBox ⊃ BleedBox ⊃ TrimBox, the bleed 1/8 in, with room for the marks outside it.
            assert bleed_box == pytest.approx([trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed], abs=0.1)
            assert media[0] < trim[0] - offset - length and media[2] > trim[2] + offset + length
            assert media[1] < trim[1] - offset - length and media[3] > trim[3] + offset + length
        # Pixels, rendered at 4 dots per point from the MediaBox's top-left corner.
        document = pdfium.PdfDocument(str(path))
        image = document[0].render(scale=4).to_pil().convert("RGB")
        margin = trim[0] - media[0]

        def at(x_pt: float, y_pt: float, image=image, margin=margin) -> tuple[int, int, int]:
            """The colour at a point given from the trimmed page's top-left corner, in points."""
            return image.getpixel((round((margin + x_pt) * 4), round((margin + y_pt) * 4)))

        # The brand field runs past the trim into the bleed, at the top of the sheet.
        assert _close(at(trim[2] / 2, -bleed / 2), primary), kind
        # Crop marks in line with the top and the left edges, outside the bleed.
        assert sum(at(-offset - length / 2, 0)) < 3 * 160, kind
        assert sum(at(0, -offset - length / 2)) < 3 * 160, kind
        assert sum(at(-offset - length / 2, 20)) > 3 * 240, kind  # a line, not a smudge
        # The slug line, below the bleed: the document, its language and the date.
        (measured_page,) = measured(path)[:1]
        slug = "".join(c.text for c in measured_page.chars if c.top > margin + trim[3] + bleed)
        assert f"shop-{kind}-en.pdf·en·" in slug.replace(" ", ""), slug
    # The QR code on the poster is large enough to scan from a few steps away: at least 2.5 cm wide.
    zxingcpp = pytest.importorskip("zxingcpp")
    dpi = 150
    poster = pdfium.PdfDocument(str(project.output / "shop" / "pdf" / "shop-poster-en.pdf"))
    (found,) = zxingcpp.read_barcodes(poster[0].render(scale=dpi / POINTS_PER_INCH).to_pil())
    corners = found.position
    width_cm = abs(corners.top_right.x - corners.top_left.x) / dpi * 2.54
    assert found.text == "https://attendance.example.org/ct/poster.html" and width_cm >= 2.5, width_cm
