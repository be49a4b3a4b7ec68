"""The text path: a dump (plain or pdftotext -layout) → RawDocument.

The dump is read as a stream (textstream.py): one pass tells its encoding, style and page
headers, a second hands its lines, page by page, to the table finder (or, for a layout dump,
the PDF engine), so that neither the dump's text as read nor its lines are ever in memory whole.
"""

from __future__ import annotations

from .. import pageprogress
from ..catalogue import Catalogue
from ..model import RawDocument, Spill
from ..settings import Settings
from .source import Source
from .textpages import LAYOUT
from .textstream import page_texts, stream_lines, survey
from .texttables import TextTableFinder


RAW_DUMP = ("no tables read: a reading-order dump (pdftotext without -layout prints every "
            "table cell on a line of its own, so which cells share a row is lost); read the "
            "PDF, or dump it with pdftotext -layout")


def read_text(source: Source, settings: Settings, catalogue: Catalogue) -> RawDocument:
    found = survey(source, settings)
    pageprogress.expect(found.pages)
    style = found.style
    if style == LAYOUT and settings.layout_dump_engine:
        # positions kept: the dump's pages are read as PDF pages by the one engine
        from .dumpreader import read_layout_dump
        return read_layout_dump(None, source, settings, catalogue,
                                lines=stream_lines(source, found))
    # each page's text as the lines go by, and the tables as they are built: held in
    # memory up to a few chunks, the rest on disk (a long dump), never all at once
    pages = Spill(settings.spill_pages)
    lines = page_texts(stream_lines(source, found), pages)
    tables = Spill(settings.spill_tables)
    if style != LAYOUT and found.reading_order:
        # rows of fragments would be worse than nothing: say once what the dump is
        warnings = (RAW_DUMP,)
    else:
        TextTableFinder(lines, style, catalogue, settings).tables(tables)
        warnings = () if tables else ("no tables found",)
    for _ in lines:                     # the lines after the last table: its text
        pass
    pageprogress.page(len(pages), len(pages))
    return RawDocument(source=str(source.path), sha256=source.sha256, reader=style,
                       page_count=len(pages), tables=tables, pages=pages, warnings=warnings)
