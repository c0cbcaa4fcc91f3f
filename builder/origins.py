"""Where each value of a merged profile was written, and which of a fork's values are facts about its parent.

A fork inherits every key it does not set. Most of that is harmless (a colour, a language list), but
some of it is about the parent's community, not the fork's: the leader who signs the letter, contact
names, phone numbers, e-mail and web addresses, the statistic, the parent's local resources. Those are
`Inherited` facts: `toolkit check` warns about each (`--strict` makes them errors), and `toolkit show`
prints every value with the file and line it comes from.
"""

from __future__ import annotations

import re
import typing
from pathlib import PurePosixPath


class Origin(typing.NamedTuple):
    """One value of a merged profile (a text, number, date or true/false), with where it was written."""

    key_path: str
    """As messages write it: `leader.name`, `contacts.press.name.es`, `resources[food-bank].phone`."""
    value: object
    file: str
    line: int
    column: int


class Inherited(typing.NamedTuple):
    """A fact about the parent community that a fork publishes because it does not set it."""

    key_path: str
    value: object
    parent: str
    """The slug of the community whose profile wrote it."""
    file: str
    line: int
    column: int

    def message(self, slug: str) -> str:
        shown = "" if self.value is None else f" {_quoted(self.value)}"
        return f"{slug}: {self.key_path}{shown} is inherited from {self.parent} ({self.file}:{self.line}:{self.column})"


def _quoted(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


_FACT_KEYS = frozenset({"phone", "email", "website", "site_url", "address"})
_LANGUAGE = r"(\.[A-Za-z-]+)?"
_FACT_PATHS = (
    re.compile(rf"leader\.name{_LANGUAGE}"),
    re.compile(r"proclaimers\.[^.]+\.name"),
    re.compile(rf"contacts\.[^.]+\.name{_LANGUAGE}"),
    re.compile(r"organisation\.districts\[\d+\](\.name)?"),
)

_LOCALISED_NAME = re.compile(r"(.+\.name)\.[A-Za-z-]+")


def origins(data) -> tuple[Origin, ...]:
    """Every value of a merged profile (`positioned.YamlMapping`), in file order, with the mark it was written at."""
    found: list[Origin] = []
    _walk(data, "", None, found)
    return tuple(found)


def _walk(value, key_path: str, mark, found: list[Origin]) -> None:
    key_marks = getattr(value, "key_marks", None)
    item_marks = getattr(value, "item_marks", None)
    if isinstance(value, dict) and key_marks is not None:
        for key, item in value.items():
            _walk(item, f"{key_path}.{key}" if key_path else str(key), key_marks[key], found)
    elif isinstance(value, list) and item_marks is not None:
        for index, (item, item_mark) in enumerate(zip(value, item_marks, strict=True)):
            ident = item.get("id") if isinstance(item, dict) and key_path == "resources" else None
            _walk(item, f"{key_path}[{ident if isinstance(ident, str) else index}]", item_mark, found)
    elif mark is not None:
        found.append(Origin(key_path, value, mark.file, mark.line, mark.column))


def inherited_facts(data, own_file: str) -> tuple[Inherited, ...]:
    """The facts about a parent in a merged profile whose own file is `own_file`: each inherited resource
    once (by id), the statistic once if the fork does not set it, and every other fact value by value."""
    facts: list[Inherited] = []

    def add(key_path: str, value, mark) -> None:
        facts.append(Inherited(key_path, value, _slug(mark.file), mark.file, mark.line, mark.column))

    statistic_mark = data.key_marks.get("statistic")
    whole_statistic = data.get("statistic") is not None and statistic_mark and statistic_mark.file != own_file
    if whole_statistic:
        add("statistic", _statistic_summary(data["statistic"]), statistic_mark)
    resources = data.get("resources")
    whole_resources: set[str] = set()
    resource_marks = getattr(resources, "item_marks", None)
    if isinstance(resources, list) and resource_marks is not None:
        for item, mark in zip(resources, resource_marks, strict=True):
            if mark.file != own_file and isinstance(item, dict):
                ident = item.get("id")
                whole_resources.add(f"resources[{ident}]")
                add(f"resources[{ident}]", _name(item.get("name")), mark)
    localised_names: set[str] = set()
    every = origins(data)
    # A fork that wrote a name in some languages inherits the others one by one: those keep their language.
    partly_own = {m.group(1) for o in every if o.file == own_file and (m := _LOCALISED_NAME.fullmatch(o.key_path))}
    for origin in every:
        if origin.file == own_file or origin.key_path.endswith((".example", ".omit")):
            continue
        if whole_statistic and origin.key_path.startswith("statistic."):
            continue
        if any(origin.key_path.startswith(prefix + ".") for prefix in whole_resources):
            continue
        if not _is_fact(origin.key_path):
            continue
        # A name written in every language is one fact: named once, by its first language's text.
        localised = _LOCALISED_NAME.fullmatch(origin.key_path)
        if localised and localised.group(1) in partly_own:
            localised = None
        key_path = localised.group(1) if localised else origin.key_path
        if localised and key_path in localised_names:
            continue
        localised_names.add(key_path)
        facts.append(Inherited(key_path, origin.value, _slug(origin.file), origin.file, origin.line, origin.column))
    return tuple(sorted(facts, key=lambda fact: (fact.file, fact.line, fact.column)))


def _is_fact(key_path: str) -> bool:
    if key_path.startswith("statistic."):
        return True
    parts = re.split(r"[.\[]", key_path)
    if _FACT_KEYS.intersection(parts):
        return True
    return any(pattern.fullmatch(key_path) for pattern in _FACT_PATHS)


def _statistic_summary(statistic) -> str | None:
    if not isinstance(statistic, dict):
        return None
    percent, year = statistic.get("chronic_absence_percent"), statistic.get("school_year")
    return f"{percent}% chronically absent in {year}" if percent is not None else None


def _name(name) -> object:
    if isinstance(name, dict):  # localised: its first language
        return next(iter(name.values()), None)
    return name


def _slug(file: str) -> str:
    """The community that wrote `file` (`sites/<slug>/profile.yaml`)."""
    return PurePosixPath(file).parent.name
