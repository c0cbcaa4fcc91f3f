"""The command line as a user meets it: messages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, copy_project

from builder.reference import profile_reference


def toolkit(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_list_names_every_community():
    result = toolkit("list")
    assert result.returncode == 0
    assert result.stdout.split() == ["connecticut", "oakland", "solano"]


def test_check_passes_on_the_real_profiles():
    result = toolkit("check")
    assert result.returncode == 0, result.stderr
    assert "oakland: ok" in result.stdout


def test_check_names_file_line_and_the_key_meant(tmp_path):
    project = copy_project(tmp_path)
    profile = project.sites_dir / "oakland" / "profile.yaml"
    lines = profile.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("  slogan:"))
    profile.write_text(profile.read_text().replace("  slogan:", "  slogen:"))
    result = toolkit("--project", str(project.root), "check")
    assert result.returncode == 2
    assert (
        f"sites/oakland/profile.yaml:{number}:3: campaign.slogen: unknown key 'slogen'; did you mean 'slogan'?" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (project.root / "output").exists()


def test_build_of_invalid_profile_exits_2_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path)
    (project.sites_dir / "solano" / "profile.yaml").write_text("organisation: [\n")
    result = toolkit("--project", str(project.root), "build")
    assert result.returncode == 2
    assert "sites/solano/profile.yaml:" in result.stderr and "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "output").exists()


def test_unknown_community_exits_2():
    result = toolkit("build", "atlantis")
    assert result.returncode == 2
    assert "no community named 'atlantis'" in result.stderr


def test_build_failure_exits_1_with_document_and_language(tmp_path):
    project = copy_project(tmp_path)
    broken = project.templates_dir / "documents" / "letter.html"
    broken.write_text(broken.read_text() + "{{ leader.nickname }}")
    result = toolkit("--project", str(project.root), "build", "connecticut")
    assert result.returncode == 1
    assert "letter (en) for connecticut" in result.stderr and "nickname" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "output" / "connecticut").exists()


def test_build_shows_progress_and_writes_the_site(tmp_path):
    project = copy_project(tmp_path)
    result = toolkit("--project", str(project.root), "build", "oakland")
    assert result.returncode == 0, result.stderr
    assert "oakland: handout (en)" in result.stderr
    assert (project.root / "output" / "oakland" / "index.html").is_file()


def test_new_writes_a_fork_that_checks(tmp_path):
    project = copy_project(tmp_path)
    result = toolkit("--project", str(project.root), "new", "berkeley", "--from", "oakland")
    assert result.returncode == 0, result.stderr
    text = (project.sites_dir / "berkeley" / "profile.yaml").read_text()
    assert "extends: oakland" in text and "# campaign:" in text
    assert toolkit("--project", str(project.root), "check", "berkeley").returncode == 0
    again = toolkit("--project", str(project.root), "new", "berkeley", "--from", "oakland")
    assert again.returncode == 2 and "already exists" in again.stderr
    missing = toolkit("--project", str(project.root), "new", "x", "--from", "nowhere")
    assert missing.returncode == 2 and "nowhere" in missing.stderr


def test_schema_is_json_schema():
    result = toolkit("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object" and "organisation" in schema["properties"]


def test_readme_profile_reference_is_current():
    readme = (ROOT / "README.md").read_text()
    start, end = "<!-- profile-reference:start -->", "<!-- profile-reference:end -->"
    assert start in readme and end in readme
    shown = readme.split(start, 1)[1].split(end, 1)[0]
    assert shown.strip() == profile_reference().strip(), "regenerate with: toolkit schema --format markdown"
