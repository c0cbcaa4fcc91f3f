"""Every built web page is valid HTML, as the Nu Html Checker (the W3C's validator) reads it.

vnu runs once over every page of every community in every language of the shared build (one Java start,
about 5 s). It comes from npm's `vnu-jar` package and runs on Debian's Java; `make test` installs both
(TOOLKIT_VNU names another vnu.jar). A missing checker fails this test; set TOOLKIT_SKIP_VNU=1 to skip it
on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import COMMUNITIES, ROOT

VNU = Path(os.environ.get("TOOLKIT_VNU", ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    if os.environ.get("TOOLKIT_SKIP_VNU") == "1":
        pytest.skip("TOOLKIT_SKIP_VNU=1")
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail(
            f"the Nu Html Checker needs Java and {VNU}: `make test-deps` installs both (as root), "
            "or set TOOLKIT_SKIP_VNU=1 to skip this test"
        )
    return [java, "-Xss16m", "-jar", str(VNU)]


def test_every_page_is_valid_html(built, vnu):
    pages = sorted(path for slug in COMMUNITIES for path in (built.output / slug).rglob("*.html"))
    assert len(pages) > 100
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, pages)], capture_output=True, text=True, timeout=300
    )
    # vnu writes its report to stderr, and exits 1 when it found an error.
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{_page(m.get('url', ''), built.output)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} error(s) in {len(pages)} pages:\n" + "\n".join(errors[:40])
    assert result.returncode == 0, result.stderr[-2000:]


def _page(url: str, output: Path) -> str:
    """A page as a path below the output folder, from vnu's file: URL."""
    path = Path(unquote(urlsplit(url).path))
    return path.relative_to(output.resolve()).as_posix() if path.is_relative_to(output.resolve()) else url
