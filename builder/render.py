"""Render documents from templates: one Jinja environment per (community, language).

Returns strings, never writes files. A document's single content source
(`templates/documents/<kind>.html`) is rendered as an HTML fragment; the site
and the print page wrap that same fragment.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale, localedata
from babel.dates import format_date, format_interval
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations
from markupsafe import Markup

from .context import ExampleText, build_context, language_name
from .errors import RenderError
from .kinds import DocumentKind
from .profile import LoadedProfile
from .schools import School

MAX_POST_LENGTH = 280


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    lang: str
    title: str
    body: str
    """The HTML fragment: the document's content, the same for screen and print."""
    sample: bool
    """True when the document shows at least one example (invented) value."""


@dataclass(frozen=True)
class SocialPost:
    text: str
    length: int
    """Length as X counts it: a link is 23 characters, most CJK characters count 2."""


def compose_post(message: str, link: str | None, hashtags: list[str]) -> SocialPost:
    """A ready-to-post message: the text, the campaign link and hashtags, checked against X's limit."""
    # A translated message arrives as Markup; the post is plain text, escaped once when shown.
    message = (message.unescape() if isinstance(message, Markup) else str(message)).strip()
    missing = [tag for tag in hashtags if tag.lower() not in message.lower()]
    text = " ".join(part for part in (message, link, " ".join(missing)) if part)
    from twitter_text import parse_tweet  # imported when first needed: it takes 0.3 s to load

    length = parse_tweet(text).weightedLength
    if length > MAX_POST_LENGTH:
        raise ValueError(f"social post is {length} characters as X counts them (at most {MAX_POST_LENGTH}): {text!r}")
    return SocialPost(text, length)


_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def plain_text(value) -> str:
    """Text without the invisible direction marks added for right-to-left layout (for metadata)."""
    return str(value).translate(_BIDI_CONTROLS)


@functools.cache
def page_locale(lang: str) -> Locale:
    """The Babel locale that formats dates, numbers and lists in `lang`, with locale data of its own.

    Babel resolves an alias in its locale data (stand-alone month names → format month names) by
    writing the result back into dictionaries that locales share with their parent locale. Once
    zh-Hant had resolved one, a language loaded later printed "9月" for September (seen in Filipino
    letters rendered after Chinese ones). A private copy of the data keeps each language to itself.
    """
    locale = Locale.parse(lang, sep="-")
    identifier = getattr(locale, "_Locale__data_identifier", str(locale))
    locale._Locale__data = localedata.LocaleDataDict(copy.deepcopy(localedata.load(identifier)))
    return locale


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by every Renderer (and the site theme) of a process.

    Each community and language gets its own Jinja environment; without this, each one compiled
    the same templates again (about 0.1 s per community and language). Entries are keyed by the
    template's source checksum, so an edited template is compiled afresh.
    """

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _MemoryBytecodeCache()


class Renderer:
    """Renders every document of one community in one language."""

    def __init__(
        self,
        loaded: LoadedProfile,
        lang: str,
        templates_dir: Path,
        translations: NullTranslations | None = None,
        warnings: list[str] | None = None,
        school: School | None = None,
    ):
        self.loaded, self.lang = loaded, lang
        self.locale = page_locale(lang)
        self.context = build_context(loaded, lang, warnings, school)
        self._shows_example = False
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            finalize=self._finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.install_gettext_translations(translations or NullTranslations(), newstyle=True)
        self.env.filters.update(
            date=self._format_date,
            date_range=lambda start, end: format_interval(start, end, skeleton="yMMMd", locale=self.locale),
            number=lambda value, digits=1: format_decimal(value, format=f"#,##0.{'#' * digits}", locale=self.locale),
            tel=lambda phone: "tel:" + re.sub(r"[^0-9+]", "", str(phone)),
            language_name=lambda code: language_name(code, lang),
            social_post=lambda message, link, hashtags: compose_post(message, link, hashtags),
            ltr=self._left_to_right,
            list_of=lambda items: format_list([str(item) for item in items], locale=self.locale),
            plain=plain_text,
        )

    def _finalize(self, value):
        # Every printed expression passes here: this is how a document learns it shows an example value.
        if isinstance(value, ExampleText):
            self._shows_example = True
        return "" if value is None else value

    def _left_to_right(self, value):
        """Keep a phone number, address or hashtag in its own order inside right-to-left text."""
        if self.context["dir"] != "rtl" or not value:
            return value
        # Unicode isolates (LRI ... PDI) work in browsers, in Pango and inside attributes alike.
        wrapped = f"\u2066{value}\u2069"
        return ExampleText(wrapped) if isinstance(value, ExampleText) else wrapped

    def _format_date(self, value: dt.date, format: str = "long") -> str:
        return format_date(value, format=format, locale=self.locale)

    def render(self, kind: DocumentKind, **extra) -> RenderedDocument:
        """Render one document's content fragment. `extra` adds media-specific values (asset URLs)."""
        self._shows_example = False
        try:
            template = self.env.get_template(kind.template)
            module = template.make_module({**self.context, "kind": kind.name, **extra})
            body = str(module)
            title = str(getattr(module, "title", kind.name))
        except Exception as error:  # a template can fail in any way; report it, never a traceback
            raise RenderError(self.loaded.slug, kind.name, self.lang, _describe(error)) from None
        return RenderedDocument(kind.name, self.lang, title, body, self._shows_example)

    def labels(self) -> dict[str, str]:
        """The translated words the site theme shows around every page."""
        try:
            module = self.env.get_template("partials/labels.html").make_module(self.context)
        except Exception as error:
            raise RenderError(self.loaded.slug, "website", self.lang, _describe(error)) from None
        return {name: str(value) for name, value in module.__dict__.items() if not name.startswith("_")}

    def render_page(self, template: str, kind: str, **values) -> str:
        """Render a wrapper template (the print page) around an already rendered document of `kind`."""
        try:
            return self.env.get_template(template).render({**self.context, **values})
        except Exception as error:
            raise RenderError(self.loaded.slug, kind, self.lang, _describe(error)) from None


def _describe(error: Exception) -> str:
    """A template failure as one line, with the template file and line when Jinja knows them."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.message} ({error.filename}:{error.lineno})"
    tb, where = error.__traceback__, ""
    while tb is not None:
        # Compiled templates keep a reference to their Template, which maps code lines to template lines.
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            where = f" ({template.name}:{template.get_corresponding_lineno(tb.tb_lineno)})"
        tb = tb.tb_next
    kind = "" if isinstance(error, (ValueError, jinja2.TemplateError)) else f"{type(error).__name__}: "
    return f"{kind}{error}{where}"
