"""Errors a user can act on. The CLI prints them as one line and exits with code 2 (bad input or usage).

Anything else that escapes is an internal error: exit code 3, with a traceback only under `--debug`.
"""

from __future__ import annotations


class OsceKgError(Exception):
    """A clear, one-line problem with the user's input or environment."""

    exit_code = 2

    def __init__(self, message: str, *, path: object | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return where + " ".join(self.message.split())


class StoreLockedError(OsceKgError):
    """Another process holds the store open for writing."""


class InputError(OsceKgError):
    """A page, RDF file or parameter that cannot be read."""


class QueryError(OsceKgError):
    """A SPARQL query that cannot be parsed or run, or a bad query parameter."""
