"""The build cache and the executors: exactly the affected documents are rendered again, and every
way of running a build (serial, parallel, on a Dask cluster) publishes the same files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import COMMUNITIES, ROOT, community_kinds

from builder.kinds import edition_kinds
from builder.pipeline import Project, build, check

LANGUAGES = {"oakland": ["en", "es", "zh-Hant", "vi", "ar"], "solano": ["en", "es", "fil"], "connecticut": ["en", "es", "pt"]}
OAKLAND_SCHOOLS = check(Project(ROOT), ["oakland"])[0].schools.schools
SCHOOL_EDITIONS = [(f"oakland/schools/{school.slug}", lang) for school in OAKLAND_SCHOOLS for lang in school.languages]
"""Oakland ships a schools.csv: each school gets its handouts and a letter in each language it lists."""
SCHOOL_DOCUMENTS = sum(len(edition_kinds(school.grades)) * len(school.languages) for school in OAKLAND_SCHOOLS)


def _documents(slug: str) -> int:
    schools = SCHOOL_DOCUMENTS if slug == "oakland" else 0
    return len(community_kinds(slug)) * len(LANGUAGES[slug]) + schools


@pytest.fixture(scope="module")
def warm(built, built_report) -> Path:
    """The shared build (two worker processes): a project whose inputs, output and cache each test
    copies before editing."""
    assert len(built_report.rendered) == sum(_documents(slug) for slug in LANGUAGES)
    return built.root


@pytest.fixture
def project(warm, tmp_path) -> Project:
    shutil.copytree(warm, tmp_path / "project")
    return Project(tmp_path / "project")


def _files(root: Path, slugs: tuple[str, ...] = COMMUNITIES) -> dict[str, str]:
    result = {}
    for slug in slugs:
        manifest = json.loads((root / slug / "manifest.json").read_text())
        result.update({f"{slug}/{a['path']}": a["sha256"] for a in manifest["artifacts"]})
    return result


def test_no_op_build_renders_nothing(project):
    before = _files(project.output)
    report = build(project, jobs=2)
    assert report.rendered == [] and report.communities == []
    assert sorted(report.unchanged) == sorted(COMMUNITIES)
    assert _files(project.output) == before


def test_resource_edit_renders_only_the_resource_sheets_that_show_it(project):
    profile = project.sites_dir / "oakland" / "profile.yaml"
    profile.write_text(profile.read_text().replace('phone: "211"', 'phone: "2-1-1"'))
    report = build(project, jobs=2)
    # The booklet binds the resource sheet in; the school editions (handout, letter) do not show resources.
    expected = [("oakland", lang, kind) for lang in LANGUAGES["oakland"] for kind in ("resource-sheet", "booklet")]
    assert sorted(report.rendered) == sorted(expected)
    assert report.communities == ["oakland"] and sorted(report.unchanged) == ["connecticut", "solano"]
    text = (project.output / "oakland" / "resource-sheet.html").read_text()
    assert "2-1-1</a>" in text


def test_contact_edit_renders_every_document_that_shows_the_contact(project):
    profile = project.sites_dir / "solano" / "profile.yaml"
    profile.write_text(profile.read_text().replace("(707) 555-0110", "(707) 555-0119"))
    report = build(project, jobs=2)
    kinds = {kind for _, _, kind in report.rendered}
    # Every printed piece shows it, in its footer band if nowhere else.
    shown = set(community_kinds("solano"))
    assert kinds == shown
    assert {slug for slug, _, _ in report.rendered} == {"solano"}
    assert len(report.rendered) == len(shown) * len(LANGUAGES["solano"])


def test_template_edit_renders_that_document_everywhere(project):
    letter = project.templates_dir / "documents" / "letter.html"
    letter.write_text(letter.read_text().replace('<p class="closing">', '<p class="closing extra">'))
    report = build(project, jobs=2)
    expected = [(slug, lang, kind) for slug, langs in LANGUAGES.items() for lang in langs for kind in ("letter", "booklet")]
    expected += [(school, lang, "letter") for school, lang in SCHOOL_EDITIONS]
    assert sorted(report.rendered) == sorted(expected)


def test_catalog_edit_renders_that_language_only(project):
    catalog = project.locales_dir / "pt" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text()
    catalog.write_text(
        text.replace('msgstr "Downloads"', 'msgstr "Baixar arquivos"', 1) if 'msgstr "Downloads"' in text else text + "\n"
    )
    report = build(project, jobs=2)
    assert report.rendered and {(slug, lang) for slug, lang, _ in report.rendered} == {("connecticut", "pt")}


def test_deleted_output_is_rebuilt_from_the_cache(project):
    before = _files(project.output)
    shutil.rmtree(project.output / "solano")
    report = build(project, jobs=2)
    assert report.rendered == [] and report.communities == ["solano"]
    assert report.reused == _documents("solano")
    assert _files(project.output) == before


def test_force_renders_everything(project):
    report = build(project, ["connecticut"], jobs=2, force=True)
    assert len(report.rendered) == _documents("connecticut")


def test_serial_and_parallel_builds_publish_the_same_files(warm, serially_built):
    # Oakland: every kind, every script the fonts cover (Latin, Han, Vietnamese, Arabic) and the schools.
    oakland = _files(warm / "output", ("oakland",))
    assert len(oakland) > 100 and _files(serially_built.output, ("oakland",)) == oakland


def test_dask_cluster_builds_the_same_files(warm, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = Project(warm, output_dir=tmp_path / "dask")
        report = build(on_dask, ["connecticut"], scheduler=cluster.scheduler_address)
    assert len(report.rendered) == _documents("connecticut")
    assert _files(on_dask.output, ("connecticut",)) == _files(warm / "output", ("connecticut",))


def test_unreachable_scheduler_is_a_clear_error(project):
    pytest.importorskip("dask.distributed")
    from builder.errors import UsageError

    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        build(project, ["oakland"], force=True, scheduler="tcp://127.0.0.1:9")
