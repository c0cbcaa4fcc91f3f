"""The command line as a user meets it: messages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from conftest import ROOT, copy_project

from builder.cli import _check_output, _summary
from builder.errors import UsageError
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
    result = toolkit("--project", str(project.root), "build", "connecticut", "--kinds", "handout,letter", "-j", "1")
    assert result.returncode == 1
    assert "letter (en) for connecticut" in result.stderr and "nickname" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "output" / "connecticut").exists()


def test_build_shows_progress_and_writes_the_site(tmp_path):
    project = copy_project(tmp_path)
    result = toolkit("--project", str(project.root), "build", "oakland", "--kinds", "handout")
    assert result.returncode == 0, result.stderr
    assert "oakland: handout (en)" in result.stderr and "oakland: website" in result.stderr
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


def toolkit_unread(*args: str, stream: str = "stdout", cwd=ROOT) -> subprocess.CompletedProcess:
    """Run toolkit with the reader of its standard output (or error) gone before it writes, as after `| head` quits."""
    process = subprocess.Popen(
        [sys.executable, "-m", "builder.cli", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    closed, kept = (process.stdout, process.stderr) if stream == "stdout" else (process.stderr, process.stdout)
    assert closed is not None and kept is not None
    closed.close()
    text = kept.read()
    kept.close()
    returncode = process.wait(timeout=300)
    if stream == "stdout":
        return subprocess.CompletedProcess(process.args, returncode, "", text)
    return subprocess.CompletedProcess(process.args, returncode, text, "")


def test_a_reader_that_quits_early_is_not_an_error():
    for args in (("schema",), ("schema", "--format", "markdown"), ("list",), ("check",), ("--help",)):
        result = toolkit_unread(*args)
        assert (result.returncode, result.stderr) == (0, ""), args
    # Errors still give their exit status when no one reads standard error.
    assert toolkit_unread("build", "atlantis", stream="stderr").returncode == 2
    # A real pipe: the status is toolkit's own (pipefail), and nothing is said about the closed pipe.
    piped = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" -m builder.cli schema | head -1', sys.executable],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, "{\n", "")


def test_build_summary_counts_in_words_and_a_no_op_says_nothing_changed(tmp_path):
    output = tmp_path / "out"
    first = toolkit("--output", str(output), "build", "connecticut", "--kinds", "handout")
    assert first.returncode == 0, first.stderr
    assert re.fullmatch(r"\d+ artifacts in 1 community; \d+ documents rendered, 0 from the cache", first.stdout.splitlines()[-1])
    assert (output / "connecticut" / "handout.html").is_file()
    again = toolkit("--output", str(output), "build", "connecticut", "--kinds", "handout")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "nothing to do: 1 community unchanged"
    assert toolkit_unread("--output", str(output), "build", "connecticut", "--kinds", "handout").returncode == 0


def test_build_summary_wording():
    def report(communities=(), unchanged=(), artifacts=0, rendered=0, reused=0):
        return SimpleNamespace(
            communities=list(communities),
            unchanged=list(unchanged),
            warnings=[],
            artifacts=artifacts,
            rendered=[("c", "en", "handout")] * rendered,
            reused=reused,
        )

    assert _summary(report(["a", "b"], ["c"], 12, 1, 5)) == (
        "12 artifacts in 2 communities; 1 document rendered, 5 from the cache; 1 community unchanged"
    )
    assert _summary(report(["a"], [], 1, 0, 1)) == "1 artifact in 1 community; 0 documents rendered, 1 from the cache"
    assert _summary(report([], ["a", "b", "c"])) == "nothing to do: 3 communities unchanged"
    assert _summary(report()) == "nothing to do: no community to build"


READS_PROJECT = (("build",), ("check",), ("list",), ("serve",), ("new", "berkeley", "--from", "oakland"), ("i18n", "status"))


def test_a_project_folder_that_is_missing_or_has_no_sites_is_a_usage_error(tmp_path):
    missing = tmp_path / "missing"
    (tmp_path / "file").write_text("")
    for args in READS_PROJECT:
        result = toolkit("--project", str(missing), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert f"error: project folder {missing} does not exist" in result.stderr, args
        result = toolkit("--project", str(tmp_path), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert f"error: {tmp_path} is not a toolkit project: it has no sites/" in result.stderr, args
        assert "expected sites/<slug>/profile.yaml" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing written, not even an output folder
    result = toolkit("--project", str(tmp_path / "file"), "build")
    assert result.returncode == 2 and f"project folder {tmp_path / 'file'} is not a folder" in result.stderr
    # Commands that render need templates/ too (`new` used to fail on a missing template).
    shutil.copytree(ROOT / "sites", tmp_path / "sites")
    result = toolkit("--project", str(tmp_path), "new", "berkeley", "--from", "oakland")
    assert result.returncode == 2 and "it has no templates/ folder" in result.stderr
    assert toolkit("--project", str(tmp_path), "list").returncode == 0
    # `schema` reads no project.
    assert toolkit("--project", str(missing), "schema").returncode == 0


def test_unknown_language_code_is_a_usage_error(tmp_path):
    project = copy_project(tmp_path)
    before = sorted(p.relative_to(project.root) for p in project.locales_dir.rglob("*"))
    for code in ("xx", "en_US", "es-"):
        result = toolkit("--project", str(project.root), "i18n", "update", "es", code)
        assert result.returncode == 2, result.stderr
        assert f"error: no language with the code {code!r}" in result.stderr
    assert sorted(p.relative_to(project.root) for p in project.locales_dir.rglob("*")) == before
    extra = toolkit("--project", str(project.root), "i18n", "extract", "es")
    assert extra.returncode == 2 and "i18n extract takes no arguments" in extra.stderr


def test_an_output_that_is_not_a_folder_is_a_usage_error(tmp_path):
    file = tmp_path / "file"
    file.write_text("keep me")
    for command in ("build", "serve"):
        result = toolkit("--output", str(file), command, "connecticut")
        assert result.returncode == 2, result.stderr
        assert f"error: output folder {file} is a file, not a folder" in result.stderr
        result = toolkit("--output", str(file / "sub"), command, "connecticut")
        assert result.returncode == 2, result.stderr
        assert f"error: cannot create the output folder {file / 'sub'}: {file} is a file" in result.stderr
    assert file.read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_output_that_cannot_be_written_is_a_usage_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = toolkit("--output", str(locked / "out"), "build", "connecticut")
    assert result.returncode == 2 and f"cannot create the output folder {locked / 'out'}" in result.stderr


def test_an_output_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    """The same check in-process, for when the tests run as root (to whom every folder is writable)."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(
        UsageError, match=re.escape(f"cannot create the output folder {tmp_path / 'out'}: {tmp_path} is not writable")
    ):
        _check_output(tmp_path / "out")
    with pytest.raises(UsageError, match=re.escape(f"cannot write in the output folder {tmp_path}: {tmp_path} is not writable")):
        _check_output(tmp_path)


def test_serve_port_out_of_range_is_a_usage_error(tmp_path):
    for port in ("99999", "-1", "http"):
        # An invalid project too: were the port let through, this would still end at once.
        result = toolkit("--project", str(tmp_path / "missing"), "serve", "--port", port, "connecticut")
        assert result.returncode == 2, result.stderr
        assert f"argument --port: expected a port number from 0 to 65535 (0 picks a free one), found {port!r}" in result.stderr


def test_other_mistakes_are_usage_errors(tmp_path):
    project = copy_project(tmp_path)
    bad_slug = toolkit("--project", str(project.root), "new", "Berkeley_CA", "--from", "oakland")
    assert bad_slug.returncode == 2 and "found 'Berkeley_CA'" in bad_slug.stderr
    kind = toolkit("--project", str(project.root), "build", "connecticut", "--kinds", "handout,flyer")
    assert kind.returncode == 2 and "no document kind named 'flyer'" in kind.stderr
    jobs = toolkit("--project", str(project.root), "build", "-j", "0")
    assert jobs.returncode == 2 and "expected a whole number of at least 1" in jobs.stderr
    assert not (project.root / "output").exists()
