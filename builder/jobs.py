"""The plain values that pass between the build's stages: options, the plan's jobs, rendered documents.

Standard library only and frozen: the plan makes them, workers (possibly on other machines) receive
and return them, the cache stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class BuildOptions:
    """What a build makes, beyond its communities (how it runs, such as the number of workers, is not here)."""

    kinds: tuple[str, ...] | None = None
    """Only these document kinds; None for every kind."""
    print_shop: bool = False
    """PDFs with bleed and crop marks for a print shop."""

    def key(self) -> list:
        """The options as JSON-able data, for digests."""
        return [sorted(self.kinds) if self.kinds else None, self.print_shop]


class DocumentKey(NamedTuple):
    """One document of a community."""

    school: str
    """The school whose edition it is (its slug), or "" for the community's own edition."""
    lang: str
    kind: str


@dataclass(frozen=True)
class DocumentJob:
    """One document to make, with what it is made from (Lektor's `declare_artifact` is the model)."""

    key: DocumentKey
    digest: str
    """Hash of every input: equal digests mean an identical document."""
    templates: tuple[str, ...]
    """The template files it is rendered from, relative to `templates/` (shared folders included)."""
    reads: tuple[str, ...]
    """The names of the profile context its templates read (`campaign`, `resource_groups`...)."""
    catalog: str | None
    """The language's catalog file, relative to the project; None for the source language."""
    wanted: bool = True
    """False for a kind the build was not asked for (`--kinds`): its last rendering is kept from the
    cache, whatever its digest, so that a published site never loses a document; it is never rendered."""


@dataclass(frozen=True)
class CommunityPlan:
    slug: str
    jobs: tuple[DocumentJob, ...]
    """The community's own documents (language by language, in kind order), then its schools' editions."""
    site_digest: str
    """Hash of everything the community's published site is made from."""


@dataclass(frozen=True)
class BuildPlan:
    communities: tuple[CommunityPlan, ...]
    warnings: tuple[str, ...]
    """Found while planning: text shown in English for want of a translation, a missing site address."""


@dataclass(frozen=True)
class DocumentOutput:
    """A rendered document: its web fragment and its PDF (what a worker sends back, and the cache keeps)."""

    slug: str
    lang: str
    kind: str
    title: str
    body: str
    sample: bool
    pdf: bytes
    pages: int
    font_size_pt: float
    shrunk: bool = False
    """True when the PDF was set smaller than the normal size to fit its page budget."""
    images: tuple = ()
    """Share images made with the document: (path in the site, PNG bytes, alt text) each."""
    school: str = ""
    """The school whose edition this is (its slug), or "" for the community's own."""

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(self.school, self.lang, self.kind)
