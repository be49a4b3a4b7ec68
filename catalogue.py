"""Load the catalogue of standard tables (catalogue.toml) and match titles and headers to it.

The catalogue is data: to teach yusuan a new title or header seen in some region, add a line
to catalogue.toml, not a branch to the code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace

import regex as re
from functools import lru_cache
from importlib import resources

from .chars import bigrams, char_overlap, key, title_key, title_keys
from .model import AMOUNT, CODE, NAME, ROLES, TEXT, Column
from .settings import DEFAULT, Settings


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    titles: tuple[str, ...]
    code_system: str | None = None
    # a title ending so is this kind whatever names the subject before it
    # (236中央高校教育教学改革专项绩效目标表: one form per project)
    title_endings: tuple[str, ...] = ()
    # false for forms whose figures are scores and targets (分值 20, 指标值 100%), not amounts:
    # their cells are kept as text and no amount identity applies to them
    amounts: bool = True
    scope: str | None = None           # 政府: a table of a government's 预算/决算, not a 部门's


@dataclass(frozen=True)
class HeaderVariant:
    kind: str
    seen: str
    columns: tuple[Column, ...]

    @property
    def amount_count(self) -> int:
        return sum(1 for c in self.columns if c.role == AMOUNT)

    @property
    def label_text(self) -> str:
        """Every distinct header label once (a group label is printed once over its leaves)."""
        seen: list[str] = []
        for column in self.columns:
            for depth in range(1, len(column.path) + 1):
                node = column.path[:depth]
                if node not in seen:
                    seen.append(node)
        return "".join(key(node[-1]) for node in seen)


@dataclass(frozen=True)
class Selector:
    """Where a quantity is printed: a table kind, a side, a row and a column (see the
    [[identity]] notes in catalogue.toml)."""

    kind: str
    row: str = "total"
    column: str = "first"
    side: str | None = None


@dataclass(frozen=True)
class Identity:
    rule: str
    left: Selector
    right: tuple[Selector, ...]
    doc_type: str | None = None        # 预算 / 决算: the rule holds in that type only


@dataclass(frozen=True)
class Breakdown:
    """A row whose following rows, up to the next total row, break it down (决算 年初结转和结余
    over 一般公共预算财政拨款 / 政府性基金 …): they are its parts, not further addends."""
    heads: tuple[str, ...]             # row names (keys) that head a breakdown
    kinds: tuple[str, ...] = ()        # table kinds it applies to; () = every table
    doc_type: str | None = None


@dataclass(frozen=True)
class ProseSpec:
    subject: str
    pattern: object                    # a compiled regex with groups value and unit
    compare: Selector | None = None
    label: str | None = None           # row names / header labels to look for, "|"-separated
    kinds: tuple[str, ...] = ()
    # the rows a word of the sentence names when no row is called by it (本年 → 本年收入合计):
    # (word, (row names, …)) pairs
    rows: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def row_names(self, word: str) -> tuple[str, ...]:
        return next((names for w, names in self.rows if w == word), ())


@dataclass(frozen=True)
class IndicatorSpec:
    """A standard indicator (收入总计, "三公"经费 …): where it is printed, tried in order (the
    first source the document prints wins); see the [[indicator]] notes in catalogue.toml."""

    id: str
    label: str
    sources: tuple[Selector, ...]
    doc_types: tuple[str, ...] = ()    # empty: every type


@dataclass(frozen=True)
class HeaderGroup:
    """Columns a header label comprises (the [[header_group]] notes in catalogue.toml), as
    keys: `label` is over `members` and, first among them, one of `totals`."""

    label: str
    members: tuple[str, ...]
    totals: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepartmentRules:
    """How a department's name becomes its key and region (the [departments] section)."""

    drop_prefixes: tuple[str, ...] = ()
    drop_after_region: tuple[str, ...] = ()
    drop_suffixes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    city_suffixes: tuple[str, ...] = ()
    district_suffixes: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()     # (name key, the name it stands for)


@dataclass(frozen=True)
class Catalogue:
    kinds: tuple[Kind, ...]
    headers: tuple[HeaderVariant, ...]
    identities: tuple[Identity, ...] = ()
    prose: tuple[ProseSpec, ...] = ()
    classes: tuple[tuple[str, str], ...] = ()      # (name key, function class code)
    sides: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (side name, its totals' name keys)
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (部门|单位|政府, title phrases)
    departments: DepartmentRules = DepartmentRules()
    indicators: tuple[IndicatorSpec, ...] = ()

    def __hash__(self) -> int:
        """The fields' hash, as the dataclass's own, computed once: title lookups are cached
        per catalogue (`_title_score`), and hashing every kind, header and identity again on
        each lookup cost about a millisecond, more than the lookup."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:
        # a string's hash differs between processes: a worker computes its own
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def side_of(self, names) -> str | None:
        """The side (收入 / 支出) whose totals these row names print, if exactly one."""
        keys = {key(n) for n in names}
        found = {side for side, totals in self.sides if keys.intersection(totals)}
        return found.pop() if len(found) == 1 else None
    breakdowns: tuple[Breakdown, ...] = ()
    percent_markers: tuple[str, ...] = ()          # a header leaf holding one is a percentage
    ordinal_headers: tuple[str, ...] = ()          # keys of headers of an ordinal column (序号)
    government_markers: tuple[str, ...] = ()       # a title holding one is a government's
    header_groups: tuple[HeaderGroup, ...] = ()
    code_parts: tuple[str, ...] = ()               # names of a code's parts (类, 款, 项)

    def is_code_parts(self, text: str | None) -> bool:
        """Is this a code column's cell naming the code's parts (类 款 项), the header's?"""
        k = key(text or "")
        return bool(k) and bool(self.code_parts) and all(ch in self.code_parts for ch in k)

    def is_government_title(self, title: str) -> bool:
        """Does this title name a government's table (全市…, 市本级…, 本级对下…)?"""
        k = key(title)
        return any(m in k for m in self.government_markers)

    def is_percent(self, column: Column) -> bool:
        """Is this amount column a percentage (完成预算%, 比上年增长%, 增长率)?"""
        leaf = key(column.path[-1])
        return any(m in leaf for m in self.percent_markers)

    def is_ordinal_header(self, column: Column) -> bool:
        """Is this the header of a column printing the rows' ordinals (序号)?"""
        return key(column.path[-1]) in self.ordinal_headers

    def class_code(self, name: str) -> str | None:
        """The code of a 类 printed by name (一、一般公共服务支出 → 201), or None."""
        k = key(name)
        return next((code for n, code in self.classes if n == k), None)

    def kind(self, kind_id: str | None) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    # -- titles ------------------------------------------------------------------------
    def title_score(self, title: str, scope: str | None = None) -> tuple[Kind | None, float]:
        """The kind whose known titles are most like `title`, and how alike (0..1), trying the
        title as printed and without an ordinal, year or issuer before it; with a `scope`,
        among that scope's kinds only (政府; 部门 = the kinds without a scope)."""
        best: tuple[Kind | None, float] = (None, 0.0)
        for k in title_keys(title):
            found = _title_score(self, k, scope)
            if found[1] > best[1]:
                best = found
        return best

    def match_title(self, title: str, settings: Settings = DEFAULT,
                    scope: str | None = None) -> Kind | None:
        kind, score = self.title_score(title, scope)
        return kind if score >= settings.kind_min_similarity else None

    def is_title(self, line: str, settings: Settings = DEFAULT) -> bool:
        """Does this line read as a standard table title, with no label before it?"""
        _, score = self.title_score(line)
        return score >= settings.title_min_similarity

    # -- headers -----------------------------------------------------------------------
    def grouped(self, columns: tuple[Column, ...]) -> tuple[Column, ...]:
        """`columns` with each known group (header_groups) widened over the columns beside it
        that it comprises: a page without rulings may show a group's label above one member
        only. A column moves under the group only when its path, up to the group's depth, is
        the group's own (a sibling of the group's members, not of the group)."""
        out = list(columns)
        for group in self.header_groups:
            at = next(((i, d) for i, c in enumerate(out) for d, part in enumerate(c.path)
                       if key(part) == group.label), None)
            if at is None:
                continue
            first, depth = at
            prefix = out[first].path[:depth]
            last = first
            while last + 1 < len(out) and out[last + 1].path[:depth + 1] == out[first].path[:depth + 1]:
                last += 1

            def member(j: int, names) -> bool:
                path = out[j].path
                return (len(path) > depth and path[:depth] == prefix and out[j].role not in (NAME, CODE)
                        and key(path[depth]) in names)
            moved = []
            j = first - 1
            while j >= 0 and member(j, group.members):
                moved.append(j)
                j -= 1
            if j >= 0 and member(j, group.totals):
                moved.append(j)          # the group's own total, printed first
            j = last + 1
            while j < len(out) and member(j, group.members):
                moved.append(j)
                j += 1
            for j in moved:
                c = out[j]
                out[j] = replace(c, path=prefix + (out[first].path[depth],) + c.path[depth:])
        return tuple(out)

    def match_header(self, header_text: str, amount_count: int | None, kind_id: str | None,
                     settings: Settings = DEFAULT) -> tuple[HeaderVariant | None, float]:
        """The header tree that best explains the printed header fragments.

        1. Candidates are the variants of the table's kind, then every variant (a title the
           catalogue does not know yet may still have a known header).
        2. A candidate must have as many amount columns as the body rows print (when known).
        3. Score: characters of the fragments vs characters of the variant's labels, as
           multisets (a text dump scrambles the order of merged header cells, not their text).
        The best candidate at or above `settings.header_min_similarity` wins."""
        text = key(header_text)
        if not text:
            return None, 0.0
        pools = [[h for h in self.headers if h.kind == kind_id]] if kind_id else []
        pools.append(list(self.headers))
        best: tuple[HeaderVariant | None, float] = (None, 0.0)
        for pool in pools:
            for variant in pool:
                if amount_count is not None and variant.amount_count != amount_count:
                    continue
                score = char_overlap(text, variant.label_text)
                if score > best[1]:
                    best = (variant, score)
            if best[1] >= settings.header_min_similarity:
                return best
        return None, best[1]


_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")


@lru_cache(maxsize=4096)
def _title_score(cat: Catalogue, k: str, scope: str | None = None) -> tuple[Kind | None, float]:
    """Dice similarity of the sets of character bigrams (titles hardly repeat a bigram)."""
    best: tuple[Kind | None, float] = (None, 0.0)
    if not k:
        return best
    bare = _TRAILING_BRACKET.sub("", k)       # …绩效目标表(2023年度)
    for kind in cat.kinds:
        if any(bare.endswith(e) for e in kind.title_endings):
            return kind, 1.0
    grams = frozenset(bigrams(k))
    for kind, known, known_grams in _known_titles(cat):
        if scope is not None and (kind.scope or "部门") != scope:
            continue
        if k == known:
            return kind, 1.0
        score = 2.0 * len(grams & known_grams) / (len(grams) + len(known_grams))
        if score > best[1]:
            best = (kind, score)
    return best


@lru_cache(maxsize=8)
def _known_titles(cat: Catalogue):
    out = []
    for kind in cat.kinds:
        for known in kind.titles:
            key_ = title_key(known)
            out.append((kind, key_, frozenset(bigrams(key_))))
    return tuple(out)


def parse_column(spec: str) -> Column:
    """"财政拨款收入/一般公共预算" → Column(("财政拨款收入", "一般公共预算"), amount);
    "功能分类科目/科目编码:code" → a code column."""
    path, _, role = spec.rpartition(":") if spec.rsplit(":", 1)[-1] in ROLES else (spec, "", AMOUNT)
    return Column(tuple(part.strip() for part in path.split("/")), role or AMOUNT)


def load(text: str | None = None) -> Catalogue:
    """Parse a catalogue (the packaged catalogue.toml when `text` is None)."""
    if text is None:
        text = resources.files(__package__).joinpath("catalogue.toml").read_text("utf-8")
    data = tomllib.loads(text)
    kinds = tuple(Kind(k["id"], k["name"], tuple(k.get("titles", [])), k.get("code_system"),
                       tuple(title_key(e) for e in k.get("title_endings", [])),
                       k.get("amounts", True), k.get("scope"))
                  for k in data.get("kind", []))
    ids = {k.id for k in kinds}
    headers = []
    for h in data.get("header", []):
        if h["kind"] not in ids:
            raise ValueError(f"catalogue header {h.get('seen')!r} names unknown kind {h['kind']!r}")
        columns = tuple(parse_column(c) for c in h["columns"])
        if not any(c.role == NAME for c in columns) and not any(c.role == CODE for c in columns):
            raise ValueError(f"catalogue header {h.get('seen')!r} has no name or code column")
        headers.append(HeaderVariant(h["kind"], h.get("seen", ""), columns))
    known = ids | set()

    def selector(d: dict, where: str) -> Selector:
        if d.get("kind") not in known:
            raise ValueError(f"catalogue {where} names unknown kind {d.get('kind')!r}")
        return Selector(d["kind"], d.get("row", "total"), d.get("column", "first"), d.get("side"))

    identities = tuple(
        Identity(i["rule"], selector(i["left"], i["rule"]),
                 tuple(selector(r, i["rule"]) for r in i["right"]), i.get("doc_type"))
        for i in data.get("identity", []))
    for b in data.get("breakdown", []):
        for kind in b.get("kinds", []):
            if kind not in known:
                raise ValueError(f"catalogue breakdown {b.get('heads')!r} names unknown kind {kind!r}")
    breakdowns = tuple(Breakdown(tuple(key(h) for h in b["heads"]), tuple(b.get("kinds", [])),
                                 b.get("doc_type"))
                       for b in data.get("breakdown", []))
    prose = tuple(
        ProseSpec(p["subject"], re.compile(p["pattern"]),
                  selector(p["compare"], p["subject"]) if "compare" in p else None,
                  p.get("label"), tuple(p.get("kinds", [])),
                  tuple((w, tuple(names)) for w, names in p.get("rows", {}).items()))
        for p in data.get("prose", []))
    classes = tuple((key(name), code) for code, names in data.get("classes", {}).items()
                    for name in names)
    sides = tuple((side, tuple(key(t) for t in totals))
                  for side, totals in data.get("sides", {}).items())
    scopes = tuple((scope, tuple(key(p) for p in phrases))
                   for scope, phrases in data.get("scopes", {}).items())
    d = data.get("departments", {})
    departments = DepartmentRules(
        *(tuple(key(v) for v in d.get(name, ())) for name in (
            "drop_prefixes", "drop_after_region", "drop_suffixes", "provinces", "city_suffixes",
            "district_suffixes")),
        aliases=tuple((key(a), key(b)) for a, b in d.get("aliases", {}).items()))
    indicators = tuple(
        IndicatorSpec(i["id"], i["label"], tuple(selector(d, i["id"]) for d in i["from"]),
                      tuple(i.get("doc_types", [])))
        for i in data.get("indicator", []))
    if len({i.id for i in indicators}) < len(indicators):
        raise ValueError("catalogue indicators: an id is used twice")
    columns = data.get("columns", {})
    groups = tuple(HeaderGroup(key(g["label"]), tuple(key(m) for m in g["members"]),
                               tuple(key(t) for t in g.get("totals", [])))
                   for g in data.get("header_group", []))
    return Catalogue(kinds, tuple(headers), identities, prose, classes, breakdowns=breakdowns,
                     sides=sides, scopes=scopes, departments=departments,
                     percent_markers=tuple(key(m) or m for m in columns.get("percent_markers", [])),
                     ordinal_headers=tuple(key(h) for h in columns.get("ordinal_headers", [])),
                     government_markers=tuple(key(m) for m in data.get("scope", {}).get(
                         "government_title_markers", [])),
                     indicators=indicators, header_groups=groups,
                     code_parts=tuple(key(p) for p in columns.get("code_parts", [])))


@lru_cache(maxsize=1)
def default() -> Catalogue:
    return load()


__all__ = ["Breakdown", "Catalogue", "DepartmentRules", "HeaderVariant", "IndicatorSpec", "Kind",
           "default", "load",
           "parse_column", "TEXT"]
