"""A community's own wording of a document's text blocks (`documents: <kind>: <block>:` in a profile)."""

from __future__ import annotations

import pytest
from conftest import copy_project, set_languages
from pypdf import PdfReader
from test_pages import elements, main_part

from builder.cli import main
from builder.context import build_context, text_coverage
from builder.errors import ProfileError
from builder.layout import Project
from builder.pipeline import build
from builder.profile import load_profile
from builder.reference import profile_reference


@pytest.fixture
def project(tmp_path) -> Project:
    project = copy_project(tmp_path / "project")
    set_languages(project, "oakland", ["en", "es"])
    (project.sites_dir / "oakland" / "schools.csv").unlink()  # its rows name the languages cut here
    return project


def add_documents(project: Project, slug: str, text: str) -> None:
    profile = project.sites_dir / slug / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def page_text(project: Project, path: str) -> str:
    return main_part((project.output / "oakland" / path).read_text(encoding="utf-8"))


def pdf_text(project: Project, name: str) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(project.output / "oakland" / name).pages)


def test_blocks_replace_the_shared_text_on_the_web_and_in_print(project, capsys):
    add_documents(
        project,
        "oakland",
        """documents:
  handout:
    lead:
      en: Oakland kids *belong* in class.
      es: Los niños de Oakland *pertenecen* a la clase.
    help: Call the **Family Center** at [our site](https://example.org/help).
  letter:
    greeting:
      en: Hello, Oakland families!
      es: ¡Hola, familias de Oakland!
""",
    )
    report = build(project, ["oakland"], jobs=1, kinds=["handout", "letter"])
    english, spanish = page_text(project, "handout.html"), page_text(project, "es/handout.html")
    assert "Oakland kids <em>belong</em> in class." in english and "Going to school every day" not in english
    assert "Los niños de Oakland <em>pertenecen</em> a la clase." in spanish and "Ir a la escuela" not in spanish
    assert "Hello, Oakland families!" in page_text(project, "letter.html")
    assert "¡Hola, familias de Oakland!" in page_text(project, "es/letter.html")
    assert "Dear families" not in page_text(project, "letter.html")
    assert "Oakland kids belong in class." in pdf_text(project, "pdf/oakland-handout-en.pdf")
    assert "Los niños de Oakland pertenecen a la clase." in pdf_text(project, "es/pdf/oakland-handout-es.pdf")
    assert "¡Hola, familias de Oakland!" in pdf_text(project, "es/pdf/oakland-letter-es.pdf")

    # `help` is written in English only: Spanish shows it, marked as English, never the shared translation.
    assert '<div class="own-text block-help" lang="en">' in spanish and "Family Center" in spanish
    assert "Family Center" in pdf_text(project, "es/pdf/oakland-handout-es.pdf")
    message = "oakland: documents.handout.help has no 'es' text; showing the community's own 'en' text"
    assert message in report.warnings
    assert '<div class="own-text block-help">' in english  # no lang mark in its own language
    status = main(["--project", str(project.root), "check", "oakland"])
    assert status == 0 and f"warning: {message}" in capsys.readouterr().err
    status = main(["--project", str(project.root), "check", "--strict", "oakland"])
    assert status == 2 and f"error: {message}" in capsys.readouterr().err

    # `toolkit i18n status` counts the blocks among the profile's text.
    loaded = load_profile("oakland", project.sites_dir)
    total, missing = text_coverage(loaded.profile, "es")
    assert "documents.handout.help" in missing and "documents.handout.lead" not in missing
    assert total == text_coverage(loaded.profile.model_copy(update={"documents": {}}), "es")[0] + 3


def test_block_markdown_is_sanitised(project):
    add_documents(
        project,
        "oakland",
        """documents:
  handout:
    lead: |
      Come *every* day. <script>alert(1)</script> [click](javascript:alert(2))
      <img src="x.png" onerror="alert(3)"> <p style="color:red" onclick="alert(4)">raw</p>

      - one
      - two
""",
    )
    context = build_context(load_profile("oakland", project.sites_dir), "en", [])
    html = str(context["documents"]["handout"]["lead"]["html"])
    tags = elements(html)
    assert {tag for tag, _ in tags} <= {"p", "em", "a", "ul", "li"}
    assert "<em>every</em>" in html and "<li>one</li>" in html
    assert not any(name.startswith("on") or name == "style" for _, attrs in tags for name in attrs)
    assert not any((attrs.get("href") or "").lower().startswith("javascript:") for _, attrs in tags)
    assert "alert(" not in html.replace("alert(2)", "")  # a dropped link keeps its text only
    assert "<script" not in html


def test_an_unknown_block_or_kind_is_an_error_naming_the_valid_ones(project):
    add_documents(project, "oakland", "documents:\n  handout:\n    lede: Hello\n")
    with pytest.raises(ProfileError) as error:
        load_profile("oakland", project.sites_dir)
    (problem,) = error.value.problems
    assert problem.key_path == "documents.handout.lede"
    assert "unknown block 'lede'" in problem.message and "lead, facts, tips, stay-home, help" in problem.message
    profile = project.sites_dir / "oakland" / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("  handout:\n    lede", "  flyer:\n    lede"))
    with pytest.raises(ProfileError) as error:
        load_profile("oakland", project.sites_dir)
    message = str(error.value)
    assert (
        "unknown document kind 'flyer'" in message
        and "handout, handout-secondary, letter, resource-sheet, social-posts" in message
    )


def test_a_block_may_be_longer_than_other_text_up_to_its_own_limit(project):
    profile = project.sites_dir / "oakland" / "profile.yaml"
    original = profile.read_text(encoding="utf-8")
    add_documents(project, "oakland", f"documents:\n  letter:\n    body: {'word ' * 600}\n")  # 3,000 characters
    body = load_profile("oakland", project.sites_dir).profile.documents["letter"]["body"]
    assert body == ("word " * 600).strip()  # kept whole, not cut at the 1,000 of other text
    profile.write_text(original, encoding="utf-8")
    add_documents(project, "oakland", f"documents:\n  letter:\n    body: {'word ' * 900}\n")
    with pytest.raises(ProfileError, match="documents.letter.body: expected at most 4,000 characters"):
        load_profile("oakland", project.sites_dir)


def test_a_forks_block_replaces_its_parents_whole(project):
    add_documents(
        project, "oakland", "documents:\n  handout:\n    lead:\n      en: Oakland's lead.\n      es: El lead de Oakland.\n"
    )
    fork = project.sites_dir / "berkeley"
    fork.mkdir()
    (fork / "profile.yaml").write_text(
        "extends: oakland\ndocuments:\n  handout:\n    lead:\n      en: Berkeley's own lead.\n", encoding="utf-8"
    )
    loaded = load_profile("berkeley", project.sites_dir)
    assert loaded.profile.documents["handout"]["lead"] == {"en": "Berkeley's own lead."}
    warnings: list[str] = []
    spanish = build_context(loaded, "es", warnings)["documents"]["handout"]["lead"]
    assert "Berkeley's own lead." in spanish["html"] and spanish["lang"] == "en"
    assert "berkeley: documents.handout.lead has no 'es' text; showing the community's own 'en' text" in warnings
    # A block the fork does not set is inherited as the parent wrote it.
    (fork / "profile.yaml").write_text("extends: oakland\n", encoding="utf-8")
    inherited = build_context(load_profile("berkeley", project.sites_dir), "es", [])["documents"]["handout"]["lead"]
    assert "El lead de Oakland." in inherited["html"] and inherited["lang"] is None


def test_the_reference_lists_every_block_with_its_shared_english_text():
    reference = profile_reference()
    assert "### Document text blocks" in reference
    assert "| `handout` | `lead` | Children who go to school every day learn more" in reference
    assert "| `handout-secondary` | `lead` | In middle and high school, students make more of their own choices" in reference
    assert "| `letter` | `greeting` | Dear families, |" in reference
    assert "| `poster` | `call-to-action` | We are here to help |" in reference


def test_a_shared_social_post_is_a_block_of_plain_text_on_the_page_and_in_print(project):
    add_documents(
        project,
        "oakland",
        """documents:
  social-posts:
    thanks:
      en: "Thank you, Oakland! <b>Every</b> day counts & so do you."
      es: "¡Gracias, Oakland! Cada día cuenta."
  booklet:
    cover-subtitle: Oakland's family toolkit
""",
    )
    build(project, ["oakland"], jobs=1, kinds=["social-posts", "booklet"])
    english, spanish = page_text(project, "social-posts.html"), page_text(project, "es/social-posts.html")
    # Plain text, escaped once: the angle brackets are shown, never made into markup.
    assert "Thank you, Oakland! &lt;b&gt;Every&lt;/b&gt; day counts &amp; so do you." in english
    assert "Thank you, families, teachers and neighbors" not in english
    assert "¡Gracias, Oakland! Cada día cuenta." in spanish
    assert "Thank you, Oakland! <b>Every</b> day counts & so do you." in pdf_text(project, "pdf/oakland-social-posts-en.pdf")
    assert "Oakland's family toolkit" in pdf_text(project, "pdf/oakland-booklet-en.pdf")
    # The other posts keep the shared wording.
    assert "It's Attendance Awareness Month!" in english.replace("&#39;", "'")


def test_a_post_too_long_for_x_is_an_error_at_its_line(project, capsys):
    add_documents(project, "oakland", "documents:\n  social-posts:\n    routines: " + "Every day counts. " * 16 + "\n")
    line = len((project.sites_dir / "oakland" / "profile.yaml").read_text(encoding="utf-8").splitlines())
    status = main(["--project", str(project.root), "check", "oakland"])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert (
        f"sites/oakland/profile.yaml:{line}:5: documents.social-posts.routines: expected a post that fits X's 280 "
        "characters with the campaign's link and hashtags, found 323; shorten it by 43"
    ) in err
