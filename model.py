"""The one data model every input is turned into: Document → pages → tables → rows.

Two layers, both small frozen records:

* raw (what `yusuan.extract` produces from text lines or page geometry): `RawTable` whose
  `RawRow.cells` are the printed strings aligned to the table's leaf `Column`s;
* typed (what `yusuan.normalize` produces): `Table` whose `Row`s carry code, level, name,
  ordinal, exact `Decimal` amounts and text, each with the page it was printed on.

The PDF path and the text path build the same raw records, so everything downstream
(normalization, checks, writers, the store) is shared.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Iterator, Mapping, Sequence

CODE = "code"      # a classification code cell (201, 20101, [2010101], or 类/款/项 parts)
NAME = "name"      # the row label (科目名称, 项目, ...); several name columns = a two-sided table
AMOUNT = "amount"  # an amount
TEXT = "text"      # free text kept as text (绩效目标)
# a percentage (为预算%, 比上年增长%): a value of its own type with unit %, never an amount:
# kept in `Row.percents`, never summed by a check, never mixed with the amounts of `Row.values`
PERCENT = "percent"
ROLES = (CODE, NAME, AMOUNT, TEXT, PERCENT)


@dataclass(frozen=True)
class Column:
    """One leaf column of a table header: its path from the top header row down, and its role."""

    path: tuple[str, ...]
    role: str = AMOUNT
    # printed under a 其中： header (事业收入 | 其中：教育收费): a part of its group's figure
    # already counted in it, never one more addend (the path drops the 其中：, as labels do)
    breakdown: bool = False

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown column role {self.role!r}")
        if not self.path or not all(self.path):
            raise ValueError(f"column path must be non-empty labels, got {self.path!r}")

    @property
    def key(self) -> str:
        """The header path as one string: 财政拨款收入/一般公共预算."""
        return "/".join(self.path)


@dataclass(frozen=True)
class Side:
    """A side of a two-sided table (收入 | 支出): which leaf columns belong to it."""

    label: str
    prefix: tuple[str, ...]
    columns: tuple[int, ...]   # indexes into the table's columns


def split_sides(columns: tuple[Column, ...]) -> tuple[Side, ...]:
    """Cut a header into sides: each name column starts a side (code columns just before it
    belong to it too); a table with one name column has one unnamed side.

    The side's label is the name column's path without its leaf (收入/项目 → 收入;
    支出/功能分类/功能科目名称 → 支出/功能分类)."""
    name_at = [i for i, c in enumerate(columns) if c.role == NAME]
    if len(name_at) <= 1:
        return (Side("", (), tuple(range(len(columns)))),)
    starts = []
    for i in name_at:
        start = i
        while start > 0 and columns[start - 1].role == CODE:
            start -= 1
        starts.append(start)
    starts[0] = 0
    sides = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(columns)
        prefix = columns[name_at[n]].path[:-1]
        label = "/".join(prefix) or f"side{n + 1}"
        sides.append(Side(label, prefix, tuple(range(start, end))))
    return tuple(sides)


# --------------------------------------------------------------------------- spilled sequences

class Spill(Sequence):
    """A tuple that is appended to, whose items past the first `chunk` go to a temporary file,
    `chunk` items a pickle, and are read back a chunk at a time (the last few chunks read are
    kept). A long text dump's tables, checks and page texts are held in these, so that its
    memory is the few chunks in use, not the document; a document of at most `chunk` items
    never touches the disk. It pickles (to another process) as the tuple of its items."""

    CACHED = 4                         # chunks read back kept in memory

    def __init__(self, chunk: int, items: Iterable = ()) -> None:
        self._chunk = max(1, chunk)
        self._file = None
        self._spans: list[tuple[int, int]] = []    # (offset, bytes) of each written chunk
        self._tail: list = []                      # the items not written (yet)
        self._cache: OrderedDict = OrderedDict()   # chunk index -> its items
        for item in items:
            self.append(item)

    def append(self, item) -> None:
        self._tail.append(item)
        if len(self._tail) >= self._chunk:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="yusuan-spill-")
            data = pickle.dumps(self._tail, pickle.HIGHEST_PROTOCOL)
            self._file.seek(0, 2)
            self._spans.append((self._file.tell(), len(data)))
            self._file.write(data)
            self._tail = []

    def extend(self, items: Iterable) -> None:
        for item in items:
            self.append(item)

    @property
    def spilled(self) -> bool:
        """Have items gone to disk?"""
        return bool(self._spans)

    def _load(self, n: int) -> list:
        items = self._cache.get(n)
        if items is not None:
            self._cache.move_to_end(n)
            return items
        offset, size = self._spans[n]
        self._file.seek(offset)
        items = pickle.loads(self._file.read(size))
        self._cache[n] = items
        while len(self._cache) > self.CACHED:
            self._cache.popitem(last=False)
        return items

    def __len__(self) -> int:
        return len(self._spans) * self._chunk + len(self._tail)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self)[i]
        written = len(self._spans) * self._chunk
        n = written + len(self._tail)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("Spill index out of range")
        if i >= written:
            return self._tail[i - written]
        return self._load(i // self._chunk)[i % self._chunk]

    def __iter__(self) -> Iterator:
        for n in range(len(self._spans)):
            # read in order without pushing the chunks asked for at random out of the cache
            items = self._cache.get(n)
            if items is None:
                offset, size = self._spans[n]
                self._file.seek(offset)
                items = pickle.loads(self._file.read(size))
            yield from items
        yield from list(self._tail)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Spill, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"Spill({len(self)} items, {len(self._spans)} chunks on disk)"

    def __reduce__(self):
        return (type(self), (self._chunk, tuple(self)))


# --------------------------------------------------------------------------- raw layer

@dataclass(frozen=True)
class RawRow:
    """One printed row: cells aligned to the table columns (None = printed blank)."""

    page: int
    cells: tuple[str | None, ...]
    line: int | None = None   # line number in a text dump (for error messages)
    # leaf-column ranges [start, end) covered by one printed label cell (当年支出小计 drawn
    # across the label columns of two sides): those sides are one item in this row
    spans: tuple[tuple[int, int], ...] = ()
    # (label column, printed labels outer to inner) for an outline printed in several label
    # columns (采购品目大类 | 专项名称 | 经济科目 | 采购物品名称): the labels the row sits under,
    # carried down from the rows above where its own row leaves them blank
    labels: tuple[tuple[int, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class RawTable:
    """A table as found on the pages, before typing."""

    label: str | None          # 表5, 公开05表; None when the title stands alone
    title: str
    columns: tuple[Column, ...]
    rows: tuple[RawRow, ...]
    pages: tuple[int, ...]
    unit: str | None = None    # 元 / 万元 as printed in the 单位 line
    entity: str | None = None  # 单位名称 / 部门 / 编制部门 line
    kind: str | None = None    # catalogue kind id
    note: str | None = None    # 注：... without the 注： prefix
    header_lines: tuple[str, ...] = ()
    header_source: str = "catalogue"   # catalogue | geometry | generic
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawDocument:
    """What a reader found in one file."""

    source: str
    sha256: str
    reader: str                       # text-plain | text-layout | pdf
    page_count: int
    tables: tuple[RawTable, ...]
    text: str = ""                    # the document's text, pages separated by "\f"
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()   # pages read by OCR (their image), not their text layer
    # (page, number as printed, confidence 0..1) of every number OCR recognized
    ocr_numbers: tuple[tuple[int, str, float], ...] = ()
    # the pages' texts one by one, when the reader kept them so (a Spill: a long text dump)
    # instead of `text`; see page_texts
    pages: Sequence[str] | None = None

    def page_texts(self) -> Iterable[str]:
        """Each page's text in order (`text` split at its form feeds)."""
        return self.pages if self.pages is not None else self.text.split("\f")


# --------------------------------------------------------------------------- typed layer

@dataclass(frozen=True)
class Row:
    """One normalized row (one side of a printed row in a two-sided table)."""

    row_no: int                       # 1-based within the table, in printed order
    page: int
    name: str
    values: Mapping[str, Decimal | None]   # amount column key -> exact amount (None = blank)
    texts: Mapping[str, str | None] = field(default_factory=dict)
    side: str | None = None
    code: str | None = None
    code_system: str | None = None    # function (功能分类) | economic (经济分类)
    level: int | None = None          # 0 = a total row; 1.. = 类/款/项 or indentation depth
    parent_code: str | None = None
    ordinal: str | None = None        # 一、 / （一） / 1. / -- / 其中： kept out of the name
    percents: Mapping[str, Decimal | None] = field(default_factory=dict)   # percent column key
                                      # -> exact percentage as printed (98.1 = 98.1 %)
    # the row's label path, outer to inner, "/"-joined: 服务C/案件审判经费/会议费 in an outline
    # printed in several label columns, else the name; a row is identified by it
    labels: str = ""


@dataclass(frozen=True)
class Table:
    no: int                           # order in the document, 1-based
    label: str | None
    title: str
    kind: str | None
    unit: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    pages: tuple[int, ...]
    note: str | None = None
    entity: str | None = None
    header_source: str = "catalogue"
    warnings: tuple[str, ...] = ()
    year: int | None = None           # the year its title names, else the document's

    @property
    def sides(self) -> tuple[Side, ...]:
        return split_sides(self.columns)

    @property
    def is_two_sided(self) -> bool:
        return len(self.sides) > 1

    @property
    def amount_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == AMOUNT)

    @property
    def percent_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == PERCENT)

    @property
    def text_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == TEXT)

    def header_tree(self) -> dict:
        """The header as a nested dict: {财政拨款收入: {一般公共预算: {}, ...}, 合计: {}}."""
        tree: dict = {}
        for column in self.columns:
            node = tree
            for label in column.path:
                node = node.setdefault(label, {})
        return tree

    def to_frame(self):
        """This table as a tidy pandas DataFrame (amounts as Decimal objects)."""
        from .normalize.frames import table_frame
        return table_frame(self)

    def facts(self):
        """One row per amount cell, as a pandas DataFrame."""
        from .normalize.frames import facts_frame
        return facts_frame([self])


PASS, FAIL, SKIP = "pass", "fail", "skip"


@dataclass(frozen=True)
class Check:
    """One accounting identity tested on the extracted numbers (see yusuan.normalize.checks).

    `cells` are the (table_no, row_no, column key) cells the identity covers; a passing check
    marks their facts `checked`."""

    name: str                          # family: hierarchy, total, summary, cross_table, prose
    rule: str                          # what was tested, readable: 20805 = 2080501 + 2080505 …
    status: str                        # pass | fail | skip
    tables: tuple[int, ...] = ()
    pages: tuple[int, ...] = ()
    rows: tuple[tuple[int, int], ...] = ()            # (table_no, row_no) involved
    cells: tuple[tuple[int, int, str], ...] = ()       # (table_no, row_no, column)
    expected: Decimal | None = None
    found: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None
    note: str = ""
    partial: bool = False              # found may exceed expected (a 其中 breakdown: parts ≤ whole)

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    @property
    def rounding(self) -> bool:
        """A pass only because printed amounts are rounded: the difference is not zero, but
        within half a unit of the last printed place of each cell involved. (A partial
        breakdown's whole exceeding its parts is no rounding.)"""
        d = self.difference
        return self.status == PASS and bool(d) and not (self.partial and d > 0)

    def as_dict(self) -> dict:
        """For manifest.json: amounts as exact strings."""
        def text(d: Decimal | None) -> str | None:
            return None if d is None else format(d, "f")
        return {"name": self.name, "rule": self.rule, "status": self.status,
                "tables": list(self.tables), "pages": list(self.pages),
                "rows": [list(r) for r in self.rows], "expected": text(self.expected),
                "found": text(self.found), "difference": text(self.difference),
                "tolerance": text(self.tolerance), "unit": self.unit, "note": self.note,
                "rounding": self.rounding, "cells": [list(c) for c in self.cells],
                "partial": self.partial}


def summarize(checks) -> dict:
    """{"passed": n, "failed": n, "skipped": n, "rounding": n}; the rounding passes are
    counted among the passed too."""
    passed = failed = skipped = rounding = 0
    for c in checks:              # one pass, none kept: a long dump's checks are on disk
        passed += c.status == PASS
        failed += c.status == FAIL
        skipped += c.status == SKIP
        rounding += c.rounding
    return {"passed": passed, "failed": failed, "skipped": skipped, "rounding": rounding}


class CheckCounts:
    """Checks counted as they come: the summary, the first failed rules, and what the writer
    needs to read each table's checks beside the table (normalize.writers.CheckBook): the
    checks of one table that follow each other in table order are "own"; of the others
    (across tables, figures of the text: few), the cells of those passing and their counts
    per table."""

    FAILED_KEPT = 16

    def __init__(self, checks: Iterable = (), chunk: int = 64) -> None:
        self.counts = [0, 0, 0, 0]                 # passed, failed, skipped, rounding
        self.failed: list[str] = []
        self.extra_cells: set = set()
        self.extra_counts: dict[int, list[int]] = {}
        # (table no, cells its own passing checks cover, its own checks' counts), in table
        # order: what the writer reads beside the tables, far smaller than the checks
        self.own = Spill(chunk)
        self._top = 0
        self._cells: set = set()
        self._own_counts = [0, 0, 0, 0]
        for c in checks:
            self.add(c)

    def add(self, c: "Check") -> None:
        count_check(self.counts, c)
        if c.status == FAIL and len(self.failed) < self.FAILED_KEPT:
            self.failed.append(c.rule)
        own = own_table(c, self._top)
        if own is not None:
            if own != self._top:
                self._close()
                self._top = own
            count_check(self._own_counts, c)
            if c.status == PASS:
                self._cells.update(c.cells)
            return
        if c.status == PASS:
            self.extra_cells.update(c.cells)
        for no in set(c.tables):
            count_check(self.extra_counts.setdefault(no, [0, 0, 0, 0]), c)

    def _close(self) -> None:
        if any(self._own_counts):
            self.own.append((self._top, frozenset(self._cells), tuple(self._own_counts)))
        self._cells, self._own_counts = set(), [0, 0, 0, 0]

    def owned(self) -> Iterator[tuple[int, frozenset, tuple]]:
        """The `own` records, the last table's too."""
        yield from self.own
        if any(self._own_counts):
            yield self._top, frozenset(self._cells), tuple(self._own_counts)

    @property
    def summary(self) -> dict:
        return counted(self.counts)


class CheckSpill(Spill):
    """A document's checks (a Spill) counted as they are made (`tally`), so that nothing
    needs to read them all again to count them."""

    def __init__(self, chunk: int, items: Iterable = ()) -> None:
        # a table's record of own cells is about as large as 64 of its checks
        self.tally = CheckCounts(chunk=max(1, chunk // 64))
        super().__init__(chunk, items)

    def append(self, item) -> None:
        self.tally.add(item)
        super().append(item)


def own_table(check: "Check", top: int) -> int | None:
    """The one table a check is of, when it follows the checks before it (the last of
    which was of table `top`) in table order; else None."""
    nos = set(check.tables)
    if len(nos) != 1:
        return None
    no = next(iter(nos))
    return no if no >= top else None


def count_check(counts: list, c: "Check") -> None:
    """Count a check into [passed, failed, skipped, rounding]."""
    counts[0] += c.status == PASS
    counts[1] += c.status == FAIL
    counts[2] += c.status == SKIP
    counts[3] += c.rounding


def counted(counts) -> dict:
    return {"passed": counts[0], "failed": counts[1], "skipped": counts[2], "rounding": counts[3]}


@dataclass(frozen=True)
class ProseFact:
    """A figure stated in the document's text (收入预算534.77万元), with what it is about."""

    subject: str                       # income_total, expenditure_total, three_public_*, …,
                                       # function_item for a “…（类）…（款）…（项）” line
    text: str                          # the sentence fragment it was read from
    value: Decimal
    unit: str                          # 元 / 万元 as stated
    page: int | None = None
    item: str | None = None            # function_item: 类/款/项 names, "/"-joined


@dataclass(frozen=True)
class Page:
    number: int
    tables: tuple[int, ...]           # numbers of the tables with rows or a title on this page


@dataclass(frozen=True)
class Document:
    source: str
    sha256: str
    reader: str
    page_count: int
    tables: tuple[Table, ...]
    department: str | None = None
    year: int | None = None
    doc_type: str | None = None       # 预算 | 决算 (部门/单位), 政府预算 | 政府决算
    unit: str | None = None           # the unit most tables use
    warnings: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    prose: tuple[ProseFact, ...] = ()
    # which document this is, for the store (see normalize.identity): whose budget (部门 /
    # 单位 / 政府), the department's name as a key that survives how it is printed
    # (中共江苏省委办公厅 = 江苏省委办公厅), and the regions its name says (上海市/普陀区)
    scope: str | None = None
    department_key: str | None = None
    region: str | None = None
    ocr_pages: tuple[int, ...] = ()   # pages read by OCR
    # (page, amount, confidence 0..1) of every number OCR recognized (see `confidence`)
    ocr_numbers: tuple[tuple[int, Decimal, float], ...] = ()

    @property
    def doc_id(self) -> str:
        return self.sha256

    @property
    def check_summary(self) -> dict:
        """{"passed": n, "failed": n, "skipped": n}; counted once (a long dump's checks are
        read back from disk to count them), or as they were made (CheckSpill)."""
        if isinstance(self.checks, CheckSpill):
            return self.checks.tally.summary
        summary = self.__dict__.get("_check_summary")
        if summary is None:
            summary = summarize(self.checks)
            object.__setattr__(self, "_check_summary", summary)
        return dict(summary)

    def check_overview(self, failed: int) -> tuple[dict, list[str]]:
        """check_summary and the rules of the first `failed` failed checks, in one pass (none
        when they were counted as they were made: CheckSpill)."""
        if isinstance(self.checks, CheckSpill) and failed <= CheckCounts.FAILED_KEPT:
            return self.checks.tally.summary, self.checks.tally.failed[:failed]
        kept: list[str] = []

        def watched():
            for c in self.checks:
                if c.status == FAIL and len(kept) < failed:
                    kept.append(c.rule)
                yield c
        summary = summarize(watched())
        object.__setattr__(self, "_check_summary", summary)
        return dict(summary), kept

    def table_check_summary(self, table_no: int) -> dict:
        return summarize(c for c in self.checks if table_no in c.tables)

    def table_check_summaries(self) -> dict[int, dict]:
        """table_check_summary of every table, in one pass over the checks: asking table by
        table scans every check per table, quadratic in a long text dump's tables."""
        by_table: dict[int, list[Check]] = {t.no: [] for t in self.tables}
        for c in self.checks:
            for no in set(c.tables):
                by_table.setdefault(no, []).append(c)
        return {no: summarize(checks) for no, checks in by_table.items()}

    @property
    def checked_cells(self) -> frozenset:
        """(table_no, row_no, column) of every cell covered by a passing check."""
        return frozenset(cell for c in self.checks if c.status == PASS for cell in c.cells)

    @property
    def name(self) -> str:
        from pathlib import Path
        return Path(self.source).name

    @property
    def pages(self) -> tuple[Page, ...]:
        on_page: dict[int, list[int]] = {n: [] for n in range(1, self.page_count + 1)}
        for table in self.tables:
            for p in table.pages:
                on_page.setdefault(p, []).append(table.no)
        return tuple(Page(n, tuple(nos)) for n, nos in sorted(on_page.items()))

    def table(self, key: int | str) -> Table:
        """A table by its number (1-based, also as a string: "5") or its printed label / title."""
        for t in self.tables:
            if key == t.no or key == t.label or key == t.title:
                return t
        if isinstance(key, str) and key.strip().isdigit():
            return self.table(int(key.strip()))
        raise KeyError(f"no table {key!r} in {self.name}")

    def facts(self):
        """Every amount cell of every table, one row each, as a pandas DataFrame."""
        from .normalize.frames import facts_frame
        return facts_frame(self.tables, self)

    def page_reader(self, page: int) -> str:
        """How a page was read: "ocr" (its image), else the document's reader."""
        return "ocr" if page in self.ocr_pages else self.reader

    def confidence(self, page: int, value: Decimal | None) -> float | None:
        """The OCR confidence of an amount printed on `page`: None for a page read from its
        text layer. An amount is matched to the numbers recognized on its page by value; the
        same amount recognized twice on a page gets the lower confidence of the two, and an
        amount no recognized number gives (a cell joined from pieces) gets 0."""
        if page not in self.ocr_pages:
            return None
        if value is None:
            return None
        table = self.__dict__.get("_confidences")
        if table is None:
            table = {}
            for p, v, c in self.ocr_numbers:
                key = (p, v)
                table[key] = min(c, table.get(key, 1.0))
            object.__setattr__(self, "_confidences", table)
        return table.get((page, value), 0.0)

    def indicators(self):
        """The standard indicators ([[indicator]] in catalogue.toml) in 万元, one row each, with
        the table, row and page read, or the reason the document does not print one."""
        from .normalize.indicators import indicator_columns
        return indicator_columns(self).frame()
