"""A RawDocument → a typed Document: tables normalized, and what the document is about
(department, year, 预算/决算, unit) read from its tables and its text."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import islice

from .. import catalogue as _catalogue
from ..model import AMOUNT, NAME, TEXT, Column, split_sides, Document, RawDocument, RawRow, RawTable, Spill
import regex as re

from ..chars import compact, digit_years
from ..patterns import GOVERNMENT_ISSUER, META_KEY, YEAR_AND_TYPE

SECTION_PREFIX = re.compile(r"^第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇)")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# a heading naming whose document it is: 中共上海市普陀区委社会工作部2024年度部门决算(表)
HEADING_SUBJECT = re.compile(r"^(?P<who>[^，。,；;：:（）()]{4,40}?)(?:19|20)\d{2}年度?(?:区级|市级)?(?:部门|单位)?"
                             r"(?:预算|决算)")
from ..settings import DEFAULT, Settings
from ..errors import ParseError
from .amounts import parse_amount
from .checks import run_checks
from .identity import document_identity
from .ocr import with_reference_names
from .placement import placed
from .pagedtext import PagedText, finditer
from .prose import read_prose
from .labels import missing_labels
from .salvage import build_table


def build_document(raw: RawDocument, settings: Settings = DEFAULT, catalogue=None) -> Document:
    """The typed document. Its tables are built one at a time from the raw ones and kept in a
    Spill (model.py), as are its checks: a long dump's are on disk but for a few chunks, and
    what the document is about is read from the tables' titles, units and entities and from
    its text page by page, never from the whole of it at once."""
    cat = catalogue or _catalogue.default()
    # the raw tables without their rows: what the document is about is read from these
    heads = replace(raw, tables=tuple(replace(t, columns=(), rows=()) for t in raw.tables))
    units = Counter(t.unit for t in heads.tables if t.unit)
    unit = units.most_common(1)[0][0] if units else None
    government = is_government(heads, cat)
    year, doc_type = year_and_type(heads)
    if government and doc_type:
        doc_type = "政府" + doc_type
    who = (government_issuer(heads) if government else None) or department(heads)
    del heads
    tables = Spill(settings.spill_tables)
    marks = []                       # each table without its rows: for the labels' gaps
    titles = []

    def add(rt: RawTable) -> None:
        if not (rt.rows or rt.note or rt.warnings) and rt.pages and not _amounts(cat, rt):
            # a form whose title heads lines no finder read, and that no part joined
            # (join_form): said, not silently empty
            rt = replace(rt, warnings=(f"page {rt.pages[0]}: the form's lines read as no table; "
                                       "they are kept as the document's text",))
        # a table's year is the one its title names (a document may print 2025's execution
        # beside 2026's budget)
        table = build_table(rt, len(tables) + 1, code_system=_code_system(cat, rt), unit=unit,
                            year=table_year(rt.title, year), catalogue=cat)
        # OCR'd names of known codes one or two characters off: the reference name (warned)
        table = with_reference_names((table,), raw.ocr_pages)[0]
        if raw.reader == "text-layout":
            # a layout dump's squeezed continuation page: amounts back where the totals hold
            try:
                table = placed(table, cat, doc_type)
            except Exception as e:   # noqa: BLE001 - the table stays as read, and says why
                table = replace(table, warnings=table.warnings + (
                    f"table {table.label or table.title or table.no}: its amounts could not be "
                    f"checked for a squeezed page ({type(e).__name__}: {e}); kept as read",))
        tables.append(table)
        marks.append(replace(table, rows=(), columns=()))
        titles.append(table.title)

    last = None                      # the last raw table: the next may be its form's second half
    for rt in raw.tables:
        # a year printed 2O21 is the year 2021 in the title too
        rt = replace(rt, title=digit_years(rt.title))
        rt = replace(rt, kind=scoped_kind(rt, cat, settings, government))
        if not rt.kind and who and compact(rt.title).startswith(who):
            # 西南大学收入预算表: the issuer before a standard title
            kind = cat.match_title(compact(rt.title)[len(who):], settings)
            if kind:
                rt = replace(rt, kind=kind.id)
        kind = cat.kind(rt.kind)
        form = last if last is not None and not _amounts(cat, last) else None
        if form and not rt.title and not rt.label and not rt.kind and rt.pages \
                and rt.pages[0] <= form.pages[-1] + 1:
            last = join_form(form, rt)
            continue
        try:
            rt = as_text_form(rt) if kind and not kind.amounts else name_sides(rt, cat)
        except Exception as e:       # noqa: BLE001 - the table is built as read, and says why
            rt = replace(rt, warnings=rt.warnings + (
                f"its sides or form could not be read ({type(e).__name__}: {e}); kept as printed",))
        if last is not None:
            add(last)
        last = rt
    if last is not None:
        add(last)
    warnings = raw.warnings + tuple(missing_labels(marks))
    del marks
    text = document_text(raw)
    identity = document_identity(who, text, titles, cat)
    del titles
    doc = Document(source=raw.source, sha256=raw.sha256, reader=raw.reader,
                   page_count=raw.page_count, tables=tables, department=who,
                   year=year, doc_type=doc_type, unit=unit, warnings=warnings,
                   scope=identity.scope, department_key=identity.department_key,
                   region=identity.region, ocr_pages=raw.ocr_pages, ocr_numbers=ocr_numbers(raw))
    # the checks and the figures of the text are read over everything: should they fail on
    # something unforeseen, the tables are still written, and the document says so
    try:
        prose = read_prose(raw.page_texts(), cat)
    except Exception as e:           # noqa: BLE001
        prose, warnings = (), warnings + (f"figures in the text could not be read "
                                          f"({type(e).__name__}: {e})",)
    try:
        checks = run_checks(replace(doc, warnings=warnings), scoped_identities(cat, government),
                            prose, spill=settings.spill_checks)
    except Exception as e:           # noqa: BLE001
        checks, warnings = (), warnings + (f"checks could not run ({type(e).__name__}: {e})",)
    return replace(doc, prose=prose, checks=checks, warnings=warnings)


def document_text(raw: RawDocument):
    """The document's text to read: `text`, or its pages read one by one (PagedText) when the
    reader kept them so."""
    return raw.text if raw.pages is None else PagedText(raw.pages)


def table_year(title: str, default: int | None) -> int | None:
    """The year a table's title names (2025年…执行情况表), else the document's."""
    m = TITLE_YEAR.search(digit_years(title))
    return int(m.group(1)) if m else default


def _amounts(cat, rt: RawTable) -> bool:
    kind = cat.kind(rt.kind)
    return kind is None or kind.amounts


def _code_system(cat, rt: RawTable) -> str | None:
    kind = cat.kind(rt.kind)
    return kind.code_system if kind else None


def join_form(form: RawTable, part: RawTable) -> RawTable:
    """A form's second half heads the next page as an untitled grid of its own (绩效指标 |
    一级指标 …): it is still the form. Its header is data of the form, so it becomes a row,
    and its cells are kept by position (forms are text; extra cells widen the form)."""
    width = max(len(form.columns), len(part.columns))
    columns = form.columns + tuple(Column((f"列{j + 1}",), TEXT)
                                   for j in range(len(form.columns), width))
    page = part.pages[0]
    header = RawRow(page=page, cells=tuple(c.key for c in part.columns))
    rows = tuple(RawRow(page=r.page, cells=tuple(r.cells) + (None,) * (width - len(r.cells)),
                        line=r.line) for r in (header,) + part.rows)
    widened = tuple(RawRow(page=r.page, cells=tuple(r.cells) + (None,) * (width - len(r.cells)),
                           line=r.line, spans=r.spans) for r in form.rows)
    return replace(form, columns=columns, rows=widened + rows,
                   pages=tuple(sorted(set(form.pages) | set(part.pages))),
                   # it has its title now: the form's
                   warnings=form.warnings + tuple(w for w in part.warnings
                                                  if not w.endswith("table without a title")))


def name_sides(raw: RawTable, cat) -> RawTable:
    """A two-sided table whose header names no side (项目 | 预算数 | 项目 | 预算数): each side is
    named from the totals its rows print (收入总计 / 本年收入合计 → 收入; catalogue [sides]), so
    that its columns read 收入/预算数 as in tables whose header names them. Left as it is
    unless every side gets a name of its own."""
    sides = split_sides(raw.columns)
    if len(sides) < 2 or any(s.prefix for s in sides):
        return raw
    names = []
    for side in sides:
        at = [i for i in side.columns if raw.columns[i].role == NAME]
        names.append(cat.side_of(r.cells[i] for r in raw.rows for i in at if r.cells[i]))
    if None in names or len(set(names)) != len(names):
        return raw
    columns = list(raw.columns)
    for side, name in zip(sides, names):
        for i in side.columns:
            columns[i] = replace(columns[i], path=(name,) + columns[i].path)
    return replace(raw, columns=tuple(columns))


def as_text_form(raw: RawTable) -> RawTable:
    """A form of the catalogue's `amounts = false` kinds: every amount column kept as text, so
    that its scores and targets are written as printed and never typed as money."""
    columns = tuple(replace(c, role=TEXT) if c.role == AMOUNT else c for c in raw.columns)
    return replace(raw, columns=columns)


def is_government(raw: RawDocument, cat) -> bool:
    """Is this a government's 预算/决算 (a city's tables: 全市…, 市本级…), not a 部门's? Most of
    its titled tables say so by a marker in the title (catalogue [scope]) or by matching a
    government kind better than any department's (a tie is a department's)."""
    titled = [t for t in raw.tables if t.title]
    votes = 0
    for t in titled:
        votes += cat.is_government_title(t.title) or \
            cat.title_score(t.title, "政府")[1] > cat.title_score(t.title, "部门")[1]
    return bool(titled) and 2 * votes > len(titled)


def scoped_kind(rt, cat, settings: Settings, government: bool) -> str | None:
    """A table's kind among the kinds of its document's scope: a government's tables first
    among the government kinds (一般公共预算支出决算表 is a city's table there, a department's
    elsewhere), a department's among the others."""
    if not rt.title:
        # a kind the header gave (text path): a government's kind only in a government's document
        kind = cat.kind(rt.kind)
        return rt.kind if kind and (kind.scope == "政府") == government else None
    if government:
        kind = cat.match_title(rt.title, settings, scope="政府") or cat.match_title(rt.title, settings)
    else:
        kind = cat.match_title(rt.title, settings, scope="部门")
    if kind is None:
        # the reader's own reading of the title (a text dump's, from its cleaned caption)
        found = cat.kind(rt.kind)
        return rt.kind if found and (found.scope == "政府") == government else None
    return kind.id


@lru_cache(maxsize=8)
def scoped_identities(cat, government: bool):
    """The catalogue with the identities of one scope: a government's (every kind in it a
    government kind) or a department's; the other scope's tables are never in the document,
    and their checks would only be skipped."""
    def is_government(identity) -> bool:
        kinds = [identity.left.kind] + [s.kind for s in identity.right]
        return all((k := cat.kind(kind)) is not None and k.scope == "政府" for kind in kinds)
    return replace(cat, identities=tuple(i for i in cat.identities if is_government(i) == government))


def government_issuer(raw: RawDocument) -> str | None:
    """The government a 政府预算/决算 is of: the region its table titles name (哈尔滨市)."""
    named = Counter(m.group("who") for t in raw.tables
                    for m in [GOVERNMENT_ISSUER.match(compact(t.title))] if m)
    return named.most_common(1)[0][0] if named else None


def ocr_numbers(raw: RawDocument) -> tuple:
    """The numbers OCR recognized, as amounts (see Document.confidence)."""
    out = []
    for page, text, conf in raw.ocr_numbers:
        try:
            value = parse_amount(text)
        except ParseError:
            continue
        if value is not None:
            out.append((page, value, conf))
    return tuple(out)


def department(raw: RawDocument) -> str | None:
    """The entity most tables name (单位名称 / 部门 / 编制部门), else a key：value line of the
    text, else the heading that names the document (中共…工作部2024年度部门决算)."""
    named = Counter(t.entity for t in raw.tables if t.entity)
    if named:
        return named.most_common(1)[0][0]
    from ..extract.texttables import read_meta
    text = document_text(raw)

    def lines():
        return text.splitlines() if isinstance(text, str) else text.lines()

    for line in lines():
        if META_KEY.search(line):
            meta = read_meta(line.strip())
            if meta and meta.entity:
                return meta.entity
    heads = [SECTION_PREFIX.sub("", digit_years(compact(line))) for line in islice(lines(), 200)]
    heads = [h for h in heads if h]
    # a cover may print the name on one line and 2023年度部门预算 on the next: pairs of lines
    # are tried after every single line
    for text in heads + [a + b for a, b in zip(heads, heads[1:])]:
        m = HEADING_SUBJECT.match(text)
        if m:
            return m.group("who")
    return None


def year_and_type(raw: RawDocument) -> tuple[int | None, str | None]:
    """The year a document is about: the year its table titles carry (2024年部门财务收支预算总表),
    else its first heading's (2024年部门预算), else the most frequent; prose compares with
    other years (比2023年预算减少…), so frequency alone misleads. A 决算 table title makes
    it a 决算. (A government's document gets 政府 before it: see build_document.)"""
    titled = Counter(int(m.group(1)) for t in raw.tables
                     for m in TITLE_YEAR.finditer(digit_years(t.title)))
    found = [(int(m.group("year")), m.group("type"))
             for m in finditer(YEAR_AND_TYPE, document_text(raw), digit_years)]
    if titled:
        year = titled.most_common(1)[0][0]
    elif found:
        year = found[0][0]
    else:
        year = None
    types = Counter(t for _, t in found)
    if any("决算" in t.title for t in raw.tables):
        doc_type = "决算"
    elif types:
        doc_type = types.most_common(1)[0][0]
    elif any("预算" in t.title for t in raw.tables):
        doc_type = "预算"
    else:
        doc_type = None
    return year, doc_type
