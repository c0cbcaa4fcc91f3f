"""Safe, bounded YAML that remembers where each key and item was written (file, line, column).

Profiles and pages' front matter are read here. The file's size, the nesting depth and the number of
values once aliases are expanded are checked while reading, so a hostile file is refused in well under a
second; every problem is a `Problem` located at its line.
"""

from __future__ import annotations

import typing
from pathlib import Path

import yaml

from .errors import Problem, ProfileError
from .schema import unprintable_message


class Mark(typing.NamedTuple):
    file: str
    line: int  # 1-based
    column: int  # 1-based


class YamlMapping(dict):
    """A YAML mapping that remembers where each of its keys was written."""

    mark: Mark
    key_marks: dict


class YamlSequence(list):
    """A YAML sequence that remembers where each of its items was written."""

    mark: Mark
    item_marks: list


def problem_at(mark: Mark, key_path: str, message: str) -> Problem:
    """A problem at `mark`, about `key_path`."""
    return Problem(mark.file, mark.line, mark.column, key_path, message)


MAX_PROFILE_BYTES = 256 * 1024
"""A profile is a few kilobytes; anything near this is a mistake or an attack, refused before parsing."""
MAX_DEPTH = 16
"""Deepest nesting of mappings and lists a profile may use (the schema itself needs 4)."""
MAX_VALUES = 50_000
"""Most values a profile may hold once its aliases are expanded (a billion-laughs bomb holds billions)."""


def read_yaml(path: Path, display: str) -> YamlMapping:
    """Read a YAML mapping safely, keeping the position of every key and item.

    Bounded: the file's size, the nesting depth and the number of values after aliases are expanded
    are checked as the YAML is read, so a hostile file is refused in well under a second."""
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            message = f"expected a profile of at most {MAX_PROFILE_BYTES // 1024} KB, found {size / 1024:,.0f} KB"
            raise ProfileError([Problem(display, 1, 1, "", message)])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ProfileError([Problem(display, 1, 1, "", f"expected UTF-8 text: {error.reason}")]) from None
    return read_yaml_text(text, display)


def read_yaml_text(text: str, display: str, first_line: int = 1) -> YamlMapping:
    """`read_yaml` on text already read (a page's front matter, which starts on `first_line` of its file)."""
    if first_line > 1:
        text = "\n" * (first_line - 1) + text  # positions then count from the file's first line
    # libyaml when PyYAML has it (10x faster); the pure-Python parser words syntax errors better.
    try:
        node, data, problems = _compose(getattr(yaml, "CSafeLoader", yaml.SafeLoader), text, display)
    except yaml.YAMLError:
        try:
            node, data, problems = _compose(yaml.SafeLoader, text, display)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise ProfileError([Problem(display, line, col, "", f"invalid YAML: {error.problem or error.context}")]) from None
        except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as NUL or ESC
            line = text.count("\n", 0, error.position) + 1
            column = error.position - text.rfind("\n", 0, error.position)
            message = unprintable_message(chr(error.character))
            raise ProfileError([Problem(display, line, column, "", message)]) from None
    if problems:
        raise ProfileError(problems)
    if not isinstance(data, YamlMapping):
        raise ProfileError([problem_at(mark_of(node, display), "", "expected a mapping of profile keys at the top level")])
    return data


def _compose(loader_class, text: str, display: str):
    _check_depth(loader_class, text, display)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ProfileError([Problem(display, 1, 1, "", "expected a mapping of profile keys, found an empty file")])
        problems: list[Problem] = []
        return node, _Constructor(loader, display, problems).value(node, ""), problems
    finally:
        loader.dispose()


def _check_depth(loader_class, text: str, display: str) -> None:
    # Read as a flat stream of events first: composing a node tree nested ten thousand deep would
    # exhaust the stack before any check on the tree could run.
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line, column = (event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else (1, 1)
                message = f"expected mappings and lists nested at most {MAX_DEPTH} deep, found deeper nesting"
                raise ProfileError([Problem(display, line, column, "", message)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def mark_of(node: yaml.Node, display: str) -> Mark:
    """Where `node` starts, 1-based as editors count."""
    return Mark(display, node.start_mark.line + 1, node.start_mark.column + 1)


_UNREADABLE = object()
"""A scalar YAML could not turn into a value (its problem is reported); never reaches validation as such."""


class _Constructor:
    """Builds positioned mappings and lists from YAML nodes, counting every value it makes: an alias is
    expanded each time it is used, so the count bounds what anchors and aliases can multiply."""

    def __init__(self, loader, display: str, problems: list[Problem]):
        self.loader, self.display, self.problems = loader, display, problems
        self.values = 0
        self._open: set[int] = set()
        """The nodes being built: an alias to one of them would make a value that contains itself."""

    def value(self, node: yaml.Node, path: str):
        self.values += 1
        mark = mark_of(node, self.display)
        if self.values > MAX_VALUES:
            message = (
                f"expected at most {MAX_VALUES:,} values, found more once aliases are expanded (aliases that repeat aliases?)"
            )
            raise ProfileError([problem_at(mark, path, message)])
        if id(node) in self._open:
            raise ProfileError([problem_at(mark, path, "expected a value, found an alias inside the value it names")])
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self._open.add(id(node))
            try:
                return self._mapping(node, path) if isinstance(node, yaml.MappingNode) else self._sequence(node, path)
            finally:
                self._open.discard(id(node))
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:  # a date that does not exist, a number too long to read
            self.problems.append(
                problem_at(mark, path, f"expected a value that can be read, found {str(node.value)[:40]!r} ({error})")
            )
            return _UNREADABLE

    def _sequence(self, node: yaml.SequenceNode, path: str) -> YamlSequence:
        sequence = YamlSequence()
        sequence.mark, sequence.item_marks = mark_of(node, self.display), []
        for index, item in enumerate(node.value):
            sequence.item_marks.append(mark_of(item, self.display))
            sequence.append(self.value(item, f"{path}[{index}]"))
        return sequence

    def _mapping(self, node: yaml.MappingNode, path: str) -> YamlMapping:
        result = YamlMapping()
        result.mark, result.key_marks = mark_of(node, self.display), {}
        for key_node, value_node in node.value:
            where = mark_of(key_node, self.display)
            if not isinstance(key_node, yaml.ScalarNode):
                found = "a mapping" if isinstance(key_node, yaml.MappingNode) else "a list"
                self.problems.append(problem_at(where, path, f"expected a key of plain text, found {found} used as a key"))
                continue
            key = self.value(key_node, path)
            if key is _UNREADABLE:
                continue
            key_path = f"{path}.{key}" if path else str(key)
            if key in result:
                first = result.key_marks[key]
                self.problems.append(
                    problem_at(where, key_path, f"expected each key once, found it again (first on line {first.line})")
                )
                continue
            result.key_marks[key] = where
            result[key] = self.value(value_node, key_path)
        return result
