"""`toolkit new`: start a community profile as a fork of another."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .errors import UsageError
from .layout import is_slug
from .profile import PROFILE_FILE, available_slugs


def new_profile(sites_dir: Path, templates_dir: Path, slug: str, base: str) -> Path:
    """Write `sites/<slug>/profile.yaml` extending `base`, with commented examples of the usual overrides."""
    if not is_slug(slug):
        raise UsageError(f"expected a slug of lower-case letters, digits and hyphens, found {slug!r}")
    known = available_slugs(sites_dir)
    if base not in known:
        raise UsageError(f"no community named {base!r} to fork; known: {', '.join(known) or '(none)'}")
    target = sites_dir / slug / PROFILE_FILE
    if target.exists():
        raise UsageError(f"{target} already exists; not overwriting it")
    # YAML, not HTML: nothing to escape, and both values are validated slugs.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=False)
    text = env.get_template("scaffold/profile.yaml").render(slug=slug, base=base)
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    return target
