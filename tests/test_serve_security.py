"""`toolkit serve` with an untrusted profile and hostile requests.

One preview of one community in one language serves the whole module: its first build succeeds,
then its profile is broken with markup in its colours, so it shows the previous output and an error
that quotes the fork's text. That text must reach the page as data (JSON, shown as text), never as
markup or script; and no request, however malformed, gets a traceback, a 5xx, a dropped connection,
a folder listing, the build's private folders or anything outside `output/`.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import ROOT, copy_project
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.layout import Project

SCRIPT = "</script><script>document.title='pwned'</script>"
MARKUP = "<img src=x onerror=alert(1)>"
SECRET = "not for the preview"


@dataclass
class Preview:
    project: Project
    base: str
    process: subprocess.Popen
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    @property
    def address(self) -> tuple[str, int]:
        url = urlsplit(self.base)
        assert url.hostname and url.port
        return url.hostname, url.port

    def errors(self) -> str:
        return "".join(self.stderr)


def _read_lines(stream, into: list[str]) -> None:
    for line in stream:
        into.append(line)


def _request(preview: Preview, target: bytes, method: bytes = b"GET") -> tuple[int, dict[str, str], bytes]:
    """Send exactly `target` (no client-side checks or normalizing) and return the status, headers and body."""
    with socket.create_connection(preview.address, timeout=30) as connection:
        connection.sendall(method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    found = re.fullmatch(r"HTTP/1\.[01] (\d{3}) .*", lines[0])
    assert found, f"no answer to {method!r} {target[:200]!r}: {response[:200]!r}"  # the connection was dropped
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(found.group(1)), headers, body


def _json(preview: Preview, target: str) -> dict:
    status, headers, body = _request(preview, target.encode())
    assert status == 200 and headers["content-type"] == "application/json", (status, body)
    return json.loads(body)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve-security"))
    profile = project.sites_dir / "connecticut" / "profile.yaml"
    profile.write_text(re.sub(r"^languages: .*$", "languages: [en]", profile.read_text(), count=1, flags=re.MULTILINE))
    process = subprocess.Popen(
        [sys.executable, "-m", "builder.cli", "--project", str(project.root), "serve", "connecticut", "--port", "0", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    stdout: list[str] = []
    stderr: list[str] = []
    threading.Thread(target=_read_lines, args=(process.stderr, stderr), daemon=True).start()
    try:
        while True:
            line = process.stdout.readline()
            assert line, "toolkit serve stopped:\n" + "".join(stdout) + "".join(stderr)
            stdout.append(line)
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                break
        threading.Thread(target=_read_lines, args=(process.stdout, stdout), daemon=True).start()
        preview = Preview(project, found.group(1), process, stdout, stderr)
        version = _json(preview, "/__toolkit__/wait?version=-1")["version"]

        # The fork's edit: the build fails, quoting both values, and the preview keeps the previous output.
        text = profile.read_text()
        text = text.replace('primary: "#00355F"', f'primary: "{SCRIPT}"').replace('accent: "#C8102E"', f'accent: "{MARKUP}"')
        profile.write_text(text)
        state = _json(preview, f"/__toolkit__/wait?version={version}")
        assert state["version"] == version + 1 and state["error"], state

        # What a server must never hand out: the build's private folders, and a link that leads out of output/.
        (project.output / ".staging" / "connecticut").mkdir(parents=True, exist_ok=True)
        (project.output / ".staging" / "connecticut" / "index.html").write_text(SECRET)
        outside = project.root / "secret.txt"
        outside.write_text(SECRET)
        (project.output / "connecticut" / "outside.txt").symlink_to(outside)
        (project.output / "connecticut" / "elsewhere").symlink_to(project.root, target_is_directory=True)
        yield preview
    finally:
        process.terminate()
        # SIGTERM stops it cleanly, and nothing the tests sent left a traceback behind.
        assert process.wait(timeout=60) == 0, "".join(stdout) + "".join(stderr)
        assert "Traceback" not in "".join(stderr), "".join(stderr)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True
        self.inline.extend(f"{tag} {name}" for name, _ in attrs if name.lower().startswith("on"))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(f"script text {data.strip()[:80]!r}")


def test_a_forks_profile_error_reaches_the_page_as_data_never_as_script(preview):
    status, headers, page = _request(preview, b"/connecticut/resource-sheet.html")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    html = page.decode()
    assert "(860) 555-0140" in html  # the previous output
    parsed = _Scripts()
    parsed.feed(html)
    assert parsed.inline == []  # no inline script and no event handler attribute: the page needs no 'unsafe-inline'
    assert all(script.get("src") for script in parsed.scripts), parsed.scripts
    reload = [script for script in parsed.scripts if script["src"] == "/__toolkit__/reload.js"]
    assert len(reload) == 1
    assert reload[0]["data-version"] == str(_json(preview, "/__toolkit__/state")["version"])
    assert SCRIPT not in html and "pwned" not in html and MARKUP not in html
    # The published file is what `toolkit build` wrote; the tags are added on the way out.
    assert b"__toolkit__" not in (preview.project.output / "connecticut" / "resource-sheet.html").read_bytes()

    status, headers, script = _request(preview, b"/__toolkit__/reload.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert b"textContent" in script
    assert not re.search(rb"innerHTML|outerHTML|insertAdjacentHTML|document\.write|cssText|setAttribute\(\"style|eval\(", script)
    status, headers, style = _request(preview, b"/__toolkit__/reload.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and b"#toolkit-build-error" in style

    state = _json(preview, "/__toolkit__/state")
    assert SCRIPT in state["error"] and MARKUP in state["error"] and "brand.primary" in state["error"]
    waited = _json(preview, "/__toolkit__/wait?version=-1")  # answered at once: the page's version is never -1
    assert waited == state


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (b"/__toolkit__/wait?version=abc", 400),
        (b"/__toolkit__/wait?version=", 400),
        (b"/__toolkit__/wait?version=1&version=2", 400),
        (b"/__toolkit__/wait?version=" + b"9" * 5000, 400),
        (b"/__toolkit__/wait?version=%00", 400),
        (b"/__toolkit__/", 404),
        (b"/__toolkit__/reload.js/..", 404),
        (b"/%00", 400),
        (b"/\x00", 400),
        (b"/connecticut/index.html%00.pdf", 400),
        (b"/%ff", 400),
        (b"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", 400),
        (b"/..%2f..%2fetc/passwd", 404),
        (b"/%2e%2e/%2e%2e/etc/passwd", 404),
        (b"/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", 404),
        (b"/../../etc/passwd", 404),
        (b"/connecticut/../../../etc/passwd", 404),
        (b"/connecticut%2f..%2f..%2f..%2fetc%2fpasswd", 404),
        (b"/..\\..\\etc\\passwd", 404),
        (b"//etc/passwd", 404),
        (b"/connecticut/outside.txt", 404),
        (b"/connecticut/elsewhere/secret.txt", 404),
        (b"/.cache/", 404),
        (b"/.cache", 404),
        (b"/.cache/build.json", 404),
        (b"/%2ecache/build.json", 404),
        (b"/connecticut/.%2e/.cache/build.json", 404),
        (b"/.staging/", 404),
        (b"/.staging/connecticut/", 404),
        (b"/.staging/connecticut/index.html", 404),
        (b"/connecticut/pdf/", 404),
        (b"/connecticut/pdf", 404),
        (b"/connecticut/css/", 404),
        (b"/connecticut/nothing.html", 404),
        (b"/" + b"a" * 60000, 404),
        (b"/a" * 30000, 404),
        (b"*", 400),
        (b"http://example.com/connecticut/", 400),
    ],
    ids=lambda value: value[:40].decode("latin-1") if isinstance(value, bytes) else str(value),
)
def test_a_bad_request_gets_a_short_4xx_and_the_server_carries_on(preview, target, status):
    before = len(preview.stderr)
    answer, headers, body = _request(preview, target)
    assert answer == status, body[:300]
    assert headers["content-type"] == "text/plain; charset=utf-8" and len(body) < 200
    assert SECRET.encode() not in body and b"root:" not in body
    assert _request(preview, b"/connecticut/")[0] == 200  # and the next request is answered
    time.sleep(0.05)
    assert "".join(preview.stderr[before:]) == ""


def test_a_request_line_too_long_is_refused_by_the_standard_server(preview):
    before = len(preview.stderr)
    try:
        status = _request(preview, b"/" + b"a" * 70000)[0]
    except ConnectionResetError:  # it answers 414 and closes before reading the rest: the answer may be lost
        status = 414
    assert status == 414
    assert _request(preview, b"/connecticut/")[0] == 200
    time.sleep(0.05)
    assert "".join(preview.stderr[before:]) == ""


def test_good_requests_still_work(preview):
    status, headers, _ = _request(preview, b"/")
    assert status == 302 and headers["location"] == "/connecticut/"
    status, headers, _ = _request(preview, b"/connecticut")
    assert status == 302 and headers["location"] == "/connecticut/"
    status, headers, body = _request(preview, b"/connecticut/?utm=1")
    assert status == 200 and b"/__toolkit__/reload.js" in body
    status, headers, body = _request(preview, b"/connecticut/%69ndex.html")
    assert status == 200 and b"/__toolkit__/reload.js" in body
    status, headers, body = _request(preview, b"/connecticut/pdf/connecticut-resource-sheet-en.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF")
    assert int(headers["content-length"]) == len(body)
    status, headers, body = _request(preview, b"/connecticut/", method=b"HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    version = _json(preview, "/__toolkit__/state")["version"]
    started = time.monotonic()
    status, _, body = _request(preview, f"/__toolkit__/wait?version={version}".encode(), method=b"HEAD")
    assert status == 200 and body == b"" and time.monotonic() - started < 5  # a HEAD is not held open


_PIECES = st.sampled_from(
    [
        "",
        ".",
        "..",
        ".cache",
        ".staging",
        "connecticut",
        "pdf",
        "css",
        "index.html",
        "resource-sheet.html",
        "outside.txt",
        "elsewhere",
        "__toolkit__",
        "wait",
        "state",
        "reload.js",
        "%00",
        "\x00",
        "%2e%2e",
        "%2E",
        "%2f",
        "%5c",
        "\\..",
        "%ff",
        "%",
        "%z",
        "%c0%ae",
        "?",
        "#",
        "%3f",
        ";",
        "~",
    ]
)
_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=20)
_SEGMENT = st.one_of(_PIECES, _TEXT, _TEXT.map(lambda text: quote(text, safe="")))
_PATH = st.lists(_SEGMENT, max_size=6).map(lambda parts: "/" + "/".join(parts))
_VALUE = st.one_of(_TEXT, st.integers().map(str), _PIECES)
_QUERY = st.one_of(
    st.just(""),
    _TEXT.map(lambda text: "?" + text),
    st.lists(st.tuples(st.sampled_from(["version", "v", ""]), _VALUE), max_size=3).map(
        lambda pairs: "?" + "&".join(f"{name}={value}" for name, value in pairs)
    ),
)


def _held_open(target: str, version: int) -> bool:
    """Whether the server would hold this GET open (a valid wait for the version it has): skipped, not slow."""
    path, _, query = target.partition("?")
    if path.partition("#")[0] != "/__toolkit__/wait":
        return False
    values = parse_qs(query, keep_blank_values=True).get("version", ["-1"])
    return len(values) == 1 and bool(re.fullmatch(r"-?[0-9]{1,18}", values[0])) and int(values[0]) == version


def test_generated_requests_never_get_a_5xx_or_a_traceback(preview):
    version = _json(preview, "/__toolkit__/state")["version"]
    before = len(preview.stderr)

    @settings(max_examples=200, deadline=None)
    @given(method=st.sampled_from([b"GET", b"HEAD"]), path=_PATH, query=_QUERY)
    def answered(method, path, query):
        target = (path + query).encode()
        if method == b"GET" and _held_open(target.decode("latin-1"), version):
            return
        status, _, body = _request(preview, target, method)
        assert status < 500, (status, body[:300])
        assert SECRET.encode() not in body

    answered()
    assert _request(preview, b"/connecticut/")[0] == 200
    time.sleep(0.05)
    assert "".join(preview.stderr[before:]) == ""


@pytest.mark.browser
def test_in_chromium_the_error_shows_as_text_and_no_script_of_the_forks_runs(preview):
    if os.environ.get("TOOLKIT_SKIP_BROWSER") == "1":
        pytest.skip("TOOLKIT_SKIP_BROWSER=1")
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium package"
    # First with no policy at all (the overlay alone must keep the text inert, whatever the theme's <meta> says),
    # then with a strict one (the preview's own script and stylesheet must work under it).
    policies = (None, "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for policy in policies:
                context = browser.new_context()
                _check_the_error_overlay(context.new_page(), preview, policy)
                context.close()
        finally:
            browser.close()


def _check_the_error_overlay(page, preview: Preview, policy: str | None) -> None:
    def with_policy(route):  # the page with `policy` as its only one (or with none: no header, no <meta>)
        response = route.fetch()
        body = re.sub(rb"<meta[^>]*Content-Security-Policy[^>]*>", b"", response.body(), flags=re.IGNORECASE)
        headers = {
            name: value for name, value in response.headers.items() if name not in ("content-security-policy", "content-length")
        }
        if policy:
            headers["content-security-policy"] = policy
        route.fulfill(response=response, body=body, headers=headers)

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation', function (e) {"
        "  window.violations.push([e.violatedDirective, e.blockedURI, e.sourceFile].join(' '));"
        "});"
    )
    page.route("**/*.html", with_policy)
    page.goto(preview.base + "connecticut/resource-sheet.html")
    assert page.title() != "pwned" and dialogs == []
    page.evaluate("window.notReloaded = true")
    box = page.wait_for_selector("#toolkit-build-error", timeout=10_000)
    assert box is not None
    text = box.text_content() or ""
    assert "the last build failed" in text and SCRIPT in text and MARKUP in text  # literally, as text
    assert page.evaluate("document.getElementById('toolkit-build-error').children.length") == 0
    assert page.evaluate("getComputedStyle(document.getElementById('toolkit-build-error')).position") == "fixed"
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    page.wait_for_timeout(1000)
    assert page.title() != "pwned" and "(860) 555-0140" in page.inner_text("body")
    assert page.evaluate("window.notReloaded") is True  # the error is shown; the page does not reload in a loop
    assert dialogs == []
    violations = page.evaluate("window.violations")
    if policy:  # the policy is in force: the theme's inline <style> (not the preview's) is refused
        assert page.evaluate("document.querySelectorAll('style').length") == 0 or violations, violations
    ours = [violation for violation in violations if "__toolkit__" in violation]
    assert ours == []  # the preview's script and stylesheet need nothing the policy forbids
