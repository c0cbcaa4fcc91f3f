"""The coalition deck, the banner and the billboard, measured from their PDFs: slides at 16:9 with text a room
can read (24pt or more), a banner and a billboard of one sheet each at their paper's proportions, and every
piece naming the campaign.

They build in a project of their own (Oakland in English and Arabic, with no figure of its own; Connecticut in
English, with one), only these three kinds.
"""

from __future__ import annotations

import pytest
from conftest import copy_project, set_languages
from pypdf import PdfReader
from test_design import measured

from builder.pipeline import build

KINDS = ["coalition-deck", "banner", "billboard"]
PAPER = {"coalition-deck": (13.333, 7.5), "banner": (72, 36), "billboard": (48, 14)}
"""Each kind's trimmed sheet on Letter paper, in inches (kinds.py)."""
MIN_SLIDE_TEXT_PT = 24
SAMPLE_MARK_ZONE_PT = 40
"""The SAMPLE mark (print.css) sits at the top of every page of a piece with example values, above the slides'
own text: a note to whoever prints the deck, not part of a slide."""


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("slides") / "project")
    set_languages(project, "oakland", ["en", "ar"])
    set_languages(project, "connecticut", ["en"])
    for slug in ("oakland", "connecticut"):
        (project.sites_dir / slug / "schools.csv").unlink(missing_ok=True)  # its rows name the languages cut here
    build(project, ["oakland", "connecticut"], jobs=1, kinds=KINDS)
    return project


def pdf(project, slug: str, kind: str, lang: str):
    folder = project.output / slug / ("" if lang == "en" else lang) / "pdf"
    return folder / f"{slug}-{kind}-{lang}.pdf"


def ratio(page) -> float:
    box = page.mediabox
    return float(box.width) / float(box.height)


def campaign_name(project, slug: str) -> str:
    import yaml

    name = yaml.safe_load((project.sites_dir / slug / "profile.yaml").read_text(encoding="utf-8"))["campaign"]["name"]
    return name if isinstance(name, str) else name["en"]


CASES = [("oakland", "en"), ("oakland", "ar"), ("connecticut", "en")]


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_the_deck_is_16_by_9_slides_with_text_a_room_can_read(slides, slug, lang):
    path = pdf(slides, slug, "coalition-deck", lang)
    reader = PdfReader(path)
    assert 5 <= len(reader.pages) <= 10, f"{path.name}: {len(reader.pages)} slides"
    for number, page in enumerate(reader.pages, 1):
        assert ratio(page) == pytest.approx(16 / 9, rel=0.005), f"{path.name} page {number} is not 16:9"
    for number, page in enumerate(measured(path), 1):
        small = {(c.text, c.size) for c in page.chars if c.size < MIN_SLIDE_TEXT_PT - 0.1 and c.top > SAMPLE_MARK_ZONE_PT}
        assert not small, f"{path.name} page {number}: text under {MIN_SLIDE_TEXT_PT}pt: {sorted(small)[:10]}"
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert campaign_name(slides, slug) in " ".join(text.split())


def test_the_deck_gives_the_figure_with_its_source_or_says_where_to_find_it(slides):
    with_figure = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(pdf(slides, "connecticut", "coalition-deck", "en")).pages
    )
    assert "17.7%" in with_figure and "Source: Connecticut State Department of Education" in with_figure
    without = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(pdf(slides, "oakland", "coalition-deck", "en")).pages
    )
    assert "Ask the school district" in without
    # The definition, exact: 10% or more, for any reason.
    assert "10% or more" in without and "excused, unexcused or suspension" in without


@pytest.mark.parametrize("kind", ["banner", "billboard"])
@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_banner_and_billboard_are_one_sheet_at_their_proportions_and_name_the_campaign(slides, kind, slug, lang):
    path = pdf(slides, slug, kind, lang)
    reader = PdfReader(path)
    assert len(reader.pages) == 1, f"{path.name}: {len(reader.pages)} pages"
    width, height = PAPER[kind]
    assert ratio(reader.pages[0]) == pytest.approx(width / height, rel=0.005)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width * 72, rel=0.005)
    assert campaign_name(slides, slug) in " ".join((reader.pages[0].extract_text() or "").split())
