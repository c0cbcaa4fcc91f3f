"""Message catalogs in the standard gettext workflow, kept with Babel.

`locales/messages.pot` is extracted from every `_()` in `templates/`;
`locales/<locale>/LC_MESSAGES/messages.po` holds one language's translations
(the folder is the gettext spelling: BCP 47 `zh-Hant` is `zh_Hant`). Builds read
the `.po` files directly and compile them in memory, so no compiled `.mo` file
is ever committed or stale. Translators can use Poedit, Weblate or Crowdin on the
`.po` files; `pybabel` works too with `locales/babel.cfg`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from .errors import Problem, ToolkitError, UsageError

DOMAIN = "messages"
PROJECT = "toolkit"
SOURCE_LANGUAGE = "en"
_METHODS = [("**.html", "jinja2")]
_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "silent": "false"}}


class CatalogError(ToolkitError):
    """A catalog that cannot be read, or whose translations would break a document."""

    exit_status = 2

    def __init__(self, message: str, line: int = 1, reason: str = ""):
        super().__init__(message)
        self.line, self.reason = line, reason or message


def catalog_locale(lang: str) -> str:
    """The folder name of a language's catalog: BCP 47 'zh-Hant' is gettext's 'zh_Hant'."""
    try:
        return str(Locale.parse(lang, sep="-"))
    except (ValueError, UnknownLocaleError):
        raise UsageError(f"no language with the code {lang!r}; expected a code such as 'es', 'pt-BR' or 'zh-Hant'") from None


def catalog_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / catalog_locale(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(templates_dir: Path) -> Catalog:
    """Every translatable message in the templates, with where it is used and translators' comments."""
    catalog = Catalog(project=PROJECT, domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(templates_dir), method_map=_METHODS, options_map=_OPTIONS, comment_tags=("Translators:",)
    ):
        catalog.add(message, None, [(f"templates/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def write_template(locales_dir: Path, templates_dir: Path) -> tuple[Path, int]:
    """Write `messages.pot`; returns its path and the number of messages."""
    catalog = extract(templates_dir)
    path = locales_dir / f"{DOMAIN}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100, omit_header=False, sort_by_file=True)
    return path, len(catalog)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    try:
        with path.open("rb") as stream:
            return read_po(stream, locale=locale, domain=DOMAIN, abort_invalid=True)
    except Exception as error:  # babel raises several kinds for a broken .po
        line = getattr(error, "lineno", None)
        reason = f"cannot read the catalog: {error}"
        raise CatalogError(f"{path}{f':{line}' if line else ''}: {reason}", line or 1, reason) from None


def update(locales_dir: Path, templates_dir: Path, langs: list[str]) -> list[Path]:
    """Bring each language's `.po` in step with the templates (new messages added, old ones obsoleted)."""
    write_template(locales_dir, templates_dir)
    template = read_catalog(locales_dir / f"{DOMAIN}.pot")
    written = []
    for lang in langs:
        if lang == SOURCE_LANGUAGE:
            continue
        path = catalog_path(locales_dir, lang)
        if path.is_file():
            catalog = read_catalog(path, catalog_locale(lang))
        else:
            catalog = Catalog(locale=catalog_locale(lang), project=PROJECT, domain=DOMAIN)
        catalog.update(template, update_header_comment=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            write_po(stream, catalog, width=100, sort_by_file=True, ignore_obsolete=True)
        written.append(path)
    return written


@dataclass(frozen=True)
class CatalogStatus:
    lang: str
    translated: int
    total: int
    problems: tuple[str, ...]


def catalog_status(locales_dir: Path, templates_dir: Path, lang: str) -> CatalogStatus:
    """How much of the templates' text `lang` translates, and any translation that breaks a placeholder."""
    wanted = {message.id for message in extract(templates_dir) if message.id}
    if lang == SOURCE_LANGUAGE:
        return CatalogStatus(lang, len(wanted), len(wanted), ())
    path = catalog_path(locales_dir, lang)
    if not path.is_file():
        return CatalogStatus(lang, 0, len(wanted), ())
    catalog = read_catalog(path, catalog_locale(lang))
    done = {m.id for m in catalog if m.id in wanted and m.string and not m.fuzzy}
    return CatalogStatus(lang, len(done), len(wanted), tuple(_broken_translations(catalog, path)))


def _broken_translations(catalog: Catalog, path: Path) -> list[str]:
    """Translations whose placeholders do not match their message's (they would fail at render time)."""
    return [f"{path}:{line}: {text}" for line, text in _translation_errors(catalog)]


def _translation_errors(catalog: Catalog) -> list[tuple[int, str]]:
    return [
        (message.lineno or 1, f"translation of {message.id!r}: {error}")
        for message, errors in catalog.check()
        for error in errors
    ]


def catalog_problems(locales_dir: Path, lang: str) -> list[Problem]:
    """What is wrong with `lang`'s catalog, each at its `.po` entry's line (shown from the project folder)."""
    path = catalog_path(locales_dir, lang)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return []
    display = path.relative_to(locales_dir.parent).as_posix() if path.is_relative_to(locales_dir.parent) else str(path)
    try:
        catalog = read_catalog(path, catalog_locale(lang))
    except CatalogError as error:
        return [Problem(display, error.line, 1, "", error.reason)]
    return [Problem(display, line, 1, "", text) for line, text in _translation_errors(catalog)]


def load_translations(locales_dir: Path, lang: str) -> NullTranslations:
    """The translations for `lang`, compiled in memory from its `.po` (the English source when there is none)."""
    path = catalog_path(locales_dir, lang)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    catalog = read_catalog(path, catalog_locale(lang))
    problems = _broken_translations(catalog, path)
    if problems:
        raise CatalogError("translations that would break documents:\n" + "\n".join(problems))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as gettext does
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True)
class LanguageStatus:
    """How completely one community's toolkit is translated into one language."""

    community: str
    catalog: CatalogStatus
    profile_total: int
    profile_missing: tuple[str, ...]
    """Key paths of profile text shown in English in this language."""

    @property
    def lang(self) -> str:
        return self.catalog.lang

    @property
    def profile_translated(self) -> int:
        return self.profile_total - len(self.profile_missing)


def translation_status(
    sites_dir: Path, locales_dir: Path, templates_dir: Path, slugs: list[str] | None = None
) -> list[LanguageStatus]:
    """For each community and each language it offers: catalog and profile-text coverage."""
    from .context import text_coverage  # profiles are needed only for this report
    from .profile import load_profiles

    catalogs: dict[str, CatalogStatus] = {}
    report = []
    for loaded in load_profiles(slugs, sites_dir):
        for lang in loaded.profile.languages:
            if lang not in catalogs:
                catalogs[lang] = catalog_status(locales_dir, templates_dir, lang)
            total, missing = text_coverage(loaded.profile, lang)
            report.append(LanguageStatus(loaded.slug, catalogs[lang], total, tuple(missing)))
    return report
