"""The builder's one small error hierarchy.

Every failure a user can cause or meet is one of these, so the CLI can turn it
into a message and an exit status instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class ToolkitError(Exception):
    """Base of every error the builder reports to a user."""

    exit_status = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a profile, located as precisely as the YAML allows."""

    file: str
    line: int
    column: int
    key_path: str
    message: str
    meant: str | None = None
    """For an unknown key: the key path it most likely meant to write."""

    def __str__(self) -> str:
        where = f"{_shown(self.file)}:{self.line}:{self.column}"
        message = _shown(self.message)
        return f"{where}: {_shown(self.key_path)}: {message}" if self.key_path else f"{where}: {message}"


def _shown(text: str) -> str:
    """One line, whatever a profile or CSV file put in it: control characters (a newline among them) as
    escapes, so that no value can forge a line of the report or drive the terminal that shows it."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ProfileError(ToolkitError):
    """One or more problems in a build's inputs (profiles, school lists, catalogs); all are reported at once."""

    exit_status = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(ToolkitError):
    """A command was asked for something that does not exist (an unknown community, say)."""

    exit_status = 2


class RenderError(ToolkitError):
    """A document could not be rendered or does not fit its page budget."""

    def __init__(self, community: str, kind: str, lang: str, message: str):
        self.community, self.kind, self.lang, self.message = community, kind, lang, message
        super().__init__(f"{kind} ({lang}) for {community}: {message}")


class BuildFailed(ToolkitError):
    """A build finished with failures; the previous output was left untouched."""

    def __init__(self, failures: list[ToolkitError]):
        self.failures = failures
        super().__init__("\n".join(str(f) for f in failures))
