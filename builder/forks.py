"""`toolkit new`: start a community profile as a fork of another."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from .errors import UsageError
from .layout import is_slug
from .profile import PROFILE_FILE, available_slugs, load_profile


def new_profile(sites_dir: Path, templates_dir: Path, slug: str, base: str) -> Path:
    """Write `sites/<slug>/profile.yaml` extending `base`, with commented examples of the usual overrides,
    made from the parent: its resource ids as ready-to-uncomment `omit` lines, and a note on what it would
    inherit. The parent must itself be valid (its problems are reported as a check reports them)."""
    if not is_slug(slug):
        raise UsageError(f"expected a slug of lower-case letters, digits and hyphens, found {slug!r}")
    known = available_slugs(sites_dir)
    if base not in known:
        raise UsageError(f"no community named {base!r} to fork; known: {', '.join(known) or '(none)'}")
    target = sites_dir / slug / PROFILE_FILE
    if target.exists():
        raise UsageError(f"{target} already exists; not overwriting it")
    parent = load_profile(base, sites_dir).profile
    # YAML, not HTML: nothing to escape, `slug` and `base` are validated slugs, and every value taken
    # from the parent (untrusted text) is written through `quoted`: JSON, which YAML reads as the same
    # text, on one line (a line feed in it is an escape), so it cannot end the comment it sits in.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=False)
    env.filters["quoted"] = _quoted
    statistic = parent.statistic
    text = env.get_template("scaffold/profile.yaml").render(
        slug=slug,
        base=base,
        has={
            "statistic": statistic is not None,
            "districts": bool(parent.organisation.districts),
            "partners": bool(parent.organisation.partners),
        },
        leader_name=_first(parent.leader.name),
        contact_names=[name for name, contact in parent.contacts if contact is not None],
        statistic_summary=(f"{statistic.chronic_absence_percent}% in {statistic.school_year}" if statistic else ""),
        resource_ids=[resource.id for resource in parent.resources],
        resource_names=[_first(resource.name) for resource in parent.resources],
    )
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    return target


def _first(text: object) -> str:
    """A localised text's first language, or the text itself."""
    if isinstance(text, dict):
        return str(next(iter(text.values()), ""))
    return str(text)


def _quoted(value: object) -> str:
    """JSON text, which YAML reads as the same text; a character that is not printable (a line or paragraph
    separator or NEL among them, which YAML takes for a line break) is written as its `\\u` escape."""
    text = json.dumps(str(value), ensure_ascii=False)
    return "".join(c if c.isprintable() else json.dumps(c) for c in text)
