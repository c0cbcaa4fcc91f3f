"""A community's own pages (`sites/<slug>/pages/<name>.md`): loaded, sanitised, published and printed."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from conftest import copy_project, set_languages
from pypdf import PdfReader

from builder.cli import main
from builder.errors import ProfileError
from builder.layout import Project
from builder.load import load
from builder.pipeline import build

HOSTILE = """---
title: Our story
order: 2
audience: families
print: true
max_pages: 2
---

# Why attendance matters

Every day counts. <script>alert(1)</script>

<img src="x.png" onerror="alert(2)">

[click me](javascript:alert(3)) and [the handout](handout.html) and [call](tel:211).

<iframe src="https://evil.example"></iframe><p style="color:red" onclick="alert(4)">raw paragraph</p>

| Day | Minutes |
| --- | --- |
| Monday | 30 |

!!! note "Remember"
    Call the school when your child is sick.
"""

SPANISH = """---
title: Nuestra historia
---

Cada día cuenta. <script>alert(5)</script>
"""


@pytest.fixture
def project(tmp_path) -> Project:
    project = copy_project(tmp_path / "project")
    set_languages(project, "oakland", ["en", "es", "vi"])
    return project


def write_page(project: Project, slug: str, name: str, text: str) -> None:
    folder = project.sites_dir / slug / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def main_part(html: str) -> str:
    return html[html.index('<div class="document">') :]


def test_a_page_is_sanitised_published_in_every_language_and_printed(project):
    write_page(project, "oakland", "story.md", HOSTILE)
    write_page(project, "oakland", "story.es.md", SPANISH)
    report = build(project, ["oakland"], jobs=1, kinds=["handout"])
    assert any("story" in w and "vi" in w for w in report.warnings), report.warnings  # Vietnamese falls back
    site = project.output / "oakland"
    for path, words in (
        ("story.html", "Every day counts"),
        ("es/story.html", "Cada día cuenta"),
        ("vi/story.html", "Every day counts"),
    ):
        page = (site / path).read_text(encoding="utf-8")
        assert words in page
        body = main_part(page)
        tags = elements(body)
        assert "script" not in [tag for tag, _ in tags] and "iframe" not in [tag for tag, _ in tags]
        assert not any(name.startswith("on") or name == "style" for _, attrs in tags for name in attrs)
        assert not any((attrs.get("href") or "").lower().startswith("javascript:") for _, attrs in tags)
        assert "alert(" not in body
        assert 'href="story.html"' in page  # in the menu
    english = (site / "story.html").read_text(encoding="utf-8")
    assert '<p class="kicker" lang="en">For families</p>' in english  # who it is for, in the page's language
    assert '<p class="kicker" lang="es">Para las familias</p>' in (site / "es" / "story.html").read_text(encoding="utf-8")
    assert "<table>" in english and 'class="admonition note"' in english and 'href="tel:211"' in english
    assert 'href="handout.html"' in main_part(english)
    assert 'href="es/story.html"' in english  # the language switcher
    index = json.loads((site / "es" / "search-index.json").read_text(encoding="utf-8"))
    assert any(entry["url"] == "story.html" and "Cada día cuenta" in entry["text"] for entry in index)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    pages = [a for a in manifest["artifacts"] if a["kind"] == "page"]
    assert {(a["path"], a["page"]) for a in pages if a["format"] == "html"} == {
        ("story.html", "story"),
        ("es/story.html", "story"),
        ("vi/story.html", "story"),
    }
    pdf = site / "pdf" / "oakland-page-story-en.pdf"
    assert any(a["path"] == "pdf/oakland-page-story-en.pdf" for a in pages)
    assert "Why attendance matters" in "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "oakland-page-story-en.pdf" in (site / "downloads.html").read_text(encoding="utf-8")
    assert (site / "es" / "pdf" / "oakland-page-story-es.pdf").is_file()


def test_an_example_page_shows_the_sample_banner(project):
    write_page(project, "oakland", "draft.md", "---\ntitle: Draft\nexample: true\n---\n\nNot checked yet.\n")
    build(project, ["oakland"], jobs=1, kinds=["handout"])
    assert "sample-banner" in (project.output / "oakland" / "draft.html").read_text(encoding="utf-8")


def toolkit(project: Project, capsys, *args: str) -> tuple[int, str]:
    status = main(["--project", str(project.root), *args])
    out, err = capsys.readouterr()
    return status, out + err


def test_a_clash_and_an_unknown_key_are_errors_at_their_file_and_line(project, capsys):
    write_page(project, "oakland", "handout.md", "---\ntitle: Clash\n---\ntext\n")
    write_page(project, "oakland", "es.md", "---\ntitle: Clash\n---\ntext\n")
    write_page(project, "oakland", "story.md", "---\ntitle: Story\nordr: 1\n---\ntext\n")
    status, output = toolkit(project, capsys, "check", "oakland")
    assert status == 2
    assert "sites/oakland/pages/handout.md:1:1" in output and "not a page or document" in output
    assert "sites/oakland/pages/es.md:1:1" in output and "language folder" in output
    assert "sites/oakland/pages/story.md:3:1" in output and "did you mean 'order'?" in output


def test_a_link_out_of_the_folder_is_refused(project, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\n---\nsecret\n", encoding="utf-8")
    (project.sites_dir / "oakland" / "pages").mkdir()
    (project.sites_dir / "oakland" / "pages" / "secret.md").symlink_to(outside)
    with pytest.raises(ProfileError) as error:
        load(project, ["oakland"])
    assert "link out of it" in str(error.value)


def test_a_fork_inherits_replaces_and_omits_pages(project):
    for name in ("kept", "replaced", "dropped"):
        write_page(project, "oakland", f"{name}.md", f"---\ntitle: Parent {name}\n---\nparent text\n")
    fork = project.sites_dir / "alameda"
    fork.mkdir()
    (fork / "profile.yaml").write_text("extends: oakland\n", encoding="utf-8")
    write_page(project, "alameda", "replaced.md", "---\ntitle: Fork replaced\n---\nfork text\n")
    write_page(project, "alameda", "dropped.md", "---\nomit: true\n---\n")
    (community,) = load(project, ["alameda"]).communities
    pages = {page.name: page for page in community.pages}
    assert set(pages) == {"kept", "replaced"}
    assert pages["kept"].sources["en"].title == "Parent kept"
    assert pages["replaced"].sources["en"].title == "Fork replaced"
    assert pages["replaced"].sources["es"].markdown.strip() == "fork text"


def test_a_fork_with_fewer_languages_leaves_out_its_parents_other_language_files(project):
    write_page(project, "oakland", "story.md", "---\ntitle: Our story\n---\nparent text\n")
    write_page(project, "oakland", "story.vi.md", "---\ntitle: Câu chuyện\n---\nvăn bản\n")
    fork = project.sites_dir / "alameda"
    fork.mkdir()
    (fork / "profile.yaml").write_text("extends: oakland\nlanguages: [en, es]\n", encoding="utf-8")
    (community,) = load(project, ["alameda"]).communities
    (page,) = community.pages
    assert set(page.sources) == {"en", "es"} and page.sources["en"].title == "Our story"
    # In the community's own folder, a file for a language it does not offer is still an error.
    write_page(project, "alameda", "news.vi.md", "---\ntitle: Tin tức\n---\ntext\n")
    with pytest.raises(ProfileError, match=r"sites/alameda/pages/news\.vi\.md:1:1: expected a file named"):
        load(project, ["alameda"])


def test_every_audience_has_a_label_and_a_translation_may_not_change_what_is_about_the_page(project, capsys):
    from builder.blocks import SHARED_TEMPLATES
    from builder.kinds import AUDIENCES

    macros = (SHARED_TEMPLATES / "partials" / "macros.html").read_text(encoding="utf-8")
    assert all(f'"{audience}": _(' in macros for audience in AUDIENCES)

    write_page(project, "oakland", "story.md", "---\ntitle: Our story\norder: 2\naudience: families\n---\ntext\n")
    write_page(project, "oakland", "story.es.md", "---\ntitle: Historia\norder: 2\naudience: media\n---\ntexto\n")
    status, output = toolkit(project, capsys, "check", "oakland")
    assert status == 2
    assert (
        "sites/oakland/pages/story.es.md:4:1: audience: expected 'audience' only in story.md (the first language's file)"
    ) in output
    assert "order" not in output.split("audience: expected", 1)[1]  # the same value repeated is fine
