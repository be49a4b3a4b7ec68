"""A RawDocument → a typed Document: tables normalized, and what the document is about
(department, year, 预算/决算, unit) read from its tables and its text."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .. import catalogue as _catalogue
from ..model import Document, RawDocument
import regex as re

from ..chars import compact
from ..patterns import META_KEY, YEAR_AND_TYPE

SECTION_PREFIX = re.compile(r"^第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇)")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# a heading naming whose document it is: 中共上海市普陀区委社会工作部2024年度部门决算(表)
HEADING_SUBJECT = re.compile(r"^(?P<who>[^，。,；;：:（）()]{4,40}?)(?:19|20)\d{2}年度?(?:区级|市级)?(?:部门|单位)?"
                             r"(?:预算|决算)")
from ..settings import DEFAULT, Settings
from ..errors import ParseError
from .amounts import parse_amount
from .checks import run_checks
from .ocr import with_reference_names
from .prose import read_prose
from .tables import normalize_table


def build_document(raw: RawDocument, settings: Settings = DEFAULT, catalogue=None) -> Document:
    cat = catalogue or _catalogue.default()
    units = Counter(t.unit for t in raw.tables if t.unit)
    unit = units.most_common(1)[0][0] if units else None
    tables = []
    for n, rt in enumerate(raw.tables, 1):
        kind = cat.kind(rt.kind)
        tables.append(normalize_table(rt, n, code_system=kind.code_system if kind else None,
                                      unit=unit))
    tables = with_reference_names(tuple(tables), raw.ocr_pages)
    year, doc_type = year_and_type(raw)
    doc = Document(source=raw.source, sha256=raw.sha256, reader=raw.reader,
                   page_count=raw.page_count, tables=tuple(tables), department=department(raw),
                   year=year, doc_type=doc_type, unit=unit, warnings=raw.warnings,
                   ocr_pages=raw.ocr_pages, ocr_numbers=ocr_numbers(raw))
    prose = read_prose(raw.text.split("\f"), cat)
    return replace(doc, prose=prose, checks=run_checks(doc, cat, prose))


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
    lines = raw.text.splitlines()
    for line in lines:
        if META_KEY.search(line):
            meta = read_meta(line.strip())
            if meta and meta.entity:
                return meta.entity
    for line in lines[:200]:
        m = HEADING_SUBJECT.match(SECTION_PREFIX.sub("", compact(line)))
        if m:
            return m.group("who")
    return None


def year_and_type(raw: RawDocument) -> tuple[int | None, str | None]:
    """The year a document is about: the year its table titles carry (2024年部门财务收支预算总表),
    else its first heading's (2024年部门预算), else the most frequent; prose compares with
    other years (比2023年预算减少…), so frequency alone misleads. A 决算 table title makes
    it a 决算."""
    titled = Counter(int(m.group(1)) for t in raw.tables for m in TITLE_YEAR.finditer(t.title))
    found = [(int(m.group("year")), m.group("type")) for m in YEAR_AND_TYPE.finditer(raw.text)]
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
