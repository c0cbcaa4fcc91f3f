"""Family text that follows the campaign's advice, the handout for older students (the first version of a
kind), the letter's pointer to the resource sheet, campaign names kept in English, and services with
interpreters. English builds only: the catalogs are checked in test_glossary.py and test_i18n.py."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, copy_project, set_languages
from pypdf import PdfReader

from builder.context import build_context
from builder.kinds import DOCUMENT_KINDS
from builder.layout import Project
from builder.pipeline import build
from builder.profile import load_profile
from builder.render import Renderer


@pytest.fixture
def project(tmp_path) -> Project:
    project = copy_project(tmp_path / "project")
    set_languages(project, "oakland", ["en"])
    (project.sites_dir / "oakland" / "schools.csv").unlink()  # its rows name the languages cut here
    return project


def _append(project: Project, slug: str, text: str) -> None:
    profile = project.sites_dir / slug / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def _pdf_text(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


UNWANTED = {
    r"truly sick": "suggests families keep children home without reason",
    r"punish": "puts punishment in families' minds",
    r"leave (a|your) child behind|fall behind": "fear",
}


FAMILY_TEMPLATES = (
    "templates/documents/handout.html",
    "templates/documents/handout-secondary.html",
    "templates/documents/letter.html",
    "templates/documents/poster.html",
    "templates/documents/social-posts.html",
    "templates/documents/talking-points-families.html",
    "templates/pages/home.html",
    "templates/cards/card-words.html",
)
"""What families read. Pieces for professionals may name punishment to set the campaign against it."""


def test_no_family_sentence_is_punitive_or_fearful():
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        ids = [
            m.id
            for m in read_po(handle)
            if isinstance(m.id, str) and m.id and any(path in FAMILY_TEMPLATES for path, _ in m.locations)
        ]
    assert len(ids) > 40
    found = [(msgid, why) for msgid in ids for pattern, why in UNWANTED.items() if re.search(pattern, msgid, re.IGNORECASE)]
    assert not found


def test_the_secondary_handout_is_a_version_of_the_handout_with_its_own_words_and_blocks(project):
    _append(
        project,
        "oakland",
        "documents:\n  handout:\n    lead: Our youngest learners.\n  handout-secondary:\n    tips: Teens, we see you.\n",
    )
    build(project, ["oakland"], jobs=1, kinds=["handout", "handout-secondary"])
    site = project.output / "oakland"
    secondary = (site / "handout-secondary.html").read_text(encoding="utf-8")
    handout = (site / "handout.html").read_text(encoding="utf-8")
    assert "Every school day counts in middle and high school" in secondary
    assert "In middle and high school, students make more of their own choices" in secondary
    # Each version's blocks are its own: the handout's lead does not reach the secondary handout, and back.
    assert "Teens, we see you." in secondary and "Teens, we see you." not in handout
    assert "Our youngest learners." in handout and "Our youngest learners." not in secondary
    assert "Lay out clothes and pack the backpack" in handout and "Lay out clothes" not in secondary
    # The parts it keeps are the handout's, and it is in the menu.
    assert "When should my child stay home?" in secondary and 'href="handout-secondary.html"' in handout
    pdf = site / "pdf" / "oakland-handout-secondary-en.pdf"
    assert len(PdfReader(pdf).pages) == DOCUMENT_KINDS["handout-secondary"].max_pages
    assert "Teens, we see you." in _pdf_text(pdf)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    versions = {(a["path"], a["kind"], a.get("variant")) for a in manifest["artifacts"] if "handout" in a["path"]}
    assert ("pdf/oakland-handout-secondary-en.pdf", "handout", "secondary") in versions
    assert ("handout-secondary.html", "handout", "secondary") in versions
    assert ("pdf/oakland-handout-en.pdf", "handout", None) in versions


def test_the_letter_points_to_the_resource_sheet_by_its_address_or_asks_for_it(project):
    build(project, ["oakland"], jobs=1, kinds=["letter"])
    letter = _pdf_text(project.output / "oakland" / "pdf" / "oakland-letter-en.pdf")
    assert "Ask us for our resource sheet of local services." in letter  # Oakland's site address is not known
    _append(project, "oakland", "")
    profile = project.sites_dir / "oakland" / "profile.yaml"
    profile.write_text(profile.read_text().replace("  start:", "  site_url: https://attendance.example.org/\n  start:", 1))
    build(project, ["oakland"], jobs=1, kinds=["letter"])
    letter = _pdf_text(project.output / "oakland" / "pdf" / "oakland-letter-en.pdf")
    assert "Our resource sheet lists local services: attendance.example.org/resource-sheet.html" in letter
    page = (project.output / "oakland" / "letter.html").read_text(encoding="utf-8")
    assert '<a href="https://attendance.example.org/resource-sheet.html">attendance.example.org/resource-sheet.html</a>' in page


@pytest.mark.parametrize(
    "slug,lang,marked",
    [("oakland", "es", True), ("oakland", "en", False), ("solano", "es", False), ("solano", "fil", True)],
)
def test_a_campaign_name_kept_in_english_is_marked_as_english(slug, lang, marked):
    # Oakland's name is one text (English); Solano's has a Spanish name and keeps the English one in Filipino.
    loaded = load_profile(slug, ROOT / "sites")
    assert build_context(loaded, lang, [])["campaign"]["name_lang"] == ("en" if marked else None)
    kicker = Renderer(loaded, lang, ROOT / "templates").render(DOCUMENT_KINDS["handout"], media="web", logo_url="")
    assert ('<span lang="en">' in kicker.body.split("</p>", 1)[0]) is marked


def test_a_service_with_interpreters_says_so_and_shows_for_every_language():
    loaded = load_profile("oakland", ROOT / "sites")
    body = Renderer(loaded, "en", ROOT / "templates").render(DOCUMENT_KINDS["resource-sheet"], media="web", logo_url="").body
    crisis = body[body.index("988 Suicide") - 400 :]
    crisis = crisis[crisis.rindex("<li", 0, 400) :]
    assert 'data-languages="en es zh-Hant vi ar"' in crisis.split(">", 1)[0]
    assert "English and Spanish, plus interpreters for many other languages" in crisis
    # A service without interpreters is shown only for its own languages (AC Transit: English, Spanish, Chinese).
    transit = body[body.index("AC Transit") - 400 :]
    assert 'data-languages="en es zh-Hant"' in transit[transit.rindex("<li", 0, 400) :].split(">", 1)[0]
