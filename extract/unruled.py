"""Tables printed without rulings: a grid rebuilt from how the text lines up, then read like a
ruled one (`GridTable`).

1. Body lines: text lines printing amounts (after any leading code); a block is a run of them
   with the label or text lines between them, and at least one amount shaped like money (a
   decimal point or thousands separator: a table of contents' page numbers are not a table).
2. Columns: amounts are right-aligned, so each amount column is a cluster of right edges;
   labels are left-aligned, so label columns are clusters of left edges; words right of every
   amount are text (绩效目标). A label column between two amount columns starts another side.
3. Header: the lines just above the block that are not captions; a header word spanning
   several columns is a merged cell over them, and a label with nothing under it reaches
   down to the last header line (as a ruled header's tall cell would).
4. Rows: each amount line opens a row; lines without amounts belong to the row above (a label
   or text wrapped onto the next line) unless they start a row themselves (a code, an
   ordinal) — then they begin the row below. Boundaries lie half way between rows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from ..chars import compact
from ..model import RawRow  # noqa: F401  (re-exported for type readers)
from ..patterns import (BRACKET_CODE, CODE, CODE_PART, LEADING_CODE, NOTE, ORDINAL, TITLE_QUALIFIER, TOTAL,
                        is_page_number)
from ..settings import Settings
from .blankcolumns import split_blank_columns
from .geometry import Box, Char, cluster
from .gridtable import CODE_HEADER, NAME_HEADER, GridTable, Piece, is_amount_text
from .pdftext import TextLine, Word
from .printwidth import printed_x1
from .texttables import read_meta
from .ruled import Grid, GridCell


def _code(w: Word) -> bool:
    return bool(CODE.match(w.text) or CODE_PART.match(w.text))


def _leading_codes(words) -> list[Word]:
    out = []
    for w in words[:3]:
        if not _code(w):
            break
        out.append(w)
    return out


# A serial number leading a row (序号: 一 | (一) | 1), printed at an indent of its own by level
_SERIAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}|[（(]\d{1,2}[)）])$")


def leading_serial(line: TextLine) -> Word | None:
    """The serial number a row's line begins with, when a label follows it."""
    words = line.words
    if len(words) >= 2 and _SERIAL.match(words[0].text) and not is_amount_text(words[1].text) \
            and not _code(words[1]):
        return words[0]
    return None


def _amount_words(line: TextLine) -> list[Word]:
    words = list(line.words)
    k = 1 if leading_serial(line) else 0
    while k < len(words) and _code(words[k]):
        k += 1
    return [w for w in words[k:] if is_amount_text(w.text)]


def _money(w: Word) -> bool:
    return "." in w.text or "," in w.text


def _starts_row(line: TextLine) -> bool:
    first = line.words[0].text
    return bool(_code(line.words[0]) or ORDINAL.match(first).group("ordinal"))


_UNITS = "万元%亿千"
# Punctuation that ends a clause. A table's label never holds one before its amounts, a
# sentence does: "1.小学教育（2050202），2024年度决算数为 8,627.17" is a justified line of prose
# whose figure happens to reach the right margin (Word, WPS), not a row.
_CLAUSE = re.compile(r"[，。；！？]")


def _is_body(line: TextLine) -> bool:
    """A line printing amounts as a table row does: after its first amount come only amounts,
    or text set well apart from them (a 绩效目标 cell) — not prose with a figure inside."""
    amounts = _amount_words(line)
    if not amounts:
        return False
    if any(_CLAUSE.search(w.text) for w in line.words if w.x1 <= amounts[0].x0):
        return False              # a sentence with a figure in it
    if any(len(w.text) >= 16 and "、" in w.text[3:] for w in line.words if w.x1 <= amounts[0].x0):
        return False              # 原因是…人员工资、住房公积金、提租补贴等 3397.18: a list in a sentence
    last = amounts[-1]
    trailing = [w for w in line.words if w.x0 > last.x0]
    if trailing and (trailing[0].x0 - last.x1 < 0.5 * trailing[0].size
                     or trailing[0].text[:1] in _UNITS):
        return False              # 534.77万元… : a figure inside a sentence
    if len(amounts) <= 2 and trailing and trailing[0].x0 - last.x1 <= 0.55 * trailing[0].size \
            and not ORDINAL.match(trailing[0].text).group("ordinal") and _CLAUSE.search(line.text):
        # 200 余所高校、…: one space on (a layout dump's word gap) into a sentence, not the
        # next side's label (10,605 一、国有资本经营预算支出)
        return False
    # between amounts only labels of the next side (一、一般公共服务支出), never units
    return not any(w.text[:1] in _UNITS for w in line.words
                   if amounts[0].x0 < w.x0 < last.x0 and not is_amount_text(w.text))


def find_unruled(lines: list[TextLine], page: int, is_caption, settings: Settings
                 ) -> tuple[list[Piece], list[TextLine]]:
    lines = sorted(lines, key=lambda ln: ln.top)
    # the page's printed number on its last line (16) is no row of the table above it
    folio = lines[-1:] if lines and _bare_page_number(lines[-1]) else []
    lines = lines[:len(lines) - len(folio)]
    body = [i for i, ln in enumerate(lines) if _is_body(ln) and not is_caption(ln.text)
            and not NOTE.match(ln.text)]
    if not body:
        return [], lines + folio
    blocks: list[list[int]] = []
    for i in body:
        if blocks and all(not is_caption(lines[k].text) and not NOTE.match(lines[k].text)
                          and lines[k].top - lines[k - 1].bottom < 2.5 * lines[k].size
                          for k in range(blocks[-1][-1] + 1, i + 1)):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    blocks = _totals_joined(blocks, lines, is_caption)
    pieces, used = [], set()
    for block in blocks:
        amounts = [w for i in block for w in _amount_words(lines[i])]
        money = sum(1 for w in amounts if _money(w))
        # several lines whose amounts line up; or one line printing several (合计 0.00 0.00 …,
        # the last row of a table continued from the page before)
        if (len(block) < 2 and money < 2) or (len(block) >= 2 and not _aligned(amounts, block, lines)):
            continue
        start, end = _extent(lines, block, is_caption)
        captioned = len(block) >= 3 and start > 0 and (
            is_caption(lines[start - 1].text) or states_unit(lines[start - 1]))
        if not money and not captioned and start > 0:
            # whole numbers only (752 | 740 | 691): a table when a caption stands right
            # above its header, not figures in a list or a contents page; heading its page,
            # perhaps the continuation of the table before (the Flow decides)
            continue
        piece = _piece(lines, block, start, end, page, is_caption, settings)
        if piece is not None and not money and not captioned:
            piece.continuation, piece.lines = True, lines[start:end + 1]
        if piece is not None:
            pieces.append(piece)
            used.update(range(start, end + 1))
    return pieces, [ln for i, ln in enumerate(lines) if i not in used] + folio


def _bare_page_number(line: TextLine) -> bool:
    """A line printing only a page number: 16, - 16 -, 第16页."""
    return len(line.words) <= 3 and is_page_number(line.text)


def _totals_joined(blocks: list[list[int]], lines: list[TextLine], is_caption) -> list[list[int]]:
    """A short run of amount lines set apart below a table by empty rows (收入总计 … 支出总计
    after the blank rows of a two-sided summary, perhaps after rows printing labels only:
    二、事业收入 / 三、事业单位经营收入) whose every amount stands under one of the
    table's amount columns is the table's last rows: a ruled table's empty rows print as
    blank lines in a layout dump, wider than the gap that parts two tables' lines."""
    out: list[list[int]] = []
    for block in blocks:
        if out and len(block) <= 3:
            prev = out[-1]
            between = range(prev[-1] + 1, block[0])
            size = lines[block[0]].size
            edges = [w.x1 for i in prev for w in _amount_words(lines[i])]
            ours = [w for i in block for w in _amount_words(lines[i])]
            widest = max(lines[k].top - lines[k - 1].bottom for k in range(prev[-1] + 1, block[0] + 1))
            if (len(prev) >= 3 and ours and widest <= 6 * size
                    and not any(is_caption(lines[k].text) or NOTE.match(lines[k].text)
                                or len(compact(lines[k].text)) > 60 for k in between)
                    and all(any(abs(w.x1 - e) <= 0.6 * size for e in edges) for w in ours)):
                prev.extend(block)
                continue
        out.append(block)
    return out


def _aligned(amounts: list[Word], block: list[int], lines: list[TextLine]) -> bool:
    """Amounts of different lines share right edges (a column), as prose figures do not."""
    size = max(w.size for w in amounts)
    edges = cluster([w.x1 for w in amounts], 0.6 * size)
    for x in edges:
        rows = {i for i in block for w in _amount_words(lines[i]) if abs(w.x1 - x) <= 0.6 * size}
        if len(rows) >= 2:
            return True
    return False


def _extent(lines: list[TextLine], block: list[int], is_caption) -> tuple[int, int]:
    """First header line and last line of the table around its amount lines."""
    start = block[0]
    while start > 0:
        prev = lines[start - 1]
        if is_caption(prev.text) or NOTE.match(prev.text) or len(compact(prev.text)) > 60 \
                or lines[start].top - prev.bottom > 2.5 * prev.size or states_unit(prev) \
                or _title_qualifier(lines, start - 1, is_caption):
            break
        start -= 1
    end = block[-1]
    while end + 1 < len(lines):
        nxt = lines[end + 1]
        if is_caption(nxt.text) or NOTE.match(nxt.text) or nxt.top - lines[end].bottom > 1.5 * nxt.size:
            break
        end += 1
    return start, end


def _title_qualifier(lines: list[TextLine], k: int, is_caption) -> bool:
    """Is line k a title's second line, a short bracket alone under the title ((2023 年度),
    （功能分类）)? It is the caption's, not the table's first header line."""
    return k > 0 and bool(TITLE_QUALIFIER.match(compact(lines[k].text))) and is_caption(lines[k - 1].text)


def states_unit(line: TextLine) -> bool:
    """A line printing the unit statement (单位：万元) among its words is a caption line, never
    a header line: the wrapped tail of the issuer's name may stand before it (部门名称：江苏省
    高级人民法 / 院 … 单位：万元), which makes the whole line no caption by itself."""
    return any((m := read_meta(w.text)) is not None and m.unit for w in line.words)


def _piece(lines, block, start, end, page, is_caption, settings) -> Piece | None:
    body_set = set(block)
    size = max(lines[i].size for i in block)
    tol = 0.6 * size
    # ---- columns: amounts by right edge, labels by left edge, text right of everything
    amount_words = [w for i in block for w in _amount_words(lines[i])]
    rights = cluster([w.x1 for w in amount_words], tol)
    line_of = {id(w): i for i in block for w in _amount_words(lines[i])}
    clusters = []
    for x in rights:
        ws = [w for w in amount_words if abs(w.x1 - x) <= tol]
        clusters.append((min(w.x0 for w in ws), max(w.x1 for w in ws), {line_of[id(w)] for w in ws}))
    amount_cols = _one_column_split(clusters)
    # a column of code-shaped numbers, each followed on its line by a label (30201 办公费 |
    # 30202 印刷费: the next side's codes), holds codes, not amounts
    coded = [(a, b) for a, b in amount_cols if _codes_column(
        [w for w in amount_words if a <= w.x0 and w.x1 <= b], line_of, lines)]
    if coded:
        amount_cols = [c for c in amount_cols if c not in coded]
        if not amount_cols:
            return None               # no amount at all: a blank table (blanktables.py)
    last_amount = max(b for _, b in amount_cols)
    # the first row may print its label and text lines above its amounts (a tall cell whose
    # amounts stand level with its last line): those lines are that row's, not the header's
    first = block[0] - _lead(lines, start, block[0], last_amount)
    if first == block[0] and _first_label_above(lines, start, block[0]):
        first -= 1
    # rows printing no amount may come before the first that does (a page continuing a table
    # opens with 十六、金融支出 / 十七、… above 十九、住房保障支出 16,151.67): lines led by an
    # ordinal or a code, printing nothing over an amount column, right above the first row
    # are rows, not header lines
    while first > start and _starts_row(lines[first - 1]) and not _CLAUSE.search(lines[first - 1].text) and not any(
            a < w.x1 and w.x0 < b for w in lines[first - 1].words for a, b in amount_cols):
        first -= 1
    # serial numbers (一 / (一) / 1, indented by level) are one column, whatever their indent
    serials = {id(w): w for i in range(first, end + 1) if (w := leading_serial(lines[i]))}
    label_words = [w for i in range(first, end + 1) for w in _unspaced(lines[i].words)
                   if not is_amount_text(w.text) and w.x0 < last_amount and not _code(w)
                   and id(w) not in serials]
    # codes lead their line (2080505 | 机关事业单位… | amounts; 208 | 05 | 05 | …): a number
    # after the label is an amount, however many digits it prints (增值税 600 700)
    code_words = [w for i in block for w in _leading_codes(lines[i].words) if id(w) not in serials]
    text_words = [w for i in range(first, end + 1) for w in lines[i].words
                  if w.x0 > last_amount and not is_amount_text(w.text)]
    spans: list[tuple[float, float]] = list(amount_cols)
    if serials:
        spans.append((min(w.x0 for w in serials.values()), max(w.x1 for w in serials.values())))
    for x in cluster([w.x0 for w in code_words], tol):
        ws = [w for w in code_words if abs(w.x0 - x) <= tol]
        spans.append((x, max(w.x1 for w in ws)))
    spans += coded
    if not code_words:
        # a table printing no code in its rows (only 合计) still has its 科目编码 column
        first_amount = min(a for a, _ in amount_cols)
        for i in range(start, first):
            for w in lines[i].words:
                if w.x1 < first_amount and CODE_HEADER.search(compact(w.text)) \
                        and not any(v.x0 < w.x1 and v.x1 > w.x0 for v in label_words):
                    spans.append((w.x0, w.x1))
    # (a label starting where an amount column's numbers end is the next column's: pdftotext
    # sets it one space further when the amount is printed, level with the edge when it is
    # blank — 三、卫生健康支出 beside an empty 收入 amount)
    free = [w for w in label_words if not any(a - tol <= w.x0 <= b - (0.5 * size if (a, b) in amount_cols else 0)
                                              for a, b in spans)]
    starts = cluster([w.x0 for w in free], 2 * size)
    tails = _label_tails(free, size)
    # an indented label starts right of its column's edge: a start that some label of the
    # column to its left runs across is indentation, not a column
    merged: list[float] = []
    for x in starts:
        if merged and any(w.x0 < x - 2 * size and w.x1 > x for w in free):
            continue              # (the start's own words, within 2 sizes of it, are no others)
        # a total row's label set off in its column (合计 indented or centred under the
        # names; 支出总计) starts no column of its own
        own = sorted((w for w in free if abs(w.x0 - x) <= 2 * size), key=lambda w: w.top)
        if merged and all(TOTAL.search(compact(w.text)) for w in own):
            continue
        # nor do a table's closing rows, from a total on, set off where the labels of the
        # column left of them no longer print (当年支出小计 / 结转下年资金 / 支出合计 centred
        # across a two-sided table's cells)
        if merged and own and TOTAL.search(compact(own[0].text)) and not any(
                w.top > own[0].top and merged[-1] - 2 * size <= w.x0 < x - 2 * size for w in free):
            continue
        # words that each go on one space after a label of their line (一、货物 A, 二、工程 B:
        # a layout dump sets a space where the font changes) are those labels' tails
        if merged and all(id(w) in tails for w in free if abs(w.x0 - x) <= 2 * size):
            continue
        merged.append(x)
    for x in merged:
        nxt = min((m for m in merged if m > x), default=float("inf"))
        ws = [w for w in free if x - 2 * size <= w.x0 < nxt - tol]
        right = min((a for a, _ in amount_cols if a > x), default=max(w.x1 for w in ws))
        spans.append((x, min(max(w.x1 for w in ws), right - 1)))
    if text_words:
        spans.append((min(w.x0 for w in text_words), max(w.x1 for w in text_words)))
    # blank columns stand among the amount columns right of the labels (a 序号 column of
    # numbers left of them is no amount column to measure from)
    label_x0 = min((w.x0 for w in free), default=0.0)
    blank = _blank_columns(lines, start, block[0], end, spans,
                           min((a for a, _ in amount_cols if a > label_x0),
                               default=min(a for a, _ in amount_cols)))
    spans += blank
    amount_cols += blank
    spans.sort()
    # boundaries between neighbouring columns. Amounts are right-aligned, so between two
    # amount columns the border lies just right of the left one's numbers (the empty part
    # of a cell is on its left); elsewhere half way. Outer borders round every word.
    right_aligned = set(amount_cols)
    all_words = [w for i in range(start, end + 1) for w in lines[i].words]
    xs = [min(w.x0 for w in all_words) - 1]
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        if b0 <= a1:
            # touching: a right-aligned amount ends where the next label begins (a layout
            # dump's columns jitter by a character); labels are left-aligned, so the border
            # is just left of the label column's edge
            # (a label running past the next label column's edge, 其他办公消耗用品及类似物 into
            # 采购组织形式, is cut there too: that column's words start at its edge)
            xs.append(b0 - 0.1 * size if b0 > a0 and ((a0, a1) in right_aligned or (b0, b1) not in right_aligned)
                      else (a0 + b0) / 2)
        elif (a0, a1) in right_aligned and (b0, b1) in right_aligned:
            xs.append(a1 + min(0.15 * (b0 - a1), 0.5 * size))
        elif (a0, a1) in right_aligned:
            # amounts end at their column's right edge; the labels after them start anywhere
            # from one space on (13,297.11 一、一般公共服务支出, and further where the amount is
            # blank): the border is just right of the numbers, of every one starting in the
            # column (a dump's right edges jitter by a character: 702,164)
            edge = max([a1] + [w.x1 for w in amount_words if a0 <= w.x0 < a1 and w.x1 < b0])
            xs.append(edge + min(0.5 * (b0 - edge), 0.25 * size))
        else:
            xs.append((a1 + b0) / 2)
    xs.append(max(w.x1 for w in all_words) + 1)
    xs = sorted(set(xs))
    xs = _uncut_headers(xs, amount_cols, [w for i in range(start, first) for w in lines[i].words],
                        [w for i in range(first, end + 1) for w in lines[i].words])
    xs = _refine_borders(xs, amount_cols, [w for i in range(start, first) for w in lines[i].words],
                         [w for i in range(first, end + 1) for w in lines[i].words])
    xs = split_blank_columns(xs, amount_cols, [w for i in range(start, first) for w in lines[i].words],
                             [w for i in range(first, end + 1) for w in lines[i].words], settings)
    if len(xs) < 3:
        return None
    # ---- rows: header lines one band each; each amount line opens a body row
    bands: list[list[int]] = [[i] for i in range(start, first)]
    n_header = len(bands)
    pending: list[int] = []
    body_after = sorted(body_set)
    # the tightest spacing of the body's lines: a cell's lines wrapped are set at it
    tight = min((lines[k].top - lines[k - 1].bottom for k in range(first + 1, end + 1)), default=0.0)
    # how far right each column's labels reach: a wrapped label's first line fills its cell
    reach: dict[int, float] = {}
    for i in range(first, end + 1):
        for w in lines[i].words:
            if not is_amount_text(w.text) and not _code(w):
                c = max(0, bisect.bisect(xs, w.x0) - 1)
                reach[c] = max(reach.get(c, w.x1), w.x1)
    for i in range(first, end + 1):
        if i in body_set and not pending and len(bands) > n_header and _tail_with_amounts(
                lines, bands[-1], i, xs, tight):
            bands[-1].append(i)
            continue
        if i in body_set:
            if _starts_row(lines[i]) and any(_starts_row(lines[p]) for p in pending):
                bands.append(pending)        # 七、… label only, then 八、… with its amounts
                pending = []
            elif pending and len(bands) > n_header and _starts_row(lines[pending[0]]) and (
                    lines[i].top - lines[pending[-1]].bottom > tight + 0.25 * lines[i].size
                    or _totals_only(lines[i])):
                # a row of labels only set apart from the amount line below, as rows are (二十一、
                # 其他支出 / blank line / 当年收入小计 37,188.34): no wrapped label of that line's
                bands.append(pending)
                pending = []
            bands.append(pending + [i])
            pending = []
        elif _starts_row(lines[i]) and not _text_only(lines[i], last_amount):
            if any(_starts_row(lines[p]) for p in pending):
                # rows of labels only, one after another (二、外交支出 / 三、国防支出 with blank
                # amounts): only the last can open the next amount line's row
                bands.append(pending)
                pending = []
            pending.append(i)
        elif len(bands) > n_header and not (pending or _opens_wrap(lines, i, body_after, last_amount, xs, bands[-1])):
            if not _text_only(lines[i], last_amount) and (
                    lines[i].top - lines[i - 1].bottom > tight + 0.25 * lines[i].size
                    or _after_total(lines, bands[-1], i, xs) or _amounts_under_label(lines, bands[-1], xs, reach)
                    or _labels_left_room(lines, bands[-1], i, xs, reach)):
                # set apart from the row above, as rows are and a wrapped label's lines are
                # not (当年收入小计 37,188.34 / blank line / 上年结转资金 with no amount), or
                # under a total's label, which is whole: a row
                bands.append([i])
            else:
                bands[-1].append(i)
        else:
            pending.append(i)
    if pending:
        if any(_starts_row(lines[p]) for p in pending) and len(bands) > n_header:
            bands.append(pending)     # rows after the last amount line (其中：… printing none)
        else:
            bands[-1] += pending
    tops = [min(lines[i].top for i in b) for b in bands]
    bottoms = [max(lines[i].bottom for i in b) for b in bands]
    ys = [tops[0] - 1]
    for k in range(1, len(bands)):
        ys.append((bottoms[k - 1] + tops[k]) / 2)
    ys.append(bottoms[-1] + 1)
    amount_at = frozenset(max(0, bisect.bisect(xs, (a + b) / 2) - 1) for a, b in amount_cols)
    grid = synthetic_grid(xs, ys, lines, bands, n_header, amount_at)
    gt = GridTable(grid, page, is_caption, settings)
    return gt.piece()


def _codes_column(words: list[Word], line_of: dict[int, int], lines: list[TextLine]) -> bool:
    """Are these numbers of one column codes (3, 5 or 7 digits), each followed on its line by
    a label, never an amount (30201 办公费, the next side's row beside 30101 基本工资)?"""
    if len(words) < 2:
        return False
    for w in words:
        if not CODE.match(w.text):
            return False
        line = lines[line_of[id(w)]].words
        k = next(n for n, v in enumerate(line) if v is w)
        if k + 1 >= len(line) or is_amount_text(line[k + 1].text) or _code(line[k + 1]):
            return False
    return True


def _label_tails(words: list[Word], size: float) -> set[int]:
    """Label words printed at most one space after another label word of their line: a cell's
    text going on, not a column's start (cells stand two spaces or more apart)."""
    tails: set[int] = set()
    prev: Word | None = None
    for w in sorted(words, key=lambda v: (v.top, v.x0)):
        if prev is not None and abs(prev.top - w.top) < 0.5 * size and 0 <= w.x0 - prev.x1 <= 0.6 * size:
            tails.add(id(w))
        prev = w
    return tails


def _one_column_split(clusters) -> list[tuple[float, float]]:
    """Right-edge clusters (x0, x1, lines) → amount columns. Clusters whose numbers overlap
    and that never share a line are one column: a layout dump's right edges drift by several
    characters down a page (pdftotext) and split one column into several; two columns print
    side by side on the same lines."""
    out: list[list] = []
    for a, b, rows in sorted(clusters, key=lambda c: (c[0], c[1])):
        if out and a < out[-1][1] and not (rows & out[-1][2]):
            out[-1] = [out[-1][0], max(out[-1][1], b), out[-1][2] | rows]
        else:
            out.append([a, b, set(rows)])
    return [(a, b) for a, b, _ in out]


def _blank_columns(lines, start: int, body: int, end: int, spans, first_amount: float):
    """Header labels right of the first amount column standing over nothing the body prints
    and over no column found: amount columns printed blank in every row (事业收入 of a unit
    without any), which no right edge announces. A label wrapped over two lines is one; the
    short wrapped tail of a found column's label (上缴上级支 / 出) is not."""
    body_words = [w for i in range(body, end + 1) for w in lines[i].words]
    header = [w for i in range(start, body) for w in lines[i].words]

    def over(w) -> int:
        return sum(1 for a, b in spans if w.x0 < b and a < w.x1)
    leaves = [h for h in header if over(h) == 1]

    def short_of(w) -> bool:
        # it ends short of the next column's numbers, closer than its own width, and that
        # column has no label over it: it is that column's label (a layout dump prints a
        # wide character one column, so a label over narrow numbers, 0, ends left of them)
        nxt = min((sp for sp in spans if sp[0] >= w.x1), default=None)
        # (a group's label on a line above, 本年支出 over all its columns, is no leaf's)
        # (a dump prints a wide label half its width: how far it may end short is measured in
        # characters too)
        return nxt is not None and nxt[0] - w.x1 < max(w.x1 - w.x0, 4 * w.size) and \
            not any(h.x0 < nxt[1] and nxt[0] < h.x1 for h in header if h.top > w.top - 0.3 * w.size)
    lower_lines = _lines_of(header)
    # a label centred over its children (支出用途 over 项目名称 | 金额) is a group's, not a
    # blank column's
    free = [(w.x0, w.x1) for w in header
            if w.x0 > first_amount and not is_amount_text(w.text) and not over(w)
            and not any(w.x0 < v.x1 and v.x0 < w.x1 for v in body_words)
            and not any(h.x0 <= (w.x0 + w.x1) / 2 <= h.x1 for h in leaves)
            and not short_of(w) and not _heads_a_group(w, lower_lines, printed=True)
            # a label column's header (项目 set off the centre of its wide cell) heads no
            # blank amount column
            and not NAME_HEADER.search(compact(w.text)) and not CODE_HEADER.search(compact(w.text))]
    return _overlapping_joined(free)


def _heads_a_group(w: Word, lines: list[list[Word]], printed: bool = False) -> bool:
    """Is header word `w` centred over two or more neighbours of a line below it (支出用途
    over 项目名称 | 金额; 预算数 over 人员经费 | 公用经费), the first ending left of its middle
    and the last starting right of it? Then it is a group's label. (With `printed`, its middle
    as it stands or as wide as it printed: a layout dump sets 支出用途 in half its width, from
    its left edge or centred.)"""
    mids = {(w.x0 + w.x1) / 2, (w.x0 + printed_x1(w)) / 2} if printed else {(w.x0 + w.x1) / 2}
    for mid in mids:
        for line in lines:
            if line[0].top <= w.bottom:
                continue
            for a in range(len(line)):
                if line[a].x1 > mid:
                    break
                for b in range(a + 1, len(line)):
                    if line[b].x0 >= mid and abs((line[a].x0 + line[b].x1) / 2 - mid) <= w.size:
                        return True
    return False


def _overlapping_joined(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Amount columns whose numbers overlap are one column: two columns' numbers never stand
    over one another, while a layout dump's right edges drift by several characters down a
    page (pdftotext), which splits one column's right edges into several clusters."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _uncut_headers(xs: list[float], amount_cols, header: list[Word], body: list[Word]) -> list[float]:
    """A border half way between a label column and the amount column right of it never cuts
    a header leaf standing over that gap, right of every label the body prints there: the
    leaf heads the amount column (金额 set left of its right-aligned numbers, its centre on
    the border)."""
    xs = list(xs)
    for k in range(1, len(xs) - 1):
        right = (xs[k], xs[k + 1])
        if not any(a >= right[0] - 1 and b <= right[1] + 1 for a, b in amount_cols):
            continue
        if any(a >= xs[k - 1] - 1 and b <= xs[k] + 1 for a, b in amount_cols):
            continue                      # (between two amount columns the numbers set it)
        labels = [w.x1 for w in body if xs[k - 1] <= (w.x0 + w.x1) / 2 < xs[k] and not is_amount_text(w.text)]
        for w in header:
            leaf = not any(v.top > w.bottom and v.x0 < printed_x1(w) and w.x0 < v.x1 for v in header)
            # (a header naming the rows' labels or codes, 功能分类科目名称, heads the labels
            # however far right of them a dump centres it)
            names = NAME_HEADER.search(compact(w.text)) or CODE_HEADER.search(compact(w.text))
            if leaf and not names and w.x0 < xs[k] < w.x1 and w.x0 > max(labels, default=xs[k - 1]) \
                    and printed_x1(w) <= xs[k + 1]:
                xs[k] = w.x0 - 0.1 * w.size
    return xs


def _refine_borders(xs: list[float], amount_cols, header: list[Word], body: list[Word]) -> list[float]:
    """A leaf header label is centred in its cell, and an amount column's right border hugs
    its right-aligned numbers: the left border is then as far left of the label's centre as
    the right border is right of it (within what the neighbours print)."""
    xs = list(xs)
    for k in range(1, len(xs) - 1):
        col = (xs[k], xs[k + 1])
        if not any(a >= col[0] - 1 and b <= col[1] + 1 for a, b in amount_cols):
            continue
        inside = [w for w in header if col[0] <= (w.x0 + w.x1) / 2 <= col[1]]
        if not inside:
            continue
        leaf = max(inside, key=lambda w: w.top)
        left = 2 * (leaf.x0 + leaf.x1) / 2 - col[1]
        prev_right = max((w.x1 for w in body + header if (w.x0 + w.x1) / 2 < col[0]), default=xs[k - 1])
        this_left = min((w.x0 for w in body if col[0] <= (w.x0 + w.x1) / 2 <= col[1]), default=col[1])
        this_left = min(this_left, leaf.x0)
        if prev_right < left < this_left:
            xs[k] = left
    return xs


def _single_cjk(w: Word) -> bool:
    return len(w.text) == 1 and ord(w.text) >= 0x2E80


def _unspaced(words: tuple[Word, ...]) -> list[Word]:
    """A label printed letter-spaced (收 入 总 计, 1. 一 般 公 共预算) as one word: a run of
    single characters set at an even pitch, at most four characters apart. Its pieces are
    one label, and only its first starts a column."""
    out: list[Word] = []
    run: list[Word] = []

    def close():
        if sum(1 for w in run if _single_cjk(w)) >= 2:
            out.append(Word("".join(w.text for w in run), run[0].x0, min(w.top for w in run),
                            run[-1].x1, max(w.bottom for w in run), max(w.size for w in run),
                            tuple(c for w in run for c in w.chars)))
        else:
            out.extend(run)
        run.clear()

    words = list(words)
    total_at = _spelled_totals(words)
    for n, w in enumerate(words):
        if run:
            gap = w.x0 - run[-1].x1
            pitch = run[1].x0 - run[0].x1 if len(run) > 1 else gap
            even = abs(gap - pitch) <= 0.5 * w.size and gap <= 4 * w.size
            if (even or n in total_at) and (_single_cjk(w) or _single_cjk(run[-1])) \
                    and not is_amount_text(w.text) and not is_amount_text(run[-1].text):
                run.append(w)
                continue
            close()
        run.append(w)
    close()
    return out


def _spelled_totals(words: list[Word]) -> set[int]:
    """Indexes of the words that go on a total's label spelled out one character at a time at
    uneven gaps (收    入       总   计 before its amount): single characters, none more than
    eight characters apart, that together spell a total (…总计, …合计)."""
    out: set[int] = set()
    k = 0
    while k < len(words):
        j = k
        while j + 1 < len(words) and _single_cjk(words[j + 1]) and _single_cjk(words[j]) \
                and words[j + 1].x0 - words[j].x1 <= 8 * words[j].size:
            j += 1
        if j > k and TOTAL.search("".join(w.text for w in words[k:j + 1])) and j - k + 1 <= 6:
            out.update(range(k + 1, j + 1))
        k = j + 1
    return out


def _lead(lines: list[TextLine], start: int, first_body: int, last_amount: float) -> int:
    """How many lines just above the first amount line belong to its row: a run set as tight
    as a cell's lines, each printing text right of every amount column (绩效目标 wrapped
    over the row's height), with the row's label on its first lines. A header line prints
    over the amount columns, or stands a row's padding apart."""
    n = 0
    k = first_body - 1
    first_amount = _amount_words(lines[first_body])[0].x0
    while k >= start:
        line, below = lines[k], lines[k + 1]
        if below.top - line.bottom > 0.6 * line.size:
            break
        if not any(w.x0 > last_amount for w in line.words):
            break
        # a line of the row prints its label (wrapped, perhaps), then text; never a word
        # over the amount columns, as a header line does
        if any(w.x1 > first_amount and w.x0 <= last_amount for w in line.words):
            break
        n += 1
        k -= 1
    return n


def _first_label_above(lines: list[TextLine], start: int, first_body: int) -> bool:
    """Is the line just above the first amount line that row's label, wrapped round it (一般公共
    服务 / 201 264.87 … / 支出), not the header's last line? It prints a label only, left of the
    amounts, set tight to the amount line and apart from the header above, and the amount line
    prints no label under it."""
    k = first_body - 1
    if k <= start:
        return False
    line, body, above = lines[k], lines[first_body], lines[k - 1]
    amounts = _amount_words(body)
    if not amounts or any(w.x1 > amounts[0].x0 or is_amount_text(w.text) or _code(w) for w in line.words):
        return False
    codes = {id(w) for w in _leading_codes(body.words)}
    if any(id(w) not in codes and not is_amount_text(w.text) and w.x0 < line.x1 and line.x0 < w.x1
           for w in body.words):
        return False
    gap_below, gap_above = body.top - line.bottom, line.top - above.bottom
    return gap_below < gap_above - 0.25 * line.size and bool(_leading_codes(body.words))


def _opens_wrap(lines: list[TextLine], i: int, body: list[int], last_amount: float,
                xs: list[float], above: list[int] = ()) -> bool:
    """Does label line `i` (no amounts) begin the wrapped label of the next amount line rather
    than go on with the row above? A cell's lines are set tight and rows apart, so a label
    printed over two lines whose amounts stand level with its last line (对个人和家庭补助支 /
    出 144.98), or between its lines, is nearer to those amounts than to the row above."""
    if _text_only(lines[i], last_amount):
        return False                           # 绩效目标 text going on from the row above
    j = next((k for k in body if k > i), None)
    if j is None:
        return False
    if j > i + 1 and all(_code_only(lines[k]) and _codes_label(lines[k], lines[i], lines[j])
                         for k in range(i + 1, j)):
        # a code printed alone between its row's label lines, its amounts level with the
        # last one (超长期特别国债 / 20598 / 安排的支出 6,304.68): this label opens that row
        return True
    gap_above = lines[i].top - lines[i - 1].bottom
    gap_below = lines[j].top - lines[j - 1].bottom
    mine, theirs = _label_columns(lines[i], xs), _label_columns(lines[j], xs)
    if j == i + 1 and _wrap_closed(lines, above, mine, xs):
        # the row above has its label's tail already, as many lines under its amounts as
        # over them (行政事业单位 / 20805 10.82 / 养老支出): this line heads the next row
        # (机关事业单位 / 2080505 基本养老保险 6.18 / 缴费支出)
        return True
    # ... and the row above printed no label line of its own in these columns, above its
    # amounts: such a label wraps round them, and this line is its tail (计算机设备维修和 /
    # 政府集中采购 120.00 / 保养服务; 信息网络及软件购 / 信息网络建设费 966.50 / 置更新)
    # (a line printing a label left of every label of the row above is no tail of it: an
    # outline's group label, 一般公共预算资金, centred on its rows beside 公共财政拨款（补助）资金)
    above_cols = set().union(*(_label_columns(lines[k], xs) for k in above if not _amount_words(lines[k])))
    outdented = bool(above_cols) and bool(mine) and min(mine) < min(above_cols)
    if j == i + 1 and not _leading_codes(lines[i].words) and gap_below <= gap_above + 0.25 * lines[i].size \
            and not (theirs & mine) and (outdented or not _wrap_open(lines, above, mine, xs)):
        # the next amount line, no further off than the line above, prints no label in this
        # line's columns (2080505 … 1,384.70, its label wrapped round it: 机关事业单位基本养老保险
        # 缴费支 / the amounts / 出; 台式计算机（20万 / 政府集中采购 99.00 / 以上）): this label is its
        return True
    return gap_below < gap_above - 0.25 * lines[i].size


def _label_lines_round(lines: list[TextLine], band: list[int], cols: set[int],
                       xs: list[float]) -> tuple[int, int] | None:
    """How many label lines in `cols` a row printed over its amount line and under it (None
    for a row without amounts)."""
    amount_at = [n for n, k in enumerate(band) if _amount_words(lines[k])]
    if not amount_at:
        return None

    def count(ks, tails: bool = False) -> int:
        # (under the amount line, a tail may carry the row's amounts set low: _tail_with_amounts)
        return sum(1 for k in ks if (tails or not _amount_words(lines[k])) and _label_columns(lines[k], xs) & cols)
    return count(band[:amount_at[0]]), count(band[amount_at[0] + 1:], tails=True)


def _wrap_open(lines: list[TextLine], band: list[int], cols: set[int], xs: list[float]) -> bool:
    """Does a row still wait for the tail of a label it wrapped round its amounts: a label
    line of its own in `cols` above its amount line, and none yet below it?"""
    round_ = _label_lines_round(lines, band, cols, xs)
    return round_ is not None and round_[0] >= 1 and round_[1] == 0


def _wrap_closed(lines: list[TextLine], band: list[int], cols: set[int], xs: list[float]) -> bool:
    """Has a row printed its label round its amounts, as many label lines in `cols` under its
    amount line as over it (at least one)?"""
    round_ = _label_lines_round(lines, band, cols, xs)
    return round_ is not None and round_[1] >= 1 and round_[1] >= round_[0]


def _tail_with_amounts(lines: list[TextLine], band: list[int], i: int, xs: list[float],
                       tight: float) -> bool:
    """Is amount line i the tail of the label the row above wrapped round its amounts, its
    amounts those of the row's blank columns? pdftotext sets an amount a little lower than
    its row's others on the tail's line (社会保障和就业 / 208 15,171.49 15,077.81 / 支出 93.68):
    the line goes on the row when it opens no row, is set tight under it, its label stands
    in the columns of the row's label wrapped and waiting for its tail, and each of its amounts
    in a column the row prints blank."""
    line = lines[i]
    if _starts_row(line) or _leading_codes(line.words) or line.top - lines[i - 1].bottom > tight + 0.25 * line.size:
        return False
    mine = _label_columns(line, xs)
    if not mine or not _wrap_open(lines, band, mine, xs):
        return False

    def col(w: Word) -> int:
        return max(0, bisect.bisect(xs, (w.x0 + w.x1) / 2) - 1)
    printed = {col(w) for k in band for w in _amount_words(lines[k])}
    return bool(printed) and not any(col(w) in printed for w in _amount_words(line))


def _opened_by_code(lines: list[TextLine], band: list[int]) -> bool:
    """Does a code or an ordinal open one of the row's lines (2080505 …, [2012999]其他群众团,
    1.公务用车购置)? Such a row's label may wrap round or after its amounts."""
    return any(_starts_row(lines[k]) or BRACKET_CODE.match(lines[k].words[0].text)
               or LEADING_CODE.match(lines[k].words[0].text) for k in band)


def _amounts_under_label(lines: list[TextLine], band: list[int], xs: list[float],
                         reach: dict[int, float]) -> bool:
    """Has a row printed its label on the line over its amounts, ending short of its column's
    widest label, and nothing but amounts on that amount line (小计 / 37,188.34, set half a row
    below its label)? Then a label line under it is the next row's (专项收入), not a tail: a
    label wraps when its cell is full, character by character, so its first line reaches
    within a character of the column's widest (一般公共服务 / 264.87 / 支出)."""
    amount_at = [k for k in band if _amount_words(lines[k])]
    if len(amount_at) != 1 or band[-1] != amount_at[0] or len(band) < 2:
        return False
    a = lines[amount_at[0]]
    if len(a.words) != len(_amount_words(a)) or _opened_by_code(lines, band):
        return False
    label = [w for k in band[:-1] for w in lines[k].words if not is_amount_text(w.text) and not _code(w)]
    if not label:
        return False
    last = max(label, key=lambda w: w.x1)
    c = max(0, bisect.bisect(xs, last.x0) - 1)
    char = (last.x1 - last.x0) / max(1, len(last.text))
    return reach.get(c, last.x1) - last.x1 >= 1.5 * char


def _labels_left_room(lines: list[TextLine], band: list[int], i: int, xs: list[float],
                      reach: dict[int, float]) -> bool:
    """Is label line i under a row of labels only (使用非财政拨款结余 | 结余分配), or of one line
    printing its label beside its amounts (公共财政拨款(补助)资金 13,297.11), whose label, in a
    column where line i prints, ends short of that column's widest label? A label wraps when
    its cell is full, so line i is no tail of it but the next row (年初结转和结余 | 年末结转和结余;
    专项收入)."""
    # (a row of labels only, or of one line printing its label beside its amounts: a label
    # wrapped round its amounts has lines above them too)
    if any(_amount_words(lines[k]) for k in band) and (len(band) > 1 or _opened_by_code(lines, band)):
        return False

    def col(w: Word) -> int:
        return max(0, bisect.bisect(xs, w.x0) - 1)
    # the row's last label in each column (its last line may print in another: 事业收入 /
    # 其他资金, an outline's group label centred beside its rows / 经营收入)
    above: dict[int, Word] = {}
    for k in reversed(band):
        for w in lines[k].words:
            if not is_amount_text(w.text) and not _code(w):
                above.setdefault(col(w), w)
    for w in lines[i].words:
        v = above.get(col(w))
        if v is None:
            continue
        char = (v.x1 - v.x0) / max(1, len(v.text))
        if reach.get(col(w), v.x1) - v.x1 >= 1.5 * char:
            return True
    return False


def _totals_only(line: TextLine) -> bool:
    """Does an amount line label only totals (当年收入小计 … 当年支出小计 …)? No row's wrapped
    label opens above a total's."""
    labels = [w for w in line.words if not is_amount_text(w.text) and not _code(w)]
    return bool(labels) and all(TOTAL.search(compact(w.text)) for w in labels)


def _code_only(line: TextLine) -> bool:
    """A line printing codes only (20598): a row's code set level with the middle of its
    wrapped label, apart from the amounts."""
    return len(_leading_codes(line.words)) == len(line.words)


def _codes_label(code_line: TextLine, label_line: TextLine, amount_line: TextLine) -> bool:
    """Is the label line the one of the code's side: the code stands left of it with no
    amount of the row between them (not another side's code: 30299 of the right side under
    the left side's 的补助)?"""
    code, label = code_line.words[-1], label_line.words[0]
    return code.x1 <= label.x0 and not any(
        code.x1 < w.x0 and w.x1 < label.x0 for w in _amount_words(amount_line))


def _after_total(lines: list[TextLine], band: list[int], i: int, xs: list[float]) -> bool:
    """Does label line `i` stand under a total's label (…合计, …小计, …总计) in the row above, in
    the column where it begins? A total's label is whole: nothing wraps onto the next line."""
    col = bisect.bisect(xs, lines[i].words[0].x0)
    return any(bisect.bisect(xs, w.x0) == col and TOTAL.search(compact(w.text))
               for k in band for w in lines[k].words if not is_amount_text(w.text))


def _label_columns(line: TextLine, xs: list[float]) -> set[int]:
    """The columns (between borders `xs`) in which a line's labels begin: its words other than
    its codes and amounts."""
    codes = {id(w) for w in _leading_codes(line.words)}
    return {bisect.bisect(xs, w.x0) for w in line.words if id(w) not in codes and not is_amount_text(w.text)}


def _text_only(line: TextLine, last_amount: float) -> bool:
    return all(w.x0 > last_amount for w in line.words)


def synthetic_grid(xs, ys, lines, bands, n_header, amount_cols: frozenset = frozenset()) -> Grid:
    """The synthetic grid: header rows from the label tree (`_header_labels`), one row per
    body band; characters of body rows placed by centre. A label standing in an amount column
    `amount_cols` its row prints blank is a cell drawn across from the label column left of it
    (当年支出小计 centred across a two-sided table's sides), as a ruled grid draws it."""
    labels = _header_labels([lines[b[0]] for b in bands[:n_header]], xs,
                            [w for b in bands[n_header:] for i in b for w in lines[i].words])
    depth = max((lab.depth for lab in labels), default=-1) + 1
    C = len(xs) - 1
    body_ys = ys[n_header:]
    top = body_ys[0]
    hys = [top - (depth - k) for k in range(depth)]          # nominal header row bounds
    all_ys = hys + body_ys
    R = len(all_ys) - 1
    owner: dict[tuple[int, int], int] = {}
    cells: list[GridCell] = []
    for lab in labels:
        r1 = lab.depth + 1 if lab.has_children else depth
        cell = GridCell(lab.depth, r1, lab.c0, lab.c1, Box(xs[lab.c0], all_ys[lab.depth], xs[lab.c1], all_ys[r1]))
        cell.chars.extend(lab.chars)
        for r in range(lab.depth, r1):
            for c in range(lab.c0, lab.c1):
                owner.setdefault((r, c), len(cells))
        cells.append(cell)
    body_words = [[w for i in band for w in lines[i].words] for band in bands[n_header:]]
    drawn = [_drawn_across(xs, words, amount_cols) for words in body_words]
    for n, words in enumerate(body_words):
        # a row of labels and no amount between two rows drawn across from a label's column
        # (结转下年资金 between 当年支出小计 and 支出合计) is drawn across there as they are
        if not drawn[n] and 0 < n < len(drawn) - 1 and not any(is_amount_text(w.text) for w in words):
            for w in words:
                c = max(0, min(len(xs) - 2, bisect.bisect(xs, (w.x0 + w.x1) / 2) - 1))
                spans = [sp for sp in drawn[n - 1] if sp[0] == c]
                if spans and spans == [sp for sp in drawn[n + 1] if sp[0] == c]:
                    drawn[n] += spans
    for n, spans in enumerate(drawn):
        r = depth + n
        for c0, c1 in spans:
            for c in range(c0, c1):
                owner[(r, c)] = len(cells)
            cells.append(GridCell(r, r + 1, c0, c1, Box(xs[c0], all_ys[r], xs[c1], all_ys[r + 1])))
    at = [[0] * C for _ in range(R)]
    for r in range(R):
        for c in range(C):
            if (r, c) not in owner:
                owner[(r, c)] = len(cells)
                cells.append(GridCell(r, r + 1, c, c + 1, Box(xs[c], all_ys[r], xs[c + 1], all_ys[r + 1])))
            at[r][c] = owner[(r, c)]
    grid = Grid(list(xs), all_ys, cells, at, synthetic=True)
    chars: list[Char] = []
    for band in bands[n_header:]:
        for i in band:
            for w in _unspaced(lines[i].words):
                chars += _in_one_column(w, xs, amount_cols)
    from .ruled import place_chars
    place_chars(grid, chars)
    return grid


def _in_one_column(w: Word, xs: list[float], amount_cols: frozenset) -> list[Char]:
    """A label word's characters, all in the label column holding most of them: a word is one
    cell's text, never cut by a border (一、基本支出 set by a layout dump into the numbers'
    column left of its own, its 一 there; 部门集中采购 on a last line pdftotext set off its
    columns, into the column before its own)."""
    chars = list(w.chars)
    if len(chars) < 2 or (is_amount_text(w.text) and not _code(w)):
        return chars              # (a code is kept whole too: 30201 cut by a border a dump moved)

    def col(ch: Char) -> int:
        return max(0, min(len(xs) - 2, bisect.bisect(xs, (ch.x0 + ch.x1) / 2) - 1))
    cols = [col(ch) for ch in chars]
    home = max(set(cols), key=cols.count)
    if home in amount_cols or all(c == home for c in cols):
        return chars
    # the word moved whole, its spacing kept: from the label column's left edge, or back
    # from its right edge
    eps = 0.01 * min(ch.size for ch in chars)
    if cols[0] < home:
        dx = xs[home] + eps - chars[0].x0
    else:
        dx = xs[home + 1] - eps - chars[-1].x1
    chars = [Char(ch.text, ch.x0 + dx, ch.top, ch.x1 + dx, ch.bottom, ch.size) for ch in chars]
    return chars


def _drawn_across(xs: list[float], words: list[Word], amount_cols: frozenset) -> list[tuple[int, int]]:
    """Column runs [c0, c1) of one body row's labels drawn across: a label whose middle stands
    in an amount column the row prints blank runs from the label column left of it to the
    column before the next amount the row prints, or before the table's last amount column
    (no other word of the row in between)."""
    def col(x: float) -> int:
        return max(0, min(len(xs) - 2, bisect.bisect(xs, x) - 1))
    amounts = {col((w.x0 + w.x1) / 2) for w in words if is_amount_text(w.text)}
    out = []
    for w in words:
        c = col((w.x0 + w.x1) / 2)
        if is_amount_text(w.text) or _code(w) or c in amounts:
            continue
        if c not in amount_cols:
            # a total's label in a side's label column, the row printing nothing more until
            # the next side's amount column (当年支出小计 across 功能分类's amount and 支出用途's
            # label to 24,458.43): drawn across them, as the page draws it
            nxt = next((k for k in range(c + 1, len(xs) - 1) if k in amounts), None)
            if nxt is None or not TOTAL.search(compact(w.text)) or not any(
                    k in amount_cols for k in range(c + 1, nxt)) or all(k in amount_cols for k in range(c + 1, nxt)):
                continue
            if any(v is not w and xs[c + 1] <= (v.x0 + v.x1) / 2 < xs[nxt] for v in words):
                continue
            if not any(a < nxt and c < b for a, b in out):
                out.append((c, nxt))
            continue
        c0 = next((k for k in range(c - 1, -1, -1) if k not in amount_cols), None)
        # (a row printing no amount, 结转下年资金 between 当年支出小计 and 支出合计, runs to the
        # table's last amount column, where its totals stand, and leaves that blank)
        last = max((k for k in amount_cols if k > c), default=len(xs) - 1)
        c1 = next((k for k in range(c + 1, len(xs) - 1) if k in amounts), last)
        if c0 is None or col(w.x1 - 0.01) >= c1:
            continue
        others = [v for v in words if v is not w and xs[c0] < (v.x0 + v.x1) / 2 < xs[c1]]
        if not others and not any(a < c1 and c0 < b for a, b in out):
            out.append((c0, c1))
    return out


@dataclass
class _Label:
    c0: int
    c1: int
    top: float
    bottom: float
    chars: list
    depth: int = 0
    has_children: bool = False


def _header_labels(header_lines: list[TextLine], xs: list[float], body: list[Word] = ()) -> list[_Label]:
    """Header words → labels with a column span each: a word labels the run of columns it is
    centred over; words over the same run, one close under the other, are one label wrapped
    (上级补 / 助收入); a label over a wider run is the parent of those inside it."""
    words = sorted(header_words(header_lines, body), key=lambda w: (w.top, w.x0))
    # words side by side on one line label runs that do not overlap (left to right, each
    # taking its best run still free)
    runs: dict[int, tuple[int, int]] = {}
    clash: set[int] = set()
    for w in words:
        same_line = [v for v in words if id(v) in runs and abs(v.top - w.top) < 0.3 * w.size]
        taken = [runs[id(v)] for v in same_line]
        options = _centred_runs(w, xs, words)
        free = [r for r in options if not any(r[0] < t[1] and t[0] < r[1] for t in taken)]
        if not free:
            # every run centred on it is taken by its neighbours on the line: it labels the
            # free column it stands over most (a layout dump's borders are whole characters)
            free = sorted(((c, c + 1) for c in range(len(xs) - 1)
                           if min(w.x1, xs[c + 1]) > max(w.x0, xs[c])
                           and not any(c < t[1] and t[0] < c + 1 for t in taken)),
                          key=lambda r: max(w.x0, xs[r[0]]) - min(w.x1, xs[r[1]]))
        runs[id(w)] = (free or options)[0]
        if not free:
            clash.add(id(w))
            clash.update(id(v) for v in same_line)
    # words of one line that still claim the same columns: the line's words in their order
    # label columns in that order (功能科目编码 | 功能科目名称 | 金额, printed off their
    # columns' centres in a layout dump), each the column nearest its centre
    for line in _lines_of(words):
        if not any(id(w) in clash for w in line):
            continue
        for w, r in zip(line, _in_order(line, xs, words)):
            runs[id(w)] = r
    labels: list[_Label] = []
    for w in words:
        c0, c1 = runs[id(w)]
        same = [lab for lab in labels if (lab.c0, lab.c1) == (c0, c1)
                and (-0.3 * w.size <= w.top - lab.bottom <= 0.6 * w.size or abs(w.top - lab.top) < 0.3 * w.size
                     or (_wrapped_across(lab, w, xs, words) and not _centres_a_group(
                         _label_word(lab), w, [v for v in words if abs(v.top - w.top) < 0.3 * w.size])))]
        if same:
            lab = same[-1]
            lab.chars.extend(w.chars)
            lab.bottom = max(lab.bottom, w.bottom)
        else:
            labels.append(_Label(c0, c1, w.top, w.bottom, list(w.chars)))
    _leaves_in_order(labels, len(xs) - 1)
    _share_top_line(labels, xs, body)
    _share_group_lines(labels)
    _widen_parents(labels)
    _of_which_under_group(labels)
    _subgroups_by_depth(labels)
    _name_over_outline(labels, xs, body)
    _stub_over_labels(labels)
    for lab in labels:
        parents = [p for p in labels if p is not lab and p.c0 <= lab.c0 and lab.c1 <= p.c1
                   and ((p.c1 - p.c0) > (lab.c1 - lab.c0) or p.bottom <= lab.top)]
        lab.depth = len(parents)
        for p in parents:
            p.has_children = True
    return labels


def _leaves_in_order(labels: list[_Label], n_cols: int) -> None:
    """As many leaves (labels over no other) as columns, but two over one column and none over
    another: the leaves label the columns in their order, left to right. A crowded header's
    labels stand off their columns in a layout dump (公务接待费 | 会议费 set one space apart,
    each a column left of its numbers), but never out of order."""
    def inside(o: _Label, lab: _Label) -> bool:
        return o is not lab and lab.c0 <= o.c0 and o.c1 <= lab.c1 and o.top > lab.bottom

    leaves = [lab for lab in labels if not any(inside(o, lab) for o in labels)]
    if len(leaves) != n_cols or any(lab.c1 - lab.c0 != 1 for lab in leaves) or \
            len({lab.c0 for lab in leaves}) == n_cols:
        return
    for c, lab in enumerate(sorted(leaves, key=lambda o: (min(ch.x0 for ch in o.chars), o.top))):
        lab.c0, lab.c1 = c, c + 1


def _share_top_line(labels: list[_Label], xs: list[float], body: list[Word] = ()) -> None:
    """Labels side by side on the header's top line, each over labels of its own, share out
    the columns under them: each column goes to the nearest (项目 | 国有资本经营预算支出 over
    类 款 项 名称 | 合计 基本支出 项目支出), as a grid's top row is cut between them. A layout
    dump sets them off their columns' centres; a column whose label is centred in all the
    header's rows (合计 left of “三公”经费) goes to none."""
    if not labels:
        return
    head_top = min(lab.top for lab in labels)
    tops = sorted((lab for lab in labels if lab.top - head_top < 1.0), key=lambda lab: lab.c0)
    rest = [lab for lab in labels if lab.top - head_top >= 1.0]
    if len(tops) < 2 or not rest:
        return
    bottom = max(c.bottom for lab in labels for c in lab.chars)
    first_bottom = max(lab.bottom for lab in tops)

    def mid_x(lab: _Label) -> float:
        return (min(c.x0 for c in lab.chars) + max(c.x1 for c in lab.chars)) / 2

    def tall(lab: _Label) -> bool:
        cy = (min(c.top for c in lab.chars) + max(c.bottom for c in lab.chars)) / 2
        return abs(cy - (head_top + bottom) / 2) < abs(cy - (first_bottom + bottom) / 2)

    owner: dict[int, _Label] = {}
    for c in range(len(xs) - 1):
        fixed = [t for t in tops if t.c0 <= c < t.c1]
        if fixed:
            owner[c] = fixed[0]
            continue
        under = [o for o in rest if o.c0 <= c < o.c1]
        if not under:
            continue
        top_under = min(under, key=lambda o: o.top)
        if tall(top_under) and not any(o.top > top_under.bottom and top_under.c0 <= o.c0
                                       and o.c1 <= top_under.c1 for o in rest):
            continue          # a leaf centred in all the header's rows (a group is no leaf)
        centre = (xs[c] + xs[c + 1]) / 2
        owner[c] = min(tops, key=lambda t: abs(mid_x(t) - centre))

    def labels_rows(c: int) -> bool:
        return _prints_labels(c, xs, body)
    # a group over the rows' labels (项目 over 功能分类科目编码 | 名称) beside a group over
    # amounts only (收入预算 over 合计 | 财政拨款收入 …): the amount columns between them are
    # the amounts group's, however far off its centre a layout dump prints its label
    for a, b in zip(tops, tops[1:]):
        acols = sorted(c for c, o in owner.items() if o is a)
        bcols = sorted(c for c, o in owner.items() if o is b)
        if not acols or not bcols or any(labels_rows(c) for c in bcols):
            continue
        named = [c for c in acols if labels_rows(c)]
        move = [c for c in acols if named and c > max(named)]
        if move and move == list(range(move[0], bcols[0])):
            for c in move:
                owner[c] = b
    # a two-sided table (本年收入 | 本年支出, each over a column of the rows' labels): a column
    # goes to the side whose labels stand left of it, however tall its own label is (预算数
    # set in every header row under 本年收入)
    def nearest(c: int) -> _Label:
        return min(tops, key=lambda t: abs(mid_x(t) - (xs[c] + xs[c + 1]) / 2))

    def names_rows(c: int) -> bool:
        # a column of the rows' labels headed, under the top line, by 项目 or …名称
        return labels_rows(c) and any(o.c0 <= c < o.c1 and NAME_HEADER.search(
            compact("".join(ch.text for ch in o.chars))) for o in rest)
    sides = [(c, owner.get(c) or nearest(c)) for c in range(len(xs) - 1) if names_rows(c)]
    if len({id(o) for _, o in sides}) >= 2 and sides[0][0] == 0:
        for c in range(len(xs) - 1):
            left = [o for k, o in sides if k <= c]
            if left:
                owner[c] = left[-1]
    for t in tops:
        cols = sorted(c for c, o in owner.items() if o is t)
        # a label over no column of others' labels keeps its own columns
        if not any(o.c0 <= c < o.c1 for c in cols for o in rest):
            continue
        if cols == list(range(min(cols), max(cols) + 1)):
            t.c0, t.c1 = min(cols), max(cols) + 1


def _prints_labels(c: int, xs: list[float], body: list[Word], codes: bool = True) -> bool:
    """Does the body print text (no amount; with `codes`, codes count) in column c?"""
    return any(xs[c] <= (v.x0 + v.x1) / 2 < xs[c + 1] and not is_amount_text(v.text)
               and (codes or not _code(v)) for v in body)


def _name_over_outline(labels: list[_Label], xs: list[float], body: list[Word]) -> None:
    """The header over the rows' labels (项目名称) heads the columns of labels left of it that
    no header label stands over: an outline's groups (一般公共预算资金 | 小计, 公共财政拨款 …),
    printed in a cell of their own spanning the group's rows, under one header cell."""
    for lab in labels:
        if not NAME_HEADER.search(compact("".join(c.text for c in lab.chars))):
            continue
        while lab.c0 > 0 and _prints_labels(lab.c0 - 1, xs, body, codes=False) and not any(
                o.c0 <= lab.c0 - 1 < o.c1 for o in labels if o is not lab):
            lab.c0 -= 1


def _stub_over_labels(labels: list[_Label]) -> None:
    """The stub's header (项目, 科目) heads the columns of the rows' codes and labels only
    (功能分类科目编码 | 科目名称), never an amount column beside them (本年收入合计): a layout dump
    centres 项目 over its columns as printed, which may reach over the next one's."""
    def text(lab: _Label) -> str:
        return compact("".join(c.text for c in lab.chars))

    def top_under(lab: _Label, c: int) -> _Label | None:
        under = [o for o in labels if o is not lab and o.top > lab.bottom and o.c0 <= c < o.c1]
        return min(under, key=lambda o: o.top) if under else None

    def stub(o: _Label | None) -> bool:
        return o is not None and bool(CODE_HEADER.search(text(o)) or NAME_HEADER.search(text(o)))

    for lab in labels:
        if not re.fullmatch(r"项目|科目", text(lab)) or not any(stub(top_under(lab, c)) for c in range(lab.c0, lab.c1)):
            continue
        # (a column with no label under it is left as it is)
        while lab.c1 - lab.c0 > 1 and (o := top_under(lab, lab.c1 - 1)) is not None and not stub(o):
            lab.c1 -= 1


def _share_group_lines(labels: list[_Label]) -> None:
    """Group labels side by side on a line below the top, each over labels of its own, share
    out the columns from the first one's to the last one's: each goes to the group label
    nearest the column's own label under them (功能分类 | 支出用途 over 功能科目名称 金额 |
    项目名称 金额). A layout dump prints a wide CJK label half its width, so it stands left of
    its cells' centre and centres alone cannot tell whose the column between them is."""
    if not labels:
        return
    head_top = min(lab.top for lab in labels)

    def extent(lab: _Label) -> tuple[float, float]:
        return min(c.x0 for c in lab.chars), max(c.x1 for c in lab.chars)

    def below(lab: _Label) -> list[_Label]:
        return [o for o in labels if o.top > lab.bottom and lab.c0 <= o.c0 and o.c1 <= lab.c1]

    for top in sorted({lab.top for lab in labels if lab.top - head_top >= 1.0}):
        groups = sorted((lab for lab in labels if abs(lab.top - top) < 1.0 and below(lab)),
                        key=lambda lab: lab.c0)
        if len(groups) < 2:
            continue
        owner: dict[int, _Label] = {}
        for c in range(groups[0].c0, groups[-1].c1):
            # (a label level with the groups, wrapped round their line or beside a group's
            # wrapped lines, keeps the columns it labels: 因公出国 / 合计 / （境）费, 公务用车 /
            # 小计 / 购置费)
            if any(all(o is not h for h in groups) and o.c0 <= c < o.c1 and o.top < g.bottom
                   and g.top < o.bottom for o in labels for g in groups):
                continue
            under = [o for o in labels if o.top > top + 1.0 and o.c0 <= c < o.c1]
            if not under:
                continue
            u0, u1 = extent(min(under, key=lambda o: o.top))
            owner[c] = min(groups, key=lambda g: max(0.0, extent(g)[0] - u1, u0 - extent(g)[1]))
        spans = {id(g): [c for c, o in owner.items() if o is g] for g in groups}
        if any(not cols or cols != list(range(min(cols), max(cols) + 1)) for cols in spans.values()):
            continue
        for g in groups:
            g.c0, g.c1 = min(spans[id(g)]), max(spans[id(g)]) + 1


def _of_which_under_group(labels: list[_Label]) -> None:
    """A column labelled 其中：… (of which) is a part of the column left of it, so it belongs to
    that column's group (项目支出 over 小计 | 其中：基本建设资金支出), however far off the group's
    centre a layout dump prints the group's label."""
    for lab in labels:
        if not compact("".join(c.text for c in lab.chars)).startswith("其中"):
            continue
        left = [o for o in labels if o.c1 == lab.c0 and o.c1 - o.c0 == 1]
        groups = [p for o in left for p in labels if p is not o and p.c0 <= o.c0 and o.c1 <= p.c1
                  and p.c1 == lab.c0 and p.bottom <= min(o.top, lab.top)]
        if groups:
            inner = max(groups, key=lambda p: p.top)
            inner.c1 = lab.c1


def _subgroups_by_depth(labels: list[_Label]) -> None:
    """A group under a group (公务用车购置及运行维护费 under “三公”经费) spans only the columns
    whose labels stand in the rows under it. Its children are set in the header's last rows,
    its siblings (因公出国（境）费, 公务接待费) in cells reaching up to its own line, so they are
    centred higher: a leaf's middle goes down the deeper it stands in the tree. A layout dump
    prints a wide group label left of its columns' middle and shorter than it was, so centring
    gives it its siblings' columns too; its edge columns whose labels stand beside its print
    and are centred clearly higher than its deepest children are given back to its parent; a
    group heading the header gives up its edge columns whose labels beside its print are
    centred in all the header's rows. A group lies inside the group it stands under."""
    def mid_y(lab: _Label) -> float:
        return (min(c.top for c in lab.chars) + max(c.bottom for c in lab.chars)) / 2

    if not labels:
        return
    head_top = min(c.top for o in labels for c in o.chars)
    head_bottom = max(c.bottom for o in labels for c in o.chars)
    for g in sorted(labels, key=lambda o: o.top):
        above = [p for p in labels if p is not g and p.bottom <= g.top and p.c0 < g.c1 and g.c0 < p.c1
                 and p.c1 - p.c0 > 1]
        parent = max(above, key=lambda p: p.top) if above else None
        c0, c1 = (max(g.c0, parent.c0), min(g.c1, parent.c1)) if parent else (g.c0, g.c1)
        if c1 - c0 < 2:
            continue

        def first_under(c: int) -> _Label | None:
            under = [o for o in labels if o.top >= g.bottom and o.c0 <= c < o.c1]
            return min(under, key=lambda o: o.top) if under else None

        firsts = {c: first_under(c) for c in range(c0, c1)}
        if any(f is None for f in firsts.values()):
            continue
        # a column under a group of its own under g is g's (基本支出 under 预算数); the leaves
        # right under g set how deep its children stand
        # (or, where every column under g has a group of its own, those groups: 小计 |
        # 公务用车购置费 … under 公务用车购置及运行维护费, each over 预算数 | 决算数)
        leaves = [f for f in firsts.values() if f.c1 - f.c0 == 1]
        groups_only = not leaves
        leaves = leaves or list(firsts.values())
        deepest = max(mid_y(f) for f in leaves)
        size = max(ch.size for ch in g.chars)
        x0, x1 = min(ch.x0 for ch in g.chars), max(ch.x1 for ch in g.chars)

        def beside(c: int) -> bool:
            f = firsts[c]
            fx0, fx1 = min(ch.x0 for ch in f.chars), max(ch.x1 for ch in f.chars)
            if (f.c1 - f.c0 > 1 and not groups_only) or (fx0 < x1 and x0 < fx1):
                return False
            if parent is None:
                # a group heading the header: a leaf centred in all the header's rows rather
                # than in the rows under it, and starting above every label in its other
                # columns (机关运行经费预算数 beside “三公”经费预算数)
                y = mid_y(f)
                others = [o for o in labels if o.top >= g.bottom and o.c0 < c1 and c0 < o.c1
                          and not o.c0 <= c < o.c1]
                return abs(y - (head_top + head_bottom) / 2) < abs(y - (g.bottom + head_bottom) / 2) \
                    and bool(others) and f.top < min(o.top for o in others) - 0.5 * size
            return mid_y(f) < deepest - 1.5 * size

        while c1 - c0 > 2 and beside(c0):
            c0 += 1
        while c1 - c0 > 2 and beside(c1 - 1):
            c1 -= 1
        g.c0, g.c1 = c0, c1


def _widen_parents(labels: list[_Label]) -> None:
    """A parent label reaches over the neighbouring columns whose top label stands lower and
    is a parent itself (项目 over 功能分类科目编码, itself over 类 款 项, and 功能分类科目名称),
    or a leaf set in the rows under it, on the line of its children (功能分类科目编码 over 类
    款 and 项 beside them):
    an inner node of the header tree has a parent when a label of the line above stands
    beside it, though that label is not centred over both (a layout dump's columns are not
    the page's). A leaf set lower (合计 centred in a cell spanning every header row) is no
    child of its neighbour."""
    def children(lab: _Label) -> bool:
        return any(o.top > lab.bottom and lab.c0 <= o.c0 and o.c1 <= lab.c1 for o in labels if o is not lab)

    head_top = min((c.top for o in labels for c in o.chars), default=0.0)
    head_bottom = max((c.bottom for o in labels for c in o.chars), default=0.0)
    last_top = max((c.top for o in labels for c in o.chars), default=0.0)

    def centred_under(lab: _Label, t: _Label) -> bool:
        # a leaf set in the rows under the label, not in all the header's rows: its middle
        # is nearer the middle of the rows under the label (合计 beside 基本支出 under
        # 一般公共预算支出; 项 beside 类 款 under 功能分类科目编码) than the header's middle
        # and it starts on the line of one of the label's children; the label heads the
        # header, or the leaf stands on its last line (a layout dump's lines between are
        # too coarse to tell a grandchild from a child)
        if lab.top > head_top + 1.0 and t.top < last_top - 1.0:
            return False
        # nor is it nearer another parent of the label's line (合计 between 项目 and
        # 政府性基金预算支出 is the nearer one's)
        def gap(a: _Label) -> float:
            ax0, ax1 = min(c.x0 for c in a.chars), max(c.x1 for c in a.chars)
            tx0, tx1 = min(c.x0 for c in t.chars), max(c.x1 for c in t.chars)
            return max(0.0, ax0 - tx1, tx0 - ax1)
        if any(abs(o.top - lab.top) < 1.0 and o is not lab and children(o) and gap(o) < gap(lab)
               for o in labels):
            return False
        cy = (min(c.top for c in t.chars) + max(c.bottom for c in t.chars)) / 2
        return abs(cy - (lab.bottom + head_bottom) / 2) < abs(cy - (head_top + head_bottom) / 2) \
            and any(abs(o.top - t.top) < 1.0 and o.top > lab.bottom and lab.c0 <= o.c0 and o.c1 <= lab.c1
                    for o in labels if o is not lab and o is not t)

    def top_label(c: int, lab: _Label) -> _Label | None:
        # the top label of column c under the line of `lab`; None when a label on that line
        # or between it and the label found claims the column
        over = [o for o in labels if o.c0 <= c < o.c1 and o is not lab]
        below = [o for o in over if o.top > lab.bottom]
        # (a label wrapped round the line of `lab`, 因公出国 / 合计 / （境）费, claims it too)
        if not below or any(o.top <= lab.bottom and (o.top >= lab.top - 1.0 or o.bottom > lab.top + 1.0)
                            for o in over):
            return None
        return min(below, key=lambda o: o.top)

    for lab in sorted(labels, key=lambda o: o.top):
        if not children(lab):
            continue
        for step in (-1, 1):
            while True:
                c = lab.c0 - 1 if step < 0 else lab.c1
                t = top_label(c, lab) if 0 <= c else None
                if t is None or t is lab or t.top <= lab.bottom or not (children(t) or centred_under(lab, t)) \
                        or (t.c1 > lab.c0 if step < 0 else t.c0 < lab.c1):
                    break
                if step < 0:
                    lab.c0 = t.c0
                else:
                    lab.c1 = t.c1


def _lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped by the line they stand on, each line left to right."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if out and abs(out[-1][0].top - w.top) < 0.3 * w.size:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _in_order(line: list[Word], xs: list[float], words: list[Word]) -> list[tuple[int, int]]:
    """Runs for the words of one line, left to right and apart, as near their centres as
    can be: each word a run centred on it (`_centred_runs`) or a single column, the sum of
    the distances between the word's centre and its run's smallest (a little more for a
    run that is not the word's first choice). Too many words for the columns: each its
    first choice."""
    C = len(xs) - 1
    cands = []
    for w in line:
        mid = (w.x0 + w.x1) / 2
        best = _centred_runs(w, xs, words)
        rs = list(dict.fromkeys(best + [(c, c + 1) for c in range(C)]))
        cands.append([(abs((xs[a] + xs[b]) / 2 - mid) / w.size + (0 if (a, b) == best[0] else 0.5), (a, b))
                      for a, b in rs])
    # cost[k][e]: least cost of the first k words, the last one's run ending at column e
    inf = float("inf")
    cost = [[inf] * (C + 1) for _ in range(len(line) + 1)]
    back: list[list[tuple[int, tuple[int, int]] | None]] = [[None] * (C + 1) for _ in range(len(line) + 1)]
    cost[0][0] = 0.0
    for k, cs in enumerate(cands):
        for e in range(C + 1):
            if cost[k][e] == inf:
                continue
            for c, (a, b) in cs:
                if a >= e and cost[k][e] + c < cost[k + 1][b]:
                    cost[k + 1][b] = cost[k][e] + c
                    back[k + 1][b] = (e, (a, b))
    end = min(range(C + 1), key=lambda e: cost[len(line)][e])
    if cost[len(line)][end] == inf:
        return [_centred_runs(w, xs, words)[0] for w in line]
    out = []
    for k in range(len(line), 0, -1):
        e, r = back[k][end]
        out.append(r)
        end = e
    return out[::-1]


def header_words(header_lines: list[TextLine], body: list[Word] = ()) -> list[Word]:
    """Header words with the lines of one wrapped label joined (决算数为调 / 整预算数%, 因公出 /
    国（境） / 费), and a label printed letter-spaced on its line (金   额, 备 注) one word.
    A line goes on a label when it is the next line, stands alone under it (the only word of
    its line over the label, the label the only word of its line over it), starts or centres
    where it does, and is no longer than it by more than a character (a wrapped label fills
    its first line, but for a bracket it may not end it with: 因公出 / 国（境）; a child
    under a parent, longer, is no wrap). Joined before
    the labels' columns are chosen, since a layout dump sets a wrapped line as far below as
    a child (every text line is a line of its own)."""
    out: list[Word] = []
    placed: list[tuple[int, Word, int]] = []     # (line, word as printed, index in out)
    for i, ln in enumerate(header_lines):
        row = _spaced_joined(ln.words, body, [w for h in header_lines[:i] for w in h.words])
        for w in row:
            tol = 0.6 * w.size
            # the nearest line above printing over this word: the line just above, or one
            # further when the line between prints nothing here (a wrapped label set level
            # with another cell's centred label: 决算数为调 / 项目 预算数 … / 整预算数%)
            above = [(j, v, k) for j, v, k in placed if v.x0 < w.x1 and w.x0 < v.x1]
            j = max((j for j, _, _ in above), default=None)
            if j is not None and i - j <= 2 and ln.top - header_lines[j].bottom <= 3.2 * ln.size:
                over = [(v, k) for jj, v, k in above if jj == j]
                if len(over) == 1:
                    v, k = over[0]
                    # (the words under it as wide as it printed: 财政拨款收入 over 项目 | 预算数
                    # is a group, not 财政拨款收入项目; but no further than the next word of its
                    # line, whose the words under it are: 一般公共 | 政府性基 over 预算财政 |
                    # 金预算财)
                    v_end = min([printed_x1(v)] + [u.x0 for jj, u, _ in placed if jj == j and u.x0 > v.x0])
                    under = [u for u in row if u.x0 < v_end and v.x0 < u.x1]
                    aligned = (abs(v.x0 - w.x0) <= tol
                               or abs((v.x0 + v.x1) - (w.x0 + w.x1)) / 2 <= tol)
                    # (a group's label may wrap too: round a line of other cells' labels set
                    # level with its middle, its tail centred over the same group, 因公出国 /
                    # 合计 … / （境）费 over 预算数 | 决算数)
                    lower = [list(h.words) for h in header_lines[i + 1:]]
                    if under == [w] and aligned and len(w.text) <= len(v.text) + 1 \
                            and not _centres_a_group(v, w, row, [u for jj, u, _ in placed if jj == j]) \
                            and not _spread(out[k]) \
                            and (not _heads_a_group(v, lower) or (i - j == 2 and _heads_a_group(w, lower))):
                        lab = out[k]
                        out[k] = Word(lab.text + w.text, min(lab.x0, w.x0), lab.top,
                                      max(lab.x1, w.x1), w.bottom, max(lab.size, w.size),
                                      lab.chars + w.chars)
                        placed.append((i, w, k))
                        continue
            out.append(w)
            placed.append((i, w, len(out) - 1))
    return out


def _spread(w: Word) -> bool:
    """A label printed letter-spaced across its cell (收        入): never a wrapped line."""
    return any(b.x0 - a.x1 > w.size for a, b in zip(w.chars, w.chars[1:]))


def _label_word(lab: "_Label") -> Word:
    cs = lab.chars
    return Word("".join(c.text for c in cs), min(c.x0 for c in cs), lab.top, max(c.x1 for c in cs),
                lab.bottom, max(c.size for c in cs), tuple(cs))


def _centres_a_group(v: Word, w: Word, row: list[Word], beside: list[Word] = ()) -> bool:
    """Is `v` centred over `w` and neighbours of its line together (小计 基本支出 项目支出
    under 一般公共预算支出): then it is their parent, though `w` alone stands under it. Not
    over words reaching under a word `beside` it on its own line: those are that word's (一般公共
    over 预算财政 only, 金预算财 under 政府性基 beside it)."""
    row = sorted(row, key=lambda u: u.x0)
    k = row.index(w)
    mid = (v.x0 + v.x1) / 2
    for a in range(k + 1):
        for b in range(k + 1, len(row) + 1):
            if b - a >= 2 and abs((row[a].x0 + row[b - 1].x1) / 2 - mid) <= w.size and not any(
                    u is not v and u.x0 < row[b - 1].x1 and row[a].x0 < u.x1 for u in beside):
                return True
    return False


def _under_two(a: Word, b: Word, above: list[Word]) -> bool:
    """Do `a` and `b` stand under two different words of the nearest header line above that
    prints over either of them?"""
    over = [v for v in above if (v.x0 < a.x1 and a.x0 < v.x1) or (v.x0 < b.x1 and b.x0 < v.x1)]
    if not over:
        return False
    top = max(v.top for v in over)
    line = [v for v in over if abs(v.top - top) < 0.3 * v.size]
    ua = {id(v) for v in line if v.x0 < a.x1 and a.x0 < v.x1}
    ub = {id(v) for v in line if v.x0 < b.x1 and b.x0 < v.x1}
    return bool(ua) and bool(ub) and not (ua & ub)


def _spaced_joined(words: tuple[Word, ...], body: list[Word] = (), above: list[Word] = ()) -> list[Word]:
    """Single characters of one label set apart on a header line (金   额, 项     目, 备 注):
    single CJK characters at most four characters apart and evenly, that stand over the same
    printed cell of the body (an amount column, a long label), or one of them over none. 类 款 项 over the
    three code columns (201 06 01) are three labels."""
    ws = list(words)
    out: list[Word] = []

    # 收   入   总   计 is one cell of the body
    cells = [u for line in _lines_of(list(body)) for u in _unspaced(tuple(line))]

    def over(w: Word) -> set[int]:
        return {k for k, v in enumerate(cells) if v.x0 < w.x1 and w.x0 < v.x1}

    k = 0
    while k < len(ws):
        run = [ws[k]]
        while k + len(run) < len(ws):
            nxt = ws[k + len(run)]
            gap = nxt.x0 - run[-1].x1
            if not (_single_cjk(run[-1]) and _single_cjk(nxt) and 0 < gap <= 4 * nxt.size):
                break
            if len(run) > 1 and abs(gap - (run[1].x0 - run[0].x1)) > 0.5 * nxt.size:
                break
            a, b = over(run[-1]), over(nxt)
            if a and b and not (a & b):
                break
            if _under_two(run[-1], nxt, above):
                break                        # 本年收入合 财政拨款收 over 计 入: two wrapped tails
            if CODE_HEADER.match(run[-1].text) and CODE_HEADER.match(nxt.text):
                break                        # 类 款 项: the code's parts, each a column
            # a letter-spaced label's gaps are narrower than those that part it from its
            # neighbours (项   目       决   算: 项目 | 决算, never 目决)
            before = run[0].x0 - ws[k - 1].x1 if k else float("inf")
            after_i = k + len(run) + 1
            after = ws[after_i].x0 - nxt.x1 if after_i < len(ws) else float("inf")
            if gap > before or gap > after:
                break
            run.append(nxt)
        if len(run) > 1:
            out.append(Word("".join(w.text for w in run), run[0].x0, min(w.top for w in run),
                            run[-1].x1, max(w.bottom for w in run), max(w.size for w in run),
                            tuple(c for w in run for c in w.chars)))
        else:
            out.append(run[0])
        k += len(run)
    return out


def _wrapped_across(lab: "_Label", w: Word, xs: list[float], words: list[Word]) -> bool:
    """A label wrapped onto a line printed further down because other cells' lines come
    between (a layout dump gives every text line a line of its own: 一般公共 / 科目编码 … /
    预算): nothing is printed over its columns in between, and it is at most a line away."""
    if not 0 < w.top - lab.bottom <= 3.2 * w.size or _spread(_label_word(lab)):
        return False
    if _heads_a_group(_label_word(lab), _lines_of([v for v in words if v.top > w.top]), printed=True):
        return False           # 预算数 centred over 人员经费 | 公用经费: a group, not 预算数基本支出
    # a wrapped label's lines share their centre (or left edge): one stands within the other
    last = [c for c in lab.chars if c.top >= lab.bottom - w.size] or lab.chars
    a0, a1 = min(c.x0 for c in last), max(c.x1 for c in last)
    if not (a0 - 1 <= (w.x0 + w.x1) / 2 <= a1 + 1 or w.x0 - 1 <= (a0 + a1) / 2 <= w.x1 + 1):
        return False
    x0, x1 = xs[lab.c0], xs[lab.c1]
    if any(lab.bottom <= v.top < w.top and x0 <= (v.x0 + v.x1) / 2 <= x1 for v in words if v is not w):
        return False
    # a line of group labels over a line of their columns' labels (功能分类 支出用途 over
    # 功能科目名称 金额 项目名称 金额): the word under this label is its child, as the words
    # under its neighbours are theirs, not its second line. A line of second lines (一般公共
    # 政府性基 over 预算 金预算) prints nothing between them that stands under none of them.
    ids = {id(c) for c in lab.chars}
    top_line = [v for v in words if abs(v.top - lab.top) < 0.3 * v.size]
    beside = [v for v in top_line if not any(id(c) in ids for c in v.chars)]
    row = [u for u in words if u is not w and abs(u.top - w.top) < 0.3 * w.size]
    lo, hi = min(v.x0 for v in top_line), max(v.x1 for v in top_line)
    return not (any(u.x0 < v.x1 and v.x0 < u.x1 for v in beside for u in row)
                and any(lo < u.x0 and u.x1 < hi and not any(u.x0 < v.x1 and v.x0 < u.x1 for v in top_line)
                        for u in row))


def _centred_runs(w: Word, xs: list[float], others: list[Word] = ()) -> list[tuple[int, int]]:
    """The runs of columns a header word may label, best first. Header labels are centred
    over what they label, but a label centred over three columns is also centred over the
    middle one; so of the runs centred on the word and wide enough to hold it, the widest
    whose every column has something printed a row under the word (its children) comes
    first, then the narrower ones. A label is also taken as wide as it printed
    (`printed_x1`): a layout dump may set a CJK label from its left edge at half its width, or
    centre it at that width; the runs it heads either way are its candidates, widest first."""
    parents, rest = _runs_centred(w, xs, others, w.x1)
    if printed_x1(w) > w.x1:
        wide, _ = _runs_centred(w, xs, others, printed_x1(w), wide=True)
        parents = sorted(set(parents) | set(wide), key=lambda r: r[0] - r[1])
        rest = [r for r in rest if r not in parents]
    return parents + rest


def _runs_centred(w: Word, xs: list[float], others, x1: float, wide: bool = False) -> tuple[list, list]:
    """`_centred_runs` for the word reaching to x1: (the runs it heads, the others)."""
    mid = (w.x0 + x1) / 2
    C = len(xs) - 1
    tol = max(3.0, 0.75 * w.size)
    runs = [(a, b) for a in range(C) for b in range(a + 1, C + 1)
            if abs((xs[a] + xs[b]) / 2 - mid) <= tol and xs[a] <= w.x0 + tol and xs[b] >= x1 - tol]
    if not runs:
        centre = max(0, min(C - 1, sum(1 for x in xs[1:-1] if x <= mid)))
        return [], [(centre, centre + 1)]

    def col(v: Word) -> int:
        return sum(1 for x in xs[1:-1] if x <= (v.x0 + v.x1) / 2)

    # a child sits a row lower: a cell's padding and more below the label (a tall neighbour,
    # centred in a cell spanning the header's rows, starts about level with it)
    below = {col(v) for v in others if v.top >= w.bottom + 0.9 * w.size}

    def tall_leaf(c: int) -> bool:
        # the column's label under the word is a leaf centred in a cell of all the header's
        # rows (合计 beside “三公”经费's children), not in the rows under the word: no child
        under = sorted((v for v in others if col(v) == c and v.top >= w.bottom + 0.9 * w.size),
                       key=lambda v: v.top)
        if len(under) != 1 or not others:
            return False
        v = under[0]
        top, bottom = min(o.top for o in others), max(o.bottom for o in others)
        cy = (v.top + v.bottom) / 2
        # taken as wide as it printed, the word is centred on more of its neighbours: only a
        # leaf clearly centred in all the header's rows is one (a dump's blank lines are thin)
        margin = 0.25 * w.size if wide else 0.0
        return abs(cy - (top + bottom) / 2) + margin < abs(cy - (w.bottom + bottom) / 2)

    if wide:
        # as wide as it printed, the word is centred on its neighbours' tall leaves too
        # (机关运行经费预算数 beside “三公”经费预算数): they are not its columns
        def trimmed(r: tuple[int, int]) -> tuple[int, int]:
            a, b = r
            while b - a > 1 and tall_leaf(a):
                a += 1
            while b - a > 1 and tall_leaf(b - 1):
                b -= 1
            return a, b
        runs = list(dict.fromkeys(trimmed(r) for r in runs))
    # a label's children stand under it: a word level with it though on another line (a
    # sibling centred in a tall cell: 因公出国（境）费 wrapped round 合计's line) is no child
    level = [v for v in others if v is not w and v.top < w.bottom and w.top < v.bottom
             and abs(v.top - w.top) >= 0.3 * w.size]

    def heads(r: tuple[int, int]) -> bool:
        a, b = xs[r[0]], xs[r[1]]
        return not any(v.x0 < b and a < v.x1 for v in level)

    parents = [r for r in sorted(runs, key=lambda r: r[0] - r[1])
               if r[1] - r[0] > 1 and all(c in below for c in range(*r))
               and not tall_leaf(r[0]) and not tall_leaf(r[1] - 1) and heads(r)]
    singles = sorted((r for r in runs if r not in parents), key=lambda r: r[1] - r[0])
    # a label without children that fits the column under its centre labels that column,
    # even when it is off its centre (a layout dump's columns are whole characters wide)
    home = col(w)
    if xs[home] <= w.x0 + tol and xs[home + 1] >= w.x1 - tol:
        singles = [(home, home + 1)] + [r for r in singles if r != (home, home + 1)]
    inside = [c for c in range(C) if xs[c] <= w.x0 and w.x1 <= xs[c + 1]]
    if not parents and inside and singles and singles[0][1] - singles[0][0] > 1:
        # a leaf printed inside one column labels that column, though not centred on it: a
        # label column's borders are set by its left-aligned labels (采购品目大类 | 专项名称 …)
        return [], [(inside[0], inside[0] + 1)] + singles
    return parents, singles
