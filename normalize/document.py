"""A RawDocument → a typed Document: tables normalized, and what the document is about
(department, year, 预算/决算, unit) read from its tables and its text."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from .. import catalogue as _catalogue
from ..model import Document, RawDocument
import regex as re

from ..chars import compact
from ..patterns import GOVERNMENT_ISSUER, META_KEY, YEAR_AND_TYPE

SECTION_PREFIX = re.compile(r"^第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇)")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# a heading naming whose document it is: 中共上海市普陀区委社会工作部2024年度部门决算(表)
HEADING_SUBJECT = re.compile(r"^(?P<who>[^，。,；;：:（）()]{4,40}?)(?:19|20)\d{2}年度?(?:区级|市级)?(?:部门|单位)?"
                             r"(?:预算|决算)")
from ..settings import DEFAULT, Settings
from .checks import run_checks
from .prose import read_prose
from .tables import normalize_table


def build_document(raw: RawDocument, settings: Settings = DEFAULT, catalogue=None) -> Document:
    cat = catalogue or _catalogue.default()
    units = Counter(t.unit for t in raw.tables if t.unit)
    unit = units.most_common(1)[0][0] if units else None
    government = is_government(raw, cat)
    tables = []
    for n, rt in enumerate(raw.tables, 1):
        rt = replace(rt, kind=scoped_kind(rt, cat, settings, government))
        kind = cat.kind(rt.kind)
        tables.append(normalize_table(rt, n, code_system=kind.code_system if kind else None,
                                      unit=unit, catalogue=cat))
    year, doc_type = year_and_type(raw)
    if government and doc_type:
        doc_type = "政府" + doc_type
    who = (government_issuer(raw) if government else None) or department(raw)
    doc = Document(source=raw.source, sha256=raw.sha256, reader=raw.reader,
                   page_count=raw.page_count, tables=tuple(tables), department=who,
                   year=year, doc_type=doc_type, unit=unit, warnings=raw.warnings)
    prose = read_prose(raw.text.split("\f"), cat)
    return replace(doc, prose=prose, checks=run_checks(doc, scoped_identities(cat, government), prose))


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
    return kind.id if kind else None


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
    it a 决算. (A government's document gets 政府 before it: see build_document.)"""
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
