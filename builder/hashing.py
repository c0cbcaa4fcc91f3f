"""Content hashes: the one hashing layer under the whole-build fingerprint and the per-document digests.

Standard library only, so that a build with nothing to do (`fingerprint.py`) costs little more than
reading the inputs' bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

LIBRARIES = ("weasyprint", "mkdocs", "jinja2", "babel", "pydantic", "pyyaml", "twitter-text-parser", "segno", "pypdfium2")
"""Libraries whose version can change what a build makes."""
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
BUILDER_DIR = Path(__file__).parent


def digest(*parts: object) -> str:
    """One hash of `parts`, each bytes or JSON-able data; each part is length-prefixed, so parts never run together."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, ensure_ascii=False).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class FileHashes:
    """Hashes of files and folders, each file read once for as long as this object lives (one build)."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}

    def file(self, path: Path) -> str:
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._files[path] = "missing"
        return self._files[path]

    def tree(self, folder: Path, pattern: str = "*") -> str:
        """Every file under `folder` matching `pattern`: names and contents (Python's caches left out)."""
        if not folder.is_dir():
            return "none"
        files = [p for p in sorted(folder.rglob(pattern)) if p.is_file() and "__pycache__" not in p.parts]
        return digest([[p.relative_to(folder).as_posix(), self.file(p)] for p in files])

    def environment(self) -> str:
        """What every artifact depends on besides the project's files: the builder's own code, library
        versions and the installed fonts."""
        return digest(self.tree(BUILDER_DIR, "*.py"), library_versions(), fonts_fingerprint())


def library_versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def fonts_fingerprint() -> list:
    """The installed font files (path, size, mtime): a new or updated font changes every PDF."""
    found = []
    for folder in FONT_DIRS:
        for dirpath, _, filenames in os.walk(os.path.expanduser(folder)):
            for name in filenames:
                path = os.path.join(dirpath, name)
                stat = os.stat(path)
                found.append([path, stat.st_size, int(stat.st_mtime)])
    return sorted(found)
