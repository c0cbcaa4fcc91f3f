"""The Jinja environment every template is rendered in, and what planning needs to read templates.

One set of settings (autoescaping, strict undefined values, gettext), one cache of compiled templates
per process, and one way to describe a template's failure.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by every environment of a process (renderers and the site theme).

    Each community and language gets its own Jinja environment; without this, each one compiled
    the same templates again (about 0.1 s per community and language). Entries are keyed by the
    template's source checksum, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _MemoryBytecodeCache()


def template_environment(templates_dir: Path | None, **settings) -> jinja2.Environment:
    """An environment over `templates/` with the project's settings; `settings` adds `finalize` and such.
    Without `templates_dir`, one that only parses template sources."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir) if templates_dir else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED_TEMPLATES,
        **settings,
    )


def describe(error: Exception) -> str:
    """A template failure as one line, with the template file and line when Jinja knows them."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.message} ({error.filename}:{error.lineno})"
    tb, where = error.__traceback__, ""
    while tb is not None:
        # Compiled templates keep a reference to their Template, which maps code lines to template lines.
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            where = f" ({template.name}:{template.get_corresponding_lineno(tb.tb_lineno)})"
        tb = tb.tb_next
    kind = "" if isinstance(error, (ValueError, jinja2.TemplateError)) else f"{type(error).__name__}: "
    return f"{kind}{error}{where}"
