"""The PDF path: pages → table pieces and text lines → tables stitched across pages.

Per page (`page_items`): ruled grids become pieces (`GridTable`), text aligned in columns
without rulings becomes pieces too (`unruled`), and every other character becomes text lines.
Over the document (`Flow`), in reading order:
1. text lines since the previous piece are its caption: a label (公开01表, 表1), a title (the
   last line reading as a table title), key：value lines (单位：万元, 部门：X);
2. a piece with a label or title starts a table; a piece without one, first on its page after
   a table that ended the page before, continues that table when its columns agree (a
   repeated header is dropped; Shanghai continues with rows and no header at all); so does
   the first piece of a page whose caption repeats the table's label and title (a
   government's tables print theirs on each of their pages);
3. a note (注：… / 本表为空) right below a table is its note; a caption whose table is only a
   note (本表无数据) is an empty table with that note.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from queue import Full, Queue
from typing import Iterator

import regex as re

from .. import pageprogress
from ..catalogue import Catalogue
from ..chars import compact, squeeze
from ..errors import InputError
from ..model import AMOUNT, NAME, Column, RawDocument, RawTable
from ..patterns import (ORDINAL, is_page_number, EMPTY_TABLE_NOTE, LABEL, LABEL_AND_TITLE, META_KEY, NOTE, PAGE_NUMBER,
                        TITLE_QUALIFIER)
from ..settings import Settings
from .geometry import PageGeom, overlap
from .gridtable import GridTable, Piece, is_amount_text
from .pdfreaders import DEFAULT_READER, UnmeasuredText, open_pages
from .printwidth import printed_x1
from .pdftext import TextLine, text_lines
from .rescale import registered, rescaled
from .ruled import find_grids
from .source import Source
from .stitch import rejoin_page_break_labels
from .textrows import ordinal_number
from .texttables import read_meta


# ----------------------------------------------------------------------------- one page

_KEPT_LINES = 40                  # caption lines kept from page to page (≥ _CAPTION_LINES)
_CAPTION_LINES = 6
_SENTENCE_END = ("。", "；", "！", "？", ".", ";")   # a note line ending so ends its sentence
_CONTINUED = re.compile(r"[（(]?续表?[)）]?$")     # 续 / （续） / (续表) after a repeated caption
# (发表, 代表 end a sentence's words, not a table's title: 教师在国内外重要期刊发表 is a
# form's text cell wrapped)
_TITLE_END = re.compile(r"(?<![发代])表(?:[（(][^（()）]{1,12}[）)])?$")


QUALIFIER = TITLE_QUALIFIER


def _wraps(first: TextLine, second: TextLine, settings: Settings) -> bool:
    """Is `second` the continuation of a title wrapped from `first`? The same type size (to
    rounding), right below it, centred alike, and `first` is no sentence."""
    c = compact(first.text)
    size = second.size

    def printed_end(line: TextLine) -> float:
        # (a layout dump sets CJK characters half their printed width: a line mixing digits
        # and CJK, 236-中央高校…购置 over 项目绩效目标表, is centred as it printed)
        return max((printed_x1(w) for w in line.words), default=line.x1)

    def centred_alike() -> bool:
        if min(abs((first.x0 + first.x1) - (second.x0 + second.x1)),
               abs((first.x0 + printed_end(first)) - (second.x0 + printed_end(second)))) / 2 \
                <= settings.title_wrap_max_offset * size:
            return True
        # a dump sets a long line mixing digits and CJK only roughly as wide as it printed, so
        # a short second line centred under it may seem off centre: it is still the title's
        # when it lies within the first line, about its middle (绩效目标表 under 236-中央高校
        # 改善基本办学条件专项-设备资料购置项目（中学）)
        left, right = first.x0, printed_end(first)
        middle = (second.x0 + printed_end(second)) / 2
        return left <= second.x0 and printed_end(second) <= right \
            and abs(middle - (left + right) / 2) <= (right - left) / 4
    return (abs(first.size - size) <= 0.5
            and 0 <= second.top - first.bottom <= settings.title_wrap_max_gap * size
            and centred_alike()
            and 2 <= len(c) <= 40 and not re.search(r"[。，；：:,;]", c)
            and not PAGE_NUMBER.match(c) and not c.isdigit()
            and not _heading_over_title(c, compact(second.text)))


def _heading_over_title(first: str, second: str) -> bool:
    """A numbered section heading (（七）236-…房屋修缮项目) set right above a title that is
    whole by itself (236-…房屋修缮项目绩效目标表): two lines, not one title wrapped."""
    m = ORDINAL.match(first)
    return bool(m and m.group("ordinal")) and titleish(second) and len(second) >= 8


def _labelled(text: str) -> tuple[str, str | None] | None:
    """(label, title or None) of a label printed alone (表二) or with its title (表2 收支总表)."""
    c = compact(text)
    if LABEL.match(c):
        return c, None
    # the words of a line join without spaces (表3部门支出总表): a label in digits, then a title
    m = LABEL_AND_TITLE.match(text.strip()) or _GLUED_LABEL.match(c)
    if m and titleish(m.group("title")):
        return compact(m.group("label")), compact(m.group("title"))
    return None


_GLUED_LABEL = re.compile(r"^(?P<label>(?:附表|表)\d{1,2}(?:[-－]\d{1,2})?|公开\d{1,2}表)[:：、.．]?"
                          r"(?P<title>\D.{2,60})$")


def titleish(text: str) -> bool:
    """A line that reads as a table title: short, ending in 表 (or 表（功能科目）)."""
    c = compact(text)
    return 4 <= len(c) <= 60 and bool(_TITLE_END.search(c))


def title_second_line(text: str) -> bool:
    """A title's second line printed alone under it: (2023 年度), （功能分类）. A caption's,
    never a table's header (no finder takes it as the header over the table's columns). A
    unit in brackets (（万元）) may be a header's, and a score (（90）) a form's cell: neither
    is one."""
    c = compact(text)
    return bool(QUALIFIER.match(c)) and "元" not in c and bool(_HAN.search(c))


_HAN = re.compile(r"\p{Han}")


@dataclass
class PageItems:
    number: int
    items: list            # TextLine | Piece | Unread, top to bottom
    chars: int
    warnings: list[str] = field(default_factory=list)     # of the page, not of a table


def _amounts_read(piece: Piece) -> int:
    """How many cells of a piece's amount columns read as amounts."""
    cols = [j for j, c in enumerate(piece.columns) if c.role == AMOUNT]
    return sum(1 for r in piece.rows for j in cols if j < len(r.cells) and r.cells[j]
               and is_amount_text(r.cells[j]))


@dataclass
class Unread:
    """Where a table was found on the page but could not be read: the table is reported (its
    caption, its page, the reason) and left without rows, instead of failing the document."""

    page: int
    top: float
    bottom: float
    x0: float
    reason: str


def _reason(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


def page_items(geom: PageGeom, catalogue: Catalogue, settings: Settings) -> PageItems:
    """The page's pieces and text lines. A grid, or the unruled reading, that fails on
    something unforeseen costs that table (an `Unread` in its place) or the page's unruled
    tables (their text stays text), with a warning; never the page or the document."""
    def is_caption(text: str) -> bool:
        t = text.strip()
        c = compact(t)
        return bool(LABEL.match(c) or LABEL_AND_TITLE.match(t) or read_meta(t) or titleish(t)
                    or title_second_line(c))

    warnings: list[str] = []
    if geom.error:
        warnings.append(f"page {geom.number}: cannot be read ({geom.error}); it is left out")
    try:
        grids, rest = find_grids(list(geom.edges), list(geom.chars))
    except Exception as e:           # noqa: BLE001 - the page is then read as unruled text
        warnings.append(f"page {geom.number}: its rulings could not be read ({_reason(e)}); "
                        "the page is read without them")
        grids, rest = [], list(geom.chars)
    items: list = []
    for grid in grids:
        try:
            piece = GridTable(grid, geom.number, is_caption, settings).piece()
        except Exception as e:       # noqa: BLE001 - one table must not fail the document
            cells = [ch for cell in grid.cells for ch in cell.chars]
            tops = [ch.top for ch in cells] or [0.0]
            items.append(Unread(geom.number, min(tops), max(ch.bottom for ch in cells) if cells
                                else 0.0, min((ch.x0 for ch in cells), default=0.0), _reason(e)))
            continue
        if piece is None:
            rest += [ch for cell in grid.cells for ch in cell.chars]
            continue
        rest += piece.caption_chars
        items.append(piece)
    from .blanktables import find_blank_tables
    from .unruled import find_unruled
    lines = text_lines(rest)
    # tables found by their amounts, then tables printing none, among the lines left; a
    # finder failing on something unforeseen leaves the page's text as text
    for finder, what in ((find_unruled, "tables without rulings"),
                         (find_blank_tables, "tables printing no amount")):
        try:
            pieces, lines = finder(lines, geom.number, is_caption, settings)
        except Exception as e:       # noqa: BLE001
            warnings.append(f"page {geom.number}: {what} could not be read "
                            f"({_reason(e)}); their text is kept as text")
            pieces = []
        items += pieces
    items += lines
    items.sort(key=lambda it: (it.top, getattr(it, "x0", 0.0)))
    return PageItems(geom.number, items, len(geom.chars), warnings)


# ----------------------------------------------------------------------------- document

@dataclass
class Building:
    label: str | None
    title: str
    meta: list[str]
    pieces: list[Piece] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    blank: bool = True         # no piece has printed an amount yet (a blank table, so far)


class Flow:
    def __init__(self, catalogue: Catalogue, settings: Settings) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.tables: list[Building] = []
        self.current: Building | None = None
        self.caption: list[TextLine] = []
        self.caption_page: dict[int, int] = {}   # id of a caption line -> its page
        self.title_line: TextLine | None = None  # the line the last caption read took its title from
        self.last_page_with_piece = 0
        self.note_open = False
        self.note_bottom = 0.0
        self.note_page = 0
        self.page = 0
        self.first_piece = True          # no piece read yet on this page
        self.text: list[str] = []
        # the first line of the last title read, and its second line (（功能分类）): the next
        # table may print only a second line of its own under the same first line
        self.title_head = ""
        self.title_tail = ""
        # a label printed (表5, 公开05表 项目支出表) and not yet followed by its table; labels
        # that never got one (another label came first), with their pages
        self.pending: tuple[str, str | None, int] | None = None
        self.orphans: list[tuple[str, str | None, int]] = []

    def feed(self, page: PageItems) -> None:
        first_on_page = True
        self.first_piece = True
        self.page = page.number
        # a caption is read from the last few lines before its table: older lines (pages of
        # prose) are let go, with their characters, so memory stays flat however long the file
        del self.caption[:-_KEPT_LINES]
        self.caption_page = {id(line): self.caption_page[id(line)] for line in self.caption}
        while len(self.text) < page.number - 1:
            self.text.append("")            # pages keep their place: "\f" will separate them
        self.text.append("")
        items = list(self._continued_blank(page))
        k = 0
        while k < len(items):
            item = items[k]
            k += 1
            if isinstance(item, Piece) and item.continuation and not self._continues_here(item, first_on_page):
                items[k:k] = item.lines      # no continuation: its lines are the page's text
                continue
            if isinstance(item, Unread):
                self._unread(item)
                first_on_page = False
                continue
            if isinstance(item, Piece):
                saved, count = list(self.caption), len(self.tables)
                try:
                    self._piece(item, first_on_page)
                except Exception as e:   # noqa: BLE001 - this table is reported, not read
                    del self.tables[count:]          # what it began, under its own caption
                    self.caption = saved
                    self._unread(Unread(item.page, item.top, item.bottom, 0.0, _reason(e)))
                first_on_page = self.first_piece = False
                continue
            text = item.text.strip()
            self.text[-1] += text + "\n"
            if is_page_number(text):
                continue
            if self.note_open and self.current and self._note_line(item, text):
                # the first line loses its 注：; later lines (说明：…) stay as printed
                self.current.note.append(text if self.current.note else NOTE.sub("", text))
                self.note_bottom = item.bottom
                continue
            self.note_open = False
            self.caption.append(item)
            self.caption_page[id(item)] = page.number
            self._watch_label(text, page.number)
            if not self._is_caption_line(text) and not read_meta(text):
                first_on_page = first_on_page and len(compact(text)) <= 4
        self._empty_caption_table(page.number)
        self._form_in_text(page.number)

    def _continues_here(self, piece: Piece, first_on_page: bool) -> bool:
        """Does a piece found only as a continuation (whole numbers heading its page) go on
        the table that ended the page before? Only when its columns line up with the table's:
        whole numbers on another scale (a contents page's page numbers) are too weak a sign."""
        cur = self.current
        # (a form's block kept so is a table without a title of its own, joined to the form
        # with its header as the form's data: normalize/document.join_form)
        try:
            return cur is not None and (first_on_page and self._continues(cur, piece, True)
                                        or self._form_goes_on(cur, piece))
        except Exception as e:       # noqa: BLE001 - the lines are kept as the page's text
            cur.warnings.append(f"page {piece.page}: whether the page continues the table could "
                                f"not be told ({_reason(e)}); its lines are kept as text")
            return False

    def _continued_blank(self, page: PageItems) -> list:
        """The page's items, its leading text lines read as the rows of the blank table that
        ended the page before when they continue it (extract/blanktables.continued_rows): a
        table printing no amount has no amount line for the unruled finder to find.
        (A layout dump's page, or an unruled PDF page: a ruled one's grid is found anyway.)"""
        cur = self.current
        # (a table its note closed continues no further)
        if cur is None or not cur.pieces or cur.note or not cur.blank or max(cur.pages) != page.number - 1:
            return page.items
        from .blanktables import continued_rows
        try:
            found = continued_rows(page.items, cur.pieces[0].layout, page.number,
                                   lambda t: self._is_caption_line(t) or bool(read_meta(t)))
        except Exception as e:       # noqa: BLE001 - one table must not fail the document
            cur.warnings.append(f"page {page.number}: the blank table's rows continued there "
                                f"could not be read ({_reason(e)}); they are kept as text")
            found = None
        if found is None:
            return page.items
        piece, n = found
        self.text[-1] += "".join(item.text.strip() + "\n" for item in page.items[:n])
        return [piece, *page.items[n:]]

    def _note_line(self, item: TextLine, text: str) -> bool:
        """Right under a table: a note (注：…, 本表为空…), and the lines that continue it
        (close below the one before, not a caption of the next table)."""
        if self.page != self.note_page:
            return False
        if NOTE.match(text) or EMPTY_TABLE_NOTE.match(compact(text)):
            return True
        if not self.current.note or self._is_caption_line(text) or read_meta(text):
            return False
        numbered = ordinal_number(text)
        if numbered is not None and numbered == ordinal_number(self.current.note[-1]) + 1 \
                if ordinal_number(self.current.note[-1]) is not None else False:
            return True                   # 1.… then 2.… : numbered notes
        gap = item.top - self.note_bottom
        # a sentence cut at the line's end goes on below, a blank line further in a layout dump
        # that set the note's lines apart (…使用一般公共预算安排的基本支出中 / 的日常公用经费支出，…)
        runs_on = not self.current.note[-1].rstrip().endswith(_SENTENCE_END)
        return gap <= 1.2 * item.size or (runs_on and gap <= (1.2 + self.settings.note_run_on_extra) * item.size)

    def _is_caption_line(self, text: str) -> bool:
        c = compact(text)
        return bool(LABEL.match(c) or LABEL_AND_TITLE.match(text) or self._titleish(text))

    def _titleish(self, text: str) -> bool:
        return titleish(text)

    def _read_caption(self):
        label = title = fallback = None
        meta = []
        self.title_line = None
        prev = None            # the line before, when it was none of the below (a wrapped title?)
        # a caption is the few lines right above its table (label, title, 单位, 部门)
        for line in self.caption[-_CAPTION_LINES:]:
            text = line.text.strip()
            if meta and not read_meta(text) and META_KEY.search(text):
                # a key：value line wrapped: 部门名称：江苏省高级人民法 / 院单位：万元
                meta[-1] += text
                continue
            c = compact(text)
            m = LABEL_AND_TITLE.match(text)
            key_at = META_KEY.search(text)
            if LABEL.match(c):
                label, title = c, None
            elif m and self._titleish(m.group("title")):
                label, title = compact(m.group("label")), compact(m.group("title"))
            elif read_meta(text):
                meta.append(text)
            elif key_at and read_meta(text[key_at.start():]) and _labelled(text[:key_at.start()]):
                # a label (and title) sharing its line with the unit: 表二  单位：万元
                label, printed = _labelled(text[:key_at.start()])
                title = printed or title
                meta.append(text[key_at.start():])
            elif QUALIFIER.match(c) and not key_at and "续" not in c and (title or self.title_head):
                # a title's second line: （功能分类） under 一般公共预算支出表; tables printed
                # under one first line each print their own second line
                if title is None or title == self.title_head + self.title_tail:
                    head = title or self.title_head
                    title = head + c
                    self.title_head, self.title_tail = head, c
                else:
                    title += c
            elif self._titleish(text):
                title = compact(text)
                self.title_line = line
                if prev is not None and _wraps(prev, line, self.settings):
                    title = compact(prev.text) + title     # 2024年部门一般公共 / 预算支出表
                self.title_head, self.title_tail = title, ""
            elif NOTE.match(text) or EMPTY_TABLE_NOTE.match(c):
                continue
            elif len(c) <= 40 and self.catalogue.is_title(text, self.settings):
                fallback = c                 # a known title not ending in 表
            else:
                prev = line
                continue
            prev = None
        return label, title or fallback, meta

    def _piece(self, piece: Piece, first_on_page: bool) -> None:
        label, title, meta = self._read_caption()
        begun = self._begun_before(piece) if title else set()
        self.caption = []
        self.pending = None
        cur = self.current
        if cur is not None and not (label or title) and self._continues(cur, piece, first_on_page):
            self._append(cur, piece)
        elif cur is not None and (label or title) and self._repeats(cur, label, title) \
                and self._continues(cur, piece, self.first_piece):
            # its caption printed again on every page (a government's table of 17 pages)
            self._append(cur, piece)
        elif not (label or title) and cur is not None and (
                scaled := self._registered(cur, piece, first_on_page)) is not None:
            self._append(cur, piece, scaled=scaled)
        elif not (label or title) and cur is not None and self._same_columns(cur, piece, first_on_page):
            self._append(cur, piece, reread=False)
        elif not (label or title) and cur is not None and (
                moved := self._rescaled(cur, piece, first_on_page)) is not None:
            self._append(cur, moved, reread=False)
        else:
            cur = Building(label, title or "", meta)
            if not (label or title):
                cur.warnings.append(f"page {piece.page}: table without a title")
            cur.pages |= begun
            self.tables.append(cur)
            self.current = cur
            self._append(cur, piece, first=True)
        self.note_open = True
        self.note_bottom = piece.bottom
        self.note_page = piece.page
        cur.warnings += [f"page {piece.page}: {w}" for w in piece.warnings]
        if piece.empty_note:
            cur.note.append(piece.empty_note)

    def _begun_before(self, piece: Piece) -> set[int]:
        """The page before the piece's when the table's title ends that page and lines of the
        table follow it there, read as no piece (a form's 项目名称 line under its title at the
        foot of the page): the table begins where they stand."""
        line = self.title_line
        if line is None or self.caption_page.get(id(line)) != piece.page - 1:
            return set()
        after = self.caption[next((k for k, c in enumerate(self.caption) if c is line), len(self.caption)) + 1:]
        if any(self.caption_page.get(id(c)) == piece.page - 1 and not self._is_caption_line(c.text)
               and not read_meta(c.text) and not title_second_line(c.text) for c in after):
            return {piece.page - 1}
        return set()

    def _watch_label(self, text: str, page: int) -> None:
        found = _labelled(text)
        if found:
            if self.pending is not None:
                self.orphans.append(self.pending)
            self.pending = (found[0], found[1], page)
        elif self.pending is not None and self.pending[1] is None and self._titleish(text):
            self.pending = (self.pending[0], compact(text), self.pending[2])

    def unfound(self) -> list[str]:
        """Warnings for labels printed without a table under them (a table drawn as an image,
        a layout not read). A page printing several such labels lists tables (contents, a
        text naming them): not warned about."""
        orphans = self.orphans + ([self.pending] if self.pending else [])
        per_page: dict[int, int] = {}
        for _, _, p in orphans:
            per_page[p] = per_page.get(p, 0) + 1
        # an attachment label (附件18) may head prose (概念解析): only one with a table's title, or
        # a table's own label (表3, 公开03表), promises a table
        return [f"page {p}: {' '.join(x for x in (label, title) if x)} is printed, but no table "
                "was found under it (an image, or a layout yusuan cannot read)"
                for label, title, p in orphans
                if per_page[p] == 1 and (title or not label.startswith("附件"))]

    def _unread(self, item: Unread) -> None:
        """A table that could not be read: reported under its caption, without rows."""
        label, title, meta = self._read_caption()
        self.caption = []
        self.pending = None
        name = " ".join(p for p in (label, title) if p) or "without a title"
        b = Building(label, title or "", meta, pages={item.page}, warnings=[
            f"page {item.page}: table {name} could not be read ({item.reason}); its rows are "
            "left out"])
        self.tables.append(b)
        self.current = None
        self.note_open = False

    @staticmethod
    def _repeats(cur: Building, label: str | None, title: str | None) -> bool:
        """Is this caption the table's own, printed again (same label and title, but for a
        续 mark: 附件3-3（续）, …决算表（续表）)?"""
        def bare(text: str | None) -> str:
            return _CONTINUED.sub("", compact(text or ""))
        return bare(label) == bare(cur.label) and bare(title) == bare(cur.title)

    def _continues(self, cur: Building, piece: Piece, first_on_page: bool) -> bool:
        """A piece heading its page continues the table that ended the page before when its
        header is the same one printed again, or when it prints no header and its columns line
        up with the table's (Shanghai continues with rows only)."""
        if not cur.pieces or not first_on_page or piece.page != max(cur.pages) + 1:
            return False
        head = cur.pieces[0].layout
        if piece.has_header:
            # the same labels printed again (read in another order when a layout dump's
            # columns stand a character apart from the page before's)
            return sorted(piece.layout.header_labels) == sorted(head.header_labels) or (
                [c.path for c in piece.columns] == [c.path for c in head.columns])
        # every amount column lines up with one of the table's (the label columns may merge:
        # a last page holding only 合计 draws it across code and name columns)
        theirs = [x for xs in head.spans_x for x in xs]
        ours = [x for col, xs in zip(piece.columns, piece.layout.spans_x) if col.role == AMOUNT
                for x in xs]
        return bool(ours) and all(any(overlap(a, b, c, d) >= 0.6 * min(b - a, d - c) for c, d in theirs)
                                  for a, b in ours)

    def _form_goes_on(self, cur: Building, piece: Piece) -> bool:
        """A form (a kind whose figures are no amounts: 绩效目标表) stacks blocks of differing
        columns (项目资金, then 年度总体目标, then 绩效指标), and a page of it may open with
        its text cells (年度总体目标's sentences, a label printed down the page: 年 / 度 / 总):
        without rulings (a layout dump) nothing lines up with its first block, and the block
        heading the next page, found only by the whole numbers (scores) heading it, is still
        the form's. So is one on the form's own page, or the first of the page after."""
        if not cur.pages or not self._is_form(cur.title):
            return False
        return piece.page == max(cur.pages) or (self.first_piece and piece.page == max(cur.pages) + 1)

    def _registered(self, cur: Building, piece: Piece, first_on_page: bool):
        """For a headerless piece heading the next page whose columns, though they do not line
        up, are the table's at another scale: the table's layout brought to its scale
        (extract/rescale.registered), to read it with; else None."""
        if not cur.pieces or not first_on_page or piece.page != max(cur.pages) + 1 or piece.has_header \
                or piece.source is None:
            return None
        return registered(cur.pieces[0].layout, piece.layout)

    def _same_columns(self, cur: Building, piece: Piece, first_on_page: bool) -> bool:
        """A headerless piece heading the next page whose columns do not line up, but are the
        table's columns one for one (the same roles in the same order): a layout dump sets
        each page on a scale of its own, so a continued table stands shifted."""
        if not cur.pieces or not first_on_page or piece.page != max(cur.pages) + 1 or piece.has_header:
            return False
        return [c.role for c in piece.columns] == [c.role for c in cur.pieces[0].columns]

    def _rescaled(self, cur: Building, piece: Piece, first_on_page: bool) -> Piece | None:
        """A headerless piece heading the next page that prints fewer of the table's amount
        columns, on another scale (extract/rescale.py)."""
        if not cur.pieces or not first_on_page or piece.page != max(cur.pages) + 1 or piece.has_header:
            return None
        return rescaled(cur.pieces[0].layout, piece)

    def _append(self, cur: Building, piece: Piece, first: bool = False, reread: bool = True,
                scaled=None) -> None:
        if not first and reread and piece.source is not None:
            try:
                head = cur.pieces[0].layout
                if not piece.has_header:
                    # a page at another scale (a layout dump's) is read with the table's
                    # columns brought to its scale
                    head = scaled or registered(head, piece.layout) or head
                again = piece.source.read_with(head)
                if head is not cur.pieces[0].layout:
                    again = replace(again, layout=cur.pieces[0].layout)
                # a headerless page whose own columns are the table's one for one, read at
                # the table's borders, loses amounts it printed: a layout dump sets each page
                # on a scale of its own, so its own columns are the right ones
                own = [c.role for c in piece.columns] == [c.role for c in cur.pieces[0].columns]
                if piece.has_header or _amounts_read(again) >= _amounts_read(piece):
                    piece = again
                elif not own:
                    # fewer columns than the table's, and the table's borders lose amounts it
                    # printed: a page pdftotext squeezed where its columns print nothing
                    # (1,097,073.43 1,097,073.43 one space apart) is mapped column by column
                    # at its own scale (rescale.rescaled), when that keeps every amount
                    moved = rescaled(cur.pieces[0].layout, piece)
                    piece = moved if moved is not None and _amounts_read(moved) >= _amounts_read(piece) \
                        else again
            except Exception as e:   # noqa: BLE001 - read with its own columns instead
                if [c.path for c in piece.columns] != [c.path for c in cur.pieces[0].columns]:
                    cur.warnings.append(f"page {piece.page}: the continuation could not be read "
                                        f"with the table's columns ({_reason(e)}); its rows "
                                        "are left out")
                    cur.pages.add(piece.page)
                    piece.source, piece.caption_chars = None, []
                    return
                cur.warnings.append(f"page {piece.page}: the continuation could not be read "
                                    f"with the table's columns ({_reason(e)}); read with its own")
        # a stored piece keeps its rows and layout, not its page's grid and characters:
        # memory must not grow with the pages read
        piece.source, piece.caption_chars, piece.lines = None, [], []
        cur.blank = cur.blank and not any(cell is not None for row in piece.rows
                                          for col, cell in zip(piece.columns, row.cells) if col.role == AMOUNT)
        cur.pieces.append(piece)
        cur.pages.add(piece.page)
        self.last_page_with_piece = piece.page

    def _empty_caption_table(self, page: int) -> None:
        """A label/title followed only by 本表为空-like text on its page: an empty table."""
        label, title, meta = None, None, []
        for i, line in enumerate(self.caption):
            text = line.text.strip()
            if EMPTY_TABLE_NOTE.match(compact(text)) or (NOTE.match(text) and (label or title)):
                label, title, meta = self._read_caption_of(self.caption[:i])
                if label or title:
                    cur = Building(label, title or "", meta, note=[NOTE.sub("", text)], pages={page})
                    self.tables.append(cur)
                    self.pending = None
                    self.current = None
                    self.caption = self.caption[i + 1:]
                return

    def _is_form(self, title: str | None) -> bool:
        """Is a table so titled a form (its kind's figures no amounts: 绩效目标表)?"""
        kind = self.catalogue.match_title(title, self.settings) if title else None
        return kind is not None and not kind.amounts

    def _form_in_text(self, page: int) -> None:
        """A form's title followed, to the end of its page, by lines no finder read as a piece
        (项目名称 …, 年度总体目标's sentences: a form's text cells, without rulings): the form
        begins there, and the next page's first piece goes on with it."""
        at = [k for k, line in enumerate(self.caption) if self.caption_page.get(id(line)) == page
              and self._is_caption_line(line.text.strip())]
        if not at:
            return
        k = at[-1]
        end = k + 1
        while end < len(self.caption) and (title_second_line(self.caption[end].text)
                                           or read_meta(self.caption[end].text)):
            end += 1
        if len(self.caption) - end < 2:
            return
        label, title, meta = self._read_caption_of(self.caption[:end])
        if not self._is_form(title):
            return
        self.tables.append(Building(label, title, meta, pages={page}))
        self.current = self.tables[-1]
        self.pending = None
        self.note_open = False
        self.caption = []

    def _read_caption_of(self, lines):
        saved, self.caption = self.caption, lines
        try:
            return self._read_caption()
        finally:
            self.caption = saved

    # ------------------------------------------------------------------ tables
    def finish(self) -> list[RawTable]:
        out = []
        for b in self.tables:
            try:
                table = self._raw(b)
            except Exception as e:   # noqa: BLE001 - reported without its rows
                name = " ".join(p for p in (b.label, b.title) if p) or "without a title"
                pages = ", ".join(map(str, sorted(b.pages))) or "?"
                table = RawTable(label=b.label, title=b.title, columns=(), rows=(),
                                 pages=tuple(sorted(b.pages)), warnings=tuple(b.warnings) + (
                                     f"page {pages}: table {name} could not be assembled "
                                     f"({_reason(e)}); its rows are left out",))
            if table is not None:
                out.append(table)
        return out

    def _raw(self, b: Building) -> RawTable | None:
        metas = [read_meta(t) for t in b.meta]
        unit = next((m.unit for m in metas if m and m.unit), None)
        entity = next((m.entity for m in metas if m and m.entity), None)
        kind = self.catalogue.match_title(b.title, self.settings) if b.title else None
        if b.pieces:
            # a group the page shows over fewer columns than it comprises (no rulings) is
            # widened as the catalogue knows it
            columns = self.catalogue.grouped(tuple(b.pieces[0].columns))
            rows = rejoin_page_break_labels(columns, tuple(r for p in b.pieces for r in p.rows))
            header = tuple(b.pieces[0].layout.header_labels)
        else:
            variant = next((h for h in self.catalogue.headers if kind and h.kind == kind.id), None)
            columns = variant.columns if variant else (Column(("项目",), NAME),)
            rows, header = (), ()
        note = "\n".join(n for n in b.note if n) or None
        return RawTable(label=b.label, title=b.title, columns=columns, rows=rows,
                        pages=tuple(sorted(b.pages)), unit=unit, entity=entity,
                        kind=kind.id if kind else None, note=note, header_lines=header,
                        header_source="geometry" if b.pieces else "catalogue",
                        warnings=tuple(b.warnings))


def read_pdf(source: Source, settings: Settings, catalogue: Catalogue,
             password: str | None = None, reader: str | None = None) -> RawDocument:
    """Read a PDF page by page (one page in memory at a time). When PDFium cannot measure the
    document's glyphs (fonts neither embedded nor installed), it is read again by pdfplumber,
    which can, and the document says so in a warning."""
    try:
        return _read_pdf(source, settings, catalogue, password, reader, ())
    except UnmeasuredText:
        note = ("PDFium cannot measure some characters (CJK fonts neither embedded nor "
                "installed); read with the pdfplumber reader instead")
        return _read_pdf(source, settings, catalogue, password, "pdfplumber", (note,))


def prefetch(pages: Iterator[PageGeom], depth: int) -> Iterator[PageGeom]:
    """Read pages in a thread of their own, at most `depth` ahead of the consumer.

    PDFium's calls run without Python's lock (ctypes releases it), so loading page n+1
    overlaps the analysis of page n. Only that thread touches the PDF library (PDFium is not
    thread-safe), and memory stays flat: no more than depth + 1 pages exist at once. An error
    in the reader (a broken page, unmeasurable glyphs) is raised here, in the consumer."""
    if depth <= 0:
        yield from pages
        return
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        """Hand item over, waiting while the queue is full; False once the consumer stopped."""
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def work() -> None:
        try:
            for page in pages:
                if not put(page):
                    break
            item = done
        except BaseException as e:         # handed to the consumer
            item = e
        finally:
            close = getattr(pages, "close", None)
            if close:
                close()
        put(item)

    thread = threading.Thread(target=work, name="yusuan-pdf-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = queue.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _read_pdf(source, settings, catalogue, password, reader, notes) -> RawDocument:
    from . import ocrreader
    flow = Flow(catalogue, settings)
    pages = chars = 0
    per_page: list[int] = []           # characters of each page
    unread: set[int] = set()           # pages the reader could not read (said already)
    page_warnings: list[str] = []
    depth = settings.prefetch_pages if (reader or DEFAULT_READER) == "pdfium" else 0
    ocr = ocrreader.OcrRecord()
    # pages without a text layer are read from their image (the OCR reader) in the same thread
    # that reads the others: PDFium is touched by one thread only
    read = ocrreader.ocr_pages(source, open_pages(source, reader, password, settings.max_page_content),
                               settings, password)
    total = pdf_page_count(source, password) if pageprogress.listening() else None
    for geom in prefetch(read, depth):
        pages += 1
        pageprogress.page(pages, total)
        if geom.error:
            unread.add(geom.number)
        try:
            items = page_items(geom, catalogue, settings)
        except Exception as e:       # noqa: BLE001 - the page's text stays text
            items = PageItems(geom.number, list(text_lines(list(geom.chars))), len(geom.chars),
                              [f"page {geom.number}: its tables could not be read "
                               f"({_reason(e)}); its text is kept as text"])
        chars += items.chars
        per_page.append(items.chars)
        page_warnings += items.warnings
        ocr.add(geom, items)
        try:
            flow.feed(items)
        except Exception as e:       # noqa: BLE001
            page_warnings.append(f"page {geom.number}: could not be read into tables "
                                 f"({_reason(e)}); what it holds may be missing")
    if pages == 0:
        raise InputError("has no pages", file=source.name)
    if chars == 0:
        if unread:
            raise InputError(f"no page can be read ({len(unread)} of {pages} pages damaged)",
                             file=source.name, hint="is the file complete? try opening it in "
                                                    "a PDF viewer")
        raise ocrreader.no_text_layer(source, settings)
    tables = flow.finish()
    warnings = tuple(notes) + tuple(page_warnings) + tuple(silent_pages(per_page, unread)) + \
        tuple(flow.unfound()) + ocr.warnings(settings) + (() if tables else ("no tables found",))
    return RawDocument(source=str(source.path), sha256=source.sha256, reader="pdf",
                       page_count=pages, tables=tuple(tables), text="\f".join(flow.text),
                       warnings=warnings, ocr_pages=tuple(ocr.pages),
                       ocr_numbers=tuple(ocr.numbers))


def pdf_page_count(source: Source, password: str | None = None) -> int | None:
    """The PDF's page count (for the progress display), None when PDFium cannot tell; asked
    before the reader's thread starts, so that PDFium is never used by two threads at once."""
    try:
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(str(source.path), password=password)
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:                # noqa: BLE001 - the reader says what is wrong with it
        return None


def silent_pages(chars: list[int], said: set[int] = frozenset()) -> list[str]:
    """Warnings for runs of pages without a character between pages with text: a damaged page,
    a scanned image among text pages, a table lost to a font without a text layer. (Empty
    pages at the start or the end, a cover or a back page, are not warned about; pages the
    reader already reported are not warned about twice.)"""
    out, n = [], len(chars)
    i = 0
    while i < n:
        if chars[i]:
            i += 1
            continue
        j = i
        while j < n and not chars[j]:
            j += 1
        if i > 0 and j < n:
            run = [p for p in range(i + 1, j + 1) if p not in said]
            if run:
                pages = (f"page {run[0]}" if len(run) == 1 else f"pages {run[0]}–{run[-1]}"
                         if run[-1] - run[0] == len(run) - 1 else f"pages {', '.join(map(str, run))}")
                out.append(f"{pages}: no characters, while pages {i} and {j + 1} have text (a "
                           "damaged page, or a scanned image: what it prints is not read)")
        i = j
    return out


__all__ = ["read_pdf", "page_items", "Flow", "squeeze", "silent_pages"]
