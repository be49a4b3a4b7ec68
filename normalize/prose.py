"""Figures stated in a document's text (收入预算534.77万元, 机关运行经费安排31.41万元, the
"三公"经费, each “…（类）…（款）…（项）”NN万元 line of a Shanghai 编制说明) — read as facts of
their own and compared with the tables, converting 元 and 万元.

What to read and where to compare it is knowledge: the [[prose]] entries of catalogue.toml.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex as re

from ..catalogue import Catalogue, ProseSpec
from ..chars import compact, key
from ..model import FAIL, PASS, SKIP, Check, Document, ProseFact, Row, Table
from .checks import Resolver, half_unit, in_unit, zero_if_blank


def read_prose(pages_text: list[str], catalogue: Catalogue) -> tuple[ProseFact, ...]:
    """Every [[prose]] figure on every page: `pages_text[i]` is page i+1's text; line breaks
    are removed first (a sentence wraps anywhere, even inside a number)."""
    out = []
    for page, text in enumerate(pages_text, 1):
        flat = compact(text)
        for spec in catalogue.prose:
            for m in spec.pattern.finditer(flat):
                try:
                    value = Decimal(m.group("value").replace(",", ""))
                except InvalidOperation:
                    continue
                start = max(0, m.start() - 8)
                item = None
                if spec.subject == "function_item":
                    item = "/".join(m.group(g) for g in ("class", "item", "sub"))
                elif "row" in spec.pattern.groupindex and m.group("row"):
                    item = m.group("row")          # the row the sentence names (一般公共预算)
                out.append(ProseFact(spec.subject, flat[start:m.end()], value, m.group("unit"),
                                     page, item))
    return tuple(out)


def prose_checks(doc: Document, facts: tuple[ProseFact, ...], catalogue: Catalogue,
                 res: Resolver | None = None) -> list[Check]:
    specs = {s.subject: s for s in catalogue.prose}
    res = res or Resolver(doc, catalogue)
    out = []
    # where a figure is in the tables depends on its subject and the item it names only: a
    # long dump states the same figures on many pages, and each is looked for once
    located: dict[tuple, object] = {}
    for fact in facts:
        spec = specs.get(fact.subject)
        if spec is None:
            continue
        where = (fact.subject, fact.item)
        if where not in located:
            located[where] = _locate(res, doc, spec, fact)
        found = located[where]
        rule = f"prose p.{fact.page}: “{fact.text}”"
        if found is None or isinstance(found, str):
            out.append(Check("prose", rule, SKIP, pages=(fact.page,) if fact.page else (),
                             found=fact.value, unit=fact.unit, note=found or "not found in the tables"))
            continue
        table, row, column, value, precision = found
        # compare in the prose's unit (257,700 元 is 25.77 万元); each side may be rounded by
        # half its last printed place (收入预算17,192万元 for 17,191.5169, 15621.11 for
        # 156,211,123 元)
        expected = in_unit(zero_if_blank(value), table.unit, fact.unit)
        tolerance = half_unit(fact.value) + in_unit(precision, table.unit, fact.unit)
        status = PASS if abs(fact.value - expected) <= tolerance else FAIL
        out.append(Check("prose", f"{rule} = {table.label or table.title} {row.name} [{column}]",
                         status, tables=(table.no,),
                         pages=tuple(sorted({p for p in (fact.page, row.page) if p})),
                         rows=((table.no, row.row_no),), cells=((table.no, row.row_no, column),),
                         expected=expected, found=fact.value, tolerance=tolerance, unit=fact.unit))
    return out


def _locate(res: Resolver, doc: Document, spec: ProseSpec, fact: ProseFact):
    """(table, row, column key, value, rounding its cells allow) the fact is about; None, or
    why not (a str), when the tables do not print it."""
    if spec.compare is not None:
        table = res.table(spec.compare.kind)
        if table is None:
            return None
        if fact.item:
            row = _named_row(res.rows(table, spec.compare), fact.item, spec.row_names(fact.item))
            if row is None:
                return (f"the sentence names {fact.item}: {table.label or table.title} prints "
                        f"no such row")
        else:
            row = res.total(table, spec.compare)
        if row is None:
            return None
        value, column, precision = res.measured(table, row, spec.compare.column)
        return (table, row, column, value, precision) if column else None
    tables = res.tables_of(spec.kinds)
    if spec.subject == "function_item":
        names = tuple(key(p) for p in (fact.item or "").split("/"))[:3]
        return _function_items(res, tables, spec.kinds).get(names) if len(names) == 3 else None
    labels = [key(x) for x in (spec.label or "").split("|") if x]
    for table in tables:
        hit = _by_label(res, table, labels)
        if hit:
            return hit
    # the subject's own table printing only its total (一般公共预算机关运行经费支出预算表)
    for table in tables:
        if table.kind == spec.kinds[-1] and spec.subject == "operating_expenses":
            row = res.total(table, _TOTAL)
            if row is not None:
                value, column = res.value(table, row, "first")
                if column:
                    return table, row, column, value, half_unit(value)
    return None


def _named_row(rows: list[Row], word: str, names: tuple[str, ...] = ()) -> Row | None:
    """The row a sentence names by a word: a row the catalogue gives for it (本年 → 本年收入合计,
    当年收入小计), else the item row so named (一般公共预算), else the first whose name starts
    with it (一般公共预算资金), else the first that contains it."""
    for name in names:
        hit = next((r for r in rows if key(r.name) == key(name)), None)
        if hit is not None:
            return hit
    w = key(word)
    for test in (lambda n: n == w, lambda n: n.startswith(w), lambda n: w in n):
        hit = next((r for r in rows if r.level != 0 and test(key(r.name))), None)
        if hit is not None:
            return hit
    return None


class _Sel:
    side = None
    row = "total"


_TOTAL = _Sel()


def _by_label(res: Resolver, table: Table, labels: list[str]):
    """A row so named (its first amount), else a column or header group so named (on the
    table's total row, or its one data row)."""
    for row in table.rows:
        if key(row.name) in labels:
            value, column = res.value(table, row, "first")
            if column:
                return table, row, column, value, half_unit(value)
    row = res.total(table, _TOTAL) or (table.rows[0] if len(table.rows) == 1 else None)
    if row is None:
        return None
    for label in labels:
        for column in row.values:
            if _bare(column.split("/")[-1]) == label:
                value = row.values.get(column)
                return table, row, column, value, half_unit(value)
        for column in row.values:
            parts = column.split("/")
            keys_ = [_bare(p) for p in parts[:-1]]
            if label in keys_:
                value, col, precision = res.measured(table, row, "group:" + parts[keys_.index(label)])
                if col:
                    return table, row, col, value, precision
    return None


_AMOUNT_WORD = re.compile(r"(?:预算|决算|执行)?数$|(?:预算|决算)$")


def _bare(header: str) -> str:
    """A header label without the word for the amount kind: 机关运行经费预算数 → 机关运行经费."""
    k = key(header)
    return _AMOUNT_WORD.sub("", k) or k


def _function_items(res: Resolver, tables, kinds) -> dict:
    """Every 类/款/项 row of these tables by its names (key of 类, 款, 项) → what a sentence
    naming them is compared with: the first row so named, in the tables' order, that prints
    an amount column. Made once per set of kinds, in one pass over the tables (a Shanghai
    编制说明 names dozens, and a long document's tables are read back from disk)."""
    made = res.memo.setdefault("function_items", {})
    found = made.get(tuple(kinds or ()))
    if found is not None:
        return found
    found = {}
    for table in tables:
        by_code = {r.code: r for r in table.rows if r.code}
        for row in table.rows:
            if not row.code or len(row.code) != 7:
                continue
            item = by_code.get(row.parent_code or "")
            cls = by_code.get(item.parent_code or "") if item else None
            if not (item and cls):
                continue
            names = (key(cls.name), key(item.name), key(row.name))
            column = next(iter(row.values), None)
            if column and names not in found:
                value = row.values.get(column)
                found[names] = (table, row, column, value, half_unit(value))
    made[tuple(kinds or ())] = found
    return found


__all__ = ["read_prose", "prose_checks", "Row", "FAIL"]
