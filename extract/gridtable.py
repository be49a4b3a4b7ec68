"""A grid of cells (ruled, or rebuilt from alignment) → one table piece of one page: its header
paths, column roles and body rows.

1. `trim`: rows at the top that only hold a caption (title, 公开03表, 单位：万元 — an outer frame
   drawn round the title puts them inside the grid) and notes at the bottom leave the grid and
   become page text again.
2. `split_header`: the body starts at the first row printing an amount; rows before it are
   header rows while they have text over the amount columns (a body row printed with blank
   amounts has none). A 栏次 row (1 2 3 …) is neither.
3. `column_roles`: amount columns hold amounts; code columns hold codes (2080505, or 类/款/项
   parts 208|05|05); a long-text column right of every amount column is text (绩效目标); the
   rest are label columns. Adjacent label columns are one label: a group label spanning
   several rows (一般公共预算资金 over 小计 / 专项收入) joins its rows' labels as a path.
4. `header_paths`: for each leaf column, the labels of the header cells over it, top down.
5. `body_rows`: one raw row per grid row, a cell's text in the column it starts in; the
   label's indent comes back from its offset to the column's leftmost label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from ..chars import compact
from ..model import AMOUNT, CODE, NAME, TEXT, Column, RawRow
from ..patterns import AMOUNT as AMOUNT_RE, CODE as CODE_RE, CODE_PART, LABEL, NOTE, OF_WHICH
from .geometry import Char
from .ruled import Grid, GridCell
from .texttables import read_meta

_SERIAL = re.compile(r"^\d{1,2}$")
_CODE_HEADER = re.compile(r"编码|代码|编号")
_NAME_HEADER = re.compile(r"项目|名称|科目$|类别|品目|内容")
_TEXT_HEADER = re.compile(r"^(?:序号|行次|栏次|备注|说明|绩效目标|单位名称)$")


@dataclass
class Piece:
    """The part of a table printed on one page."""

    page: int
    top: float
    bottom: float
    columns: list[Column]
    col_x: list[tuple[float, float]]          # x-range of each leaf column
    rows: list[RawRow]
    header_labels: tuple[str, ...]             # header text, for spotting a repeated header
    has_header: bool
    caption_chars: list[Char] = field(default_factory=list)   # trimmed caption/note text
    empty_note: str | None = None              # 本表为空 printed inside the body
    warnings: list[str] = field(default_factory=list)


def is_amount_text(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(t) and bool(AMOUNT_RE.match(t))


def _is_code(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(CODE_RE.match(t) or CODE_PART.match(t))


def header_label(text: str) -> str:
    """A header cell's label: no whitespace, no leading 其中：."""
    return OF_WHICH.sub("", compact(text))


class GridTable:
    def __init__(self, grid: Grid, page: int, is_caption) -> None:
        self.g = grid
        self.page = page
        self.is_caption = is_caption     # callable(text) -> bool: title / label / 单位 line
        self._name_run: dict[int, list[int]] = {}   # first label column -> the run it names

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

    # ------------------------------------------------------------------ step 2-5
    def piece(self) -> Piece | None:
        g = self.g
        first, last, caption = self.trim()
        if last - first < 1:
            return None
        anchored = [[None] * g.n_cols for _ in range(g.n_rows)]   # text of cells starting here
        for cell in g.cells:
            if first <= cell.r0 < last and cell.text:
                anchored[cell.r0][cell.c0] = cell
        amount_rows = [r for r in range(first, last)
                       if any(c is not None and is_amount_text(c.text) for c in anchored[r])]
        serial = {r for r in range(first, last) if self._is_serial_row(r)}
        body_start = amount_rows[0] if amount_rows else None
        amount_cols = self._amount_columns(anchored, amount_rows, first)
        if body_start is None:
            body_start = self._empty_body_start(first, last, serial)
        # header rows are those before body_start with text over an amount column
        r = first
        header_rows = []
        while r < body_start:
            if r in serial or self._text_over(r, amount_cols) or not amount_cols:
                header_rows.append(r)
                r += 1
            else:
                break
        body_rows = [r for r in range(r, last) if r not in serial]
        header_rows = [r for r in header_rows if r not in serial]
        roles = self._roles(anchored, body_rows, amount_cols, header_rows)
        keep = [c for c in range(g.n_cols) if self._used(c, header_rows, body_rows, anchored)]
        columns, col_x, src = self._columns(keep, roles, header_rows)
        if not any(col.role == AMOUNT for col in columns):
            return None                      # a list (序号 | 单位名称 | 备注), not a budget table
        columns, realigned = align_sides(columns)
        rows, empty_note = self._body(body_rows, src, columns, anchored)
        labels = tuple(header_label(c.text) for r in header_rows for c in g.row_cells(r) if c.r0 == r)
        return Piece(self.page, g.ys[first], g.ys[last], columns, col_x, rows, labels,
                     bool(header_rows), caption, empty_note, realigned)

    def _is_serial_row(self, r: int) -> bool:
        texts = [t for _, t in self._row_texts(r)]
        if not texts:
            return False
        if compact(texts[0]) in ("栏次", "行次"):
            return True
        return len(texts) >= 3 and all(_SERIAL.match(compact(t)) for t in texts)

    def _amount_columns(self, anchored, amount_rows, first: int) -> set[int]:
        """Columns whose body cells are mostly amounts — but not a column headed …编码 or
        whose numbers are all code-shaped (201, 20101, 2010101)."""
        cols = set()
        rows = range(amount_rows[0], self.g.n_rows) if amount_rows else []
        for c in range(self.g.n_cols):
            texts = [anchored[r][c].text for r in rows if anchored[r][c] is not None]
            numbers = [t for t in texts if is_amount_text(t)]
            if not numbers or len(numbers) < 0.5 * len(texts):
                continue
            if all(_is_code(t) for t in numbers) and (
                    self._header_says(c, first, amount_rows[0], _CODE_HEADER) or
                    all(CODE_RE.match(t.strip()) for t in numbers)):
                continue
            cols.add(c)
        return cols

    def _header_says(self, c: int, first: int, stop: int, pattern) -> bool:
        label = "".join(header_label(self.g.cell(r, c).text) for r in range(first, stop))
        return bool(pattern.search(label))

    def _empty_body_start(self, first: int, last: int, serial: set[int]) -> int:
        """No amounts at all (an empty table): header rows label every column (directly or
        through a merged cell); the body starts at the first row leaving a column blank."""
        for r in range(first, last):
            if r in serial:
                continue
            if any(not self.g.cell(r, c).text for c in range(self.g.n_cols)):
                return r
        return last

    def _text_over(self, r: int, amount_cols: set[int]) -> bool:
        return any(self.g.cell(r, c).text for c in amount_cols)

    def _used(self, c: int, header_rows, body_rows, anchored) -> bool:
        """A column split off only in the header (no body cell starts in it, no header label
        of its own) is not a column of the table."""
        if any(anchored[r][c] is not None for r in body_rows):
            return True
        if not body_rows:
            return True
        own = [self.g.cell(r, c) for r in header_rows]
        return any(cell.c0 == c and cell.c1 == c + 1 and cell.text for cell in own)

    def _roles(self, anchored, body_rows, amount_cols, header_rows) -> list[str]:
        """Roles per elementary column (see step 3). A column printed blank in every body row
        is read by its header label (…编码 a code, 项目/名称 a label, else an amount)."""
        g = self.g
        roles = []
        last_amount = max(amount_cols) if amount_cols else -1
        for c in range(g.n_cols):
            texts = [anchored[r][c].text for r in body_rows if anchored[r][c] is not None]
            label = "".join(header_label(g.cell(r, c).text) for r in header_rows)
            if _TEXT_HEADER.match(label) and (c not in amount_cols or label in ("序号", "行次")):
                roles.append(TEXT)
            elif c in amount_cols:
                roles.append(AMOUNT)
            elif not texts:
                roles.append(CODE if _CODE_HEADER.search(label) else
                             NAME if _NAME_HEADER.search(label) else AMOUNT)
            elif self._code_column(c, texts, header_rows):
                roles.append(CODE)
            elif c > last_amount >= 0 and sum(len(t) for t in texts) / len(texts) > 12:
                roles.append(TEXT)
            else:
                roles.append(NAME)
        # label columns side by side: a group label spanning rows (一般公共预算资金 over 小计 /
        # 专项收入) and its items are one label; otherwise the later ones are attributes
        c = 0
        while c < g.n_cols:
            if roles[c] != NAME:
                c += 1
                continue
            run = c
            while run + 1 < g.n_cols and roles[run + 1] == NAME:
                run += 1
            if run > c and self._groups_rows(c, body_rows):
                roles[c] = "group"
                c += 1
            if run > c:
                # several label columns (采购品目大类 | 专项名称 | 采购物品名称 …): each is kept
                # as a text column, and the row's name is the first one printed
                self._name_run[c] = list(range(c, run + 1))
                for k in range(c + 1, run + 1):
                    roles[k] = TEXT
            c = run + 1
        return roles

    def _code_column(self, c: int, texts: list[str], header_rows) -> bool:
        """Codes, with room for a total label (合计) that starts in the code column and spans
        into the label column."""
        codes = [t for t in texts if _is_code(t)]
        if not codes:
            return False
        others = [t for t in texts if not _is_code(t)]
        label = "".join(header_label(self.g.cell(r, c).text) for r in header_rows)
        return not others or (len(others) <= 2 and len(codes) >= 2 * len(others)) or (
            bool(_CODE_HEADER.search(label)) and len(codes) >= len(others))

    def _groups_rows(self, c: int, body_rows) -> bool:
        rows = set(body_rows)
        return any(cell.c0 == c and cell.c1 == c + 1 and cell.r1 - cell.r0 > 1 and cell.text
                   and cell.r0 in rows for cell in self.g.cells)

    def _columns(self, keep, roles, header_rows):
        """Leaf columns with header paths. A group label column and the item column right of
        it become one label column; each leaf keeps the elementary columns it reads from."""
        g = self.g
        over = self._header_matrix(header_rows)
        columns, col_x, src = [], [], []
        for c in keep:
            role = roles[c]
            if role == NAME and src and src[-1][-1] == c - 1 and roles[c - 1] == "group":
                src[-1].append(c)
                col_x[-1] = (col_x[-1][0], g.xs[c + 1])
                continue
            if role == "group":
                role = NAME
            path, seen = [], set()
            for r in header_rows:
                cell = over.get((r, c))
                if cell is None or id(cell) in seen or not cell.text:
                    continue
                seen.add(id(cell))
                label = header_label(cell.text)
                if label and (not path or path[-1] != label):
                    path.append(label)
            if not path:
                path = [f"列{len(columns) + 1}"]
            if c in self._name_run:
                columns.append(Column(tuple(path), NAME))
                col_x.append((g.xs[c], g.xs[c + 1]))
                src.append(list(self._name_run[c]))
                role = TEXT
            columns.append(Column(tuple(path), role))
            col_x.append((g.xs[c], g.xs[c + 1]))
            src.append([c])
        return columns, col_x, src

    def _header_matrix(self, header_rows) -> dict:
        """Which header cell labels each (row, column). Usually the cell drawn over it; but a
        label printed centred over other columns than its borders enclose (Word tables whose
        merged header borders slipped) labels the columns it is centred over."""
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
        if abs(mid - own) <= max(3.0, 0.1 * width):
            return cell.c0, cell.c1
        best, best_d = (cell.c0, cell.c1), abs(mid - own)
        lo = min(lo, cell.c0)
        hi = max(hi, cell.c1)
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

    def _body(self, body_rows, src, columns, anchored):
        g = self.g
        leaf_of: dict[int, list[int]] = {}
        for j, cols in enumerate(src):
            for c in cols:
                leaf_of.setdefault(c, []).append(j)
        name_leaf = [j for j, col in enumerate(columns) if col.role == NAME]
        rows, empty_note = [], None
        # leftmost label start per label column, to turn offsets back into indentation
        left: dict[int, float] = {}
        for r in body_rows:
            for cell in self._label_cells(r, src, leaf_of, name_leaf, columns):
                j = cell[0]
                x = cell[1].text_x0
                if x is not None:
                    left[j] = min(left.get(j, x), x)
        for r in body_rows:
            texts: list[list] = [[] for _ in columns]
            for j, cell in self._cells_of_row(r, src, leaf_of, name_leaf, columns):
                texts[j].append(cell)
            cells: list[str | None] = []
            for j, found in enumerate(texts):
                if columns[j].role == NAME and src[j][0] in self._name_run:
                    found = found[:1]        # the first label printed names the row
                cells.append(self._join(found, columns[j].role, left.get(j)))
            if not any(cells):
                continue
            filled = [t for t in cells if t]
            if len(filled) == 1 and not any(columns[j].role == AMOUNT and cells[j] for j in range(len(cells))) \
                    and _looks_like_empty_note(filled[0]):
                empty_note = filled[0].strip()
                continue
            rows.append(RawRow(self.page, tuple(cells), None))
        return rows, empty_note

    def _cells_of_row(self, r, src, leaf_of, name_leaf, columns):
        """(leaf column, cell) for every cell with text in row r: a cell goes to the column it
        starts in; a label starting in a code column (合计 over code and name) goes to the label
        column it reaches; a group label spanning rows from above joins its rows' labels."""
        g = self.g
        seen = set()
        for c in range(g.n_cols):
            cell = g.cell(r, c)
            if id(cell) in seen or not cell.text or c != cell.c0:
                continue
            seen.add(id(cell))
            for j in leaf_of.get(c, []):
                role = columns[j].role
                grouped = role == NAME and len(src[j]) > 1 and c == src[j][0] and c not in self._name_run
                if cell.r0 != r and not grouped:
                    continue          # a cell spanning rows counts once, in its first row
                if role == CODE and not _is_code(cell.text):
                    reach = [k for k in name_leaf if any(cell.c0 <= x < cell.c1 for x in src[k])]
                    if reach:
                        j = reach[0]
                yield j, cell

    def _label_cells(self, r, src, leaf_of, name_leaf, columns):
        for j, cell in self._cells_of_row(r, src, leaf_of, name_leaf, columns):
            if columns[j].role == NAME:
                yield j, cell

    @staticmethod
    def _join(found, role, left) -> str | None:
        if not found:
            return None
        if role != NAME:
            return "".join(c.text for c in found)
        if len(found) > 1:
            return "/".join(c.text for c in found)
        cell = found[0]
        indent = ""
        if left is not None and cell.text_x0 is not None and cell.size:
            indent = " " * max(0, round((cell.text_x0 - left) / cell.size))
        return indent + cell.text


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
            fixed = Column(prefix + col.path[-1:], col.role)
            notes.append(f"column {col.key} read as {fixed.key}: it follows the {'/'.join(prefix)} "
                         "label column")
            col = fixed
        out.append(col)
    return out, notes


def _looks_like_empty_note(text: str) -> bool:
    from ..patterns import EMPTY_TABLE_NOTE
    return bool(EMPTY_TABLE_NOTE.match(compact(text))) or bool(NOTE.match(text))


__all__ = ["GridTable", "Piece", "header_label", "is_amount_text", "LABEL"]
