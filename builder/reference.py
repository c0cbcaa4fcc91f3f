"""The profile reference in Markdown, generated from the schema's field descriptions."""

from __future__ import annotations

import types
import typing
from enum import Enum

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .blocks import shared_texts
from .kinds import TEXT_BLOCKS
from .schema import LanguageCode, Profile

_NAMES = {str: "text", bool: "true/false", int: "number", float: "number"}


def _type_name(annotation) -> str:
    if annotation == LanguageCode:
        return "language code"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Literal:
        return " or ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict and typing.get_origin(args[1]) is dict:
        return "[document text blocks](#document-text-blocks)"
    if origin in (typing.Union, types.UnionType):
        if str in args and dict[str, str] in args:
            return "localised text" + (" or none" if type(None) in args else "")
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " or ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return _NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _models(model: type[BaseModel], seen: list) -> list:
    if model in seen:
        return seen
    seen.append(model)
    for field in model.model_fields.values():
        for arg in _walk(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                _models(arg, seen)
    return seen


def _walk(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _walk(arg)


def _yaml(value) -> str:
    """A default as it would be written in a profile (`false`, `[en]`), not as Python shows it."""
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def profile_reference() -> str:
    """Markdown tables of every profile section: key, type, default and description."""
    lines = []
    for model in _models(Profile, []):
        lines += [f"### {model.__name__}", ""]
        if model.__doc__ and model is Profile:
            lines += [model.__doc__.strip(), ""]
        lines += ["| key | type | default | description |", "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            if field.default is PydanticUndefined and field.default_factory is None:
                default = "required"
            else:
                value = field.get_default(call_default_factory=True)
                if isinstance(value, BaseModel):  # a section whose keys are all optional: none set
                    value = value.model_dump(exclude_none=True) or None
                default = f"`{_yaml(value)}`" if value not in (None, [], "") else "none"
            description = (field.description or "").replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{name}` | {_type_name(field.annotation)} | {default} | {description} |")
        lines.append("")
    return "\n".join(lines + _block_table())


def _block_table() -> list[str]:
    """Every document text block a profile may replace, with its shared English text (read from the templates)."""
    lines = [
        "### Document text blocks",
        "",
        "`documents: <kind>: <block>:` replaces the shared text below; `{name}` stands for a value of the profile.",
        "",
        "| kind | block | shared English text |",
        "| --- | --- | --- |",
    ]
    texts = shared_texts()
    for kind, blocks in TEXT_BLOCKS.items():
        for block in blocks:
            shared = " / ".join(texts[kind][block]).replace("|", "\\|")
            lines.append(f"| `{kind}` | `{block}` | {shared} |")
    lines.append("")
    return lines
