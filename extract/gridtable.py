"""A grid of cells (ruled, or rebuilt from alignment) → one table piece of one page: its header
paths, column roles and body rows.

1. `trim`: rows at the top that only hold a caption (title, 公开03表, 单位：万元 — an outer frame
   drawn round the title puts them inside the grid) and notes at the bottom leave the grid and
   become page text again.
2. `split_header`: the body starts at the first row printing an amount; rows before it are
   header rows while they have text over the amount columns (a body row printed with blank
   amounts has none). A 栏次 row (1 2 3 …) is neither.
3. `roles`: amount columns hold amounts; code columns hold codes (2080505, or 类/款/项 parts
   208|05|05); a long-text column right of every amount column is text (绩效目标), and so are
   序号 / 备注; the rest are label columns. Label columns side by side: a group label spanning
   rows (一般公共预算资金 over 小计 / 专项收入) and its items are one label, written as a path;
   otherwise each is kept as a text column and the row's name is the first one printed.
4. `header paths`: for each leaf column, the labels of the header cells over it, top down; a
   label centred over other columns than its borders enclose labels the columns it is over.
5. The result is a `Layout` (leaf columns, their x-ranges, how labels combine) and the rows
   read with it. A continuation page is read with the layout of the table's first piece
   (`read_with`), mapping its columns by position, so that a page printing only some columns
   still puts each cell where it belongs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re

from ..chars import compact
from ..model import AMOUNT, CODE, NAME, TEXT, Column, RawRow, split_sides
from ..settings import DEFAULT, Settings
from ..patterns import AMOUNT as AMOUNT_RE, CODE as CODE_RE, CODE_PART, EMPTY_TABLE_NOTE, LABEL, \
    NOTE, OF_WHICH, TOTAL
from .geometry import Char, overlap
from .ruled import Grid, GridCell
from .printwidth import character_width
from .texttables import read_meta

_SERIAL = re.compile(r"^\d{1,2}$")
_INTEGER = re.compile(r"^\d{1,7}$")
# header labels of a code column and of a name column (shared with the unruled finders)
CODE_HEADER = re.compile(r"编码|代码|编号|^类$|^款$|^项$")
NAME_HEADER = re.compile(r"^(?:项目|科目)$|名称$|类别|品目|内容$")
_TEXT_HEADER = re.compile(r"^(?:序号|行次|栏次|备注|说明|绩效目标|单位名称)$")

PATH, FIRST = "path", "first"     # how a label column combines several elementary columns


@dataclass(frozen=True)
class Layout:
    """The column structure of a table, learned from the piece that prints its header."""

    columns: tuple[Column, ...]
    col_x: tuple[tuple[float, float], ...]      # x-range of each leaf column
    modes: tuple[str, ...]                      # "" | PATH | FIRST, per leaf column
    spans_x: tuple[tuple[tuple[float, float], ...], ...]   # x-ranges of the elementary columns read
    header_labels: tuple[str, ...]
    # leftmost label start per leaf column: indentation is measured from it on every page
    label_left: tuple[float | None, ...] = ()


@dataclass
class Piece:
    """The part of a table printed on one page."""

    page: int
    top: float
    bottom: float
    layout: Layout
    rows: list[RawRow]
    has_header: bool
    caption_chars: list[Char] = field(default_factory=list)   # trimmed caption/note text
    empty_note: str | None = None              # 本表为空 printed inside the body
    warnings: list[str] = field(default_factory=list)
    source: "GridTable | None" = None          # to read the page again with another layout
    # found only as the continuation of the table before (whole numbers, heading its page):
    # kept when it continues that table, else its `lines` are the page's text
    continuation: bool = False
    lines: list = field(default_factory=list)

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.layout.columns


def indent_steps(offset: float, size: float) -> int:
    """Whole characters of indentation in an offset from the column's left edge. An indent
    is printed in whole characters (full-width spaces); a centred or padded label sits a
    fraction of one off, and centring a label of half-width glyphs puts it a multiple of a
    quarter character off. A boundary on such a multiple (rounding at 0.5, or 0.75) lets the
    two readers, whose boxes differ in the last float bits, land on either side of it; so a
    step counts from 7/8 of a character, between the quarters."""
    return max(0, int(offset / size + 0.125))


def is_amount_text(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(t) and bool(AMOUNT_RE.match(t))


def _categorical(texts: list[str], settings: Settings) -> bool:
    return len(texts) >= settings.attribute_min_rows and \
        len(set(texts)) <= settings.attribute_max_distinct * len(texts)


def _is_code(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(CODE_RE.match(t) or CODE_PART.match(t))


def header_label(text: str) -> str:
    """A header cell's label: no whitespace, no leading 其中：."""
    return OF_WHICH.sub("", compact(text))


def is_breakdown_label(text: str) -> bool:
    """A header cell printed as 其中：… : the columns under it break down their group."""
    return bool(OF_WHICH.match(compact(text)))


class GridTable:
    def __init__(self, grid: Grid, page: int, is_caption, settings: Settings = DEFAULT) -> None:
        self.settings = settings
        self.g = grid
        self.page = page
        self.is_caption = is_caption     # callable(text) -> bool: title / label / 单位 line
        self.first, self.last, self.caption = self.trim()
        self.leaf_row: dict | None = None
        # an unruled group label column: body row -> the group label cell over it
        self.group_of: dict[int, GridCell] = {}
        self.group_col: int | None = None
        # grid rows read as header and as body (kept for `yusuan inspect` to draw)
        self.header_rows: list[int] = []
        self.body_rows: list[int] = []

    # ------------------------------------------------------------------ step 1
    def _row_texts(self, r: int) -> list[tuple[GridCell, str]]:
        return [(c, c.text) for c in self.g.row_cells(r) if c.r0 == r and c.text]

    def trim(self) -> tuple[int, int, list[Char]]:
        g, caption = self.g, []
        first, last = 0, g.n_rows
        while first < last:
            texts = self._row_texts(first)
            cells = g.row_cells(first)
            # a caption row: only captions in it, nothing reaching down into the header, and
            # either one cell across the table or nothing but a label / key：value text
            if any(c.r0 != first or c.r1 - c.r0 > 1 for c in cells) or not texts \
                    or not all(self.is_caption(t) for _, t in texts) \
                    or any(is_amount_text(t) for _, t in texts):
                break
            if len(cells) > 1 and not all(LABEL.match(compact(t)) or read_meta(t) for _, t in texts):
                break
            for c, _ in texts:
                caption += c.chars
            first += 1
        while last > first:
            texts = self._row_texts(last - 1)
            cells = g.row_cells(last - 1)
            if not (len(cells) == 1 and (not texts or NOTE.match(texts[0][1]))):
                break
            for c, _ in texts:
                caption += c.chars
            last -= 1
        return first, last, caption

    def _anchored(self) -> list[list[GridCell | None]]:
        """anchored[r][c]: the cell with text starting at row r, column c."""
        g = self.g
        anchored: list[list[GridCell | None]] = [[None] * g.n_cols for _ in range(g.n_rows)]
        for cell in g.cells:
            if self.first <= cell.r0 < self.last and cell.text:
                anchored[cell.r0][cell.c0] = cell
        return anchored

    # ------------------------------------------------------------------ steps 2-5
    def piece(self) -> Piece | None:
        g, first, last = self.g, self.first, self.last
        if last - first < 1:
            return None
        anchored = self._anchored()
        amount_rows = [r for r in range(first, last) if self._prints_amount(anchored[r])]
        serial = {r for r in range(first, last) if self._is_serial_row(r)}
        amount_cols = self._amount_columns(anchored, amount_rows)
        body_start = amount_rows[0] if amount_rows else self._empty_body_start(serial)
        r, header_rows = first, []
        while r < body_start and (r in serial or not amount_cols or self._text_over(r, amount_cols)):
            header_rows.append(r)
            r += 1
        body_rows = [x for x in range(r, last) if x not in serial]
        header_rows = [x for x in header_rows if x not in serial]
        self.header_rows, self.body_rows = header_rows, body_rows
        self.leaf_row = self._leaves_in_first_row(header_rows, body_rows, anchored)
        if self.leaf_row is not None:
            for cell in self.leaf_row.values():
                anchored[cell.r0][cell.c0] = None
        roles, runs = self._roles(anchored, body_rows, amount_cols, header_rows)
        keep = [c for c in range(g.n_cols) if self._used(c, header_rows, body_rows, anchored)]
        layout, src = self._layout(keep, roles, runs, header_rows)
        if not any(col.role == AMOUNT for col in layout.columns):
            return None                      # a list (序号 | 单位名称 | 备注), not a budget table
        columns, realigned = align_sides(list(layout.columns))
        columns = unique_paths(columns)
        layout = Layout(tuple(columns), layout.col_x, layout.modes, layout.spans_x, layout.header_labels)
        rows, empty_note, left = self._read(body_rows, layout, src)
        layout = Layout(layout.columns, layout.col_x, layout.modes, layout.spans_x,
                        layout.header_labels, tuple(left.get(j) for j in range(len(columns))))
        return Piece(self.page, g.ys[first], g.ys[last], layout, rows, bool(header_rows),
                     self.caption, empty_note, realigned, self)

    def read_with(self, layout: Layout) -> Piece:
        """This page as a continuation of a table whose layout is known: a repeated header is
        skipped, columns are matched to the layout's by position."""
        g, first, last = self.g, self.first, self.last
        src: list[list[int]] = [[] for _ in layout.columns]
        for c in range(g.n_cols):
            x0, x1 = g.xs[c], g.xs[c + 1]
            # the layout column this one overlaps most, if it overlaps it well (a continuation
            # page's borders need not be the first page's: an unruled page sets its own)
            best, best_o, need, span = None, 0.0, 0.0, None
            for j, spans in enumerate(layout.spans_x):
                for a, b in spans:
                    o = overlap(x0, x1, a, b)
                    if o > best_o:
                        best, best_o, need, span = j, o, 0.5 * min(x1 - x0, b - a), (a, b)
            if best is not None and best_o >= need:
                # every leaf reading that elementary column reads this one: an outline's label
                # column is read by its label leaf and by the text leaf keeping its text
                for j, spans in enumerate(layout.spans_x):
                    if j == best or any(abs(a - span[0]) < 0.5 and abs(b - span[1]) < 0.5
                                        for a, b in spans):
                        src[j].append(c)
        labels = set(layout.header_labels)
        r = first
        while r < last and self._row_texts(r) and not any(
                is_amount_text(t) for _, t in self._row_texts(r)) and all(
                header_label(t) in labels for _, t in self._row_texts(r)):
            r += 1
        body_rows = [x for x in range(r, last) if not self._is_serial_row(x)]
        self.header_rows, self.body_rows = list(range(first, r)), body_rows
        rows, empty_note, _ = self._read(body_rows, layout, src)
        return Piece(self.page, g.ys[first], g.ys[last], layout, rows, r > first,
                     self.caption, empty_note, [], self)

    @staticmethod
    def _prints_amount(row: list) -> bool:
        """Does a row print an amount? Leading code-shaped cells (205 | 20502 …) are codes."""
        cells = [c for c in row if c is not None]
        k = 0
        while k < len(cells) and _is_code(cells[k].text):
            k += 1
        return any(is_amount_text(c.text) for c in cells[k:])

    def _leaves_in_first_row(self, header_rows, body_rows, anchored) -> dict | None:
        """A header group (本年支出 over three columns) whose leaf labels are printed in the
        first body row, beside that row's own label (合计 | … | 合计 基本支出 项目支出 | …):
        {column: cell} of those leaf labels, which leave the body."""
        if not header_rows or not body_rows:
            return None
        r = body_rows[0]
        g = self.g
        last_header = header_rows[-1]
        leaves = {}
        for c in range(g.n_cols):
            above = g.cell(last_header, c)
            cell = anchored[r][c]
            if above.c1 - above.c0 > 1 and above.text and cell is not None and cell.c1 == c + 1 \
                    and not is_amount_text(cell.text):
                leaves[c] = cell
        groups = {id(g.cell(last_header, c)) for c in leaves}
        full = all(all(c in leaves for c in range(g.cell(last_header, c0).c0, g.cell(last_header, c0).c1))
                   for c0 in leaves)
        return leaves if leaves and groups and full else None

    def _is_serial_row(self, r: int) -> bool:
        texts = [t for _, t in self._row_texts(r)]
        if not texts:
            return False
        if compact(texts[0]) in ("栏次", "行次"):
            return True
        return len(texts) >= 3 and all(_SERIAL.match(compact(t)) for t in texts)

    def _header_text(self, c: int, rows) -> str:
        return "".join(header_label(self.g.cell(r, c).text) for r in rows)

    def _amount_columns(self, anchored, amount_rows) -> set[int]:
        """Columns whose body cells are mostly amounts — but not a column headed …编码 whose
        numbers are all code-shaped (201, 20101, 2010101, or 05 under 款)."""
        cols = set()
        if not amount_rows:
            return cols
        rows = range(amount_rows[0], self.last)
        head = range(self.first, amount_rows[0])
        for c in range(self.g.n_cols):
            texts = [anchored[r][c].text for r in rows if anchored[r][c] is not None]
            numbers = [t for t in texts if is_amount_text(t)]
            if not numbers or len(numbers) < 0.5 * len(texts):
                continue
            if all(_INTEGER.match(t.strip()) for t in numbers) and CODE_HEADER.search(self._header_text(c, head)):
                continue          # under …编码 / 类 / 款 / 项 (a 款 printed as 2 for 02 too)
            if all(CODE_RE.match(t.strip()) for t in numbers):
                continue
            if all(CODE_PART.match(t.strip()) for t in numbers) and any(t.strip()[0] == "0" for t in numbers):
                continue          # 01, 05, 99: 款/项 parts (an amount never prints a leading 0)
            if _TEXT_HEADER.match(self._header_text(c, head)):
                continue
            cols.add(c)
        return cols

    def _empty_body_start(self, serial: set[int]) -> int:
        """No amounts at all (an empty table): header rows label every column (directly or
        through a merged cell); the body starts at the first row leaving a column blank."""
        for r in range(self.first, self.last):
            if r not in serial and any(not self.g.cell(r, c).text for c in range(self.g.n_cols)):
                return r
        return self.last

    def _text_over(self, r: int, amount_cols: set[int]) -> bool:
        return any(self.g.cell(r, c).text for c in amount_cols)

    def _used(self, c: int, header_rows, body_rows, anchored) -> bool:
        """A column split off only in the header (no body cell starts in it, no header label
        of its own) is not a column of the table."""
        if not body_rows or not header_rows or any(anchored[r][c] is not None for r in body_rows):
            return True
        if self.leaf_row and c in self.leaf_row:
            return True
        own = [self.g.cell(r, c) for r in header_rows]
        return any(cell.c0 == c and cell.c1 == c + 1 and cell.text for cell in own)

    def _roles(self, anchored, body_rows, amount_cols, header_rows):
        """Roles per elementary column (step 3), and runs of label columns {first: run}.
        A column printed blank in every body row is read by its header label (…编码 a code,
        项目/名称 a label, else an amount)."""
        g = self.g
        roles: list[str] = []
        last_amount = max(amount_cols) if amount_cols else -1
        column_texts: dict[int, list[str]] = {}
        for c in range(g.n_cols):
            # a label drawn across several columns (合计 over code and name) says nothing
            # about the column it starts in
            texts = [anchored[r][c].text for r in body_rows
                     if anchored[r][c] is not None and anchored[r][c].c1 == c + 1]
            column_texts[c] = texts
            label = self._header_text(c, header_rows)
            if _TEXT_HEADER.match(label):
                roles.append(TEXT)
            elif c in amount_cols:
                roles.append(AMOUNT)
            elif not texts:
                roles.append(CODE if CODE_HEADER.search(label) else
                             NAME if NAME_HEADER.search(label) else AMOUNT)
            elif self._code_column(texts, label):
                roles.append(CODE)
            elif c > last_amount >= 0 and sum(len(t) for t in texts) / len(texts) > 12:
                roles.append(TEXT)
            elif c and roles[c - 1] == NAME and _categorical(texts, self.settings):
                # next to a label column, a column of a few repeated values (采购组织形式:
                # 政府集中采购 / 分散自行组织) is an attribute of the row, not a deeper label
                roles.append(TEXT)
            else:
                roles.append(NAME)
        runs: dict[int, tuple[str, list[int]]] = {}
        c = 0
        while c < g.n_cols:
            if roles[c] != NAME:
                c += 1
                continue
            end = c
            while end + 1 < g.n_cols and roles[end + 1] == NAME:
                end += 1
            centred = self._centred_groups(c, body_rows) if end == c + 1 else None
            if end > c and (centred or self._groups_rows(c, body_rows)):
                if centred:
                    self.group_of, self.group_col = centred, c
                runs[c] = (PATH, [c, c + 1])
                for k in range(c + 2, end + 1):
                    roles[k] = TEXT
                roles[c + 1] = "covered"
            elif end > c:
                runs[c] = (FIRST, list(range(c, end + 1)))
                for k in range(c + 1, end + 1):
                    roles[k] = TEXT
            c = end + 1
        return roles, runs

    @staticmethod
    def _code_column(texts: list[str], label: str) -> bool:
        """Codes, with room for a total label (合计) that starts in the code column and spans
        into the label column."""
        by_header = bool(CODE_HEADER.search(label))
        codes = [t for t in texts if _is_code(t) or (by_header and _INTEGER.match(t.strip()))]
        if not codes:
            return False
        others = len(texts) - len(codes)
        return not others or (others <= 2 and len(codes) >= 2 * others) or (
            bool(CODE_HEADER.search(label)) and len(codes) >= others)

    def _groups_rows(self, c: int, body_rows) -> bool:
        rows = set(body_rows)
        return any(cell.c0 == c and cell.c1 == c + 1 and cell.r1 - cell.r0 > 1 and cell.text
                   and cell.r0 in rows for cell in self.g.cells)

    def _centred_groups(self, c: int, body_rows) -> dict[int, GridCell] | None:
        """Group labels printed without rulings in a column of their own, each centred on the
        rows of its group (a merged cell's label, Excel's vertical centring: 一般公共预算资金 level
        with the second of its three rows, 上年结转和结余资金 between its two): {row: label} for
        every row of every group, or None when the column is not such a column.

        A group's rows are found from where its label lies: level with a row it is the middle
        one of an odd number of rows; below a row's line (the label joined the row above) or
        above it, the middle of an even number. An item printed above the first label (after
        any total row) is what tells centred groups from an outline printed in columns, whose
        outer label heads its group: without one, the column is not taken for such a column."""
        g = self.g
        rows = [r for r in body_rows if any(g.cell(r, k).text for k in (c, c + 1))]

        def own(r: int, k: int) -> GridCell | None:
            cell = g.cell(r, k)
            return cell if cell.text and cell.r0 == r and cell.c0 == k and cell.c1 == k + 1 else None
        labels = {r: own(r, c) for r in rows if own(r, c)}
        items = {r: own(r, c + 1) for r in rows if own(r, c + 1)}
        if len(labels) < 2 or any(g.cell(r, c).r1 - g.cell(r, c).r0 > 1 for r in rows):
            return None
        out: dict[int, GridCell] = {}
        pos, centred = 0, None
        for n, r in enumerate(rows):
            if n < pos:
                continue
            if r not in items:
                # a row printing its label in the group column only: a total (收入总计)
                if r not in labels or not TOTAL.search(compact(labels[r].text)):
                    return None
                pos = n + 1
                continue
            if n == 0 and r not in labels and TOTAL.search(compact(items[r].text)):
                # the table's total first, in the item column (a layout dump sets 收入总计,
                # centred across both columns, where the items start): a total, in no group
                pos = n + 1
                continue
            # the group of the next label starts here
            nxt = next((m for m in range(n, len(rows)) if rows[m] in labels), None)
            if nxt is None or rows[nxt] not in items:
                return None          # a label whose row prints no item: no centred group
            label, item = labels[rows[nxt]], items[rows[nxt]]
            p = nxt - n
            dy = _centre(label) - _centre(item)
            size = max(label.size or 0, item.size or 0) or 1.0
            count = 2 * p + 1 if abs(dy) < 0.3 * size else 2 * p + 2 if dy > 0 else 2 * p
            members = rows[n:n + count]
            if count < 1 or len(members) < count or nxt >= n + count \
                    or any(m not in items or (m in labels and m != rows[nxt]) for m in members):
                return None
            if centred is None:
                centred = p > 0      # the first group: items printed above its label
            for m in members:
                out[m] = label
            pos = n + count
        return out if centred else None

    def _layout(self, keep, roles, runs, header_rows) -> tuple[Layout, list[list[int]]]:
        """Leaf columns with header paths, and the elementary columns each one reads."""
        g = self.g
        over = self._header_matrix(header_rows)
        columns, col_x, modes, src = [], [], [], []
        for c in keep:
            role = roles[c]
            if role == "covered":
                continue
            path, seen, breakdown = [], set(), False
            for r in header_rows:
                cell = over.get((r, c))
                if cell is None or id(cell) in seen or not cell.text:
                    continue
                seen.add(id(cell))
                label = header_label(cell.text)
                breakdown = breakdown or is_breakdown_label(cell.text)
                if label and (not path or path[-1] != label):
                    path.append(label)
            if self.leaf_row and c in self.leaf_row:
                path.append(header_label(self.leaf_row[c].text))
                breakdown = breakdown or is_breakdown_label(self.leaf_row[c].text)
            if not path:
                path = [f"列{len(columns) + 1}"]
            if c in runs:
                mode, cols = runs[c]
                columns.append(Column(tuple(path), NAME))
                col_x.append((g.xs[cols[0]], g.xs[cols[-1] + 1]))
                modes.append(mode)
                src.append(list(cols))
                if mode == PATH:
                    continue
                role = TEXT          # the first label column is kept as text too
            columns.append(Column(tuple(path), role, breakdown=breakdown and role == AMOUNT))
            col_x.append((g.xs[c], g.xs[c + 1]))
            modes.append("")
            src.append([c])
        spans_x = tuple(tuple((g.xs[c], g.xs[c + 1]) for c in cols) for cols in src)
        labels = tuple(header_label(cell.text) for r in header_rows for cell in g.row_cells(r)
                       if cell.r0 == r and cell.text)
        return Layout(tuple(columns), tuple(col_x), tuple(modes), spans_x, labels), src

    def _header_matrix(self, header_rows) -> dict:
        """Which header cell labels each (row, column). Usually the cell drawn over it; but a
        label printed centred over other columns than its borders enclose labels the columns
        it is centred over."""
        g = self.g
        over: dict = {}
        for r in header_rows:
            spans = {}
            cells = [c for c in g.row_cells(r) if c.r0 == r and c.text]
            for k, cell in enumerate(cells):
                lo = cells[k - 1].c1 if k else 0
                hi = cells[k + 1].c0 if k + 1 < len(cells) else g.n_cols
                spans[id(cell)] = self._centred_span(cell, lo, hi)
            for c in range(g.n_cols):
                cell = g.cell(r, c)
                if cell.r0 != r:            # spans down from a row above: as above
                    over[(r, c)] = over.get((r - 1, c), cell)
                    continue
                owner = next((x for x in cells if spans[id(x)][0] <= c < spans[id(x)][1]), None)
                over[(r, c)] = owner if owner is not None else (None if cell.text else cell)
        return over

    def _centred_span(self, cell: GridCell, lo: int, hi: int) -> tuple[int, int]:
        g = self.g
        tx0 = min(ch.x0 for ch in cell.chars)
        tx1 = max(ch.x1 for ch in cell.chars)
        mid = (tx0 + tx1) / 2
        own = (g.xs[cell.c0] + g.xs[cell.c1]) / 2
        width = g.xs[cell.c1] - g.xs[cell.c0]
        if g.synthetic or abs(mid - own) <= max(3.0, 0.1 * width):
            return cell.c0, cell.c1
        best, best_d = (cell.c0, cell.c1), abs(mid - own)
        lo, hi = min(lo, cell.c0), max(hi, cell.c1)
        for a in range(lo, hi):
            if g.xs[a] > tx0 + 1:
                break
            for b in range(a + 1, hi + 1):
                if g.xs[b] < tx1 - 1:
                    continue
                d = abs((g.xs[a] + g.xs[b]) / 2 - mid)
                if d < best_d:
                    best, best_d = (a, b), d
        return best if best_d <= 3.0 else (cell.c0, cell.c1)

    # ------------------------------------------------------------------ reading rows
    def _read(self, body_rows, layout: Layout, src: list[list[int]]):
        columns, modes = layout.columns, layout.modes
        leaf_of: dict[int, list[int]] = {}
        for j, cols in enumerate(src):
            for c in cols:
                leaf_of.setdefault(c, []).append(j)
        name_leaf = [j for j, col in enumerate(columns) if col.role == NAME]
        rows, empty_note = [], None
        found_by_row = {r: self._row_found(r, src, leaf_of, name_leaf, columns, modes) for r in body_rows}
        # leftmost label start per label column, to turn offsets back into indentation
        left: dict[int, float] = {j: x for j, x in enumerate(layout.label_left) if x is not None}
        for found in found_by_row.values():
            for j in name_leaf:
                if found[j] and found[j][0].text_x0 is not None:
                    x = found[j][0].text_x0
                    left[j] = min(left.get(j, x), x)
        lone = len(body_rows) == 1
        above: dict[int, str] = {}
        # an outline printed in several label columns: the text column that keeps each label
        # column's text, so that a row can say which labels it prints (RawRow.labels)
        mirror: dict[int, int] = {}
        for k, col in enumerate(columns):
            if col.role == TEXT:
                for c in src[k]:
                    mirror.setdefault(c, k)
        outlines = [j for j in range(len(columns)) if modes[j] == FIRST]
        for r in body_rows:
            found = found_by_row[r]
            cells = [self._join(found[j], columns[j].role, modes[j], left.get(j), src[j])
                     for j in range(len(columns))]
            labels = []
            for j in outlines:
                printed = []
                for cell in found[j]:
                    col = cell.c0 if cell.c0 in src[j] else src[j][0]
                    if col in mirror and cell.text:
                        printed.append((mirror[col], cell.text))
                if printed:
                    labels.append((j, tuple(printed)))
                    # the depth of the deepest label is its label column's rank in the
                    # table's layout (the text leaves after j), not in this page's grid: a
                    # continuation page printing no 大类 has one elementary column fewer
                    deepest, text = printed[-1]
                    cells[j] = " " * (4 * max(0, deepest - j - 1)) + text
            for j in range(len(columns)):
                if modes[j] == FIRST:
                    # in an outline printed in columns a row that prints no label at all
                    # repeats the one above (物业管理服务 bought two ways: one label, two rows)
                    if cells[j] is None and any(cells[k] for k in range(len(columns))
                                                if columns[k].role == AMOUNT):
                        cells[j] = above.get(j)
                    above[j] = cells[j]
            if not any(cells) and not lone:
                continue          # an empty ruled row (a lone one is the table's blank row)
            filled = [t for t in cells if t]
            if len(filled) == 1 and not any(columns[j].role == AMOUNT and cells[j] for j in range(len(cells))) \
                    and _looks_like_empty_note(filled[0]):
                empty_note = filled[0].strip()
                continue
            spans = []
            for j in name_leaf:
                if found[j]:
                    cell = found[j][-1]
                    covered = [k for k, cols in enumerate(src) if cols and cell.c0 <= cols[0] and cols[-1] < cell.c1
                               and columns[k].role in (NAME, AMOUNT, CODE)]
                    if len({columns[k].role for k in covered} & {NAME}) and len(
                            [k for k in covered if columns[k].role == NAME]) > 1:
                        spans.append((min(covered), max(covered) + 1))
            rows.append(RawRow(self.page, tuple(cells), None, tuple(spans), tuple(labels)))
        return rows, empty_note, left

    def _row_found(self, r, src, leaf_of, name_leaf, columns, modes) -> list[list[GridCell]]:
        """The cells with text of row r, per leaf column: a cell goes to the column it starts
        in; a label starting in a code column (合计 over code and name) goes to the label
        column it reaches; a group label spanning rows from above joins its rows' labels."""
        g = self.g
        found: list[list[GridCell]] = [[] for _ in columns]
        seen = set()
        for c in range(g.n_cols):
            cell = g.cell(r, c)
            if c == self.group_col and r in self.group_of:
                cell = self.group_of[r]          # the centred group label over this row
            if id(cell) in seen or not cell.text or c != cell.c0 or (
                    self.leaf_row and self.leaf_row.get(c) is cell):
                continue
            seen.add(id(cell))
            for j in leaf_of.get(c, []):
                role = columns[j].role
                grouped = modes[j] == PATH and c == src[j][0]
                if cell.r0 != r and not grouped:
                    continue          # a cell spanning rows counts once, in its first row
                if role == CODE and not _is_code(cell.text):
                    reach = [k for k in name_leaf if any(cell.c0 <= x < cell.c1 for x in src[k])]
                    if reach:
                        j = reach[0]
                found[j].append(cell)
        return found

    @staticmethod
    def _join(found: list[GridCell], role: str, mode: str, left, cols: list[int]) -> str | None:
        if not found:
            return None
        if role != NAME:
            return "".join(c.text for c in found)
        if mode == PATH and len(found) > 1:
            return "/".join(c.text for c in found)
        cell = found[0]
        if mode == FIRST:
            # an outline printed in columns (采购品目大类 > 专项名称 > 经济科目 > 采购物品名称):
            # the row's amount belongs to the deepest label it prints (a project named on
            # the row of its first economic item prints no total of its own), and the
            # column that label is printed in is its depth. The other labels stay in their
            # text columns.
            cell = found[-1]
            depth = cols.index(cell.c0) if cell.c0 in cols else 0
            return " " * (4 * depth) + cell.text
        indent = ""
        if left is not None and cell.text_x0 is not None and cell.size:
            indent = " " * indent_steps(cell.text_x0 - left, character_width(cell.chars, cell.size))
        return indent + cell.text


def _centre(cell: GridCell) -> float:
    return (min(ch.top for ch in cell.chars) + max(ch.bottom for ch in cell.chars)) / 2


def unique_paths(columns: list[Column]) -> list[Column]:
    """Two leaf columns of one side printed with the same header path (a merged header cell
    over columns the rulings could not tell apart) get (2), (3)… on the later ones' leaf. A
    label column and the text column that keeps its text share one path on purpose; two sides
    may print the same header."""
    side_of = {i: k for k, sd in enumerate(split_sides(tuple(columns))) for i in sd.columns}
    seen: dict[tuple, int] = {}
    out = []
    for i, col in enumerate(columns):
        key = (side_of[i], col.path, col.role == NAME)
        n = seen.get(key, 0) + 1
        seen[key] = n
        if n > 1:
            col = replace(col, path=col.path[:-1] + (f"{col.path[-1]}({n})",))
        out.append(col)
    return out


def align_sides(columns: list[Column]) -> tuple[list[Column], list[str]]:
    """In a two-sided table, an amount column belongs to the side whose label column precedes
    it. Where its drawn header says otherwise (a Word table whose 功能分类 border stops short of
    its 金额 column), its path is put under its side, and a warning says so."""
    if sum(1 for c in columns if c.role == NAME) < 2:
        return columns, []
    out, notes, prefix = [], [], ()
    for col in columns:
        if col.role == NAME:
            prefix = col.path[:-1]
        elif col.role == AMOUNT and prefix and col.path[:len(prefix)] != prefix:
            fixed = replace(col, path=prefix + col.path[-1:])
            notes.append(f"column {col.key} read as {fixed.key}: it follows the {'/'.join(prefix)} "
                         "label column")
            col = fixed
        out.append(col)
    return out, notes


def _looks_like_empty_note(text: str) -> bool:
    return bool(EMPTY_TABLE_NOTE.match(compact(text))) or bool(NOTE.match(text.strip()))
