"""Load community profiles: safe YAML with positions, `extends:` forks, deep merge, validation.

The result is a frozen `Profile` model per community. Every problem in every
requested profile is collected and raised once as a `ProfileError`, each
located as `file:line:column: key.path: message`.

Merging rules for `extends:` (documented in the README):
- mappings merge key by key, recursively; the fork's value wins;
- `resources` merge by `id`: a fork's resource with a parent's id is merged into
  it, a new id is appended, and `omit: true` drops the parent's resource (`id: "*"`: all of them);
- every other list (languages, hashtags, districts...) is replaced whole;
- a document's text block (`documents.<kind>.<block>`) is replaced whole, in every language: a fork's
  English-only block does not keep its parent's Spanish wording of other text;
- `key: null` drops the parent's value (a section such as `statistic`, or every inherited resource),
  leaving the key's default, as if neither had set it.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem, ProfileError, UsageError
from .layout import PROFILE_FILE, available_slugs, inside, is_slug
from .logo import Logo, LogoError, read_logo
from .origins import Inherited, Origin, inherited_facts, origins
from .schema import PATTERN_NAMES, Profile, first_unprintable, unprintable_message
from .schools import SchoolList

if typing.TYPE_CHECKING:
    from .pages import CustomPage


class _Mark(typing.NamedTuple):
    file: str
    line: int  # 1-based
    column: int  # 1-based


class _Mapping(dict):
    """A YAML mapping that remembers where each of its keys was written."""

    mark: _Mark
    key_marks: dict


class _Sequence(list):
    """A YAML sequence that remembers where each of its items was written."""

    mark: _Mark
    item_marks: list


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile with what the later stages need to know about its files."""

    slug: str
    profile: Profile
    directory: Path
    """The community's own folder, `sites/<slug>/`."""
    logo: Logo
    """The logo, read from beside the profile that set it, checked and (an SVG) sanitised."""
    sources: tuple[Path, ...]
    """Every profile file merged into this one, parent first."""
    schools: SchoolList = SchoolList()
    """The schools of `schools.csv` beside the profile, if there is one, and its bad rows (read by `load.py`)."""
    origins: tuple[Origin, ...] = ()
    """Every value of the merged profile with the file, line and column it was written at (`toolkit show`)."""
    inherited: tuple[Inherited, ...] = ()
    """The facts about a parent (people, phones, addresses, the statistic, resources) that this fork does
    not set and so inherits; none for a profile without `extends:` (`toolkit check` warns about each)."""
    pages: tuple[CustomPage, ...] = ()
    """The community's own pages (`pages/<name>.md`, its parents' included), read by `load.py`."""


def load_profiles(slugs: list[str] | None, sites_dir: Path) -> list[LoadedProfile]:
    """Load and validate the named profiles (all when `slugs` is empty), reporting every problem at once."""
    loaded, problems = load_each(slugs, sites_dir)
    if problems:
        raise ProfileError(problems)
    return loaded


def load_each(slugs: list[str] | None, sites_dir: Path) -> tuple[list[LoadedProfile], list[Problem]]:
    """The named profiles that are valid, and every problem of those that are not; an unknown slug is a
    `UsageError` at once."""
    known = available_slugs(sites_dir)
    slugs = list(slugs or known)
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise UsageError(
            f"no community named {', '.join(map(repr, unknown))} in {sites_dir}; known: {', '.join(known) or '(none)'}"
        )
    problems: list[Problem] = []
    loaded: list[LoadedProfile] = []
    for slug in slugs:
        try:
            loaded.append(load_profile(slug, sites_dir))
        except ProfileError as error:
            problems.extend(error.problems)
    return loaded, problems


def load_profile(slug: str, sites_dir: Path) -> LoadedProfile:
    """Load one community's profile, resolving `extends:` and validating the merged result."""
    data, sources = _resolve(slug, sites_dir, chain=())
    data.pop("extends", None)
    problems: list[Problem] = _stray_omits(data) + _text_problems(data, "")
    try:
        profile = Profile.model_validate(data)
        if problems:
            raise ProfileError(problems)
    except ValidationError as error:
        problems.extend(_problem_from_pydantic(e, data) for e in error.errors())
        problems = sorted(_without_redundant_missing(problems), key=lambda p: (p.file, p.line, p.column))
        raise ProfileError(problems) from None
    logo_mark = data["brand"]["logo"].key_marks["file"]
    try:
        logo = read_logo(_community_file(profile.brand.logo.file, logo_mark, sites_dir, sources), profile.brand.logo.file)
    except LogoError as error:
        raise ProfileError([_at(logo_mark, "brand.logo.file", str(error))]) from None
    written = origins(data)
    problems = _post_problems(profile, written)
    if problems:
        raise ProfileError(problems)
    own_file = display_path(sources[-1], sites_dir)
    inherited = inherited_facts(data, own_file) if len(sources) > 1 else ()
    return LoadedProfile(slug, profile, sites_dir / slug, logo, sources, origins=written, inherited=inherited)


def _post_problems(profile: Profile, written: tuple[Origin, ...]) -> list[Problem]:
    """A problem for each post of the community's own (a shared post's block, an extra post) that would not
    fit X's limit once the campaign's link and hashtags are added."""
    from .posts import MAX_POST_LENGTH, measure_post

    problems = []
    for origin in written:
        path = origin.key_path
        post = path.startswith("extra_posts[") or (
            path.startswith("documents.social-posts.") and not path.startswith("documents.social-posts.lead")
        )
        if not post or not isinstance(origin.value, str):
            continue
        length = measure_post(origin.value, profile.campaign.site_url, profile.campaign.hashtags).length
        if length > MAX_POST_LENGTH:
            message = (
                f"expected a post that fits X's {MAX_POST_LENGTH} characters with the campaign's link and hashtags, "
                f"found {length}; shorten it by {length - MAX_POST_LENGTH}"
            )
            problems.append(Problem(origin.file, origin.line, origin.column, path, message))
    return problems


def _community_file(name: str, mark: _Mark, sites_dir: Path, sources: tuple[Path, ...]) -> Path:
    """The file a profile names, relative to the profile that names it; it must be, once every symbolic
    link is followed, inside the folder of the community or of one of its fork parents."""
    folders = [source.parent for source in sources]
    path = (sites_dir.parent / mark.file).parent / name  # `mark.file` is shown from the project folder
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_FILE_NAME for part in Path(name).parts):
        raise LogoError(f"expected a file name of at most {MAX_FILE_NAME} bytes, found a longer one")
    if Path(name).is_absolute() or not any(inside(path, folder) for folder in folders):
        where = " or ".join(f"{folder.parent.name}/{folder.name}/" for folder in folders)
        raise LogoError(f"expected a file inside the community's folder ({where}), found {name!r}, which is outside it")
    if not path.is_file():
        raise LogoError(f"expected an existing file, found no {name!r} beside the profile")
    return path


MAX_FILE_NAME = 255
"""Bytes in one file or folder name, as file systems allow."""
MAX_TEXT = 1000
"""Characters in one value: a slogan is a line, a service's description two sentences."""
MAX_BLOCK_TEXT = 4000
"""Characters in one language of a document's text block (`documents.*`): a letter's body is several paragraphs."""


def _text_problems(value, key_path: str, mark: _Mark | None = None) -> list[Problem]:
    """Every text value (and key) of a profile, checked: at most MAX_TEXT characters, and nothing a page,
    a PDF or a terminal would show wrongly or act on: control characters (but tab and line feed),
    unassigned or private-use code points, lone surrogates, line and paragraph separators, bidirectional controls (the builder adds
    its own isolates where right-to-left text needs them)."""
    if isinstance(value, _Mapping):
        problems = []
        for key, item in value.items():
            where = f"{key_path}.{key}" if key_path else str(key)
            problems += _text_problems(key, where, value.key_marks[key]) if isinstance(key, str) else []
            problems += _text_problems(item, where, value.key_marks[key])
        return problems
    if isinstance(value, _Sequence):
        return [p for i, item in enumerate(value) for p in _text_problems(item, f"{key_path}[{i}]", value.item_marks[i])]
    if not isinstance(value, str) or mark is None:
        return []
    limit = MAX_BLOCK_TEXT if key_path.startswith("documents.") else MAX_TEXT
    if len(value) > limit:
        return [_at(mark, key_path, f"expected at most {limit:,} characters, found {len(value):,}")]
    char = first_unprintable(value, allowed="\t\n")
    if char is not None:
        return [_at(mark, key_path, unprintable_message(char))]
    return []


def _resolve(slug: str, sites_dir: Path, chain: tuple[str, ...]) -> tuple[_Mapping, tuple[Path, ...]]:
    path = sites_dir / slug / PROFILE_FILE
    data = read_yaml(path, display=display_path(path, sites_dir))
    parent = data.get("extends")
    if parent is None:
        return data, (path,)
    mark = data.key_marks["extends"]
    if not isinstance(parent, str) or not is_slug(parent):
        raise ProfileError([_at(mark, "extends", f"expected the slug of another community, found {parent!r}")])
    if parent == slug or parent in chain:
        cycle = " -> ".join((*chain, slug, parent))
        raise ProfileError([_at(mark, "extends", f"expected a profile that does not extend itself, found the cycle {cycle}")])
    if parent not in available_slugs(sites_dir):  # a community: a slug-named folder, its profile inside it
        known = ", ".join(available_slugs(sites_dir))
        raise ProfileError([_at(mark, "extends", f"expected an existing community, found {parent!r} (known: {known})")])
    base, sources = _resolve(parent, sites_dir, (*chain, slug))
    return merge(base, data), (*sources, path)


def _stray_omits(data: _Mapping) -> list[Problem]:
    # Forks consume their `omit: true` entries while merging; any left were never a parent's.
    # They are taken out, so that validation does not also report their missing fields.
    resources = data.get("resources")
    if not isinstance(resources, _Sequence):
        return []
    problems, kept = [], _Sequence()
    kept.mark, kept.item_marks = resources.mark, []
    for index, (item, mark) in enumerate(zip(resources, resources.item_marks, strict=True)):
        if isinstance(item, _Mapping) and item.get("omit") is True:
            problems.append(
                _at(mark, f"resources[{index}]", "expected `omit: true` only in a fork, to leave out a resource of its parent")
            )
        else:
            kept.append(item)
            kept.item_marks.append(mark)
    data["resources"] = kept
    return problems


def display_path(path: Path, sites_dir: Path) -> str:
    # Messages name files the way a user sees them from the project root.
    try:
        return path.relative_to(sites_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


MAX_PROFILE_BYTES = 256 * 1024
"""A profile is a few kilobytes; anything near this is a mistake or an attack, refused before parsing."""
MAX_DEPTH = 16
"""Deepest nesting of mappings and lists a profile may use (the schema itself needs 4)."""
MAX_VALUES = 50_000
"""Most values a profile may hold once its aliases are expanded (a billion-laughs bomb holds billions)."""


def read_yaml(path: Path, display: str) -> _Mapping:
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


def read_yaml_text(text: str, display: str, first_line: int = 1) -> _Mapping:
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
    if not isinstance(data, _Mapping):
        raise ProfileError([_at(_mark(node, display), "", "expected a mapping of profile keys at the top level")])
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


def _mark(node: yaml.Node, display: str) -> _Mark:
    return _Mark(display, node.start_mark.line + 1, node.start_mark.column + 1)


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
        mark = _mark(node, self.display)
        if self.values > MAX_VALUES:
            message = (
                f"expected at most {MAX_VALUES:,} values, found more once aliases are expanded (aliases that repeat aliases?)"
            )
            raise ProfileError([_at(mark, path, message)])
        if id(node) in self._open:
            raise ProfileError([_at(mark, path, "expected a value, found an alias inside the value it names")])
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self._open.add(id(node))
            try:
                return self._mapping(node, path) if isinstance(node, yaml.MappingNode) else self._sequence(node, path)
            finally:
                self._open.discard(id(node))
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:  # a date that does not exist, a number too long to read
            self.problems.append(_at(mark, path, f"expected a value that can be read, found {str(node.value)[:40]!r} ({error})"))
            return _UNREADABLE

    def _sequence(self, node: yaml.SequenceNode, path: str) -> _Sequence:
        sequence = _Sequence()
        sequence.mark, sequence.item_marks = _mark(node, self.display), []
        for index, item in enumerate(node.value):
            sequence.item_marks.append(_mark(item, self.display))
            sequence.append(self.value(item, f"{path}[{index}]"))
        return sequence

    def _mapping(self, node: yaml.MappingNode, path: str) -> _Mapping:
        result = _Mapping()
        result.mark, result.key_marks = _mark(node, self.display), {}
        for key_node, value_node in node.value:
            where = _mark(key_node, self.display)
            if not isinstance(key_node, yaml.ScalarNode):
                found = "a mapping" if isinstance(key_node, yaml.MappingNode) else "a list"
                self.problems.append(_at(where, path, f"expected a key of plain text, found {found} used as a key"))
                continue
            key = self.value(key_node, path)
            if key is _UNREADABLE:
                continue
            key_path = f"{path}.{key}" if path else str(key)
            if key in result:
                first = result.key_marks[key]
                self.problems.append(_at(where, key_path, f"expected each key once, found it again (first on line {first.line})"))
                continue
            result.key_marks[key] = where
            result[key] = self.value(value_node, key_path)
        return result


def merge(base: _Mapping, override: _Mapping, path: str = "") -> _Mapping:
    """Deep-merge a fork over its parent (see the module docstring for the rules)."""
    result = _Mapping(base)
    result.mark, result.key_marks = override.mark, dict(base.key_marks)
    for key, value in override.items():
        if key == "extends":
            continue
        old = base.get(key)
        if value is None and old is not None:  # `key: null` drops what the parent set; the default applies
            del result[key]
            del result.key_marks[key]
            continue
        where = f"{path}.{key}" if path else str(key)
        if isinstance(old, _Mapping) and isinstance(value, _Mapping) and not _is_text_block(where):
            value = merge(old, value, where)
        elif key == "resources" and isinstance(old, _Sequence) and isinstance(value, _Sequence):
            value = _merge_by_id(old, value)
        result[key] = value
        result.key_marks[key] = override.key_marks[key]
    return result


def _is_text_block(key_path: str) -> bool:
    """True for `documents.<kind>.<block>`, which a fork replaces whole rather than language by language."""
    parts = key_path.split(".")
    return len(parts) == 3 and parts[0] == "documents"


ALL_RESOURCES = "*"
"""The id that, with `omit: true`, drops every resource a fork would inherit."""


def _merge_by_id(base: _Sequence, override: _Sequence) -> _Sequence:
    def ident(item):
        return item.get("id") if isinstance(item, _Mapping) else None

    items = list(zip(base, base.item_marks, strict=True))
    positions = {ident(item): i for i, (item, _) in enumerate(items) if ident(item) is not None}
    for item, mark in zip(override, override.item_marks, strict=True):
        key = ident(item)
        if key == ALL_RESOURCES and isinstance(item, _Mapping) and item.get("omit") is True:
            items, positions = [], {}  # `- {id: "*", omit: true}`: none of the parent's resources
        elif key is not None and key in positions:
            index = positions[key]
            items[index] = (merge(items[index][0], item), mark)
        elif isinstance(item, _Mapping) and item.get("omit") is True:
            raise ProfileError(
                [
                    _at(
                        mark,
                        "resources",
                        f"expected `omit: true` to name a resource of the parent profile, found id {key!r} (the parent's ids: {', '.join(map(str, positions)) or 'none'})",
                    )
                ]
            )
        else:
            items.append((item, mark))
    result = _Sequence(item for item, _ in items if not (isinstance(item, _Mapping) and item.get("omit") is True))
    result.mark = override.mark
    result.item_marks = [mark for item, mark in items if not (isinstance(item, _Mapping) and item.get("omit") is True)]
    return result


def _at(mark: _Mark, key_path: str, message: str) -> Problem:
    return Problem(mark.file, mark.line, mark.column, key_path, message)


def _locate(data, loc: tuple) -> tuple[_Mark, str]:
    """The position of the deepest part of `loc` that exists in the YAML, and the dotted key path."""
    mark, node, parts = data.mark, data, list[str]()
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
        else:
            parts.append(str(part))
        if isinstance(node, _Mapping) and part in node:
            mark, node = node.key_marks[part], node[part]
        elif isinstance(node, _Sequence) and isinstance(part, int) and part < len(node):
            mark, node = node.item_marks[part], node[part]
        else:
            node = None
    return mark, ".".join(parts)


def _problem_from_pydantic(error: ErrorDetails, data: _Mapping) -> Problem:
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
        return _at(mark, key_path, _MISSING)
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] in PATTERN_NAMES:
        return _at(mark, key_path, f"expected {PATTERN_NAMES[error['ctx']['pattern']]}, found {error['input']!r}")
    if kind in _TYPE_MESSAGES:
        return _at(mark, key_path, f"expected {_TYPE_MESSAGES[kind]}, found {error['input']!r}")
    message = error["msg"]
    if "at" in error.get("ctx", {}):  # the schema's own checks word their messages fully
        return _at(mark, key_path, message)
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    else:
        message = f"expected {message[0].lower()}{message[1:]}".replace("expected input should", "expected a value that should")
        message += f", found {error['input']!r}"
    return _at(mark, key_path, message)


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


def _without_redundant_missing(problems: list[Problem]) -> list[Problem]:
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
