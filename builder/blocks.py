"""A community's own wording of a document's text blocks (`documents: <kind>: <block>:` in a profile).

Each document kind names its blocks (`kinds.DocumentKind.blocks`); its template wraps each block's shared,
translated text in `{% call m.block(documents.<kind>, "<block>") %}`, which prints the community's text
when it has one. The community's text is inline Markdown, converted and sanitised by
`pages.render_inline_markdown`. A block the community wrote in its first language but not in another is
shown in that first language, marked with its `lang`, never as the shared translation of the old wording.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from babel import Locale
from jinja2 import nodes

from .kinds import DOCUMENT_KINDS, TEXT_BLOCKS
from .schema import Profile

SHARED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The toolkit's own templates, whose shared text the profile reference shows."""


def _chosen(value: str | dict[str, str], lang: str, first: str) -> tuple[str, str | None]:
    """The text of a block in `lang`, and the language it is written in when that is not `lang`."""
    if isinstance(value, str):
        return value, (None if lang == first else first)
    if lang in value:
        return value[lang], None
    shown = first if first in value else next(iter(value))
    return value[shown], shown


def block_texts(profile: Profile, lang: str, slug: str, warnings: list[str]) -> dict[str, dict[str, dict | None]]:
    """For every kind with blocks, each block's own text in `lang` (`html`, and `lang`/`dir` when it is the
    community's text in another language), or None for the shared text; each fallback made is warned."""
    from .pages import render_inline_markdown  # Markdown and nh3 are loaded only for a profile that needs them

    first = profile.languages[0]
    rtl = is_rtl(lang)
    texts: dict[str, dict[str, dict | None]] = {}
    for kind, names in TEXT_BLOCKS.items():
        own = profile.documents.get(kind, {})
        texts[kind] = {}
        for name in names:
            if name not in own:
                texts[kind][name] = None
                continue
            text, shown = _chosen(own[name], lang, first)
            if shown is not None:
                warnings.append(missing_message(slug, kind, name, lang, shown))
            direction = None if shown is None or is_rtl(shown) == rtl else ("rtl" if is_rtl(shown) else "ltr")
            texts[kind][name] = {
                "html": render_inline_markdown(text),
                "text": " ".join(text.split()),  # as a social post shows it: plain text, on one line
                "lang": shown,
                "dir": direction,
            }
    return texts


def missing_message(slug: str, kind: str, block: str, lang: str, shown: str) -> str:
    return f"{slug}: documents.{kind}.{block} has no {lang!r} text; showing the community's own {shown!r} text"


def untranslated(slug: str, profile: Profile) -> list[str]:
    """A message for each block and language the community offers that its own text does not cover
    (`toolkit check` warns about each; `--strict` makes them errors)."""
    first = profile.languages[0]
    messages = []
    for kind, blocks in profile.documents.items():
        for name, value in blocks.items():
            for lang in profile.languages:
                _, shown = _chosen(value, lang, first)
                if shown is not None:
                    messages.append(missing_message(slug, kind, name, lang, shown))
    return messages


@functools.cache
def is_rtl(lang: str) -> bool:
    """True for a language written right to left (Arabic)."""
    return Locale.parse(lang, sep="-").character_order == "right-to-left"


@functools.cache
def shared_texts(templates_dir: Path = SHARED_TEMPLATES) -> dict[str, dict[str, list[str]]]:
    """The shared English text of every block, read from the templates: the messages (msgids) inside each
    `m.block` call, in order, with `%%` as `%` and a placeholder `%(name)s` as `{name}`."""
    from .render import parser

    env = parser()
    found: dict[str, dict[str, list[str]]] = {}
    for kind, names in TEXT_BLOCKS.items():
        blocks = found.setdefault(kind, {})
        template: str | None = DOCUMENT_KINDS[kind].template
        while template:  # a version's template first, then the template it extends, for the blocks it keeps
            tree = env.parse((templates_dir / template).read_text(encoding="utf-8"))
            for name, messages in _block_messages(tree).items():
                blocks.setdefault(name, messages)
            parent = next(tree.find_all(nodes.Extends), None)
            template = parent.template.value if parent and isinstance(parent.template, nodes.Const) else None
        missing = [name for name in names if name not in blocks]
        if missing:
            raise ValueError(f"{DOCUMENT_KINDS[kind].template} has no m.block or m.post call for {', '.join(missing)}")
    return found


def _block_messages(tree) -> dict[str, list[str]]:
    """The shared messages of each block in one template: `{% call m.block(own, "name") %}...{% endcall %}` and
    `m.post(own, "name", _("..."))`, with `%%` as `%` and a placeholder `%(name)s` as `{name}`."""
    calls: list[tuple[nodes.Call, nodes.Node]] = [(block.call, block) for block in tree.find_all(nodes.CallBlock)]
    calls += [(call, call.args[2]) for call in tree.find_all(nodes.Call) if len(call.args) == 3]
    found: dict[str, list[str]] = {}
    for call, body in calls:
        target, name = call.node, call.args[1] if len(call.args) >= 2 else None
        if not (isinstance(target, nodes.Getattr) and target.attr in ("block", "post") and isinstance(name, nodes.Const)):
            continue
        messages = []
        for gettext in [body, *body.find_all(nodes.Call)] if isinstance(body, nodes.Call) else body.find_all(nodes.Call):
            if isinstance(gettext.node, nodes.Name) and gettext.node.name == "_" and gettext.args:
                message = gettext.args[0]
                if isinstance(message, nodes.Const) and isinstance(message.value, str):
                    messages.append(re.sub(r"%\((\w+)\)s", r"{\1}", message.value).replace("%%", "%"))
        found[name.value] = messages
    return found
