"""Live preview: build, serve `output/` on localhost, rebuild when an input changes, reload the browser.

`toolkit serve` keeps one process (and its warm worker pool) alive, so a rebuild
pays no start-up cost, and the build cache makes it render only the documents
an edit touches. Each page is served with two tags added before `</body>` on the
way out (the files in `output/` stay exactly what `toolkit build` makes): a
stylesheet and a script, both from the server's own `/__toolkit__/` URLs, so
the page needs no inline script or style and works under a Content-Security-Policy
of `script-src 'self'; style-src 'self'`. The script waits on `/__toolkit__/wait`
and reloads the page when a rebuild is published, or, when the build failed,
shows its error (fetched as JSON, inserted as text only) over the previous output.

Profiles are untrusted (a fork's profile is built and previewed as it comes),
so nothing a build reports is ever pasted into markup, and the server answers
only what a published site holds: no folder listings, nothing under a path
segment that starts with "." (the build's `.cache/` and `.staging/`), nothing
outside `output/`; a malformed request gets a short 4xx answer, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

from markupsafe import escape

from .errors import ToolkitError, UsageError
from .layout import Project, available_slugs

WATCHED = ("sites", "templates", "locales")
POLL_SECONDS = 0.1
WAIT_SECONDS = 25
"""How long a browser's wait for the next rebuild is held open before it asks again."""

TOOLKIT = "/__toolkit__/"
"""The server's own URLs (never a published file: mkdocs output has no such folder)."""

RELOAD_TAGS = (
    '<link rel="stylesheet" href="/__toolkit__/reload.css">'
    '<script src="/__toolkit__/reload.js" data-version="%d" data-wait="/__toolkit__/wait" defer></script>\n'
)
"""Added before a served page's `</body>`: the version it shows is the only value in it (an integer)."""

# No `innerHTML`, no `style` attribute or `cssText`: the message is text, the look is /__toolkit__/reload.css.
RELOAD_SCRIPT = """\
/* toolkit serve: reload the page when a rebuild is published; show the build error when it failed. */
(function () {
  "use strict";
  var script = document.currentScript;
  var version = Number(script && script.dataset.version);
  var waitUrl = (script && script.dataset.wait) || "/__toolkit__/wait";
  var known = Number.isInteger(version);
  function show(message) {
    var box = document.getElementById("toolkit-build-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "toolkit-build-error";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = "toolkit: the last build failed; this page is the previous output.\\n\\n" + String(message);
  }
  function ask(url) {
    return fetch(url, {cache: "no-store"}).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " from " + url); }
      return response.json();
    });
  }
  /* true: keep waiting; false: the page is reloading. */
  function apply(state) {
    if (known && state.version !== version && !state.error) { location.reload(); return false; }
    version = state.version;
    known = true;
    if (state.error) { show(state.error); }
    return true;
  }
  function wait() {
    ask(waitUrl + "?version=" + encodeURIComponent(version))
      .then(function (state) { if (apply(state)) { wait(); } })
      .catch(function () { setTimeout(start, 1000); });
  }
  function start() {
    ask("/__toolkit__/state")
      .then(function (state) { if (apply(state)) { wait(); } })
      .catch(function () { setTimeout(start, 1000); });
  }
  start();
})();
"""

RELOAD_STYLE = """\
/* toolkit serve: the build error shown over the previous output. */
#toolkit-build-error {
  position: fixed; inset: auto 0 0 0; z-index: 2147483647; box-sizing: border-box;
  max-height: 50vh; overflow: auto; margin: 0; padding: 1rem;
  background: #7a0010; color: #fff; font: 14px/1.4 monospace; white-space: pre-wrap; text-align: start;
}
"""

_HTML = "text/html; charset=utf-8"
_NOT_FOUND = "not found"
_VERSION = re.compile(r"-?[0-9]{1,18}")
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass
class _State:
    version: int = 0
    error: str | None = None


class PreviewState:
    """The published output's version and the last build error, shared with the request threads."""

    def __init__(self):
        self._state = _State()
        self._changed = threading.Condition()

    def snapshot(self) -> _State:
        with self._changed:
            return _State(self._state.version, self._state.error)

    def published(self, error: str | None) -> None:
        with self._changed:
            self._state = _State(self._state.version + 1, error)
            self._changed.notify_all()

    def wait_for_change(self, version: int, timeout: float) -> _State:
        with self._changed:
            self._changed.wait_for(lambda: self._state.version != version, timeout)
            return _State(self._state.version, self._state.error)


class _Refused(Exception):
    """A request answered with an error status and a short reason (never a traceback)."""

    def __init__(self, status: HTTPStatus, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState
    slugs: list[str]
    root: Path
    """`output/`, resolved: every file served is inside it."""

    def log_message(self, format, *args):  # the terminal shows rebuilds, not every request
        pass

    def end_headers(self):
        # A preview must never show a stale page or PDF from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        try:
            self._route(send_body)
        except _Refused as refused:
            message = f"{refused.status.value} {refused.status.phrase}: {refused.reason}\n".encode()
            self._send(message, "text/plain; charset=utf-8", send_body, refused.status)

    def _route(self, send_body: bool) -> None:
        target, _, query = self.path.partition("?")
        target = target.partition("#")[0]
        if not target.startswith("/"):
            raise _Refused(HTTPStatus.BAD_REQUEST, "a request's path starts with /")
        if target.startswith(TOOLKIT):
            return self._toolkit(target.removeprefix(TOOLKIT), query, send_body)
        parts = _segments(target)
        if not parts:
            if len(self.slugs) > 1:
                return self._send(_with_reload_tags(_index_page(self.slugs), self.state), _HTML, send_body)
            return self._redirect(f"/{quote(self.slugs[0], safe='')}/")
        path, is_folder = self._find(parts)
        if is_folder:
            if not target.endswith("/"):  # as any web server: relative links in the index page need the slash
                return self._redirect("/" + "/".join(quote(part, safe="") for part in parts) + "/")
            path = path / "index.html"
        if path.suffix == ".html":
            try:
                page = path.read_bytes()
            except OSError:  # replaced or removed by a rebuild since it was found
                raise _Refused(HTTPStatus.NOT_FOUND, _NOT_FOUND) from None
            return self._send(_with_reload_tags(page, self.state), _HTML, send_body)
        return self._send_file(path, send_body)

    def _find(self, parts: list[str]) -> tuple[Path, bool]:
        """The file, or the folder with an index.html (True), at `parts` inside `output/`; otherwise a 404."""
        try:
            path = self.root.joinpath(*parts).resolve(strict=True)
            inside = path.relative_to(self.root)  # ValueError: a link that leads out of `output/`
            is_file, is_folder = path.is_file(), path.is_dir()
            has_index = is_folder and (path / "index.html").is_file()
        except (OSError, RuntimeError, ValueError):  # missing, a loop of links, a name too long
            raise _Refused(HTTPStatus.NOT_FOUND, _NOT_FOUND) from None
        if any(part.startswith(".") for part in inside.parts) or not (is_file or is_folder):
            raise _Refused(HTTPStatus.NOT_FOUND, _NOT_FOUND)
        if is_folder and not has_index:
            raise _Refused(HTTPStatus.NOT_FOUND, "a folder without index.html (the preview lists no folders)")
        return path, is_folder

    def _toolkit(self, name: str, query: str, send_body: bool) -> None:
        if name == "reload.js":
            return self._send(RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8", send_body)
        if name == "reload.css":
            return self._send(RELOAD_STYLE.encode(), "text/css; charset=utf-8", send_body)
        if name == "state":
            return self._send_state(self.state.snapshot(), send_body)
        if name == "wait":
            version = _requested_version(query)
            # A HEAD request is answered at once: it has no body to carry the next version.
            state = self.state.wait_for_change(version, WAIT_SECONDS) if send_body else self.state.snapshot()
            return self._send_state(state, send_body)
        raise _Refused(HTTPStatus.NOT_FOUND, _NOT_FOUND)

    def _send_state(self, state: _State, send_body: bool) -> None:
        body = json.dumps({"version": state.version, "error": state.error}).encode()
        self._send(body, "application/json", send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)  # not 301: a browser would remember it after the preview stops
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, content_type: str, send_body: bool, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_file(self, path: Path, send_body: bool) -> None:
        try:
            file = path.open("rb")
        except OSError:
            raise _Refused(HTTPStatus.NOT_FOUND, _NOT_FOUND) from None
        with file:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Length", str(os.fstat(file.fileno()).st_size))
            self.end_headers()
            if send_body:
                self.copyfile(file, self.wfile)


def _segments(path: str) -> list[str]:
    """The decoded, non-empty segments of a request's path; a 400 for a NUL or invalid UTF-8, a 404 for
    a segment that starts with "." (`..`, and the build's private `.cache/` and `.staging/`)."""
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise _Refused(HTTPStatus.BAD_REQUEST, "the path is not UTF-8 once decoded") from None
    if "\x00" in decoded:
        raise _Refused(HTTPStatus.BAD_REQUEST, "the path holds a NUL character")
    parts = [part for part in decoded.split("/") if part]
    if any(part.startswith(".") or "\\" in part for part in parts):
        raise _Refused(HTTPStatus.NOT_FOUND, _NOT_FOUND)
    return parts


def _requested_version(query: str) -> int:
    """`version` in /__toolkit__/wait?version=N: the version the page shows (-1, or none: answer at once)."""
    values = parse_qs(query, keep_blank_values=True).get("version", ["-1"])
    if len(values) != 1 or not _VERSION.fullmatch(values[0]):
        raise _Refused(HTTPStatus.BAD_REQUEST, "version is a whole number, as in /__toolkit__/wait?version=3")
    return int(values[0])


def _with_reload_tags(page: bytes, state: PreviewState) -> bytes:
    """`page` with the preview's stylesheet and script before its last `</body>` (or at its end)."""
    tags = (RELOAD_TAGS % state.snapshot().version).encode()
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + tags
    at = ends[-1].start()
    return page[:at] + tags + page[at:]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that leaves (a reload while its wait is held open) is no error worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


def input_snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file a build reads (a few hundred files: polling is cheap)."""
    found = {}
    for name in WATCHED:
        for folder, _, files in os.walk(root / name):
            for file in files:
                if not file.startswith("."):  # editors' swap and lock files
                    path = os.path.join(folder, file)
                    try:
                        stat = os.stat(path)
                    except OSError:
                        continue  # removed while we looked
                    found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def _index_page(slugs: list[str]) -> bytes:
    links = "".join(f'<li><a href="/{escape(slug)}/">{escape(slug)}</a></li>' for slug in slugs)
    return f'<!DOCTYPE html><html lang="en"><title>toolkit preview</title><main><h1>Communities</h1><ul>{links}</ul></main></body></html>'.encode()


def serve(
    project: Project,
    slugs: list[str] | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    jobs: int | None = None,
    report: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Build `slugs` (all by default), serve `project.output` at http://host:port/, and rebuild on every
    change under sites/, templates/ or locales/ until `stop` is set (or the process is interrupted)."""
    from .kinds import DOCUMENT_KINDS
    from .pipeline import build
    from .workers import executor

    quick_kinds = [name for name, kind in DOCUMENT_KINDS.items() if not kind.parts]

    known = available_slugs(project.sites_dir)
    slugs = list(slugs or known)
    unknown = [slug for slug in slugs if slug not in known]
    if unknown or not slugs:
        names = ", ".join(map(repr, unknown))
        raise UsageError(
            f"no community named {names} in {project.sites_dir}; known: {', '.join(known) or '(none)'}"
            if unknown
            else f"no community has a profile in {project.sites_dir}"
        )
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM) stops as Ctrl+C does: the worker processes are shut down, not left behind.
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    state = PreviewState()
    with executor(jobs) as pool:

        def rebuild(kinds: list[str] | None = None) -> bool:
            started = time.perf_counter()
            try:
                result = build(project, slugs, pool=pool, kinds=kinds)
            except ToolkitError as error:
                report(f"build failed:\n{error}")
                state.published(str(error))
                return False
            for warning in dict.fromkeys(result.warnings):
                report(f"warning: {warning}")
            what = "all documents" if kinds is None else "all but " + ", ".join(sorted(set(DOCUMENT_KINDS) - set(kinds)))
            report(
                f"built {what} in {time.perf_counter() - started:.2f} s: {len(result.rendered)} rendered, {result.reused} from the cache"
            )
            state.published(None)
            return True

        # The port first: a port in use is said at once, not after the first build.
        project.output.mkdir(parents=True, exist_ok=True)
        handler = type("Handler", (_Handler,), {"state": state, "slugs": slugs, "root": project.output.resolve()})
        try:
            server = _Server((host, port), handler)
        except OSError as error:
            raise UsageError(f"cannot serve on {host}:{port}: {error.strerror}; choose another --port") from None
        snapshot = input_snapshot(project.root)
        rebuild()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        report(f"serving {', '.join(slugs)} at http://{host}:{server.server_address[1]}/ (Ctrl+C stops)")
        try:
            while not stop.wait(POLL_SECONDS):
                current = input_snapshot(project.root)
                if current != snapshot:
                    snapshot = current
                    # Documents first, so the edit shows at once; then the booklet, which lays every document
                    # out again (0.7 s a language) and would hold the first reload back.
                    if rebuild(quick_kinds):
                        rebuild()
        finally:
            server.shutdown()
            server.server_close()
