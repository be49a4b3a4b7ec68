"""The text path: a dump (plain or pdftotext -layout) → RawDocument."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..model import RawDocument
from ..settings import Settings
from .source import Source, decode_text
from .textpages import LAYOUT, detect_style, reading_order, split_pages
from .texttables import TextTableFinder


RAW_DUMP = ("no tables read: a reading-order dump (pdftotext without -layout prints every "
            "table cell on a line of its own, so which cells share a row is lost); read the "
            "PDF, or dump it with pdftotext -layout")


def read_text(source: Source, settings: Settings, catalogue: Catalogue) -> RawDocument:
    text = decode_text(source)
    style = detect_style(text, settings)
    if style == LAYOUT and settings.layout_dump_engine:
        # positions kept: the dump's pages are read as PDF pages by the one engine
        from .dumpreader import read_layout_dump
        return read_layout_dump(text, source, settings, catalogue)
    lines, page_count = split_pages(text, style, settings)
    if style != LAYOUT and reading_order(text, settings):
        # rows of fragments would be worse than nothing: say once what the dump is
        tables, warnings = [], (RAW_DUMP,)
    else:
        tables = TextTableFinder(lines, style, catalogue, settings).tables()
        warnings = () if tables else ("no tables found",)
    pages = [[] for _ in range(page_count)]
    for ln in lines:
        pages[ln.page - 1].append(ln.text)
    return RawDocument(source=str(source.path), sha256=source.sha256, reader=style,
                       page_count=page_count, tables=tuple(tables),
                       text="\f".join("\n".join(p) for p in pages), warnings=warnings)
