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

import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .errors import Problem, ProfileError, UsageError
from .layout import PROFILE_FILE, available_slugs, inside, is_slug
from .located import problem_from_pydantic, without_redundant_missing
from .logo import Logo, LogoError, read_logo
from .origins import Inherited, Origin, inherited_facts, origins
from .positioned import Mark, YamlMapping, YamlSequence, problem_at, read_yaml
from .schema import Profile, first_unprintable, unprintable_message
from .schools import SchoolList

if typing.TYPE_CHECKING:
    from .pages import CustomPage


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
        problems.extend(problem_from_pydantic(e, data) for e in error.errors())
        problems = sorted(without_redundant_missing(problems), key=lambda p: (p.file, p.line, p.column))
        raise ProfileError(problems) from None
    logo_mark = data["brand"]["logo"].key_marks["file"]
    try:
        logo = read_logo(_community_file(profile.brand.logo.file, logo_mark, sites_dir, sources), profile.brand.logo.file)
    except LogoError as error:
        raise ProfileError([problem_at(logo_mark, "brand.logo.file", str(error))]) from None
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


def _community_file(name: str, mark: Mark, sites_dir: Path, sources: tuple[Path, ...]) -> Path:
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


def _text_problems(value, key_path: str, mark: Mark | None = None) -> list[Problem]:
    """Every text value (and key) of a profile, checked: at most MAX_TEXT characters, and nothing a page,
    a PDF or a terminal would show wrongly or act on: control characters (but tab and line feed),
    unassigned or private-use code points, lone surrogates, line and paragraph separators, bidirectional controls (the builder adds
    its own isolates where right-to-left text needs them)."""
    if isinstance(value, YamlMapping):
        problems = []
        for key, item in value.items():
            where = f"{key_path}.{key}" if key_path else str(key)
            problems += _text_problems(key, where, value.key_marks[key]) if isinstance(key, str) else []
            problems += _text_problems(item, where, value.key_marks[key])
        return problems
    if isinstance(value, YamlSequence):
        return [p for i, item in enumerate(value) for p in _text_problems(item, f"{key_path}[{i}]", value.item_marks[i])]
    if not isinstance(value, str) or mark is None:
        return []
    limit = MAX_BLOCK_TEXT if key_path.startswith("documents.") else MAX_TEXT
    if len(value) > limit:
        return [problem_at(mark, key_path, f"expected at most {limit:,} characters, found {len(value):,}")]
    char = first_unprintable(value, allowed="\t\n")
    if char is not None:
        return [problem_at(mark, key_path, unprintable_message(char))]
    return []


def _resolve(slug: str, sites_dir: Path, chain: tuple[str, ...]) -> tuple[YamlMapping, tuple[Path, ...]]:
    path = sites_dir / slug / PROFILE_FILE
    data = read_yaml(path, display=display_path(path, sites_dir))
    parent = data.get("extends")
    if parent is None:
        return data, (path,)
    mark = data.key_marks["extends"]
    if not isinstance(parent, str) or not is_slug(parent):
        raise ProfileError([problem_at(mark, "extends", f"expected the slug of another community, found {parent!r}")])
    if parent == slug or parent in chain:
        cycle = " -> ".join((*chain, slug, parent))
        raise ProfileError(
            [problem_at(mark, "extends", f"expected a profile that does not extend itself, found the cycle {cycle}")]
        )
    if parent not in available_slugs(sites_dir):  # a community: a slug-named folder, its profile inside it
        known = ", ".join(available_slugs(sites_dir))
        raise ProfileError([problem_at(mark, "extends", f"expected an existing community, found {parent!r} (known: {known})")])
    base, sources = _resolve(parent, sites_dir, (*chain, slug))
    return merge(base, data), (*sources, path)


def _stray_omits(data: YamlMapping) -> list[Problem]:
    # Forks consume their `omit: true` entries while merging; any left were never a parent's.
    # They are taken out, so that validation does not also report their missing fields.
    resources = data.get("resources")
    if not isinstance(resources, YamlSequence):
        return []
    problems, kept = [], YamlSequence()
    kept.mark, kept.item_marks = resources.mark, []
    for index, (item, mark) in enumerate(zip(resources, resources.item_marks, strict=True)):
        if isinstance(item, YamlMapping) and item.get("omit") is True:
            problems.append(
                problem_at(
                    mark, f"resources[{index}]", "expected `omit: true` only in a fork, to leave out a resource of its parent"
                )
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


def merge(base: YamlMapping, override: YamlMapping, path: str = "") -> YamlMapping:
    """Deep-merge a fork over its parent (see the module docstring for the rules)."""
    result = YamlMapping(base)
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
        if isinstance(old, YamlMapping) and isinstance(value, YamlMapping) and not _is_text_block(where):
            value = merge(old, value, where)
        elif key == "resources" and isinstance(old, YamlSequence) and isinstance(value, YamlSequence):
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


def _merge_by_id(base: YamlSequence, override: YamlSequence) -> YamlSequence:
    def ident(item):
        return item.get("id") if isinstance(item, YamlMapping) else None

    items = list(zip(base, base.item_marks, strict=True))
    positions = {ident(item): i for i, (item, _) in enumerate(items) if ident(item) is not None}
    for item, mark in zip(override, override.item_marks, strict=True):
        key = ident(item)
        if key == ALL_RESOURCES and isinstance(item, YamlMapping) and item.get("omit") is True:
            items, positions = [], {}  # `- {id: "*", omit: true}`: none of the parent's resources
        elif key is not None and key in positions:
            index = positions[key]
            items[index] = (merge(items[index][0], item), mark)
        elif isinstance(item, YamlMapping) and item.get("omit") is True:
            raise ProfileError(
                [
                    problem_at(
                        mark,
                        "resources",
                        f"expected `omit: true` to name a resource of the parent profile, found id {key!r} (the parent's ids: {', '.join(map(str, positions)) or 'none'})",
                    )
                ]
            )
        else:
            items.append((item, mark))
    result = YamlSequence(item for item, _ in items if not (isinstance(item, YamlMapping) and item.get("omit") is True))
    result.mark = override.mark
    result.item_marks = [mark for item, mark in items if not (isinstance(item, YamlMapping) and item.get("omit") is True)]
    return result
