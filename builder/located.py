"""Validation problems worded for the coordinator who wrote the profile, each located at its file and line.

Pydantic's errors become `Problem`s at the position of the deepest key that exists in the YAML, in the
words of what should have been written; an unknown key gets a did-you-mean from the keys allowed there.
"""

from __future__ import annotations

import difflib
import types
import typing

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .errors import Problem
from .positioned import Mark, YamlMapping, YamlSequence, problem_at
from .schema import PATTERN_NAMES, Profile


def _locate(data, loc: tuple) -> tuple[Mark, str]:
    """The position of the deepest part of `loc` that exists in the YAML, and the dotted key path."""
    mark, node, parts = data.mark, data, list[str]()
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
        else:
            parts.append(str(part))
        if isinstance(node, YamlMapping) and part in node:
            mark, node = node.key_marks[part], node[part]
        elif isinstance(node, YamlSequence) and isinstance(part, int) and part < len(node):
            mark, node = node.item_marks[part], node[part]
        else:
            node = None
    return mark, ".".join(parts)


def problem_from_pydantic(error: ErrorDetails, data: YamlMapping) -> Problem:
    # A model-level check names the exact key it is about in its context's "at".
    loc = tuple(error["loc"]) + tuple(error.get("ctx", {}).get("at", ()))
    kind = error["type"]
    if kind == "extra_forbidden":
        mark, key_path = _locate(data, loc)
        message, close = _unknown_key_message(loc)
        meant = key_path.rpartition(".")[0] + "." + close if close and "." in key_path else close
        return Problem(mark.file, mark.line, mark.column, key_path, message, meant)
    mark, key_path = _locate(data, loc)
    if kind == "missing":
        return problem_at(mark, key_path, _MISSING)
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] in PATTERN_NAMES:
        return problem_at(mark, key_path, f"expected {PATTERN_NAMES[error['ctx']['pattern']]}, found {error['input']!r}")
    if kind in _TYPE_MESSAGES:
        return problem_at(mark, key_path, f"expected {_TYPE_MESSAGES[kind]}, found {error['input']!r}")
    message = error["msg"]
    if "at" in error.get("ctx", {}):  # the schema's own checks word their messages fully
        return problem_at(mark, key_path, message)
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    else:
        message = f"expected {message[0].lower()}{message[1:]}".replace("expected input should", "expected a value that should")
        message += f", found {error['input']!r}"
    return problem_at(mark, key_path, message)


_MISSING = "expected this required key, found it missing"

_TYPE_MESSAGES = {
    "list_type": "a list (`[a, b]`, or one `- item` per line)",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "date_type": "a date written as YYYY-MM-DD",
    "date_parsing": "a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written as YYYY-MM-DD",
}
"""Pydantic error types, as what a profile author should have written."""


def without_redundant_missing(problems: list[Problem]) -> list[Problem]:
    # A misspelt key also makes the key it meant "missing"; the did-you-mean says it all.
    meant = {p.meant for p in problems if p.meant}
    return [p for p in problems if not (p.key_path in meant and p.message == _MISSING)]


def _unknown_key_message(loc: tuple) -> tuple[str, str | None]:
    """The message for an unknown key at a pydantic location, and the valid key it most likely meant."""
    return unknown_key(str(loc[-1]), _keys_at(loc[:-1]))


def unknown_key(key: str, valid: typing.Sequence[str]) -> tuple[str, str | None]:
    """The message for an unknown `key` where `valid` keys are allowed, and the one it most likely meant."""
    message = f"unknown key {key!r}"
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message + f" (valid keys here: {', '.join(valid)})", (close[0] if close else None)


def _keys_at(loc: tuple) -> list[str]:
    """The keys the schema allows at `loc` (a pydantic error location)."""
    model: typing.Any = Profile
    for part in loc:
        model = _inner_model(model)
        if model is None:
            return []
        if isinstance(part, str) and issubclass(model, BaseModel):
            field = model.model_fields.get(part)
            model = field.annotation if field else None
        # int parts index a list; _inner_model unwraps the list on the next step.
    model = _inner_model(model)
    return list(model.model_fields) if model else []


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None
