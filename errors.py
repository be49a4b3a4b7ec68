"""Typed errors that say where (file, page, table, row, column) and what to try.

The CLI turns these into one clean line per file; the library raises them unchanged so that a
notebook user can catch `YusuanError` and read its fields.
"""

from __future__ import annotations


def shown(path) -> str:
    """A file name as a message prints it: as it is, or quoted with escapes when it holds a
    newline, an ESC or another unprintable character (a log line cannot be forged by a name)."""
    text = str(path)
    return text if text.isprintable() else repr(text)


class YusuanError(Exception):
    """Base class: a problem with one input, located as precisely as we know it."""

    def __init__(self, message: str, *, file: str | None = None, page: int | None = None,
                 table: str | None = None, row: int | None = None, column: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.page = page
        self.table = table
        self.row = row
        self.column = column
        self.hint = hint

    def located(self, **where) -> "YusuanError":
        """Fill in location fields not yet known (the caller knows more context than we did)."""
        for key, value in where.items():
            if getattr(self, key, None) is None:
                setattr(self, key, value)
        return self

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(shown(self.file))
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.table:
            where.append(f"table {self.table}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = (": ".join([", ".join(where), self.message]) if where else self.message)
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(YusuanError):
    """The file cannot be read as a disclosure at all (encoding, empty, corrupt, encrypted...)."""


class ParseError(YusuanError):
    """A cell or row cannot be understood (an amount that is not a number, ...)."""


class OutputError(YusuanError):
    """Results could not be written."""
