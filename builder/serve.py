"""Live preview: build, serve `output/` on localhost, rebuild when an input changes, reload the browser.

`toolkit serve` keeps one process (and its warm worker pool) alive, so a rebuild
pays no start-up cost, and the build cache makes it render only the documents
an edit touches. Pages are served with a small script added on the way out (the
files in `output/` stay exactly what `toolkit build` makes); the script waits on
`/__toolkit__/wait` and reloads the page when a rebuild is published, or shows
the build error on the page when it failed.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from markupsafe import escape

from .errors import ToolkitError, UsageError
from .layout import Project, available_slugs

WATCHED = ("sites", "templates", "locales")
POLL_SECONDS = 0.1
WAIT_SECONDS = 25
"""How long a browser's wait for the next rebuild is held open before it asks again."""

# The page's version is filled in when the page is served; `textContent` keeps an error message inert.
RELOAD_SCRIPT = """<script>
(function () {
  var version = %(version)d, error = %(error)s;
  function show(message) {
    var box = document.getElementById("toolkit-build-error") || document.createElement("div");
    box.id = "toolkit-build-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:9999;max-height:50vh;overflow:auto;margin:0;" +
      "padding:1rem;background:#7a0010;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
    box.textContent = "toolkit: the last build failed; this page is the previous output.\\n\\n" + message;
    document.body.appendChild(box);
  }
  function wait() {
    fetch("/__toolkit__/wait?version=" + version, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version !== version && !state.error) { location.reload(); return; }
        version = state.version;
        if (state.error) { show(state.error); }
        wait();
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  if (error) { show(error); }
  wait();
})();
</script>
"""


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


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState
    slugs: list[str]

    def log_message(self, format, *args):  # the terminal shows rebuilds, not every request
        pass

    def end_headers(self):
        # A preview must never show a stale page or PDF from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/__toolkit__/wait":
            version = int(parse_qs(url.query).get("version", ["-1"])[0])
            state = self.state.wait_for_change(version, WAIT_SECONDS)
            return self._send(json.dumps({"version": state.version, "error": state.error}).encode(), "application/json")
        if url.path == "/":
            if len(self.slugs) > 1:
                return self._send(self._with_reload_script(_index_page(self.slugs)), "text/html; charset=utf-8")
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", f"/{self.slugs[0]}/")
            self.end_headers()
            return None
        path = Path(self.translate_path(url.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send(self._with_reload_script(path.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def _with_reload_script(self, page: bytes) -> bytes:
        state = self.state.snapshot()
        script = RELOAD_SCRIPT % {"version": state.version, "error": json.dumps(state.error)}
        head, marker, tail = page.rpartition(b"</body>")
        return head + script.encode() + marker + tail if marker else page + script.encode()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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

    slugs = list(slugs or available_slugs(project.sites_dir))
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

        snapshot = input_snapshot(project.root)
        rebuild()
        project.output.mkdir(parents=True, exist_ok=True)
        handler = type("Handler", (_Handler,), {"state": state, "slugs": slugs})
        try:
            server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(project.output)))
        except OSError as error:
            raise UsageError(f"cannot serve on {host}:{port}: {error.strerror}; choose another --port") from None
        server.daemon_threads = True
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
