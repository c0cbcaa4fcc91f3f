"""`toolkit serve`: a real server on a free port that answers, and shows an edit after rebuilding."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from io import BytesIO

import pytest
from conftest import copy_built, set_languages
from pypdf import PdfReader

from builder.pipeline import Project, build


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture(scope="module")
def english_connecticut(built, tmp_path_factory) -> Project:
    """The shared build, cache included, with Connecticut cut down to the one language these tests read
    and built again that way: each server starts with nothing to do, and an edit renders five documents."""
    project = copy_built(built, tmp_path_factory.mktemp("serve") / "project")
    set_languages(project, "connecticut", ["en"])
    build(project, ["connecticut"], jobs=1)
    return project


@pytest.fixture
def server(english_connecticut, tmp_path):
    project = copy_built(english_connecticut, tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "builder.cli", "--project", str(project.root), "serve", "connecticut", "--port", "0", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        while True:
            line = process.stdout.readline()
            assert line, "toolkit serve stopped:\n" + "".join(lines)
            lines.append(line)
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                break
        yield project, found.group(1), process, lines
    finally:
        process.terminate()
        # SIGTERM stops it as Ctrl+C does: it shuts its worker processes down and exits cleanly.
        assert process.wait(timeout=60) == 0, "".join(lines) + process.stdout.read()


def test_serve_answers_and_shows_an_edit_in_page_and_pdf(server):
    project, base, process, lines = server
    page = _get(base + "connecticut/resource-sheet.html").decode()
    assert "(860) 555-0140" in page and "/__toolkit__/wait" in page  # the live-reload script is added on the way out
    assert b"__toolkit__" not in (project.output / "connecticut" / "resource-sheet.html").read_bytes()
    assert b"<title>" in _get(base) and b"resource-sheet.html" in _get(base)  # / leads to the one community served

    profile = project.sites_dir / "connecticut" / "profile.yaml"
    profile.write_text(profile.read_text().replace("(860) 555-0140", "(860) 555-0149"))
    _wait_for(lambda: "(860) 555-0149" in _get(base + "connecticut/resource-sheet.html").decode(), 120, "the edited page")
    pdf = PdfReader(BytesIO(_get(base + "connecticut/pdf/connecticut-resource-sheet-en.pdf")))
    assert "(860) 555-0149" in " ".join(page.extract_text() for page in pdf.pages)


def test_a_broken_edit_keeps_the_last_output_and_reports_the_error_to_the_page(server):
    project, base, process, lines = server
    state = _get(base + "__toolkit__/wait?version=-1")
    profile = project.sites_dir / "connecticut" / "profile.yaml"
    profile.write_text(profile.read_text().replace("slogan:", "slogen:", 1))
    version = json.loads(state)["version"]
    changed = json.loads(_get(base + f"__toolkit__/wait?version={version}"))
    assert changed["version"] == version + 1
    assert "campaign.slogen: unknown key 'slogen'; did you mean 'slogan'?" in changed["error"]
    assert "(860) 555-0140" in _get(base + "connecticut/resource-sheet.html").decode()


@pytest.mark.browser
def test_the_open_page_reloads_itself_with_the_edit(server):
    """In a real browser: the page served by `toolkit serve` shows an edit without being reloaded by hand."""
    import os
    from pathlib import Path

    if os.environ.get("TOOLKIT_SKIP_BROWSER") == "1":
        pytest.skip("TOOLKIT_SKIP_BROWSER=1")
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium package"
    project, base, process, lines = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "connecticut/resource-sheet.html")
            page.evaluate("window.notReloaded = true")
            profile = project.sites_dir / "connecticut" / "profile.yaml"
            profile.write_text(profile.read_text().replace("(860) 555-0140", "(860) 555-0148"))
            page.wait_for_function("() => document.body && document.body.innerText.includes('(860) 555-0148')", timeout=120_000)
            assert page.evaluate("window.notReloaded === undefined")  # a new page, loaded by the page's own script
        finally:
            browser.close()
