"""A RawDocument → a typed Document: tables normalized, and what the document is about
(department, year, 预算/决算, unit) read from its tables and its text."""

from __future__ import annotations

from collections import Counter

from .. import catalogue as _catalogue
from ..model import Document, RawDocument
from ..patterns import META_KEY, YEAR_AND_TYPE
from ..settings import DEFAULT, Settings
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
    year, doc_type = year_and_type(raw)
    return Document(source=raw.source, sha256=raw.sha256, reader=raw.reader,
                    page_count=raw.page_count, tables=tuple(tables), department=department(raw),
                    year=year, doc_type=doc_type, unit=unit, warnings=raw.warnings)


def department(raw: RawDocument) -> str | None:
    """The entity most tables name (单位名称 / 部门 / 编制部门), else the first such line."""
    named = Counter(t.entity for t in raw.tables if t.entity)
    if named:
        return named.most_common(1)[0][0]
    from ..extract.texttables import read_meta
    for line in raw.text.splitlines():
        if META_KEY.search(line):
            meta = read_meta(line.strip())
            if meta and meta.entity:
                return meta.entity
    return None


def year_and_type(raw: RawDocument) -> tuple[int | None, str | None]:
    """2024年部门预算 / 2023年度部门决算 in the text or titles; a 决算 table title settles the type."""
    found = Counter()
    types = Counter()
    for m in YEAR_AND_TYPE.finditer(raw.text + "\n" + "\n".join(t.title for t in raw.tables)):
        found[int(m.group("year"))] += 1
        types[m.group("type")] += 1
    year = found.most_common(1)[0][0] if found else None
    if any("决算" in t.title for t in raw.tables):
        doc_type = "决算"
    elif types:
        doc_type = types.most_common(1)[0][0]
    elif any("预算表" in t.title or "预算总表" in t.title for t in raw.tables):
        doc_type = "预算"
    else:
        doc_type = None
    return year, doc_type
