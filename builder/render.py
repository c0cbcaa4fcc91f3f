"""Render documents from templates: one Jinja environment per (community, language).

Returns strings, never writes files. A document's single content source
(`templates/documents/<kind>.html`) is rendered as an HTML fragment; the site
and the print page wrap that same fragment.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.support import NullTranslations
from jinja2 import meta
from markupsafe import Markup

from . import formatting
from .context import EXAMPLES, ExampleMarkup, ExampleText, build_context, language_name, plain_text
from .environment import describe, template_environment
from .errors import RenderError
from .kinds import DocumentKind
from .posts import compose_post
from .profile import LoadedProfile
from .schools import School


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    lang: str
    title: str
    body: str
    """The HTML fragment: the document's content, the same for screen and print."""
    sample: bool
    """True when the document shows at least one example (invented) value."""


def install_filters(env: jinja2.Environment, lang: str, left_to_right: Callable[[Any], Any]) -> None:
    """The filters templates use, writing in `lang`; `left_to_right` isolates a value inside right-to-left text."""
    locale = formatting.page_locale(lang)
    env.filters.update(
        date=lambda value, format="long": formatting.date(value, locale, format),
        date_range=lambda start, end: formatting.date_range(start, end, locale),
        number=lambda value, digits=1: formatting.number(value, locale, digits),
        list_of=lambda items: formatting.list_of(items, locale),
        tel=lambda phone: "tel:" + re.sub(r"[^0-9+]", "", str(phone)),
        language_name=lambda code: language_name(code, lang),
        social_post=compose_post,
        ltr=left_to_right,
        plain=plain_text,
        draft=draft,
        # A translated sentence that may begin with a value written in lower case (a month in Spanish).
        first_upper=lambda text: type(text)(text[:1].upper() + text[1:]) if text else text,
    )


@jinja2.pass_context  # never folded into a constant when the template compiles: it must reach finalize
def draft(context, text):
    """Words a template drafts for a named person (a quote, an op-ed): shown as SAMPLE until the community
    writes its own in the text block. A translated sentence stays safe HTML."""
    return ExampleMarkup(text) if isinstance(text, Markup) else ExampleText(text)


@functools.lru_cache(maxsize=512)
def names_read(source: str) -> frozenset[str]:
    """The top-level context names a template's source reads (`campaign`, `resource_groups`...), found by
    parsing it alone: no catalogs, nothing rendered. Kept by source text: `toolkit serve` plans again
    after every edit."""
    return frozenset(meta.find_undeclared_variables(parser().parse(source)))


@functools.cache
def parser() -> jinja2.Environment:
    env = template_environment(None)
    install_filters(env, "en", lambda value: value)
    return env


class Renderer:
    """Renders every document of one community in one language (or one school's edition of them)."""

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
        self.locale = formatting.page_locale(lang)
        self.context = build_context(loaded, lang, warnings, school)
        self._shows_example = False
        self.env = template_environment(templates_dir, finalize=self._finalize)
        self.env.install_gettext_translations(translations or NullTranslations(), newstyle=True)  # type: ignore[attr-defined]
        for name in ("_", "gettext", "ngettext", "pgettext", "npgettext"):
            self.env.globals[name] = self._noting_examples(self.env.globals[name])
        install_filters(self.env, lang, self._left_to_right)

    def _finalize(self, value):
        # Every printed expression passes here: this is how a document learns it shows an example value.
        if isinstance(value, EXAMPLES):
            self._shows_example = True
        return "" if value is None else value

    def _noting_examples(self, translate):
        # A value passed into a translated sentence (`_("... %(org)s", org=...)`) is printed without
        # passing `_finalize`: look at the arguments instead.
        @functools.wraps(translate)  # keeps Jinja's pass_context mark
        def noting(*args, **values):
            if any(isinstance(value, ExampleText) for value in values.values()):
                self._shows_example = True
            return translate(*args, **values)

        return noting

    def _left_to_right(self, value):
        """Keep a phone number, address or hashtag in its own order inside right-to-left text."""
        if self.context["dir"] != "rtl" or not value:
            return value
        # Unicode isolates (LRI ... PDI) work in browsers, in Pango and inside attributes alike.
        wrapped = f"\u2066{value}\u2069"
        return ExampleText(wrapped) if isinstance(value, ExampleText) else wrapped

    def render(self, kind: DocumentKind, **extra) -> RenderedDocument:
        """Render one document's content fragment. `extra` adds media-specific values (asset URLs)."""
        self._shows_example = False
        try:
            template = self.env.get_template(kind.template)
            # A kind's own values: its name (`documents[kind]` holds its text blocks), its version and its reader.
            values = {"kind": kind.name, "variant": kind.variant, "audience": kind.audiences[0]}
            module = template.make_module({**self.context, **values, **extra})
            body = str(module)
            title = str(getattr(module, "title", kind.name))
        except Exception as error:  # a template can fail in any way; report it, never a traceback
            raise RenderError(self.loaded.slug, kind.name, self.lang, describe(error)) from None
        return RenderedDocument(kind.name, self.lang, title, body, self._shows_example)

    def messages(self, template: str, kind: str) -> list:
        """The `messages` a template defines (the social posts' words, which the share cards show too)."""
        try:
            module = self.env.get_template(template).make_module({**self.context, "media": "print"})
            return list(getattr(module, "messages"))  # noqa: B009 (a template's export, unknown to type checkers)
        except Exception as error:
            raise RenderError(self.loaded.slug, kind, self.lang, describe(error)) from None

    def labels(self) -> dict[str, str]:
        """The translated words the site theme shows around every page."""
        try:
            module = self.env.get_template("partials/labels.html").make_module(self.context)
        except Exception as error:
            raise RenderError(self.loaded.slug, "website", self.lang, describe(error)) from None
        return {name: str(value) for name, value in module.__dict__.items() if not name.startswith("_")}

    def render_page(self, template: str, kind: str, **values) -> str:
        """Render a wrapper template (the print page) around an already rendered document of `kind`."""
        try:
            return self.env.get_template(template).render({**self.context, **values})
        except Exception as error:
            raise RenderError(self.loaded.slug, kind, self.lang, describe(error)) from None
