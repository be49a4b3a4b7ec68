"""A text dump read as a stream: decoded from disk and split into numbered lines that know
their page one line at a time, so that a dump is never in memory whole (nor its list of lines).

Two passes over the file, each reading it block by block:
1. `survey`: the encoding (as `source.decode_text` decides it, with its errors), the style
   (`textpages.detect_style`), whether it is a raw reading-order dump
   (`textpages.reading_order`), whether it has form feeds, and the running page headers
   (`textpages` rule 4), for both ways a page may break (plain style's soft breaks or not);
2. `stream_lines`: the lines, paged exactly as `textpages.split_pages` pages the whole text.
"""

from __future__ import annotations

import codecs
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import regex as re

from ..chars import compact
from ..errors import InputError
from ..patterns import PAGE_NUMBER
from ..settings import Settings
from .source import Source
from .textpages import _MONEY, LAYOUT, PLAIN, Line

_BLOCK = 1 << 20               # bytes decoded at a time


@dataclass
class Survey:
    """What the first pass over a dump tells."""

    encoding: str                    # a Python codec name
    label: str                       # UTF-8 / UTF-16 / GB18030 (for messages)
    style: str
    reading_order: bool
    form_feeds: bool
    headers: frozenset = field(default_factory=frozenset)     # running page headers (compact)
    pages: int | None = None         # the page count, when known before the lines are paged


def survey(source: Source, settings: Settings) -> Survey:
    """Pass 1. Raises the InputErrors `decode_text` raises, for the same files."""
    _refuse_blank(source)
    with open_binary(source) as fh:
        head = fh.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return _survey(source, settings, "utf-8-sig", "UTF-8")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _survey(source, settings, "utf-16", "UTF-16")
        except UnicodeDecodeError as e:
            raise InputError(f"has a UTF-16 byte-order mark but does not decode ({e.reason})",
                             file=source.name) from e
    if b"\x00" in head:
        raise InputError("looks binary (NUL bytes), not a text dump", file=source.name,
                         hint="pass a .txt dump or a .pdf")
    try:
        return _survey(source, settings, "utf-8", "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return _survey(source, settings, "gb18030", "GB18030")
    except UnicodeDecodeError as e:
        raise InputError("is neither UTF-8 nor GB18030/GBK text", file=source.name,
                         hint="convert it first, e.g. iconv -f BIG5 -t UTF-8") from e


def open_binary(source: Source):
    try:
        return open(source.path, "rb")
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=source.name) from e


def _refuse_blank(source: Source) -> None:
    """decode_text's first test: a file of whitespace only is empty, whatever else it is."""
    with open_binary(source) as fh:
        while block := fh.read(_BLOCK):
            if block.strip():
                return
    raise InputError("is empty", file=source.name)


def physical_lines(source: Source, encoding: str) -> Iterator[str]:
    """The dump's lines as `text.replace("\\r\\n", "\\n").replace("\\r", "\\n").split("\\n")`
    gives them (a text ending in a line break ends with an empty line), decoded as it is read."""
    for line, _ in _lines_and_breaks(source, encoding):
        yield line


def _lines_and_breaks(source: Source, encoding: str) -> Iterator[tuple[str, int]]:
    """(line, characters of the line break after it: 2 for \\r\\n, 1, or 0 at the end)."""
    with open_binary(source) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        ended = True
        for line in text:
            if line.endswith("\r\n"):
                yield line[:-2], 2
            elif line.endswith(("\n", "\r")):
                yield line[:-1], 1
            else:
                ended = False
                yield line, 0
        if ended:
            yield "", 0


class _Pager:
    """textpages.split_pages's page breaking, one physical line at a time: yields
    (page, body) for each line part ("" for a blank one), page numbers dropped."""

    def __init__(self, soft: bool) -> None:
        self.soft = soft                 # plain style without form feeds: an indent breaks
        self.page, self.has_content, self.pending_break = 1, False, False
        # the page of the last part yielded, and the last such page before this one
        self.entry_page = self.below = 0

    def feed(self, raw: str):
        for i, part in enumerate(raw.split("\f")):
            if i > 0:
                self.page, self.has_content, self.pending_break = self.page + 1, False, False
                self.below = self.entry_page
            body = part.rstrip()
            if not body.strip():
                self.entry_page = self.page
                yield self.page, ""
                continue
            if PAGE_NUMBER.match(body):
                self.pending_break = True
                continue
            if ((self.soft and body[0] in " \t") or self.pending_break) and self.has_content:
                self.page += 1
                self.below = self.entry_page
            self.pending_break = False
            self.has_content = True
            self.entry_page = self.page
            yield self.page, body

    def page_count(self) -> int:
        """split_pages's page count (before running headers): the last page of a part,
        the last page dropped when it has no content (a form feed after the last page)."""
        if self.page > 1 and not self.has_content and self.entry_page == self.page:
            return self.below or 1
        return self.entry_page or 1


def _survey(source: Source, settings: Settings, encoding: str, label: str) -> Survey:
    n = max(2, settings.layout_cell_gap + 1)
    gap = re.compile(r"\S {%d,}\S|^ {%d,}\S" % (n, n))
    lines = aligned = lone = with_amount = 0
    bad = length = 0                   # of the whole text, as decode_text counts them
    form_feeds = False
    # the first line of each page, for both ways of breaking pages (see Survey.headers)
    pagers = {True: _Pager(True), False: _Pager(False)}
    firsts: dict[bool, dict[int, str]] = {True: {}, False: {}}
    for raw, ending in _lines_and_breaks(source, encoding):
        length += len(raw) + ending
        bad += sum(1 for ch in raw if ord(ch) < 32 and ch not in "\n\r\t\f\v")
        if "\f" in raw:
            form_feeds = True
        for part in raw.splitlines():
            if part.strip():
                lines += 1
                aligned += bool(gap.search(part.rstrip()))
            tokens = part.split()
            if any(_MONEY.match(t) for t in tokens):
                with_amount += 1
                lone += len(tokens) == 1
        for soft, pager in pagers.items():
            seen = firsts[soft]
            for page, body in pager.feed(raw):
                if body and page not in seen:
                    seen[page] = compact(body)
    if bad > max(8, length // 200):
        raise InputError(f"decodes as {label} but holds {bad} control characters; "
                         "it does not look like a text dump", file=source.name,
                         hint="is it really text? PDFs must end in .pdf")
    style = LAYOUT if lines and aligned >= settings.layout_line_share * lines else PLAIN
    raw_dump = lone >= settings.raw_dump_min_lines and lone >= settings.raw_dump_lone_share * with_amount
    headers: frozenset = frozenset()
    if not form_feeds and settings.running_header_min_pages:
        counts = Counter(firsts[style == PLAIN].values())
        headers = frozenset(k for k, c in counts.items()
                            if c >= settings.running_header_min_pages and len(k) >= 4)
    # with running headers, the pages they start are counted in pass 2 only
    pages = None if headers else pagers[style == PLAIN and not form_feeds].page_count()
    return Survey(encoding, label, style, raw_dump, form_feeds, headers, pages)


def stream_lines(source: Source, found: Survey) -> Iterator[Line]:
    """Pass 2: the dump's Lines in order, paged as split_pages pages the whole text in the
    style the survey found."""
    pager = _Pager(found.style == PLAIN and not found.form_feeds)
    # the blank lines of a page without content yet: should it be the last page, opened by
    # a form feed after the last one (pdftotext writes one), they are dropped with it
    held: list[Line] = []
    held_page = 0
    shift, current, seen_on_page = 0, None, False
    for no, raw in enumerate(_decoded(source, found), 1):
        for page, body in pager.feed(raw):
            if page != current:
                current, seen_on_page = page, False
            if body and found.headers and seen_on_page and compact(body) in found.headers:
                shift += 1               # a running header starts a page wherever it is
            if body:
                seen_on_page = True
            line = Line(no, page + shift, body)
            if held and (page != held_page or pager.has_content):
                yield from held          # not the last page, or not without content
                held = []
            if not pager.has_content:
                held.append(line)
                held_page = page
                continue
            yield line
    if held and not (pager.page > 1 and held_page == pager.page):
        yield from held


def _decoded(source: Source, found: Survey) -> Iterator[str]:
    """physical_lines in the survey's encoding; a file changed since the survey (that no
    longer decodes) is an InputError, not a crash."""
    try:
        yield from physical_lines(source, found.encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"changed while it was read: it no longer decodes as {found.label} "
                         f"({e.reason})", file=source.name) from e


def page_texts(lines: Iterable[Line], into: list[str]) -> Iterator[Line]:
    """The lines, passed on; meanwhile `into` gets each page's text (its lines joined by
    newlines, pages without lines as ""), as the whole-text reader makes RawDocument.text."""
    page, held = 1, []
    for ln in lines:
        while ln.page > page:
            into.append("\n".join(held))
            page, held = page + 1, []
        held.append(ln.text)
        yield ln
    into.append("\n".join(held))


__all__ = ["Survey", "survey", "stream_lines", "physical_lines", "page_texts"]


class LineWindow:
    """Lines as the table finder indexes them (`window[i]`), read from a stream only as far
    as asked, and let go below a mark (`release`): memory holds the lines from the table
    being cut to the farthest line looked at, not the dump. A list works as its stream too."""

    def __init__(self, lines: Iterable[Line]) -> None:
        self._stream = iter(lines)
        self._held: list[Line] = []
        self._base = 0                  # index of _held[0]
        self._ended = False

    def _reach(self, i: int) -> bool:
        """Read up to line i; False when the dump has fewer lines."""
        held = self._held
        while self._base + len(held) <= i:
            if self._ended:
                return False
            nxt = next(self._stream, None)
            if nxt is None:
                self._ended = True
                return False
            held.append(nxt)
        return True

    def __getitem__(self, i: int) -> Line:
        if i < 0:
            raise IndexError("a window is indexed from its start")
        if i < self._base:
            raise IndexError(f"line {i} was let go (the window starts at {self._base})")
        if not self._reach(i):
            raise IndexError(i)
        return self._held[i - self._base]

    def __iter__(self) -> Iterator[Line]:
        i = self._base
        while self._reach(i):
            yield self._held[i - self._base]
            i += 1

    def upto(self, n: int) -> int:
        """min(n, the number of lines), reading no further than line n - 1."""
        return n if n <= 0 or self._reach(n - 1) else self._base + len(self._held)

    def __len__(self) -> int:
        """The number of lines: reads the stream to its end."""
        while self._reach(self._base + len(self._held)):
            pass
        return self._base + len(self._held)

    def release(self, i: int) -> None:
        """Lines before i are not asked for again."""
        drop = min(i - self._base, len(self._held))
        if drop > 0:
            del self._held[:drop]
            self._base += drop
