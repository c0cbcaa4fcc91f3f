"""The campaign website: write an mkdocs docs tree and config, then build it with mkdocs' Python API.

Each page's content is a document fragment rendered earlier; the project's own
theme (`templates/theme/`) wraps it. `use_directory_urls` is off and the theme
links with mkdocs' `url` filter, so every link is relative and the folder works
from any host, any sub-path, or straight from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from .logs import collected_warnings
from .render import RenderedDocument


@dataclass(frozen=True)
class SitePage:
    """One page of the site: its file name (without `.md`) and its rendered content."""

    name: str
    document: RenderedDocument
    banner: str = ""
    """HTML shown above the content: the SAMPLE notice, a document's PDF link."""
    in_nav: bool = True
    """False for pages linked from the footer or shown by the web server (search, accessibility, 404)."""


@dataclass(frozen=True)
class SiteSpec:
    """Everything the site stage needs; plain values only."""

    site_name: str
    theme_dir: Path
    theme_values: dict
    """Values the theme shows on every page (names, colours, labels)."""
    pages: list[SitePage]
    """In navigation order; the first is the home page (`index`)."""
    files: dict[str, bytes]
    """Other files to publish, by path relative to the site root (PDFs, logo)."""


class SiteBuildError(Exception):
    """mkdocs reported problems (broken links, missing files) or failed."""


def page_markdown(page: SitePage) -> str:
    # Only front matter: the page's HTML is handed to mkdocs by _Fragments, not through Markdown.
    return f"---\nkind: {page.document.kind}\n---\n\n{PLACEHOLDER}\n"  # kinds are identifiers


PLACEHOLDER = "<!-- toolkit: document -->"


class _Fragments(BasePlugin):
    """Gives mkdocs each page's finished HTML fragment as its content.

    The fragments are already HTML; putting them through Markdown's raw-HTML parser cost
    about 8 ms a page and could only change them.
    """

    def __init__(self, pages: list[SitePage]):
        super().__init__()
        self.html = {f"{page.name}.md": f'<div class="document">\n{page.banner}{page.document.body}\n</div>' for page in pages}

    def on_page_content(self, html, page, config, files):
        return self.html.get(page.file.src_uri, html)

    def on_env(self, env, config, files):
        from .environment import COMPILED_TEMPLATES

        env.bytecode_cache = COMPILED_TEMPLATES  # the theme is compiled once per process, not per site
        return env


def build_site(spec: SiteSpec, work_dir: Path, site_dir: Path) -> None:
    """Write `work_dir/docs` and `work_dir/mkdocs.yml`, then let mkdocs build `site_dir`."""
    docs = work_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for page in spec.pages:
        (docs / f"{page.name}.md").write_text(page_markdown(page), encoding="utf-8")
    settings = {
        "site_name": spec.site_name,
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "use_directory_urls": False,
        "strict": True,
        # No mkdocs search plugin: the theme's search page reads the builder's own search-index.json.
        "plugins": [],
        "theme": {"name": None, "custom_dir": str(spec.theme_dir), "static_templates": []},
        "nav": [{page.document.title: f"{page.name}.md"} for page in spec.pages if page.in_nav],
        "not_in_nav": "\n".join(f"/{page.name}.md" for page in spec.pages if not page.in_nav),
        "validation": {"links": {"absolute_links": "warn", "unrecognized_links": "warn"}},
    }
    config_file = work_dir / "mkdocs.yml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    config_file.write_text(yaml.dump(settings, Dumper=dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")

    with collected_warnings("mkdocs") as problems:
        try:
            config = load_config(str(config_file))
            # Set after loading: the theme's values need no YAML round trip (mkdocs parses YAML slowly).
            config.extra["toolkit"] = spec.theme_values
            config.plugins["toolkit-fragments"] = _Fragments(spec.pages)
            mkdocs_build(config)
        except (MkDocsException, SystemExit, OSError, jinja2.TemplateError) as error:
            raise SiteBuildError(f"mkdocs failed: {'; '.join(problems) or error}") from None
    if problems:
        raise SiteBuildError("mkdocs reported: " + "; ".join(problems))
    # mkdocs writes a sitemap of one language with no addresses when site_url is unset; the builder
    # writes one sitemap of every language itself when the campaign's site_url is known.
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
    # Written straight into the built site: mkdocs would only copy them from docs/ (one write instead
    # of a write, a read and a write each; a language has about twenty PDFs and share images).
    for relative, data in spec.files.items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
