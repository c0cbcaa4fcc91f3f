"""The build's first two phases: everything is loaded and checked before anything is rendered, and the
plan is a pure function of what was loaded."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, copy_project

from builder.jobs import BuildOptions, DocumentKey
from builder.kinds import edition_kinds
from builder.load import load
from builder.pipeline import Project
from builder.plan import plan

BROKEN = 'msgid "In the %(year)s school year, %(percent)s%% of students in %(place)s were chronically absent."'


def _break_spanish_catalog(project: Project) -> int:
    """Misspell a placeholder in the Spanish catalog; returns the line of the broken entry's msgid."""
    po = project.locales_dir / "es" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    msgid = next(i for i, line in enumerate(lines) if line.startswith(BROKEN))
    # The translation follows its msgid, on one line or wrapped over several.
    broken = next(i for i in range(msgid + 1, len(lines)) if "%(place)s" in lines[i])
    lines[broken] = lines[broken].replace("%(place)s", "%(lugar)s")
    po.write_text("".join(lines), encoding="utf-8")
    return msgid + 1


def test_check_reports_a_broken_catalog_at_its_po_line_with_the_profile_problems(tmp_path):
    project = copy_project(tmp_path / "project")
    line = _break_spanish_catalog(project)
    profile = project.sites_dir / "solano" / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("page_size:", "page_sise:", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "builder.cli", "--project", str(project.root), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert (
        f"locales/es/LC_MESSAGES/messages.po:{line}:1: translation of 'In the %(year)s school year, "
        "%(percent)s%% of students in %(place)s were chronically absent.': unknown named placeholder 'lugar'"
    ) in result.stderr
    assert "sites/solano/profile.yaml:" in result.stderr and "unknown key 'page_sise'; did you mean 'page_size'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_catalog_stops_the_build_before_anything_is_rendered(tmp_path):
    project = copy_project(tmp_path / "project")
    _break_spanish_catalog(project)
    result = subprocess.run(
        [sys.executable, "-m", "builder.cli", "--project", str(project.root), "build", "connecticut", "--kinds", "handout"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "messages.po" in result.stderr and "lugar" in result.stderr
    assert not (project.output / "connecticut").exists()


def test_plan_is_a_pure_function_of_what_was_loaded():
    loaded = load(Project(ROOT), ["oakland"])
    options = BuildOptions(kinds=("handout", "poster"))
    first = plan(loaded, options, ROOT / "templates", ROOT / "locales")
    assert first == plan(loaded, options, ROOT / "templates", ROOT / "locales")
    (community,) = first.communities
    languages = loaded.communities[0].profile.languages
    schools = loaded.communities[0].schools.schools
    wanted = [job.key for job in community.jobs if job.wanted]
    kept = [job.key for job in community.jobs if not job.wanted]
    # Schools teaching grade 5 or below get the handout (the poster is not a school kind), in each of their languages.
    assert wanted == [DocumentKey("", lang, kind) for lang in languages for kind in ("handout", "poster")] + [
        DocumentKey(school.slug, lang, "handout")
        for school in schools
        for lang in school.languages
        if "handout" in edition_kinds(school.grades)
    ]
    # Every other document is planned too, to be kept as last published: a site never shrinks.
    assert DocumentKey("", languages[0], "booklet") in kept and DocumentKey(schools[0].slug, languages[0], "letter") in kept
    handout = community.jobs[0]
    assert "documents/handout.html" in handout.templates and "print/page.html" in handout.templates
    assert {"campaign", "contacts", "statistic"} <= set(handout.reads) and "resource_groups" not in handout.reads
    # A print-shop build makes other PDFs, so other digests; limiting the kinds changes no digest.
    print_shop = plan(loaded, BuildOptions(kinds=("handout",), print_shop=True), ROOT / "templates", ROOT / "locales")
    assert print_shop.communities[0].jobs[0].key == handout.key
    assert print_shop.communities[0].jobs[0].digest != handout.digest
    only_handout = plan(loaded, BuildOptions(kinds=("handout",)), ROOT / "templates", ROOT / "locales")
    assert only_handout.communities[0].jobs[0].digest == handout.digest
