"""How long an edit takes to show in the browser under `toolkit serve`, PDFs included.

Starts `toolkit serve oakland` on a copy of the project, opens the resource sheet in headless
Chromium (Debian's, through Playwright), then edits one resource's phone number again and again.
For each edit it measures the time from the file write until
  - the open page has reloaded itself and shows the new number (`page`), and
  - the served PDF of the resource sheet shows it (`pdf`).
Prints the median and every run. Usage: .venv/bin/python bench/serve_latency.py [--edits N]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _pdf_shows(url: str, text: str) -> bool:
    with urllib.request.urlopen(url, timeout=30) as response:
        reader = PdfReader(BytesIO(response.read()))
    return any(text in (page.extract_text() or "") for page in reader.pages)


def _version(base: str, seen: int) -> int:
    """The server's output version, once it differs from `seen` (at once for -1)."""
    with urllib.request.urlopen(f"{base}__toolkit__/wait?version={seen}", timeout=60) as response:
        return json.load(response)["version"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    options = argparse.ArgumentParser()
    options.add_argument("--edits", type=int, default=5)
    args = options.parse_args()
    work = Path(tempfile.mkdtemp(prefix="serve-latency-"))
    for name in ("sites", "templates", "locales"):
        shutil.copytree(ROOT / name, work / name)
    server = subprocess.Popen(
        [sys.executable, "-m", "builder.cli", "--project", str(work), "serve", "oakland", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    try:
        while not (found := re.search(r"at (http://\S+/)", line := server.stdout.readline())):
            assert line, "toolkit serve stopped"
        base = found.group(1)
        profile = work / "sites" / "oakland" / "profile.yaml"
        page_times, pdf_times = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + "oakland/resource-sheet.html")
            old = "211"
            for edit in range(1, args.edits + 1):
                new = f"(510) 555-01{80 + edit}"
                version = _version(base, -1)
                started = time.perf_counter()
                profile.write_text(profile.read_text().replace(f'phone: "{old}"', f'phone: "{new}"', 1))
                page.wait_for_function(f"() => document.body && document.body.innerText.includes({new!r})", timeout=60_000)
                page_times.append(time.perf_counter() - started)
                while not _pdf_shows(base + "oakland/pdf/oakland-resource-sheet-en.pdf", new):
                    time.sleep(0.05)
                pdf_times.append(time.perf_counter() - started)
                # Serve publishes twice: every document but the booklets, then the booklets.
                while _version(base, version + 1) < version + 2:
                    pass
                old = new
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"edit to reloaded page: median {statistics.median(page_times):.2f} s; runs {', '.join(f'{t:.2f}' for t in page_times)}"
    )
    print(f"edit to PDF served:    median {statistics.median(pdf_times):.2f} s; runs {', '.join(f'{t:.2f}' for t in pdf_times)}")


if __name__ == "__main__":
    main()
