"""Any input, no traceback (issue 12, item 7): profiles, logos, school lists and folders come from anyone.

A state's CI builds pull requests from anyone and publishes the result under the agency's name, so
every input is hostile until checked. For each case of the corpus below, `toolkit check SLUG` (or
`build`) either refuses it, with exit status 2 and a message naming the file, the line and the key,
or accepts it; it never ends in a traceback or an "internal error" (exit 1), and never takes long.
What is accepted and built must be harmless: `test_built_*` build one hostile community
(`fixtures/hostile/built/`) and look at every file published.

- text fields of the profile x markup, template syntax, control characters, bidi overrides, lone
  surrogates, 100 KB, unusual Unicode (`test_text_field`), also as localised mappings
  (`test_localised_mapping`); web addresses x javascript:/data:/file: (`test_web_address`); brand
  colours x CSS injection (`test_brand_colour`). Markup and unusual Unicode in free text are published
  as text; a control character (tab and line feed aside), a bidi control, a lone surrogate, or over
  1,000 characters is refused at the key ("expected printable text, found the control character
  U+XXXX", "expected at most 1,000 characters");
- `brand.logo.file` and `extends` x paths out of the community's folder, links, folders, pipes, big
  files, non-images, NULs, names too long for a file system (`test_logo_file`, `test_extends`);
- the YAML itself: bombs, deep nesting, tags, duplicate keys, encodings, sizes, raw NUL and ESC bytes,
  values YAML cannot read (2027-02-30, a 5,000-digit number), an alias inside its own anchor
  (`test_yaml`);
- `schools.csv`: every column x hostile values, sizes, row counts, encodings, line breaks inside and
  outside quoted cells, cells too long for the csv module (`test_schools_csv`);
- what messages show: a key, a value or a column name is shown with its control characters as escapes,
  so a report can neither drive the terminal nor forge a line of its own;
- folders of `sites/` that are not communities: never built, never a parent to extend; a full `check`
  names each one and fails, a build warns (`test_folder_is_not_a_community`,
  `test_check_names_every_folder_that_is_not_a_community`, `test_built_warns_of_folders_*`);
- hypothesis: mutated profiles and generated school lists (`test_property_*`), each with the cases that
  once broke it pinned as examples.

The CLI runs in this process (`builder.cli.main`, exactly what `python -m builder.cli` runs) with a
timer, so that a few hundred cases take seconds; `test_cli_process_*` run the real command line.

A case the product does not handle yet is marked `xfail(strict=True)` with the reason: it is the test
of the correct behaviour, and fails loudly (XPASS) once the product is fixed.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import functools
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder import cli
from builder import load as load_module
from builder.errors import ProfileError, ToolkitError
from builder.i18n import catalog_problems
from builder.layout import Project
from builder.pipeline import check
from builder.schools import SCHOOLS_FILE, load_schools

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
BASE_PROFILE = ROOT / "sites" / "connecticut" / "profile.yaml"
BASE_LOGO = ROOT / "sites" / "connecticut" / "logo.svg"
BASE_TEXT = BASE_PROFILE.read_text(encoding="utf-8")
BASE: dict = yaml.safe_load(BASE_TEXT)
"""The real Connecticut profile, as plain data: every case starts from it."""

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it, as the builder does: the pure-Python dumper takes longer than a check."""

QUICK = 2.0
"""Seconds any check may take (a few hundredths are usual)."""
BOMB = 1.0
"""Seconds a YAML bomb may take to be refused: "well under a second" is the requirement."""


# --- running the command line ------------------------------------------------------------------


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str
    seconds: float

    def __str__(self) -> str:
        return f"exit {self.status} after {self.seconds:.2f} s\nstdout: {self.stdout[:2000]}\nstderr: {self.stderr[:3000]}"


class Hang(BaseException):
    """Raised by the timer: a BaseException, so that the CLI's own `except Exception` cannot swallow it."""


def toolkit(project: Project, *args: str, limit: float = 30.0) -> Run:
    """`toolkit --project PROJECT ARGS` in this process, stopped (as a failure) after `limit` seconds."""

    def stop(signum, frame):
        raise Hang(f"toolkit {' '.join(args)} still running after {limit} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(["--project", str(project.root), *args])
            except SystemExit as exit:  # argparse's own usage errors (exit 2), as the process would end
                status = exit.code if isinstance(exit.code, int) else 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Run(status, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def toolkit_process(project: Project, *args: str, timeout: float = 60.0) -> Run:
    """The real command line, `python -m builder.cli --project PROJECT ARGS`, in a process of its own."""
    env = {key: value for key, value in os.environ.items() if key != "TOOLKIT_DEBUG"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "builder.cli", "--project", str(project.root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
    return Run(result.returncode, result.stdout, result.stderr, time.perf_counter() - start)


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    # With TOOLKIT_DEBUG set the CLI re-raises internal errors; these tests want what users see.
    monkeypatch.delenv("TOOLKIT_DEBUG", raising=False)


@functools.cache
def _catalog_problems_once(locales_dir: Path, lang: str) -> tuple:
    return tuple(catalog_problems(locales_dir, lang))


@pytest.fixture(autouse=True)
def _catalogs_read_once(monkeypatch):
    """The (real, unchanging) catalogs are checked once per process rather than once per case: parsing
    the .po files is most of what an in-process check costs, and none of these cases is about them."""
    monkeypatch.setattr(
        load_module, "catalog_problems", lambda locales_dir, lang: list(_catalog_problems_once(locales_dir, lang))
    )


_WRITTEN: list[Path] = []
"""Community folders (or links) a test made in a shared project: removed after it, so that every check
lists a handful of communities, not the hundreds of cases before it."""


@pytest.fixture(autouse=True)
def _remove_written_communities():
    yield
    while _WRITTEN:
        path = _WRITTEN.pop()
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)


def assert_no_crash(run: Run, limit: float = QUICK) -> None:
    assert run.status in (0, 2), f"expected exit 0 or 2, found:\n{run}"
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, str(run)
    assert run.seconds < limit, f"expected an answer within {limit} s:\n{run}"


def assert_accepted(run: Run, slug: str, limit: float = QUICK) -> None:
    assert_no_crash(run, limit)
    assert run.status == 0, f"expected {slug} to be accepted:\n{run}"
    assert f"{slug}: ok" in run.stdout, str(run)


def refusal(run: Run, file: str, key: str | None = None, fragment: str = "", limit: float = QUICK) -> re.Match:
    """The message of a refusal at `file` (and at `key`, or a key below it): exit 2, a message naming
    the file, its line and column, the key and `fragment`. Returns the match (line, column, key, message)."""
    assert_no_crash(run, limit)
    assert run.status == 2, f"expected a refusal (exit 2) naming {file}:\n{run}"
    if key is None:
        pattern = rf"^{re.escape(file)}:(\d+):(\d+): ()(.*)$"
    else:
        pattern = rf"^{re.escape(file)}:(\d+):(\d+): ({re.escape(key)}(?:[.\[][^:]*)?): (.*)$"
    found = [m for m in re.finditer(pattern, run.stderr.removeprefix("error:").strip(), re.M) if fragment in m.group(4)]
    assert found, f"expected a message `{file}:LINE:COLUMN: {key or ''}: ...{fragment}...`:\n{run}"
    return found[0]


def line_of(text: str, key_path: str) -> int:
    """The line on which `key_path` (`a.b[0].c`) is written in the YAML `text`: the key's line for a
    mapping entry, the item's line for a list item (as the builder reports them)."""
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError:  # libyaml refuses what PyYAML reads (a "\ud800" escape), as in the builder
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    line = node.start_mark.line
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key_path):
        if part.startswith("["):
            node = node.value[int(part[1:-1])]
            line = node.start_mark.line
        else:
            for key, value in node.value:
                if key.value == part:
                    node, line = value, key.start_mark.line
                    break
            else:
                raise KeyError(f"{key_path} not in the YAML")
    return line + 1


# --- writing cases -----------------------------------------------------------------------------


def slug_for(case_id: str) -> str:
    """A community folder name for a case: readable, unique, a valid slug."""
    readable = re.sub(r"[^a-z0-9]+", "-", case_id.lower()).strip("-")[:48]
    return f"{readable}-{hashlib.sha1(case_id.encode()).hexdigest()[:6]}".lstrip("-")


def dump(profile: dict) -> str:
    try:
        return yaml.dump(profile, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)
    except UnicodeEncodeError:  # libyaml cannot write a lone surrogate; PyYAML writes it as "\ud800"
        return yaml.dump(profile, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def write_community(project: Project, slug: str, profile: dict | str | bytes, files: dict | None = None) -> Path:
    """`sites/<slug>/` with the profile (data, YAML text or raw bytes), Connecticut's logo, and `files`."""
    folder = project.sites_dir / slug
    if folder.is_symlink():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    _WRITTEN.append(folder)
    shutil.copy(BASE_LOGO, folder / "logo.svg")
    if isinstance(profile, dict):
        profile = dump(profile)
    if isinstance(profile, str):
        profile = profile.encode("utf-8")
    (folder / "profile.yaml").write_bytes(profile)
    for name, content in (files or {}).items():
        (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def full_profile() -> dict:
    """Connecticut's profile with every optional text field present (an accessibility contact,
    districts, an extra post), so that each can carry a hostile value."""
    profile = copy.deepcopy(BASE)
    profile["contacts"]["accessibility"] = {
        "name": "Accessibility office",
        "phone": "(860) 555-0112",
        "email": "access@example.org",
        "website": "https://example.org/access",
    }
    profile["organisation"]["districts"] = ["Hartford Public Schools", "New Haven Public Schools"]
    profile["extra_posts"] = ["Every day counts in Connecticut."]
    profile["campaign"]["site_url"] = "https://example.org/campaign/"
    return profile


def parts_of(path: str) -> list[str | int]:
    return [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"[^.\[\]]+|\[\d+\]", path)]


def set_at(data, path: str, value) -> None:
    *parents, last = parts_of(path)
    for part in parents:
        data = data[part]
    data[last] = value


def get_at(data, path: str):
    for part in parts_of(path):
        data = getattr(data, part) if isinstance(part, str) and not isinstance(data, dict) else data[part]
    return data


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """One copy of the project for the whole module; each case writes a community of its own."""
    return copy_project(tmp_path_factory.mktemp("hostile") / "project")


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A folder outside the project, holding what a link out of the project would reach."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>SECRET</title></svg>', encoding="utf-8"
    )
    (folder / "secret.csv").write_text(
        "school,principal,contact_name,phone,email,languages\nSecret School,S,S,211,s@example.org,en\n", encoding="utf-8"
    )
    community = folder / "community"
    community.mkdir()
    (community / "profile.yaml").write_text(BASE_TEXT, encoding="utf-8")
    (community / "logo.svg").write_text((folder / "secret.svg").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


# --- text fields -------------------------------------------------------------------------------

# Every text field of the profile, with what it must look like: free text, or an address or code
# whose pattern the schema checks. `local`: a localised text field (a string or a mapping by language).
TEXT_FIELDS = {
    "organisation.name": ("text", True),
    "organisation.short_name": ("text", True),
    "organisation.districts[0]": ("text", False),
    "organisation.partners[0].name": ("text", True),
    "campaign.name": ("text", True),
    "campaign.slogan": ("text", True),
    "leader.name": ("text", False),
    "leader.title": ("text", True),
    "contacts.attendance.name": ("text", True),
    "contacts.press.name": ("text", True),
    "contacts.accessibility.name": ("text", True),
    "brand.logo.alt": ("text", True),
    "statistic.source": ("text", True),
    "resources[0].name": ("text", True),
    "resources[0].offers": ("text", True),
    "extra_posts[0]": ("text", True),
    "campaign.hashtags[1]": ("hashtag", False),
    "contacts.attendance.phone": ("phone", False),
    "contacts.attendance.email": ("email", False),
    "contacts.attendance.website": ("web", False),
    "contacts.press.phone": ("phone", False),
    "contacts.press.email": ("email", False),
    "contacts.accessibility.phone": ("phone", False),
    "contacts.accessibility.email": ("email", False),
    "contacts.accessibility.website": ("web", False),
    "resources[2].phone": ("phone", False),
    "resources[2].website": ("web", False),
    "organisation.partners[0].website": ("web", False),
    "organisation.website": ("web", False),
    "campaign.site_url": ("web", False),
}
WEB_FIELDS = [path for path, (kind, _) in TEXT_FIELDS.items() if kind == "web"]

PATTERN_MESSAGES = {
    "hashtag": "expected a hashtag",
    "phone": "expected a phone number",
    "email": "expected an e-mail address",
    "web": "expected a web address",
}
VALID = {"hashtag": "#SafeTag", "phone": "(860) 555-0199", "email": "safe@example.org", "web": "https://example.org/safe"}
INSERT_AT = {"hashtag": 3, "phone": 3, "email": 2, "web": -2}
"""Where a hazard goes inside a valid value: the user name of an e-mail address, the path of a web address."""

MARKUP = (
    '<script>alert(1)</script> "><img src=x onerror=alert(1)> </title><script>alert(2)</script> '
    "{{ 7*7 }} {% raw %} {{ config.__class__ }} {% include '/etc/passwd' %} javascript:alert(1) &amp; &lt;b&gt;"
)
UNUSUAL = "Café 中文 العربية עברית Ελληνικά Здравствуйте e\u0301 👩\u200d👩\u200d👧 \U0001d54f \u00a0ﬁ № \u0e01\u0e34"


def hazard_value(hazard: str, kind: str) -> str:
    """A hostile value for a field of `kind`: for free text the hazard itself; for an address or code,
    a valid value with the hazard inside it (so that only the hazard can make it fail)."""
    inserts = {"nul": "\x00", "control": "\x1b[2J\x1b]0;owned\x07\x7f\x9b31m", "bidi": "\u202egnp.exe", "surrogate": "\ud800"}
    if hazard == "markup":
        return MARKUP
    if hazard == "unicode":
        return UNUSUAL
    if hazard == "long":
        return "x" * 100_000 if kind == "text" else VALID[kind] + "a" * 100_000
    if kind == "text":
        return f"Before{inserts[hazard]}after"
    valid, at = VALID[kind], INSERT_AT[kind]
    return valid[:at] + inserts[hazard] + valid[at:]


TEXT_HAZARDS = ("markup", "unicode", "nul", "control", "bidi", "surrogate", "long")
ACCEPTED = {("text", "markup"), ("text", "unicode")}
"""What a field may hold and be published (as text, harmlessly): markup and unusual Unicode in free
text. Everything else is refused at `toolkit check`: in an address or a code, whatever its pattern
refuses; in any field, control characters (which would make the build fail, or publish a NUL),
bidirectional overrides (which reorder the text around them), lone surrogates (which cannot be written
as UTF-8) and over 1,000 characters (100 KB in one field)."""

FIRST_BAD = {"nul": 0x0000, "control": 0x001B, "bidi": 0x202E, "surrogate": 0xD800}
"""The first character of each hazard that the text check names."""

ALSO_PATTERN = {("phone", h) for h in ("nul", "control", "bidi", "long")} | {("hashtag", h) for h in ("nul", "control", "bidi")}
"""Where a hazard refused by the text check also breaks the field's pattern, which is reported too: a
phone number has room for nothing else, a hashtag for letters, digits and _ only. An e-mail address or
a web address has room for it (the text check alone refuses it), and so has a hashtag for 100 KB of
letters (only its length is refused)."""


def text_message(hazard: str, value: str) -> str | None:
    """What the text check says of `value`, holding `hazard`, in any field (None: nothing)."""
    if hazard == "long":
        return f"expected at most 1,000 characters, found {len(value):,}"
    if hazard in FIRST_BAD:
        return f"expected printable text, found the control character U+{FIRST_BAD[hazard]:04X}"
    return None


def _text_cases():
    for path, (kind, _) in TEXT_FIELDS.items():
        for hazard in TEXT_HAZARDS:
            yield pytest.param(path, kind, hazard, id=f"{path}-{hazard}")


@pytest.mark.parametrize(("path", "kind", "hazard"), list(_text_cases()))
def test_text_field(project, path, kind, hazard):
    slug = slug_for(f"t-{path}-{hazard}")
    profile = full_profile()
    value = hazard_value(hazard, kind)
    set_at(profile, path, value)
    text = dump(profile)
    write_community(project, slug, text)
    run = toolkit(project, "check", slug)
    if (kind, hazard) in ACCEPTED:
        assert_accepted(run, slug)
        # Kept as the very text written: nothing in it was evaluated or unescaped on the way in.
        (loaded,) = check(project, [slug])
        assert get_at(loaded.profile, path) == value
        return
    message = text_message(hazard, value)
    expected = [message] if message else []
    if kind != "text" and (not expected or (kind, hazard) in ALSO_PATTERN):
        expected.append(PATTERN_MESSAGES[kind])
    assert expected, f"no expected message for {(kind, hazard)}"
    for fragment in expected:
        found = refusal(run, f"sites/{slug}/profile.yaml", path, fragment)
        assert found.group(3) == path and int(found.group(1)) == line_of(text, path), str(run)


def _mapping_cases():
    for path, (_, local) in TEXT_FIELDS.items():
        if local:
            for hazard in ("markup", "nul", "bidi"):
                yield pytest.param(path, hazard, id=f"{path}-{hazard}")


@pytest.mark.parametrize(("path", "hazard"), list(_mapping_cases()))
def test_localised_mapping(project, path, hazard):
    """A localised field written as a mapping by language, the hostile text in the translations: each
    translation refused at its own key and line."""
    slug = slug_for(f"m-{path}-{hazard}")
    profile = full_profile()
    value = hazard_value(hazard, "text")
    set_at(profile, path, {"en": "Plain English", "es": value, "pt": value, "ar": value})
    text = dump(profile)
    write_community(project, slug, text)
    run = toolkit(project, "check", slug)
    if hazard == "markup":
        assert_accepted(run, slug)
        return
    for lang in ("es", "pt", "ar"):
        key = f"{path}.{lang}"
        found = refusal(run, f"sites/{slug}/profile.yaml", key, text_message(hazard, value))
        assert found.group(3) == key and int(found.group(1)) == line_of(text, key), str(run)
    assert f"{path}.en:" not in run.stderr, str(run)


HOSTILE_ADDRESSES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "example.org",
    "https://example.org/\njavascript:alert(1)",
    "https://example.org/ onmouseover=alert(1)",
    "ftp://example.org/",
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
@pytest.mark.parametrize("path", WEB_FIELDS)
def test_web_address(project, path, address):
    slug = slug_for(f"w-{path}-{address}")
    profile = full_profile()
    set_at(profile, path, address)
    text = dump(profile)
    write_community(project, slug, text)
    found = refusal(toolkit(project, "check", slug), f"sites/{slug}/profile.yaml", path, "expected a web address")
    assert int(found.group(1)) == line_of(text, path)


HOSTILE_COLOURS = [
    "red;}</style><script>alert(1)</script>",
    "#00355F;}body{display:none}",
    "#00355F</style><script>alert(1)</script>",
    "#00355F; background: url(javascript:alert(1))",
    "expression(alert(1))",
    "url(https://evil.example/track)",
    "var(--primary)",
    "#00355F\n",
    "#00355",
    "red",
]


@pytest.mark.parametrize("colour", HOSTILE_COLOURS)
@pytest.mark.parametrize("which", ["primary", "accent"])
def test_brand_colour(project, which, colour):
    slug = slug_for(f"c-{which}-{colour}")
    profile = full_profile()
    profile["brand"][which] = colour
    text = dump(profile)
    write_community(project, slug, text)
    found = refusal(toolkit(project, "check", slug), f"sites/{slug}/profile.yaml", f"brand.{which}", "expected a colour")
    assert int(found.group(1)) == line_of(text, f"brand.{which}")


def test_refusals_quote_hostile_values_without_running_them(project):
    """The messages quote a refused value with repr(): a terminal never sees its control characters."""
    slug = slug_for("quote-control")
    profile = full_profile()
    profile["contacts"]["attendance"]["phone"] = "\x1b[2J\x1b]0;owned\x07"
    write_community(project, slug, profile)
    run = toolkit(project, "check", slug)
    refusal(run, f"sites/{slug}/profile.yaml", "contacts.attendance.phone", "expected a phone number")
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr and r"\x1b[2J" in run.stderr


CONTROL_KEYS = [
    # (what is added to the profile, how the key must be shown: its control characters as escapes)
    pytest.param('\n"\\e]0;owned\\a\\e[2J": 1\n', r"\x1b]0;owned\x07\x1b[2J", id="top-level"),
    pytest.param(
        '\n"x\\nsites/connecticut/profile.yaml:1:1: forged": 1\n', r"x\nsites/connecticut/profile.yaml:1:1: forged", id="newline"
    ),
]


@pytest.mark.parametrize(("addition", "shown"), CONTROL_KEYS)
def test_unknown_keys_are_shown_without_control_characters(project, addition, shown):
    """An unknown key is quoted in `file:line:col: KEY: ...`: its escape sequences must not reach the
    terminal or CI log, and a newline in it must not forge a message of its own."""
    slug = slug_for(f"k-{addition}")
    text = BASE_TEXT + addition
    write_community(project, slug, text)
    run = toolkit(project, "check", slug)
    found = refusal(run, f"sites/{slug}/profile.yaml", None, "unknown key")
    assert int(found.group(1)) == len(text.splitlines()), str(run)
    message = run.stderr.removeprefix("error:").strip()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", run.stderr), str(run)
    assert all(line.startswith(f"sites/{slug}/profile.yaml:") for line in message.splitlines()), str(run)
    assert f": {shown}: unknown key" in run.stderr, str(run)


# --- files a profile names ---------------------------------------------------------------------


def _link(target):
    def make(folder: Path, outside: Path) -> None:
        os.symlink(target(folder, outside), folder / "link.svg")

    return make


def _write(name: str, data: bytes):
    def make(folder: Path, outside: Path) -> None:
        (folder / name).write_bytes(data)

    return make


SCRIPTED_SVG = (HOSTILE / "built" / "logo.svg").read_bytes()
OUTSIDE_FOLDER = "expected a file inside the community's folder"
NO_FILE = "expected an existing file"

LOGO_CASES = [
    pytest.param("/etc/passwd", None, OUTSIDE_FOLDER, id="absolute"),
    pytest.param(str(ROOT / "sites" / "connecticut" / "logo.svg"), None, OUTSIDE_FOLDER, id="absolute-inside-project"),
    pytest.param("../../etc/passwd", None, OUTSIDE_FOLDER, id="dot-dot"),
    pytest.param("../../../../../../../../../etc/hostname", None, OUTSIDE_FOLDER, id="dot-dot-deep"),
    pytest.param("../connecticut/logo.svg", None, OUTSIDE_FOLDER, id="another-community"),
    pytest.param("link.svg", _link(lambda folder, outside: outside / "secret.svg"), OUTSIDE_FOLDER, id="link-out-of-project"),
    pytest.param(
        "link.svg",
        _link(lambda folder, outside: folder.parent / "connecticut" / "logo.svg"),
        OUTSIDE_FOLDER,
        id="link-to-another-community",
    ),
    pytest.param(
        "link.svg",
        _link(lambda folder, outside: Path("../connecticut/logo.svg")),
        OUTSIDE_FOLDER,
        id="relative-link-to-another-community",
    ),
    pytest.param("link.svg", _link(lambda folder, outside: Path("/dev/zero")), OUTSIDE_FOLDER, id="link-to-dev-zero"),
    pytest.param(
        "link.svg", _link(lambda folder, outside: Path("/proc/self/environ")), OUTSIDE_FOLDER, id="link-to-proc-environ"
    ),
    pytest.param("link.svg", _link(lambda folder, outside: Path("link.svg")), OUTSIDE_FOLDER, id="link-loop"),
    pytest.param("link.svg", _link(lambda folder, outside: Path("/nonexistent/logo.svg")), OUTSIDE_FOLDER, id="dangling-link"),
    pytest.param(
        "sub/up/logo.svg",
        lambda f, o: (f / "sub").mkdir() or os.symlink("../..", f / "sub" / "up"),
        OUTSIDE_FOLDER,
        id="folder-link-up",
    ),
    pytest.param("folder.svg", lambda f, o: (f / "folder.svg").mkdir(), NO_FILE, id="directory"),
    pytest.param(".", None, NO_FILE, id="dot"),
    pytest.param("", None, NO_FILE, id="empty"),
    pytest.param("pipe.svg", lambda f, o: os.mkfifo(f / "pipe.svg"), NO_FILE, id="named-pipe"),
    pytest.param("missing.svg", None, NO_FILE, id="missing"),
    pytest.param("https://evil.example/logo.svg", None, NO_FILE, id="url"),
    pytest.param("file:///etc/passwd", None, "", id="file-url"),
    pytest.param("profile.yaml", None, "expected an SVG or PNG file", id="the-profile-itself"),
    pytest.param("logo.txt", _write("logo.txt", b"hello"), "expected an SVG or PNG file", id="not-an-image"),
    pytest.param("logo.gif", _write("logo.gif", b"GIF89a\x01\x00\x01\x00"), "expected an SVG or PNG file", id="gif"),
    pytest.param("logo.png", _write("logo.png", b"<svg onload=alert(1)>"), "expected a PNG image", id="png-that-is-not"),
    pytest.param("logo.svg", _write("logo.svg", b"\x89PNG\r\n\x1a\n" + bytes(64)), "expected an SVG", id="svg-that-is-a-png"),
    pytest.param(
        "logo.svg", _write("logo.svg", b"<html><script>alert(1)</script></html>"), "expected an SVG", id="svg-that-is-html"
    ),
    pytest.param("logo.svg", _write("logo.svg", b""), "expected an SVG", id="empty-svg"),
    pytest.param(
        "big.svg",
        _write("big.svg", b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * 2_000_000 + b"</svg>"),
        "at most 512 KB",
        id="svg-2mb",
    ),
    pytest.param("big.png", _write("big.png", b"\x89PNG\r\n\x1a\n" + bytes(2_000_000)), "at most 512 KB", id="png-2mb"),
    pytest.param(
        "xxe.svg",
        _write(
            "xxe.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        ),
        "DOCTYPE",
        id="svg-external-entity",
    ),
    pytest.param(
        "lol.svg",
        _write(
            "lol.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>',
        ),
        "DOCTYPE",
        id="svg-entity-bomb",
    ),
    pytest.param("logo\x00.svg", None, "expected printable text, found the control character U+0000", id="nul-in-name"),
    pytest.param(
        "a" * 300 + ".svg",
        None,
        "expected a file name of at most 255 bytes, found a longer one",
        id="name-longer-than-the-system-allows",
    ),
    pytest.param(
        "sub/" + "é" * 128 + ".svg",
        lambda f, o: (f / "sub").mkdir(),
        "expected a file name of at most 255 bytes, found a longer one",
        id="name-of-132-characters-and-260-bytes",
    ),
]


@pytest.mark.parametrize(("name", "setup", "fragment"), LOGO_CASES)
def test_logo_file(project, outside, request, name, setup, fragment):
    slug = slug_for(f"l-{request.node.callspec.id}")
    profile = full_profile()
    profile["brand"]["logo"]["file"] = name
    text = dump(profile)
    folder = write_community(project, slug, text)
    if setup:
        setup(folder, outside)
    found = refusal(toolkit(project, "check", slug), f"sites/{slug}/profile.yaml", "brand.logo.file", fragment)
    assert int(found.group(1)) == line_of(text, "brand.logo.file")


ACCEPTED_LOGOS = [
    pytest.param("scripted.svg", _write("scripted.svg", SCRIPTED_SVG), id="svg-with-script"),
    pytest.param("LOGO.SVG", _write("LOGO.SVG", BASE_LOGO.read_bytes()), id="upper-case-suffix"),
    pytest.param("./img/../logo.svg", lambda f, o: (f / "img").mkdir(), id="dot-dot-inside"),
    pytest.param("link.svg", _link(lambda folder, outside: Path("logo.svg")), id="link-inside-the-folder"),
]


@pytest.mark.parametrize(("name", "setup"), ACCEPTED_LOGOS)
def test_logo_file_inside_the_folder_is_accepted_and_sanitised(project, outside, request, name, setup):
    slug = slug_for(f"la-{request.node.callspec.id}")
    profile = full_profile()
    profile["brand"]["logo"]["file"] = name
    folder = write_community(project, slug, profile)
    setup(folder, outside)
    assert_accepted(toolkit(project, "check", slug), slug)
    (loaded,) = check(project, [slug])
    assert_safe_svg(loaded.logo.data.decode("utf-8"))


def assert_safe_svg(svg: str) -> None:
    """No script, event attribute, foreign content, link or reference out of the SVG itself."""
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower()
        assert tag not in ("script", "foreignobject", "iframe", "object", "embed", "image", "a", "handler", "listener"), svg
        for attribute, value in element.attrib.items():
            name = attribute.rpartition("}")[2].lower()
            assert not name.startswith("on"), svg
            assert name != "href" or value.startswith("#"), svg
            assert "javascript:" not in value.lower() and "evil.example" not in value, svg
        if tag == "style":
            css = (element.text or "").lower()
            assert "@import" not in css and "javascript:" not in css and "expression(" not in css, svg
            assert all(url.startswith("#") for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", css)), svg
    assert "<script" not in svg.lower() and "javascript:" not in svg.lower()


def test_fork_may_use_its_parents_logo(project):
    """Documented: a fork's logo is looked up in its folder or in its parent's."""
    slug = slug_for("fork-parent-logo")
    write_community(project, slug, {"extends": "connecticut", "brand": {"logo": {"file": "../connecticut/logo.svg"}}})
    assert_accepted(toolkit(project, "check", slug), slug)


EXTENDS_CASES = [
    pytest.param("../connecticut", "expected the slug of another community", id="dot-dot"),
    pytest.param("/etc", "expected the slug of another community", id="absolute"),
    pytest.param(".cache", "expected the slug of another community", id="dot-folder"),
    pytest.param("Bad Name", "expected the slug of another community", id="bad-name"),
    pytest.param(["connecticut"], "expected the slug of another community", id="list"),
    pytest.param("no-such-community", "expected an existing community", id="missing"),
    pytest.param("SELF", "does not extend itself", id="itself"),
]


@pytest.mark.parametrize(("parent", "fragment"), EXTENDS_CASES)
def test_extends(project, request, parent, fragment):
    slug = slug_for(f"e-{request.node.callspec.id}")
    text = dump({"extends": slug if parent == "SELF" else parent, "campaign": {"name": "Fork"}})
    write_community(project, slug, text)
    found = refusal(toolkit(project, "check", slug), f"sites/{slug}/profile.yaml", "extends", fragment)
    assert int(found.group(1)) == line_of(text, "extends")


@pytest.mark.parametrize("link", ["folder", "profile"])
def test_extends_a_link_out_of_the_project_is_refused(project, outside, link):
    """A parent must be a community: a folder of sites/ (or its profile.yaml) that is a link out of the
    project cannot lend a profile or a logo from outside it."""
    parent = slug_for(f"linked-parent-{link}")
    target = project.sites_dir / parent
    _WRITTEN.append(target)
    if link == "folder":
        os.symlink(outside / "community", target)
    else:  # the parent's logo is a file of its own folder: only its profile.yaml comes from outside
        target.mkdir()
        os.symlink(outside / "community" / "profile.yaml", target / "profile.yaml")
        shutil.copy(BASE_LOGO, target / "logo.svg")
    slug = slug_for(f"e-link-{link}")
    write_community(project, slug, {"extends": parent, "campaign": {"name": "Fork"}})
    assert parent not in toolkit(project, "list").stdout  # not a community of its own...
    text = (project.sites_dir / slug / "profile.yaml").read_text(encoding="utf-8")
    run = toolkit(project, "check", slug)
    fragment = f"expected an existing community, found {parent!r}"  # ...so not a parent either
    found = refusal(run, f"sites/{slug}/profile.yaml", "extends", fragment)
    assert int(found.group(1)) == line_of(text, "extends")
    assert "SECRET" not in run.stdout + run.stderr


# --- the YAML ----------------------------------------------------------------------------------


def _laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def _in_profile(extra: str) -> str:
    return BASE_TEXT + "\n" + extra


MARKER = Path("/tmp") / f"toolkit-hostile-{os.getpid()}"

YAML_CASES = [
    # (id, text, fragment the refusal shows or None when accepted, time bound)
    ("billion-laughs", _laughs(), "expected at most 50,000 values", BOMB),
    (
        "billion-laughs-in-a-real-key",
        _in_profile(_laughs().replace("a: &a", "extra_posts: &a", 1)),
        "expected at most 50,000 values",
        BOMB,
    ),
    ("aliases-60000", "a: &a x\nb: [" + ", ".join(["*a"] * 60_000) + "]\n", "expected at most 50,000 values", BOMB),
    ("nested-lists-10000", "[" * 10_000 + "]" * 10_000, "nested at most 16 deep", BOMB),
    ("nested-lists-10000-in-a-key", "organisation: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested at most 16 deep", BOMB),
    ("nested-mappings-10000", "a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", "nested at most 16 deep", BOMB),
    ("nested-lists-unclosed", "[" * 10_000, "", BOMB),
    ("nested-block-100", "".join("  " * i + "-\n" for i in range(100)), "nested at most 16 deep", BOMB),
    ("list-as-key", _in_profile("? [a, b]\n: c\n"), "expected a key of plain text, found a list", QUICK),
    ("mapping-as-key", _in_profile("? {a: b}\n: c\n"), "expected a key of plain text, found a mapping", QUICK),
    ("python-object-apply", _in_profile(f"x: !!python/object/apply:os.system ['touch {MARKER}']\n"), "unknown key 'x'", QUICK),
    ("python-object-apply-known-key", f"organisation: !!python/object/apply:os.system ['touch {MARKER}']\n", "", QUICK),
    ("python-object-new", _in_profile("x: !!python/object/new:builder.layout.Project {root: /}\n"), "unknown key 'x'", QUICK),
    ("python-name", "organisation: !!python/name:os.system\n", "invalid YAML", QUICK),
    ("python-module", "organisation: !!python/module:os\n", "invalid YAML", QUICK),
    ("custom-tag", _in_profile("x: !evil scalar\n"), "", QUICK),
    ("duplicate-key", _in_profile("organisation:\n  name: Again\n"), "expected each key once", QUICK),
    (
        "duplicate-nested-key",
        BASE_TEXT.replace("  level: state\n", "  level: state\n  level: county\n", 1),
        "expected each key once",
        QUICK,
    ),
    ("empty", "", "found an empty file", QUICK),
    ("only-comments", "# nothing\n\n   \n", "found an empty file", QUICK),
    ("top-level-list", "- organisation\n- campaign\n", "expected a mapping of profile keys at the top level", QUICK),
    ("top-level-text", "hello\n", "expected a mapping of profile keys at the top level", QUICK),
    ("top-level-null", "~\n", "expected a mapping of profile keys at the top level", QUICK),
    ("two-documents", BASE_TEXT + "---\na: b\n", "invalid YAML", QUICK),
    ("tab-indent", "organisation:\n\tname: x\n", "invalid YAML", QUICK),
    ("undefined-alias", "organisation: *nowhere\n", "invalid YAML", QUICK),
    ("merge-key", "base: &b {name: x}\norganisation:\n  <<: *b\n", "", QUICK),
    ("integer-key", _in_profile("1: 2\n"), "", QUICK),
    ("null-key", _in_profile("~: 2\n"), "", QUICK),
    ("binary", _in_profile("x: !!binary aGVsbG8=\n"), "unknown key 'x'", QUICK),
    ("timestamp", BASE_TEXT.replace("start: 2027-09-01", "start: 2027-09-01T10:00:00Z"), "expected a date", QUICK),
    ("nan", BASE_TEXT.replace("chronic_absence_percent: 17.7", "chronic_absence_percent: .nan"), "", QUICK),
    ("infinity", BASE_TEXT.replace("chronic_absence_percent: 17.7", "chronic_absence_percent: -.inf"), "", QUICK),
    ("huge-float", BASE_TEXT.replace("chronic_absence_percent: 17.7", "chronic_absence_percent: 1e999999"), "", QUICK),
    ("unknown-escape", 'organisation: "\\q"\n', "invalid YAML", QUICK),
    ("utf-8-bom", "\ufeff" + BASE_TEXT, None, QUICK),
]
YAML_BYTES_CASES = [
    ("latin-1", BASE_TEXT.replace("Connecticut State", "Connécticut State").encode("latin-1"), "expected UTF-8 text", QUICK),
    ("utf-16", BASE_TEXT.encode("utf-16"), "expected UTF-8 text", QUICK),
    ("binary-garbage", bytes(range(256)) * 16, "", QUICK),
]
UNREADABLE = "expected a value that can be read, found"
YAML_UNREADABLE_CASES = [
    # (id, text, fragment, what the message points at: the first occurrence of this text in the file)
    (
        "raw-nul-byte",
        BASE_TEXT.replace("Attend Today, Achieve Tomorrow\n", "Attend\x00Today\n", 1),
        "expected printable text, found the control character U+0000",
        "\x00",
    ),
    (
        "raw-escape-byte",
        BASE_TEXT.replace("Attend Today, Achieve Tomorrow\n", "Attend\x1bToday\n", 1),
        "expected printable text, found the control character U+001B",
        "\x1b",
    ),
    (
        "integer-of-5000-digits",
        BASE_TEXT.replace("chronic_absence_percent: 17.7", "chronic_absence_percent: " + "9" * 5000),
        f"statistic.chronic_absence_percent: {UNREADABLE} '{'9' * 40}' (Exceeds the limit (4300 digits)",
        "9" * 5000,
    ),
    (
        "february-30",
        BASE_TEXT.replace("start: 2027-09-01", "start: 2027-02-30"),
        f"campaign.start: {UNREADABLE} '2027-02-30' (day is out of range for month)",
        "2027-02-30",
    ),
    (
        "year-0",
        BASE_TEXT.replace("start: 2027-09-01", "start: 0000-01-01"),
        f"campaign.start: {UNREADABLE} '0000-01-01' (year 0 is out of range)",
        "0000-01-01",
    ),
    (
        "recursive-alias",
        "organisation: &a [*a]\n",
        "organisation[0]: expected a value, found an alias inside the value it names",
        "&a",
    ),
    (
        "recursive-alias-in-a-mapping",
        _in_profile("x: &m {a: *m}\n"),
        "x.a: expected a value, found an alias inside the value it names",
        "&m",
    ),
]
"""Characters and values YAML itself cannot read, each at its line and column: a raw NUL or ESC (YAML
allows neither), a date that does not exist, a number too long to convert, a value inside itself."""


def _position(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _yaml_params():
    for case_id, text, fragment, limit in YAML_CASES + YAML_BYTES_CASES:
        yield pytest.param(text, fragment, limit, None, id=case_id)
    for case_id, text, fragment, at in YAML_UNREADABLE_CASES:
        yield pytest.param(text, fragment, QUICK, _position(text, at), id=case_id)


@pytest.mark.parametrize(("text", "fragment", "limit", "where"), list(_yaml_params()))
def test_yaml(project, request, text, fragment, limit, where):
    slug = slug_for(f"y-{request.node.callspec.id}")
    write_community(project, slug, text)
    run = toolkit(project, "check", slug)
    if fragment is None:
        assert_accepted(run, slug, limit)
    else:
        found = refusal(run, f"sites/{slug}/profile.yaml", None, fragment, limit)
        if where:
            assert (int(found.group(1)), int(found.group(2))) == where, str(run)
    assert not MARKER.exists(), "a YAML tag ran a command"


def test_yaml_of_50_mb_is_refused_before_it_is_read(project):
    slug = slug_for("y-50mb")
    folder = write_community(project, slug, BASE_TEXT)
    with open(folder / "profile.yaml", "a", encoding="utf-8") as file:
        chunk = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            file.write(chunk)
    assert (folder / "profile.yaml").stat().st_size > 50_000_000
    refusal(toolkit(project, "check", slug), f"sites/{slug}/profile.yaml", None, "expected a profile of at most 256 KB", BOMB)


def test_cli_process_refuses_yaml_bombs_quickly(project):
    """The real command line, timed: interpreter start-up plus the refusal of each bomb."""
    bombs = {
        "p-laughs": _laughs(),
        "p-nested": "[" * 10_000 + "]" * 10_000,
        "p-keys": _in_profile("? [a, b]\n: c\n"),
        "p-python": f"x: !!python/object/apply:os.system ['touch {MARKER}']\n",
    }
    for slug, text in bombs.items():
        write_community(project, slug, text)
    baseline = toolkit_process(project, "list")
    run = toolkit_process(project, "check", *bombs)
    assert run.status == 2 and "Traceback" not in run.stderr and "internal error" not in run.stderr, str(run)
    for slug in bombs:
        assert f"sites/{slug}/profile.yaml:" in run.stderr, str(run)
    assert run.seconds - baseline.seconds < 4 * BOMB, f"{run}\n(`toolkit list` took {baseline.seconds:.2f} s)"
    assert not MARKER.exists()


def test_cli_process_reports_every_hostile_community_at_once(project):
    """The real command line over one refused case of each kind: every problem reported in one run, at its
    file, and exit 2."""

    def profile_with(path: str, value) -> dict:
        profile = full_profile()
        set_at(profile, path, value)
        return profile

    cases = {
        "p-web": (
            profile_with("campaign.site_url", "javascript:alert(1)"),
            {},
            "profile.yaml",
            "campaign.site_url: expected a web address",
        ),
        "p-colour": (
            profile_with("brand.primary", "red;}</style><script>"),
            {},
            "profile.yaml",
            "brand.primary: expected a colour",
        ),
        "p-logo": (profile_with("brand.logo.file", "../../etc/passwd"), {}, "profile.yaml", f"brand.logo.file: {OUTSIDE_FOLDER}"),
        "p-duplicate": (BASE_TEXT + "\norganisation:\n  name: x\n", {}, "profile.yaml", "expected each key once"),
        "p-utf16": (BASE_TEXT.encode("utf-16"), {}, "profile.yaml", "expected UTF-8 text"),
        "p-schools": (
            BASE_TEXT,
            {"schools.csv": csv_text(row_with("school", "S" * 300))},
            "schools.csv",
            "at most 200 characters",
        ),
    }
    for slug, (profile, files, _, _) in cases.items():
        write_community(project, slug, profile, files)
    run = toolkit_process(project, "check", *cases)
    assert run.status == 2 and "Traceback" not in run.stderr and "internal error" not in run.stderr, str(run)
    for slug, (_, _, file, fragment) in cases.items():
        assert re.search(rf"^sites/{slug}/{re.escape(file)}:\d+:\d+: .*{re.escape(fragment)}", run.stderr, re.M), (
            f"{slug}:\n{run}"
        )


# --- schools.csv -------------------------------------------------------------------------------

HEADER = "school,principal,contact_name,phone,email,languages,example\n"
GOOD_ROW = ["Maple Grove Elementary School", "Jordan Lee", "Dana Park", "(860) 555-0120", "maple@example.org", "en es", "yes"]
COLUMNS = HEADER.strip().split(",")


def csv_text(*rows: list[str], header: str = HEADER, quoting: int = csv.QUOTE_MINIMAL) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=quoting)
    for row in rows:
        writer.writerow(row)
    return header + out.getvalue()


def row_with(column: str, value: str) -> list[str]:
    row = list(GOOD_ROW)
    row[COLUMNS.index(column)] = value
    return row


FORMULA = "=cmd|' /C calc'!A0"


def _schools_params():
    """(csv text or bytes, expected problems [(line, column, fragment)] or None when accepted)."""
    cases = []
    for column in COLUMNS:
        cases += [
            (f"{column}-nul", csv_text(row_with(column, "a\x00b")), [(2, column, "control character U+0000")]),
            (f"{column}-newline", csv_text(row_with(column, "a\nb"), GOOD_ROW), [(2, column, "control character U+000A")]),
            (f"{column}-escape", csv_text(row_with(column, "a\x1b[2Jb")), [(2, column, "control character U+001B")]),
            (
                f"{column}-bidi-override",
                csv_text(row_with(column, "abc\u202egnp.exe")),
                [(2, column, "control character U+202E")],
            ),
            (f"{column}-300-characters", csv_text(row_with(column, "S" * 300)), [(2, column, "at most 200 characters")]),
        ]
    for column in ("school", "principal", "contact_name"):
        cases += [
            (f"{column}-formula", csv_text(row_with(column, FORMULA)), None),
            (
                f"{column}-markup",
                csv_text(row_with(column, '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{ 7*7 }}')),
                None,
            ),
        ]
    cases += [
        ("phone-formula", csv_text(row_with("phone", "=1+1")), [(2, "phone", "expected a phone number")]),
        ("phone-javascript", csv_text(row_with("phone", "javascript:alert(1)")), [(2, "phone", "expected a phone number")]),
        ("email-formula", csv_text(row_with("email", FORMULA + "@example.org")), [(2, "email", "expected an e-mail address")]),
        (
            "email-markup",
            csv_text(row_with("email", '"><script>alert(1)</script> @x.org')),
            [(2, "email", "expected an e-mail address")],
        ),
        ("email-markup-no-space", csv_text(row_with("email", '"><svg/onload=alert(1)>@example.org')), None),
        (
            "languages-formula",
            csv_text(row_with("languages", "=en")),
            [(2, "languages", "expected some of the community's languages")],
        ),
        (
            "languages-path",
            csv_text(row_with("languages", "en ../../etc")),
            [(2, "languages", "expected some of the community's languages")],
        ),
        ("example-formula", csv_text(row_with("example", "=TRUE()")), [(2, "example", "expected yes or no")]),
        ("school-path", csv_text(row_with("school", "../../etc/passwd")), None),
        (
            "school-only-punctuation",
            csv_text(row_with("school", "../..")),
            [(2, "school", "expected a name with letters or digits")],
        ),
        ("school-slug-over-80", csv_text(row_with("school", "Ab " * 60)), [(2, "school", "at most 80 letters and digits")]),
        (
            "school-twice",
            csv_text(GOOD_ROW, row_with("school", "maple grove elementary school!")),
            [(3, "school", "expected each school once")],
        ),
        ("cells-too-many", csv_text(GOOD_ROW + ["extra"]), [(2, "", "expected 7 cells")]),
        ("cells-too-few", csv_text(GOOD_ROW[:2]), [(2, "", "expected 7 cells")]),
        (
            "quote-unclosed",
            HEADER + '"Maple,Jordan,Dana,(860) 555-0120,maple@example.org,en,yes\n',
            [(2, "", "expected 7 cells")],
        ),
        (
            "line-after-a-quoted-newline",
            csv_text(row_with("school", "a\nb"), row_with("phone", "call us")),
            [(4, "phone", "expected a phone number")],
        ),
        ("empty-file", "", [(1, "", "expected the columns")]),
        ("blank-lines", "\n\n\n", [(1, "", "expected the columns")]),
        ("header-only", HEADER, None),
        ("header-semicolons", HEADER.replace(",", ";") + ";".join(GOOD_ROW) + "\n", [(1, "", "expected the columns")]),
        ("header-nul", "\x00\n", [(1, "", "expected the columns")]),
        ("utf-8-bom", "\ufeff" + csv_text(GOOD_ROW), None),
        ("crlf", csv_text(GOOD_ROW).replace("\n", "\r\n"), None),
        ("latin-1", csv_text(row_with("school", "Escuela Peña")).encode("latin-1"), [(1, "", "expected UTF-8 text")]),
        ("utf-16", csv_text(GOOD_ROW).encode("utf-16"), [(1, "", "expected UTF-8 text")]),
        (
            "cp1252-smart-quotes",
            csv_text(row_with("school", "O\u2019Brien School")).encode("cp1252"),
            [(1, "", "expected UTF-8 text")],
        ),
        (
            "5-mb",
            HEADER + ",".join(GOOD_ROW[:6]) + ",yes\n" + "".join(f"S{i},a,b,211,s@example.org,en,no\n" for i in range(180_000)),
            [(1, "", "at most 4 MB")],
        ),
        (
            "20000-rows",
            HEADER + "".join(f"School {i},a,b,211,s{i}@example.org,en,no\n" for i in range(20_000)),
            [(10_002, "", "at most 10,000 schools")],
        ),
    ]
    for case_id, text, expected in cases:
        yield pytest.param(text, expected, id=case_id)
    unreadable = "expected CSV the file can be read as: field larger than field limit (131072); the rest of the file is left out"
    cases = [
        ("cell-of-200-kb", HEADER + '"' + "x" * 200_000 + '",a,b,211,s@example.org,en,no\n', [(2, "", unreadable)]),
        (
            "cell-of-200-kb-on-line-3",
            csv_text(GOOD_ROW) + "Oak," + "x" * 200_000 + ",b,211,s@example.org,en,no\n",
            [(3, "", unreadable)],
        ),
        ("header-cell-of-200-kb", '"' + "x" * 200_000 + '"\n', [(1, "", unreadable)]),
        (
            "header-column-twice",
            HEADER.strip() + ",school\n" + ",".join(GOOD_ROW) + ",Oak\n",
            [
                (
                    1,
                    "",
                    "expected the columns school, principal, contact_name, phone, email, languages, grades, "
                    "example (grades and example optional), each once; school more than once",
                )
            ],
        ),
        (
            # A bare CR outside quotes ends a row, as \n does (and ends a line, as editors count them): "Maple"
            # is a row of one cell, "Grove,..." a school of its own on line 3, and the phone on line 4.
            "bare-carriage-return-ends-a-row",
            HEADER + "Maple\rGrove,a,b,211,s@example.org,en,no\nOak School,a,b,call us,o@example.org,en,no\n",
            [(2, "", "expected 7 cells as in the header, found 1"), (4, "phone", "expected a phone number")],
        ),
    ]
    for case_id, text, expected in cases:
        yield pytest.param(text, expected, id=case_id)
    for column in COLUMNS:
        # A CR inside a quoted cell stays in the cell (refused there); it ends a line, so the next row is on line 4.
        yield pytest.param(
            csv_text(row_with(column, "a\rb"), row_with("phone", "call us"), quoting=csv.QUOTE_ALL),
            [(2, column, "expected printable text, found the control character"), (4, "phone", "expected a phone number")],
            id=f"{column}-carriage-return",
        )
    for separator, name in (("\x0c", "form-feed"), ("\x85", "next-line"), ("\x1e", "record-separator")):
        # Not a line break to CSV: the cell keeps it (refused, as a control character) and the lines stay true.
        yield pytest.param(
            HEADER + f"Maple{separator}Grove,a,b,211,s@example.org,en,no\nOak School,a,b,call us,o@example.org,en,no\n",
            [
                (2, "school", f"expected printable text, found the control character U+{ord(separator):04X}"),
                (3, "phone", "expected a phone number"),
            ],
            id=f"{name}-in-a-cell",
        )
    yield pytest.param(
        HEADER + "Maple\u2028Grove,a,b,211,s@example.org,en,no\nOak School,a,b,call us,o@example.org,en,no\n",
        [(2, "school", "the control character U+2028"), (3, "phone", "expected a phone number")],
        id="line-separator-in-a-cell",
    )


@pytest.mark.parametrize(("content", "expected"), list(_schools_params()))
def test_schools_csv(project, request, content, expected):
    slug = slug_for(f"s-{request.node.callspec.id}")
    write_community(project, slug, BASE_TEXT, {"schools.csv": content})
    run = toolkit(project, "check", slug)
    if expected is None:
        assert_accepted(run, slug)
        (loaded,) = check(project, [slug])
        assert all(safe_slug(school.slug) for school in loaded.schools.schools)
        return
    file = f"sites/{slug}/schools.csv"
    assert_no_crash(run)
    assert run.status == 2, str(run)
    for line, column, fragment in expected:
        where = f"{file}:{line}:1: " + (f"{column}: " if column else "")
        messages = [line.removeprefix("error: ") for line in run.stderr.splitlines()]
        assert any(message.startswith(where) and fragment in message for message in messages), (
            f"expected `{where}...{fragment}`:\n{run}"
        )


def safe_slug(slug: str) -> bool:
    return 0 < len(slug) <= 80 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) is not None


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(lambda project, outside: outside / "secret.csv", id="out-of-the-project"),
        pytest.param(lambda project, outside: project.sites_dir / "oakland" / "schools.csv", id="another-community"),
    ],
)
def test_schools_csv_link_out_of_the_folder_is_refused(project, outside, request, target):
    slug = slug_for(f"s-link-{request.node.callspec.id}")
    folder = write_community(project, slug, BASE_TEXT)
    os.symlink(target(project, outside), folder / "schools.csv")
    run = toolkit(project, "check", slug)
    assert run.status == 2 and f"sites/{slug}/schools.csv:1:1: expected a file inside the community's folder" in run.stderr, str(
        run
    )
    assert "Secret School" not in run.stderr + run.stdout


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        pytest.param(HEADER.strip() + ",\x1b[31mred\x1b[0m\n", r"unknown '\x1b[31mred\x1b[0m'", id="header"),
        pytest.param(
            csv_text(row_with("languages", "en \x1b]0;owned\x07\x1b[2J")),
            "languages: expected printable text, found the control character U+001B",
            id="languages",
        ),
    ],
)
def test_schools_csv_messages_carry_no_control_characters(project, request, content, shown):
    """The header's unknown column names and a row's unknown languages are quoted in messages: their escape
    sequences are shown as escapes, and never reach the terminal or CI log."""
    slug = slug_for(f"s-ctl-{request.node.callspec.id}")
    write_community(project, slug, BASE_TEXT, {"schools.csv": content})
    run = toolkit(project, "check", slug)
    assert_no_crash(run)
    assert run.status == 2 and f"sites/{slug}/schools.csv:" in run.stderr, str(run)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", run.stderr), repr(run.stderr)
    assert shown in run.stderr, repr(run.stderr)


# --- folders of sites/ ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folders(tmp_path_factory, outside) -> Project:
    """A project whose sites/ holds Connecticut and folders that must not be taken for communities."""
    base = tmp_path_factory.mktemp("folders")
    only = base / "only"
    shutil.copytree(ROOT / "sites" / "connecticut", only / "connecticut")
    project = copy_project(base / "project", sites=only)
    sites = project.sites_dir
    for name in BADLY_NAMED:
        (sites / name).mkdir()
        (sites / name / "profile.yaml").write_text(BASE_TEXT, encoding="utf-8")
        shutil.copy(BASE_LOGO, sites / name / "logo.svg")
    (sites / ".staging" / "connecticut-abc123").mkdir()
    os.symlink(outside / "community", sites / "linked-out")
    (sites / "profile-linked-out").mkdir()
    os.symlink(outside / "community" / "profile.yaml", sites / "profile-linked-out" / "profile.yaml")
    (sites / "profile-is-a-folder" / "profile.yaml").mkdir(parents=True)
    (sites / "no-profile").mkdir()
    os.mkfifo(sites / "a-pipe")
    (sites / "a-file").write_text("not a folder", encoding="utf-8")
    return project


BADLY_NAMED = [".cache", ".staging", ".git", "Bad Name", "UPPER", "-dash", "a" * 70, "ünïcode"]
"""Folders holding a profile whose names are not slugs (the build's own folder names among them)."""
STRAYS = [*BADLY_NAMED, "linked-out", "profile-linked-out", "profile-is-a-folder"]


NOT_COMMUNITIES = [*STRAYS, "no-profile", "a-pipe", "a-file", "../../etc", "/etc", "connecticut/../connecticut", ""]


"""The folders of `folders`' sites/ that hold a profile.yaml (a file, a link or a folder) but are not
communities: a name that is not a slug, a link out of sites/ or of the folder, a profile that is no file."""
NOT_BUILT = (
    "expected a community folder named with lower-case letters, digits and hyphens, holding its own "
    "profile.yaml (not a link out of it); this folder is not built"
)


def test_only_slug_folders_with_a_profile_are_communities(folders):
    listed = toolkit(folders, "list")
    assert listed.status == 0 and listed.stdout.split() == ["connecticut"], str(listed)
    checked = toolkit(folders, "check", "connecticut")  # named: no other folder is looked at
    assert_accepted(checked, "connecticut")
    assert checked.stdout.count(": ok") == 1 and not checked.stderr, str(checked)


def test_check_names_every_folder_that_is_not_a_community(folders):
    """`toolkit check` of every community fails (exit 2) naming each folder that holds a profile but is
    not a community, at its profile.yaml, rather than skipping it silently; the folders without a profile
    (no-profile, a-pipe, a-file) are not communities either, and not named."""
    run = toolkit(folders, "check")
    assert_no_crash(run)
    assert run.status == 2, str(run)
    lines = run.stderr.removeprefix("error:").strip().splitlines()
    assert sorted(lines) == sorted(f"sites/{name}/profile.yaml:1:1: {NOT_BUILT}" for name in STRAYS), str(run)
    assert "SECRET" not in run.stdout + run.stderr


@pytest.mark.parametrize("name", NOT_COMMUNITIES, ids=lambda name: name or "empty")
@pytest.mark.parametrize("command", ["check", "build"])
def test_folder_is_not_a_community(folders, command, name):
    run = toolkit(folders, command, "--", name)
    assert_no_crash(run)
    assert run.status == 2 and f"no community named {name!r}" in run.stderr, str(run)
    assert not (folders.output / "connecticut").exists()
    if name and "/" not in name and not name.startswith("."):
        assert not (folders.output / name).exists()


# --- what a hostile but valid community publishes --------------------------------------------------

BUILT_KINDS = "handout,letter,resource-sheet,social-posts"
"""Every document that shows a profile text field (the booklet and poster show none of their own)."""


BUILT_STRAYS = ["Not A Community", "linked-out"]
"""Folders of the built project's sites/ holding a profile that are not communities: the build (of every
community) warns of each and builds the others."""


@pytest.fixture(scope="module")
def built_run(tmp_path_factory, outside) -> tuple[Project, Run]:
    """`fixtures/hostile/built/` (every text field hostile, a scripted SVG logo, hostile schools), built
    once through the CLI in one language, by `toolkit build` of every community: beside it, sites/ holds
    folders with a profile that are not communities (a name that is not a slug, a link out)."""
    base = tmp_path_factory.mktemp("built")
    shutil.copytree(HOSTILE / "built", base / "sites" / "hostile")
    project = copy_project(base / "project", sites=base / "sites")
    (project.sites_dir / "Not A Community").mkdir()
    shutil.copy(BASE_PROFILE, project.sites_dir / "Not A Community" / "profile.yaml")
    os.symlink(outside / "community", project.sites_dir / "linked-out")
    run = toolkit(project, "build", "-j", "1", "--kinds", BUILT_KINDS, limit=120)
    assert run.status == 0 and "Traceback" not in run.stderr, str(run)
    return project, run


@pytest.fixture(scope="module")
def built(built_run) -> Project:
    return built_run[0]


def test_built_warns_of_folders_that_are_not_communities_and_builds_the_others(built_run):
    project, run = built_run
    for name in BUILT_STRAYS:
        assert f"warning: sites/{name}/profile.yaml:1:1: {NOT_BUILT}" in run.stderr.splitlines(), str(run)
    assert sorted(path.name for path in project.output.iterdir() if not path.name.startswith(".")) == ["hostile"]
    for path in project.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".svg", ".json", ".xml", ".txt"):
            assert "SECRET" not in path.read_text(encoding="utf-8"), path


@pytest.fixture(scope="module")
def hostile_profile() -> dict:
    return yaml.safe_load((HOSTILE / "built" / "profile.yaml").read_text(encoding="utf-8"))


class Page(HTMLParser):
    """An HTML page as a browser would see it: its elements, attributes and text."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.script_texts: list[str] = []
        self._in_script = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.script_texts if self._in_script else self.texts).append(data)

    @property
    def shown(self) -> str:
        """Its text and attribute values, each run of white space as one space."""
        values = [value for _, attrs in self.elements for value in attrs.values()]
        return " ".join(" ".join([*self.texts, *values]).split())


def html_pages(project: Project) -> dict[str, Page]:
    site = project.output / "hostile"
    return {str(path.relative_to(site)): Page(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


def test_built_pages_run_no_script_but_the_themes_own(built):
    pages = html_pages(built)
    assert {"index.html", "handout.html", "letter.html", "resource-sheet.html", "social-posts.html", "downloads.html"} <= set(
        pages
    )
    for name, page in pages.items():
        scripts = [attrs.get("src") for tag, attrs in page.elements if tag == "script"]
        assert scripts == ["js/toolkit.js"], f"{name}: <script> elements {scripts}"
        assert not "".join(page.script_texts).strip(), f"{name}: an inline script {page.script_texts}"
        for tag, attrs in page.elements:
            assert tag not in ("iframe", "frame", "object", "embed", "base", "applet"), f"{name}: <{tag} {attrs}>"
            for attribute, value in attrs.items():
                assert not attribute.startswith("on"), f"{name}: <{tag} {attribute}={value!r}>"
                if attribute in ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"):
                    assert not re.match(r"\s*(javascript|vbscript|data|file):", value, re.I), (
                        f"{name}: <{tag} {attribute}={value!r}>"
                    )
            if tag == "img":  # the logo and share images, from the site itself
                assert not re.match(r"\s*([a-z]+:|//)", attrs["src"], re.I), f"{name}: {attrs}"
            if tag == "meta":
                assert attrs.get("http-equiv", "").lower() != "refresh", f"{name}: {attrs}"


def test_built_pages_show_every_hostile_value_as_text(built, hostile_profile):
    pages = html_pages(built)
    everything = " ".join(page.shown for page in pages.values())
    shown_on = {
        "organisation.name": "index.html",
        "organisation.short_name.en": "handout.html",
        "organisation.districts[0]": "index.html",
        "organisation.districts[1]": "index.html",
        "organisation.partners[0].name": "index.html",
        "organisation.partners[0].website": "index.html",
        "campaign.name": "index.html",
        "campaign.slogan.en": "index.html",
        "leader.name": "letter.html",
        "leader.title.en": "letter.html",
        "contacts.attendance.name": "handout.html",
        "contacts.attendance.email": "handout.html",
        "contacts.attendance.website": "handout.html",
        "contacts.press.name.en": "index.html",
        "contacts.accessibility.name": "accessibility.html",
        "contacts.accessibility.website": "accessibility.html",
        "brand.logo.alt.en": "index.html",
        "statistic.source": "handout.html",
        "resources[0].name": "resource-sheet.html",
        "resources[0].offers.en": "resource-sheet.html",
        "resources[0].website": "resource-sheet.html",
        "extra_posts[0]": "social-posts.html",
        "extra_posts[1].en": "social-posts.html",
    }
    for path, page in shown_on.items():
        value = " ".join(get_at(hostile_profile, path).split())
        assert value in pages[page].shown, f"{path} = {value!r} not shown as text on {page}"
    assert "{{ 7*7 }}" in pages["index.html"].shown and "{% raw %}" in pages["index.html"].shown
    # The text is shown once escaped: a literal "&lt;" in the profile is shown as "&lt;", not as "<".
    assert "Press &lt;b&gt; &amp; &#60;script&#62;" in pages["index.html"].shown
    assert f"{hostile_profile['campaign']['site_url'].rstrip('/')}/handout.html" in everything  # og:url
    # The schools' editions are listed by name, each name as its text.
    downloads = pages["downloads.html"].shown
    assert "=cmd|' /C calc'!A0" in downloads and '<script>alert("school")</script> Elementary' in downloads


def test_built_search_index_and_manifest_are_json(built, hostile_profile):
    site = built.output / "hostile"
    index = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    assert any(hostile_profile["campaign"]["name"] in entry["text"] for entry in index)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    schools = {artifact["school"] for artifact in manifest["artifacts"] if "school" in artifact}
    assert schools == {"cmd-c-calc-a0", "script-alert-school-script-elementary"}
    for artifact in manifest["artifacts"]:
        path = site / artifact["path"]
        assert path.resolve().is_relative_to(site.resolve()) and path.is_file(), artifact
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = [element.text for element in sitemap.iter() if element.tag.endswith("loc")]
    assert locations and all(loc.startswith(hostile_profile["campaign"]["site_url"]) for loc in locations)


def test_built_scripts_and_styles_carry_nothing_from_the_profile(built):
    """search-index.json holds the hostile text as it is: the theme's script must show it as text. The
    stylesheets (the community's holds its brand colours) carry none of the profile's text."""
    site = built.output / "hostile"
    script = (site / "js" / "toolkit.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc"):
        assert sink not in script
    for path in [*site.rglob("*.css"), *site.rglob("*.js")]:
        text = path.read_text(encoding="utf-8").lower()
        assert "alert(" not in text and "<script" not in text and "</style" not in text and "{{" not in text, path


def test_built_logo_is_sanitised(built):
    published = (built.output / "hostile" / "assets" / "logo.svg").read_text(encoding="utf-8")
    assert_safe_svg(published)
    assert "Logo" in published  # what was harmless is kept


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def pdf_text(path: Path) -> tuple[str, object]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_built_pdfs_print_the_hostile_text_literally(built, hostile_profile):
    pdf = built.output / "hostile" / "pdf"
    printed_in = {
        "handout": ["organisation.name", "campaign.name", "campaign.slogan.en", "statistic.source", "contacts.attendance.name"],
        "letter": [
            "organisation.name",
            "leader.name",
            "leader.title.en",
            "contacts.attendance.email",
            "contacts.attendance.website",
        ],
        "resource-sheet": ["resources[0].name", "resources[0].offers.en", "resources[0].website"],
        "social-posts": ["extra_posts[0]", "extra_posts[1].en", "campaign.site_url"],
    }
    for kind, paths in printed_in.items():
        text, reader = pdf_text(pdf / f"hostile-{kind}-en.pdf")
        for path in paths:
            value = get_at(hostile_profile, path)
            assert _normal(value) in _normal(text), f"{kind}: {path} = {value!r} not printed as text"
        assert reader.metadata.author == hostile_profile["organisation"]["name"]
    schools = built.output / "hostile" / "schools"
    text, _ = pdf_text(schools / "cmd-c-calc-a0" / "cmd-c-calc-a0-letter-en.pdf")
    assert _normal("=cmd|' /C calc'!A0") in _normal(text) and _normal("'+SUM(1+1)") in _normal(text)
    text, _ = pdf_text(schools / "script-alert-school-script-elementary" / "script-alert-school-script-elementary-handout-en.pdf")
    assert _normal('<script>alert("school")</script> Elementary') in _normal(text)


def test_built_pdfs_hold_no_actions_or_scripts(built):
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    def walk(value, seen: set) -> list:
        if isinstance(value, IndirectObject):
            if value.idnum in seen:
                return []
            seen.add(value.idnum)
            value = value.get_object()
        found = []
        if isinstance(value, DictionaryObject):
            found.append(value)
            for item in value.values():
                found += walk(item, seen)
        elif isinstance(value, ArrayObject):
            for item in value:
                found += walk(item, seen)
        return found

    pdfs = sorted((built.output / "hostile").rglob("*.pdf"))
    assert len(pdfs) == 8
    for path in pdfs:
        _, reader = pdf_text(path)
        for dictionary in walk(reader.trailer["/Root"], set()):
            assert "/JS" not in dictionary and "/JavaScript" not in dictionary and "/AA" not in dictionary, path
            assert "/OpenAction" not in dictionary, path
            action = dictionary.get("/S")
            assert action not in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition"), path
            if action == "/URI":
                uri = str(dictionary["/URI"])
                assert re.match(r"(https?|mailto|tel):", uri), f"{path.name}: {uri!r}"


def test_built_with_a_non_ascii_site_url(project):
    """An internationalised address (https://bücher.example/) is a valid web address: check accepts it,
    so the build must publish it (robots.txt and the sitemap name it)."""
    slug = slug_for("idn-site-url")
    profile = copy.deepcopy(BASE)
    profile["languages"] = ["en"]
    profile["campaign"]["site_url"] = "https://bücher.example/kampagne/"
    write_community(project, slug, profile)
    assert_accepted(toolkit(project, "check", slug), slug)
    run = toolkit(project, "build", "-j", "1", "--kinds", "handout", slug, limit=120)
    assert_no_crash(run, limit=120)
    assert run.status == 0, str(run)
    robots = (project.output / slug / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://bücher.example/kampagne/sitemap.xml" in robots.splitlines(), robots


# --- properties ------------------------------------------------------------------------------------

SCHEMA_KEYS = [
    "extends", "organisation", "campaign", "leader", "contacts", "brand", "page_size", "languages", "statistic",
    "resources", "extra_posts", "name", "short_name", "level", "website", "districts", "partners", "slogan", "hashtags",
    "start", "end", "site_url", "title", "example", "attendance", "press", "accessibility", "phone", "email", "primary",
    "accent", "logo", "file", "alt", "chronic_absence_percent", "school_year", "source", "id", "category", "offers", "omit",
    "en", "es", "pt",
]  # fmt: skip
PLAUSIBLE = [
    "", "en", "es", "zh-Hant", "xx", "#SchoolEveryDay", "https://example.org/", "(860) 555-0110", "a@example.org",
    "#00355F", "#FFFFFF", "logo.svg", "../connecticut/logo.svg", "connecticut", "oakland", "state", "district", "health",
    "2023-24", "Letter", "A4", "true", "2027-09-01",
]  # fmt: skip
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.text(max_size=30),
    st.sampled_from(PLAUSIBLE),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.one_of(st.sampled_from(SCHEMA_KEYS), st.text(max_size=12), st.integers()), inner, max_size=3)
    ),
    max_leaves=8,
)


def _places(data, path=()):
    """Every (container, key) in `data`: where a value can be deleted, replaced or added."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield data, key
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield data, index
            yield from _places(value, (*path, index))


@st.composite
def mutated_profiles(draw) -> dict:
    """Connecticut's profile with one to four random mutations: a key deleted, a value replaced (text,
    numbers, lists, nested mappings, None...), a key added (unknown or misplaced), a value wrapped in a
    list or a list replaced by its first item."""
    profile = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        places = list(_places(profile))
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        operation = draw(st.sampled_from(["delete", "replace", "replace", "add", "wrap", "unwrap"]))
        if operation == "delete":
            del container[key]
        elif operation == "replace":
            container[key] = draw(VALUES)
        elif operation == "add":
            target = container[key] if isinstance(container[key], dict) else profile
            target[draw(st.one_of(st.sampled_from(SCHEMA_KEYS), st.text(max_size=12)))] = draw(VALUES)
        elif operation == "wrap":
            container[key] = [container[key]]
        elif isinstance(container[key], list) and container[key]:
            container[key] = container[key][0]
    return profile


PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _with(path: str, value) -> dict:
    profile = copy.deepcopy(BASE)
    set_at(profile, path, value)
    return profile


@PROPERTY_SETTINGS
@given(profile=mutated_profiles())
@example(profile=_with("brand.logo.file", "logo\x00.svg"))  # once an internal error (ValueError: embedded null byte)
@example(profile=_with("brand.logo.file", "a" * 300 + ".svg"))  # once an internal error (OSError: File name too long)
@example(profile=_with("campaign.slogan", "Attend\ud800Today"))  # once passed check, then broke the build
@example(profile=_with("organisation", {"\x1b[2J": "x", "name\n": "y"}))  # once printed raw in the report
def test_property_mutated_profiles_pass_or_are_refused(project, profile):
    """Any mutation of a real profile is accepted or refused by `check`, with a ToolkitError naming
    profile.yaml, never another exception."""
    slug = "property-profile"
    folder = project.sites_dir / slug
    if not folder.exists():
        write_community(project, slug, profile)
    (folder / "profile.yaml").write_text(dump(profile), encoding="utf-8")
    try:
        result = check(project, [slug])
    except ToolkitError as error:  # the one kind of failure a user may meet
        assert "profile.yaml" in str(error), str(error)
        if isinstance(error, ProfileError):
            assert error.problems and all(problem.file.endswith("/profile.yaml") for problem in error.problems)
            assert all(str(problem).isprintable() for problem in error.problems), str(error)
    else:
        assert [loaded.slug for loaded in result] == [slug]


CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(GOOD_ROW + ["", " ", "en", "en es", "no", "211", "=1+1", '"', ",", "\n", "\r\n", "é", "\x00", "中文"]),
)


@st.composite
def school_lists(draw) -> str:
    """A schools.csv: a header (the real columns in any order, some missing or unknown), rows of random or
    nearly valid cells (random counts), written with any quoting or none, and either line ending."""
    header = draw(
        st.one_of(
            st.just(COLUMNS),
            st.permutations(COLUMNS),
            st.just(COLUMNS[:6]),
            st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)), max_size=9),
        )
    )
    nearly_valid = st.builds(
        lambda row, index, value: [value if i == index else cell for i, cell in enumerate(row)],
        st.just(GOOD_ROW),
        st.integers(0, len(GOOD_ROW) - 1),
        CELLS,
    )
    names = st.one_of(
        st.text(min_size=1, max_size=90),
        st.text(st.characters(categories=("L", "N", "Zs", "P", "Mn")), min_size=1, max_size=90),
    )
    school_names = st.builds(lambda name, row: [name, *row[1:]], names, st.just(GOOD_ROW))
    rows = draw(st.lists(st.one_of(nearly_valid, school_names, st.lists(CELLS, max_size=9)), max_size=6))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC, None]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [header, *rows]
    if quoting is None:  # written by hand, as a careless spreadsheet export would
        return "".join(",".join(line) + newline for line in lines)
    out = io.StringIO()
    csv.writer(out, quoting=quoting, lineterminator=newline).writerows(lines)
    return out.getvalue()


def physical_lines(text: str) -> int:
    """Lines as an editor or `git diff` counts them: ended by \\n, \\r\\n or \\r."""
    return len(re.findall(r"\r\n|\r|\n", text)) + (0 if re.search(r"[\r\n]\Z", text) or not text else 1)


SPLIT_ROWS = HEADER + "".join(f"Maple{c}Grove,a,b,211,s@example.org,en,no\n" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Rows holding what str.splitlines() breaks lines at besides \\r and \\n: once cut in two, line numbers
then past the end of the file."""


@PROPERTY_SETTINGS
@given(text=school_lists())
@example(text=SPLIT_ROWS)
@example(text=csv_text(row_with("school", "a\rb"), row_with("phone", "call us"), quoting=csv.QUOTE_ALL))
@example(text=HEADER + '"' + "x" * 200_000 + '",a,b,211,s@example.org,en,no\n')  # once an internal error (csv.Error)
@example(text=HEADER.strip() + ",\x1b[31mred\x1b[0m,school\n")
def test_property_school_lists_pass_or_are_refused_at_their_lines(project, text):
    """Every generated schools.csv is accepted or refused with a ProfileError whose problems point into
    schools.csv, at one of its lines, shown printably, never another exception; every school that passes
    has a safe slug and a line of the file."""
    slug = "property-schools"
    folder = project.sites_dir / slug
    if not folder.exists():
        write_community(project, slug, BASE_TEXT)
    (folder / "schools.csv").write_text(text, encoding="utf-8", newline="")
    lines = physical_lines(text)
    try:
        check(project, [slug])
    except ProfileError as error:
        for problem in error.problems:
            assert problem.file == f"sites/{slug}/schools.csv", str(problem)
            assert 1 <= problem.line <= max(1, lines), f"{problem} (the file has {lines} lines)"
            assert str(problem).isprintable(), str(problem)
    # The schools whose rows passed (what check read, and a build would make):
    schools = load_schools(folder / SCHOOLS_FILE, f"sites/{slug}/{SCHOOLS_FILE}", BASE["languages"], folder).schools
    for school in schools:
        assert safe_slug(school.slug), school
        assert 1 <= school.line <= lines
