"""Excel workbooks (XlsxWriter, the optional extra `xlsx`): the tool people in China's
public-finance world open first.

`write_workbook` writes one document as OUT/<doc>/<doc>.xlsx: one sheet per table in document
order, its printed header rebuilt as merged cells from the header tree, codes, names, ordinals
and levels first, 类/款/项 as an outline (Excel grouping) so that 类 rows collapse, amounts
as numbers with the printed number of decimals, the cells of failed checks filled red; then a
`checks` sheet (failures first), a `facts` sheet (the long table) and an `indicators` sheet.
`write_rows_workbook` writes plain sheets of rows (summary.xlsx, the indicator panel).

Excel keeps 15 significant digits: an amount with more is written as text (exactly as
printed) and reported in the returned warnings. Text cells are written as strings, never as
formulas; one that Excel would read as a formula (see `spreadsheet.formula_safe`) gets the
quote prefix, Excel's own mark for "this is text", so the cell still shows the raw text.
Every workbook is written to a temporary file and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

import regex as re

from ..errors import OutputError
from ..model import CODE, FAIL, NAME, PASS, SKIP, TEXT, Document, Table
from .frames import facts_columns
from .indicators import indicator_columns
from .spreadsheet import formula_safe

EXCEL_DIGITS = 15                 # significant digits Excel keeps in a number
MAX_ROWS = 1_048_576              # rows of a worksheet
MAX_OUTLINE = 7                   # outline levels Excel shows
HEADER_TOP = 5                    # the printed header starts below title, 单位, pages, checks
RED_FILL, RED_FONT = "#FFC7CE", "#9C0006"      # Excel's own "bad" cell style
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}\s*年度?")     # 2024年部门收入预算总表: a short tab name
RESERVED_SHEETS = ("checks", "facts", "indicators", "history")
STATUS_ORDER = {FAIL: 0, SKIP: 1, PASS: 2}


def _xlsxwriter():
    try:
        import xlsxwriter
    except ImportError as e:
        raise OutputError("writing .xlsx needs XlsxWriter, which is not installed",
                          hint='pip install "yusuan[xlsx]"') from e
    return xlsxwriter


def number_format(places: int) -> str:
    """Thousands separators and the printed number of decimals: #,##0.00 for 534.77."""
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def too_precise(value: Decimal) -> bool:
    """More significant digits than an Excel number keeps (it would round them away)."""
    return value.is_finite() and value != 0 and len(value.as_tuple().digits) > EXCEL_DIGITS


class _Styles:
    """Workbook formats, made once per combination (a workbook caps the number of styles)."""

    def __init__(self, book) -> None:
        self.book = book
        self._cache: dict = {}

    def get(self, **props):
        k = tuple(sorted(props.items()))
        if k not in self._cache:
            self._cache[k] = self.book.add_format(props)
        return self._cache[k]

    def number(self, places: int, red: bool = False):
        return self.get(num_format=number_format(places), **_red(red))

    def text(self, red: bool = False, quote: bool = False):
        return self.get(**_red(red), **({"quote_prefix": True} if quote else {}))

    def header(self):
        return self.get(bold=True, align="center", valign="vcenter", text_wrap=True, border=1,
                        bg_color="#DDEBF7")


def _red(red: bool) -> dict:
    return {"bg_color": RED_FILL, "font_color": RED_FONT} if red else {}


@dataclass
class _Sheet:
    """Writes typed cells on one worksheet and collects what Excel cannot hold."""

    ws: object
    styles: _Styles
    warnings: list

    def cell(self, r: int, c: int, value, *, red: bool = False, where: str = "") -> None:
        ws, st = self.ws, self.styles
        if value is None:
            if red:
                ws.write_blank(r, c, None, st.text(red=True))
            return
        if isinstance(value, bool):
            ws.write_boolean(r, c, value, st.text(red) if red else None)
        elif isinstance(value, Decimal):
            if too_precise(value):
                ws.write_string(r, c, format(value, "f"), st.text(red))
                self.warnings.append(f"{where or self.ws.name}: {format(value, 'f')} has more than "
                                     f"{EXCEL_DIGITS} significant digits: written as text")
            else:
                ws.write_number(r, c, float(value), st.number(decimal_places(value), red))
        elif isinstance(value, float):
            ws.write_number(r, c, value, st.text(red) if red else None)
        elif isinstance(value, int):
            ws.write_number(r, c, value, st.number(0, red) if red else None)
        else:
            text = str(value)
            quote = formula_safe(text) != text
            fmt = st.text(red, quote) if (red or quote) else None
            ws.write_string(r, c, text, fmt)


def _atomic(path: Path, write) -> Path:
    """Write the workbook to a hidden temporary file beside `path`, then rename it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(name)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(name, 0o666 & ~mask)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return path


def _book(name: str):
    xlsxwriter = _xlsxwriter()
    # strings_to_* off: a text cell is never turned into a formula, number or URL behind our back
    return xlsxwriter.Workbook(name, {"strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False, "nan_inf_to_errors": True})


def sheet_names(doc: Document) -> list[str]:
    """One sheet name per table: its label, else its title without a leading year, made valid for Excel (31
    characters, none of []:*?/\\) and unique (a repeated name gets the table number)."""
    used = {n.lower() for n in RESERVED_SHEETS}
    names = []
    for t in doc.tables:
        title = t.label or _YEAR_PREFIX.sub("", t.title) or t.title
        base = _SHEET_UNSAFE.sub("", title).strip().strip("'")[:31] or f"table {t.no}"
        name = base
        if name.lower() in used:
            name = f"{t.no:02d} {base}"[:31]
        n = 2
        while name.lower() in used:
            name = f"{t.no:02d} {base}"[:28] + f" ({n})"
            n += 1
        used.add(name.lower())
        names.append(name)
    return names


# ------------------------------------------------------------------------------ documents

def write_workbook(doc: Document, path: Path) -> list[str]:
    """Write `doc` as an .xlsx workbook at `path` (atomically); returns its warnings."""
    warnings: list[str] = []

    def write(name: str) -> None:
        book = _book(name)
        book.set_properties({"title": f"{doc.department or ''} {doc.year or ''} {doc.doc_type or ''}".strip(),
                             "subject": doc.name, "comments": f"sha256 {doc.sha256}"})
        styles = _Styles(book)
        failed = _failed_cells(doc)
        # every table's summary in one pass over the checks (a long dump's are on disk)
        summaries = doc.table_check_summaries()
        for table, sheet_name in zip(doc.tables, sheet_names(doc)):
            _table_sheet(book, styles, sheet_name, doc, table, failed.get(table.no, set()), warnings,
                         summaries[table.no])
        _checks_sheet(book, styles, doc, warnings)
        facts = facts_columns(doc.tables, doc)
        _columns_sheet(book, styles, "facts", facts, warnings)
        _columns_sheet(book, styles, "indicators", indicator_columns(doc), warnings)
        book.close()

    try:
        _atomic(path, write)
    except OutputError:
        raise
    except Exception as e:     # XlsxWriter's own errors (a sheet too large …): this output only
        raise OutputError(f"cannot write the workbook ({type(e).__name__}: {e})",
                          file=str(path)) from e
    return warnings


def _failed_cells(doc: Document) -> dict[int, set[tuple[int, str]]]:
    """table_no → {(row_no, column key)} of every cell a failed check covers."""
    out: dict[int, set] = {}
    for check in doc.checks:
        if check.status == FAIL:
            for table_no, row_no, column in check.cells:
                out.setdefault(table_no, set()).add((row_no, column))
    return out


@dataclass(frozen=True)
class _Col:
    path: tuple[str, ...]          # header path shown
    what: str                      # side | code | name | ordinal | level | amount | text | page
    key: str | None = None         # the amount / text key (local to the side)
    width: float = 14


def sheet_columns(table: Table) -> list[_Col]:
    """The columns of a table's sheet: (side), code, name, ordinal, level, the amount columns
    by header path, text columns, page. Code and ordinal columns nobody printed are left out."""
    sided = table.is_two_sided
    sides = table.sides

    def local(path: tuple[str, ...]) -> tuple[str, ...]:
        if sided:
            for s in sides:
                if s.prefix and path[:len(s.prefix)] == s.prefix and len(path) > len(s.prefix):
                    return path[len(s.prefix):]
        return path

    cols: list[_Col] = []
    if sided:
        cols.append(_Col(("收支",), "side", width=8))
    code_cols = [c for c in table.columns if c.role == CODE]
    if any(r.code for r in table.rows):
        paths = [local(c.path) for c in code_cols]
        if len(paths) > 1:
            common = _common_prefix(paths)
            path = common or ("科目编码",)
        else:
            path = paths[0] if paths else ("科目编码",)
        cols.append(_Col(path, "code", width=12))
    name_col = next((c for c in table.columns if c.role == NAME), None)
    cols.append(_Col(local(name_col.path) if name_col else ("项目",), "name", width=34))
    if any(r.labels and r.labels != r.name for r in table.rows):
        # an outline printed in several label columns (采购品目大类 | 专项名称 | 采购物品名称):
        # the labels each row sits under, outer to inner (服务C/案件审判经费/会议费)
        cols.append(_Col(("项目路径",), "labels", width=40))
    if any(r.ordinal for r in table.rows):
        cols.append(_Col(("序号",), "ordinal", width=8))
    cols.append(_Col(("级次",), "level", width=6))
    seen: list[str] = []
    # percentages (为预算%, 比上年增长%) follow the amounts, as numbers too (98.1 = 98.1 %)
    for c in table.amount_columns + table.percent_columns:
        k = amount_key(table, c.key)
        if k not in seen:
            seen.append(k)
            cols.append(_Col(tuple(k.split("/")), "amount", k))
    for c in table.columns:
        if c.role == TEXT:
            cols.append(_Col(c.path, "text", c.key, width=40))
    cols.append(_Col(("页码",), "page", width=6))
    return cols


def amount_key(table: Table, column_key: str) -> str:
    """The sheet column of an amount column: its path below its own side (收入/金额 → 金额).
    By the column's side, not the row's: a label drawn across two sides (当年支出小计) makes
    a row of the side they share, whose amounts still stand in one side's columns."""
    if table.is_two_sided:
        path = tuple(column_key.split("/"))
        for s in sorted(table.sides, key=lambda s: -len(s.prefix)):
            if s.prefix and path[:len(s.prefix)] == s.prefix and len(path) > len(s.prefix):
                return "/".join(path[len(s.prefix):])
    return column_key


def _common_prefix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    out = []
    for parts in zip(*paths):
        if len(set(parts)) != 1:
            break
        out.append(parts[0])
    return tuple(out)


def header_merges(paths: Sequence[tuple[str, ...]]) -> list[tuple[int, int, int, int, str]]:
    """The printed header as cells (first_row, first_col, last_row, last_col, label), rows
    counted from the header's top: a group label spans its leaves, a leaf spans down to the
    last header row. Rebuilt row by row from the header tree (the columns' paths)."""
    depth = max((len(p) for p in paths), default=1)
    cells = []
    for d in range(depth):
        c = 0
        while c < len(paths):
            path = paths[c]
            if len(path) <= d:
                c += 1
                continue
            if len(path) == d + 1:                  # a leaf: down to the last header row
                cells.append((d, c, depth - 1, c, path[d]))
                c += 1
                continue
            end = c
            while (end + 1 < len(paths) and len(paths[end + 1]) > d + 1
                   and paths[end + 1][:d + 1] == path[:d + 1]):
                end += 1
            cells.append((d, c, d, end, path[d]))
            c = end + 1
    return cells


def _table_sheet(book, styles: _Styles, name: str, doc: Document, table: Table,
                 failed: set, warnings: list, summary: dict | None = None) -> None:
    ws = book.add_worksheet(name)
    sheet = _Sheet(ws, styles, warnings)
    cols = sheet_columns(table)
    unit = table.unit or "（未印）"
    title = f"{table.label + ' ' if table.label else ''}{table.title}（单位：{unit}）"
    ws.write_string(0, 0, title, styles.get(bold=True, font_size=13))
    ws.write_string(1, 0, f"单位：{unit}")
    if table.entity:
        ws.write_string(1, 2, f"单位名称：{table.entity}")
    pages = table.pages
    ws.write_string(2, 0, "页码：" + (f"{pages[0]}–{pages[-1]}" if len(pages) > 1 else
                                    str(pages[0]) if pages else ""))
    s = doc.table_check_summary(table.no) if summary is None else summary
    ws.write_string(3, 0, f"检查：通过 {s['passed']}，未通过 {s['failed']}，跳过 {s['skipped']}",
                    styles.text(red=bool(s["failed"])))
    paths = [c.path for c in cols]
    depth = max(len(p) for p in paths)
    head = styles.header()
    for r0, c0, r1, c1, label in header_merges(paths):
        if (r0, c0) == (r1, c1):
            ws.write_string(HEADER_TOP + r0, c0, label, head)
        else:
            ws.merge_range(HEADER_TOP + r0, c0, HEADER_TOP + r1, c1, label, head)
    top = HEADER_TOP + depth
    for i, c in enumerate(cols):
        ws.set_column(i, i, c.width)
    for n, row in enumerate(table.rows):
        r = top + n
        if r >= MAX_ROWS:
            warnings.append(f"{name}: more than {MAX_ROWS} rows; the rest is in the CSV/Parquet files")
            break
        outline = min(max((row.level or 0) - 1, 0), MAX_OUTLINE)
        if outline:
            ws.set_row(r, None, None, {"level": outline})
        values = {amount_key(table, k): (k, v)
                  for k, v in (*row.values.items(), *row.percents.items())}
        for i, c in enumerate(cols):
            if c.what == "amount":
                full, value = values.get(c.key, (None, None))
                sheet.cell(r, i, value, red=(row.row_no, full) in failed,
                           where=f"{name} row {row.row_no} [{c.key}]")
            elif c.what == "text":
                sheet.cell(r, i, row.texts.get(c.key))
            else:
                sheet.cell(r, i, getattr(row, c.what))
    if table.note:
        ws.write_string(top + len(table.rows) + 1, 0, f"注：{table.note}")
    ws.outline_settings(True, False, True, False)     # 类 rows are printed above their 款
    name_at = next(i for i, c in enumerate(cols) if c.what == "name")
    ws.freeze_panes(top, name_at + 1)


def _checks_sheet(book, styles: _Styles, doc: Document, warnings: list) -> None:
    names = ["status", "name", "rule", "tables", "pages", "rows", "expected", "found",
             "difference", "tolerance", "unit", "note"]
    checks = sorted(doc.checks, key=lambda c: STATUS_ORDER.get(c.status, 3))
    rows = [(c.status, c.name, c.rule, _ints(c.tables), _ints(c.pages),
             ", ".join(f"{t}:{r}" for t, r in c.rows), c.expected, c.found, c.difference,
             c.tolerance, c.unit, c.note) for c in checks]
    _rows_sheet(book, styles, "checks", names, rows, warnings,
                red=[c.status == FAIL for c in checks])


def _ints(values: Iterable[int]) -> str:
    return ", ".join(str(v) for v in values)


def _columns_sheet(book, styles: _Styles, name: str, cols, warnings: list) -> None:
    rows = list(zip(*(cols.data[n] for n in cols.names)))
    _rows_sheet(book, styles, name, cols.names, rows, warnings)


def _rows_sheet(book, styles: _Styles, name: str, names: Sequence[str], rows: Sequence[tuple],
                warnings: list, *, red: Sequence[bool] | None = None,
                labels: Sequence[str] | None = None) -> None:
    """A plain sheet: a header row (under a row of labels when given), then one row each."""
    ws = book.add_worksheet(name)
    sheet = _Sheet(ws, styles, warnings)
    head = styles.header()
    top = 0
    if labels:
        for c, label in enumerate(labels):
            ws.write_string(0, c, label, head)
        top = 1
    for c, n in enumerate(names):
        ws.write_string(top, c, n, head)
    first = top + 1
    for i, values in enumerate(rows):
        r = first + i
        if r >= MAX_ROWS:
            warnings.append(f"{name}: more than {MAX_ROWS - first} rows; the rest is in the CSV/Parquet files")
            break
        is_red = bool(red and red[i])
        for c, v in enumerate(values):
            sheet.cell(r, c, v, red=is_red and c == 0, where=f"{name} row {i + 1} [{names[c]}]")
    ws.freeze_panes(first, 0)
    if rows:
        ws.autofilter(top, 0, min(first + len(rows), MAX_ROWS) - 1, len(names) - 1)
    for c, n in enumerate(names):
        ws.set_column(c, c, max(10, min(40, len(str(n)) + 4)))


# ------------------------------------------------------------------------------ plain sheets

@dataclass
class SheetRows:
    """One plain sheet of `write_rows_workbook`: column names, rows of values (Decimal
    amounts, ints, bools, text), optional labels above the names and rows to mark red."""

    name: str
    names: Sequence[str]
    rows: Sequence[tuple]
    labels: Sequence[str] | None = None
    red: Sequence[bool] | None = None


def write_rows_workbook(sheets: Sequence[SheetRows], path: Path) -> list[str]:
    """A workbook of plain sheets (summary.xlsx, the panel), atomically; returns warnings."""
    warnings: list[str] = []

    def write(name: str) -> None:
        book = _book(name)
        styles = _Styles(book)
        for s in sheets:
            _rows_sheet(book, styles, s.name, s.names, s.rows, warnings, red=s.red, labels=s.labels)
        book.close()

    try:
        _atomic(path, write)
    except OutputError:
        raise
    except Exception as e:
        raise OutputError(f"cannot write the workbook ({type(e).__name__}: {e})", file=str(path)) from e
    return warnings


def write_summary_xlsx(outcomes, path: Path) -> list[str]:
    """summary.xlsx beside the outputs: the rows of summary.csv, failed files in red."""
    from ..report import SUMMARY_COLUMNS, summary_rows
    rows = summary_rows(outcomes)
    values = [tuple(r[n] for n in SUMMARY_COLUMNS) for r in rows]
    return write_rows_workbook([SheetRows("summary", SUMMARY_COLUMNS, values,
                                          red=[r["status"] == "failed" for r in rows])], path)
