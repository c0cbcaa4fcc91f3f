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

from . import __version__
from .errors import ToolkitError
from .pipeline import Project, build, check

# Each command imports what it needs, so that `toolkit build` with nothing to do starts fast.


def _progress(stream):
    started = time.monotonic()
    interactive = stream.isatty()

    def show(message: str) -> None:
        line = f"[{time.monotonic() - started:6.1f}s] {message}"
        if interactive:
            stream.write("\r\033[K" + line)
        else:
            stream.write(line + "\n")
        stream.flush()

    return show


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
        sys.stderr.write("\n")
    for warning in dict.fromkeys(report.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    for slug in report.communities:
        print(f"built {slug} -> {project.output / slug}")
    for slug in report.unchanged:
        print(f"unchanged {slug} -> {project.output / slug}")
    print(
        f"{report.artifacts} artifacts in {len(report.communities)} communities; "
        f"{len(report.rendered)} documents rendered, {report.reused} from the cache; {len(report.unchanged)} unchanged"
    )
    return 0


def _cmd_serve(args, project: Project) -> int:
    from .serve import serve

    serve(project, args.slugs, host=args.host, port=args.port, jobs=args.jobs, report=lambda line: print(line, flush=True))
    return 0


def _cmd_check(args, project: Project) -> int:
    for loaded in check(project, args.slugs):
        print(f"{loaded.slug}: ok ({', '.join(loaded.profile.languages)}; {len(loaded.profile.resources)} resources)")
    return 0


def _cmd_list(args, project: Project) -> int:
    from .profile import available_slugs

    for slug in available_slugs(project.sites_dir):
        print(slug)
    return 0


def _cmd_new(args, project: Project) -> int:
    from .forks import new_profile

    path = new_profile(project.sites_dir, project.templates_dir, args.slug, args.base)
    print(f"wrote {path}; edit it, then run: toolkit check {args.slug}")
    return 0


def _cmd_schema(args, project: Project) -> int:
    from .reference import profile_reference
    from .schema import json_schema

    if args.format == "markdown":
        print(profile_reference(), end="")
    else:
        print(json.dumps(json_schema(), indent=2))
    return 0


def _cmd_i18n(args, project: Project) -> int:
    from .i18n import translation_status, update, write_template

    if args.action == "extract":
        path, count = write_template(project.locales_dir, project.templates_dir)
        print(f"wrote {path} ({count} messages)")
    elif args.action == "update":
        langs = args.langs or sorted({lang for p in check(project) for lang in p.profile.languages})
        for path in update(project.locales_dir, project.templates_dir, langs):
            print(f"updated {path}")
    else:
        return _print_status(
            translation_status(project.sites_dir, project.locales_dir, project.templates_dir, args.langs or None)
        )
    return 0


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _print_status(report) -> int:
    print(f"{'community':<14}{'lang':<9}{'catalog':>18}{'profile text':>20}")
    broken = False
    for row in report:
        catalog = row.catalog
        print(
            f"{row.community:<14}{row.lang:<9}"
            f"{_percent(catalog.translated, catalog.total):>8} ({catalog.translated:>3}/{catalog.total:<3})"
            f"{_percent(row.profile_translated, row.profile_total):>10} ({row.profile_translated:>3}/{row.profile_total:<3})"
        )
        for problem in catalog.problems:
            print(f"  error: {problem}")
            broken = True
    untranslated = {(r.community, r.lang): r.profile_missing for r in report if r.profile_missing}
    for (community, lang), paths in untranslated.items():
        shown = ", ".join(paths[:6]) + (f" and {len(paths) - 6} more" if len(paths) > 6 else "")
        print(f"{community} ({lang}) shows in English: {shown}")
    return 2 if broken else 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, found {text!r}")
    return value


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
    cmd.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes that render documents (default: one per core)",
    )
    cmd.add_argument(
        "--kinds",
        type=lambda text: [k.strip() for k in text.split(",") if k.strip()],
        metavar="KIND,...",
        help="build only these document kinds, e.g. handout,letter (default: all)",
    )
    cmd.add_argument(
        "--print-shop",
        action="store_true",
        help="PDFs with bleed (1/8 in, or 3 mm on A4) and crop marks for a print shop; use its own --output",
    )
    cmd.add_argument("--force", action="store_true", help="render everything again, ignoring the cache in OUTPUT/.cache")
    cmd.add_argument(
        "--scheduler", metavar="ADDRESS", help="render on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs the dask extra)"
    )
    cmd.set_defaults(run=_cmd_build)

    cmd = commands.add_parser("serve", help="preview on localhost: rebuild on every edit and reload the browser")
    cmd.add_argument("slugs", nargs="*", metavar="SLUG", help="communities to build and serve (default: all)")
    cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    cmd.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    cmd.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes that render documents (default: one per core)",
    )
    cmd.set_defaults(run=_cmd_serve)

    cmd = commands.add_parser("check", help="validate profiles without building")
    cmd.add_argument("slugs", nargs="*", metavar="SLUG", help="communities to check (default: all)")
    cmd.set_defaults(run=_cmd_check)

    cmd = commands.add_parser("list", help="list the communities that have a profile")
    cmd.set_defaults(run=_cmd_list)

    cmd = commands.add_parser("new", help="start a community as a fork of another")
    cmd.add_argument("slug", metavar="SLUG", help="the new community's folder name")
    cmd.add_argument("--from", dest="base", required=True, metavar="BASE", help="the community to fork")
    cmd.set_defaults(run=_cmd_new)

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
    cmd.set_defaults(run=_cmd_i18n)

    cmd = commands.add_parser("schema", help="print the JSON Schema of profiles (or the Markdown reference)")
    cmd.add_argument("--format", choices=("json", "markdown"), default="json")
    cmd.set_defaults(run=_cmd_schema)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project(args.project.resolve(), args.output.resolve() if args.output else None)
    try:
        return args.run(args, project)
    except ToolkitError as error:
        print(f"error: {error}" if "\n" not in str(error) else f"error:\n{error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("interrupted; previous output left as it was", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not bad input: still a message, with a way to see more
        if os.environ.get("TOOLKIT_DEBUG"):
            raise
        print(
            f"error: internal error: {type(error).__name__}: {error}\n"
            "output of the failed community left as it was; rerun with TOOLKIT_DEBUG=1 for a traceback and report it",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
