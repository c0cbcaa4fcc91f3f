"""A community's own pages: `sites/<slug>/pages/<name>.md`, one file per language, Markdown with front matter.

Loaded with the profiles (front matter read by the same bounded YAML reader, every value checked like a
profile's), inherited by forks (a fork's page of the same name replaces its parent's; `omit: true` drops
it), converted with Python-Markdown and sanitised with nh3 before any template sees it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from markupsafe import Markup

from .errors import Problem, ProfileError
from .kinds import AUDIENCES, CUSTOM_PAGE, DOCUMENT_KINDS, SITE_PAGES
from .layout import inside, is_slug
from .schema import first_unprintable, unprintable_message

if TYPE_CHECKING:
    from .pdf import PdfRenderer
    from .render import RenderedDocument, Renderer

PAGES_FOLDER = "pages"
MAX_PAGE_BYTES = 256 * 1024
"""A page is a few kilobytes of Markdown; anything near this is a mistake or an attack."""
RESERVED = frozenset({"index", *SITE_PAGES, *DOCUMENT_KINDS})
"""Names a page may not take: the site's own pages and the documents'."""
KEYS = ("title", "order", "audience", "example", "print", "max_pages", "omit")
"""The keys a page's front matter may hold."""


@dataclass(frozen=True)
class PageSource:
    """One language's file of a page."""

    lang: str
    file: str
    """As shown from the project folder."""
    title: str
    markdown: str


@dataclass(frozen=True)
class CustomPage:
    """A coordinator's own page, in every language the community offers (a missing one falls back)."""

    name: str
    order: float
    audience: str | None
    example: bool
    print: bool
    max_pages: int | None
    sources: dict[str, PageSource]
    """By language: each language of the community, its own file or the first language's."""

    def stable(self) -> list:
        """What the page is made from, as plain data for the build's digests."""
        sources = [[s.lang, s.file, s.title, s.markdown] for _, s in sorted(self.sources.items())]
        return [self.name, self.order, self.audience, self.example, self.print, self.max_pages, sources]


@dataclass
class _File:
    name: str
    lang: str
    display: str
    meta: dict
    markdown: str


def load_pages(
    folders: list[Path], languages: list[str], sites_dir: Path, warnings: list[str]
) -> tuple[tuple[CustomPage, ...], list[Problem]]:
    """The pages of a community whose profile files live in `folders` (parent first): each folder's pages
    replace the parent's of the same name. Every problem is returned; fallbacks are `warnings`."""
    problems: list[Problem] = []
    chosen: dict[str, dict[str, _File]] = {}
    for depth, folder in enumerate(folders):
        found: dict[str, dict[str, _File]] = {}
        for path in sorted((folder / PAGES_FOLDER).glob("*.md")):
            try:
                # A parent's page may have files in languages this community does not offer: not published.
                page = _read(path, folder, languages, sites_dir, inherited=depth < len(folders) - 1)
            except ProfileError as error:
                problems += error.problems
                continue
            if page is not None:
                found.setdefault(page.name, {})[page.lang] = page
        for name, files in found.items():
            if any(f.meta.get("omit") is True for f in files.values()):
                if name not in chosen:
                    f = next(iter(files.values()))
                    message = "expected `omit: true` only in a fork, to leave out a page of its parent"
                    if depth:
                        message = f"expected `omit: true` to name a page of the parent, found none named {name!r}"
                    problems.append(Problem(f.display, 2, 1, "omit", message))
                chosen.pop(name, None)
            else:
                chosen[name] = files
    pages = []
    for name, files in sorted(chosen.items()):
        first = files.get(languages[0])
        if first is None:
            f = next(iter(files.values()))
            problems.append(Problem(f.display, 1, 1, "", f"expected a file {name}.md in the first language ({languages[0]})"))
            continue
        problems += _translation_problems(first, files.values())
        sources = {}
        for lang in languages:
            own = files.get(lang, first)
            if lang not in files:
                warnings.append(
                    f"{first.display}: page {name!r} has no {lang} file ({name}.{lang}.md); showing the {languages[0]} text"
                )
            sources[lang] = PageSource(lang, own.display, str(own.meta["title"]), own.markdown)
        meta = first.meta
        pages.append(
            CustomPage(
                name,
                float(meta.get("order", 0)),
                meta.get("audience"),
                meta.get("example") is True,
                meta.get("print") is True,
                meta.get("max_pages"),
                sources,
            )
        )
    pages.sort(key=lambda p: (p.order, p.name))
    return tuple(pages), problems


PAGE_KEYS = ("order", "audience", "example", "print", "max_pages")
"""Front-matter keys that are about the page, not one language of it: read from the first language's file."""


def _translation_problems(first: _File, files) -> list[Problem]:
    """A problem for each page key a translation sets to a value other than the first language's file's."""
    from .positioned import problem_at as _at

    problems = []
    for file in files:
        for key in PAGE_KEYS:
            if file is not first and key in file.meta and file.meta[key] != first.meta.get(key):
                message = (
                    f"expected {key!r} only in {PurePath(first.display).name} (the first language's file): it is about "
                    f"the page in every language; a translation sets its own title, found {file.meta[key]!r}"
                )
                problems.append(_at(file.meta.key_marks[key], key, message))
    return problems


def _read(path: Path, folder: Path, languages: list[str], sites_dir: Path, inherited: bool = False) -> _File | None:
    from .positioned import read_yaml_text
    from .profile import _text_problems, display_path

    display = display_path(path, sites_dir)

    def problem(message: str, line: int = 1, key: str = "") -> ProfileError:
        return ProfileError([Problem(display, line, 1, key, message)])

    stem = path.name.removesuffix(".md")
    name, _, lang = stem.partition(".")
    lang = lang or languages[0]
    if not inside(path, folder) or not path.is_file():
        raise problem("expected a page file inside the community's folder, found a link out of it")
    if lang not in languages and inherited:
        return None
    if lang not in languages:
        raise problem(
            f"expected a file named <page>.md or <page>.<language>.md for one of {', '.join(languages)}, found {lang!r}"
        )
    if not is_slug(name):
        raise problem(f"expected a page name of lower-case letters, digits and hyphens, found {name!r}")
    if name in RESERVED or name in languages:
        what = "a language folder" if name in languages else "a page or document the site already has"
        raise problem(f"expected a page name that is not {what}, found {name!r}; rename the file")
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        raise problem(f"expected a page of at most {MAX_PAGE_BYTES // 1024} KB, found {size / 1024:,.0f} KB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise problem(f"expected UTF-8 text: {error.reason}") from None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise problem("expected front matter first: a line `---`, `title: ...`, and a closing `---`")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise problem("expected a closing `---` line after the front matter")
    meta = read_yaml_text("".join(lines[1:end]), display, first_line=2)
    problems = _text_problems(meta, "")
    body_start = end + 2
    for number, line in enumerate(lines[end + 1 :], start=body_start):
        char = first_unprintable(line, allowed="\t\n\r")
        if char is not None:
            problems.append(Problem(display, number, 1, "", unprintable_message(char)))
    problems += _meta_problems(meta)
    if problems:
        raise ProfileError(problems)
    return _File(name, lang, display, meta, "".join(lines[end + 1 :]))


def _meta_problems(meta) -> list[Problem]:
    from .located import unknown_key
    from .positioned import problem_at as _at

    problems = []
    for key, mark in meta.key_marks.items():
        value = meta[key]
        if key not in KEYS:
            message, meant = unknown_key(str(key), KEYS)
            problems.append(Problem(mark.file, mark.line, mark.column, str(key), message, meant))
        elif key in ("example", "print", "omit") and not isinstance(value, bool):
            problems.append(_at(mark, key, f"expected true or false, found {value!r}"))
        elif key == "title" and (not isinstance(value, str) or not value.strip()):
            problems.append(_at(mark, key, f"expected the page's title as text, found {value!r}"))
        elif key == "order" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            problems.append(_at(mark, key, f"expected a number (the page's place in the menu), found {value!r}"))
        elif key == "audience" and value not in AUDIENCES:
            problems.append(_at(mark, key, f"expected one of: {'; '.join(AUDIENCES)}, found {value!r}"))
        elif key == "max_pages" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            problems.append(_at(mark, key, f"expected a whole number of pages, at least 1, found {value!r}"))
    if "title" not in meta and meta.get("omit") is not True:
        problems.append(
            Problem(meta.mark.file, meta.mark.line, meta.mark.column, "title", "expected this required key, found it missing")
        )
    return problems


ALLOWED_TAGS = {
    *(f"h{n}" for n in range(1, 7)),
    *("p", "ul", "ol", "li", "dl", "dt", "dd", "a", "em", "strong", "code", "pre", "blockquote", "hr", "br", "div"),
    *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
}
ALLOWED_ATTRIBUTES = {**{f"h{n}": {"id"} for n in range(1, 7)}, "a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ADMONITIONS = {"admonition", "note", "tip", "warning", "important", "danger", "caution", "attention", "hint", "info"}


@functools.lru_cache(maxsize=1024)  # a page is shown for the web and in print, a block in every context
def render_markdown(text: str) -> Markup:
    """A page's Markdown as safe HTML: a fixed set of extensions, then nh3's allow-list (no script, no
    event attributes, no style, links only to http, https, mailto, tel and relative addresses)."""
    import markdown  # type: ignore[import-untyped]
    import nh3

    converted = markdown.markdown(text, extensions=["tables", "toc", "admonition"], output_format="html")
    cleaned = nh3.clean(
        converted,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        allowed_classes={"div": ADMONITIONS, "p": {"admonition-title"}},
        link_rel="noopener",
    )
    return Markup(cleaned)  # safe: nh3's allow-list is the last thing the HTML passed through


INLINE_TAGS = {"p", "ul", "ol", "li", "a", "em", "strong", "br"}
"""What a document's text block may hold: paragraphs, lists, emphasis and links (no headings, tables or images)."""


@functools.lru_cache(maxsize=1024)
def render_inline_markdown(text: str) -> Markup:
    """A document text block's Markdown as safe HTML: plain Python-Markdown, then nh3 with the inline
    allow-list (links only to http, https, mailto and tel addresses, and relative ones)."""
    import markdown
    import nh3

    converted = markdown.markdown(text, output_format="html")
    cleaned = nh3.clean(
        converted,
        tags=INLINE_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )
    return Markup(cleaned)  # safe: nh3's allow-list is the last thing the HTML passed through


def render_page(renderer: Renderer, page: CustomPage, media: str, logo_url: str) -> RenderedDocument:
    """One page in the renderer's language, as a fragment (its template adds the title and SAMPLE badge)."""
    from dataclasses import replace

    source = page.sources[renderer.lang]
    doc = renderer.render(
        CUSTOM_PAGE,
        media=media,
        logo_url=logo_url,
        page_title=source.title,
        page_body=render_markdown(source.markdown),
        page_example=page.example,
        page_lang=source.lang,
        page_audience=page.audience,
    )
    return replace(doc, title=source.title, sample=page.example or doc.sample)


def print_page(renderer: Renderer, page: CustomPage, templates_dir: Path, pdfs: PdfRenderer):
    """A page with `print: true` as a PDF, through the documents' print page and stylesheet."""
    from .errors import RenderError
    from .paths import page_url
    from .pdf import PdfError
    from .printing import PRINT_CSS, PRINT_PAGE, page_furniture

    logo = renderer.loaded.logo.uri
    printed = render_page(renderer, page, "print", logo)
    url = page_url(renderer.context["campaign"]["site_url"], renderer.loaded.profile.languages, renderer.lang, page.name)
    html = renderer.render_page(
        PRINT_PAGE,
        "page",
        doc=printed,
        body=Markup(printed.body),
        logo_url=logo,
        stylesheet=None,
        **page_furniture(renderer, CUSTOM_PAGE, url),
    )
    try:
        return pdfs.render(
            html,
            base_url=templates_dir.as_uri() + "/",
            allowed=[templates_dir],
            max_pages=page.max_pages,
            stylesheet=templates_dir / PRINT_CSS,
        )
    except PdfError as error:
        raise RenderError(renderer.loaded.slug, f"page {page.name}", renderer.lang, str(error)) from None
