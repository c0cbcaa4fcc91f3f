"""Warnings a library logs, collected so that a stage can turn them into its own errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_warnings(logger_name: str) -> Iterator[list[str]]:
    """Within the block, warnings (and worse) logged by `logger_name` are added to the list it yields; the
    logger is set to WARNING meanwhile, so its progress messages are not even formatted."""
    logger = logging.getLogger(logger_name)
    handler, old_level = _Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
