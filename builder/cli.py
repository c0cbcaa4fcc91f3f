"""`toolkit`: parse arguments, call the library, turn errors into messages and exit codes.

Exit status: 0 success, 1 build failure, 2 invalid input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import ToolkitError, UsageError
from .pipeline import Project, build, check

# Each command imports what it needs, so that `toolkit build` with nothing to do starts fast.


def _say(text: str, stream: TextIO | None = None, end: str = "\n") -> None:
    """Write a line to standard output (or `stream`) at once.

    When the reader has gone (`toolkit schema | head`, a pager quit early), this and every later
    line to that stream are dropped, and the command carries on to its own exit status: a reader
    that stops reading is not a failure of the build. (Python ignores SIGPIPE, so the write raises
    BrokenPipeError instead of ending the process as it would end `cat`; restoring SIGPIPE's default
    would also let a browser closing a connection kill `toolkit serve`.)"""
    stream = stream or sys.stdout
    try:
        stream.write(_printable(text) + end)
        stream.flush()
    except BrokenPipeError:
        _discard(stream)


def _printable(text: str) -> str:
    """`text` with every control character but the line feed shown as an escape (\\x1b): messages quote
    what profiles and CSV files hold, and a terminal or CI log must not act on an escape sequence in
    them, nor show a line that a newline inside a value forged."""
    if text.isprintable():
        return text
    return "\n".join("".join(c if c.isprintable() else repr(c)[1:-1] for c in line) for line in text.split("\n"))


def _discard(stream: TextIO) -> None:
    """Point `stream` at the null device, so output still buffered (and written later) goes nowhere quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (a stream replaced in-process)
        pass


def _flush(stream: TextIO) -> None:
    try:
        stream.flush()
    except BrokenPipeError:
        _discard(stream)
    except (OSError, ValueError):
        pass


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _progress(stream):
    started = time.monotonic()
    interactive = stream.isatty()

    def show(message: str) -> None:
        line = f"[{time.monotonic() - started:6.1f}s] {message}"
        if interactive:
            _say("\r\033[K" + line, stream, end="")
        else:
            _say(line, stream)

    return show


def _summary(report) -> str:
    """The last line of `toolkit build`, from the report's `communities`, `unchanged`, `artifacts`, `rendered`, `reused`."""
    unchanged = _plural(len(report.unchanged), "community", "communities") + " unchanged"
    if not report.communities:
        return f"nothing to do: {unchanged}" if report.unchanged else "nothing to do: no community to build"
    line = (
        f"{_plural(report.artifacts, 'artifact', 'artifacts')} in {_plural(len(report.communities), 'community', 'communities')}; "
        f"{_plural(len(report.rendered), 'document', 'documents')} rendered, {report.reused} from the cache"
    )
    return f"{line}; {unchanged}" if report.unchanged else line


def _cmd_build(args, project: Project) -> int:
    report = build(
        project,
        args.slugs,
        progress=_progress(sys.stderr),
        jobs=args.jobs,
        force=args.force,
        scheduler=args.scheduler,
        kinds=args.kinds,
        print_shop=args.print_shop,
    )
    if sys.stderr.isatty():
        _say("", sys.stderr)
    for warning in dict.fromkeys(report.warnings):
        _say(f"warning: {warning}", sys.stderr)
    for slug in report.communities:
        _say(f"built {slug} -> {project.output / slug}")
    for slug in report.unchanged:
        _say(f"unchanged {slug} -> {project.output / slug}")
    _say(_summary(report))
    return 0


def _cmd_serve(args, project: Project) -> int:
    from .serve import serve

    serve(project, args.slugs, host=args.host, port=args.port, jobs=args.jobs, report=_say)
    return 0


def _cmd_check(args, project: Project) -> int:
    status = 0
    from .blocks import untranslated

    for loaded in check(project, args.slugs):
        messages = [fact.message(loaded.slug) for fact in loaded.inherited] + untranslated(loaded.slug, loaded.profile)
        for message in messages:
            _say(f"{'error' if args.strict else 'warning'}: {message}", sys.stderr)
        if args.strict and messages:
            status = 2
            continue
        _say(f"{loaded.slug}: ok ({', '.join(loaded.profile.languages)}; {len(loaded.profile.resources)} resources)")
    return status


def _cmd_show(args, project: Project) -> int:
    from .profile import load_profiles

    (loaded,) = load_profiles([args.slug], project.sites_dir)
    lines = [(f"{origin.key_path}: {_shown_value(origin.value)}", f"# {origin.file}:{origin.line}") for origin in loaded.origins]
    width = min(max((len(text) for text, _ in lines), default=0), 60)  # a long value pushes only its own origin
    for text, where in lines:
        _say(f"{text:<{width}}    {where}")
    return 0


def _shown_value(value: object) -> str:
    """A value as one line of YAML-like text: text in JSON quotes when YAML would read it otherwise (or it
    holds a line feed, a tab or other control character, which come out as escapes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return str(value)
    import yaml

    try:
        plain = yaml.safe_load(value) == value and value.isprintable() and value == value.strip() and "#" not in value
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def _cmd_list(args, project: Project) -> int:
    from .profile import available_slugs

    for slug in available_slugs(project.sites_dir):
        _say(slug)
    return 0


def _cmd_new(args, project: Project) -> int:
    from .forks import new_profile

    path = new_profile(project.sites_dir, project.templates_dir, args.slug, args.base)
    _say(f"wrote {path}; edit it, then run: toolkit check {args.slug}")
    return 0


def _cmd_schema(args, project: Project) -> int:
    from .reference import profile_reference
    from .schema import json_schema

    if args.format == "markdown":
        _say(profile_reference(), end="")
    else:
        _say(json.dumps(json_schema(), indent=2))
    return 0


def _language_codes(codes: list[str]) -> list[str]:
    """The codes as given, once each is known to name a language (as a profile's `languages` must)."""
    from babel import Locale, UnknownLocaleError

    for code in codes:
        try:
            Locale.parse(code, sep="-")
        except (ValueError, UnknownLocaleError):
            raise UsageError(f"no language with the code {code!r}; expected a code such as 'es', 'pt-BR' or 'zh-Hant'") from None
    return codes


def _cmd_i18n(args, project: Project) -> int:
    from .i18n import translation_status, update, write_template
    from .profile import load_profiles

    if args.action == "extract":
        if args.langs:
            raise UsageError(f"i18n extract takes no arguments, found {' '.join(args.langs)!r}")
        path, count = write_template(project.locales_dir, project.templates_dir)
        _say(f"wrote {path} ({count} messages)")
    elif args.action == "update":
        langs = _language_codes(args.langs) or sorted(
            {lang for p in load_profiles(None, project.sites_dir) for lang in p.profile.languages}
        )
        for path in update(project.locales_dir, project.templates_dir, langs):
            _say(f"updated {path}")
    else:
        return _print_status(
            translation_status(project.sites_dir, project.locales_dir, project.templates_dir, args.langs or None)
        )
    return 0


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _print_status(report) -> int:
    _say(f"{'community':<14}{'lang':<9}{'catalog':>18}{'profile text':>20}")
    for row in report:
        catalog = row.catalog
        _say(
            f"{row.community:<14}{row.lang:<9}"
            f"{_percent(catalog.translated, catalog.total):>8} ({catalog.translated:>3}/{catalog.total:<3})"
            f"{_percent(row.profile_translated, row.profile_total):>10} ({row.profile_translated:>3}/{row.profile_total:<3})"
        )
        for problem in catalog.problems:
            _say(f"  error: {problem}")
    untranslated = {(r.community, r.lang): r.profile_missing for r in report if r.profile_missing}
    for (community, lang), paths in untranslated.items():
        shown = ", ".join(paths[:6]) + (f" and {len(paths) - 6} more" if len(paths) > 6 else "")
        _say(f"{community} ({lang}) shows in English: {shown}")
    return 2 if any(row.catalog.problems for row in report) else 0


def _check_project(project: Project, folders: tuple[str, ...]) -> None:
    """Stop with a usage error unless the project folder exists and holds `folders` (sites/, templates/)."""
    if not folders:
        return
    root = project.root
    where = "run toolkit in the project folder, or pass --project DIR before the command"
    if not root.is_dir():
        found = "is not a folder" if root.exists() else "does not exist"
        raise UsageError(f"project folder {root} {found}; {where}")
    missing = [f"{name}/" for name in folders if not (root / name).is_dir()]
    if missing:
        raise UsageError(
            f"{root} is not a toolkit project: it has no {' or '.join(missing)} folder "
            f"(expected sites/<slug>/profile.yaml for each community, and templates/); {where}"
        )


def _check_output(output: Path) -> None:
    """Stop with a usage error unless `output` is a folder this process can write, or can be created as one.

    Nothing is created here: an invalid profile must leave no output behind."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"output folder {output} is a file, not a folder; pass --output DIR naming a folder")
    existing = output
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"cannot create the output folder {output}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "write in" if existing == output else "create"
        raise UsageError(f"cannot {what} the output folder {output}: {existing} is not writable; pass --output DIR")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, found {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535 (0 picks a free one), found {text!r}")
    return value


SITES = ("sites",)
INPUTS = ("sites", "templates")


def _add_jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes that render documents (default: one per core)",
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="toolkit", description="Build attendance campaign toolkits: websites and print-ready PDFs."
    )
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    main.add_argument(
        "--project", type=Path, default=Path.cwd(), help="project folder holding sites/ and templates/ (default: current folder)"
    )
    main.add_argument("--output", type=Path, default=None, help="output folder (default: PROJECT/output)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    cmd = commands.add_parser("build", help="build communities' websites and PDFs")
    cmd.add_argument("slugs", nargs="*", metavar="SLUG", help="communities to build (default: all)")
    _add_jobs(cmd)
    cmd.add_argument(
        "--kinds",
        type=lambda text: [k.strip() for k in text.split(",") if k.strip()],
        metavar="KIND,...",
        help="build only these document kinds, e.g. handout,letter (default: all)",
    )
    cmd.add_argument(
        "--print-shop",
        action="store_true",
        help="PDFs for a print shop: bleed (1/8 in, or 3 mm on A4), crop marks outside it and a slug line "
        "(file, language, date); use its own --output",
    )
    cmd.add_argument("--force", action="store_true", help="render everything again, ignoring the cache in OUTPUT/.cache")
    cmd.add_argument(
        "--scheduler", metavar="ADDRESS", help="render on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs the dask extra)"
    )
    cmd.set_defaults(run=_cmd_build, reads=INPUTS, writes_output=True)

    cmd = commands.add_parser("serve", help="preview on localhost: rebuild on every edit and reload the browser")
    cmd.add_argument("slugs", nargs="*", metavar="SLUG", help="communities to build and serve (default: all)")
    cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    cmd.add_argument("--port", type=_port, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    _add_jobs(cmd)
    cmd.set_defaults(run=_cmd_serve, reads=INPUTS, writes_output=True)

    cmd = commands.add_parser("check", help="validate profiles without building")
    cmd.add_argument("slugs", nargs="*", metavar="SLUG", help="communities to check (default: all)")
    cmd.add_argument(
        "--strict",
        action="store_true",
        help="a fact a fork inherits from its parent (a name, phone, address, statistic, resource), or a document text block with no text in one of the languages, is an error, not a warning",
    )
    cmd.set_defaults(run=_cmd_check, reads=SITES)

    cmd = commands.add_parser("show", help="print a community's merged profile, each value with the file and line it comes from")
    cmd.add_argument("slug", metavar="SLUG", help="the community to show")
    cmd.set_defaults(run=_cmd_show, reads=SITES)

    cmd = commands.add_parser("list", help="list the communities that have a profile")
    cmd.set_defaults(run=_cmd_list, reads=SITES)

    cmd = commands.add_parser("new", help="start a community as a fork of another")
    cmd.add_argument("slug", metavar="SLUG", help="the new community's folder name")
    cmd.add_argument("--from", dest="base", required=True, metavar="BASE", help="the community to fork")
    cmd.set_defaults(run=_cmd_new, reads=INPUTS)

    cmd = commands.add_parser("i18n", help="keep translation catalogs in step and report how complete they are")
    cmd.add_argument(
        "action",
        choices=("extract", "update", "status"),
        help="extract: write locales/messages.pot; update: bring each language's .po in step; status: coverage per community and language",
    )
    cmd.add_argument(
        "langs",
        nargs="*",
        metavar="ARG",
        help="update: languages (default: every language a profile offers); status: communities (default: all)",
    )
    cmd.set_defaults(run=_cmd_i18n, reads=INPUTS)

    cmd = commands.add_parser("schema", help="print the JSON Schema of profiles (or the Markdown reference)")
    cmd.add_argument("--format", choices=("json", "markdown"), default="json")
    cmd.set_defaults(run=_cmd_schema, reads=())
    return main


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:  # what is still buffered (argparse's --help, say) must not fail noisily at exit either
        _flush(sys.stdout)
        _flush(sys.stderr)


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    project = Project(args.project.resolve(), args.output.resolve() if args.output else None)
    try:
        _check_project(project, args.reads)
        if getattr(args, "writes_output", False):
            _check_output(project.output)
        return args.run(args, project)
    except ToolkitError as error:
        _say(f"error: {error}" if "\n" not in str(error) else f"error:\n{error}", sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        _say("interrupted; previous output left as it was", sys.stderr)
        return 130
    except Exception as error:  # a bug, not bad input: still a message, with a way to see more
        if os.environ.get("TOOLKIT_DEBUG"):
            raise
        _say(
            f"error: internal error: {type(error).__name__}: {error}\n"
            "output of the failed community left as it was; rerun with TOOLKIT_DEBUG=1 for a traceback and report it",
            sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
