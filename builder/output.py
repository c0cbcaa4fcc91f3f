"""The single write path into `output/`: staging folders, the manifest, atomic publication.

A community is built in a staging folder beside its destination and swapped in
only when everything succeeded, so a failed build leaves the previous output
untouched.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .kinds import DOCUMENT_KINDS

MANIFEST = "manifest.json"
STAGING = ".staging"


@dataclass(frozen=True)
class Artifact:
    """One published file: what it is, for which language, and where it lives in the site."""

    kind: str
    lang: str
    format: str  # "html", "pdf", "png", "txt" (robots), "xml" (sitemap), "ics" or "csv" (the campaign calendar)
    path: str  # relative to output/<slug>
    pages: int | None = None
    alt: str | None = None
    """For an image: the text that describes it (a share card's post)."""
    school: str | None = None
    """For a school's own edition: the school's slug."""
    page: str | None = None
    """For a coordinator's own page (`kind: page`): the page's name."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def manifest(slug: str, site_dir: Path, artifacts: list[Artifact]) -> dict:
    """The manifest of a built site, with sizes and hashes read from the files themselves."""
    entries = []
    for artifact in artifacts:
        data = (site_dir / artifact.path).read_bytes()
        entry = {
            "kind": artifact.kind,
            "lang": artifact.lang,
            "format": artifact.format,
            "path": artifact.path,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if artifact.format == "pdf":
            entry["pages"] = artifact.pages
        if artifact.alt is not None:
            entry["alt"] = artifact.alt
        if artifact.school is not None:
            entry["school"] = artifact.school
        if artifact.page is not None:
            entry["page"] = artifact.page
        document = DOCUMENT_KINDS.get(artifact.kind)
        if document is not None:
            if document.variant:  # `handout-secondary` is the handout's version `secondary`
                entry["kind"], entry["variant"] = document.family, document.variant
            entry["audience"] = document.audiences[0]
        entries.append(entry)
    return {"community": slug, "artifacts": entries}


def write_manifest(slug: str, site_dir: Path, artifacts: list[Artifact]) -> Path:
    path = site_dir / MANIFEST
    data = json.dumps(manifest(slug, site_dir, artifacts), indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, data.encode("utf-8"))
    return path


LOCK = ".lock"
STALE_SECONDS = 60
"""A staging folder with no lock this old was left by a build killed as it was starting."""


@contextmanager
def staging_area(output_dir: Path, slug: str) -> Iterator[Path]:
    """A private folder on the same file system as `output/<slug>`, removed afterwards whatever happens.

    The build holds a lock on it while it works, so that a later build can tell a folder in use from
    one a killed build left behind (`remove_stale_staging`)."""
    root = output_dir / STAGING
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=root, prefix=f"{slug}-"))
    lock = os.open(work / LOCK, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(lock)
        try:
            root.rmdir()
        except OSError:
            pass  # another community's build is still using it


def remove_stale_staging(output_dir: Path) -> list[Path]:
    """Remove the staging folders no running build holds (left by a build that was killed); returns them."""
    root = output_dir / STAGING
    removed = []
    for work in sorted(root.iterdir()) if root.is_dir() else ():
        if work.is_dir() and not _in_use(work):
            shutil.rmtree(work, ignore_errors=True)
            removed.append(work)
    return removed


def _in_use(work: Path) -> bool:
    try:
        lock = os.open(work / LOCK, os.O_WRONLY)
    except FileNotFoundError:  # made, but not locked yet: only a build starting this very moment
        return time.time() - work.stat().st_mtime < STALE_SECONDS
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(lock)
    return False


def publish(site_dir: Path, destination: Path) -> None:
    """Put the finished `site_dir` in place of `destination` in one step, never a partial copy: the two
    folders are exchanged atomically (Linux's renameat2 with RENAME_EXCHANGE), so there is no moment
    without `destination`; then the old one is removed. Where the system cannot exchange, two renames."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not destination.exists():
        os.replace(site_dir, destination)
        return
    if _exchange(site_dir, destination):
        shutil.rmtree(site_dir, ignore_errors=True)  # now the previous output
        return
    retired = site_dir.parent / "retired"
    os.replace(destination, retired)
    try:
        os.replace(site_dir, destination)
    except OSError:
        os.replace(retired, destination)  # put the previous output back before reporting
        raise
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the C library or the file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))
