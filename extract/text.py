"""The text path: a dump (plain or pdftotext -layout) → RawDocument."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..model import RawDocument
from ..settings import Settings
from .source import Source, decode_text
from .textpages import detect_style, split_pages
from .texttables import TextTableFinder


def read_text(source: Source, settings: Settings, catalogue: Catalogue) -> RawDocument:
    text = decode_text(source)
    style = detect_style(text, settings)
    lines, page_count = split_pages(text, style, settings)
    tables = TextTableFinder(lines, style, catalogue, settings).tables()
    warnings = () if tables else ("no tables found",)
    pages = [[] for _ in range(page_count)]
    for ln in lines:
        pages[ln.page - 1].append(ln.text)
    return RawDocument(source=str(source.path), sha256=source.sha256, reader=style,
                       page_count=page_count, tables=tuple(tables),
                       text="\f".join("\n".join(p) for p in pages), warnings=warnings)
