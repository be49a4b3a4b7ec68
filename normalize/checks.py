"""A disclosure checks itself: its numbers must add up. These identities tell the user how far
the extracted data can be trusted, and find extraction mistakes before a user does.

Within a table (structure, no knowledge needed):
1. `hierarchy`: children sum to their parent — 项 → 款 → 类 by function code, 30101 → 301 by
   economic code, and for rows without codes by indentation (a breakdown introduced by 其中：
   is partial: its parts may not exceed their whole).
2. `total`: a total row (合计, 总计, 小计) equals what it totals: the items printed above it
   (本年收入合计 = 一 + 二 + 三) plus the total before them (收入总计 = 本年收入合计 + 四 + 五 …),
   or, printed first, the items (or subtotals) below it.
3. `columns`: a header group's 合计 / 小计 column equals its other columns (合计 = 基本支出 +
   项目支出; 财政拨款/合计 = 一般公共预算 + …), row by row.
4. `balance`: a two-sided table's income total equals its expenditure total.
Across tables and prose (knowledge, from catalogue.toml):
5. `cross_table`: the same quantity printed in two tables agrees ([[identity]]).
6. `prose`: figures stated in the text agree with the tables ([[prose]]), in 元 or 万元.

Amounts printed blank count as zero in a sum; a check whose amounts are all blank is not
made. Tolerance from printed precision: each cell involved may be off by half a unit of the
last place it prints (534.77 by 0.005, 24,840,779 by 0.5), and the allowed difference is that
summed over the cells (in the unit compared). A printed zero is taken as exact (documents print
0 for nothing, never for a rounded amount). A pass whose difference is not zero is a
"rounding" pass (`Check.rounding`), reported as such. A check that cannot run (a table or row
missing) is "skip", never "pass".

Which columns are amounts: only columns of role AMOUNT whose values are not percentages (a
header printing %, or a column whose unit is %); attribute columns (采购组织形式) are typed
TEXT by the readers. A check over a table read with warnings says so in its note.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Iterable, Sequence

from ..catalogue import Breakdown, Catalogue, Identity, Selector
from ..chars import key
from ..model import AMOUNT, FAIL, PASS, SKIP, Check, CheckSpill, Column, Document, ProseFact, Row, Table
from ..patterns import OF_WHICH, TOTAL

GROUP_OWN = ("金额",)      # a header group's own amount, beside its 其中 columns
ZERO = Decimal(0)
FIVE = Decimal(5)
_HALF = {e: FIVE.scaleb(e - 1) for e in range(-12, 1)}
SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "百万元": Decimal(10) ** 6,
         "千万元": Decimal(10) ** 7, "亿元": Decimal(10) ** 8}


def zero_if_blank(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value


def half_unit(value: Decimal | None) -> Decimal:
    """How far a printed amount may be from the exact one: half a unit of its last printed
    place (534.77 → 0.005, 24840779 → 0.5). Blank and zero are exact."""
    if value is None or not value:
        return ZERO
    # the exponent read off the text (Decimal.as_tuple builds a digit tuple: twice as slow)
    text = str(value)
    if "E" in text or "N" in text or "n" in text:
        exponent = value.as_tuple().exponent
        return FIVE.scaleb(exponent - 1) if isinstance(exponent, int) else ZERO
    dot = text.find(".")
    exponent = dot - len(text) + 1 if dot >= 0 else 0
    return _HALF.get(exponent) or FIVE.scaleb(exponent - 1)


def tolerance_of(values: Iterable[Decimal | None]) -> Decimal:
    """The allowed difference of an identity over these printed cells."""
    return sum((half_unit(v) for v in values), ZERO)


def _judge(found: Decimal, expected: Decimal, tolerance: Decimal, *, at_most: bool = False) -> str:
    if at_most:
        return PASS if found - expected >= -tolerance else FAIL
    return PASS if abs(found - expected) <= tolerance else FAIL


def _check(name: str, rule: str, status: str, table: Table, rows: list[Row], cells, expected,
           found, tolerance: Decimal, unit: str | None, note: str = "", partial: bool = False) -> Check:
    return Check(name=name, rule=rule, status=status, tables=(table.no,),
                 pages=tuple(sorted({r.page for r in rows})),
                 rows=tuple((table.no, r.row_no) for r in rows), cells=tuple(cells),
                 expected=expected, found=found, tolerance=tolerance, unit=unit, note=note,
                 partial=partial)


def _label(row: Row) -> str:
    # without a code a row is identified by its label path (two 会议费 under two 专项)
    return f"{row.code} {row.name}".strip() if row.code else (row.labels or row.name)


def _short(rows: list[Row], limit: int = 4) -> str:
    names = [r.code or r.name for r in rows]
    return " + ".join(names) if len(names) <= limit else f"{' + '.join(names[:limit])} + … ({len(names)} rows)"


# --------------------------------------------------------------------------- table structure

def _sides(table: Table) -> dict[str | None, list[Row]]:
    by: dict[str | None, list[Row]] = {}
    for row in table.rows:
        by.setdefault(row.side, []).append(row)
    return by


def _amount_keys(table: Table, rows: list[Row]) -> list[str]:
    keys: list[str] = []
    for row in rows:
        for k in row.values:
            if k not in keys:
                keys.append(k)
    return keys


def _sum_check(name: str, rule: str, table: Table, parent: Row, parts: list[Row], column: str,
               at_most: bool = False) -> Check | None:
    values = [parent.values.get(column)] + [p.values.get(column) for p in parts]
    if all(v is None for v in values):
        return None
    expected = sum((zero_if_blank(p.values.get(column)) for p in parts), ZERO)
    found = zero_if_blank(parent.values.get(column))
    tolerance = tolerance_of(values)
    status = _judge(found, expected, tolerance, at_most=at_most)
    cells = [(table.no, r.row_no, column) for r in [parent] + parts]
    note = "a breakdown introduced by 其中：may be partial" if at_most else ""
    return _check(name, f"{table.label or table.title}: {rule} [{column}]", status, table,
                  [parent] + parts, cells, expected, found, tolerance, table.unit, note, at_most)


def hierarchy_checks(table: Table) -> list[Check]:
    out = []
    for rows in _sides(table).values():
        keys = _amount_keys(table, rows)
        # by code: a 款 is the sum of its 项, a 类 of its 款
        by_parent: dict[str, list[Row]] = {}
        for r in rows:
            if r.parent_code:
                by_parent.setdefault(r.parent_code, []).append(r)
        for parent in rows:
            children = by_parent.get(parent.code) if parent.code else None
            if children:
                for k in keys:
                    c = _sum_check("hierarchy", f"{_label(parent)} = {_short(children)}", table,
                                   parent, children, k)
                    if c:
                        out.append(c)
        # by indentation, for rows without codes
        for i, parent in enumerate(rows):
            if parent.code or not parent.level:
                continue
            subtree = []
            for r in rows[i + 1:]:
                if r.level is None or r.level <= parent.level or r.code:
                    break
                subtree.append(r)
            # its children are the shallowest rows under it (an outline printed in columns
            # may skip a level a row leaves blank), or, where the rows carry label paths, the
            # rows its outline puts under it
            outline = _outline_children(parent, subtree)
            children = outline[0] if outline else _shallowest(subtree)
            if not children:
                continue
            partial = bool(children[0].ordinal and OF_WHICH.match(children[0].ordinal))
            parts = _joined(outline[1], "groups") if outline and outline[1] else _short(children)
            for k in keys:
                c = _sum_check("hierarchy", f"{_label(parent)} {'≥' if partial else '='} "
                               f"{parts}", table, parent, children, k, at_most=partial)
                if c:
                    out.append(c)
    return out


def _outline_children(parent: Row, subtree: list[Row]) -> tuple[list[Row], list[str]] | None:
    """In an outline printed in label columns the rows under a row by their label paths: for
    each label one level deeper, its own row, or where it prints none (服务C's 专项 over their
    经济科目 rows), the rows under that label, found the same way. The row is the sum of them.
    Also the labels one level deeper when some of them print no row (the groups to name in the
    rule). None when the rows carry no such paths."""
    outer = parent.labels.split("/") if parent.labels else []

    def extends(r: Row) -> bool:
        return r.labels.count("/") >= len(outer) and r.labels.split("/")[:len(outer)] == outer

    if not outer or not subtree or not extends(subtree[0]):
        return None
    # the rows under it end where the path leaves it (a deeper row of the next 专项)
    end = next((k for k, r in enumerate(subtree) if not extends(r)), len(subtree))
    subtree = subtree[:end]

    def under(depth: int, rows: list[Row]) -> list[Row]:
        by: dict[str, list[Row]] = {}
        for r in rows:
            by.setdefault(r.labels.split("/")[depth], []).append(r)
        out: list[Row] = []
        for members in by.values():
            own = [r for r in members if r.labels.count("/") == depth]
            out += own or under(depth + 1, members)
        return out

    children = under(len(outer), subtree)
    labels = list(dict.fromkeys(r.labels.split("/")[len(outer)] for r in subtree))
    own = {r.labels.split("/")[len(outer)] for r in subtree if r.labels.count("/") == len(outer)}
    names = [] if own >= set(labels) else labels
    return sorted(children, key=lambda r: r.row_no), names


def _joined(names: list[str], what: str, limit: int = 4) -> str:
    return " + ".join(names) if len(names) <= limit else \
        f"{' + '.join(names[:limit])} + … ({len(names)} {what})"


def _shallowest(rows: list[Row]) -> list[Row]:
    levels = [r.level for r in rows if r.level]
    if not levels:
        return []
    top = min(levels)
    return [r for r in rows if r.level == top]


def _positional(row: Row) -> list[str]:
    return list(row.values)


def _position_check(name: str, rule: str, table: Table, total: Row, parts: list[Row],
                    base: Row | None) -> list[Check]:
    """total = base + parts, column by column in order (sides of one table may name their
    columns differently: 支出/功能分类/金额 items against a 支出/支出用途/金额 total)."""
    out = []
    tcols = _positional(total)
    for i, column in enumerate(tcols):
        def at(r: Row, i: int = i) -> Decimal | None:
            cols = _positional(r)
            return r.values.get(cols[i]) if i < len(cols) else None
        involved = [total] + ([base] if base else []) + parts
        values = [at(r) for r in involved]
        if all(v is None for v in values):
            continue
        expected = sum((zero_if_blank(at(r)) for r in ([base] if base else []) + parts), ZERO)
        found = zero_if_blank(at(total))
        tolerance = tolerance_of(values)
        cells = [(table.no, r.row_no, _positional(r)[i]) for r in involved if i < len(_positional(r))]
        out.append(_check(name, f"{table.label or table.title}: {rule} [{column}]",
                          _judge(found, expected, tolerance), table, involved, cells, expected,
                          found, tolerance, table.unit))
    return out


def _group(row: Row) -> str | None:
    """The group of a row read from a label column spanning rows (一般公共预算资金/小计)."""
    group, slash, _ = row.name.rpartition("/")
    return group if slash and group else None


def group_checks(table: Table) -> list[Check]:
    """A group's total row = its items (一般公共预算资金/小计 = …/公共财政拨款资金 + …/专项收入)."""
    out = []
    for rows in _sides(table).values():
        groups: dict[str, list[Row]] = {}
        for r in rows:
            if _group(r):
                groups.setdefault(_group(r), []).append(r)
        for members in groups.values():
            totals = [r for r in members if r.level == 0]
            items = _shallowest([r for r in members if r.level])
            if len(totals) != 1 or not items:
                continue
            partial = bool(items[0].ordinal and OF_WHICH.match(items[0].ordinal))
            for k in _amount_keys(table, members):
                c = _sum_check("total", f"{totals[0].name} {'≥' if partial else '='} {_short(items)}",
                               table, totals[0], items, k, at_most=partial)
                if c:
                    out.append(c)
    return out


def _collapse_groups(rows: list[Row]) -> list[Row]:
    """Rows as the running totals see them: a group with a total row counts as one item, its
    total (its items were checked against it by group_checks)."""
    out = []
    for r in rows:
        g = _group(r)
        if g is None:
            out.append(r)
        elif r.level == 0:
            out.append(replace(r, level=1))
        elif not any(_group(x) == g and x.level == 0 for x in rows):
            out.append(r)
    return out


def total_checks(table: Table) -> list[Check]:
    """Running totals per side (step 2 of the module notes). A side whose label is a prefix of
    other sides' labels (支出 over 支出/功能分类 and 支出/支出用途) has its first total fed by
    each of those sides separately, and that total is then the base of the next."""
    out = []
    sides = _sides(table)
    for side, rows in sides.items():
        rows = _collapse_groups(rows)
        subs = [s for s in sides if side and s and s != side and s.startswith(side + "/")]
        totals = [i for i, r in enumerate(rows) if r.level == 0]
        running: set[int] = set()          # totals that summed what was printed before them
        for n, i in enumerate(totals):
            prev = totals[n - 1] if n else None
            nxt = totals[n + 1] if n + 1 < len(totals) else len(rows)
            before = [r for r in rows[(prev + 1 if prev is not None else 0):i] if r.level]
            after = [r for r in rows[i + 1:nxt] if r.level]
            total = rows[i]
            if prev is None and not before and subs:
                for s in subs:
                    items = _shallowest([r for r in sides[s] if r.level])
                    if items:
                        out += _position_check("total", f"{total.name} = {s}: {_short(items)}",
                                               table, total, items, None)
                running.add(i)
                continue
            if before:
                running.add(i)
                base = rows[prev] if prev is not None and prev in running else None
                items = _shallowest(before)
                rule = f"{total.name} = " + (f"{base.name} + " if base else "") + _short(items)
                out += _position_check("total", rule, table, total, items, base)
            elif after:
                items = _shallowest(after)
                out += _position_check("total", f"{total.name} = {_short(items)}", table, total,
                                       items, None)
            else:
                # a total followed by subtotals (合计 over each unit's 小计)
                subtotals = [rows[j] for j in totals[n + 1:]
                             if any(r.level for r in rows[j + 1:(_next(totals, j) or len(rows))])]
                if subtotals:
                    out += _position_check("total", f"{total.name} = {_short(subtotals)}", table,
                                           total, subtotals, None)
    return out


def _next(totals: list[int], j: int) -> int | None:
    later = [t for t in totals if t > j]
    return later[0] if later else None


def _is_total_label(label: str) -> bool:
    return bool(TOTAL.search(label))


def _is_group_total(label: str) -> bool:
    """A header group's own amount: its 合计 / 小计 leaf, or a leaf 金额 printed beside 其中
    columns (事业收入: 金额 | 其中：教育收费; the readers drop the 其中：)."""
    return _is_total_label(label) or key(label) in GROUP_OWN


def _partial_columns(total: tuple, parts: list) -> bool:
    """Columns that may not add up to their group's total: the parts of a 金额 leaf (其中
    columns), or the one column beside a 小计 (a breakdown of one is a 其中: 项目支出/小计 |
    其中：基本建设资金支出)."""
    return key(total[-1]) in GROUP_OWN or len(parts) == 1


def column_checks(table: Table) -> list[Check]:
    """A header group's 合计/小计 column = its other columns, row by row (step 3)."""
    out = []
    for side in table.sides:
        # a 其中 column is a part already inside its group's figure, not one more addend
        cols = [table.columns[i] for i in side.columns
                if is_amount_column(table.columns[i]) and not table.columns[i].breakdown]
        paths = [c.path[len(side.prefix):] for c in cols]
        keys = {p: c.key for p, c in zip(paths, cols)}
        groups: dict[tuple, list[tuple]] = {}
        for p in paths:
            for d in range(len(p)):
                groups.setdefault(p[:d], [])
                child = p[:d + 1]
                if child not in groups[p[:d]]:
                    groups[p[:d]].append(child)
        for node, children in groups.items():
            totals = [c for c in children if c in keys and _is_group_total(c[-1])]
            if len(totals) != 1 or len(children) < 2:
                continue
            total = totals[0]
            parts = [c for c in children if c != total]
            partial = _partial_columns(total, parts)
            for row in table.rows:
                if side.label and row.side != side.label:
                    continue
                found = row.values.get(keys[total])
                part_values = [_group_value(row, c, groups, keys) for c in parts]
                if found is None and all(v is None for v, _ in part_values):
                    continue
                expected = sum((zero_if_blank(v) for v, _ in part_values), ZERO)
                tolerance = half_unit(found) + sum((t for _, t in part_values), ZERO)
                cells = [(table.no, row.row_no, keys[p]) for p in keys if p[:len(node)] == node]
                rule = f"{'/'.join(total)} {'≥' if partial else '='} " + " + ".join("/".join(c) for c in parts)
                out.append(_check("columns", f"{table.label or table.title} {_label(row)}: {rule}",
                                  _judge(zero_if_blank(found), expected, tolerance, at_most=partial),
                                  table, [row], cells, expected, zero_if_blank(found), tolerance,
                                  table.unit, "a 其中 column may be partial" if partial else "", partial))
    return out


def _group_value(row: Row, node: tuple, groups: dict, keys: dict) -> tuple[Decimal | None, Decimal]:
    """A header group's value on a row (its 合计 leaf, else the sum of its parts) and the
    rounding the cells it was read from allow."""
    if node in keys:
        value = row.values.get(keys[node])
        return value, half_unit(value)
    children = groups.get(node, [])
    totals = [c for c in children if c in keys and _is_group_total(c[-1])]
    if len(totals) == 1:
        value = row.values.get(keys[totals[0]])
        return value, half_unit(value)
    values = [_group_value(row, c, groups, keys) for c in children]
    tolerance = sum((t for _, t in values), ZERO)
    if all(v is None for v, _ in values):
        return None, tolerance
    return sum((zero_if_blank(v) for v, _ in values), ZERO), tolerance


def balance_checks(table: Table) -> list[Check]:
    """Income total = expenditure total in a two-sided table (step 4)."""
    if not table.is_two_sided:
        return []
    income = _grand(table, "收入")
    spending = _grand(table, "支出")
    if income is None or spending is None:
        return []
    a, b = _first(income), _first(spending)
    if a is None and b is None:
        return []
    cells = [(table.no, income.row_no, next(iter(income.values), "")),
             (table.no, spending.row_no, next(iter(spending.values), ""))]
    tolerance = tolerance_of([a, b])
    return [_check("balance", f"{table.label or table.title}: {spending.name} = {income.name}",
                   _judge(zero_if_blank(b), zero_if_blank(a), tolerance), table, [income, spending], cells, zero_if_blank(a), zero_if_blank(b),
                   tolerance, table.unit)]


def _grand(table: Table, word: str) -> Row | None:
    rows = [r for r in table.rows if r.side and word in r.side.split("/")[0] and r.level == 0]
    return rows[-1] if rows else None


def _first(row: Row) -> Decimal | None:
    return next(iter(row.values.values()), None)


# --------------------------------------------------------------------------- across tables

class Resolver:
    """Finds the quantity a catalogue selector points at in a document."""

    def __init__(self, doc: Document, catalogue: Catalogue | None = None,
                 first: dict[str | None, Table] | None = None) -> None:
        self.doc = doc
        self.catalogue = catalogue
        # the first table of each kind, when the caller has met them already
        self._first: dict[str | None, Table] | None = first
        self.memo: dict = {}        # what callers index once per document (prose.py)

    def table(self, kind: str) -> Table | None:
        """The document's first table of a kind (indexed once: asked for every identity and
        every figure in the prose, which grow with the document as its tables do)."""
        if self._first is None:
            self._first = {}
            for t in self.doc.tables:
                self._first.setdefault(t.kind, t)
        return self._first.get(kind)

    def tables_of(self, kinds) -> Iterable[Table]:
        """The tables of any of these kinds (every table when none), in the document's order,
        read as they are asked for (a long document's tables are not all in memory)."""
        return _OfKinds(self.doc.tables, tuple(kinds or ()))

    def rows(self, table: Table, sel: Selector) -> list[Row]:
        rows = table.rows
        if sel.side:
            word = "收入" if sel.side == "income" else "支出"
            rows = [r for r in rows if r.side and word in r.side.split("/")[0]]
        return list(rows)

    def total(self, table: Table, sel: Selector) -> Row | None:
        rows = self.rows(table, sel)
        totals = [r for r in rows if r.level == 0]
        if not totals and len(rows) == 1 and not rows[0].name:
            totals = rows          # a table printing one unnamed row prints only its total
        if sel.row == "grand":
            return totals[-1] if totals else None
        if sel.row.startswith("named:"):
            names = {key(n) for n in sel.row[len("named:"):].split("|")}
            return next((r for r in rows if key(r.name) in names or key(r.labels) in names), None)
        named = [r for r in totals if key(r.name) in ("合计", "总计")]
        return (named or totals or [None])[0]

    def classes(self, table: Table, sel: Selector) -> dict[str, Row]:
        """The side's 类 rows by class code: rows with a 3-digit function code, or rows named
        as a known 类 (a summary table prints 一、一般公共服务支出 without its code 201)."""
        out: dict[str, Row] = {}
        for r in self.rows(table, sel):
            if r.code:
                if len(r.code) == 3 and r.code_system == "function":
                    out.setdefault(r.code, r)
            elif r.level == 1 and self.catalogue is not None:
                code = self.catalogue.class_code(r.name)
                if code:
                    out.setdefault(code, r)
        return out

    def grand_parts(self, table: Table, sel: Selector) -> list[Row]:
        """The rows whose sum is the quantity `sel` names: its total row; or, for a table
        printed in two sides with no side named (人员经费 | 公用经费 of a 基本支出 table), each
        side's grand total."""
        if sel.side is None and table.is_two_sided and sel.row == "total":
            parts = []
            for side in {r.side: None for r in table.rows if r.side}:
                totals = [r for r in table.rows if r.side == side and r.level == 0]
                if totals:
                    parts.append(totals[-1])
            if len(parts) > 1:
                return parts
        row = self.total(table, sel)
        return [row] if row is not None else []

    def value(self, table: Table, row: Row, column: str) -> tuple[Decimal | None, str | None]:
        value, key_, _ = self.measured(table, row, column)
        return value, key_

    def measured(self, table: Table, row: Row, column: str) -> tuple[Decimal | None, str | None, Decimal]:
        """(value, column key, rounding its printed cells allow, in the table's unit)."""
        if column == "first":
            k = next(iter(row.values), None)
            value = row.values.get(k) if k else None
            return value, k, half_unit(value)
        if column.startswith("group:"):
            label = column.split(":", 1)[1]
            keys = [k for k in row.values if label in k.split("/")]
            if not keys:
                return None, None, ZERO
            totals = [k for k in keys if _is_group_total(k.split("/")[-1])]
            if totals:
                value = row.values.get(totals[0])
                return value, totals[0], half_unit(value)
            values = [row.values.get(k) for k in keys]
            if all(v is None for v in values):
                return None, keys[0], ZERO
            return sum((zero_if_blank(v) for v in values), ZERO), keys[0], tolerance_of(values)
        keys = [k for k in row.values if k.split("/")[-1] == column]
        if not keys:
            return None, None, ZERO
        value = row.values.get(keys[0])
        return value, keys[0], half_unit(value)


class _OfKinds:
    """The tables of some kinds, iterated anew each time."""

    def __init__(self, tables, kinds: tuple) -> None:
        self.tables, self.kinds = tables, kinds

    def __iter__(self):
        return (t for t in self.tables if t.kind in self.kinds) if self.kinds else iter(self.tables)


def in_unit(value: Decimal, unit: str | None, target: str | None) -> Decimal:
    """value (in unit) expressed in the target unit."""
    if not unit or not target or unit == target or unit not in SCALE or target not in SCALE:
        return value
    return value * SCALE[unit] / SCALE[target]


def _coarser(*units: str | None) -> str | None:
    known = [u for u in units if u in SCALE]
    return max(known, key=lambda u: SCALE[u]) if known else None


def identity_checks(doc: Document, identities: Iterable[Identity],
                    catalogue: Catalogue | None = None, res: Resolver | None = None) -> list[Check]:
    res = res or Resolver(doc, catalogue)
    out = []
    for ident in identities:
        if ident.doc_type and doc.doc_type and ident.doc_type != doc.doc_type:
            continue                       # a rule of the other document type (预算 / 决算)
        left_t = res.table(ident.left.kind)
        right_ts = [(s, res.table(s.kind)) for s in ident.right]
        present = [(s, t) for s, t in right_ts if t is not None]
        if left_t is None or not present:
            missing = [ident.left.kind] if left_t is None else [s.kind for s, t in right_ts if t is None]
            out.append(Check("cross_table", ident.rule, SKIP, note="not in this document: " + ", ".join(missing)))
            continue
        if ident.left.row == "classes":
            out += _class_identity(res, ident, left_t, present)
            continue
        lrow = res.total(left_t, ident.left)
        rights = [(t, r, s) for s, t in present for r in res.grand_parts(t, s)]
        if lrow is None or any(not res.grand_parts(t, s) for s, t in present):
            missing = [sel for sel, t in [(ident.left, left_t)] + [(s, t) for s, t in present]
                       if (res.total(t, sel) if sel is ident.left else res.grand_parts(t, sel)) in (None, [])]
            where = "; ".join(f"{t.label or t.title}: no {_row_words(sel.row)}"
                              for sel in missing for t in [res.table(sel.kind)])
            out.append(Check("cross_table", ident.rule, SKIP, tables=(left_t.no,), note=where))
            continue
        lval, lkey, ltol = res.measured(left_t, lrow, ident.left.column)
        rvals = [(t, r, *res.measured(t, r, s.column)) for t, r, s in rights]
        if lkey is None or any(k is None for _, _, _, k, _ in rvals):
            out.append(Check("cross_table", ident.rule, SKIP, tables=(left_t.no,), note="column not found"))
            continue
        out.append(_cross(ident.rule, (left_t, lrow, lval, lkey, ltol), rvals))
    return out


def _row_words(row: str) -> str:
    if row.startswith("named:"):
        return "row named " + " / ".join(row[len("named:"):].split("|"))
    return {"grand": "grand total row"}.get(row, "total row")


def _cross(rule: str, left, rights) -> Check:
    """left = the sum of rights; each is (table, row, value, column key, rounding allowed)."""
    lt, lrow, lval, lkey, ltol = left
    if lval is None and all(v is None for _, _, v, _, _ in rights):
        # a blank template agrees with itself: that is no evidence
        return Check("cross_table", rule, SKIP, tables=tuple(sorted({lt.no, *(t.no for t, *_ in rights)})),
                     note="printed blank in every table")
    unit = _coarser(lt.unit, *(t.unit for t, *_ in rights))
    found = in_unit(zero_if_blank(lval), lt.unit, unit)
    expected = sum((in_unit(zero_if_blank(v), t.unit, unit) for t, _, v, _, _ in rights), ZERO)
    tolerance = in_unit(ltol, lt.unit, unit) + sum((in_unit(tol, t.unit, unit) for t, _, _, _, tol in rights), ZERO)
    rows = [(lt.no, lrow)] + [(t.no, r) for t, r, _, _, _ in rights]
    cells = [(lt.no, lrow.row_no, lkey)] + [(t.no, r.row_no, k) for t, r, _, k, _ in rights]
    where = f"{lt.label or lt.title} {lrow.name} = " + " + ".join(f"{t.label or t.title} {r.name}" for t, r, *_ in rights)
    return Check("cross_table", f"{rule}: {where}", _judge(found, expected, tolerance),
                 tables=tuple(sorted({t for t, _ in rows})), pages=tuple(sorted({r.page for _, r in rows})),
                 rows=tuple((t, r.row_no) for t, r in rows), cells=tuple(cells), expected=expected,
                 found=found, tolerance=tolerance, unit=unit)


def _class_identity(res: Resolver, ident: Identity, left_t: Table, present) -> list[Check]:
    out = []
    left = res.classes(left_t, ident.left)
    rights = [(t, res.classes(t, s), s) for s, t in present]
    rights = [(t, cls, s) for t, cls, s in rights if cls]
    if not left or not rights:
        # a summary printing no 类 (only its totals, or 基本支出/项目支出 by use)
        which = left_t if not left else present[0][1]
        return [Check("cross_table", ident.rule, SKIP, tables=(which.no,),
                      note=f"{which.label or which.title} prints no 类 rows")]
    for name, lrow in left.items():
        lval, lkey, ltol = res.measured(left_t, lrow, ident.left.column)
        matches = [(t, cls[name], s) for t, cls, s in rights if name in cls]
        rvals = [(t, r, *res.measured(t, r, s.column)) for t, r, s in matches]
        if zero_if_blank(lval) == 0 and all(zero_if_blank(v) == 0 for _, _, v, _, _ in rvals):
            continue                       # a class printed with nothing on either side
        if lkey is None:
            continue
        out.append(_cross(f"{ident.rule} ({lrow.name})", (left_t, lrow, lval, lkey, ltol),
                          [rv for rv in rvals if rv[3] is not None]) if rvals else
                   Check("cross_table", f"{ident.rule} ({lrow.name})",
                         _judge(zero_if_blank(lval), ZERO, ltol), tables=(left_t.no,), pages=(lrow.page,),
                         rows=((left_t.no, lrow.row_no),), cells=((left_t.no, lrow.row_no, lkey),),
                         expected=ZERO, found=zero_if_blank(lval), tolerance=ltol, unit=left_t.unit,
                         note="the other tables print no such 类"))
    return out


# --------------------------------------------------------------------------- what is checked

def is_amount_column(column: Column) -> bool:
    """Does this column enter amount identities? Only amounts, never a percentage (a column
    whose unit is %, or whose header prints % / ％: 决算数为预算数的%) nor an attribute or
    text column."""
    if column.role != AMOUNT:
        return False
    if getattr(column, "unit", None) == "%" or getattr(column, "value_type", None) == "percent":
        return False
    return not any("%" in label or "％" in label for label in column.path)


def checkable(table: Table, catalogue: Catalogue | None = None, doc_type: str | None = None) -> Table:
    """The table as the identities see it: amount cells only (see is_amount_column), and the
    rows of a breakdown (catalogue [[breakdown]]) one level under the row they break down."""
    keep = {c.key for c in table.columns if is_amount_column(c)}
    rows = list(table.rows)
    changed = False
    if any(k not in keep for r in rows for k in r.values):
        rows = [replace(r, values={k: v for k, v in r.values.items() if k in keep}) for r in rows]
        changed = True
    for b in (catalogue.breakdowns if catalogue is not None else ()):
        if (b.kinds and table.kind not in b.kinds) or (b.doc_type and doc_type and b.doc_type != doc_type):
            continue
        changed = _break_down(rows, b) or changed
    return replace(table, rows=tuple(rows)) if changed else table


def _break_down(rows: list[Row], b: Breakdown) -> bool:
    """Put the rows under each head of `b` one level under it, in place; did any move?"""
    moved = False
    for i, head in enumerate(rows):
        if head.level is None or head.level == 0 or key(head.name) not in b.heads:
            continue
        for j in range(i + 1, len(rows)):
            r = rows[j]
            if r.side != head.side or r.level == 0 or r.code:
                break
            rows[j] = replace(r, level=max(r.level or 0, head.level + 1))
            moved = True
    return moved


def _noted(checks: list[Check], warned) -> list[Check]:
    """A check over a table read with warnings (damaged, partly read) says so. `warned`: a
    Document, or {table no: (label or title, first warning, number of warnings)} of the
    tables read with warnings."""
    if isinstance(warned, Document):
        warned = {t.no: (t.label or t.title, t.warnings[0], len(t.warnings))
                  for t in warned.tables if t.warnings}
    if not warned:
        return checks
    out = []
    for c in checks:
        notes = []
        for no in c.tables:
            t = warned.get(no)
            if t is not None:
                name, first, count = t
                more = f" (and {count - 1} more)" if count > 1 else ""
                notes.append(f"table {no} ({name}) was read with a warning: {first}{more}")
        out.append(replace(c, note="; ".join(([c.note] if c.note else []) + notes)) if notes else c)
    return out


# --------------------------------------------------------------------------- reports

def printed_cells(doc: Document, check: Check) -> list[list[str]]:
    """[label, printed amount] of each cell a check covers, in its order (the total first):
    what a user compares with the page. The label is the row's code, else its name."""
    from .amounts import format_amount
    out = []
    tables = doc.tables
    count = len(tables)
    at = rows = None
    for table_no, row_no, column in check.cells:
        if not 0 < table_no <= count:
            continue
        if table_no != at:        # a check's cells are mostly of one table: asked for once
            at, rows = table_no, tables[table_no - 1].rows
        row = rows[row_no - 1] if 0 < row_no <= len(rows) and rows[row_no - 1].row_no == row_no else \
            next((r for r in rows if r.row_no == row_no), None)
        if row is not None:
            out.append([row.code or row.name, format_amount(row.values.get(column))])
    return out


def check_item(doc: Document, check: Check) -> dict:
    """A check as the manifest lists it: Check.as_dict and the printed cells."""
    return {**check.as_dict(), "printed": printed_cells(doc, check)}


# --------------------------------------------------------------------------- all

def table_checks(table: Table, catalogue: Catalogue | None = None, doc_type: str | None = None) -> list[Check]:
    return _structure_checks(checkable(table, catalogue, doc_type))


def _structure_checks(table: Table) -> list[Check]:
    return hierarchy_checks(table) + group_checks(table) + total_checks(table) + column_checks(table) \
        + balance_checks(table)


def run_checks(doc: Document, catalogue: Catalogue, prose: tuple[ProseFact, ...] = (), *,
               spill: int = 4096) -> Sequence[Check]:
    """Every check, in a Spill of `spill` checks a chunk: each table's own checks as the
    tables go by (one pass over them), then the cross-table and prose checks, which need only
    the first table of each kind and the tables the prose names."""
    from .prose import prose_checks
    out = CheckSpill(spill)
    warned: dict[int, tuple[str, str, int]] = {}
    first: dict[str | None, Table] = {}
    for table in doc.tables:
        if table.warnings:
            warned[table.no] = (table.label or table.title, table.warnings[0], len(table.warnings))
        seen = checkable(table, catalogue, doc.doc_type)
        first.setdefault(seen.kind, seen)
        out.extend(_noted(_structure_checks(seen), warned))
    seen_doc = replace(doc, tables=Checkable(doc.tables, catalogue, doc.doc_type))
    res = Resolver(seen_doc, catalogue, first=first)
    out.extend(_noted(identity_checks(seen_doc, catalogue.identities, catalogue, res=res), warned))
    out.extend(_noted(prose_checks(seen_doc, prose, catalogue, res=res), warned))
    return out


class Checkable(Sequence):
    """A document's tables as the identities see them (`checkable`), made as they are read."""

    def __init__(self, tables, catalogue: Catalogue | None, doc_type: str | None) -> None:
        self.tables, self.catalogue, self.doc_type = tables, catalogue, doc_type

    def __len__(self) -> int:
        return len(self.tables)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(checkable(t, self.catalogue, self.doc_type) for t in self.tables[i])
        return checkable(self.tables[i], self.catalogue, self.doc_type)

    def __iter__(self):
        return (checkable(t, self.catalogue, self.doc_type) for t in self.tables)
