"""Example marks on every section (organisation, campaign, partners, districts) and the organisation's
web address where families look for it.

One build of five small forks of Connecticut (English only, the letter and the social posts): one with
nothing invented, and one for each section marked `example: true`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from pydantic import ValidationError
from pypdf import PdfReader

from builder.pipeline import build
from builder.profile import load_profile
from builder.schema import District, Organisation

# Connecticut with every invented value checked: no leader, contact or partner marked example.
VERIFIED = """\
extends: connecticut
languages: [en]
leader: {example: false}
contacts:
  attendance: {name: Attendance Office, phone: '211', email: null, example: false}
  press: {example: false}
organisation:
  partners:
    - {name: Attendance Works, website: "https://www.attendanceworks.org/"}
  districts: [Hartford Public Schools]
"""

MARKED = {
    "campaign": "extends: verified\ncampaign: {example: true}\n",
    "organisation": "extends: verified\norganisation: {example: true}\n",
    "partner": "extends: verified\norganisation:\n  partners:\n    - {name: Made-up Partners, example: true}\n",
    "district": "extends: verified\norganisation:\n  districts: [Hartford Public Schools, {name: Made-up District, example: true}]\n",
}
KINDS = ["letter", "social-posts"]


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def _add(project, slug: str, text: str) -> None:
    (project.sites_dir / slug).mkdir()
    (project.sites_dir / slug / "profile.yaml").write_text(text)


@pytest.fixture(scope="module")
def forks(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("examples"))
    _add(project, "verified", VERIFIED)
    for slug, text in MARKED.items():
        _add(project, slug, text)
    build(project, ["verified", *MARKED], kinds=KINDS, jobs=1)
    return project


def _sample(project, slug: str, kind: str) -> tuple[bool, bool]:
    """Whether the PDF of `kind` (none for the home page) and its web page are marked SAMPLE."""
    root = project.output / slug
    pdf = kind != "index" and "SAMPLE" in _pdf_text(root / "pdf" / f"{slug}-{kind}-en.pdf")
    return pdf, 'class="sample-banner"' in (root / f"{kind}.html").read_text()


def test_nothing_marked_nothing_sample(forks):
    for kind in KINDS:
        assert _sample(forks, "verified", kind) == (False, False), kind
    assert _sample(forks, "verified", "index") == (False, False)


def test_campaign_marked_example_makes_every_document_showing_it_sample(forks):
    # The campaign's name is on the letter; its hashtags are added to every social post.
    for kind in KINDS:
        assert _sample(forks, "campaign", kind) == (True, True), kind
    assert _sample(forks, "campaign", "index")[1]


def test_organisation_marked_example_makes_the_letter_sample(forks):
    assert _sample(forks, "organisation", "letter") == (True, True)
    assert _sample(forks, "organisation", "index")[1]
    assert 'class="sample-badge"' in (forks.output / "organisation" / "letter.html").read_text()


@pytest.mark.parametrize("slug", ["partner", "district"])
def test_partner_or_district_marked_example_makes_the_home_page_sample(forks, slug):
    home = (forks.output / slug / "index.html").read_text()
    assert 'class="sample-banner"' in home
    assert "Made-up" in home and 'class="sample-badge"' in home
    # The documents do not show partners or districts: they stay unmarked.
    for kind in KINDS:
        assert _sample(forks, slug, kind) == (False, False), kind


def test_districts_as_plain_text_or_marked_mapping_validate():
    organisation = Organisation.model_validate(
        {
            "name": "A County Office",
            "level": "county",
            "website": "https://example.org/",
            "districts": ["Plain District", {"name": "Marked District", "example": True}],
        }
    )
    assert organisation.districts == ["Plain District", District(name="Marked District", example=True)]
    # Solano lists both kinds.
    districts = load_profile("solano", ROOT / "sites").profile.organisation.districts
    assert {type(d) for d in districts} == {str, District}
    # A mistake in a mapping gets one message, not one per form a district may take.
    with pytest.raises(ValidationError) as caught:
        Organisation.model_validate(
            {"name": "A", "level": "county", "website": "https://example.org/", "districts": [{"nam": "Typo"}]}
        )
    assert [error["loc"] for error in caught.value.errors()] == [("districts", 0, "name"), ("districts", 0, "nam")]
    with pytest.raises(ValidationError) as caught:
        Organisation.model_validate({"name": "A", "level": "county", "website": "https://example.org/", "districts": [5]})
    assert len(caught.value.errors()) == 1


def test_organisation_website_is_on_the_letter(forks):
    root = forks.output / "verified"
    assert "portal.ct.gov/sde" in _pdf_text(root / "pdf" / "verified-letter-en.pdf")
    letter = (root / "letter.html").read_text()
    assert '<a href="https://portal.ct.gov/sde">portal.ct.gov/sde</a>' in letter
    assert "https://portal.ct.gov/sde</a>" not in letter


def _footers(site: Path) -> dict[str, str]:
    return {page.name: page.read_text().split('<footer class="site-footer">', 1)[1] for page in site.glob("*.html")}


def test_organisation_website_is_in_every_page_footer(forks):
    footers = _footers(forks.output / "verified")
    assert len(footers) > 4
    for name, footer in footers.items():
        assert '<a href="https://portal.ct.gov/sde" dir="ltr">portal.ct.gov/sde</a>' in footer, name


def test_a_marked_value_inside_a_translated_sentence_makes_the_page_sample(forks):
    # The accessibility page names the organisation only inside a sentence: `_("%(org)s wants ...", org=...)`.
    def banner(slug):
        return 'class="sample-banner"' in (forks.output / slug / "accessibility.html").read_text()

    assert banner("organisation")
    assert not banner("verified")
