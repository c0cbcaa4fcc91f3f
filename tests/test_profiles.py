"""Profile loading, forks and every error path, each with the message a coordinator reads."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import COMMUNITIES, FIXTURES, ROOT, copy_project

from builder.errors import ProfileError, UsageError
from builder.profile import load_profile, load_profiles
from builder.schema import Profile, json_schema

INVALID = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_real_profiles_are_valid():
    loaded = load_profiles(None, ROOT / "sites")
    assert [p.slug for p in loaded] == list(COMMUNITIES)
    ct = next(p for p in loaded if p.slug == "connecticut").profile
    assert ct.campaign.name == "Attend Today, Achieve Tomorrow"
    assert "#attendtodayCT" in ct.campaign.hashtags
    for p in loaded:
        assert "#SchoolEveryDay" in p.profile.campaign.hashtags
        assert p.profile.campaign.start.month == 9
        assert p.logo.suffix == ".svg" and p.logo.data.startswith(b"<svg")


def test_invented_phone_numbers_are_marked_as_examples():
    # The fictional 555-01xx range is only ever used for values marked `example: true`.
    for p in load_profiles(None, ROOT / "sites"):
        profile = p.profile
        for contact in (profile.contacts.attendance, profile.contacts.press):
            if contact.phone and "555-01" in contact.phone:
                assert contact.example, (p.slug, contact)
        for resource in profile.resources:
            if resource.phone and "555-01" in resource.phone:
                assert resource.example, (p.slug, resource.id)


@pytest.mark.parametrize("case", INVALID)
def test_invalid_profile_is_reported_with_file_line_and_key(case, tmp_path):
    project = copy_project(tmp_path, sites=FIXTURES / "invalid" / case / "sites")
    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text().splitlines()
    with pytest.raises(ProfileError) as caught:
        load_profiles(None, project.sites_dir)
    assert [str(problem) for problem in caught.value.problems] == expected
    assert caught.value.exit_status == 2


def test_every_problem_in_every_profile_is_reported_at_once(tmp_path):
    sites = tmp_path / "sites"
    for case in ("misspelt-key", "bad-formats"):
        source = FIXTURES / "invalid" / case / "sites" / "town" / "profile.yaml"
        (sites / case).mkdir(parents=True)
        (sites / case / "profile.yaml").write_text(source.read_text())
    project = copy_project(tmp_path / "p", sites=sites)
    with pytest.raises(ProfileError) as caught:
        load_profiles(None, project.sites_dir)
    files = [problem.file for problem in caught.value.problems]
    assert files.count("sites/misspelt-key/profile.yaml") == 1
    assert files.count("sites/bad-formats/profile.yaml") == 3


def test_unknown_slug_is_a_usage_error():
    with pytest.raises(UsageError, match="no community named 'oaklnd'.*known: connecticut, oakland, solano"):
        load_profiles(["oaklnd"], ROOT / "sites")


def _fork(tmp_path: Path, text: str) -> Profile:
    project = copy_project(tmp_path)
    (project.sites_dir / "fork").mkdir()
    (project.sites_dir / "fork" / "profile.yaml").write_text(textwrap.dedent(text))
    return load_profile("fork", project.sites_dir).profile


def test_fork_inherits_everything_it_does_not_set(tmp_path):
    parent = load_profile("oakland", ROOT / "sites").profile
    fork = _fork(tmp_path, "extends: oakland\n")
    assert fork == parent


def test_fork_merges_mappings_deeply(tmp_path):
    fork = _fork(
        tmp_path,
        """\
        extends: oakland
        campaign:
          slogan: Here every day.
        contacts:
          attendance:
            phone: (510) 555-0199
        """,
    )
    parent = load_profile("oakland", ROOT / "sites").profile
    assert fork.campaign.slogan == "Here every day."
    assert fork.campaign.name == parent.campaign.name
    assert fork.contacts.attendance.phone == "(510) 555-0199"
    assert fork.contacts.attendance.name == parent.contacts.attendance.name
    assert fork.contacts.attendance.example is True


def test_fork_merges_resources_by_id_and_replaces_other_lists(tmp_path):
    fork = _fork(
        tmp_path,
        """\
        extends: oakland
        campaign:
          hashtags: ["#SchoolEveryDay", "#ForkAttends"]
        resources:
          - id: ac-transit
            offers: Free bus passes for students.
          - id: calfresh
            omit: true
          - id: new-pantry
            category: food
            name: New Pantry
            offers: Groceries.
            example: true
        """,
    )
    parent = load_profile("oakland", ROOT / "sites").profile
    assert fork.campaign.hashtags == ["#SchoolEveryDay", "#ForkAttends"]
    ids = [r.id for r in fork.resources]
    assert ids == [r.id for r in parent.resources if r.id != "calfresh"] + ["new-pantry"]
    transit = next(r for r in fork.resources if r.id == "ac-transit")
    assert transit.offers == "Free bus passes for students."
    assert transit.website == "https://www.actransit.org/"


def test_fork_of_a_fork(tmp_path):
    project = copy_project(tmp_path)
    for slug, text in (("mid", "extends: solano\nleader:\n  name: Pat Example\n"), ("leaf", "extends: mid\npage_size: A4\n")):
        (project.sites_dir / slug).mkdir()
        (project.sites_dir / slug / "profile.yaml").write_text(text)
    loaded = load_profile("leaf", project.sites_dir)
    assert loaded.profile.leader.name == "Pat Example"
    assert loaded.profile.page_size == "A4"
    assert loaded.profile.organisation.name == "Solano County Office of Education"
    assert [p.parent.name for p in loaded.sources] == ["solano", "mid", "leaf"]
    assert loaded.logo == load_profile("solano", project.sites_dir).logo  # the parent's logo, read beside its profile


def test_schema_describes_every_field():
    schema = json_schema()
    json.dumps(schema)
    assert schema["$schema"].startswith("https://json-schema.org/")
    missing = []
    for name, definition in [("Profile", schema), *schema["$defs"].items()]:
        for key, field in definition.get("properties", {}).items():
            if not field.get("description"):
                missing.append(f"{name}.{key}")
    assert missing == []
    assert schema["additionalProperties"] is False
