"""Per-language context: a validated profile resolved into what templates show in one language.

Localised text becomes a plain string in the requested language (English when a
translation is missing, with a warning). Every value that comes from a section
marked `example: true` becomes an `ExampleText`, so the renderer can tell when
a document shows an invented value and must be marked SAMPLE.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from babel import Locale
from markupsafe import Markup
from pydantic import BaseModel

from . import calendar
from .blocks import block_texts, is_rtl
from .paths import page_url
from .profile import LoadedProfile
from .schema import Category
from .schools import School

FALLBACK_LANGUAGE = "en"


class ExampleText(str):
    """A value that is invented or unverified; showing it makes the document a SAMPLE."""


class ExampleMarkup(Markup):
    """Safe HTML (a translated sentence) that is a draft put in a named person's mouth: shown, it makes the
    document a SAMPLE, like an ExampleText, and stays safe HTML (escaped once)."""


EXAMPLES = (ExampleText, ExampleMarkup)


_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def plain_text(value) -> str:
    """Text without the invisible direction marks added for right-to-left layout (for metadata)."""
    return str(value).translate(_BIDI_CONTROLS)


@dataclass
class Localizer:
    """Resolves profile values into one language, remembering every fallback it made."""

    lang: str
    slug: str
    """The community's slug, which fallback warnings name."""
    warnings: list[str] = field(default_factory=list)
    rtl: bool = False

    def text(self, value, path: str, example: bool = False, local: bool = False):
        if isinstance(value, dict):
            chosen = value.get(self.lang)
            if chosen is None:
                chosen = value.get(FALLBACK_LANGUAGE) or next(iter(value.values()))
                self.warnings.append(f"{self.slug}: {path} has no {self.lang!r} text; using English")
            value = chosen
        if local and self.rtl and _starts_left_to_right(value):
            # A left-to-right isolate keeps English inside Arabic in its own order (no stray full stop).
            value = f"\u2066{value}\u2069"
        if example and isinstance(value, str):
            return ExampleText(value)
        return value

    def resolve(self, value, path: str = "", example: bool = False, local: bool = False):
        """Turn models into dicts, localised text into strings, example values into ExampleText."""
        if isinstance(value, BaseModel):
            marked = bool(getattr(value, "example", False))
            covers = getattr(type(value), "example_covers", None)
            return {
                name: self.resolve(
                    getattr(value, name),
                    f"{path}.{name}".lstrip("."),
                    example or (marked and (covers is None or name in covers)),
                    _is_local_text(field.annotation),
                )
                for name, field in type(value).model_fields.items()
            }
        if isinstance(value, list):
            return [self.resolve(item, f"{path}[{i}]", example, local) for i, item in enumerate(value)]
        if isinstance(value, Enum):  # before str: these enums are str subclasses
            return value.value
        if isinstance(value, (str, dict)):
            return self.text(value, path, example, local)
        return value


def _is_local_text(annotation) -> bool:
    """True for fields typed LocalText (text shown to families), not for addresses, codes or numbers."""
    if annotation == dict[str, str]:
        return True
    return any(_is_local_text(arg) for arg in typing.get_args(annotation))


def _starts_left_to_right(text: str) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return False
        if kind == "L":
            return True
    return False


def written_in(value: str | dict[str, str], lang: str) -> str | None:
    """The language a localised text is shown in on a `lang` page, when that is not `lang`: a plain text is
    English, and so is a translation identical to the English (a name the campaign keeps in English)."""
    if isinstance(value, str):
        return None if lang == FALLBACK_LANGUAGE else FALLBACK_LANGUAGE
    if lang not in value:
        return FALLBACK_LANGUAGE if FALLBACK_LANGUAGE in value else next(iter(value))
    if lang != FALLBACK_LANGUAGE and value[lang] == value.get(FALLBACK_LANGUAGE):
        return FALLBACK_LANGUAGE
    return None


def web_address(url):
    """A web address as people read it: without `https://`, and without the `/` that ends a bare host name."""
    shown = re.sub(r"^https?://", "", str(url), flags=re.IGNORECASE)
    if shown.count("/") == 1 and shown.endswith("/"):
        shown = shown[:-1]
    return ExampleText(shown) if isinstance(url, ExampleText) else shown


def language_name(code: str, in_lang: str) -> str:
    """The name of language `code`, written in language `in_lang` (e.g. 'español', 'Spanish')."""
    name = Locale.parse(code, sep="-").get_display_name(Locale.parse(in_lang, sep="-"))
    return name[:1].upper() + name[1:] if name else code


def build_context(loaded: LoadedProfile, lang: str, warnings: list[str] | None = None, school: School | None = None) -> dict:
    """Everything a template may show for one community in one language, for one `school`'s edition if given.

    A school's edition shows the school's name and principal, and the school's own attendance contact
    in place of the community's.
    """
    rtl = is_rtl(lang)
    localizer = Localizer(lang, loaded.slug, rtl=rtl)
    # The documents' own text is not localised value by value: `blocks.block_texts` resolves it below.
    profile = localizer.resolve(loaded.profile.model_copy(update={"documents": None}))
    org = profile["organisation"]
    org["short_name"] = org["short_name"] or org["name"]
    org["districts"] = [d if isinstance(d, dict) else {"name": d, "example": False} for d in org["districts"]]
    org["web_address"] = web_address(org["website"])
    profile["campaign"]["name_lang"] = written_in(loaded.profile.campaign.name, lang)
    site_url = profile["campaign"]["site_url"]
    profile["campaign"]["site_address"] = web_address(site_url) if site_url else None
    resources = profile["resources"]
    for resource in resources:
        resource["language_names"] = [language_name(code, lang) for code in resource["languages"]]
        # The language filter shows a service with interpreters for every language the site is in.
        served = loaded.profile.languages if resource["interpreters"] else []
        resource["filter_languages"] = list(dict.fromkeys([*resource["languages"], *served]))
    groups = [
        {"category": category.value, "resources": [r for r in resources if r["category"] == category.value]}
        for category in Category
    ]
    contacts = profile["contacts"]
    contacts["accessibility"] = contacts["accessibility"] or contacts["attendance"]
    profile["documents"] = block_texts(loaded.profile, lang, loaded.slug, localizer.warnings)
    if warnings is not None:
        warnings.extend(localizer.warnings)
    school_values = None
    if school is not None:

        def value(text: str, local: bool = True):
            return localizer.text(text, "school", example=school.example, local=local)

        school_values = {
            "slug": school.slug,
            "name": value(school.name),
            "principal": value(school.principal),
            "example": school.example,
        }
        attendance = {
            "name": value(school.contact_name),
            "phone": value(school.phone, False),
            "email": value(school.email, False),
        }
        profile["contacts"] = {**profile["contacts"], "attendance": {**attendance, "website": None, "example": school.example}}
    campaign = loaded.profile.campaign
    sheet_url = page_url(campaign.site_url, loaded.profile.languages, lang, "resource-sheet")
    return {
        **profile,
        "resource_sheet": {"url": sheet_url, "address": web_address(sheet_url) if sheet_url else None},
        # The campaign's school days in September: the calendar dates a post for each.
        "calendar_days": calendar.posting_days(campaign.start, campaign.end, campaign.holidays),
        "school": school_values,
        "slug": loaded.slug,
        "lang": lang,
        "dir": "rtl" if rtl else "ltr",
        "resource_groups": [g for g in groups if g["resources"]],
        "languages": [{"code": code, "name": language_name(code, code)} for code in profile["languages"]],
    }


def text_coverage(model: BaseModel, lang: str, path: str = "") -> tuple[int, list[str]]:
    """How many family-facing text fields `model` has, and the key paths of those with no `lang` text.

    A plain string counts as written in English only: it is shown unchanged in every language.
    """
    total, missing = 0, list[str]()
    for name, info in type(model).model_fields.items():
        value, where = getattr(model, name), f"{path}.{name}".lstrip(".")
        if name == "documents" and isinstance(value, dict):  # a document's text blocks, each a localised text
            for kind, blocks in value.items():
                for block, text in blocks.items():
                    total += 1
                    if lang != FALLBACK_LANGUAGE and not (isinstance(text, dict) and lang in text):
                        missing.append(f"{where}.{kind}.{block}")
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            item_path = where if index is None else f"{where}[{index}]"
            if isinstance(item, BaseModel):
                sub_total, sub_missing = text_coverage(item, lang, item_path)
                total, missing = total + sub_total, missing + sub_missing
            elif _is_local_text(info.annotation) and item is not None:
                total += 1
                if lang != FALLBACK_LANGUAGE and not (isinstance(item, dict) and lang in item):
                    missing.append(item_path)
    return total, missing
