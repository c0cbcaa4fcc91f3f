"""Where render tasks run: in this process, in local worker processes, or on a Dask cluster.

A task renders some documents of one community in one language and sends back
plain values (`DocumentOutput`, failure messages), never files: the main process
owns the cache and `output/`. Each worker process keeps one WeasyPrint font
configuration and its compiled catalogs for its whole life, so the fixed costs
are paid once per worker, not once per document.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from babel.support import NullTranslations

from .documents import render_document
from .errors import RenderError, UsageError
from .i18n import CatalogError, catalog_path, load_translations
from .jobs import DocumentOutput
from .kinds import DOCUMENT_KINDS
from .profile import LoadedProfile
from .render import Renderer

if TYPE_CHECKING:
    from .pdf import PdfRenderer


@dataclass(frozen=True)
class RenderTask:
    templates_dir: Path
    locales_dir: Path
    community: LoadedProfile
    lang: str
    documents: tuple[tuple[str, str], ...]
    """(school slug, or "" for the community's own edition; kind) of each document to render."""
    print_shop: bool = False


@dataclass
class TaskResult:
    slug: str
    lang: str
    documents: list[DocumentOutput] = field(default_factory=list)
    failures: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    """((school, kind), message) for each document that could not be made."""


class _WorkerState:
    """What a worker process keeps between tasks: WeasyPrint's font configuration and compiled catalogs."""

    def __init__(self) -> None:
        self._pdfs: PdfRenderer | None = None
        self._catalogs: dict[tuple, NullTranslations] = {}

    def pdfs(self) -> PdfRenderer:
        if self._pdfs is None:
            from .pdf import PdfRenderer  # WeasyPrint loads only where documents are rendered

            self._pdfs = PdfRenderer()
        return self._pdfs

    def translations(self, locales_dir: Path, lang: str) -> NullTranslations:
        path = catalog_path(locales_dir, lang)
        try:
            stat = path.stat()
            key: tuple = (str(path), stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (str(path), None, None)
        if key not in self._catalogs:
            self._catalogs[key] = load_translations(locales_dir, lang)
        return self._catalogs[key]


_STATE = _WorkerState()
"""One per process: a worker's warm state lives as long as the worker."""


def _start_worker(parent: int) -> None:
    """A worker process's first act: die with its parent, then load WeasyPrint while the parent plans."""
    _die_with_parent(parent)
    _STATE.pdfs()


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    # A killed build (SIGKILL, no chance to shut its pool down) must not leave its workers running:
    # Linux sends the worker SIGTERM when the parent dies. Elsewhere workers end when their queue closes.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def run_task(task: RenderTask) -> TaskResult:
    """Render the task's documents (web fragment and PDF each); failures come back as messages."""
    community = task.community
    result = TaskResult(community.slug, task.lang)
    schools = {school.slug: school for school in community.schools.schools}
    renderers: dict[str, Renderer] = {}
    for school, kind in task.documents:
        try:
            if school not in renderers:
                # The catalog was checked when the build loaded it; it fails here only if it changed since.
                translations = _STATE.translations(task.locales_dir, task.lang)
                renderers[school] = Renderer(community, task.lang, task.templates_dir, translations, None, schools.get(school))
            document = render_document(
                renderers[school], DOCUMENT_KINDS[kind], task.templates_dir, _STATE.pdfs(), task.print_shop
            )
        except RenderError as error:
            result.failures.append(((school, kind), error.message))
        except CatalogError as error:
            result.failures.append(((school, kind), str(error)))
        else:
            result.documents.append(document)
    return result


class InlineExecutor(Executor):
    """Runs each task at once in this process (`-j 1`): no start-up cost, easiest to debug."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextmanager
def executor(jobs: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """Where rendering tasks run: a Dask cluster at `scheduler`, else up to `jobs` local processes."""
    if scheduler:
        with _dask_executor(scheduler) as pool:
            yield pool
        return
    workers = jobs or default_jobs()
    if workers <= 1:
        yield InlineExecutor()
        return
    # Each worker loads WeasyPrint (about 0.8 s) as it starts, while this process is still planning.
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        yield pool


CONNECT_SECONDS = 3
"""How long a scheduler that answers nothing is given before the build gives up on it."""


@contextmanager
def _dask_executor(scheduler: str) -> Iterator[Executor]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'toolkit[dask]'") from None
    # Dask retries a refused connection until its timeout; a plain connection attempt fails at once.
    address = urlparse(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if address.scheme == "tcp":
        try:
            socket.create_connection((address.hostname or "", address.port or 8786), timeout=CONNECT_SECONDS).close()
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        client = Client(scheduler, timeout=f"{CONNECT_SECONDS * 3}s")
    except OSError as error:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
