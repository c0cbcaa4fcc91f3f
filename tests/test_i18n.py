"""Every toolkit in every language: catalogs, per-language output, scripts, right-to-left."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, built_pdf, built_pdf_text, community_kinds, copy_project, kind_name, set_languages
from test_cli import toolkit

from builder.errors import BuildFailed
from builder.i18n import catalog_status, extract, load_translations
from builder.pipeline import build
from builder.profile import load_profile

SHIPPED = sorted(p.parent.parent.name.replace("_", "-") for p in (ROOT / "locales").glob("*/LC_MESSAGES/messages.po"))
SCRIPT = {
    # A character class each language's text must contain, and English text would not.
    "es": r"[áéíóúñ¿¡]",
    "pt": r"[ãõçáéâêó]",
    "vi": r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]",
    "zh-Hant": r"[\u4e00-\u9fff]",
    "ar": r"[\u0600-\u06ff\ufe70-\ufeff]",
    "fil": r"\b(ang|ng|mga|sa)\b",
}


def test_every_profile_language_has_a_shipped_catalog():
    offered = {
        lang for slug in ("oakland", "solano", "connecticut") for lang in load_profile(slug, ROOT / "sites").profile.languages
    }
    assert offered - {"en"} <= set(SHIPPED)
    assert {"es", "zh-Hant", "vi", "ar", "pt"} <= set(SHIPPED)


def test_template_catalog_is_current():
    from babel.messages.pofile import read_po

    with (ROOT / "locales" / "messages.pot").open("rb") as stream:
        pot = {message.id for message in read_po(stream) if message.id}
    templates = {message.id for message in extract(ROOT / "templates") if message.id}
    assert templates == pot, "run: toolkit i18n update"


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_complete_and_safe(lang):
    status = catalog_status(ROOT / "locales", ROOT / "templates", lang)
    assert status.problems == ()
    assert status.translated == status.total > 50


def test_i18n_status_reports_full_catalogs():
    result = toolkit("i18n", "status")
    assert result.returncode == 0, result.stderr
    rows = [
        line.split() for line in result.stdout.splitlines()[1:] if re.match(r"^(oakland|solano|connecticut)\s+\S+\s+\d", line)
    ]
    assert len(rows) == 11
    assert all(row[2] == "100.0%" for row in rows), result.stdout


def test_missing_translation_falls_back_to_english_with_a_warning(tmp_path):
    project = copy_project(tmp_path)
    profile = project.sites_dir / "connecticut" / "profile.yaml"
    text = profile.read_text()
    text = re.sub(r"(?m)^  slogan:.*(\n    .*)*", "  slogan:\n    en: Only in English.\n    es: Solo en español.", text)
    profile.write_text(text)
    report = build(project, ["connecticut"], kinds=["poster"], jobs=1)
    assert any("connecticut: campaign.slogan has no 'pt' text; using English" in w for w in report.warnings)
    assert "Only in English." in (project.output / "connecticut" / "pt" / "index.html").read_text()
    assert "Solo en español." in (project.output / "connecticut" / "es" / "index.html").read_text()


def _pdf_text(path: Path) -> str:
    """The text of one of the shared build's PDFs."""
    return " ".join(built_pdf_text(path))


def test_oakland_is_built_in_five_languages(built):
    root = built.output / "oakland"
    for lang in ("en", "es", "zh-Hant", "vi", "ar"):
        prefix = root if lang == "en" else root / lang
        for kind, budget in community_kinds("oakland").items():
            pdf = prefix / "pdf" / f"oakland-{kind}-{lang}.pdf"
            reader = built_pdf(pdf)
            if budget.exact_pages:
                assert len(reader.pages) == 1, pdf.name
            assert reader.trailer["/Root"]["/Lang"] == lang
            if lang != "en":
                assert re.search(SCRIPT[lang], _pdf_text(pdf)), f"{pdf.name} is not in {lang}"
            assert (prefix / f"{kind}.html").is_file() or not budget.on_web


@pytest.mark.parametrize("slug,lang", [("oakland", "es"), ("oakland", "zh-Hant"), ("connecticut", "pt"), ("solano", "fil")])
def test_translated_words_reach_the_pdf(built, slug, lang):
    translations = load_translations(ROOT / "locales", lang)
    expected = translations.gettext("Where to find help")
    assert expected != "Where to find help"
    text = _pdf_text(built.output / slug / lang / "pdf" / f"{slug}-resource-sheet-{lang}.pdf")
    assert expected.replace(" ", "") in text.replace(" ", "")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_attrs: dict = {}
        self.switcher: list[dict] = []
        self.alternates: list[dict] = []
        self._in_switcher = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        if tag == "a" and self._in_switcher:
            self.switcher.append(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append(attrs)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def test_language_switcher_leads_to_the_same_page_in_every_language(built):
    root = built.output / "oakland"
    languages = ["en", "es", "zh-Hant", "vi", "ar"]
    for lang in languages:
        folder = root if lang == "en" else root / lang
        for page in sorted(folder.glob("*.html")):
            parsed = _Page()
            parsed.feed(page.read_text())
            assert parsed.html_attrs["lang"] == lang
            assert parsed.html_attrs["dir"] == ("rtl" if lang == "ar" else "ltr")
            assert [a["hreflang"] for a in parsed.switcher] == languages
            for link in parsed.switcher:
                target = (page.parent / link["href"]).resolve()
                assert target.name == page.name and target.is_file(), f"{page}: {link['href']}"
                target_lang = link["hreflang"]
                assert target.parent == (root if target_lang == "en" else root / target_lang).resolve()
            assert sorted(a["hreflang"] for a in parsed.alternates) == sorted(set(languages) - {lang})


def test_manifest_has_every_kind_in_every_language(built):
    import json

    for slug in ("oakland", "solano", "connecticut"):
        profile = load_profile(slug, ROOT / "sites").profile
        manifest = json.loads((built.output / slug / "manifest.json").read_text())
        entries = {(kind_name(a), a["lang"], a["format"]) for a in manifest["artifacts"]}
        for lang in profile.languages:
            for kind in community_kinds(slug).values():
                formats = ("html", "pdf") if kind.on_web else ("pdf",)
                assert {(kind.name, lang, format) for format in formats} <= entries
        assert len({a["path"] for a in manifest["artifacts"]}) == len(manifest["artifacts"])


def test_a_character_no_font_has_fails_the_build_naming_it(tmp_path):
    project = copy_project(tmp_path)
    set_languages(project, "oakland", ["en"])
    profile = project.sites_dir / "oakland" / "profile.yaml"
    profile.write_text(profile.read_text().replace("languages: [", 'extra_posts: ["An amulet \U0001f9ff here"]\nlanguages: [', 1))
    with pytest.raises(BuildFailed) as caught:
        build(project, ["oakland"], kinds=["social-posts"], jobs=1)
    assert "social-posts (en) for oakland" in str(caught.value)
    assert "U+1F9FF" in str(caught.value)


def test_one_languages_month_names_never_leak_into_another():
    # In a fresh process, as in a worker: Chinese first, then Filipino (Babel once shared the months).
    script = (
        "from pathlib import Path\n"
        "from builder.profile import load_profile\n"
        "from builder.render import Renderer\n"
        "from builder.kinds import DOCUMENT_KINDS\n"
        "from builder.i18n import load_translations\n"
        f"root = Path({str(ROOT)!r})\n"
        "for slug, lang in (('oakland', 'zh-Hant'), ('solano', 'fil'), ('connecticut', 'pt')):\n"
        "    community = load_profile(slug, root / 'sites')\n"
        "    renderer = Renderer(community, lang, root / 'templates', load_translations(root / 'locales', lang))\n"
        "    print(renderer.render(DOCUMENT_KINDS['letter'], media='web', logo_url='logo.svg').body)\n"
    )
    import subprocess
    import sys

    letters = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "9月" in letters and "Ang Setyembre ay" in letters and "Setembro" in letters
