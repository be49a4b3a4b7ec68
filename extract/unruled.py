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
   down to the last header line (as a ruled header's tall cell would). The labels and their
   columns are the header tree's (extract/headertree.py).
4. Rows: each amount line opens a row; lines without amounts belong to the row above (a label
   or text wrapped onto the next line) unless they start a row themselves (a code, an
   ordinal) — then they begin the row below. Boundaries lie half way between rows.
"""

from __future__ import annotations

import bisect

import regex as re

from ..chars import compact
from ..model import RawRow  # noqa: F401  (re-exported for type readers)
from ..patterns import (BRACKET_CODE, CODE, LEADING_CODE, NOTE, ORDINAL, TITLE_QUALIFIER, TOTAL,
                        is_page_number)
from ..settings import Settings
from .blankcolumns import split_blank_columns
from .geometry import Box, Char, cluster
from .gridtable import CODE_HEADER, NAME_HEADER, GridTable, Piece, is_amount_text
from .headertree import header_labels, heads_a_group, lines_of
from .pdftext import TextLine, Word
from .printwidth import printed_x1
from .texttables import read_meta
from .words import code_word, unspaced
from .ruled import Grid, GridCell


def _leading_codes(words) -> list[Word]:
    out = []
    for w in words[:3]:
        if not code_word(w):
            break
        out.append(w)
    return out


# A serial number leading a row (序号: 一 | (一) | 1), printed at an indent of its own by level
_SERIAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}|[（(]\d{1,2}[)）])$")


def leading_serial(line: TextLine) -> Word | None:
    """The serial number a row's line begins with, when a label follows it."""
    words = line.words
    if len(words) >= 2 and _SERIAL.match(words[0].text) and not is_amount_text(words[1].text) \
            and not code_word(words[1]):
        return words[0]
    return None


def _amount_words(line: TextLine) -> list[Word]:
    words = list(line.words)
    k = 1 if leading_serial(line) else 0
    while k < len(words) and code_word(words[k]):
        k += 1
    return [w for w in words[k:] if is_amount_text(w.text)]


def _money(w: Word) -> bool:
    return "." in w.text or "," in w.text


def _starts_row(line: TextLine) -> bool:
    first = line.words[0].text
    return bool(code_word(line.words[0]) or ORDINAL.match(first).group("ordinal"))


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
    label_words = [w for i in range(first, end + 1) for w in unspaced(lines[i].words)
                   if not is_amount_text(w.text) and w.x0 < last_amount and not code_word(w)
                   and id(w) not in serials]
    # codes lead their line (2080505 | 机关事业单位… | amounts; 208 | 05 | 05 | …): a number
    # after the label is an amount, however many digits it prints (增值税 600 700)
    code_words = [w for i in block for w in _leading_codes(lines[i].words) if id(w) not in serials]
    text_words = [w for i in range(first, end + 1) for w in lines[i].words
                  if w.x0 > last_amount and not is_amount_text(w.text)]
    spans: list[tuple[float, float]] = list(amount_cols)
    if serials:
        spans.append((min(w.x0 for w in serials.values()), max(w.x1 for w in serials.values())))
    # runs of codes: those leading their lines, and the next side's (coded, above)
    code_line = {id(w): i for i in block for w in _leading_codes(lines[i].words)}
    found: list[tuple[float, float, set[int]]] = []
    for x in cluster([w.x0 for w in code_words], tol):
        ws = [w for w in code_words if abs(w.x0 - x) <= tol]
        found.append((x, max(w.x1 for w in ws), {code_line[id(w)] for w in ws}))
    found += [(a, b, {line_of[id(w)] for w in amount_words if a <= w.x0 and w.x1 <= b}) for a, b in coded]
    # a dump sets a side's codes a few characters off on lines printing only that side
    # (31013 … 31099 three characters left of the side's 30201 … 30240): runs of codes that
    # overlap and never share a line are one column, jittered
    runs: list[tuple[float, float, set[int]]] = []
    for run in sorted(found, key=lambda r: r[0]):
        if runs and run[0] < runs[-1][1] and not run[2] & runs[-1][2]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], run[1]), runs[-1][2] | run[2])
        else:
            runs.append(run)
    spans += [(a, b) for a, b, _ in runs]
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
            if not is_amount_text(w.text) and not code_word(w):
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
        if k + 1 >= len(line) or is_amount_text(line[k + 1].text) or code_word(line[k + 1]):
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
    lower_lines = lines_of(header)
    # a label centred over its children (支出用途 over 项目名称 | 金额) is a group's, not a
    # blank column's
    free = [(w.x0, w.x1) for w in header
            if w.x0 > first_amount and not is_amount_text(w.text) and not over(w)
            and not any(w.x0 < v.x1 and v.x0 < w.x1 for v in body_words)
            and not any(h.x0 <= (w.x0 + w.x1) / 2 <= h.x1 for h in leaves)
            and not short_of(w) and not heads_a_group(w, lower_lines, printed=True)
            # a label column's header (项目 set off the centre of its wide cell) heads no
            # blank amount column
            and not NAME_HEADER.search(compact(w.text)) and not CODE_HEADER.search(compact(w.text))]
    return _overlapping_joined(free)


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
    if not amounts or any(w.x1 > amounts[0].x0 or is_amount_text(w.text) or code_word(w) for w in line.words):
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
    label = [w for k in band[:-1] for w in lines[k].words if not is_amount_text(w.text) and not code_word(w)]
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
            if not is_amount_text(w.text) and not code_word(w):
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
    labels = [w for w in line.words if not is_amount_text(w.text) and not code_word(w)]
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
    """The synthetic grid: header rows from the label tree (`header_labels`), one row per
    body band; characters of body rows placed by centre. A label standing in an amount column
    `amount_cols` its row prints blank is a cell drawn across from the label column left of it
    (当年支出小计 centred across a two-sided table's sides), as a ruled grid draws it."""
    labels = header_labels([lines[b[0]] for b in bands[:n_header]], xs,
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
            words = unspaced(lines[i].words)
            # the columns of the line's codes: a label is never moved onto one of them
            coded = frozenset(_column(xs, (v.x0 + v.x1) / 2) for v in words if code_word(v))
            for w in words:
                chars += _in_one_column(w, xs, amount_cols, coded)
    from .ruled import place_chars
    place_chars(grid, chars)
    return grid


def _column(xs: list[float], x: float) -> int:
    return max(0, min(len(xs) - 2, bisect.bisect(xs, x) - 1))


def _in_one_column(w: Word, xs: list[float], amount_cols: frozenset,
                   coded: frozenset = frozenset()) -> list[Char]:
    """A word is one cell's text, never cut by a border: an amount's characters all in its
    last one's column, a label word's all in the label column holding most of them (一、基本支出
    set by a layout dump into the numbers' column left of its own, its 一 there; 部门集中采购
    on a last line pdftotext set off its columns, into the column before its own)."""
    chars = list(w.chars)
    if len(chars) < 2:
        return chars

    cols = [_column(xs, (ch.x0 + ch.x1) / 2) for ch in chars]
    if is_amount_text(w.text) and not code_word(w):
        # (a code is kept whole as a label is: 30201 cut by a border a dump moved)
        # an amount is right-aligned: it is its last character's column's, whole, however far
        # left of its column's numbers a dump set its first digits (1,050.00 under 50.00
        # jittered by three characters, else read as 1,050.0 and 0); its characters are drawn
        # closer, in their order, to stand inside that column
        home = cols[-1]
        if cols[0] == home:
            return chars
        left, x0, x1 = xs[home] + 0.01 * min(ch.size for ch in chars), chars[0].x0, chars[-1].x1
        k = (x1 - left) / (x1 - x0)
        return [Char(ch.text, left + (ch.x0 - x0) * k, ch.top, left + (ch.x1 - x0) * k, ch.bottom, ch.size)
                for ch in chars]
    # (not the column of a code its line prints there: a label standing evenly across a code
    # column and the label column after it, 公务用车购置 beside a code a dump set off, is the
    # label column's; moved onto the code, the two would be read as one, 3101公3务用车购置)
    home = max(sorted(set(cols) - (frozenset() if code_word(w) else coded)) or sorted(set(cols)),
               key=cols.count)
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
        if is_amount_text(w.text) or code_word(w) or c in amounts:
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

