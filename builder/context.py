"""Per-language context: a validated profile resolved into what templates show in one language.

Localised text becomes a plain string in the requested language (English when a
translation is missing, with a warning). Every value that comes from a section
marked `example: true` becomes an `ExampleText`, so the renderer can tell when
a document shows an invented value and must be marked SAMPLE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from babel import Locale
from pydantic import BaseModel

from .profile import LoadedProfile
from .schema import Category

FALLBACK_LANGUAGE = "en"


class ExampleText(str):
    """A value that is invented or unverified; showing it makes the document a SAMPLE."""


@dataclass
class Localizer:
    """Resolves profile values into one language, remembering every fallback it made."""

    lang: str
    community: str
    warnings: list[str] = field(default_factory=list)

    def text(self, value, path: str, example: bool = False):
        if isinstance(value, dict):
            chosen = value.get(self.lang)
            if chosen is None:
                chosen = value.get(FALLBACK_LANGUAGE) or next(iter(value.values()))
                self.warnings.append(f"{self.community}: {path} has no {self.lang!r} text; using English")
            value = chosen
        if example and isinstance(value, str):
            return ExampleText(value)
        return value

    def resolve(self, value, path: str = "", example: bool = False):
        """Turn models into dicts, localised text into strings, example values into ExampleText."""
        if isinstance(value, BaseModel):
            example = example or bool(getattr(value, "example", False))
            return {
                name: self.resolve(getattr(value, name), f"{path}.{name}".lstrip("."), example)
                for name in type(value).model_fields
            }
        if isinstance(value, list):
            return [self.resolve(item, f"{path}[{i}]", example) for i, item in enumerate(value)]
        if isinstance(value, Enum):  # before str: these enums are str subclasses
            return value.value
        if isinstance(value, (str, dict)):
            return self.text(value, path, example)
        return value


def language_name(code: str, in_lang: str) -> str:
    """The name of language `code`, written in language `in_lang` (e.g. 'español', 'Spanish')."""
    name = Locale.parse(code, sep="-").get_display_name(Locale.parse(in_lang, sep="-"))
    return name[:1].upper() + name[1:] if name else code


def build_context(loaded: LoadedProfile, lang: str, warnings: list[str] | None = None) -> dict:
    """Everything a template may show for one community in one language."""
    localizer = Localizer(lang, loaded.slug)
    profile = localizer.resolve(loaded.profile)
    org = profile["organisation"]
    org["short_name"] = org["short_name"] or org["name"]
    resources = profile["resources"]
    for resource in resources:
        resource["language_names"] = [language_name(code, lang) for code in resource["languages"]]
    groups = [
        {"category": category.value, "resources": [r for r in resources if r["category"] == category.value]}
        for category in Category
    ]
    if warnings is not None:
        warnings.extend(localizer.warnings)
    return {
        **profile,
        "slug": loaded.slug,
        "lang": lang,
        "dir": "rtl" if Locale.parse(lang, sep="-").character_order == "right-to-left" else "ltr",
        "resource_groups": [g for g in groups if g["resources"]],
        "languages": [{"code": code, "name": language_name(code, code)} for code in profile["languages"]],
    }
