"""The kit for every audience (issue 16): talking points per audience, school and leader pieces, media pieces and
proclamations, each in the manifest with its audience, within its page budget, naming the community, in every
language; the state's talking points only in a state's kit; proclamations that name who proclaims or leave
lines to fill in; suggested quotes shown as SAMPLE until the community writes its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import COMMUNITIES, ROOT, built_pdf_text, copy_project, kind_name
from pypdf import PdfReader

from builder.kinds import _AUDIENCE_KINDS, DOCUMENT_KINDS
from builder.paths import language_prefix, pdf_path
from builder.pipeline import build
from builder.profile import load_profile

AUDIENCE_KINDS = [kind.name for kind in _AUDIENCE_KINDS]


def _kinds_for(slug: str) -> list[str]:
    level = load_profile(slug, ROOT / "sites").profile.organisation.level.value
    return [name for name in AUDIENCE_KINDS if DOCUMENT_KINDS[name].levels is None or level in DOCUMENT_KINDS[name].levels]


@pytest.mark.parametrize("slug", COMMUNITIES)
def test_every_audience_kind_is_built_in_every_language_within_its_budget_naming_the_community(built, slug):
    profile = load_profile(slug, ROOT / "sites").profile
    manifest = json.loads((built.output / slug / "manifest.json").read_text(encoding="utf-8"))
    entries = {(kind_name(a), a["lang"], a["format"]): a for a in manifest["artifacts"] if "school" not in a}
    names = [profile.organisation.short_name or profile.organisation.name, profile.organisation.name]
    for name in _kinds_for(slug):
        kind = DOCUMENT_KINDS[name]
        for lang in profile.languages:
            assert (name, lang, "html") in entries, (slug, name, lang)
            entry = entries[(name, lang, "pdf")]
            assert entry["audience"] == kind.audiences[0]
            path = built.output / slug / (language_prefix(profile.languages, lang) + pdf_path(slug, name, lang))
            pages = built_pdf_text(path)
            assert 1 <= len(pages) <= kind.max_pages, (slug, name, lang, len(pages))
            text = " ".join(pages)
            assert any(str(n if isinstance(n, str) else n.get(lang) or n["en"]) in text for n in names), (slug, name, lang)


def test_the_state_agencies_talking_points_are_only_in_a_states_kit(built):
    for slug in COMMUNITIES:
        level = load_profile(slug, ROOT / "sites").profile.organisation.level.value
        manifest = json.loads((built.output / slug / "manifest.json").read_text(encoding="utf-8"))
        versions = {a.get("variant") for a in manifest["artifacts"] if a["kind"] == "talking-points"}
        assert ("state" in versions) is (level == "state"), slug
        assert {"families", "teachers", "health", "media"} <= versions


def test_talking_points_name_their_audience(built):
    english = built.output / "connecticut" / "talking-points-health.html"
    assert "For health providers" in english.read_text(encoding="utf-8")


VERIFIED = """\
extends: connecticut
languages: [en]
leader: {example: false}
contacts:
  attendance: {name: Attendance Office, phone: '211', email: null, example: false}
  press: {example: false}
"""
"""Connecticut with every invented value checked, as in test_examples.py."""

FORKS = {
    "verified": VERIFIED,
    "quoted": """\
extends: verified
documents:
  press-release:
    quote: "\\u201cEvery day in school matters, and we are here to help,\\u201d said the Commissioner."
""",
    "proclaimed": """\
extends: verified
proclaimers:
  official: {name: Governor Pat Example, title: Governor of Connecticut, place: the State of Connecticut, example: true}
""",
}


@pytest.fixture(scope="module")
def forks(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("kit"))
    for slug, text in FORKS.items():
        (project.sites_dir / slug).mkdir()
        (project.sites_dir / slug / "profile.yaml").write_text(text, encoding="utf-8")
    kinds = ["proclamation-official", "proclamation-community", "press-release"]
    build(project, list(FORKS), kinds=kinds, jobs=1)
    return project


def _text(project, slug: str, kind: str) -> str:
    path: Path = project.output / slug / "pdf" / f"{slug}-{kind}-en.pdf"
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def _sample(project, slug: str, kind: str) -> bool:
    return 'class="sample-banner"' in (project.output / slug / f"{kind}.html").read_text(encoding="utf-8")


def test_a_proclamation_names_who_proclaims_or_leaves_lines_to_fill_in(forks):
    named = _text(forks, "proclaimed", "proclamation-official")
    assert "Governor Pat Example" in named and "Governor of Connecticut" in named and "SAMPLE" in named
    unnamed = _text(forks, "proclaimed", "proclamation-community")
    assert "Governor Pat Example" not in unnamed and "____" in unnamed
    assert not _sample(forks, "verified", "proclamation-official")  # lines to fill in invent nobody


def test_a_suggested_quote_is_sample_until_the_community_writes_its_own(forks):
    assert _sample(forks, "verified", "press-release")  # the drafted quote is put in a real person's mouth
    assert not _sample(forks, "quoted", "press-release")
    assert "Every day in school matters, and we are here to help" in _text(forks, "quoted", "press-release")


def test_audience_kinds_are_documents_with_pages_and_blocks():
    # What the home page and the manifest rely on.
    for kind in _AUDIENCE_KINDS:
        assert kind.on_web and kind.max_pages and kind.blocks, kind.name
