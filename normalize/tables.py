"""A raw table (printed strings aligned to columns) → a typed `Table` of `Row`s.

Per row and side: the code (code cells joined, e.g. 208|05|05 → 2080505, else a code printed
in the label such as [2012901]), its system, level and parent; the ordinal and the clean name;
exact amounts; text cells. Rows without a code get their level from indentation and outline
ordinal (ranked per side: the shallowest is level 1); total rows (合计, 总计, 小计) are level 0,
unless they head a group of the outline ((一)税收收入小计 under 一般公共预算收入).

Percent columns (为预算%, 比上年增长%: the catalogue's percent markers in the header) become
their own value type: `Row.percents`, unit %, never an amount. A column of ordinals printed
beside the labels (序号: 一 / (一) / 1) gives each row its ordinal and so its level.
"""

from __future__ import annotations

from dataclasses import replace

import regex as re

from ..errors import ParseError
from .. import catalogue as _catalogue
from ..model import AMOUNT, CODE, NAME, PERCENT, TEXT, Column, RawTable, Row, Table, split_sides
from ..patterns import OF_WHICH
from .amounts import parse_amount
from .codes import classify
from .names import parse_label

_OUTLINE = [re.compile(p) for p in (r"^[一二三四五六七八九十百]+、", r"^[（(][一二三四五六七八九十百]+[)）]",
                                      r"^\d+[.．、]", r"^[（(]\d+[)）]", r"^[①-⑳]", r"^[-—]+")]


# an ordinal printed alone in a 序号 column: 一 / 二十 / (一) / （十二） / 1 / (1)
_BARE_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百]+|[（(][一二三四五六七八九十百]+[)）]|\d{1,3}|[（(]\d{1,3}[)）])$")
_BARE_DEPTH = [re.compile(p) for p in (r"^[一二三四五六七八九十百]+$", r"^[（(][一二三四五六七八九十百]+[)）]$",
                                       r"^\d+$", r"^[（(]\d+[)）]$")]


def typed_columns(raw: RawTable, catalogue=None) -> tuple[tuple[Column, ...], frozenset[int]]:
    """The table's columns with percentages typed (an amount column whose header holds a
    percent marker: role percent), and the indexes of ordinal columns (a 序号 column whose
    cells are ordinals), which are read into the rows' ordinals, not kept as text."""
    cat = catalogue or _catalogue.default()
    columns = tuple(Column(c.path, PERCENT) if c.role == AMOUNT and cat.is_percent(c) else c
                    for c in raw.columns)
    ordinal_at = set()
    for i, c in enumerate(columns):
        # a 序号 column holds ordinals whatever role its layout suggested (single digits
        # printed flush look like right-aligned amounts)
        if c.role not in (TEXT, NAME, AMOUNT) or not cat.is_ordinal_header(c):
            continue
        cells = [r.cells[i].strip() for r in raw.rows if r.cells[i] and r.cells[i].strip()]
        bare = sum(1 for x in cells if _BARE_ORDINAL.match(x))
        if cells and bare >= 0.8 * len(cells):
            ordinal_at.add(i)
    if any(c.role == NAME for i, c in enumerate(columns) if i not in ordinal_at):
        return columns, frozenset(ordinal_at)
    return columns, frozenset()


def bare_ordinal_depth(ordinal: str) -> int:
    """Depth of an ordinal printed alone (一 > (一) > 1 > (1)), as outline_depth ranks them."""
    for depth, pattern in enumerate(_BARE_DEPTH):
        if pattern.match(ordinal):
            return depth
    return outline_depth(ordinal)


def normalize_table(raw: RawTable, no: int, *, code_system: str | None = None,
                    unit: str | None = None, year: int | None = None, catalogue=None) -> Table:
    warnings = list(raw.warnings)
    where = raw.label or raw.title
    columns, renamed = unique_columns(raw.columns)
    if renamed:
        first = f"page {raw.pages[0]}: " if raw.pages else ""
        warnings += [first + w for w in renamed]
        raw = replace(raw, columns=columns)
    drafts = []   # (side index, printed order, dict)
    columns, ordinal_at = typed_columns(raw, catalogue)
    raw = replace(raw, columns=columns)
    sides = split_sides(raw.columns)
    outline = Outline(raw)
    for order, raw_row in enumerate(raw.rows):
        for s, side, cols, label_side in _side_parts(raw, raw_row, sides):
            # (the code's parts named in its column, 类 款 项, are the header's line, set by a
            # layout dump on the first row's: no code)
            parts = [raw_row.cells[i] for i, c in cols if c.role == CODE and raw_row.cells[i]
                     and not (catalogue is not None and catalogue.is_code_parts(raw_row.cells[i]))]
            # 类/款/项 in columns of their own: 款 and 项 are two digits (Excel drops the zero
            # of 02 and prints 2)
            codes = parts[0] + "".join(p.zfill(2) for p in parts[1:]) if parts else ""
            name_cell = next((raw_row.cells[i] for i, c in cols
                              if c.role == NAME and i not in ordinal_at), None)
            printed = next((raw_row.cells[i].strip() for i, _ in cols
                            if i in ordinal_at and raw_row.cells[i] and raw_row.cells[i].strip()), None)
            if printed and not _BARE_ORDINAL.match(printed):
                # a label drawn across the ordinal column (一般公共预算支出合计): part of the label
                name_cell, printed = printed + (name_cell or "").strip(), None
            label = parse_label(name_cell, code_from_name=not codes)
            code = codes or label.code
            values, texts, percents = {}, {}, {}
            for i, column in cols:
                if i in ordinal_at:
                    continue
                if column.role in (AMOUNT, PERCENT):
                    cell = raw_row.cells[i]
                    if column.role == PERCENT and cell:
                        cell = cell.strip().rstrip("%％")
                    try:
                        value = parse_amount(cell)
                    except ParseError as e:
                        value = None
                        warnings.append(str(e.located(page=raw_row.page, table=where,
                                                      column=column.key)) + "; kept as blank")
                    (values if column.role == AMOUNT else percents)[column.key] = value
                elif column.role == TEXT:
                    texts[column.key] = raw_row.cells[i]
            ordinal = label.ordinal if not printed else printed
            depth = bare_ordinal_depth(printed) if printed else outline_depth(label.ordinal)
            name_at = next((i for i, c in cols if c.role == NAME), None)
            labels = outline.path(name_at, raw_row, texts) or label.name
            info = classify(code, code_system) if code else None
            drafts.append((s, order, dict(
                page=raw_row.page, name=label.name, values=values, texts=texts,
                side=label_side or None, code=code or None,
                code_system=info.system if info else None,
                level=info.level if info else None,
                parent_code=info.parent if info else None, ordinal=ordinal, percents=percents, labels=labels,
                _indent=(0 if printed else label.indent, depth),
                _ordered=bool(ordinal and OF_WHICH.sub("", ordinal).strip()),
                # a 小计 with an outline ordinal heads its group ((一)税收收入小计): not a total
                _total=label.is_total and not (ordinal and outline_depth(ordinal) < 5
                                               and not OF_WHICH.match(ordinal)))))
    _unit_rows_as_totals(drafts)
    _levels_from_indent(drafts)
    drafts.sort(key=lambda d: (d[0], d[1]))
    rows = []
    for n, (_, _, d) in enumerate(drafts, 1):
        d.pop("_indent"), d.pop("_total"), d.pop("_ordered")
        rows.append(Row(row_no=n, **d))
    kept = tuple(c for i, c in enumerate(raw.columns) if i not in ordinal_at)
    return Table(no=no, label=raw.label, title=raw.title, kind=raw.kind, unit=raw.unit or unit,
                 columns=kept, rows=tuple(rows), pages=raw.pages, note=raw.note,
                 entity=raw.entity, header_source=raw.header_source, warnings=tuple(warnings),
                 year=year)


# the suffix the later of two columns printed with one header path gets: 预算数, 预算数(2)
_SUFFIXED = re.compile(r"^(?P<leaf>.+)\((?P<n>\d+)\)$")
# names of the tidy table's own columns (frames.BASE_COLUMNS): no header path may take them
_RESERVED = frozenset(("row_no", "side", "code", "name", "ordinal", "level", "parent_code", "page"))


def unique_columns(columns: tuple[Column, ...]) -> tuple[tuple[Column, ...], list[str]]:
    """Header paths printed twice made unique, and a warning for each.

    Every amount and text column must have a name of its own in the tidy table and the facts
    (an amount column of a two-sided table is named below its side: 收入/预算数 → 预算数, and
    the sides share such names on purpose): the later of two columns printed with one path
    gets (2), (3)… on its leaf. A path that the reader already suffixed (a ruled header whose
    cells the rulings could not tell apart) is reported the same way."""
    sides = split_sides(columns)
    side_of = {i: k for k, sd in enumerate(sides) for i in sd.columns}
    sided = len(sides) > 1
    out = list(columns)
    notes: list[str] = []

    def name(col: Column) -> str:
        if sided and col.role == AMOUNT:
            label = next((s.label for s in sides if col.path[:len(s.prefix)] == s.prefix), "")
            if label and col.key.startswith(label + "/"):
                return col.key[len(label) + 1:]
        return col.key

    # an amount name is one per side; a text name is one in the whole table; none reserved
    taken: set[tuple] = set()          # (side, amount name)
    names: set[str] = set()            # every amount and text name so far
    texts: set[str] = set()            # text names so far
    for i, col in enumerate(columns):
        if col.role not in (AMOUNT, TEXT):
            continue
        n = name(col)
        if not _free(n, col.role, side_of[i], taken, names, texts):
            k = 2
            while True:
                renamed = replace(col, path=col.path[:-1] + (f"{col.path[-1]}({k})",))
                n = name(renamed)
                if _free(n, col.role, side_of[i], taken, names, texts) and n not in names:
                    break
                k += 1
            out[i] = renamed
            notes.append(f"header path {col.key} printed twice: the later column is named "
                         f"{renamed.key}")
        else:
            m = _SUFFIXED.match(col.path[-1])
            if m:
                plain = col.path[:-1] + (m.group("leaf"),)
                if any(out[j].path == plain and side_of[j] == side_of[i] for j in range(i)):
                    notes.append(f"header path {'/'.join(plain)} printed twice: the later "
                                 f"column is named {col.key}")
        if col.role == AMOUNT:
            taken.add((side_of[i], n))
        else:
            texts.add(n)
        names.add(n)
    return tuple(out), notes


def _free(n: str, role: str, side: int, taken: set, names: set, texts: set) -> bool:
    """May a column of this role on this side take the name n?"""
    if n in _RESERVED:
        return False
    if role == TEXT:
        return n not in names
    return (side, n) not in taken and n not in texts


def _unit_rows_as_totals(drafts) -> None:
    """A row whose code fits no classification in a table of classified rows (105236 西南大学:
    a 单位 code over the 功能分类 rows of that unit) is the unit's subtotal, not a 类 beside
    the others: level 0, like a 合计."""
    if not any(d["level"] for _, _, d in drafts if d["code"]):
        return
    for _, _, d in drafts:
        if d["code"] and d["code"].isdigit() and d["level"] is None:
            d["_total"] = True


class Outline:
    """The label paths of an outline printed in several label columns (采购品目大类 | 专项名称 |
    经济科目 | 采购物品名称), over the whole table, pages included: each row prints some of its
    labels (a 专项 only on the first row of its group); the others are carried down from the
    rows above. A label printed in a column starts a new group there: the labels printed
    deeper above it no longer apply. A row printing none repeats the row above (物业管理服务
    bought two ways). The text column of each label column gets the carried label, so that
    every row of the table's CSV names all of its outline."""

    def __init__(self, raw: RawTable) -> None:
        self.columns = raw.columns
        self.current: dict[int, dict[int, str]] = {}   # label leaf -> {text leaf: label}
        self.deepest: dict[int, int] = {}

    def path(self, name_at: int | None, raw_row, texts: dict) -> str:
        printed = dict(raw_row.labels).get(name_at)
        if name_at is None or (printed is None and name_at not in self.current):
            return ""
        current = self.current.setdefault(name_at, {})
        if printed:
            top = min(leaf for leaf, _ in printed)
            for leaf in [x for x in current if x >= top]:
                del current[leaf]
            current.update(printed)
            self.deepest[name_at] = max(leaf for leaf, _ in printed)
        deepest = self.deepest.get(name_at, -1)
        path = []
        for leaf in sorted(current):
            if leaf <= deepest:
                texts[self.columns[leaf].key] = current[leaf]
                path.append(parse_label(current[leaf], code_from_name=False).name)
        return "/".join(p for p in path if p)


def _side_parts(raw: RawTable, raw_row, sides):
    """(side index, side, its columns, side label) for each side printed in this row.

    A label cell drawn across the label columns of several sides (当年支出小计 across 功能分类
    and 支出用途, its amount in the last column) makes those sides one item, on the side they
    share (支出); the columns under the label are not cells of that row. Text dumps, which know
    no spans, show the same thing as one side with a label and no amounts followed by one with
    amounts and no label."""
    parts = []
    covered = {i for a, b in raw_row.spans for i in range(a, b)}
    span_of = {i: (a, b) for a, b in raw_row.spans for i in range(a, b)}
    if all(cell is None for cell in raw_row.cells):
        # a table's one data row printed blank (an empty 三公 table): one item, no values
        return [(0, sides[0], [(i, raw.columns[i]) for i in sides[0].columns], sides[0].label)]
    for s, side in enumerate(sides):
        cols = [(i, raw.columns[i]) for i in side.columns]
        if all(raw_row.cells[i] is None for i, _ in cols) and not any(i in covered for i, _ in cols):
            continue
        labelled = any(raw_row.cells[i] is not None for i, c in cols if c.role in (CODE, NAME))
        valued = any(raw_row.cells[i] is not None for i, c in cols if c.role == AMOUNT)
        joined = parts and any(i in covered and span_of[i][0] < side.columns[0] for i, _ in cols)
        if joined or (parts and not raw_row.spans and not labelled and parts[-1][4] and not parts[-1][5]):
            ps, pside, pcols, plabel, _, _ = parts[-1]
            keep = [(i, c) for i, c in cols if i not in covered or span_of[i][0] == i]
            shared = _common(pside.prefix, side.prefix)
            parts[-1] = (ps, pside, pcols + keep, "/".join(shared) or plabel, True, valued)
            continue
        parts.append((s, side, cols, side.label, labelled, valued))
    out = []
    for s, side, cols, label, _, _ in parts:
        own = [(i, c) for i, c in cols
               if not (i in covered and span_of[i][0] != i and c.role == AMOUNT)]
        out.append((s, side, own, label))
    return out


def _common(a: tuple, b: tuple) -> tuple:
    out = []
    for x, y in zip(a, b):
        if x != y:
            break
        out.append(x)
    return tuple(out)


def outline_depth(ordinal: str | None) -> int:
    """Depth of an ordinal in the Chinese outline: 一、 > （一） > 1. > （1） > ① > --; a label
    without one sits with 一、. Where indentation does not tell two rows apart, this does
    (一、财政拨款收入 over 1. 一般公共预算资金 printed at the same indent)."""
    if not ordinal:
        return 0
    o = OF_WHICH.sub("", ordinal).strip()
    if not o:
        return 0
    for depth, pattern in enumerate(_OUTLINE):
        if pattern.match(o):
            return depth
    return len(_OUTLINE)


def _levels_from_indent(drafts) -> None:
    """Level 0 for totals; for rows whose code gave no level, the rank of their (indent,
    outline depth) among the side's other such rows (shallowest = 1)."""
    # one kind of ordinal sits at one indent, the smallest its rows print at: (一) in half-width
    # brackets starts a character further left or right than （二）, yet both are level 2
    at: dict[tuple[int, int], int] = {}
    for s, _, d in drafts:
        if d["_ordered"]:
            indent, depth = d["_indent"]
            at[(s, depth)] = min(indent, at.get((s, depth), indent))
    for s, _, d in drafts:
        if d["_ordered"]:
            d["_indent"] = (at[(s, d["_indent"][1])], d["_indent"][1])
    by_side: dict[int, set[int]] = {}
    for s, _, d in drafts:
        if d["level"] is None and not d["_total"]:
            by_side.setdefault(s, set()).add(d["_indent"])
    for s, _, d in drafts:
        if d["level"] is not None:
            continue
        if d["_total"]:
            d["level"] = 0
        else:
            d["level"] = sorted(by_side[s]).index(d["_indent"]) + 1
            d["_ranked"] = True
    # 其中：before the first item of a list whose other items are printed a little left of that
    # item (其中：城乡义务教育补助经费 / 校舍加固维修…): the 其中 row is one of those items
    for s in by_side:
        side = [d for t, _, d in drafts if t == s]
        for i in range(1, len(side) - 1):
            row, nxt, prev = side[i], side[i + 1], side[i - 1]
            if row.get("_ranked") and nxt.get("_ranked") and row["ordinal"] \
                    and OF_WHICH.match(row["ordinal"]) and not OF_WHICH.sub("", row["ordinal"]).strip() \
                    and not nxt["ordinal"] and prev["level"] < nxt["level"] < row["level"]:
                row["level"] = nxt["level"]
    for _, _, d in drafts:
        d.pop("_ranked", None)


def row_paths(table: Table) -> dict[int, tuple[str, ...]]:
    """Each row's label path from outer to inner, read from the levels: the names of the
    nearest rows above it (same side) at each shallower level, then its own. An outline of
    ordinals prints 行政运行 under every 款; its path (一般公共服务支出, 人大事务, 行政运行) tells
    them apart. Totals (level 0) are their own path and no row's ancestor."""
    out: dict[int, tuple[str, ...]] = {}
    above: dict[str | None, dict[int, str]] = {}
    for row in table.rows:
        chain = above.setdefault(row.side, {})
        level = row.level or 0
        if level <= 0:
            out[row.row_no] = (row.name,)
            continue
        for deeper in [lv for lv in chain if lv >= level]:
            del chain[deeper]
        out[row.row_no] = tuple(chain[lv] for lv in sorted(chain)) + (row.name,)
        chain[level] = row.name
    return out
