"""A killed build never changes or removes the previous output (issue 12).

One community (Connecticut, in two languages, handouts and letters only) is built once; each test
starts from a copy of that build, edits the slogan so that every document must be rendered again,
starts `toolkit build -j 2` in a process group of its own and kills it with SIGKILL (the main
process alone, or its whole group) at some moment: 0.5 s, 2 s and 5 s in (a wrapper around the CLI
makes each document 2 s slower to render, so that the build is still rendering then on any machine),
when the website stage starts, once MkDocs is writing the site in its staging folder, and between the publish
steps (a wrapper around the CLI makes the exchange of the staging and published folders wait, before
or after it). After each kill:

- `output/connecticut/` exists and is either the previous output, byte for byte, or (only once the
  exchange may have happened) the complete new output, never a mix of the two;
- no process of the killed build is alive a few seconds later (the workers die with their parent);
- the next build succeeds, removes what the killed one left in `output/.staging/`, and publishes an
  output that matches its manifest.

Then publish() itself, fast: 50 exchanges in a row leave the new content and nothing else, and a
process polling the destination all along never finds it missing (the same watcher does see the gap of
the two-rename fallback, so that its zero means something).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, set_languages

from builder import output

SLUG = "connecticut"
LANGUAGES = ["en", "es"]
KINDS = "handout,letter"
BUILD = ["build", SLUG, "-j", "2", "--kinds", KINDS]
GONE_SECONDS = 5
"""How long the processes of a killed build are given to end."""

WRAPPER = """\
import hashlib, json, os, sys, time
from pathlib import Path

import builder.output
import builder.workers
from builder.cli import main

ready, when = Path(sys.argv[1]), sys.argv[2]
exchange = builder.output._exchange
render_document = builder.workers.render_document


def announce(staged, exchanged):
    temporary = ready.with_name(ready.name + ".tmp")
    temporary.write_text(json.dumps({"staged": staged, "exchanged": exchanged}))
    os.replace(temporary, ready)
    time.sleep(30)


def slow_exchange(first, second):
    staged = {
        path.relative_to(first).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(first).rglob("*"))
        if path.is_file()
    }
    if when == "before":
        announce(staged, None)
    exchanged = exchange(first, second)
    if when == "after":
        announce(staged, exchanged)
    return exchanged


def slow_render_document(*args, **kwargs):
    time.sleep(SLOW_DOCUMENT)
    return render_document(*args, **kwargs)


if when == "slow":  # every document takes longer: the worker processes fork with this in place
    builder.workers.render_document = slow_render_document
else:
    builder.output._exchange = slow_exchange
sys.exit(main(sys.argv[3:]))
"""
"""`toolkit` with every document SLOW_DOCUMENT seconds slower to render (`slow`: the build is still
rendering 2 s and 5 s in, however fast the machine), or with a pause before (`before`) or after
(`after`) the exchange in `output.publish()`,
announced by writing the file `ready`: the tree of the staged site about to be published, and whether it
was exchanged. `python -c WRAPPER READY WHEN ARGS...`."""


SLOW_DOCUMENT = 2.0
"""Two documents a task, a task a language, a worker a task: rendering lasts from about 1 s to 6 s in."""


def _command(project: Path, *wrapper: str) -> list[str]:
    if wrapper:
        script = WRAPPER.replace("SLOW_DOCUMENT", repr(SLOW_DOCUMENT))
        return [sys.executable, "-c", script, *wrapper, "--project", str(project), *BUILD]
    return [sys.executable, "-m", "builder.cli", "--project", str(project), *BUILD]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", "TOOLKIT_DEBUG": "1"}


def build(project: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(_command(project), cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the build failed ({done.returncode}):\n{done.stdout}{done.stderr}"
    return done


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder`: its path (relative) and sha256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def published(project: Path) -> dict[str, str]:
    """The published tree of the community, checked against its own manifest."""
    site = project / "output" / SLUG
    assert site.is_dir(), f"{site} is missing"
    files = tree(site)
    listed = json.loads((site / output.MANIFEST).read_text())["artifacts"]
    assert listed, "the manifest lists nothing"
    for entry in listed:
        assert files.get(entry["path"]) == entry["sha256"], f"{entry['path']} does not match the manifest"
        assert (site / entry["path"]).stat().st_size == entry["bytes"]
    return files


def staging(project: Path) -> list[Path]:
    root = project / "output" / output.STAGING
    return sorted(root.iterdir()) if root.is_dir() else []


def edit_slogan(project: Path, tag: str) -> None:
    """A new slogan in both languages: every document must be rendered again."""
    profile = project / "sites" / SLUG / "profile.yaml"
    text, found = re.subn(
        r"(?m)^  slogan:\n    en: .*\n    es: .*$",
        f"  slogan:\n    en: Every day in school counts {tag}.\n    es: Cada día en la escuela cuenta {tag}.",
        profile.read_text(),
        count=1,
    )
    assert found == 1, f"{profile} has no slogan in en and es to edit"
    profile.write_text(text)


def _stat(pid: str) -> tuple[str, int, int] | None:
    """(state, parent pid, session id) of a process, or None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[3])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"


def alive_in_session(session: int) -> dict[int, str]:
    """The live processes (not zombies) of a session, with their command lines; a worker stays in its
    parent's session even once its parent is dead and it has been adopted."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        stat = _stat(pid)
        if stat is not None and stat[2] == session and stat[0] not in "ZX":
            found[int(pid)] = _cmdline(int(pid))
    return found


def children(parent: int) -> list[int]:
    return [
        int(pid)
        for pid in filter(str.isdigit, os.listdir("/proc"))
        if (stat := _stat(pid)) is not None and stat[1] == parent and stat[0] not in "ZX"
    ]


class Build:
    """A build in a session (and process group) of its own, whose progress lines are read as they come."""

    def __init__(self, command: list[str]):
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.workers: list[int] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for_line(self, pattern: str, timeout: float = 120) -> None:
        """Until a line of progress matches `pattern`; fails if the build ends first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(re.search(pattern, line) for line in self.lines):
                assert self.process.poll() is None, f"the build ended before {pattern!r}:\n{self.output()}"
                assert time.monotonic() < deadline, f"no {pattern!r} after {timeout} s:\n{self.output()}"
                self._changed.wait(0.01)

    def wait_until(self, seconds: float) -> None:
        time.sleep(max(0.0, self.started + seconds - time.monotonic()))

    def wait_for_file(self, path: Path, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not path.exists():
            assert self.process.poll() is None, f"the build ended before {path.name} appeared:\n{self.output()}"
            assert time.monotonic() < deadline, f"no {path.name} after {timeout} s:\n{self.output()}"
            time.sleep(0.005)

    def wait_for_half_built_site(self, project: Path, timeout: float = 120) -> None:
        """Until MkDocs has begun to write the site in a staging folder."""
        deadline = time.monotonic() + timeout
        while not any((folder / "site").is_dir() for folder in staging(project)):
            assert self.process.poll() is None, f"the build ended before its site was staged:\n{self.output()}"
            assert time.monotonic() < deadline, f"no site staged after {timeout} s:\n{self.output()}"
            time.sleep(0.002)

    def kill(self, group: bool) -> None:
        """SIGKILL to the main process alone, or to the whole process group; then checks it was the kill
        that ended the build (not the build finishing first)."""
        pid = self.process.pid
        self.workers = children(pid)
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL, (
            f"the build ended by itself ({self.process.returncode}) before it was killed "
            f"{time.monotonic() - self.started:.1f} s in:\n{self.output()}"
        )

    def wait_for_the_end(self) -> None:
        """Polls until no process of the build is alive, up to GONE_SECONDS; fails with those left."""
        deadline = time.monotonic() + GONE_SECONDS
        while (left := alive_in_session(self.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not left, f"alive {GONE_SECONDS} s after the kill (workers were {self.workers}): {left}"
        self._reader.join(timeout=5)

    def saw(self, pattern: str) -> bool:
        """Whether the build printed a line matching `pattern` (all read once `wait_for_the_end` has returned)."""
        with self._changed:
            return any(re.search(pattern, line) for line in self.lines)

    def output(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def stop(self) -> None:
        """Whatever happened in the test, nothing of this build outlives it."""
        if self.process.poll() is None or alive_in_session(self.process.pid):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """One community built once (its previous output for every test): the project and its published tree."""
    project = tmp_path_factory.mktemp("kill") / "project"
    copied = copy_project(project)
    for folder in copied.sites_dir.iterdir():
        if folder.name != SLUG:
            shutil.rmtree(folder)
    set_languages(copied, SLUG, LANGUAGES)
    build(project)
    assert not staging(project)
    return project, published(project)


@pytest.fixture
def start(previous, tmp_path, request):
    """Start a build on a fresh copy of the previous build, its slogan edited; returns (project, Build)."""
    builds: list[Build] = []

    def start(*wrapper: str) -> tuple[Path, Build]:
        project = tmp_path / "project"
        shutil.copytree(previous[0], project, symlinks=True)
        assert tree(project / "output" / SLUG) == previous[1]
        edit_slogan(project, re.sub(r"\W+", " ", request.node.callspec.id).strip())
        builds.append(Build(_command(project, *wrapper)))
        return project, builds[-1]

    yield start
    for started in builds:
        started.stop()


def check_after_kill(project: Path, killed: Build, before: dict[str, str], may_be_new: bool) -> dict[str, str]:
    """What must hold once a build is killed; returns the tree found in `output/<slug>`."""
    killed.wait_for_the_end()
    site = project / "output" / SLUG
    assert site.is_dir(), f"the kill left no {site}"
    found = tree(site)
    if found != before:
        assert may_be_new, f"killed before the exchange, yet the previous output changed: {_difference(before, found)}"
        published(project)  # a new output: complete and consistent with its manifest (compared in full below)
    return found


def check_next_build(
    project: Path, before: dict[str, str], after_kill: dict[str, str], new: dict[str, str] | None = None
) -> None:
    """The next build succeeds, removes what the killed one left in staging, and publishes a whole new
    output; the one found after the kill is the previous output or the killed build's whole new output
    (`new` where known, else the one the next build publishes)."""
    build(project)
    assert not staging(project), f"staging folders left after the next build: {staging(project)}"
    rebuilt = published(project)
    pdfs = [path for path in before if path.endswith(".pdf")]
    assert pdfs and all(rebuilt[path] != before[path] for path in pdfs), "the edit did not make every document new"
    assert after_kill in (before, new or rebuilt), f"a mix after the kill: {_difference(before, after_kill)}"


def _difference(expected: dict[str, str], found: dict[str, str]) -> str:
    missing = sorted(expected.keys() - found.keys())
    extra = sorted(found.keys() - expected.keys())
    changed = sorted(path for path in expected.keys() & found.keys() if expected[path] != found[path])
    return f"missing {missing}, extra {extra}, changed {changed}"


def _at(seconds: float) -> Callable[[Path, Build], None]:
    return lambda project, started: started.wait_until(seconds)


def _on(pattern: str) -> Callable[[Path, Build], None]:
    return lambda project, started: started.wait_for_line(pattern)


WEBSITE = rf"\b{SLUG}: website$"
MOMENTS = {
    # Start-up and planning; then twice while the workers render (documents made slow, see WRAPPER).
    "0.5s": _at(0.5),
    "2s": _at(2),
    "5s": _at(5),
    "website": _on(WEBSITE),
    # Later in the site stage: the site half written in its (locked) staging folder.
    "site-half-built": lambda project, started: started.wait_for_half_built_site(project),
}
TARGETS = {"main": False, "group": True}
TIMED = ("0.5s", "2s", "5s")


# Every moment with either kill, but for time (a whole file under a minute): the half-built site with the
# group kill only (the main process alone is killed in the site stage at "website"), and before the
# exchange with the main process alone.
KILLS = [(moment, target) for moment in MOMENTS for target in TARGETS if (moment, target) != ("site-half-built", "main")]
PUBLISH_KILLS = [("before", "main"), ("after", "main"), ("after", "group")]


@pytest.mark.parametrize(("moment", "target"), KILLS)
def test_a_killed_build_leaves_the_previous_output(start, previous, tmp_path, moment, target):
    project, killed = start(str(tmp_path / "unused"), "slow") if moment in TIMED else start()
    MOMENTS[moment](project, killed)
    killed.kill(group=TARGETS[target])
    if moment in ("2s", "5s", "website", "site-half-built"):
        assert killed.workers, "no worker process was running when the build was killed"
    if moment == "site-half-built":
        assert staging(project), "the killed build left no staging folder"
    killed.wait_for_the_end()  # and every line it printed has been read
    # Until the website stage has begun the exchange cannot have happened: the previous output, exactly.
    after_kill = check_after_kill(project, killed, previous[1], may_be_new=killed.saw(WEBSITE))
    check_next_build(project, previous[1], after_kill)


@pytest.mark.parametrize(("step", "target"), PUBLISH_KILLS)
def test_a_build_killed_between_the_publish_steps(start, previous, tmp_path, step, target):
    ready = tmp_path / "ready"
    project, killed = start(str(ready), step)
    killed.wait_for_file(ready)
    killed.kill(group=TARGETS[target])
    assert killed.workers, "no worker process was running when the build was killed"
    announced = json.loads(ready.read_text())
    staged, exchanged = announced["staged"], bool(announced["exchanged"])
    assert exchanged == (step == "after"), f"the exchange {'did not happen' if step == 'after' else 'happened'}"
    assert staged != previous[1] and output.MANIFEST in staged
    left = staging(project)
    assert len(left) == 1, f"the killed build should have left its staging folder: {left}"
    # One whole site published, the other whole in the staging folder, where the next build removes it.
    assert tree(left[0] / "site") == (previous[1] if exchanged else staged)
    after_kill = check_after_kill(project, killed, previous[1], may_be_new=exchanged)
    assert after_kill == (staged if exchanged else previous[1])
    check_next_build(project, previous[1], after_kill, staged)


WATCH = """\
import os, sys

destination, stop, seen = sys.argv[1:]
polls = missing = 0
isdir, exists = os.path.isdir, os.path.exists
print("ready", flush=True)
while not exists(stop):
    for _ in range(100):
        polls += 1
        if not isdir(destination):
            missing += 1
    if missing and not exists(seen):
        open(seen, "w").close()
print(polls, missing)
"""
"""Polls `os.path.isdir(destination)` in a tight loop until `stop` exists, touches `seen` once the folder
has been found missing, and prints how many times it looked and found it missing. A process of its own,
not a thread: it runs truly alongside publish(), where a thread held back by the interpreter lock
seldom gets to run between two system calls (it never saw the gap of the two-rename fallback here)."""


class Watcher:
    def __init__(self, destination: Path, folder: Path):
        self.stop, self.seen = folder / "stop", folder / "seen"
        self.process = subprocess.Popen(
            [sys.executable, "-c", WATCH, str(destination), str(self.stop), str(self.seen)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "ready\n"

    def finish(self) -> tuple[int, int]:
        """(polls, times the destination was missing)."""
        self.stop.touch()
        out, _ = self.process.communicate(timeout=30)
        polls, missing = map(int, out.split())
        return polls, missing


def _publish_rounds(tmp_path: Path, rounds: int, until_seen: Watcher | None = None) -> Path:
    """Publish `rounds` new sites in turn over `output/site`, checking each result; returns the destination."""
    destination = tmp_path / "output" / "site"
    staging_root = tmp_path / "output" / output.STAGING
    for number in range(rounds):
        site = staging_root / f"{number}" / "site"
        (site / "pdf").mkdir(parents=True)
        (site / "index.html").write_text(f"round {number}")
        (site / "pdf" / "handout.pdf").write_bytes(os.urandom(4096))
        expected = tree(site)
        output.publish(site, destination)
        assert tree(destination) == expected
        assert not site.exists(), "the previous output was not removed"
        (site.parent).rmdir()  # fails if anything was left beside it
        assert sorted(p.name for p in destination.parent.iterdir()) == [output.STAGING, "site"]
        if until_seen is not None and until_seen.seen.exists():
            break
    return destination


@pytest.fixture
def destination(tmp_path) -> Path:
    destination = tmp_path / "output" / "site"
    destination.mkdir(parents=True)
    (destination / "index.html").write_text("first")
    (tmp_path / "output" / output.STAGING).mkdir()
    return destination


def test_publish_exchanges_without_a_moment_missing(tmp_path, destination):
    """50 publications in a row: each leaves the new content and nothing else, and a watcher polling the
    destination all along never finds it missing."""
    watcher = Watcher(destination, tmp_path)
    try:
        _publish_rounds(tmp_path, 50)
    finally:
        polls, missing = watcher.finish()
    assert polls > 1000, "the watcher hardly ran"
    assert missing == 0, f"{destination} was missing {missing} times out of {polls} polls"


def test_the_watcher_sees_the_gap_of_two_renames(tmp_path, destination, monkeypatch):
    """Where the system cannot exchange two folders, publish() makes two renames: the same result, with a
    moment between them without the destination, which the watcher above does see (so its zero means something)."""
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    watcher = Watcher(destination, tmp_path)
    try:
        _publish_rounds(tmp_path, 3000, until_seen=watcher)
    finally:
        polls, missing = watcher.finish()
    assert missing > 0, f"the watcher never saw the destination missing in {polls} polls"
