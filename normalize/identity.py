"""Which document a file is, for the store: whose budget (scope 部门 / 单位 / 政府), which
department (a key that survives how a name is printed), and which region.

Two files are "the same document" (a newer one supersedes the older) only when they agree on
department_key, scope, year, 预算/决算 and kind; a department's 部门预算 and its 单位预算 of
one year are two documents. The phrases and name rules are data: the [scopes] and
[departments] sections of catalogue.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import regex as re

from ..catalogue import Catalogue, DepartmentRules
from ..chars import key
from ..patterns import YEAR_AND_TYPE
from .pagedtext import finditer, heading

# Lines of a document's text read as its heading (the cover: who, year, what).
HEADING_LINES = 8
# Characters before a city's or a district's suffix (普陀区, 哈尔滨市, 巴音郭楞蒙古自治州 is
# longer and needs its province first or an alias).
REGION_NAME = (2, 4)


@dataclass(frozen=True)
class Identity:
    scope: str | None
    department_key: str | None
    region: str | None


# a government's disclosure names the government before the year: 武汉市2024年全市一般公共预算…
_GOVERNMENT = re.compile(r"^(?P<who>\p{Han}{2,16}?)(?:19|20)\d{2}年")


def document_identity(department: str | None, text: str, titles: Iterable[str],
                      catalogue: Catalogue) -> Identity:
    """The identity of a document; a government-level one (政府) without a department is
    keyed by the region its heading names (武汉市)."""
    scope = scope_of(text, titles, catalogue)
    key_, region = department_key(department, catalogue.departments)
    if key_ is None and scope == "政府":
        for line in _heading(text):
            m = _GOVERNMENT.match(key(line))
            if m:
                who, where = department_key(m.group("who"), catalogue.departments)
                if who and who == (where or "").rsplit("/", 1)[-1]:   # a region and nothing else
                    key_, region = who, where
                break
    return Identity(scope, key_, region)


def _heading(text) -> list[str]:
    return heading(text, HEADING_LINES)


def scope_of(text: str, titles: Iterable[str], catalogue: Catalogue) -> str | None:
    """部门 / 单位 / 政府 from the heading (the earliest phrase of [scopes] in its first
    lines), else the first 2024年部门预算 / 2024年单位预算 of the text, else the table titles."""
    found = _earliest(key("".join(_heading(text))), catalogue)
    if found:
        return found
    for m in finditer(YEAR_AND_TYPE, text):
        words = key(m.group(0))
        for scope in ("部门", "单位"):
            if scope in words:
                return scope
    for title in titles:
        found = _earliest(key(title), catalogue)
        if found:
            return found
    return None


def _earliest(text: str, catalogue: Catalogue) -> str | None:
    best: tuple[int, str] | None = None
    for scope, phrases in catalogue.scopes:
        for phrase in phrases:
            at = text.find(phrase)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, scope)
    return best[1] if best else None


def department_key(name: str | None, rules: DepartmentRules) -> tuple[str | None, str | None]:
    """(key, region) of a department's printed name.

    中共江苏省委办公厅 → (江苏省委办公厅, 江苏省); 上海市普陀区人民政府万里街道办事处 →
    (普陀区万里街道办事处, 上海市/普陀区), the same as 普陀区万里街道办事处 gives."""
    if not name:
        return None, None
    text = key(name)
    aliases = dict(rules.aliases)
    text = aliases.get(text, text)
    for prefix in rules.drop_prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            break
    regions: list[str] = []
    province = next((p for p in rules.provinces if text.startswith(p)), None)
    if province:
        regions.append(province)
        text = text[len(province):]
    for suffixes in (rules.city_suffixes, rules.district_suffixes):
        m = _region_pattern(suffixes).match(text)
        if m:                         # a government's own name (武汉市) is its region too
            regions.append(m.group(0))
            text = text[len(m.group(0)):]
    for word in rules.drop_after_region:
        if regions and text.startswith(word) and len(text) > len(word):
            text = text[len(word):]
            break
    for suffix in rules.drop_suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    lowest = regions[-1] if regions else ""
    return lowest + text, "/".join(regions) or None


_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}


def _region_pattern(suffixes: tuple[str, ...]) -> re.Pattern:
    if suffixes not in _PATTERNS:
        low, high = REGION_NAME
        alternatives = "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True))) or "(?!)"
        _PATTERNS[suffixes] = re.compile(rf"\p{{Han}}{{{low},{high}}}?(?:{alternatives})")
    return _PATTERNS[suffixes]
