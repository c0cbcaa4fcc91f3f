"""What each artifact is made from, as content hashes: the build plan's inputs.

A document's digest covers exactly what can change it: the profile values its
templates read (found by reading the templates, so a resource edit touches only
the resource sheet), its template files and stylesheet, the language's catalog,
the logo, the installed fonts, and the builder's own code and library versions.
A community's site digest covers all of its documents plus the site theme.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import jinja2
from jinja2 import meta

from .context import ExampleText
from .fingerprint import fonts_fingerprint, library_versions
from .i18n import catalog_path
from .kinds import DocumentKind

PRINT_PAGE = "print/page.html"
# Folders every document reads besides its own template (macros, print page and print CSS).
DOCUMENT_SHARED = ("partials", "print", "cards")
SITE_FOLDERS = ("theme", "pages", "partials")


_NAMES_BY_SOURCE: dict[str, frozenset[str]] = {}


def _stable(value):
    """Context values as JSON-able data; an example value stays distinguishable from a checked one."""
    if isinstance(value, ExampleText):
        return ["example", str(value)]
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    if isinstance(value, (dt.date, Path)):
        return str(value)
    return value


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(_stable(part), sort_keys=True, ensure_ascii=False).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class InputHasher:
    """Hashes build inputs, remembering each file's hash for the length of one build."""

    def __init__(self, templates_dir: Path, locales_dir: Path):
        self.templates_dir, self.locales_dir = templates_dir, locales_dir
        self._files: dict[Path, str] = {}
        self._names: dict[str, frozenset[str]] = {}
        self.base = _digest(library_versions(), self.tree(Path(__file__).parent, "*.py"), fonts_fingerprint())

    def file(self, path: Path) -> str:
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._files[path] = "missing"
        return self._files[path]

    def tree(self, folder: Path, pattern: str = "*") -> str:
        return _digest([[p.relative_to(folder).as_posix(), self.file(p)] for p in sorted(folder.rglob(pattern)) if p.is_file()])

    def names_read(self, env: jinja2.Environment, template: str) -> frozenset[str]:
        """The top-level context names a template reads (`campaign`, `resource_groups`...)."""
        if template not in self._names:
            source = (self.templates_dir / template).read_text(encoding="utf-8")
            if source not in _NAMES_BY_SOURCE:  # kept across builds: `toolkit serve` builds again and again
                _NAMES_BY_SOURCE[source] = frozenset(meta.find_undeclared_variables(env.parse(source)))
            self._names[template] = _NAMES_BY_SOURCE[source]
        return self._names[template]

    def catalog(self, lang: str) -> str:
        return self.file(catalog_path(self.locales_dir, lang))

    def document(self, env: jinja2.Environment, context: dict, kind: DocumentKind, logo: Path, options: tuple = ()) -> str:
        """The digest of one document in one language: equal digests mean an identical document.

        `options` are build options that change the document (print-shop bleed)."""
        templates = kind.templates()
        read = self.names_read(env, PRINT_PAGE).union(*(self.names_read(env, template) for template in templates))
        names = sorted(read & context.keys())
        return _digest(
            self.base,
            kind.name,
            context["lang"],
            {name: context[name] for name in names},
            [self.file(self.templates_dir / template) for template in templates],
            kind.paper,
            [self.tree(self.templates_dir / folder) for folder in DOCUMENT_SHARED],
            self.catalog(context["lang"]),
            [logo.suffix, self.file(logo)],
            list(options),
        )

    def site(self, contexts: list[dict], document_digests: list[str], logo: Path) -> str:
        """The digest of a community's whole site: every document, every language's context, the theme."""
        return _digest(
            self.base,
            document_digests,
            contexts,
            [self.tree(self.templates_dir / folder) for folder in SITE_FOLDERS],
            [self.catalog(context["lang"]) for context in contexts],
            self.file(logo),
        )
