"""The build cache: each document's last rendering, kept under the digest of everything it was made from.

`output/.cache/<slug>/<lang>/<kind>.json` holds the digest and the web
fragment; `<kind>.pdf` beside it holds the PDF. A document whose inputs hash to
the stored digest is taken from here instead of being rendered again. Entries
are written atomically, so an interrupted build leaves whole entries or none.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .jobs import DocumentKey, DocumentOutput
from .output import atomic_write

CACHE = ".cache"


class DocumentCache:
    """Each document's last rendering under `output/.cache/`, and each community's site digest."""

    def __init__(self, output_dir: Path):
        self.root = output_dir / CACHE

    def _paths(self, slug: str, key: DocumentKey) -> tuple[Path, Path]:
        folder = self.root / slug / "schools" / key.school / key.lang if key.school else self.root / slug / key.lang
        return folder / f"{key.kind}.json", folder / f"{key.kind}.pdf"

    def load(self, slug: str, key: DocumentKey, digest: str | None) -> DocumentOutput | None:
        """The cached document if it was made from inputs with this digest (any, for None), else None."""
        meta_path, pdf_path = self._paths(slug, key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.pop("digest") != digest and digest is not None:
                return None
            images = tuple(
                (path, (meta_path.parent / f"{key.kind}.{index}.png").read_bytes(), alt)
                for index, (path, alt) in enumerate(meta.pop("images", []))
            )
            return DocumentOutput(**meta, pdf=pdf_path.read_bytes(), images=images)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: render again

    def store(self, document: DocumentOutput, digest: str) -> None:
        meta_path, pdf_path = self._paths(document.slug, document.key)
        meta = {key: value for key, value in asdict(document).items() if key not in ("pdf", "images")}
        meta["images"] = [[path, alt] for path, _, alt in document.images]
        for index, (_, data, _) in enumerate(document.images):
            atomic_write(meta_path.parent / f"{document.kind}.{index}.png", data)
        atomic_write(pdf_path, document.pdf)
        atomic_write(meta_path, json.dumps({"digest": digest, **meta}, ensure_ascii=False).encode("utf-8"))

    def site_digest(self, slug: str) -> str | None:
        try:
            return (self.root / slug / "site.digest").read_text().strip()
        except OSError:
            return None

    def store_site_digest(self, slug: str, digest: str) -> None:
        atomic_write(self.root / slug / "site.digest", digest.encode("ascii"))
