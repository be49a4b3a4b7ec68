"""Documents → pages → raw tables. `read_raw(path)` picks the reader for the file."""

from __future__ import annotations

from pathlib import Path

from .. import catalogue as _catalogue
from ..model import RawDocument
from ..settings import DEFAULT, Settings
from .source import SUFFIXES, Source, open_source
from .text import read_text


def read_raw(path: str | Path, settings: Settings = DEFAULT, catalogue=None, *,
             reader: str | None = None, password: str | None = None) -> RawDocument:
    """Read one disclosure (PDF or text dump) into raw tables. `reader` picks the PDF reader
    (see extract.pdfreaders.READERS); `password` opens an encrypted PDF."""
    source = open_source(path)
    cat = catalogue or _catalogue.default()
    if source.is_pdf:
        from .pdf import read_pdf
        return read_pdf(source, settings, cat, password=password, reader=reader)
    return read_text(source, settings, cat)


__all__ = ["read_raw", "read_text", "open_source", "Source", "SUFFIXES"]
