"""Message catalogs: the gettext translations templates are rendered with, one per language."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def catalog_locale(lang: str) -> str:
    """The folder name of a language's catalog: BCP 47 'zh-Hant' is gettext's 'zh_Hant'."""
    return lang.replace("-", "_")


def load_translations(locales_dir: Path, lang: str) -> NullTranslations:
    """The compiled catalog for `lang`, or no translation (the English source text) when there is none."""
    return Translations.load(str(locales_dir), [catalog_locale(lang)], DOMAIN)
