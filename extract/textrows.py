"""The body lines of one table → printed rows with cells aligned to the header's columns.

A printed row can take several lines of a dump, and several printed rows can share a line
(two-sided tables). The steps:

1. Each line is cut into cells and the cells into groups: [code cells] [label cells]
   [amount cells]; a two-sided line (收入 … 支出 …) has one group per side.
2. A group with amounts completes a row. Label lines without amounts before it are the
   wrapped start of that row (the reference dump prints 2080505 / 机关事业单位基本养老 /
   保险缴费支出 / 30.64 … on four lines), unless a line clearly starts a row of its own
   (a code, an ordinal, or an indent) after a label is already pending: then the pending label
   was a row printed with blank amounts (Jiangsu prints nothing for zero).
3. In a table with a text column (绩效目标), text lines after a completed row belong to that
   row, until a line starts a new row.
   A line of amounts only right under a row that has room for them is that row's tail (a
   dump re-wrapped at 60 or 40 characters).
4. In layout dumps a label line right under a row (no blank line between) that does not start
   a row continues the row above (pdftotext puts the amounts on a wrapped cell's first line);
   in plain dumps too when the line after it opens a row (pdfplumber's extract_text).
5. Amounts go to amount columns in order when a group prints all of them; otherwise, in layout
   dumps, to the column whose right edge (learned from complete rows of the same page) is
   nearest; in plain dumps they are placed from the left and the table gets a warning.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from ..chars import IDEOGRAPHIC_SPACE, join_wrapped
from ..model import AMOUNT, CODE, NAME, TEXT, Column, RawRow, split_sides
from ..patterns import BRACKET_CODE, ORDINAL, TOTAL
from ..settings import Settings
from .textcells import Cell, leading_codes, split_cells
from .textpages import LAYOUT, Line


@dataclass
class _SideCols:
    label: str
    code: list[int]
    name: int | None
    amount: list[int]
    text: list[int]


@dataclass
class _Group:
    codes: list[Cell] = field(default_factory=list)
    names: list[Cell] = field(default_factory=list)
    amounts: list[Cell] = field(default_factory=list)
    texts: list[Cell] = field(default_factory=list)

    @property
    def start(self) -> int:
        cells = self.codes + self.names + self.amounts
        return cells[0].start if cells else 0

    @property
    def label(self) -> str:
        return " ".join(c.text for c in self.names)


@dataclass
class _Pending:
    """A row being assembled from several lines."""

    side: int
    page: int
    line: int
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    amounts: list[str | None] | None = None
    texts: list[str] = field(default_factory=list)


class RowAssembler:
    def __init__(self, columns: tuple[Column, ...], style: str, settings: Settings,
                 code_system: str | None) -> None:
        self.columns = columns
        self.style = style
        self.settings = settings
        self.sides = [self._fill(s) for s in split_sides(columns)]
        self.has_codes = any(c.role == CODE for c in columns) or code_system is not None
        self.has_text = any(c.role == TEXT for c in columns)
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ entry point
    def assemble(self, body: list[Line]) -> list[RawRow]:
        parsed = self._rejoin_wrapped([(ln, self._groups(ln)) for ln in body if not ln.blank])
        anchors = self._anchors(parsed) if self.style == LAYOUT else {}
        self._learn_side_starts(parsed)
        self._learn_text_column(parsed)
        self._learn_name_base(parsed)
        rows: list[_Pending] = []
        pending: list[_Pending | None] = [None] * len(self.sides)
        last: list[_Pending | None] = [None] * len(self.sides)
        after_row = [False] * len(self.sides)
        prev_line_no = None
        last_single_side = len(self.sides) - 1
        for k, (ln, groups) in enumerate(parsed):
            adjacent = prev_line_no is not None and ln.no == prev_line_no + 1
            prev_line_no = ln.no
            placed = self._place(groups, ln, last, last_single_side)
            if sum(1 for g in placed if g is not None) == 1 and len(self.sides) > 1:
                last_single_side = next(i for i, g in enumerate(placed) if g is not None)
            for s, g in enumerate(placed):
                if g is None:
                    continue
                side = self.sides[s]
                starts = self._starts_row(g)
                if g.amounts:
                    if pending[s] and pending[s].names and (g.codes or (g.names and starts)):
                        rows.append(pending[s])
                        pending[s] = None
                    row = pending[s] or _Pending(s, ln.page, ln.no)
                    pending[s] = None
                    self._add_label(row, g, self._indent(ln, s, g))
                    row.amounts = self._amounts(g, side, ln, anchors)
                    row.texts += [c.text for c in g.texts]
                    rows.append(row)
                    last[s], after_row[s] = row, True
                    continue
                # a line without amounts
                texts = [c.text for c in g.texts]
                if texts and not g.names and not g.codes and last[s] is not None:
                    last[s].texts += texts
                    continue
                if (self.has_text and self._text_start is None and after_row[s] and not starts
                        and not pending[s]):
                    last[s].texts += [g.label] + texts     # plain dumps print text under the row
                    continue
                if (adjacent and after_row[s] and not starts and not pending[s] and not g.codes
                        and last[s] is not None
                        and (self.style == LAYOUT or (len(self.sides) == 1
                                                      and self._row_follows(parsed, k)))):
                    last[s].names.append(g.label)
                    last[s].texts += texts
                    continue
                if pending[s] and pending[s].names and (g.codes or starts):
                    rows.append(pending[s])
                    pending[s] = None
                if pending[s] is None:
                    pending[s] = _Pending(s, ln.page, ln.no)
                self._add_label(pending[s], g, self._indent(ln, s, g))
                pending[s].texts += [c.text for c in g.texts]
                after_row[s] = False
        rows += [p for p in pending if p is not None and (p.names or p.codes)]
        rows.sort(key=lambda p: (p.line, p.side))
        return [self._emit(p) for p in rows]

    def _row_follows(self, parsed, k: int) -> bool:
        """Plain dumps without blank lines (pdfplumber's extract_text) wrap a label after its
        amounts: a label line right under a complete row is its tail when the line after it
        opens a row of its own (else it is the wrapped start of the next row's label)."""
        if k + 1 >= len(parsed):
            return True
        nxt = parsed[k + 1][1]
        return bool(nxt) and (self._starts_row(nxt[0]) or (bool(nxt[0].amounts) and bool(nxt[0].names)))

    def _rejoin_wrapped(self, parsed):
        """A dump re-wrapped at a fixed width (60, 40 characters) moves a row's last amounts
        onto a line of their own: a line of amounts only, right under a line that ends in
        amounts (no blank line between) and still has room for them (its side's amount
        count), belongs to it."""
        out: list = []
        last_no = None                      # the last line read into out[-1]
        for ln, groups in parsed:
            adjacent, last_no = ln.no == (last_no or 0) + 1, ln.no
            if out and adjacent and len(groups) == 1 and groups[0].amounts and not groups[0].names \
                    and not groups[0].codes and not groups[0].texts:
                prev_groups = out[-1][1]
                last = prev_groups[-1] if prev_groups else None
                side = len(prev_groups) - 1 if len(prev_groups) <= len(self.sides) else -1
                want = len(self.sides[side].amount) if side >= 0 else 0
                if last is not None and last.amounts and not last.texts \
                        and len(last.amounts) + len(groups[0].amounts) <= want:
                    last.amounts += groups[0].amounts
                    continue
            out.append((ln, groups))
        return out

    # ------------------------------------------------------------------ columns
    def _fill(self, side) -> _SideCols:
        sc = _SideCols(side.label, [], None, [], [])
        for i in side.columns:
            role = self.columns[i].role
            if role == CODE:
                sc.code.append(i)
            elif role == NAME and sc.name is None:
                sc.name = i
            elif role == AMOUNT:
                sc.amount.append(i)
            elif role == TEXT:
                sc.text.append(i)
        return sc

    # ------------------------------------------------------------------ step 1: groups
    def _groups(self, ln: Line) -> list[_Group]:
        cells = split_cells(ln.text, self.style, self.settings.layout_cell_gap)
        groups: list[_Group] = []
        i = 0
        while i < len(cells):
            g = _Group()
            n_codes = leading_codes(cells[i:]) if self.has_codes else 0
            if n_codes:
                rest = cells[i + n_codes:]
                # 2080505 alone or before a label is a code; code-shaped integers followed only
                # by amounts are amounts unless the count says otherwise
                if rest and not rest[0].is_amount:
                    g.codes, i = cells[i:i + n_codes], i + n_codes
                elif not rest and n_codes <= 3 and not self._all_amounts_fit(cells[i:]):
                    g.codes, i = cells[i:i + n_codes], i + n_codes
                elif rest and self._all_amounts_fit(rest) and not self._all_amounts_fit(cells[i:]):
                    g.codes, i = cells[i:i + n_codes], i + n_codes
            while i < len(cells) and not cells[i].is_amount:
                g.names.append(cells[i])
                i += 1
            while i < len(cells) and cells[i].is_amount:
                g.amounts.append(cells[i])
                i += 1
            groups.append(g)
        if not groups:
            return groups
        if len(self.sides) == 1:
            return [self._merge_one_sided(groups)]
        return groups

    def _all_amounts_fit(self, cells: list[Cell]) -> bool:
        return all(c.is_amount for c in cells) and len(cells) in {len(s.amount) for s in self.sides}

    def _merge_one_sided(self, groups: list[_Group]) -> _Group:
        """A one-sided table has one group per line: later label cells are text (layout
        dumps print 绩效目标 to the right of the amounts) or part of the label."""
        first = groups[0]
        for g in groups[1:]:
            if self.has_text and first.amounts:
                first.texts += g.codes + g.names
                first.amounts += g.amounts
            elif not first.amounts:
                first.names += g.codes + g.names
                first.amounts = g.amounts
            else:
                # label, amounts, label, amounts: the first amounts were digits in the label
                first.names += first.amounts + g.codes + g.names
                first.amounts = g.amounts
        return first

    _side_starts: list[int] | None = None
    _name_base: dict | None = None
    _text_start: int | None = None

    def _learn_name_base(self, parsed) -> None:
        """Layout dumps show a label's indent as its offset from the leftmost label of its side
        on the page; remember those left edges to turn offsets back into indentation."""
        if self.style != LAYOUT:
            return
        base: dict[tuple[int, int], int] = {}
        for ln, groups in parsed:
            for s, g in enumerate(self._place(groups, ln, [None] * len(self.sides), 0, warn=False)):
                if g is not None and g.names:
                    k = (ln.page, s)
                    base[k] = min(base.get(k, g.names[0].start), g.names[0].start)
        self._name_base = base

    def _learn_text_column(self, parsed) -> None:
        """Layout dumps: a line holding only cells at or right of where text cells start on
        complete rows is the wrapped rest of a text cell (绩效目标), not a label."""
        if not self.has_text or self.style != LAYOUT or len(self.sides) != 1:
            return
        starts = [g.texts[0].start for _, groups in parsed for g in groups if g.amounts and g.texts]
        if not starts:
            return
        self._text_start = text_start = min(starts) - 1
        for _, groups in parsed:
            g = groups[0] if groups else None
            if g and not g.amounts:
                g.texts = [c for c in g.names if c.start >= text_start] + g.texts
                g.names = [c for c in g.names if c.start < text_start]

    def _learn_side_starts(self, parsed) -> None:
        """Layout dumps: where each side begins (from lines printing every side), so that a
        line printing only one side can be placed by position."""
        if len(self.sides) == 1 or self.style != LAYOUT:
            return
        starts: list[list[int]] = [[] for _ in self.sides]
        for _, groups in parsed:
            if len(groups) == len(self.sides):
                for s, g in enumerate(groups):
                    starts[s].append(g.start)
        if all(starts[1:]):
            self._side_starts = [0] + [min(s) for s in starts[1:]]

    # ------------------------------------------------------------------ sides
    def _place(self, groups: list[_Group], ln: Line, last, last_single: int,
               warn: bool = True) -> list[_Group | None]:
        placed: list[_Group | None] = [None] * len(self.sides)
        if len(self.sides) == 1 or len(groups) == len(self.sides):
            for s, g in enumerate(groups[:len(self.sides)]):
                placed[s] = g
            return placed
        if len(groups) > len(self.sides):
            if warn:
                    self.warnings.append(f"page {ln.page}, line {ln.no}: {len(groups)} label/amount "
                                     f"groups for {len(self.sides)} sides; extra groups dropped")
            for s in range(len(self.sides)):
                placed[s] = groups[s]
            return placed
        if self._side_starts:
            for g in groups:
                s = max(i for i, x in enumerate(self._side_starts) if g.start >= x - 1)
                placed[s] = g
            return placed
        used = set()
        for g in groups:
            s = self._guess_side(g, last, last_single, used)
            used.add(s)
            placed[s] = g
        return placed

    def _guess_side(self, g: _Group, last, last_single: int, used: set) -> int:
        """A plain dump printing one side of a two-sided row: which side is it?
        1. the label names a side (…收入 on the 收入 side, …支出 on the 支出 side);
        2. its ordinal follows the last ordinal of exactly one side (二十四、 after 二十三、);
        3. the side of the previous one-sided line, else the last side (expenditure lists
           run longer than income lists)."""
        free = [s for s in range(len(self.sides)) if s not in used]
        label = g.label
        named = [s for s in free if self.sides[s].label.split("/")[0] and
                 self.sides[s].label.split("/")[0] in label]
        if len(named) == 1:
            return named[0]
        number = ordinal_number(label)
        if number is not None:
            follows = [s for s in free if last[s] is not None
                       and ordinal_number(join_wrapped(last[s].names)) == number - 1]
            if len(follows) == 1:
                return follows[0]
        return last_single if last_single in free else free[-1]

    # ------------------------------------------------------------------ rows
    def _starts_row(self, g: _Group) -> bool:
        """Does this group open a row of its own (rather than continue a wrapped label)?"""
        if g.codes:
            return True
        if not g.names:
            return False
        first = g.names[0].text
        if first.startswith(IDEOGRAPHIC_SPACE) or BRACKET_CODE.match(first):
            return True
        stripped = first.strip(" \u3000")
        if ORDINAL.match(stripped).group("ordinal"):
            return True
        return bool(TOTAL.search(g.label.replace(" ", "")) and len(g.label) <= 12)

    def _indent(self, ln: Line, s: int, g: _Group) -> str:
        if not self._name_base or not g.names:
            return ""
        base = self._name_base.get((ln.page, s), g.names[0].start)
        return " " * max(0, g.names[0].start - base)

    @staticmethod
    def _add_label(row: _Pending, g: _Group, indent: str = "") -> None:
        if g.codes and not row.codes:
            row.codes = [c.text for c in g.codes]
        elif g.codes:
            row.names += [c.text for c in g.codes]
        if g.names:
            row.names.append((indent if not row.names else "") + g.label)

    def _emit(self, p: _Pending) -> RawRow:
        """The finished row as cells aligned to the table's columns."""
        side = self.sides[p.side]
        cells: list[str | None] = [None] * len(self.columns)
        codes = list(p.codes)
        if side.code:
            if len(codes) > len(side.code):   # 208 05 05 in a one-code-column table
                codes = ["".join(codes)]
            for i, code in zip(side.code, codes):
                cells[i] = code
        elif codes:
            p = _Pending(p.side, p.page, p.line, [], [" ".join(codes) + " "] + p.names, p.amounts, p.texts)
        if side.name is not None:
            cells[side.name] = join_wrapped(p.names) if p.names else None
        for i, value in zip(side.amount, p.amounts or []):
            cells[i] = value
        if side.text and p.texts:
            cells[side.text[0]] = join_wrapped(p.texts)
        return RawRow(p.page, tuple(cells), p.line)

    # ------------------------------------------------------------------ step 5: amounts
    def _amounts(self, g: _Group, side: _SideCols, ln: Line, anchors) -> list[str | None]:
        want = len(side.amount)
        got = g.amounts
        if len(got) > want:
            # leading extra numbers belong to the label (a name ending in a number)
            extra, got = got[:len(got) - want], got[len(got) - want:]
            g.names += extra
            self.warnings.append(f"page {ln.page}, line {ln.no}: {len(extra) + want} numbers for "
                                 f"{want} amount columns; the first {len(extra)} kept in the label")
        if len(got) == want:
            return [c.text for c in got]
        out: list[str | None] = [None] * want
        edges = anchors.get((ln.page, self.sides.index(side))) or anchors.get((None, self.sides.index(side)))
        if edges:
            free = list(range(want))
            for c in got:
                best = min(free, key=lambda j: abs(edges[j] - c.end))
                out[best] = c.text
                free.remove(best)
            return out
        self.warnings.append(f"page {ln.page}, line {ln.no}: {len(got)} of {want} amounts printed "
                             "and no positions to place them; placed from the left")
        for j, c in enumerate(got):
            out[j] = c.text
        return out

    def _anchors(self, parsed) -> dict:
        """Right edges of each amount column, per page and side, from groups that print all of
        a side's amounts (key (None, side) pools every page)."""
        edges: dict[tuple, list[list[int]]] = {}
        for ln, groups in parsed:
            placed = groups if len(self.sides) == 1 or len(groups) == len(self.sides) else []
            for s, g in enumerate(placed):
                want = len(self.sides[s].amount)
                if want and len(g.amounts) == want:
                    for key in ((ln.page, s), (None, s)):
                        cols = edges.setdefault(key, [[] for _ in range(want)])
                        for j, c in enumerate(g.amounts):
                            cols[j].append(c.end)
        return {k: [statistics.median(col) for col in cols] for k, cols in edges.items()}


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}


def zh_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 二十三 → 23, 一百零五 → 105."""
    if not text or any(ch not in _ZH_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _ZH_DIGITS[ch]
    return total + current


def ordinal_number(label: str) -> int | None:
    """The number of a label's ordinal prefix (二十四、结转下年 → 24), or None."""
    m = ORDINAL.match(label.strip(" \u3000"))
    ordinal = m.group("ordinal") if m else ""
    digits = "".join(ch for ch in ordinal if ch.isdigit())
    if digits:
        return int(digits)
    zh = "".join(ch for ch in ordinal if ch in _ZH_DIGITS or ch in "十百")
    return zh_number(zh) if zh else None
