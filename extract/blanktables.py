"""Tables that print no amount: a blank template, an empty table (合计 and nothing else, 本表
为空), set without rulings.

The unruled finder finds a table by its amounts standing in columns. A table printing none
has only its header and labels: a ruled page shows its grid, a layout dump (or an unruled
page) only the words. Such a table is read when a caption (a title, or the unit statement)
is followed by lines that are cells, not prose — short, no clause punctuation, several cells
a line apart — ending at a note, the next caption or the page's end. Its columns are those
its header's leaves and its body's code and label columns stand over; its rows start at a
code, an ordinal or a total label (合计). A header with no body row under it (the template
of a 三公 table) has one blank row, as its grid has. The grid is then read as every grid is
(extract/gridtable.py), which types a column printed blank in every row by its header label.
"""

from __future__ import annotations

import regex as re

from ..chars import compact
from ..model import CODE as CODE_ROLE
from ..model import NAME as NAME_ROLE
from ..model import RawRow
from ..patterns import CODE, LEADING_CODE, NOTE, ORDINAL, TOTAL, is_page_number
from ..settings import Settings
from .gridtable import CODE_HEADER, NAME_HEADER, GridTable, Layout, Piece, is_amount_text
from .pdftext import TextLine, Word
from .printwidth import printed_x1
from .headertree import group_span, header_words, lines_of
from .unruled import states_unit, synthetic_grid

_CLAUSE = re.compile(r"[，。；！？,;]")
_MONEY = re.compile(r"\d[\d,]*\.\d|\d{1,3}(?:,\d{3})+")
# a header of a budget table names what its columns hold
_HEADER_WORD = re.compile(r"项目|科目|金额|合计|预算数|决算数|预算|决算|支出|收入")
_ELLIPSIS = re.compile(r"^[…。.]+$")


def find_blank_tables(lines: list[TextLine], page: int, is_caption, settings: Settings
                      ) -> tuple[list[Piece], list[TextLine]]:
    """Pieces for the amount-less tables among `lines` (a page's lines left by the unruled
    finder, top to bottom), and the lines left."""
    pieces: list[Piece] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if not _captions(lines[i], is_caption):
            i += 1
            continue
        while i < len(lines) and _captions(lines[i], is_caption):
            i += 1
        start = i
        while i < len(lines) and not _captions(lines[i], is_caption) and not NOTE.match(lines[i].text):
            i += 1
        region = list(range(start, i))
        piece = _read(lines, region, page, is_caption, settings)
        if piece is not None:
            pieces.append(piece)
            used.update(region)
    return pieces, [ln for k, ln in enumerate(lines) if k not in used]


def _captions(line: TextLine, is_caption) -> bool:
    return bool(is_caption(line.text) or states_unit(line))


def _cells(line: TextLine) -> bool:
    """Is a line cells of a table printing no amount, not prose? Zeros (合计 0) are no amount;
    a figure is, even without separators (752 | 740: the unruled finder's, or nobody's)."""
    c = compact(line.text)
    return len(c) <= 60 and not _CLAUSE.search(c) and not any(
        _MONEY.search(w.text) or (is_amount_text(w.text) and w.text.strip("0.-－— ") != "")
        for w in line.words[1:] if not CODE.match(compact(w.text)))


def _apart(line: TextLine, size: float) -> int:
    """How many gaps of two spaces and more part the line's words (cells, not a sentence)."""
    ws = line.words
    return sum(1 for a, b in zip(ws, ws[1:]) if b.x0 - a.x1 >= 2 * size)


def _starts_row(line: TextLine) -> bool:
    """A code, an ordinal, … or a total label alone or beside totals (本年收入合计 | 本年支出合计);
    合计 beside header labels is a header's."""
    first = compact(line.words[0].text)
    alone = all(is_amount_text(w.text) or TOTAL.search(compact(w.text)) for w in line.words[1:])
    return bool(CODE.match(first) or ORDINAL.match(first).group("ordinal") or (TOTAL.search(first) and alone)
                or _ELLIPSIS.match(first))


def _read(lines, region, page, is_caption, settings) -> Piece | None:
    if len(region) < 2 or not all(_cells(lines[k]) for k in region):
        return None
    size = max(lines[k].size for k in region)
    # cells set apart (two spaces and more) on two lines, or three on one, and a header naming
    # budget columns (a contents page's last lines are no table: 第三部分 2019 年度…说明)
    apart = [_apart(lines[k], size) for k in region]
    if not (sum(1 for a in apart if a) >= 2 or max(apart) >= 2) or \
            not any(_HEADER_WORD.search(compact(w.text)) for k in region for w in lines[k].words):
        return None
    body_at = next((n for n, k in enumerate(region) if _starts_row(lines[k])), len(region))
    header = [lines[k] for k in region[:body_at]]
    body = [lines[k] for k in region[body_at:]]
    if not header:
        return None
    if not body and (split := _total_on_header_line(header[-1], header[:-1])):
        header[-1], total = split
        body = [total]
    # columns: the header's leaves (words no header word stands under, near them), each
    # widened by the body words standing over it or nearest to it; borders half way between
    words = header_words(header, [w for ln in body for w in ln.words])
    reach = 2 * size

    def under(v: Word, w: Word) -> bool:
        return v is not w and v.top > w.bottom and v.x0 < w.x1 + reach and w.x0 - reach < v.x1

    def gap(v: Word, w: Word) -> float:
        return max(0.0, v.x0 - printed_x1(w), w.x0 - v.x1)

    # (a word under two labels is the nearer one's, each taken as wide as it printed: 项目支出
    # under 本年支出, not under 年末结转和结余 beside it, a leaf; and a word a group's label is
    # centred over, with words on both sides of its middle, is that group's, however near
    # another label a dump sets it: 本年支出 centred over 合计 | 基本支出 | 项目支出)
    groups = [(w, span) for w in words if (span := group_span(w, lines_of(
        [v for v in words if v.top > w.bottom]), printed=True))]

    def group_of(v: Word) -> Word | None:
        heads = [w for w, (x0, x1) in groups if v.top > w.bottom and x0 <= v.x0 and v.x1 <= x1]
        return max(heads, key=lambda w: w.top) if heads else None

    def below(v: Word, w: Word) -> bool:
        head = group_of(v)
        if head is not None:
            return head is w
        return under(v, w) and all(gap(v, w) <= gap(v, u) for u in words if u is not w and under(v, u))

    leaves = sorted((w for w in words if not any(below(v, w) for v in words)), key=lambda w: w.x0)
    spans = _joined([(w.x0, w.x1) for w in leaves])
    if len(spans) < 2:
        return None
    # a body's codes stand in a column its header names codes (科目编码), its labels in one it
    # names names (科目名称), however far off their left-aligned words a dump centres those
    # labels: the nearest such column (a two-sided table has two of each); other words (…)
    # go to the column nearest them
    def gap(k: int, w) -> float:
        return max(0.0, spans[k][0] - w.x1, w.x0 - spans[k][1])

    same = len(spans) == len(leaves)          # (leaves that overlap are one column)
    codes = [k for k, w in enumerate(leaves) if same and CODE_HEADER.search(compact(w.text))]
    names = [k for k, w in enumerate(leaves) if same and NAME_HEADER.search(compact(w.text))]
    for w in (w for ln in body for w in _code_split(ln.words)):
        text = compact(w.text)
        if CODE.match(text):
            home = codes
        elif not is_amount_text(w.text) and not _ELLIPSIS.match(text):
            home = [k for k in names if w.x0 < spans[k][1]]
        else:
            home = []
        k = min(home or range(len(spans)), key=lambda k: gap(k, w))
        spans[k] = (min(spans[k][0], w.x0), max(spans[k][1], w.x1))
    if same:
        # columns of their own leaves that the body's words made overlap (a dump sets some
        # lines off the others: 31007 at the labels' 30207's left, 更新 left of 邮电费) part
        # where the right one's words start, left-aligned as labels and codes are
        for k in range(len(spans) - 1):
            (a0, a1), (b0, b1) = spans[k], spans[k + 1]
            if b0 < a1 and a0 < b0:
                spans[k] = (a0, b0 - 0.01 * size)
    spans = _joined(sorted(spans))
    left = min(min(ln.x0 for ln in header), min((ln.x0 for ln in body), default=float("inf")))
    right = max(max(ln.x1 for ln in header), max((ln.x1 for ln in body), default=0.0))
    xs = [left - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [right + 1]
    # rows: each body line one (a row of a blank table prints its label alone), but a label
    # wrapped round its code (其他文化旅游体育与传媒支 / 20799 / 出, 文化旅游体育 / 207 / 与传媒支出:
    # the code printed alone) is one row with it, and a short tail (出, 险缴费) goes on the row
    # above
    all_lines = header + body
    n_header = len(header)
    bands: list[list[int]] = [[k] for k in range(n_header)]
    pending: list[int] = []
    split_round = False       # the last row is a code printed alone between its label's lines
    above: TextLine | None = None   # the label line over the last row's code, its tail to come
    for k in range(n_header, len(all_lines)):
        ln = all_lines[k]
        nxt = all_lines[k + 1] if k + 1 < len(all_lines) else None
        if _starts_row(ln):
            split_round = bool(pending) and len(ln.words) == 1
            above = all_lines[pending[-1]] if pending else None
            bands.append(pending + [k])
            pending = []
        elif above is not None and not pending and len(compact(ln.text)) <= 4 and \
                ln.x0 < printed_x1(above.words[-1]) and above.x0 < printed_x1(ln.words[-1]):
            # the short tail of a label wrapped round its code, under it, though the next
            # line opens a row (机关事业单位基本养老保 / 30108 … 30206 电费 / 险缴费 / 30109 …)
            bands[-1].append(k)
            above = None
        elif nxt is not None and CODE.match(compact(nxt.words[0].text)):
            split_round, above = False, None
            pending.append(k)
        elif len(bands) > n_header and (len(compact(ln.text)) <= 4 or pending or split_round):
            # (文化旅游体育 / 207 / 与传媒支出: the label's tail under its code)
            split_round, above = False, None
            bands[-1].append(k)
        else:
            above = None
            bands.append(pending + [k])
            pending = []
    if pending:
        bands.append(pending)
    if len(bands) == n_header:
        # a header only: one blank row under it, as its grid prints
        last = all_lines[-1]
        all_lines.append(TextLine((), last.x0, last.bottom + size, last.x1, last.bottom + 2 * size, size))
        bands.append([len(all_lines) - 1])
    tops = [min(all_lines[k].top for k in b) for b in bands]
    bottoms = [max(all_lines[k].bottom for k in b) for b in bands]
    ys = [tops[0] - 1] + [(bottoms[n - 1] + tops[n]) / 2 for n in range(1, len(bands))] + [bottoms[-1] + 1]
    grid = synthetic_grid(xs, ys, all_lines, bands, n_header)
    return GridTable(grid, page, is_caption, settings).piece()


def _total_on_header_line(line: TextLine, above: list[TextLine]) -> tuple[TextLine, TextLine] | None:
    """A blank table's total row printed on its header's last line: 合计 under 项目 | 科目名称,
    level with the leaves of a group beside it (本年支出's 合计 | 基本支出 | 项目支出), as
    pdftotext sets a row that stands level with header cells. (The header line without it,
    the total as a row of its own a line lower), or None."""
    first, rest = line.words[0], line.words[1:]
    names = [w for h in above for w in h.words
             if CODE_HEADER.search(compact(w.text)) or NAME_HEADER.search(compact(w.text))]
    if not rest or not names or not TOTAL.search(compact(first.text)):
        return None
    edge = max(w.x1 for w in names)
    if first.x0 >= edge or rest[0].x0 < edge or any(is_amount_text(w.text) for w in rest):
        return None
    dy = line.bottom - line.top + line.size

    def lower(w: Word) -> Word:
        return Word(w.text, w.x0, w.top + dy, w.x1, w.bottom + dy, w.size,
                    tuple(ch._replace(top=ch.top + dy, bottom=ch.bottom + dy) for ch in w.chars))
    head = TextLine(tuple(rest), rest[0].x0, line.top, line.x1, line.bottom, line.size)
    total = TextLine((lower(first),), first.x0, line.top + dy, first.x1, line.bottom + dy, line.size)
    return head, total


def continued_rows(lines: list, layout: Layout, page: int, is_caption) -> tuple[Piece, int] | None:
    """A blank table continued on the next page with its rows only: no caption, no header,
    no amount (十六、金融支出 … 本年支出合计 … 总计, under the 财政拨款收入支出决算总表 begun on the
    page before). The page's leading items, while they are text lines that are cells, are read
    into the table's label columns (`layout`) by where each word starts: the column whose
    span holds it, else the nearest. Each line is a row; a short tail (出) goes on the row
    above, as in a blank table's body. (The piece, how many items it took), or None."""
    n = 0
    while n < len(lines) and isinstance(lines[n], TextLine) and lines[n].words and \
            not _captions(lines[n], is_caption) and not NOTE.match(lines[n].text) and _cells(lines[n]):
        n += 1
    region = lines[:n]
    # the rows end at the table's note or at the page's end (short headings over a page of
    # prose are no rows)
    rest = [it for it in lines[n:] if not (isinstance(it, TextLine) and is_page_number(it.text.strip()))]
    ends = not rest or (isinstance(rest[0], TextLine) and bool(NOTE.match(rest[0].text)))
    if n < 2 or not ends or not any(_starts_row(ln) for ln in region):
        return None
    label_cols = [j for j, c in enumerate(layout.columns) if c.role in (CODE_ROLE, NAME_ROLE)]
    if not label_cols or any(is_amount_text(w.text) for ln in region for w in ln.words):
        return None

    def column(w: Word) -> int:
        inside = [j for j in label_cols if layout.col_x[j][0] <= w.x0 < layout.col_x[j][1]]
        return inside[0] if inside else min(label_cols, key=lambda j: abs(layout.col_x[j][0] - w.x0))
    rows: list[list[str | None]] = []
    for ln in region:
        tail = len(ln.words) == 1 and len(compact(ln.text)) <= 4 and not _starts_row(ln) \
            and not TOTAL.search(compact(ln.text))
        if tail and rows and rows[-1][column(ln.words[0])] is not None:
            rows[-1][column(ln.words[0])] += compact(ln.text)
            continue
        cells: list[str | None] = [None] * len(layout.columns)
        for w in ln.words:
            j = column(w)
            cells[j] = (cells[j] or "") + compact(w.text)
        rows.append(cells)
    raw = [RawRow(page, tuple(r)) for r in rows]
    return Piece(page, region[0].top, region[-1].bottom, layout, raw, False), n


def _code_split(words) -> list[Word]:
    """A code glued to its label (30207邮电费: a dump that set no space between them) as two
    words, the code and the label, so that each widens its own column."""
    out: list[Word] = []
    for w in words:
        m = LEADING_CODE.match(w.text)
        n = len(m.group("code")) if m else 0
        if not m or len(w.chars) != len(w.text) or n >= len(w.chars):
            out.append(w)
            continue
        a, b = w.chars[:n], w.chars[n:]
        out.append(Word(w.text[:n], a[0].x0, w.top, a[-1].x1, w.bottom, w.size, tuple(a)))
        out.append(Word(w.text[n:].strip(), b[0].x0, w.top, b[-1].x1, w.bottom, w.size, tuple(b)))
    return out


def _joined(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


__all__ = ["find_blank_tables", "continued_rows"]
