"""Forks that say what they inherit: `toolkit check` warns about a parent's facts (`--strict`: errors),
`toolkit show` prints every value with its origin, `null` and `id: "*"` drop what a fork does not want,
and `toolkit new --from` writes a scaffold made from the parent. In-process, on copies of the project."""

from __future__ import annotations

import re

import pytest
from conftest import copy_project

from builder.cli import main
from builder.pipeline import Project, check


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path / "project")


def fork(project: Project, slug: str, text: str) -> None:
    folder = project.sites_dir / slug
    folder.mkdir()
    (folder / "profile.yaml").write_text(text, encoding="utf-8")


def line_of(project: Project, slug: str, text: str) -> int:
    lines = (project.sites_dir / slug / "profile.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def toolkit(project: Project, capsys, *args: str) -> tuple[int, str, str]:
    status = main(["--project", str(project.root), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_an_unedited_fork_is_warned_about_each_fact_it_inherits(project, capsys):
    fork(project, "hartford", "extends: connecticut\n")
    (parent,) = check(project, ["connecticut"])
    status, out, err = toolkit(project, capsys, "check", "hartford")
    leader = line_of(project, "connecticut", f"name: {parent.profile.leader.name}")
    statistic = line_of(project, "connecticut", "statistic:")
    assert status == 0
    assert out.startswith("hartford: ok")
    assert (
        f"warning: hartford: leader.name {parent.profile.leader.name!r} is inherited from connecticut "
        f"(sites/connecticut/profile.yaml:{leader}:3)"
    ) in err.splitlines()
    assert re.search(
        rf"^warning: hartford: statistic .* is inherited from connecticut \(sites/connecticut/profile.yaml:{statistic}:1\)$",
        err,
        re.M,
    )
    phone = re.escape(repr(parent.profile.contacts.press.phone))
    assert re.search(rf"^warning: hartford: contacts\.press\.phone {phone} is inherited from connecticut \(", err, re.M)
    assert parent.profile.resources
    for resource in parent.profile.resources:
        assert re.search(rf"^warning: hartford: resources\[{resource.id}\] .* is inherited from connecticut \(", err, re.M)

    strict, strict_out, strict_err = toolkit(project, capsys, "check", "--strict", "hartford")
    assert strict == 2
    assert "hartford: ok" not in strict_out
    assert strict_err.splitlines() == [line.replace("warning: ", "error: ", 1) for line in err.splitlines()]


def test_a_profile_without_extends_inherits_nothing(project, capsys):
    assert all(loaded.inherited == () for loaded in check(project))
    status, _, err = toolkit(project, capsys, "check", "--strict")
    assert (status, err) == (0, "")


def test_a_fork_that_sets_its_leader_and_drops_the_statistic_is_not_warned_about_them(project, capsys):
    fork(project, "hartford", "extends: connecticut\nleader:\n  name: Pat Example\nstatistic: null\n")
    (loaded,) = check(project, ["hartford"])
    assert loaded.profile.statistic is None
    assert loaded.profile.leader.name == "Pat Example"
    paths = {fact.key_path for fact in loaded.inherited}
    assert not any(path == "statistic" or path.startswith(("statistic.", "leader.")) for path in paths)
    assert "contacts.press.phone" in paths  # what it still inherits is still named
    leader_origin = next(o for o in loaded.origins if o.key_path == "leader.name")
    assert (leader_origin.file, leader_origin.line) == ("sites/hartford/profile.yaml", 3)


def test_a_fork_drops_all_inherited_resources_and_keeps_its_own(project, capsys):
    own = (
        "  - id: local-pantry\n    category: food\n    name: Local Pantry\n"
        "    offers: Free groceries on Saturdays.\n    phone: (555) 555-0199\n"
    )
    fork(project, "hartford", f'extends: connecticut\nresources:\n  - id: "*"\n    omit: true\n{own}')
    fork(project, "bare", "extends: connecticut\nresources: null\n")
    hartford, bare = check(project, ["hartford", "bare"])
    assert [r.id for r in hartford.profile.resources] == ["local-pantry"]
    assert bare.profile.resources == []
    for loaded in (hartford, bare):
        assert not any(fact.key_path.startswith("resources") for fact in loaded.inherited)
    # In a profile that is not a fork, `id: "*"` with `omit: true` is an error like any stray omit.
    text = (project.sites_dir / "solano" / "profile.yaml").read_text(encoding="utf-8")
    (project.sites_dir / "solano" / "profile.yaml").write_text(
        text.replace("\nresources:\n", '\nresources:\n  - id: "*"\n    omit: true\n', 1), encoding="utf-8"
    )
    status, _, err = toolkit(project, capsys, "check", "solano")
    assert status == 2 and "expected `omit: true` only in a fork" in err


def test_show_prints_each_value_with_its_origin(project, capsys):
    fork(project, "hartford", 'extends: connecticut\nleader:\n  name: "Pat\\nleader.name: Forged\\t"\n')
    status, out, _ = toolkit(project, capsys, "show", "hartford")
    assert status == 0
    lines = out.splitlines()
    leader = next(line for line in lines if line.startswith("leader.name:"))
    assert re.fullmatch(r'leader\.name: "Pat\\nleader\.name: Forged\\t" +# sites/hartford/profile\.yaml:3', leader)
    (parent,) = check(project, ["connecticut"])
    website = parent.profile.organisation.website
    at = line_of(project, "connecticut", f"website: {website}")
    assert any(
        re.fullmatch(rf"organisation\.website: {re.escape(website)} +# sites/connecticut/profile\.yaml:{at}", line)
        for line in lines
    )
    assert "\t" not in out and sum(line.startswith("leader.name:") for line in lines) == 1


def test_new_from_a_parent_lists_its_resources_as_omit_lines_and_checks(project, capsys):
    status, _, _ = toolkit(project, capsys, "new", "grand-rapids", "--from", "oakland")
    assert status == 0
    text = (project.sites_dir / "grand-rapids" / "profile.yaml").read_text(encoding="utf-8")
    (oakland,) = check(project, ["oakland"])
    for resource in oakland.profile.resources:
        assert re.search(rf'^  # - id: "{resource.id}" +# .*\n  #   omit: true$', text, re.M), resource.id
    for section in (
        "organisation",
        "campaign",
        "leader",
        "contacts",
        "brand",
        "statistic",
        "page_size",
        "languages",
        "resources",
    ):
        assert re.search(rf"^# {section}:", text, re.M), section
    assert "extends: oakland" in text
    status, out, err = toolkit(project, capsys, "check", "grand-rapids")
    assert status == 0 and out.startswith("grand-rapids: ok")
    assert "leader.name 'Alex Rivera' is inherited from oakland" in err

    # Uncommenting the omit lines drops those resources.
    ids = [r.id for r in oakland.profile.resources]
    uncommented = text.replace("# resources:", "resources:")
    for resource_id in ids[:2]:
        uncommented = uncommented.replace(f'  # - id: "{resource_id}"', f'  - id: "{resource_id}"').replace(
            f'  - id: "{resource_id}"', f'  - id: "{resource_id}"\n    omit: true', 1
        )
    (project.sites_dir / "grand-rapids" / "profile.yaml").write_text(uncommented, encoding="utf-8")
    (loaded,) = check(project, ["grand-rapids"])
    assert [r.id for r in loaded.profile.resources] == ids[2:]


def test_new_quotes_the_parents_values(project, capsys):
    path = project.sites_dir / "oakland" / "profile.yaml"
    text = path.read_text(encoding="utf-8").replace("name: Alex Rivera", 'name: "Alex\\nextends: solano #"', 1)
    path.write_text(text, encoding="utf-8")
    assert toolkit(project, capsys, "new", "grand-rapids", "--from", "oakland")[0] == 0
    written = (project.sites_dir / "grand-rapids" / "profile.yaml").read_text(encoding="utf-8")
    assert '# leader:                      # inherited now: "Alex\\nextends: solano #"' in written
    assert [line for line in written.splitlines() if line.startswith("extends:")] == ["extends: oakland"]


def test_a_name_inherited_in_every_language_is_one_fact_and_a_partly_written_one_names_each_language(project, capsys):
    fork(project, "grand-rapids", "extends: oakland\ncontacts:\n  press:\n    name: {en: GRPS Communications}\n")
    (loaded,) = check(project, ["grand-rapids"])
    paths = [fact.key_path for fact in loaded.inherited]
    assert paths.count("contacts.attendance.name") == 1
    assert not any(path.startswith("contacts.attendance.name.") for path in paths)
    # The fork wrote the press office's English name: its other languages are still Oakland's, one by one.
    assert "contacts.press.name.en" not in paths and "contacts.press.name" not in paths
    assert {"contacts.press.name.es", "contacts.press.name.ar"} <= set(paths)
